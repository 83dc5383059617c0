//! The load a client puts on its server, through the public API against local servers: the
//! request slots (`max_concurrent_requests`: order, deadline, shared by clones) and the hold
//! a 429 or 503 with `Retry-After` puts on every call (in-flight calls untouched, other
//! clients untouched). Nothing here asserts how long anything took: the servers' delays only
//! keep a request in flight while the test looks.

use meteroid_runtime::{Client, Error, Method, Operation, Request};
use std::time::Duration;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

static GET_THING: Operation = Operation {
    id: "get_thing",
    method: Method::Get,
    path: "/things/{id}",
    security: &[],
};

static PATCH_THING: Operation = Operation {
    id: "patch_thing",
    method: Method::Patch,
    path: "/things/{id}",
    security: &[],
};

fn get(id: &str) -> Request {
    Request::new(&GET_THING).path_param("id", id)
}

fn settings(server: &MockServer) -> meteroid_runtime::ClientBuilder {
    Client::builder()
        .base_url(server.uri())
        .backoff(Duration::from_millis(1), Duration::from_millis(1))
}

/// Answers `/things/slow` after `delay`, anything else at once, with `1`.
async fn slow_and_quick(server: &MockServer, delay: Duration) {
    Mock::given(path("/things/slow"))
        .respond_with(ResponseTemplate::new(200).set_body_json(1).set_delay(delay))
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .respond_with(ResponseTemplate::new(200).set_body_json(1))
        .mount(server)
        .await;
}

/// The paths the server received, in arrival order.
async fn received(server: &MockServer) -> Vec<String> {
    server
        .received_requests()
        .await
        .expect("recording on")
        .iter()
        .map(|r| r.url.path().to_string())
        .collect()
}

