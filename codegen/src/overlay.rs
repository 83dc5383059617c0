//! OpenAPI Overlay 1.0 (<https://spec.openapis.org/overlay/v1.0.0>) documents, applied to a
//! spec held as a JSON value.
//!
//! An overlay is an ordered list of actions, each a JSONPath `target` (see [`crate::jsonpath`]
//! for the subset understood) plus either an `update` to merge into every node it selects or
//! `remove: true` to delete them. Actions run in order, each on the result of the ones before.
//!
//! This project is stricter than the specification in three places, so that a stale or
//! mistyped overlay fails the build instead of silently doing less than its author meant:
//! - a target that matches nothing is an error (Overlay 1.1 says such an action does nothing);
//! - members the specification does not define, other than `x-` extensions, are errors;
//! - an action with both `update` and `remove: true` is an error (the specification says the
//!   `update` is ignored then).

use crate::error::{Error, push_token};
use crate::jsonpath::{self, Path, Token};
use crate::load::parse_document;
use serde_json::{Map, Value};

/// A parsed Overlay 1.x document, ready to [`apply`](Overlay::apply) to specs.
#[derive(Debug, Clone)]
pub(crate) struct Overlay {
    /// The file the overlay came from, which errors while applying it name.
    file: String,
    actions: Vec<Action>,
}

#[derive(Debug, Clone)]
struct Action {
    /// The JSONPath as written, for messages.
    target: String,
    path: Path,
    description: Option<String>,
    change: Change,
}

#[derive(Debug, Clone)]
enum Change {
    Update(Value),
    Remove,
}

const ROOT_FIELDS: &[&str] = &["overlay", "info", "extends", "actions"];
/// `description` is Overlay 1.1's; accepted because 1.1 documents are accepted.
const INFO_FIELDS: &[&str] = &["title", "version", "description"];
const ACTION_FIELDS: &[&str] = &["target", "description", "update", "remove"];

impl Overlay {
    /// Reads an overlay document already parsed into `doc`, read from `file_name`.
    ///
    /// It needs `overlay` to be a version string starting with `1.`, `info` an object with
    /// string `title` and `version`, and `actions` a non-empty array of actions. An action
    /// needs a string `target` this crate's JSONPath subset parses, and either an `update`
    /// (any value) or `remove: true`; `description` must be a string if present. `extends`
    /// must be a string if present and is otherwise ignored: the caller decides which spec an
    /// overlay applies to. Members that are neither defined by the specification nor `x-`
    /// extensions are errors.
    pub(crate) fn parse(doc: &Value, file_name: &str) -> Result<Overlay, Error> {
        let error = |pointer: &str, message: String| Error::new(file_name, pointer, message);
        let Some(root) = doc.as_object() else {
            return Err(error(
                "",
                format!("an overlay must be an object, found {}", kind(doc)),
            ));
        };
        match root.get("overlay") {
            Some(Value::String(version)) if version.starts_with("1.") => {}
            Some(Value::String(version)) => {
                return Err(error(
                    "/overlay",
                    format!(
                        "Overlay version `{version}` is not supported; this generator applies \
                         Overlay 1.x documents, such as `overlay: 1.0.0`"
                    ),
                ));
            }
            Some(other) => {
                return Err(error(
                    "/overlay",
                    format!(
                        "`overlay` must be a version string such as `1.0.0` (quoted in YAML), \
                         found {}",
                        kind(other)
                    ),
                ));
            }
            None => {
                return Err(error(
                    "/overlay",
                    "not an overlay: the `overlay` version field, such as `overlay: 1.0.0`, is \
                     missing"
                        .to_string(),
                ));
            }
        }
        reject_unknown_fields(root, ROOT_FIELDS, "the overlay")
            .map_err(|message| error("", message))?;
        check_info(root.get("info")).map_err(|message| error("/info", message))?;
        if let Some(extends) = root.get("extends").filter(|v| !v.is_string()) {
            return Err(error(
                "/extends",
                format!("`extends` must be a URL string, found {}", kind(extends)),
            ));
        }
        let actions = match root.get("actions") {
            Some(Value::Array(actions)) if !actions.is_empty() => actions,
            Some(Value::Array(_)) => {
                return Err(error(
                    "/actions",
                    "`actions` is empty; an overlay needs at least one action".to_string(),
                ));
            }
            Some(other) => {
                return Err(error(
                    "/actions",
                    format!(
                        "`actions` must be an array of actions, found {}",
                        kind(other)
                    ),
                ));
            }
            None => {
                return Err(error(
                    "/actions",
                    "the `actions` array is missing".to_string(),
                ));
            }
        };
        let actions = actions
            .iter()
            .enumerate()
            .map(|(i, action)| Action::parse(i, action, file_name))
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Overlay {
            file: file_name.to_string(),
            actions,
        })
    }

    /// Applies the actions to `spec` in order, each seeing the result of the previous ones.
    ///
    /// Every action's target must match at least one node. Then:
    /// - `remove: true` removes each matched node from the object or array holding it. Array
    ///   elements go from the highest index down, so one action can remove several elements
    ///   of an array by index or filter. The root `$` cannot be removed. Primitive nodes can be
    ///   removed too: Overlay 1.0 speaks of removing objects and arrays, but removing a string
    ///   member is unambiguous and is what Overlay 1.1 allows.
    /// - `update` on a matched object must itself be an object, and is merged into it
    ///   recursively (see [`merge`]).
    /// - `update` on a matched array is appended to it as one new element, whatever it is
    ///   (Overlay 1.0: "If the `target` selects an array, the value of this field MUST be an
    ///   entry to append to the array"); an array `update` thus adds one nested array.
    /// - `update` on anything else is an error: Overlay 1.0 requires targets to be objects or
    ///   arrays, and says to change a primitive by updating the object that contains it.
    ///
    /// An `update` action checks every matched node before changing any, so a node of the
    /// wrong kind leaves the spec as the previous action left it. The one exception: when the
    /// merge into one matched node replaces another matched node below it, the error for that
    /// node comes after the earlier merges.
    pub(crate) fn apply(&self, spec: &mut Value) -> Result<(), Error> {
        for (i, action) in self.actions.iter().enumerate() {
            action.apply(spec).map_err(|message| {
                Error::new(
                    &self.file,
                    format!("/actions/{i}"),
                    format!("{}: {message}", action.label(i)),
                )
            })?;
        }
        Ok(())
    }
}

