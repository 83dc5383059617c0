//! Generating part of an API: the operations of some tags and the types they reach.

use super::{Api, SuccessBody, TypeKind, TypeRef};
use std::collections::BTreeSet;

/// The cargo feature name of a tag: `tag-` and the tag lower-cased, every run of other
/// characters than letters and digits one `-` (`OAuth Apps` -> `tag-oauth-apps`).
pub fn tag_feature(tag: &str) -> String {
    let mut name = String::from("tag-");
    let mut dash = false;
    for c in tag.chars() {
        if c.is_ascii_alphanumeric() {
            if dash && !name.ends_with('-') {
                name.push('-');
            }
            dash = false;
            name.push(c.to_ascii_lowercase());
        } else {
            dash = true;
        }
    }
    name
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
    let mut roots: Vec<TypeRef> = Vec::new();
    for op in &api.operations {
        roots.extend(op.path_params.iter().map(|p| p.ty.clone()));
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
    }
    roots.extend(api.error_body.clone());
    if wanted.contains(&tag_feature("webhooks")) {
        roots.extend(
            api.types
                .iter()
                .filter(|t| t.pointer == "/webhooks")
                .map(|t| TypeRef::Named(t.name.clone())),
        );
    }
    let mut reached: BTreeSet<String> = BTreeSet::new();
    let mut stack = roots;
    while let Some(ty) = stack.pop() {
        match ty {
            TypeRef::Named(name) => {
                if !reached.insert(name.clone()) {
                    continue;
                }
                let Some(def) = api.types.iter().find(|t| t.name == name) else {
                    continue;
                };
                match &def.kind {
                    TypeKind::Struct(s) => {
                        stack.extend(s.fields.iter().map(|f| f.ty.clone()));
                        stack.push(s.extra_value.clone());
                    }
                    TypeKind::Alias(target) => stack.push(target.clone()),
                    TypeKind::Union(u) => stack.extend(u.variants.iter().map(|v| v.ty.clone())),
                    TypeKind::Untagged(u) => {
                        stack.extend(u.variants.iter().map(|v| v.ty.clone()));
                    }
                    TypeKind::Enum(_) | TypeKind::Newtype(_) => {}
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
    api.types.retain(|t| reached.contains(&t.name));
}

#[cfg(test)]
mod tests {
    use super::tag_feature;

    #[test]
    fn feature_names_of_tags() {
        assert_eq!(tag_feature("Customers"), "tag-customers");
        assert_eq!(tag_feature("OAuth Apps"), "tag-oauth-apps");
        assert_eq!(tag_feature("Add-ons"), "tag-add-ons");
        assert_eq!(tag_feature("  Product  Families "), "tag-product-families");
    }
}
