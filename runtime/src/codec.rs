//! Serde helpers the generated models use.

use serde::{Deserialize, Deserializer};
use std::fmt;

/// A JSON object key, borrowed from the input when it has no escapes (the common case), so
/// that decoding a model allocates nothing per known key.
pub enum Key<'de> {
    Borrowed(&'de str),
    Owned(String),
}

impl Key<'_> {
    /// The key's text.
    #[inline]
    pub fn as_str(&self) -> &str {
        match self {
            Key::Borrowed(s) => s,
            Key::Owned(s) => s,
        }
    }

    /// The key as an owned `String`.
    #[inline]
    pub fn into_string(self) -> String {
        match self {
            Key::Borrowed(s) => s.to_string(),
            Key::Owned(s) => s,
        }
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    #[inline]
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;

        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Key<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a property name")
            }

            #[inline]
            fn visit_borrowed_str<E: serde::de::Error>(
                self,
                value: &'de str,
            ) -> Result<Key<'de>, E> {
                Ok(Key::Borrowed(value))
            }

            #[inline]
            fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<Key<'de>, E> {
                Ok(Key::Owned(value.to_string()))
            }

            #[inline]
            fn visit_string<E: serde::de::Error>(self, value: String) -> Result<Key<'de>, E> {
                Ok(Key::Owned(value))
            }
        }

        deserializer.deserialize_str(Visitor)
    }
}

/// A model's properties that the spec does not list, kept so that a value read and written
/// back loses nothing; in the order they arrived.
///
/// Their values are JSON (`Extra` is `Extra<serde_json::Value>`), or the type the spec gives
/// them (`additionalProperties: {schema}` beside named properties: `Extra<T>`).
///
/// One pointer wide and allocation-free while empty (the usual case): a model pays almost
/// nothing for keeping what it does not know.
#[derive(Clone)]
// The `Box` keeps every model one pointer lighter than a bare `Vec` (three words) would: most
// models never hold an extra property.
#[allow(clippy::box_collection)]
pub struct Extra<V = serde_json::Value>(Option<Box<Vec<(String, V)>>>);

impl<V> Default for Extra<V> {
    fn default() -> Self {
        Extra(None)
    }
}

impl<V> Extra<V> {
    /// No properties.
    pub fn new() -> Self {
        Extra(None)
    }

    /// The value of `key`, if the server sent it.
    pub fn get(&self, key: &str) -> Option<&V> {
        self.iter().find(|(k, _)| *k == key).map(|(_, v)| v)
    }

    /// Sets `key` (written after the model's fields; a key that is a field is never written).
    /// A key already there keeps its place.
    pub fn insert(&mut self, key: impl Into<String>, value: V) -> Option<V> {
        let key = key.into();
        // Room for four at once: an object seldom has more unknown properties, and a decoder
        // inserting its first one skips the growth path of an empty `Vec`.
        let entries = self
            .0
            .get_or_insert_with(|| Box::new(Vec::with_capacity(4)));
        match entries.iter_mut().find(|(k, _)| *k == key) {
            Some((_, slot)) => Some(std::mem::replace(slot, value)),
            None => {
                entries.push((key, value));
                None
            }
        }
    }

    /// Removes `key`.
    pub fn remove(&mut self, key: &str) -> Option<V> {
        let entries = self.0.as_mut()?;
        let at = entries.iter().position(|(k, _)| k == key)?;
        let (_, value) = entries.remove(at);
        if entries.is_empty() {
            self.0 = None;
        }
        Some(value)
    }

    /// How many properties there are.
    pub fn len(&self) -> usize {
        self.0.as_ref().map_or(0, |entries| entries.len())
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The properties, in the order they arrived (or were inserted).
    pub fn iter(&self) -> impl Iterator<Item = (&String, &V)> {
        self.0
            .iter()
            .flat_map(|entries| entries.iter().map(|(k, v)| (k, v)))
    }
}

/// Equal when both hold the same keys with the same values, in any order.
impl<V: PartialEq> PartialEq for Extra<V> {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().all(|(k, v)| other.get(k) == Some(v))
    }
}