/// Parses each overlay text (YAML or JSON, named by its file name) and applies it to `spec`,
/// in the order given: a later overlay sees what the earlier ones made.
pub(crate) fn apply_overlays(spec: &mut Value, overlays: &[(String, String)]) -> Result<(), Error> {
    for (file_name, text) in overlays {
        let doc = parse_document(text, file_name)?;
        Overlay::parse(&doc, file_name)?.apply(spec)?;
    }
    Ok(())
}

/// Merges an `update` object into a target object, as Overlay 1.0 describes: "the properties
/// in the `update` object are recursively merged with the properties in the target object
/// with the same names; new properties are added to the target object".
///
/// Member by member, for a key present on both sides:
/// - two objects merge recursively;
/// - two arrays concatenate, the update's elements after the target's. Overlay 1.0 leaves
///   "recursively merged" undefined for arrays; Overlay 1.1 spells it out as concatenation, and
///   1.0's own traits example relies on it to add parameters to an operation. Replacing an
///   array therefore takes a `remove` action before the `update`.
/// - any other pair: the update's value replaces the target's, in the same position. This is
///   how `type: string` becomes `type: [string, number]`; it also means a bare `key:` (null)
///   in YAML replaces the member with `null`.
///
/// Keys only in the target stay where they are; keys only in the update are appended, in the
/// update's order.
fn merge(target: &mut Map<String, Value>, update: &Map<String, Value>) {
    for (key, new) in update {
        match target.get_mut(key) {
            Some(existing) => merge_member(existing, new),
            None => {
                target.insert(key.clone(), new.clone());
            }
        }
    }
}

fn merge_member(existing: &mut Value, new: &Value) {
    match (existing, new) {
        (Value::Object(existing), Value::Object(new)) => merge(existing, new),
        (Value::Array(existing), Value::Array(new)) => existing.extend(new.iter().cloned()),
        (existing, new) => *existing = new.clone(),
    }
}

impl Action {
    fn parse(index: usize, value: &Value, file_name: &str) -> Result<Action, Error> {
        let pointer = format!("/actions/{index}");
        let error = |at: &str, message: String| Error::new(file_name, at, message);
        let Some(fields) = value.as_object() else {
            return Err(error(
                &pointer,
                format!("an action must be an object, found {}", kind(value)),
            ));
        };
        reject_unknown_fields(fields, ACTION_FIELDS, &format!("action {index}"))
            .map_err(|message| error(&pointer, message))?;
        let target = match fields.get("target") {
            Some(Value::String(target)) => target.clone(),
            Some(other) => {
                return Err(error(
                    &format!("{pointer}/target"),
                    format!("`target` must be a JSONPath string, found {}", kind(other)),
                ));
            }
            None => {
                return Err(error(
                    &pointer,
                    format!("action {index} has no `target` JSONPath"),
                ));
            }
        };
        let path = jsonpath::parse(&target).map_err(|message| {
            error(
                &format!("{pointer}/target"),
                format!("target `{target}` is not a JSONPath this generator supports: {message}"),
            )
        })?;
        let description = match fields.get("description") {
            None => None,
            Some(Value::String(text)) => Some(text.clone()),
            Some(other) => {
                return Err(error(
                    &format!("{pointer}/description"),
                    format!("`description` must be a string, found {}", kind(other)),
                ));
            }
        };
        let remove = match fields.get("remove") {
            None => false,
            Some(Value::Bool(remove)) => *remove,
            Some(other) => {
                return Err(error(
                    &format!("{pointer}/remove"),
                    format!("`remove` must be `true` or `false`, found {}", kind(other)),
                ));
            }
        };
        let change = match (fields.get("update"), remove) {
            (Some(_), true) => {
                return Err(error(
                    &pointer,
                    format!(
                        "action {index} has both `update` and `remove: true`; Overlay 1.0 would \
                         ignore the `update`, so keep only one of them"
                    ),
                ));
            }
            (None, true) => Change::Remove,
            (Some(update), false) => Change::Update(update.clone()),
            (None, false) => {
                return Err(error(
                    &pointer,
                    format!(
                        "action {index} has neither `update` nor `remove: true`, so it would \
                         change nothing"
                    ),
                ));
            }
        };
        Ok(Action {
            target,
            path,
            description,
            change,
        })
    }

