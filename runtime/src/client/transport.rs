//! Sending a call: the retry loop around attempts, one attempt (send, read the body, classify
//! a failure), and decoding a success's body. Generated operations call `send_json`,
//! `send_empty` or `send_bytes`.

use super::load::{HeldResponse, Refused};
use super::{Client, Inner, credentials};
use crate::error::{ApiError, CallError, Deadline, DecodeError, Error, TransportError};
use crate::request::Request;
use crate::retry::{self, Class, Failure, XorShift};
use reqwest::header::{HeaderMap, RETRY_AFTER};
use serde::de::DeserializeOwned;
use std::sync::atomic::Ordering;
use std::time::SystemTime;
use tokio::time::Instant;

/// A 2xx response.
struct Success {
    status: u16,
    /// The attempt that got it.
    attempts: u32,
    headers: HeaderMap,
    /// The buffer reqwest read the body into; copied only into an error.
    body: bytes::Bytes,
}

impl Client {
    async fn send<E: DeserializeOwned>(&self, request: Request) -> Result<Success, Error<E>> {
        let limit = self.inner.max_response_bytes;
        let success = self
            .send_until(request, move |response, number| {
                read_success(response, number, limit)
            })
            .await?;
        self.record(success.status, &success.headers, success.attempts);
        Ok(success)
    }

    /// The retry loop: attempts until one answers 2xx (`finish` then turns that response
    /// into `R`, and may itself fail in a retryable way) or the policy gives up.
    pub(super) async fn send_until<E, R, F, Fut>(
        &self,
        mut request: Request,
        finish: F,
    ) -> Result<R, Error<E>>
    where
        E: DeserializeOwned,
        F: Fn(reqwest::Response, u32) -> Fut,
        Fut: std::future::Future<Output = Result<R, Failure<E>>>,
    {
        if let Some(why) = request.invalid.take() {
            return Err(Error::InvalidRequest(why));
        }
        // Before anything is sent: a call without the credentials it needs fails here.
        let chosen = self
            .inner
            .credentials
            .choose(request.operation, |name| self.sets_header(name))?;
        let headers = self.headers_for(&request, chosen);
        let method = request.operation.method;
        // One key per call, made before the first attempt: every retry carries the same one,
        // which is what lets the server apply the call once.
        let mut generated_key = None;
        let keyed = match request.idempotency_header {
            Some(name) if headers.contains_key(name) => true,
            Some(name) if !self.call.no_idempotency_keys => {
                match (
                    reqwest::header::HeaderName::from_bytes(name.as_bytes()),
                    new_idempotency_key(),
                ) {
                    (Ok(name), Some(key)) => {
                        generated_key = Some((name, key));
                        true
                    }
                    _ => false,
                }
            }
            _ => false,
        };
        // One buffer for all attempts: `Bytes` takes over the `Vec` and clones by reference
        // count, so a retry does not copy the body.
        let body = request
            .body
            .take()
            .map(|body| bytes::Bytes::from(body.bytes));
        // The first attempt takes the URL and headers built above; a retry builds them again
        // (a retry waits out a backoff anyway), so that a call that succeeds at once copies
        // neither.
        let with_key = |mut headers: HeaderMap| {
            if let Some((name, key)) = &generated_key {
                headers.insert(name.clone(), key.clone());
            }
            headers
        };
        let mut first = Some((self.url_for(&request, chosen), with_key(headers)));
        let repeat_ambiguous = method.is_idempotent() || self.retry_non_idempotent || keyed;
        let mut policy = self.inner.policy;
        if let Some(timeout) = self.call.timeout {
            policy.total_timeout = timeout;
        }
        if let Some(retries) = self.call.max_retries {
            policy.max_retries = retries;
        }
        let seed = self
            .inner
            .jitter_seed
            .fetch_add(0x9E37_79B9_7F4A_7C15, Ordering::Relaxed);
        let mut jitter = XorShift::new(seed);
        let per_call = self.call.timeout.is_some();
        #[cfg(feature = "tracing")]
        let span = tracing::debug_span!(
            "meteroid.call",
            operation = request.operation.id,
            method = method.as_str(),
            path = request.operation.path,
        );
        let calls = retry::run(
            &policy,
            repeat_ambiguous,
            &mut jitter,
            |timeout, call_deadline, number| {
                let (url, headers) = first.take().unwrap_or_else(|| {
                    (
                        self.url_for(&request, chosen),
                        with_key(self.headers_for(&request, chosen)),
                    )
                });
                // A request built whole rather than through `RequestBuilder::headers`, which
                // inserts the headers one by one into an empty map.
                let mut outgoing = reqwest::Request::new(method.to_reqwest(), url);
                *outgoing.headers_mut() = headers;
                if let Some(body) = &body {
                    *outgoing.body_mut() = Some(body.clone().into());
                }
                let inner = &*self.inner;
                let finish = &finish;
                let call = Deadline::Call {
                    limit: policy.total_timeout,
                    per_call,
                };
                async move {
                    // The slot is held until `finish` has read what it reads (the whole
                    // body, or an event stream's head).
                    let slot = match inner.load.admit(call_deadline).await {
                        Ok(slot) => slot,
                        Err(refused) => return Err(refused_failure(refused, number, call, inner)),
                    };
                    // Time spent waiting for the slot or a hold is the call's, not the
                    // attempt's: the attempt's own limit starts now, within what is left.
                    let timeout = if !slot.waited {
                        timeout
                    } else {
                        policy
                            .attempt_timeout
                            .min(call_deadline.saturating_duration_since(Instant::now()))
                    };
                    // A shorter timeout than the attempt's limit is the call's deadline.
                    let deadline = if timeout < policy.attempt_timeout {
                        call
                    } else {
                        Deadline::Attempt(policy.attempt_timeout)
                    };
                    // The deadline is this one timer around the attempt, up to what `finish`
                    // reads, rather than reqwest's per-request timeout, which boxes a timer
                    // for the request and another for the body: about 3-5 % of a loopback
                    // call (BENCHMARKS.md). Boxed: the send and the body read are the largest
                    // part of a call's future, and a call waiting for its slot need not carry
                    // them (3.6 KB -> 2.5 KB per waiting call, one allocation per attempt).
                    let attempt = Box::pin(async {
                        let response = attempt(inner, outgoing, number).await?;
                        finish(response, number).await
                    });
                    let result = tokio::time::timeout(timeout, attempt)
                        .await
                        .unwrap_or_else(|_| Err(deadline_failure(number, deadline)));
                    inner.load.release(slot).await;
                    result
                }
            },
        );
        #[cfg(feature = "tracing")]
        let calls = tracing::Instrument::instrument(calls, span);
        calls
            .await
            .map_err(|error| credentials::redact(error, chosen))
    }

