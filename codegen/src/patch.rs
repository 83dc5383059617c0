//! Spec fixes: typed corrections to a spec, applied after it is parsed and before it is
//! normalized (see [`crate::Generator::spec_fix`]).
//!
//! A fix is an RFC 7396 JSON Merge Patch applied to the value at an RFC 6901 JSON pointer. A
//! pointer that resolves to nothing is not an error: the fix is skipped with a warning, so that
//! a newer spec that fixed or renamed what a fix patches still generates.

use crate::error::Error;
use serde_json::Value;

/// One fix: where it applies, what it changes there, and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SpecFix {
    /// An RFC 6901 JSON pointer into the parsed spec (`""` for the whole document).
    pub pointer: String,
    /// The JSON text of an RFC 7396 merge patch for the value at `pointer`.
    pub merge_patch: String,
    /// Why the fix exists, shown in warnings and errors.
    pub reason: String,
}

/// Applies `fixes` to `doc`, in order, and returns one warning per fix whose pointer matched
/// nothing. Every fix is checked (pointer syntax, patch JSON) before any is applied, so a bad
/// fix fails whatever spec it meets.
pub fn apply(doc: &mut Value, fixes: &[SpecFix], file_name: &str) -> Result<Vec<String>, Error> {
    let mut patches = Vec::with_capacity(fixes.len());
    for fix in fixes {
        check_pointer(&fix.pointer).map_err(|why| {
            Error::new(
                file_name,
                "",
                format!("the spec fix \"{}\": {why}", fix.reason),
            )
        })?;
        let patch: Value = serde_json::from_str(&fix.merge_patch).map_err(|e| {
            Error::new(
                file_name,
                fix.pointer.as_str(),
                format!(
                    "the spec fix \"{}\": its merge patch is not valid JSON (line {}, column {}): {e}",
                    fix.reason,
                    e.line(),
                    e.column()
                ),
            )
        })?;
        patches.push(patch);
    }
    let mut warnings = Vec::new();
    for (fix, patch) in fixes.iter().zip(&patches) {
        match doc.pointer_mut(&fix.pointer) {
            Some(target) => merge_patch(target, patch),
            None => warnings.push(format!(
                "{file_name}: #{}: the spec fix \"{}\" matches nothing in this spec and was \
                 skipped (a newer spec may have fixed or renamed it)",
                fix.pointer, fix.reason
            )),
        }
    }
    Ok(warnings)
}

/// Applies an RFC 7396 JSON Merge Patch to `target`: an object patch sets each of its members
/// (recursively), `null` members remove theirs, and anything else replaces `target` whole.
/// Members keep their place; new ones go last.
pub fn merge_patch(target: &mut Value, patch: &Value) {
    let Value::Object(members) = patch else {
        *target = patch.clone();
        return;
    };
    if !target.is_object() {
        *target = Value::Object(serde_json::Map::new());
    }
    let Value::Object(existing) = target else {
        return;
    };
    for (name, value) in members {
        if value.is_null() {
            // `shift_remove`: with `preserve_order`, plain `remove` would move the last
            // member into the gap, and property order is field order in the generated code.
            existing.shift_remove(name);
        } else if let Some(slot) = existing.get_mut(name) {
            merge_patch(slot, value);
        } else {
            let mut slot = Value::Null;
            merge_patch(&mut slot, value);
            existing.insert(name.clone(), slot);
        }
    }
}

