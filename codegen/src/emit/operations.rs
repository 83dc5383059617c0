//! The generated `Client`: a wrapper of the runtime's, the API's error type, one `async fn`
//! per operation, and the calls that contract tests make.

use super::docs::prose;
use super::type_text;
use super::writer::Writer;
use crate::ir::{
    Api, Encoding, FeatureGates, In, Method, Operation, PageStyle, Pagination, Presence,
    QueryParam, SuccessBody, TypeDef, TypeKind, TypeRef,
};

/// The type error bodies decode as, outside `mod models`.
fn error_body_text(api: &Api) -> String {
    type_text(api.error_body.as_ref().unwrap_or(&TypeRef::Json), false)
}

pub(crate) fn client(out: &mut Writer, api: &Api, gates: Option<&FeatureGates>) {
    let error_body = error_body_text(api);
    out.line("");
    out.block("rt::api_client! {", "}", |out| {
        out.docs(&[format!(
            "A client of the {} API ({}): one method per operation.",
            api.title, api.version
        )]);
        out.line("pub struct Client;");
        out.line(&format!("error body: {error_body};"));
        if let Some(server) = &api.server {
            out.line(&format!("base url: {server:?};"));
        }
    });
    if let Some(TypeRef::Named(name)) = &api.error_body {
        error_body_impl(out, api, name);
    }
    out.line("");
    if !api.operations.is_empty() {
        out.line("");
        out.block("impl Client {", "}", |out| {
            for (i, op) in api.operations.iter().enumerate() {
                if i > 0 {
                    out.line("");
                }
                let cfg = gates.and_then(|g| g.cfg(g.operations.get(&op.name)));
                let gate = |out: &mut Writer| {
                    if let Some(cfg) = &cfg {
                        out.line(cfg);
                    }
                };
                gate(out);
                operation(out, op, api);
                if let Some(pagination) = &op.pagination {
                    out.line("");
                    gate(out);
                    pages(out, op, pagination, api);
                    out.line("");
                    gate(out);
                    items(out, op, pagination, api);
                }
            }
        });
    }
    if !api.operations.is_empty() {
        out.line("");
        if let Some(gates) = gates {
            // It calls every operation.
            out.line(&gates.cfg_whole_api());
        }
        out.block("rt::contract_calls! {", "}", |out| {
            for op in &api.operations {
                let args = sample_args(op, &api.types);
                out.line(&format!("{}({}),", op.name, args.join(", ")));
            }
        });
    }
}

/// `impl rt::ErrorBody` for the spec's error schema: its `code` and `message` properties, when
/// it has them.
fn error_body_impl(out: &mut Writer, api: &Api, name: &str) {
    let fields = api.types.iter().find_map(|t| match &t.kind {
        TypeKind::Struct(s) if t.name == name => Some(&s.fields),
        _ => None,
    });
    let find = |wire: &str| fields.and_then(|fs| fs.iter().find(|f| f.wire == wire));
    let code = find("code").filter(|f| f.presence == Presence::Required);
    let message =
        find("message").filter(|f| f.presence == Presence::Required && f.ty == TypeRef::String);
    out.line("");
    out.block(
        &format!("impl rt::ErrorBody for models::{name} {{"),
        "}",
        |out| {
            let (code_type, code_value) = match code {
                Some(f) if f.ty == TypeRef::String => {
                    ("str".to_string(), format!("Some(self.{}.as_str())", f.name))
                }
                Some(f) if matches!(f.ty, TypeRef::Named(_)) => {
                    (type_text(&f.ty, false), format!("Some(&self.{})", f.name))
                }
                _ => ("str".to_string(), "None".to_string()),
            };
            out.line(&format!("type Code = {code_type};"));
            out.line("");
            out.block(
                &format!("fn code(&self) -> Option<&{code_type}> {{"),
                "}",
                |out| out.line(&code_value),
            );
            out.line("");
            out.block(
                "fn message(&self) -> Option<&str> {",
                "}",
                |out| match message {
                    Some(f) => out.line(&format!("Some(self.{}.as_str())", f.name)),
                    None => out.line("None"),
                },
            );
        },
    );
}

