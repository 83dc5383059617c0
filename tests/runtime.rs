//! The runtime against a real local HTTP server (wiremock): what goes on the wire, how every
//! kind of answer becomes a result, and when calls are retried.

use meteroid_client::models::{Currency, CustomerPatchRequest, ErrorCode};
use meteroid_client::{Client, ClientBuilder, Error};
use serde_json::{Value, json};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;
use wiremock::matchers::{body_string, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "mtr_test_TOKEN_dontleak_42";
const CUSTOMER_PATH: &str = "/api/v1/customers/cus_1";

fn customer() -> Value {
    json!({
        "id": "cus_1",
        "name": "Acme",
        "currency": "EUR",
        "invoicing_emails": ["billing@acme.example"],
        "invoicing_entity_id": "ive_1",
        "custom_taxes": [],
        "phone": null
    })
}

/// A client for `server` that retries without noticeable waits.
fn builder(base_url: &str) -> ClientBuilder {
    Client::builder()
        .base_url(base_url)
        .bearer_token(TOKEN)
        .backoff(Duration::from_millis(1), Duration::from_millis(2))
}

fn client(server: &MockServer) -> Client {
    builder(&server.uri()).build().expect("valid settings")
}

async fn patch(client: &Client, body: &CustomerPatchRequest) -> Result<Value, Error> {
    let customer = client.patch_customer("cus_1", body).await?;
    Ok(serde_json::to_value(customer).expect("encodes"))
}

fn api(error: Error) -> Box<meteroid_client::ApiError> {
    match error {
        Error::Api(e) => e,
        other => panic!("expected an API error, got {other:?}"),
    }
}

#[tokio::test]
async fn a_patch_sends_exact_method_path_headers_and_body() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .and(path(CUSTOMER_PATH))
        .and(header("authorization", format!("Bearer {TOKEN}").as_str()))
        .and(header("content-type", "application/json"))
        .and(header("accept", "application/json"))
        .and(header(
            "user-agent",
            concat!("meteroid-client/", env!("CARGO_PKG_VERSION")),
        ))
        .and(body_string(
            r#"{"currency":"USD","name":"Acme","phone":null}"#,
        ))
        .respond_with(ResponseTemplate::new(200).set_body_json(customer()))
        .expect(1)
        .mount(&server)
        .await;
    let body = CustomerPatchRequest::new()
        .name("Acme")
        .currency(Currency::Usd)
        .clear_phone();
    let got = client(&server).patch_customer("cus_1", &body).await;
    let got = got.expect("200 decodes");
    assert_eq!(got.name, "Acme");
    assert_eq!(got.currency, Currency::Eur);
    assert_eq!(got.phone, Some(None), "null in the response stays null");
    let requests = server.received_requests().await.expect("recording on");
    assert_eq!(
        requests[0].headers.get_all("authorization").iter().count(),
        1
    );
}

#[tokio::test]
async fn three_states_on_the_wire() {
    let server = MockServer::start().await;
    for (patch_body, wire) in [
        (CustomerPatchRequest::new(), "{}"),
        (
            CustomerPatchRequest::new().clear_phone(),
            r#"{"phone":null}"#,
        ),
        (
            CustomerPatchRequest::new().phone("+33 1"),
            r#"{"phone":"+33 1"}"#,
        ),
    ] {
        Mock::given(method("PATCH"))
            .and(body_string(wire))
            .respond_with(ResponseTemplate::new(200).set_body_json(customer()))
            .expect(1)
            .named(wire)
            .mount(&server)
            .await;
        patch(&client(&server), &patch_body).await.expect(wire);
    }
}

#[tokio::test]
async fn a_base_url_path_prefix_and_default_headers_are_used() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .and(path(format!("/meteroid{CUSTOMER_PATH}")))
        .and(header("prefer", "dynamic=true"))
        .and(header("user-agent", "acme/1"))
        .respond_with(ResponseTemplate::new(200).set_body_json(customer()))
        .expect(1)
        .mount(&server)
        .await;
    let client = builder(&format!("{}/meteroid/", server.uri()))
        .default_header("Prefer", "dynamic=true")
        .user_agent("acme/1")
        .build()
        .expect("valid");
    patch(&client, &CustomerPatchRequest::new())
        .await
        .expect("200");
}

