//! An operation's path, query, header and cookie parameters: which the method takes as
//! arguments, in what order, and which go in its options struct.

use super::{At, Outcome, left_out, local};
use crate::error::{Error, push_token};
use crate::ir::naming::{camel, field, numbered};
use crate::ir::schemas::{TypeBuilder, Unsupported};
use crate::ir::{In, Param, QueryForm, QueryParam, QueryStruct, TypeRef};
use openapiv3::{
    OpenAPI, Parameter, ParameterData, ParameterSchemaOrContent, PathStyle, QueryStyle, ReferenceOr,
};
use std::collections::BTreeMap;

/// An operation's parameters, as its method takes them.
#[derive(Debug)]
pub(super) struct Parameters {
    /// Path parameters, in template order.
    pub path: Vec<Param>,
    /// The required query, header and cookie parameters: query first, then headers, then
    /// cookies, each group in spec order.
    pub required: Vec<QueryParam>,
    /// The optional ones, in spec order, as the options struct (already registered as a model).
    pub options: Option<QueryStruct>,
}

impl Parameters {
    /// The header the spec declares for an idempotency key, if any.
    pub fn idempotency_header(&self) -> Option<String> {
        self.required
            .iter()
            .chain(self.options.iter().flat_map(|q| &q.params))
            .find(|p| p.location == In::Header && p.wire.eq_ignore_ascii_case("idempotency-key"))
            .map(|p| p.wire.clone())
    }
}

/// Where a parameter goes.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Place {
    /// Into the path template, `style: simple`.
    Path {
        /// Whether an object's properties are written `key=value`.
        explode: bool,
    },
    /// Into the query string, a header or the `Cookie` header.
    Sent {
        location: In,
        /// `explode` (query parameters; a header's objects).
        explode: bool,
        /// `style: deepObject` (query parameters only).
        deep_object: bool,
        /// What joins an unexploded array's values.
        separator: char,
    },
}

/// The parameters of the operation at `at` (the path item's and its own), typed and sorted
/// into path arguments, required arguments and the options struct, which is registered as
/// the model `<hint>Query` documenting `Client::<method>`.
///
/// Left out: a `content` parameter other than a query one of JSON, a type the parameter's
/// place cannot carry, a path template that disagrees with the path parameters. Fails: a `$ref` that does not name a component
/// parameter, two parameters with one Rust name.
pub(super) fn parameters(
    spec: &OpenAPI,
    at: &At<'_>,
    op: &openapiv3::Operation,
    method: &str,
    hint: &str,
    types: &mut TypeBuilder<'_>,
) -> Outcome<Parameters> {
    let mut path = Vec::new();
    let mut required = Vec::new();
    let mut optional = Vec::new();
    // Rust name -> the pointer of the parameter that took it: they share the method's scope.
    let mut names: BTreeMap<String, String> = BTreeMap::new();
    for (parameter, pointer) in declared(spec, at, op, types)? {
        let Some((place, data)) = place(parameter, &pointer, types)? else {
            continue;
        };
        let (name, ty, docs, sample, json) = typed(data, place, &pointer, hint, &mut names, types)?;
        let form = form_of(place, &ty, json, &pointer, types)?;
        let wire = data.name.clone();
        match place {
            Place::Path { explode } => path.push(Param {
                name,
                wire,
                ty,
                form,
                explode,
                docs,
                sample,
            }),
            Place::Sent {
                location,
                explode,
                separator,
                ..
            } => {
                let param = QueryParam {
                    name,
                    wire,
                    ty,
                    explode,
                    form,
                    separator,
                    location,
                    docs,
                    // Optional parameters are not sent by the contract calls.
                    sample: sample.filter(|_| data.required),
                };
                if data.required {
                    required.push(param);
                } else {
                    optional.push(param);
                }
            }
        }
    }
    // A stable sort: each group keeps spec order.
    required.sort_by_key(|p| p.location);
    let mut options = (!optional.is_empty()).then(|| QueryStruct {
        type_name: format!("{hint}Query"),
        params: optional,
    });
    if let Some(options) = &mut options {
        types.query_struct(options, method, at.pointer)?;
    }
    check_template(at.path, &path, at.pointer)?;
    // The method's arguments follow the URL, whatever order the spec lists them in.
    path.sort_by_key(|p| at.path.find(&format!("{{{}}}", p.wire)));
    Ok(Parameters {
        path,
        required,
        options,
    })
}

