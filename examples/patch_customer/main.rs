//! Patches a customer.
//!
//! ```sh
//! cargo run --example patch_customer                          # no key: an in-process mock
//! METEROID_API_KEY=... cargo run --example patch_customer -- <id_or_alias> [name]
//! ```
//!
//! With `METEROID_API_KEY` set (and optionally `METEROID_BASE_URL`), it patches the real
//! customer: sets its name when one is given, otherwise sends an empty patch (`{}`), which
//! changes nothing and returns the customer as it is.

mod mock;

use meteroid_client::Client;
use meteroid_client::models::CustomerPatchRequest;
use std::process::ExitCode;

async fn against_the_api(args: &[String]) -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::from_env()?;
    let id_or_alias = &args[0];
    let patch = match args.get(1) {
        Some(name) => CustomerPatchRequest::new().name(name.as_str()),
        None => CustomerPatchRequest::new(),
    };
    println!(
        "PATCH /api/v1/customers/{id_or_alias}\n  {}",
        serde_json::to_string(&patch)?
    );
    let customer = client.patch_customer(id_or_alias, &patch).await?;
    println!("{}", serde_json::to_string_pretty(&customer)?);
    Ok(())
}

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let has_key = std::env::var("METEROID_API_KEY").is_ok_and(|key| !key.trim().is_empty());
    let result = if !has_key {
        mock::demo().await.map(|text| print!("{text}"))
    } else if args.is_empty() || args.len() > 2 {
        eprintln!("usage: cargo run --example patch_customer -- <id_or_alias> [name]");
        return ExitCode::from(2);
    } else {
        against_the_api(&args).await
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(error) => {
            eprintln!("error: {error}");
            ExitCode::FAILURE
        }
    }
}
