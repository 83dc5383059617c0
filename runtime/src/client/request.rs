//! What one call sends besides its body: the URL and the headers, from the client's settings
//! and the [`Request`] a generated operation built.

use super::Client;
use crate::request::Request;
use reqwest::Url;
use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, COOKIE, HeaderMap, HeaderValue};
use std::borrow::Cow;

impl Client {
    pub(super) fn url_for(&self, request: &Request) -> Url {
        let mut url = self.inner.base_url.clone();
        // The base's own path is a prefix (a gateway's `/meteroid`); the operation's path,
        // already encoded segment by segment, goes after it.
        let path = format!("{}{}", url.path().trim_end_matches('/'), request.path);
        url.set_path(&path);
        if !request.query.is_empty() {
            url.query_pairs_mut().extend_pairs(&request.query);
        }
        url
    }

    pub(super) fn headers_for(&self, request: &Request) -> HeaderMap {
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
        if !request.cookies.is_empty() {
            let cookies: Vec<String> = request
                .cookies
                .iter()
                .map(|(name, value)| format!("{name}={value}"))
                .collect();
            // Names are tokens and values percent-encoded (`Request::cookie`), so this is
            // always a valid header value.
            if let Ok(value) = HeaderValue::from_str(&cookies.join("; ")) {
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
        if request.operation.authenticated {
            if let Some(token) = &self.inner.token {
                headers.insert(AUTHORIZATION, token.clone());
            }
        }
        headers
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::test_support::DEFAULT_BASE_URL;
    use crate::client::test_support::{OP, PUBLIC, TOKEN, builder, client};
    use reqwest::header::USER_AGENT;

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
                client(base).url_for(&request()).as_str(),
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
            client(DEFAULT_BASE_URL).url_for(&request).as_str(),
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
        let get = client.headers_for(&Request::new(&OP));
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

        let post = client.headers_for(&Request::new(&PUBLIC).form_body(&[("a", "b")]));
        assert!(
            post.get(AUTHORIZATION).is_none(),
            "not for unauthenticated operations"
        );
        assert_eq!(post[CONTENT_TYPE], "application/x-www-form-urlencoded");

        let pdf = client.headers_for(&Request::new(&OP).accept("application/pdf"));
        assert_eq!(pdf[ACCEPT], "application/pdf");
        let json = client.headers_for(&Request::new(&OP).json_body(&1));
        assert_eq!(json[CONTENT_TYPE], "application/json");

        let custom = builder()
            .user_agent("acme-billing/2")
            .build()
            .expect("valid");
        assert_eq!(
            custom.headers_for(&Request::new(&OP))[USER_AGENT],
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
        let headers = client.headers_for(&request);
        assert_eq!(headers["x-tenant"], "acme", "the operation's wins");
        assert_eq!(headers.get_all("x-tenant").iter().count(), 1);
        assert_eq!(headers["idempotency-key"], "k-1");
        assert_eq!(headers[ACCEPT], "application/json", "the client's wins");
        assert_eq!(headers[AUTHORIZATION], format!("Bearer {TOKEN}").as_str());
        assert_eq!(headers[COOKIE], "a=1; b=x%20y");
        assert_eq!(headers.get_all(COOKIE).iter().count(), 1);

        let plain = client.headers_for(&Request::new(&OP));
        assert_eq!(
            plain[COOKIE], "stale=1",
            "no cookie parameters, the default stays"
        );
    }
}
