//! `$ref`s, resolved as JSON References: a URI fragment (percent-encoded) holding an RFC 6901
//! pointer (`~1` for `/`, `~0` for `~` in a key) into this document.
//!
//! Schema `$ref`s are resolved before any other rewrite, so that pointers name places in the
//! file as it is written ([`schema_refs`]). The IR reads one kind of schema reference,
//! `#/components/schemas/<name>`; a `$ref` to a schema anywhere else (under `paths`,
//! `components/responses` or `components/parameters`, a schema's `properties` or
//! `definitions`) hoists that schema into `components/schemas`, marked [`HOISTED`] with the
//! place it came from and the name that place suggests, and the place itself then refers to
//! it, so that both are one type. A chain of `$ref`s is followed to the schema it ends at. A
//! `$ref` that points to nothing, outside the file, around a loop or at something that is no
//! schema is replaced by the degraded marker.
//!
//! An operation's parameter, request body and response `$ref`s are resolved after the
//! schemas are normalized ([`operation_refs`]): each names its component directly, or is
//! replaced by a copy of what it points to (another operation's response); one that resolves
//! to nothing of its kind leaves the operation out ([`LEFT_OUT`]).

mod name;
mod operations;
mod place;

pub(super) use operations::operation_refs;

use super::{Pointer, percent_decode};
use crate::error::{Error, push_token};
use place::{Place, place_of, tokens, what_is_at};
use serde_json::{Map, Value, json};
use std::collections::{BTreeMap, BTreeSet};

/// Marks a schema hoisted into `components/schemas`: `{"pointer": <where the file has it>,
/// "name": <the type name that place suggests>}`. The IR names and points to it by these.
pub const HOISTED: &str = "x-meteroid-hoisted";

/// Marks an operation whose parameter, request body or response `$ref` resolves to nothing of
/// its kind: `{"pointer": <the $ref>, "reason": <why>}`. The IR leaves it out with a warning.
pub const LEFT_OUT: &str = "x-meteroid-left-out";

/// `#/components/<section>/<name>`, written as the IR reads it back (the name's `~`, `/` and
/// `%` escaped).
fn component_ref(section: &str, name: &str) -> String {
    let pointer = push_token(&format!("#/components/{section}"), name);
    pointer.replace('%', "%25")
}

/// The RFC 6901 pointer of a `$ref`, or why it has none in this document.
fn local_pointer(reference: &str) -> Result<String, String> {
    let Some(fragment) = reference.strip_prefix('#') else {
        return Err(format!(
            "`$ref: {reference}` points outside this file (bundle the spec into one file to have it typed)"
        ));
    };
    let pointer = percent_decode(fragment);
    if !pointer.is_empty() && !pointer.starts_with('/') {
        return Err(format!(
            "`$ref: {reference}` names an anchor, which this generator does not resolve; use a JSON pointer (`#/...`)"
        ));
    }
    Ok(pointer)
}

/// `{"$ref": <string>}` with nothing beside it: a schema that only renames another.
fn only_ref(value: &Value) -> Option<&str> {
    match value {
        Value::Object(map) if map.len() == 1 => map.get("$ref")?.as_str(),
        _ => None,
    }
}

/// What a schema `$ref` becomes.
#[derive(Debug, Clone)]
enum Resolution {
    /// This `$ref` (to a component, or to a schema hoisted into one).
    Ref(String),
    /// The degraded marker, for this reason.
    Fails(String),
}

/// A schema to hoist into `components/schemas`.
#[derive(Debug)]
struct Hoist {
    /// Its key there.
    key: String,
    /// The type name its place suggests.
    name: String,
    /// Copied (its place is not read, and stays as it is) rather than moved (its place then
    /// refers to it).
    copy: bool,
}

