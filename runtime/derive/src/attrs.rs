//! Reading the `#[model(..)]` and `#[client(..)]` attributes, and the doc comments that
//! setters and constructors copy.

use proc_macro2::TokenStream;
use quote::ToTokens;
use syn::meta::ParseNestedMeta;
use syn::{Attribute, Expr, ExprLit, Lit, LitStr, Meta, Result, Token};

/// The runtime crate as expansions name it, `::meteroid_runtime` unless a container's
/// `crate = "path"` says otherwise: every item an expansion uses goes through this path, so
/// that no `use` at the call site is needed and none can shadow it.
pub(crate) struct Runtime {
    path: syn::Path,
}

impl Runtime {
    /// `::meteroid_runtime`.
    pub(crate) fn new() -> Self {
        Runtime {
            path: syn::parse_quote!(::meteroid_runtime),
        }
    }

    /// From the string of `crate = "some::path"`.
    pub(crate) fn from_lit(lit: &LitStr) -> Result<Self> {
        let path: syn::Path = lit.parse().map_err(|_| {
            syn::Error::new(
                lit.span(),
                format!("`crate = {:?}` is not a path", lit.value()),
            )
        })?;
        Ok(Runtime { path })
    }

    /// The path of `item` (`"ClientBuilder::base_url"`) for an intra-doc link.
    pub(crate) fn doc_link(&self, item: &str) -> String {
        let runtime = self.path.to_token_stream().to_string().replace(' ', "");
        format!("{runtime}::{item}")
    }
}

impl ToTokens for Runtime {
    fn to_tokens(&self, tokens: &mut TokenStream) {
        self.path.to_tokens(tokens);
    }
}

/// Calls `each` for every item of every `#[<name>(..)]` attribute in `attrs`, in order.
pub(crate) fn parse_items(
    attrs: &[Attribute],
    name: &str,
    mut each: impl FnMut(ParseNestedMeta) -> Result<()>,
) -> Result<()> {
    for attr in attrs {
        if attr.path().is_ident(name) {
            attr.parse_nested_meta(&mut each)?;
        }
    }
    Ok(())
}

/// The name of an attribute item (`rename` in `rename = ".."`), for messages.
pub(crate) fn item_name(meta: &ParseNestedMeta) -> String {
    meta.path.to_token_stream().to_string().replace(' ', "")
}

/// The error for an item that the attribute does not take, listing those it does.
pub(crate) fn unknown(meta: &ParseNestedMeta, context: &str, expected: &str) -> syn::Error {
    meta.error(format!(
        "unknown attribute `{}` {context}; expected {expected}",
        item_name(meta)
    ))
}

/// Reads the string of `key = "value"`.
pub(crate) fn string(meta: &ParseNestedMeta) -> Result<LitStr> {
    let name = item_name(meta);
    let value = meta
        .value()
        .map_err(|_| meta.error(format!("`{name}` takes a string: `{name} = \"..\"`")))?;
    value.parse::<LitStr>().map_err(|error| {
        syn::Error::new(
            error.span(),
            format!("`{name}` takes a string: `{name} = \"..\"`"),
        )
    })
}

/// Checks that a flag (`required`, `extra`, `other`, ..) has no value after it, rather than
/// letting syn report a bare "expected `,`".
pub(crate) fn flag(meta: &ParseNestedMeta) -> Result<()> {
    if meta.input.peek(Token![=]) || meta.input.peek(syn::token::Paren) {
        let name = item_name(meta);
        return Err(meta.error(format!("`{name}` takes no value: `{name}` alone")));
    }
    Ok(())
}

/// Stores `value` in `slot`, or fails if the item was already given.
pub(crate) fn set_once<T>(meta: &ParseNestedMeta, slot: &mut Option<T>, value: T) -> Result<()> {
    if slot.is_some() {
        return Err(meta.error(format!("`{}` is given twice", item_name(meta))));
    }
    *slot = Some(value);
    Ok(())
}

/// Reads `crate = "path"` into `runtime`, once.
pub(crate) fn crate_path(meta: &ParseNestedMeta, runtime: &mut Option<Runtime>) -> Result<()> {
    let lit = string(meta)?;
    set_once(meta, runtime, Runtime::from_lit(&lit)?)
}

/// The `#[doc = ".."]` attributes (doc comments) among `attrs`.
pub(crate) fn docs(attrs: &[Attribute]) -> Vec<&Attribute> {
    attrs
        .iter()
        .filter(|attr| attr.path().is_ident("doc"))
        .collect()
}

/// The first non-empty line of the doc comments among `attrs`, trimmed.
pub(crate) fn first_doc_line(attrs: &[Attribute]) -> Option<String> {
    attrs.iter().find_map(|attr| {
        let Meta::NameValue(doc) = &attr.meta else {
            return None;
        };
        if !doc.path.is_ident("doc") {
            return None;
        }
        let Expr::Lit(ExprLit {
            lit: Lit::Str(text),
            ..
        }) = &doc.value
        else {
            return None;
        };
        text.value()
            .lines()
            .map(str::trim)
            .find(|line| !line.is_empty())
            .map(str::to_string)
    })
}
