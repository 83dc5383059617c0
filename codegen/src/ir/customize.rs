//! The generator's type settings applied to a built model: operations and types renamed,
//! schemas replaced by the caller's own types, attributes attached to types and fields.
//!
//! A setting names a type by its schema's name under `components/schemas` (as the spec spells
//! it) or, for a type the spec does not name (an inline object, an operation's options struct,
//! a `<Model>Required` struct), by the Rust name the generated file gives it; an operation by
//! its `operationId` or its method name. A setting that matches nothing is skipped with a
//! warning, as a spec fix is, so that a newer spec that dropped the schema still builds; one
//! that would break the generated code (a name already taken) is an error naming the setting.

use super::naming::{CLIENT_METHODS, joined, suffixed};
use super::schemas::options_docs;
use super::{
    Api, Constructor, Operation, StructRole, SuccessBody, TypeDef, TypeKind, TypeRef, camel,
};
use crate::error::{Error, push_token};
use crate::settings::shown;

/// What the type settings ask for, each as given (already checked: names are identifiers of
/// their case, paths are type paths, attributes parse), in the order given.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Customization {
    /// `operationId` or method name -> the new method name.
    pub rename_operations: Vec<(String, String)>,
    /// Schema or type name -> the new type name.
    pub rename_types: Vec<(String, String)>,
    /// Schema or type name -> the path of the caller's type.
    pub replacements: Vec<(String, String)>,
    /// Schema or type name, or `.` for every struct and enum -> attributes.
    pub type_attributes: Vec<(String, String)>,
    /// `<schema or type>.<property or field>` -> attributes.
    pub field_attributes: Vec<(String, String)>,
}

/// Applies `settings` to `api` (renames first, then replacements, then attributes, each in
/// the order given; later settings may name a type by its schema name or its new name).
/// Skipped settings add a warning to [`Api::warnings`].
pub fn customize(api: &mut Api, settings: &Customization, file: &str) -> Result<(), Error> {
    let error = |message: String| Error::new(file, "", message);
    for (from, to) in &settings.rename_operations {
        let setting = shown("rename_operation", &[from, to]);
        match rename_operation(api, from, to) {
            Ok(true) => {}
            Ok(false) => {
                let why = format!("this spec has no operation `{from}`");
                skipped(api, file, &setting, &why);
            }
            Err(why) => return Err(error(format!("{setting}: {why}"))),
        }
    }
    for (from, to) in &settings.rename_types {
        let setting = shown("rename_type", &[from, to]);
        let Some(index) = find_type(api, from) else {
            skipped(api, file, &setting, &no_type(from));
            continue;
        };
        rename_type(api, index, to, true).map_err(|why| error(format!("{setting}: {why}")))?;
    }
    for (schema, path) in &settings.replacements {
        let setting = shown("replace", &[schema, path]);
        let Some(index) = find_type(api, schema) else {
            skipped(api, file, &setting, &no_type(schema));
            continue;
        };
        let def = &mut api.types[index];
        if *path == def.name {
            return Err(error(format!(
                "{setting}: inside `mod models` the path `{path}` names the generated alias \
                 itself; write the type's full path (`crate::{path}`)"
            )));
        }
        def.kind = TypeKind::Replaced(path.clone());
    }
    drop_paging_through_replaced_types(api, file);
    document_options_structs(api);
    for (target, attribute) in &settings.type_attributes {
        let setting = shown("type_attribute", &[target, attribute]);
        let names: Vec<String> = if target == "." {
            api.types
                .iter()
                .filter(|t| !matches!(t.kind, TypeKind::Alias(_) | TypeKind::Replaced(_)))
                .map(|t| t.name.clone())
                .chain(required_structs(api).map(|(_, name)| name.to_string()))
                .collect()
        } else if let Some(index) = find_type(api, target) {
            vec![api.types[index].name.clone()]
        } else if let Some(name) = required_structs(api)
            .find(|(_, name)| name == target)
            .map(|(_, name)| name.to_string())
        {
            vec![name]
        } else {
            skipped(api, file, &setting, &no_type(target));
            continue;
        };
        for name in names {
            let list = api.attributes.types.entry(name).or_default();
            list.push(attribute.clone());
        }
    }
    for (target, attribute) in &settings.field_attributes {
        let setting = shown("field_attribute", &[target, attribute]);
        match find_field(api, target) {
            Ok(key) => {
                let list = api.attributes.fields.entry(key).or_default();
                list.push(attribute.clone());
            }
            Err(why) => skipped(api, file, &setting, &why),
        }
    }
    Ok(())
}

/// Each options struct's docs name its method as the client now calls it (the client's name
/// and the method's may both have been set).
fn document_options_structs(api: &mut Api) {
    for op in &api.operations {
        let Some(query) = &op.optional_query else {
            continue;
        };
        if let Some(def) = api.types.iter_mut().find(|t| t.name == query.type_name) {
            def.docs = vec![options_docs(&query.params, &api.client.name, &op.name)];
        }
    }
}

/// A warning that `setting` was skipped, and why.
fn skipped(api: &mut Api, file: &str, setting: &str, why: &str) {
    api.warnings.push(format!(
        "{file}: #: {setting}: {why}; the setting was skipped"
    ));
}

