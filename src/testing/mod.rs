//! An in-process fake Meteroid for your own tests (feature `testing`, meant for
//! `[dev-dependencies]`): a local HTTP server that serves customers from a store, answers
//! stubbed responses for anything else, and records every request.
//!
//! What it serves without stubs, all behind a bearer token (401 `UNAUTHORIZED` without one):
//!
//! - `POST /api/v1/customers` checks the body as `CustomerCreateRequest` (required fields,
//!   types, no unknown fields: 400 `BAD_REQUEST` otherwise; an alias in use: 409 `CONFLICT`),
//!   gives the customer an id (`cus_fake000000000000000001`, `..2`, .., the same in every
//!   run) and the default invoicing entity when it names none, and answers 201 with it.
//! - `GET /api/v1/customers/{id_or_alias}` finds a customer by id, then by alias.
//! - `GET /api/v1/customers` lists them in the order they were added, paged as the real
//!   server pages: `page` counts from 0; `per_page` (1 to 100) is honoured, and without it a
//!   page holds 25 rows while `pagination_meta` reports `per_page: 10`, as Meteroid does (so
//!   a pager that trusts the reported size skips rows here too); `total_items` and
//!   `total_pages` are exact. `search`, `order_by` and `archived` are not applied (the real
//!   default order is newest first): stub the listing with [`StubBuilder::query`] to test
//!   them.
//! - `PATCH /api/v1/customers/{id_or_alias}` applies the patch as Meteroid does: an absent
//!   field is left as it is, `null` clears it, a value sets it; required fields cannot be
//!   cleared and unknown fields are refused (400, and the customer is unchanged).
//!
//! An unknown customer, and any route the fake does not serve that no stub takes, is a 404
//! with a JSON body in the spec's error shape (`{"code": "NOT_FOUND", "message": ..}`), so
//! a client sees the typed [`ErrorCode`](crate::models::ErrorCode) it would see from Meteroid.
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
//! let sent = &fake.requests().await[0];
//! assert_eq!(sent.body, br#"{"phone":null}"#);
//! assert_eq!(sent.header("authorization"), Some("Bearer <redacted>"));
//! # }
//! ```

mod customers;
mod stubs;

pub use stubs::StubBuilder;

use crate::Client;
use customers::{Customers, error};
use serde_json::{Value, json};
use std::sync::{Arc, Mutex, MutexGuard};
use stubs::Stub;
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// A fake Meteroid on a loopback port, for as long as it lives.
pub struct FakeMeteroid {
    server: MockServer,
    state: Arc<Mutex<State>>,
}

/// What the fake knows: the customers, and the stubs in the order they were registered.
#[derive(Default)]
struct State {
    customers: Customers,
    stubs: Vec<Stub>,
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
    /// Every header: names in lower case, values as text (bytes that are not UTF-8 replaced
    /// by U+FFFD), a header sent twice listed twice. The credentials of `authorization` are
    /// replaced: `Bearer <redacted>`, so a test can print what it got.
    pub headers: Vec<(String, String)>,
}

impl ReceivedRequest {
    /// The first value of the header `name` (in any case), as in [`ReceivedRequest::headers`].
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, value)| value.as_str())
    }
}