    /// How messages name the action: its index (as in the error's pointer) and the first line
    /// of its description, shortened, since descriptions may be long CommonMark.
    fn label(&self, index: usize) -> String {
        const MAX: usize = 60;
        let first_line = self
            .description
            .as_deref()
            .and_then(|text| text.lines().map(str::trim).find(|line| !line.is_empty()));
        match first_line {
            Some(line) if line.chars().count() > MAX => {
                let short: String = line.chars().take(MAX - 3).collect();
                format!("action {index} (\"{short}...\")")
            }
            Some(line) => format!("action {index} (\"{line}\")"),
            None => format!("action {index}"),
        }
    }

    /// Applies this action; the error is the message without the action's label.
    fn apply(&self, spec: &mut Value) -> Result<(), String> {
        let locations = jsonpath::select(&self.path, spec);
        if locations.is_empty() {
            return Err(format!(
                "target `{}` matches nothing in the spec",
                self.target
            ));
        }
        match &self.change {
            Change::Remove => self.remove(spec, &locations),
            Change::Update(update) => self.update(spec, &locations, update),
        }
    }

    fn remove(&self, spec: &mut Value, locations: &[Vec<Token>]) -> Result<(), String> {
        if locations.iter().any(|location| location.is_empty()) {
            return Err(format!(
                "target `{}` selects the whole spec, which cannot be removed",
                self.target
            ));
        }
        // Locations are in document order, so going backwards removes later array elements
        // before earlier ones (keeping the earlier indexes valid) and descendants before their
        // ancestors (so both still exist when their turn comes).
        for location in locations.iter().rev() {
            if !remove_at(spec, location) {
                return Err(format!(
                    "target `{}` selected `#{}`, which could not be removed",
                    self.target,
                    pointer(location)
                ));
            }
        }
        Ok(())
    }

    fn update(
        &self,
        spec: &mut Value,
        locations: &[Vec<Token>],
        update: &Value,
    ) -> Result<(), String> {
        for location in locations {
            self.check_update(node(spec, location), location, update)?;
        }
        for location in locations {
            // Checked again: merging into an ancestor selected by the same target may have
            // replaced a node selected further down.
            let target = node_mut(spec, location);
            self.check_update(target.as_deref(), location, update)?;
            match (target, update) {
                (Some(Value::Object(target)), Value::Object(update)) => merge(target, update),
                (Some(Value::Array(target)), update) => target.push(update.clone()),
                _ => {}
            }
        }
        Ok(())
    }

    /// Whether `update` can be applied to `target`, found at `location`.
    fn check_update(
        &self,
        target: Option<&Value>,
        location: &[Token],
        update: &Value,
    ) -> Result<(), String> {
        let at = pointer(location);
        match (target, update) {
            (Some(Value::Object(_)), Value::Object(_)) | (Some(Value::Array(_)), _) => Ok(()),
            (Some(Value::Object(_)), update) => Err(format!(
                "target `{}` selects an object at `#{at}`, so `update` must be an object to \
                 merge into it, not {}",
                self.target,
                kind(update)
            )),
            (Some(other), _) => Err(format!(
                "target `{}` selects {} at `#{at}`; Overlay 1.0 updates only objects and arrays, \
                 so target the object that contains it and give the new value under its key",
                self.target,
                kind(other)
            )),
            (None, _) => Err(format!(
                "target `{}` selected `#{at}`, which no longer exists",
                self.target
            )),
        }
    }
}

/// Checks the `info` object: string `title` and `version`, nothing unknown.
fn check_info(info: Option<&Value>) -> Result<(), String> {
    let Some(info) = info else {
        return Err("the `info` object (with `title` and `version`) is missing".to_string());
    };
    let Some(fields) = info.as_object() else {
        return Err(format!(
            "`info` must be an object with `title` and `version`, found {}",
            kind(info)
        ));
    };
    for field in ["title", "version"] {
        match fields.get(field) {
            Some(Value::String(_)) => {}
            Some(other) => {
                return Err(format!(
                    "`info.{field}` must be a string (quoted in YAML if it looks like a \
                     number), found {}",
                    kind(other)
                ));
            }
            None => return Err(format!("`info` has no `{field}`")),
        }
    }
    reject_unknown_fields(fields, INFO_FIELDS, "`info`")
}