    /// Sends `request` (retrying as the policy allows) and decodes a 2xx body as `T`; an
    /// error status's body is decoded as the API's error body (`Err::Body`) when it can be.
    /// `Err` is the runtime's [`Error`] or a generated client's own.
    pub async fn send_json<T: DeserializeOwned, Err: CallError>(
        &self,
        request: Request,
    ) -> Result<T, Err> {
        let success = self.send::<Err::Body>(request).await?;
        Ok(decode::<T, Err::Body>(success)?)
    }

    /// Sends `request`, for operations whose success has no body: any 2xx is success.
    pub async fn send_empty<Err: CallError>(&self, request: Request) -> Result<(), Err> {
        self.send::<Err::Body>(request).await?;
        Ok(())
    }

    /// Sends `request` and returns the raw body of a 2xx response, for binary downloads (with
    /// [`Request::accept`]).
    pub async fn send_bytes<Err: CallError>(&self, request: Request) -> Result<Vec<u8>, Err> {
        let success = self.send::<Err::Body>(request).await?;
        Ok(success.body.into())
    }
}

/// A fresh idempotency key: a random (version 4) UUID, from the operating system's generator.
fn new_idempotency_key() -> Option<reqwest::header::HeaderValue> {
    use ring::rand::SecureRandom as _;
    let mut bytes = [0u8; 16];
    ring::rand::SystemRandom::new().fill(&mut bytes).ok()?;
    bytes[6] = (bytes[6] & 0x0f) | 0x40;
    bytes[8] = (bytes[8] & 0x3f) | 0x80;
    let hex: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    let key = format!(
        "{}-{}-{}-{}-{}",
        &hex[0..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..32]
    );
    reqwest::header::HeaderValue::from_str(&key).ok()
}

/// Reads a 2xx response's whole body; a connection lost meanwhile is a failure to retry.
async fn read_success<E>(
    response: reqwest::Response,
    number: u32,
    limit: usize,
) -> Result<Success, Failure<E>> {
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let body = read_body(response, number, limit).await?;
    Ok(Success {
        status,
        attempts: number,
        headers,
        body,
    })
}

/// A body, read up to `limit` bytes: one announced or found to be larger fails the call
/// (not retried: it would be as large again), and nothing past the limit is read.
async fn read_body<E>(
    mut response: reqwest::Response,
    number: u32,
    limit: usize,
) -> Result<bytes::Bytes, Failure<E>> {
    let status = response.status().as_u16();
    let too_large = || Failure {
        error: Error::TooLarge { status, limit },
        class: Class::Final,
        retry_after: None,
    };
    let announced = response.content_length().unwrap_or(0);
    if announced > limit as u64 {
        return Err(too_large());
    }
    let mut next = async || {
        response
            .chunk()
            .await
            .map_err(|e| transport_failure::<E>(e, number))
    };
    let Some(first) = next().await? else {
        return Ok(bytes::Bytes::new());
    };
    if first.len() > limit {
        return Err(too_large());
    }
    // A body that arrives in one piece (the usual small JSON answer) is kept as reqwest's
    // buffer, not copied.
    let Some(second) = next().await? else {
        return Ok(first);
    };
    // The announced length sizes the buffer once (bounded by the limit, checked above).
    let capacity = usize::try_from(announced)
        .unwrap_or(0)
        .max(first.len() + second.len());
    let mut body = Vec::with_capacity(capacity);
    body.extend_from_slice(&first);
    let mut chunk = Some(second);
    while let Some(piece) = chunk {
        if body.len() + piece.len() > limit {
            return Err(too_large());
        }
        body.extend_from_slice(&piece);
        chunk = next().await?;
    }
    Ok(bytes::Bytes::from(body))
}