/// Waits until the server has received `n` requests (so a slow one is in flight).
async fn until_received(server: &MockServer, n: usize) {
    while received(server).await.len() < n {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

/// Lets spawned calls run on this (current-thread) runtime until each waits on something:
/// the first thing a call awaits is its slot.
async fn settle() {
    for _ in 0..50 {
        tokio::task::yield_now().await;
    }
}

#[tokio::test]
async fn waiting_calls_are_sent_in_the_order_they_came() {
    let server = MockServer::start().await;
    slow_and_quick(&server, Duration::from_millis(300)).await;
    let client = settings(&server)
        .max_concurrent_requests(1)
        .build()
        .expect("valid");
    let busy = tokio::spawn({
        let client = client.clone();
        async move { client.send_json::<u32, Error>(get("slow")).await }
    });
    until_received(&server, 1).await;
    let mut calls = Vec::new();
    for n in 0..6 {
        let client = client.clone();
        calls.push(tokio::spawn(async move {
            client.send_json::<u32, Error>(get(&format!("q{n}"))).await
        }));
        settle().await;
    }
    assert_eq!(received(&server).await.len(), 1, "one slot, taken");
    assert_eq!(busy.await.expect("task").expect("200"), 1);
    for call in calls {
        assert_eq!(call.await.expect("task").expect("200"), 1);
    }
    assert_eq!(
        received(&server).await,
        [
            "/things/slow",
            "/things/q0",
            "/things/q1",
            "/things/q2",
            "/things/q3",
            "/things/q4",
            "/things/q5"
        ]
    );
}

#[tokio::test]
async fn a_call_whose_deadline_passes_waiting_for_a_slot_times_out_saying_so() {
    let server = MockServer::start().await;
    slow_and_quick(&server, Duration::from_secs(3)).await;
    let client = settings(&server)
        .max_concurrent_requests(1)
        .build()
        .expect("valid");
    let busy = tokio::spawn({
        let client = client.clone();
        async move { client.send_json::<u32, Error>(get("slow")).await }
    });
    until_received(&server, 1).await;
    // A handle: its calls share the client's slots.
    let error = client
        .with_timeout(Duration::from_millis(200))
        .send_json::<u32, Error>(get("quick"))
        .await
        .expect_err("no slot within 200 ms");
    let Error::Timeout(timeout) = &error else {
        panic!("{error:?}")
    };
    assert_eq!((timeout.attempts, timeout.maybe_sent), (0, false));
    assert!(timeout.source.is_none());
    assert_eq!(
        error.to_string(),
        "timed out after 0 attempt(s): still waiting for a request slot (all 1 of the \
         client's `max_concurrent_requests` in use) at the call's deadline of 200ms \
         (`with_timeout`)"
    );
    assert_eq!(received(&server).await, ["/things/slow"], "never sent");
    busy.abort();
}

#[tokio::test]
async fn clones_share_the_slots_and_separate_clients_do_not() {
    let server = MockServer::start().await;
    slow_and_quick(&server, Duration::from_secs(3)).await;
    let settings = || settings(&server).max_concurrent_requests(1);
    let client = settings().build().expect("valid");
    let clone = client.clone().with_max_retries(5);
    let busy = tokio::spawn(async move { clone.send_json::<u32, Error>(get("slow")).await });
    until_received(&server, 1).await;
    let error = client
        .with_timeout(Duration::from_millis(100))
        .send_json::<u32, Error>(get("quick"))
        .await
        .expect_err("the clone holds the one slot");
    assert!(matches!(error, Error::Timeout(_)), "{error:?}");
    let separate = settings().build().expect("valid");
    let got = separate
        .with_timeout(Duration::from_secs(2))
        .send_json::<u32, Error>(get("quick"))
        .await
        .expect("its own slot");
    assert_eq!(got, 1);
    busy.abort();
}

/// 429 with `Retry-After: <seconds>` to the first request to `/things/limited`, 200 after.
async fn limited_once(server: &MockServer, seconds: u32) {
    Mock::given(path("/things/limited"))
        .respond_with(
            ResponseTemplate::new(429)
                .insert_header("retry-after", seconds.to_string().as_str())
                .set_body_json(
                    serde_json::json!({"code": "TOO_MANY_REQUESTS", "message": "slow down"}),
                ),
        )
        .up_to_n_times(1)
        .mount(server)
        .await;
}

#[tokio::test]
async fn a_retry_after_holds_the_other_calls_of_the_client() {
    let server = MockServer::start().await;
    limited_once(&server, 30).await;
    slow_and_quick(&server, Duration::ZERO).await;
    let client = settings(&server).build().expect("valid");
    // Its own 429 outlasts its deadline: returned at once, as before.
    let own = client
        .with_timeout(Duration::from_secs(5))
        .send_json::<u32, Error>(get("limited"))
        .await
        .expect_err("429");
    assert_eq!(own.status(), Some(429));
    assert_eq!(own.retry_after(), Some(Duration::from_secs(30)));
    // Another call, through a handle, to another path: held, and since the hold outlasts
    // its deadline it fails at once with the response that asked for it, never sent.
    let held = client
        .with_timeout(Duration::from_secs(5))
        .send_json::<u32, Error>(get("quick"))
        .await
        .expect_err("held past its deadline");
    let Error::Api(api) = &held else {
        panic!("{held:?}")
    };
    assert_eq!((api.status, api.attempts), (429, 0));
    assert_eq!(api.message(), Some("slow down"));
    let left = held.retry_after().expect("what is left of the hold");
    assert!(
        left <= Duration::from_secs(30) && left > Duration::from_secs(20),
        "{left:?}"
    );
    assert_eq!(received(&server).await, ["/things/limited"]);
}

#[tokio::test]
async fn a_call_whose_deadline_outlasts_the_hold_waits_it_out_and_is_sent() {
    let server = MockServer::start().await;
    limited_once(&server, 1).await;
    Mock::given(method("PATCH"))
        .respond_with(ResponseTemplate::new(204))
        .mount(&server)
        .await;
    let client = settings(&server).build().expect("valid");
    let start = std::time::Instant::now();
    let own = client
        .with_max_retries(0)
        .send_json::<u32, Error>(get("limited"))
        .await
        .expect_err("429, not retried");
    assert_eq!(own.retry_after(), Some(Duration::from_secs(1)));
    // A PATCH (never repeated after an ambiguous failure): held, then sent once.
    let patch = Request::new(&PATCH_THING)
        .path_param("id", "p")
        .json_body(&1);
    client
        .send_empty::<Error>(patch)
        .await
        .expect("sent once the hold is over");
    // The hold began when the 429 arrived, after `start`: a second had to pass.
    assert!(
        start.elapsed() >= Duration::from_secs(1),
        "{:?}",
        start.elapsed()
    );
    assert_eq!(received(&server).await, ["/things/limited", "/things/p"]);
}

#[tokio::test]
async fn a_hold_does_not_touch_calls_already_in_flight() {
    let server = MockServer::start().await;
    limited_once(&server, 30).await;
    Mock::given(method("PATCH"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(2)
                .set_delay(Duration::from_millis(500)),
        )
        .mount(&server)
        .await;
    slow_and_quick(&server, Duration::from_millis(500)).await;
    let client = settings(&server).build().expect("valid");
    let slow_get = tokio::spawn({
        let client = client.clone();
        async move { client.send_json::<u32, Error>(get("slow")).await }
    });
    let slow_patch = tokio::spawn({
        let client = client.clone();
        async move {
            let patch = Request::new(&PATCH_THING)
                .path_param("id", "p")
                .json_body(&1);
            client.send_json::<u32, Error>(patch).await
        }
    });
    until_received(&server, 2).await;
    let limited = client
        .with_timeout(Duration::from_secs(5))
        .send_json::<u32, Error>(get("limited"))
        .await
        .expect_err("429");
    assert_eq!(limited.status(), Some(429));
    assert_eq!(slow_get.await.expect("task").expect("finished"), 1);
    assert_eq!(slow_patch.await.expect("task").expect("finished"), 2);
    let mut paths = received(&server).await;
    paths.sort();
    assert_eq!(
        paths,
        ["/things/limited", "/things/p", "/things/slow"],
        "each once"
    );
}

#[tokio::test]
async fn a_hold_on_one_host_leaves_another_host_alone() {
    let held = MockServer::start().await;
    limited_once(&held, 30).await;
    slow_and_quick(&held, Duration::ZERO).await;
    let other = MockServer::start().await;
    slow_and_quick(&other, Duration::ZERO).await;
    // One reqwest pool under both clients: the hold is the client's (its host's), not the
    // pool's.
    #[allow(deprecated)]
    let _ = rustls::crypto::ring::default_provider().install_default();
    let http = reqwest::Client::builder()
        .build()
        .expect("a reqwest client");
    let build = |server: &MockServer| {
        settings(server)
            .http_client(http.clone())
            .build()
            .expect("valid")
    };
    let (held_client, other_client) = (build(&held), build(&other));
    let quick = Duration::from_secs(5);
    let limited = held_client
        .with_timeout(quick)
        .send_json::<u32, Error>(get("limited"))
        .await
        .expect_err("429");
    assert_eq!(limited.status(), Some(429));
    let error = held_client
        .with_timeout(quick)
        .send_json::<u32, Error>(get("quick"))
        .await
        .expect_err("held");
    assert_eq!(error.status(), Some(429));
    let got = other_client
        .with_timeout(quick)
        .send_json::<u32, Error>(get("quick"))
        .await
        .expect("not held");
    assert_eq!(got, 1);
    assert_eq!(received(&held).await, ["/things/limited"]);
    assert_eq!(received(&other).await, ["/things/quick"]);
}

#[tokio::test]
async fn a_503_with_retry_after_holds_too_and_one_without_does_not() {
    let server = MockServer::start().await;
    Mock::given(path("/things/busy"))
        .respond_with(ResponseTemplate::new(503))
        .mount(&server)
        .await;
    Mock::given(path("/things/down"))
        .respond_with(ResponseTemplate::new(503).insert_header("retry-after", "30"))
        .mount(&server)
        .await;
    slow_and_quick(&server, Duration::ZERO).await;
    let client = settings(&server).max_retries(0).build().expect("valid");
    let quick = client.with_timeout(Duration::from_secs(5));
    let busy = quick.send_empty::<Error>(get("busy")).await;
    assert_eq!(busy.expect_err("503").status(), Some(503));
    quick
        .send_empty::<Error>(get("quick"))
        .await
        .expect("no Retry-After, no hold");
    let down = quick.send_empty::<Error>(get("down")).await;
    assert_eq!(
        down.expect_err("503").retry_after(),
        Some(Duration::from_secs(30))
    );
    let held = quick
        .send_empty::<Error>(get("quick"))
        .await
        .expect_err("held");
    assert_eq!(held.status(), Some(503));
    assert_eq!(
        received(&server).await,
        ["/things/busy", "/things/quick", "/things/down"]
    );
}
