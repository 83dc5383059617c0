//! `#[derive(StringNewtype)]`: a distinct type for a kind of text (an ID, a country code),
//! the text kept as it is; and the impls every type with an `as_str()` shares.

use crate::attrs::{self, Runtime};
use crate::types;
use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::{Data, DeriveInput, Fields, Ident};

/// `Display`, `AsRef<str>`, `Serialize` (as the string), `ParamValue` and `FromAbsent` of a
/// type with `as_str()`: string newtypes and open enums.
pub(crate) fn string_like(name: &Ident, rt: &Runtime) -> TokenStream {
    quote! {
        impl ::core::fmt::Display for #name {
            fn fmt(&self, __f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                __f.write_str(self.as_str())
            }
        }

        impl ::core::convert::AsRef<str> for #name {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl #rt::__private::serde::Serialize for #name {
            fn serialize<__S: #rt::__private::serde::Serializer>(
                &self,
                __serializer: __S,
            ) -> ::core::result::Result<__S::Ok, __S::Error> {
                __serializer.serialize_str(self.as_str())
            }
        }

        impl #rt::ParamValue for #name {
            fn to_param(&self) -> ::std::borrow::Cow<'_, str> {
                ::std::borrow::Cow::Borrowed(self.as_str())
            }
        }

        impl #rt::FromAbsent for #name {}
    }
}

/// Expands `#[derive(StringNewtype)]`.
pub(crate) fn expand(input: &DeriveInput) -> syn::Result<TokenStream> {
    if !input.generics.params.is_empty() || input.generics.where_clause.is_some() {
        return Err(syn::Error::new_spanned(
            &input.generics,
            "`StringNewtype` does not take generic parameters",
        ));
    }
    let shape = "`StringNewtype` takes a struct wrapping one `String`: `struct Name(String);`";
    let Data::Struct(data) = &input.data else {
        return Err(syn::Error::new_spanned(&input.ident, shape));
    };
    match &data.fields {
        Fields::Unnamed(fields) if fields.unnamed.len() == 1 => {
            if !types::is_string(&fields.unnamed[0].ty) {
                return Err(syn::Error::new_spanned(&fields.unnamed[0].ty, shape));
            }
        }
        _ => return Err(syn::Error::new_spanned(&input.ident, shape)),
    }
    let mut runtime = None;
    let mut example = None;
    attrs::parse_items(&input.attrs, "model", |meta| {
        if meta.path.is_ident("crate") {
            attrs::crate_path(&meta, &mut runtime)
        } else if meta.path.is_ident("example") {
            let text = attrs::string(&meta)?;
            attrs::set_once(&meta, &mut example, text.value())
        } else {
            Err(attrs::unknown(
                &meta,
                "on a `StringNewtype` struct",
                "`example = \"text\"` or `crate = \"path\"`",
            ))
        }
    })?;
    let rt = runtime.unwrap_or_else(Runtime::new);
    let name = &input.ident;
    let example = example.unwrap_or_else(|| "sample".to_string());
    let string_like = string_like(name, &rt);
    // Hygienic, as a setter's parameter (see `setters`).
    let value = Ident::new("value", Span::mixed_site());

    Ok(quote! {
        impl #name {
            /// Wraps a value.
            pub fn new(#value: impl ::core::convert::Into<::std::string::String>) -> Self {
                Self(#value.into())
            }

            /// The value as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// The inner `String`.
            pub fn into_inner(self) -> ::std::string::String {
                self.0
            }
        }

        impl ::core::convert::From<::std::string::String> for #name {
            fn from(__value: ::std::string::String) -> Self {
                Self(__value)
            }
        }

        impl ::core::convert::From<&str> for #name {
            fn from(__value: &str) -> Self {
                Self(__value.into())
            }
        }

        impl ::core::convert::From<#name> for ::std::string::String {
            fn from(__value: #name) -> Self {
                __value.0
            }
        }

        #string_like

        impl<'de> #rt::__private::serde::Deserialize<'de> for #name {
            fn deserialize<__D: #rt::__private::serde::Deserializer<'de>>(
                __deserializer: __D,
            ) -> ::core::result::Result<Self, __D::Error> {
                <::std::string::String as #rt::__private::serde::Deserialize>::deserialize(
                    __deserializer,
                )
                .map(Self)
            }
        }

        #rt::__sample! {
            impl for #name {
                Self::new(#example)
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::expand;
    use syn::parse_quote;

    #[test]
    fn the_example_is_the_sample() {
        let out = match expand(&parse_quote! {
            #[model(example = "cus_1")]
            pub struct CustomerId(String);
        }) {
            Ok(tokens) => tokens.to_string(),
            Err(error) => panic!("{error}"),
        };
        assert!(
            out.contains(r#"impl for CustomerId { Self :: new ("cus_1") }"#),
            "{out}"
        );
        let out = match expand(&parse_quote!(
            pub struct Country(::std::string::String);
        )) {
            Ok(tokens) => tokens.to_string(),
            Err(error) => panic!("{error}"),
        };
        assert!(out.contains(r#"Self :: new ("sample")"#), "{out}");
    }

    #[test]
    fn bad_input_is_an_error_saying_what_to_write() {
        let cases: Vec<(syn::DeriveInput, &str)> = vec![
            (
                parse_quote!(
                    pub struct Id(u64);
                ),
                "`StringNewtype` takes a struct wrapping one `String`",
            ),
            (
                parse_quote!(
                    pub struct Id {
                        pub value: String,
                    }
                ),
                "`StringNewtype` takes a struct wrapping one `String`",
            ),
            (
                parse_quote!(
                    pub struct Id(String, String);
                ),
                "`StringNewtype` takes a struct wrapping one `String`",
            ),
            (
                parse_quote!(
                    pub enum Id {
                        A,
                    }
                ),
                "`StringNewtype` takes a struct wrapping one `String`",
            ),
            (
                parse_quote!(
                    #[model(example)]
                    pub struct Id(String);
                ),
                "`example` takes a string: `example = \"..\"`",
            ),
            (
                parse_quote!(
                    #[model(rename_all = "camelCase")]
                    pub struct Id(String);
                ),
                "unknown attribute `rename_all` on a `StringNewtype` struct",
            ),
        ];
        for (input, message) in cases {
            crate::test_support::assert_error(expand, input, message);
        }
    }
}
