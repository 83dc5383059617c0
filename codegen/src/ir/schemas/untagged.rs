//! `oneOf`/`anyOf` without a discriminator: which Rust shape, and in which order variants are
//! tried.

use super::enum_names::GivenNames;
use super::{SCHEMA_PREFIX, TypeBuilder, catch_all_name, format_type, is_map};
use crate::error::{Error, push_token};
use crate::ir::naming::{camel, numbered};
use crate::ir::{TypeDef, TypeKind, TypeRef, UntaggedDef, UntaggedVariant};
use openapiv3::{ReferenceOr, Schema, SchemaKind, StringType, Type};
use std::collections::BTreeMap;

impl TypeBuilder<'_> {
    /// The type of a union without a discriminator, by the first rule that fits:
    ///
    /// 1. only strings, at least one branch listing values: one open enum of every value
    ///    (a plain string branch is what the enum's catch-all keeps);
    /// 2. `T` and an array of `T`: `rt::OneOrMany<T>`;
    /// 3. otherwise an untagged enum, variants most specific first (see [`specificity`]),
    ///    branches of the same Rust type once.
    pub(super) fn untagged(
        &mut self,
        name: &str,
        branches: &[ReferenceOr<Schema>],
        pointer: &str,
        keyword: &str,
    ) -> Result<TypeKind, Error> {
        let branch_pointer = |i: usize| push_token(&push_token(pointer, keyword), &i.to_string());
        if let Some(kind) = self.string_literals(branches, pointer, keyword)? {
            return Ok(kind);
        }
        if let [a, b] = branches {
            for (one, many, i) in [(a, b, 0), (b, a, 1)] {
                if self.is_array_of(many, one) {
                    let item = self.resolve(one, &branch_pointer(i), &format!("{name}Item"))?;
                    return Ok(TypeKind::Alias(TypeRef::OneOrMany(Box::new(item.ty))));
                }
            }
        }
        let mut order: Vec<usize> = (0..branches.len()).collect();
        order.sort_by_key(|&i| (self.specificity(&branches[i]), i));
        let mut variants: Vec<UntaggedVariant> = Vec::new();
        for i in order {
            let branch = &branches[i];
            let base = self.variant_base(branch);
            let resolved = self.resolve(branch, &branch_pointer(i), &format!("{name}{base}"))?;
            // A second branch of the same Rust type could never be chosen.
            if variants.iter().any(|v| v.ty == resolved.ty) {
                continue;
            }
            // A referenced schema's variant is named after it; an inline one after its kind.
            let stem = match (branch, &resolved.ty) {
                (ReferenceOr::Reference { .. }, TypeRef::Named(named)) => named.clone(),
                (_, ty) => primitive_name(ty).unwrap_or(base),
            };
            let variant = numbered(&stem, |name| variants.iter().any(|v| v.name == name));
            variants.push(UntaggedVariant {
                name: variant,
                ty: resolved.ty,
                docs: resolved.docs,
                boxed: false,
            });
        }
        if let [only] = variants.as_slice() {
            return Ok(TypeKind::Alias(only.ty.clone()));
        }
        let unknown = catch_all_name(|n| variants.iter().any(|v| v.name == n));
        Ok(TypeKind::Untagged(UntaggedDef { variants, unknown }))
    }

    /// Rule 1: every branch a string (inline or by reference), at least one with `enum`.
    fn string_literals(
        &mut self,
        branches: &[ReferenceOr<Schema>],
        pointer: &str,
        keyword: &str,
    ) -> Result<Option<TypeKind>, Error> {
        let mut values: Vec<Option<String>> = Vec::new();
        // The variant name each value's branch gives it, if any.
        let mut names: Vec<Option<String>> = Vec::new();
        let mut listed = 0;
        let mut referenced_enum = None;
        for (i, branch) in branches.iter().enumerate() {
            let Some(schema) = self.target(branch) else {
                return Ok(None);
            };
            let SchemaKind::Type(Type::String(string)) = &schema.schema_kind else {
                return Ok(None);
            };
            if format_type(string).is_some() {
                return Ok(None);
            }
            // Owned, so that reading its names may warn.
            let (data, string) = (schema.schema_data.clone(), string.clone());
            if !string.enumeration.is_empty() {
                listed += 1;
                if let ReferenceOr::Reference { reference } = branch {
                    referenced_enum = Some(reference.clone());
                }
            }
            let at = push_token(&push_token(pointer, keyword), &i.to_string());
            let branch_names = self.branch_names(branch, &data, &string, &at);
            for (j, value) in string.enumeration.iter().enumerate() {
                let Some(value) = value else { continue };
                if !values.iter().flatten().any(|v| v == value) {
                    values.push(Some(value.clone()));
                    names.push(branch_names.get(j).cloned().flatten());
                }
            }
        }
        if listed == 0 {
            return Ok(None);
        }
        // One named enum and plain strings: the named enum is open already.
        if let (1, Some(reference)) = (listed, referenced_enum) {
            return Ok(Some(TypeKind::Alias(
                self.reference(&reference, pointer)?.ty,
            )));
        }
        let given = names.iter().any(Option::is_some).then(|| GivenNames {
            names,
            source: "the branches' `title` or `x-enum-varnames`".to_string(),
            pointer: pointer.to_string(),
        });
        let string = StringType {
            enumeration: values,
            ..StringType::default()
        };
        Ok(Some(TypeKind::Enum(
            self.enumeration(&string, given, pointer)?,
        )))
    }

    /// The variant names a string branch gives its values, parallel to its `enum`: its
    /// `x-enum-varnames` (or `x-enumNames`), else, for a branch of one value (a `const`), its
    /// `title` (`{const: NO_USER, title: NoUser}`); empty when it gives none.
    fn branch_names(
        &mut self,
        branch: &ReferenceOr<Schema>,
        data: &openapiv3::SchemaData,
        string: &StringType,
        at: &str,
    ) -> Vec<Option<String>> {
        let count = string.enumeration.len();
        // A referenced schema is warned about where it is built.
        let quiet = matches!(branch, ReferenceOr::Reference { .. });
        if let Some(given) = self.extension_names(data, count, at, quiet) {
            return given.names;
        }
        match (&data.title, count) {
            (Some(title), 1) => vec![Some(title.clone())],
            _ => Vec::new(),
        }
    }

    /// Whether `many` is an array whose items are the same schema as `one`.
    fn is_array_of(&self, many: &ReferenceOr<Schema>, one: &ReferenceOr<Schema>) -> bool {
        let ReferenceOr::Item(Schema {
            schema_kind: SchemaKind::Type(Type::Array(array)),
            ..
        }) = many
        else {
            return false;
        };
        match (&array.items, one) {
            (
                Some(ReferenceOr::Reference { reference: a }),
                ReferenceOr::Reference { reference: b },
            ) => a == b,
            (Some(ReferenceOr::Item(a)), ReferenceOr::Item(b)) => a.schema_kind == b.schema_kind,
            _ => false,
        }
    }

    /// The schema a branch is, following `$ref`s.
    fn target<'s>(&'s self, branch: &'s ReferenceOr<Schema>) -> Option<&'s Schema> {
        match branch {
            ReferenceOr::Item(schema) => Some(schema),
            ReferenceOr::Reference { reference } => self.component_schema(reference, "", 0).ok(),
        }
    }

    /// The order variants are tried in, most specific first: the value's JSON type decides
    /// first (booleans and integers, numbers, strings in a checked format, enums, other strings,
    /// arrays, objects, maps, anything), and among objects the one requiring more properties
    /// (then naming more) goes first, since an object that lacks a required property cannot
    /// be it while one with fewer requirements may accept it too. Ties keep spec order.
    fn specificity(&self, branch: &ReferenceOr<Schema>) -> (u8, i64) {
        let Some(schema) = self.target(branch) else {
            return (9, 0);
        };
        match &schema.schema_kind {
            SchemaKind::Type(Type::Boolean(_)) => (0, 0),
            SchemaKind::Type(Type::Integer(_)) => (0, 1),
            SchemaKind::Type(Type::Number(_)) => (1, 0),
            SchemaKind::Type(Type::String(string)) => match format_type(string) {
                Some("DateTime" | "Date" | "Uuid") => (2, 0),
                _ if !string.enumeration.is_empty() => (3, 0),
                _ => (4, 0),
            },
            SchemaKind::Type(Type::Array(_)) => (5, 0),
            SchemaKind::Type(Type::Object(object)) if is_map(object) => (7, 0),
            SchemaKind::Type(Type::Object(object)) => (6, -object_weight(object)),
            SchemaKind::AllOf { all_of } => {
                let weight = all_of
                    .iter()
                    .filter_map(|b| self.target(b))
                    .map(|s| match &s.schema_kind {
                        SchemaKind::Type(Type::Object(object)) => object_weight(object),
                        _ => 0,
                    })
                    .sum::<i64>();
                (6, -weight)
            }
            SchemaKind::OneOf { .. } | SchemaKind::AnyOf { .. } => (8, 0),
            SchemaKind::Not { .. } | SchemaKind::Any(_) => (9, 0),
        }
    }

    /// A name for a branch's variant before its type is known (also the inline type's name
    /// suffix): the referenced schema's name, the title, or what kind of value it is.
    fn variant_base(&self, branch: &ReferenceOr<Schema>) -> String {
        let schema = match branch {
            ReferenceOr::Reference { reference } => {
                let name = reference.strip_prefix(SCHEMA_PREFIX).unwrap_or(reference);
                return camel(name, "V");
            }
            ReferenceOr::Item(schema) => schema,
        };
        if let Some(title) = &schema.schema_data.title {
            return camel(title, "V");
        }
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) if !string.enumeration.is_empty() => "Known",
            SchemaKind::Type(Type::String(_)) => "String",
            SchemaKind::Type(Type::Integer(_)) => "Integer",
            SchemaKind::Type(Type::Number(_)) => "Number",
            SchemaKind::Type(Type::Boolean(_)) => "Bool",
            SchemaKind::Type(Type::Array(_)) => "List",
            SchemaKind::Type(Type::Object(object)) if is_map(object) => "Map",
            _ => "Object",
        }
        .to_string()
    }
}

