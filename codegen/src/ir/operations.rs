//! Paths and operations -> client methods.

use super::naming::{camel, field, snake};
use super::schemas::{TypeBuilder, Unsupported};
use super::{
    Body, Encoding, ErrorResponse, In, Method, Operation, Param, QueryParam, QueryStruct, Success,
    SuccessBody, TypeKind, TypeRef,
};
use crate::error::{Error, push_token};
use openapiv3::{
    OpenAPI, Parameter, ParameterSchemaOrContent, QueryStyle, ReferenceOr, Response, StatusCode,
};
use std::collections::BTreeMap;

/// What a left-out operation's warning ends with.
const LEFT_OUT: &str = "the operation is left out";

/// Every operation the generator can generate; each other one is left out with a warning
/// (an error in strict mode).
pub(crate) fn build(spec: &OpenAPI, types: &mut TypeBuilder<'_>) -> Result<Vec<Operation>, Error> {
    let mut operations = Vec::new();
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    for (path, item) in &spec.paths.paths {
        let path_pointer = push_token("/paths", path);
        let ReferenceOr::Item(item) = item else {
            types.degrade(
                Unsupported::new(
                    &path_pointer,
                    "a path item given by `$ref` is not supported; inline it",
                ),
                "its operations are left out",
            );
            continue;
        };
        for (method, op) in item.iter() {
            let pointer = push_token(&path_pointer, method);
            let method = match method {
                "get" => Method::Get,
                "put" => Method::Put,
                "post" => Method::Post,
                "delete" => Method::Delete,
                "patch" => Method::Patch,
                "head" => Method::Head,
                "options" => Method::Options,
                "trace" => Method::Trace,
                other => {
                    types.degrade(
                        Unsupported::new(
                            &pointer,
                            format!("the HTTP method `{other}` is not supported"),
                        ),
                        LEFT_OUT,
                    );
                    continue;
                }
            };
            // Without an `operationId` the method is named after the method and the path
            // (`post /users/{id}/keys` -> `post_users_id_keys`).
            let operation_id = op
                .operation_id
                .clone()
                .unwrap_or_else(|| format!("{} {path}", method.as_str().to_lowercase()));
            let name = snake(&operation_id);
            if let Some(first) = names.get(&name) {
                return Err(types.error(
                    &push_token(&pointer, "operationId"),
                    format!("`{operation_id}` becomes the method `{name}`, already generated for #{first}"),
                ));
            }
            names.insert(name.clone(), pointer.clone());
            let at = At {
                path,
                path_pointer: &path_pointer,
                item,
                pointer: &pointer,
            };
            match operation(spec, &at, op, method, name, operation_id.clone(), types)? {
                Ok(operation) => operations.push(operation),
                Err(unsupported) => {
                    // Its options struct documents a method that does not exist: drop it.
                    types.forget(&format!("{}Query", camel(&operation_id, "Op")), &pointer);
                    types.degrade(unsupported, LEFT_OUT);
                }
            }
        }
    }
    Ok(operations)
}

/// Where an operation is declared.
struct At<'s> {
    /// The path template.
    path: &'s str,
    /// `/paths/<path>`.
    path_pointer: &'s str,
    /// The path item.
    item: &'s openapiv3::PathItem,
    /// `/paths/<path>/<method>`.
    pointer: &'s str,
}

/// An operation not generated, and why.
fn skip<T>(pointer: &str, reason: impl Into<String>) -> Result<Result<T, Unsupported>, Error> {
    Ok(Err(Unsupported::new(pointer, reason)))
}

