//! The client's credentials: checked and encoded once when the client is built, chosen per
//! call from the operation's security requirements, and added to the call's headers, query or
//! cookies. Every encoded secret is a sensitive `HeaderValue` or stays in this module; none
//! reaches `Debug`, an error message or a log record (a transport error's URL has the query
//! keys it carried redacted).

use crate::auth::{ApiKeyIn, Credential, SchemeKind, Secret, SecurityRequirement, SecurityScheme};
use crate::error::Error;
use crate::request::{COOKIE_VALUE, Operation, is_token};
use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use percent_encoding::utf8_percent_encode;
use reqwest::Url;
use reqwest::header::{AUTHORIZATION, HeaderMap, HeaderName, HeaderValue};
use std::collections::BTreeMap;
use std::fmt::Write as _;

/// What the caller gave the builder, ready to send.
#[derive(Default)]
pub(super) struct Credentials {
    /// `ClientBuilder::bearer_token`: for every bearer scheme without a credential of its own.
    default_bearer: Option<HeaderValue>,
    /// By the scheme's name in the spec.
    by_scheme: BTreeMap<String, Stored>,
}

/// One credential, encoded.
enum Stored {
    /// A token or API key: its `Authorization: Bearer` value, its value as it is (an API key
    /// header), and its text (a query parameter or a cookie).
    Token {
        bearer: HeaderValue,
        plain: HeaderValue,
        text: String,
    },
    /// The `Authorization: Basic` value.
    Basic(HeaderValue),
}

/// What one scheme of the chosen requirement adds to a call.
enum Sent<'a> {
    Header(HeaderName, &'a HeaderValue),
    Query(&'static str, &'a str),
    Cookie(&'static str, &'a str),
}

impl Credentials {
    /// Checks and encodes the builder's credentials; an error names the scheme, never the
    /// secret.
    pub(super) fn new(
        default_bearer: Option<&str>,
        by_scheme: &BTreeMap<String, Credential>,
    ) -> Result<Self, Error> {
        let default_bearer = match default_bearer {
            Some(token) => Some(bearer(token, "the API key")?),
            None => None,
        };
        let mut stored = BTreeMap::new();
        for (scheme, credential) in by_scheme {
            let what = format!("the credential of `{scheme}`");
            let value = match &credential.0 {
                Secret::Token(token) => Stored::Token {
                    bearer: bearer(token, &what)?,
                    plain: plain(token, &what)?,
                    text: token.clone(),
                },
                Secret::Basic { user, password } => Stored::Basic(basic(user, password, &what)?),
            };
            stored.insert(scheme.clone(), value);
        }
        Ok(Credentials {
            default_bearer,
            by_scheme: stored,
        })
    }

    /// Whether the client holds any credential (which then must not go over plain http).
    pub(super) fn is_empty(&self) -> bool {
        self.default_bearer.is_none() && self.by_scheme.is_empty()
    }

    /// What `Debug` may show: whether there is a default bearer token, and the schemes with
    /// a credential of their own.
    pub(super) fn describe(&self) -> (bool, Vec<&str>) {
        (
            self.default_bearer.is_some(),
            self.by_scheme.keys().map(String::as_str).collect(),
        )
    }

    /// The requirement of `operation` this client sends: the first (in spec order) it has
    /// every credential for; an empty one, which needs nothing, only when it meets no other,
    /// so that credentials a call may send are sent. An operation without requirements sends
    /// nothing. A scheme sent in a header is also met by that header set by hand
    /// (`by_hand(name)`: a default or a handle's header, which then goes out as it is).
    ///
    /// # Errors
    ///
    /// [`Error::MissingCredentials`] when it meets none, [`Error::InvalidRequest`] when the
    /// requirement it meets names an API key HTTP cannot carry (possible only in hand-written
    /// operations: the generator checks names).
    pub(super) fn choose<E>(
        &self,
        operation: &Operation,
        by_hand: impl Fn(&str) -> bool,
    ) -> Result<SecurityRequirement, Error<E>> {
        let mut anonymous = operation.security.is_empty();
        for requirement in operation.security {
            if requirement.is_empty() {
                anonymous = true;
            } else if requirement.iter().all(|scheme| self.has(scheme, &by_hand)) {
                check_names(requirement)?;
                return Ok(requirement);
            }
        }
        if anonymous {
            return Ok(&[]);
        }
        Err(Error::MissingCredentials {
            operation: operation.id,
            required: operation.security,
        })
    }