/// Merges the variants of each untagged union that are one Rust type through aliases
/// (`oneOf: [$ref: Ipv4Net, $ref: Ipv6Net]`, both `type: string`): the later one could never
/// be chosen, since the earlier decodes every value it would, and the derive's `From` impls
/// of one type would conflict. The variant that stays holds the type both are (`String`) and is
/// named after it; a union left with one variant becomes an alias of its type.
///
/// It runs once every type is built, since a branch may name an alias declared after the
/// union, and until nothing changes, since a union may become an alias another union names.
pub(crate) fn merge_alike_variants(types: &mut [TypeDef]) {
    loop {
        let kinds: BTreeMap<String, TypeKind> = types
            .iter()
            .map(|t| (t.name.clone(), t.kind.clone()))
            .collect();
        let mut changed = false;
        for def in types.iter_mut() {
            let TypeKind::Untagged(union) = &mut def.kind else {
                continue;
            };
            // A union whose branches are aliases of itself would become an alias of itself.
            let own = TypeRef::Named(def.name.clone());
            if union
                .variants
                .iter()
                .any(|v| unaliased(&v.ty, &kinds, 0) == own)
            {
                continue;
            }
            if let Some(kind) = merged(union, &kinds) {
                def.kind = kind;
                changed = true;
            }
        }
        if !changed {
            return;
        }
    }
}

