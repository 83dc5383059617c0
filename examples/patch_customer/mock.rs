//! The example's in-memory Meteroid: the `testing` feature's `FakeMeteroid` (a
//! dev-dependency of this crate, so the example needs no feature flag), holding one customer.

use meteroid_client::Client;
use meteroid_client::models::CustomerPatchRequest;
use meteroid_client::testing::FakeMeteroid;
use serde_json::Value;

/// The customer the demo starts with.
pub fn sample_customer() -> Value {
    FakeMeteroid::sample_customer()
}

/// Starts the fake on a loopback port, holding `customer`.
pub async fn start(customer: Value) -> FakeMeteroid {
    let fake = FakeMeteroid::start().await;
    fake.add_customer(customer).await;
    fake
}

/// The demo the example runs without an API key: renames the sample customer and clears
/// its phone on the mock, and returns what it would print.
pub async fn demo() -> Result<String, Box<dyn std::error::Error>> {
    let server = start(sample_customer()).await;
    let client = Client::builder()
        .base_url(server.uri())
        .bearer_token("demo-key")
        .build()?;
    let patch = CustomerPatchRequest::new().name("Acme Corp").clear_phone();
    let customer = client.patch_customer("acme", &patch).await?;

    let mut out = String::from("No METEROID_API_KEY: using an in-process mock Meteroid at ");
    out.push_str(&server.uri());
    out.push_str("\n\nrequest sent:\n");
    for request in server.requests().await {
        out.push_str(&format!("  {} {}\n", request.method, request.path));
        // As received; the fake redacts the token itself.
        for name in ["content-type", "authorization"] {
            if let Some(value) = request.header(name) {
                out.push_str(&format!("  {name}: {value}\n"));
            }
        }
        out.push_str(&format!("  {}\n", String::from_utf8_lossy(&request.body)));
    }
    out.push_str("\ncustomer returned (phone cleared, name set, the rest untouched):\n");
    out.push_str(&serde_json::to_string_pretty(&customer)?);
    out.push('\n');
    Ok(out)
}