#[tokio::test]
async fn every_documented_error_status_is_an_api_error_with_everything_it_sent() {
    let server = MockServer::start().await;
    let client = builder(&server.uri())
        .max_retries(0)
        .build()
        .expect("valid");
    let trace = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    for (status, code) in [
        (400, ErrorCode::BadRequest),
        (401, ErrorCode::Unauthorized),
        (404, ErrorCode::NotFound),
        (429, ErrorCode::TooManyRequests),
        (500, ErrorCode::InternalServerError),
    ] {
        server.reset().await;
        let body = json!({"code": code.as_str(), "message": format!("status {status}")});
        Mock::given(method("PATCH"))
            .respond_with(
                ResponseTemplate::new(status)
                    .set_body_json(&body)
                    .insert_header("traceparent", trace)
                    .insert_header("x-request-id", "req-9"),
            )
            .expect(1)
            .mount(&server)
            .await;
        let error = patch(&client, &CustomerPatchRequest::new())
            .await
            .unwrap_err();
        assert_eq!(error.traceparent(), Some(trace), "{status}");
        assert_eq!(error.status(), Some(status));
        let shown = error.to_string();
        assert_eq!(
            shown,
            format!("API error {status} ({code}): status {status}")
        );
        let e = api(error);
        assert_eq!(e.code(), Some(&code));
        assert_eq!(e.message(), Some(format!("status {status}").as_str()));
        assert_eq!(e.headers["x-request-id"], "req-9");
        assert_eq!(
            serde_json::from_slice::<Value>(&e.body).expect("json"),
            body
        );
    }
}

#[tokio::test]
async fn non_json_and_undocumented_error_statuses_are_api_errors_with_their_text() {
    let server = MockServer::start().await;
    let client = builder(&server.uri())
        .max_retries(0)
        .build()
        .expect("valid");
    let html = format!(
        "<html>\n<h1>502 Bad Gateway</h1>\n{}</html>",
        "<p>x</p>".repeat(100)
    );
    for (status, content_type, text) in [
        (502, "text/html", html.as_str()),
        (422, "text/plain", "name: too long"),
        (418, "application/json", r#"{"teapot":true}"#),
    ] {
        server.reset().await;
        Mock::given(method("PATCH"))
            .respond_with(ResponseTemplate::new(status).set_body_raw(text, content_type))
            .expect(1)
            .mount(&server)
            .await;
        let error = patch(&client, &CustomerPatchRequest::new())
            .await
            .unwrap_err();
        let shown = error.to_string();
        assert!(!shown.contains('\n') && shown.len() < 260, "{shown}");
        assert!(
            shown.starts_with(&format!("API error {status}: ")),
            "{shown}"
        );
        let e = api(error);
        assert_eq!(e.text(), text);
        assert!(e.error.is_none() && e.code().is_none());
    }
}

#[tokio::test]
async fn a_decimal_sent_as_a_number_keeps_every_digit() {
    let server = MockServer::start().await;
    let body = r#"{"id": "cus_1", "name": "Acme", "currency": "EUR",
        "invoicing_emails": [], "invoicing_entity_id": "ive_1",
        "custom_taxes": [{"name": "VAT", "rate": 20.123456789012345678, "tax_code": "FR"}]}"#;
    Mock::given(method("PATCH"))
        .respond_with(ResponseTemplate::new(200).set_body_raw(body, "application/json"))
        .mount(&server)
        .await;
    let customer = client(&server)
        .patch_customer("cus_1", &CustomerPatchRequest::new())
        .await
        .expect("200 decodes");
    assert_eq!(
        customer.custom_taxes[0].rate.as_str(),
        "20.123456789012345678"
    );
}