/// The union's new shape, when two of its variants are one Rust type; `None` when none are.
fn merged(union: &UntaggedDef, kinds: &BTreeMap<String, TypeKind>) -> Option<TypeKind> {
    // Each variant that stays, with the type it is and whether another merged into it.
    let mut kept: Vec<(UntaggedVariant, TypeRef, bool)> = Vec::new();
    for variant in &union.variants {
        let plain = unaliased(&variant.ty, kinds, 0);
        match kept.iter_mut().find(|(_, seen, _)| *seen == plain) {
            Some((_, _, merged)) => *merged = true,
            None => kept.push((variant.clone(), plain, false)),
        }
    }
    if kept.iter().all(|(_, _, merged)| !merged) {
        return None;
    }
    if let [(_, plain, _)] = kept.as_slice() {
        return Some(TypeKind::Alias(plain.clone()));
    }
    let renamed = |(variant, plain, merged): &(UntaggedVariant, TypeRef, bool)| {
        *merged && variant.ty != *plain
    };
    // Names that stay as they are, which a renamed variant must not take.
    let staying: Vec<String> = kept
        .iter()
        .filter(|k| !renamed(k))
        .map(|(v, _, _)| v.name.clone())
        .collect();
    let mut variants: Vec<UntaggedVariant> = Vec::new();
    for entry in kept {
        let rename = renamed(&entry);
        let (mut variant, plain, _) = entry;
        if rename {
            let stem = match &plain {
                TypeRef::Named(name) => name.clone(),
                other => primitive_name(other).unwrap_or_else(|| variant.name.clone()),
            };
            variant.name = numbered(&stem, |name| {
                staying.iter().any(|n| n == name) || variants.iter().any(|v| v.name == name)
            });
            variant.ty = plain;
        }
        variants.push(variant);
    }
    let unknown = catch_all_name(|n| variants.iter().any(|v| v.name == n));
    Some(TypeKind::Untagged(UntaggedDef { variants, unknown }))
}

