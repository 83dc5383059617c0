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
