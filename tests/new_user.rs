//! What a new user's test does, against `testing::FakeMeteroid` with no stub for customers,
//! naming only `meteroid_client` (never `meteroid_runtime`, `http` or `reqwest`): create,
//! fetch, patch and list customers, a typed 404, a per-call timeout, a stubbed two-page
//! listing, and the headers that went out. Then what the fake answers a request it refuses.

#![cfg(feature = "full")]

use futures_util::StreamExt as _;
use meteroid_client::models::{
    Currency, CustomerCreateRequest, CustomerPatchRequest, ErrorCode, ListCustomersQuery,
    ListProductFamiliesQuery,
};
use meteroid_client::testing::FakeMeteroid;
use meteroid_client::{Client, Error};
use serde_json::{Value, json};
use std::time::Duration;

fn new_customer(name: &str) -> CustomerCreateRequest {
    // The spec's order: name, invoicing emails, currency, custom taxes.
    CustomerCreateRequest::new(
        name,
        vec![format!("billing@{}.example", name.to_lowercase())],
        Currency::Eur,
        Vec::new(),
    )
}

/// The typed error code of an API error, and its status.
fn api_error(error: Error) -> (u16, Option<ErrorCode>) {
    match error {
        Error::Api(api) => (api.status, api.code().cloned()),
        other => panic!("not an API error: {other:?}"),
    }
}

#[tokio::test]
async fn create_fetch_patch_and_list_customers() {
    let fake = FakeMeteroid::start().await;
    let client = fake.client();

    let created = client
        .create_customer(&new_customer("Acme").alias("acme").phone("+33 1 23"))
        .await
        .unwrap();
    assert!(created.id.as_str().starts_with("cus_"), "{}", created.id);
    assert_eq!(created.name, "Acme");
    assert_eq!(created.phone, Some(Some("+33 1 23".into())));

    let by_id = client.get_customer(created.id.as_str()).await.unwrap();
    let by_alias = client.get_customer("acme").await.unwrap();
    assert_eq!(by_id, created);
    assert_eq!(by_alias, created);

    let patched = client
        .patch_customer("acme", &CustomerPatchRequest::new().clear_phone())
        .await
        .unwrap();
    assert_eq!(patched.phone, Some(None), "cleared");
    assert_eq!(patched.name, "Acme", "untouched");
    let fetched = client.get_customer(created.id.as_str()).await.unwrap();
    assert_eq!(fetched.phone, Some(None), "the clear is stored");

    // 30 in all: two pages of the server's default 25.
    for i in 1..30 {
        client
            .create_customer(&new_customer(&format!("Customer {i}")))
            .await
            .unwrap();
    }
    let everyone: Vec<String> = client
        .list_customers_items(&ListCustomersQuery::new())
        .map(|customer| customer.unwrap().name)
        .collect()
        .await;
    assert_eq!(everyone.len(), 30);
    assert_eq!(everyone[0], "Acme");
    assert_eq!(everyone[29], "Customer 29");
    let asked: Vec<Option<String>> = fake
        .requests()
        .await
        .into_iter()
        .filter(|r| r.method == "GET" && r.path == "/api/v1/customers")
        .map(|r| r.query)
        .collect();
    assert_eq!(asked, [Some("page=0".into()), Some("page=1".into())]);
}

#[tokio::test]
async fn an_unknown_customer_is_a_typed_not_found() {
    let fake = FakeMeteroid::start().await;
    let error = fake.client().get_customer("cus_nobody").await.unwrap_err();
    assert_eq!(api_error(error), (404, Some(ErrorCode::NotFound)));
}

#[tokio::test]
async fn a_per_call_timeout_ends_a_slow_call() {
    let fake = FakeMeteroid::start().await;
    fake.on("GET", "/api/v1/customers/{id_or_alias}")
        .delay(Duration::from_secs(5))
        .respond(200, FakeMeteroid::sample_customer())
        .await;
    let client = fake.client();

    let started = std::time::Instant::now();
    let error = client
        .with_timeout(Duration::from_millis(200))
        .with_max_retries(0)
        .get_customer("acme")
        .await
        .unwrap_err();
    assert!(matches!(error, Error::Timeout(_)), "{error:?}");
    assert!(
        started.elapsed() < Duration::from_secs(4),
        "the fake's delay was waited out"
    );
}

