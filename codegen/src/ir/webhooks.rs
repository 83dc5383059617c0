//! The spec's `webhooks` (events the API sends): one tagged union of their payloads, told apart
//! by the payload's `type`, as Standard Webhooks deliveries (Svix, Meteroid) carry it.

use super::naming::{camel, numbered};
use super::schemas::{TypeBuilder, docs_of};
use super::{TypeDef, TypeKind, UnionDef, UnionVariant};
use crate::error::{Error, push_token};
use openapiv3::{OpenAPI, ReferenceOr, Schema};
use serde_json::Value;

/// Adds `WebhookEvent` when the spec lists webhooks with JSON payloads: one variant per
/// webhook, tagged by its name (the payload's `type`), and the catch-all for event types added
/// later. A webhook without a JSON payload is skipped with a warning.
pub(crate) fn build(spec: &OpenAPI, types: &mut TypeBuilder<'_>) -> Result<(), Error> {
    let Some(Value::Object(webhooks)) = spec.extensions.get(crate::normalize::WEBHOOKS) else {
        return Ok(());
    };
    let mut variants: Vec<UnionVariant> = Vec::new();
    for (name, item) in webhooks {
        let pointer = push_token("/webhooks", name);
        let Some((method, operation)) = item
            .as_object()
            .and_then(|item| item.iter().find(|(method, _)| method.as_str() == "post"))
        else {
            types.warn(
                &pointer,
                "a webhook without a `post` is not part of `WebhookEvent`",
            );
            continue;
        };
        let body_pointer = push_token(&push_token(&pointer, method), "requestBody");
        let schema = operation
            .pointer("/requestBody/content/application~1json/schema")
            .cloned()
            .and_then(|schema| serde_json::from_value::<ReferenceOr<Schema>>(schema).ok());
        let Some(schema) = schema else {
            types.warn(
                &body_pointer,
                "a webhook without a JSON payload schema is not part of `WebhookEvent`",
            );
            continue;
        };
        let schema_pointer = format!("{body_pointer}/content/application~1json/schema");
        let resolved = types.resolve(
            &schema,
            &schema_pointer,
            &format!("{}Event", camel(name, "E")),
        )?;
        let variant = numbered(&camel(name, "E"), |taken| {
            taken == "Unknown" || variants.iter().any(|v| v.name == taken)
        });
        let docs = operation
            .get("description")
            .or_else(|| operation.get("summary"))
            .and_then(Value::as_str)
            .map(|d| vec![d.trim().to_string()])
            .unwrap_or_else(|| match &schema {
                ReferenceOr::Item(schema) => docs_of(&schema.schema_data),
                ReferenceOr::Reference { .. } => Vec::new(),
            });
        variants.push(UnionVariant {
            name: variant,
            tag_value: name.clone(),
            ty: resolved.ty,
            docs,
            boxed: true,
        });
    }
    if variants.is_empty() {
        return Ok(());
    }
    types.add_type(TypeDef {
        name: "WebhookEvent".to_string(),
        pointer: "/webhooks".to_string(),
        docs: vec![
            "An event the API delivers to a webhook endpoint, by its `type`. Verify and decode a \
             delivery with `webhooks::Webhook::decode`; an event type this client does not know \
             arrives in the catch-all variant, its JSON kept."
                .to_string(),
        ],
        kind: TypeKind::Union(UnionDef {
            tag: "type".to_string(),
            variants,
            unknown: "Unknown".to_string(),
        }),
    })?;
    Ok(())
}
