//! What one call sends besides its body: the URL and the headers, from the client's settings,
//! the [`Request`] a generated operation built and the security requirement chosen for it.

use super::Client;
use crate::auth::SecurityRequirement;
use crate::request::Request;
use reqwest::Url;
use reqwest::header::{ACCEPT, CONTENT_TYPE, COOKIE, HeaderMap, HeaderValue};
use std::borrow::Cow;

impl Client {
    /// Whether every request of this handle carries the header `name` (a default header or
    /// the handle's own), set by the caller.
    pub(super) fn sets_header(&self, name: &str) -> bool {
        self.inner.headers.contains_key(name)
            || self
                .call
                .headers
                .as_ref()
                .is_some_and(|headers| headers.contains_key(name))
    }

    /// The URL of `request`, with the query API keys of `chosen` after its own parameters.
    pub(super) fn url_for(&self, request: &Request, chosen: SecurityRequirement) -> Url {
        let mut url = self.inner.base_url.clone();
        // The base's own path is a prefix (a gateway's `/meteroid`); the operation's path,
        // already encoded segment by segment, goes after it.
        let path = format!("{}{}", url.path().trim_end_matches('/'), request.path);
        url.set_path(&path);
        if !request.query.is_empty() {
            url.query_pairs_mut().extend_pairs(&request.query);
        }
        self.inner.credentials.add_query(chosen, &mut url);
        url
    }

