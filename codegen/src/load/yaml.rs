//! YAML text -> `serde_json::Value`, numbers read as the JSON parser reads them.
//!
//! `serde_json::Value`'s own visitor refuses a YAML integer beyond 64 bits ("JSON number out
//! of range": the YAML parser hands it over as an `i128`), and the YAML parser hands a plain
//! scalar like `1e400`, a float too large for `f64`, over as a string. The same document in
//! JSON loads: an integer beyond 64 bits is the nearest `f64`, a float beyond `f64`'s range
//! the largest `f64` of its sign (`super::json`). This visitor makes YAML say the same.

use serde::de::{self, DeserializeSeed, MapAccess, SeqAccess, Visitor};
use serde_json::{Map, Number, Value};
use std::fmt;

/// Parses `text` as one YAML document.
pub(super) fn parse(text: &str) -> Result<Value, serde_yaml::Error> {
    YamlValue { text }.deserialize(serde_yaml::Deserializer::from_str(text))
}

/// One YAML node as JSON. `text` is the whole document: a scalar borrowed from it tells, by
/// the byte before it, whether it was quoted.
#[derive(Clone, Copy)]
struct YamlValue<'t> {
    text: &'t str,
}

impl<'de> DeserializeSeed<'de> for YamlValue<'de> {
    type Value = Value;

    fn deserialize<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for YamlValue<'de> {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any YAML value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::Bool(v))
    }

    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::from(v))
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<Value, E> {
        as_json_reads(&v.to_string())
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<Value, E> {
        as_json_reads(&v.to_string())
    }

    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(float(v))
    }

    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Value, E> {
        if super::beyond_f64(v) && !written_as_text(self.text, v) {
            return Ok(float(if v.starts_with('-') {
                f64::NEG_INFINITY
            } else {
                f64::INFINITY
            }));
        }
        Ok(Value::String(v.to_string()))
    }

    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::String(v.to_string()))
    }

    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::String(v))
    }

    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_none<E>(self) -> Result<Value, E> {
        Ok(Value::Null)
    }

    fn visit_some<D: de::Deserializer<'de>>(self, deserializer: D) -> Result<Value, D::Error> {
        self.deserialize(deserializer)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element_seed(self)? {
            items.push(item);
        }
        Ok(Value::Array(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        let mut object = Map::new();
        while let Some(key) = map.next_key::<String>()? {
            // A key given twice keeps its last value, as `serde_json::Value` does.
            let value = map.next_value_seed(self)?;
            object.insert(key, value);
        }
        Ok(Value::Object(object))
    }
}

/// The value the JSON parser gives for this decimal integer literal (beyond 64 bits: the
/// nearest `f64`), so that both syntaxes round alike.
fn as_json_reads<E: de::Error>(literal: &str) -> Result<Value, E> {
    serde_json::from_str(literal).map_err(E::custom)
}

/// A float as JSON holds it: beyond `f64`'s range, the largest `f64` of its sign (what
/// `super::json` reads `1e400` as); not a number (`.nan`), `null`.
fn float(v: f64) -> Value {
    let v = if v.is_infinite() {
        f64::MAX.copysign(v)
    } else {
        v
    };
    Number::from_f64(v).map_or(Value::Null, Value::Number)
}

/// Whether `scalar`, a slice of `text`, was written as text: in quotes (the parser borrows a
/// quoted scalar from just inside them, a plain one from where it starts) or after a tag
/// (`!!str 1e400`).
fn written_as_text(text: &str, scalar: &str) -> bool {
    let Some(offset) = (scalar.as_ptr() as usize).checked_sub(text.as_ptr() as usize) else {
        return false;
    };
    let Some(before) = text.get(..offset) else {
        return false;
    };
    if before.ends_with(['\'', '"']) {
        return true;
    }
    let token = before
        .trim_end_matches([' ', '\t'])
        .rsplit([' ', '\t', '\n', '[', '{', ','])
        .next()
        .unwrap_or_default();
    token.starts_with('!')
}
