//! Authentication in the generated code: the `Credentials` trait (a typed setter on the
//! client's builder per security scheme), each operation's `security` table for the runtime,
//! and the docs that say what an operation sends.

use super::docs::prose;
use super::tokens::{docs, ident, wrapped};
use crate::ir::{Api, In, Operation, SchemeKind, SecurityScheme};
use proc_macro2::TokenStream;
use quote::quote;

/// A name from the spec inside backticks in a doc.
fn code(name: &str) -> String {
    format!("`{}`", name.replace('`', "'"))
}

/// `rt::SecurityScheme::..(..)`: what the runtime sends for `scheme`.
fn scheme_tokens(scheme: &SecurityScheme) -> TokenStream {
    let name = &scheme.name;
    match &scheme.kind {
        SchemeKind::Bearer { .. }
        | SchemeKind::OAuth2 { .. }
        | SchemeKind::OpenIdConnect { .. } => {
            quote!(rt::SecurityScheme::bearer(#name))
        }
        SchemeKind::Basic => quote!(rt::SecurityScheme::basic(#name)),
        SchemeKind::ApiKey {
            location,
            name: key,
        } => match location {
            In::Header => quote!(rt::SecurityScheme::api_key_header(#name, #key)),
            In::Query => quote!(rt::SecurityScheme::api_key_query(#name, #key)),
            In::Cookie => quote!(rt::SecurityScheme::api_key_cookie(#name, #key)),
        },
    }
}

/// The scheme `name` of the API.
fn scheme<'a>(api: &'a Api, name: &str) -> Option<&'a SecurityScheme> {
    api.security_schemes.iter().find(|s| s.name == name)
}

/// The scheme whose credential a generated `from_env()` sets from its key variable: none (the
/// bearer token, which meets every bearer scheme) when the API has a bearer, OAuth2 or OpenID
/// Connect scheme or no API key scheme, else its first API key scheme.
pub(crate) fn env_key_scheme(api: &Api) -> Option<&SecurityScheme> {
    let bearer = api.security_schemes.iter().any(|s| {
        matches!(
            s.kind,
            SchemeKind::Bearer { .. }
                | SchemeKind::OAuth2 { .. }
                | SchemeKind::OpenIdConnect { .. }
        )
    });
    if bearer {
        return None;
    }
    api.security_schemes
        .iter()
        .find(|s| matches!(s.kind, SchemeKind::ApiKey { .. }))
}

/// The value of `rt::Operation::security` for `op`: its requirements, each the schemes sent
/// together.
pub(crate) fn security_table(op: &Operation, api: &Api) -> TokenStream {
    let alternatives = op.security.iter().map(|requirement| {
        let schemes = requirement
            .iter()
            .filter_map(|name| scheme(api, name))
            .map(scheme_tokens);
        quote!(&[#(#schemes),*])
    });
    quote!(&[#(#alternatives),*])
}

/// What an operation's docs say it sends, and the line its `# Errors` gets, when it needs
/// credentials.
pub(crate) fn operation_docs(op: &Operation, api: &Api) -> (Option<String>, Option<String>) {
    let link = |name: &String| {
        scheme(api, name).map_or_else(|| code(name), |s| format!("[`Credentials::{}`]", s.setter))
    };
    let alternatives: Vec<String> = op
        .security
        .iter()
        .filter(|requirement| !requirement.is_empty())
        .map(|requirement| {
            let links: Vec<String> = requirement.iter().map(link).collect();
            match links.len() {
                1 => links.join(""),
                _ => format!("{} together", links.join(" and ")),
            }
        })
        .collect();
    if alternatives.is_empty() {
        return (None, None);
    }
    let optional = op.security.iter().any(Vec::is_empty);
    let which = if alternatives.len() > 1 {
        ", the first the client has"
    } else {
        ""
    };
    let sends = if optional {
        format!(
            "Sends the credentials of {}{which}, when the client has them (the operation \
             takes calls without).",
            alternatives.join(", or of ")
        )
    } else {
        format!(
            "Sends the credentials of {}{which}.",
            alternatives.join(", or of ")
        )
    };
    let missing = (!optional).then(|| {
        "[`Error::MissingCredentials`], before sending, when the client lacks these credentials."
            .to_string()
    });
    (Some(wrapped(&sends)), missing)
}

/// The `Credentials` trait and its implementation on the client's builder; nothing when the
/// API has no scheme the client can send.
pub(crate) fn credentials_trait(api: &Api) -> TokenStream {
    if api.security_schemes.is_empty() {
        return TokenStream::new();
    }
    let first = &api.security_schemes[0].setter;
    let client = ident(&api.client.name);
    let trait_docs = docs(&[
        wrapped(
            "The credentials of the API's security schemes, set on the client's builder: one \
             setter per scheme, named after it. Bring the trait into scope to call them:",
        ),
        format!(
            "```text\n{}::builder().{first}(..).build()?\n```",
            api.client.name
        ),
        wrapped(
            "Each call sends the credentials of the first of its operation's security \
             requirements the client has all of (each operation's docs name them); with none, \
             it fails with [`Error::MissingCredentials`] before sending. Credentials never show \
             in `Debug`, errors or logs, and are not sent over plain `http://` to a host other \
             than loopback unless the builder's `allow_insecure_http` says so.",
        ),
    ]);
    let declarations = api.security_schemes.iter().map(|scheme| {
        let docs = docs(&setter_docs(scheme));
        let (params, _) = setter_parts(scheme);
        let setter = ident(&scheme.setter);
        quote! {
            #docs
            fn #setter(self, #params) -> Self;
        }
    });
    let implementations = api.security_schemes.iter().map(|scheme| {
        let (params, credential) = setter_parts(scheme);
        let setter = ident(&scheme.setter);
        let name = &scheme.name;
        quote! {
            fn #setter(self, #params) -> Self {
                self.credential(#name, #credential)
            }
        }
    });
    quote! {
        #trait_docs
        pub trait Credentials: Sized {
            #(#declarations)*
        }

        impl Credentials for rt::ClientBuilder<#client> {
            #(#implementations)*
        }
    }
}

/// `credentials { .. }` for `rt::contract_calls!`: each setter with sample arguments, so that
/// contract tests authenticate through the setters; nothing when the API has no scheme.
pub(crate) fn sample_credentials(api: &Api) -> TokenStream {
    if api.security_schemes.is_empty() {
        return TokenStream::new();
    }
    let setters = api.security_schemes.iter().map(|scheme| {
        let setter = ident(&scheme.setter);
        match scheme.kind {
            SchemeKind::Basic => quote!(#setter("contract", "test"),),
            _ => quote!(#setter("contract-test"),),
        }
    });
    quote!(credentials { #(#setters)* })
}

/// A setter's parameters, and the `rt::Credential` it makes of them.
fn setter_parts(scheme: &SecurityScheme) -> (TokenStream, TokenStream) {
    match &scheme.kind {
        SchemeKind::Basic => (
            quote!(user: impl Into<String>, password: impl Into<String>),
            quote!(rt::Credential::basic(user, password)),
        ),
        SchemeKind::ApiKey { .. } => (
            quote!(key: impl Into<String>),
            quote!(rt::Credential::token(key)),
        ),
        SchemeKind::Bearer { .. }
        | SchemeKind::OAuth2 { .. }
        | SchemeKind::OpenIdConnect { .. } => (
            quote!(token: impl Into<String>),
            quote!(rt::Credential::token(token)),
        ),
    }
}

/// A setter's docs: what it sends and where, then the spec's description.
fn setter_docs(scheme: &SecurityScheme) -> Vec<String> {
    let name = code(&scheme.name);
    let bearer = "sent as `Authorization: Bearer <token>`";
    let what = match &scheme.kind {
        SchemeKind::Bearer { format: None } => {
            format!("The bearer token of the {name} scheme, {bearer}.")
        }
        SchemeKind::Bearer {
            format: Some(format),
        } => format!(
            "The bearer token ({}) of the {name} scheme, {bearer}.",
            code(format)
        ),
        SchemeKind::Basic => format!(
            "The user and password of the {name} scheme (HTTP Basic), sent as `Authorization: \
             Basic` with `user:password` in base64. The user must not contain `:`."
        ),
        SchemeKind::ApiKey {
            location,
            name: key,
        } => {
            let place = match location {
                In::Header => format!("in the header {}", code(key)),
                In::Query => format!(
                    "as the query parameter {} (a transport error's URL shows it redacted)",
                    code(key)
                ),
                In::Cookie => format!("in the cookie {}", code(key)),
            };
            format!("The API key of the {name} scheme, sent {place}.")
        }
        SchemeKind::OAuth2 { flows } => {
            let flows = if flows.is_empty() {
                String::new()
            } else {
                format!(" Flows: {}.", prose(&flows.join("; ")))
            };
            format!(
                "An OAuth2 access token for the {name} scheme, {bearer}. The client does not \
                 run the flow: get the token yourself, and build a new client when it \
                 expires.{flows}"
            )
        }
        SchemeKind::OpenIdConnect { url } => format!(
            "An OpenID Connect access token for the {name} scheme, {bearer}. The client does \
             not run the flow: get the token yourself (discovery: {}).",
            prose(url)
        ),
    };
    let mut paragraphs = vec![wrapped(&what)];
    if !matches!(scheme.kind, SchemeKind::Basic | SchemeKind::ApiKey { .. }) {
        paragraphs.push(wrapped(
            "The builder's `bearer_token` sets the token of every bearer scheme without one of \
             its own.",
        ));
    }
    paragraphs.extend(scheme.docs.iter().map(|d| prose(d)));
    paragraphs
}