#[tokio::test]
async fn a_body_that_does_not_match_the_spec_is_a_decode_error_naming_the_json_path() {
    let server = MockServer::start().await;
    let mut body = customer();
    // A boolean is no decimal (a number or a string would be: see tests/fidelity.rs).
    body["custom_taxes"] = json!([{"name": "VAT", "rate": true, "tax_code": "FR"}]);
    Mock::given(method("PATCH"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(&body)
                .insert_header("traceparent", "00-abc-def-01"),
        )
        .mount(&server)
        .await;
    let error = patch(&client(&server), &CustomerPatchRequest::new())
        .await
        .unwrap_err();
    assert_eq!(error.traceparent(), Some("00-abc-def-01"));
    let shown = error.to_string();
    let Error::Decode(e) = error else {
        panic!("{shown}")
    };
    assert_eq!(e.path, "custom_taxes[0].rate");
    assert_eq!(e.status, 200);
    assert!(e.message.contains("invalid type"), "{}", e.message);
    assert_eq!(
        serde_json::from_slice::<Value>(&e.body).expect("json"),
        body
    );
    assert!(shown.contains("`custom_taxes[0].rate`"), "{shown}");

    server.reset().await;
    let mut trailing = serde_json::to_vec(&customer()).expect("json");
    trailing.extend_from_slice(b" {}");
    for raw in [b"<html>oops</html>".to_vec(), trailing] {
        server.reset().await;
        Mock::given(method("PATCH"))
            .respond_with(ResponseTemplate::new(200).set_body_bytes(raw.clone()))
            .mount(&server)
            .await;
        match patch(&client(&server), &CustomerPatchRequest::new()).await {
            Err(Error::Decode(e)) => assert_eq!(e.body, raw),
            other => panic!("{other:?}"),
        }
    }
}

/// Mounts `status` for the first `times` requests, then a 200.
async fn fail_then_succeed(server: &MockServer, times: u64, template: ResponseTemplate) {
    Mock::given(method("PATCH"))
        .respond_with(template)
        .up_to_n_times(times)
        .with_priority(1)
        .mount(server)
        .await;
    Mock::given(method("PATCH"))
        .respond_with(ResponseTemplate::new(200).set_body_json(customer()))
        .mount(server)
        .await;
}

async fn requests(server: &MockServer) -> usize {
    server
        .received_requests()
        .await
        .expect("recording on")
        .len()
}

#[tokio::test]
async fn refused_requests_are_retried_even_for_patch() {
    for status in [429, 503] {
        let server = MockServer::start().await;
        fail_then_succeed(&server, 2, ResponseTemplate::new(status)).await;
        patch(&client(&server), &CustomerPatchRequest::new())
            .await
            .expect("the third attempt succeeds");
        assert_eq!(requests(&server).await, 3, "{status}");

        // Never more than max_retries + 1 attempts.
        let server = MockServer::start().await;
        fail_then_succeed(&server, 10, ResponseTemplate::new(status)).await;
        let error = patch(&client(&server), &CustomerPatchRequest::new())
            .await
            .unwrap_err();
        assert_eq!(error.status(), Some(status));
        assert_eq!(requests(&server).await, 3, "{status}");
    }
}

#[tokio::test]
async fn other_server_errors_are_retried_for_patch_only_when_the_caller_opts_in() {
    let server = MockServer::start().await;
    fail_then_succeed(&server, 10, ResponseTemplate::new(500)).await;
    let error = patch(&client(&server), &CustomerPatchRequest::new())
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(500));
    assert_eq!(
        requests(&server).await,
        1,
        "a PATCH that may have run is not repeated"
    );

    let server = MockServer::start().await;
    fail_then_succeed(&server, 2, ResponseTemplate::new(502)).await;
    let per_call = client(&server).with_retry_non_idempotent(true);
    patch(&per_call, &CustomerPatchRequest::new())
        .await
        .expect("retried");
    assert_eq!(requests(&server).await, 3);

    let server = MockServer::start().await;
    fail_then_succeed(&server, 2, ResponseTemplate::new(500)).await;
    let opted_in = builder(&server.uri())
        .retry_non_idempotent(true)
        .build()
        .expect("valid");
    patch(&opted_in, &CustomerPatchRequest::new())
        .await
        .expect("retried");
    assert_eq!(requests(&server).await, 3);
}

#[tokio::test]
async fn client_errors_are_never_retried() {
    let server = MockServer::start().await;
    fail_then_succeed(&server, 10, ResponseTemplate::new(400)).await;
    let client = builder(&server.uri())
        .retry_non_idempotent(true)
        .build()
        .expect("valid");
    assert!(patch(&client, &CustomerPatchRequest::new()).await.is_err());
    assert_eq!(requests(&server).await, 1);
}

#[tokio::test]
async fn retry_after_in_seconds_and_as_a_past_date_is_honoured() {
    for value in ["0", "Sun, 06 Nov 1994 08:49:37 GMT"] {
        let server = MockServer::start().await;
        let refused = ResponseTemplate::new(429).insert_header("retry-after", value);
        fail_then_succeed(&server, 1, refused).await;
        patch(&client(&server), &CustomerPatchRequest::new())
            .await
            .expect(value);
        assert_eq!(requests(&server).await, 2, "{value}");
    }
}