fn method_name(method: Method) -> &'static str {
    match method {
        Method::Get => "Get",
        Method::Put => "Put",
        Method::Post => "Post",
        Method::Delete => "Delete",
        Method::Patch => "Patch",
        Method::Head => "Head",
        Method::Options => "Options",
        Method::Trace => "Trace",
    }
}

/// How an operation takes an argument: text and arrays by reference, numbers and booleans by
/// value. One decision for the signature, the call into `rt::Request` and the contract samples.
enum Passing {
    /// `&str`.
    Str,
    /// `&[T]`.
    Slice,
    /// `&T`, for the string-like types (open enums, newtypes, formats).
    Ref,
    /// `T`.
    Value,
}

fn passing(ty: &TypeRef, types: &[TypeDef]) -> Passing {
    match ty {
        TypeRef::String => Passing::Str,
        TypeRef::Vec(_) => Passing::Slice,
        other if other.is_text(types) => Passing::Ref,
        _ => Passing::Value,
    }
}

/// The argument's type in the method's signature.
fn argument_type(ty: &TypeRef, types: &[TypeDef]) -> String {
    match (passing(ty, types), ty) {
        (Passing::Str, _) => "&str".into(),
        (Passing::Slice, TypeRef::Vec(inner)) => format!("&[{}]", type_text(inner, false)),
        (Passing::Slice | Passing::Ref, other) => format!("&{}", type_text(other, false)),
        (Passing::Value, other) => type_text(other, false),
    }
}

/// How an argument is handed to `path_param`/`query`, which take references.
fn by_reference(name: &str, ty: &TypeRef, types: &[TypeDef]) -> String {
    match passing(ty, types) {
        Passing::Str | Passing::Slice | Passing::Ref => name.to_string(),
        Passing::Value => format!("&{name}"),
    }
}

/// `.multipart_body(..)` with one part per property of the body model: files for
/// `format: binary`, text for values with a text form (and arrays of them), JSON otherwise.
fn multipart(ty: &TypeRef, types: &[TypeDef]) -> Vec<String> {
    let fields = ty
        .struct_def(&|name| types.iter().find(|t| t.name == name).map(|t| &t.kind))
        .map(|def| &def.fields);
    let mut lines = vec![
        ".multipart_body(".to_string(),
        "    rt::Multipart::new()".to_string(),
    ];
    for field in fields.into_iter().flatten() {
        let part = match &field.ty {
            TypeRef::Format("FilePart") => "file",
            TypeRef::Vec(inner) if is_text_value(inner, types) => "text",
            other if is_text_value(other, types) => "text",
            _ => "json",
        };
        lines.push(format!(
            "        .{part}({:?}, &body.{})",
            field.wire, field.name
        ));
    }
    // The one argument, with the trailing comma rustfmt writes.
    if let Some(last) = lines.last_mut() {
        last.push(',');
    }
    lines.push(")".to_string());
    lines
}

/// Values written as one piece of text (`ParamValue`): scalars, strings and what wraps them.
fn is_text_value(ty: &TypeRef, types: &[TypeDef]) -> bool {
    match ty {
        TypeRef::Bool | TypeRef::Integer(_) | TypeRef::Float(_) => true,
        other => other.is_text(types),
    }
}

/// The `rt::Request` method that sends `param`.
fn query_call(param: &QueryParam) -> &'static str {
    match (param.location, &param.ty, param.explode) {
        (In::Query, _, _) if param.deep_object => "query_deep",
        (In::Header, _, _) => "header",
        (In::Cookie, _, _) => "cookie",
        (In::Query, TypeRef::Vec(_), false) => "query_joined",
        (In::Query, _, _) => "query",
    }
}

