//! The shape table: every type shape the generator can produce (a [`Kind`] with a
//! [`Presence`]) in every place of an API that carries one (a [`Position`]), generated from the
//! lists below so that a new shape or place cannot be forgotten.
//!
//! Each position gets one OpenAPI 3.1 spec holding every cell (one operation, or one webhook,
//! per cell); its output is `shapes/<position>.rs` (accept new output with
//! `EXPECTORATE=overwrite cargo test -p meteroid-codegen --test shapes`), which
//! `codegen/fixture-outputs` compiles clippy-clean. Every cell has an explicit
//! [`Expect`]ation in [`expect`], a `match` without catch-all arms: a kind or position added to
//! the lists does not compile until its cells are decided, and a cell whose warnings change
//! fails [`every_cell_meets_its_expectation`].

use meteroid_codegen::Generator;
use serde_json::{Map, Value, json};
use std::collections::BTreeMap;
use std::path::Path;

/// Declares an enum and `ALL`, its variants in order, from one list, so the list the table
/// iterates is the enum the expectations match on.
macro_rules! listed {
    ($(#[$doc:meta])* enum $name:ident { $($(#[$vdoc:meta])* $variant:ident = $label:literal,)* }) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq)]
        enum $name { $($(#[$vdoc])* $variant,)* }
        impl $name {
            const ALL: &[$name] = &[$($name::$variant,)*];
            /// The snake_case name used in paths, operation ids and file names.
            fn label(self) -> &'static str {
                match self { $($name::$variant => $label,)* }
            }
        }
    };
}

listed! {
    /// SHAPES: what a schema is.
    enum Kind {
        String = "string",
        Integer = "integer",
        Number = "number",
        Boolean = "boolean",
        StringEnum = "string_enum",
        DateTime = "date_time",
        Date = "date",
        Uuid = "uuid",
        Decimal = "decimal",
        NamedObject = "named_object",
        InlineObject = "inline_object",
        ArrayOfScalars = "array_of_scalars",
        ArrayOfObjects = "array_of_objects",
        Map = "map",
        DiscriminatedUnion = "discriminated_union",
        /// `oneOf` of a string and an object, no discriminator.
        UntaggedUnion = "untagged_union",
        UntaggedTwoStrings = "untagged_two_strings",
        UntaggedTwoIntegers = "untagged_two_integers",
        FreeForm = "free_form",
        File = "file",
    }
}

listed! {
    /// Whether a value must be there and whether it may be `null`.
    enum Presence {
        Required = "required",
        Optional = "optional",
        Nullable = "nullable",
        OptionalNullable = "optional_nullable",
    }
}

listed! {
    /// POSITIONS: where in an API a schema sits.
    enum Position {
        JsonRequestProperty = "json_request_property",
        JsonResponseBody = "json_response_body",
        FormProperty = "form_property",
        MultipartPart = "multipart_part",
        Query = "query",
        Header = "header",
        Cookie = "cookie",
        Path = "path",
        WebhookPayload = "webhook_payload",
    }
}

/// What the generator must do with one cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Expect {
    /// Generated without a warning, and compiles.
    Compiles,
    /// Generated (and compiles) with exactly these warnings (each after `<file>: #<pointer>: `).
    Warns(&'static [&'static str]),
    /// The operation is left out with exactly these warnings; the output does not have it.
    LeftOut(&'static [&'static str]),
    /// Generates code that does not compile: the cell is kept out of the compiled output until
    /// the bug is fixed (then the expectation becomes what the fix makes it).
    #[allow(
        dead_code,
        reason = "no cell is a known bug today; the next one found is written as one"
    )]
    KnownBug(&'static str),
}

const FREE_FORM: &str =
    "the schema says nothing about the value's shape; it is `serde_json::Value`";
const NOT_IN_COOKIE: &str =
    "a cookie parameter must be a scalar or a string-like type; the operation is left out";

