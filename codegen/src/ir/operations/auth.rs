//! Whether an operation sends the client's credentials.
//!
//! The client holds one credential (a bearer token) and the method only decides whether to
//! send it; the security schemes the requirements name are not read yet. [`Auth`] is where a
//! scheme would go.

use openapiv3::OpenAPI;

/// What an operation sends to say who calls.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Auth {
    /// Nothing.
    Anonymous,
    /// The client's credentials.
    Credentials,
}

impl Auth {
    /// Whether the request carries the client's credentials.
    pub fn sends_credentials(self) -> bool {
        self == Auth::Credentials
    }
}

/// The operation's auth, from the security requirements that apply to it: its own `security`
/// (`security: []` turns the document's off), else the document's. Credentials go as soon as
/// one requirement names a scheme: the empty requirement `{}` makes them optional, and an
/// optional credential is still sent.
pub(super) fn auth(spec: &OpenAPI, op: &openapiv3::Operation) -> Auth {
    let requirements = op.security.as_ref().or(spec.security.as_ref());
    if requirements.is_some_and(|list| list.iter().any(|requirement| !requirement.is_empty())) {
        Auth::Credentials
    } else {
        Auth::Anonymous
    }
}
