//! Contract test against Stoplight Prism, a mock server that validates every request against
//! `spec/openapi.yaml` and answers with schema-valid responses: a check written by someone
//! else than us.
//!
//! Needs Prism at `PRISM_URL` (`.ci/run` starts one; see the README's "Runtime" section to
//! run it by hand). Without `PRISM_URL` these tests print why and pass, except under
//! `CI=true`, where a missing Prism is a failure rather than a silent skip. When
//! `PRISM_SUMMARY` names a file, each test appends its counts there (CI prints it).

use meteroid_client::models::{Customer, CustomerPatchRequest};
use meteroid_client::{Client, Error};
use serde_json::{Value, json};
use std::io::Write;
use std::sync::{Arc, Mutex};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

/// Prism's address, or `None` (after saying why) when the tests should not run.
fn prism_url() -> Option<String> {
    match std::env::var("PRISM_URL") {
        Ok(url) if !url.trim().is_empty() => Some(url.trim_end_matches('/').to_string()),
        _ if std::env::var("CI").is_ok_and(|ci| ci == "true") => {
            panic!("CI=true but PRISM_URL is not set: .ci/run must start Prism and export it")
        }
        _ => {
            eprintln!("skipped: PRISM_URL is not set (see README, Runtime: contract test)");
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

/// One request our client sent and what Prism answered.
#[derive(Debug, Clone)]
struct Exchange {
    request_body: String,
    status: u16,
    violations: Option<String>,
}

/// A pass-through proxy in front of Prism that records each exchange, so that the checks
/// apply to the bytes our client really sent and the headers Prism really answered with
/// (the typed API returns only the decoded body).
async fn recording_proxy(prism: String) -> (String, Arc<Mutex<Vec<Exchange>>>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let address = listener.local_addr().unwrap();
    let log = Arc::new(Mutex::new(Vec::new()));
    let keep = log.clone();
    let upstream = raw_reqwest();
    tokio::spawn(async move {
        while let Ok((socket, _)) = listener.accept().await {
            let (prism, keep, upstream) = (prism.clone(), keep.clone(), upstream.clone());
            tokio::spawn(async move {
                if let Some(exchange) = forward(socket, &prism, &upstream).await {
                    keep.lock().unwrap().push(exchange);
                }
            });
        }
    });
    (format!("http://{address}"), log)
}

/// Forwards one HTTP/1.1 request and answers with `connection: close`.
async fn forward(
    mut socket: TcpStream,
    prism: &str,
    upstream: &reqwest::Client,
) -> Option<Exchange> {
    let mut seen = Vec::new();
    let mut buffer = [0u8; 8192];
    let (head_end, length) = loop {
        let n = socket.read(&mut buffer).await.ok()?;
        if n == 0 {
            return None;
        }
        seen.extend_from_slice(&buffer[..n]);
        if let Some(end) = seen.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&seen[..end]).to_string();
            let length = head
                .lines()
                .filter_map(|line| line.split_once(':'))
                .find(|(name, _)| name.eq_ignore_ascii_case("content-length"))
                .and_then(|(_, value)| value.trim().parse::<usize>().ok())
                .unwrap_or(0);
            break (end, length);
        }
    };
    while seen.len() < head_end + 4 + length {
        let n = socket.read(&mut buffer).await.ok()?;
        if n == 0 {
            return None;
        }
        seen.extend_from_slice(&buffer[..n]);
    }
    let head = String::from_utf8_lossy(&seen[..head_end]).to_string();
    let body = seen[head_end + 4..head_end + 4 + length].to_vec();
    let mut lines = head.lines();
    let mut request_line = lines.next()?.split(' ');
    let (method, target) = (request_line.next()?, request_line.next()?);
    let mut request = upstream.request(method.parse().ok()?, format!("{prism}{target}"));
    for (name, value) in lines.filter_map(|line| line.split_once(':')) {
        if !["host", "content-length", "connection"].contains(&name.to_lowercase().as_str()) {
            request = request.header(name, value.trim());
        }
    }
    let response = request.body(body.clone()).send().await.ok()?;
    let status = response.status();
    let headers = response.headers().clone();
    let response_body = response.bytes().await.ok()?;
    let mut reply = format!("HTTP/1.1 {status}\r\n");
    for (name, value) in &headers {
        if ![
            "content-length",
            "connection",
            "transfer-encoding",
            "keep-alive",
        ]
        .contains(&name.as_str())
        {
            reply.push_str(&format!("{name}: {}\r\n", value.to_str().ok()?));
        }
    }
    reply.push_str(&format!(
        "content-length: {}\r\nconnection: close\r\n\r\n",
        response_body.len()
    ));
    socket.write_all(reply.as_bytes()).await.ok()?;
    socket.write_all(&response_body).await.ok()?;
    let _ = socket.shutdown().await;
    Some(Exchange {
        request_body: String::from_utf8_lossy(&body).into_owned(),
        status: status.as_u16(),
        violations: headers
            .get("sl-violations")
            .map(|v| String::from_utf8_lossy(v.as_bytes()).into_owned()),
    })
}

const FIELDS: [&str; 12] = [
    "alias",
    "billing_address",
    "billing_email",
    "currency",
    "custom_taxes",
    "invoicing_emails",
    "invoicing_entity_id",
    "is_tax_exempt",
    "name",
    "phone",
    "shipping_address",
    "vat_number",
];

fn full_patch() -> Value {
    json!({
        "alias": "acme",
        "billing_address": {"city": "Paris", "country": "FR", "line1": "1 rue de la Paix",
                            "line2": null, "state": null, "zip_code": "75002"},
        "billing_email": "billing@acme.example",
        "currency": "EUR",
        "custom_taxes": [{"name": "VAT", "rate": "0.2", "tax_code": "FR-VAT"}],
        "invoicing_emails": ["a@acme.example", "b@acme.example"],
        "invoicing_entity_id": "ive_7n42DGM5Tflk9n8mt7Fhc7",
        "is_tax_exempt": false,
        "name": "Acme",
        "phone": "+33 1 23 45 67 89",
        "shipping_address": {"same_as_billing": false, "address": {"city": "Lyon"}},
        "vat_number": "FR123456789"
    })
}

#[tokio::test]
async fn valid_patches_get_200_and_no_violations() {
    let Some(prism) = prism_url() else { return };
    let (proxy, exchanges) = recording_proxy(prism).await;
    let client = Client::builder()
        .base_url(proxy)
        .bearer_token("prism-accepts-any-token")
        .max_retries(0)
        .build()
        .unwrap();

    let mut patches = vec![
        ("empty".to_string(), json!({})),
        ("full".into(), full_patch()),
    ];
    let all_null: serde_json::Map<_, _> = FIELDS
        .iter()
        .map(|f| (f.to_string(), Value::Null))
        .collect();
    patches.push(("all null".into(), Value::Object(all_null)));
    for field in FIELDS {
        patches.push((format!("{field} cleared"), json!({ field: null })));
        patches.push((
            format!("{field} set"),
            json!({ field: full_patch()[field] }),
        ));
    }

    for (what, wire) in &patches {
        let patch: CustomerPatchRequest = serde_json::from_value(wire.clone()).unwrap();
        let result = client
            .patch_customer("cus_7n42DGM5Tflk9n8mt7Fhc7", &patch)
            .await;
        let exchange = exchanges.lock().unwrap().last().cloned().unwrap();
        assert_eq!(
            serde_json::from_str::<Value>(&exchange.request_body).unwrap(),
            *wire,
            "{what}: the body on the wire is the patch, exactly"
        );
        assert_eq!(exchange.status, 200, "{what}: {:?}", exchange.violations);
        assert_eq!(exchange.violations, None, "{what}");
        result.unwrap_or_else(|e| panic!("{what}: {e}"));
    }
    let sent = exchanges.lock().unwrap().len();
    assert_eq!(sent, patches.len());
    summary(&format!(
        "{sent} patches (empty, full, all-null, each of {} fields cleared and set): all 200, no sl-violations",
        FIELDS.len()
    ));
}

#[tokio::test]
async fn random_valid_customers_decode() {
    let Some(prism) = prism_url() else { return };
    let client = Client::builder()
        .base_url(prism)
        .bearer_token("prism-accepts-any-token")
        .default_header("Prefer", "dynamic=true")
        .max_retries(0)
        .build()
        .unwrap();
    const ROUNDS: usize = 250;
    let mut decoded = Vec::with_capacity(ROUNDS);
    for round in 0..ROUNDS {
        let customer: Customer = client
            .patch_customer("cus_7n42DGM5Tflk9n8mt7Fhc7", &CustomerPatchRequest::new())
            .await
            .unwrap_or_else(|e| panic!("round {round}: {e}"));
        decoded.push(customer);
    }
    // Dynamic means random: a constant response would not exercise the decoder.
    let distinct_names: std::collections::HashSet<_> = decoded.iter().map(|c| &c.name).collect();
    assert!(
        distinct_names.len() > ROUNDS / 2,
        "{}",
        distinct_names.len()
    );
    summary(&format!(
        "{ROUNDS}/{ROUNDS} dynamic (Prefer: dynamic=true) Customers decoded, {} distinct names",
        distinct_names.len()
    ));
}

#[tokio::test]
async fn an_invalid_body_is_rejected_with_violations() {
    let Some(prism) = prism_url() else { return };
    // Our client cannot produce this body, so send it raw: it proves Prism does validate.
    let response = raw_reqwest()
        .patch(format!("{prism}/api/v1/customers/cus_1"))
        .bearer_auth("any")
        .header("content-type", "application/json")
        .body(r#"{"currency": 5}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 400);
    let violations = response
        .headers()
        .get("sl-violations")
        .expect("sl-violations");
    let violations: Vec<Value> = serde_json::from_slice(violations.as_bytes()).unwrap();
    assert!(
        violations
            .iter()
            .any(|v| v["location"] == json!(["request", "body", "currency"])),
        "{violations:?}"
    );

    // No token at all: Prism enforces the spec's security requirement, and our client does
    // not even send the call.
    let response = raw_reqwest()
        .patch(format!("{prism}/api/v1/customers/cus_1"))
        .header("content-type", "application/json")
        .body("{}")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status().as_u16(), 401);
    let anonymous = Client::builder()
        .base_url(&prism)
        .max_retries(0)
        .build()
        .unwrap();
    let error = anonymous
        .patch_customer("cus_1", &CustomerPatchRequest::new())
        .await
        .unwrap_err();
    assert!(
        matches!(error, Error::MissingCredentials { .. }),
        "{error:?}"
    );
    summary(&format!(
        "invalid body: 400 with {} sl-violations; no token: 401 from Prism, and our client \
         refuses to send (MissingCredentials)",
        violations.len()
    ));
}

#[tokio::test]
async fn documented_error_statuses_decode_as_api_errors() {
    let Some(prism) = prism_url() else { return };
    let statuses = [400, 401, 404, 429, 500];
    for status in statuses {
        let client = Client::builder()
            .base_url(&prism)
            .bearer_token("any")
            .default_header("Prefer", format!("code={status}"))
            .max_retries(0)
            .build()
            .unwrap();
        match client
            .patch_customer("cus_1", &CustomerPatchRequest::new())
            .await
        {
            Err(Error::Api(e)) => {
                assert_eq!(e.status, status);
                assert!(e.error.is_some(), "{status}: {}", e.text());
            }
            other => panic!("{status}: {other:?}"),
        }
    }
    summary(&format!(
        "{} documented error statuses (Prefer: code=N): all Error::Api with a parsed RestErrorResponse",
        statuses.len()
    ));
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