/// The expectation of every cell. No arm may be a catch-all (`_`) over kinds or positions:
/// new ones must fail to compile here until their cells are decided.
// No expectation depends on the presence today (the optional nullable multipart part was the
// one that did); it stays an argument, so that the next one can.
fn expect(position: Position, kind: Kind, _presence: Presence) -> Expect {
    use Expect::*;
    use Kind as K;
    use Position as P;
    match (position, kind) {
        // Bodies and payloads carry every shape; `{}` says where it is untyped.
        (
            P::JsonRequestProperty
            | P::JsonResponseBody
            | P::FormProperty
            | P::MultipartPart
            | P::WebhookPayload,
            K::String
            | K::Integer
            | K::Number
            | K::Boolean
            | K::StringEnum
            | K::DateTime
            | K::Date
            | K::Uuid
            | K::Decimal
            | K::NamedObject
            | K::InlineObject
            | K::ArrayOfScalars
            | K::ArrayOfObjects
            | K::Map
            | K::DiscriminatedUnion
            | K::UntaggedUnion
            | K::UntaggedTwoStrings
            | K::UntaggedTwoIntegers
            | K::File,
        ) => Compiles,
        (
            P::JsonRequestProperty
            | P::JsonResponseBody
            | P::FormProperty
            | P::MultipartPart
            | P::WebhookPayload,
            K::FreeForm,
        ) => Warns(&[FREE_FORM]),
        // Parameters carry scalars and string-like types.
        (
            P::Query | P::Header | P::Cookie | P::Path,
            K::String
            | K::Integer
            | K::Number
            | K::Boolean
            | K::StringEnum
            | K::DateTime
            | K::Date
            | K::Uuid
            | K::Decimal
            | K::UntaggedTwoStrings
            | K::UntaggedTwoIntegers
            | K::File,
        ) => Compiles,
        (P::Query | P::Header | P::Path, K::ArrayOfScalars) => Compiles,
        // From their JSON form (`style: form`: an object's properties as pairs; `style:
        // simple`, in a path or a header: `key,value,..`).
        (
            P::Query | P::Header | P::Path,
            K::NamedObject
            | K::InlineObject
            | K::ArrayOfObjects
            | K::Map
            | K::DiscriminatedUnion
            | K::UntaggedUnion,
        ) => Compiles,
        (P::Query | P::Header | P::Path, K::FreeForm) => Warns(&[FREE_FORM]),
        (
            P::Cookie,
            K::NamedObject
            | K::InlineObject
            | K::ArrayOfScalars
            | K::ArrayOfObjects
            | K::Map
            | K::DiscriminatedUnion
            | K::UntaggedUnion,
        ) => LeftOut(&[NOT_IN_COOKIE]),
        (P::Cookie, K::FreeForm) => LeftOut(&[FREE_FORM, NOT_IN_COOKIE]),
    }
}

/// The schema of a kind (components it names are in [`components`]).
fn schema(kind: Kind) -> Value {
    match kind {
        Kind::String => json!({"type": "string"}),
        Kind::Integer => json!({"type": "integer", "format": "int64"}),
        Kind::Number => json!({"type": "number"}),
        Kind::Boolean => json!({"type": "boolean"}),
        Kind::StringEnum => json!({"type": "string", "enum": ["alpha", "beta"]}),
        Kind::DateTime => json!({"type": "string", "format": "date-time"}),
        Kind::Date => json!({"type": "string", "format": "date"}),
        Kind::Uuid => json!({"type": "string", "format": "uuid"}),
        Kind::Decimal => json!({"type": "string", "format": "decimal"}),
        Kind::NamedObject => json!({"$ref": "#/components/schemas/Named"}),
        Kind::InlineObject => json!({
            "type": "object",
            "required": ["id"],
            "properties": {"id": {"type": "string"}, "count": {"type": "integer"}},
        }),
        Kind::ArrayOfScalars => json!({"type": "array", "items": {"type": "string"}}),
        Kind::ArrayOfObjects => {
            json!({"type": "array", "items": {"$ref": "#/components/schemas/Named"}})
        }
        Kind::Map => json!({"type": "object", "additionalProperties": {"type": "integer"}}),
        Kind::DiscriminatedUnion => json!({"$ref": "#/components/schemas/Pet"}),
        Kind::UntaggedUnion => json!({"oneOf": [
            {"type": "string"},
            {"$ref": "#/components/schemas/Named"},
        ]}),
        Kind::UntaggedTwoStrings => json!({"oneOf": [
            {"type": "string", "format": "email"},
            {"type": "string", "format": "hostname"},
        ]}),
        Kind::UntaggedTwoIntegers => json!({"oneOf": [
            {"type": "integer", "minimum": 0, "maximum": 9},
            {"type": "integer", "minimum": 100},
        ]}),
        Kind::FreeForm => json!({}),
        Kind::File => json!({"type": "string", "format": "binary"}),
    }
}