#[tokio::test]
async fn a_retry_after_beyond_the_total_timeout_returns_the_429_at_once_with_the_wait() {
    for (value, at_least) in [
        ("120", Duration::from_secs(120)),
        (
            "Fri, 01 Jan 2100 00:00:00 GMT",
            Duration::from_secs(60 * 365 * 86_400),
        ),
    ] {
        let server = MockServer::start().await;
        let body = json!({"code": "TOO_MANY_REQUESTS", "message": "slow down"});
        let refused = ResponseTemplate::new(429)
            .insert_header("retry-after", value)
            .set_body_json(body);
        fail_then_succeed(&server, 1, refused).await;
        let client = builder(&server.uri())
            .total_timeout(Duration::from_secs(30))
            .build()
            .expect("valid");
        let error = patch(&client, &CustomerPatchRequest::new())
            .await
            .unwrap_err();
        let wait = error.retry_after().expect("the wait is in the error");
        assert!(wait >= at_least, "{value}: {wait:?}");
        if value == "120" {
            assert_eq!(wait, at_least);
        }
        assert_eq!(api(error).code(), Some(&ErrorCode::TooManyRequests));
        assert_eq!(requests(&server).await, 1, "{value}: not retried early");
    }
}

#[tokio::test]
async fn a_slow_response_is_a_timeout_and_a_patch_is_not_repeated() {
    let server = MockServer::start().await;
    Mock::given(method("PATCH"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(customer())
                .set_delay(Duration::from_secs(5)),
        )
        .mount(&server)
        .await;
    for client in [
        builder(&server.uri()).timeout(Duration::from_millis(100)),
        // The total timeout cuts the attempt short too.
        builder(&server.uri()).total_timeout(Duration::from_millis(100)),
        // And both hold for a reqwest::Client brought by the caller.
        builder(&server.uri())
            .http_client(raw_reqwest())
            .timeout(Duration::from_millis(100)),
    ] {
        let client = client.build().expect("valid");
        let error = patch(&client, &CustomerPatchRequest::new())
            .await
            .unwrap_err();
        assert!(
            error
                .to_string()
                .starts_with("timed out after 1 attempt(s)"),
            "{error}"
        );
        let Error::Timeout(e) = error else {
            panic!("{error:?}")
        };
        assert_eq!(e.attempts, 1);
        assert!(e.maybe_sent);
    }
    assert_eq!(requests(&server).await, 3);

    // Opting in repeats it.
    server.reset().await;
    Mock::given(method("PATCH"))
        .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(5)))
        .mount(&server)
        .await;
    let client = builder(&server.uri())
        .timeout(Duration::from_millis(100))
        .build()
        .expect("valid")
        .with_retry_non_idempotent(true);
    match patch(&client, &CustomerPatchRequest::new()).await {
        Err(Error::Timeout(e)) => assert_eq!(e.attempts, 3),
        other => panic!("{other:?}"),
    }
    assert_eq!(requests(&server).await, 3);
}

#[tokio::test]
async fn a_refused_connection_is_retried_for_any_method() {
    // A port that was just free: connecting to it is refused.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let address = listener.local_addr().expect("address");
    drop(listener);
    let client = builder(&format!("http://{address}"))
        .build()
        .expect("valid");
    let error = patch(&client, &CustomerPatchRequest::new())
        .await
        .unwrap_err();
    let shown = error.to_string();
    assert!(
        shown.starts_with("connection failed after 3 attempt(s)"),
        "{shown}"
    );
    let Error::Connection(e) = error else {
        panic!("{shown}")
    };
    assert_eq!(e.attempts, 3);
    assert!(!e.maybe_sent);
}

/// A server that answers every request with a 200 whose body stops short of its
/// Content-Length, then closes; returns its address and a count of requests served.
async fn truncating_server() -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let address = listener.local_addr().expect("address");
    let served = std::sync::Arc::new(AtomicUsize::new(0));
    let count = served.clone();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            count.fetch_add(1, Ordering::SeqCst);
            tokio::spawn(async move {
                // Read the whole request first so the close is not a reset during the send.
                let mut seen = Vec::new();
                let mut buffer = [0u8; 4096];
                loop {
                    let Ok(n) = socket.read(&mut buffer).await else {
                        return;
                    };
                    if n == 0 {
                        return;
                    }
                    seen.extend_from_slice(&buffer[..n]);
                    if let Some(end) = seen.windows(4).position(|w| w == b"\r\n\r\n") {
                        let head = String::from_utf8_lossy(&seen[..end]).to_lowercase();
                        let length: usize = head
                            .lines()
                            .find_map(|l| l.strip_prefix("content-length:"))
                            .and_then(|v| v.trim().parse().ok())
                            .unwrap_or(0);
                        if seen.len() >= end + 4 + length {
                            break;
                        }
                    }
                }
                let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\n\
                            content-length: 1000\r\n\r\n{\"id\":\"cus_";
                let _ = socket.write_all(head.as_bytes()).await;
                let _ = socket.shutdown().await;
            });
        }
    });
    (format!("http://{address}"), served)
}

