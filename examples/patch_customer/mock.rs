//! An in-memory Meteroid for the example: one customer behind `PATCH
//! /api/v1/customers/{id_or_alias}`, with real PATCH semantics (an absent field is left as
//! it is, `null` clears it, a value sets it). Shared with `tests/example.rs`, so it cannot
//! rot.

use meteroid_client::Client;
use meteroid_client::models::CustomerPatchRequest;
use serde_json::{Map, Value, json};
use std::sync::Mutex;
use wiremock::matchers::{method, path_regex};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// The fields a patch may carry, and which of them the customer must always have.
const PATCHABLE: [&str; 12] = [
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
const REQUIRED: [&str; 5] = [
    "name",
    "currency",
    "custom_taxes",
    "invoicing_emails",
    "invoicing_entity_id",
];

/// The customer the demo starts with.
pub fn sample_customer() -> Value {
    json!({
        "id": "cus_7n42DGM5Tflk9n8mt7Fhc7",
        "alias": "acme",
        "name": "Acme",
        "currency": "EUR",
        "phone": "+33 1 23 45 67 89",
        "billing_email": "billing@acme.example",
        "invoicing_emails": ["billing@acme.example"],
        "invoicing_entity_id": "ive_7n42DGM5Tflk9n8mt7Fhc7",
        "custom_taxes": []
    })
}

struct PatchCustomer {
    customer: Mutex<Map<String, Value>>,
}

fn error(status: u16, code: &str, message: &str) -> ResponseTemplate {
    ResponseTemplate::new(status).set_body_json(json!({"code": code, "message": message}))
}

/// Decodes a `%XX`-escaped path segment; `None` if it is not valid UTF-8 afterwards.
fn decode_segment(segment: &str) -> Option<String> {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

impl Respond for PatchCustomer {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let authorized = request
            .headers
            .get("authorization")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("Bearer ") && v.len() > "Bearer ".len());
        if !authorized {
            return error(401, "UNAUTHORIZED", "missing bearer token");
        }
        let Ok(mut customer) = self.customer.lock() else {
            return error(500, "INTERNAL_SERVER_ERROR", "state poisoned");
        };
        let wanted = request
            .url
            .path_segments()
            .and_then(|mut segments| segments.next_back())
            .and_then(decode_segment);
        let matches = |key: &str| {
            customer.get(key).and_then(Value::as_str).is_some()
                && customer.get(key).and_then(Value::as_str) == wanted.as_deref()
        };
        if !(matches("id") || matches("alias")) {
            return error(404, "NOT_FOUND", "no customer with this id or alias");
        }
        let patch = match serde_json::from_slice::<Value>(&request.body) {
            Ok(Value::Object(patch)) => patch,
            _ => return error(400, "BAD_REQUEST", "the body must be a JSON object"),
        };
        for (field, value) in &patch {
            if !PATCHABLE.contains(&field.as_str()) {
                return error(400, "BAD_REQUEST", &format!("unknown field `{field}`"));
            }
            if value.is_null() && REQUIRED.contains(&field.as_str()) {
                return error(400, "BAD_REQUEST", &format!("`{field}` cannot be cleared"));
            }
        }
        // Validated as a whole first: a rejected patch changes nothing.
        customer.extend(patch);
        ResponseTemplate::new(200).set_body_json(Value::Object(customer.clone()))
    }
}

/// Starts the mock on a loopback port, holding `customer`.
pub async fn start(customer: Value) -> MockServer {
    let server = MockServer::start().await;
    let customer = match customer {
        Value::Object(fields) => fields,
        _ => Map::new(),
    };
    Mock::given(method("PATCH"))
        .and(path_regex("^/api/v1/customers/[^/]+$"))
        .respond_with(PatchCustomer {
            customer: Mutex::new(customer),
        })
        .mount(&server)
        .await;
    server
}

/// The demo the example runs without an API key: renames the sample customer and clears
/// its phone on the mock, and returns what it would print.
pub async fn demo() -> Result<String, Box<dyn std::error::Error>> {
    let server = start(sample_customer()).await;
    let client = Client::builder()
        .base_url(server.uri())
        .bearer_token("demo-key")
        .build()?;
    let patch = CustomerPatchRequest::new().name("Acme Corp").clear_phone();
    let customer = client.patch_customer("acme", &patch).await?;

    let mut out = String::from("No METEROID_API_KEY: using an in-process mock Meteroid at ");
    out.push_str(&server.uri());
    out.push_str("\n\nrequest sent:\n");
    for request in server.received_requests().await.unwrap_or_default() {
        out.push_str(&format!("  {} {}\n", request.method, request.url.path()));
        if let Some(content_type) = request.headers.get("content-type") {
            out.push_str(&format!("  content-type: {}\n", content_type.to_str()?));
        }
        out.push_str("  authorization: Bearer <redacted>\n");
        out.push_str(&format!("  {}\n", String::from_utf8_lossy(&request.body)));
    }
    out.push_str("\ncustomer returned (phone cleared, name set, the rest untouched):\n");
    out.push_str(&serde_json::to_string_pretty(&customer)?);
    out.push('\n');
    Ok(out)
}