impl<V: fmt::Debug> fmt::Debug for Extra<V> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl std::ops::Index<&str> for Extra {
    type Output = serde_json::Value;

    /// The value of `key`, or `null` when it is not there (as indexing a `serde_json::Value`).
    fn index(&self, key: &str) -> &serde_json::Value {
        static NULL: serde_json::Value = serde_json::Value::Null;
        self.get(key).unwrap_or(&NULL)
    }
}

impl From<serde_json::Map<String, serde_json::Value>> for Extra {
    fn from(map: serde_json::Map<String, serde_json::Value>) -> Self {
        let entries: Vec<(String, serde_json::Value)> = map.into_iter().collect();
        Extra((!entries.is_empty()).then(|| Box::new(entries)))
    }
}

/// An enum value this client does not know, as it came from the server.
///
/// It can only be made by decoding (or `From<&str>`) a value that is *not* one of the enum's
/// known values, so `Currency::Unknown(..)` never holds `"EUR"`: equality and matching stay
/// honest.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownValue(Box<str>);

impl UnknownValue {
    /// For the `OpenEnum` derive, which calls it only for values that are not known.
    #[doc(hidden)]
    pub fn __new(value: &str) -> Self {
        UnknownValue(value.into())
    }

    /// The value as it appeared on the wire.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for UnknownValue {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// FNV-1a of `text`'s bytes, for the `OpenEnum` derive: evaluated at compile time for each known value
/// and once per decoded value, so that finding the variant is an integer `match`.
pub const fn wire_hash(text: &str) -> u64 {
    crate::fnv::fnv1a(crate::fnv::OFFSET, text.as_bytes())
}

/// Decodes an open enum from a JSON string without allocating for known values.
pub fn deserialize_open_enum<'de, D, E>(deserializer: D) -> Result<E, D::Error>
where
    D: Deserializer<'de>,
    E: for<'a> From<&'a str>,
{
    struct Visitor<E>(std::marker::PhantomData<E>);

    impl<E: for<'a> From<&'a str>> serde::de::Visitor<'_> for Visitor<E> {
        type Value = E;

        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string")
        }

        fn visit_str<Err: serde::de::Error>(self, value: &str) -> Result<E, Err> {
            Ok(E::from(value))
        }
    }

    deserializer.deserialize_str(Visitor(std::marker::PhantomData))
}

#[cfg(test)]
mod tests {
    use super::Extra;
    use serde_json::json;

    #[test]
    fn extra_is_one_pointer_and_empty_costs_nothing() {
        assert_eq!(std::mem::size_of::<Extra>(), std::mem::size_of::<usize>());
        let mut extra = Extra::new();
        assert!(extra.is_empty());
        assert_eq!(extra["missing"], json!(null));
        assert_eq!(extra.insert("a", json!(1)), None);
        assert_eq!(extra.insert("a", json!(2)), Some(json!(1)));
        assert_eq!(extra.get("a"), Some(&json!(2)));
        assert_eq!(extra.len(), 1);
        assert_eq!(extra.remove("a"), Some(json!(2)));
        // Emptied after use equals never used.
        assert_eq!(extra, Extra::new());
        assert_eq!(format!("{:?}", Extra::from(serde_json::Map::new())), "{}");
    }

    #[test]
    fn inserted_properties_keep_their_order_and_a_repeated_key_its_place() {
        let mut extra = Extra::new();
        for (key, value) in [("a", 1), ("b", 2), ("c", 3), ("a", 4), ("d", 5), ("e", 6)] {
            extra.insert(key, json!(value));
        }
        let kept: Vec<(&str, &serde_json::Value)> =
            extra.iter().map(|(k, v)| (k.as_str(), v)).collect();
        let expected =
            [("a", 4), ("b", 2), ("c", 3), ("d", 5), ("e", 6)].map(|(k, v)| (k, json!(v)));
        assert_eq!(
            kept,
            expected.iter().map(|(k, v)| (*k, v)).collect::<Vec<_>>()
        );
    }
}
