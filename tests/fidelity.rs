//! What real Meteroid servers send decodes, and what we do not know survives a round trip.

use meteroid_client::models::{Currency, Customer, CustomerPatchRequest, ShippingAddress};
use serde_json::{Value, json};

fn customer() -> Value {
    json!({
        "id": "cus_7n42DGM5Tflk9n8mt7Fhc7",
        "name": "Acme",
        "invoicing_emails": ["billing@acme.example"],
        "currency": "EUR",
        "invoicing_entity_id": "ive_7n42DGM5Tflk9n8mt7Fhc7",
        "custom_taxes": [{"name": "VAT", "rate": "0.2", "tax_code": "FR"}]
    })
}

#[test]
fn a_rate_sent_as_a_number_decodes_and_encodes_as_the_spec_string() {
    // The server serializes the decimal as a JSON number (the bundled fix in spec/fixes.rs).
    let mut body = customer();
    body["custom_taxes"][0]["rate"] = json!(20.0);
    let decoded: Customer = serde_json::from_value(body).unwrap();
    assert_eq!(decoded.custom_taxes[0].rate.as_str(), "20.0");
    let encoded = serde_json::to_value(&decoded).unwrap();
    assert_eq!(encoded["custom_taxes"][0]["rate"], json!("20.0"));

    let mut body = customer();
    body["custom_taxes"][0]["rate"] = json!(7);
    let decoded: Customer = serde_json::from_value(body).unwrap();
    assert_eq!(decoded.custom_taxes[0].rate.as_str(), "7");
}

#[test]
fn a_rate_sent_as_a_string_is_kept_exactly() {
    let decoded: Customer = serde_json::from_value(customer()).unwrap();
    assert_eq!(decoded.custom_taxes[0].rate.as_str(), "0.2");
    assert_eq!(serde_json::to_value(&decoded).unwrap(), customer());
}

#[test]
fn a_newer_server_customer_keeps_everything_through_read_modify_write() {
    let mut body = customer();
    body["currency"] = json!("XCG");
    let newer = json!({
        "first_name": "Ada",
        "last_name": "Lovelace",
        "customer_type": "BUSINESS",
        "preferred_locales": ["fr-FR", "en-GB"],
        "custom_properties": {"tier": "gold", "seats": 12}
    });
    for (k, v) in newer.as_object().unwrap() {
        body[k] = v.clone();
    }
    let mut decoded: Customer = serde_json::from_value(body.clone()).unwrap();
    assert_eq!(decoded.currency.as_str(), "XCG");
    assert!(!decoded.currency.is_known());
    assert_eq!(decoded.extra.len(), 5);
    assert_eq!(decoded.extra["customer_type"], json!("BUSINESS"));

    // Unchanged, it encodes back to exactly what came in: every unknown property once.
    let text = serde_json::to_string(&decoded).unwrap();
    assert_eq!(serde_json::from_str::<Value>(&text).unwrap(), body);
    for key in [
        "first_name",
        "last_name",
        "customer_type",
        "preferred_locales",
        "custom_properties",
    ] {
        assert_eq!(
            text.matches(&format!("\"{key}\"")).count(),
            1,
            "{key} in {text}"
        );
    }

    // Modified, the change and the unknown properties are both there.
    decoded.name = "Acme 2".into();
    let encoded = serde_json::to_value(&decoded).unwrap();
    assert_eq!(encoded["name"], json!("Acme 2"));
    assert_eq!(encoded["first_name"], json!("Ada"));
}

#[test]
fn a_key_in_extra_that_is_also_a_field_is_written_once_with_the_field_value() {
    let mut decoded: Customer = serde_json::from_value(customer()).unwrap();
    decoded.extra.insert("name", json!("from extra"));
    decoded.extra.insert("currency", json!("USD"));
    let text = serde_json::to_string(&decoded).unwrap();
    // (`custom_taxes` items have a `name` of their own; the customer's is written once.)
    assert_eq!(text.matches("\"name\":\"Acme\"").count(), 1, "{text}");
    assert!(!text.contains("from extra"), "{text}");
    assert_eq!(text.matches("\"currency\"").count(), 1, "{text}");
    let encoded: Value = serde_json::from_str(&text).unwrap();
    assert_eq!(encoded["name"], json!("Acme"));
    assert_eq!(encoded["currency"], json!("EUR"));

    // Nested models keep theirs too, and a patch carries extra properties as well.
    let mut patch = CustomerPatchRequest::new().shipping_address(ShippingAddress::new(true));
    patch.extra.insert("first_name", json!("Ada"));
    patch
        .extra
        .insert("phone", json!("never sent: phone is absent"));
    assert_eq!(
        serde_json::to_value(&patch).unwrap(),
        json!({"shipping_address": {"same_as_billing": true}, "first_name": "Ada"})
    );
}

#[test]
fn a_duplicate_key_is_a_decode_error() {
    let text = r#"{"id":"cus_1","name":"a","name":"b","invoicing_emails":[],"currency":"EUR","invoicing_entity_id":"ive_1","custom_taxes":[]}"#;
    let e = serde_json::from_str::<Customer>(text).unwrap_err();
    assert!(e.to_string().contains("duplicate field `name`"), "{e}");
}

#[test]
fn missing_required_arrays_decode_as_empty_but_missing_scalars_fail_with_their_path() {
    let mut body = customer();
    let fields = body.as_object_mut().unwrap();
    fields.remove("custom_taxes");
    fields.remove("invoicing_emails");
    let decoded: Customer = serde_json::from_value(body).unwrap();
    assert!(decoded.custom_taxes.is_empty());
    assert!(decoded.invoicing_emails.is_empty());
    assert_eq!(decoded.currency, Currency::Eur);

    let mut body = customer();
    body["custom_taxes"][0]
        .as_object_mut()
        .unwrap()
        .remove("tax_code");
    let text = body.to_string();
    let e = serde_json::from_str::<Customer>(&text).unwrap_err();
    // The path the client's `DecodeError` names.
    let path = meteroid_runtime::__private::path_of_error(text.as_bytes(), &e);
    assert_eq!(path, "custom_taxes[0]");
    assert!(e.to_string().contains("missing field `tax_code`"), "{e}");

    let mut body = customer();
    body.as_object_mut().unwrap().remove("currency");
    let e = serde_json::from_value::<Customer>(body).unwrap_err();
    assert!(e.to_string().contains("missing field `currency`"), "{e}");
}
