//! Where a node sits in an OpenAPI document, as the normalizer reads it: what a `$ref` may
//! point to, and what to call it in a message.

use crate::normalize::METHODS;

/// Where a node sits in an OpenAPI document, as the normalizer reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Place {
    /// The document itself.
    Root,
    /// `components`.
    Components,
    /// OpenAPI structure: paths, operations, parameters, responses, media types, ...
    Structure,
    /// A map or list of schemas (`components/schemas`, `properties`, `allOf`, ...).
    Schemas,
    /// A schema.
    Schema,
    /// A value inside a schema that is no schema (`enum`, `required`, `example`, ...).
    InSchema,
    /// A part the normalizer does not read: examples, extensions, unknown top-level keys.
    Unread,
}

/// Schema keywords whose value is one schema.
const ONE_SCHEMA: &[&str] = &[
    "items",
    "additionalProperties",
    "not",
    "if",
    "then",
    "else",
    "contains",
    "propertyNames",
    "unevaluatedItems",
    "unevaluatedProperties",
    "additionalItems",
    "contentSchema",
];

/// Schema keywords whose value is a map or a list of schemas.
const MANY_SCHEMAS: &[&str] = &[
    "properties",
    "patternProperties",
    "$defs",
    "definitions",
    "dependentSchemas",
    "allOf",
    "anyOf",
    "oneOf",
    "prefixItems",
];

impl Place {
    /// The place of the child `token` of a node at this place; for a list's items any
    /// token does.
    pub(super) fn child(self, token: &str) -> Place {
        use Place::*;
        match self {
            Root => match token {
                "paths" | "webhooks" => Structure,
                "components" => Components,
                // The document's other fields hold no schemas.
                "openapi" | "info" | "servers" | "security" | "tags" | "externalDocs"
                | "jsonSchemaDialect" => Structure,
                _ => Unread,
            },
            Components => match token {
                "schemas" => Schemas,
                t if t.starts_with("x-") => Unread,
                _ => Structure,
            },
            Structure => match token {
                "schema" => Schema,
                "example" | "examples" => Unread,
                t if t.starts_with("x-") => Unread,
                _ => Structure,
            },
            Schemas => Schema,
            Schema if MANY_SCHEMAS.contains(&token) => Schemas,
            Schema if ONE_SCHEMA.contains(&token) => Schema,
            Schema | InSchema => InSchema,
            Unread => Unread,
        }
    }

    /// Whether the normalizer reads what is below a node at this place.
    pub(super) fn read_below(self) -> bool {
        !matches!(self, Place::InSchema | Place::Unread)
    }
}

/// The place of the node at these pointer tokens.
pub(super) fn place_of(tokens: &[String]) -> Place {
    tokens
        .iter()
        .fold(Place::Root, |place, token| place.child(token))
}

/// The unescaped tokens of a JSON pointer.
pub(super) fn tokens(pointer: &str) -> Vec<String> {
    pointer
        .split('/')
        .skip(1)
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
        .collect()
}

/// What is at `tokens`, for a message: "a response", "a schema", ...
pub(super) fn what_is_at(tokens: &[String]) -> &'static str {
    let last = tokens.last().map(String::as_str);
    let parent = tokens.len().checked_sub(2).map(|i| tokens[i].as_str());
    match place_of(tokens) {
        Place::Root => "the whole document",
        Place::Components => "`components`",
        Place::Schema => "a schema",
        Place::Schemas => "a collection of schemas",
        Place::InSchema => "a value inside a schema",
        Place::Unread => "a part of the document the generator does not read",
        Place::Structure => match (parent, last) {
            (Some("parameters"), _) => "a parameter",
            (Some("responses"), _) => "a response",
            (_, Some("requestBody")) | (Some("requestBodies"), _) => "a request body",
            (Some("headers"), _) => "a header",
            (Some("content"), _) => "a media type",
            (Some("paths"), _) if tokens.len() == 2 => "a path item",
            (_, Some(method)) if tokens.len() == 3 && METHODS.contains(&method) => "an operation",
            _ => "an OpenAPI object",
        },
    }
}
