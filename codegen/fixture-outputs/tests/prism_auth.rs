//! Generated clients authenticate as their specs declare, checked by Stoplight Prism (which
//! answers 401 to a request that meets none of an operation's security requirements): the
//! outputs of three fixtures, each served by its own Prism.
//!
//! | fixture | Prism at | declares |
//! | --- | --- | --- |
//! | `auth_basic.yaml` | `PRISM_AUTH_BASIC_URL` | HTTP Basic, and one open operation |
//! | `auth_query_key.yaml` | `PRISM_AUTH_QUERY_URL` | an API key in a query parameter |
//! | `auth_alternatives.yaml` | `PRISM_AUTH_ALTERNATIVES_URL` | a header key or a bearer token, none, optional, and a header key with a cookie together |
//!
//! `.ci/run` starts them; without the variables these tests print why and pass, except under
//! `CI=true`, where that is a failure. When `PRISM_SUMMARY` names a file, each test appends
//! its counts there (CI prints it).

use meteroid_codegen_fixture_outputs::ok::{auth_alternatives, auth_basic, auth_query_key};
use meteroid_runtime::{Method, Operation, Request};
use std::io::Write as _;

/// The address in `var`, or `None` (after saying why) when the tests should not run.
fn prism(var: &str) -> Option<String> {
    match std::env::var(var) {
        Ok(url) if !url.trim().is_empty() => Some(url.trim_end_matches('/').to_string()),
        _ if std::env::var("CI").is_ok_and(|ci| ci == "true") => {
            panic!("CI=true but {var} is not set: .ci/run must start Prism and export it")
        }
        _ => {
            eprintln!("skipped: {var} is not set (see .ci/run, start_prism)");
            None
        }
    }
}

fn summary(line: &str) {
    eprintln!("prism: {line}");
    if let Ok(path) = std::env::var("PRISM_SUMMARY") {
        let file = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path);
        if let Ok(mut file) = file {
            let _ = writeln!(file, "{line}");
        }
    }
}

/// The status Prism answers to `method path` sent by the runtime alone, with no security
/// requirement and these headers: what a request without our client's credentials gets.
async fn raw_status(base: &str, operation: &'static Operation, headers: &[(&str, &str)]) -> u16 {
    let mut client = meteroid_runtime::Client::builder()
        .base_url(base)
        .max_retries(0)
        .build()
        .expect("valid");
    for (name, value) in headers {
        client = client
            .with_header::<meteroid_runtime::Error>(name, value)
            .expect("a valid header");
    }
    match client
        .send_bytes::<meteroid_runtime::Error>(Request::new(operation))
        .await
    {
        Ok(_) => 200,
        Err(error) => error.status().unwrap_or_else(|| panic!("{error}")),
    }
}

/// An operation of one of the fixtures, as a request that carries no credentials itself.
const fn bare(method: Method, path: &'static str) -> Operation {
    Operation {
        id: "bare",
        method,
        path,
        security: &[],
    }
}

/// Asserts that a call of the client in `$module` failed with its own refusal, before sending.
macro_rules! refused {
    ($module:ident, $call:expr) => {
        match $call {
            Err($module::Error::MissingCredentials { .. }) => {}
            other => panic!("not refused before sending: {other:?}"),
        }
    };
}

#[tokio::test]
async fn http_basic() {
    use auth_basic::{Client, Credentials as _};
    let Some(url) = prism("PRISM_AUTH_BASIC_URL") else {
        return;
    };
    static ME: Operation = bare(Method::Get, "/me");
    // Prism checks: nothing, or a bearer token, is refused.
    assert_eq!(raw_status(&url, &ME, &[]).await, 401);
    assert_eq!(
        raw_status(&url, &ME, &[("Authorization", "Bearer x")]).await,
        401
    );

    let client = Client::builder()
        .base_url(&url)
        // RFC 7617 lets a password hold `:`; Prism refuses a second one, so this has none.
        .basic_auth("ada", "s3cret with spaces")
        .max_retries(0)
        .build()
        .expect("valid");
    let me = client
        .get_me()
        .await
        .expect("Prism accepts our Basic header");
    assert!(!me.user.is_empty());
    client.get_health().await.expect("open to anyone");
    let anonymous = Client::builder()
        .base_url(&url)
        .max_retries(0)
        .build()
        .expect("valid");
    refused!(auth_basic, anonymous.get_me().await);
    anonymous
        .get_health()
        .await
        .expect("`security: []` needs nothing");
    summary(
        "auth basic: Prism accepts our HTTP Basic (200), 401 without or with a bearer; \
         `security: []` open; no credentials: refused before sending",
    );
}

