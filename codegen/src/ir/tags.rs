//! Generating part of an API: the operations of some tags and the types they reach.

use super::{Api, Operation, StructRole, SuccessBody, TypeDef, TypeKind, TypeRef};
use std::collections::{BTreeMap, BTreeSet};

/// The cargo feature name of a tag: `tag-` and the tag lower-cased, every run of other
/// characters than letters and digits one `-` (`OAuth Apps` -> `tag-oauth-apps`). Letters
/// outside ASCII are kept (`Клиенты` -> `tag-клиенты`), so that tags in another script do not
/// all become `tag-`.
pub fn tag_feature(tag: &str) -> String {
    let mut name = String::from("tag-");
    let mut dash = false;
    for c in tag.chars() {
        if c.is_alphanumeric() {
            if dash && !name.ends_with('-') {
                name.push('-');
            }
            dash = false;
            name.extend(c.to_lowercase());
        } else {
            dash = true;
        }
    }
    name
}

/// One warning per tag that shares its cargo feature with an earlier, different tag
/// (`Customers`, `customers`): enabling the feature, or generating either tag, includes the
/// operations of both. Takes each operation's pointer and tags, in operation order; gives
/// each warning's pointer and text.
pub(crate) fn shared_features<'o>(
    operations: impl IntoIterator<Item = (String, &'o [String])>,
) -> Vec<(String, String)> {
    // Feature -> the first tag that has it.
    let mut first: BTreeMap<String, &str> = BTreeMap::new();
    let mut warned: BTreeSet<&str> = BTreeSet::new();
    let mut warnings = Vec::new();
    for (pointer, tags) in operations {
        for (i, tag) in tags.iter().enumerate() {
            let feature = tag_feature(tag);
            match first.get(feature.as_str()) {
                None => {
                    first.insert(feature, tag);
                }
                Some(earlier) if *earlier != tag && warned.insert(tag) => warnings.push((
                    format!("{pointer}/tags/{i}"),
                    format!(
                        "tags `{earlier}` and `{tag}` are one cargo feature, `{feature}`: \
                         enabling it, or generating either tag, includes the operations of both"
                    ),
                )),
                Some(_) => {}
            }
        }
    }
    warnings
}

/// Keeps the operations that carry one of `tags` (compared as [`tag_feature`] names, so
/// `customers`, `Customers` and `tag-customers` all name `Customers`), and the types they
/// reach; `webhooks` keeps the webhook event type. Everything else is left out.
pub fn keep_tags(api: &mut Api, tags: &[String]) {
    let wanted: BTreeSet<String> = tags
        .iter()
        .map(|t| tag_feature(t.strip_prefix("tag-").unwrap_or(t)))
        .collect();
    api.operations
        .retain(|op| op.tags.iter().any(|t| wanted.contains(&tag_feature(t))));
    let mut roots: Vec<TypeRef> = api.operations.iter().flat_map(operation_roots).collect();
    roots.extend(api.error_body.clone());
    if wanted.contains(&tag_feature("webhooks")) {
        roots.extend(webhook_roots(api));
    }
    let reached = reach(&by_name(api), roots);
    api.types.retain(|t| reached.contains(&t.name));
}

/// Which `tag-*` cargo features need each operation and type, for generating the whole API
/// once and letting the features pick a part at compile time (`#[cfg]` on each item) instead
/// of generating per choice of features.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FeatureGates {
    /// Every tag feature of the API (its operations' tags, and `tag-webhooks` when it has
    /// webhook types).
    pub all: BTreeSet<String>,
    /// Per operation name, the features of its tags.
    pub operations: BTreeMap<String, BTreeSet<String>>,
    /// Per type name, the features whose operations (or webhook types) reach it.
    pub types: BTreeMap<String, BTreeSet<String>>,
}

