//! An operation's parameter, request body and response `$ref`s: each made to name its component
//! directly, or replaced by a copy of what it points to; one that resolves to nothing of its
//! kind marks the operation [`LEFT_OUT`].

use super::place::{Place, place_of, tokens, what_is_at};
use super::{LEFT_OUT, component_ref, local_pointer};
use crate::error::push_token;
use crate::normalize::METHODS;
use serde_json::{Value, json};

/// What a parameter, request body or response `$ref` of an operation names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Part {
    Parameter,
    RequestBody,
    Response,
}

impl Part {
    /// Its section of `components`.
    fn section(self) -> &'static str {
        match self {
            Part::Parameter => "parameters",
            Part::RequestBody => "requestBodies",
            Part::Response => "responses",
        }
    }

    fn a(self) -> &'static str {
        match self {
            Part::Parameter => "a parameter",
            Part::RequestBody => "a request body",
            Part::Response => "a response",
        }
    }

    /// Whether the structure at `tokens` is one of these.
    fn is_at(self, tokens: &[String]) -> bool {
        let last = tokens.last().map(String::as_str);
        let parent = tokens.len().checked_sub(2).map(|i| tokens[i].as_str());
        match self {
            Part::Parameter => parent == Some("parameters"),
            Part::RequestBody => last == Some("requestBody") || parent == Some("requestBodies"),
            Part::Response => parent == Some("responses"),
        }
    }
}

/// How an operation's `$ref` is fixed.
enum Fix {
    /// It names its component: this `$ref`, as the IR reads it.
    Ref(String),
    /// It points elsewhere: a copy of what it points to replaces it.
    Copy(Value),
}

/// Follows the `$ref` of an operation's part to the object it ends at.
fn resolve_part(doc: &Value, reference: &str, part: Part) -> Result<Fix, String> {
    let mut seen: Vec<String> = Vec::new();
    let mut current = reference.to_string();
    loop {
        let through = if current == reference {
            String::new()
        } else {
            format!(" (through `$ref: {current}`)")
        };
        let pointer = local_pointer(&current).map_err(|why| format!("{why}{through}"))?;
        let Some(value) = doc.pointer(&pointer) else {
            return Err(format!(
                "`$ref: {reference}` points to nothing in this file{through}"
            ));
        };
        if seen.contains(&pointer) {
            seen.push(pointer);
            return Err(format!(
                "`$ref: {reference}` is part of a loop of `$ref`s ({})",
                seen.join(" -> ")
            ));
        }
        seen.push(pointer.clone());
        // A Reference Object may carry a summary and a description beside its `$ref`.
        if let Some(next) = value.get("$ref").and_then(Value::as_str) {
            current = next.to_string();
            continue;
        }
        let tokens = tokens(&pointer);
        if let [components, section, name] = tokens.as_slice()
            && components == "components"
            && section == part.section()
            && value.is_object()
        {
            return Ok(Fix::Ref(component_ref(section, name)));
        }
        if place_of(&tokens) == Place::Structure && part.is_at(&tokens) && value.is_object() {
            return Ok(Fix::Copy(value.clone()));
        }
        return Err(format!(
            "`$ref: {reference}` points to {}, not {}{through}",
            what_is_at(&tokens),
            part.a()
        ));
    }
}

