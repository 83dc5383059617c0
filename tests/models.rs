//! The generated models keep the spec's wire semantics exactly.

use meteroid_client::models::{
    Address, Currency, CustomTaxRate, CustomTaxRateRequired, Customer, CustomerId,
    CustomerPatchRequest, ErrorCode, InvoicingEntityId, RestErrorResponse, ShippingAddress,
};
use meteroid_client::types::Decimal;
use serde_json::{Value, json};

/// Every field of `CustomerPatchRequest` with a valid value for it.
fn patch_fields() -> Vec<(&'static str, Value)> {
    vec![
        ("alias", json!("acme")),
        (
            "billing_address",
            json!({"city": "Paris", "country": "FR", "line1": null}),
        ),
        ("billing_email", json!("billing@acme.example")),
        ("currency", json!("EUR")),
        (
            "custom_taxes",
            json!([{"name": "VAT", "rate": "0.2", "tax_code": "FR"}]),
        ),
        (
            "invoicing_emails",
            json!(["a@acme.example", "b@acme.example"]),
        ),
        ("invoicing_entity_id", json!("ive_7n42DGM5Tflk9n8mt7Fhc7")),
        ("is_tax_exempt", json!(true)),
        ("name", json!("Acme")),
        ("phone", json!("+33 1 23 45 67 89")),
        (
            "shipping_address",
            json!({"same_as_billing": false, "address": {"zip_code": "75001"}}),
        ),
        ("vat_number", json!("FR123")),
    ]
}

/// Which of the three states a field is in, read through serde's own view of the struct so
/// that the test does not depend on the field's Rust type.
fn roundtrip(input: Value) -> Value {
    let patch: CustomerPatchRequest = serde_json::from_value(input).unwrap();
    serde_json::to_value(&patch).unwrap()
}

#[test]
fn every_patch_field_keeps_absent_null_and_value_apart_both_ways() {
    assert_eq!(patch_fields().len(), 12);
    for (field, value) in patch_fields() {
        // Absent stays absent.
        assert_eq!(roundtrip(json!({})), json!({}), "{field}: absent");
        // `null` stays `null` (it clears the field on the server).
        let null = json!({ field: null });
        assert_eq!(roundtrip(null.clone()), null, "{field}: null");
        // A value stays that value.
        let set = json!({ field: value });
        assert_eq!(roundtrip(set.clone()), set, "{field}: value");
    }
}

#[test]
fn the_three_states_decode_to_distinct_rust_values() {
    let absent: CustomerPatchRequest = serde_json::from_value(json!({})).unwrap();
    let null: CustomerPatchRequest =
        serde_json::from_value(json!({"phone": null, "currency": null})).unwrap();
    let set: CustomerPatchRequest =
        serde_json::from_value(json!({"phone": "1", "currency": "USD"})).unwrap();
    assert_eq!(absent.phone, None);
    assert_eq!(null.phone, Some(None));
    assert_eq!(set.phone, Some(Some("1".to_string())));
    assert_eq!(absent.currency, None);
    assert_eq!(null.currency, Some(None));
    assert_eq!(set.currency, Some(Some(Currency::Usd)));
}

#[test]
fn setters_and_clear_methods_produce_the_wire_form() {
    let patch = CustomerPatchRequest::new();
    assert_eq!(serde_json::to_value(&patch).unwrap(), json!({}));
    assert_eq!(patch, CustomerPatchRequest::default());

    let patch = CustomerPatchRequest::new()
        .alias("acme")
        .billing_address(Address::new().city("Paris").clear_line2())
        .billing_email("b@acme.example")
        .currency(Currency::Eur)
        .custom_taxes(vec![CustomTaxRate::new(CustomTaxRateRequired {
            name: "VAT".into(),
            rate: Decimal::new("0.2").unwrap(),
            tax_code: "FR".into(),
        })])
        .invoicing_emails(vec!["i@acme.example".to_string()])
        .invoicing_entity_id("ive_1")
        .is_tax_exempt(false)
        .name("Acme")
        .clear_phone()
        .shipping_address(ShippingAddress::new(true))
        .clear_vat_number();
    assert_eq!(
        serde_json::to_value(&patch).unwrap(),
        json!({
            "alias": "acme",
            "billing_address": {"city": "Paris", "line2": null},
            "billing_email": "b@acme.example",
            "currency": "EUR",
            "custom_taxes": [{"name": "VAT", "rate": "0.2", "tax_code": "FR"}],
            "invoicing_emails": ["i@acme.example"],
            "invoicing_entity_id": "ive_1",
            "is_tax_exempt": false,
            "name": "Acme",
            "phone": null,
            "shipping_address": {"same_as_billing": true},
            "vat_number": null
        })
    );

    let cleared = CustomerPatchRequest::new()
        .clear_alias()
        .clear_billing_address()
        .clear_billing_email()
        .clear_currency()
        .clear_custom_taxes()
        .clear_invoicing_emails()
        .clear_invoicing_entity_id()
        .clear_is_tax_exempt()
        .clear_name()
        .clear_phone()
        .clear_shipping_address()
        .clear_vat_number();
    let expected: serde_json::Map<String, Value> = patch_fields()
        .into_iter()
        .map(|(f, _)| (f.to_string(), Value::Null))
        .collect();
    assert_eq!(
        serde_json::to_value(&cleared).unwrap(),
        Value::Object(expected)
    );
}

