//! Meteroid's generator settings as the build applies them: the spec fixes
//! (`Generator::spec_fix`, an RFC 7396 merge patch at an RFC 6901 pointer, after parsing and
//! before normalization; a miss is a warning, not an error), the fixes setting, the spec
//! fingerprint of the fast path, and the tag gates.

use meteroid_client_build::{
    FULL, bundled_fixes_enabled, generator_for, meteroid_generator, meteroid_server_fixes,
    spec_fingerprint,
};
use meteroid_codegen::Generator;

const SPEC: &str = r#"
openapi: 3.1.0
info: {title: t, version: '1'}
paths: {}
components:
  schemas:
    CustomTaxRate:
      type: object
      required: [rate]
      properties:
        rate: {type: string, description: The rate.}
"#;

const BUNDLED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/openapi.yaml");

fn miss(file: &str, pointer: &str, reason: &str) -> String {
    format!(
        "{file}: #{pointer}: the spec fix \"{reason}\" matches nothing in this spec and was skipped (a newer spec may have fixed or renamed it)"
    )
}

#[test]
fn a_fix_applies_where_its_pointer_matches() {
    let plain = Generator::new().generate(SPEC, "spec.yaml").unwrap();
    assert!(plain.contains("pub rate: String,"), "{plain}");
    let fixed = meteroid_server_fixes(meteroid_generator())
        .generate_output(SPEC, "spec.yaml")
        .unwrap();
    assert!(
        fixed.code.contains("pub rate: rt::types::Decimal,"),
        "{}",
        fixed.code
    );
    // A merge patch keeps what it does not name.
    assert!(fixed.code.contains("/// The rate."), "{}", fixed.code);
    assert_eq!(fixed.warnings, Vec::<String>::new());
}

#[test]
fn a_fix_that_matches_nothing_warns_once_and_generation_goes_on() {
    let spec = SPEC.replace("CustomTaxRate:", "TaxRate:");
    let output = Generator::new()
        .spec_fix(
            "/components/schemas/CustomTaxRate/properties/rate",
            r#"{"format": "decimal"}"#,
            "rate is a decimal",
        )
        .spec_fix(
            "/components/schemas/TaxRate/properties/rate",
            r#"{"description": "Patched."}"#,
            "document the rate",
        )
        .generate_output(&spec, "spec/new.yaml")
        .unwrap();
    assert_eq!(
        output.warnings,
        [miss(
            "spec/new.yaml",
            "/components/schemas/CustomTaxRate/properties/rate",
            "rate is a decimal"
        )]
    );
    assert!(output.code.contains("/// Patched."), "{}", output.code);
    assert!(output.code.contains("pub rate: String,"), "{}", output.code);
}

#[test]
fn fixes_apply_in_the_order_added() {
    // The second fix patches what the first one adds, so it matches only after it.
    let adds = (
        "/components/schemas/CustomTaxRate/properties",
        r#"{"note": {"type": "string"}}"#,
        "add a note",
    );
    let documents = (
        "/components/schemas/CustomTaxRate/properties/note",
        r#"{"description": "Added by the first fix."}"#,
        "document the note",
    );
    let in_order = Generator::new()
        .spec_fix(adds.0, adds.1, adds.2)
        .spec_fix(documents.0, documents.1, documents.2)
        .generate_output(SPEC, "spec.yaml")
        .unwrap();
    assert!(
        in_order.code.contains("/// Added by the first fix."),
        "{}",
        in_order.code
    );
    assert_eq!(in_order.warnings, Vec::<String>::new());

    let reversed = Generator::new()
        .spec_fix(documents.0, documents.1, documents.2)
        .spec_fix(adds.0, adds.1, adds.2)
        .generate_output(SPEC, "spec.yaml")
        .unwrap();
    assert!(!reversed.code.contains("Added by the first fix."));
    assert!(reversed.code.contains("pub note: Option<String>,"));
    assert_eq!(
        reversed.warnings,
        [miss("spec.yaml", documents.0, documents.2)]
    );

    // Two fixes of the same value: the later one wins.
    let last_wins = Generator::new()
        .spec_fix(
            documents.0.replace("note", "rate"),
            r#"{"description": "One."}"#,
            "1",
        )
        .spec_fix(
            documents.0.replace("note", "rate"),
            r#"{"description": "Two."}"#,
            "2",
        )
        .generate(SPEC, "spec.yaml")
        .unwrap();
    assert!(last_wins.contains("/// Two."), "{last_wins}");
}

#[test]
fn a_null_member_removes_a_key() {
    let code = Generator::new()
        .spec_fix(
            "/components/schemas/CustomTaxRate/properties/rate",
            r#"{"description": null}"#,
            "drop the description",
        )
        .generate(SPEC, "spec.yaml")
        .unwrap();
    assert!(!code.contains("The rate."), "{code}");
}