fn docs(out: &mut Writer, op: &Operation, error_body: Option<&TypeRef>) {
    let mut paragraphs: Vec<String> = op.docs.iter().map(|d| prose(d)).collect();
    paragraphs.push(format!("`{} {}`", op.method.as_str(), op.path));
    let arguments: Vec<String> = op
        .path_params
        .iter()
        .map(|p| (&p.name, &p.docs))
        .chain(op.required_query.iter().map(|q| (&q.name, &q.docs)))
        .filter(|(_, docs)| !docs.is_empty())
        .map(|(name, docs)| format!("- `{name}`: {}", prose(&docs.join(" ")).replace('\n', " ")))
        .collect();
    if !arguments.is_empty() {
        paragraphs.push(arguments.join("\n"));
    }
    let description = prose(&op.success.description);
    if !description.is_empty() {
        paragraphs.push(format!("Success: {} ({description}).", op.success.status));
    }
    let mut errors = String::from("# Errors\n\n[`Error::Api`] for an error status");
    if op.errors.is_empty() {
        errors.push_str(" (the spec documents none)");
    } else {
        errors.push_str("; the spec documents:");
        for e in &op.errors {
            errors.push_str(&format!("\n- {}: {}", e.status, prose(&e.description)));
            if let Some(ty) = e.ty.as_ref().filter(|ty| Some(*ty) != error_body) {
                let ty = type_text(ty, false);
                errors.push_str(&format!(
                    " (a [`{ty}`], which `ApiError::error` does not hold: decode `body`)"
                ));
            }
        }
    }
    errors.push_str(
        "\n\nOther variants of [`Error`] for a request that could not be sent or a response \
         that did not decode.",
    );
    paragraphs.push(errors);
    out.docs(&paragraphs);
}

fn operation(out: &mut Writer, op: &Operation, api: &Api) {
    let types = &api.types;
    docs(out, op, api.error_body.as_ref());
    let mut params = vec!["&self".to_string()];
    let mut chain = Vec::new();
    if let Some(header) = &op.idempotency_header {
        chain.push(format!(".idempotency_key({header:?})"));
    }
    for param in &op.path_params {
        params.push(format!(
            "{}: {}",
            param.name,
            argument_type(&param.ty, types)
        ));
        chain.push(format!(
            ".path_param({:?}, {})",
            param.wire,
            by_reference(&param.name, &param.ty, types)
        ));
    }
    for param in &op.required_query {
        params.push(format!(
            "{}: {}",
            param.name,
            argument_type(&param.ty, types)
        ));
        chain.push(format!(
            ".{}({:?}, {})",
            query_call(param),
            param.wire,
            by_reference(&param.name, &param.ty, types)
        ));
    }
    if let Some(query) = &op.optional_query {
        params.push(format!("query: &models::{}", query.type_name));
        for param in &query.params {
            chain.push(format!(
                ".{}({:?}, &query.{})",
                query_call(param),
                param.wire,
                param.name
            ));
        }
    }
    if let Some(body) = &op.body {
        params.push(match body.encoding {
            Encoding::Text => "body: &str".to_string(),
            Encoding::Bytes => "body: &[u8]".to_string(),
            _ => format!("body: &{}", type_text(&body.ty, false)),
        });
        match body.encoding {
            Encoding::Json => chain.push(".json_body(body)".to_string()),
            Encoding::Form => chain.push(".form_body(body)".to_string()),
            Encoding::Multipart => chain.extend(multipart(&body.ty, &api.types)),
            Encoding::Text | Encoding::Bytes => {
                chain.push(format!(".raw_body(body, {:?})", body.media_type));
            }
        }
    }
    let (ret, send) = match &op.success.body {
        SuccessBody::Json(ty) => (type_text(ty, false), "send_json"),
        SuccessBody::Bytes(media) => {
            chain.push(format!(".accept({media:?})"));
            ("Vec<u8>".to_string(), "send_bytes")
        }
        SuccessBody::Events(ty) => (
            format!(
                "rt::EventStream<{}, {}>",
                type_text(ty, false),
                error_body_text(api)
            ),
            "send_events",
        ),
        SuccessBody::Empty => ("()".to_string(), "send_empty"),
    };
    if op.deprecated {
        out.line("#[deprecated(note = \"the API marks this operation deprecated\")]");
    }
    out.signature(
        &format!("pub async fn {}", op.name),
        &params,
        &format!(" -> Result<{ret}, Error> {{"),
    );
    out.indented(|out| {
        out.block(
            "const OPERATION: rt::Operation = rt::Operation {",
            "};",
            |out| {
                out.line(&format!("id: {:?},", op.operation_id));
                out.line(&format!("method: rt::Method::{},", method_name(op.method)));
                out.line(&format!("path: {:?},", op.path));
                out.line(&format!("authenticated: {},", op.authenticated));
            },
        );
        if chain.is_empty() {
            out.line("let request = rt::Request::new(&OPERATION);");
        } else {
            out.line("let request = rt::Request::new(&OPERATION)");
            out.indented(|out| {
                let last = chain.len() - 1;
                for (i, step) in chain.iter().enumerate() {
                    if i == last {
                        out.line(&format!("{step};"));
                    } else {
                        out.line(step);
                    }
                }
            });
        }
        out.line(&format!("self.0.{send}(request).await"));
    });
    out.line("}");
}