/// Resolves the schema `$ref`s of a document.
struct Resolver<'d> {
    doc: &'d Value,
    /// Each `$ref` text met, resolved.
    resolved: BTreeMap<String, Resolution>,
    /// By the pointer of the place they come from.
    hoists: BTreeMap<String, Hoist>,
    /// Keys of `components/schemas`, those of the hoisted schemas included.
    keys: BTreeSet<String>,
    /// Unread places whose schemas are hoisted by copy, and whose own `$ref`s are still to
    /// be found.
    unwalked: Vec<String>,
}

impl<'d> Resolver<'d> {
    fn new(doc: &'d Value) -> Self {
        let keys = doc
            .pointer("/components/schemas")
            .and_then(Value::as_object)
            .map(|schemas| schemas.keys().cloned().collect())
            .unwrap_or_default();
        Resolver {
            doc,
            resolved: BTreeMap::new(),
            hoists: BTreeMap::new(),
            keys,
            unwalked: Vec::new(),
        }
    }

    fn resolve(&mut self, reference: &str) -> &Resolution {
        if !self.resolved.contains_key(reference) {
            let resolution = match self.follow(reference) {
                Ok(resolved) => Resolution::Ref(resolved),
                Err(reason) => Resolution::Fails(reason),
            };
            self.resolved.insert(reference.to_string(), resolution);
        }
        &self.resolved[reference]
    }

    /// Follows `reference` (and the `$ref`s it leads through) to a schema: the `$ref` that
    /// names it as a component, or why there is none.
    fn follow(&mut self, reference: &str) -> Result<String, String> {
        let mut seen: Vec<String> = Vec::new();
        let mut current = reference.to_string();
        loop {
            let through = if current == reference {
                String::new()
            } else {
                format!(" (through `$ref: {current}`)")
            };
            let pointer = local_pointer(&current).map_err(|why| format!("{why}{through}"))?;
            let Some(value) = self.doc.pointer(&pointer) else {
                return Err(format!(
                    "`$ref: {reference}` points to nothing in this file{through}"
                ));
            };
            let tokens = tokens(&pointer);
            if let [components, schemas, name] = tokens.as_slice()
                && components == "components"
                && schemas == "schemas"
            {
                return Ok(component_ref("schemas", name));
            }
            if seen.contains(&pointer) {
                seen.push(pointer);
                return Err(format!(
                    "`$ref: {reference}` is part of a loop of `$ref`s ({}) that names no schema",
                    seen.join(" -> ")
                ));
            }
            seen.push(pointer.clone());
            if let Some(next) = only_ref(value) {
                current = next.to_string();
                continue;
            }
            match value {
                Value::Object(_) | Value::Bool(true) => {}
                Value::Bool(false) => {
                    return Err(format!(
                        "`$ref: {reference}` points to the schema `false` (nothing is valid), which cannot be represented{through}"
                    ));
                }
                _ => {
                    return Err(format!(
                        "`$ref: {reference}` points to a {}, not a schema{through}",
                        json_type(value)
                    ));
                }
            }
            let place = place_of(&tokens);
            if !matches!(place, Place::Schema | Place::Unread) {
                return Err(format!(
                    "`$ref: {reference}` points to {}, not a schema{through}",
                    what_is_at(&tokens)
                ));
            }
            let key = self.hoist(&pointer, &tokens, place == Place::Unread);
            return Ok(component_ref("schemas", &key));
        }
    }

    /// Registers the schema at `pointer` for hoisting (once), and returns its key.
    fn hoist(&mut self, pointer: &str, tokens: &[String], copy: bool) -> String {
        if let Some(hoist) = self.hoists.get(pointer) {
            return hoist.key.clone();
        }
        let name = name::suggested(self.doc, tokens);
        // Unique among the keys; the IR, which knows every Rust name, makes the type name
        // unique, from `name`.
        let key = (1..)
            .map(|n| match n {
                1 => name.clone(),
                n => format!("{name}{n}"),
            })
            .find(|k| !self.keys.contains(k))
            .unwrap_or_default();
        self.keys.insert(key.clone());
        self.hoists.insert(
            pointer.to_string(),
            Hoist {
                key: key.clone(),
                name,
                copy,
            },
        );
        if copy {
            self.unwalked.push(pointer.to_string());
        }
        key
    }
}

fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "list",
        Value::Object(_) => "object",
    }
}

/// Calls `found` with every schema below `value` at `place` (what the normalizer reads as a
/// schema), and its pointer.
fn schemas(
    value: &Value,
    place: Place,
    pointer: &mut Pointer,
    found: &mut dyn FnMut(&Map<String, Value>, &str),
) {
    match value {
        Value::Object(map) => {
            if place == Place::Schema {
                found(map, pointer.as_str());
            }
            for (key, child) in map {
                let below = place.child(key);
                if below.read_below() {
                    pointer.below(key, |p| schemas(child, below, p, found));
                }
            }
        }
        Value::Array(items) => {
            // Any token names an item of a list.
            let below = place.child("0");
            if below.read_below() {
                for (i, child) in items.iter().enumerate() {
                    pointer.below_index(i, |p| schemas(child, below, p, found));
                }
            }
        }
        _ => {}
    }
}

/// A change to one schema, found by the first pass.
enum Edit {
    /// Its `$ref` becomes this one.
    Ref { at: String, reference: String },
    /// It becomes the degraded marker, for a problem at `pointer`.
    Degrade {
        at: String,
        pointer: String,
        why: String,
    },
    /// A discriminator mapping's tag names this `$ref`.
    Mapping {
        at: String,
        tag: String,
        reference: String,
    },
}

/// The first pass over the schemas: what their `$ref`s resolve to.
struct Changes<'d> {
    resolver: Resolver<'d>,
    edits: Vec<Edit>,
}

impl Changes<'_> {
    fn visit(&mut self, schema: &Map<String, Value>, at: &str) {
        if let Some(Value::String(reference)) = schema.get("$ref") {
            match self.resolver.resolve(reference) {
                // Most `$ref`s already name a component as the IR reads it.
                Resolution::Ref(resolved) if resolved == reference => {}
                Resolution::Ref(resolved) => self.edits.push(Edit::Ref {
                    at: at.to_string(),
                    reference: resolved.clone(),
                }),
                Resolution::Fails(why) => self.edits.push(Edit::Degrade {
                    at: at.to_string(),
                    pointer: at.to_string(),
                    why: why.clone(),
                }),
            }
        }
        let mapping = schema
            .get("discriminator")
            .and_then(|d| d.get("mapping"))
            .and_then(Value::as_object);
        for (tag, target) in mapping.into_iter().flatten() {
            // A bare name (`Cat`) names a component by its key; only references resolve.
            let Some(target) = target.as_str().filter(|t| t.contains(['#', '/'])) else {
                continue;
            };
            match self.resolver.resolve(target) {
                Resolution::Ref(resolved) if resolved == target => {}
                Resolution::Ref(resolved) => self.edits.push(Edit::Mapping {
                    at: at.to_string(),
                    tag: tag.clone(),
                    reference: resolved.clone(),
                }),
                // The union could not tell its branches apart: it degrades.
                Resolution::Fails(why) => self.edits.push(Edit::Degrade {
                    at: at.to_string(),
                    pointer: push_token(&format!("{at}/discriminator/mapping"), tag),
                    why: format!("the discriminator mapping `{tag}`: {why}"),
                }),
            }
        }
    }
}

