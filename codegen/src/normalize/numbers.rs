//! The numbers of a schema, as `openapiv3` models them: an integer's bounds, multiple and enum
//! values are `i64`, lengths and counts `usize`, other bounds `f64`. A spec may write any JSON
//! number there (`minimum: 1.5` on an integer, `maximum: 18446744073709551616`, `1e400`),
//! which `openapiv3` would refuse, failing the whole document.
//!
//! What is rewritten keeps the set of integers the schema allows as far as `i64` can say it:
//! a fractional bound rounds inwards (`minimum: -0.5` allows 0 and up: `minimum: 0`), a bound
//! beyond `i64` becomes the nearest `i64` (`minimum: 1e30` still says "not negative", which is
//! what picks `u64`). What says nothing a Rust type needs (a fractional `multipleOf`, a length
//! that is no count, an enum value that is no integer) is dropped: the server validates.

use serde_json::{Map, Value};

/// Keywords whose value `openapiv3` reads as a `usize`.
const COUNTS: &[&str] = &[
    "minLength",
    "maxLength",
    "minItems",
    "maxItems",
    "minProperties",
    "maxProperties",
];

/// Rewrites the numbers of one schema (see the module docs).
pub(super) fn numbers(map: &mut Map<String, Value>) {
    for key in COUNTS {
        if let Some(value) = map.get(*key) {
            match count(value) {
                Some(n) => {
                    map.insert((*key).into(), Value::from(n));
                }
                None => {
                    map.remove(*key);
                }
            }
        }
    }
    let integer = map.get("type").and_then(Value::as_str) == Some("integer");
    for (bound, exclusive, round) in [
        ("minimum", "exclusiveMinimum", f64::ceil as fn(f64) -> f64),
        ("maximum", "exclusiveMaximum", f64::floor),
    ] {
        let Some(value) = map.get(bound) else {
            continue;
        };
        let Some(n) = number(value) else {
            map.remove(bound);
            continue;
        };
        if value.is_i64() || !integer && value.is_number() {
            continue;
        }
        if !integer {
            map.insert(bound.into(), Value::from(n));
            continue;
        }
        // `x > 1.5` allows the same integers as `x >= 2`.
        if n.fract() != 0.0 {
            map.remove(exclusive);
        }
        // `as` saturates: beyond `i64`, the nearest `i64`.
        map.insert(bound.into(), Value::from(round(n) as i64));
    }
    if let Some(value) = map.get("multipleOf") {
        let keep = match number(value) {
            Some(n) if integer => whole(n).filter(|m| *m > 0).map(Value::from),
            Some(n) if n > 0.0 && value.is_number() => Some(value.clone()),
            Some(n) if n > 0.0 => Some(Value::from(n)),
            _ => None,
        };
        match keep {
            Some(m) => map.insert("multipleOf".into(), m),
            None => map.remove("multipleOf"),
        };
    }
    if integer && let Some(Value::Array(values)) = map.get_mut("enum") {
        values.retain_mut(|v| match v {
            Value::Null => true,
            Value::Number(_) => match v.as_i64().or_else(|| v.as_f64().and_then(whole)) {
                Some(i) => {
                    *v = Value::from(i);
                    true
                }
                None => false,
            },
            _ => false,
        });
        if values.is_empty() {
            map.remove("enum");
        }
    }
}

/// A bound as a number: a JSON number, or text that is one (`minimum: '0'`).
fn number(value: &Value) -> Option<f64> {
    match value {
        Value::Number(n) => n.as_f64(),
        Value::String(text) => text.trim().parse::<f64>().ok().filter(|n| n.is_finite()),
        _ => None,
    }
}

/// The `i64` a number is, when it is a whole one inside `i64`'s range.
fn whole(n: f64) -> Option<i64> {
    // `i64::MAX as f64` is 2^63, one past the largest `i64`: the upper test is strict.
    (n.fract() == 0.0 && n >= i64::MIN as f64 && n < i64::MAX as f64).then_some(n as i64)
}

/// A length or count: a whole, non-negative number that fits a `usize`.
fn count(value: &Value) -> Option<u64> {
    match value {
        Value::Number(n) => n.as_u64().or_else(|| {
            n.as_f64()
                .filter(|f| f.fract() == 0.0 && *f >= 0.0 && *f < u64::MAX as f64)
                .map(|f| f as u64)
        }),
        _ => None,
    }
    .filter(|n| usize::try_from(*n).is_ok())
}

#[cfg(test)]
mod tests {
    use super::numbers;
    use serde_json::{Value, json};

    fn of(schema: Value) -> Value {
        let mut schema = schema;
        if let Some(map) = schema.as_object_mut() {
            numbers(map);
        }
        schema
    }

    #[test]
    fn integer_bounds_round_inwards_and_saturate_at_i64() {
        assert_eq!(
            of(json!({"type": "integer", "minimum": 1.0, "maximum": 2.5})),
            json!({"type": "integer", "minimum": 1, "maximum": 2})
        );
        assert_eq!(
            of(json!({"type": "integer", "minimum": -0.5, "exclusiveMinimum": true})),
            json!({"type": "integer", "minimum": 0})
        );
        assert_eq!(
            of(json!({"type": "integer", "minimum": 1.0, "exclusiveMinimum": true})),
            json!({"type": "integer", "minimum": 1, "exclusiveMinimum": true})
        );
        assert_eq!(
            of(json!({"type": "integer", "minimum": 1e30, "maximum": f64::MAX})),
            json!({"type": "integer", "minimum": i64::MAX, "maximum": i64::MAX})
        );
        assert_eq!(
            of(json!({"type": "integer", "minimum": -f64::MAX, "maximum": u64::MAX})),
            json!({"type": "integer", "minimum": i64::MIN, "maximum": i64::MAX})
        );
        assert_eq!(
            of(json!({"type": "integer", "minimum": 1e-300, "maximum": "7"})),
            json!({"type": "integer", "minimum": 1, "maximum": 7})
        );
        assert_eq!(
            of(json!({"type": "integer", "minimum": "none", "maximum": true})),
            json!({"type": "integer"})
        );
    }

    #[test]
    fn other_bounds_stay_numbers() {
        assert_eq!(
            of(json!({"type": "number", "minimum": 0.5, "maximum": "1e3", "multipleOf": 0.01})),
            json!({"type": "number", "minimum": 0.5, "maximum": 1000.0, "multipleOf": 0.01})
        );
        assert_eq!(
            of(json!({"type": "number", "multipleOf": 0})),
            json!({"type": "number"})
        );
    }

    #[test]
    fn an_integer_multiple_and_enum_keep_only_integers() {
        assert_eq!(
            of(
                json!({"type": "integer", "multipleOf": 0.5, "enum": [1, 2.0, 2.5, 1e30, "3", null]})
            ),
            json!({"type": "integer", "enum": [1, 2, null]})
        );
        assert_eq!(
            of(json!({"type": "integer", "multipleOf": 2.0, "enum": [0.5]})),
            json!({"type": "integer", "multipleOf": 2})
        );
    }

    #[test]
    fn lengths_and_counts_are_whole_and_not_negative() {
        assert_eq!(
            of(
                json!({"minLength": 1.0, "maxLength": 1.5, "minItems": -1, "maxItems": 1e30, "minProperties": "2", "maxProperties": 3})
            ),
            json!({"minLength": 1, "maxProperties": 3})
        );
    }
}