/// Errors naming every member of `fields` that is neither in `known` nor an `x-` extension.
fn reject_unknown_fields(
    fields: &Map<String, Value>,
    known: &[&str],
    what: &str,
) -> Result<(), String> {
    let unknown: Vec<String> = fields
        .keys()
        .filter(|key| !key.starts_with("x-") && !known.contains(&key.as_str()))
        .map(|key| format!("`{key}`"))
        .collect();
    if unknown.is_empty() {
        return Ok(());
    }
    let allowed: Vec<String> = known.iter().map(|key| format!("`{key}`")).collect();
    Err(format!(
        "unknown field{} {} in {what}; the fields allowed there are {} and `x-` extensions",
        if unknown.len() == 1 { "" } else { "s" },
        unknown.join(", "),
        allowed.join(", ")
    ))
}

/// The node at `location`, if there is one.
fn node<'a>(root: &'a Value, location: &[Token]) -> Option<&'a Value> {
    location.iter().try_fold(root, |node, token| match token {
        Token::Key(key) => node.as_object()?.get(key),
        Token::Index(index) => node.as_array()?.get(*index),
    })
}

/// The node at `location`, mutably, if there is one.
fn node_mut<'a>(root: &'a mut Value, location: &[Token]) -> Option<&'a mut Value> {
    location.iter().try_fold(root, |node, token| match token {
        Token::Key(key) => node.as_object_mut()?.get_mut(key),
        Token::Index(index) => node.as_array_mut()?.get_mut(*index),
    })
}

/// Removes the node at `location` from its parent; false if there is no such node.
fn remove_at(root: &mut Value, location: &[Token]) -> bool {
    let Some((last, parent)) = location.split_last() else {
        return false;
    };
    match (node_mut(root, parent), last) {
        // `shift_remove` keeps the remaining members in their order; `remove` would not.
        (Some(Value::Object(members)), Token::Key(key)) => members.shift_remove(key).is_some(),
        (Some(Value::Array(items)), Token::Index(index)) if *index < items.len() => {
            items.remove(*index);
            true
        }
        _ => false,
    }
}

/// `location` as a JSON pointer (without the `#`).
fn pointer(location: &[Token]) -> String {
    location
        .iter()
        .fold(String::new(), |pointer, token| match token {
            Token::Key(key) => push_token(&pointer, key),
            Token::Index(index) => push_token(&pointer, &index.to_string()),
        })
}

