//! OpenAPI 3.1 -> the OpenAPI 3.0 shape that `openapiv3` models.
//!
//! `openapiv3` deserializes 3.0 and silently drops keywords it does not model, so this step is
//! both a rewrite and a gate: every schema keyword is either carried (unchanged, or rewritten
//! to its 3.0 form below) or refused with an error that names its JSON pointer. Nothing is lost
//! in silence.
//!
//! | 3.1 | 3.0 |
//! | --- | --- |
//! | `type: [T, 'null']` | `type: T`, `nullable: true` |
//! | `type: [string, number]` with `format: decimal` | `type: string` (the runtime `Decimal` reads numbers too) |
//! | `oneOf`/`anyOf` of `{type: 'null'}` and one schema `S` | `S` inline with `nullable: true`; for a `$ref`, `allOf: [$ref]` + `nullable: true` |
//! | `oneOf`/`anyOf` of `{type: 'null'}` and several schemas | the others, `nullable: true` |
//! | `enum: [.., null]` | the enum without `null`, `nullable: true` |
//! | `$ref` with sibling keywords | `allOf: [$ref]` beside the siblings |
//! | `examples: [a, ..]` | `example: a`, and all of them in `x-examples` (for docs) |
//! | `const: v` | `enum: [v]` |
//! | `exclusiveMinimum: n` (a number) | `minimum: n`, `exclusiveMinimum: true` (same for maximum) |
//! | `propertyNames: {type: string}` | dropped: every JSON object key is a string |
//! | `$comment` | dropped: a comment for spec authors |
//! | `properties` or `additionalProperties`/`items`/`enum` without `type` | `type: object`/`array`/`string` made explicit (then keywords of other types are dropped) |
//! | `true` as a schema | `{}` |
//!
//! The document itself: `openapi: 3.1.x` becomes `3.0.3`, `webhooks` (requests the API sends,
//! not operations a client calls) move to the [`WEBHOOKS`] extension, `jsonSchemaDialect` is
//! removed. Every `$ref` in the document must point at something inside it.

mod numbers;
mod refs;

pub use refs::{HOISTED, LEFT_OUT, hoisted};

use crate::error::{Error, append_token, push_token};
use serde_json::{Map, Value};

/// Schema keywords `openapiv3` models, carried as they are.
const CARRIED: &[&str] = &[
    "type",
    "format",
    "pattern",
    "multipleOf",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "minLength",
    "maxLength",
    "properties",
    "required",
    "additionalProperties",
    "minProperties",
    "maxProperties",
    "items",
    "minItems",
    "maxItems",
    "uniqueItems",
    "enum",
    "oneOf",
    "allOf",
    "anyOf",
    "not",
    "nullable",
    "readOnly",
    "writeOnly",
    "deprecated",
    "externalDocs",
    "example",
    "title",
    "description",
    "discriminator",
    "default",
];

/// Where the document's `webhooks` go: `openapiv3` keeps `x-` keys as extensions.
pub const WEBHOOKS: &str = "x-meteroid-webhooks";

/// The operations of a path item.
const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Rewrites `doc` (a whole OpenAPI document) in place; see the module docs for the rules.
pub fn normalize(doc: &mut Value, file: &str) -> Result<(), Error> {
    let mut degraded = Vec::new();
    let root = doc
        .as_object_mut()
        .ok_or_else(|| Error::new(file, "", "the document is not an object"))?;
    check_version(root, file)?;
    dynamic_refs(doc);
    // Before any other rewrite, so that pointers name places in the file as the user wrote it.
    refs::schema_refs(doc, file);
    let Some(root) = doc.as_object_mut() else {
        return Err(Error::new(file, "", "the document is not an object"));
    };
    // Webhooks are requests the API sends, not operations: carried for the IR's event type
    // as an extension (`openapiv3` models no `webhooks`), their schemas normalized as paths'.
    if let Some(mut webhooks) = root.remove("webhooks") {
        let mut pointer = Pointer::at("/webhooks");
        walk_structure(&mut webhooks, &mut pointer, file, &mut degraded);
        root.insert(WEBHOOKS.into(), webhooks);
    }
    root.remove("jsonSchemaDialect");
    // 3.1 makes `paths` optional (a document may describe only webhooks or components), and
    // an operation's `responses`; `openapiv3` requires both.
    root.entry("paths")
        .or_insert_with(|| Value::Object(Map::new()));
    if let Some(Value::Object(paths)) = root.get_mut("paths") {
        for item in paths.values_mut().filter_map(Value::as_object_mut) {
            for (method, operation) in item.iter_mut() {
                if METHODS.contains(&method.as_str())
                    && let Value::Object(operation) = operation
                {
                    operation
                        .entry("responses")
                        .or_insert_with(|| Value::Object(Map::new()));
                }
            }
        }
    }
    drop_callbacks(root);
    let mut pointer = Pointer::at("");
    for (key, value) in root.iter_mut() {
        match key.as_str() {
            "paths" => pointer.below(key, |p| walk_structure(value, p, file, &mut degraded)),
            "components" => pointer.below(key, |p| walk_components(value, p, file, &mut degraded)),
            _ => {}
        }
    }
    refs::operation_refs(doc);
    Ok(())
}

/// Callbacks are requests the API makes to the caller, which a client does not send: removed
/// (their `$ref`s, which `openapiv3` cannot read, with them). A `$ref` into one has already
/// taken its schema.
fn drop_callbacks(root: &mut Map<String, Value>) {
    if let Some(Value::Object(components)) = root.get_mut("components") {
        components.remove("callbacks");
    }
    let Some(Value::Object(paths)) = root.get_mut("paths") else {
        return;
    };
    for item in paths.values_mut().filter_map(Value::as_object_mut) {
        for (method, operation) in item.iter_mut() {
            if METHODS.contains(&method.as_str())
                && let Value::Object(operation) = operation
            {
                operation.remove("callbacks");
            }
        }
    }
}

/// The JSON pointer of the node a walk is at, in one buffer that grows by a token on the way
/// down and is cut back on the way up: a spec has thousands of nodes, and their pointers are
/// read only for the rare one that is wrong.
struct Pointer(String);

impl Pointer {
    fn at(pointer: &str) -> Self {
        Pointer(pointer.to_string())
    }

    fn as_str(&self) -> &str {
        &self.0
    }

