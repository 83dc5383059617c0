//! The one error type of a generated client.
//!
//! It is generic over the body an API's error responses carry (`E`): the runtime knows no spec,
//! so the generated code names it (Meteroid's `RestErrorResponse`, or `serde_json::Value` for a
//! spec that declares no common error schema) and tells the runtime how to read a code and a
//! message from it through [`ErrorBody`]. A generated client fixes `E` in two aliases, which
//! its users name: `meteroid_client::Error` is `Error<models::RestErrorResponse>` and
//! `meteroid_client::ApiError` is `ApiError<models::RestErrorResponse>`.

use reqwest::header::HeaderMap;
use std::fmt;
use std::time::Duration;

/// What the runtime needs to know about an API's error body: its code and message, when it has
/// them. Generated code implements it for the spec's error schema.
pub trait ErrorBody {
    /// The type of the error's code, which [`ApiError::code`] returns a reference to. For a
    /// generated client it is the type of the `code` property of the spec's error schema:
    /// Meteroid's client has `RestErrorResponse` with `Code = models::ErrorCode`, an open enum
    /// (a code added later is its `Unknown` variant, text kept). For `serde_json::Value`, the
    /// body of an API without an error schema, it is `str`.
    type Code: ?Sized + fmt::Display;

    /// The machine-readable code, if the body has one.
    fn code(&self) -> Option<&Self::Code>;

    /// The human-readable message, if the body has one.
    fn message(&self) -> Option<&str>;
}

/// For APIs without a declared error schema: the `code` and `message` properties of a JSON
/// object, when they are strings.
impl ErrorBody for serde_json::Value {
    type Code = str;

    fn code(&self) -> Option<&str> {
        self.get("code")?.as_str()
    }

    fn message(&self) -> Option<&str> {
        self.get("message")?.as_str()
    }
}

/// Everything a call, or building a client, can fail with. `E` is the API's error body
/// ([`ErrorBody`]); a generated client fixes it in its own alias (`meteroid_client::Error` is
/// `Error<models::RestErrorResponse>`).
///
/// `Display` is one line of bounded length, whatever the server sent; the full response is in
/// the variant. No variant ever holds the API key.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error<E = serde_json::Value> {
    /// The server answered with a status outside 2xx (documented or not, JSON or not).
    Api(Box<ApiError<E>>),
    /// The server answered 2xx, but the body is not what the spec says.
    Decode(Box<DecodeError>),
    /// An attempt, or the whole call with its retries, ran out of time; `Display` says which
    /// deadline passed and how long it was.
    Timeout(TransportError),
    /// The connection could not be made, or broke before the response was complete.
    Connection(TransportError),
    /// The request was refused before sending: a path parameter that is empty, `.` or `..`,
    /// or a body that could not be encoded.
    InvalidRequest(String),
    /// The client could not be built: a bad base URL, header, token or environment.
    Config(String),
    /// The response body was larger than the client's limit
    /// ([`ClientBuilder::max_response_bytes`](crate::ClientBuilder::max_response_bytes)); the
    /// rest of it was not read.
    TooLarge {
        /// The HTTP status.
        status: u16,
        /// The limit, in bytes.
        limit: usize,
    },
}

impl<E> Error<E> {
    /// The HTTP status, when the server answered.
    pub fn status(&self) -> Option<u16> {
        match self {
            Error::Api(e) => Some(e.status),
            Error::Decode(e) => Some(e.status),
            _ => None,
        }
    }

    /// The response's W3C `traceparent` header, when the server sent one: quote it in a
    /// support ticket so the request can be found in the server's traces.
    pub fn traceparent(&self) -> Option<&str> {
        match self {
            Error::Api(e) => e.traceparent(),
            Error::Decode(e) => e.traceparent(),
            _ => None,
        }
    }

    /// How long the server asked to wait (`Retry-After`) before trying again. When that wait
    /// exceeds what is left of the client's total timeout, the call returns this error at
    /// once instead of retrying early.
    pub fn retry_after(&self) -> Option<Duration> {
        match self {
            Error::Api(e) => e.retry_after,
            _ => None,
        }
    }
}

/// An error status from the API, with everything it sent. `E` is the API's error body
/// ([`ErrorBody`]); a generated client fixes it in its own alias (`meteroid_client::ApiError`
/// is `ApiError<models::RestErrorResponse>`, so its `code()` is
/// `Option<&models::ErrorCode>`).
#[non_exhaustive]
pub struct ApiError<E = serde_json::Value> {
    /// How many attempts the call made (this response answered the last).
    pub attempts: u32,
    /// The HTTP status.
    pub status: u16,
    /// The response headers.
    pub headers: HeaderMap,
    /// The body as received.
    pub body: Vec<u8>,
    /// The body decoded as the API's error schema, when it is one.
    pub error: Option<E>,
    /// The response's `Retry-After`, read as a wait from when it arrived.
    pub retry_after: Option<Duration>,
}