#[tokio::test]
async fn api_key_in_the_query() {
    use auth_query_key::models::ListItemsQuery;
    use auth_query_key::{Client, Credentials as _};
    let Some(url) = prism("PRISM_AUTH_QUERY_URL") else {
        return;
    };
    static ITEMS: Operation = bare(Method::Get, "/items");
    assert_eq!(raw_status(&url, &ITEMS, &[]).await, 401);
    assert_eq!(
        raw_status(&url, &ITEMS, &[("X-API-Key", "k")]).await,
        401,
        "the key belongs in the query"
    );

    let client = Client::builder()
        .base_url(&url)
        .api_key_auth("key with spaces & more")
        .max_retries(0)
        .build()
        .expect("valid");
    client
        .list_items(&ListItemsQuery::new())
        .await
        .expect("Prism accepts our query key");
    client
        .list_items(&ListItemsQuery::new().limit(5))
        .await
        .expect("beside the operation's own query parameters");
    let anonymous = Client::builder()
        .base_url(&url)
        .max_retries(0)
        .build()
        .expect("valid");
    refused!(
        auth_query_key,
        anonymous.list_items(&ListItemsQuery::new()).await
    );
    summary(
        "auth query key: Prism accepts our `api_key` query parameter, alone and after `limit` \
         (200); 401 without it or with it in a header; no key: refused before sending",
    );
}

#[tokio::test]
async fn alternatives_none_optional_and_a_combination() {
    use auth_alternatives::{Client, Credentials as _};
    let Some(url) = prism("PRISM_AUTH_ALTERNATIVES_URL") else {
        return;
    };
    static REPORTS: Operation = bare(Method::Get, "/reports");
    static ADMIN: Operation = bare(Method::Post, "/admin");
    assert_eq!(raw_status(&url, &REPORTS, &[]).await, 401);
    // Half of the combination is refused: Prism checks both.
    assert_eq!(raw_status(&url, &ADMIN, &[("X-API-Key", "k")]).await, 401);
    assert_eq!(
        raw_status(&url, &ADMIN, &[("Cookie", "session=s")]).await,
        401
    );

    let settings = || Client::builder().base_url(&url).max_retries(0);
    let key = settings()
        .api_key_header_auth("k-1")
        .build()
        .expect("valid");
    let bearer = settings()
        .bearer_auth("eyJhbGciOiJIUzI1NiJ9.e30.sig")
        .build()
        .expect("valid");
    let both = settings()
        .api_key_header_auth("k-1")
        .session_cookie_auth("s=1; not a cookie delimiter")
        .build()
        .expect("valid");
    let anonymous = settings().build().expect("valid");

    key.list_reports().await.expect("the first alternative");
    bearer.list_reports().await.expect("the second alternative");
    refused!(auth_alternatives, anonymous.list_reports().await);
    for client in [&key, &bearer, &both, &anonymous] {
        client.get_public().await.expect("`security: []`");
        client
            .get_maybe()
            .await
            .expect("`{}` among the alternatives");
    }
    both.run_admin()
        .await
        .expect("the key and the cookie together");
    refused!(auth_alternatives, key.run_admin().await);
    refused!(auth_alternatives, bearer.run_admin().await);
    summary(
        "auth alternatives: Prism accepts a header key or a bearer (200 each), the key and \
         cookie together (200), open and optional operations from every client; 401 for none \
         and for half of the combination; unmet requirements refused before sending",
    );
}
