//! Decoding `Customer` and encoding `CustomerPatchRequest`, against a naive hand-written
//! `#[derive(Deserialize, Serialize)]` struct with the same fields, timed in the same run.
//! Target: the generated models reach >= 0.95x the naive struct's throughput. Each side runs
//! on a thread of its own, both on one CPU (`support::compare_isolated`), so that neither
//! decodes on the heap the other left behind.
//!
//! ```sh
//! cargo bench --bench models
//! ```
//!
//! What the naive baseline does *not* do, and the generated models do: it cannot tell an
//! absent field from `null` (plain `Option<T>`, so a patch cannot clear a field), its
//! currency is a `String` (no typed enum, no open `Unknown` variant), ids are bare `String`s.

use meteroid_bench_support as support;

use meteroid_client::models::{
    Address, Currency, CustomTaxRate, CustomTaxRateRequired, Customer, CustomerPatchRequest,
    ShippingAddress,
};
use serde::{Deserialize, Serialize};
use std::hint::black_box;
use std::time::Duration;

mod naive {
    use super::*;

    #[derive(Debug, Deserialize, Serialize)]
    pub struct Customer {
        pub alias: Option<String>,
        pub billing_address: Option<Address>,
        pub billing_email: Option<String>,
        pub connected_account_id: Option<String>,
        pub currency: String,
        pub custom_taxes: Vec<CustomTaxRate>,
        pub id: String,
        pub invoicing_emails: Vec<String>,
        pub invoicing_entity_id: String,
        pub name: String,
        pub phone: Option<String>,
        pub shipping_address: Option<ShippingAddress>,
        pub vat_number: Option<String>,
    }

    // A patch writes only what is set: without `skip_serializing_if` the naive struct would
    // write a `null` for every unset field, which is both wrong for PATCH and more work.
    #[derive(Debug, Default, Deserialize, Serialize)]
    pub struct CustomerPatchRequest {
        #[serde(skip_serializing_if = "Option::is_none")]
        pub alias: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub billing_address: Option<Address>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub billing_email: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub currency: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub custom_taxes: Option<Vec<CustomTaxRate>>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub invoicing_emails: Option<Vec<String>>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub invoicing_entity_id: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub is_tax_exempt: Option<bool>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub name: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub phone: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub shipping_address: Option<ShippingAddress>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub vat_number: Option<String>,
    }

    #[derive(Debug, Clone, Deserialize, Serialize)]
    pub struct Address {
        #[serde(skip_serializing_if = "Option::is_none")]
        pub city: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub country: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub line1: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub line2: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub state: Option<String>,
        #[serde(skip_serializing_if = "Option::is_none")]
        pub zip_code: Option<String>,
    }

    #[derive(Debug, Clone, Deserialize, Serialize)]
    pub struct ShippingAddress {
        #[serde(skip_serializing_if = "Option::is_none")]
        pub address: Option<Address>,
        pub same_as_billing: bool,
    }

    #[derive(Debug, Clone, Deserialize, Serialize)]
    pub struct CustomTaxRate {
        pub name: String,
        pub rate: String,
        pub tax_code: String,
    }
}

/// A customer as the API returns it, about 1 KB, with `taxes` custom tax rates.
fn customer_json(taxes: usize) -> String {
    let taxes: Vec<String> = (0..taxes)
        .map(|i| {
            format!(
                r#"{{"name":"Regional sales tax {i}","rate":"0.{:04}","tax_code":"TX-{i:05}-STATE"}}"#,
                (i * 37) % 10_000
            )
        })
        .collect();
    format!(
        r#"{{
  "id": "cus_7n42DGM5Tflk9n8mt7Fhc7",
  "name": "Acme Corporation International",
  "alias": "acme-corp-intl",
  "billing_email": "billing@acme-corporation.example.com",
  "invoicing_emails": ["ap@acme-corporation.example.com", "finance@acme-corporation.example.com"],
  "phone": "+33 1 23 45 67 89",
  "currency": "EUR",
  "invoicing_entity_id": "ive_7n42DGM5Tflk9n8mt7Fhc7",
  "vat_number": "FR40303265045",
  "connected_account_id": null,
  "custom_taxes": [{}],
  "billing_address": {{
    "line1": "12 Rue de la Paix",
    "line2": "Batiment B, 3e etage",
    "city": "Paris",
    "state": "Ile-de-France",
    "zip_code": "75002",
    "country": "FR"
  }},
  "shipping_address": {{
    "same_as_billing": false,
    "address": {{
      "line1": "Zone industrielle Nord, Entrepot 7",
      "line2": null,
      "city": "Lyon",
      "state": "Auvergne-Rhone-Alpes",
      "zip_code": "69007",
      "country": "FR"
    }}
  }},
  "created_at": "2026-01-15T09:30:00Z",
  "archived_at": null
}}"#,
        taxes.join(",")
    )
}

