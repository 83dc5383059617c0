//! An operation's request body: how it is encoded, what the caller gives, and the media type
//! it is sent as.

use super::{Outcome, left_out, local};
use crate::error::push_token;
use crate::ir::schemas::TypeBuilder;
use crate::ir::{Body, Encoding, TypeRef};
use openapiv3::{MediaType, OpenAPI};

/// The operation's request body, `None` when it takes none. The first media type of its
/// `content` decides the encoding (JSON, a form, multipart, text, anything else as bytes);
/// an inline schema becomes the model `<hint>Request`.
///
/// Left out: a body without `content`, a JSON or form body without a schema, a multipart body
/// that is no object. Fails: a `$ref` that does not name a component request body.
pub(super) fn request_body(
    spec: &OpenAPI,
    op: &openapiv3::Operation,
    pointer: &str,
    hint: &str,
    types: &mut TypeBuilder<'_>,
) -> Outcome<Option<Body>> {
    let Some(body) = &op.request_body else {
        return Ok(None);
    };
    let body_pointer = push_token(pointer, "requestBody");
    let bodies = spec.components.as_ref().map(|c| &c.request_bodies);
    let body = local(body, "requestBodies", bodies, &body_pointer, types)?;
    let Some((media_type, media)) = body.content.iter().next() else {
        return left_out(&body_pointer, "a request body without `content`");
    };
    let media_pointer = push_token(&push_token(&body_pointer, "content"), media_type);
    let essence = media_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    let encoding = encoding(&essence);
    let ty = body_type(media, encoding, &media_pointer, hint, types)?;
    // A wildcard is no media type to send: such bytes go as octet-stream.
    let media_type = if essence.contains('*') {
        "application/octet-stream".to_string()
    } else {
        media_type.clone()
    };
    Ok(Some(Body {
        ty,
        encoding,
        media_type,
    }))
}

/// How a body of this media type is sent; `essence` is the type without parameters, in lower
/// case.
fn encoding(essence: &str) -> Encoding {
    match essence {
        "application/json" => Encoding::Json,
        json if json.ends_with("+json") => Encoding::Json,
        "application/x-www-form-urlencoded" => Encoding::Form,
        "multipart/form-data" => Encoding::Multipart,
        text if text.starts_with("text/") => Encoding::Text,
        _ => Encoding::Bytes,
    }
}

/// The type the caller gives: text or bytes for a raw body, whatever its schema says (which
/// describes the bytes, not a Rust type), else the schema's type.
fn body_type(
    media: &MediaType,
    encoding: Encoding,
    media_pointer: &str,
    hint: &str,
    types: &mut TypeBuilder<'_>,
) -> Outcome<TypeRef> {
    match encoding {
        Encoding::Text => return Ok(TypeRef::String),
        Encoding::Bytes => return Ok(TypeRef::Vec(Box::new(TypeRef::Integer("u8")))),
        Encoding::Json | Encoding::Form | Encoding::Multipart => {}
    }
    let Some(schema) = &media.schema else {
        return left_out(media_pointer, "a request body without a schema");
    };
    let schema_pointer = push_token(media_pointer, "schema");
    let ty = types
        .resolve(schema, &schema_pointer, &format!("{hint}Request"))?
        .ty;
    // A multipart body is sent property by property: it must be a model.
    if encoding == Encoding::Multipart && ty.struct_def(&|name| types.kind_of(name)).is_none() {
        return left_out(
            &schema_pointer,
            "a `multipart/form-data` body must be an object with properties",
        );
    }
    Ok(ty)
}