impl<E: ErrorBody> ApiError<E> {
    /// The error's code, when the body is the API's error schema and has one. `E::Code` is
    /// [`ErrorBody::Code`]: for Meteroid's generated client `models::ErrorCode` (match on
    /// `ErrorCode::NotFound`, ...), for `E = serde_json::Value` a `str`.
    pub fn code(&self) -> Option<&E::Code> {
        self.error.as_ref()?.code()
    }

    /// The error's message, when the body is the API's error schema and has one.
    pub fn message(&self) -> Option<&str> {
        self.error.as_ref()?.message()
    }
}

impl<E> ApiError<E> {
    /// The body as text (lossy for non-UTF-8 bytes): an HTML error page from a proxy, say.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The response's `traceparent` header.
    pub fn traceparent(&self) -> Option<&str> {
        traceparent(&self.headers)
    }
}

/// `Debug` shows the body as text (lossy, cut at 2 KiB), not as a list of byte numbers.
impl<E: fmt::Debug> fmt::Debug for ApiError<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("ApiError")
            .field("attempts", &self.attempts)
            .field("status", &self.status)
            .field("headers", &self.headers)
            .field("body", &BodyText(&self.body))
            .field("error", &self.error)
            .field("retry_after", &self.retry_after)
            .finish()
    }
}

/// A body in `Debug` output: its text, lossy and cut.
struct BodyText<'a>(&'a [u8]);

impl fmt::Debug for BodyText<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        const SHOWN: usize = 2048;
        let cut = self.0.len() > SHOWN;
        let text = String::from_utf8_lossy(&self.0[..self.0.len().min(SHOWN)]);
        if cut {
            write!(f, "{:?}... ({} bytes)", text, self.0.len())
        } else {
            write!(f, "{text:?}")
        }
    }
}

/// A 2xx response whose body does not decode as the operation's response type.
#[non_exhaustive]
pub struct DecodeError {
    /// The HTTP status.
    pub status: u16,
    /// The response headers.
    pub headers: HeaderMap,
    /// The body as received.
    pub body: Vec<u8>,
    /// Where in the JSON decoding failed, e.g. `custom_taxes[0].rate` (`.` for the root).
    pub path: String,
    /// What was wrong there, with line and column.
    pub message: String,
}

impl DecodeError {
    /// The response's `traceparent` header.
    pub fn traceparent(&self) -> Option<&str> {
        traceparent(&self.headers)
    }
}

/// `Debug` shows the body as text (lossy, cut at 2 KiB).
impl fmt::Debug for DecodeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("DecodeError")
            .field("status", &self.status)
            .field("path", &self.path)
            .field("message", &self.message)
            .field("headers", &self.headers)
            .field("body", &BodyText(&self.body))
            .finish()
    }
}

/// A call that got no complete response.
#[derive(Debug)]
#[non_exhaustive]
pub struct TransportError {
    /// How many attempts were made.
    pub attempts: u32,
    /// Whether the last attempt's request may have reached the server, so that it may have
    /// acted on it (false only when the connection could not be made at all).
    pub maybe_sent: bool,
    /// The underlying error (its URL holds the path, never the API key); `None` when one of
    /// the client's own deadlines passed (one timer per attempt, covering the request and the
    /// whole response body): `Display` then says which, and how long it was.
    pub source: Option<reqwest::Error>,
    /// Which of the client's deadlines passed, when one did (`source` is then `None`). Kept
    /// for `Display`: without it, a call cut short by its own deadline reads as if one attempt
    /// had been too slow.
    pub(crate) deadline: Option<Deadline>,
}

/// A deadline the client keeps itself.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Deadline {
    /// The whole call's, attempts and waits together: the handle's `with_timeout` when
    /// `per_call`, else the client's `total_timeout`.
    Call { limit: Duration, per_call: bool },
    /// One attempt's: the client's `timeout`.
    Attempt(Duration),
}

impl fmt::Display for Deadline {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Deadline::Call {
                limit,
                per_call: true,
            } => write!(f, "the call's deadline of {limit:?} (`with_timeout`)"),
            Deadline::Call {
                limit,
                per_call: false,
            } => write!(
                f,
                "the call's deadline of {limit:?} (the client's `total_timeout`)"
            ),
            Deadline::Attempt(limit) => write!(
                f,
                "one attempt's deadline of {limit:?} (the client's `timeout`)"
            ),
        }
    }
}

fn traceparent(headers: &HeaderMap) -> Option<&str> {
    headers.get("traceparent")?.to_str().ok()
}

/// Keeps `Display` on one line of bounded length whatever the server sent.
fn bounded(text: &str) -> String {
    const LIMIT: usize = 200;
    let one_line: String = text
        .chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect();
    match one_line.char_indices().nth(LIMIT) {
        Some((cut, _)) => format!("{}...", &one_line[..cut]),
        None => one_line,
    }
}