fn full_patch() -> CustomerPatchRequest {
    let address = Address::new()
        .line1("12 Rue de la Paix")
        .line2("Batiment B, 3e etage")
        .city("Paris")
        .state("Ile-de-France")
        .zip_code("75002")
        .country("FR");
    let shipping = ShippingAddress::new(false).address(address.clone());
    CustomerPatchRequest::new()
        .alias("acme-corp-intl")
        .billing_address(address)
        .billing_email("billing@acme-corporation.example.com")
        .currency(Currency::Eur)
        .custom_taxes(vec![CustomTaxRate::new(CustomTaxRateRequired {
            name: "Regional sales tax".into(),
            rate: "0.0825".parse::<meteroid_client::types::Decimal>().unwrap(),
            tax_code: "TX-00001-STATE".into(),
        })])
        .invoicing_emails(vec![
            "ap@acme-corporation.example.com".to_string(),
            "finance@acme-corporation.example.com".to_string(),
        ])
        .invoicing_entity_id("ive_7n42DGM5Tflk9n8mt7Fhc7")
        .is_tax_exempt(false)
        .name("Acme Corporation International")
        .phone("+33 1 23 45 67 89")
        .shipping_address(shipping)
        .vat_number("FR40303265045")
}

fn naive_full_patch() -> naive::CustomerPatchRequest {
    // The same value, converted through JSON: what matters is that both encode the same bytes.
    serde_json::from_slice(&serde_json::to_vec(&full_patch()).expect("encodes")).expect("decodes")
}

fn two_field_patch() -> CustomerPatchRequest {
    CustomerPatchRequest::new()
        .name("Acme Corporation International")
        .currency(Currency::Eur)
}

fn naive_two_field_patch() -> naive::CustomerPatchRequest {
    naive::CustomerPatchRequest {
        name: Some("Acme Corporation International".into()),
        currency: Some("EUR".into()),
        ..Default::default()
    }
}

fn main() {
    let full = support::full_run();
    let rounds = if full { 41 } else { 1 };
    let batch = Duration::from_millis(if full { 20 } else { 1 });

    support::print_header(
        "models",
        "naive #[derive(Deserialize, Serialize)] struct; ratio = throughput vs baseline",
    );
    let row = |c: support::Comparison| {
        support::print_row(
            &c.name,
            &support::fmt_ns(c.baseline_median()),
            &support::fmt_ns(c.subject_median()),
            c.throughput_ratio(),
            Some(">= 0.95"),
        );
    };

    for (label, taxes) in [("~1 KB", 1), ("50 custom taxes", 50)] {
        let body = customer_json(taxes);
        let bytes = body.as_bytes();
        // Both decode it, to the same content.
        let typed: Customer = serde_json::from_slice(bytes).expect("a valid Customer");
        let plain: naive::Customer = serde_json::from_slice(bytes).expect("a valid naive Customer");
        assert_eq!(typed.custom_taxes.len(), plain.custom_taxes.len());
        assert_eq!(typed.currency.as_str(), plain.currency);

        let iters = support::calibrate(batch, || {
            serde_json::from_slice::<naive::Customer>(black_box(bytes))
        });
        row(support::compare_isolated(
            format!("decode Customer, {label} ({} B)", bytes.len()),
            rounds,
            || {
                support::per_iter(iters, || {
                    serde_json::from_slice::<naive::Customer>(black_box(bytes)).expect("decodes")
                })
            },
            || {
                support::per_iter(iters, || {
                    serde_json::from_slice::<Customer>(black_box(bytes)).expect("decodes")
                })
            },
        ));
    }

    for (label, typed, plain) in [
        ("all fields", full_patch(), naive_full_patch()),
        ("2 fields", two_field_patch(), naive_two_field_patch()),
    ] {
        let typed_bytes = serde_json::to_vec(&typed).expect("encodes");
        let plain_bytes = serde_json::to_vec(&plain).expect("encodes");
        assert_eq!(typed_bytes, plain_bytes, "both write the same body");
        let iters = support::calibrate(batch, || serde_json::to_vec(black_box(&plain)));
        row(support::compare_isolated(
            format!(
                "encode CustomerPatchRequest, {label} ({} B)",
                typed_bytes.len()
            ),
            rounds,
            || support::per_iter(iters, || serde_json::to_vec(black_box(&plain)).expect("ok")),
            || support::per_iter(iters, || serde_json::to_vec(black_box(&typed)).expect("ok")),
        ));
    }
}
