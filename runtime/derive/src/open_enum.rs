//! `#[derive(OpenEnum)]`: a string enum open to values added after the client was generated,
//! each known value spelled on the wire once.

use crate::attrs::{self, Runtime};
use crate::enums::{self, Known};
use crate::newtype::string_like;
use heck::{
    ToKebabCase, ToLowerCamelCase, ToShoutyKebabCase, ToShoutySnakeCase, ToSnakeCase, ToTrainCase,
};
use proc_macro2::TokenStream;
use quote::quote;
use syn::spanned::Spanned;
use syn::{DeriveInput, Fields, LitStr};

/// Turns a variant's name into its wire value.
type Convert = fn(&str) -> String;

/// The `rename_all` rules, each with the function that turns a variant's name into its wire
/// value. The case conversions are heck's own: the generator names variants with heck and
/// checks that each rule gives the spec's value back.
const RULES: &[(&str, Convert)] = &[
    ("SCREAMING_SNAKE_CASE", |name| name.to_shouty_snake_case()),
    ("snake_case", |name| name.to_snake_case()),
    ("kebab-case", |name| name.to_kebab_case()),
    ("SCREAMING-KEBAB-CASE", |name| name.to_shouty_kebab_case()),
    ("camelCase", |name| name.to_lower_camel_case()),
    ("PascalCase", |name| name.to_string()),
    ("lowercase", |name| name.to_lowercase()),
    ("UPPERCASE", |name| name.to_uppercase()),
    ("Train-Case", |name| name.to_train_case()),
];

/// The conversion `rename_all = "<rule>"` names.
fn rule(lit: &LitStr) -> syn::Result<Convert> {
    let rule = lit.value();
    RULES
        .iter()
        .find(|(name, _)| *name == rule)
        .map(|(_, convert)| *convert)
        .ok_or_else(|| {
            let names: Vec<String> = RULES
                .iter()
                .map(|(name, _)| format!("\"{name}\""))
                .collect();
            syn::Error::new(
                lit.span(),
                format!(
                    "unknown `rename_all` rule \"{rule}\"; expected one of {}",
                    names.join(", ")
                ),
            )
        })
}

