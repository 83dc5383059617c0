//! Encoding and decoding of discriminated unions (`oneOf` + `discriminator`).
//!
//! A branch's schema may leave the tag property out, so the tag is added on encode and removed
//! before a branch is decoded (kept when the branch requires it). Decoding goes through one `serde_json::Value`, as serde's
//! own internally tagged enums buffer the object too; that keeps an unknown tag's object whole.

use serde::de::value::MapAccessDeserializer;
use serde::de::{Error as _, MapAccess, Visitor};
use serde::ser::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value};
use std::fmt;

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

/// Reads an object and hands its tag (`None` if absent or not a string) and the object to
/// `decode`, whose error becomes the union's.
///
/// `decode` runs while the object is still the value being read, not after: serde_json gives
/// an error its position when the error leaves the read it arose in, so the position (and the
/// path a decode error names) is the union's, not wherever an enclosing array or object ends.
pub fn read<'de, D: Deserializer<'de>, T>(
    deserializer: D,
    tag: &'static str,
    decode: impl FnOnce(Option<&str>, Value) -> Result<T, serde_json::Error>,
) -> Result<T, D::Error> {
    struct ObjectVisitor<F> {
        tag: &'static str,
        decode: F,
    }

    impl<'de, T, F> Visitor<'de> for ObjectVisitor<F>
    where
        F: FnOnce(Option<&str>, Value) -> Result<T, serde_json::Error>,
    {
        type Value = T;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            write!(f, "an object with a `{}` property", self.tag)
        }

        fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
            let object = Value::Object(Map::deserialize(MapAccessDeserializer::new(map))?);
            let tag = object
                .get(self.tag)
                .and_then(Value::as_str)
                .map(str::to_string);
            (self.decode)(tag.as_deref(), object).map_err(A::Error::custom)
        }
    }

    deserializer.deserialize_map(ObjectVisitor { tag, decode })
}

/// Decodes a known variant's body from the object: without its tag (so that it does not land
/// in the branch's `extra`), or, when the branch's schema declares the tag property itself (as
/// webhook payloads do), with it.
pub fn decode_variant<T: serde::de::DeserializeOwned>(
    mut value: Value,
    tag: &str,
) -> Result<T, serde_json::Error> {
    // By reference on every path, this one included (`read` always passes an object): each
    // way of reading a `Value` (owned or borrowed) is one more copy of the decoding of the
    // branch and of every type inside it, compiled into the user's crate.
    let Value::Object(fields) = &mut value else {
        return T::deserialize(&value);
    };
    let removed = fields.remove(tag);
    let without = match T::deserialize(&value) {
        Ok(decoded) => return Ok(decoded),
        Err(e) => e,
    };
    match (removed, &mut value) {
        (Some(tag_value), Value::Object(fields)) => {
            fields.insert(tag.to_string(), tag_value);
            T::deserialize(&value).map_err(|_| without)
        }
        _ => Err(without),
    }
}
