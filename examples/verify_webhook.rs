//! Receiving a Meteroid webhook: verify the delivery's signature, then decode it into the
//! typed `WebhookEvent`. Runs with no account: the example signs its own deliveries with a
//! test secret, as Meteroid (through Svix) would.
//!
//! ```sh
//! cargo run --example verify_webhook --features full
//! ```
//!
//! In a real endpoint, hand `webhook.decode` the request's headers and its body exactly as
//! received (before any JSON parsing: re-serialised JSON no longer matches its signature).

use meteroid_client::models::WebhookEvent;
use meteroid_client::webhooks::{Webhook, WebhookError};

/// The endpoint's signing secret, as the dashboard shows it (here a test one).
const SECRET: &str = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

fn main() -> Result<(), WebhookError> {
    let webhook = Webhook::new(SECRET)?;

    // What Meteroid sends for a new customer (the spec's example payload).
    let body = br#"{"id":"evt_7n42DGM5Tflk9n8mt7Fhc7","type":"customer.created","customer_id":"cus_7n42DGM5Tflk9n8mt7Fhc7","name":"Acme Corporation","alias":"ACME","billing_email":"billing@acme.example","invoicing_emails":["invoices@acme.example"],"phone":"+1-555-0123","currency":"USD","timestamp":"2026-12-02T10:00:00Z"}"#;
    let headers = webhook.sign_headers("msg_2pVJ9gWv7n3Qk", body);

    match webhook.decode::<WebhookEvent>(&headers, body)? {
        WebhookEvent::CustomerCreated(customer) => {
            println!(
                "verified customer.created: {} ({}), currency {}",
                customer.name,
                customer.customer_id.as_str(),
                customer.currency.as_str()
            );
        }
        other => println!("verified another event: {}", other.tag()),
    }

    // A body changed on the way: refused before anything is decoded.
    let tampered = String::from_utf8_lossy(body).replace("Acme", "Evil");
    match webhook.decode::<WebhookEvent>(&headers, tampered.as_bytes()) {
        Err(WebhookError::NoMatchingSignature) => println!("tampered body refused"),
        other => panic!("a tampered body must be refused, got {other:?}"),
    }

    // An event type added to the API after this client was generated: verified, and kept
    // whole in the catch-all variant instead of failing.
    let newer = br#"{"id":"evt_1","type":"customer.merged","customer_id":"cus_1","timestamp":"2026-12-02T10:00:00Z"}"#;
    let headers = webhook.sign_headers("msg_3", newer);
    match webhook.decode::<WebhookEvent>(&headers, newer)? {
        WebhookEvent::Unknown(raw) => {
            println!("newer event kept: {} {}", raw["type"], raw["customer_id"])
        }
        other => panic!("expected the catch-all, got {}", other.tag()),
    }
    Ok(())
}