    /// Runs `f` with the pointer one `token` deeper.
    fn below<R>(&mut self, token: &str, f: impl FnOnce(&mut Self) -> R) -> R {
        let len = self.0.len();
        append_token(&mut self.0, token);
        let result = f(self);
        self.0.truncate(len);
        result
    }

    /// [`Pointer::below`] for an array index.
    fn below_index<R>(&mut self, index: usize, f: impl FnOnce(&mut Self) -> R) -> R {
        use std::fmt::Write;
        let len = self.0.len();
        // Writing into a String cannot fail.
        let _ = write!(self.0, "/{index}");
        let result = f(self);
        self.0.truncate(len);
        result
    }
}

/// `$dynamicRef: '#name'` names the schema whose `$dynamicAnchor` is `name`, and
/// `$recursiveRef: '#'` the component that contains it: both become plain `$ref`s to that
/// component. One that names no anchor of a component is left, and degrades later.
fn dynamic_refs(doc: &mut Value) {
    let anchors: Vec<(String, String)> = doc
        .pointer("/components/schemas")
        .and_then(Value::as_object)
        .map(|schemas| {
            schemas
                .iter()
                .filter_map(|(name, schema)| {
                    let anchor = schema.get("$dynamicAnchor")?.as_str()?;
                    Some((anchor.to_string(), name.clone()))
                })
                .collect()
        })
        .unwrap_or_default();
    let target = |name: &str| {
        format!(
            "#/components/schemas/{}",
            name.replace('~', "~0").replace('/', "~1")
        )
    };
    fn walk(
        node: &mut Value,
        component: Option<&str>,
        anchors: &[(String, String)],
        target: &dyn Fn(&str) -> String,
    ) {
        match node {
            Value::Object(map) => {
                if let Some(Value::String(reference)) = map.get("$dynamicRef").cloned() {
                    let resolved = if reference.starts_with("#/") {
                        Some(reference)
                    } else {
                        let anchor = reference.trim_start_matches('#');
                        anchors
                            .iter()
                            .find(|(a, _)| a == anchor)
                            .map(|(_, name)| target(name))
                    };
                    if let Some(resolved) = resolved {
                        map.remove("$dynamicRef");
                        map.insert("$ref".into(), Value::String(resolved));
                    }
                }
                if map.get("$recursiveRef").and_then(Value::as_str) == Some("#")
                    && let Some(component) = component
                {
                    map.remove("$recursiveRef");
                    map.insert("$ref".into(), Value::String(target(component)));
                }
                for (key, child) in map.iter_mut() {
                    if key != "example" && key != "examples" {
                        walk(child, component, anchors, target);
                    }
                }
            }
            Value::Array(items) => {
                for item in items {
                    walk(item, component, anchors, target);
                }
            }
            _ => {}
        }
    }
    if let Some(Value::Object(schemas)) = doc.pointer_mut("/components/schemas") {
        for (name, schema) in schemas.iter_mut() {
            walk(schema, Some(name), &anchors, &target);
        }
    }
    if let Some(paths) = doc.get_mut("paths") {
        walk(paths, None, &anchors, &target);
    }
}

fn check_version(root: &mut Map<String, Value>, file: &str) -> Result<(), Error> {
    if root.contains_key("swagger") {
        return Err(Error::new(
            file,
            "/swagger",
            "this is a Swagger 2.0 document; convert it to OpenAPI 3.0 or 3.1 first",
        ));
    }
    let version = match root.get("openapi") {
        Some(Value::String(v)) => v.clone(),
        Some(_) => {
            return Err(Error::new(
                file,
                "/openapi",
                "`openapi` must be a version string such as \"3.1.0\"",
            ));
        }
        None => {
            return Err(Error::new(
                file,
                "",
                "no `openapi` version field: this does not look like an OpenAPI document",
            ));
        }
    };
    if version.starts_with("3.1.") {
        root.insert("openapi".into(), Value::String("3.0.3".into()));
        Ok(())
    } else if version.starts_with("3.0.") {
        Ok(())
    } else {
        Err(Error::new(
            file,
            "/openapi",
            format!("OpenAPI version {version} is not supported; use 3.0.x or 3.1.x"),
        ))
    }
}

fn walk_components(
    value: &mut Value,
    pointer: &mut Pointer,
    file: &str,
    degraded: &mut Vec<Error>,
) {
    let Some(components) = value.as_object_mut() else {
        return;
    };
    for (key, section) in components.iter_mut() {
        if key == "schemas" {
            if let Some(schemas) = section.as_object_mut() {
                pointer.below(key, |pointer| {
                    for (name, schema) in schemas.iter_mut() {
                        // A hoisted schema is named by the place the file has it.
                        match hoisted(schema).map(|(origin, _)| origin.to_string()) {
                            Some(origin) => {
                                nested(schema, &mut Pointer::at(&origin), file, 0, degraded)
                            }
                            None => pointer.below(name, |p| nested(schema, p, file, 0, degraded)),
                        }
                    }
                });
            }
        } else if !key.starts_with("x-") {
            pointer.below(key, |p| walk_structure(section, p, file, degraded));
        }
    }
}

/// Walks the non-schema parts of the document (paths, parameters, media types, ...) and
/// normalizes every schema it finds under a `schema` key. Examples and extensions hold
/// arbitrary JSON, not OpenAPI structure, so they are not entered.
fn walk_structure(value: &mut Value, pointer: &mut Pointer, file: &str, degraded: &mut Vec<Error>) {
    match value {
        Value::Object(map) => {
            for (key, child) in map.iter_mut() {
                match key.as_str() {
                    "schema" => pointer.below(key, |p| nested(child, p, file, 0, degraded)),
                    "example" | "examples" => {}
                    k if k.starts_with("x-") => {}
                    _ => pointer.below(key, |p| walk_structure(child, p, file, degraded)),
                }
            }
        }
        Value::Array(items) => {
            for (i, child) in items.iter_mut().enumerate() {
                pointer.below_index(i, |p| walk_structure(child, p, file, degraded));
            }
        }
        _ => {}
    }
}

/// Normalizes one schema and, recursively, the schemas inside it. A schema (or a schema inside
/// it) that cannot be carried is replaced by a [`DEGRADED`] marker, and the first such problem
/// is also returned as the error.
pub fn normalize_schema(schema: &mut Value, pointer: &str, file: &str) -> Result<(), Error> {
    let mut degraded = Vec::new();
    nested(schema, &mut Pointer::at(pointer), file, 0, &mut degraded);
    match degraded.into_iter().next() {
        Some(first) => Err(first),
        None => Ok(()),
    }
}

