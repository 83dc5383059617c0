//! `#[derive(ApiClient)]`: a generated API's client, a wrapper of the runtime `Client` with
//! its builder and the `with_*` variants. The operations are methods the generated code adds
//! in an `impl` block of its own.

use crate::attrs::{self, Runtime};
use proc_macro2::TokenStream;
use quote::quote;
use syn::{Data, DeriveInput, Expr, Fields, Type};

/// Expands `#[derive(ApiClient)]`.
pub(crate) fn expand(input: &DeriveInput) -> syn::Result<TokenStream> {
    if !input.generics.params.is_empty() || input.generics.where_clause.is_some() {
        return Err(syn::Error::new_spanned(
            &input.generics,
            "`ApiClient` does not take generic parameters",
        ));
    }
    let shape = "`ApiClient` takes a struct wrapping the runtime client: \
                 `struct Client(rt::Client);`";
    let Data::Struct(data) = &input.data else {
        return Err(syn::Error::new_spanned(&input.ident, shape));
    };
    if !matches!(&data.fields, Fields::Unnamed(fields) if fields.unnamed.len() == 1) {
        return Err(syn::Error::new_spanned(&input.ident, shape));
    }
    let mut runtime = None;
    let mut body: Option<Type> = None;
    let mut base_url: Option<Expr> = None;
    let mut user_agent: Option<Expr> = None;
    attrs::parse_items(&input.attrs, "client", |meta| {
        if meta.path.is_ident("crate") {
            attrs::crate_path(&meta, &mut runtime)
        } else if meta.path.is_ident("error") {
            let ty = meta
                .value()
                .and_then(|value| value.parse::<Type>())
                .map_err(|error| {
                    syn::Error::new(error.span(), "`error` takes a type: `error = Error`")
                })?;
            attrs::set_once(&meta, &mut body, ty)
        } else if meta.path.is_ident("base_url") {
            let url = meta
                .value()
                .and_then(|value| value.parse::<Expr>())
                .map_err(|error| {
                    syn::Error::new(
                        error.span(),
                        "`base_url` takes a constant or a string: `base_url = DEFAULT_BASE_URL`",
                    )
                })?;
            attrs::set_once(&meta, &mut base_url, url)
        } else if meta.path.is_ident("user_agent") {
            let value = meta
                .value()
                .and_then(|value| value.parse::<Expr>())
                .map_err(|error| {
                    syn::Error::new(
                        error.span(),
                        "`user_agent` takes a constant or a string: `user_agent = \"my-app/1.0\"`",
                    )
                })?;
            attrs::set_once(&meta, &mut user_agent, value)
        } else {
            Err(attrs::unknown(
                &meta,
                "on an `ApiClient` struct",
                "`error = Type`, `base_url = PATH_OR_STRING`, \
                 `user_agent = PATH_OR_STRING` or `crate = \"path\"`",
            ))
        }
    })?;
    let Some(body) = body else {
        return Err(syn::Error::new_spanned(
            &input.ident,
            "an `ApiClient` names the error type its calls return: `#[client(error = Error)]` \
             (the generated `ClientError` enum, or `rt::Error<Body>`)",
        ));
    };
    let rt = runtime.unwrap_or_else(Runtime::new);
    let name = &input.ident;
    let start = match base_url {
        Some(url) => quote!(__builder.base_url(#url)),
        None => quote!(__builder),
    };
    // Without a user agent of the API's own, the crate that includes the generated code.
    let user_agent = match user_agent {
        Some(value) => quote!(#value),
        None => quote!(::core::concat!(
            ::core::env!("CARGO_PKG_NAME"),
            "/",
            ::core::env!("CARGO_PKG_VERSION")
        )),
    };
    let builder_doc = format!(
        " Settings for a client: the API's server when the spec names one (otherwise set\n \
         [`base_url`]({})), and the API's `User-Agent` (by default the name and version\n \
         of the crate that includes the generated code).",
        rt.doc_link("ClientBuilder::base_url")
    );
    let retry_doc = format!(
        " The same client (same pool and settings) that does, or does not, retry ambiguous\n \
         failures (a timeout, a broken connection, a 5xx) of POST and PATCH calls; see\n \
         [`retry_non_idempotent`]({}).",
        rt.doc_link("ClientBuilder::retry_non_idempotent")
    );
    let header_errors_doc = format!(
        " [`Error::Config`]({}) for a name or value HTTP does not allow.",
        rt.doc_link("Error::Config")
    );

    Ok(quote! {
        impl #rt::ApiClient for #name {
            type Error = #body;

            fn from_runtime(client: #rt::Client) -> Self {
                Self(client)
            }
        }

        impl #name {
            #[doc = #builder_doc]
            pub fn builder() -> #rt::ClientBuilder<Self> {
                let __builder = #rt::ClientBuilder::new().user_agent(#user_agent);
                #start
            }

            #[doc = #retry_doc]
            pub fn with_retry_non_idempotent(&self, retry: bool) -> Self {
                Self(self.0.with_retry_non_idempotent(retry))
            }

            /// The same client whose calls each end after `timeout`, retries and waits
            /// included: `client.with_timeout(d).some_operation(..)` for one call.
            pub fn with_timeout(&self, timeout: ::std::time::Duration) -> Self {
                Self(self.0.with_timeout(timeout))
            }

            /// The same client whose calls retry at most `retries` times (`0`: never).
            pub fn with_max_retries(&self, retries: u32) -> Self {
                Self(self.0.with_max_retries(retries))
            }

            /// The same client sending one more header with every request.
            ///
            /// # Errors
            ///
            #[doc = #header_errors_doc]
            pub fn with_header(
                &self,
                name: &str,
                value: &str,
            ) -> ::core::result::Result<Self, #body> {
                self.0.with_header(name, value).map(Self)
            }

            /// The same client recording each successful call's status and headers
            /// (`traceparent` included) in `slot`.
            pub fn with_metadata(&self, slot: &#rt::MetadataSlot) -> Self {
                Self(self.0.with_metadata(slot))
            }

            /// The same client, filling (the default) or not the idempotency key of operations
            /// whose spec declares one; a key the caller sets is sent as it is.
            pub fn with_idempotency_keys(&self, fill: bool) -> Self {
                Self(self.0.with_idempotency_keys(fill))
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
    fn the_builder_starts_from_the_base_url_when_given() {
        let out = expanded(parse_quote! {
            #[client(error = Error, base_url = DEFAULT_BASE_URL)]
            pub struct Client(rt::Client);
        });
        for part in [
            "impl :: meteroid_runtime :: ApiClient for Client { type Error = Error ;",
            "__builder . base_url (DEFAULT_BASE_URL) }",
            "-> :: core :: result :: Result < Self , Error >",
            "[`base_url`](::meteroid_runtime::ClientBuilder::base_url)",
        ] {
            assert!(out.contains(part), "{out}\n\ndoes not contain\n\n{part}");
        }
        let out = expanded(parse_quote! {
            #[client(error = rt::Error, crate = "crate")]
            pub struct Api(crate::Client);
        });
        assert!(out.contains("; __builder }"), "{out}");
        assert!(
            out.contains("[`base_url`](crate::ClientBuilder::base_url)"),
            "{out}"
        );
        assert!(out.contains("impl crate :: ApiClient for Api"), "{out}");
    }

    #[test]
    fn the_user_agent_is_the_apis_when_given_else_the_including_crates() {
        let out = expanded(parse_quote! {
            #[client(error = T, user_agent = "petstore-rs/1.0")]
            pub struct Client(rt::Client);
        });
        assert!(
            out.contains("ClientBuilder :: new () . user_agent (\"petstore-rs/1.0\") ;"),
            "{out}"
        );
        let out = expanded(parse_quote! {
            #[client(error = T)]
            pub struct Client(rt::Client);
        });
        assert!(
            out.contains(
                "ClientBuilder :: new () . user_agent (:: core :: concat ! (:: core :: env ! (\"CARGO_PKG_NAME\") , \"/\" , :: core :: env ! (\"CARGO_PKG_VERSION\"))) ;"
            ),
            "{out}"
        );
    }

    #[test]
    fn bad_input_is_an_error_saying_what_to_write() {
        let cases: Vec<(syn::DeriveInput, &str)> = vec![
            (
                parse_quote!(
                    pub struct Client(rt::Client);
                ),
                "an `ApiClient` names the error type its calls return: `#[client(error = Error)]`",
            ),
            (
                parse_quote!(
                    #[client(error)]
                    pub struct Client(rt::Client);
                ),
                "`error` takes a type",
            ),
            (
                parse_quote!(
                    #[client(error = T, base_url)]
                    pub struct Client(rt::Client);
                ),
                "`base_url` takes a constant or a string",
            ),
            (
                parse_quote!(
                    #[client(error = T, user_agent)]
                    pub struct Client(rt::Client);
                ),
                "`user_agent` takes a constant or a string",
            ),
            (
                parse_quote!(
                    #[client(error = T, error = U)]
                    pub struct Client(rt::Client);
                ),
                "`error` is given twice",
            ),
            (
                parse_quote!(
                    #[client(error = T, retries = 3)]
                    pub struct Client(rt::Client);
                ),
                "unknown attribute `retries` on an `ApiClient` struct",
            ),
            (
                parse_quote!(
                    #[client(error = T)]
                    pub struct Client {
                        inner: rt::Client,
                    }
                ),
                "`ApiClient` takes a struct wrapping the runtime client",
            ),
            (
                parse_quote!(
                    #[client(error = T)]
                    pub struct Client;
                ),
                "`ApiClient` takes a struct wrapping the runtime client",
            ),
        ];
        for (input, message) in cases {
            crate::test_support::assert_error(expand, input, message);
        }
    }
}
