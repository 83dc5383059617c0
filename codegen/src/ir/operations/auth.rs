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

#[cfg(test)]
mod tests {
    use super::super::tests::spec;
    use super::{Auth, auth};

    /// The auth of `get /x` with this document-level and operation-level `security` (YAML flow,
    /// `None` for no `security` key).
    fn of(root: Option<&str>, operation: Option<&str>) -> Auth {
        let root = root.map_or(String::new(), |s| format!("security: {s}\n"));
        let operation = operation.map_or(String::new(), |s| format!(", security: {s}"));
        let spec = spec(&format!(
            "{root}paths:
  /x:
    get: {{operationId: get, responses: {{'200': {{description: ok}}}}{operation}}}
components:
  securitySchemes:
    bearer: {{type: http, scheme: bearer}}"
        ));
        let op = spec.paths.paths["/x"]
            .as_item()
            .unwrap()
            .get
            .as_ref()
            .unwrap();
        auth(&spec, op)
    }

    #[test]
    fn the_operation_security_else_the_document_security_decides() {
        let bearer = Some("[{bearer: []}]");
        let cases = [
            (None, None, Auth::Anonymous),
            (bearer, None, Auth::Credentials),
            (None, bearer, Auth::Credentials),
            // `security: []` on the operation turns the document's requirement off.
            (bearer, Some("[]"), Auth::Anonymous),
            (Some("[]"), None, Auth::Anonymous),
            // Only the empty requirement: nothing to send.
            (bearer, Some("[{}]"), Auth::Anonymous),
            // Optional credentials are sent.
            (None, Some("[{}, {bearer: []}]"), Auth::Credentials),
        ];
        for (root, operation, expected) in cases {
            assert_eq!(of(root, operation), expected, "{root:?} {operation:?}");
        }
        assert!(Auth::Credentials.sends_credentials());
        assert!(!Auth::Anonymous.sends_credentials());
    }
}
