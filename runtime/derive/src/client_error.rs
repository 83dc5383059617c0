//! `#[derive(ClientError)]`: a generated client's own error types, concrete (so that their
//! rustdoc pages list their methods; a type alias's page shows its target's impls only through
//! a script) and connected to the runtime's generic ones, whose behaviour they reuse.
//!
//! - On `enum Error { Api(Box<ApiError>), Decode(..), .. }`, the runtime `Error`'s variants
//!   in any order: `From<rt::Error<Body>>`, `rt::CallError`, `Display`, `std::error::Error`,
//!   and `status`, `traceparent`, `retry_after`, all through the runtime's `ErrorView`.
//! - On `struct ApiError(rt::ApiError<Body>);`: `Deref` and `DerefMut` to the runtime's
//!   `ApiError` (its fields and methods), `AsRef`, `From` both ways, `into_inner`, and a
//!   `Debug` that shows the runtime's.

use crate::attrs::{self, Runtime};
use proc_macro2::{Ident, TokenStream};
use quote::quote;
use syn::{Data, DataEnum, DeriveInput, Fields, Type};

/// The runtime `Error`'s variants, each with the shape a mirror of it must have.
const VARIANTS: [(&str, &str); 8] = [
    ("Api", "`Api(Box<ApiError>)`"),
    ("Decode", "`Decode(Box<rt::DecodeError>)`"),
    ("Timeout", "`Timeout(rt::TransportError)`"),
    ("Connection", "`Connection(rt::TransportError)`"),
    ("InvalidRequest", "`InvalidRequest(String)`"),
    ("Config", "`Config(String)`"),
    (
        "MissingCredentials",
        "`MissingCredentials { operation: &'static str, required: &'static [rt::SecurityRequirement] }`",
    ),
    ("TooLarge", "`TooLarge { status: u16, limit: usize }`"),
];

/// The variants with named fields, and their fields in order; the others hold one value.
fn named_fields(variant: &str) -> Option<&'static [&'static str]> {
    match variant {
        "MissingCredentials" => Some(&["operation", "required"]),
        "TooLarge" => Some(&["status", "limit"]),
        _ => None,
    }
}

/// Expands `#[derive(ClientError)]`.
pub(crate) fn expand(input: &DeriveInput) -> syn::Result<TokenStream> {
    if !input.generics.params.is_empty() || input.generics.where_clause.is_some() {
        return Err(syn::Error::new_spanned(
            &input.generics,
            "`ClientError` does not take generic parameters",
        ));
    }
    let mut runtime = None;
    let mut body: Option<Type> = None;
    attrs::parse_items(&input.attrs, "client_error", |meta| {
        if meta.path.is_ident("crate") {
            attrs::crate_path(&meta, &mut runtime)
        } else if meta.path.is_ident("body") {
            let ty = meta
                .value()
                .and_then(|value| value.parse::<Type>())
                .map_err(|error| {
                    syn::Error::new(
                        error.span(),
                        "`body` takes a type: `body = models::ErrorResponse`",
                    )
                })?;
            attrs::set_once(&meta, &mut body, ty)
        } else {
            Err(attrs::unknown(
                &meta,
                "on a `ClientError` type",
                "`body = Type` (on the enum) or `crate = \"path\"`",
            ))
        }
    })?;
    let rt = runtime.unwrap_or_else(Runtime::new);
    match &input.data {
        Data::Enum(data) => {
            let Some(body) = body else {
                return Err(syn::Error::new_spanned(
                    &input.ident,
                    "a `ClientError` enum names the API's error body: \
                     `#[client_error(body = Type)]` (`rt::serde_json::Value` when it has none)",
                ));
            };
            error_enum(&input.ident, data, &body, &rt)
        }
        Data::Struct(data) => match &data.fields {
            Fields::Unnamed(fields) if fields.unnamed.len() == 1 => {
                if let Some(body) = body {
                    return Err(syn::Error::new_spanned(
                        body,
                        "`body` belongs on the `ClientError` enum; the struct's field, \
                         `rt::ApiError<Body>`, names it",
                    ));
                }
                Ok(api_error(&input.ident, &fields.unnamed[0].ty, &rt))
            }
            _ => Err(syn::Error::new_spanned(&input.ident, shape_error())),
        },
        Data::Union(_) => Err(syn::Error::new_spanned(&input.ident, shape_error())),
    }
}

fn shape_error() -> String {
    let variants: Vec<&str> = VARIANTS.iter().map(|(_, shape)| *shape).collect();
    format!(
        "`ClientError` takes the runtime error's mirror, `enum Error {{ {} }}`, or \
         `struct ApiError(rt::ApiError<Body>);`",
        variants.join(", ")
    )
}

