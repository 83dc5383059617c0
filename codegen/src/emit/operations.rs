//! Operations: one `async fn` on `Client` each, delegating HTTP to the runtime in `src/`.

use super::docs::{doc_attrs, prose};
use super::typeref::{Scope, ident, type_tokens};
use crate::ir::{Encoding, Method, Operation, QueryParam, SuccessBody, TypeDef, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;

pub(crate) fn operations(operations: &[Operation], types: &[TypeDef]) -> TokenStream {
    if operations.is_empty() {
        return quote! {};
    }
    let methods = operations.iter().map(|op| operation(op, types));
    quote! {
        impl crate::Client {
            #(#methods)*
        }
    }
}

fn docs(op: &Operation) -> TokenStream {
    let mut paragraphs: Vec<String> = op.docs.iter().map(|d| prose(d)).collect();
    paragraphs.push(format!(
        "`{} {}` (operation `{}`).",
        op.method.as_str(),
        op.path,
        op.operation_id
    ));
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
    paragraphs.push(match &op.success.body {
        SuccessBody::Json(_) => format!(
            "Returns the decoded {} response: {description}.",
            op.success.status
        ),
        SuccessBody::Bytes(media) => format!(
            "Returns the {} response's bytes (`{media}`): {description}.",
            op.success.status
        ),
        SuccessBody::Empty => format!("Succeeds with {}: {description}.", op.success.status),
    });
    let mut errors =
        String::from("# Errors\n\n[`crate::Error::Api`] for an error status; the spec documents:");
    for e in &op.errors {
        let body = match &e.ty {
            Some(TypeRef::Named(n)) => format!(" ([`{n}`](crate::models::{n}))"),
            _ => String::new(),
        };
        errors.push_str(&format!(
            "\n- {}: {}{body}",
            e.status,
            prose(&e.description)
        ));
    }
    if op.errors.is_empty() {
        errors.push_str(" none.");
    }
    errors.push_str(
        "\n\nOther variants of [`crate::Error`] for a request that could not be sent or a response \
         that could not be decoded.",
    );
    paragraphs.push(errors);
    doc_attrs(&paragraphs)
}

fn method_tokens(method: Method) -> TokenStream {
    match method {
        Method::Get => quote! { Get },
        Method::Put => quote! { Put },
        Method::Post => quote! { Post },
        Method::Delete => quote! { Delete },
        Method::Patch => quote! { Patch },
    }
}

/// The argument type for a value the caller lends: text by reference, numbers by value.
fn argument_type(ty: &TypeRef, types: &[TypeDef]) -> TokenStream {
    match ty {
        TypeRef::String => quote! { &str },
        TypeRef::Vec(inner) => {
            let inner = type_tokens(inner, Scope::Crate);
            quote! { &[#inner] }
        }
        other if other.is_text(types) => {
            let ty = type_tokens(other, Scope::Crate);
            quote! { &#ty }
        }
        other => type_tokens(other, Scope::Crate),
    }
}

/// A `&str` expression for one value of `ty` held in `value` (a reference, or a number).
fn text_of(value: TokenStream, ty: &TypeRef, types: &[TypeDef]) -> TokenStream {
    match ty {
        TypeRef::String => quote! { #value },
        other if other.is_text(types) => quote! { #value.as_str() },
        _ => quote! { &#value.to_string() },
    }
}

/// Statements that add one query parameter held in `value` to `request`.
fn query_steps(param: &QueryParam, value: TokenStream, types: &[TypeDef]) -> TokenStream {
    let wire = &param.wire;
    match &param.ty {
        TypeRef::Vec(inner) if param.explode => {
            let item = text_of(quote! { item }, inner, types);
            quote! {
                for item in #value.iter() {
                    request = request.query(#wire, #item);
                }
            }
        }
        TypeRef::Vec(inner) => {
            // Texts are joined borrowed; numbers are formatted first (a closure cannot lend
            // out the `String` it makes).
            let joined = if inner.is_text(types) {
                quote! { let joined: Vec<&str> = #value.iter().map(|item| item.as_str()).collect(); }
            } else {
                quote! { let joined: Vec<String> = #value.iter().map(|item| item.to_string()).collect(); }
            };
            quote! {
                #joined
                request = request.query(#wire, &joined.join(","));
            }
        }
        other => {
            let text = text_of(value, other, types);
            quote! { request = request.query(#wire, #text); }
        }
    }
}

fn operation(op: &Operation, types: &[TypeDef]) -> TokenStream {
    let docs = docs(op);
    let name = ident(&op.name);
    let id = &op.operation_id;
    let path = &op.path;
    let method = method_tokens(op.method);
    let authenticated = op.authenticated;

    let mut args = Vec::new();
    // Unconditional steps chain onto `Request::new`; query parameters, some optional, follow as
    // statements.
    let mut chain = Vec::new();
    let mut steps = Vec::new();
    for param in &op.path_params {
        let arg = ident(&param.name);
        args.push({
            let ty = argument_type(&param.ty, types);
            quote! { #arg: #ty }
        });
        let wire = &param.wire;
        let text = text_of(quote! { #arg }, &param.ty, types);
        chain.push(quote! { .path_param(#wire, #text) });
    }
    for param in &op.required_query {
        let arg = ident(&param.name);
        let ty = argument_type(&param.ty, types);
        args.push(quote! { #arg: #ty });
        steps.push(query_steps(param, quote! { #arg }, types));
    }
    if let Some(query) = &op.optional_query {
        let ty = ident(&query.type_name);
        args.push(quote! { query: &crate::models::#ty });
        for param in &query.params {
            let field = ident(&param.name);
            let add = query_steps(param, quote! { value }, types);
            steps.push(quote! {
                if let Some(value) = &query.#field {
                    #add
                }
            });
        }
    }
    if let Some(body) = &op.body {
        let ty = type_tokens(&body.ty, Scope::Crate);
        args.push(quote! { body: &#ty });
        chain.push(match body.encoding {
            Encoding::Json => quote! { .json_body(body) },
            Encoding::Form => quote! { .form_body(body) },
        });
    }
    let (ret, send) = match &op.success.body {
        SuccessBody::Json(ty) => (
            type_tokens(ty, Scope::Crate),
            quote! { self.send_json(request).await },
        ),
        SuccessBody::Bytes(media) => {
            chain.push(quote! { .accept(#media) });
            (
                quote! { Vec<u8> },
                quote! { self.send_bytes(request).await },
            )
        }
        SuccessBody::Empty => (quote! { () }, quote! { self.send_empty(request).await }),
    };
    let binding = if steps.is_empty() {
        quote! { let request = crate::runtime::Request::new(&OPERATION) #(#chain)*; }
    } else {
        quote! { let mut request = crate::runtime::Request::new(&OPERATION) #(#chain)*; }
    };
    quote! {
        #docs
        pub async fn #name(&self, #(#args),*) -> Result<#ret, crate::Error> {
            const OPERATION: crate::runtime::Operation = crate::runtime::Operation {
                id: #id,
                method: crate::runtime::Method::#method,
                path: #path,
                authenticated: #authenticated,
            };
            #binding
            #(#steps)*
            #send
        }
    }
}
