//! Overlays as the build applies them: through `Generator::overlay`, before normalization.

use meteroid_codegen::Generator;

const SPEC: &str = r#"
openapi: 3.1.0
info: {title: t, version: '1'}
paths: {}
components:
  schemas:
    Rate:
      type: object
      required: [rate]
      properties:
        rate: {type: string, description: The rate.}
"#;

fn overlay(actions: &str) -> String {
    format!("overlay: 1.0.0\ninfo: {{title: o, version: '1'}}\nactions:\n{actions}")
}

#[test]
fn a_matching_action_changes_the_generated_type() {
    let plain = Generator::new().generate(SPEC, "spec.yaml").unwrap();
    assert!(plain.contains("pub rate: String,"), "{plain}");
    let fixes = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/../spec/overlays/server-fixes.yaml"
    ))
    .unwrap();
    let spec = SPEC.replace("Rate:", "CustomTaxRate:");
    let fixed = Generator::new()
        .overlay("server-fixes.yaml", fixes)
        .generate(&spec, "spec.yaml")
        .unwrap();
    assert!(
        fixed.contains("pub rate: crate::types::Decimal,"),
        "{fixed}"
    );
}

#[test]
fn an_action_that_matches_nothing_fails_naming_the_overlay_and_the_action() {
    let o = overlay(
        "  - target: $.components.schemas.Rate.properties.rate\n    update: {format: decimal}\n  - target: $.components.schemas.Gone\n    description: Drop Gone\n    remove: true\n",
    );
    let e = Generator::new()
        .overlay("spec/overlays/fix.yaml", o)
        .generate(SPEC, "spec.yaml")
        .unwrap_err();
    assert_eq!(
        e.to_string(),
        "spec/overlays/fix.yaml: #/actions/1: action 1 (\"Drop Gone\"): target `$.components.schemas.Gone` matches nothing in the spec"
    );
}

#[test]
fn overlays_apply_in_the_order_given() {
    // The first renames the schema's description; the second targets what the first made.
    let first = overlay(
        "  - target: $.components.schemas.Rate\n    update: {description: Made by the first.}\n",
    );
    let second = overlay(
        "  - target: $.components.schemas[?@.description == 'Made by the first.']\n    update: {description: Then the second.}\n",
    );
    let code = Generator::new()
        .overlay("1.yaml", first.clone())
        .overlay("2.yaml", second.clone())
        .generate(SPEC, "spec.yaml")
        .unwrap();
    assert!(code.contains("/// Then the second."), "{code}");
    let e = Generator::new()
        .overlay("2.yaml", second)
        .overlay("1.yaml", first)
        .generate(SPEC, "spec.yaml")
        .unwrap_err();
    assert!(e.to_string().starts_with("2.yaml: #/actions/0:"), "{e}");
}

#[test]
fn a_bad_overlay_document_is_an_error_with_its_file() {
    let e = Generator::new()
        .overlay("bad.yaml", "overlay: 2.0.0\n")
        .generate(SPEC, "spec.yaml")
        .unwrap_err();
    assert_eq!(e.file(), "bad.yaml");
}
