//! The fake Meteroid the examples run on (`testing::FakeMeteroid`) keeps real PATCH semantics.
//! (CI runs the `patch_customer` example itself and checks what it prints.)

use meteroid_client::models::{CustomerPatchRequest, ErrorCode};
use meteroid_client::testing::FakeMeteroid;
use meteroid_client::{Client, Error};
use serde_json::{Value, json};

async fn client() -> (FakeMeteroid, Client) {
    let server = FakeMeteroid::start().await;
    server.add_customer(FakeMeteroid::sample_customer()).await;
    let client = Client::builder()
        .base_url(server.uri())
        .bearer_token("k")
        .build()
        .unwrap();
    (server, client)
}

async fn patch(client: &Client, id: &str, body: &CustomerPatchRequest) -> Result<Value, Error> {
    let customer = client.patch_customer(id, body).await?;
    Ok(serde_json::to_value(customer).unwrap())
}

#[tokio::test]
async fn absent_leaves_null_clears_a_value_sets() {
    let (_server, client) = client().await;
    let unchanged = patch(&client, "acme", &CustomerPatchRequest::new())
        .await
        .unwrap();
    assert_eq!(
        unchanged,
        FakeMeteroid::sample_customer(),
        "{{}} changes nothing"
    );

    let cleared = patch(&client, "acme", &CustomerPatchRequest::new().clear_phone())
        .await
        .unwrap();
    assert_eq!(cleared["phone"], Value::Null);
    assert_eq!(cleared["billing_email"], "billing@acme.example");

    let set = patch(
        &client,
        "cus_7n42DGM5Tflk9n8mt7Fhc7",
        &CustomerPatchRequest::new()
            .name("Acme Corp")
            .vat_number("FR1"),
    )
    .await
    .unwrap();
    assert_eq!(
        (&set["name"], &set["vat_number"]),
        (&json!("Acme Corp"), &json!("FR1"))
    );
    assert_eq!(set["phone"], Value::Null, "the earlier clear stuck");
}

#[tokio::test]
async fn required_fields_cannot_be_cleared_and_unknown_customers_are_404() {
    let (server, client) = client().await;
    let error = patch(
        &client,
        "acme",
        &CustomerPatchRequest::new().clear_name().phone("1"),
    )
    .await
    .unwrap_err();
    let Error::Api(e) = error else {
        panic!("{error:?}")
    };
    assert_eq!((e.status, e.code()), (400, Some(&ErrorCode::BadRequest)));
    let unchanged = patch(&client, "acme", &CustomerPatchRequest::new())
        .await
        .unwrap();
    assert_eq!(
        unchanged["phone"], "+33 1 23 45 67 89",
        "a rejected patch changes nothing"
    );

    let error = patch(&client, "cus_other", &CustomerPatchRequest::new())
        .await
        .unwrap_err();
    assert_eq!(error.status(), Some(404));

    // Without an API key the call is refused before it is sent: the spec requires the bearer
    // scheme.
    let sent = server.requests().await.len();
    let anonymous = Client::builder().base_url(server.uri()).build().unwrap();
    let error = patch(&anonymous, "acme", &CustomerPatchRequest::new())
        .await
        .unwrap_err();
    assert!(
        matches!(
            error,
            Error::MissingCredentials {
                operation: "patch_customer",
                ..
            }
        ),
        "{error:?}"
    );
    assert_eq!(server.requests().await.len(), sent, "nothing was sent");
}