/// The parameters of an operation, each with where it is declared: the path item's, except
/// those the operation redeclares (same name, same location), then the operation's own.
fn declared<'s>(
    spec: &'s OpenAPI,
    at: &At<'s>,
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
    let own = resolve(&op.parameters, at.pointer)?;
    let mut all: Vec<(&Parameter, String)> = resolve(&at.item.parameters, at.path_pointer)?
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

/// Where a parameter goes, with its data; `None` for a header the client sets itself (with a
/// warning). Left out: a path parameter of `style: label` or `matrix` (no description of the
/// APIs.guru directory has one).
fn place<'p>(
    parameter: &'p Parameter,
    pointer: &str,
    types: &mut TypeBuilder<'_>,
) -> Outcome<Option<(Place, &'p ParameterData)>> {
    let sent = |location, explode, deep_object| Place::Sent {
        location,
        explode,
        deep_object,
        separator: ',',
    };
    Ok(Some(match parameter {
        Parameter::Path {
            parameter_data,
            style,
        } => {
            if *style != PathStyle::Simple {
                return left_out(
                    pointer,
                    "a path parameter of `style: label` or `matrix` is not supported; use `simple`",
                );
            }
            let explode = parameter_data.explode.unwrap_or(false);
            (Place::Path { explode }, parameter_data)
        }
        Parameter::Query {
            parameter_data,
            style,
            allow_reserved,
            ..
        } => {
            // `allowReserved` lets `:/?#[]@!$&'()*+,;=` through unencoded; encoded, they
            // decode to the same value on any server, so the flag changes nothing sent.
            let _ = allow_reserved;
            let (separator, deep) = match style {
                QueryStyle::Form => (',', false),
                QueryStyle::DeepObject => (',', true),
                QueryStyle::SpaceDelimited => (' ', false),
                QueryStyle::PipeDelimited => ('|', false),
            };
            // `explode` is true by default for `form`; `deepObject` defines no other.
            let explode = parameter_data
                .explode
                .unwrap_or(matches!(style, QueryStyle::Form | QueryStyle::DeepObject));
            let place = Place::Sent {
                location: In::Query,
                explode,
                deep_object: deep,
                separator,
            };
            (place, parameter_data)
        }
        Parameter::Header { parameter_data, .. } => {
            // OpenAPI: header parameters with these names are ignored; the client sets them
            // itself.
            let ignored = ["Accept", "Content-Type", "Authorization"];
            if ignored
                .iter()
                .any(|n| n.eq_ignore_ascii_case(&parameter_data.name))
            {
                types.warn(
                    pointer,
                    &format!(
                        "the header parameter `{}` is ignored (OpenAPI ignores `Accept`, `Content-Type` and `Authorization` header parameters; the client sets them)",
                        parameter_data.name
                    ),
                );
                return Ok(None);
            }
            let explode = parameter_data.explode.unwrap_or(false);
            (sent(In::Header, explode, false), parameter_data)
        }
        Parameter::Cookie { parameter_data, .. } => {
            (sent(In::Cookie, false, false), parameter_data)
        }
    }))
}

/// What [`typed`] makes of a parameter: its Rust name, type, docs, contract-test sample, and
/// whether it is sent as JSON text.
type Typed = (
    String,
    TypeRef,
    Vec<String>,
    Option<serde_json::Value>,
    bool,
);

