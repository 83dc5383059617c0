//! Stubbed answers: which requests a stub takes.

use serde_json::Value;
use wiremock::{Request, ResponseTemplate};

/// A segment of a path template.
#[derive(Debug, PartialEq)]
enum Segment {
    Literal(String),
    /// `{name}`: any one non-empty segment.
    Parameter,
}

/// A registered stub.
pub(super) struct Stub {
    method: String,
    path: Vec<Segment>,
    status: u16,
    body: Value,
}

impl Stub {
    pub(super) fn new(method: &str, path: &str, status: u16, body: Value) -> Stub {
        Stub {
            method: method.to_ascii_uppercase(),
            path: template(path),
            status,
            body,
        }
    }

    /// This stub's answer, when it takes `request`.
    pub(super) fn answer(&mut self, request: &Request) -> Option<ResponseTemplate> {
        self.takes(request)
            .then(|| ResponseTemplate::new(self.status).set_body_json(&self.body))
    }

    fn takes(&self, request: &Request) -> bool {
        if !request.method.as_str().eq_ignore_ascii_case(&self.method) {
            return false;
        }
        let Some(segments) = super::segments(&request.url) else {
            return false;
        };
        segments.len() == self.path.len()
            && (segments.iter().zip(&self.path)).all(|(segment, template)| match template {
                Segment::Literal(literal) => segment == literal,
                Segment::Parameter => !segment.is_empty(),
            })
    }
}

/// `/api/v1/invoices/{id}` as segments; a leading `/` is optional.
fn template(path: &str) -> Vec<Segment> {
    path.strip_prefix('/')
        .unwrap_or(path)
        .split('/')
        .map(|segment| {
            if segment.starts_with('{') && segment.ends_with('}') {
                Segment::Parameter
            } else {
                Segment::Literal(segment.to_string())
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_template_is_literals_and_parameters_with_or_without_its_leading_slash() {
        let expected = [
            Segment::Literal("api".into()),
            Segment::Literal("v1".into()),
            Segment::Literal("invoices".into()),
            Segment::Parameter,
        ];
        assert_eq!(template("/api/v1/invoices/{id}"), expected);
        assert_eq!(template("api/v1/invoices/{id}"), expected);
    }
}