/// Resolves the parameter, request body and response `$ref`s of every operation under
/// `paths` (see the module docs); after the schemas are normalized, so that a copy is too.
pub(in crate::normalize) fn operation_refs(doc: &mut Value) {
    enum Edit {
        Fix(String, Fix),
        LeftOut {
            operation: String,
            at: String,
            why: String,
        },
    }
    let mut edits: Vec<Edit> = Vec::new();
    let Some(paths) = doc.get("paths").and_then(Value::as_object) else {
        return;
    };
    let refs = |list: Option<&Value>, at: &str, part: Part| -> Vec<(String, String)> {
        let mut found = Vec::new();
        let mut add = |value: &Value, at: String| {
            if let Some(reference) = value.get("$ref").and_then(Value::as_str) {
                found.push((at, reference.to_string()));
            }
        };
        match (part, list) {
            (Part::Parameter, Some(Value::Array(items))) => {
                for (i, item) in items.iter().enumerate() {
                    add(item, format!("{at}/{i}"));
                }
            }
            (Part::Response, Some(Value::Object(responses))) => {
                for (status, response) in responses {
                    add(response, push_token(at, status));
                }
            }
            (Part::RequestBody, Some(body)) => add(body, at.to_string()),
            _ => {}
        }
        found
    };
    for (path, item) in paths {
        let Some(item) = item.as_object() else {
            continue;
        };
        let item_pointer = push_token("/paths", path);
        let mut shared: Option<(String, String)> = None;
        let at = push_token(&item_pointer, "parameters");
        for (at, reference) in refs(item.get("parameters"), &at, Part::Parameter) {
            match resolve_part(doc, &reference, Part::Parameter) {
                Ok(fix) => edits.push(Edit::Fix(at, fix)),
                Err(why) => {
                    shared.get_or_insert((at, why));
                }
            }
        }
        for method in METHODS {
            let Some(operation) = item.get(*method).and_then(Value::as_object) else {
                continue;
            };
            let op_pointer = push_token(&item_pointer, method);
            let mut failed = shared.clone();
            for (key, part) in [
                ("parameters", Part::Parameter),
                ("requestBody", Part::RequestBody),
                ("responses", Part::Response),
            ] {
                let at = push_token(&op_pointer, key);
                for (at, reference) in refs(operation.get(key), &at, part) {
                    match resolve_part(doc, &reference, part) {
                        Ok(fix) => edits.push(Edit::Fix(at, fix)),
                        Err(why) => {
                            failed.get_or_insert((at, why));
                        }
                    }
                }
            }
            if let Some((at, why)) = failed {
                edits.push(Edit::LeftOut {
                    operation: op_pointer,
                    at,
                    why,
                });
            }
        }
    }
    for edit in edits {
        match edit {
            Edit::Fix(at, fix) => {
                let Some(node) = doc.pointer_mut(&at) else {
                    continue;
                };
                match fix {
                    Fix::Ref(reference) => *node = json!({ "$ref": reference }),
                    Fix::Copy(value) => *node = value,
                }
            }
            Edit::LeftOut { operation, at, why } => {
                if let Some(Value::Object(operation)) = doc.pointer_mut(&operation) {
                    operation.insert(LEFT_OUT.into(), json!({ "pointer": at, "reason": why }));
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::normalize::normalize;
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

    #[test]
    fn an_operations_refs_name_their_component_or_become_copies() {
        let ok = json!({"description": "ok"});
        let out = doc(json!({
            "paths": {
                "/a": {"get": {"responses": {
                    "200": {"$ref": "#/components/responses/Chain"},
                    "401": {"$ref": "#/paths/~1b/get/responses/401"}
                }, "parameters": [{"$ref": "#/components/parameters/a~1b"}]}},
                "/b": {"get": {"responses": {
                    "200": ok,
                    "401": {"description": "no", "content": {"application/json": {"schema": {"type": ["string", "null"]}}}}
                }}}
            },
            "components": {
                "responses": {"Chain": {"$ref": "#/components/responses/Ok"}, "Ok": ok},
                "parameters": {"a/b": {"name": "q", "in": "query", "schema": {"type": "string"}}}
            }
        }));
        let get = at(&out, "/paths/~1a/get");
        assert_eq!(
            get["responses"]["200"],
            json!({"$ref": "#/components/responses/Ok"})
        );
        assert_eq!(
            get["parameters"][0],
            json!({"$ref": "#/components/parameters/a~1b"})
        );
        // A copy of the other operation's response, normalized.
        assert_eq!(
            get["responses"]["401"]["content"]["application/json"]["schema"],
            json!({"type": "string", "nullable": true})
        );
        assert!(get.get(super::super::LEFT_OUT).is_none());
    }

    #[test]
    fn an_operation_whose_ref_resolves_to_nothing_of_its_kind_is_marked_left_out() {
        let out = doc(json!({
            "paths": {
                "/a": {
                    "parameters": [{"$ref": "#/components/parameters/Nope"}],
                    "get": {"responses": {"200": {"description": "ok"}}},
                    "put": {"responses": {"200": {"description": "ok"}}}
                },
                "/b": {"get": {"responses": {"400": {"$ref": "#/components/schemas/Error"}}}},
                "/c": {"post": {"requestBody": {"$ref": "other.yaml#/body"}, "responses": {}}}
            },
            "components": {"schemas": {"Error": {"type": "object"}}}
        }));
        let marker =
            |pointer: &str| at(&out, &format!("{pointer}/{}", super::super::LEFT_OUT)).clone();
        for method in ["get", "put"] {
            assert_eq!(
                marker(&format!("/paths/~1a/{method}")),
                json!({"pointer": "/paths/~1a/parameters/0", "reason": "`$ref: #/components/parameters/Nope` points to nothing in this file"})
            );
        }
        assert_eq!(
            marker("/paths/~1b/get"),
            json!({"pointer": "/paths/~1b/get/responses/400", "reason": "`$ref: #/components/schemas/Error` points to a schema, not a response"})
        );
        assert!(
            marker("/paths/~1c/post")["reason"]
                .as_str()
                .unwrap_or_default()
                .contains("points outside this file")
        );
    }

    #[test]
    fn callbacks_are_removed() {
        let out = doc(json!({
            "paths": {"/a": {"get": {"responses": {}, "callbacks": {"cb": {"$ref": "#/components/callbacks/Cb"}}}}},
            "components": {"callbacks": {"Cb": {"{$url}": {"post": {"responses": {}}}}}}
        }));
        assert!(at(&out, "/paths/~1a/get").get("callbacks").is_none());
        assert!(at(&out, "/components").get("callbacks").is_none());
    }
}
