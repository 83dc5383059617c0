//! Authentication as a spec declares it, without knowing the spec: generated code describes
//! each operation's security requirements ([`Operation::security`](crate::Operation::security))
//! with these types, the caller gives the client one [`Credential`] per security scheme
//! ([`ClientBuilder::credential`](crate::ClientBuilder::credential), or a generated client's
//! typed setters), and the client sends, per call, the credentials of the first requirement
//! it can meet.

use std::fmt;

/// Where an API key goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ApiKeyIn {
    /// A request header.
    Header,
    /// A query parameter.
    Query,
    /// A cookie (sent in the `Cookie` header with the operation's cookie parameters).
    Cookie,
}

/// How a security scheme sends its credential.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum SchemeKind {
    /// `Authorization: Bearer <token>`: HTTP `bearer` (any `bearerFormat`), and OAuth2 and
    /// OpenID Connect, whose access token the caller obtains.
    Bearer,
    /// `Authorization: Basic <base64 of user:password>` (RFC 7617).
    Basic,
    /// An API key under this name, in this place.
    ApiKey {
        /// The header, query parameter or cookie.
        location: ApiKeyIn,
        /// Its name, exactly as the spec writes it.
        name: &'static str,
    },
}

/// One of the spec's `components.securitySchemes`, as an operation refers to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SecurityScheme {
    /// The scheme's name in the spec: the caller's credential is set under it.
    pub name: &'static str,
    /// What it sends.
    pub kind: SchemeKind,
}

impl SecurityScheme {
    /// A scheme sending a bearer token (HTTP `bearer`, OAuth2, OpenID Connect).
    pub const fn bearer(name: &'static str) -> Self {
        SecurityScheme {
            name,
            kind: SchemeKind::Bearer,
        }
    }

    /// A scheme sending HTTP Basic credentials.
    pub const fn basic(name: &'static str) -> Self {
        SecurityScheme {
            name,
            kind: SchemeKind::Basic,
        }
    }

    /// A scheme sending an API key in the header `header`.
    pub const fn api_key_header(name: &'static str, header: &'static str) -> Self {
        Self::api_key(name, ApiKeyIn::Header, header)
    }

    /// A scheme sending an API key in the query parameter `param`.
    pub const fn api_key_query(name: &'static str, param: &'static str) -> Self {
        Self::api_key(name, ApiKeyIn::Query, param)
    }

    /// A scheme sending an API key in the cookie `cookie`.
    pub const fn api_key_cookie(name: &'static str, cookie: &'static str) -> Self {
        Self::api_key(name, ApiKeyIn::Cookie, cookie)
    }

    const fn api_key(name: &'static str, location: ApiKeyIn, key: &'static str) -> Self {
        SecurityScheme {
            name,
            kind: SchemeKind::ApiKey {
                location,
                name: key,
            },
        }
    }
}

/// One security requirement object of the spec: every scheme in it, sent together. An empty
/// one (`{}`) needs nothing.
pub type SecurityRequirement = &'static [SecurityScheme];

/// The secret of one security scheme, set on the builder with
/// [`ClientBuilder::credential`](crate::ClientBuilder::credential) (a generated client's
/// per-scheme setters make these). `Debug` shows its kind only, never the secret.
#[derive(Clone, PartialEq, Eq)]
pub struct Credential(pub(crate) Secret);

#[derive(Clone, PartialEq, Eq)]
pub(crate) enum Secret {
    /// A bearer token, an OAuth2 or OpenID Connect access token, or an API key.
    Token(String),
    /// HTTP Basic's user and password.
    Basic { user: String, password: String },
}

impl Credential {
    /// A token: sent as `Authorization: Bearer <token>` for a bearer, OAuth2 or OpenID Connect
    /// scheme, and as it is for an API key scheme.
    pub fn token(token: impl Into<String>) -> Self {
        Credential(Secret::Token(token.into()))
    }

    /// HTTP Basic credentials: `user` (which must not contain `:`) and `password`, for a
    /// `basic` scheme.
    pub fn basic(user: impl Into<String>, password: impl Into<String>) -> Self {
        Credential(Secret::Basic {
            user: user.into(),
            password: password.into(),
        })
    }
}

impl fmt::Debug for Credential {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0 {
            Secret::Token(_) => f.write_str("Credential::Token(<redacted>)"),
            Secret::Basic { .. } => f.write_str("Credential::Basic(<redacted>)"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_shows_the_kind_only() {
        let shown = format!(
            "{:?} {:#?}",
            Credential::token("tok_SECRET"),
            Credential::basic("user_SECRET", "pw_SECRET")
        );
        assert_eq!(
            shown,
            "Credential::Token(<redacted>) Credential::Basic(<redacted>)"
        );
    }

    #[test]
    fn the_constructors_describe_where_the_credential_goes() {
        const KEY: SecurityScheme = SecurityScheme::api_key_query("key", "api_key");
        assert_eq!(
            KEY.kind,
            SchemeKind::ApiKey {
                location: ApiKeyIn::Query,
                name: "api_key"
            }
        );
        assert_eq!(SecurityScheme::bearer("b").kind, SchemeKind::Bearer);
        assert_eq!(SecurityScheme::basic("b").kind, SchemeKind::Basic);
        assert_eq!(
            SecurityScheme::api_key_cookie("c", "session").kind,
            SchemeKind::ApiKey {
                location: ApiKeyIn::Cookie,
                name: "session"
            }
        );
        assert_eq!(
            SecurityScheme::api_key_header("h", "X-Key").kind,
            SchemeKind::ApiKey {
                location: ApiKeyIn::Header,
                name: "X-Key"
            }
        );
    }
}
