//! What the enum derives share: reading the variants, their `#[model(..)]` attributes, and the
//! one `#[model(other)]` variant that keeps what this client does not know.

use crate::attrs;
use proc_macro2::Span;
use syn::spanned::Spanned;
use syn::{Data, DeriveInput, Fields, Ident, LitStr, Type};

/// A variant for a value the spec lists.
pub(crate) struct Known<'a> {
    pub ident: &'a Ident,
    /// The type of its one unnamed field, if it has exactly that.
    pub payload: Option<&'a Type>,
    pub fields: &'a Fields,
    /// `#[model(rename = "..")]`.
    pub rename: Option<LitStr>,
}

/// The `#[model(other)]` variant.
pub(crate) struct CatchAll<'a> {
    pub ident: &'a Ident,
}

/// A parsed enum: its known variants in declaration order, then the catch-all.
pub(crate) struct Variants<'a> {
    pub known: Vec<Known<'a>>,
    pub other: CatchAll<'a>,
}

/// The type of a variant's one unnamed field (`Name(T)`).
fn payload(fields: &Fields) -> Option<&Type> {
    match fields {
        Fields::Unnamed(fields) if fields.unnamed.len() == 1 => Some(&fields.unnamed[0].ty),
        _ => None,
    }
}

/// Reads the variants of `input`, an enum for `derive`. `renames` says whether a variant may
/// take `rename = ".."`; `other_holds` names what the catch-all holds, for messages.
pub(crate) fn parse<'a>(
    input: &'a DeriveInput,
    derive: &str,
    renames: bool,
    other_holds: &str,
) -> syn::Result<Variants<'a>> {
    if !input.generics.params.is_empty() || input.generics.where_clause.is_some() {
        return Err(syn::Error::new_spanned(
            &input.generics,
            format!("`{derive}` does not take generic parameters"),
        ));
    }
    let Data::Enum(data) = &input.data else {
        return Err(syn::Error::new_spanned(
            &input.ident,
            format!("`{derive}` takes an enum"),
        ));
    };
    let mut known = Vec::new();
    let mut other: Option<CatchAll> = None;
    for variant in &data.variants {
        if let Some((_, discriminant)) = &variant.discriminant {
            return Err(syn::Error::new_spanned(
                discriminant,
                format!("a variant of a `#[derive({derive})]` enum takes no discriminant"),
            ));
        }
        let mut rename = None;
        let mut is_other: Option<Span> = None;
        attrs::parse_items(&variant.attrs, "model", |meta| {
            if meta.path.is_ident("other") {
                attrs::flag(&meta)?;
                attrs::set_once(&meta, &mut is_other, meta.path.span())
            } else if renames && meta.path.is_ident("rename") {
                let wire = attrs::string(&meta)?;
                attrs::set_once(&meta, &mut rename, wire)
            } else {
                let expected = if renames {
                    "`rename = \"wire\"` or `other`"
                } else {
                    "only `other`"
                };
                Err(attrs::unknown(
                    &meta,
                    &format!("on a variant of a `#[derive({derive})]` enum"),
                    expected,
                ))
            }
        })?;
        if let Some(marker) = is_other {
            if let Some(rename) = &rename {
                return Err(syn::Error::new(
                    rename.span(),
                    "the `other` variant keeps any value as it came: it takes no `rename`",
                ));
            }
            if let Some(first) = &other {
                return Err(syn::Error::new(
                    marker,
                    format!(
                        "`{}` is already the `other` variant of `{}`: one variant only is \
                         `#[model(other)]`",
                        first.ident, input.ident
                    ),
                ));
            }
            if payload(&variant.fields).is_none() {
                return Err(syn::Error::new_spanned(
                    &variant.ident,
                    format!(
                        "the `other` variant holds the value as it came: `{}({other_holds})`",
                        variant.ident
                    ),
                ));
            }
            other = Some(CatchAll {
                ident: &variant.ident,
            });
            continue;
        }
        known.push(Known {
            ident: &variant.ident,
            payload: payload(&variant.fields),
            fields: &variant.fields,
            rename,
        });
    }
    let Some(other) = other else {
        return Err(syn::Error::new_spanned(
            &input.ident,
            format!(
                "`{}` has no `#[model(other)]` variant: a `{derive}` keeps what this client \
                 does not know in `#[model(other)] Unknown({other_holds})`",
                input.ident
            ),
        ));
    };
    Ok(Variants { known, other })
}

/// Fails at the second of two variants with one wire name (a value, a tag).
pub(crate) fn check_unique<'a>(
    wires: impl IntoIterator<Item = (&'a Ident, &'a str)>,
    what: &str,
) -> syn::Result<()> {
    let mut seen: Vec<(&Ident, &str)> = Vec::new();
    for (ident, wire) in wires {
        if let Some((first, _)) = seen.iter().find(|(_, seen)| *seen == wire) {
            return Err(syn::Error::new_spanned(
                ident,
                format!("`{ident}` has the {what} \"{wire}\" of `{first}`"),
            ));
        }
        seen.push((ident, wire));
    }
    Ok(())
}
