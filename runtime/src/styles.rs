//! How OpenAPI's parameter styles write a value given by its JSON form: `form` and
//! `deepObject` as query pairs, `simple` as one piece of text (a path segment, a header).
//! OpenAPI leaves an object inside an object or an array undefined: `form` and `deepObject`
//! write it as `deepObject` would, `simple` as its JSON text.

use serde_json::Value;
use std::borrow::Cow;

/// The pairs of `style: form` for a JSON value ([`crate::Request::query_fields`]).
pub(crate) fn form_pairs(
    name: &str,
    value: &Value,
    explode: bool,
    pairs: &mut Vec<(String, String)>,
) {
    match value {
        Value::Object(map) if explode => {
            for (key, item) in map {
                deep_pairs(key, item, pairs);
            }
        }
        Value::Object(map) => {
            let mut joined = Vec::with_capacity(map.len() * 2);
            for (key, item) in map {
                if !item.is_null() {
                    joined.push(key.clone());
                    joined.push(text_of(item));
                }
            }
            if !joined.is_empty() {
                pairs.push((name.to_string(), joined.join(",")));
            }
        }
        Value::Array(items) if !explode => {
            let joined: Vec<String> = items.iter().filter(|i| !i.is_null()).map(text_of).collect();
            if !joined.is_empty() {
                pairs.push((name.to_string(), joined.join(",")));
            }
        }
        other => deep_pairs(name, other, pairs),
    }
}

/// The `deepObject` pairs of `value` under `name`: `name[key]=value`, nested objects
/// `name[a][b]=value`, an array's items one pair each, nothing for `null`.
pub(crate) fn deep_pairs(name: &str, value: &Value, pairs: &mut Vec<(String, String)>) {
    match value {
        Value::Null => {}
        Value::Object(map) => {
            for (key, item) in map {
                deep_pairs(&format!("{name}[{key}]"), item, pairs);
            }
        }
        Value::Array(items) => {
            for item in items {
                deep_pairs(name, item, pairs);
            }
        }
        other => pairs.push((name.to_string(), text_of(other))),
    }
}

/// A JSON value as one piece of text: a string as itself, anything else as JSON.
pub(crate) fn text_of(value: &Value) -> String {
    match value {
        Value::String(text) => text.clone(),
        other => other.to_string(),
    }
}

/// Text as it is: the `encode` of [`simple`] (and of the request's joined values) for a
/// header, whose values are not percent-encoded.
pub(crate) fn unencoded(text: &str) -> Cow<'_, str> {
    Cow::Borrowed(text)
}

/// `value` as `style: simple` writes it, each key and value passed through `encode` (the
/// commas and `=` between them are not): a scalar as its text, an array's items joined with
/// commas (`a,b`), an object's properties as `key,value,key,value` or, with `explode`,
/// `key=value,key=value`. `null` items and properties are skipped; `None` when nothing is
/// left (`null`, `[]`, `{}`), which a path cannot hold and a header leaves unsent.
pub(crate) fn simple(
    value: &Value,
    explode: bool,
    encode: impl Fn(&str) -> Cow<'_, str>,
) -> Option<String> {
    let mut pieces: Vec<String> = Vec::new();
    match value {
        Value::Null => return None,
        Value::Array(items) => {
            for item in items.iter().filter(|i| !i.is_null()) {
                pieces.push(encode(&text_of(item)).into_owned());
            }
        }
        Value::Object(map) => {
            for (key, item) in map.iter().filter(|(_, i)| !i.is_null()) {
                let (key, item) = (encode(key), encode(&text_of(item)).into_owned());
                if explode {
                    pieces.push(format!("{key}={item}"));
                } else {
                    pieces.push(key.into_owned());
                    pieces.push(item);
                }
            }
        }
        scalar => return Some(encode(&text_of(scalar)).into_owned()),
    }
    (!pieces.is_empty()).then(|| pieces.join(","))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn plain(value: &Value, explode: bool) -> Option<String> {
        simple(value, explode, unencoded)
    }

    #[test]
    fn simple_writes_what_openapi_shows_for_each_shape() {
        // OpenAPI's style table: `blue`, `blue,black,brown`, `R,100,G,200` / `R=100,G=200`.
        assert_eq!(plain(&json!("blue"), false).as_deref(), Some("blue"));
        assert_eq!(plain(&json!(5), true).as_deref(), Some("5"));
        let colors = json!(["blue", "black", "brown"]);
        for explode in [false, true] {
            assert_eq!(plain(&colors, explode).as_deref(), Some("blue,black,brown"));
        }
        // Keys in sorted order, so that serde_json's `preserve_order` changes nothing.
        let rgb = json!({"B": null, "G": 200, "R": 100});
        assert_eq!(plain(&rgb, false).as_deref(), Some("G,200,R,100"));
        assert_eq!(plain(&rgb, true).as_deref(), Some("G=200,R=100"));
    }

    #[test]
    fn simple_leaves_nothing_for_null_and_empty_and_nests_as_json() {
        for empty in [
            json!(null),
            json!([]),
            json!({}),
            json!([null]),
            json!({"a": null}),
        ] {
            assert_eq!(plain(&empty, false), None, "{empty}");
        }
        assert_eq!(
            plain(&json!([1, [2, 3]]), false).as_deref(),
            Some("1,[2,3]")
        );
    }

    #[test]
    fn simple_encodes_the_pieces_and_not_the_delimiters() {
        fn shout(piece: &str) -> Cow<'_, str> {
            Cow::Owned(piece.replace(',', "%2C").replace('=', "%3D"))
        }
        assert_eq!(
            simple(&json!(["a,b", "c"]), false, shout).as_deref(),
            Some("a%2Cb,c")
        );
        assert_eq!(
            simple(&json!({"k=": "v,"}), true, shout).as_deref(),
            Some("k%3D=v%2C")
        );
    }
}