    /// Whether the client has a credential of the shape `scheme` takes, or the caller set its
    /// header by hand.
    fn has(&self, scheme: &SecurityScheme, by_hand: impl Fn(&str) -> bool) -> bool {
        let own = match (scheme.kind, self.by_scheme.get(scheme.name)) {
            (SchemeKind::Bearer, None) => self.default_bearer.is_some(),
            (SchemeKind::Bearer | SchemeKind::ApiKey { .. }, Some(Stored::Token { .. })) => true,
            (SchemeKind::Basic, Some(Stored::Basic(_))) => true,
            _ => false,
        };
        own || match scheme.kind {
            SchemeKind::Bearer | SchemeKind::Basic => by_hand(AUTHORIZATION.as_str()),
            SchemeKind::ApiKey {
                location: ApiKeyIn::Header,
                name,
            } => by_hand(name),
            SchemeKind::ApiKey { .. } => false,
        }
    }

    /// What `scheme` sends, when the client has a credential of its shape for it (and, for a
    /// header, its name is one).
    fn find(&self, scheme: &SecurityScheme) -> Option<Sent<'_>> {
        let own = self.by_scheme.get(scheme.name);
        match (scheme.kind, own) {
            (SchemeKind::Bearer, Some(Stored::Token { bearer, .. })) => {
                Some(Sent::Header(AUTHORIZATION, bearer))
            }
            (SchemeKind::Bearer, None) => self
                .default_bearer
                .as_ref()
                .map(|bearer| Sent::Header(AUTHORIZATION, bearer)),
            (SchemeKind::Basic, Some(Stored::Basic(value))) => {
                Some(Sent::Header(AUTHORIZATION, value))
            }
            (SchemeKind::ApiKey { location, name }, Some(Stored::Token { plain, text, .. })) => {
                match location {
                    ApiKeyIn::Header => HeaderName::from_bytes(name.as_bytes())
                        .ok()
                        .map(|header| Sent::Header(header, plain)),
                    ApiKeyIn::Query => Some(Sent::Query(name, text)),
                    ApiKeyIn::Cookie => Some(Sent::Cookie(name, text)),
                }
            }
            _ => None,
        }
    }

    /// Adds the headers of `chosen` (they replace any of the same name).
    pub(super) fn add_headers(&self, chosen: SecurityRequirement, headers: &mut HeaderMap) {
        for scheme in chosen {
            if let Some(Sent::Header(name, value)) = self.find(scheme) {
                headers.insert(name, value.clone());
            }
        }
    }

    /// Adds the query parameters of `chosen`, after the operation's.
    pub(super) fn add_query(&self, chosen: SecurityRequirement, url: &mut Url) {
        for scheme in chosen {
            if let Some(Sent::Query(name, value)) = self.find(scheme) {
                url.query_pairs_mut().append_pair(name, value);
            }
        }
    }

    /// Appends the cookies of `chosen` (values percent-encoded as cookie parameters are) to a
    /// `Cookie` header's text.
    pub(super) fn add_cookies(&self, chosen: SecurityRequirement, cookies: &mut String) {
        for scheme in chosen {
            if let Some(Sent::Cookie(name, value)) = self.find(scheme) {
                if !cookies.is_empty() {
                    cookies.push_str("; ");
                }
                let _ = write!(
                    cookies,
                    "{name}={}",
                    utf8_percent_encode(value, COOKIE_VALUE)
                );
            }
        }
    }
}

/// Refuses a chosen requirement whose API key names cannot be sent.
fn check_names<E>(requirement: SecurityRequirement) -> Result<(), Error<E>> {
    for scheme in requirement {
        let SchemeKind::ApiKey { location, name } = scheme.kind else {
            continue;
        };
        let valid = match location {
            ApiKeyIn::Header => HeaderName::from_bytes(name.as_bytes()).is_ok(),
            ApiKeyIn::Cookie => is_token(name),
            ApiKeyIn::Query => true,
        };
        if !valid {
            return Err(Error::InvalidRequest(format!(
                "the security scheme `{}` sends its API key as {name:?}, which is not a valid \
                 {} name",
                scheme.name,
                match location {
                    ApiKeyIn::Header => "header",
                    _ => "cookie",
                }
            )));
        }
    }
    Ok(())
}

/// `Bearer <token>`, sensitive.
fn bearer(token: &str, what: &str) -> Result<HeaderValue, Error> {
    check_token(token, what)?;
    sensitive(&format!("Bearer {token}"), what)
}

/// The token as it is, sensitive.
fn plain(token: &str, what: &str) -> Result<HeaderValue, Error> {
    check_token(token, what)?;
    sensitive(token, what)
}

