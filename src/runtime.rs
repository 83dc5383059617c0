//! What a generated operation hands to the client: which operation, the path with its
//! parameters encoded, and the body, already serialized into its one buffer.

use serde::Serialize;

/// The HTTP methods the spec uses.
// Which variants the generated code names depends on the spec's operations.
#[allow(dead_code)]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Method {
    Get,
    Put,
    Post,
    Delete,
    Patch,
}

impl Method {
    pub(crate) fn to_reqwest(self) -> reqwest::Method {
        match self {
            Method::Get => reqwest::Method::GET,
            Method::Put => reqwest::Method::PUT,
            Method::Post => reqwest::Method::POST,
            Method::Delete => reqwest::Method::DELETE,
            Method::Patch => reqwest::Method::PATCH,
        }
    }
}

/// A generated operation's constant facts.
// `id` is for error reports and logs; which fields are read depends on the runtime's features.
#[allow(dead_code)]
#[derive(Debug)]
pub(crate) struct Operation {
    /// The spec's `operationId`.
    pub id: &'static str,
    pub method: Method,
    /// The path template, `{name}` for each parameter.
    pub path: &'static str,
    /// Whether the spec asks for the bearer token.
    pub authenticated: bool,
}

/// One call, ready to send.
#[derive(Debug)]
pub(crate) struct Request {
    pub(crate) operation: &'static Operation,
    /// The path with every parameter substituted and encoded.
    pub(crate) path: String,
    pub(crate) body: Option<Vec<u8>>,
    /// Why the call must not be sent (a bad path parameter, a body that failed to encode).
    pub(crate) invalid: Option<String>,
}

impl Request {
    pub(crate) fn new(operation: &'static Operation) -> Self {
        Request {
            operation,
            path: operation.path.to_string(),
            body: None,
            invalid: None,
        }
    }

    /// Substitutes `{name}` with `value`, encoded as exactly one path segment. Empty values,
    /// `.` and `..` would change which resource the path names, so they are refused.
    pub(crate) fn path_param(mut self, name: &str, value: &str) -> Self {
        if value.is_empty() || value == "." || value == ".." {
            self.invalid.get_or_insert_with(|| {
                format!("path parameter `{name}` must not be empty, `.` or `..` (got {value:?})")
            });
            return self;
        }
        self.path = self
            .path
            .replace(&format!("{{{name}}}"), &encode_segment(value));
        self
    }

    pub(crate) fn json_body<T: Serialize + ?Sized>(mut self, body: &T) -> Self {
        match serde_json::to_vec(body) {
            Ok(bytes) => self.body = Some(bytes),
            Err(e) => {
                self.invalid.get_or_insert_with(|| {
                    format!("the request body could not be encoded as JSON: {e}")
                });
            }
        }
        self
    }
}

/// Percent-encodes everything outside RFC 3986's unreserved characters, so that `/`, `?`, `#`
/// and `%` in a value stay inside its segment.
pub(crate) fn encode_segment(value: &str) -> String {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    let mut out = String::with_capacity(value.len());
    for &b in value.as_bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'.' | b'_' | b'~') {
            out.push(b as char);
        } else {
            out.push('%');
            out.push(HEX[usize::from(b >> 4)] as char);
            out.push(HEX[usize::from(b & 0x0f)] as char);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    static OP: Operation = Operation {
        id: "op",
        method: Method::Get,
        path: "/a/{id}/b",
        authenticated: true,
    };

    #[test]
    fn segments_are_encoded_whole() {
        assert_eq!(encode_segment("cus_7n42-x.y~z"), "cus_7n42-x.y~z");
        assert_eq!(encode_segment("a/b?c#d%e f"), "a%2Fb%3Fc%23d%25e%20f");
        assert_eq!(encode_segment("é"), "%C3%A9");
        assert_eq!(Request::new(&OP).path_param("id", "x/y").path, "/a/x%2Fy/b");
    }

    #[test]
    fn dot_segments_and_empty_are_refused() {
        for bad in ["", ".", ".."] {
            assert!(
                Request::new(&OP).path_param("id", bad).invalid.is_some(),
                "{bad:?}"
            );
        }
        assert!(Request::new(&OP).path_param("id", "...").invalid.is_none());
    }
}
