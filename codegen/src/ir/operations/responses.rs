//! An operation's responses: what a successful call returns, and the documented errors.

use super::local;
use crate::error::{Error, push_token};
use crate::ir::schemas::TypeBuilder;
use crate::ir::{ErrorResponse, Success, SuccessBody, TypeRef};
use openapiv3::{OpenAPI, Response, StatusCode};

/// What a call answers.
#[derive(Debug)]
pub(super) struct Responses {
    /// The success the method returns.
    pub success: Success,
    /// The documented error responses: each status in spec order, then `default`.
    pub errors: Vec<ErrorResponse>,
}

/// The operation's responses. The success is the first 2xx in spec order (a later one is not
/// read); without one, any 2xx is a success, its body unread. Every other status is an error
/// response. Inline schemas become `<hint>Response` and `<hint>Error<status>` models.
///
/// Never leaves the operation out. Fails: a `$ref` that does not name a component response.
pub(super) fn responses(
    spec: &OpenAPI,
    op: &openapiv3::Operation,
    pointer: &str,
    hint: &str,
    types: &mut TypeBuilder<'_>,
) -> Result<Responses, Error> {
    let mut success = None;
    let mut errors = Vec::new();
    let responses_pointer = push_token(pointer, "responses");
    let section = spec.components.as_ref().map(|c| &c.responses);
    for (status, response) in &op.responses.responses {
        let status_text = status.to_string();
        let response_pointer = push_token(&responses_pointer, &status_text);
        // Resolved before a later 2xx is skipped: a broken `$ref` fails wherever it is.
        let response = local(response, "responses", section, &response_pointer, types)?;
        match status {
            StatusCode::Code(code @ 200..=299) => {
                if success.is_some() {
                    continue;
                }
                let body = body(
                    response,
                    &response_pointer,
                    &format!("{hint}Response"),
                    types,
                )?;
                success = Some(Success {
                    status: *code,
                    body,
                    description: response.description.trim().to_string(),
                });
            }
            _ => {
                let hint = format!("{hint}Error{status_text}");
                errors.push(error(
                    response,
                    status_text,
                    &response_pointer,
                    &hint,
                    types,
                )?);
            }
        }
    }
    if let Some(default) = &op.responses.default {
        let response_pointer = push_token(&responses_pointer, "default");
        let response = local(default, "responses", section, &response_pointer, types)?;
        let hint = format!("{hint}ErrorDefault");
        errors.push(error(
            response,
            "default".into(),
            &response_pointer,
            &hint,
            types,
        )?);
    }
    // No documented success: any 2xx answers the call, its body unread.
    let success = success.unwrap_or_else(|| Success {
        status: 200,
        body: SuccessBody::Empty,
        description: "the spec documents no success response; any 2xx is one, its body unread"
            .to_string(),
    });
    Ok(Responses { success, errors })
}

/// A documented error response: its body's type when it is JSON (`None` when it has no
/// content or other content).
fn error(
    response: &Response,
    status: String,
    pointer: &str,
    hint: &str,
    types: &mut TypeBuilder<'_>,
) -> Result<ErrorResponse, Error> {
    let ty = match body(response, pointer, hint, types)? {
        SuccessBody::Json(ty) => Some(ty),
        SuccessBody::Bytes(_) | SuccessBody::Events(_) | SuccessBody::Empty => None,
    };
    Ok(ErrorResponse {
        status,
        description: response.description.trim().to_string(),
        ty,
    })
}

/// What a response carries, by its first media type: server-sent events, JSON (decoded),
/// anything else (bytes), or nothing.
fn body(
    response: &Response,
    pointer: &str,
    hint: &str,
    types: &mut TypeBuilder<'_>,
) -> Result<SuccessBody, Error> {
    let Some((media_type, media)) = response.content.iter().next() else {
        return Ok(SuccessBody::Empty);
    };
    let media_pointer = push_token(&push_token(pointer, "content"), media_type);
    if media_type.starts_with("text/event-stream") {
        // The schema, when there is one, describes an event's data.
        let data = match &media.schema {
            Some(schema) => {
                types
                    .resolve(
                        schema,
                        &push_token(&media_pointer, "schema"),
                        &format!("{hint}Event"),
                    )?
                    .ty
            }
            None => TypeRef::Json,
        };
        return Ok(SuccessBody::Events(data));
    }
    if media_type != "application/json" && !media_type.ends_with("+json") {
        return Ok(SuccessBody::Bytes(media_type.clone()));
    }
    match &media.schema {
        Some(schema) => Ok(SuccessBody::Json(
            types
                .resolve(schema, &push_token(&media_pointer, "schema"), hint)?
                .ty,
        )),
        None => Ok(SuccessBody::Json(TypeRef::Json)),
    }
}