/// The arguments a paging method takes (the operation's, minus the body: list operations
/// have none) and the call of the operation it makes per page.
fn paging_arguments(op: &Operation, types: &[TypeDef]) -> (Vec<String>, String) {
    // The stream borrows the client and the arguments it passes on: all for `'a`.
    let mut params = vec!["&'a self".to_string()];
    let mut args = Vec::new();
    for (name, ty) in op
        .path_params
        .iter()
        .map(|p| (&p.name, &p.ty))
        .chain(op.required_query.iter().map(|q| (&q.name, &q.ty)))
    {
        let ty = argument_type(ty, types);
        let ty = match ty.strip_prefix('&') {
            Some(rest) => format!("&'a {rest}"),
            None => ty,
        };
        params.push(format!("{name}: {ty}"));
        args.push(name.clone());
    }
    if let Some(query) = &op.optional_query {
        params.push(format!("query: &models::{}", query.type_name));
        args.push("&query".to_string());
    }
    (params, format!("self.{}({})", op.name, args.join(", ")))
}

/// `<op>_pages`: a stream of every page from the query's own on.
fn pages(out: &mut Writer, op: &Operation, pagination: &Pagination, api: &Api) {
    let (params, call) = paging_arguments(op, &api.types);
    let SuccessBody::Json(response) = &op.success.body else {
        return;
    };
    let Some(query) = &op.optional_query else {
        return;
    };
    let (runner, counter, start_type, rule) = match &pagination.style {
        PageStyle::Page { total_pages } => (
            "by_page",
            total_pages,
            "u32",
            format!("after the last page (`{total_pages}`) or an empty one"),
        ),
        PageStyle::Offset { total_count } => (
            "by_offset",
            total_count,
            "u64",
            format!("once `{total_count}` items have come, or an empty page"),
        ),
    };
    out.docs(&[format!(
        "Every page of [`Client::{}`], from the one `query.{}` names (or the first) on; \
             each page is one call, retried and failing as one. It stops {rule}: a page size \
             the server reports is not trusted. The first error ends it.",
        op.name, pagination.param
    )]);
    out.signature(
        &format!("pub fn {}_pages<'a>", op.name),
        &params,
        &format!(
            " -> rt::pagination::Paged<'a, {}, {}> {{",
            type_text(response, false),
            error_body_text(api)
        ),
    );
    let ty = pagination.param_type;
    let param = &pagination.param;
    let start = match convert("p", ty, start_type, "0") {
        same if same == "p" => format!("query.{param}.unwrap_or(0)"),
        widened if widened.ends_with("::from(p)") => {
            format!("query.{param}.map_or(0, {start_type}::from)")
        }
        narrowed => format!("query.{param}.map_or(0, |p| {narrowed})"),
    };
    let converted = convert("position", start_type, ty, &format!("{ty}::MAX"));
    out.indented(|out| {
        out.line("let query = query.clone();");
        out.line(&format!("rt::pagination::{runner}("));
        out.indented(|out| {
            out.line(&format!("{start},"));
            out.line("move |position| {");
            out.indented(|out| {
                if converted != "position" {
                    out.line(&format!("let position = {converted};"));
                }
                out.line(&format!(
                    "let query = models::{} {{ {param}: Some(position), ..query.clone() }};",
                    query.type_name
                ));
                out.line(&format!("async move {{ {call}.await }}"));
            });
            out.line("},");
            out.line("|response| {");
            out.indented(|out| {
                out.line(&format!(
                    "let total = rt::pagination::Count::count(&response.{counter});"
                ));
                out.line(&format!(
                    "(response.{}.len(), total)",
                    pagination.items_field
                ));
            });
            out.line("},");
        });
        out.line(")");
    });
    out.line("}");
}

