//! Encoding and decoding of discriminated unions (`oneOf` + `discriminator`).
//!
//! A branch's schema may leave the tag property out, so the tag is added on encode and removed
//! before a branch is decoded (kept when the branch requires it). Decoding goes through one `serde_json::Value`, as serde's
//! own internally tagged enums buffer the object too; that keeps an unknown tag's object whole.

use serde::de::Error as _;
use serde::ser::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};

/// Writes `value` (an object) with `tag: tag_value` as its first property.
pub fn serialize<S: Serializer, T: Serialize>(
    serializer: S,
    tag: &str,
    tag_value: &str,
    value: &T,
) -> Result<S::Ok, S::Error> {
    let Value::Object(fields) = serde_json::to_value(value).map_err(S::Error::custom)? else {
        return Err(S::Error::custom(
            "a union variant must encode as a JSON object",
        ));
    };
    let mut tagged = Map::with_capacity(fields.len() + 1);
    tagged.insert(tag.to_string(), Value::String(tag_value.to_string()));
    tagged.extend(fields.into_iter().filter(|(k, _)| k != tag));
    tagged.serialize(serializer)
}

/// Reads an object and its tag (`None` if absent or not a string).
pub fn read<'de, D: Deserializer<'de>>(
    deserializer: D,
    tag: &str,
) -> Result<(Option<String>, Value), D::Error> {
    let value = Value::deserialize(deserializer)?;
    if !value.is_object() {
        return Err(D::Error::custom(format!(
            "expected an object with a `{tag}` property"
        )));
    }
    let tag_value = value.get(tag).and_then(Value::as_str).map(str::to_string);
    Ok((tag_value, value))
}

/// Decodes a known variant's body from the object: without its tag (so that it does not land
/// in the branch's `extra`), or, when the branch's schema declares the tag property itself (as
/// webhook payloads do), with it.
pub fn decode_variant<T: serde::de::DeserializeOwned, E: serde::de::Error>(
    mut value: Value,
    tag: &str,
) -> Result<T, E> {
    let Value::Object(fields) = &mut value else {
        return T::deserialize(value).map_err(E::custom);
    };
    let removed = fields.remove(tag);
    let without = match T::deserialize(&value) {
        Ok(decoded) => return Ok(decoded),
        Err(e) => e,
    };
    match (removed, &mut value) {
        (Some(tag_value), Value::Object(fields)) => {
            fields.insert(tag.to_string(), tag_value);
            T::deserialize(&value).map_err(|_| E::custom(without))
        }
        _ => Err(E::custom(without)),
    }
}