#[tokio::test]
async fn a_queued_stub_matched_by_query_fakes_a_two_page_listing() {
    let fake = FakeMeteroid::start().await;
    let page = |page: u32, ids: &[&str]| {
        let data: Vec<Value> = (ids.iter())
            .map(|id| json!({"id": id, "name": format!("Family {id}")}))
            .collect();
        json!({
            "data": data,
            "pagination_meta": {"page": page, "per_page": 2, "total_items": 3, "total_pages": 2}
        })
    };
    let route = "/api/v1/product_families";
    // A search for "new" finds one family; the first listing fails once, then pages.
    fake.on("GET", route)
        .query("search", "new")
        .respond(200, page(0, &["pf_new"]))
        .await;
    let busy = json!({"code": "INTERNAL_SERVER_ERROR", "message": "busy"});
    fake.on("GET", route)
        .query("page", "0")
        .respond_in_order([(500, busy), (200, page(0, &["pf_a", "pf_b"]))])
        .await;
    fake.on("GET", route)
        .query("page", "1")
        .respond(200, page(1, &["pf_c"]))
        .await;
    let client = fake.client();

    // Unretried, to see the first answer (a GET's 500 is retried by default).
    let first = client
        .with_max_retries(0)
        .list_product_families(&ListProductFamiliesQuery::new().page(0))
        .await
        .unwrap_err();
    assert_eq!(first.status(), Some(500), "the queue's first answer");
    let ids: Vec<String> = client
        .list_product_families_items(&ListProductFamiliesQuery::new())
        .map(|family| family.unwrap().id.as_str().to_string())
        .collect()
        .await;
    assert_eq!(ids, ["pf_a", "pf_b", "pf_c"]);
    let found = client
        .list_product_families(&ListProductFamiliesQuery::new().search("new"))
        .await
        .unwrap();
    assert_eq!(found.data.len(), 1);
    assert_eq!(found.data[0].id.as_str(), "pf_new");
}

#[tokio::test]
async fn the_received_headers_show_everything_but_the_token() {
    let fake = FakeMeteroid::start().await;
    let client = Client::builder()
        .base_url(fake.uri())
        .bearer_token("secret-token")
        .build()
        .unwrap()
        .with_header("Idempotency-Key", "create-acme-1")
        .unwrap();
    client.create_customer(&new_customer("Acme")).await.unwrap();

    let sent = &fake.requests().await[0];
    assert_eq!(sent.header("idempotency-key"), Some("create-acme-1"));
    assert_eq!(sent.header("Authorization"), Some("Bearer <redacted>"));
    assert_eq!(sent.header("content-type"), Some("application/json"));
    assert!(
        sent.headers.iter().all(|(name, value)| {
            name.chars().all(|c| !c.is_ascii_uppercase()) && !value.contains("secret-token")
        }),
        "{:?}",
        sent.headers
    );
}

#[tokio::test]
async fn what_the_fake_refuses_it_refuses_in_the_specs_error_shape() {
    let fake = FakeMeteroid::start().await;
    let client = fake.client().with_max_retries(0);
    client
        .create_customer(&new_customer("Acme").alias("acme"))
        .await
        .unwrap();

    // A field `CustomerCreateRequest` does not have, sent through its `extra`. (Missing
    // fields and wrong types, which the typed model cannot send, are the store's unit tests.)
    let mut unknown = new_customer("Other");
    unknown.extra.insert("colour", json!("blue"));
    let error = client.create_customer(&unknown).await.unwrap_err();
    let Error::Api(api) = error else {
        panic!("{error:?}")
    };
    assert_eq!(
        (api.status, api.code(), api.message()),
        (
            400,
            Some(&ErrorCode::BadRequest),
            Some("unknown field `colour`")
        )
    );

    let taken = client
        .create_customer(&new_customer("Acme again").alias("acme"))
        .await
        .unwrap_err();
    assert_eq!(api_error(taken), (409, Some(ErrorCode::Conflict)));

    let error = client
        .list_customers(&ListCustomersQuery::new().per_page(500))
        .await
        .unwrap_err();
    assert_eq!(api_error(error), (400, Some(ErrorCode::BadRequest)));

    // Not served, not stubbed: still Meteroid's JSON 404, naming the route.
    let error = client
        .list_product_families(&ListProductFamiliesQuery::new())
        .await
        .unwrap_err();
    let Error::Api(api) = error else {
        panic!("{error:?}")
    };
    assert_eq!((api.status, api.code()), (404, Some(&ErrorCode::NotFound)));
    assert!(
        api.message()
            .unwrap()
            .contains("GET /api/v1/product_families"),
        "{:?}",
        api.message()
    );

    // Forgot the API key: refused before sending, naming the scheme the spec requires.
    let anonymous = Client::builder().base_url(fake.uri()).build().unwrap();
    let error = anonymous.get_customer("acme").await.unwrap_err();
    assert!(
        matches!(error, Error::MissingCredentials { .. }),
        "{error:?}"
    );
    assert!(error.to_string().contains("`bearer_auth`"), "{error}");
}