/// What a value is, for messages.
fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "an array",
        Value::Object(_) => "an object",
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn overlay(actions: Value) -> Overlay {
        let doc = json!({
            "overlay": "1.0.0",
            "info": {"title": "t", "version": "1"},
            "actions": actions
        });
        Overlay::parse(&doc, "overlay.yaml").unwrap()
    }

    /// Applies one overlay built from `actions` to `spec`, returning the error's Display.
    fn apply(actions: Value, spec: &mut Value) -> Result<(), String> {
        overlay(actions).apply(spec).map_err(|e| e.to_string())
    }

    fn parse_error(doc: Value) -> Error {
        Overlay::parse(&doc, "o.yaml").unwrap_err()
    }

    fn keys(value: &Value) -> Vec<&str> {
        value
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect()
    }

    fn petstore() -> Value {
        json!({
            "openapi": "3.1.0",
            "info": {"title": "API", "version": "1"},
            "paths": {
                "/pets": {
                    "get": {
                        "summary": "List",
                        "parameters": [
                            {"name": "limit", "in": "query"},
                            {"name": "dummy", "in": "query"},
                            {"name": "X-Trace", "in": "header"},
                            {"name": "dummy2", "in": "query"}
                        ],
                        "responses": {"200": {"description": "ok"}}
                    }
                },
                "/legacy": {"get": {"summary": "Old"}}
            }
        })
    }

    #[test]
    fn update_merges_in_place_and_appends_new_keys() {
        let mut spec = petstore();
        apply(
            json!([{
                "target": "$.paths['/pets'].get",
                "update": {
                    "x-new": 1,
                    "summary": "List pets",
                    "responses": {"404": {"description": "none"}, "200": {"x-ok": true}}
                }
            }]),
            &mut spec,
        )
        .unwrap();
        let get = &spec["paths"]["/pets"]["get"];
        assert_eq!(keys(get), ["summary", "parameters", "responses", "x-new"]);
        assert_eq!(get["summary"], "List pets");
        assert_eq!(keys(&get["responses"]), ["200", "404"]);
        assert_eq!(
            get["responses"]["200"],
            json!({"description": "ok", "x-ok": true})
        );
        // Untouched members keep their values.
        assert_eq!(get["parameters"].as_array().unwrap().len(), 4);
        assert_eq!(keys(&spec), ["openapi", "info", "paths"]);
    }

    #[test]
    fn update_on_every_match_of_a_wildcard() {
        let mut spec = petstore();
        apply(
            json!([{"target": "$.paths.*.get", "update": {"x-safe": true}}]),
            &mut spec,
        )
        .unwrap();
        assert_eq!(spec["paths"]["/pets"]["get"]["x-safe"], true);
        assert_eq!(spec["paths"]["/legacy"]["get"]["x-safe"], true);
    }

    #[test]
    fn primitive_members_are_replaced_by_any_value() {
        let mut spec = json!({"s": {"type": "string", "enum": ["a"], "o": {"k": 1}, "n": 1}});
        apply(
            json!([{"target": "$.s", "update": {"type": ["string", "null"], "n": {"x": 1}}}]),
            &mut spec,
        )
        .unwrap();
        assert_eq!(
            spec["s"],
            json!({"type": ["string", "null"], "enum": ["a"], "o": {"k": 1}, "n": {"x": 1}})
        );
        assert_eq!(keys(&spec["s"]), ["type", "enum", "o", "n"]);
        // And objects or arrays by primitives.
        apply(
            json!([{"target": "$.s", "update": {"o": "flat", "enum": null}}]),
            &mut spec,
        )
        .unwrap();
        assert_eq!(spec["s"]["o"], "flat");
        assert_eq!(spec["s"]["enum"], Value::Null);
    }

    #[test]
    fn arrays_inside_a_merge_are_concatenated() {
        let mut spec = json!({"s": {"required": ["a"], "nested": {"xs": [1]}}});
        apply(
            json!([{"target": "$", "update": {"s": {"required": ["b", "c"], "nested": {"xs": [2]}}}}]),
            &mut spec,
        )
        .unwrap();
        assert_eq!(spec["s"]["required"], json!(["a", "b", "c"]));
        assert_eq!(spec["s"]["nested"]["xs"], json!([1, 2]));
    }

    #[test]
    fn update_on_an_array_appends_one_element() {
        let mut spec = petstore();
        apply(
            json!([
                {"target": "$.paths['/pets'].get.parameters", "update": {"name": "page", "in": "query"}},
                {"target": "$.paths['/pets'].get.parameters", "update": ["an", "array"]}
            ]),
            &mut spec,
        )
        .unwrap();
        let parameters = spec["paths"]["/pets"]["get"]["parameters"]
            .as_array()
            .unwrap();
        assert_eq!(parameters.len(), 6);
        assert_eq!(parameters[4], json!({"name": "page", "in": "query"}));
        assert_eq!(parameters[5], json!(["an", "array"]));
    }

    #[test]
    fn update_on_a_primitive_or_with_a_mismatched_value_is_an_error() {
        let mut spec = petstore();
        assert_eq!(
            apply(
                json!([{"target": "$.paths['/pets'].get.summary", "update": "List pets"}]),
                &mut spec
            )
            .unwrap_err(),
            "overlay.yaml: #/actions/0: action 0: target `$.paths['/pets'].get.summary` selects a \
             string at `#/paths/~1pets/get/summary`; Overlay 1.0 updates only objects and \
             arrays, so target the object that contains it and give the new value under its key"
        );
        let error = apply(
            json!([{"target": "$.paths['/pets']", "update": 3}]),
            &mut spec,
        )
        .unwrap_err();
        assert!(
            error.contains("selects an object at `#/paths/~1pets`, so `update` must be an object to merge into it, not a number"),
            "{error}"
        );
        assert_eq!(spec, petstore());
    }

    #[test]
    fn a_failing_update_changes_none_of_its_targets() {
        let mut spec = json!({"a": {"x": {}, "y": "scalar", "z": {}}});
        let error = apply(json!([{"target": "$.a.*", "update": {"k": 1}}]), &mut spec).unwrap_err();
        assert!(error.contains("selects a string at `#/a/y`"), "{error}");
        assert_eq!(spec, json!({"a": {"x": {}, "y": "scalar", "z": {}}}));
    }

    #[test]
    fn an_update_that_replaces_a_node_selected_later_is_an_error() {
        let mut spec = json!({"a": {"b": {"c": {}}}});
        let error = apply(json!([{"target": "$..*", "update": {"b": 1}}]), &mut spec).unwrap_err();
        assert!(error.contains("selects a number at `#/a/b`"), "{error}");
    }

    #[test]
    fn remove_an_object_member_keeps_the_others_in_order() {
        let mut spec = petstore();
        apply(
            json!([{"target": "$.paths['/legacy']", "remove": true}]),
            &mut spec,
        )
        .unwrap();
        assert_eq!(keys(&spec["paths"]), ["/pets"]);
        let mut spec = json!({"a": 1, "b": 2, "c": 3, "d": 4});
        apply(json!([{"target": "$.b", "remove": true}]), &mut spec).unwrap();
        assert_eq!(keys(&spec), ["a", "c", "d"]);
        // Primitive members can be removed too.
        apply(json!([{"target": "$['a','d']", "remove": true}]), &mut spec).unwrap();
        assert_eq!(spec, json!({"c": 3}));
    }

    #[test]
    fn remove_several_array_elements() {
        let mut spec = petstore();
        apply(
            json!([{
                "target": "$.paths['/pets'].get.parameters[?@.in == 'query']",
                "remove": true
            }]),
            &mut spec,
        )
        .unwrap();
        assert_eq!(
            spec["paths"]["/pets"]["get"]["parameters"],
            json!([{"name": "X-Trace", "in": "header"}])
        );
        let mut spec = json!({"xs": [0, 1, 2, 3, 4, 5]});
        apply(
            json!([{"target": "$.xs[4, 1, -1]", "remove": true}]),
            &mut spec,
        )
        .unwrap();
        assert_eq!(spec, json!({"xs": [0, 2, 3]}));
    }

    #[test]
    fn remove_nested_matches_removes_each_once() {
        let mut spec = json!({"a": {"x-drop": 1, "b": {"x-drop": 2, "keep": 3}}, "x-drop": 0});
        apply(json!([{"target": "$..x-drop", "remove": true}]), &mut spec).unwrap();
        assert_eq!(spec, json!({"a": {"b": {"keep": 3}}}));
        // Parents and their children both matched: the children go first, then the parents.
        let mut spec = json!({"l": [[1, [2]], [3]], "k": 4});
        apply(json!([{"target": "$.l..*", "remove": true}]), &mut spec).unwrap();
        assert_eq!(spec, json!({"l": [], "k": 4}));
    }

    #[test]
    fn removing_the_root_is_an_error() {
        let mut spec = petstore();
        assert_eq!(
            apply(json!([{"target": "$", "remove": true}]), &mut spec).unwrap_err(),
            "overlay.yaml: #/actions/0: action 0: target `$` selects the whole spec, which \
             cannot be removed"
        );
    }

    #[test]
    fn a_target_matching_nothing_is_an_error_naming_the_action() {
        let mut spec = petstore();
        let error = apply(
            json!([
                {"target": "$.info", "update": {"x-a": 1}},
                {"target": "$.paths['/pets']", "update": {"x-b": 1}},
                {"target": "$.info", "update": {"x-c": 1}},
                {
                    "target": "$.components.schemas.Gone",
                    "description": "Drop the Gone schema\nIt was removed upstream.",
                    "remove": true
                }
            ]),
            &mut spec,
        )
        .unwrap_err();
        assert_eq!(
            error,
            "overlay.yaml: #/actions/3: action 3 (\"Drop the Gone schema\"): target \
             `$.components.schemas.Gone` matches nothing in the spec"
        );
    }

    #[test]
    fn long_descriptions_are_shortened_in_messages() {
        let mut spec = json!({});
        let error = apply(
            json!([{"target": "$.x", "description": "d".repeat(100), "remove": true}]),
            &mut spec,
        )
        .unwrap_err();
        let expected = format!("action 0 (\"{}...\"): target", "d".repeat(57));
        assert!(error.contains(&expected), "{error}");
    }

    #[test]
    fn actions_see_the_results_of_earlier_ones() {
        let mut spec = json!({"components": {}});
        apply(
            json!([
                {"target": "$.components", "update": {"schemas": {"A": {"type": "string"}}}},
                {"target": "$.components.schemas.A", "update": {"format": "decimal"}},
                {"target": "$.components.schemas.A.format", "remove": true},
                {"target": "$.components.schemas.A", "update": {"format": "uuid"}}
            ]),
            &mut spec,
        )
        .unwrap();
        assert_eq!(
            spec,
            json!({"components": {"schemas": {"A": {"type": "string", "format": "uuid"}}}})
        );
    }

    const ADD_SCHEMA: &str = "\
overlay: 1.0.0
info: {title: add, version: '1'}
actions:
  - target: $.components
    update:
      schemas:
        Money: {type: string}
