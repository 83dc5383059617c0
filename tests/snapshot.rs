//! The generated code under version control is exactly what the build produces.
//!
//! On a mismatch the test prints a diff. To accept the new output:
//! `EXPECTORATE=overwrite cargo test --test snapshot`, then review and commit
//! `generated/meteroid.rs`.

const BUILT: &str = include_str!(concat!(env!("OUT_DIR"), "/meteroid.rs"));

/// The file this build generated from, if not the bundled spec.
const OTHER_SPEC: Option<&str> = option_env!("METEROID_OPENAPI_SPEC");

/// What `METEROID_OPENAPI_BUNDLED_FIXES` was for this build, if set.
const FIXES_SETTING: Option<&str> = option_env!("METEROID_OPENAPI_BUNDLED_FIXES");

// `meteroid_server_fixes` and `bundled_fixes_enabled`, exactly as build.rs has them.
include!("../spec/fixes.rs");

/// The generator as `build.rs` configures it by default: with the bundled spec fixes.
fn generator() -> meteroid_codegen::Generator {
    meteroid_server_fixes(meteroid_codegen::Generator::new())
}

#[test]
fn bundled_spec_generates_the_checked_in_file() {
    let spec = std::fs::read_to_string("spec/openapi.yaml").unwrap();
    let generated = generator().generate(&spec, "spec/openapi.yaml").unwrap();
    expectorate::assert_contents("generated/meteroid.rs", &generated);
}

#[test]
fn build_output_is_the_checked_in_file() {
    if let Some(spec) = OTHER_SPEC {
        println!(
            "skipped: this build generated from METEROID_OPENAPI_SPEC={spec}, not the bundled spec"
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
    let checked_in = std::fs::read_to_string("generated/meteroid.rs").unwrap();
    assert!(
        BUILT == checked_in,
        "$OUT_DIR/meteroid.rs differs from generated/meteroid.rs; run \
         `EXPECTORATE=overwrite cargo test --test snapshot` and commit the result"
    );
}

#[test]
fn generation_is_deterministic() {
    let spec = std::fs::read_to_string("spec/openapi.yaml").unwrap();
    let generator = generator();
    let first = generator.generate(&spec, "spec/openapi.yaml").unwrap();
    let second = generator.generate(&spec, "spec/openapi.yaml").unwrap();
    assert_eq!(first, second);
}