/// `Basic <base64 of user:password>` (RFC 7617), sensitive.
fn basic(user: &str, password: &str, what: &str) -> Result<HeaderValue, Error> {
    if user.is_empty() && password.is_empty() {
        return Err(Error::Config(format!("{what} is empty")));
    }
    if user.contains(':') {
        // The server splits at the first colon: the rest of the user would be the password.
        return Err(Error::Config(format!(
            "{what} has a user containing `:`, which HTTP Basic cannot carry"
        )));
    }
    if user.chars().chain(password.chars()).any(char::is_control) {
        return Err(Error::Config(format!("{what} contains control characters")));
    }
    let encoded = STANDARD.encode(format!("{user}:{password}"));
    sensitive(&format!("Basic {encoded}"), what)
}

/// A token must be non-empty ASCII a header can carry: it may go in one (and the same rule
/// holds wherever the scheme sends it, so a credential valid for one operation is valid for
/// all).
fn check_token(token: &str, what: &str) -> Result<(), Error> {
    if token.trim().is_empty() {
        return Err(Error::Config(format!("{what} is empty")));
    }
    // The message never includes the token: it is what we must not leak.
    if !token.is_ascii() || HeaderValue::from_str(token).is_err() {
        return Err(Error::Config(format!(
            "{what} contains characters not allowed in a header"
        )));
    }
    Ok(())
}

fn sensitive(text: &str, what: &str) -> Result<HeaderValue, Error> {
    let mut value = HeaderValue::from_str(text).map_err(|_| {
        Error::Config(format!(
            "{what} contains characters not allowed in a header"
        ))
    })?;
    value.set_sensitive(true);
    Ok(value)
}

/// `error` with the values of the query API keys `chosen` sent replaced, in the URL a
/// transport error carries (its `Display` and `Debug` print it).
pub(super) fn redact<E>(error: Error<E>, chosen: SecurityRequirement) -> Error<E> {
    let keys: Vec<&str> = chosen
        .iter()
        .filter_map(|scheme| match scheme.kind {
            SchemeKind::ApiKey {
                location: ApiKeyIn::Query,
                name,
            } => Some(name),
            _ => None,
        })
        .collect();
    if keys.is_empty() {
        return error;
    }
    match error {
        Error::Timeout(mut e) => {
            e.source = e.source.map(|source| redact_url(source, &keys));
            Error::Timeout(e)
        }
        Error::Connection(mut e) => {
            e.source = e.source.map(|source| redact_url(source, &keys));
            Error::Connection(e)
        }
        other => other,
    }
}