#[tokio::test]
async fn a_connection_closed_mid_body_is_a_connection_error_not_repeated_for_patch() {
    use std::sync::atomic::Ordering;
    let (base_url, served) = truncating_server().await;
    let client = builder(&base_url).build().expect("valid");
    let error = patch(&client, &CustomerPatchRequest::new())
        .await
        .unwrap_err();
    let Error::Connection(e) = &error else {
        panic!("{error:?}")
    };
    assert_eq!(e.attempts, 1);
    assert!(e.maybe_sent, "the server had the request");
    assert_eq!(served.load(Ordering::SeqCst), 1);

    let error = patch(
        &client.with_retry_non_idempotent(true),
        &CustomerPatchRequest::new(),
    )
    .await
    .unwrap_err();
    assert!(
        matches!(&error, Error::Connection(e) if e.attempts == 3),
        "{error:?}"
    );
    assert_eq!(served.load(Ordering::SeqCst), 4);
}

#[tokio::test]
async fn empty_and_dot_ids_are_refused_before_anything_is_sent() {
    let server = MockServer::start().await;
    for bad in ["", ".", ".."] {
        let error = client(&server)
            .patch_customer(bad, &CustomerPatchRequest::new())
            .await
            .unwrap_err();
        assert!(
            matches!(error, Error::InvalidRequest(_)),
            "{bad:?}: {error:?}"
        );
    }
    assert_eq!(requests(&server).await, 0);
}

#[test]
fn the_client_and_its_futures_can_be_shared_across_threads() {
    fn shared<T: Clone + Send + Sync + 'static>() {}
    fn send<T: Send>(_: &T) {}
    shared::<Client>();
    let client = Client::new("key").expect("valid");
    let patch = CustomerPatchRequest::new();
    // Not awaited: only its type matters, so that `tokio::spawn` accepts a call.
    let call = client.patch_customer("cus_1", &patch);
    send(&call);
    fn error_is_std<E: std::error::Error + Send + Sync + 'static>() {}
    error_is_std::<Error>();
}

/// A plain reqwest client, as a caller would bring one. This crate builds reqwest with
/// `rustls-no-provider` (ring instead of aws-lc, see BENCHMARKS.md), so a bare
/// `reqwest::Client::new()` needs a process-wide rustls provider; installing one twice is fine.
#[allow(
    deprecated,
    reason = "ring's provider, deprecated in rustls 0.23.48 (no post-quantum key exchange), is \
              the one this crate builds; a test's plain-http client needs any"
)]
fn raw_reqwest() -> reqwest::Client {
    let _ = rustls::crypto::ring::default_provider().install_default();
    reqwest::Client::new()
}

#[tokio::test]
async fn the_deadline_covers_the_body_not_only_the_head() {
    // A server that answers at once with a head and the body's first byte, then stalls.
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("binds");
    let address = listener.local_addr().expect("an address");
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            tokio::spawn(async move {
                let mut buffer = [0u8; 8192];
                let _ = socket.read(&mut buffer).await;
                let head = "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n{";
                let _ = socket.write_all(head.as_bytes()).await;
                tokio::time::sleep(Duration::from_secs(10)).await;
            });
        }
    });
    let client = builder(&format!("http://{address}"))
        .timeout(Duration::from_millis(150))
        .max_retries(0)
        .build()
        .expect("valid");
    let started = std::time::Instant::now();
    let error = patch(&client, &CustomerPatchRequest::new())
        .await
        .unwrap_err();
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(
        error.to_string(),
        "timed out after 1 attempt(s): no complete response within one attempt's deadline of \
         150ms (the client's `timeout`)"
    );
    let Error::Timeout(e) = error else {
        panic!("{error:?}")
    };
    assert!(e.maybe_sent);
    assert!(e.source.is_none());
}