/// Expands `#[derive(OpenEnum)]`.
pub(crate) fn expand(input: &DeriveInput) -> syn::Result<TokenStream> {
    let variants = enums::parse(input, "OpenEnum", true, "rt::UnknownValue")?;
    let mut runtime = None;
    let mut rename_all = None;
    attrs::parse_items(&input.attrs, "model", |meta| {
        if meta.path.is_ident("crate") {
            attrs::crate_path(&meta, &mut runtime)
        } else if meta.path.is_ident("rename_all") {
            let lit = attrs::string(&meta)?;
            let convert = rule(&lit)?;
            attrs::set_once(&meta, &mut rename_all, convert)
        } else {
            Err(attrs::unknown(
                &meta,
                "on an `OpenEnum` enum",
                "`rename_all = \"rule\"` or `crate = \"path\"`",
            ))
        }
    })?;
    for variant in &variants.known {
        if !matches!(variant.fields, Fields::Unit) {
            return Err(syn::Error::new(
                variant.fields.span(),
                format!(
                    "a value of an `OpenEnum` is a unit variant (`{}`); only the \
                     `#[model(other)]` variant holds one",
                    variant.ident
                ),
            ));
        }
    }
    let wire = |variant: &Known| match (&variant.rename, rename_all) {
        (Some(rename), _) => rename.value(),
        (None, Some(convert)) => convert(&variant.ident.to_string()),
        (None, None) => variant.ident.to_string(),
    };
    let wires: Vec<String> = variants.known.iter().map(wire).collect();
    enums::check_unique(
        variants
            .known
            .iter()
            .zip(&wires)
            .map(|(variant, wire)| (variant.ident, wire.as_str())),
        "wire value",
    )?;

    let rt = runtime.unwrap_or_else(Runtime::new);
    let name = &input.ident;
    let other = variants.other.ident;
    let known: Vec<_> = variants.known.iter().map(|variant| variant.ident).collect();
    let string_like = string_like(name, &rt);
    let sample = match known.first() {
        Some(first) => quote!(Self::#first),
        None => quote!(Self::#other(#rt::UnknownValue::__new("sample"))),
    };

    Ok(quote! {
        impl #name {
            /// Every value the spec lists, in its order.
            pub const KNOWN: &'static [Self] = &[#(Self::#known),*];

            /// The value as it appears on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    #(Self::#known => #wires,)*
                    Self::#other(__value) => __value.as_str(),
                }
            }

            /// Whether the spec lists this value.
            pub fn is_known(&self) -> bool {
                !::core::matches!(self, Self::#other(_))
            }
        }

        impl ::core::convert::From<&str> for #name {
            // The variants' hashes are constants named after them.
            #[allow(non_upper_case_globals)]
            fn from(__value: &str) -> Self {
                // A `match` on strings tests its arms one after another (a currency late in a
                // list of 150 cost ~900 instructions); on the text's hash it is an integer
                // `match`, a binary decision, and the guard keeps a collision harmless.
                #( const #known: u64 = #rt::__private::wire_hash(#wires); )*
                match #rt::__private::wire_hash(__value) {
                    #( #known if __value == #wires => Self::#known, )*
                    _ => Self::#other(#rt::UnknownValue::__new(__value)),
                }
            }
        }

        impl ::core::str::FromStr for #name {
            type Err = ::core::convert::Infallible;

            fn from_str(__value: &str) -> ::core::result::Result<Self, ::core::convert::Infallible> {
                ::core::result::Result::Ok(Self::from(__value))
            }
        }

        #string_like

        impl<'de> #rt::__private::serde::Deserialize<'de> for #name {
            fn deserialize<__D: #rt::__private::serde::Deserializer<'de>>(
                __deserializer: __D,
            ) -> ::core::result::Result<Self, __D::Error> {
                #rt::__private::deserialize_open_enum(__deserializer)
            }
        }

        #rt::__sample! {
            impl for #name {
                #sample
            }
        }
    })
}

#[cfg(test)]
mod tests {
    use super::expand;
    use syn::parse_quote;

    fn expanded(input: syn::DeriveInput) -> String {
        crate::test_support::expanded(expand, input)
    }

