//! Which list operations page, from their shapes.

use super::schemas::TypeBuilder;
use super::{Method, Operation, PageStyle, Pagination, Presence, StructDef, TypeRef};

/// Marks each GET whose optional query has an integer `page` (or `offset`) and whose response
/// is a model with a required `data` array plus the total (`total_pages` inside a field of the
/// response, or `total_count`).
pub(crate) fn detect(operations: &mut [Operation], types: &TypeBuilder<'_>) {
    for op in operations.iter_mut() {
        op.pagination = pagination(op, types);
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
    })
}

/// The struct a name denotes, through aliases.
fn model<'t>(name: &str, types: &'t TypeBuilder<'_>) -> Option<&'t StructDef> {
    TypeRef::Named(name.to_string()).struct_def(&|name| types.kind_of(name))
}