impl FakeMeteroid {
    /// Starts an empty fake: no customer, no stub.
    pub async fn start() -> FakeMeteroid {
        let server = MockServer::start().await;
        let state = Arc::new(Mutex::new(State::default()));
        // One responder for every request: the stubs' order, the store and the JSON 404 are
        // decided here, not by wiremock's matching (whose unmatched answer is an empty 404).
        Mock::given(any())
            .respond_with(Responder {
                state: Arc::clone(&state),
            })
            .mount(&server)
            .await;
        FakeMeteroid { server, state }
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
            "invoicing_entity_id": customers::INVOICING_ENTITY_ID,
            "custom_taxes": []
        })
    }

    /// Adds a customer (a JSON object with at least `id`) to the store as it is, unchecked,
    /// after those already there. Anything but an object is ignored.
    pub async fn add_customer(&self, customer: Value) {
        if let Value::Object(fields) = customer {
            self.state().customers.add(fields);
        }
    }

    /// A customer as the store holds it now, by id or alias.
    pub fn customer(&self, id_or_alias: &str) -> Option<Value> {
        let state = self.state();
        state
            .customers
            .find(id_or_alias)
            .cloned()
            .map(Value::Object)
    }

    /// Answers `method` on paths matching `path` (a template such as
    /// `/api/v1/invoices/{id}`) with `status` and the JSON `body`, from now on: the same as
    /// `fake.on(method, path).respond(status, body)` (see [`FakeMeteroid::on`]).
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
    pub async fn stub(&self, method: &str, path: &str, status: u16, body: Value) {
        self.on(method, path).respond(status, body).await;
    }

    /// Describes a stub for `method` on paths matching `path` (a template:
    /// `/api/v1/invoices/{id}`, each `{..}` one non-empty segment), to narrow by query
    /// ([`StubBuilder::query`]), slow down ([`StubBuilder::delay`]) and register with one
    /// answer ([`StubBuilder::respond`]) or a queue of them
    /// ([`StubBuilder::respond_in_order`]).
    ///
    /// A stub takes a request before the store does, with or without a token; when several
    /// take it, the one registered first answers, so register the narrower ones first.
    pub fn on(&self, method: &str, path: &str) -> StubBuilder<'_> {
        StubBuilder::new(self, method, path)
    }

    fn register(&self, stub: Stub) {
        self.state().stubs.push(stub);
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
                headers: r
                    .headers
                    .iter()
                    .map(|(name, value)| {
                        let value = String::from_utf8_lossy(value.as_bytes());
                        (name.as_str().to_string(), redact(name.as_str(), &value))
                    })
                    .collect(),
                body: r.body,
            })
            .collect()
    }

    fn state(&self) -> MutexGuard<'_, State> {
        lock(&self.state)
    }
}

/// The state, even from a poisoned lock: nothing panics while holding it, so the state is
/// whole whatever happened to a thread.
fn lock(state: &Mutex<State>) -> MutexGuard<'_, State> {
    state
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// A header value as a test may see it: `authorization` keeps its scheme only.
fn redact(name: &str, value: &str) -> String {
    if name != "authorization" || value.is_empty() {
        return value.to_string();
    }
    match value.split_once(' ') {
        Some((scheme, _)) => format!("{scheme} <redacted>"),
        None => "<redacted>".to_string(),
    }
}

/// The path's segments, percent-decoded; `None` if one is not UTF-8 once decoded.
fn segments(url: &wiremock::http::Url) -> Option<Vec<String>> {
    url.path_segments()?.map(decode_segment).collect()
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

/// Every request's answer: a stub's, else the store's, else a JSON 404.
struct Responder {
    state: Arc<Mutex<State>>,
}

impl Respond for Responder {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let mut state = lock(&self.state);
        if let Some(answer) = state.stubs.iter_mut().find_map(|stub| stub.answer(request)) {
            return answer;
        }
        let (status, body) = serve(&mut state.customers, request);
        ResponseTemplate::new(status).set_body_json(body)
    }
}

/// What the fake serves itself.
fn serve(customers: &mut Customers, request: &Request) -> customers::Answer {
    let authorized = request
        .headers
        .get("authorization")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("Bearer ") && v.len() > "Bearer ".len());
    if !authorized {
        return error(401, "UNAUTHORIZED", "missing bearer token");
    }
    let segments = segments(&request.url).unwrap_or_default();
    let segments: Vec<&str> = segments.iter().map(String::as_str).collect();
    match (request.method.as_str(), segments.as_slice()) {
        ("POST", ["api", "v1", "customers"]) => customers.create(&request.body),
        ("GET", ["api", "v1", "customers"]) => {
            let query: Vec<(String, String)> = request.url.query_pairs().into_owned().collect();
            customers.list(&query)
        }
        ("GET", ["api", "v1", "customers", id]) if !id.is_empty() => customers.get(id),
        ("PATCH", ["api", "v1", "customers", id]) if !id.is_empty() => {
            customers.patch(id, &request.body)
        }
        (method, _) => error(
            404,
            "NOT_FOUND",
            &format!(
                "FakeMeteroid does not serve {method} {} and no stub takes it \
                 (see FakeMeteroid::on)",
                request.url.path()
            ),
        ),
    }
}

#[cfg(test)]
mod tests {
    use super::redact;

    #[test]
    fn only_the_credentials_of_authorization_are_hidden() {
        assert_eq!(
            redact("authorization", "Bearer mtr_secret"),
            "Bearer <redacted>"
        );
        assert_eq!(
            redact("authorization", "Basic dXNlcjpwYXNz"),
            "Basic <redacted>"
        );
        assert_eq!(redact("authorization", "mtr_secret"), "<redacted>");
        assert_eq!(redact("x-request-source", "billing-sync"), "billing-sync");
    }
}
