//! An in-memory Meteroid with `count` customers behind `GET /api/v1/customers`, paged as the
//! real server pages: 25 rows per page when `per_page` is omitted, while its
//! `pagination_meta` reports `per_page: 10` (so a pager that trusted it would skip rows).
//! Shared with `tests/pagination.rs`, so it cannot rot.

use serde_json::json;
use wiremock::matchers::{method, path};
use wiremock::{Mock, MockServer, Request, Respond, ResponseTemplate};

/// Rows per page when the request names no `per_page`.
pub const SERVED_PER_PAGE: u64 = 25;

struct Customers {
    count: u64,
}

impl Respond for Customers {
    fn respond(&self, request: &Request) -> ResponseTemplate {
        let param = |name: &str| {
            request
                .url
                .query_pairs()
                .find(|(k, _)| k == name)
                .and_then(|(_, v)| v.parse::<u64>().ok())
        };
        let page = param("page").unwrap_or(0);
        let per_page = param("per_page").unwrap_or(SERVED_PER_PAGE);
        let first = page * per_page;
        let rows: Vec<_> = (first..(first + per_page).min(self.count))
            .map(|i| {
                json!({
                    "id": format!("cus_{i:022}"),
                    "name": format!("Customer {i}"),
                    "currency": "EUR",
                    "custom_taxes": [],
                    "invoicing_emails": [],
                    "invoicing_entity_id": "ive_7n42DGM5Tflk9n8mt7Fhc7"
                })
            })
            .collect();
        ResponseTemplate::new(200).set_body_json(json!({
            "data": rows,
            "pagination_meta": {
                "page": page,
                // What the server reports without a `per_page`: not what it served.
                "per_page": param("per_page").unwrap_or(10),
                "total_items": self.count,
                "total_pages": self.count.div_ceil(per_page),
            }
        }))
    }
}

/// Starts the mock with `count` customers.
pub async fn start(count: u64) -> MockServer {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/api/v1/customers"))
        .respond_with(Customers { count })
        .mount(&server)
        .await;
    server
}
