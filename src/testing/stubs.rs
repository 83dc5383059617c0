//! Stubbed answers: which requests a stub takes, and which of its answers comes next.

use super::FakeMeteroid;
use serde_json::Value;
use std::time::Duration;
use wiremock::{Request, ResponseTemplate};

/// A stub being described: the requests it takes (a method, a path template, query
/// parameters), then its answers, given by [`StubBuilder::respond`] or
/// [`StubBuilder::respond_in_order`]. Made by [`FakeMeteroid::on`].
#[must_use = "a stub answers nothing until `respond` or `respond_in_order` registers it"]
pub struct StubBuilder<'a> {
    fake: &'a FakeMeteroid,
    method: String,
    path: Vec<Segment>,
    query: Vec<(String, String)>,
    delay: Option<Duration>,
}

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
    query: Vec<(String, String)>,
    delay: Option<Duration>,
    answers: Vec<(u16, Value)>,
    /// Requests taken so far: the index of the next answer, until the last repeats.
    taken: usize,
}

impl<'a> StubBuilder<'a> {
    pub(super) fn new(fake: &'a FakeMeteroid, method: &str, path: &str) -> StubBuilder<'a> {
        StubBuilder {
            fake,
            method: method.to_ascii_uppercase(),
            path: template(path),
            query: Vec::new(),
            delay: None,
        }
    }

    /// Takes only requests whose query has `name=value` (compared decoded, so
    /// `query("search", "a b")` matches `search=a%20b`); other parameters may be there too.
    /// Call it again to require several.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// use meteroid_client::testing::FakeMeteroid;
    /// use serde_json::json;
    ///
    /// let fake = FakeMeteroid::start().await;
    /// fake.add_customer(FakeMeteroid::sample_customer()).await;
    /// // The store lists every customer whatever `search` says: a stub answers the search.
    /// fake.on("GET", "/api/v1/customers")
    ///     .query("search", "nobody")
    ///     .respond(200, json!({
    ///         "data": [],
    ///         "pagination_meta": {"page": 0, "per_page": 10, "total_items": 0, "total_pages": 0}
    ///     }))
    ///     .await;
    /// # // The list operations come with the full API.
    /// # #[cfg(feature = "full")]
    /// # {
    /// use meteroid_client::models::ListCustomersQuery;
    ///
    /// let client = fake.client();
    /// let query = ListCustomersQuery::new().search("nobody");
    /// assert!(client.list_customers(&query).await.unwrap().data.is_empty());
    /// let everyone = client.list_customers(&ListCustomersQuery::new()).await.unwrap();
    /// assert_eq!(everyone.data.len(), 1);
    /// # }
    /// # }
    /// ```
    pub fn query(mut self, name: &str, value: &str) -> StubBuilder<'a> {
        self.query.push((name.to_string(), value.to_string()));
        self
    }

    /// Sends each answer only after `delay`, as a slow server would: to see a timeout fire.
    pub fn delay(mut self, delay: Duration) -> StubBuilder<'a> {
        self.delay = Some(delay);
        self
    }

    /// Registers the stub: every request it takes gets `status` and the JSON `body`.
    pub async fn respond(self, status: u16, body: Value) {
        self.respond_in_order([(status, body)]).await;
    }

    /// Registers the stub with a queue of answers: the first request it takes gets the first,
    /// the second the second, and so on; once they are used up, the last answers every
    /// further request.
    ///
    /// ```
    /// # #[tokio::main(flavor = "current_thread")]
    /// # async fn main() {
    /// use meteroid_client::models::CustomerPatchRequest;
    /// use meteroid_client::testing::FakeMeteroid;
    /// use serde_json::json;
    ///
    /// let fake = FakeMeteroid::start().await;
    /// let busy = json!({"code": "INTERNAL_SERVER_ERROR", "message": "try again"});
    /// fake.on("PATCH", "/api/v1/customers/{id_or_alias}")
    ///     .respond_in_order([(503, busy), (200, FakeMeteroid::sample_customer())])
    ///     .await;
    /// let client = fake.client();
    ///
    /// // A 503 is retried, whatever the method: the second attempt gets the second answer.
    /// let customer = client
    ///     .patch_customer("acme", &CustomerPatchRequest::new())
    ///     .await
    ///     .unwrap();
    /// assert_eq!(customer.name, "Acme");
    /// assert_eq!(fake.requests().await.len(), 2);
    /// // The last answer repeats.
    /// assert!(client.patch_customer("acme", &CustomerPatchRequest::new()).await.is_ok());
    /// # }
    /// ```
    ///
    /// # Panics
    ///
    /// When `answers` is empty: a stub must have something to say.
    pub async fn respond_in_order(self, answers: impl IntoIterator<Item = (u16, Value)>) {
        let answers: Vec<(u16, Value)> = answers.into_iter().collect();
        assert!(
            !answers.is_empty(),
            "FakeMeteroid: the stub of {} {} has no answers",
            self.method,
            render(&self.path),
        );
        let stub = Stub {
            method: self.method,
            path: self.path,
            query: self.query,
            delay: self.delay,
            answers,
            taken: 0,
        };
        self.fake.register(stub);
    }
}

impl Stub {
    /// This stub's next answer, when it takes `request`.
    pub(super) fn answer(&mut self, request: &Request) -> Option<ResponseTemplate> {
        if !self.takes(request) {
            return None;
        }
        let (status, body) = &self.answers[self.taken.min(self.answers.len() - 1)];
        self.taken = self.taken.saturating_add(1);
        let mut response = ResponseTemplate::new(*status).set_body_json(body);
        if let Some(delay) = self.delay {
            response = response.set_delay(delay);
        }
        Some(response)
    }

    fn takes(&self, request: &Request) -> bool {
        if !request.method.as_str().eq_ignore_ascii_case(&self.method) {
            return false;
        }
        let Some(segments) = super::segments(&request.url) else {
            return false;
        };
        let path_matches = segments.len() == self.path.len()
            && (segments.iter().zip(&self.path)).all(|(segment, template)| match template {
                Segment::Literal(literal) => segment == literal,
                Segment::Parameter => !segment.is_empty(),
            });
        path_matches
            && self.query.iter().all(|(name, value)| {
                (request.url.query_pairs()).any(|(n, v)| n == name.as_str() && v == value.as_str())
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

fn render(path: &[Segment]) -> String {
    path.iter()
        .map(|segment| match segment {
            Segment::Literal(literal) => format!("/{literal}"),
            Segment::Parameter => "/{..}".to_string(),
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
        assert_eq!(render(&expected), "/api/v1/invoices/{..}");
    }
}