/// `expr` (an integer of type `from`) as a `to`: itself, `From` when every value fits, else
/// `TryFrom` with `fallback` for a value that does not.
fn convert(expr: &str, from: &str, to: &str, fallback: &str) -> String {
    const WIDENING: &[(&str, &str)] = &[
        ("u8", "u16"),
        ("u8", "u32"),
        ("u8", "u64"),
        ("u8", "i16"),
        ("u8", "i32"),
        ("u8", "i64"),
        ("u16", "u32"),
        ("u16", "u64"),
        ("u16", "i32"),
        ("u16", "i64"),
        ("u32", "u64"),
        ("u32", "i64"),
        ("i8", "i16"),
        ("i8", "i32"),
        ("i8", "i64"),
        ("i16", "i32"),
        ("i16", "i64"),
        ("i32", "i64"),
    ];
    if from == to {
        expr.to_string()
    } else if WIDENING.contains(&(from, to)) {
        format!("{to}::from({expr})")
    } else {
        format!("{to}::try_from({expr}).unwrap_or({fallback})")
    }
}

/// `<op>_items`: the items of every page, in order.
fn items(out: &mut Writer, op: &Operation, pagination: &Pagination, api: &Api) {
    let (params, _) = paging_arguments(op, &api.types);
    let args: Vec<String> = params
        .iter()
        .skip(1)
        .map(|p| p.split(':').next().unwrap_or_default().to_string())
        .collect();
    out.docs(&[format!(
        "Every item of every page of [`Client::{}`], in order (see [`Client::{}_pages`]); an \
         error is yielded in place of a page's items and ends the stream.",
        op.name, op.name
    )]);
    out.signature(
        &format!("pub fn {}_items<'a>", op.name),
        &params,
        &format!(
            " -> rt::pagination::Paged<'a, {}, {}> {{",
            type_text(&pagination.item, false),
            error_body_text(api)
        ),
    );
    out.indented(|out| {
        out.line(&format!(
            "rt::pagination::items(self.{}_pages({}), |page| page.{})",
            op.name,
            args.join(", "),
            pagination.items_field
        ));
    });
    out.line("}");
}

/// Sample arguments for the contract test's call of `op`, in the form each parameter takes.
fn sample_args(op: &Operation, types: &[TypeDef]) -> Vec<String> {
    let sample = |ty: &TypeRef| match passing(ty, types) {
        Passing::Str => "\"sample\"".to_string(),
        Passing::Slice => "&[Sample::sample()]".to_string(),
        Passing::Ref => "&Sample::sample()".to_string(),
        Passing::Value => "Sample::sample()".to_string(),
    };
    let mut args: Vec<String> = op.path_params.iter().map(|p| sample(&p.ty)).collect();
    args.extend(op.required_query.iter().map(|q| sample(&q.ty)));
    if op.optional_query.is_some() {
        args.push("&Default::default()".into());
    }
    if let Some(body) = &op.body {
        args.push(match body.encoding {
            Encoding::Text => "\"sample\"".into(),
            Encoding::Bytes => "b\"sample\"".into(),
            _ => "&Sample::sample()".into(),
        });
    }
    args
}