/// The named schemas the kinds refer to.
fn components() -> Value {
    json!({
        "Named": {
            "type": "object",
            "required": ["id"],
            "properties": {"id": {"type": "string"}, "label": {"type": "string"}},
        },
        "Pet": {
            "oneOf": [
                {"$ref": "#/components/schemas/Cat"},
                {"$ref": "#/components/schemas/Dog"},
            ],
            "discriminator": {"propertyName": "kind"},
        },
        "Cat": {
            "type": "object",
            "required": ["kind"],
            "properties": {"kind": {"type": "string"}, "lives": {"type": "integer"}},
        },
        "Dog": {
            "type": "object",
            "required": ["kind"],
            "properties": {"kind": {"type": "string"}, "good": {"type": "boolean"}},
        },
    })
}

impl Presence {
    fn required(self) -> bool {
        matches!(self, Presence::Required | Presence::Nullable)
    }

    /// The schema, allowing `null` when the presence does (OpenAPI 3.1 spelling: `null` in
    /// `type` where the schema has one type, a `null` branch otherwise).
    fn schema(self, kind: Kind) -> Value {
        let schema = schema(kind);
        if !matches!(self, Presence::Nullable | Presence::OptionalNullable) {
            return schema;
        }
        match schema.get("type").and_then(Value::as_str) {
            Some(ty) => {
                let mut nullable = schema.clone();
                nullable["type"] = json!([ty, "null"]);
                if let Some(Value::Array(values)) = nullable.get_mut("enum") {
                    values.push(Value::Null);
                }
                nullable
            }
            None => json!({"oneOf": [schema, {"type": "null"}]}),
        }
    }
}

/// One cell: its name (also its operation id, path and webhook name).
fn cell_name(kind: Kind, presence: Presence) -> String {
    format!("{}_{}", kind.label(), presence.label())
}

fn ok_response() -> Value {
    json!({"204": {"description": "Done."}})
}

/// A request body of `media` whose object has the cell as its property `value`.
fn body_with_property(media: &str, kind: Kind, presence: Presence) -> Value {
    let mut object = json!({
        "type": "object",
        "properties": {"value": presence.schema(kind)},
    });
    if presence.required() {
        object["required"] = json!(["value"]);
    }
    json!({"required": true, "content": {media: {"schema": object}}})
}

fn parameter(place: &str, kind: Kind, presence: Presence) -> Value {
    json!({
        "name": "value",
        "in": place,
        "required": presence.required(),
        "schema": presence.schema(kind),
    })
}

/// The spec of one position, with the cells `keep` accepts.
fn spec(position: Position, keep: impl Fn(Kind, Presence) -> bool) -> Value {
    let mut paths = Map::new();
    let mut webhooks = Map::new();
    for &kind in Kind::ALL {
        for &presence in Presence::ALL {
            if !keep(kind, presence) {
                continue;
            }
            let name = cell_name(kind, presence);
            let mut operation = json!({"operationId": name, "responses": ok_response()});
            let mut path = format!("/{name}");
            match position {
                Position::JsonRequestProperty => {
                    operation["requestBody"] =
                        body_with_property("application/json", kind, presence);
                }
                Position::FormProperty => {
                    operation["requestBody"] =
                        body_with_property("application/x-www-form-urlencoded", kind, presence);
                }
                Position::MultipartPart => {
                    operation["requestBody"] =
                        body_with_property("multipart/form-data", kind, presence);
                }
                Position::JsonResponseBody => {
                    // An optional response body: a 200 with it, or a 204 without.
                    let mut responses = json!({"200": {
                        "description": "The value.",
                        "content": {"application/json": {"schema": presence.schema(kind)}},
                    }});
                    if !presence.required() {
                        responses["204"] = json!({"description": "No value."});
                    }
                    operation["responses"] = responses;
                }
                Position::Query | Position::Header | Position::Cookie | Position::Path => {
                    let place = match position {
                        Position::Query => "query",
                        Position::Header => "header",
                        Position::Cookie => "cookie",
                        _ => "path",
                    };
                    if position == Position::Path {
                        path.push_str("/{value}");
                    }
                    operation["parameters"] = json!([parameter(place, kind, presence)]);
                }
                Position::WebhookPayload => {
                    webhooks.insert(
                        name,
                        json!({"post": {
                            "requestBody": {
                                "required": presence.required(),
                                "content": {"application/json": {"schema": presence.schema(kind)}},
                            },
                            "responses": {"200": {"description": "Received."}},
                        }}),
                    );
                    continue;
                }
            }
            let method = if position == Position::JsonResponseBody {
                "get"
            } else {
                "post"
            };
            paths.insert(path, json!({ method: operation }));
        }
    }
    let mut spec = json!({
        "openapi": "3.1.0",
        "info": {
            "title": format!("Shape table: {}", position.label()),
            "version": "1",
        },
        "paths": paths,
        "components": {"schemas": components()},
    });
    if position == Position::WebhookPayload {
        spec["webhooks"] = Value::Object(webhooks);
    }
    spec
}