/// The extension that replaces a schema the normalizer cannot carry:
/// `{"pointer": <where>, "reason": <why>}`. The IR reports it as one warning (an error in strict
/// mode) and types the value as `serde_json::Value`, so that one odd schema never stops the
/// rest of a spec from generating.
pub const DEGRADED: &str = "x-meteroid-degraded";

/// Replaces `schema` by the [`DEGRADED`] marker for `error`, keeping its description (and
/// where a hoisted schema comes from).
fn degrade(schema: &mut Value, error: Error, degraded: &mut Vec<Error>) {
    let mut marker = Map::new();
    if let Some(description) = schema.get("description").filter(|d| d.is_string()) {
        marker.insert("description".into(), description.clone());
    }
    if let Some(origin) = schema.get(HOISTED) {
        marker.insert(HOISTED.into(), origin.clone());
    }
    let mut why = Map::new();
    why.insert("pointer".into(), Value::String(error.pointer().to_string()));
    why.insert("reason".into(), Value::String(error.message().to_string()));
    marker.insert(DEGRADED.into(), Value::Object(why));
    *schema = Value::Object(marker);
    degraded.push(error);
}

/// How deep inline schemas may nest. Real specs stay under ten; the limit keeps every later
/// recursive step (openapiv3, the IR, the emitter) far from the stack's end.
const MAX_DEPTH: usize = 32;

fn nested(
    schema: &mut Value,
    pointer: &mut Pointer,
    file: &str,
    depth: usize,
    degraded: &mut Vec<Error>,
) {
    if let Err(error) = rewrite(schema, pointer, file, depth, degraded) {
        degrade(schema, error, degraded);
    }
}

/// The rewrites of one schema, then of the schemas inside it (each of which degrades on its
/// own). An error means this schema itself cannot be carried.
fn rewrite(
    schema: &mut Value,
    walk: &mut Pointer,
    file: &str,
    depth: usize,
    degraded: &mut Vec<Error>,
) -> Result<(), Error> {
    let pointer = walk.as_str();
    if depth > MAX_DEPTH {
        return Err(Error::new(
            file,
            pointer,
            format!(
                "schemas nested more than {MAX_DEPTH} levels deep; name the inner ones under `components/schemas`"
            ),
        ));
    }
    match schema {
        Value::Bool(true) => {
            *schema = Value::Object(Map::new());
            return Ok(());
        }
        Value::Bool(false) => {
            return Err(Error::new(
                file,
                pointer,
                "the schema `false` (nothing is valid) cannot be represented; remove it",
            ));
        }
        Value::Object(_) => {}
        _ => return Err(Error::new(file, pointer, "a schema must be an object")),
    }
    let Value::Object(map) = schema else {
        return Ok(());
    };

    drop_annotations(map);
    ill_typed_text(map);
    tuple(map);
    // Null branches go first: the branch left over may join this schema and still needs the
    // rewrites below.
    null_branches(map, pointer, file)?;
    ref_with_siblings(map, pointer, file)?;
    constant(map);
    type_array(map, pointer, file)?;
    enum_with_null(map);
    only_null(map);
    examples(map, pointer, file)?;
    exclusive_bounds(map, pointer, file)?;
    property_names(map, pointer, file)?;
    composition_siblings(map);
    // The type a schema implies first, so that keywords of another type beside it go too
    // (Wordnik's `uniqueItems` on an object with `properties` and no `type`).
    implicit_type(map);
    inapplicable_keywords(map);
    numbers::numbers(map);
    refuse_unknown_keywords(map, pointer, file)?;

    for (key, child) in map.iter_mut() {
        // Pointers name `prefixItems`, where the file has the tuple.
        let token = if key == TUPLE { "prefixItems" } else { key };
        walk.below(token, |walk| {
            children(key, child, walk, file, depth, degraded)
        })?;
    }
    Ok(())
}

/// The schemas inside `child`, the value of `key` in a schema: each is rewritten on its own.
/// An error means the keyword's value is not a schema where one must be, so the schema that
/// holds it cannot be carried.
fn children(
    key: &str,
    child: &mut Value,
    walk: &mut Pointer,
    file: &str,
    depth: usize,
    degraded: &mut Vec<Error>,
) -> Result<(), Error> {
    match key {
        "properties" => {
            let Some(properties) = child.as_object_mut() else {
                return Err(Error::new(
                    file,
                    walk.as_str(),
                    "`properties` must be an object",
                ));
            };
            for (name, property) in properties.iter_mut() {
                walk.below(name, |p| nested(property, p, file, depth + 1, degraded));
            }
        }
        "items" => {
            if child.is_array() {
                return Err(Error::new(
                    file,
                    walk.as_str(),
                    "tuple `items` (an array of schemas) is not supported; use one schema",
                ));
            }
            nested(child, walk, file, depth + 1, degraded);
        }
        "additionalProperties" if child.is_object() => {
            nested(child, walk, file, depth + 1, degraded);
        }
        "not" => nested(child, walk, file, depth + 1, degraded),
        TUPLE => {
            if let Value::Array(items) = child {
                for (i, item) in items.iter_mut().enumerate() {
                    walk.below_index(i, |p| nested(item, p, file, depth + 1, degraded));
                }
            }
        }
        "oneOf" | "anyOf" | "allOf" => {
            let Some(branches) = child.as_array_mut() else {
                return Err(Error::new(
                    file,
                    walk.as_str(),
                    format!("`{key}` must be an array of schemas"),
                ));
            };
            for (i, branch) in branches.iter_mut().enumerate() {
                walk.below_index(i, |p| nested(branch, p, file, depth + 1, degraded));
            }
        }
        _ => {}
    }
    Ok(())
}

/// Keywords that change no Rust type, dropped: annotations (`xml`, content encoding, comments,
/// identifiers) and validation a client does not repeat (the server validates).
const DROPPED: &[&str] = &[
    "$comment",
    "$schema",
    "$id",
    "$anchor",
    "$dynamicAnchor",
    "$recursiveAnchor",
    "$defs",
    "definitions",
    "xml",
    "contentEncoding",
    "contentMediaType",
    "contentSchema",
    "dependentRequired",
    "contains",
    "minContains",
    "maxContains",
    "unevaluatedItems",
    "unevaluatedProperties",
];

