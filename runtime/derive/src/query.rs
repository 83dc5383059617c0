//! `#[derive(QueryOptions)]`: an operation's optional query parameters, every field an
//! `Option`, with `new()` and a setter per field. Never serialized: the operation writes each
//! field into the query itself.

use crate::attrs;
use crate::model::named_fields;
use crate::setters::{MethodNames, Setter};
use crate::types;
use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::{DeriveInput, Ident};

/// Expands `#[derive(QueryOptions)]`.
pub(crate) fn expand(input: &DeriveInput) -> syn::Result<TokenStream> {
    let fields = named_fields(input, "QueryOptions")?;
    // `crate = ".."` is accepted for symmetry with the other derives, though nothing here
    // names the runtime.
    let mut runtime = None;
    attrs::parse_items(&input.attrs, "model", |meta| {
        if meta.path.is_ident("crate") {
            attrs::crate_path(&meta, &mut runtime)
        } else {
            Err(attrs::unknown(
                &meta,
                "on a `QueryOptions` struct",
                "only `crate = \"path\"`",
            ))
        }
    })?;

    let mut names = MethodNames::default();
    names.add(
        &Ident::new("new", Span::call_site()),
        Span::call_site(),
        "the constructor".to_string(),
    )?;
    let mut setters = TokenStream::new();
    for field in fields {
        let Some(ident) = &field.ident else {
            continue;
        };
        attrs::parse_items(&field.attrs, "model", |meta| {
            Err(attrs::unknown(
                &meta,
                "on a `QueryOptions` field",
                "none: a query parameter's name is the operation's business",
            ))
        })?;
        let Some(value_ty) = types::option_inner(&field.ty) else {
            return Err(syn::Error::new_spanned(
                &field.ty,
                "a `QueryOptions` field is an optional parameter: its type is `Option<T>`",
            ));
        };
        let setter = Setter {
            field: ident,
            value_ty,
            docs: attrs::docs(&field.attrs),
            nullable: false,
        };
        names.add_setter(&setter)?;
        setters.extend(setter.tokens());
    }

    let name = &input.ident;
    Ok(quote! {
        impl #name {
            /// No parameter set: none is sent.
            pub fn new() -> Self {
                Self::default()
            }

            #setters
        }
    })
}

#[cfg(test)]
mod tests {
    use super::expand;
    use syn::parse_quote;

    #[test]
    fn new_and_one_setter_per_field_with_its_docs() {
        let out = match expand(&parse_quote! {
            pub struct ListQuery {
                /// Free text.
                pub search: Option<String>,
                pub per_page: Option<u32>,
            }
        }) {
            Ok(tokens) => tokens.to_string(),
            Err(error) => panic!("{error}"),
        };
        for part in [
            r#"# [doc = r" No parameter set: none is sent."] pub fn new () -> Self { Self :: default () }"#,
            r#"# [doc = "Sets [`search`](Self::search)."] # [doc = ""] # [doc = r" Free text."] pub fn search (mut self , value : impl :: core :: convert :: Into < String >) -> Self"#,
            "pub fn per_page (mut self , value : u32) -> Self { self . per_page = :: core :: option :: Option :: Some (value) ; self }",
        ] {
            assert!(out.contains(part), "{out}\n\ndoes not contain\n\n{part}");
        }
    }

    #[test]
    fn bad_input_is_an_error_saying_what_to_write() {
        let cases: Vec<(syn::DeriveInput, &str)> = vec![
            (
                parse_quote!(
                    pub struct Q {
                        pub page: u32,
                    }
                ),
                "a `QueryOptions` field is an optional parameter: its type is `Option<T>`",
            ),
            (
                parse_quote!(
                    pub struct Q {
                        #[model(rename = "p")]
                        pub page: Option<u32>,
                    }
                ),
                "unknown attribute `rename` on a `QueryOptions` field",
            ),
            (
                parse_quote!(
                    #[model(new)]
                    pub struct Q {
                        pub page: Option<u32>,
                    }
                ),
                "unknown attribute `new` on a `QueryOptions` struct",
            ),
            (
                parse_quote!(
                    pub struct Q {
                        pub new: Option<u32>,
                    }
                ),
                "the method `new` would be defined twice",
            ),
            (
                parse_quote!(
                    pub struct Q(Option<u32>);
                ),
                "`QueryOptions` takes a struct with named fields",
            ),
        ];
        for (input, message) in cases {
            crate::test_support::assert_error(expand, input, message);
        }
    }
}
