//! The generated code under version control is exactly what the build produces:
//! `generated/meteroid.rs` from `spec/openapi.yaml`, and `generated/meteroid-full.rs` from
//! `spec/full/openapi.json` (the `full` feature).
//!
//! On a mismatch the test prints a diff. To accept the new output:
//! `EXPECTORATE=overwrite cargo test --test snapshot`, then review and commit `generated/`.

const BUILT: &str = include_str!(concat!(env!("OUT_DIR"), "/meteroid.rs"));

/// The file this build generated from, if not one of the bundled specs.
const OTHER_SPEC: Option<&str> = option_env!("METEROID_OPENAPI_SPEC");

/// What `METEROID_OPENAPI_BUNDLED_FIXES` was for this build, if set.
const FIXES_SETTING: Option<&str> = option_env!("METEROID_OPENAPI_BUNDLED_FIXES");

// Exactly what build.rs decides, from the crate it decides it with.
use meteroid_client_build::{
    BUNDLED, Bundled, FULL, bundled_fixes_enabled, generated_from, generator_for,
};

/// The spec this build generated from and its checked-in output, as build.rs chooses them
/// when `METEROID_OPENAPI_SPEC` is unset.
const BUILT_FROM: Bundled = if cfg!(feature = "full") {
    FULL
} else {
    BUNDLED
};

/// Generates `spec` with the generator as `build.rs` configures it by default: with the
/// bundled spec fixes.
fn generate(spec: &str) -> String {
    let text = std::fs::read_to_string(spec).unwrap();
    generator_for(std::path::Path::new(spec), true)
        .generate(&text, spec)
        .unwrap()
}

#[test]
fn bundled_spec_generates_the_checked_in_file() {
    let Bundled { spec, checked_in } = BUNDLED;
    expectorate::assert_contents(checked_in, &generate(spec));
}

#[test]
fn full_spec_generates_the_checked_in_full_file() {
    let Bundled { spec, checked_in } = FULL;
    expectorate::assert_contents(checked_in, &generate(spec));
}

#[test]
fn checked_in_files_are_used_only_with_the_spec_they_came_from() {
    // Without the `generate` feature build.rs uses a checked-in file only while
    // `generated_from` holds; the tests above keep the files' content current.
    for Bundled { spec, checked_in } in [BUNDLED, FULL] {
        let spec = std::fs::read(spec).unwrap();
        let code = std::fs::read_to_string(checked_in).unwrap();
        assert!(generated_from(&code, &spec), "{checked_in}");
        let mut edited = spec.clone();
        edited.extend_from_slice(b"\n");
        assert!(
            !generated_from(&code, &edited),
            "{checked_in}: one more byte"
        );
        let last = edited.len() - 2;
        edited.truncate(last + 1);
        edited[last] ^= 1;
        assert!(
            !generated_from(&code, &edited),
            "{checked_in}: one byte changed"
        );
    }
    let spec = BUNDLED.spec;
    let other = FULL.checked_in;
    let bundled = std::fs::read(spec).unwrap();
    assert!(!generated_from(
        &std::fs::read_to_string(other).unwrap(),
        &bundled
    ));
}

#[test]
fn build_output_is_the_checked_in_file() {
    if let Some(spec) = OTHER_SPEC {
        println!(
            "skipped: this build generated from METEROID_OPENAPI_SPEC={spec}, not a bundled spec"
        );
        return;
    }
    if bundled_fixes_enabled(FIXES_SETTING) != Ok(true) {
        println!(
            "skipped: this build generated with METEROID_OPENAPI_BUNDLED_FIXES={FIXES_SETTING:?}, \
             not with the bundled fixes"
        );
        return;
    }
    let Bundled { spec, checked_in } = BUILT_FROM;
    let expected = std::fs::read_to_string(checked_in).unwrap();
    assert!(
        BUILT == expected,
        "$OUT_DIR/meteroid.rs (from {spec}) differs from {checked_in}; run \
         `EXPECTORATE=overwrite cargo test --features generate --test snapshot` and commit the result"
    );
}