    #[test]
    fn each_rule_is_heck_s_and_a_variant_rename_wins() {
        let cases = [
            ("SCREAMING_SNAKE_CASE", "PAY_PAL2_X"),
            ("snake_case", "pay_pal2_x"),
            ("kebab-case", "pay-pal2-x"),
            ("SCREAMING-KEBAB-CASE", "PAY-PAL2-X"),
            ("camelCase", "payPal2X"),
            ("PascalCase", "PayPal2X"),
            ("lowercase", "paypal2x"),
            ("UPPERCASE", "PAYPAL2X"),
            ("Train-Case", "Pay-Pal2-X"),
        ];
        for (rule, wire) in cases {
            let out = expanded(parse_quote! {
                #[model(rename_all = #rule)]
                pub enum Method {
                    PayPal2X,
                    #[model(rename = "by hand")]
                    Card,
                    #[model(other)]
                    Unknown(UnknownValue),
                }
            });
            let arms = format!(
                r#"match self {{ Self :: PayPal2X => "{wire}" , Self :: Card => "by hand" ,"#
            );
            assert!(out.contains(&arms), "{rule}: {out}");
        }
        let out = expanded(parse_quote! {
            pub enum Plain { PayPal, #[model(other)] Other(UnknownValue) }
        });
        assert!(out.contains(r#"Self :: PayPal => "PayPal""#), "{out}");
    }

    #[test]
    fn from_str_is_a_match_on_the_hash_with_a_guard() {
        let out = expanded(parse_quote! {
            #[model(rename_all = "UPPERCASE")]
            pub enum Currency { Eur, Usd, #[model(other)] Unknown(UnknownValue) }
        });
        for part in [
            r#"const Eur : u64 = :: meteroid_runtime :: __private :: wire_hash ("EUR") ;"#,
            r#"match :: meteroid_runtime :: __private :: wire_hash (__value) { Eur if __value == "EUR" => Self :: Eur , Usd if __value == "USD" => Self :: Usd , _ => Self :: Unknown (:: meteroid_runtime :: UnknownValue :: __new (__value)) , }"#,
            "pub const KNOWN : & 'static [Self] = & [Self :: Eur , Self :: Usd] ;",
            "impl for Currency { Self :: Eur }",
        ] {
            assert!(out.contains(part), "{out}\n\ndoes not contain\n\n{part}");
        }
        let none = expanded(parse_quote! {
            pub enum Nothing { #[model(other)] Unknown(UnknownValue) }
        });
        assert!(
            none.contains(r#"impl for Nothing { Self :: Unknown (:: meteroid_runtime :: UnknownValue :: __new ("sample")) }"#),
            "{none}"
        );
    }

    #[test]
    fn bad_input_is_an_error_saying_what_to_write() {
        let cases: Vec<(syn::DeriveInput, &str)> = vec![
            (
                parse_quote!(
                    pub enum E {
                        A,
                        B,
                    }
                ),
                "`E` has no `#[model(other)]` variant",
            ),
            (
                parse_quote!(
                    pub enum E {
                        #[model(other)]
                        A(V),
                        #[model(other)]
                        B(V),
                    }
                ),
                "`A` is already the `other` variant of `E`",
            ),
            (
                parse_quote!(
                    pub enum E {
                        A,
                        #[model(other)]
                        B,
                    }
                ),
                "the `other` variant holds the value as it came: `B(rt::UnknownValue)`",
            ),
            (
                parse_quote!(
                    pub enum E {
                        A(u8),
                        #[model(other)]
                        B(V),
                    }
                ),
                "a value of an `OpenEnum` is a unit variant (`A`)",
            ),
            (
                parse_quote!(
                    pub enum E {
                        A = 1,
                        #[model(other)]
                        B(V),
                    }
                ),
                "a variant of a `#[derive(OpenEnum)]` enum takes no discriminant",
            ),
            (
                parse_quote!(
                    pub enum E {
                        #[model(rename = "x")]
                        A,
                        #[model(rename = "x")]
                        B,
                        #[model(other)]
                        C(V),
                    }
                ),
                "`B` has the wire value \"x\" of `A`",
            ),
            (
                parse_quote!(
                    #[model(rename_all = "snake_case")]
                    pub enum E {
                        ApB,
                        #[model(rename = "ap_b")]
                        C,
                        #[model(other)]
                        D(V),
                    }
                ),
                "`C` has the wire value \"ap_b\" of `ApB`",
            ),
            (
                parse_quote!(
                    #[model(rename_all = "Snake")]
                    pub enum E {
                        #[model(other)]
                        D(V),
                    }
                ),
                "unknown `rename_all` rule \"Snake\"; expected one of \"SCREAMING_SNAKE_CASE\"",
            ),
            (
                parse_quote!(
                    pub enum E {
                        #[model(other, rename = "x")]
                        D(V),
                    }
                ),
                "the `other` variant keeps any value as it came: it takes no `rename`",
            ),
            (
                parse_quote!(
                    pub enum E {
                        #[model(tag = "x")]
                        D,
                    }
                ),
                "unknown attribute `tag` on a variant of a `#[derive(OpenEnum)]` enum; expected `rename = \"wire\"` or `other`",
            ),
            (
                parse_quote!(
                    #[model(tag = "x")]
                    pub enum E {
                        #[model(other)]
                        D(V),
                    }
                ),
                "unknown attribute `tag` on an `OpenEnum` enum",
            ),
            (
                parse_quote!(
                    pub struct E;
                ),
                "`OpenEnum` takes an enum",
            ),
        ];
        for (input, message) in cases {
            crate::test_support::assert_error(expand, input, message);
        }
    }
}
