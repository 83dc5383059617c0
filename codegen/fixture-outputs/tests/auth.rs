//! Generated clients send exactly what each operation's `security` requires, through their
//! typed setters, and never show a credential: the outputs of the `auth_*` fixtures against a
//! local server that records every request.

use meteroid_codegen_fixture_outputs::ok::{auth_alternatives, auth_basic, auth_query_key};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

const KEY: &str = "key_SECRET_41b7";
const TOKEN: &str = "jwt_SECRET_9e2d";
const SESSION: &str = "session_SECRET_c3f0";
const USER: &str = "user_SECRET_77aa";
const PASSWORD: &str = "password_SECRET_e5d1";

/// A server answering every request with a `Report`, an `Account` and an `Item` list at once
/// (each client decodes what it needs of it: unknown properties are kept, not refused).
async fn server() -> MockServer {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(serde_json::json!({"name": "weekly", "user": "ada"})),
        )
        .mount(&server)
        .await;
    server
}

/// What the last request carried: its `Authorization`, `X-API-Key` and `Cookie` headers and
/// its query.
#[derive(Debug, PartialEq)]
struct Sent {
    authorization: Option<String>,
    api_key: Option<String>,
    cookie: Option<String>,
    query: Option<String>,
}

async fn last(server: &MockServer) -> Sent {
    let requests = server.received_requests().await.expect("recording on");
    let request: &Request = requests.last().expect("a request");
    let header = |name: &str| {
        request
            .headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    Sent {
        authorization: header("authorization"),
        api_key: header("x-api-key"),
        cookie: header("cookie"),
        query: request.url.query().map(str::to_string),
    }
}

fn nothing() -> Sent {
    Sent {
        authorization: None,
        api_key: None,
        cookie: None,
        query: None,
    }
}

async fn requests(server: &MockServer) -> usize {
    server
        .received_requests()
        .await
        .expect("recording on")
        .len()
}

/// The names of the schemes a `MissingCredentials` lists, per requirement.
fn missing(error: auth_alternatives::Error) -> Vec<Vec<&'static str>> {
    match error {
        auth_alternatives::Error::MissingCredentials { required, .. } => required
            .iter()
            .map(|r| r.iter().map(|s| s.name).collect())
            .collect(),
        other => panic!("not MissingCredentials: {other:?}"),
    }
}

#[tokio::test]
async fn each_operation_sends_the_first_requirement_the_client_meets_and_nothing_else() {
    use auth_alternatives::{Client, Credentials as _};
    let server = server().await;
    let every = Client::builder()
        .base_url(server.uri())
        .api_key_header_auth(KEY)
        .bearer_auth(TOKEN)
        .session_cookie_auth(SESSION)
        .build()
        .expect("valid");
    let key = || Some(KEY.to_string());
    let bearer = || Some(format!("Bearer {TOKEN}"));
    let session = || Some(format!("session={SESSION}"));

    every.list_reports().await.expect("200");
    assert_eq!(
        last(&server).await,
        Sent {
            api_key: key(),
            ..nothing()
        },
        "the first alternative, alone"
    );
    every.get_public().await.expect("200");
    assert_eq!(
        last(&server).await,
        nothing(),
        "`security: []` sends nothing"
    );
    every.get_maybe().await.expect("200");
    assert_eq!(
        last(&server).await,
        Sent {
            authorization: bearer(),
            ..nothing()
        },
        "optional credentials go out when the client has them"
    );
    every.run_admin().await.expect("200");
    assert_eq!(
        last(&server).await,
        Sent {
            api_key: key(),
            cookie: session(),
            ..nothing()
        },
        "a combination: all of its schemes"
    );

    let bearer_only = Client::builder()
        .base_url(server.uri())
        .bearer_auth(TOKEN)
        .build()
        .expect("valid");
    bearer_only.list_reports().await.expect("200");
    assert_eq!(
        last(&server).await,
        Sent {
            authorization: bearer(),
            ..nothing()
        },
        "the second alternative when the first is not met"
    );
    let before = requests(&server).await;
    let error = bearer_only.run_admin().await.unwrap_err();
    assert_eq!(
        error.to_string(),
        "the operation `runAdmin` needs credentials the client was not given: set those of \
         `apiKeyHeader` and `sessionCookie` together, on the client's builder; it was not sent"
    );
    assert_eq!(missing(error), [["apiKeyHeader", "sessionCookie"]]);
    assert_eq!(requests(&server).await, before, "refused before sending");

    let anonymous = Client::builder()
        .base_url(server.uri())
        .build()
        .expect("valid");
    assert_eq!(
        missing(anonymous.list_reports().await.unwrap_err()),
        [["apiKeyHeader"], ["bearerAuth"]]
    );
    assert_eq!(requests(&server).await, before);
    anonymous.get_public().await.expect("200");
    anonymous
        .get_maybe()
        .await
        .expect("200 without credentials");
    assert_eq!(last(&server).await, nothing());
}

