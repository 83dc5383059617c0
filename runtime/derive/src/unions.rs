//! `#[derive(TaggedUnion)]` (`oneOf` with a discriminator: a variant per tag value) and
//! `#[derive(UntaggedUnion)]` (`oneOf`/`anyOf` without one: variants tried in order), each
//! with a catch-all variant that keeps, as JSON, what no variant accepts.

use crate::attrs::{self, Runtime};
use crate::enums;
use crate::types;
use proc_macro2::TokenStream;
use quote::quote;
use syn::{DeriveInput, Ident, LitStr, Type};

/// Expands `#[derive(TaggedUnion)]`.
pub(crate) fn expand_tagged(input: &DeriveInput) -> syn::Result<TokenStream> {
    let variants = enums::parse(input, "TaggedUnion", true, "rt::serde_json::Value")?;
    let mut runtime = None;
    let mut tag: Option<LitStr> = None;
    attrs::parse_items(&input.attrs, "model", |meta| {
        if meta.path.is_ident("crate") {
            attrs::crate_path(&meta, &mut runtime)
        } else if meta.path.is_ident("tag") {
            let lit = attrs::string(&meta)?;
            attrs::set_once(&meta, &mut tag, lit)
        } else {
            Err(attrs::unknown(
                &meta,
                "on a `TaggedUnion` enum",
                "`tag = \"property\"` or `crate = \"path\"`",
            ))
        }
    })?;
    let Some(tag) = tag else {
        return Err(syn::Error::new_spanned(
            &input.ident,
            "a `TaggedUnion` names its tag property: `#[model(tag = \"type\")]`",
        ));
    };
    let mut idents = Vec::new();
    let mut values = Vec::new();
    for variant in &variants.known {
        let ident = variant.ident;
        if !variant.payload.is_some_and(types::is_box) {
            return Err(syn::Error::new_spanned(
                ident,
                format!("a `TaggedUnion` variant holds its payload boxed: `{ident}(Box<T>)`"),
            ));
        }
        let Some(value) = &variant.rename else {
            return Err(syn::Error::new_spanned(
                ident,
                format!(
                    "`{ident}` needs its tag value: `#[model(rename = \"VALUE\")]` (the `{}` \
                     that says an object is this variant)",
                    tag.value()
                ),
            ));
        };
        idents.push(ident);
        values.push(value.value());
    }
    enums::check_unique(
        idents
            .iter()
            .copied()
            .zip(values.iter().map(String::as_str)),
        "tag value",
    )?;

    let rt = runtime.unwrap_or_else(Runtime::new);
    let serde = quote!(#rt::__private::serde);
    let json = quote!(#rt::__private::serde_json);
    let name = &input.ident;
    let other = variants.other.ident;
    let tag_doc = format!("The value of `{}` on the wire.", tag.value());
    let sample = match idents.first() {
        Some(first) => quote!(Self::#first(::std::boxed::Box::new(#rt::samples::Sample::sample()))),
        None => quote!(Self::#other(#json::Value::Null)),
    };

    Ok(quote! {
        impl #name {
            #[doc = #tag_doc]
            pub fn tag(&self) -> &str {
                match self {
                    #(Self::#idents(_) => #values,)*
                    Self::#other(__value) => __value
                        .get(#tag)
                        .and_then(#json::Value::as_str)
                        .unwrap_or_default(),
                }
            }
        }

        impl #serde::Serialize for #name {
            fn serialize<__S: #serde::Serializer>(
                &self,
                __serializer: __S,
            ) -> ::core::result::Result<__S::Ok, __S::Error> {
                match self {
                    #(Self::#idents(__value) => {
                        #rt::__private::tagged::serialize(__serializer, #tag, #values, __value)
                    })*
                    Self::#other(__value) => #serde::Serialize::serialize(__value, __serializer),
                }
            }
        }

        impl<'de> #serde::Deserialize<'de> for #name {
            fn deserialize<__D: #serde::Deserializer<'de>>(
                __deserializer: __D,
            ) -> ::core::result::Result<Self, __D::Error> {
                #rt::__private::tagged::read(__deserializer, #tag, |__tag, __value| match __tag {
                    #(::core::option::Option::Some(#values) => {
                        #rt::__private::tagged::decode_variant(__value, #tag)
                            .map(|__value| Self::#idents(::std::boxed::Box::new(__value)))
                    })*
                    _ => ::core::result::Result::Ok(Self::#other(__value)),
                })
            }
        }

        impl #rt::FromAbsent for #name {}

        #rt::__sample! {
            impl for #name {
                #sample
            }
        }
    })
}

