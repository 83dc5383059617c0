//! With the `tracing` feature: a span per call naming the operation, an event per failed
//! attempt with its status and the wait, events for waiting on a request slot and for a
//! host's `Retry-After` hold (with the host and the durations), and never a credential, of any kind.

#![cfg(feature = "tracing")]

use meteroid_runtime::{Client, Credential, Method, Operation, Request, SecurityScheme};
use std::fmt::Write as _;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

const TOKEN: &str = "mtr_SECRET_tracing_7f3a";

/// One secret per other kind of credential.
const SECRETS: [&str; 5] = [
    "basic_user_SECRET_1",
    "basic_password_SECRET_2",
    "header_key_SECRET_3",
    "query_key_SECRET_4",
    "cookie_key_SECRET_5",
];

static GET_THING: Operation = Operation {
    id: "get_thing",
    method: Method::Get,
    path: "/things/{id}",
    security: &[&[SecurityScheme::bearer("bearer")]],
};

/// Every other kind at once.
static GET_KEYED: Operation = Operation {
    id: "get_keyed",
    method: Method::Get,
    path: "/keyed",
    security: &[&[
        SecurityScheme::basic("basic"),
        SecurityScheme::api_key_header("header_key", "X-Api-Key"),
        SecurityScheme::api_key_query("query_key", "api_key"),
        SecurityScheme::api_key_cookie("cookie_key", "session"),
    ]],
};

/// Every span and event, as text.
#[derive(Clone, Default)]
struct Capture(Arc<Mutex<Vec<String>>>);

struct Fields(String);

impl Visit for Fields {
    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        let _ = write!(self.0, "{}={:?} ", field.name(), value);
    }
}

impl Subscriber for Capture {
    fn enabled(&self, _: &Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, span: &Attributes<'_>) -> Id {
        let mut fields = Fields(String::new());
        span.record(&mut fields);
        self.0
            .lock()
            .unwrap()
            .push(format!("span {} {}", span.metadata().name(), fields.0));
        Id::from_u64(1)
    }

    fn record(&self, _: &Id, values: &Record<'_>) {
        let mut fields = Fields(String::new());
        values.record(&mut fields);
        self.0.lock().unwrap().push(format!("record {}", fields.0));
    }

    fn record_follows_from(&self, _: &Id, _: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let mut fields = Fields(String::new());
        event.record(&mut fields);
        self.0.lock().unwrap().push(format!("event {}", fields.0));
    }

    fn enter(&self, _: &Id) {}

    fn exit(&self, _: &Id) {}
}

#[test]
fn a_call_gets_a_span_and_each_failed_attempt_an_event_without_the_token() {
    let capture = Capture::default();
    tracing::subscriber::with_default(capture.clone(), || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async {
            let server = MockServer::start().await;
            Mock::given(method("GET"))
                .respond_with(ResponseTemplate::new(503))
                .up_to_n_times(1)
                .mount(&server)
                .await;
            Mock::given(method("GET"))
                .respond_with(ResponseTemplate::new(200).set_body_json(1))
                .mount(&server)
                .await;
            let client = Client::builder()
                .base_url(server.uri())
                .bearer_token(TOKEN)
                .credential("basic", Credential::basic(SECRETS[0], SECRETS[1]))
                .credential("header_key", Credential::token(SECRETS[2]))
                .credential("query_key", Credential::token(SECRETS[3]))
                .credential("cookie_key", Credential::token(SECRETS[4]))
                .backoff(Duration::from_millis(1), Duration::from_millis(1))
                .build()
                .unwrap();
            let request = Request::new(&GET_THING).path_param("id", "x");
            let got: u32 = client
                .send_json::<_, meteroid_runtime::Error>(request)
                .await
                .unwrap();
            assert_eq!(got, 1);
            // Every other kind, through a failed attempt and its retry.
            Mock::given(method("GET"))
                .respond_with(ResponseTemplate::new(503))
                .up_to_n_times(1)
                .with_priority(1)
                .mount(&server)
                .await;
            let got: u32 = client
                .send_json::<_, meteroid_runtime::Error>(Request::new(&GET_KEYED))
                .await
                .unwrap();
            assert_eq!(got, 1);
            let seen = server.received_requests().await.unwrap();
            let last = seen.last().unwrap();
            assert_eq!(last.url.query(), Some(&*format!("api_key={}", SECRETS[3])));
            assert_eq!(
                last.headers["x-api-key"], SECRETS[2],
                "the secrets were in play"
            );
        });
    });
    let lines = capture.0.lock().unwrap().clone();
    let all = lines.join("\n");
    assert!(
        lines.iter().any(|l| l.starts_with("span meteroid.call")
            && l.contains("operation=\"get_thing\"")
            && l.contains("method=\"GET\"")
            && l.contains("path=\"/things/{id}\"")),
        "{all}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.contains("attempt=1") && l.contains("status=503") && l.contains("wait_ms=")),
        "{all}"
    );
    assert!(
        lines.iter().any(|l| l.contains("operation=\"get_keyed\"")),
        "{all}"
    );
    for secret in SECRETS.iter().chain([&TOKEN]) {
        assert!(!all.contains(secret), "{secret} leaked: {all}");
    }
}

