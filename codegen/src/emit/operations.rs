//! The generated `Client`: a wrapper of the runtime's (`rt::ApiClient` derives its builder and
//! per-call settings), the API's error types, one `async fn` per operation, the paging
//! streams, and the calls that contract tests make.

use super::auth;
use super::docs::{list_item, prose};
use super::tokens::{cfg_attr, docs, ident, json_literal, type_tokens, wrapped};
use crate::ir::{
    Api, Encoding, EnvVars, FeatureGates, In, Method, Operation, PageStyle, Pagination, Param,
    Presence, QueryForm, QueryParam, SuccessBody, TypeDef, TypeKind, TypeRef,
};
use proc_macro2::TokenStream;
use quote::quote;

/// The type error bodies decode as, outside `mod models`.
fn error_body(api: &Api) -> TokenStream {
    type_tokens(api.error_body.as_ref().unwrap_or(&TypeRef::Json), false)
}

/// Everything outside `mod models`.
pub(crate) fn client(api: &Api, gates: Option<&FeatureGates>) -> TokenStream {
    let body = error_body(api);
    let client = ident(&api.client.name);
    let base_url = api.server.as_ref().map(|server| {
        let docs = docs(&[format!(
            "The server the spec names; [`{client}::builder`] starts from it."
        )]);
        quote! {
            #docs
            pub const DEFAULT_BASE_URL: &str = #server;
        }
    });
    let base_url_attr = api
        .server
        .as_ref()
        .map(|_| quote!(, base_url = DEFAULT_BASE_URL));
    let user_agent_attr = api
        .client
        .user_agent
        .as_ref()
        .map(|user_agent| quote!(, user_agent = #user_agent));
    let client_attr = quote!(#[client(error = Error #base_url_attr #user_agent_attr)]);
    let client_docs = docs(&[
        format!(
            "A client of the {} API ({}): one method per operation.",
            api.title, api.version
        ),
        format!(
            "Make one with [`{client}::builder`]. Cheap to clone: clones share one connection \
             pool."
        ),
    ]);
    let from_env = api.client.env.as_ref().map(|env| from_env(api, env));
    // Replaced by the caller's type, the error body is theirs to implement `ErrorBody` for,
    // and its code type is theirs too.
    let (error_body_impl, code_type) = match &api.error_body {
        Some(TypeRef::Named(name)) if is_replaced(api, name) => {
            (TokenStream::new(), quote!(<#body as rt::ErrorBody>::Code))
        }
        Some(TypeRef::Named(name)) => error_body_impl(api, name),
        _ => (TokenStream::new(), quote!(str)),
    };
    let errors = error_types(api, &body, &code_type);
    let methods = api.operations.iter().map(|op| {
        let cfg = cfg_attr(
            gates
                .and_then(|g| g.cfg(g.operations.get(&op.name)))
                .as_ref(),
        );
        let operation = operation(op, &cfg, api);
        let paging = op.pagination.as_ref().map(|pagination| {
            let pages = pages(op, pagination, &cfg, api);
            let items = items(op, pagination, &cfg, api);
            quote! { #pages #items }
        });
        quote! { #operation #paging }
    });
    let methods = (!api.operations.is_empty()).then(|| quote!(impl #client { #(#methods)* }));
    let contract_calls = (!api.operations.is_empty()).then(|| {
        // It calls every operation.
        let cfg = cfg_attr(gates.map(FeatureGates::cfg_whole_api).as_ref());
        let calls = api.operations.iter().map(|op| {
            let name = ident(&op.name);
            let args = sample_args(op, &api.types);
            quote!(#name(#(#args),*),)
        });
        // `Client` is the macro's default; another name is given first.
        let named = (api.client.name != "Client").then(|| quote!(client = #client;));
        let credentials = auth::sample_credentials(api);
        quote! { #cfg rt::contract_calls! { #named #credentials #(#calls)* } }
    });
    let credentials = auth::credentials_trait(api);
    quote! {
        #base_url
        #client_docs
        #[derive(Clone, Debug, rt::ApiClient)]
        #client_attr
        pub struct #client(rt::Client);

        #errors
        #credentials
        #error_body_impl
        #from_env
        #methods
        #contract_calls
    }
}

/// The client's own `Error` and `ApiError`: concrete types (a type alias's rustdoc page lists
/// its target's methods only through a script) that `rt::ClientError` connects to the
/// runtime's generic ones. `code_type` is what `ApiError::code` returns.
fn error_types(api: &Api, body: &TokenStream, code_type: &TokenStream) -> TokenStream {
    let schema = match &api.error_body {
        Some(TypeRef::Named(name)) => format!("[`models::{name}`]"),
        _ => "JSON".to_string(),
    };
    let api_doc = docs(&[wrapped(&format!(
        "The server answered with a status outside 2xx (documented or not, JSON or not): the \
         status, headers and body, and the body decoded as {schema} when it is that."
    ))]);
    let api_error_doc = docs(&[
        "An error status from the API, with everything it sent.".to_string(),
        wrapped(
            "Its fields (`status`, `headers`, `body`, `error`, `retry_after`, `attempts`) and \
             methods are those of [`rt::ApiError`], which it dereferences to.",
        ),
    ]);
    let code_doc = docs(&[wrapped(&format!(
        "The error's code, when the body is {schema} and has one."
    ))]);
    let message_doc = docs(&[wrapped(&format!(
        "The error's message, when the body is {schema} and has one."
    ))]);
    quote! {
        /// What a call can fail with. `Display` is one line of bounded length, whatever the
        /// server sent; the whole response is in the variant, and no variant holds a
        /// credential.
        #[derive(Debug, rt::ClientError)]
        #[client_error(body = #body)]
        #[non_exhaustive]
        pub enum Error {
            #api_doc
            Api(Box<ApiError>),
            /// The server answered 2xx, but the body is not what the spec says: where and why.
            Decode(Box<rt::DecodeError>),
            /// An attempt, or the whole call with its retries, ran out of time; `Display`
            /// says which deadline passed and how long it was.
            Timeout(rt::TransportError),
            /// The connection could not be made, or broke before the response was complete.
            Connection(rt::TransportError),
            /// The request was refused before sending: a path parameter that is empty, `.` or
            /// `..`, a header value HTTP does not allow, or a body that could not be encoded.
            InvalidRequest(String),
            /// The client could not be built: a bad base URL, header, credential or environment.
            Config(String),
            /// The operation needs credentials the client was not given: it meets none of the
            /// operation's security requirements. Nothing was sent.
            MissingCredentials {
                /// The operation's `operationId`.
                operation: &'static str,
                /// What the operation accepts: any one of these requirements, each with the
                /// credentials of all its schemes.
                required: &'static [rt::SecurityRequirement],
            },
            /// The response body was larger than the client's limit
            /// ([`rt::ClientBuilder::max_response_bytes`]); the rest of it was not read.
            TooLarge {
                /// The HTTP status.
                status: u16,
                /// The limit, in bytes.
                limit: usize,
            },
        }

        #api_error_doc
        #[derive(rt::ClientError)]
        pub struct ApiError(rt::ApiError<#body>);

        impl ApiError {
            #code_doc
            pub fn code(&self) -> Option<&#code_type> {
                self.0.code()
            }

            #message_doc
            pub fn message(&self) -> Option<&str> {
                self.0.message()
            }
        }
    }
}

/// Whether the named type is the caller's own (`Generator::replace`).
fn is_replaced(api: &Api, name: &str) -> bool {
    api.types
        .iter()
        .any(|t| t.name == name && matches!(t.kind, TypeKind::Replaced(_)))
}

/// `from_env()`, reading the variables `Generator::env_vars` names.
fn from_env(api: &Api, env: &EnvVars) -> TokenStream {
    let client = ident(&api.client.name);
    let (key, url) = (&env.api_key, &env.base_url);
    let default = if api.server.is_some() {
        "[`DEFAULT_BASE_URL`] when unset or empty"
    } else {
        "the spec names no server, so without it `build` fails"
    };
    let scheme = auth::env_key_scheme(api);
    let sent_as = scheme.map_or(String::new(), |scheme| {
        format!(
            ", sent as the credential of the `{}` scheme ([`Credentials::{}`])",
            scheme.name.replace('`', "'"),
            scheme.setter
        )
    });
    let load = match scheme {
        Some(scheme) => {
            let name = &scheme.name;
            quote!(from_env_credential(#name, #key, #url))
        }
        None => quote!(from_env(#key, #url)),
    };
    let docs = docs(&[
        wrapped(&format!(
            "A client from the environment: the API key from `{key}` (required{sent_as}) and \
             the address from `{url}` (optional, {default})."
        )),
        "# Errors".to_string(),
        wrapped(&format!(
            "[`Error::Config`] when `{key}` is unset or empty, or either variable is not valid \
             (not Unicode, or rejected by [`ClientBuilder::build`](rt::ClientBuilder::build))."
        )),
    ]);
    quote! {
        impl #client {
            #docs
            pub fn from_env() -> Result<#client, Error> {
                #client::builder().#load?.build()
            }
        }
    }
}

/// `impl rt::ErrorBody` for the spec's error schema: its `code` and `message` properties, when
/// it has them; and the type of the code.
fn error_body_impl(api: &Api, name: &str) -> (TokenStream, TokenStream) {
    let fields = api.types.iter().find_map(|t| match &t.kind {
        TypeKind::Struct(s) if t.name == name => Some(&s.fields),
        _ => None,
    });
    let find = |wire: &str| fields.and_then(|fs| fs.iter().find(|f| f.wire == wire));
    let code = find("code").filter(|f| f.presence == Presence::Required);
    let message =
        find("message").filter(|f| f.presence == Presence::Required && f.ty == TypeRef::String);
    let (code_type, code_value) = match code {
        Some(f) if f.ty == TypeRef::String => {
            let field = ident(&f.name);
            (quote!(str), quote!(Some(self.#field.as_str())))
        }
        Some(f) if matches!(f.ty, TypeRef::Named(_)) => {
            let field = ident(&f.name);
            (type_tokens(&f.ty, false), quote!(Some(&self.#field)))
        }
        _ => (quote!(str), quote!(None)),
    };
    let message_value = match message {
        Some(f) => {
            let field = ident(&f.name);
            quote!(Some(self.#field.as_str()))
        }
        None => quote!(None),
    };
    let name = ident(name);
    let body_impl = quote! {
        impl rt::ErrorBody for models::#name {
            type Code = #code_type;

            fn code(&self) -> Option<&#code_type> {
                #code_value
            }

            fn message(&self) -> Option<&str> {
                #message_value
            }
        }
    };
    (body_impl, code_type)
}

fn method_variant(method: Method) -> TokenStream {
    match method {
        Method::Get => quote!(Get),
        Method::Put => quote!(Put),
        Method::Post => quote!(Post),
        Method::Delete => quote!(Delete),
        Method::Patch => quote!(Patch),
        Method::Head => quote!(Head),
        Method::Options => quote!(Options),
        Method::Trace => quote!(Trace),
    }
}

/// How an operation takes an argument: numbers and booleans (and aliases of them) by value,
/// everything else by reference, as the call only reads it. One decision for the signature,
/// the call into `rt::Request` and the contract samples.
enum Passing {
    /// `&str`.
    Str,
    /// `&[T]`.
    Slice,
    /// `&T`: string-like types (open enums, newtypes, formats), models, unions, maps, JSON.
    Ref,
    /// `T`.
    Value,
}

fn passing(ty: &TypeRef, types: &[TypeDef]) -> Passing {
    match ty {
        TypeRef::String => Passing::Str,
        TypeRef::Vec(_) => Passing::Slice,
        other
            if matches!(
                through_aliases(other, types),
                TypeRef::Bool | TypeRef::Integer(_) | TypeRef::Float(_) | TypeRef::Null
            ) =>
        {
            Passing::Value
        }
        _ => Passing::Ref,
    }
}

/// The argument's type in the method's signature; `lifetime` for the paging methods, whose
/// streams borrow what they pass on.
fn argument_type(ty: &TypeRef, types: &[TypeDef], lifetime: Option<&TokenStream>) -> TokenStream {
    match (passing(ty, types), ty) {
        (Passing::Str, _) => quote!(&#lifetime str),
        (Passing::Slice, TypeRef::Vec(inner)) => {
            let inner = type_tokens(inner, false);
            quote!(&#lifetime [#inner])
        }
        (Passing::Slice | Passing::Ref, other) => {
            let ty = type_tokens(other, false);
            quote!(&#lifetime #ty)
        }
        (Passing::Value, other) => type_tokens(other, false),
    }
}

/// How an argument is handed to `path_param`/`query`, which take references.
fn by_reference(name: &proc_macro2::Ident, ty: &TypeRef, types: &[TypeDef]) -> TokenStream {
    match passing(ty, types) {
        Passing::Str | Passing::Slice | Passing::Ref => quote!(#name),
        Passing::Value => quote!(&#name),
    }
}

/// `.multipart_body(..)` with one part per property of the body model: files for
/// `format: binary` (one part per file of a list), text for values with a text form (and
/// arrays of them), JSON otherwise. Aliases are followed: a named binary string is a file.
fn multipart(ty: &TypeRef, types: &[TypeDef]) -> TokenStream {
    let fields = ty
        .struct_def(&|name| types.iter().find(|t| t.name == name).map(|t| &t.kind))
        .map(|def| &def.fields);
    let parts = fields.into_iter().flatten().map(|field| {
        let part = match through_aliases(&field.ty, types) {
            TypeRef::Format("FilePart") => quote!(file),
            TypeRef::Vec(inner)
                if *through_aliases(inner, types) == TypeRef::Format("FilePart") =>
            {
                quote!(file)
            }
            TypeRef::Vec(inner) if is_text_value(inner, types) => quote!(text),
            other if is_text_value(other, types) => quote!(text),
            _ => quote!(json),
        };
        let wire = &field.wire;
        let name = ident(&field.name);
        quote!(.#part(#wire, &body.#name))
    });
    quote!(.multipart_body(rt::Multipart::new() #(#parts)*))
}

/// The type a named alias stands for ([`TypeRef::through_aliases`]).
fn through_aliases<'t>(ty: &'t TypeRef, types: &'t [TypeDef]) -> &'t TypeRef {
    ty.through_aliases(&|name| types.iter().find(|t| t.name == name).map(|t| &t.kind))
}

/// Values written as one piece of text (`ParamValue`): scalars, strings and what wraps them.
fn is_text_value(ty: &TypeRef, types: &[TypeDef]) -> bool {
    match ty {
        TypeRef::Bool | TypeRef::Integer(_) | TypeRef::Float(_) => true,
        other => other.is_text(types),
    }
}

/// The `rt::Request` call that puts path parameter `param`, holding `value`, in its segment.
fn path_call(param: &Param, value: TokenStream) -> TokenStream {
    let wire = &param.wire;
    let explode = param.explode;
    match (param.form, &param.ty) {
        (QueryForm::Text, TypeRef::Vec(_)) => quote!(.path_param_joined(#wire, #value)),
        (QueryForm::Text, _) => quote!(.path_param(#wire, #value)),
        _ => quote!(.path_param_fields(#wire, #value, #explode)),
    }
}

/// The `rt::Request` call that sends `param`, holding `value`.
fn query_call(param: &QueryParam, value: TokenStream) -> TokenStream {
    let wire = &param.wire;
    match (param.location, param.form, &param.ty, param.explode) {
        (In::Header, QueryForm::Fields, _, explode) => {
            quote!(.header_fields(#wire, #value, #explode))
        }
        (In::Header, ..) => quote!(.header(#wire, #value)),
        (In::Cookie, ..) => quote!(.cookie(#wire, #value)),
        (In::Query, QueryForm::DeepObject, ..) => quote!(.query_deep(#wire, #value)),
        (In::Query, QueryForm::Json, ..) => quote!(.query_json(#wire, #value)),
        (In::Query, QueryForm::Fields, _, explode) => {
            quote!(.query_fields(#wire, #value, #explode))
        }
        (In::Query, QueryForm::Text, TypeRef::Vec(_), false) if param.separator != ',' => {
            let separator = param.separator;
            quote!(.query_delimited(#wire, #value, #separator))
        }
        (In::Query, QueryForm::Text, TypeRef::Vec(_), false) => {
            quote!(.query_joined(#wire, #value))
        }
        (In::Query, QueryForm::Text, ..) => quote!(.query(#wire, #value)),
    }
}

fn operation_docs(op: &Operation, api: &Api) -> TokenStream {
    let error_body = api.error_body.as_ref();
    let types = &api.types;
    let (sends, missing) = auth::operation_docs(op, api);
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
    paragraphs.extend(sends);
    let mut errors = String::from("# Errors\n\n[`Error::Api`] for an error status");
    if op.errors.is_empty() {
        errors.push_str(" (the spec documents none)");
    } else {
        errors.push_str("; the spec documents:");
        for e in &op.errors {
            // A description of several lines stays inside its list item (a table after
            // `- 400:` would otherwise continue the item lazily, which clippy's
            // `doc_lazy_continuation` refuses).
            let item = list_item(&format!("{}: ", e.status), &prose(&e.description));
            errors.push('\n');
            errors.push_str(&item);
            // An alias of the error body (or of `serde_json::Value`, when error bodies are
            // raw JSON) is the type `ApiError::error` holds.
            let held = |ty: &TypeRef| {
                let body = error_body.unwrap_or(&TypeRef::Json);
                through_aliases(ty, types) == through_aliases(body, types)
            };
            if let Some(ty) = e.ty.as_ref().filter(|ty| !held(ty)) {
                let ty = type_tokens(ty, false).to_string().replace(' ', "");
                errors.push_str(&format!(
                    " (a [`{ty}`], which `ApiError::error` does not hold: decode `body`)"
                ));
            }
        }
    }
    if let Some(missing) = missing {
        errors.push_str("\n\n");
        errors.push_str(&missing);
    }
    paragraphs.push(errors);
    paragraphs.push(wrapped(
        "Other variants of [`Error`] for a request that could not be sent or a response that \
         did not decode.",
    ));
    docs(&paragraphs)
}

/// The method of `op`; `cfg` (its tag gate, if any) goes after its docs.
fn operation(op: &Operation, cfg: &TokenStream, api: &Api) -> TokenStream {
    let types = &api.types;
    let docs = operation_docs(op, api);
    let mut params = Vec::new();
    let mut chain = Vec::new();
    if let Some(header) = &op.idempotency_header {
        chain.push(quote!(.idempotency_key(#header)));
    }
    for param in &op.path_params {
        let name = ident(&param.name);
        let ty = argument_type(&param.ty, types, None);
        params.push(quote!(#name: #ty));
        let value = by_reference(&name, &param.ty, types);
        chain.push(path_call(param, value));
    }
    for param in &op.required_query {
        let name = ident(&param.name);
        let ty = argument_type(&param.ty, types, None);
        params.push(quote!(#name: #ty));
        let value = by_reference(&name, &param.ty, types);
        chain.push(query_call(param, value));
    }
    if let Some(query) = &op.optional_query {
        let type_name = ident(&query.type_name);
        params.push(quote!(query: &models::#type_name));
        for param in &query.params {
            let field = ident(&param.name);
            chain.push(query_call(param, quote!(&query.#field)));
        }
    }
    if let Some(body) = &op.body {
        params.push(match body.encoding {
            Encoding::Text => quote!(body: &str),
            Encoding::Bytes => quote!(body: &[u8]),
            _ => {
                let ty = type_tokens(&body.ty, false);
                quote!(body: &#ty)
            }
        });
        let media_type = &body.media_type;
        chain.push(match body.encoding {
            Encoding::Json => quote!(.json_body(body)),
            Encoding::Form => quote!(.form_body(body)),
            Encoding::Multipart => multipart(&body.ty, types),
            Encoding::Text | Encoding::Bytes => quote!(.raw_body(body, #media_type)),
        });
    }
    let (ret, send) = match &op.success.body {
        SuccessBody::Json(ty) => (type_tokens(ty, false), quote!(send_json)),
        SuccessBody::Bytes(media) => {
            chain.push(quote!(.accept(#media)));
            (quote!(Vec<u8>), quote!(send_bytes))
        }
        SuccessBody::Events(ty) => {
            let ty = type_tokens(ty, false);
            (quote!(rt::EventStream<#ty, Error>), quote!(send_events))
        }
        SuccessBody::Empty => (quote!(()), quote!(send_empty)),
    };
    let deprecated = op
        .deprecated
        .then(|| quote!(#[deprecated(note = "the API marks this operation deprecated")]));
    let name = ident(&op.name);
    let id = &op.operation_id;
    let method = method_variant(op.method);
    let path = &op.path;
    let many = many_arguments(params.len());
    let security = auth::security_table(op, api);
    quote! {
        #docs
        #cfg
        #deprecated
        #many
        pub async fn #name(&self, #(#params),*) -> Result<#ret, Error> {
            const OPERATION: rt::Operation = rt::Operation {
                id: #id,
                method: rt::Method::#method,
                path: #path,
                security: #security,
            };
            let request = rt::Request::new(&OPERATION) #(#chain)*;
            self.0.#send(request).await
        }
    }
}

/// Clippy's `too_many_arguments` allowed, with why, on a method taking more than clippy's seven
/// (`self` counted): an operation takes one argument per path and required parameter, as the
/// spec lists them, and some APIs require eight or more (Azure's `subscriptionId`,
/// `resourceGroupName`, .., `api-version`). Bundling them into a struct would hide that order
/// from the signature for the sake of a style lint.
fn many_arguments(params: usize) -> Option<TokenStream> {
    (params + 1 > 7).then(|| {
        quote!(#[allow(
            clippy::too_many_arguments,
            reason = "one argument per path and required parameter, as the spec lists them"
        )])
    })
}

/// The parameters a paging method takes (the operation's, minus the body: list operations
/// have none), and the arguments of the operation's call it makes per page.
fn paging_arguments(op: &Operation, types: &[TypeDef]) -> (Vec<TokenStream>, Vec<TokenStream>) {
    // The stream borrows the client and the arguments it passes on: all for `'a`.
    let lifetime = quote!('a);
    let mut params = Vec::new();
    let mut args = Vec::new();
    for (name, ty) in op
        .path_params
        .iter()
        .map(|p| (&p.name, &p.ty))
        .chain(op.required_query.iter().map(|q| (&q.name, &q.ty)))
    {
        let name = ident(name);
        let ty = argument_type(ty, types, Some(&lifetime));
        params.push(quote!(#name: #ty));
        args.push(quote!(#name));
    }
    if let Some(query) = &op.optional_query {
        let type_name = ident(&query.type_name);
        params.push(quote!(query: &models::#type_name));
        args.push(quote!(query));
    }
    (params, args)
}

/// `<op>_pages`: a stream of every page from the query's own on.
fn pages(op: &Operation, pagination: &Pagination, cfg: &TokenStream, api: &Api) -> TokenStream {
    let (params, mut args) = paging_arguments(op, &api.types);
    let SuccessBody::Json(response) = &op.success.body else {
        return TokenStream::new();
    };
    let Some(query) = &op.optional_query else {
        return TokenStream::new();
    };
    // The call per page passes its own copy of the query.
    if let Some(last) = args.last_mut() {
        *last = quote!(&query);
    }
    let (runner, counter, start_type, rule) = match &pagination.style {
        PageStyle::Page { total_pages } => (
            quote!(by_page),
            total_pages,
            "u32",
            format!("after the last page (`{total_pages}`) or an empty one"),
        ),
        PageStyle::Offset { total_count } => (
            quote!(by_offset),
            total_count,
            "u64",
            format!("once `{total_count}` items have come, or an empty page"),
        ),
    };
    let docs = docs(&[wrapped(&format!(
        "Every page of [`{client}::{}`], from the one `query.{}` names (or the first) on; each \
         page is one call, retried and failing as one. It stops {rule}: a page size the server \
         reports is not trusted. The first error ends it.",
        op.name,
        pagination.param,
        client = api.client.name,
    ))]);
    let name = ident(&pagination.pages_method);
    let response = type_tokens(response, false);
    let ty = pagination.param_type;
    let param = ident(&pagination.param);
    let start_ident = ident(start_type);
    let start = match conversion(ty, start_type) {
        Conversion::Same => quote!(query.#param.unwrap_or(0)),
        Conversion::Widen => quote!(query.#param.map_or(0, #start_ident::from)),
        Conversion::Narrow => {
            quote!(query.#param.map_or(0, |p| #start_ident::try_from(p).unwrap_or(0)))
        }
    };
    let param_ident = ident(ty);
    let position = match conversion(start_type, ty) {
        Conversion::Same => TokenStream::new(),
        Conversion::Widen => quote!(let __position = #param_ident::from(__position);),
        Conversion::Narrow => quote! {
            let __position = #param_ident::try_from(__position).unwrap_or(#param_ident::MAX);
        },
    };
    let query_type = ident(&query.type_name);
    // The other options as the caller set them; none when the position is the only one.
    let rest = (query.params.len() > 1).then(|| quote!(..query.clone()));
    let operation = ident(&op.name);
    let counter: TokenStream = counter
        .split('.')
        .map(|part| {
            let part = ident(part);
            quote!(.#part)
        })
        .collect();
    let items_field = ident(&pagination.items_field);
    let many = many_arguments(params.len());
    quote! {
        #docs
        #cfg
        #many
        pub fn #name<'a>(&'a self, #(#params),*) -> rt::pagination::Paged<'a, #response, Error> {
            let query = query.clone();
            rt::pagination::#runner(
                #start,
                // `__position`: no argument can be called so (`ir/naming.rs` gives none a
                // leading `__`), so the call below passes the caller's arguments.
                move |__position| {
                    #position
                    let query = models::#query_type { #param: Some(__position), #rest };
                    async move { self.#operation(#(#args),*).await }
                },
                |response| {
                    let total = rt::pagination::Count::count(&response #counter);
                    (response.#items_field.len(), total)
                },
            )
        }
    }
}

/// How an integer of one type becomes another.
enum Conversion {
    /// The same type.
    Same,
    /// `From`: every value fits.
    Widen,
    /// `TryFrom`, with a fallback for a value that does not fit.
    Narrow,
}

fn conversion(from: &str, to: &str) -> Conversion {
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
        Conversion::Same
    } else if WIDENING.contains(&(from, to)) {
        Conversion::Widen
    } else {
        Conversion::Narrow
    }
}

/// `<op>_items`: the items of every page, in order.
fn items(op: &Operation, pagination: &Pagination, cfg: &TokenStream, api: &Api) -> TokenStream {
    let (params, args) = paging_arguments(op, &api.types);
    let docs = docs(&[wrapped(&format!(
        "Every item of every page of [`{client}::{}`], in order (see [`{client}::{}`]); an \
         error is yielded in place of a page's items and ends the stream.",
        op.name,
        pagination.pages_method,
        client = api.client.name,
    ))]);
    let name = ident(&pagination.items_method);
    let pages = ident(&pagination.pages_method);
    let item = type_tokens(&pagination.item, false);
    let items_field = ident(&pagination.items_field);
    let many = many_arguments(params.len());
    quote! {
        #docs
        #cfg
        #many
        pub fn #name<'a>(&'a self, #(#params),*) -> rt::pagination::Paged<'a, #item, Error> {
            rt::pagination::items(self.#pages(#(#args),*), |page| page.#items_field)
        }
    }
}

/// The contract test's call of `op`: how each argument is passed, which
/// `rt::contract_calls!` turns into a sample value of that form (`str` a `"sample"`, `slice` a
/// `&[Sample::sample()]`, `ref` a `&Sample::sample()`, `value` a `Sample::sample()`, `query`
/// the default options, `bytes` a `b"sample"`), or into the sample the schema requires when
/// the IR has one (`str = "org_.."`, the text itself; `ref = "<JSON>"` and the others, JSON
/// that decodes as the argument's type).
fn sample_args(op: &Operation, types: &[TypeDef]) -> Vec<TokenStream> {
    let sample = |ty: &TypeRef, sample: &Option<serde_json::Value>| {
        let passing = passing(ty, types);
        let form = match passing {
            Passing::Str => quote!(str),
            Passing::Slice => quote!(slice),
            Passing::Ref => quote!(ref),
            Passing::Value => quote!(value),
        };
        match (sample, passing) {
            (None, _) => form,
            (Some(serde_json::Value::String(text)), Passing::Str) => quote!(#form = #text),
            (Some(json), _) => {
                let json = json_literal(json);
                quote!(#form = #json)
            }
        }
    };
    let mut args: Vec<TokenStream> = op
        .path_params
        .iter()
        .map(|p| sample(&p.ty, &p.sample))
        .collect();
    args.extend(op.required_query.iter().map(|q| sample(&q.ty, &q.sample)));
    if op.optional_query.is_some() {
        args.push(quote!(query));
    }
    if let Some(body) = &op.body {
        args.push(match body.encoding {
            Encoding::Text => quote!(str),
            Encoding::Bytes => quote!(bytes),
            _ => quote!(ref),
        });
    }
    args
}