/// Resolves every schema `$ref` of `doc` (see the module docs); the first step of the
/// normalizer, before anything moves.
pub(super) fn schema_refs(doc: &mut Value, file: &str) {
    let (edits, hoists) = {
        let doc: &Value = doc;
        let mut changes = Changes {
            resolver: Resolver::new(doc),
            edits: Vec::new(),
        };
        schemas(doc, Place::Root, &mut Pointer::at(""), &mut |schema, at| {
            changes.visit(schema, at)
        });
        // A schema hoisted by copy comes from a place nothing else reads: its own `$ref`s
        // are found there.
        loop {
            let unwalked = std::mem::take(&mut changes.resolver.unwalked);
            if unwalked.is_empty() {
                break;
            }
            for origin in unwalked {
                if let Some(value) = doc.pointer(&origin) {
                    schemas(
                        value,
                        Place::Schema,
                        &mut Pointer::at(&origin),
                        &mut |schema, at| changes.visit(schema, at),
                    );
                }
            }
        }
        (changes.edits, changes.resolver.hoists)
    };
    // Each schema is changed where it is before anything moves: a hoisted schema takes its
    // rewritten `$ref`s along.
    for edit in edits {
        match edit {
            Edit::Ref { at, reference } => {
                if let Some(Value::Object(schema)) = doc.pointer_mut(&at) {
                    schema.insert("$ref".into(), Value::String(reference));
                }
            }
            Edit::Degrade { at, pointer, why } => {
                // The first problem of a schema is the one reported.
                if let Some(schema) = doc.pointer_mut(&at)
                    && schema.get(super::DEGRADED).is_none()
                {
                    super::degrade(schema, Error::new(file, pointer, why), &mut Vec::new());
                }
            }
            Edit::Mapping { at, tag, reference } => {
                let at = format!("{at}/discriminator/mapping");
                if let Some(Value::Object(mapping)) = doc.pointer_mut(&at) {
                    mapping.insert(tag, Value::String(reference));
                }
            }
        }
    }
    hoist(doc, hoists);
}

/// Moves (or copies) each schema to hoist into `components/schemas`, the deepest first, so
/// that a schema hoisted from inside another is a `$ref` there when the outer one moves.
/// They join `components/schemas` in the order of their pointers.
fn hoist(doc: &mut Value, hoists: BTreeMap<String, Hoist>) {
    let mut order: Vec<(&String, &Hoist)> = hoists.iter().collect();
    let depth = |p: &str| p.matches('/').count();
    order.sort_by(|(a, _), (b, _)| depth(b).cmp(&depth(a)).then_with(|| a.cmp(b)));
    let mut hoisted: BTreeMap<&str, (String, Value)> = BTreeMap::new();
    for (origin, hoist) in order {
        let Some(node) = doc.pointer_mut(origin) else {
            continue;
        };
        let reference = json!({ "$ref": component_ref("schemas", &hoist.key) });
        let schema = if hoist.copy {
            node.clone()
        } else {
            std::mem::replace(node, reference)
        };
        let mut schema = match schema {
            Value::Object(map) => map,
            // `true`: only objects and `true` are hoisted.
            _ => Map::new(),
        };
        schema.insert(
            HOISTED.into(),
            json!({ "pointer": origin, "name": hoist.name }),
        );
        hoisted.insert(origin, (hoist.key.clone(), Value::Object(schema)));
    }
    if hoisted.is_empty() {
        return;
    }
    let Some(root) = doc.as_object_mut() else {
        return;
    };
    let components = root
        .entry("components")
        .or_insert_with(|| Value::Object(Map::new()));
    let Some(components) = components.as_object_mut() else {
        return;
    };
    let schemas = components
        .entry("schemas")
        .or_insert_with(|| Value::Object(Map::new()));
    if let Some(schemas) = schemas.as_object_mut() {
        schemas.extend(hoisted.into_values());
    }
}

/// The place a hoisted schema comes from and the name it suggests, if it is one.
pub fn hoisted(schema: &Value) -> Option<(&str, &str)> {
    let marker = schema.get(HOISTED)?;
    Some((
        marker.get("pointer")?.as_str()?,
        marker.get("name")?.as_str()?,
    ))
}

#[cfg(test)]
mod tests {
    use super::super::normalize;
    use serde_json::{Value, json};

    /// `body` (JSON) after a 3.1 header, normalized.
    fn doc(body: Value) -> Value {
        let mut doc = json!({"openapi": "3.1.0", "info": {"title": "t", "version": "1"}});
        if let (Some(doc), Value::Object(body)) = (doc.as_object_mut(), body) {
            doc.extend(body);
        }
        normalize(&mut doc, "t.yaml").unwrap();
        doc
    }