/// One operation, or why the generator leaves it out. Inline types registered before a
/// failure stay: complete models that compile unused (the caller drops the options struct).
fn operation(
    spec: &OpenAPI,
    at: &At<'_>,
    op: &openapiv3::Operation,
    method: Method,
    name: String,
    operation_id: String,
    types: &mut TypeBuilder<'_>,
) -> Result<Result<Operation, Unsupported>, Error> {
    let (path, path_pointer, item, pointer) = (at.path, at.path_pointer, at.item, at.pointer);
    let hint = camel(&operation_id, "Op");

    let mut docs = Vec::new();
    docs.extend(
        op.summary
            .iter()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty()),
    );
    docs.extend(
        op.description
            .iter()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty()),
    );

    let mut path_params = Vec::new();
    let mut required_query = Vec::new();
    let mut optional_params = Vec::new();
    // Rust name -> the pointer of the parameter that took it (they share one scope).
    let mut param_names: BTreeMap<String, String> = BTreeMap::new();
    for (parameter, param_pointer) in parameters(spec, path_pointer, item, pointer, op, types)? {
        // `None` for a path parameter, else where it goes and `explode`.
        let mut deep_object = false;
        let (data, place) = match parameter {
            Parameter::Path { parameter_data, .. } => (parameter_data, None),
            Parameter::Query {
                parameter_data,
                style,
                allow_reserved,
                ..
            } => {
                let deep = matches!(style, QueryStyle::DeepObject);
                if !(matches!(style, QueryStyle::Form) || deep) || *allow_reserved {
                    return skip(
                        &param_pointer,
                        "only `style: form` (the default) and `deepObject` query parameters are supported",
                    );
                }
                let explode = parameter_data.explode.unwrap_or(true);
                deep_object = deep;
                (parameter_data, Some((In::Query, explode)))
            }
            Parameter::Header { parameter_data, .. } => {
                // OpenAPI: header parameters with these names are ignored; the client
                // sets them itself.
                let ignored = ["Accept", "Content-Type", "Authorization"];
                if ignored
                    .iter()
                    .any(|n| n.eq_ignore_ascii_case(&parameter_data.name))
                {
                    types.warn(
                                &param_pointer,
                                &format!(
                                    "the header parameter `{}` is ignored (OpenAPI ignores `Accept`, `Content-Type` and `Authorization` header parameters; the client sets them)",
                                    parameter_data.name
                                ),
                            );
                    continue;
                }
                (parameter_data, Some((In::Header, false)))
            }
            Parameter::Cookie { parameter_data, .. } => (parameter_data, Some((In::Cookie, false))),
        };
        let ParameterSchemaOrContent::Schema(schema) = &data.format else {
            return skip(
                &param_pointer,
                "a parameter with `content` is not supported; use `schema`",
            );
        };
        let resolved = types.resolve(
            schema,
            &push_token(&param_pointer, "schema"),
            &format!("{hint}{}", camel(&data.name, "P")),
        )?;
        let mut docs: Vec<String> = data
            .description
            .iter()
            .map(|d| d.trim().to_string())
            .collect();
        if docs.is_empty() {
            docs = resolved.docs;
        }
        // `body`, `query` and `request` are the generated method's own names.
        let mut name = field(&data.name);
        if matches!(name.as_str(), "body" | "query" | "request") {
            name.push('_');
        }
        if let Some(first) = param_names.get(&name) {
            return Err(types.error(
                &param_pointer,
                format!(
                    "parameter `{}` and #{first} both become the Rust name `{name}`; rename one",
                    data.name
                ),
            ));
        }
        param_names.insert(name.clone(), param_pointer.clone());
        match place {
            None if !is_scalar(&resolved.ty, types, 0) => {
                return skip(
                    &push_token(&param_pointer, "schema"),
                    "a path parameter must be a scalar or a string-like type",
                );
            }
            None => path_params.push(Param {
                name,
                wire: data.name.clone(),
                ty: resolved.ty,
                docs,
            }),
            Some((location @ (In::Header | In::Cookie), _))
                if !is_scalar(&resolved.ty, types, 0) =>
            {
                let what = if location == In::Header {
                    "header"
                } else {
                    "cookie"
                };
                return skip(
                    &push_token(&param_pointer, "schema"),
                    format!("a {what} parameter must be a scalar or a string-like type"),
                );
            }
            Some((location, explode)) => {
                if deep_object && !is_object(&resolved.ty, types, 0) {
                    return skip(
                        &push_token(&param_pointer, "schema"),
                        "a `deepObject` query parameter must be an object",
                    );
                }
                if !deep_object && !is_query_value(&resolved.ty, types) {
                    return skip(
                        &push_token(&param_pointer, "schema"),
                        "a query parameter must be a scalar, a string-like type or an array of them",
                    );
                }
                let param = QueryParam {
                    name,
                    wire: data.name.clone(),
                    ty: resolved.ty,
                    explode,
                    deep_object,
                    location,
                    docs,
                };
                if data.required {
                    required_query.push(param);
                } else {
                    optional_params.push(param);
                }
            }
        }
    }
    // Query arguments first, then headers, then cookies (a stable sort keeps spec order).
    required_query.sort_by_key(|p| p.location);
    let optional_query = (!optional_params.is_empty()).then(|| QueryStruct {
        type_name: format!("{hint}Query"),
        params: optional_params,
    });
    if let Some(query) = &optional_query {
        types.query_struct(query, &name, pointer)?;
    }
    if let Err(unsupported) = check_template(path, &path_params, pointer) {
        return Ok(Err(unsupported));
    }
    // The method's arguments follow the URL, whatever order the spec lists them in.
    path_params.sort_by_key(|p| path.find(&format!("{{{}}}", p.wire)));

    let body = match &op.request_body {
        None => None,
        Some(body) => {
            let body_pointer = push_token(pointer, "requestBody");
            let bodies = spec.components.as_ref().map(|c| &c.request_bodies);
            let body = local(body, "requestBodies", bodies, &body_pointer, types)?;
            let Some((media_type, media)) = body.content.iter().next() else {
                return skip(&body_pointer, "a request body without `content`");
            };
            let media_pointer = push_token(&push_token(&body_pointer, "content"), media_type);
            let essence = media_type
                .split(';')
                .next()
                .unwrap_or_default()
                .trim()
                .to_ascii_lowercase();
            let encoding = match essence.as_str() {
                "application/json" => Encoding::Json,
                json if json.ends_with("+json") => Encoding::Json,
                "application/x-www-form-urlencoded" => Encoding::Form,
                "multipart/form-data" => Encoding::Multipart,
                text if text.starts_with("text/") => Encoding::Text,
                _ => Encoding::Bytes,
            };
            // Only the structured encodings need a schema; a raw body may come without one.
            let no_schema = openapiv3::ReferenceOr::Item(openapiv3::Schema {
                schema_data: Default::default(),
                schema_kind: openapiv3::SchemaKind::Any(Default::default()),
            });
            let schema = match (&media.schema, encoding) {
                (Some(schema), _) => schema,
                (None, Encoding::Text | Encoding::Bytes) => &no_schema,
                (None, _) => return skip(&media_pointer, "a request body without a schema"),
            };
            // A *concrete* wildcard is no media type to send: bytes go as octet-stream.
            let media_type = if essence.contains('*') {
                "application/octet-stream".to_string()
            } else {
                media_type.clone()
            };
            let ty = match encoding {
                // The schema of a raw body says what the bytes are, not a Rust type.
                Encoding::Text => super::schemas::Resolved {
                    ty: TypeRef::String,
                    nullable: false,
                    docs: Vec::new(),
                },
                Encoding::Bytes => super::schemas::Resolved {
                    ty: TypeRef::Vec(Box::new(TypeRef::Integer("u8"))),
                    nullable: false,
                    docs: Vec::new(),
                },
                _ => types.resolve(
                    schema,
                    &push_token(&media_pointer, "schema"),
                    &format!("{hint}Request"),
                )?,
            };
            // A multipart body is sent property by property: it must be a model.
            if encoding == Encoding::Multipart
                && ty.ty.struct_def(&|name| types.kind_of(name)).is_none()
            {
                return skip(
                    &push_token(&media_pointer, "schema"),
                    "a `multipart/form-data` body must be an object with properties",
                );
            }
            Some(Body {
                ty: ty.ty,
                encoding,
                media_type,
            })
        }
    };

    let mut success = None;
    let mut errors = Vec::new();
    let responses_pointer = push_token(pointer, "responses");
    let responses_section = spec.components.as_ref().map(|c| &c.responses);
    for (status, response) in &op.responses.responses {
        let status_text = status.to_string();
        let response_pointer = push_token(&responses_pointer, &status_text);
        let response = local(
            response,
            "responses",
            responses_section,
            &response_pointer,
            types,
        )?;
        match status {
            StatusCode::Code(code @ 200..=299) => {
                if success.is_some() {
                    continue;
                }
                let body = success_body(
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
                let ty = response_type(
                    response,
                    &response_pointer,
                    &format!("{hint}Error{status_text}"),
                    types,
                )?;
                errors.push(ErrorResponse {
                    status: status_text,
                    description: response.description.trim().to_string(),
                    ty,
                });
            }
        }
    }
    if let Some(default) = &op.responses.default {
        let response_pointer = push_token(&responses_pointer, "default");
        let response = local(
            default,
            "responses",
            responses_section,
            &response_pointer,
            types,
        )?;
        let ty = response_type(
            response,
            &response_pointer,
            &format!("{hint}ErrorDefault"),
            types,
        )?;
        errors.push(ErrorResponse {
            status: "default".into(),
            description: response.description.trim().to_string(),
            ty,
        });
    }
    // No documented success: any 2xx answers the call, its body unread.
    let success = success.unwrap_or_else(|| Success {
        status: 200,
        body: SuccessBody::Empty,
        description: "the spec documents no success response; any 2xx is one, its body unread"
            .to_string(),
    });

    let security = op.security.as_ref().or(spec.security.as_ref());
    let authenticated =
        security.is_some_and(|requirements| requirements.iter().any(|r| !r.is_empty()));

    let idempotency_header = required_query
        .iter()
        .chain(optional_query.iter().flat_map(|q| &q.params))
        .find(|p| p.location == In::Header && p.wire.eq_ignore_ascii_case("idempotency-key"))
        .map(|p| p.wire.clone());
    Ok(Ok(Operation {
        name,
        operation_id,
        method,
        path: path.to_string(),
        docs,
        path_params,
        required_query,
        optional_query,
        body,
        success,
        errors,
        authenticated,
        deprecated: op.deprecated,
        pagination: None,
        idempotency_header,
        tags: op.tags.clone(),
    }))
}