/// One attempt: sends and returns a 2xx response unread; anything else is classified for
/// the retry loop (an error status's body read and decoded as `E` when it can be).
async fn attempt<E: DeserializeOwned>(
    inner: &Inner,
    request: reqwest::Request,
    number: u32,
) -> Result<reqwest::Response, Failure<E>> {
    let response = inner
        .http
        .execute(request)
        .await
        .map_err(|e| transport_failure(e, number))?;
    let status = response.status().as_u16();
    if (200..300).contains(&status) {
        return Ok(response);
    }
    let headers = response.headers().clone();
    let body = read_body(response, number, inner.max_response_bytes).await?;
    let retry_after = headers
        .get(RETRY_AFTER)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| retry::parse_retry_after(value, SystemTime::now()));
    let class = match status {
        429 | 503 => Class::Refused,
        500..=599 => Class::Ambiguous,
        _ => Class::Final,
    };
    if let (Class::Refused, Some(wait)) = (class, retry_after) {
        // The server's wait is the whole client's: other calls hold their next attempts too.
        inner.load.hold_for(wait, || HeldResponse {
            status,
            headers: headers.clone(),
            body: body.clone(),
        });
    }
    let error = serde_json::from_slice(&body).ok();
    Err(Failure {
        error: Error::Api(Box::new(ApiError {
            attempts: number,
            status,
            headers,
            body: body.into(),
            error,
            retry_after,
        })),
        class,
        retry_after,
    })
}

/// An attempt that did not start before the call's deadline: no slot came free, or the host
/// is held past it (the call then fails with the response that asked for the hold, as if it
/// had got it itself). Nothing is sent, so it is not retried either.
fn refused_failure<E: DeserializeOwned>(
    refused: Refused,
    number: u32,
    deadline: Deadline,
    inner: &Inner,
) -> Failure<E> {
    let sent = number - 1;
    let error = match refused {
        Refused::NoSlot => Error::Timeout(TransportError {
            attempts: sent,
            // An earlier attempt may have been acted on.
            maybe_sent: sent > 0,
            source: None,
            deadline: Some(deadline),
            waiting_for_slot: Some(inner.load.limit()),
        }),
        Refused::Held(response, left) => Error::Api(Box::new(ApiError {
            attempts: sent,
            status: response.status,
            headers: response.headers.clone(),
            body: response.body.to_vec(),
            error: serde_json::from_slice(&response.body).ok(),
            retry_after: Some(left),
        })),
    };
    Failure {
        error,
        class: Class::Final,
        retry_after: None,
    }
}

/// An attempt that ran out of time. It may have been sent (the connection may have been made
/// before the deadline), so only a call that may be repeated is retried.
fn deadline_failure<E>(attempts: u32, deadline: Deadline) -> Failure<E> {
    Failure {
        error: Error::Timeout(TransportError {
            attempts,
            maybe_sent: true,
            source: None,
            deadline: Some(deadline),
            waiting_for_slot: None,
        }),
        class: Class::Ambiguous,
        retry_after: None,
    }
}

pub(super) fn transport_failure<E>(source: reqwest::Error, attempts: u32) -> Failure<E> {
    // A connect error (including a connect timeout) means no byte of the request left.
    let maybe_sent = !source.is_connect();
    let timed_out = source.is_timeout();
    let error = TransportError {
        attempts,
        maybe_sent,
        source: Some(source),
        deadline: None,
        waiting_for_slot: None,
    };
    Failure {
        error: if timed_out {
            Error::Timeout(error)
        } else {
            Error::Connection(error)
        },
        class: if maybe_sent {
            Class::Ambiguous
        } else {
            Class::NotSent
        },
        retry_after: None,
    }
}

/// Whether a `Content-Type` says JSON: `application/json` or `application/<x>+json`, with any
/// parameters.
fn is_json(content_type: &str) -> bool {
    let essence = content_type.split(';').next().unwrap_or_default().trim();
    let Some((kind, subtype)) = essence.split_once('/') else {
        return false;
    };
    let ends_json = subtype.len() >= 5
        && subtype.is_char_boundary(subtype.len() - 5)
        && subtype[subtype.len() - 5..].eq_ignore_ascii_case("+json");
    kind.eq_ignore_ascii_case("application") && (subtype.eq_ignore_ascii_case("json") || ends_json)
}

