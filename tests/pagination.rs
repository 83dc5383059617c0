//! The generated pagers against a server that misreports its page size (`FakeMeteroid`, which
//! pages customers as Meteroid does), and the offset pager.

#![cfg(feature = "full")]

use futures_util::StreamExt as _;
use meteroid_client::Client;
use meteroid_client::models::{BatchJobId, ListBatchJobFailuresQuery, ListCustomersQuery};
use meteroid_client::testing::FakeMeteroid;
use serde_json::json;

/// A fake holding `count` customers, their ids `cus_` and their index in 22 digits, in order.
async fn customers(count: u64) -> FakeMeteroid {
    let fake = FakeMeteroid::start().await;
    for i in 0..count {
        fake.add_customer(json!({
            "id": format!("cus_{i:022}"),
            "name": format!("Customer {i}"),
            "currency": "EUR",
            "custom_taxes": [],
            "invoicing_emails": [],
            "invoicing_entity_id": "ive_7n42DGM5Tflk9n8mt7Fhc7"
        }))
        .await;
    }
    fake
}

fn client(server: &FakeMeteroid) -> Client {
    Client::builder()
        .base_url(server.uri())
        .bearer_token("k")
        .build()
        .unwrap()
}

async fn pages_asked(server: &FakeMeteroid) -> Vec<String> {
    server
        .requests()
        .await
        .into_iter()
        .map(|r| r.query.unwrap_or_default())
        .collect()
}

#[tokio::test]
async fn items_come_from_every_page_though_per_page_is_misreported() {
    let server = customers(60).await;
    let ids: Vec<String> = client(&server)
        .list_customers_items(&ListCustomersQuery::new())
        .map(|c| c.unwrap().id.as_str().to_string())
        .collect()
        .await;
    // 60 rows served 25 a page, reported as 10 a page: all of them, once each, in order.
    assert_eq!(ids.len(), 60);
    assert_eq!(ids[59], format!("cus_{:022}", 59));
    assert_eq!(pages_asked(&server).await, ["page=0", "page=1", "page=2"]);
}

#[tokio::test]
async fn pages_start_from_the_querys_page_and_keep_its_other_parameters() {
    let server = customers(60).await;
    let pages: Vec<_> = client(&server)
        .list_customers_pages(&ListCustomersQuery::new().page(1u32).search("acme"))
        .collect()
        .await;
    assert_eq!(pages.len(), 2);
    assert_eq!(
        pages_asked(&server).await,
        ["page=1&search=acme", "page=2&search=acme"]
    );
    // An exact fit: 50 rows, 2 pages; no third request for an empty page.
    let server = customers(50).await;
    let count = client(&server)
        .list_customers_items(&ListCustomersQuery::new())
        .count()
        .await;
    assert_eq!(count, 50);
    assert_eq!(pages_asked(&server).await.len(), 2);
}

#[tokio::test]
async fn an_error_ends_the_stream_after_being_yielded() {
    let server = FakeMeteroid::start().await;
    server
        .stub(
            "GET",
            "/api/v1/customers",
            404,
            json!({"code": "NOT_FOUND", "message": "no"}),
        )
        .await;
    let items: Vec<_> = client(&server)
        .list_customers_items(&ListCustomersQuery::new())
        .collect()
        .await;
    assert_eq!(items.len(), 1);
    assert!(items[0].is_err());
}

#[tokio::test]
async fn offsets_advance_by_the_rows_received_until_the_total_count() {
    let server = FakeMeteroid::start().await;
    // 10 failures, 4 a page, one stub per offset: an offset the pager should not ask for
    // gets the fake's 404.
    for offset in [0, 4, 8] {
        let rows: Vec<_> = (offset..(offset + 4).min(10))
            .map(|i| {
                json!({
                    "chunk_id": "bjc_7n42DGM5Tflk9n8mt7Fhc7",
                    "id": "5b0c5f3e-8d2a-4c55-9b8e-1f2a3b4c5d6e",
                    "item_index": i,
                    "reason": "bad row"
                })
            })
            .collect();
        server
            .on("GET", "/api/v1/batch-jobs/{id}/failures")
            .query("offset", &offset.to_string())
            .respond(200, json!({"data": rows, "total_count": 10}))
            .await;
    }
    let id = BatchJobId::new("bj_7n42DGM5Tflk9n8mt7Fhc7");
    let failures: Vec<_> = client(&server)
        .list_batch_job_failures_items(&id, &ListBatchJobFailuresQuery::new())
        .collect()
        .await;
    assert_eq!(
        failures.len(),
        10,
        "{:?}",
        failures.iter().find(|f| f.is_err())
    );
    assert_eq!(
        pages_asked(&server).await,
        ["offset=0", "offset=4", "offset=8"]
    );
}