#[cfg(test)]
mod tests {
    use super::super::tests::{run, spec};
    use super::{Responses, responses};
    use crate::ir::{ErrorResponse, Success, SuccessBody, TypeRef};

    /// The responses of `get /x` (`operationId: get`) given as YAML under `responses`, with a
    /// component schema `Thing` and a component response `NotFound`.
    fn of(yaml: &str) -> Result<(Responses, Vec<String>), String> {
        let spec = spec(&format!(
            "paths:
  /x:
    get:
      operationId: get
      responses:
{yaml}
components:
  schemas:
    Thing: {{type: object, properties: {{name: {{type: string}}}}}}
  responses:
    NotFound: {{description: ' no such thing ', content: {{application/json: {{schema: {{$ref: '#/components/schemas/Thing'}}}}}}}}"
        ));
        let run = run(&spec, |at, op, types| {
            responses(&spec, op, at.pointer, "Get", types)
        });
        let names = run.types.iter().map(|t| t.name.clone()).collect();
        run.result.map(|r| (r, names)).map_err(|e| e.to_string())
    }

    fn named(name: &str) -> TypeRef {
        TypeRef::Named(name.into())
    }

    fn error(status: &str, description: &str, ty: Option<TypeRef>) -> ErrorResponse {
        ErrorResponse {
            status: status.into(),
            description: description.into(),
            ty,
        }
    }

    #[test]
    fn the_first_2xx_is_the_success_and_the_other_statuses_errors_in_spec_order_then_default() {
        let (found, types) = of("        default: {description: unexpected}
        '404': {$ref: '#/components/responses/NotFound'}
        '201':
          description: ' created '
          content: {application/json: {schema: {type: object, properties: {id: {type: string}}}}}
        '200':
          description: ok
          content: {application/json: {schema: {type: object, properties: {other: {type: string}}}}}
        '400':
          description: bad
          content: {application/problem+json: {schema: {type: object, properties: {title: {type: string}}}}}
        '500': {description: down, content: {text/html: {schema: {type: string}}}}")
        .unwrap();
        assert_eq!(
            found.success,
            Success {
                status: 201,
                body: SuccessBody::Json(named("GetResponse")),
                description: "created".into(),
            }
        );
        assert_eq!(
            found.errors,
            [
                error("404", "no such thing", Some(named("Thing"))),
                error("400", "bad", Some(named("GetError400"))),
                error("500", "down", None),
                error("default", "unexpected", None),
            ]
        );
        // The 200 after the 201 is not read: its inline schema would have been a model.
        assert_eq!(types, ["Thing", "GetResponse", "GetError400"]);
    }

    #[test]
    fn a_success_body_is_json_events_bytes_or_nothing() {
        let cases = [
            (
                "{description: ok, content: {application/json: {schema: {$ref: '#/components/schemas/Thing'}}}}",
                SuccessBody::Json(named("Thing")),
            ),
            (
                "{description: ok, content: {application/json: {}}}",
                SuccessBody::Json(TypeRef::Json),
            ),
            (
                "{description: ok, content: {text/event-stream: {schema: {$ref: '#/components/schemas/Thing'}}}}",
                SuccessBody::Events(named("Thing")),
            ),
            (
                "{description: ok, content: {text/event-stream: {}}}",
                SuccessBody::Events(TypeRef::Json),
            ),
            (
                "{description: ok, content: {application/pdf: {schema: {type: string, format: binary}}}}",
                SuccessBody::Bytes("application/pdf".into()),
            ),
            ("{description: ok}", SuccessBody::Empty),
        ];
        for (response, body) in cases {
            let (found, _) = of(&format!("        '200': {response}")).unwrap();
            assert_eq!(found.success.body, body, "{response}");
        }
    }

    #[test]
    fn without_a_documented_success_any_2xx_is_one_its_body_unread() {
        let (found, _) = of("        '404': {description: missing}").unwrap();
        assert_eq!(
            found.success,
            Success {
                status: 200,
                body: SuccessBody::Empty,
                description:
                    "the spec documents no success response; any 2xx is one, its body unread".into(),
            }
        );
        assert_eq!(found.errors, [error("404", "missing", None)]);
    }

    #[test]
    fn a_response_ref_must_name_a_component_response_even_after_the_success() {
        assert_eq!(
            of("        '200': {description: ok}
        '201': {$ref: '#/components/schemas/Thing'}")
            .err()
            .unwrap(),
            "t.yaml: #/paths/~1x/get/responses/201: `$ref: #/components/schemas/Thing` must point directly to an entry of `#/components/responses/`"
        );
    }
}