fn spec_text(spec: &Value) -> String {
    serde_json::to_string_pretty(spec).expect("a JSON value prints")
}

/// The reason of a warning (after `<file>: #<pointer>: `) and the cell its pointer is in.
fn cell_of_warning(position: Position, warning: &str) -> Option<(String, String)> {
    let (_, rest) = warning.split_once(": #")?;
    let (pointer, reason) = rest.split_once(": ")?;
    let prefix = if position == Position::WebhookPayload {
        "/webhooks/"
    } else {
        "/paths/~1"
    };
    let cell = pointer.strip_prefix(prefix)?;
    let cell = cell.split(['/', '~']).next()?;
    Some((cell.to_string(), reason.to_string()))
}

#[test]
fn every_cell_meets_its_expectation() {
    let mut failures = Vec::new();
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for &position in Position::ALL {
        let file = format!("{}.json", position.label());
        // Every cell, known bugs included, for the warnings.
        let all = Generator::new()
            .generate_output(&spec_text(&spec(position, |_, _| true)), &file)
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        let mut by_cell: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for warning in &all.warnings {
            match cell_of_warning(position, warning) {
                Some((cell, reason)) => by_cell.entry(cell).or_default().push(reason),
                None => failures.push(format!("{file}: a warning of no cell: {warning}")),
            }
        }
        for &kind in Kind::ALL {
            for &presence in Presence::ALL {
                let name = cell_name(kind, presence);
                let expected = expect(position, kind, presence);
                let reasons = by_cell.remove(&name).unwrap_or_default();
                let generated = all.code.contains(&format!("fn {name}("))
                    || all.code.contains(&format!("\"{name}\""));
                let met = match expected {
                    Expect::Compiles => reasons.is_empty() && generated,
                    Expect::Warns(expected) => reasons == expected && generated,
                    Expect::LeftOut(expected) => reasons == expected && !generated,
                    Expect::KnownBug(_) => true,
                };
                *counts
                    .entry(match expected {
                        Expect::Compiles => "compiles",
                        Expect::Warns(_) => "compiles with a warning",
                        Expect::LeftOut(_) => "left out",
                        Expect::KnownBug(_) => "known bug",
                    })
                    .or_default() += 1;
                if !met {
                    failures.push(format!(
                        "{} {name}: expected {expected:?}, got warnings {reasons:?}, generated: {generated}",
                        position.label()
                    ));
                }
            }
        }
        for (cell, reasons) in by_cell {
            failures.push(format!(
                "{file}: warnings of no known cell {cell}: {reasons:?}"
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} cells fail:\n{}",
        failures.len(),
        failures.join("\n")
    );
    eprintln!("shape table: {counts:?}");
}

/// The output compiled by `codegen/fixture-outputs`: every cell but the known bugs.
#[test]
fn every_position_generates_its_snapshot() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/shapes");
    for &position in Position::ALL {
        let file = format!("{}.json", position.label());
        let spec = spec(position, |kind, presence| {
            !matches!(expect(position, kind, presence), Expect::KnownBug(_))
        });
        let code = Generator::new()
            .generate(&spec_text(&spec), &file)
            .unwrap_or_else(|e| panic!("{file}: {e}"));
        expectorate::assert_contents(dir.join(format!("{}.rs", position.label())), &code);
    }
}
