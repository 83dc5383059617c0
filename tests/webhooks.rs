//! Every webhook the full spec documents: its example payload, signed as Meteroid (through Svix)
//! signs deliveries, verifies and decodes into its own `WebhookEvent` variant, never the
//! catch-all; and what it decodes to is written back as the same JSON.

#![cfg(feature = "full")]

use meteroid_client::models::WebhookEvent;
use meteroid_client::webhooks::{Webhook, WebhookError};

#[test]
fn every_documented_event_verifies_and_decodes_into_its_variant() {
    let spec: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/spec/full/openapi.json"
        ))
        .expect("the bundled full spec"),
    )
    .expect("JSON");
    let webhooks = spec["webhooks"].as_object().expect("a webhooks section");
    assert_eq!(webhooks.len(), 27);
    let webhook = Webhook::new("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").expect("a valid secret");
    for (name, item) in webhooks {
        // As the spec writes them: the metric events' `created_at` without an offset too.
        let example = &item["post"]["requestBody"]["content"]["application/json"]["example"];
        let body = serde_json::to_vec(example).expect("encodes");
        let headers = webhook.sign_headers("msg_test", &body);
        let event: WebhookEvent = webhook
            .decode(&headers, &body)
            .unwrap_or_else(|e| panic!("{name}: {e}"));
        assert_eq!(event.tag(), name, "{name}");
        assert!(
            !matches!(event, WebhookEvent::Unknown(_)),
            "{name} fell into Unknown"
        );
        let back = serde_json::to_value(&event).expect("encodes");
        assert_eq!(&back, example, "{name}");
        // The same delivery with its body changed is refused.
        let mut tampered = body.clone();
        tampered.push(b' ');
        assert_eq!(
            webhook.decode::<WebhookEvent>(&headers, &tampered).err(),
            Some(WebhookError::NoMatchingSignature),
            "{name}"
        );
    }
}
