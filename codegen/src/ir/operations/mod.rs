//! Paths and operations -> client methods.
//!
//! [`build`] walks the paths; [`operation`] puts one operation together from its parts, each
//! decided in its own module: [`parameters`], [`request_body`], [`responses`], [`auth`].

mod auth;
mod parameters;
mod request_body;
mod responses;

use super::naming::{self, Route, camel, distinguished};
use super::schemas::{TypeBuilder, Unsupported};
use super::{Method, Operation, SecurityScheme};

use crate::error::{Error, push_token};
pub(crate) use auth::security_schemes;
use openapiv3::{OpenAPI, ReferenceOr};
use std::collections::BTreeMap;

/// What a left-out operation's warning ends with.
const LEFT_OUT: &str = "the operation is left out";

/// Why a part of an operation was not built. The two reasons end differently, and `?` carries
/// either up to [`build`], which tells them apart.
#[derive(Debug)]
enum NotBuilt {
    /// The spec is wrong (a `$ref` to nothing, two parameters with one Rust name): the build
    /// fails.
    Invalid(Error),
    /// A limit of the generator, not of the spec: the operation is left out with a warning (an
    /// error in strict mode) and the rest of the spec still generates.
    LeftOut(Unsupported),
}

impl From<Error> for NotBuilt {
    fn from(error: Error) -> Self {
        NotBuilt::Invalid(error)
    }
}

impl From<Unsupported> for NotBuilt {
    fn from(unsupported: Unsupported) -> Self {
        NotBuilt::LeftOut(unsupported)
    }
}

/// A part of an operation, or why there is none.
type Outcome<T> = Result<T, NotBuilt>;

/// The operation is not generated, for this reason at `pointer`.
fn left_out<T>(pointer: &str, reason: impl Into<String>) -> Outcome<T> {
    Err(NotBuilt::LeftOut(Unsupported::new(pointer, reason)))
}

/// Every operation the generator can generate; each other one is left out with a warning
/// (an error in strict mode). `schemes` are the security schemes the client can send
/// ([`security_schemes`]).
pub(crate) fn build(
    spec: &OpenAPI,
    schemes: &[SecurityScheme],
    types: &mut TypeBuilder<'_>,
) -> Result<Vec<Operation>, Error> {
    let mut operations = Vec::new();
    // Rust method name -> the operation that took it: its pointer, path and method.
    let mut names: BTreeMap<String, (String, &str, &str)> = BTreeMap::new();
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
        for (key, op) in item.iter() {
            let pointer = push_token(&path_pointer, key);
            let Some(method) = http_method(key) else {
                let reason = format!("the HTTP method `{key}` is not supported");
                types.degrade(Unsupported::new(&pointer, reason), LEFT_OUT);
                continue;
            };
            // Without an `operationId` the method is named after the method and the path
            // (`post /users/{id}/keys` -> `post_users_id_keys`).
            let operation_id = op
                .operation_id
                .clone()
                .unwrap_or_else(|| format!("{} {path}", method.as_str().to_lowercase()));
            let suggested = naming::method(&operation_id);
            let name = match names.get(&suggested) {
                None => suggested,
                Some((first, first_path, first_method)) => {
                    let route = Route { path, method: key };
                    let holder = Route {
                        path: first_path,
                        method: first_method,
                    };
                    let name = distinguished(&suggested, route, holder, |n| names.contains_key(n));
                    types.warn(
                        &pointer,
                        &format!(
                            "operation `{operation_id}` and #{first} both suggest the method \
                             `{suggested}`; this one is `{name}`"
                        ),
                    );
                    name
                }
            };
            names.insert(name.clone(), (pointer.clone(), path, key));
            let at = At {
                path,
                path_pointer: &path_pointer,
                item,
                pointer: &pointer,
            };
            let named = Named {
                method,
                name,
                operation_id: operation_id.clone(),
            };
            match operation(spec, &at, op, named, schemes, types) {
                Ok(operation) => operations.push(operation),
                Err(NotBuilt::Invalid(error)) => return Err(error),
                Err(NotBuilt::LeftOut(unsupported)) => {
                    // Its options struct documents a method that does not exist: drop it.
                    types.forget_options(&pointer);
                    types.degrade(unsupported, LEFT_OUT);
                }
            }
        }
    }
    Ok(operations)
}

/// How many operations the spec declares under `paths`, generated or not. A path item given by
/// `$ref` declares none here: its operations are never read.
pub(crate) fn in_spec(spec: &OpenAPI) -> usize {
    spec.paths
        .paths
        .values()
        .filter_map(ReferenceOr::as_item)
        .map(|item| item.iter().count())
        .sum()
}