/// Why a setting naming the type `name` matches nothing.
fn no_type(name: &str) -> String {
    format!("this spec has no schema or type `{name}`")
}

/// The type a setting names: the component schema of that name, else the type of that Rust
/// name.
fn find_type(api: &Api, name: &str) -> Option<usize> {
    let pointer = push_token("/components/schemas", name);
    api.types
        .iter()
        .position(|t| t.pointer == pointer)
        .or_else(|| api.types.iter().position(|t| t.name == name))
}

/// The `<Model>Required` structs (the model's index, the struct's name).
fn required_structs(api: &Api) -> impl Iterator<Item = (usize, &str)> {
    api.types
        .iter()
        .enumerate()
        .filter_map(|(index, t)| match &t.kind {
            TypeKind::Struct(s) => match &s.constructor {
                Constructor::Named { type_name, .. } => Some((index, type_name.as_str())),
                _ => None,
            },
            _ => None,
        })
}

/// Whether a type of the generated file, a model or a `<Model>Required` struct, has `name`.
fn type_taken(api: &Api, name: &str) -> bool {
    api.types.iter().any(|t| t.name == name) || required_structs(api).any(|(_, n)| n == name)
}

/// The field `<type>.<property>` names (split at the last `.`, since schema names may hold
/// dots), by its Rust type and field names; the property is its wire name or its Rust name.
fn find_field(api: &Api, target: &str) -> Result<(String, String), String> {
    let Some((type_part, field_part)) = target.rsplit_once('.') else {
        return Err(format!(
            "`{target}` names no field (write `<schema>.<property>`, such as `Pet.name`)"
        ));
    };
    let def = find_type(api, type_part)
        .map(|index| &api.types[index])
        .ok_or_else(|| no_type(type_part))?;
    let TypeKind::Struct(s) = &def.kind else {
        return Err(format!("`{type_part}` is not a struct"));
    };
    let field = s
        .fields
        .iter()
        .find(|f| f.wire == field_part)
        .or_else(|| s.fields.iter().find(|f| f.name == field_part))
        .ok_or_else(|| format!("`{type_part}` has no property `{field_part}`"))?;
    Ok((def.name.clone(), field.name.clone()))
}

/// Renames the type at `index` to `to` and every use of it. With `follow`, its
/// `<Model>Required` struct follows (`PetRequired` -> `AnimalRequired`) when it has the name
/// the generator gave it and the new one is free.
fn rename_type(api: &mut Api, index: usize, to: &str, follow: bool) -> Result<(), String> {
    let from = api.types[index].name.clone();
    if from == to {
        return Ok(());
    }
    if let Some(other) = api.types.iter().find(|t| t.name == to) {
        return Err(format!(
            "the type name `{to}` is taken by #{}",
            other.pointer
        ));
    }
    if required_structs(api).any(|(_, name)| name == to) {
        return Err(format!(
            "the type name `{to}` is taken by a model's `Required` struct"
        ));
    }
    api.types[index].name = to.to_string();
    rename_uses(api, &from, to);
    if follow {
        let required = (format!("{from}Required"), format!("{to}Required"));
        if !type_taken(api, &required.1)
            && let TypeKind::Struct(s) = &mut api.types[index].kind
            && let Constructor::Named { type_name, .. } = &mut s.constructor
            && *type_name == required.0
        {
            *type_name = required.1;
        }
    }
    Ok(())
}

/// Renames the operation `from` (an `operationId`, else a method name); `Ok(false)` when
/// there is none. Its options struct follows (`ListPetsQuery` -> `PetsQuery`) when it has the
/// name the generator gave it and the new one is free.
fn rename_operation(api: &mut Api, from: &str, to: &str) -> Result<bool, String> {
    let Some(index) = api
        .operations
        .iter()
        .position(|op| op.operation_id == from)
        .or_else(|| api.operations.iter().position(|op| op.name == from))
    else {
        return Ok(false);
    };
    if CLIENT_METHODS.contains(&to) {
        return Err(format!("the client has a method `{to}` of its own"));
    }
    let pages = api.operations[index].pagination.is_some();
    let (new_pages, new_items) = (suffixed(to, "pages"), suffixed(to, "items"));
    let new_names: Vec<String> = if pages {
        vec![to.to_string(), new_pages.clone(), new_items.clone()]
    } else {
        vec![to.to_string()]
    };
    for (other_index, other) in api.operations.iter().enumerate() {
        if other_index == index {
            continue;
        }
        let taken = method_names(other);
        if let Some(name) = new_names.iter().find(|n| taken.contains(n)) {
            return Err(format!(
                "the method `{name}` is taken by the operation `{}`",
                other.operation_id
            ));
        }
    }
    let op = &mut api.operations[index];
    // The name the generator gave it: after the method (`ir::operations`).
    let old_query = joined(&format!("{}Query", camel(&op.name, "Op")));
    op.name = to.to_string();
    if let Some(pagination) = &mut op.pagination {
        pagination.pages_method = new_pages;
        pagination.items_method = new_items;
    }
    let query = op
        .optional_query
        .as_ref()
        .map(|q| q.type_name.clone())
        .filter(|name| *name == old_query);
    let new_query = joined(&format!("{}Query", camel(to, "Op")));
    if let Some(old) = query
        && !type_taken(api, &new_query)
        && let Some(type_index) = api.types.iter().position(|t| t.name == old)
    {
        rename_type(api, type_index, &new_query, false)?;
    }
    Ok(true)
}