/// Marks a tuple: `prefixItems` with no items after them (`items: false`, or `maxItems` the
/// prefix's length) becomes this extension, its schemas normalized in place; `openapiv3` has
/// no tuples. A prefix that more items of any kind may follow says little a Rust type can
/// hold: it is dropped, and the array's items are what `items` says.
pub const TUPLE: &str = "x-meteroid-tuple";

fn tuple(map: &mut Map<String, Value>) {
    let closed = map.get("items") == Some(&Value::Bool(false));
    if closed {
        map.remove("items");
    }
    let Some(Value::Array(prefix)) = map.remove("prefixItems") else {
        return;
    };
    let bounded = map
        .get("maxItems")
        .and_then(Value::as_u64)
        .is_some_and(|max| max == prefix.len() as u64);
    if closed || bounded && !map.contains_key("items") {
        map.insert("type".into(), Value::String("array".into()));
        map.insert(TUPLE.into(), Value::Array(prefix));
    }
}

fn drop_annotations(map: &mut Map<String, Value>) {
    map.retain(|key, _| !DROPPED.contains(&key.as_str()));
}

/// Text keywords whose value is not text (api.video's `pattern: 0`) tell a client nothing it
/// can use; dropped, where `openapiv3` would refuse the whole document for them.
fn ill_typed_text(map: &mut Map<String, Value>) {
    map.retain(|key, value| {
        value.is_string() || !matches!(key.as_str(), "pattern" | "format" | "title" | "description")
    });
}

/// Keywords for another type than the schema's own apply to no value it allows (JSON Schema
/// checks `required` only on objects, `pattern` only on strings, ...): dropped, so that
/// `{type: array, required: [..]}` or `{type: object, format: object}` is the type it says.
fn inapplicable_keywords(map: &mut Map<String, Value>) {
    let Some(own) = map.get("type").and_then(Value::as_str).map(str::to_string) else {
        return;
    };
    // Beside a composition, `type` is about the branches; the composition rules handle it.
    if ["allOf", "oneOf", "anyOf"]
        .iter()
        .any(|k| map.contains_key(*k))
    {
        return;
    }
    map.retain(|key, _| keyword_types(key).is_none_or(|types| types.contains(&own.as_str())));
}

/// The JSON types a type-specific keyword applies to; `None` for one that applies to any.
fn keyword_types(key: &str) -> Option<&'static [&'static str]> {
    Some(match key {
        "pattern" | "minLength" | "maxLength" => &["string"],
        "format" => &["string", "number", "integer"],
        "minimum" | "maximum" | "exclusiveMinimum" | "exclusiveMaximum" | "multipleOf" => {
            &["number", "integer"]
        }
        "properties" | "required" | "additionalProperties" | "minProperties" | "maxProperties" => {
            &["object"]
        }
        "items" | "minItems" | "maxItems" | "uniqueItems" => &["array"],
        _ => return None,
    })
}

/// Keywords that say what a value is, as opposed to annotations about it.
const STRUCTURAL: &[&str] = &[
    "type",
    "format",
    "properties",
    "required",
    "additionalProperties",
    "minProperties",
    "maxProperties",
    "items",
    "minItems",
    "maxItems",
    "uniqueItems",
    "enum",
    "pattern",
    "minLength",
    "maxLength",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
];

/// Structural keywords beside `allOf`/`oneOf`/`anyOf` are one more condition the value meets
/// (JSON Schema ANDs a schema's keywords): beside `allOf` they become one more branch; beside
/// `oneOf`/`anyOf` every branch gets them (`allOf: [branch, {keywords}]`). A lone `type` there
/// repeats what the branches say, and is dropped.
fn composition_siblings(map: &mut Map<String, Value>) {
    let composition = ["allOf", "oneOf", "anyOf"]
        .into_iter()
        .find(|k| map.get(*k).is_some_and(Value::is_array));
    let Some(composition) = composition else {
        return;
    };
    let siblings: Vec<String> = map
        .keys()
        .filter(|k| STRUCTURAL.contains(&k.as_str()))
        .cloned()
        .collect();
    if siblings.is_empty() {
        return;
    }
    if siblings == ["type"] {
        map.remove("type");
        return;
    }
    // A discriminated union names its branches by `$ref`; wrapping them would hide the names.
    if composition == "oneOf" && map.contains_key("discriminator") {
        return;
    }
    let mut extra = Map::new();
    for key in siblings {
        if let Some(value) = map.remove(&key) {
            extra.insert(key, value);
        }
    }
    let Some(Value::Array(branches)) = map.get_mut(composition) else {
        return;
    };
    if composition == "allOf" {
        branches.push(Value::Object(extra));
    } else {
        for branch in branches.iter_mut() {
            let mut wrapped = Map::new();
            wrapped.insert(
                "allOf".into(),
                Value::Array(vec![branch.take(), Value::Object(extra.clone())]),
            );
            *branch = Value::Object(wrapped);
        }
    }
}

fn ref_with_siblings(map: &mut Map<String, Value>, pointer: &str, file: &str) -> Result<(), Error> {
    let Some(reference) = map.get("$ref") else {
        return Ok(());
    };
    if !reference.is_string() {
        return Err(Error::new(
            file,
            push_token(pointer, "$ref"),
            "`$ref` must be a string",
        ));
    }
    if map.len() == 1 {
        return Ok(());
    }
    let Some(reference) = map.remove("$ref") else {
        return Ok(());
    };
    let mut only_ref = Map::new();
    only_ref.insert("$ref".into(), reference);
    // Beside an `allOf`, the reference is one more thing the value must match: the first branch.
    match map.get_mut("allOf") {
        Some(Value::Array(branches)) => branches.insert(0, Value::Object(only_ref)),
        Some(_) => {
            return Err(Error::new(
                file,
                push_token(pointer, "allOf"),
                "`allOf` must be an array of schemas",
            ));
        }
        None => {
            map.insert("allOf".into(), Value::Array(vec![Value::Object(only_ref)]));
        }
    }
    Ok(())
}