/// The requests the server has received.
async fn received(server: &MockServer) -> usize {
    server.received_requests().await.map_or(0, |r| r.len())
}

#[test]
fn waiting_for_a_slot_and_a_hold_are_events_naming_the_host_and_the_durations() {
    let capture = Capture::default();
    let mut host = String::new();
    tracing::subscriber::with_default(capture.clone(), || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async {
            let server = MockServer::start().await;
            host = server.address().to_string();
            Mock::given(path("/things/slow"))
                .respond_with(
                    ResponseTemplate::new(200)
                        .set_body_json(1)
                        .set_delay(Duration::from_millis(200)),
                )
                .mount(&server)
                .await;
            Mock::given(path("/things/limited"))
                .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "1"))
                .up_to_n_times(1)
                .mount(&server)
                .await;
            Mock::given(method("GET"))
                .respond_with(ResponseTemplate::new(200).set_body_json(1))
                .mount(&server)
                .await;
            let client = Client::builder()
                .base_url(server.uri())
                .bearer_token(TOKEN)
                .max_concurrent_requests(1)
                .build()
                .unwrap();
            let get = |id: &str| Request::new(&GET_THING).path_param("id", id);
            let slow = tokio::spawn({
                let client = client.clone();
                let request = get("slow");
                async move {
                    client
                        .send_json::<u32, meteroid_runtime::Error>(request)
                        .await
                }
            });
            while received(&server).await == 0 {
                tokio::time::sleep(Duration::from_millis(5)).await;
            }
            // Waits for the slow call's slot.
            let got: u32 = client
                .send_json::<_, meteroid_runtime::Error>(get("quick"))
                .await
                .unwrap();
            assert_eq!(got, 1);
            slow.await.unwrap().unwrap();
            let limited = client
                .with_max_retries(0)
                .send_json::<u32, meteroid_runtime::Error>(get("limited"))
                .await;
            assert_eq!(limited.unwrap_err().status(), Some(429));
            // Held for the second, then sent.
            let got: u32 = client
                .send_json::<_, meteroid_runtime::Error>(get("after"))
                .await
                .unwrap();
            assert_eq!(got, 1);
        });
    });
    let lines = capture.0.lock().unwrap().clone();
    let all = lines.join("\n");
    let host = format!("host=\"{host}\"");
    let event = |message: &str| {
        lines
            .iter()
            .find(|l| l.starts_with("event ") && l.contains(message))
            .unwrap_or_else(|| panic!("no event {message:?} in:\n{all}"))
    };
    for (message, fields) in [
        ("waiting for a request slot", &["limit=1"][..]),
        ("got a request slot", &["waited_ms="][..]),
        (
            "holding new attempts to the host",
            &["status=429", "hold_ms=1000", "extended=false"][..],
        ),
        ("attempt held by the host's Retry-After", &["wait_ms="][..]),
        ("hold on the host ended", &["held_ms=1000"][..]),
    ] {
        let line = event(message);
        assert!(line.contains(&host), "{line}");
        for field in fields {
            assert!(line.contains(field), "{field} in {line}");
        }
    }
}
