//! The `tag-*` cargo features are exactly the full spec's tags (plus `tag-webhooks`), each
//! implying `full`; and generating one tag keeps its operations and only the types they reach.

use meteroid_codegen::ir::tag_feature;
use std::collections::BTreeSet;

include!("../spec/fixes.rs");

fn full_spec() -> String {
    std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/spec/full/openapi.json"
    ))
    .expect("the bundled full spec")
}

#[test]
fn the_tag_features_are_the_specs_tags() {
    let spec: serde_json::Value = serde_json::from_str(&full_spec()).expect("JSON");
    let mut expected: BTreeSet<String> = spec["paths"]
        .as_object()
        .expect("paths")
        .values()
        .filter_map(|item| item.as_object())
        .flat_map(|item| item.values())
        .filter_map(|op| op.get("tags")?.as_array())
        .flatten()
        .filter_map(|tag| tag.as_str())
        .map(tag_feature)
        .collect();
    expected.insert(tag_feature("webhooks"));
    let manifest =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml")).expect("read");
    let declared: BTreeSet<String> = manifest
        .lines()
        .filter(|line| line.starts_with("tag-"))
        .map(|line| {
            assert!(
                line.ends_with("= [\"full\"]"),
                "{line}: a tag feature implies `full`"
            );
            line.split_whitespace()
                .next()
                .unwrap_or_default()
                .to_string()
        })
        .collect();
    assert_eq!(
        declared, expected,
        "Cargo.toml's tag-* features and the full spec's tags differ"
    );
}

#[test]
fn one_tag_keeps_its_operations_and_the_types_they_reach() {
    // As build.rs configures it with the environment unset.
    let generator = match bundled_fixes_enabled(None) {
        Ok(true) => meteroid_server_fixes(meteroid_generator()),
        _ => meteroid_generator(),
    };
    let all = generator
        .clone()
        .generate_output(&full_spec(), "openapi.json")
        .expect("generates");
    let customers = generator
        .tags(["tag-customers"])
        .generate_output(&full_spec(), "openapi.json")
        .expect("generates");
    assert_eq!(customers.coverage.operations_generated, 9);
    assert!(customers.code.contains("pub async fn patch_customer("));
    assert!(customers.code.contains("pub fn list_customers_items<'a>("));
    assert!(!customers.code.contains("pub async fn list_invoices("));
    // The types a customer call reaches stay; an invoice's do not; no webhook events.
    assert!(customers.code.contains("pub struct Customer {"));
    assert!(customers.code.contains("pub enum Currency {"));
    assert!(!customers.code.contains("pub struct Invoice {"));
    assert!(!customers.code.contains("pub enum WebhookEvent"));
    assert!(customers.code.lines().count() * 4 < all.code.lines().count());
}