impl FeatureGates {
    /// Computes the gates of `api`'s operations and types. The error body type is needed by
    /// every part of the API.
    pub fn of(api: &Api) -> FeatureGates {
        let mut gates = FeatureGates::default();
        let types = by_name(api);
        let add = |gates: &mut FeatureGates, feature: &str, roots: Vec<TypeRef>| {
            gates.all.insert(feature.to_string());
            for name in reach(&types, roots) {
                gates
                    .types
                    .entry(name)
                    .or_default()
                    .insert(feature.to_string());
            }
        };
        for op in &api.operations {
            let features: BTreeSet<String> = op.tags.iter().map(|t| tag_feature(t)).collect();
            for feature in &features {
                add(&mut gates, feature, operation_roots(op));
            }
            gates.operations.insert(op.name.clone(), features);
        }
        let webhooks = webhook_roots(api);
        if !webhooks.is_empty() {
            add(&mut gates, &tag_feature("webhooks"), webhooks);
        }
        for name in reach(&types, api.error_body.iter().cloned().collect()) {
            gates
                .types
                .entry(name)
                .or_default()
                .extend(gates.all.iter().cloned());
        }
        gates
    }

    /// When an item the features in `needed_by` need is compiled: always (`None`) when every
    /// feature needs it; otherwise when no tag feature is on (the whole API) or one that needs
    /// it is.
    pub fn cfg(&self, needed_by: Option<&BTreeSet<String>>) -> Option<Cfg> {
        let needed_by = needed_by.cloned().unwrap_or_default();
        if needed_by.is_superset(&self.all) {
            return None;
        }
        Some(Cfg::WholeApiOrAny(needed_by))
    }

    /// When an item that needs the whole API (the contract tests' calls of every operation)
    /// is compiled: no tag feature, or all of them.
    pub fn cfg_whole_api(&self) -> Cfg {
        Cfg::WholeApiOrAll(self.all.clone())
    }
}

/// A condition on the `tag-*` features, which emit writes as a `#[cfg]`. The whole API is the
/// build with no tag feature on (the build script then leaves the `meteroid_some_tags` cfg off).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Cfg {
    /// The whole API, or any of these features (none: the whole API only).
    WholeApiOrAny(BTreeSet<String>),
    /// The whole API, or all of these features.
    WholeApiOrAll(BTreeSet<String>),
}

/// The types an operation names directly.
fn operation_roots(op: &Operation) -> Vec<TypeRef> {
    let mut roots: Vec<TypeRef> = op.path_params.iter().map(|p| p.ty.clone()).collect();
    roots.extend(op.required_query.iter().map(|p| p.ty.clone()));
    if let Some(query) = &op.optional_query {
        roots.push(TypeRef::Named(query.type_name.clone()));
    }
    if let Some(body) = &op.body {
        roots.push(body.ty.clone());
    }
    if let SuccessBody::Json(ty) | SuccessBody::Events(ty) = &op.success.body {
        roots.push(ty.clone());
    }
    roots.extend(op.errors.iter().filter_map(|e| e.ty.clone()));
    roots
}

/// The webhook event types (from the spec's `webhooks`).
fn webhook_roots(api: &Api) -> Vec<TypeRef> {
    api.types
        .iter()
        .filter(|t| t.pointer == "/webhooks")
        .map(|t| TypeRef::Named(t.name.clone()))
        .collect()
}

/// The API's types by name.
fn by_name(api: &Api) -> BTreeMap<&str, &TypeDef> {
    api.types.iter().map(|t| (t.name.as_str(), t)).collect()
}

