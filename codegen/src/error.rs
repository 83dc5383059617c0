//! The one error type of the generator: where in which file, and what is wrong.

use std::fmt;

/// A spec the generator cannot turn into Rust.
///
/// It names the file, the location inside it as a JSON pointer in URI-fragment form (`#` for the
/// whole document, `#/components/schemas/Customer` for one schema), and a sentence that says
/// what is wrong and, where it helps, what to do. `Display` prints `<file>: <pointer>: <message>`
/// on one line, which is what `build.rs` shows as the build error.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    file: String,
    pointer: String,
    message: String,
}

impl Error {
    /// An error at `pointer` (a JSON pointer such as `/components/schemas/Customer`, or `""`
    /// for the whole document) in `file`.
    pub fn new(
        file: impl Into<String>,
        pointer: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Error {
            file: file.into(),
            pointer: pointer.into(),
            message: message.into(),
        }
    }

    /// The file name the spec was read from.
    pub fn file(&self) -> &str {
        &self.file
    }

    /// The JSON pointer (RFC 6901, without the leading `#`) of the offending location.
    pub fn pointer(&self) -> &str {
        &self.pointer
    }

    /// What is wrong, as one sentence.
    pub fn message(&self) -> &str {
        &self.message
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // Messages are single-line by construction, but a YAML parser's may not be: keep the
        // build error on one line whatever happens.
        let message = self.message.replace(['\n', '\r'], " ");
        write!(f, "{}: #{}: {}", self.file, self.pointer, message)
    }
}

impl std::error::Error for Error {}

/// Appends one reference token to a JSON pointer, escaping `~` and `/` as RFC 6901 requires.
pub(crate) fn push_token(pointer: &str, token: &str) -> String {
    let mut out = String::with_capacity(pointer.len() + token.len() + 1);
    out.push_str(pointer);
    append_token(&mut out, token);
    out
}

/// [`push_token`] in place: the normalizer's walk grows one pointer and cuts it back instead of
/// allocating one per node it visits.
pub(crate) fn append_token(pointer: &mut String, token: &str) {
    pointer.push('/');
    let mut rest = token;
    while let Some(at) = rest.find(['~', '/']) {
        pointer.push_str(&rest[..at]);
        pointer.push_str(if rest.as_bytes()[at] == b'~' {
            "~0"
        } else {
            "~1"
        });
        rest = &rest[at + 1..];
    }
    pointer.push_str(rest);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_is_file_pointer_message_on_one_line() {
        let e = Error::new("openapi.yaml", "/components/schemas/A", "bad\nthing");
        assert_eq!(
            e.to_string(),
            "openapi.yaml: #/components/schemas/A: bad thing"
        );
        assert_eq!(Error::new("x.json", "", "m").to_string(), "x.json: #: m");
    }

    #[test]
    fn tokens_are_escaped() {
        assert_eq!(
            push_token("/paths", "/api/v1/{id}"),
            "/paths/~1api~1v1~1{id}"
        );
        assert_eq!(push_token("", "a~b"), "/a~0b");
        assert_eq!(push_token("/x", "~/~1/"), "/x/~0~1~01~1");
        assert_eq!(push_token("/x", ""), "/x/");
    }
}