#[tokio::test]
async fn basic_goes_in_authorization_and_a_query_key_after_the_operations_own_parameters() {
    use auth_basic::Credentials as _;
    use auth_query_key::Credentials as _;
    let server = server().await;
    let basic = auth_basic::Client::builder()
        .base_url(server.uri())
        .basic_auth("Aladdin", "open sesame")
        .build()
        .expect("valid");
    let me = basic.get_me().await.expect("200");
    assert_eq!(me.user, "ada");
    assert_eq!(
        last(&server).await,
        Sent {
            // RFC 7617's own example.
            authorization: Some("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==".into()),
            ..nothing()
        }
    );
    // An operation named like the setter keeps its name: the setter is the builder's.
    basic.basic_auth().await.expect("2xx");
    assert_eq!(
        last(&server).await.authorization.as_deref(),
        Some("Basic QWxhZGRpbjpvcGVuIHNlc2FtZQ==")
    );
    basic.get_health().await.expect("2xx");
    assert_eq!(last(&server).await, nothing());

    let keyed = auth_query_key::Client::builder()
        .base_url(server.uri())
        .api_key_auth("k y&1")
        .build()
        .expect("valid");
    // The server answers an object: the decode fails, after the request was recorded.
    let _ = keyed
        .list_items(&auth_query_key::models::ListItemsQuery::new().limit(5))
        .await;
    assert_eq!(
        last(&server).await,
        Sent {
            query: Some("limit=5&api_key=k+y%261".into()),
            ..nothing()
        }
    );
}

#[tokio::test]
async fn no_credential_shows_in_debug_errors_or_over_plain_http() {
    use auth_alternatives::Credentials as _;
    use auth_basic::Credentials as _;
    use auth_query_key::Credentials as _;
    let mut shown = Vec::new();

    let alternatives = || {
        auth_alternatives::Client::builder()
            .api_key_header_auth(KEY)
            .bearer_auth(TOKEN)
            .session_cookie_auth(SESSION)
    };
    let basic = || auth_basic::Client::builder().basic_auth(USER, PASSWORD);
    let query = || auth_query_key::Client::builder().api_key_auth(KEY);
    // A port nothing listens on: every call is a connection error, its URL included.
    let free = std::net::TcpListener::bind("127.0.0.1:0").expect("a port");
    let loopback = format!("http://{}", free.local_addr().expect("an address"));
    drop(free);
    let loopback = loopback.as_str();
    shown.push(format!("{:?} {:#?}", alternatives(), basic()));
    shown.push(format!("{:?}", query()));
    let built = (
        alternatives().base_url(loopback).build().expect("valid"),
        basic().base_url(loopback).build().expect("valid"),
        query().base_url(loopback).build().expect("valid"),
    );
    shown.push(format!("{built:?} {built:#?}"));

    let error = built
        .2
        .list_items(&auth_query_key::models::ListItemsQuery::new())
        .await
        .unwrap_err();
    let text = format!("{error} {error:?}");
    assert!(text.contains("api_key=REDACTED"), "{text}");
    shown.push(text);
    let error = built.0.run_admin().await.unwrap_err();
    shown.push(format!("{error} {error:?}"));
    let error = built.1.get_me().await.unwrap_err();
    shown.push(format!("{error} {error:?}"));

    // Every kind is refused over plain http to another host, the error naming no secret.
    let shown_error = |error: &dyn std::fmt::Debug, text: String| format!("{text} {error:?}");
    let other_host = "http://api.example.com";
    let refusals = [
        {
            let e = alternatives().base_url(other_host).build().unwrap_err();
            shown_error(&e, e.to_string())
        },
        {
            let e = query().base_url(other_host).build().unwrap_err();
            shown_error(&e, e.to_string())
        },
        {
            let e = basic().base_url(other_host).build().unwrap_err();
            shown_error(&e, e.to_string())
        },
    ];
    for text in refusals {
        assert!(text.contains("plain http://"), "{text}");
        shown.push(text);
    }
    assert!(
        basic()
            .base_url("http://api.example.com")
            .allow_insecure_http(true)
            .build()
            .is_ok()
    );

    for text in &shown {
        for secret in [KEY, TOKEN, SESSION, USER, PASSWORD] {
            assert!(!text.contains(secret), "{secret} shows: {text}");
        }
    }
}