/// RFC 6901 syntax: empty, or `/`-separated tokens where `~` is only ever `~0` or `~1`.
fn check_pointer(pointer: &str) -> Result<(), String> {
    if !pointer.is_empty() && !pointer.starts_with('/') {
        let hint = if pointer.starts_with("#/") {
            " (drop the `#`: a pointer, not a URI fragment)"
        } else {
            ""
        };
        return Err(format!(
            "`{pointer}` is not a JSON pointer (RFC 6901): one is empty or starts with `/`{hint}"
        ));
    }
    let mut chars = pointer.chars();
    while let Some(c) = chars.next() {
        if c == '~' && !matches!(chars.next(), Some('0' | '1')) {
            return Err(format!(
                "`{pointer}` is not a JSON pointer (RFC 6901): `~` must be followed by `0` or `1`"
            ));
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn merged(target: Value, patch: Value) -> Value {
        let mut target = target;
        merge_patch(&mut target, &patch);
        target
    }

    #[test]
    fn merge_patch_follows_rfc_7396_appendix_a() {
        // The examples of RFC 7396, Appendix A: (original, patch, result).
        let cases = [
            (json!({"a": "b"}), json!({"a": "c"}), json!({"a": "c"})),
            (
                json!({"a": "b"}),
                json!({"b": "c"}),
                json!({"a": "b", "b": "c"}),
            ),
            (json!({"a": "b"}), json!({"a": null}), json!({})),
            (
                json!({"a": "b", "b": "c"}),
                json!({"a": null}),
                json!({"b": "c"}),
            ),
            (json!({"a": ["b"]}), json!({"a": "c"}), json!({"a": "c"})),
            (json!({"a": "c"}), json!({"a": ["b"]}), json!({"a": ["b"]})),
            (
                json!({"a": {"b": "c"}}),
                json!({"a": {"b": "d", "c": null}}),
                json!({"a": {"b": "d"}}),
            ),
            (
                json!({"a": [{"b": "c"}]}),
                json!({"a": [1]}),
                json!({"a": [1]}),
            ),
            (json!(["a", "b"]), json!(["c", "d"]), json!(["c", "d"])),
            (json!({"a": "b"}), json!(["c"]), json!(["c"])),
            (json!({"a": "foo"}), json!(null), json!(null)),
            (json!({"a": "foo"}), json!("bar"), json!("bar")),
            (
                json!({"e": null}),
                json!({"a": 1}),
                json!({"e": null, "a": 1}),
            ),
            (
                json!([1, 2]),
                json!({"a": "b", "c": null}),
                json!({"a": "b"}),
            ),
            (
                json!({}),
                json!({"a": {"bb": {"ccc": null}}}),
                json!({"a": {"bb": {}}}),
            ),
        ];
        for (original, patch, result) in cases {
            assert_eq!(
                merged(original.clone(), patch.clone()),
                result,
                "{original} + {patch}"
            );
        }
    }

    #[test]
    fn merge_patch_keeps_member_order() {
        let out = merged(
            json!({"a": 1, "b": 2, "c": 3, "d": 4}),
            json!({"b": null, "c": 30, "e": 5}),
        );
        let keys: Vec<&str> = out
            .as_object()
            .map(|m| m.keys().map(String::as_str).collect())
            .unwrap_or_default();
        assert_eq!(keys, ["a", "c", "d", "e"]);
    }

    fn fix(pointer: &str, patch: &str, reason: &str) -> SpecFix {
        SpecFix {
            pointer: pointer.into(),
            merge_patch: patch.into(),
            reason: reason.into(),
        }
    }

    #[test]
    fn pointers_unescape_and_a_miss_warns() {
        let mut doc = json!({"paths": {"/a/{id}": {"x~y": {"v": 1}}}});
        let warnings = apply(
            &mut doc,
            &[
                fix("/paths/~1a~1{id}/x~0y", r#"{"v": 2}"#, "escaped"),
                fix("/paths/~1b", r#"{"v": 3}"#, "gone"),
            ],
            "s.yaml",
        )
        .unwrap();
        assert_eq!(doc, json!({"paths": {"/a/{id}": {"x~y": {"v": 2}}}}));
        assert_eq!(
            warnings,
            [
                "s.yaml: #/paths/~1b: the spec fix \"gone\" matches nothing in this spec and was skipped (a newer spec may have fixed or renamed it)"
            ]
        );
    }

    #[test]
    fn the_empty_pointer_is_the_whole_document() {
        let mut doc = json!({"openapi": "3.0.3"});
        let warnings = apply(&mut doc, &[fix("", r#"{"openapi": "3.1.0"}"#, "v")], "s").unwrap();
        assert!(warnings.is_empty());
        assert_eq!(doc, json!({"openapi": "3.1.0"}));
    }

    #[test]
    fn bad_pointers_are_errors_before_anything_applies() {
        for (pointer, expected) in [
            (
                "#/components",
                "s.yaml: #: the spec fix \"r\": `#/components` is not a JSON pointer (RFC 6901): one is empty or starts with `/` (drop the `#`: a pointer, not a URI fragment)",
            ),
            (
                "components",
                "s.yaml: #: the spec fix \"r\": `components` is not a JSON pointer (RFC 6901): one is empty or starts with `/`",
            ),
            (
                "/a~2b",
                "s.yaml: #: the spec fix \"r\": `/a~2b` is not a JSON pointer (RFC 6901): `~` must be followed by `0` or `1`",
            ),
            (
                "/a~",
                "s.yaml: #: the spec fix \"r\": `/a~` is not a JSON pointer (RFC 6901): `~` must be followed by `0` or `1`",
            ),
        ] {
            let mut doc = json!({"a": 1});
            let e = apply(
                &mut doc,
                &[fix("/a", "2", "first"), fix(pointer, "{}", "r")],
                "s.yaml",
            )
            .unwrap_err();
            assert_eq!(e.to_string(), expected);
            assert_eq!(doc, json!({"a": 1}), "nothing applied");
        }
    }
}