/// The parameters of an operation, each with where it is declared: the path item's, except
/// those the operation redeclares (same name, same location), then the operation's own.
fn parameters<'s>(
    spec: &'s OpenAPI,
    path_pointer: &str,
    item: &'s openapiv3::PathItem,
    pointer: &str,
    op: &'s openapiv3::Operation,
    types: &TypeBuilder<'_>,
) -> Result<Vec<(&'s Parameter, String)>, Error> {
    let components = spec.components.as_ref().map(|c| &c.parameters);
    let resolve = |list: &'s [ReferenceOr<Parameter>], at: &str| {
        list.iter()
            .enumerate()
            .map(|(i, parameter)| {
                let param_pointer = push_token(&push_token(at, "parameters"), &i.to_string());
                let parameter = local(parameter, "parameters", components, &param_pointer, types)?;
                Ok((parameter, param_pointer))
            })
            .collect::<Result<Vec<_>, Error>>()
    };
    let own = resolve(&op.parameters, pointer)?;
    let mut all: Vec<(&Parameter, String)> = resolve(&item.parameters, path_pointer)?
        .into_iter()
        .filter(|(shared, _)| {
            !own.iter().any(|(mine, _)| {
                std::mem::discriminant(*mine) == std::mem::discriminant(*shared)
                    && mine.parameter_data_ref().name == shared.parameter_data_ref().name
            })
        })
        .collect();
    all.extend(own);
    Ok(all)
}

