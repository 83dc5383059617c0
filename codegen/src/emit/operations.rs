//! Operations: one `async fn` on `Client` each, delegating HTTP to the runtime in `src/`.

use super::docs::{doc_attrs, prose};
use super::typeref::{Scope, ident, type_tokens};
use crate::ir::{Method, Operation, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;

pub(crate) fn operations(operations: &[Operation]) -> TokenStream {
    if operations.is_empty() {
        return quote! {};
    }
    let methods = operations.iter().map(operation);
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
    let returns = match &op.success.ty {
        Some(_) => format!(
            "Returns the decoded {} response: {}.",
            op.success.status,
            prose(&op.success.description)
        ),
        None => format!(
            "Succeeds with {}: {}.",
            op.success.status,
            prose(&op.success.description)
        ),
    };
    paragraphs.push(returns);
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
    errors.push_str("\n\nOther variants of [`crate::Error`] for a request that could not be sent or a response that could not be decoded.");
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

fn operation(op: &Operation) -> TokenStream {
    let docs = docs(op);
    let name = ident(&op.name);
    let id = &op.operation_id;
    let path = &op.path;
    let method = method_tokens(op.method);
    let authenticated = op.authenticated;

    let mut args = Vec::new();
    let mut steps = Vec::new();
    for param in &op.path_params {
        let arg = ident(&param.name);
        let wire = &param.wire;
        let (ty, value) = match &param.ty {
            TypeRef::String => (quote! { &str }, quote! { #arg }),
            TypeRef::Named(_) => {
                let ty = type_tokens(&param.ty, Scope::Crate);
                (quote! { &#ty }, quote! { #arg.as_ref() })
            }
            other => {
                let ty = type_tokens(other, Scope::Crate);
                (ty, quote! { &#arg.to_string() })
            }
        };
        args.push(quote! { #arg: #ty });
        steps.push(quote! { .path_param(#wire, #value) });
    }
    if let Some(body) = &op.body {
        let ty = type_tokens(&body.ty, Scope::Crate);
        args.push(quote! { body: &#ty });
        steps.push(quote! { .json_body(body) });
    }
    let (ret, send) = match &op.success.ty {
        Some(ty) => (
            type_tokens(ty, Scope::Crate),
            quote! { self.send_json(request).await },
        ),
        None => (quote! { () }, quote! { self.send_empty(request).await }),
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
            let request = crate::runtime::Request::new(&OPERATION) #(#steps)*;
            #send
        }
    }
}