/// The method a path item's key names.
fn http_method(key: &str) -> Option<Method> {
    Some(match key {
        "get" => Method::Get,
        "put" => Method::Put,
        "post" => Method::Post,
        "delete" => Method::Delete,
        "patch" => Method::Patch,
        "head" => Method::Head,
        "options" => Method::Options,
        "trace" => Method::Trace,
        _ => return None,
    })
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

/// What an operation is called, and its method.
struct Named {
    method: Method,
    /// The Rust method name.
    name: String,
    operation_id: String,
}

/// One operation, or why it is not generated. Inline types registered before a part fails
/// stay: complete models that compile unused (the caller drops the options struct).
fn operation(
    spec: &OpenAPI,
    at: &At<'_>,
    op: &openapiv3::Operation,
    named: Named,
    schemes: &[SecurityScheme],
    types: &mut TypeBuilder<'_>,
) -> Outcome<Operation> {
    let Named {
        method,
        name,
        operation_id,
    } = named;
    // The normalizer found a parameter, request body or response `$ref` that resolves to
    // nothing of its kind.
    if let Some(marker) = op.extensions.get(crate::normalize::LEFT_OUT) {
        let text = |key: &str| marker.get(key).and_then(|v| v.as_str()).unwrap_or_default();
        return left_out(text("pointer"), text("reason"));
    }
    // Types the operation names are named after its method, which no other operation has.
    let hint = camel(&name, "Op");
    // The parts run in this order because each registers the inline types it meets, and the
    // generated file lists them in that order.
    let parameters = parameters::parameters(spec, at, op, &name, &hint, types)?;
    let body = request_body::request_body(spec, op, at.pointer, &hint, types)?;
    let responses = responses::responses(spec, op, at.pointer, &hint, types)?;
    let idempotency_header = parameters.idempotency_header();
    Ok(Operation {
        name,
        operation_id,
        method,
        path: at.path.to_string(),
        docs: docs(op),
        path_params: parameters.path,
        required_query: parameters.required,
        optional_query: parameters.options,
        body,
        success: responses.success,
        errors: responses.errors,
        security: auth::requirements(spec, op, schemes),
        deprecated: op.deprecated,
        pagination: None,
        idempotency_header,
        tags: op.tags.clone(),
    })
}

/// The method's documentation: the summary, then the description, each if it says something.
fn docs(op: &openapiv3::Operation) -> Vec<String> {
    [&op.summary, &op.description]
        .into_iter()
        .flatten()
        .map(|text| text.trim().to_string())
        .filter(|text| !text.is_empty())
        .collect()
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
    // The name as a pointer token in a URI fragment: percent-encoded, `~1` for `/`.
    let name = reference.strip_prefix(&prefix).map(|name| {
        crate::normalize::percent_decode(name)
            .replace("~1", "/")
            .replace("~0", "~")
    });
    let found = name
        .and_then(|name| map.and_then(|m| m.get(&name)))
        .and_then(ReferenceOr::as_item);
    found.ok_or_else(|| {
        types.error(
            pointer,
            format!("`$ref: {reference}` must point directly to an entry of `{prefix}`"),
        )
    })
}

#[cfg(test)]
mod tests {
    use super::{At, NotBuilt, Outcome, Unsupported, build, push_token};
    use crate::ir::schemas::TypeBuilder;
    use crate::ir::{Operation, TypeDef};
    use openapiv3::OpenAPI;
    use std::fmt::Debug;

    /// A document through the steps before the IR: `body` follows an `openapi`/`info` header.
    pub(super) fn spec(body: &str) -> OpenAPI {
        let text = format!("openapi: 3.1.0\ninfo: {{title: t, version: '1'}}\n{body}");
        let mut doc = crate::load::parse_document(&text, "t.yaml").unwrap();
        crate::normalize::normalize(&mut doc, "t.yaml").unwrap();
        crate::openapi(doc, "t.yaml").unwrap_or_else(|e| panic!("{e}\n{text}"))
    }

    /// What a part decided for the first operation of a spec, and what it left in the builder.
    pub(super) struct Run<R> {
        pub result: R,
        pub types: Vec<TypeDef>,
        pub warnings: Vec<String>,
    }

    /// Runs `part` on the first operation of `spec`, with every component schema typed.
    pub(super) fn run<R>(
        spec: &OpenAPI,
        part: impl FnOnce(&At<'_>, &openapiv3::Operation, &mut TypeBuilder<'_>) -> R,
    ) -> Run<R> {
        let mut types = TypeBuilder::new(spec, "t.yaml").unwrap();
        types.components().unwrap();
        let (path, item) = spec.paths.paths.first().expect("a path");
        let item = item.as_item().expect("an inline path item");
        let (method, op) = item.iter().next().expect("an operation");
        let path_pointer = push_token("/paths", path);
        let pointer = push_token(&path_pointer, method);
        let at = At {
            path,
            path_pointer: &path_pointer,
            item,
            pointer: &pointer,
        };
        let result = part(&at, op, &mut types);
        let (types, warnings, _, _) = types.finish();
        Run {
            result,
            types,
            warnings,
        }
    }

    /// Why a part left its operation out.
    pub(super) fn left_out<T: Debug>(outcome: Outcome<T>) -> Unsupported {
        match outcome {
            Err(NotBuilt::LeftOut(unsupported)) => unsupported,
            other => panic!("not left out: {other:?}"),
        }
    }

    /// The error a part fails the build with, as printed.
    pub(super) fn invalid<T: Debug>(outcome: Outcome<T>) -> String {
        match outcome {
            Err(NotBuilt::Invalid(error)) => error.to_string(),
            other => panic!("not an error: {other:?}"),
        }
    }

    /// The operations of a spec, with the types and warnings left.
    fn built(spec: &OpenAPI) -> Result<Run<Vec<Operation>>, String> {
        let mut types = TypeBuilder::new(spec, "t.yaml").unwrap();
        types.components().unwrap();
        let schemes = super::security_schemes(spec, &mut types);
        let operations = build(spec, &schemes, &mut types).map_err(|e| e.to_string())?;
        let (types, warnings, _, _) = types.finish();
        Ok(Run {
            result: operations,
            types,
            warnings,
        })
    }

    #[test]
    fn a_left_out_operation_gets_one_warning_and_loses_its_options_struct() {
        let spec = spec(
            "paths:
  /a/{id}:
    get:
      operationId: a
      parameters:
        - {name: page, in: query, schema: {type: integer}}
      responses: {'200': {description: ok}}
  /b:
    get:
      operationId: b
      parameters:
        - {name: page, in: query, schema: {type: integer}}
      responses: {'200': {description: ok}}",
        );
        let run = built(&spec).unwrap();
        let names: Vec<&str> = run.result.iter().map(|o| o.name.as_str()).collect();
        assert_eq!(names, ["b"]);
        assert_eq!(
            run.warnings,
            [
                "t.yaml: #/paths/~1a~1{id}/get: the path template names `{id}` but no path parameter `id` is declared; the operation is left out"
            ]
        );
        let types: Vec<&str> = run.types.iter().map(|t| t.name.as_str()).collect();
        assert_eq!(types, ["BQuery"]);
    }

    #[test]
    fn an_operation_takes_its_method_and_docs_and_its_name_from_the_operation_id_or_the_path() {
        let spec = spec(
            "paths:
  /users/{id}/keys:
    post:
      summary: '  Adds a key  '
      description: ''
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses: {'204': {description: ok}}
    delete:
      operationId: deleteKeys
      summary: Deletes
      description: All of them.
      deprecated: true
      tags: [keys]
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses: {'204': {description: ok}}",
        );
        let run = built(&spec).unwrap();
        let [post, delete] = &run.result[..] else {
            panic!("{:?}", run.result)
        };
        assert_eq!(
            (post.name.as_str(), post.operation_id.as_str(), post.method),
            (
                "post_users_id_keys",
                "post /users/{id}/keys",
                super::Method::Post
            )
        );
        assert_eq!(post.docs, ["Adds a key"]);
        assert_eq!(
            (delete.name.as_str(), delete.method, delete.deprecated),
            ("delete_keys", super::Method::Delete, true)
        );
        assert_eq!(delete.docs, ["Deletes", "All of them."]);
        assert_eq!(delete.tags, ["keys"]);
        assert_eq!(delete.path, "/users/{id}/keys");
    }

    #[test]
    fn operations_with_one_method_name_are_told_apart_with_a_warning_and_so_are_their_structs() {
        let spec = spec(
            "paths:
  /a:
    get:
      operationId: listThings
      parameters: [{name: page, in: query, schema: {type: integer}}]
      responses: {'200': {description: ok}}
  /b:
    get:
      operationId: list_things
      parameters: [{name: page, in: query, schema: {type: integer}}]
      responses: {'200': {description: ok}}
    post:
      operationId: listThings
      responses: {'200': {description: ok}}
  /c:
    get: {operationId: builder, responses: {'200': {description: ok}}}
components:
  schemas:
    ListThingsQuery: {type: object, properties: {q: {type: string}}}",
        );
        let run = built(&spec).unwrap();
        let names: Vec<&str> = run.result.iter().map(|o| o.name.as_str()).collect();
        assert_eq!(
            names,
            [
                "list_things",
                "list_things_b",
                "list_things_post",
                "builder_"
            ]
        );
        let options: Vec<&str> = run
            .result
            .iter()
            .filter_map(|o| o.optional_query.as_ref())
            .map(|q| q.type_name.as_str())
            .collect();
        assert_eq!(options, ["ListThingsQuery2", "ListThingsBQuery"]);
        assert_eq!(
            run.warnings,
            [
                "t.yaml: #/paths/~1a/get: the options struct of `Client::list_things` would be `ListThingsQuery`, a name #/components/schemas/ListThingsQuery has; it is `ListThingsQuery2`",
                "t.yaml: #/paths/~1b/get: operation `list_things` and #/paths/~1a/get both suggest the method `list_things`; this one is `list_things_b`",
                "t.yaml: #/paths/~1b/post: operation `listThings` and #/paths/~1a/get both suggest the method `list_things`; this one is `list_things_post`",
            ]
        );
    }
}