";

    const TUNE_SCHEMA: &str = r#"{
  "overlay": "1.0.0",
  "info": {"title": "tune", "version": "1"},
  "actions": [
    {"target": "$.components.schemas.Money", "update": {"format": "decimal"}}
  ]
}"#;

    #[test]
    fn overlays_apply_in_the_order_given() {
        let overlays = [
            ("add.yaml".to_string(), ADD_SCHEMA.to_string()),
            ("tune.json".to_string(), TUNE_SCHEMA.to_string()),
        ];
        let mut spec = json!({"openapi": "3.1.0", "components": {}});
        apply_overlays(&mut spec, &overlays).unwrap();
        assert_eq!(
            spec["components"]["schemas"]["Money"],
            json!({"type": "string", "format": "decimal"})
        );

        let reversed = [overlays[1].clone(), overlays[0].clone()];
        let mut spec = json!({"openapi": "3.1.0", "components": {}});
        let error = apply_overlays(&mut spec, &reversed).unwrap_err();
        assert_eq!(
            error.to_string(),
            "tune.json: #/actions/0: action 0: target `$.components.schemas.Money` matches \
             nothing in the spec"
        );
    }

    #[test]
    fn apply_overlays_reports_unreadable_and_invalid_overlays_by_file() {
        let mut spec = json!({});
        let bad_yaml = [("bad.yaml".to_string(), "overlay: [".to_string())];
        let error = apply_overlays(&mut spec, &bad_yaml).unwrap_err();
        assert_eq!(error.file(), "bad.yaml");
        assert!(error.message().starts_with("not valid YAML"), "{error}");
        let invalid = [("v2.yaml".to_string(), "overlay: '2.0.0'\n".to_string())];
        let error = apply_overlays(&mut spec, &invalid).unwrap_err();
        assert_eq!((error.file(), error.pointer()), ("v2.yaml", "/overlay"));
        assert!(apply_overlays(&mut spec, &[]).is_ok());
    }

    #[test]
    fn custom_tax_rate_becomes_a_decimal_string_or_number() {
        let mut spec = crate::load::parse_document(
            "\
openapi: 3.1.0
info: {title: Meteroid, version: '1'}
paths: {}
components:
  schemas:
    CustomTaxRate:
      type: object
      required: [name, rate]
      properties:
        name: {type: string}
        rate:
          type: string
          description: The tax rate, such as \"0.2\".
        code: {type: string}
",
            "openapi.yaml",
        )
        .unwrap();
        let overlay = "\
overlay: 1.0.0
info:
  title: Decimal tax rates
  version: 1.0.0
actions:
  - target: $.components.schemas.CustomTaxRate.properties.rate
    description: Rates arrive as strings or numbers; both are decimals.
    update:
      type: [string, number]
      format: decimal
";
        apply_overlays(
            &mut spec,
            &[("decimal.yaml".to_string(), overlay.to_string())],
        )
        .unwrap();
        let schema = &spec["components"]["schemas"]["CustomTaxRate"];
        assert_eq!(
            schema["properties"]["rate"],
            json!({
                "type": ["string", "number"],
                "description": "The tax rate, such as \"0.2\".",
                "format": "decimal"
            })
        );
        assert_eq!(
            keys(&schema["properties"]["rate"]),
            ["type", "description", "format"]
        );
        assert_eq!(keys(&schema["properties"]), ["name", "rate", "code"]);
        assert_eq!(schema["required"], json!(["name", "rate"]));
        assert_eq!(schema["properties"]["name"], json!({"type": "string"}));
    }

    #[test]
    fn accepts_extensions_extends_and_later_1x_versions() {
        let doc = json!({
            "overlay": "1.1.0",
            "x-tool": {"any": "thing"},
            "extends": "./openapi.yaml",
            "info": {"title": "t", "version": "1", "x-owner": "billing", "description": "d"},
            "actions": [
                {"target": "$", "update": {}, "x-note": 1, "description": "noop", "remove": false},
                {"target": "$.a", "remove": true}
            ]
        });
        let overlay = Overlay::parse(&doc, "o.yaml").unwrap();
        assert_eq!(overlay.actions.len(), 2);
        assert!(matches!(overlay.actions[1].change, Change::Remove));
    }

    #[test]
    fn version_errors() {
        let base = |version: Value| json!({"overlay": version, "info": {"title": "t", "version": "1"}, "actions": [{"target": "$", "update": {}}]});
        let error = parse_error(base(json!("2.0.0")));
        assert_eq!(
            error.to_string(),
            "o.yaml: #/overlay: Overlay version `2.0.0` is not supported; this generator \
             applies Overlay 1.x documents, such as `overlay: 1.0.0`"
        );
        assert_eq!(parse_error(base(json!("10.0"))).pointer(), "/overlay");
        let error = parse_error(base(json!(1.0)));
        assert_eq!(error.pointer(), "/overlay");
        assert!(error.message().contains("found a number"), "{error}");
        let error = parse_error(json!({"info": {"title": "t", "version": "1"}, "actions": []}));
        assert_eq!(error.pointer(), "/overlay");
        assert!(error.message().contains("is missing"), "{error}");
        let error = parse_error(json!(["not", "an", "object"]));
        assert_eq!(error.pointer(), "");
    }

    #[test]
    fn info_errors() {
        let with_info = |info: Value| json!({"overlay": "1.0.0", "info": info, "actions": [{"target": "$", "update": {}}]});
        let cases = [
            (
                json!({"overlay": "1.0.0", "actions": [{"target": "$", "update": {}}]}),
                "is missing",
            ),
            (with_info(json!("t")), "`info` must be an object"),
            (with_info(json!({"version": "1"})), "`info` has no `title`"),
            (with_info(json!({"title": "t"})), "`info` has no `version`"),
            (
                with_info(json!({"title": "t", "version": 1})),
                "`info.version` must be a string",
            ),
            (
                with_info(json!({"title": "t", "version": "1", "author": "me"})),
                "unknown field `author` in `info`",
            ),
        ];
        for (doc, expected) in cases {
            let error = parse_error(doc);
            assert_eq!(error.pointer(), "/info", "{error}");
            assert!(error.message().contains(expected), "{error}");
        }
    }

    #[test]
    fn actions_array_errors() {
        let with_actions = |actions: Value| json!({"overlay": "1.0.0", "info": {"title": "t", "version": "1"}, "actions": actions});
        let cases = [
            (with_actions(json!([])), "`actions` is empty"),
            (
                with_actions(json!({"target": "$"})),
                "must be an array of actions, found an object",
            ),
            (
                json!({"overlay": "1.0.0", "info": {"title": "t", "version": "1"}}),
                "the `actions` array is missing",
            ),
        ];
        for (doc, expected) in cases {
            let error = parse_error(doc);
            assert_eq!(error.pointer(), "/actions", "{error}");
            assert!(error.message().contains(expected), "{error}");
        }
        let error = parse_error(with_actions(json!({"overlay": 1})));
        assert!(error.message().contains("found an object"));
        let error = parse_error(json!({
            "overlay": "1.0.0", "info": {"title": "t", "version": "1"}, "extends": 3,
            "actions": [{"target": "$", "update": {}}]
        }));
        assert_eq!(error.pointer(), "/extends");
    }

    #[test]
    fn action_errors() {
        let with_action = |action: Value| {
            json!({
                "overlay": "1.0.0",
                "info": {"title": "t", "version": "1"},
                "actions": [{"target": "$", "update": {}}, action]
            })
        };
        let cases = [
            (
                json!("remove everything"),
                "/actions/1",
                "an action must be an object, found a string",
            ),
            (
                json!({"update": {}}),
                "/actions/1",
                "action 1 has no `target` JSONPath",
            ),
            (
                json!({"target": 7, "update": {}}),
                "/actions/1/target",
                "`target` must be a JSONPath string, found a number",
            ),
            (
                json!({"target": "$", "description": ["x"], "update": {}}),
                "/actions/1/description",
                "`description` must be a string",
            ),
            (
                json!({"target": "$", "remove": "yes"}),
                "/actions/1/remove",
                "`remove` must be `true` or `false`, found a string",
            ),
            (
                json!({"target": "$"}),
                "/actions/1",
                "neither `update` nor `remove: true`",
            ),
            (
                json!({"target": "$", "remove": false}),
                "/actions/1",
                "neither `update` nor `remove: true`",
            ),
            (
                json!({"target": "$", "remove": true, "update": {}}),
                "/actions/1",
                "both `update` and `remove: true`",
            ),
        ];
        for (action, pointer, expected) in cases {
            let error = parse_error(with_action(action));
            assert_eq!(error.pointer(), pointer, "{error}");
            assert!(error.message().contains(expected), "{error}");
        }
    }

    #[test]
    fn target_parse_errors_quote_the_expression() {
        let doc = json!({
            "overlay": "1.0.0",
            "info": {"title": "t", "version": "1"},
            "actions": [{"target": "$.paths[?@.x > 1]", "update": {}}]
        });
        assert_eq!(
            parse_error(doc).to_string(),
            "o.yaml: #/actions/0/target: target `$.paths[?@.x > 1]` is not a JSONPath this \
             generator supports: the comparison `>` is not supported in filters; only `==` and \
             `!=` are at character 14"
        );
    }

    #[test]
    fn unknown_fields_are_errors_naming_them() {
        let error = parse_error(json!({
            "overlay": "1.0.0",
            "info": {"title": "t", "version": "1"},
            "actions": [{"target": "$", "update": {}}],
            "action": [],
            "Info": {}
        }));
        assert_eq!(
            error.to_string(),
            "o.yaml: #: unknown fields `action`, `Info` in the overlay; the fields allowed there \
             are `overlay`, `info`, `extends`, `actions` and `x-` extensions"
        );
        let error = parse_error(json!({
            "overlay": "1.0.0",
            "info": {"title": "t", "version": "1"},
            "actions": [{"target": "$", "updates": {}}]
        }));
        assert_eq!(error.pointer(), "/actions/0");
        assert_eq!(
            error.message(),
            "unknown field `updates` in action 0; the fields allowed there are `target`, \
             `description`, `update`, `remove` and `x-` extensions"
        );
    }
}
