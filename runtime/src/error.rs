//! The errors of a generated client's calls.
//!
//! They are generic over the body an API's error responses carry (`E`): the runtime knows no spec,
//! so the generated code names it (Meteroid's `RestErrorResponse`, or `serde_json::Value` for a
//! spec that declares no common error schema) and tells the runtime how to read a code and a
//! message from it through [`ErrorBody`]. A generated client declares its own concrete `Error`
//! enum and `ApiError` struct with [`ClientError`](crate::ClientError) (so that their rustdoc
//! pages list their methods, which a type alias's page does not), connected to these by
//! [`CallError`]; their behaviour is written once, here, on [`ErrorView`].

use crate::auth::SecurityRequirement;
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
/// ([`ErrorBody`]). A generated client has its own `Error`, an enum with these variants
/// (`meteroid_client::Error`, from `Error<models::RestErrorResponse>`; see
/// [`ClientError`](crate::ClientError)).
///
/// `Display` is one line of bounded length, whatever the server sent; the full response is in
/// the variant. No variant ever holds a credential.
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
    /// The client could not be built: a bad base URL, header, credential or environment.
    Config(String),
    /// The operation needs credentials the client was not given: it meets none of the
    /// operation's security requirements. Nothing was sent.
    MissingCredentials {
        /// The operation's `operationId`.
        operation: &'static str,
        /// What the operation accepts: any one of these requirements, each with the
        /// credentials of all its schemes (set on the client's builder, under the schemes'
        /// names).
        required: &'static [SecurityRequirement],
    },
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
        self.view().status()
    }

    /// The response's W3C `traceparent` header, when the server sent one: quote it in a
    /// support ticket so the request can be found in the server's traces.
    pub fn traceparent(&self) -> Option<&str> {
        self.view().traceparent()
    }

    /// How long the server asked to wait (`Retry-After`) before trying again. When that wait
    /// exceeds what is left of the client's total timeout, the call returns this error at
    /// once instead of retrying early; so does a call the client holds under another call's
    /// `Retry-After` (the wait is then what is left of that hold).
    pub fn retry_after(&self) -> Option<Duration> {
        self.view().retry_after()
    }

    /// The error borrowed variant by variant, which a generated client's own `Error` also
    /// gives, so that `Display` and the accessors are written once.
    #[doc(hidden)]
    pub fn view(&self) -> ErrorView<'_, E> {
        match self {
            Error::Api(e) => ErrorView::Api(e),
            Error::Decode(e) => ErrorView::Decode(e),
            Error::Timeout(e) => ErrorView::Timeout(e),
            Error::Connection(e) => ErrorView::Connection(e),
            Error::InvalidRequest(why) => ErrorView::InvalidRequest(why),
            Error::Config(why) => ErrorView::Config(why),
            Error::MissingCredentials {
                operation,
                required,
            } => ErrorView::MissingCredentials {
                operation,
                required,
            },
            Error::TooLarge { status, limit } => ErrorView::TooLarge {
                status: *status,
                limit: *limit,
            },
        }
    }

    /// The error taken apart variant by variant, for a generated client's `From` conversion:
    /// [`ErrorParts`] is exhaustive, so a variant added here fails to compile there until the
    /// derive knows it, instead of falling into a wildcard arm.
    #[doc(hidden)]
    pub fn into_parts(self) -> ErrorParts<E> {
        match self {
            Error::Api(e) => ErrorParts::Api(e),
            Error::Decode(e) => ErrorParts::Decode(e),
            Error::Timeout(e) => ErrorParts::Timeout(e),
            Error::Connection(e) => ErrorParts::Connection(e),
            Error::InvalidRequest(why) => ErrorParts::InvalidRequest(why),
            Error::Config(why) => ErrorParts::Config(why),
            Error::MissingCredentials {
                operation,
                required,
            } => ErrorParts::MissingCredentials {
                operation,
                required,
            },
            Error::TooLarge { status, limit } => ErrorParts::TooLarge { status, limit },
        }
    }
}

/// The error type of a client's calls: the runtime's [`Error`] itself, or a generated client's
/// own `Error` (declared with [`ClientError`](crate::ClientError), which implements this). The
/// runtime's send functions return any `CallError`, so a generated operation returns its
/// crate's `Error` without converting.
pub trait CallError: From<Error<Self::Body>> {
    /// The body of the API's error responses ([`ErrorBody`]), decoded from an error status's
    /// body when it is one.
    type Body: serde::de::DeserializeOwned;
}

impl<E: serde::de::DeserializeOwned> CallError for Error<E> {
    type Body = E;
}

/// [`Error`] taken apart: the same variants, exhaustive (see [`Error::into_parts`]).
#[doc(hidden)]
pub enum ErrorParts<E> {
    Api(Box<ApiError<E>>),
    Decode(Box<DecodeError>),
    Timeout(TransportError),
    Connection(TransportError),
    InvalidRequest(String),
    Config(String),
    MissingCredentials {
        operation: &'static str,
        required: &'static [SecurityRequirement],
    },
    TooLarge {
        status: u16,
        limit: usize,
    },
}