/// The innermost cause of a transport error: "connection refused" says more than reqwest's
/// outer "error sending request".
fn root_cause(error: &reqwest::Error) -> String {
    let mut cause: &dyn std::error::Error = error;
    while let Some(next) = cause.source() {
        cause = next;
    }
    if std::ptr::addr_eq(cause, error) {
        error.to_string()
    } else {
        format!("{error}: {cause}")
    }
}

impl<E: ErrorBody> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api(e) => match (e.code(), e.message(), std::str::from_utf8(&e.body)) {
                (Some(code), Some(message), _) => {
                    write!(f, "API error {} ({code}): {}", e.status, bounded(message))
                }
                (None, Some(message), _) => {
                    write!(f, "API error {}: {}", e.status, bounded(message))
                }
                (_, None, Ok(text)) => write!(f, "API error {}: {}", e.status, bounded(text)),
                (_, None, Err(_)) => write!(
                    f,
                    "API error {} ({} bytes of non-text body)",
                    e.status,
                    e.body.len()
                ),
            },
            Error::Decode(e) => write!(
                f,
                "could not decode the {} response at `{}`: {}",
                e.status,
                bounded(&e.path),
                bounded(&e.message)
            ),
            Error::Timeout(e) => {
                let cause = match (&e.source, e.deadline) {
                    (Some(source), _) => bounded(&root_cause(source)),
                    (None, Some(deadline)) => {
                        format!("no complete response within {deadline}")
                    }
                    (None, None) => "no complete response in time".to_string(),
                };
                write!(f, "timed out after {} attempt(s): {cause}", e.attempts)
            }
            Error::Connection(e) => {
                let cause = e
                    .source
                    .as_ref()
                    .map_or_else(String::new, |source| bounded(&root_cause(source)));
                write!(
                    f,
                    "connection failed after {} attempt(s): {cause}",
                    e.attempts
                )
            }
            Error::InvalidRequest(why) => write!(f, "invalid request: {}", bounded(why)),
            Error::Config(why) => write!(f, "invalid client configuration: {}", bounded(why)),
            Error::TooLarge { status, limit } => write!(
                f,
                "the {status} response's body is larger than the client's limit of {limit} bytes"
            ),
        }
    }
}

impl<E: ErrorBody + fmt::Debug> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Timeout(e) | Error::Connection(e) => e
                .source
                .as_ref()
                .map(|source| source as &(dyn std::error::Error + 'static)),
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn api(status: u16, body: &[u8]) -> Error {
        Error::Api(Box::new(ApiError {
            attempts: 1,
            status,
            headers: HeaderMap::new(),
            error: serde_json::from_slice(body).ok(),
            body: body.to_vec(),
            retry_after: None,
        }))
    }

    #[test]
    fn display_is_one_bounded_line() {
        let long = format!("<html>\n{}\n</html>", "x".repeat(5000));
        let shown = api(502, long.as_bytes()).to_string();
        assert!(!shown.contains('\n'));
        assert!(shown.len() < 260, "{}", shown.len());
        assert!(shown.starts_with("API error 502: <html> xxx"), "{shown}");
        assert!(shown.ends_with("..."));
    }

    #[test]
    fn display_uses_the_parsed_error_when_there_is_one() {
        let e = api(404, br#"{"code":"NOT_FOUND","message":"no such customer"}"#);
        assert_eq!(e.to_string(), "API error 404 (NOT_FOUND): no such customer");
        assert_eq!(
            api(500, &[0xff, 0xfe]).to_string(),
            "API error 500 (2 bytes of non-text body)"
        );
    }

    #[test]
    fn bounded_cuts_on_character_boundaries() {
        let text = "é".repeat(300);
        let cut = bounded(&text);
        assert_eq!(cut.chars().count(), 203);
        assert_eq!(bounded("short"), "short");
    }

    #[test]
    fn accessors() {
        let mut headers = HeaderMap::new();
        let trace = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
        headers.insert("traceparent", trace.parse().expect("valid header"));
        let e: Error = Error::Api(Box::new(ApiError {
            attempts: 1,
            status: 429,
            headers,
            body: br#"{"code":"TOO_MANY_REQUESTS","message":"slow down"}"#.to_vec(),
            error: None,
            retry_after: Some(Duration::from_secs(7)),
        }));
        assert_eq!(e.traceparent(), Some(trace));
        assert_eq!(e.retry_after(), Some(Duration::from_secs(7)));
        assert_eq!(e.status(), Some(429));
        let e: Error = Error::InvalidRequest("x".into());
        assert_eq!(
            (e.status(), e.traceparent(), e.retry_after()),
            (None, None, None)
        );
    }
}