/// The value of every query pair named in `keys` becomes `REDACTED`.
fn redact_url(mut error: reqwest::Error, keys: &[&str]) -> reqwest::Error {
    if let Some(url) = error.url_mut() {
        let pairs: Vec<(String, String)> = url
            .query_pairs()
            .map(|(name, value)| {
                let value = if keys.contains(&name.as_ref()) {
                    "REDACTED".to_string()
                } else {
                    value.into_owned()
                };
                (name.into_owned(), value)
            })
            .collect();
        url.query_pairs_mut().clear().extend_pairs(pairs);
    }
    error
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request::Method;

    const SECRET: &str = "k_SECRET_91c";

    static KEY_HEADER: SecurityScheme = SecurityScheme::api_key_header("key", "X-API-Key");
    static KEY_QUERY: SecurityScheme = SecurityScheme::api_key_query("query_key", "api_key");
    static KEY_COOKIE: SecurityScheme = SecurityScheme::api_key_cookie("cookie_key", "session");
    static BASIC: SecurityScheme = SecurityScheme::basic("basic");
    static BEARER: SecurityScheme = SecurityScheme::bearer("bearer");

    fn operation(security: &'static [SecurityRequirement]) -> &'static Operation {
        Box::leak(Box::new(Operation {
            id: "op",
            method: Method::Get,
            path: "/x",
            security,
        }))
    }

    fn credentials(default: Option<&str>, own: &[(&str, Credential)]) -> Credentials {
        let own = own
            .iter()
            .map(|(name, c)| (name.to_string(), c.clone()))
            .collect();
        Credentials::new(default, &own).expect("valid")
    }

    /// The names of the schemes `credentials` chooses for an operation with `security`, or the
    /// error's text.
    fn chosen(credentials: &Credentials, security: &'static [SecurityRequirement]) -> String {
        match credentials.choose::<serde_json::Value>(operation(security), |_| false) {
            Ok(requirement) => {
                let names: Vec<&str> = requirement.iter().map(|s| s.name).collect();
                format!("{names:?}")
            }
            Err(e) => e.to_string(),
        }
    }

    #[test]
    fn the_first_requirement_met_is_sent_and_an_empty_one_only_when_no_other_is() {
        static ALTERNATIVES: [SecurityRequirement; 2] = [&[KEY_HEADER], &[BEARER]];
        static COMBINED: [SecurityRequirement; 1] = [&[KEY_HEADER, KEY_QUERY]];
        static OPTIONAL: [SecurityRequirement; 2] = [&[], &[BEARER]];
        let token = Credential::token(SECRET);
        let none = credentials(None, &[]);
        let bearer_only = credentials(Some(SECRET), &[]);
        let key_only = credentials(None, &[("key", token.clone())]);
        let both_keys = credentials(
            None,
            &[("key", token.clone()), ("query_key", token.clone())],
        );
        let everything = credentials(Some(SECRET), &[("key", token.clone())]);

        assert_eq!(chosen(&everything, &ALTERNATIVES), r#"["key"]"#, "in order");
        assert_eq!(chosen(&bearer_only, &ALTERNATIVES), r#"["bearer"]"#);
        assert_eq!(
            chosen(&none, &ALTERNATIVES),
            "the operation `op` needs credentials the client was not given: set those of \
             `key`, or of `bearer`, on the client's builder; it was not sent"
        );
        assert_eq!(chosen(&both_keys, &COMBINED), r#"["key", "query_key"]"#);
        assert_eq!(
            chosen(&key_only, &COMBINED),
            "the operation `op` needs credentials the client was not given: set those of \
             `key` and `query_key` together, on the client's builder; it was not sent",
            "all of a requirement, or nothing"
        );
        assert_eq!(chosen(&none, &OPTIONAL), "[]");
        assert_eq!(
            chosen(&bearer_only, &OPTIONAL),
            r#"["bearer"]"#,
            "optional credentials are sent when the client has them"
        );
        assert_eq!(
            chosen(&everything, &[]),
            "[]",
            "no requirement, nothing sent"
        );
    }

    #[test]
    fn a_header_set_by_hand_meets_the_scheme_that_sends_it() {
        static NEEDS_BEARER: [SecurityRequirement; 1] = [&[BEARER]];
        static NEEDS_KEYS: [SecurityRequirement; 1] = [&[KEY_HEADER, KEY_QUERY]];
        let none = credentials(None, &[]);
        let by_hand = |set: &'static [&'static str]| {
            move |name: &str| set.iter().any(|h| h.eq_ignore_ascii_case(name))
        };
        let met = |security, set| {
            none.choose::<serde_json::Value>(operation(security), by_hand(set))
                .map(|r| r.len())
                .map_err(|e| e.to_string())
        };
        assert_eq!(met(&NEEDS_BEARER, &["authorization"]), Ok(1));
        assert!(met(&NEEDS_BEARER, &["x-api-key"]).is_err());
        assert!(
            met(&NEEDS_KEYS, &["X-API-Key"]).is_err(),
            "a query key cannot be set by hand"
        );
        let query_only = credentials(None, &[("query_key", Credential::token(SECRET))]);
        let chosen = query_only
            .choose::<serde_json::Value>(operation(&NEEDS_KEYS), by_hand(&["X-API-Key"]))
            .expect("met");
        let mut headers = HeaderMap::new();
        headers.insert("x-api-key", HeaderValue::from_static("by hand"));
        query_only.add_headers(chosen, &mut headers);
        assert_eq!(headers["x-api-key"], "by hand", "sent as the caller set it");
    }

    #[test]
    fn a_credential_of_another_shape_does_not_meet_a_scheme() {
        static NEEDS_BASIC: [SecurityRequirement; 1] = [&[BASIC]];
        static NEEDS_BEARER: [SecurityRequirement; 1] = [&[BEARER]];
        let token_for_basic = credentials(Some(SECRET), &[("basic", Credential::token(SECRET))]);
        assert!(chosen(&token_for_basic, &NEEDS_BASIC).contains("not given"));
        let basic_for_bearer =
            credentials(Some(SECRET), &[("bearer", Credential::basic("u", "p"))]);
        assert!(
            chosen(&basic_for_bearer, &NEEDS_BEARER).contains("not given"),
            "a scheme's own credential wins over the default token, even a wrong one"
        );
    }

    #[test]
    fn each_kind_goes_where_its_scheme_says() {
        static ALL: [SecurityRequirement; 1] = [&[KEY_HEADER, KEY_QUERY, KEY_COOKIE, BASIC]];
        let token = Credential::token(SECRET);
        let client = credentials(
            None,
            &[
                ("key", token.clone()),
                ("query_key", Credential::token("a b&c")),
                ("cookie_key", Credential::token("x;y")),
                ("basic", Credential::basic("Aladdin", "open sesame")),
            ],
        );
        let chosen = client
            .choose::<serde_json::Value>(operation(&ALL), |_| false)
            .expect("met");
        let mut headers = HeaderMap::new();
        client.add_headers(chosen, &mut headers);
        assert_eq!(headers["x-api-key"], SECRET);
        assert!(headers["x-api-key"].is_sensitive());
        // RFC 7617's own example.
        assert_eq!(headers[AUTHORIZATION], "Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==");
        assert!(headers[AUTHORIZATION].is_sensitive());
        let mut url = Url::parse("https://api.example.com/x?page=2").expect("a URL");
        client.add_query(chosen, &mut url);
        assert_eq!(url.query(), Some("page=2&api_key=a+b%26c"));
        let mut cookies = "a=1".to_string();
        client.add_cookies(chosen, &mut cookies);
        assert_eq!(cookies, "a=1; session=x%3By");
        let mut alone = String::new();
        client.add_cookies(chosen, &mut alone);
        assert_eq!(alone, "session=x%3By");
    }

    #[test]
    fn bad_credentials_are_config_errors_naming_the_scheme_not_the_secret() {
        let cases = [
            (Credential::token(""), "the credential of `s` is empty"),
            (Credential::token("  "), "the credential of `s` is empty"),
            (
                Credential::token(format!("{SECRET}\n")),
                "the credential of `s` contains characters not allowed in a header",
            ),
            (
                Credential::token(format!("{SECRET}é")),
                "the credential of `s` contains characters not allowed in a header",
            ),
            (Credential::basic("", ""), "the credential of `s` is empty"),
            (
                Credential::basic(format!("{SECRET}:x"), "p"),
                "the credential of `s` has a user containing `:`, which HTTP Basic cannot carry",
            ),
            (
                Credential::basic("u", format!("{SECRET}\r")),
                "the credential of `s` contains control characters",
            ),
        ];
        for (credential, expected) in cases {
            let own = BTreeMap::from([("s".to_string(), credential)]);
            match Credentials::new(None, &own) {
                Err(Error::Config(why)) => assert_eq!(why, expected),
                Err(other) => panic!("{other:?}"),
                Ok(_) => panic!("accepted: {expected}"),
            }
        }
        // Basic may leave one of the two empty (an API key as the user, no password).
        let own = BTreeMap::from([("s".to_string(), Credential::basic(SECRET, ""))]);
        assert!(Credentials::new(None, &own).is_ok());
    }

    #[test]
    fn an_api_key_name_http_cannot_carry_makes_the_call_invalid() {
        static BAD_HEADER: [SecurityRequirement; 1] =
            [&[SecurityScheme::api_key_header("h", "bad name")]];
        static BAD_COOKIE: [SecurityRequirement; 1] =
            [&[SecurityScheme::api_key_cookie("c", "a;b")]];
        let client = credentials(
            None,
            &[
                ("h", Credential::token(SECRET)),
                ("c", Credential::token(SECRET)),
            ],
        );
        assert_eq!(
            chosen(&client, &BAD_HEADER),
            "invalid request: the security scheme `h` sends its API key as \"bad name\", which \
             is not a valid header name"
        );
        assert_eq!(
            chosen(&client, &BAD_COOKIE),
            "invalid request: the security scheme `c` sends its API key as \"a;b\", which is \
             not a valid cookie name"
        );
    }

    #[tokio::test]
    async fn a_transport_errors_url_has_its_query_keys_redacted() {
        static QUERY: [SecurityRequirement; 1] = [&[KEY_QUERY]];
        let free = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
        let address = free.local_addr().expect("an address");
        drop(free);
        let http = reqwest::Client::builder()
            .tls_backend_preconfigured(super::super::tls::tls_config().expect("TLS"))
            .build()
            .expect("a client");
        let source = http
            .get(format!("http://{address}/x?page=2&api_key={SECRET}"))
            .send()
            .await
            .expect_err("nothing listens");
        let error: Error = Error::Connection(crate::error::TransportError {
            attempts: 1,
            maybe_sent: false,
            source: Some(source),
            deadline: None,
            waiting_for_slot: None,
        });
        let shown = |e: &Error| format!("{e} {e:?}");
        assert!(
            shown(&error).contains(SECRET),
            "the test exercises the leak"
        );
        let error = redact(error, QUERY[0]);
        let text = shown(&error);
        assert!(!text.contains(SECRET), "{text}");
        assert!(text.contains("page=2&api_key=REDACTED"), "{text}");
    }
}
