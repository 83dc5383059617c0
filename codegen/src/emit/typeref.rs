//! Type uses -> tokens.

use crate::ir::TypeRef;
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

/// An identifier token for a name the IR has already made valid.
pub(crate) fn ident(name: &str) -> Ident {
    Ident::new(name, Span::call_site())
}

/// Where the tokens will stand: inside `mod models` generated types are in scope; outside, they
/// are reached through `crate::models`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum Scope {
    Models,
    Crate,
}

pub(crate) fn type_tokens(ty: &TypeRef, scope: Scope) -> TokenStream {
    match ty {
        TypeRef::Named(name) => {
            let name = ident(name);
            match scope {
                Scope::Models => quote! { #name },
                Scope::Crate => quote! { crate::models::#name },
            }
        }
        TypeRef::String => quote! { String },
        TypeRef::Bool => quote! { bool },
        TypeRef::Integer(name) | TypeRef::Float(name) => {
            let name = ident(name);
            quote! { #name }
        }
        TypeRef::Vec(inner) => {
            let inner = type_tokens(inner, scope);
            quote! { Vec<#inner> }
        }
        TypeRef::Map(inner) => {
            let inner = type_tokens(inner, scope);
            quote! { std::collections::BTreeMap<String, #inner> }
        }
        TypeRef::Json => quote! { serde_json::Value },
        TypeRef::Format(name) => {
            let name = ident(name);
            quote! { crate::types::#name }
        }
    }
}