fn type_array(map: &mut Map<String, Value>, pointer: &str, file: &str) -> Result<(), Error> {
    let Some(Value::Array(types)) = map.get("type") else {
        return Ok(());
    };
    let mut nullable = false;
    let mut others = Vec::new();
    for t in types {
        match t.as_str() {
            Some("null") => nullable = true,
            Some(name) => others.push(name.to_string()),
            None => {
                return Err(Error::new(
                    file,
                    push_token(pointer, "type"),
                    "every entry of a `type` list must be a string",
                ));
            }
        }
    }
    let decimal = map.get("format").and_then(Value::as_str) == Some("decimal");
    match others.as_slice() {
        [one] => {
            map.insert("type".into(), Value::String(one.clone()));
        }
        // A decimal some servers send as a number: the runtime's `Decimal` reads both and
        // writes the string, so `string` carries the whole meaning.
        [a, b]
            if decimal
                && [a.as_str(), b.as_str()].contains(&"string")
                && [a.as_str(), b.as_str()].contains(&"number") =>
        {
            map.insert("type".into(), Value::String("string".into()));
        }
        [] => {
            // `type: ['null']` alone: only meaningful as a branch of oneOf/anyOf, where
            // `null_branches` removes it.
            map.insert("type".into(), Value::String("null".into()));
        }
        _ if ["oneOf", "anyOf", "allOf"]
            .iter()
            .any(|k| map.contains_key(*k)) =>
        {
            return Err(Error::new(
                file,
                push_token(pointer, "type"),
                format!(
                    "a value of several types ({}) beside a composition is not supported; \
                     use `oneOf` with one schema per type",
                    others.join(", ")
                ),
            ));
        }
        _ => split_types(map, &others),
    }
    if nullable {
        map.insert("nullable".into(), Value::Bool(true));
    }
    Ok(())
}

/// `type: [a, b, ..]`: `anyOf` one schema per type, each with the keywords that apply to it
/// (a string's `pattern`, a number's `minimum`, an object's `properties`, ...).
fn split_types(map: &mut Map<String, Value>, types: &[String]) {
    const NUMERIC_FORMATS: &[&str] = &[
        "int8", "int16", "int32", "int64", "uint8", "uint16", "uint32", "uint64", "float", "double",
    ];
    // Which branch types get a keyword: those it applies to, and a `format` only the types
    // its value is a format of (`int32` a number's, `date` a string's).
    let applies = |key: &str, value: &Value, t: &str| -> bool {
        let Some(types) = keyword_types(key) else {
            return false;
        };
        let numeric = || value.as_str().is_some_and(|f| NUMERIC_FORMATS.contains(&f));
        types.contains(&t) && (key != "format" || numeric() == (t != "string"))
    };
    let mut branches: Vec<Map<String, Value>> = types
        .iter()
        .map(|t| {
            let mut branch = Map::new();
            branch.insert("type".into(), Value::String(t.clone()));
            branch
        })
        .collect();
    let keys: Vec<String> = map.keys().cloned().collect();
    for key in keys {
        let Some(value) = map.get(&key) else { continue };
        if key == "enum" {
            let Some(values) = value.as_array().cloned() else {
                continue;
            };
            map.remove(&key);
            for (t, branch) in types.iter().zip(branches.iter_mut()) {
                let own: Vec<Value> = values
                    .iter()
                    .filter(|v| json_type_matches(v, t))
                    .cloned()
                    .collect();
                if !own.is_empty() {
                    branch.insert("enum".into(), Value::Array(own));
                }
            }
            continue;
        }
        if keyword_types(&key).is_none() {
            continue;
        }
        let Some(value) = map.remove(&key) else {
            continue;
        };
        for (t, branch) in types.iter().zip(branches.iter_mut()) {
            if applies(&key, &value, t) {
                branch.insert(key.clone(), value.clone());
            }
        }
    }
    map.remove("type");
    map.insert(
        "anyOf".into(),
        Value::Array(branches.into_iter().map(Value::Object).collect()),
    );
}

fn json_type_matches(value: &Value, t: &str) -> bool {
    match t {
        "string" => value.is_string(),
        "integer" => value.is_i64() || value.is_u64(),
        "number" => value.is_number(),
        "boolean" => value.is_boolean(),
        "object" => value.is_object(),
        "array" => value.is_array(),
        _ => false,
    }
}

/// Marks a schema whose only value is `null` (what is left of `type: 'null'` once the rewrites
/// before have taken the null branches of unions): `openapiv3` has no null type.
pub const ONLY_NULL: &str = "x-meteroid-null";

fn only_null(map: &mut Map<String, Value>) {
    if map.get("type").and_then(Value::as_str) == Some("null") {
        map.remove("type");
        map.remove("nullable");
        map.insert(ONLY_NULL.into(), Value::Bool(true));
    }
}

fn enum_with_null(map: &mut Map<String, Value>) {
    let Some(Value::Array(values)) = map.get_mut("enum") else {
        return;
    };
    let nulls: Vec<bool> = values.iter().map(Value::is_null).collect();
    if !nulls.contains(&true) {
        return;
    }
    values.retain(|v| !v.is_null());
    map.insert("nullable".into(), Value::Bool(true));
    // Names given to the values, one per value, lose the null's with it.
    for key in ["x-enum-varnames", "x-enumNames"] {
        if let Some(Value::Array(names)) = map.get_mut(key)
            && names.len() == nulls.len()
        {
            let mut null = nulls.iter();
            names.retain(|_| null.next() == Some(&false));
        }
    }
}

fn examples(map: &mut Map<String, Value>, pointer: &str, file: &str) -> Result<(), Error> {
    let Some(examples) = map.remove("examples") else {
        return Ok(());
    };
    let Value::Array(list) = examples else {
        return Err(Error::new(
            file,
            push_token(pointer, "examples"),
            "`examples` in a schema must be an array",
        ));
    };
    if let Some(first) = list.first() {
        if !map.contains_key("example") {
            map.insert("example".into(), first.clone());
        }
        map.insert("x-examples".into(), Value::Array(list));
    }
    Ok(())
}

/// `const: v`: a one-value enum for a string, the value's type for a number or a boolean, the
/// marker of `null` for `null`; an object or array constant types as any JSON (its value in
/// the docs).
fn constant(map: &mut Map<String, Value>) {
    let Some(value) = map.remove("const") else {
        return;
    };
    let implied = match &value {
        Value::Null => {
            map.insert("type".into(), Value::String("null".into()));
            return;
        }
        Value::String(_) => "string",
        Value::Bool(_) => "boolean",
        Value::Number(n) if n.is_i64() || n.is_u64() => "integer",
        Value::Number(_) => "number",
        Value::Object(_) | Value::Array(_) => {
            let note = format!("Always `{value}`.");
            let description = match map.get("description").and_then(Value::as_str) {
                Some(d) => format!("{d}\n\n{note}"),
                None => note,
            };
            map.insert("description".into(), Value::String(description));
            return;
        }
    };
    map.entry("type")
        .or_insert_with(|| Value::String(implied.into()));
    map.insert("enum".into(), Value::Array(vec![value]));
}

