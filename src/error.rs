//! The one error type of the client.

use crate::models::RestErrorResponse;
use std::fmt;

/// Everything a call can fail with.
#[derive(Debug)]
#[non_exhaustive]
pub enum Error {
    /// The server answered with an error status.
    Api(Box<ApiError>),
    /// The server answered with a success status, but the body is not what the spec says.
    Decode {
        /// The HTTP status.
        status: u16,
        /// The body as received.
        body: Vec<u8>,
        /// Where in the JSON decoding failed, e.g. `custom_taxes[0].rate`.
        path: String,
        /// What was wrong there.
        message: String,
    },
    /// The request could not be sent or its response not received.
    Transport(reqwest::Error),
    /// The request was refused before sending (a bad path parameter, a bad setting).
    InvalidRequest(String),
}

/// An error status from the API, with everything it sent.
#[derive(Debug)]
pub struct ApiError {
    /// The HTTP status.
    pub status: u16,
    /// The response headers.
    pub headers: reqwest::header::HeaderMap,
    /// The body as received.
    pub body: Vec<u8>,
    /// The body as Meteroid's error shape, when it is one.
    pub error: Option<RestErrorResponse>,
}

impl ApiError {
    /// The error's `code`, when the body is Meteroid's error shape.
    pub fn code(&self) -> Option<&crate::models::ErrorCode> {
        self.error.as_ref().map(|e| &e.code)
    }

    /// The error's `message`, when the body is Meteroid's error shape.
    pub fn message(&self) -> Option<&str> {
        self.error.as_ref().map(|e| e.message.as_str())
    }
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

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Api(e) => match (&e.error, std::str::from_utf8(&e.body)) {
                (Some(body), _) => write!(
                    f,
                    "API error {} ({}): {}",
                    e.status,
                    body.code,
                    bounded(&body.message)
                ),
                (None, Ok(text)) => write!(f, "API error {}: {}", e.status, bounded(text)),
                (None, Err(_)) => write!(
                    f,
                    "API error {} ({} bytes of non-text body)",
                    e.status,
                    e.body.len()
                ),
            },
            Error::Decode {
                status,
                path,
                message,
                ..
            } => {
                write!(
                    f,
                    "could not decode the {status} response at `{path}`: {}",
                    bounded(message)
                )
            }
            Error::Transport(e) => write!(f, "transport error: {}", bounded(&e.to_string())),
            Error::InvalidRequest(why) => write!(f, "invalid request: {}", bounded(why)),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Transport(e) => Some(e),
            _ => None,
        }
    }
}