fn decode<T: DeserializeOwned, E>(success: Success) -> Result<T, Error<E>> {
    // A JSON operation's 2xx must say it is JSON (or say nothing): a proxy's or a captive
    // portal's HTML page, even one whose text happens to parse, is never a success.
    if let Some(content_type) = success.headers.get(reqwest::header::CONTENT_TYPE) {
        let text = content_type.to_str().unwrap_or_default();
        if !is_json(text) {
            return Err(Error::Decode(Box::new(DecodeError {
                status: success.status,
                path: ".".to_string(),
                message: format!(
                    "the response is not JSON: its Content-Type is `{}`",
                    text.chars().take(100).collect::<String>()
                ),
                headers: success.headers,
                body: success.body.into(),
            })));
        }
    }
    serde_json::from_slice(&success.body).map_err(|e| {
        Error::Decode(Box::new(DecodeError {
            status: success.status,
            // Found from the error's position, so a body that decodes pays nothing for it.
            path: crate::json_path::path_of_error(&success.body, &e),
            message: e.to_string(),
            headers: success.headers,
            body: success.body.into(),
        }))
    })
}

/// The parts of the runtime that only the full spec's operations use, and the method rules
/// that only a GET shows, against a real local server.
#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::test_support::{OP, PUBLIC, TOKEN};
    use std::time::Duration;
    use wiremock::matchers::{body_string, header, method, path, query_param};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    fn client(server: &MockServer) -> Client {
        Client::builder()
            .base_url(server.uri())
            .bearer_token(TOKEN)
            .backoff(Duration::from_millis(1), Duration::from_millis(1))
            .build()
            .expect("valid")
    }

    async fn requests(server: &MockServer) -> usize {
        server
            .received_requests()
            .await
            .expect("recording on")
            .len()
    }

    #[tokio::test]
    async fn a_body_over_the_limit_fails_the_call_unread() {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(200).set_body_json(vec![7u8; 4096]))
            .mount(&server)
            .await;
        let small = Client::builder()
            .base_url(server.uri())
            .bearer_token(TOKEN)
            .max_response_bytes(1024)
            .build()
            .expect("valid");
        let request = Request::new(&OP).path_param("id", "x");
        let e = small
            .send_json::<Vec<u8>, Error>(request)
            .await
            .expect_err("over the limit");
        assert!(
            matches!(
                e,
                Error::TooLarge {
                    status: 200,
                    limit: 1024
                }
            ),
            "{e:?}"
        );
        assert_eq!(
            requests(&server).await,
            1,
            "not retried: it would be as large again"
        );
        // At the limit is fine.
        let body = serde_json::to_vec(&vec![7u8; 4096]).expect("encodes");
        let exact = Client::builder()
            .base_url(server.uri())
            .bearer_token(TOKEN)
            .max_response_bytes(body.len())
            .build()
            .expect("valid");
        let request = Request::new(&OP).path_param("id", "x");
        let got: Vec<u8> = exact.send_json::<_, Error>(request).await.expect("fits");
        assert_eq!(got.len(), 4096);
    }

    /// The process's peak resident memory (`VmHWM`), where the system says it (Linux).
    fn peak_rss_kib() -> Option<u64> {
        let status = std::fs::read_to_string("/proc/self/status").ok()?;
        let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
        line.split_whitespace().nth(1)?.parse().ok()
    }

    #[tokio::test]
    async fn a_streamed_50_mib_body_is_cut_at_the_limit() {
        use tokio::io::{AsyncReadExt as _, AsyncWriteExt as _};
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("bind");
        let address = listener.local_addr().expect("address");
        // Chunked, no Content-Length: only reading tells how large it is.
        let server = tokio::spawn(async move {
            let (mut socket, _) = listener.accept().await.expect("accept");
            let mut head = [0u8; 4096];
            let _ = socket.read(&mut head).await;
            let _ = socket
                .write_all(b"HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ntransfer-encoding: chunked\r\n\r\n")
                .await;
            let chunk = vec![b' '; 64 * 1024];
            let mut written = 0usize;
            while written < 50 * 1024 * 1024 {
                let frame = [format!("{:x}\r\n", chunk.len()).as_bytes(), &chunk, b"\r\n"].concat();
                if socket.write_all(&frame).await.is_err() {
                    break;
                }
                written += chunk.len();
            }
            written
        });
        let client = Client::builder()
            .base_url(format!("http://{address}"))
            .bearer_token(TOKEN)
            .max_response_bytes(1024 * 1024)
            .max_retries(0)
            .build()
            .expect("valid");
        let peak_before = peak_rss_kib();
        let request = Request::new(&OP).path_param("id", "x");
        let e = client
            .send_json::<serde_json::Value, Error>(request)
            .await
            .expect_err("over the limit");
        assert!(
            matches!(
                e,
                Error::TooLarge {
                    limit: 1_048_576,
                    ..
                }
            ),
            "{e:?}"
        );
        // The process's peak memory grew by far less than the 50 MiB a whole read would take.
        if let (Some(before), Some(after)) = (peak_before, peak_rss_kib()) {
            assert!(
                after - before < 16 * 1024,
                "peak RSS grew by {} KiB",
                after - before
            );
        }
        drop(client);
        let written = server.await.expect("server");
        // The client stopped reading and hung up: the server could not push 50 MiB (what it
        // wrote beyond 1 MiB sat in socket buffers).
        assert!(written < 24 * 1024 * 1024, "{written} bytes written");
    }

    #[tokio::test]
    async fn a_2xx_that_is_not_json_is_no_success() {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path("/api/v1/things/html"))
            .respond_with(ResponseTemplate::new(200).set_body_raw(
                "<html>Please log in to the Wi-Fi</html>",
                "text/html; charset=utf-8",
            ))
            .mount(&server)
            .await;
        // JSON text labelled as HTML is refused too: the label is what a proxy sets.
        Mock::given(method("GET"))
            .and(path("/api/v1/things/labelled"))
            .respond_with(ResponseTemplate::new(200).set_body_raw("1", "text/html"))
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .and(path("/api/v1/things/problem"))
            .respond_with(ResponseTemplate::new(200).set_body_raw("2", "application/vnd.api+json"))
            .mount(&server)
            .await;
        let client = client(&server);
        for id in ["html", "labelled"] {
            let request = Request::new(&OP).path_param("id", id);
            let e = client
                .send_json::<u32, Error>(request)
                .await
                .expect_err("not JSON");
            let Error::Decode(decode) = &e else {
                panic!("a decode error, got {e:?}")
            };
            assert!(decode.message.contains("text/html"), "{}", decode.message);
            // Debug shows the body as text, not byte numbers.
            assert!(format!("{e:?}").contains(&String::from_utf8_lossy(&decode.body).to_string()));
        }
        let request = Request::new(&OP).path_param("id", "problem");
        let got: u32 = client.send_json::<_, Error>(request).await.expect("+json");
        assert_eq!(got, 2);
    }

    #[tokio::test]
    async fn an_api_error_says_how_many_attempts_were_made() {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(503).set_body_string("busy"))
            .mount(&server)
            .await;
        let request = Request::new(&OP).path_param("id", "x");
        let e = client(&server)
            .send_json::<u32, Error>(request)
            .await
            .expect_err("503");
        let Error::Api(api) = &e else { panic!("{e:?}") };
        assert_eq!(api.attempts, 3, "the first and two retries");
        assert!(format!("{e:?}").contains("body: \"busy\""), "{e:?}");
    }

    #[tokio::test]
    async fn a_recording_handle_keeps_status_headers_and_attempts_of_each_success() {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(503))
            .up_to_n_times(1)
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .respond_with(
                ResponseTemplate::new(203)
                    .insert_header(
                        "traceparent",
                        "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01",
                    )
                    .set_body_json(serde_json::json!(5)),
            )
            .mount(&server)
            .await;
        let slot = crate::MetadataSlot::new();
        let base = client(&server);
        let recording = base.with_metadata(&slot);
        let request = Request::new(&OP).path_param("id", "x");
        let got: u32 = recording.send_json::<_, Error>(request).await.expect("203");
        assert_eq!(got, 5);
        let meta = slot.take().expect("recorded");
        assert_eq!((meta.status, meta.attempts), (203, 2));
        assert_eq!(
            meta.traceparent(),
            Some("00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01")
        );
        // The base client records nothing; the slot is empty once taken.
        let request = Request::new(&OP).path_param("id", "x");
        let _: u32 = base.send_json::<_, Error>(request).await.expect("203");
        assert!(slot.take().is_none());
    }

    /// A POST that declares an idempotency key.
    static KEYED: crate::request::Operation = crate::request::Operation {
        id: "create_thing",
        method: crate::request::Method::Post,
        path: "/things",
        security: &[],
    };

    async fn flaky_post(server: &MockServer) {
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(500))
            .up_to_n_times(1)
            .mount(server)
            .await;
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(201).set_body_json(serde_json::json!(1)))
            .mount(server)
            .await;
    }

    async fn keys_sent(server: &MockServer) -> Vec<Option<String>> {
        server
            .received_requests()
            .await
            .expect("recording on")
            .iter()
            .map(|r| {
                r.headers
                    .get("idempotency-key")
                    .and_then(|v| v.to_str().ok())
                    .map(str::to_string)
            })
            .collect()
    }

    #[tokio::test]
    async fn a_declared_idempotency_key_is_made_once_and_reused_by_the_retry() {
        let server = MockServer::start().await;
        flaky_post(&server).await;
        let request = Request::new(&KEYED)
            .idempotency_key("Idempotency-Key")
            .json_body(&1);
        let got: u32 = client(&server)
            .send_json::<_, Error>(request)
            .await
            .expect("retried after the 500, as the key makes it safe");
        assert_eq!(got, 1);
        let keys = keys_sent(&server).await;
        assert_eq!(keys.len(), 2);
        let key = keys[0].clone().expect("a key");
        assert_eq!(
            keys[1].as_deref(),
            Some(key.as_str()),
            "the same key on the retry"
        );
        assert_eq!(key.len(), 36);
        assert_eq!(&key[14..15], "4", "a version 4 UUID: {key}");
        // The next call gets a new key.
        let request = Request::new(&KEYED)
            .idempotency_key("Idempotency-Key")
            .json_body(&1);
        client(&server)
            .send_json::<u32, Error>(request)
            .await
            .expect("201");
        let keys = keys_sent(&server).await;
        assert_ne!(keys[2].as_deref(), Some(key.as_str()));
    }

    #[tokio::test]
    async fn without_a_declared_key_no_key_is_sent_and_a_post_is_not_retried() {
        let server = MockServer::start().await;
        flaky_post(&server).await;
        let request = Request::new(&KEYED).json_body(&1);
        let e = client(&server)
            .send_json::<u32, Error>(request)
            .await
            .expect_err("the 500 stands");
        assert_eq!(e.status(), Some(500));
        assert_eq!(keys_sent(&server).await, [None]);
        // Declared, but turned off on this handle: the same.
        let server = MockServer::start().await;
        flaky_post(&server).await;
        let request = Request::new(&KEYED)
            .idempotency_key("Idempotency-Key")
            .json_body(&1);
        let e = client(&server)
            .with_idempotency_keys(false)
            .send_json::<u32, Error>(request)
            .await
            .expect_err("no key, no retry");
        assert_eq!(e.status(), Some(500));
        assert_eq!(keys_sent(&server).await, [None]);
    }

    #[tokio::test]
    async fn a_key_the_caller_sets_is_sent_as_it_is_on_every_attempt() {
        let server = MockServer::start().await;
        flaky_post(&server).await;
        let request = Request::new(&KEYED)
            .header("Idempotency-Key", "order-42")
            .idempotency_key("Idempotency-Key")
            .json_body(&1);
        client(&server)
            .send_json::<u32, Error>(request)
            .await
            .expect("retried with the caller's key");
        assert_eq!(
            keys_sent(&server).await,
            [Some("order-42".to_string()), Some("order-42".to_string())]
        );
    }

    #[tokio::test]
    async fn per_call_retries_and_headers_apply_to_that_handle_only() {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(503))
            .mount(&server)
            .await;
        let base = client(&server);
        let request = Request::new(&OP).path_param("id", "x");
        let _ = base
            .with_max_retries(0)
            .with_header::<Error>("x-tenant", "t-1")
            .expect("a valid header")
            .send_json::<u32, Error>(request)
            .await;
        let seen = server.received_requests().await.expect("recording on");
        assert_eq!(seen.len(), 1, "no retry on this handle");
        assert_eq!(
            seen[0].headers.get("x-tenant").map(|v| v.as_bytes()),
            Some(&b"t-1"[..])
        );
        assert!(matches!(
            base.with_header::<Error>("bad name", "v"),
            Err(Error::Config(_))
        ));
        let request = Request::new(&OP).path_param("id", "x");
        let _ = base.send_json::<u32, Error>(request).await;
        let seen = server.received_requests().await.expect("recording on");
        assert!(seen.len() > 2, "the base client still retries");
        assert!(seen[1].headers.get("x-tenant").is_none());
    }

    #[tokio::test]
    async fn query_pairs_reach_the_server() {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path("/api/v1/things/x"))
            .and(query_param("search", "a b&c"))
            .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!(1)))
            .expect(1)
            .mount(&server)
            .await;
        let request = Request::new(&OP)
            .path_param("id", "x")
            .query("search", "a b&c")
            .query("tag", "1")
            .query("tag", "2");
        let got: u32 = client(&server)
            .send_json::<_, Error>(request)
            .await
            .expect("200");
        assert_eq!(got, 1);
        let seen = server.received_requests().await.expect("recording on");
        assert_eq!(seen[0].url.query(), Some("search=a+b%26c&tag=1&tag=2"));
    }

    #[tokio::test]
    async fn header_and_cookie_params_reach_the_server() {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .and(path("/api/v1/things/x"))
            .and(header("idempotency-key", "k-1"))
            .respond_with(ResponseTemplate::new(204))
            .expect(1)
            .mount(&server)
            .await;
        let request = Request::new(&OP)
            .path_param("id", "x")
            .header("Idempotency-Key", "k-1")
            .header("X-Tags", &["a", "b"][..])
            .header("X-Absent", &None::<String>)
            .cookie("session", "s;1")
            .cookie("n", &2u8);
        client(&server)
            .send_empty::<Error>(request)
            .await
            .expect("204");
        let seen = server.received_requests().await.expect("recording on");
        // Read raw: wiremock's matchers split values at commas.
        let raw = |name: &str| seen[0].headers.get(name).map(|v| v.as_bytes().to_vec());
        assert_eq!(raw("x-tags"), Some(b"a,b".to_vec()));
        assert_eq!(raw("cookie"), Some(b"session=s%3B1; n=2".to_vec()));
        assert_eq!(raw("x-absent"), None);
    }

    #[tokio::test]
    async fn a_call_without_the_credentials_it_needs_is_not_sent() {
        let server = MockServer::start().await;
        let anonymous = Client::builder()
            .base_url(server.uri())
            .build()
            .expect("valid");
        let request = Request::new(&OP).path_param("id", "x");
        let error = anonymous.send_empty::<Error>(request).await.unwrap_err();
        assert!(
            matches!(
                error,
                Error::MissingCredentials {
                    operation: "get_thing",
                    required: [[scheme]],
                } if scheme.name == "bearer_auth"
            ),
            "{error:?}"
        );
        assert_eq!(requests(&server).await, 0);
        // An operation that needs none goes out without any.
        Mock::given(method("POST"))
            .respond_with(ResponseTemplate::new(204))
            .expect(1)
            .mount(&server)
            .await;
        anonymous
            .send_empty::<Error>(Request::new(&PUBLIC))
            .await
            .expect("204");
        // An `Authorization` the caller sets by hand meets the bearer scheme, and goes out as
        // it is.
        Mock::given(method("GET"))
            .and(header("authorization", "Bearer by-hand"))
            .respond_with(ResponseTemplate::new(204))
            .expect(2)
            .mount(&server)
            .await;
        let by_hand = Client::builder()
            .base_url(server.uri())
            .default_header("Authorization", "Bearer by-hand")
            .build()
            .expect("valid");
        by_hand
            .send_empty::<Error>(Request::new(&OP).path_param("id", "x"))
            .await
            .expect("204");
        anonymous
            .with_header::<Error>("authorization", "Bearer by-hand")
            .expect("a valid header")
            .send_empty::<Error>(Request::new(&OP).path_param("id", "x"))
            .await
            .expect("204");
    }

    #[tokio::test]
    async fn every_attempt_carries_the_chosen_credentials_and_only_them() {
        use crate::auth::{Credential, SecurityScheme};
        static EITHER: crate::request::Operation = crate::request::Operation {
            id: "either",
            method: crate::request::Method::Get,
            path: "/either",
            security: &[
                &[
                    SecurityScheme::basic("basic"),
                    SecurityScheme::api_key_query("key", "api_key"),
                ],
                &[SecurityScheme::bearer("bearer")],
            ],
        };
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(503))
            .up_to_n_times(1)
            .mount(&server)
            .await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(204))
            .mount(&server)
            .await;
        let settings = || {
            Client::builder()
                .base_url(server.uri())
                .bearer_token(TOKEN)
                .backoff(Duration::from_millis(1), Duration::from_millis(1))
        };
        // Both requirements met: the first, in spec order.
        let both = settings()
            .credential("basic", Credential::basic("u", "p"))
            .credential("key", Credential::token("k&1"))
            .build()
            .expect("valid");
        both.send_empty::<Error>(Request::new(&EITHER))
            .await
            .expect("204 after a retry");
        // Half of the first: the second.
        let half = settings()
            .credential("basic", Credential::basic("u", "p"))
            .build()
            .expect("valid");
        half.send_empty::<Error>(Request::new(&EITHER))
            .await
            .expect("204");
        let seen = server.received_requests().await.expect("recording on");
        let sent: Vec<(Option<&str>, Option<&str>)> = seen
            .iter()
            .map(|r| {
                (
                    r.headers.get("authorization").and_then(|v| v.to_str().ok()),
                    r.url.query(),
                )
            })
            .collect();
        let basic = Some("Basic dTpw");
        let bearer = format!("Bearer {TOKEN}");
        assert_eq!(
            sent,
            [
                (basic, Some("api_key=k%261")),
                (basic, Some("api_key=k%261")),
                (Some(bearer.as_str()), None),
            ]
        );
    }

    #[tokio::test]
    async fn a_bad_header_value_is_not_sent() {
        let server = MockServer::start().await;
        let request = Request::new(&OP)
            .path_param("id", "x")
            .header("Idempotency-Key", "a\r\nX-Injected: 1");
        let error = client(&server)
            .send_empty::<Error>(request)
            .await
            .unwrap_err();
        assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");
        assert_eq!(requests(&server).await, 0);
    }

    #[tokio::test]
    async fn a_form_body_goes_out_unauthenticated_with_its_media_type() {
        let server = MockServer::start().await;
        Mock::given(method("POST"))
            .and(path("/oauth/token"))
            .and(header("content-type", "application/x-www-form-urlencoded"))
            .and(body_string("grant_type=client_credentials&scope=a+b"))
            .respond_with(ResponseTemplate::new(204))
            .expect(1)
            .mount(&server)
            .await;
        let request = Request::new(&PUBLIC)
            .form_body(&[("grant_type", "client_credentials"), ("scope", "a b")]);
        client(&server)
            .send_empty::<Error>(request)
            .await
            .expect("204");
        let seen = server.received_requests().await.expect("recording on");
        assert!(seen[0].headers.get("authorization").is_none());
    }

    #[tokio::test]
    async fn send_bytes_returns_the_raw_body_of_a_2xx() {
        let server = MockServer::start().await;
        let pdf = b"%PDF-1.7\n\xff\x00binary".to_vec();
        Mock::given(method("GET"))
            .and(header("accept", "application/pdf"))
            .respond_with(ResponseTemplate::new(200).set_body_raw(pdf.clone(), "application/pdf"))
            .expect(1)
            .mount(&server)
            .await;
        let request = Request::new(&OP)
            .path_param("id", "inv_1")
            .accept("application/pdf");
        assert_eq!(
            client(&server)
                .send_bytes::<Error>(request)
                .await
                .expect("200"),
            pdf
        );

        server.reset().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(404).set_body_string("gone"))
            .mount(&server)
            .await;
        let request = Request::new(&OP)
            .path_param("id", "inv_1")
            .accept("application/pdf");
        match client(&server).send_bytes::<Error>(request).await {
            Err(Error::Api(e)) => assert_eq!((e.status, e.text().as_str()), (404, "gone")),
            other => panic!("{other:?}"),
        }
    }

    #[tokio::test]
    async fn an_invalid_request_is_not_sent() {
        let server = MockServer::start().await;
        let nested = std::collections::BTreeMap::from([("a", [1])]);
        let request = Request::new(&PUBLIC).form_body(&nested);
        let error = client(&server)
            .send_empty::<Error>(request)
            .await
            .unwrap_err();
        assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");
        assert_eq!(requests(&server).await, 0);
    }

    #[tokio::test]
    async fn idempotent_methods_retry_server_errors_and_timeouts() {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(500))
            .mount(&server)
            .await;
        let request = Request::new(&OP).path_param("id", "x");
        let error = client(&server)
            .send_empty::<Error>(request)
            .await
            .unwrap_err();
        assert_eq!(error.status(), Some(500));
        assert_eq!(requests(&server).await, 3);

        server.reset().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(5)))
            .mount(&server)
            .await;
        let client = Client::builder()
            .base_url(server.uri())
            .bearer_token(TOKEN)
            .timeout(Duration::from_millis(50))
            .backoff(Duration::from_millis(1), Duration::from_millis(1))
            .build()
            .expect("valid");
        let request = Request::new(&OP).path_param("id", "x");
        match client.send_empty::<Error>(request).await {
            Err(Error::Timeout(e)) => assert_eq!(e.attempts, 3),
            other => panic!("{other:?}"),
        }
        assert_eq!(requests(&server).await, 3);
    }

    /// The message names the deadline that passed: with only "the attempt's deadline", a call
    /// cut short by `with_timeout` sent its reader looking at the per-attempt `timeout`.
    #[tokio::test]
    async fn a_timeout_says_which_deadline_passed_and_how_long_it_was() {
        let server = MockServer::start().await;
        Mock::given(method("GET"))
            .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(5)))
            .mount(&server)
            .await;
        let settings = || {
            Client::builder()
                .base_url(server.uri())
                .bearer_token(TOKEN)
                .backoff(Duration::from_millis(1), Duration::from_millis(1))
        };
        let per_call = settings().build().expect("valid");
        let per_call = per_call.with_timeout(Duration::from_millis(300));
        let total = settings()
            .total_timeout(Duration::from_millis(200))
            .build()
            .expect("valid");
        let attempt = settings()
            .timeout(Duration::from_millis(50))
            .build()
            .expect("valid");
        for (client, expected) in [
            (
                per_call,
                "timed out after 1 attempt(s): no complete response within the call's \
                 deadline of 300ms (`with_timeout`)",
            ),
            (
                total,
                "timed out after 1 attempt(s): no complete response within the call's \
                 deadline of 200ms (the client's `total_timeout`)",
            ),
            (
                attempt,
                "timed out after 3 attempt(s): no complete response within one attempt's \
                 deadline of 50ms (the client's `timeout`)",
            ),
        ] {
            let request = Request::new(&OP).path_param("id", "x");
            let error = client
                .send_empty::<Error>(request)
                .await
                .expect_err("too slow");
            assert!(
                matches!(&error, Error::Timeout(e) if e.source.is_none()),
                "{error:?}"
            );
            assert_eq!(error.to_string(), expected);
        }
    }
}
