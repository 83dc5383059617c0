//! The type name a hoisted schema's place suggests.

use crate::error::push_token;
use crate::ir::camel;
use crate::normalize::METHODS;
use serde_json::Value;

/// The type name a schema's place suggests, in the words the IR uses for inline types:
/// `#/components/schemas/Disk/properties/filesystem` is `DiskFilesystem`, the success body of
/// the operation `listPets` `ListPetsResponse`, an error body `ListPetsError404`, a schema of
/// `definitions` its own name. The IR makes it a unique Rust name.
pub(super) fn suggested(doc: &Value, tokens: &[String]) -> String {
    let token = |j: usize| tokens.get(j).map(String::as_str);
    let mut words: Vec<String> = Vec::new();
    // Where the words of the place's own parts start.
    let mut j: usize = match (token(0), token(1), token(2)) {
        (Some("components"), _, Some(name)) => {
            words.push(name.to_string());
            3
        }
        (Some(root @ ("paths" | "webhooks")), Some(path), Some(method))
            if METHODS.contains(&method) =>
        {
            let operation_id = doc
                .get(root)
                .and_then(|p| p.get(path))
                .and_then(|item| item.get(method))
                .and_then(|op| op.get("operationId"))
                .and_then(Value::as_str);
            words.push(operation_id.map_or_else(|| format!("{method} {path}"), str::to_string));
            3
        }
        (Some("paths" | "webhooks"), Some(path), _) => {
            words.push(path.to_string());
            2
        }
        _ => 0,
    };
    while let Some(here) = token(j) {
        let next = token(j + 1);
        // The word this token gives, and whether it takes the next token (a name) along.
        let (word, takes_next) = match (here, next) {
            // A definition is named on its own.
            ("definitions" | "$defs", Some(name)) => {
                words.clear();
                (Some(name.to_string()), true)
            }
            ("properties" | "patternProperties" | "headers", Some(name)) => {
                (Some(name.to_string()), true)
            }
            ("responses", Some(status)) => (
                Some(if status.starts_with('2') {
                    "Response".to_string()
                } else if status == "default" {
                    "ErrorDefault".to_string()
                } else {
                    format!("Error{status}")
                }),
                true,
            ),
            ("parameters", Some(index)) => {
                let at = tokens[..j + 2]
                    .iter()
                    .fold(String::new(), |p, t| push_token(&p, t));
                let name = doc
                    .pointer(&at)
                    .and_then(|p| p.get("name"))
                    .and_then(Value::as_str)
                    .map_or_else(|| format!("Parameter{index}"), str::to_string);
                (Some(name), true)
            }
            ("allOf" | "oneOf" | "anyOf" | "prefixItems", Some(index)) => {
                (Some(format!("{here}{index}")), true)
            }
            ("content", Some(_)) => (None, true),
            ("schema", _) => (None, false),
            ("requestBody", _) => (Some("Request".to_string()), false),
            ("items", _) => (Some("Item".to_string()), false),
            ("additionalProperties", _) => (Some("Value".to_string()), false),
            (other, _) => (Some(other.to_string()), false),
        };
        words.extend(word);
        j += if takes_next { 2 } else { 1 };
    }
    let name: String = words.iter().map(|w| camel(w, "T")).collect();
    if name.is_empty() {
        "Schema".to_string()
    } else {
        name
    }
}

#[cfg(test)]
mod tests {
    use super::suggested;
    use crate::normalize::refs::place::tokens;
    use serde_json::json;

    #[test]
    fn a_place_suggests_the_name_the_ir_gives_an_inline_type_there() {
        let doc = json!({"paths": {
            "/pets": {"get": {"operationId": "listPets", "parameters": [{"name": "page_size", "in": "query"}]}},
            "/pets/{id}": {"put": {}}
        }});
        let name = |pointer: &str| suggested(&doc, &tokens(pointer));
        assert_eq!(
            name("/components/schemas/Disk/properties/filesystem"),
            "DiskFilesystem"
        );
        assert_eq!(
            name("/components/schemas/Disk/properties/tags/items"),
            "DiskTagsItem"
        );
        assert_eq!(
            name("/components/schemas/Map/additionalProperties"),
            "MapValue"
        );
        assert_eq!(name("/components/schemas/U/oneOf/1"), "UOneOf1");
        let body = "content/application~1json/schema";
        assert_eq!(
            name(&format!("/paths/~1pets/get/responses/200/{body}")),
            "ListPetsResponse"
        );
        assert_eq!(
            name(&format!("/paths/~1pets/get/responses/404/{body}")),
            "ListPetsError404"
        );
        assert_eq!(
            name(&format!("/paths/~1pets/get/responses/default/{body}")),
            "ListPetsErrorDefault"
        );
        assert_eq!(
            name(&format!("/paths/~1pets~1{{id}}/put/requestBody/{body}")),
            "PutPetsIdRequest"
        );
        assert_eq!(
            name("/paths/~1pets/get/parameters/0/schema"),
            "ListPetsPageSize"
        );
        assert_eq!(
            name("/paths/~1pets/get/parameters/3/schema"),
            "ListPetsParameter3"
        );
        assert_eq!(
            name(&format!("/components/responses/NotFound/{body}")),
            "NotFound"
        );
        assert_eq!(name("/components/parameters/accountId/schema"), "AccountId");
        // A definition is named on its own.
        assert_eq!(name("/components/schemas/Bank/definitions/line"), "Line");
        assert_eq!(
            name("/components/schemas/Tree/$defs/node/properties/kind"),
            "NodeKind"
        );
        assert_eq!(name("/definitions/Old"), "Old");
        assert_eq!(name("/x-shared/thing"), "XSharedThing");
    }
}
