//! Listing every customer without writing a paging loop: `list_customers_items` streams them
//! page after page, each page one normal call (retries, typed errors), against the in-process
//! fake Meteroid of the `testing` feature (no account needed), which pages as Meteroid does:
//! 25 rows a page while reporting `per_page: 10`.
//!
//! ```sh
//! cargo run --example paginate --features full
//! ```

use futures_util::StreamExt as _;
use meteroid_client::models::{Currency, CustomerCreateRequest, ErrorCode, ListCustomersQuery};
use meteroid_client::testing::FakeMeteroid;
use meteroid_client::{Client, Error};
use std::time::Duration;

#[tokio::main]
async fn main() -> Result<(), Error> {
    let fake = FakeMeteroid::start().await;
    let client = Client::builder()
        .base_url(fake.uri())
        .bearer_token("example-key")
        .build()?;

    for i in 0..60 {
        let customer = CustomerCreateRequest::new(
            format!("Customer {i}"),
            vec![format!("billing@customer-{i}.example")],
            Currency::Eur,
            Vec::new(),
        )
        .alias(format!("customer-{i}"));
        client.create_customer(&customer).await?;
    }

    // Items: every customer, however many pages they take.
    let mut customers = client.list_customers_items(&ListCustomersQuery::new());
    let mut count = 0;
    while let Some(customer) = customers.next().await {
        let customer = customer?;
        if count < 3 {
            println!("{} {}", customer.id.as_str(), customer.name);
        }
        count += 1;
    }
    println!("... {count} customers in all");

    // Pages: from page 1 on, with what each page says about itself.
    let pages: Vec<_> = client
        .list_customers_pages(&ListCustomersQuery::new().page(1u32))
        .collect()
        .await;
    for page in pages {
        let page = page?;
        println!(
            "page {} of {}: {} rows (the server says per_page {})",
            page.pagination_meta.page,
            page.pagination_meta.total_pages,
            page.data.len(),
            page.pagination_meta.per_page
        );
    }

    // One customer by alias, with a deadline of its own; then one that is not there, told
    // apart from other failures by its typed code.
    let quick = client.with_timeout(Duration::from_secs(2));
    let customer = quick.get_customer("customer-42").await?;
    println!("customer-42 is {}", customer.id.as_str());
    match quick.get_customer("customer-60").await {
        Err(Error::Api(api)) if api.code() == Some(&ErrorCode::NotFound) => {
            println!("customer-60: not found ({})", api.message().unwrap_or(""));
        }
        Err(other) => return Err(other),
        Ok(customer) => println!("customer-60 unexpectedly exists: {}", customer.name),
    }
    Ok(())
}