/// The names of the types `roots` reach, through fields, aliases and variants.
fn reach(by_name: &BTreeMap<&str, &TypeDef>, roots: Vec<TypeRef>) -> BTreeSet<String> {
    let mut reached: BTreeSet<String> = BTreeSet::new();
    let mut stack = roots;
    while let Some(ty) = stack.pop() {
        match ty {
            TypeRef::Named(name) => {
                if !reached.insert(name.clone()) {
                    continue;
                }
                let Some(def) = by_name.get(name.as_str()) else {
                    continue;
                };
                match &def.kind {
                    TypeKind::Struct(s) => {
                        stack.extend(s.fields.iter().map(|f| f.ty.clone()));
                        if let StructRole::Object { extra_value, .. } = &s.role {
                            stack.push(extra_value.clone());
                        }
                    }
                    TypeKind::Alias(target) => stack.push(target.clone()),
                    TypeKind::Union(u) => stack.extend(u.variants.iter().map(|v| v.ty.clone())),
                    TypeKind::Untagged(u) => {
                        stack.extend(u.variants.iter().map(|v| v.ty.clone()));
                    }
                    TypeKind::Enum(_) | TypeKind::Newtype(_) | TypeKind::Replaced(_) => {}
                }
            }
            TypeRef::Vec(inner)
            | TypeRef::Map(inner)
            | TypeRef::Nullable(inner)
            | TypeRef::OneOrMany(inner) => stack.push(*inner),
            TypeRef::Tuple(items) => stack.extend(items),
            _ => {}
        }
    }
    reached
}

#[cfg(test)]
mod tests {
    use super::{Cfg, FeatureGates, shared_features, tag_feature};
    use std::collections::BTreeSet;

    fn set(features: &[&str]) -> BTreeSet<String> {
        features.iter().map(|f| f.to_string()).collect()
    }

    #[test]
    fn an_item_every_feature_needs_is_not_gated_one_none_needs_is_only_in_the_whole_api() {
        let gates = FeatureGates {
            all: set(&["tag-a", "tag-b"]),
            ..FeatureGates::default()
        };
        assert_eq!(gates.cfg(Some(&set(&["tag-a", "tag-b"]))), None);
        assert_eq!(
            gates.cfg(Some(&set(&["tag-b"]))),
            Some(Cfg::WholeApiOrAny(set(&["tag-b"])))
        );
        assert_eq!(gates.cfg(None), Some(Cfg::WholeApiOrAny(set(&[]))));
        assert_eq!(gates.cfg(Some(&set(&[]))), gates.cfg(None));
        assert_eq!(
            gates.cfg_whole_api(),
            Cfg::WholeApiOrAll(set(&["tag-a", "tag-b"]))
        );
    }

    #[test]
    fn feature_names_of_tags() {
        assert_eq!(tag_feature("Customers"), "tag-customers");
        assert_eq!(tag_feature("OAuth Apps"), "tag-oauth-apps");
        assert_eq!(tag_feature("Add-ons"), "tag-add-ons");
        assert_eq!(tag_feature("  Product  Families "), "tag-product-families");
        assert_eq!(tag_feature("Клиенты"), "tag-клиенты");
        assert_eq!(tag_feature("Straße"), "tag-straße");
        assert_eq!(tag_feature("+"), "tag-");
    }

    #[test]
    fn tags_that_share_a_feature_are_warned_about_once() {
        let a = ["Customers".to_string(), "customers".to_string()];
        let b = [
            "customers".to_string(),
            "Plans".to_string(),
            "plans!".to_string(),
        ];
        let warnings = shared_features([
            ("/paths/~1a/get".to_string(), &a[..]),
            ("/paths/~1b/get".to_string(), &b[..]),
        ]);
        assert_eq!(
            warnings,
            [
                (
                    "/paths/~1a/get/tags/1".to_string(),
                    "tags `Customers` and `customers` are one cargo feature, `tag-customers`: \
                     enabling it, or generating either tag, includes the operations of both"
                        .to_string()
                ),
                (
                    "/paths/~1b/get/tags/2".to_string(),
                    "tags `Plans` and `plans!` are one cargo feature, `tag-plans`: enabling \
                     it, or generating either tag, includes the operations of both"
                        .to_string()
                ),
            ]
        );
    }
}
