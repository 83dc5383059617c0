//! The generated code under version control is exactly what the build produces.
//!
//! On a mismatch the test prints a diff. To accept the new output:
//! `EXPECTORATE=overwrite cargo test --test snapshot`, then review and commit
//! `generated/meteroid.rs`.

const BUILT: &str = include_str!(concat!(env!("OUT_DIR"), "/meteroid.rs"));

/// The file this build generated from, if not the bundled spec.
const OTHER_SPEC: Option<&str> = option_env!("METEROID_OPENAPI_SPEC");

/// The generator as `build.rs` configures it: with `spec/overlays/*`, in name order.
fn generator() -> meteroid_codegen::Generator {
    let dir = std::path::Path::new("spec/overlays");
    let overlays = meteroid_codegen::overlay_files(dir).unwrap();
    assert!(!overlays.is_empty(), "the bundled overlays are missing");
    meteroid_codegen::Generator::new()
        .base_url("https://api.meteroid.com")
        .overlay_paths(&overlays)
        .unwrap()
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
