//! Contract-test support, compiled only with the client's `contract-samples` feature: a
//! schema-valid sample of every model and `call_all`, which calls every operation once with
//! sample arguments. `tests/prism_full.rs` runs it against a spec-validating mock server.
//!
//! Samples are minimal: required fields only (optional ones absent, nullable ones `null`), the
//! first value of an enum, the first branch of a union, a spec example where there is one.

use super::typeref::{Scope, ident, type_tokens};
use crate::ir::{Api, Operation, Presence, SuccessBody, TypeDef, TypeKind, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;

pub(crate) fn samples(api: &Api) -> TokenStream {
    let impls = api.types.iter().filter_map(sample_impl);
    let calls = api.operations.iter().map(|op| call(op, &api.types));
    quote! {
        /// Samples of every model and a call of every operation, for contract tests.
        #[cfg(feature = "contract-samples")]
        #[doc(hidden)]
        pub mod contract_samples {
            use crate::models::*;
            use crate::samples::Sample;

            #(#impls)*

            /// Calls every operation once with sample arguments; `Ok` means the server accepted
            /// the request and its response decoded.
            pub async fn call_all(client: &crate::Client) -> Vec<(&'static str, Result<(), crate::Error>)> {
                vec![#(#calls),*]
            }
        }
    }
}

fn sample_impl(def: &TypeDef) -> Option<TokenStream> {
    let name = ident(&def.name);
    let body = match &def.kind {
        TypeKind::Alias(_) => return None,
        TypeKind::Struct(s) => {
            let fields = s.fields.iter().map(|f| {
                let field = ident(&f.name);
                let value = match f.presence {
                    Presence::Required if f.boxed => quote! { Box::new(Sample::sample()) },
                    Presence::Required => quote! { Sample::sample() },
                    _ => quote! { None },
                };
                quote! { #field: #value, }
            });
            let extra = s.extra.as_deref().map(|e| {
                let e = ident(e);
                quote! { #e: crate::Extra::new(), }
            });
            quote! { Self { #(#fields)* #extra } }
        }
        TypeKind::Enum(e) => {
            let first = ident(&e.variants.first()?.name);
            quote! { Self::#first }
        }
        TypeKind::Newtype(n) => {
            let text = n
                .examples
                .first()
                .cloned()
                .unwrap_or_else(|| "sample".to_string());
            quote! { Self::new(#text) }
        }
        TypeKind::Union(u) => {
            let first = u.variants.first()?;
            let variant = ident(&first.name);
            if first.boxed {
                quote! { Self::#variant(Box::new(Sample::sample())) }
            } else {
                quote! { Self::#variant(Sample::sample()) }
            }
        }
    };
    Some(quote! {
        impl Sample for #name {
            fn sample() -> Self {
                #body
            }
        }
    })
}

/// A sample argument of `ty` in the form the operation takes it (text by reference).
fn argument(ty: &TypeRef, types: &[TypeDef]) -> TokenStream {
    match ty {
        TypeRef::String => quote! { "sample" },
        TypeRef::Vec(inner) => {
            let inner = type_tokens(inner, Scope::Crate);
            quote! { &[<#inner as Sample>::sample()] }
        }
        other if other.is_text(types) => {
            let ty = type_tokens(other, Scope::Crate);
            quote! { &<#ty as Sample>::sample() }
        }
        other => {
            let ty = type_tokens(other, Scope::Crate);
            quote! { <#ty as Sample>::sample() }
        }
    }
}

fn call(op: &Operation, types: &[TypeDef]) -> TokenStream {
    let name = ident(&op.name);
    let id = &op.operation_id;
    let mut args: Vec<TokenStream> = op
        .path_params
        .iter()
        .map(|p| argument(&p.ty, types))
        .collect();
    args.extend(op.required_query.iter().map(|q| argument(&q.ty, types)));
    if op.optional_query.is_some() {
        args.push(quote! { &Default::default() });
    }
    if let Some(body) = &op.body {
        let ty = type_tokens(&body.ty, Scope::Crate);
        args.push(quote! { &<#ty as Sample>::sample() });
    }
    let discard = match op.success.body {
        SuccessBody::Empty => quote! {},
        _ => quote! { .map(|_| ()) },
    };
    quote! { (#id, client.#name(#(#args),*).await #discard) }
}