    fn at<'a>(doc: &'a Value, pointer: &str) -> &'a Value {
        doc.pointer(pointer)
            .unwrap_or_else(|| panic!("nothing at {pointer} in {doc:#}"))
    }

    /// The degraded marker's pointer and reason at `pointer`.
    fn degraded(doc: &Value, pointer: &str) -> (String, String) {
        let marker = &at(doc, pointer)[super::super::DEGRADED];
        (
            marker["pointer"].as_str().unwrap_or_default().to_string(),
            marker["reason"].as_str().unwrap_or_default().to_string(),
        )
    }

    #[test]
    fn a_ref_to_a_component_stays_and_escapes_are_read() {
        let out = doc(json!({"components": {"schemas": {
            "A": {"type": "object", "properties": {
                "b": {"$ref": "#/components/schemas/B"},
                "c": {"$ref": "#/components/schemas/a~1b%7Bc%7D"},
                "d": {"$ref": "#/components/schemas/t~0%25"}
            }},
            "B": {"type": "string"},
            "a/b{c}": {"type": "string"},
            "t~%": {"type": "string"}
        }}}));
        let properties = at(&out, "/components/schemas/A/properties");
        assert_eq!(properties["b"], json!({"$ref": "#/components/schemas/B"}));
        assert_eq!(
            properties["c"],
            json!({"$ref": "#/components/schemas/a~1b{c}"})
        );
        // `%` stays encoded: the IR decodes the fragment.
        assert_eq!(
            properties["d"],
            json!({"$ref": "#/components/schemas/t~0%25"})
        );
    }

    #[test]
    fn a_schema_elsewhere_is_hoisted_and_its_place_refers_to_it() {
        let out = doc(json!({
            "paths": {"/pets": {"get": {"operationId": "listPets", "responses": {"200": {
                "description": "ok",
                "content": {"application/json": {"schema": {"type": "object", "properties": {"n": {"type": "integer"}}}}}
            }}}}},
            "components": {"schemas": {
                "A": {"type": "object", "properties": {
                    "pets": {"$ref": "#/paths/~1pets/get/responses/200/content/application~1json/schema"},
                    "n": {"$ref": "#/paths/~1pets/get/responses/200/content/application~1json/schema/properties/n"}
                }}
            }}
        }));
        let body = "/paths/~1pets/get/responses/200/content/application~1json/schema";
        assert_eq!(
            at(&out, body),
            &json!({"$ref": "#/components/schemas/ListPetsResponse"})
        );
        let hoisted = at(&out, "/components/schemas/ListPetsResponse");
        assert_eq!(
            hoisted[super::HOISTED],
            json!({"pointer": body, "name": "ListPetsResponse"})
        );
        // The deeper schema was hoisted first: the outer one refers to it.
        assert_eq!(
            hoisted["properties"]["n"],
            json!({"$ref": "#/components/schemas/ListPetsResponseN"})
        );
        assert_eq!(
            at(&out, "/components/schemas/ListPetsResponseN/type"),
            "integer"
        );
        assert_eq!(
            at(&out, "/components/schemas/A/properties/pets"),
            &json!({"$ref": "#/components/schemas/ListPetsResponse"})
        );
    }

    #[test]
    fn definitions_parameters_and_responses_lend_their_names() {
        let out = doc(json!({"components": {
            "schemas": {
                "Account": {"type": "object", "definitions": {"balance": {"type": "number"}}, "properties": {
                    "balance": {"$ref": "#/components/schemas/Account/definitions/balance"},
                    "id": {"$ref": "#/components/parameters/accountId/schema"},
                    "error": {"$ref": "#/components/responses/NotFound/content/application~1json/schema"},
                    "nested": {"$ref": "#/components/schemas/Account/$defs/inner/properties/x"}
                }, "$defs": {"inner": {"properties": {"x": {"type": "boolean"}}}}},
                // A key the name would take.
                "Balance": {"type": "string"}
            },
            "parameters": {"accountId": {"name": "id", "in": "path", "schema": {"type": "string"}}},
            "responses": {"NotFound": {"description": "no", "content": {"application/json": {"schema": {"type": "object"}}}}}
        }}));
        let schemas = at(&out, "/components/schemas").as_object().unwrap();
        let keys: Vec<&str> = schemas.keys().map(String::as_str).collect();
        // In the order of their places' pointers.
        assert_eq!(
            keys,
            [
                "Account",
                "Balance",
                "AccountId",
                "NotFound",
                "InnerX",
                "Balance2"
            ]
        );
        // The key is unique; the name is the place's, for the IR to make unique.
        assert_eq!(schemas["Balance2"][super::HOISTED]["name"], "Balance");
        assert_eq!(
            at(&out, "/components/parameters/accountId/schema"),
            &json!({"$ref": "#/components/schemas/AccountId"})
        );
    }

    #[test]
    fn a_hoisted_schema_keeps_its_origin_through_the_rewrites() {
        let out = doc(
            json!({"components": {"schemas": {"A": {"type": "object", "properties": {
                "list": {"type": ["string", "integer"]},
                "maybe": {"oneOf": [{"type": "null"}, {"type": "object"}]},
                "bad": {"type": "string", "if": {}},
                "x": {"$ref": "#/components/schemas/A/properties/list"},
                "y": {"$ref": "#/components/schemas/A/properties/maybe"},
                "z": {"$ref": "#/components/schemas/A/properties/bad"}
            }}}}}),
        );
        for (key, origin) in [("AList", "list"), ("AMaybe", "maybe"), ("ABad", "bad")] {
            let hoisted = at(&out, &format!("/components/schemas/{key}"));
            assert_eq!(
                hoisted[super::HOISTED]["pointer"],
                format!("/components/schemas/A/properties/{origin}"),
                "{hoisted:#}"
            );
        }
        // Problems are named at the place the file has them.
        assert_eq!(
            degraded(&out, "/components/schemas/ABad").0,
            "/components/schemas/A/properties/bad/if"
        );
    }

    #[test]
    fn chains_are_followed_to_the_schema_they_end_at() {
        let out = doc(json!({"components": {"schemas": {
            "A": {"type": "object", "properties": {
                "a": {"$ref": "#/components/schemas/A/properties/b"},
                "b": {"$ref": "#/components/schemas/A/properties/c"},
                "c": {"$ref": "#/components/schemas/B"},
                "d": {"$ref": "#/components/schemas/C"}
            }},
            "B": {"type": "string"},
            // A component that only renames another stays a component.
            "C": {"$ref": "#/components/schemas/B"}
        }}}));
        let properties = at(&out, "/components/schemas/A/properties");
        for p in ["a", "b", "c"] {
            assert_eq!(
                properties[p],
                json!({"$ref": "#/components/schemas/B"}),
                "{p}"
            );
        }
        assert_eq!(properties["d"], json!({"$ref": "#/components/schemas/C"}));
    }

    #[test]
    fn refs_that_resolve_to_no_schema_degrade_where_they_are() {
        let out = doc(json!({
            "paths": {"/a": {"get": {"responses": {"200": {"description": "ok"}}}}},
            "components": {"schemas": {"A": {"type": "object", "properties": {
                "nothing": {"$ref": "#/components/schemas/Nope", "description": "kept"},
                "outside": {"$ref": "other.yaml#/components/schemas/A"},
                "web": {"$ref": "https://example.com/s.json"},
                "response": {"$ref": "#/paths/~1a/get/responses/200"},
                "loop": {"$ref": "#/components/schemas/A/properties/loop"},
                "anchor": {"$ref": "#thing"},
                "value": {"$ref": "#/info/title"},
                "info": {"$ref": "#/info"},
                "map": {"$ref": "#/components/schemas/A/properties"},
                "false": {"$ref": "#/x-false"},
                "chain": {"$ref": "#/components/schemas/A/properties/nothing2"},
                "nothing2": {"$ref": "#/components/schemas/Gone"}
            }}}},
            "x-false": false
        }));
        let p = "/components/schemas/A/properties";
        let reason = |name: &str| {
            let (pointer, reason) = degraded(&out, &format!("{p}/{name}"));
            assert_eq!(pointer, format!("{p}/{name}"));
            reason
        };
        assert_eq!(
            reason("nothing"),
            "`$ref: #/components/schemas/Nope` points to nothing in this file"
        );
        assert_eq!(at(&out, &format!("{p}/nothing/description")), "kept");
        assert!(reason("outside").contains("points outside this file"));
        assert!(reason("web").contains("points outside this file"));
        assert_eq!(
            reason("response"),
            "`$ref: #/paths/~1a/get/responses/200` points to a response, not a schema"
        );
        assert_eq!(
            reason("loop"),
            "`$ref: #/components/schemas/A/properties/loop` is part of a loop of `$ref`s (/components/schemas/A/properties/loop -> /components/schemas/A/properties/loop) that names no schema"
        );
        assert!(reason("anchor").contains("names an anchor"));
        assert_eq!(
            reason("value"),
            "`$ref: #/info/title` points to a string, not a schema"
        );
        assert_eq!(
            reason("info"),
            "`$ref: #/info` points to an OpenAPI object, not a schema"
        );
        assert_eq!(
            reason("map"),
            "`$ref: #/components/schemas/A/properties` points to a collection of schemas, not a schema"
        );
        assert!(reason("false").contains("the schema `false`"));
        assert_eq!(
            reason("chain"),
            "`$ref: #/components/schemas/A/properties/nothing2` points to nothing in this file (through `$ref: #/components/schemas/Gone`)"
        );
    }

    #[test]
    fn a_schema_in_a_part_nothing_reads_is_copied_with_its_refs() {
        let out = doc(json!({
            "components": {"schemas": {"A": {"$ref": "#/definitions/Old"}}},
            "definitions": {
                "Old": {"type": "object", "properties": {"b": {"$ref": "#/definitions/Other"}}},
                "Other": {"type": "string"}
            }
        }));
        assert_eq!(
            at(&out, "/components/schemas/A"),
            &json!({"$ref": "#/components/schemas/Old"})
        );
        assert_eq!(
            at(&out, "/components/schemas/Old/properties/b"),
            &json!({"$ref": "#/components/schemas/Other"})
        );
        // The place itself stays (nothing reads it), its `$ref`s resolved.
        assert_eq!(at(&out, "/definitions/Old/type"), "object");
    }

    #[test]
    fn discriminator_mappings_follow_their_branches() {
        let out = doc(json!({"components": {"schemas": {
            "U": {
                "oneOf": [{"$ref": "#/components/schemas/U/definitions/cat"}, {"$ref": "#/components/schemas/Dog"}],
                "discriminator": {"propertyName": "kind", "mapping": {
                    "cat": "#/components/schemas/U/definitions/cat",
                    "dog": "#/components/schemas/Dog",
                    "bare": "Dog"
                }},
                "definitions": {"cat": {"type": "object"}}
            },
            "Dog": {"type": "object"},
            "V": {
                "oneOf": [{"$ref": "#/components/schemas/Dog"}],
                "discriminator": {"propertyName": "kind", "mapping": {"dog": "models/dog.yml#/Dog"}}
            }
        }}}));
        assert_eq!(
            degraded(&out, "/components/schemas/V"),
            (
                "/components/schemas/V/discriminator/mapping/dog".to_string(),
                "the discriminator mapping `dog`: `$ref: models/dog.yml#/Dog` points outside this file (bundle the spec into one file to have it typed)".to_string()
            )
        );
        assert_eq!(
            at(&out, "/components/schemas/U/discriminator/mapping"),
            &json!({"cat": "#/components/schemas/Cat", "dog": "#/components/schemas/Dog", "bare": "Dog"})
        );
        assert_eq!(
            at(&out, "/components/schemas/U/oneOf/0"),
            &json!({"$ref": "#/components/schemas/Cat"})
        );
    }
}
