//! Listing every customer without writing a paging loop: `list_customers_items` streams them
//! page after page, each page one normal call (retries, typed errors), against an in-process
//! mock Meteroid (no account needed).
//!
//! ```sh
//! cargo run --example paginate --features full
//! ```

mod mock;

use futures_util::StreamExt as _;
use meteroid_client::models::ListCustomersQuery;
use meteroid_client::{Client, Error};

#[tokio::main]
async fn main() -> Result<(), Error> {
    let server = mock::start(60).await;
    let client = Client::builder()
        .base_url(server.uri())
        .bearer_token("example-key")
        .build()?;

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
    Ok(())
}
