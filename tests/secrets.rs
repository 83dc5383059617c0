//! No credential ever shows in `Debug`, `Display`, errors or log records, on success and on
//! every kind of failure: Meteroid's API key, and every other kind a spec can declare (HTTP
//! Basic, API keys in a header, a query parameter or a cookie), through the runtime's client.
//! Its own test binary, because it installs the global logger.

use meteroid_client::models::CustomerPatchRequest;
use meteroid_client::{Client, Error};
use meteroid_runtime::{Credential, Method, Operation, Request, SecurityScheme};
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpListener;

const TOKEN: &str = "mtr_live_ZZ_distinctive_secret_9q8w7e";

/// The other kinds' secrets (Basic's user and password, then the header, query and cookie
/// keys).
const SECRETS: [&str; 5] = [
    "basic_user_ZZ_4f1d",
    "basic_pw_ZZ_8c2e",
    "header_key_ZZ_5a7b",
    "query_key_ZZ_3e9c",
    "cookie_key_ZZ_6d0a",
];

/// An operation that needs every other kind at once.
static EVERY_KIND: Operation = Operation {
    id: "every_kind",
    method: Method::Get,
    path: "/things",
    security: &[&[
        SecurityScheme::basic("basic"),
        SecurityScheme::api_key_header("header_key", "X-Api-Key"),
        SecurityScheme::api_key_query("query_key", "api_key"),
        SecurityScheme::api_key_cookie("cookie_key", "session"),
    ]],
};

fn every_kind_client(base_url: &str) -> meteroid_runtime::Client {
    meteroid_runtime::Client::builder()
        .base_url(base_url)
        .credential("basic", Credential::basic(SECRETS[0], SECRETS[1]))
        .credential("header_key", Credential::token(SECRETS[2]))
        .credential("query_key", Credential::token(SECRETS[3]))
        .credential("cookie_key", Credential::token(SECRETS[4]))
        .timeout(Duration::from_millis(200))
        .max_retries(1)
        .backoff(Duration::from_millis(1), Duration::from_millis(1))
        .build()
        .unwrap()
}

/// Everything a failed call of [`EVERY_KIND`] shows.
async fn every_kind_error(base_url: &str) -> String {
    let error = every_kind_client(base_url)
        .send_empty::<meteroid_runtime::Error>(Request::new(&EVERY_KIND))
        .await
        .unwrap_err();
    let mut shown = format!("{error} {error:?} {error:#?}");
    let mut source = std::error::Error::source(&error);
    while let Some(cause) = source {
        shown.push_str(&format!(" {cause} {cause:?}"));
        source = cause.source();
    }
    shown
}

/// Every log record of the process, formatted with its key-values' debug form.
struct Capture(Mutex<Vec<String>>);

impl log::Log for Capture {
    fn enabled(&self, _: &log::Metadata<'_>) -> bool {
        true
    }
    fn log(&self, record: &log::Record<'_>) {
        if let Ok(mut records) = self.0.lock() {
            records.push(format!(
                "{} {}: {}",
                record.level(),
                record.target(),
                record.args()
            ));
        }
    }
    fn flush(&self) {}
}

static LOGS: Capture = Capture(Mutex::new(Vec::new()));

/// A server that reads each request (keeping it) and answers with `response`, then closes.
async fn raw_server(response: &'static str, delay: Duration) -> (String, Arc<Mutex<Vec<u8>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let seen = Arc::new(Mutex::new(Vec::new()));
    let keep = seen.clone();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let keep = keep.clone();
            tokio::spawn(async move {
                let mut buffer = [0u8; 8192];
                let n = socket.read(&mut buffer).await.unwrap_or(0);
                keep.lock().unwrap().extend_from_slice(&buffer[..n]);
                tokio::time::sleep(delay).await;
                let _ = socket.write_all(response.as_bytes()).await;
                let _ = socket.shutdown().await;
            });
        }
    });
    (format!("http://{address}"), seen)
}

fn client(base_url: &str) -> Client {
    Client::builder()
        .base_url(base_url)
        .bearer_token(TOKEN)
        .timeout(Duration::from_millis(200))
        .max_retries(1)
        .backoff(Duration::from_millis(1), Duration::from_millis(1))
        .build()
        .unwrap()
}

fn everything_shown(error: &Error) -> String {
    let mut shown = format!("{error} {error:?} {error:#?}");
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        shown.push_str(&format!(" {cause} {cause:?}"));
        source = cause.source();
    }
    shown
}