/// Expands `#[derive(UntaggedUnion)]`.
pub(crate) fn expand_untagged(input: &DeriveInput) -> syn::Result<TokenStream> {
    let variants = enums::parse(input, "UntaggedUnion", false, "rt::serde_json::Value")?;
    let mut runtime = None;
    let mut param = None;
    attrs::parse_items(&input.attrs, "model", |meta| {
        if meta.path.is_ident("crate") {
            attrs::crate_path(&meta, &mut runtime)
        } else if meta.path.is_ident("param") {
            attrs::flag(&meta)?;
            attrs::set_once(&meta, &mut param, ())
        } else {
            Err(attrs::unknown(
                &meta,
                "on an `UntaggedUnion` enum",
                "`param` or `crate = \"path\"`",
            ))
        }
    })?;
    let mut idents: Vec<&Ident> = Vec::new();
    let mut payloads: Vec<&Type> = Vec::new();
    for variant in &variants.known {
        let Some(payload) = variant.payload else {
            return Err(syn::Error::new_spanned(
                variant.ident,
                format!(
                    "an `UntaggedUnion` variant holds one value: `{}(T)`",
                    variant.ident
                ),
            ));
        };
        idents.push(variant.ident);
        payloads.push(payload);
    }

    let rt = runtime.unwrap_or_else(Runtime::new);
    let serde = quote!(#rt::__private::serde);
    let json = quote!(#rt::__private::serde_json);
    let name = &input.ident;
    let other = variants.other.ident;
    let sample = match idents.first() {
        Some(first) => quote!(Self::#first(#rt::samples::Sample::sample())),
        None => quote!(Self::#other(#json::Value::Null)),
    };
    let param = param.map(|()| {
        quote! {
            impl #rt::ParamValue for #name {
                fn to_param(&self) -> ::std::borrow::Cow<'_, str> {
                    match self {
                        #(Self::#idents(__value) => #rt::ParamValue::to_param(__value),)*
                        Self::#other(#json::Value::String(__text)) => {
                            ::std::borrow::Cow::Borrowed(__text.as_str())
                        }
                        Self::#other(__other) => ::std::borrow::Cow::Owned(__other.to_string()),
                    }
                }
            }
        }
    });

    Ok(quote! {
        #(impl ::core::convert::From<#payloads> for #name {
            fn from(__value: #payloads) -> Self {
                Self::#idents(__value)
            }
        })*

        impl #serde::Serialize for #name {
            fn serialize<__S: #serde::Serializer>(
                &self,
                __serializer: __S,
            ) -> ::core::result::Result<__S::Ok, __S::Error> {
                match self {
                    #(Self::#idents(__value) => #serde::Serialize::serialize(__value, __serializer),)*
                    Self::#other(__value) => #serde::Serialize::serialize(__value, __serializer),
                }
            }
        }

        impl<'de> #serde::Deserialize<'de> for #name {
            fn deserialize<__D: #serde::Deserializer<'de>>(
                __deserializer: __D,
            ) -> ::core::result::Result<Self, __D::Error> {
                let __value: #json::Value = #serde::Deserialize::deserialize(__deserializer)?;
                #(if let ::core::result::Result::Ok(__decoded) =
                    <#payloads as #serde::Deserialize>::deserialize(&__value)
                {
                    return ::core::result::Result::Ok(Self::#idents(__decoded));
                })*
                ::core::result::Result::Ok(Self::#other(__value))
            }
        }

        impl #rt::FromAbsent for #name {}

        #param

        #rt::__sample! {
            impl for #name {
                #sample
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::{expand_tagged, expand_untagged};
    use syn::parse_quote;

    use crate::test_support::{assert_error, expanded};

    #[test]
    fn a_tagged_union_decodes_by_its_tag_values() {
        let out = expanded(
            expand_tagged,
            parse_quote! {
                #[model(tag = "type")]
                pub enum Price {
                    #[model(rename = "FIXED")]
                    Fixed(Box<Fixed>),
                    #[model(other)]
                    Unknown(Value),
                }
            },
        );
        for part in [
            r#"# [doc = "The value of `type` on the wire."] pub fn tag"#,
            r#"Self :: Fixed (__value) => { :: meteroid_runtime :: __private :: tagged :: serialize (__serializer , "type" , "FIXED" , __value) }"#,
            r#":: core :: option :: Option :: Some ("FIXED") => { :: meteroid_runtime :: __private :: tagged :: decode_variant (__value , "type") . map (| __value | Self :: Fixed (:: std :: boxed :: Box :: new (__value))) }"#,
            "impl for Price { Self :: Fixed (:: std :: boxed :: Box :: new (:: meteroid_runtime :: samples :: Sample :: sample ())) }",
        ] {
            assert!(out.contains(part), "{out}\n\ndoes not contain\n\n{part}");
        }
    }

    #[test]
    fn an_untagged_union_is_a_param_only_when_asked() {
        let input: syn::DeriveInput = parse_quote! {
            pub enum Status { Integer(u16), String(String), #[model(other)] Unknown(Value) }
        };
        let plain = expanded(expand_untagged, input);
        assert!(!plain.contains("ParamValue"), "{plain}");
        assert!(
            plain.contains("impl :: core :: convert :: From < u16 > for Status"),
            "{plain}"
        );
        let param = expanded(
            expand_untagged,
            parse_quote! {
                #[model(param)]
                pub enum Status { Integer(u16), #[model(other)] Unknown(Value) }
            },
        );
        assert!(
            param.contains("impl :: meteroid_runtime :: ParamValue for Status"),
            "{param}"
        );
    }

    #[test]
    fn bad_input_is_an_error_saying_what_to_write() {
        assert_error(
            expand_tagged,
            parse_quote!(
                pub enum P {
                    #[model(rename = "A")]
                    A(Box<A>),
                    #[model(other)]
                    U(V),
                }
            ),
            "a `TaggedUnion` names its tag property: `#[model(tag = \"type\")]`",
        );
        assert_error(
            expand_tagged,
            parse_quote!(
                #[model(tag = "type")]
                pub enum P {
                    A(Box<A>),
                    #[model(other)]
                    U(V),
                }
            ),
            "`A` needs its tag value: `#[model(rename = \"VALUE\")]` (the `type` that says",
        );
        assert_error(
            expand_tagged,
            parse_quote!(
                #[model(tag = "type")]
                pub enum P {
                    #[model(rename = "A")]
                    A(A),
                    #[model(other)]
                    U(V),
                }
            ),
            "a `TaggedUnion` variant holds its payload boxed: `A(Box<T>)`",
        );
        assert_error(
            expand_tagged,
            parse_quote!(
                #[model(tag = "t")]
                pub enum P {
                    #[model(rename = "x")]
                    A(Box<A>),
                    #[model(rename = "x")]
                    B(Box<B>),
                    #[model(other)]
                    U(V),
                }
            ),
            "`B` has the tag value \"x\" of `A`",
        );
        assert_error(
            expand_tagged,
            parse_quote!(
                #[model(tag = "t")]
                pub enum P {
                    #[model(rename = "x")]
                    A(Box<A>),
                }
            ),
            "`P` has no `#[model(other)]` variant: a `TaggedUnion` keeps what this client does not know in `#[model(other)] Unknown(rt::serde_json::Value)`",
        );
        assert_error(
            expand_untagged,
            parse_quote!(
                pub enum U {
                    A,
                    #[model(other)]
                    U(V),
                }
            ),
            "an `UntaggedUnion` variant holds one value: `A(T)`",
        );
        assert_error(
            expand_untagged,
            parse_quote!(
                pub enum U {
                    #[model(rename = "a")]
                    A(u8),
                    #[model(other)]
                    U(V),
                }
            ),
            "unknown attribute `rename` on a variant of a `#[derive(UntaggedUnion)]` enum; expected only `other`",
        );
        assert_error(
            expand_untagged,
            parse_quote!(
                #[model(param = "yes")]
                pub enum U {
                    #[model(other)]
                    U(V),
                }
            ),
            "`param` takes no value",
        );
    }
}
