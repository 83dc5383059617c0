//! Which list operations page, from their shapes.

use super::naming::suffixed;
use super::schemas::TypeBuilder;
use super::{Method, Operation, PageStyle, Pagination, Presence, StructDef, TypeRef};
use std::collections::BTreeMap;

/// Marks each GET whose optional query has an integer `page` (or `offset`) and whose response
/// is a model with a required `data` array plus the total (`total_pages` inside a field of the
/// response, or `total_count`).
///
/// The streams are `<operation>_pages` and `<operation>_items`; when another method has one of
/// those names (an operation `list_things_items` beside a paged `list_things`), both take the
/// first number that frees them, with a warning.
pub(crate) fn detect(operations: &mut [Operation], types: &mut TypeBuilder<'_>) {
    // Method name -> the pointer of the operation that has it.
    let mut taken: BTreeMap<String, String> = operations
        .iter()
        .map(|op| (op.name.clone(), op.pointer()))
        .collect();
    for op in operations.iter_mut() {
        let Some(mut pagination) = pagination(op, types) else {
            continue;
        };
        let pair = |n: usize| {
            let number = if n == 1 { String::new() } else { n.to_string() };
            (
                suffixed(&op.name, &format!("pages{number}")),
                suffixed(&op.name, &format!("items{number}")),
            )
        };
        let (pages, items) = pair(1);
        let mut n = 1;
        while taken.contains_key(&pair(n).0) || taken.contains_key(&pair(n).1) {
            n += 1;
        }
        let (pages_method, items_method) = pair(n);
        if n > 1 {
            let first = taken.get(&pages).or_else(|| taken.get(&items));
            let first = first.cloned().unwrap_or_default();
            types.warn(
                &op.pointer(),
                &format!(
                    "the paging methods of `Client::{}` would be `{pages}` and `{items}`, and \
                     #{first} has one of those names; they are `{pages_method}` and \
                     `{items_method}`",
                    op.name
                ),
            );
        }
        taken.insert(pages_method.clone(), op.pointer());
        taken.insert(items_method.clone(), op.pointer());
        pagination.pages_method = pages_method;
        pagination.items_method = items_method;
        op.pagination = Some(pagination);
    }
}

fn pagination(op: &Operation, types: &TypeBuilder<'_>) -> Option<Pagination> {
    if op.method != Method::Get {
        return None;
    }
    let super::SuccessBody::Json(TypeRef::Named(response)) = &op.success.body else {
        return None;
    };
    let response = model(response, types)?;
    let data = response
        .fields
        .iter()
        .find(|f| f.wire == "data" && f.presence == Presence::Required)?;
    let TypeRef::Vec(item) = &data.ty else {
        return None;
    };
    let query = op.optional_query.as_ref()?;
    let integer = |wire: &str| {
        query.params.iter().find_map(|p| match &p.ty {
            TypeRef::Integer(rust) if p.wire == wire => Some((p.name.clone(), *rust)),
            _ => None,
        })
    };
    let integer_field = |def: &StructDef, wire: &str| {
        def.fields
            .iter()
            .find(|f| {
                f.wire == wire
                    && f.presence == Presence::Required
                    && matches!(f.ty, TypeRef::Integer(_))
            })
            .map(|f| f.name.clone())
    };
    let (param, param_type, style) = if let Some((param, ty)) = integer("page") {
        let total_pages = response.fields.iter().find_map(|f| {
            let TypeRef::Named(name) = &f.ty else {
                return None;
            };
            if f.presence != Presence::Required {
                return None;
            }
            let count = integer_field(model(name, types)?, "total_pages")?;
            Some(format!("{}.{count}", f.name))
        })?;
        (param, ty, PageStyle::Page { total_pages })
    } else if let Some((param, ty)) = integer("offset") {
        let total_count = integer_field(response, "total_count")?;
        (param, ty, PageStyle::Offset { total_count })
    } else {
        return None;
    };
    Some(Pagination {
        param,
        param_type,
        style,
        items_field: data.name.clone(),
        item: (**item).clone(),
        // Named by `detect`, which knows every operation's name.
        pages_method: String::new(),
        items_method: String::new(),
    })
}

/// The struct a name denotes, through aliases.
fn model<'t>(name: &str, types: &'t TypeBuilder<'_>) -> Option<&'t StructDef> {
    TypeRef::Named(name.to_string()).struct_def(&|name| types.kind_of(name))
}