/// Every `{name}` in the template has exactly one path parameter, and the other way round.
fn check_template(path: &str, params: &[Param], pointer: &str) -> Result<(), Unsupported> {
    let mut in_template = Vec::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let Some(len) = rest[start..].find('}') else {
            return Err(Unsupported::new(
                pointer,
                format!("the path template `{path}` has an unclosed `{{`"),
            ));
        };
        in_template.push(&rest[start + 1..start + len]);
        rest = &rest[start + len + 1..];
    }
    for name in &in_template {
        if !params.iter().any(|p| p.wire == *name) {
            return Err(Unsupported::new(
                pointer,
                format!(
                    "the path template names `{{{name}}}` but no path parameter `{name}` is declared"
                ),
            ));
        }
    }
    for param in params {
        if !in_template.contains(&param.wire.as_str()) {
            return Err(Unsupported::new(
                pointer,
                format!(
                    "the path parameter `{}` does not appear in `{path}`",
                    param.wire
                ),
            ));
        }
    }
    Ok(())
}

/// The object itself, or the one its `$ref` names in `#/components/<section>/`.
fn local<'s, T>(
    item: &'s ReferenceOr<T>,
    section: &str,
    map: Option<&'s indexmap::IndexMap<String, ReferenceOr<T>>>,
    pointer: &str,
    types: &TypeBuilder<'_>,
) -> Result<&'s T, Error> {
    let reference = match item {
        ReferenceOr::Item(item) => return Ok(item),
        ReferenceOr::Reference { reference } => reference,
    };
    let prefix = format!("#/components/{section}/");
    let found = reference
        .strip_prefix(&prefix)
        .and_then(|name| map.and_then(|m| m.get(name)))
        .and_then(ReferenceOr::as_item);
    found.ok_or_else(|| {
        types.error(
            pointer,
            format!("`$ref: {reference}` must point directly to an entry of `{prefix}`"),
        )
    })
}