fn customer_json() -> Value {
    json!({
        "id": "cus_7n42DGM5Tflk9n8mt7Fhc7",
        "name": "Acme",
        "invoicing_emails": ["billing@acme.example"],
        "currency": "EUR",
        "invoicing_entity_id": "ive_7n42DGM5Tflk9n8mt7Fhc7",
        "custom_taxes": [],
        "alias": null,
        "phone": "+1"
    })
}

#[test]
fn customer_required_fields_are_plain_types() {
    let customer: Customer = serde_json::from_value(customer_json()).unwrap();
    let id: &CustomerId = &customer.id;
    assert_eq!(id.as_str(), "cus_7n42DGM5Tflk9n8mt7Fhc7");
    let name: &String = &customer.name;
    assert_eq!(name, "Acme");
    let entity: &InvoicingEntityId = &customer.invoicing_entity_id;
    assert_eq!(entity.to_string(), "ive_7n42DGM5Tflk9n8mt7Fhc7");
    assert_eq!(customer.currency, Currency::Eur);
    assert!(customer.custom_taxes.is_empty());
    assert_eq!(customer.alias, Some(None));
    assert_eq!(customer.billing_email, None);
    assert_eq!(serde_json::to_value(&customer).unwrap(), customer_json());
}

#[test]
fn a_missing_required_field_fails_to_decode() {
    let mut body = customer_json();
    body.as_object_mut().unwrap().remove("name");
    assert!(serde_json::from_value::<Customer>(body).is_err());
}

#[test]
fn an_unknown_currency_decodes_and_reencodes_verbatim() {
    let mut body = customer_json();
    body["currency"] = json!("XCG");
    let customer: Customer = serde_json::from_value(body.clone()).unwrap();
    assert!(!customer.currency.is_known());
    assert_eq!(customer.currency.as_str(), "XCG");
    assert_eq!(customer.currency.to_string(), "XCG");
    assert_eq!(serde_json::to_value(&customer).unwrap(), body);
}

#[test]
fn a_customer_with_fields_the_spec_lacks_decodes() {
    let mut body = customer_json();
    let extra = body.as_object_mut().unwrap();
    extra.insert("first_name".into(), json!("Ada"));
    extra.insert("customer_type".into(), json!("BUSINESS"));
    extra.insert(
        "custom_properties".into(),
        json!({"tier": {"nested": [1, 2]}}),
    );
    let customer: Customer = serde_json::from_value(body).unwrap();
    assert_eq!(customer.name, "Acme");
}

#[test]
fn currency_knows_all_159_codes_with_exact_wire_names() {
    assert_eq!(Currency::KNOWN.len(), 159);
    for known in Currency::KNOWN {
        let wire = known.as_str();
        assert_eq!(wire.len(), 3, "{wire}");
        assert!(wire.chars().all(|c| c.is_ascii_uppercase()), "{wire}");
        assert_eq!(&Currency::from(wire), known);
        assert_eq!(&wire.parse::<Currency>().unwrap(), known);
        assert_eq!(serde_json::to_value(known).unwrap(), json!(wire));
        assert_eq!(
            &serde_json::from_value::<Currency>(json!(wire)).unwrap(),
            known
        );
        assert!(known.is_known());
    }
    assert_eq!(Currency::Eur.as_str(), "EUR");
    assert_eq!(Currency::from("EUR"), Currency::Eur);
}

#[test]
fn a_known_code_never_becomes_the_unknown_variant() {
    // The only ways to get a value are decoding and `From`/`FromStr`: both give `Eur`.
    assert!(matches!(Currency::from("EUR"), Currency::Eur));
    assert!(matches!("EUR".parse::<Currency>(), Ok(Currency::Eur)));
    assert!(matches!(
        serde_json::from_str::<Currency>("\"EUR\""),
        Ok(Currency::Eur)
    ));
    // Case matters on the wire: `eur` is not `EUR`.
    assert!(!Currency::from("eur").is_known());
    match Currency::from("XCG") {
        Currency::Unknown(value) => assert_eq!(value.as_str(), "XCG"),
        other => panic!("expected unknown, got {other:?}"),
    }
}

#[test]
fn error_code_has_seven_codes_and_is_open() {
    assert_eq!(ErrorCode::KNOWN.len(), 7);
    assert_eq!(
        ErrorCode::from("TOO_MANY_REQUESTS"),
        ErrorCode::TooManyRequests
    );
    let body: RestErrorResponse =
        serde_json::from_value(json!({"code": "PAYMENT_REQUIRED", "message": "m"})).unwrap();
    assert_eq!(body.code.as_str(), "PAYMENT_REQUIRED");
    assert!(!body.code.is_known());
}

#[test]
fn non_string_enum_values_are_decode_errors() {
    assert!(serde_json::from_value::<Currency>(json!(3)).is_err());
    assert!(serde_json::from_value::<Currency>(json!(null)).is_err());
}

#[test]
fn newtypes_are_transparent_strings() {
    let id = CustomerId::from("cus_1");
    assert_eq!(serde_json::to_value(&id).unwrap(), json!("cus_1"));
    assert_eq!(
        serde_json::from_value::<CustomerId>(json!("cus_1")).unwrap(),
        id
    );
    assert_eq!(id.as_ref(), "cus_1");
    assert_eq!(String::from(id.clone()), "cus_1");
    assert_eq!(CustomerId::new(String::from("cus_1")), id);
    let country = meteroid_client::models::CountryCode::from("FR");
    assert_eq!(format!("{country}"), "FR");
}
