//! The `tag-*` cargo features are exactly the full spec's tags (plus `tag-webhooks`), each
//! implying `full`; and generating one tag keeps its operations and only the types they reach.

use meteroid_client_build::{FULL, generator_for};
use meteroid_codegen::ir::tag_feature;
use std::collections::BTreeSet;

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
    // As build.rs configures it with the environment unset, but generating only one tag (as
    // it does for a spec other than the bundled full one).
    let generator = generator_for(std::path::Path::new(FULL.spec), true).feature_gates(false);
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

/// The items (types and `Client` methods) a generated file declares, each with the `#[cfg]`
/// among its attributes, if any (joined into one line when the printer broke it).
fn items(code: &str) -> Vec<(String, Option<String>)> {
    let mut items = Vec::new();
    let mut cfg: Option<String> = None;
    let mut open_cfg: Option<String> = None;
    for line in code.lines().map(str::trim) {
        if let Some(mut partial) = open_cfg.take() {
            partial.push_str(line);
            if line.ends_with(")]") {
                cfg = Some(partial);
            } else {
                open_cfg = Some(partial);
            }
            continue;
        }
        if line.starts_with("#[cfg(") {
            if line.ends_with(")]") {
                cfg = Some(line.to_string());
            } else {
                open_cfg = Some(line.to_string());
            }
            continue;
        }
        let declared = [
            "pub struct ",
            "pub enum ",
            "pub type ",
            "pub async fn ",
            "pub fn ",
        ]
        .iter()
        .find_map(|start| line.strip_prefix(start));
        if let Some(rest) = declared {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            items.push((name, cfg.take()));
        }
    }
    items
}

/// The names of `items` a build compiles with exactly `feature` on (`None`: no tag feature).
fn compiled(items: &[(String, Option<String>)], feature: Option<&str>) -> Vec<String> {
    let mut names: Vec<String> = items
        .iter()
        .filter(|(_, cfg)| match (cfg, feature) {
            (None, _) | (Some(_), None) => true,
            (Some(cfg), Some(feature)) => cfg.contains(&format!("feature = {feature:?}")),
        })
        .map(|(name, _)| name.clone())
        .collect();
    names.sort();
    names
}

#[test]
fn the_gated_full_file_compiles_for_each_tag_what_generating_that_tag_alone_gives() {
    // What a `tag-*` build compiles (generated/meteroid-full.rs under that feature's `#[cfg]`s)
    // must be what generating only that tag declares: its operations and the types they reach.
    let gated = std::fs::read_to_string(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/generated/meteroid-full.rs"
    ))
    .expect("the checked-in full API");
    let gated = items(&gated);
    assert!(
        gated.iter().any(|(_, cfg)| cfg.is_some()),
        "no item is gated"
    );
    let generator = generator_for(std::path::Path::new(FULL.spec), true);
    let ungated = generator.clone().feature_gates(false);
    let whole = ungated
        .generate(&full_spec(), "openapi.json")
        .expect("generates");
    assert_eq!(compiled(&gated, None), compiled(&items(&whole), None));
    let manifest =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/Cargo.toml")).expect("read");
    let features: Vec<&str> = manifest
        .lines()
        .filter(|line| line.starts_with("tag-"))
        .filter_map(|line| line.split_whitespace().next())
        .collect();
    assert_eq!(features.len(), 20);
    for feature in features {
        let alone = ungated
            .clone()
            .tags([feature])
            .generate(&full_spec(), "openapi.json")
            .expect("generates");
        assert_eq!(
            compiled(&gated, Some(feature)),
            compiled(&items(&alone), None),
            "{feature}"
        );
    }
}