/// The enum: checks it has exactly the runtime's variants, then connects it.
fn error_enum(
    name: &Ident,
    data: &DataEnum,
    body: &Type,
    rt: &Runtime,
) -> syn::Result<TokenStream> {
    for variant in &data.variants {
        let named = variant.ident.to_string();
        let Some((_, shape)) = VARIANTS.iter().find(|(known, _)| *known == named) else {
            return Err(syn::Error::new_spanned(
                &variant.ident,
                format!(
                    "the runtime's `Error` has no variant `{named}`; a `ClientError` enum \
                     has exactly its variants: {}",
                    VARIANTS.map(|(_, shape)| shape).join(", ")
                ),
            ));
        };
        let fits = match (&variant.fields, named_fields(&named)) {
            (Fields::Unnamed(fields), None) => fields.unnamed.len() == 1,
            (Fields::Named(fields), Some(expected)) => {
                let names: Vec<String> = fields
                    .named
                    .iter()
                    .filter_map(|field| field.ident.as_ref().map(ToString::to_string))
                    .collect();
                names == expected
            }
            _ => false,
        };
        if !fits {
            return Err(syn::Error::new_spanned(
                variant,
                format!("`{named}` is written {shape}"),
            ));
        }
    }
    for (known, shape) in VARIANTS {
        if !data.variants.iter().any(|variant| variant.ident == known) {
            return Err(syn::Error::new_spanned(
                name,
                format!(
                    "a `ClientError` enum has every variant of the runtime's `Error`: {shape} is missing"
                ),
            ));
        }
    }
    let parts = quote!(#rt::__private::ErrorParts);
    let view = quote!(#rt::__private::ErrorView);
    let status_doc = format!(
        " The HTTP status, when the server answered (see [`{}`]).",
        rt.doc_link("Error::status")
    );
    Ok(quote! {
        impl ::core::convert::From<#rt::Error<#body>> for #name {
            fn from(error: #rt::Error<#body>) -> Self {
                match error.into_parts() {
                    #parts::Api(e) => Self::Api(::std::boxed::Box::new(::core::convert::From::from(*e))),
                    #parts::Decode(e) => Self::Decode(e),
                    #parts::Timeout(e) => Self::Timeout(e),
                    #parts::Connection(e) => Self::Connection(e),
                    #parts::InvalidRequest(why) => Self::InvalidRequest(why),
                    #parts::Config(why) => Self::Config(why),
                    #parts::MissingCredentials { operation, required } => {
                        Self::MissingCredentials { operation, required }
                    }
                    #parts::TooLarge { status, limit } => Self::TooLarge { status, limit },
                }
            }
        }

        impl #rt::CallError for #name {
            type Body = #body;
        }

        impl #name {
            #[doc = #status_doc]
            pub fn status(&self) -> ::core::option::Option<u16> {
                self.view().status()
            }

            /// The response's W3C `traceparent` header, when the server sent one: quote it in
            /// a support ticket so the request can be found in the server's traces.
            pub fn traceparent(&self) -> ::core::option::Option<&str> {
                self.view().traceparent()
            }

            /// How long the server asked to wait (`Retry-After`) before trying again. When
            /// that wait exceeds what is left of the client's total timeout, the call returns
            /// this error at once instead of retrying early.
            pub fn retry_after(&self) -> ::core::option::Option<::std::time::Duration> {
                self.view().retry_after()
            }

            fn view(&self) -> #view<'_, #body> {
                match self {
                    Self::Api(e) => #view::Api(::core::convert::AsRef::as_ref(&**e)),
                    Self::Decode(e) => #view::Decode(e),
                    Self::Timeout(e) => #view::Timeout(e),
                    Self::Connection(e) => #view::Connection(e),
                    Self::InvalidRequest(why) => #view::InvalidRequest(why),
                    Self::Config(why) => #view::Config(why),
                    Self::MissingCredentials { operation, required } => {
                        #view::MissingCredentials { operation, required }
                    }
                    Self::TooLarge { status, limit } => #view::TooLarge {
                        status: *status,
                        limit: *limit,
                    },
                }
            }
        }

        impl ::core::fmt::Display for #name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                ::core::fmt::Display::fmt(&self.view(), f)
            }
        }

        impl ::std::error::Error for #name {
            fn source(&self) -> ::core::option::Option<&(dyn ::std::error::Error + 'static)> {
                self.view().source()
            }
        }
    })
}