/// The JSON type of an error response's body, or `None` when it has no content or is not JSON.
fn response_type(
    response: &Response,
    pointer: &str,
    hint: &str,
    types: &mut TypeBuilder<'_>,
) -> Result<Option<TypeRef>, Error> {
    match success_body(response, pointer, hint, types)? {
        SuccessBody::Json(ty) => Ok(Some(ty)),
        SuccessBody::Bytes(_) | SuccessBody::Events(_) | SuccessBody::Empty => Ok(None),
    }
}

/// What a response carries: JSON (decoded), anything else (bytes), or nothing.
fn success_body(
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

/// Types a `deepObject` parameter can carry: a model or a map.
fn is_object(ty: &TypeRef, types: &TypeBuilder<'_>, depth: usize) -> bool {
    match ty {
        TypeRef::Map(_) => true,
        TypeRef::Named(name) => match types.kind_of(name) {
            Some(TypeKind::Struct(_)) => true,
            Some(TypeKind::Alias(target)) => depth < 32 && is_object(target, types, depth + 1),
            _ => false,
        },
        _ => false,
    }
}

/// Types a query string can carry: scalars, strings and what wraps them, arrays of those.
fn is_query_value(ty: &TypeRef, types: &TypeBuilder<'_>) -> bool {
    match ty {
        TypeRef::Vec(inner) => is_scalar(inner, types, 0),
        other => is_scalar(other, types, 0),
    }
}

/// Types written in a URL as one value (`as_str()` or `to_string()`): numbers, booleans,
/// strings, enums, newtypes, and aliases of those; not models, unions, lists or any JSON.
fn is_scalar(ty: &TypeRef, types: &TypeBuilder<'_>, depth: usize) -> bool {
    ty.is_scalar(&|name| types.kind_of(name), depth)
}