#[tokio::test]
async fn the_token_never_shows() {
    log::set_logger(&LOGS).unwrap();
    log::set_max_level(log::LevelFilter::Trace);
    let patch = CustomerPatchRequest::new().name("Acme");
    let mut shown = Vec::new();

    let body = r#"{"id":"cus_1","name":"Acme","currency":"EUR","invoicing_emails":[],"invoicing_entity_id":"ive_1","custom_taxes":[]}"#;
    let ok: &'static str = Box::leak(
        format!(
            "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: {}\r\n\r\n{body}",
            body.len()
        )
        .into_boxed_str(),
    );
    let (base, seen) = raw_server(ok, Duration::ZERO).await;
    let client = client(&base);
    shown.push(format!("{client:?} {client:#?}"));
    let customer = client.patch_customer("cus_1", &patch).await.unwrap();
    shown.push(format!("{customer:?}"));
    let request = String::from_utf8_lossy(&seen.lock().unwrap()).to_lowercase();
    assert!(
        request.contains(&format!("authorization: bearer {}", TOKEN.to_lowercase())),
        "the token was in play: {request}"
    );

    let unauthorized = "HTTP/1.1 401 Unauthorized\r\ncontent-type: application/json\r\n\
                        content-length: 45\r\n\r\n{\"code\":\"UNAUTHORIZED\",\"message\":\"bad key\"}  ";
    let (base, _) = raw_server(unauthorized, Duration::ZERO).await;
    let error = crate::client(&base)
        .patch_customer("cus_1", &patch)
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Api(_)), "{error:?}");
    shown.push(everything_shown(&error));

    let (base, _) = raw_server(ok, Duration::from_secs(5)).await;
    let error = crate::client(&base)
        .patch_customer("cus_1", &patch)
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Timeout(_)), "{error:?}");
    shown.push(everything_shown(&error));

    let truncated = "HTTP/1.1 200 OK\r\ncontent-length: 500\r\n\r\n{";
    let (base, _) = raw_server(truncated, Duration::ZERO).await;
    let error = crate::client(&base)
        .patch_customer("cus_1", &patch)
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Connection(_)), "{error:?}");
    shown.push(everything_shown(&error));

    let free = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = free.local_addr().unwrap();
    drop(free);
    let error = crate::client(&format!("http://{address}"))
        .patch_customer("cus_1", &patch)
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Connection(_)), "{error:?}");
    shown.push(everything_shown(&error));

    // Every other kind, on success and on each failure.
    let (base, seen) = raw_server(ok, Duration::ZERO).await;
    let client = every_kind_client(&base);
    shown.push(format!("{client:?} {client:#?}"));
    client
        .send_empty::<meteroid_runtime::Error>(Request::new(&EVERY_KIND))
        .await
        .unwrap();
    let request = String::from_utf8_lossy(&seen.lock().unwrap()).to_string();
    for on_the_wire in [
        format!("GET /things?api_key={} ", SECRETS[3]),
        format!("x-api-key: {}", SECRETS[2]),
        format!("cookie: session={}", SECRETS[4]),
        // base64 of `basic_user_ZZ_4f1d:basic_pw_ZZ_8c2e`.
        "authorization: Basic YmFzaWNfdXNlcl9aWl80ZjFkOmJhc2ljX3B3X1paXzhjMmU=".to_string(),
    ] {
        assert!(
            request.contains(&on_the_wire),
            "the secrets were in play: {request}"
        );
    }
    let (base, _) = raw_server(unauthorized, Duration::ZERO).await;
    shown.push(every_kind_error(&base).await);
    let (base, _) = raw_server(ok, Duration::from_secs(5)).await;
    shown.push(every_kind_error(&base).await);
    let (base, _) = raw_server(truncated, Duration::ZERO).await;
    shown.push(every_kind_error(&base).await);
    let free = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let address = free.local_addr().unwrap();
    drop(free);
    let refused = every_kind_error(&format!("http://{address}")).await;
    assert!(
        refused.contains("api_key=REDACTED"),
        "the error keeps the URL, the key redacted: {refused}"
    );
    shown.push(refused);
    let missing = meteroid_runtime::Client::builder()
        .base_url(&base)
        .credential("basic", Credential::basic(SECRETS[0], SECRETS[1]))
        .build()
        .unwrap()
        .send_empty::<meteroid_runtime::Error>(Request::new(&EVERY_KIND))
        .await
        .unwrap_err();
    shown.push(format!("{missing} {missing:?}"));
    // Credentials that cannot be sent name their scheme, never their text.
    let bad = meteroid_runtime::Client::builder()
        .base_url(&base)
        .credential("header_key", Credential::token(format!("{}\n", SECRETS[2])))
        .credential(
            "basic",
            Credential::basic(format!("{}:", SECRETS[0]), SECRETS[1]),
        )
        .build()
        .unwrap_err();
    shown.push(format!("{bad} {bad:?}"));

    for text in &shown {
        assert!(!text.contains(TOKEN), "the token leaked: {text}");
        for secret in SECRETS {
            assert!(!text.contains(secret), "{secret} leaked: {text}");
        }
    }
    let logs = LOGS.0.lock().unwrap();
    assert!(!logs.is_empty(), "the logger saw the HTTP stack's records");
    for record in logs.iter() {
        assert!(
            !record.contains(TOKEN),
            "the token leaked into a log: {record}"
        );
        for secret in SECRETS {
            assert!(
                !record.contains(secret),
                "{secret} leaked into a log: {record}"
            );
        }
    }
}