/// A parameter's Rust name, type, docs, contract-test sample, and whether it is sent as JSON
/// text (`content: application/json`, query parameters only; other `content` is left out). A name
/// another parameter of the operation already has takes its location before it
/// (`query_path` beside the path's `path`), or failing that a number, with a warning.
fn typed(
    data: &ParameterData,
    place: Place,
    pointer: &str,
    hint: &str,
    names: &mut BTreeMap<String, String>,
    types: &mut TypeBuilder<'_>,
) -> Outcome<Typed> {
    let query = matches!(
        place,
        Place::Sent {
            location: In::Query,
            ..
        }
    );
    let (schema, schema_pointer, json) = match &data.format {
        ParameterSchemaOrContent::Schema(schema) => (schema, push_token(pointer, "schema"), false),
        ParameterSchemaOrContent::Content(content) => {
            let json = (content.len() == 1)
                .then(|| content.iter().next())
                .flatten()
                .filter(|(media, _)| query && is_json(media));
            match json.and_then(|(media, m)| Some((media, m.schema.as_ref()?))) {
                Some((media, schema)) => (
                    schema,
                    push_token(
                        &push_token(&push_token(pointer, "content"), media),
                        "schema",
                    ),
                    true,
                ),
                None => {
                    return left_out(
                        pointer,
                        "a parameter with `content` is supported in the query, as one JSON media type with a schema; use `schema`",
                    );
                }
            }
        }
    };
    let resolved = types.resolve(
        schema,
        &schema_pointer,
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
    let location = match place {
        Place::Path { .. } => "path",
        Place::Sent { location, .. } => location.as_str(),
    };
    let mut name = field(&data.name);
    if matches!(name.as_str(), "body" | "query" | "request") {
        name.push('_');
    }
    // A parameter named `0` would be the argument `_0`, which clippy's
    // `just_underscores_and_digits` refuses: it takes its location (`query_0`).
    if name.chars().all(|c| c == '_' || c.is_ascii_digit()) {
        name = format!("{location}_{}", name.trim_start_matches('_'));
    }
    if let Some(first) = names.get(&name).cloned() {
        // `_1day` (a name that starts with a digit) reads `query_1day`, one `_` between.
        let located = format!("{location}_{}", name.trim_start_matches('_'));
        let resolved_name = numbered(&located, |n| names.contains_key(n));
        types.warn(
            pointer,
            &format!(
                "parameter `{}` and #{first} both suggest the Rust name `{name}`; this one is \
                 `{resolved_name}` (its wire name is kept)",
                data.name
            ),
        );
        name = resolved_name;
    }
    names.insert(name.clone(), pointer.to_string());
    let sample = if data.required || matches!(place, Place::Path { .. }) {
        types.sample(schema, &schema_pointer)
    } else {
        None
    };
    Ok((name, resolved.ty, docs, sample, json))
}

/// `application/json`, or a `+json` type (`application/vnd.api+json`), parameters aside.
fn is_json(media: &str) -> bool {
    let essence = media
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    essence == "application/json" || essence.ends_with("+json")
}

/// How the parameter's value is written, if its place can carry its type: a cookie only one
/// value written as text; a path segment or a header also an array of them (joined by commas)
/// and any other value through its JSON form (`style: simple`); a query string any value too:
/// as text when it can be, else by its style (`deepObject`, `form`) or as JSON content.
fn form_of(
    place: Place,
    ty: &TypeRef,
    json: bool,
    pointer: &str,
    types: &TypeBuilder<'_>,
) -> Result<QueryForm, Unsupported> {
    let unsupported = |reason| Err(Unsupported::new(&push_token(pointer, "schema"), reason));
    let text = is_text(ty, types);
    match place {
        Place::Sent {
            location: In::Cookie,
            ..
        } if !is_scalar(ty, types, 0) => {
            unsupported("a cookie parameter must be a scalar or a string-like type")
        }
        Place::Sent { .. } if json => Ok(QueryForm::Json),
        // An object, as promised; a union with a scalar branch (Stripe's `created`: a range
        // or one timestamp) is its scalar's pair when it holds one.
        Place::Sent {
            deep_object: true, ..
        } => Ok(QueryForm::DeepObject),
        _ if text => Ok(QueryForm::Text),
        Place::Sent {
            location: In::Query,
            separator,
            ..
        } if separator != ',' => unsupported(
            "a `spaceDelimited` or `pipeDelimited` query parameter must be a scalar, a string-like type or an array of them",
        ),
        _ => Ok(QueryForm::Fields),
    }
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

/// Types written as text (`QueryForm::Text`): scalars, strings and what wraps them, arrays of
/// those.
fn is_text(ty: &TypeRef, types: &TypeBuilder<'_>) -> bool {
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

#[cfg(test)]
mod tests {
    use super::super::tests::{Run, invalid, left_out, run, spec};
    use super::{Outcome, Parameters, parameters};
    use crate::ir::schemas::Unsupported;
    use crate::ir::{In, QueryForm, QueryParam, TypeRef};

    /// The parameters of the spec's first operation (`operationId: op`, method `op`).
    fn of(body: &str) -> Run<Outcome<Parameters>> {
        let spec = spec(body);
        run(&spec, |at, op, types| {
            parameters(&spec, at, op, "op", "Op", types)
        })
    }

    /// Why the operation at `path` with these parameters (YAML flow items) is left out.
    fn why(path: &str, params: &str) -> Unsupported {
        let run = of(&format!(
            "paths:\n  '{path}':\n    get:\n      operationId: op\n      parameters: [{params}]\n      responses: {{'200': {{description: ok}}}}"
        ));
        left_out(run.result)
    }

    fn wires(params: &[QueryParam]) -> Vec<&str> {
        params.iter().map(|p| p.wire.as_str()).collect()
    }

    #[test]
    fn path_parameters_follow_the_template_then_query_header_cookie_then_the_options() {
        let run = of("paths:
  /things/{thing_id}/parts/{part}:
    parameters:
      - {name: part, in: path, required: true, schema: {type: integer, format: int32}}
      - {name: shared, in: query, description: the path item's, schema: {type: string}}
    get:
      operationId: op
      parameters:
        - {name: X-Trace, in: header, required: true, schema: {type: string}}
        - {name: session, in: cookie, required: true, schema: {type: string}}
        - {name: thing_id, in: path, required: true, schema: {type: string}}
        - {name: limit, in: query, required: true, schema: {type: integer, format: int32}}
        - {name: Authorization, in: header, schema: {type: string}}
        - {name: body, in: query, schema: {type: string}}
        - {name: shared, in: query, required: true, description: the operation's, schema: {type: string}}
        - {name: Idempotency-Key, in: header, schema: {type: string}}
        - {name: ids, in: query, explode: false, schema: {type: array, items: {type: string}}}
      responses: {'200': {description: ok}}");
        let params = run.result.unwrap();
        let path: Vec<(&str, &TypeRef)> = params
            .path
            .iter()
            .map(|p| (p.name.as_str(), &p.ty))
            .collect();
        assert_eq!(
            path,
            [
                ("thing_id", &TypeRef::String),
                ("part", &TypeRef::Integer("i32"))
            ]
        );
        assert_eq!(
            wires(&params.required),
            ["limit", "shared", "X-Trace", "session"]
        );
        let locations: Vec<In> = params.required.iter().map(|p| p.location).collect();
        assert_eq!(locations, [In::Query, In::Query, In::Header, In::Cookie]);
        // The operation's own declaration replaces the path item's.
        assert_eq!(params.required[1].docs, ["the operation's"]);
        let options = params.options.as_ref().unwrap();
        assert_eq!(options.type_name, "OpQuery");
        assert_eq!(wires(&options.params), ["body", "Idempotency-Key", "ids"]);
        let names: Vec<&str> = options.params.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["body_", "idempotency_key", "ids"]);
        let ids = &options.params[2];
        assert_eq!(
            (&ids.ty, ids.explode, ids.form),
            (
                &TypeRef::Vec(Box::new(TypeRef::String)),
                false,
                QueryForm::Text
            )
        );
        assert!(options.params[0].explode, "form explodes by default");
        assert_eq!(
            params.idempotency_header().as_deref(),
            Some("Idempotency-Key")
        );
        assert_eq!(
            run.warnings,
            [
                "t.yaml: #/paths/~1things~1{thing_id}~1parts~1{part}/get/parameters/4: the header parameter `Authorization` is ignored (OpenAPI ignores `Accept`, `Content-Type` and `Authorization` header parameters; the client sets them)"
            ]
        );
        let registered = run.types.iter().find(|t| t.name == "OpQuery").unwrap();
        assert_eq!(
            registered.pointer,
            "/paths/~1things~1{thing_id}~1parts~1{part}/get"
        );
    }

    #[test]
    fn without_optional_parameters_there_is_no_options_struct() {
        let run = of("paths:
  /x:
    get:
      operationId: op
      parameters:
        - {name: filter, in: query, style: deepObject, required: true, schema: {type: object, additionalProperties: {type: string}}}
      responses: {'200': {description: ok}}");
        let params = run.result.unwrap();
        assert_eq!(params.options, None);
        assert!(run.types.is_empty());
        let filter = &params.required[0];
        assert_eq!((filter.form, filter.explode), (QueryForm::DeepObject, true));
        assert_eq!(params.idempotency_header(), None);
    }

    #[test]
    fn a_parameter_the_client_cannot_send_leaves_the_operation_out() {
        let at = "/paths/~1x/get";
        let first = |tail: &str| format!("{at}/parameters/0{tail}");
        let content = "a parameter with `content` is supported in the query, as one JSON media type with a schema; use `schema`";
        let cases = [
            (
                "{name: q, in: query, style: pipeDelimited, schema: {type: object, properties: {a: {type: string}}}}",
                first("/schema"),
                "a `spaceDelimited` or `pipeDelimited` query parameter must be a scalar, a string-like type or an array of them",
            ),
            (
                "{name: q, in: query, content: {text/plain: {schema: {type: string}}}}",
                first(""),
                content,
            ),
            (
                "{name: q, in: query, content: {application/json: {}}}",
                first(""),
                content,
            ),
            (
                "{name: h, in: header, content: {application/json: {schema: {type: string}}}}",
                first(""),
                content,
            ),
            (
                "{name: c, in: cookie, schema: {type: array, items: {type: string}}}",
                first("/schema"),
                "a cookie parameter must be a scalar or a string-like type",
            ),
        ];
        for (param, pointer, reason) in cases {
            assert_eq!(
                why("/x", param),
                Unsupported::new(&pointer, reason),
                "{param}"
            );
        }
    }

    #[test]
    fn a_parameter_named_by_digits_alone_takes_its_location() {
        let run = of("paths:
  /x/{1}:
    get:
      operationId: op
      parameters:
        - {name: '1', in: path, required: true, schema: {type: string}}
        - {name: '0', in: query, required: true, schema: {type: string}}
        - {name: '_2', in: header, required: true, schema: {type: string}}
      responses: {'200': {description: ok}}");
        let params = run.result.unwrap();
        assert_eq!(params.path[0].name, "path_1");
        let names: Vec<&str> = params.required.iter().map(|p| p.name.as_str()).collect();
        assert_eq!(names, ["query_0", "header_2"]);
    }

    #[test]
    fn every_query_style_and_json_content_has_a_form() {
        let run = of("paths:
  /x:
    get:
      operationId: op
      parameters:
        - {name: filter, in: query, required: true, schema: {type: object, properties: {role: {type: string}}}}
        - {name: joined, in: query, required: true, explode: false, schema: {type: object, additionalProperties: {type: string}}}
        - {name: created, in: query, required: true, style: deepObject, schema: {anyOf: [{type: object, properties: {gt: {type: integer}}}, {type: integer}]}}
        - {name: q, in: query, required: true, content: {application/vnd.api+json; charset=utf-8: {schema: {type: object}}}}
        - {name: s, in: query, required: true, style: spaceDelimited, schema: {type: array, items: {type: string}}}
        - {name: p, in: query, required: true, style: pipeDelimited, explode: true, schema: {type: array, items: {type: integer}}}
        - {name: r, in: query, required: true, allowReserved: true, schema: {type: string}}
      responses: {'200': {description: ok}}");
        let params = run.result.unwrap();
        let forms: Vec<(&str, QueryForm, bool, char)> = params
            .required
            .iter()
            .map(|p| (p.wire.as_str(), p.form, p.explode, p.separator))
            .collect();
        assert_eq!(
            forms,
            [
                ("filter", QueryForm::Fields, true, ','),
                ("joined", QueryForm::Fields, false, ','),
                ("created", QueryForm::DeepObject, true, ','),
                ("q", QueryForm::Json, true, ','),
                // `explode` defaults to true for `form` alone.
                ("s", QueryForm::Text, false, ' '),
                ("p", QueryForm::Text, true, '|'),
                ("r", QueryForm::Text, true, ','),
            ]
        );
        assert!(run.warnings.is_empty(), "{:?}", run.warnings);
    }

    #[test]
    fn a_path_parameter_must_be_simple_and_match_the_template() {
        let id = "{name: id, in: path, required: true, schema: {type: string}}";
        let cases = [
            (
                "/x/{id}",
                "{name: id, in: path, required: true, style: label, schema: {type: string}}",
                "/paths/~1x~1{id}/get/parameters/0",
                "a path parameter of `style: label` or `matrix` is not supported; use `simple`"
                    .to_string(),
            ),
            (
                "/x/{id}",
                "{name: id, in: path, required: true, style: matrix, explode: true, schema: {type: string}}",
                "/paths/~1x~1{id}/get/parameters/0",
                "a path parameter of `style: label` or `matrix` is not supported; use `simple`"
                    .to_string(),
            ),
            (
                "/x/{id}/{other}",
                id,
                "/paths/~1x~1{id}~1{other}/get",
                "the path template names `{other}` but no path parameter `other` is declared"
                    .into(),
            ),
            (
                "/x",
                id,
                "/paths/~1x/get",
                "the path parameter `id` does not appear in `/x`".into(),
            ),
            (
                "/x/{id",
                id,
                "/paths/~1x~1{id/get",
                "the path template `/x/{id` has an unclosed `{`".into(),
            ),
        ];
        for (path, param, pointer, reason) in cases {
            assert_eq!(
                why(path, param),
                Unsupported::new(pointer, reason),
                "{path}"
            );
        }
    }

    #[test]
    fn path_and_header_arrays_are_joined_and_other_values_go_by_their_json_form() {
        // TfL's `/Road/{ids}`, S3's list headers, Jellyfin's object in a path, Visual
        // Studio's object header.
        let run = of("paths:
  /x/{ids}/{rgb}/{either}/{n}:
    get:
      operationId: op
      parameters:
        - {name: ids, in: path, required: true, schema: {type: array, items: {type: string}}}
        - {name: rgb, in: path, required: true, explode: true, schema: {type: object, properties: {r: {type: integer}}}}
        - {name: either, in: path, required: true, schema: {oneOf: [{type: integer}, {type: array, items: {type: integer}}]}}
        - {name: n, in: path, required: true, schema: {type: integer}}
        - {name: X-Tags, in: header, required: true, schema: {type: array, items: {type: string}}}
        - {name: X-Plan, in: header, required: true, explode: true, schema: {type: object, additionalProperties: {type: string}}}
        - {name: X-Pair, in: header, schema: {type: object, properties: {a: {type: string}}}}
      responses: {'200': {description: ok}}");
        let params = run.result.unwrap();
        let path: Vec<(&str, QueryForm, bool)> = params
            .path
            .iter()
            .map(|p| (p.wire.as_str(), p.form, p.explode))
            .collect();
        assert_eq!(
            path,
            [
                ("ids", QueryForm::Text, false),
                ("rgb", QueryForm::Fields, true),
                ("either", QueryForm::Fields, false),
                ("n", QueryForm::Text, false),
            ]
        );
        let headers: Vec<(&str, QueryForm, bool)> = params
            .required
            .iter()
            .chain(params.options.iter().flat_map(|q| &q.params))
            .map(|p| (p.wire.as_str(), p.form, p.explode))
            .collect();
        assert_eq!(
            headers,
            [
                ("X-Tags", QueryForm::Text, false),
                ("X-Plan", QueryForm::Fields, true),
                ("X-Pair", QueryForm::Fields, false),
            ]
        );
        assert!(run.warnings.is_empty(), "{:?}", run.warnings);
    }

    #[test]
    fn two_parameters_with_one_rust_name_take_their_location() {
        // Kubernetes' proxy paths: the path's `path` and the query's `path`.
        let run = of("paths:
  /x/{path}:
    get:
      operationId: op
      parameters:
        - {name: path, in: path, required: true, schema: {type: string}}
        - {name: path, in: query, schema: {type: string}}
        - {name: a-b, in: query, required: true, schema: {type: string}}
        - {name: a_b, in: header, required: true, schema: {type: string}}
        - {name: A_B, in: header, required: true, schema: {type: string}}
      responses: {'200': {description: ok}}");
        let params = run.result.unwrap();
        assert_eq!(params.path[0].name, "path");
        let options = params.options.expect("the optional query `path`");
        assert_eq!(
            (
                options.params[0].name.as_str(),
                options.params[0].wire.as_str()
            ),
            ("query_path", "path")
        );
        let required: Vec<(&str, &str)> = params
            .required
            .iter()
            .map(|p| (p.name.as_str(), p.wire.as_str()))
            .collect();
        assert_eq!(
            required,
            [
                ("a_b", "a-b"),
                ("header_a_b", "a_b"),
                ("header_a_b2", "A_B")
            ]
        );
        assert_eq!(
            run.warnings[0],
            "t.yaml: #/paths/~1x~1{path}/get/parameters/1: parameter `path` and #/paths/~1x~1{path}/get/parameters/0 both suggest the Rust name `path`; this one is `query_path` (its wire name is kept)"
        );
        assert_eq!(run.warnings.len(), 3, "{:#?}", run.warnings);
    }

    #[test]
    fn a_parameter_ref_must_name_a_component_parameter() {
        let run = of("paths:
  /x:
    get:
      operationId: op
      parameters: [{$ref: '#/components/schemas/Thing'}]
      responses: {'200': {description: ok}}
components:
  schemas:
    Thing: {type: string}");
        assert_eq!(
            invalid(run.result),
            "t.yaml: #/paths/~1x/get/parameters/0: `$ref: #/components/schemas/Thing` must point directly to an entry of `#/components/parameters/`"
        );
    }
}