/// The Rust type `ty` is, with every alias in it replaced by what it names.
fn unaliased(ty: &TypeRef, kinds: &BTreeMap<String, TypeKind>, depth: usize) -> TypeRef {
    // A loop of aliases is refused later, naming it; here it only needs to end.
    if depth > 32 {
        return ty.clone();
    }
    let inner = |t: &TypeRef| Box::new(unaliased(t, kinds, depth + 1));
    match ty {
        TypeRef::Named(name) => match kinds.get(name) {
            Some(TypeKind::Alias(target)) => unaliased(target, kinds, depth + 1),
            _ => ty.clone(),
        },
        TypeRef::Vec(t) => TypeRef::Vec(inner(t)),
        TypeRef::Map(t) => TypeRef::Map(inner(t)),
        TypeRef::Nullable(t) => TypeRef::Nullable(inner(t)),
        TypeRef::OneOrMany(t) => TypeRef::OneOrMany(inner(t)),
        TypeRef::Tuple(items) => TypeRef::Tuple(
            items
                .iter()
                .map(|t| unaliased(t, kinds, depth + 1))
                .collect(),
        ),
        _ => ty.clone(),
    }
}

/// How much an object schema demands: required properties first, then named ones.
fn object_weight(object: &openapiv3::ObjectType) -> i64 {
    object.required.len() as i64 * 1000 + object.properties.len() as i64
}

/// The variant name of a branch whose type is not a named model.
fn primitive_name(ty: &TypeRef) -> Option<String> {
    Some(
        match ty {
            TypeRef::String => "String",
            TypeRef::Bool => "Bool",
            TypeRef::Integer(_) => "Integer",
            TypeRef::Float(_) => "Number",
            TypeRef::Vec(_) => "List",
            TypeRef::Map(_) => "Map",
            TypeRef::Json => "Json",
            TypeRef::Null => "Null",
            TypeRef::Format(name) => name,
            TypeRef::Tuple(_) => "Tuple",
            TypeRef::Named(_) | TypeRef::Nullable(_) | TypeRef::OneOrMany(_) => return None,
        }
        .to_string(),
    )
}
