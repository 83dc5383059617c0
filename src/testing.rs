//! An in-process fake Meteroid for your own tests (feature `testing`): a local HTTP server
//! with a stateful customer store that applies PATCH as Meteroid does (an absent field is left
//! as it is, `null` clears it, a value sets it; required fields cannot be cleared; unknown
//! fields are refused), and stubbed responses for any other operation.
//!
//! ```
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() {
//! use meteroid_client::models::CustomerPatchRequest;
//! use meteroid_client::testing::FakeMeteroid;
//!
//! let fake = FakeMeteroid::start().await;
//! fake.add_customer(FakeMeteroid::sample_customer()).await;
//! let client = fake.client();
//!
//! let customer = client
//!     .patch_customer("acme", &CustomerPatchRequest::new().clear_phone())
//!     .await
//!     .unwrap();
//! assert_eq!(customer.phone, Some(None)); // sent back as `null`: cleared
//! assert_eq!(customer.name, "Acme"); // untouched
//! assert_eq!(fake.requests().await[0].body, br#"{"phone":null}"#);
//! # }
//! ```

use crate::Client;
use serde_json::{Map, Value, json};
use std::sync::{Arc, Mutex};
use wiremock::matchers::{method, path_regex};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// The fields a customer patch may carry, and which of them a customer must always have.
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

/// A fake Meteroid on a loopback port, for as long as it lives.
pub struct FakeMeteroid {
    server: MockServer,
    customers: Arc<Mutex<Vec<Map<String, Value>>>>,
}

/// A request the fake received.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReceivedRequest {
    /// `GET`, `PATCH`, ...
    pub method: String,
    /// The path, still percent-encoded.
    pub path: String,
    /// The query string, if any.
    pub query: Option<String>,
    /// The `Content-Type` header, if any.
    pub content_type: Option<String>,
    /// The body as sent.
    pub body: Vec<u8>,
}

impl FakeMeteroid {
    /// Starts an empty fake: no customer, no stub; anything else answers 404.
    pub async fn start() -> FakeMeteroid {
        let server = MockServer::start().await;
        let customers = Arc::new(Mutex::new(Vec::new()));
        Mock::given(method("PATCH"))
            .and(path_regex("^/api/v1/customers/[^/]+$"))
            .respond_with(PatchCustomer {
                customers: Arc::clone(&customers),
            })
            .mount(&server)
            .await;
        FakeMeteroid { server, customers }
    }

    /// A customer as the API returns one: `cus_7n42DGM5Tflk9n8mt7Fhc7`, alias `acme`.
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

    /// Adds a customer (a JSON object with at least `id`) to the store `PATCH
    /// /api/v1/customers/{id_or_alias}` works on.
    pub async fn add_customer(&self, customer: Value) {
        if let (Value::Object(fields), Ok(mut customers)) = (customer, self.customers.lock()) {
            customers.push(fields);
        }
    }

    /// A customer as the store holds it now.
    pub fn customer(&self, id_or_alias: &str) -> Option<Value> {
        let customers = self.customers.lock().ok()?;
        customers
            .iter()
            .find(|c| names(c, id_or_alias))
            .map(|c| Value::Object(c.clone()))
    }

    /// Answers `method` on paths matching `path` (a template such as
    /// `/api/v1/invoices/{id}`) with `status` and the JSON `body`, from now on. A stub wins
    /// over the customer store; of two stubs of one route, the first answers.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// use meteroid_client::Error;
    /// use meteroid_client::models::CustomerPatchRequest;
    /// use meteroid_client::testing::FakeMeteroid;
    /// use serde_json::json;
    ///
    /// let fake = FakeMeteroid::start().await;
    /// fake.stub(
    ///     "PATCH",
    ///     "/api/v1/customers/{id_or_alias}",
    ///     409,
    ///     json!({"code": "CONFLICT", "message": "alias taken"}),
    /// )
    /// .await;
    /// let err = fake
    ///     .client()
    ///     .with_max_retries(0)
    ///     .patch_customer("acme", &CustomerPatchRequest::new().alias("taken"))
    ///     .await
    ///     .unwrap_err();
    /// let Error::Api(api) = err else { panic!("an API error") };
    /// assert_eq!((api.status, api.message()), (409, Some("alias taken")));
    /// # }
    /// ```
    pub async fn stub(&self, method_name: &str, path: &str, status: u16, body: Value) {
        Mock::given(method(method_name))
            .and(path_regex(route(path)))
            .respond_with(ResponseTemplate::new(status).set_body_json(body))
            .with_priority(1)
            .mount(&self.server)
            .await;
    }

    /// The fake's address, for `Client::builder().base_url(..)`.
    pub fn uri(&self) -> String {
        self.server.uri()
    }

    /// A client of the fake, with a test key.
    pub fn client(&self) -> Client {
        match Client::builder()
            .base_url(self.uri())
            .bearer_token("test-key")
            .build()
        {
            Ok(client) => client,
            // A loopback URL and a plain key always make a valid client.
            Err(e) => unreachable!("the fake's client settings are valid: {e}"),
        }
    }

    /// Every request received so far, in order.
    pub async fn requests(&self) -> Vec<ReceivedRequest> {
        self.server
            .received_requests()
            .await
            .unwrap_or_default()
            .into_iter()
            .map(|r| ReceivedRequest {
                method: r.method.to_string(),
                path: r.url.path().to_string(),
                query: r.url.query().map(str::to_string),
                content_type: r
                    .headers
                    .get("content-type")
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_string),
                body: r.body,
            })
            .collect()
    }
}

/// `/a/{id}/b` -> `^/a/[^/]+/b$`.
fn route(template: &str) -> String {
    let mut pattern = String::from("^");
    for (i, segment) in template.split('/').enumerate() {
        if i > 0 {
            pattern.push('/');
        }
        if segment.starts_with('{') && segment.ends_with('}') {
            pattern.push_str("[^/]+");
        } else {
            for c in segment.chars() {
                if c.is_ascii_alphanumeric() || c == '_' || c == '-' {
                    pattern.push(c);
                } else {
                    pattern.push('\\');
                    pattern.push(c);
                }
            }
        }
    }
    pattern.push('$');
    pattern
}

fn names(customer: &Map<String, Value>, id_or_alias: &str) -> bool {
    ["id", "alias"]
        .iter()
        .any(|key| customer.get(*key).and_then(Value::as_str) == Some(id_or_alias))
}

struct PatchCustomer {
    customers: Arc<Mutex<Vec<Map<String, Value>>>>,
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
        let Ok(mut customers) = self.customers.lock() else {
            return error(500, "INTERNAL_SERVER_ERROR", "state poisoned");
        };
        let wanted = request
            .url
            .path_segments()
            .and_then(|mut segments| segments.next_back())
            .and_then(decode_segment)
            .unwrap_or_default();
        let Some(customer) = customers.iter_mut().find(|c| names(c, &wanted)) else {
            return error(404, "NOT_FOUND", "no customer with this id or alias");
        };
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
