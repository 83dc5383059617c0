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

#[cfg(test)]
mod tests {
    use super::super::tests::{Run, invalid, left_out, run, spec};
    use super::{Outcome, request_body};
    use crate::ir::schemas::Unsupported;
    use crate::ir::{Body, Encoding, TypeRef};

    /// The body of `post /x` (`operationId: send`) with this `requestBody` (YAML flow), a
    /// component schema `Thing` beside it.
    fn of(yaml: &str) -> Run<Outcome<Option<Body>>> {
        let spec = spec(&format!(
            "paths:
  /x:
    post:
      operationId: send
      requestBody: {yaml}
      responses: {{'204': {{description: ok}}}}
components:
  schemas:
    Thing: {{type: object, properties: {{name: {{type: string}}}}}}
    Name: {{type: string}}
  requestBodies:
    Shared: {{content: {{application/json: {{schema: {{$ref: '#/components/schemas/Name'}}}}}}}}"
        ));
        run(&spec, |at, op, types| {
            request_body(&spec, op, at.pointer, "Send", types)
        })
    }

    fn body(yaml: &str) -> Body {
        of(yaml).result.unwrap().expect("a body")
    }

    fn thing() -> TypeRef {
        TypeRef::Named("Thing".into())
    }

    #[test]
    fn the_first_media_type_decides_the_encoding_and_the_type() {
        let bytes = TypeRef::Vec(Box::new(TypeRef::Integer("u8")));
        let thing_schema = "{schema: {$ref: '#/components/schemas/Thing'}}";
        let cases = [
            (
                "application/json",
                thing_schema,
                Encoding::Json,
                thing(),
                "application/json",
            ),
            (
                "application/merge-patch+json",
                thing_schema,
                Encoding::Json,
                thing(),
                "application/merge-patch+json",
            ),
            (
                "Application/JSON",
                thing_schema,
                Encoding::Json,
                thing(),
                "Application/JSON",
            ),
            (
                "application/x-www-form-urlencoded",
                thing_schema,
                Encoding::Form,
                thing(),
                "application/x-www-form-urlencoded",
            ),
            (
                "multipart/form-data",
                thing_schema,
                Encoding::Multipart,
                thing(),
                "multipart/form-data",
            ),
            // A raw body's schema describes the bytes; it is not read.
            (
                "text/plain; charset=utf-8",
                thing_schema,
                Encoding::Text,
                TypeRef::String,
                "text/plain; charset=utf-8",
            ),
            (
                "text/csv",
                "{}",
                Encoding::Text,
                TypeRef::String,
                "text/csv",
            ),
            (
                "application/pdf",
                "{}",
                Encoding::Bytes,
                bytes.clone(),
                "application/pdf",
            ),
            (
                "image/*",
                "{}",
                Encoding::Bytes,
                bytes,
                "application/octet-stream",
            ),
        ];
        for (media_type, media, encoding, ty, sent_as) in cases {
            let found = body(&format!("{{content: {{'{media_type}': {media}}}}}"));
            let expected = Body {
                ty,
                encoding,
                media_type: sent_as.into(),
            };
            assert_eq!(found, expected, "{media_type}");
        }
    }

    #[test]
    fn an_inline_schema_is_the_model_hint_request_and_a_ref_names_a_component_body() {
        let run = of(
            "{content: {application/json: {schema: {type: object, properties: {a: {type: string}}}}}}",
        );
        let found = run.result.unwrap().unwrap();
        assert_eq!(found.ty, TypeRef::Named("SendRequest".into()));
        let inline = run.types.iter().find(|t| t.name == "SendRequest").unwrap();
        assert_eq!(
            inline.pointer,
            "/paths/~1x/post/requestBody/content/application~1json/schema"
        );
        let shared = body("{$ref: '#/components/requestBodies/Shared'}");
        assert_eq!(
            (shared.ty, shared.encoding),
            (TypeRef::Named("Name".into()), Encoding::Json)
        );
    }

    #[test]
    fn a_body_the_client_cannot_send_leaves_the_operation_out() {
        let at = "/paths/~1x/post/requestBody";
        let cases = [
            (
                "{content: {}}",
                at.to_string(),
                "a request body without `content`",
            ),
            (
                "{content: {application/json: {}}}",
                format!("{at}/content/application~1json"),
                "a request body without a schema",
            ),
            (
                "{content: {application/x-www-form-urlencoded: {}}}",
                format!("{at}/content/application~1x-www-form-urlencoded"),
                "a request body without a schema",
            ),
            (
                "{content: {multipart/form-data: {schema: {type: string}}}}",
                format!("{at}/content/multipart~1form-data/schema"),
                "a `multipart/form-data` body must be an object with properties",
            ),
        ];
        for (yaml, pointer, reason) in cases {
            let why = left_out(of(yaml).result);
            assert_eq!(why, Unsupported::new(&pointer, reason), "{yaml}");
        }
    }

    #[test]
    fn no_body_is_none_and_a_ref_to_anything_else_fails() {
        let spec = spec(
            "paths:
  /x:
    get: {operationId: get, responses: {'200': {description: ok}}}",
        );
        let none = run(&spec, |at, op, types| {
            request_body(&spec, op, at.pointer, "Get", types)
        });
        assert_eq!(none.result.unwrap(), None);
        assert_eq!(
            invalid(of("{$ref: '#/components/schemas/Thing'}").result),
            "t.yaml: #/paths/~1x/post/requestBody: `$ref: #/components/schemas/Thing` must point directly to an entry of `#/components/requestBodies/`"
        );
    }
}