    /// The headers of `request`, with the credentials of `chosen` (which win over every
    /// other header of their names).
    pub(super) fn headers_for(&self, request: &Request, chosen: SecurityRequirement) -> HeaderMap {
        let mut headers = self.inner.headers.clone();
        // The operation's header parameters replace defaults of the same name; what the client
        // sets below replaces them in turn.
        for (name, value) in &request.headers {
            headers.insert(name.clone(), value.clone());
        }
        // A handle's headers (`with_header`) are the caller's word for this call.
        for (name, value) in self.call.headers.iter().flat_map(|h| h.iter()) {
            headers.insert(name.clone(), value.clone());
        }
        let mut cookies = String::new();
        for (name, value) in &request.cookies {
            if !cookies.is_empty() {
                cookies.push_str("; ");
            }
            cookies.push_str(name);
            cookies.push('=');
            cookies.push_str(value);
        }
        self.inner.credentials.add_cookies(chosen, &mut cookies);
        if !cookies.is_empty() {
            // Names are tokens and values percent-encoded (`Request::cookie`, and the
            // credentials' alike), so this is always a valid header value.
            if let Ok(mut value) = HeaderValue::from_str(&cookies) {
                // It may hold an API key.
                value.set_sensitive(true);
                headers.insert(COOKIE, value);
            }
        }
        headers.insert(ACCEPT, HeaderValue::from_static(request.accept));
        if let Some(body) = &request.body {
            let value = match &body.content_type {
                Cow::Borrowed(constant) => Ok(HeaderValue::from_static(constant)),
                Cow::Owned(text) => HeaderValue::from_str(text),
            };
            if let Ok(value) = value {
                headers.insert(CONTENT_TYPE, value);
            }
        }
        self.inner.credentials.add_headers(chosen, &mut headers);
        headers
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::test_support::DEFAULT_BASE_URL;
    use crate::client::test_support::{OP, PUBLIC, TOKEN, builder, client};
    use reqwest::header::{AUTHORIZATION, USER_AGENT};

    /// The headers `client` sends for `request`, with the credentials it chooses.
    fn headers(client: &Client, request: Request) -> HeaderMap {
        let chosen = client
            .inner
            .credentials
            .choose::<serde_json::Value>(request.operation, |name| client.sets_header(name))
            .expect("credentials met");
        client.headers_for(&request, chosen)
    }

    #[test]
    fn the_base_url_may_have_a_trailing_slash_or_a_path_prefix() {
        let request = || Request::new(&OP).path_param("id", "a b/c");
        for (base, expected) in [
            (
                "https://api.meteroid.com",
                "https://api.meteroid.com/api/v1/things/a%20b%2Fc",
            ),
            (
                "https://api.meteroid.com/",
                "https://api.meteroid.com/api/v1/things/a%20b%2Fc",
            ),
            (
                "https://gw.example.com/meteroid",
                "https://gw.example.com/meteroid/api/v1/things/a%20b%2Fc",
            ),
            (
                "https://gw.example.com/meteroid/",
                "https://gw.example.com/meteroid/api/v1/things/a%20b%2Fc",
            ),
            (
                "http://127.0.0.1:4010",
                "http://127.0.0.1:4010/api/v1/things/a%20b%2Fc",
            ),
        ] {
            assert_eq!(
                client(base).url_for(&request(), &[]).as_str(),
                expected,
                "{base}"
            );
        }
    }

    #[test]
    fn query_pairs_are_form_encoded() {
        let request = Request::new(&OP)
            .path_param("id", "x")
            .query("search", "a b&c=d/é")
            .query("status", "active")
            .query("status", "draft");
        assert_eq!(
            client(DEFAULT_BASE_URL).url_for(&request, &[]).as_str(),
            "https://api.meteroid.com/api/v1/things/x?search=a+b%26c%3Dd%2F%C3%A9&status=active&status=draft"
        );
    }

    #[test]
    fn headers_per_request() {
        let client = builder()
            .bearer_token(TOKEN)
            .default_header("Prefer", "code=404")
            .default_header("prefer", "dynamic=true")
            .default_header("Accept", "text/html")
            .build()
            .expect("valid");
        let get = headers(&client, Request::new(&OP));
        assert_eq!(get[AUTHORIZATION], format!("Bearer {TOKEN}").as_str());
        assert!(get[AUTHORIZATION].is_sensitive());
        assert_eq!(get[ACCEPT], "application/json", "ours wins over a default");
        assert_eq!(get["prefer"], "dynamic=true", "the last default wins");
        assert_eq!(get.get_all("prefer").iter().count(), 1);
        assert_eq!(
            get[USER_AGENT],
            concat!("meteroid-runtime/", env!("CARGO_PKG_VERSION"))
        );
        assert!(get.get(CONTENT_TYPE).is_none(), "no body, no content type");

        let post = headers(&client, Request::new(&PUBLIC).form_body(&[("a", "b")]));
        assert!(
            post.get(AUTHORIZATION).is_none(),
            "not for unauthenticated operations"
        );
        assert_eq!(post[CONTENT_TYPE], "application/x-www-form-urlencoded");

        let pdf = headers(&client, Request::new(&OP).accept("application/pdf"));
        assert_eq!(pdf[ACCEPT], "application/pdf");
        let json = headers(&client, Request::new(&OP).json_body(&1));
        assert_eq!(json[CONTENT_TYPE], "application/json");

        let custom = builder()
            .user_agent("acme-billing/2")
            .build()
            .expect("valid");
        assert_eq!(
            headers(&custom, Request::new(&PUBLIC))[USER_AGENT],
            "acme-billing/2"
        );
    }

    #[test]
    fn header_params_replace_defaults_and_lose_to_the_clients_own() {
        let client = builder()
            .bearer_token(TOKEN)
            .default_header("X-Tenant", "default")
            .default_header("Cookie", "stale=1")
            .build()
            .expect("valid");
        let request = Request::new(&OP)
            .header("x-tenant", "acme")
            .header("Idempotency-Key", "k-1")
            .header("Accept", "text/html")
            .header("Authorization", "Basic eHl6")
            .cookie("a", "1")
            .cookie("b", "x y");
        let sent = headers(&client, request);
        assert_eq!(sent["x-tenant"], "acme", "the operation's wins");
        assert_eq!(sent.get_all("x-tenant").iter().count(), 1);
        assert_eq!(sent["idempotency-key"], "k-1");
        assert_eq!(sent[ACCEPT], "application/json", "the client's wins");
        assert_eq!(sent[AUTHORIZATION], format!("Bearer {TOKEN}").as_str());
        assert_eq!(sent[COOKIE], "a=1; b=x%20y");
        assert_eq!(sent.get_all(COOKIE).iter().count(), 1);

        let plain = headers(&client, Request::new(&OP));
        assert_eq!(
            plain[COOKIE], "stale=1",
            "no cookie parameters, the default stays"
        );
    }

    #[test]
    fn credentials_join_the_query_and_the_cookies_and_win_over_other_headers() {
        use crate::auth::{Credential, SecurityScheme};
        static KEYS: crate::request::Operation = crate::request::Operation {
            id: "keys",
            method: crate::request::Method::Get,
            path: "/keys",
            security: &[&[
                SecurityScheme::api_key_header("header_key", "X-Api-Key"),
                SecurityScheme::api_key_query("query_key", "api_key"),
                SecurityScheme::api_key_cookie("cookie_key", "session"),
            ]],
        };
        let client = builder()
            .credential("header_key", Credential::token(TOKEN))
            .credential("query_key", Credential::token(TOKEN))
            .credential("cookie_key", Credential::token(TOKEN))
            .default_header("X-Api-Key", "default")
            .build()
            .expect("valid");
        let request = || {
            Request::new(&KEYS)
                .query("page", "2")
                .header("X-Api-Key", "param")
                .cookie("a", "1")
        };
        let sent = headers(&client, request());
        assert_eq!(sent["x-api-key"], TOKEN, "the credential wins");
        assert_eq!(sent.get_all("x-api-key").iter().count(), 1);
        assert_eq!(sent[COOKIE], format!("a=1; session={TOKEN}").as_str());
        assert!(sent[COOKIE].is_sensitive());
        let chosen = KEYS.security[0];
        assert_eq!(
            client.url_for(&request(), chosen).query(),
            Some(format!("page=2&api_key={TOKEN}").as_str())
        );
        assert!(
            !format!("{:?}", request()).contains(TOKEN),
            "the request never holds it"
        );
    }
}