/// The methods an operation takes on the client.
fn method_names(op: &Operation) -> Vec<String> {
    let mut names = vec![op.name.clone()];
    if let Some(pagination) = &op.pagination {
        names.push(pagination.pages_method.clone());
        names.push(pagination.items_method.clone());
    }
    names
}

/// Every use of the type `from` names `to` instead.
fn rename_uses(api: &mut Api, from: &str, to: &str) {
    let mut rename = |ty: &mut TypeRef| rename_in(ty, from, to);
    for def in &mut api.types {
        each_type_ref_of_type(def, &mut rename);
    }
    for op in &mut api.operations {
        for param in &mut op.path_params {
            rename(&mut param.ty);
        }
        for param in &mut op.required_query {
            rename(&mut param.ty);
        }
        if let Some(query) = &mut op.optional_query {
            if query.type_name == from {
                query.type_name = to.to_string();
            }
            for param in &mut query.params {
                rename(&mut param.ty);
            }
        }
        if let Some(body) = &mut op.body {
            rename(&mut body.ty);
        }
        if let SuccessBody::Json(ty) | SuccessBody::Events(ty) = &mut op.success.body {
            rename(ty);
        }
        for error in &mut op.errors {
            if let Some(ty) = &mut error.ty {
                rename(ty);
            }
        }
        if let Some(pagination) = &mut op.pagination {
            rename(&mut pagination.item);
        }
    }
    if let Some(ty) = &mut api.error_body {
        rename(ty);
    }
}

/// Calls `f` on every type a model holds directly (fields, the extra values, variants, an
/// alias's target).
fn each_type_ref_of_type(def: &mut TypeDef, f: &mut impl FnMut(&mut TypeRef)) {
    match &mut def.kind {
        TypeKind::Struct(s) => {
            for field in &mut s.fields {
                f(&mut field.ty);
            }
            if let StructRole::Object { extra_value, .. } = &mut s.role {
                f(extra_value);
            }
        }
        TypeKind::Alias(target) => f(target),
        TypeKind::Union(u) => {
            for variant in &mut u.variants {
                f(&mut variant.ty);
            }
        }
        TypeKind::Untagged(u) => {
            for variant in &mut u.variants {
                f(&mut variant.ty);
            }
        }
        TypeKind::Enum(_) | TypeKind::Newtype(_) | TypeKind::Replaced(_) => {}
    }
}

/// `ty` with every `Named(from)` inside it named `to`.
fn rename_in(ty: &mut TypeRef, from: &str, to: &str) {
    match ty {
        TypeRef::Named(name) if name == from => *name = to.to_string(),
        TypeRef::Vec(inner)
        | TypeRef::Map(inner)
        | TypeRef::Nullable(inner)
        | TypeRef::OneOrMany(inner) => rename_in(inner, from, to),
        TypeRef::Tuple(items) => {
            for item in items {
                rename_in(item, from, to);
            }
        }
        _ => {}
    }
}

/// A paged operation whose response, or the object holding its total, became the caller's own
/// type loses its `_pages` and `_items` methods (they read fields the generated model had),
/// with a warning.
fn drop_paging_through_replaced_types(api: &mut Api, file: &str) {
    let replaced = |name: &str| {
        api.types
            .iter()
            .any(|t| t.name == name && matches!(t.kind, TypeKind::Replaced(_)))
    };
    let field_type = |type_name: &str, field: &str| -> Option<String> {
        let def = api.types.iter().find(|t| t.name == type_name)?;
        let TypeKind::Struct(s) = &def.kind else {
            return None;
        };
        match &s.fields.iter().find(|f| f.name == field)?.ty {
            TypeRef::Named(name) => Some(name.clone()),
            _ => None,
        }
    };
    let mut dropped = Vec::new();
    for (index, op) in api.operations.iter().enumerate() {
        let (Some(pagination), SuccessBody::Json(TypeRef::Named(response))) =
            (&op.pagination, &op.success.body)
        else {
            continue;
        };
        let total_holder = match &pagination.style {
            super::PageStyle::Page { total_pages } => total_pages
                .split_once('.')
                .and_then(|(field, _)| field_type(response, field)),
            super::PageStyle::Offset { .. } => None,
        };
        let through = std::iter::once(response.clone())
            .chain(total_holder)
            .find(|name| replaced(name));
        if let Some(name) = through {
            dropped.push((index, name));
        }
    }
    for (index, name) in dropped {
        let op = &mut api.operations[index];
        op.pagination = None;
        let warning = format!(
            "{file}: #: `{name}` is replaced by a type of yours, so `{}` has no `_pages` and \
             `_items` methods (they read the generated model's fields)",
            op.name
        );
        api.warnings.push(warning);
    }
}