fn exclusive_bounds(map: &mut Map<String, Value>, pointer: &str, file: &str) -> Result<(), Error> {
    for (exclusive, inclusive) in [
        ("exclusiveMinimum", "minimum"),
        ("exclusiveMaximum", "maximum"),
    ] {
        if let Some(Value::Number(bound)) = map.get(exclusive).cloned() {
            if map.contains_key(inclusive) {
                return Err(Error::new(
                    file,
                    push_token(pointer, exclusive),
                    format!(
                        "`{exclusive}` as a number beside `{inclusive}` is ambiguous; keep one"
                    ),
                ));
            }
            map.insert(inclusive.into(), Value::Number(bound));
            map.insert(exclusive.into(), Value::Bool(true));
        }
    }
    Ok(())
}

fn property_names(map: &mut Map<String, Value>, pointer: &str, file: &str) -> Result<(), Error> {
    let Some(names) = map.get("propertyNames") else {
        return Ok(());
    };
    let only_string_type = names.as_object().is_some_and(|n| {
        n.iter()
            .all(|(k, v)| k == "type" && v == "string" || k == "description")
    });
    if !only_string_type {
        return Err(Error::new(
            file,
            push_token(pointer, "propertyNames"),
            "`propertyNames` other than `{type: string}` is not supported (map keys are strings)",
        ));
    }
    map.remove("propertyNames");
    Ok(())
}

fn implicit_type(map: &mut Map<String, Value>) {
    if map.contains_key("type") || map.contains_key("$ref") {
        return;
    }
    let composed = ["oneOf", "anyOf", "allOf", "not"]
        .iter()
        .any(|k| map.contains_key(*k));
    let object = map.contains_key("properties") || map.contains_key("additionalProperties");
    let implied = if object && !composed {
        "object"
    } else if map.contains_key("items") && !composed {
        "array"
    } else if !composed
        && map
            .get("enum")
            .and_then(Value::as_array)
            .is_some_and(|v| !v.is_empty() && v.iter().all(Value::is_string))
    {
        "string"
    } else {
        return;
    };
    map.insert("type".into(), Value::String(implied.into()));
}

fn is_null_schema(value: &Value) -> bool {
    value.as_object().is_some_and(|m| {
        let only_null = match m.get("type") {
            Some(Value::String(t)) => t == "null",
            Some(Value::Array(types)) => !types.is_empty() && types.iter().all(|t| t == "null"),
            _ => false,
        };
        only_null
            && m.keys()
                .all(|k| k == "type" || k == "nullable" || k == "description" || k == "title")
    })
}

fn null_branches(map: &mut Map<String, Value>, pointer: &str, file: &str) -> Result<(), Error> {
    for key in ["oneOf", "anyOf"] {
        let Some(Value::Array(branches)) = map.get(key) else {
            continue;
        };
        if !branches.iter().any(is_null_schema) {
            continue;
        }
        let mut rest: Vec<Value> = branches
            .iter()
            .filter(|b| !is_null_schema(b))
            .cloned()
            .collect();
        map.insert("nullable".into(), Value::Bool(true));
        if rest.len() != 1 {
            map.insert(key.into(), Value::Array(rest));
            continue;
        }
        map.remove(key);
        let Some(Value::Object(only)) = rest.pop() else {
            return Err(Error::new(
                file,
                push_token(pointer, key),
                "a branch must be a schema object",
            ));
        };
        if only.contains_key("$ref") {
            map.insert("allOf".into(), Value::Array(vec![Value::Object(only)]));
        } else {
            // The branch's own keywords join this schema; a keyword on both sides would be
            // ambiguous (which description wins?) so only documentation may repeat, and the
            // outer one is kept.
            for (k, v) in only {
                match map.get(&k) {
                    None => {
                        map.insert(k, v);
                    }
                    Some(_)
                        if matches!(
                            k.as_str(),
                            "description" | "title" | "example" | "x-examples"
                        ) => {}
                    Some(existing) if *existing == v => {}
                    Some(_) => {
                        return Err(Error::new(
                            file,
                            push_token(pointer, key),
                            format!(
                                "the non-null branch and its parent both set `{k}` differently"
                            ),
                        ));
                    }
                }
            }
        }
    }
    Ok(())
}

const TYPES: &[&str] = &[
    "string", "number", "integer", "boolean", "object", "array", "null",
];

fn refuse_unknown_keywords(
    map: &Map<String, Value>,
    pointer: &str,
    file: &str,
) -> Result<(), Error> {
    match map.get("type") {
        None => {}
        Some(Value::String(t)) if TYPES.contains(&t.as_str()) => {}
        Some(other) => {
            return Err(Error::new(
                file,
                push_token(pointer, "type"),
                format!(
                    "`type: {other}` is not a JSON Schema type (string, number, integer, boolean, object, array, null)"
                ),
            ));
        }
    }
    let has_ref = map.contains_key("$ref");
    for key in map.keys() {
        if key.starts_with("x-") || CARRIED.contains(&key.as_str()) || (key == "$ref" && has_ref) {
            continue;
        }
        return Err(Error::new(
            file,
            push_token(pointer, key),
            format!(
                "the schema keyword `{key}` is not supported by this generator and would be lost; remove it or open an issue"
            ),
        ));
    }
    Ok(())
}