#[test]
fn invalid_patch_json_is_an_error_naming_the_fix() {
    let e = Generator::new()
        .spec_fix(
            "/components/schemas/Gone",
            r#"{"format": decimal}"#,
            "rate is a decimal",
        )
        .generate(SPEC, "spec.yaml")
        .unwrap_err();
    assert_eq!(e.file(), "spec.yaml");
    assert_eq!(e.pointer(), "/components/schemas/Gone");
    assert!(
        e.to_string().starts_with(
            "spec.yaml: #/components/schemas/Gone: the spec fix \"rate is a decimal\": its merge patch is not valid JSON (line 1, column 12): "
        ),
        "{e}"
    );
}

#[test]
fn a_spec_without_what_the_bundled_fix_patches_builds_with_one_warning() {
    // A newer spec that renamed `CustomTaxRate.rate`: the build goes on, and says which fix
    // no longer applies.
    let bundled = std::fs::read_to_string(BUNDLED).unwrap();
    let renamed = bundled
        .replacen("        - rate\n", "        - rate_percent\n", 1)
        .replacen("        rate:\n", "        rate_percent:\n", 1);
    assert!(
        !renamed.contains("        rate:\n") && renamed.contains("- rate_percent\n"),
        "spec/openapi.yaml's CustomTaxRate changed shape: update this test"
    );
    let baseline = meteroid_server_fixes(meteroid_generator())
        .generate_output(&bundled, "spec/openapi.yaml")
        .unwrap();
    assert_eq!(baseline.warnings, Vec::<String>::new());
    let output = meteroid_server_fixes(meteroid_generator())
        .generate_output(&renamed, "spec/openapi.yaml")
        .unwrap();
    assert_eq!(
        output.warnings,
        [miss(
            "spec/openapi.yaml",
            "/components/schemas/CustomTaxRate/properties/rate",
            "CustomTaxRate.rate is a decimal, sent as a number or a string"
        )]
    );
    assert!(output.code.contains("pub rate_percent: String,"));
}

#[test]
fn the_bundled_fixes_setting_is_on_off_or_an_error() {
    assert_eq!(bundled_fixes_enabled(None), Ok(true));
    assert_eq!(bundled_fixes_enabled(Some("")), Ok(true));
    assert_eq!(bundled_fixes_enabled(Some("on")), Ok(true));
    assert_eq!(bundled_fixes_enabled(Some("off")), Ok(false));
    assert_eq!(
        bundled_fixes_enabled(Some("false")),
        Err("METEROID_OPENAPI_BUNDLED_FIXES=\"false\": expected `off` (skip Meteroid's bundled spec fixes) or `on` (the default)".to_string())
    );
}

#[test]
fn build_rs_fingerprints_a_spec_as_the_generator_does() {
    // build.rs compares its own computation with the line the generator wrote.
    for spec in ["", "openapi: 3.1.0", "é\u{0}\n", &"x".repeat(10_000)] {
        assert_eq!(
            spec_fingerprint(spec.as_bytes()),
            meteroid_codegen::load::fingerprint(spec.as_bytes()),
            "{spec:?}"
        );
    }
    assert_ne!(spec_fingerprint(b"a"), spec_fingerprint(b"b"));
    assert_eq!(spec_fingerprint(b""), "len=0 fnv1a64=cbf29ce484222325");
}

#[test]
fn build_rs_gates_only_the_full_specs_output_on_the_tag_features() {
    let generated = |spec: &str| {
        let path = format!("{}/../{spec}", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).unwrap();
        generator_for(std::path::Path::new(spec), true)
            .generate(&text, spec)
            .unwrap()
    };
    assert!(!generated("spec/openapi.yaml").contains("meteroid_some_tags"));
    let full = generated(FULL.spec);
    assert!(full.contains(
        "    #[cfg(any(not(meteroid_some_tags), feature = \"tag-customers\"))]\n    pub async fn patch_customer(\n"
    ));
}

#[test]
fn the_bundled_specs_build_without_a_warning_from_the_fixes() {
    // Each bundled fix targets something its spec has: a skipped fix would print a
    // `cargo:warning` on every build of the crate.
    for spec in [meteroid_client_build::BUNDLED.spec, FULL.spec] {
        let path = format!("{}/../{spec}", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).unwrap();
        let output = generator_for(std::path::Path::new(spec), true)
            .generate_output(&text, spec)
            .unwrap();
        assert!(
            output.warnings.iter().all(|w| !w.contains("spec fix")),
            "{spec}: {:?}",
            output.warnings
        );
    }
}