/// The struct wrapping the runtime's `ApiError<Body>`.
fn api_error(name: &Ident, inner: &Type, rt: &Runtime) -> TokenStream {
    let deref_doc = format!(
        " The response's fields (`status`, `headers`, `body`, `error`, `retry_after`,\n \
         `attempts`) and methods, on the runtime's [`ApiError`]({}).",
        rt.doc_link("ApiError")
    );
    quote! {
        impl #name {
            /// The runtime's error, for code written against the runtime alone.
            pub fn into_inner(self) -> #inner {
                self.0
            }
        }

        #[doc = #deref_doc]
        impl ::core::ops::Deref for #name {
            type Target = #inner;

            fn deref(&self) -> &#inner {
                &self.0
            }
        }

        impl ::core::ops::DerefMut for #name {
            fn deref_mut(&mut self) -> &mut #inner {
                &mut self.0
            }
        }

        impl ::core::convert::AsRef<#inner> for #name {
            fn as_ref(&self) -> &#inner {
                &self.0
            }
        }

        impl ::core::convert::From<#inner> for #name {
            fn from(error: #inner) -> Self {
                Self(error)
            }
        }

        impl ::core::convert::From<#name> for #inner {
            fn from(error: #name) -> Self {
                error.0
            }
        }

        /// The runtime error's `Debug`: the body as text, cut at 2 KiB.
        impl ::core::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                ::core::fmt::Debug::fmt(&self.0, f)
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::expand;
    use syn::parse_quote;

    fn error(input: syn::DeriveInput) -> String {
        match expand(&input) {
            Ok(tokens) => panic!("expanded: {tokens}"),
            Err(error) => error.to_string(),
        }
    }

    #[test]
    fn the_enum_mirrors_every_runtime_variant() {
        let missing = error(parse_quote! {
            #[client_error(body = Body)]
            enum Error {
                Api(Box<ApiError>),
                Decode(Box<rt::DecodeError>),
                Timeout(rt::TransportError),
                Connection(rt::TransportError),
                InvalidRequest(String),
                Config(String),
                TooLarge { status: u16, limit: usize },
            }
        });
        assert!(
            missing.contains(
                "`MissingCredentials { operation: &'static str, required: &'static \
                 [rt::SecurityRequirement] }` is missing"
            ),
            "{missing}"
        );
        let missing = error(parse_quote! {
            #[client_error(body = Body)]
            enum Error {
                Api(Box<ApiError>),
                Decode(Box<rt::DecodeError>),
                Timeout(rt::TransportError),
                Connection(rt::TransportError),
                InvalidRequest(String),
                Config(String),
                MissingCredentials { operation: &'static str, required: &'static [rt::SecurityRequirement] },
            }
        });
        assert!(
            missing.contains("`TooLarge { status: u16, limit: usize }` is missing"),
            "{missing}"
        );
        let unknown = error(parse_quote! {
            #[client_error(body = Body)]
            enum Error { Api(Box<ApiError>), Other(String) }
        });
        assert!(unknown.contains("has no variant `Other`"), "{unknown}");
        let shape = error(parse_quote! {
            #[client_error(body = Body)]
            enum Error { Api(Box<ApiError>), TooLarge(u16) }
        });
        assert!(
            shape.contains("`TooLarge` is written `TooLarge { status: u16, limit: usize }`"),
            "{shape}"
        );
        let fields = error(parse_quote! {
            #[client_error(body = Body)]
            enum Error { Api(Box<ApiError>), MissingCredentials { required: &'static [S], operation: &'static str } }
        });
        assert!(
            fields.contains("`MissingCredentials` is written `MissingCredentials {"),
            "fields in the runtime's order: {fields}"
        );
    }

    #[test]
    fn the_enum_names_its_body_and_the_struct_does_not() {
        let no_body = error(parse_quote! { enum Error { Api(Box<ApiError>) } });
        assert!(no_body.contains("names the API's error body"), "{no_body}");
        let body_on_struct = error(parse_quote! {
            #[client_error(body = Body)]
            struct ApiError(rt::ApiError<Body>);
        });
        assert!(
            body_on_struct.contains("belongs on the `ClientError` enum"),
            "{body_on_struct}"
        );
        let shape = error(parse_quote! { struct ApiError { inner: rt::ApiError<Body> } });
        assert!(
            shape.contains("takes the runtime error's mirror"),
            "{shape}"
        );
    }

    #[test]
    fn the_expansions_go_through_the_runtime_path() {
        let input: syn::DeriveInput = parse_quote! {
            #[client_error(body = models::Body)]
            enum Error {
                Api(Box<ApiError>),
                Decode(Box<rt::DecodeError>),
                Timeout(rt::TransportError),
                Connection(rt::TransportError),
                InvalidRequest(String),
                Config(String),
                MissingCredentials { operation: &'static str, required: &'static [rt::SecurityRequirement] },
                TooLarge { status: u16, limit: usize },
            }
        };
        let expanded = expand(&input).map(|tokens| tokens.to_string());
        let expanded = expanded.unwrap_or_else(|error| panic!("{error}"));
        assert!(expanded.contains(
            "impl :: core :: convert :: From < :: meteroid_runtime :: Error < models :: Body >> for Error"
        ));
        assert!(expanded.contains(
            "impl :: meteroid_runtime :: CallError for Error { type Body = models :: Body ; }"
        ));
    }
}