/// `$ref` values are URI fragments, so `%7B` may stand for `{`; JSON pointers are not encoded.
pub(crate) fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        match (
            bytes[i],
            bytes.get(i + 1).copied().and_then(hex),
            bytes.get(i + 2).copied().and_then(hex),
        ) {
            (b'%', Some(hi), Some(lo)) => {
                out.push((hi * 16 + lo) as u8);
                i += 3;
            }
            (b, _, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn schema(mut v: Value) -> Result<Value, String> {
        normalize_schema(&mut v, "/s", "t.yaml").map_err(|e| e.to_string())?;
        Ok(v)
    }

    #[test]
    fn type_list_with_null_becomes_nullable() {
        assert_eq!(
            schema(json!({"type": ["string", "null"]})).unwrap(),
            json!({"type": "string", "nullable": true})
        );
        assert_eq!(
            schema(json!({"type": ["integer"]})).unwrap(),
            json!({"type": "integer"})
        );
    }

    #[test]
    fn a_decimal_as_string_or_number_is_a_decimal_string() {
        assert_eq!(
            schema(json!({"type": ["string", "number"], "format": "decimal"})).unwrap(),
            json!({"type": "string", "format": "decimal"})
        );
        assert_eq!(
            schema(json!({"type": ["number", "string", "null"], "format": "decimal"})).unwrap(),
            json!({"type": "string", "format": "decimal", "nullable": true})
        );
    }

    #[test]
    fn type_list_of_several_types_becomes_any_of_with_their_keywords() {
        assert_eq!(
            schema(json!({"type": ["string", "integer", "null"], "pattern": "^a", "minimum": 1, "enum": ["a", 2], "description": "d"}))
                .unwrap(),
            json!({"description": "d", "nullable": true, "anyOf": [
                {"type": "string", "pattern": "^a", "enum": ["a"]},
                {"type": "integer", "minimum": 1, "enum": [2]}
            ]})
        );
    }

    #[test]
    fn one_of_null_and_ref_becomes_nullable_all_of() {
        let out = schema(json!({"oneOf": [{"type": "null"}, {"$ref": "#/components/schemas/A"}]}))
            .unwrap();
        assert_eq!(
            out,
            json!({"nullable": true, "allOf": [{"$ref": "#/components/schemas/A"}]})
        );
        let out = schema(json!({"anyOf": [{"$ref": "#/components/schemas/A"}, {"type": "null"}], "description": "d"})).unwrap();
        assert_eq!(
            out,
            json!({"description": "d", "nullable": true, "allOf": [{"$ref": "#/components/schemas/A"}]})
        );
    }

    #[test]
    fn one_of_null_and_inline_schema_merges_it() {
        let out =
            schema(json!({"oneOf": [{"type": "null"}, {"type": ["integer"], "format": "int32"}]}))
                .unwrap();
        assert_eq!(
            out,
            json!({"nullable": true, "type": "integer", "format": "int32"})
        );
    }

    #[test]
    fn one_of_null_and_several_keeps_the_others() {
        let out =
            schema(json!({"oneOf": [{"type": "null"}, {"$ref": "#/a"}, {"$ref": "#/b"}]})).unwrap();
        assert_eq!(
            out,
            json!({"oneOf": [{"$ref": "#/a"}, {"$ref": "#/b"}], "nullable": true})
        );
    }

    #[test]
    fn ref_with_siblings_moves_into_all_of() {
        let out = schema(json!({"$ref": "#/components/schemas/A", "description": "why"})).unwrap();
        assert_eq!(
            out,
            json!({"description": "why", "allOf": [{"$ref": "#/components/schemas/A"}]})
        );
        assert_eq!(
            schema(json!({"$ref": "#/x"})).unwrap(),
            json!({"$ref": "#/x"})
        );
    }

    #[test]
    fn examples_become_example_and_are_kept_for_docs() {
        let out = schema(json!({"type": "string", "examples": ["US", "GB"]})).unwrap();
        assert_eq!(
            out,
            json!({"type": "string", "example": "US", "x-examples": ["US", "GB"]})
        );
    }

    #[test]
    fn const_becomes_a_one_value_enum() {
        assert_eq!(
            schema(json!({"const": "FIXED"})).unwrap(),
            json!({"enum": ["FIXED"], "type": "string"})
        );
    }

    #[test]
    fn enum_with_null_becomes_nullable() {
        assert_eq!(
            schema(json!({"type": ["string", "null"], "enum": ["a", null]})).unwrap(),
            json!({"type": "string", "enum": ["a"], "nullable": true})
        );
        assert_eq!(
            schema(json!({"type": ["string", "null"], "enum": [null, "a"], "x-enum-varnames": ["None", "A"]})).unwrap(),
            json!({"type": "string", "enum": ["a"], "nullable": true, "x-enum-varnames": ["A"]})
        );
    }

    #[test]
    fn numeric_exclusive_bounds_become_booleans() {
        assert_eq!(
            schema(json!({"type": "integer", "exclusiveMinimum": 0})).unwrap(),
            json!({"type": "integer", "exclusiveMinimum": true, "minimum": 0})
        );
        assert!(schema(json!({"type": "integer", "exclusiveMaximum": 5, "maximum": 4})).is_err());
    }

    #[test]
    fn trivial_property_names_are_dropped_others_refused() {
        assert_eq!(
            schema(json!({"type": "object", "propertyNames": {"type": "string"}})).unwrap(),
            json!({"type": "object"})
        );
        let e = schema(json!({"type": "object", "propertyNames": {"pattern": "^a"}})).unwrap_err();
        assert!(e.contains("#/s/propertyNames"), "{e}");
    }

    #[test]
    fn implicit_types_are_made_explicit() {
        assert_eq!(
            schema(json!({"properties": {}})).unwrap(),
            json!({"properties": {}, "type": "object"})
        );
        assert_eq!(
            schema(json!({"items": {}})).unwrap(),
            json!({"items": {}, "type": "array"})
        );
        assert_eq!(
            schema(json!({"oneOf": [{"$ref": "#/a"}]})).unwrap(),
            json!({"oneOf": [{"$ref": "#/a"}]})
        );
        // A map (Shutterstock's `loops`), and an object with an array's keyword beside it
        // (Wordnik's `uniqueItems`), which goes once the type is known.
        assert_eq!(
            schema(json!({"additionalProperties": {"type": "string"}})).unwrap(),
            json!({"additionalProperties": {"type": "string"}, "type": "object"})
        );
        assert_eq!(
            schema(json!({"properties": {}, "uniqueItems": false})).unwrap(),
            json!({"properties": {}, "type": "object"})
        );
    }

    #[test]
    fn true_schema_is_empty_and_false_is_refused() {
        assert_eq!(schema(json!(true)).unwrap(), json!({}));
        assert!(schema(json!(false)).unwrap_err().contains("`false`"));
    }

    #[test]
    fn pointers_name_each_nested_schema_as_the_file_has_it() {
        let bad = json!(false);
        for (doc, pointer) in [
            (
                json!({"properties": {"a/b": {"items": {"properties": {"c~": bad}}}}}),
                "#/s/properties/a~1b/items/properties/c~0:",
            ),
            (
                json!({"oneOf": [{}, {"anyOf": [bad]}]}),
                "#/s/oneOf/1/anyOf/0:",
            ),
            (
                json!({"additionalProperties": {"not": bad}}),
                "#/s/additionalProperties/not:",
            ),
            (
                json!({"prefixItems": [{}, bad], "items": false}),
                "#/s/prefixItems/1:",
            ),
        ] {
            let e = schema(doc).unwrap_err();
            assert!(e.contains(pointer), "{e} should name {pointer}");
        }
    }

    #[test]
    fn nesting_is_bounded() {
        let mut deep = json!({"type": "string"});
        for _ in 0..=MAX_DEPTH {
            deep = json!({"type": "object", "properties": {"n": deep}});
        }
        let e = schema(deep).unwrap_err();
        assert!(e.contains("nested more than 32 levels"), "{e}");
    }

    #[test]
    fn annotations_and_client_side_validation_are_dropped() {
        assert_eq!(
            schema(json!({
                "type": "string", "$comment": "x", "xml": {"name": "n"},
                "contentMediaType": "image/png", "contentEncoding": "base64"
            }))
            .unwrap(),
            json!({"type": "string"})
        );
        assert_eq!(
            schema(json!({"type": "array", "items": {}, "contains": {"type": "string"}, "minContains": 1}))
                .unwrap(),
            json!({"type": "array", "items": {}})
        );
    }

    #[test]
    fn unknown_keywords_degrade_the_schema_with_their_pointer() {
        let mut v = json!({"type": "object", "properties": {"a": {"type": "array", "if": {}, "description": "d"}}});
        let e = normalize_schema(&mut v, "/s", "t.yaml")
            .unwrap_err()
            .to_string();
        assert_eq!(
            e,
            "t.yaml: #/s/properties/a/if: the schema keyword `if` is not supported by this generator and would be lost; remove it or open an issue"
        );
        // The rest of the schema stays; the property is a marker the IR reports and types
        // as `serde_json::Value`, its description kept.
        assert_eq!(
            v,
            json!({"type": "object", "properties": {"a": {
                "description": "d",
                DEGRADED: {"pointer": "/s/properties/a/if", "reason": e.split(": ").skip(2).collect::<Vec<_>>().join(": ")}
            }}})
        );
        assert!(schema(json!({"type": "string", "x-vendor": 1})).is_ok());
    }

    #[test]
    fn lone_null_schema_is_marked() {
        assert_eq!(
            schema(json!({"type": "null", "description": "d"})).unwrap(),
            json!({"description": "d", ONLY_NULL: true})
        );
        assert_eq!(
            schema(json!({"type": ["null"]})).unwrap(),
            json!({ONLY_NULL: true})
        );
    }

    #[test]
    fn keywords_beside_composition_are_conditions_of_it() {
        // Beside `allOf`: one more branch; a lone `type` is dropped.
        assert_eq!(
            schema(json!({"type": "object", "allOf": [{"$ref": "#/a"}], "properties": {"p": {"type": "string"}}, "required": ["p"]}))
                .unwrap(),
            json!({"allOf": [{"$ref": "#/a"}, {"type": "object", "properties": {"p": {"type": "string"}}, "required": ["p"]}]})
        );
        assert_eq!(
            schema(json!({"type": "object", "allOf": [{"$ref": "#/a"}]})).unwrap(),
            json!({"allOf": [{"$ref": "#/a"}]})
        );
        // Beside `oneOf`: every branch gets them.
        assert_eq!(
            schema(json!({"oneOf": [{"$ref": "#/a"}, {"$ref": "#/b"}], "required": ["p"]}))
                .unwrap(),
            json!({"oneOf": [
                {"allOf": [{"$ref": "#/a"}, {"required": ["p"]}]},
                {"allOf": [{"$ref": "#/b"}, {"required": ["p"]}]}
            ]})
        );
        // A `$ref` beside `allOf` is its first branch.
        assert_eq!(
            schema(json!({"$ref": "#/a", "allOf": [{"$ref": "#/b"}]})).unwrap(),
            json!({"allOf": [{"$ref": "#/a"}, {"$ref": "#/b"}]})
        );
    }

    #[test]
    fn nested_schemas_are_rewritten() {
        let out = schema(json!({
            "type": "object",
            "properties": {"a": {"type": ["array", "null"], "items": {"type": ["string", "null"]}}},
            "additionalProperties": {"type": ["boolean", "null"]}
        }))
        .unwrap();
        assert_eq!(
            out,
            json!({
                "type": "object",
                "properties": {"a": {"type": "array", "nullable": true, "items": {"type": "string", "nullable": true}}},
                "additionalProperties": {"type": "boolean", "nullable": true}
            })
        );
    }

    fn doc(v: Value) -> Result<Value, String> {
        let mut v = v;
        normalize(&mut v, "t.yaml").map_err(|e| e.to_string())?;
        Ok(v)
    }

    #[test]
    fn document_version_and_webhooks() {
        let out =
            doc(json!({"openapi": "3.1.0", "webhooks": {}, "info": {}, "paths": {}})).unwrap();
        assert_eq!(
            out,
            json!({"openapi": "3.0.3", "info": {}, "paths": {}, WEBHOOKS: {}})
        );
        assert!(doc(json!({"openapi": "3.0.1", "paths": {}})).is_ok());
        assert!(
            doc(json!({"swagger": "2.0"}))
                .unwrap_err()
                .contains("Swagger 2.0")
        );
        assert!(
            doc(json!({"openapi": "4.0.0"}))
                .unwrap_err()
                .contains("4.0.0 is not supported")
        );
        assert!(
            doc(json!({"info": {}}))
                .unwrap_err()
                .contains("no `openapi`")
        );
    }

    #[test]
    fn schemas_in_operations_are_found_but_examples_are_left_alone() {
        let out = doc(json!({
            "openapi": "3.1.0",
            "paths": {"/a": {"get": {
                "parameters": [{"name": "p", "in": "query", "schema": {"type": ["string", "null"]}}],
                "responses": {"200": {"description": "ok", "content": {"application/json": {
                    "schema": {"type": ["integer", "null"]},
                    "example": {"schema": {"type": ["x", "null"]}}
                }}}}
            }}}
        }))
        .unwrap();
        assert_eq!(
            out.pointer("/paths/~1a/get/parameters/0/schema/nullable"),
            Some(&json!(true))
        );
        let media = "/paths/~1a/get/responses/200/content/application~1json";
        assert_eq!(
            out.pointer(&format!("{media}/schema/type")),
            Some(&json!("integer"))
        );
        assert_eq!(
            out.pointer(&format!("{media}/example/schema/type")),
            Some(&json!(["x", "null"]))
        );
    }
}