/// [`Error`] borrowed: what `Display`, `source` and the accessors read, for the runtime's
/// `Error` and for every generated client's.
#[doc(hidden)]
#[derive(Clone, Copy)]
pub enum ErrorView<'a, E> {
    Api(&'a ApiError<E>),
    Decode(&'a DecodeError),
    Timeout(&'a TransportError),
    Connection(&'a TransportError),
    InvalidRequest(&'a str),
    Config(&'a str),
    MissingCredentials {
        operation: &'static str,
        required: &'static [SecurityRequirement],
    },
    TooLarge {
        status: u16,
        limit: usize,
    },
}

impl<'a, E> ErrorView<'a, E> {
    /// See [`Error::status`].
    pub fn status(self) -> Option<u16> {
        match self {
            ErrorView::Api(e) => Some(e.status),
            ErrorView::Decode(e) => Some(e.status),
            _ => None,
        }
    }

    /// See [`Error::traceparent`].
    pub fn traceparent(self) -> Option<&'a str> {
        match self {
            ErrorView::Api(e) => e.traceparent(),
            ErrorView::Decode(e) => e.traceparent(),
            _ => None,
        }
    }

    /// See [`Error::retry_after`].
    pub fn retry_after(self) -> Option<Duration> {
        match self {
            ErrorView::Api(e) => e.retry_after,
            _ => None,
        }
    }

    /// `std::error::Error::source`: the transport's error, when there is one.
    pub fn source(self) -> Option<&'a (dyn std::error::Error + 'static)> {
        match self {
            ErrorView::Timeout(e) | ErrorView::Connection(e) => e
                .source
                .as_ref()
                .map(|source| source as &(dyn std::error::Error + 'static)),
            _ => None,
        }
    }
}

/// An error status from the API, with everything it sent. `E` is the API's error body
/// ([`ErrorBody`]). A generated client's `ApiError` wraps `ApiError<Body>` and dereferences to
/// it (`meteroid_client::ApiError` wraps `ApiError<models::RestErrorResponse>`, and its
/// `code()` is `Option<&models::ErrorCode>`).
#[non_exhaustive]
pub struct ApiError<E = serde_json::Value> {
    /// How many attempts the call made; this response answered the last. Except for a call
    /// the client held under a `Retry-After` another call received, when that hold outlasts
    /// its deadline: the call fails at once with the response that asked for the hold
    /// (`retry_after` is what is left of it), and `attempts` counts the call's own (0 when it
    /// sent none). See "Under load" on [`Client`](crate::Client).
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
    /// How many attempts were made (sent: a call whose deadline passed while it waited for
    /// a request slot does not count that one).
    pub attempts: u32,
    /// Whether the last attempt's request may have reached the server, so that it may have
    /// acted on it (false only when the connection could not be made at all, or when the
    /// call ended waiting for a request slot before its first attempt).
    pub maybe_sent: bool,
    /// The underlying error (its URL holds the path, never the API key); `None` when one of
    /// the client's own deadlines passed (one timer per attempt, covering the request and the
    /// whole response body): `Display` then says which, and how long it was.
    pub source: Option<reqwest::Error>,
    /// Which of the client's deadlines passed, when one did (`source` is then `None`). Kept
    /// for `Display`: without it, a call cut short by its own deadline reads as if one attempt
    /// had been too slow.
    pub(crate) deadline: Option<Deadline>,
    /// When the call's deadline passed while it waited for a request slot: the client's
    /// `max_concurrent_requests`, for `Display`.
    pub(crate) waiting_for_slot: Option<usize>,
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

impl<E: ErrorBody> fmt::Display for ErrorView<'_, E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ErrorView::Api(e) => match (e.code(), e.message(), std::str::from_utf8(&e.body)) {
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
            ErrorView::Decode(e) => write!(
                f,
                "could not decode the {} response at `{}`: {}",
                e.status,
                bounded(&e.path),
                bounded(&e.message)
            ),
            ErrorView::Timeout(e) => {
                let cause = match (&e.source, e.deadline, e.waiting_for_slot) {
                    (Some(source), _, _) => bounded(&root_cause(source)),
                    (None, Some(deadline), Some(limit)) => format!(
                        "still waiting for a request slot (all {limit} of the client's \
                         `max_concurrent_requests` in use) at {deadline}"
                    ),
                    (None, Some(deadline), None) => {
                        format!("no complete response within {deadline}")
                    }
                    (None, None, _) => "no complete response in time".to_string(),
                };
                write!(f, "timed out after {} attempt(s): {cause}", e.attempts)
            }
            ErrorView::Connection(e) => {
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
            ErrorView::InvalidRequest(why) => write!(f, "invalid request: {}", bounded(why)),
            ErrorView::Config(why) => write!(f, "invalid client configuration: {}", bounded(why)),
            ErrorView::MissingCredentials {
                operation,
                required,
            } => {
                write!(
                    f,
                    "the operation `{}` needs credentials the client was not given: set those \
                     of ",
                    bounded(operation)
                )?;
                for (n, requirement) in required.iter().filter(|r| !r.is_empty()).enumerate() {
                    if n > 0 {
                        f.write_str(", or of ")?;
                    }
                    for (m, scheme) in requirement.iter().enumerate() {
                        if m > 0 {
                            f.write_str(" and ")?;
                        }
                        write!(f, "`{}`", bounded(scheme.name))?;
                    }
                    if requirement.len() > 1 {
                        f.write_str(" together")?;
                    }
                }
                f.write_str(", on the client's builder; it was not sent")
            }
            ErrorView::TooLarge { status, limit } => write!(
                f,
                "the {status} response's body is larger than the client's limit of {limit} bytes"
            ),
        }
    }
}

impl<E: ErrorBody> fmt::Display for Error<E> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.view().fmt(f)
    }
}

impl<E: ErrorBody + fmt::Debug> std::error::Error for Error<E> {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        self.view().source()
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
