//! Serde helpers the generated models use.

use serde::{Deserialize, Deserializer};
use std::fmt;

/// A JSON object key, borrowed from the input when it has no escapes (the common case), so
/// that decoding a model allocates nothing per known key.
pub(crate) enum Key<'de> {
    Borrowed(&'de str),
    Owned(String),
}

impl Key<'_> {
    pub(crate) fn as_str(&self) -> &str {
        match self {
            Key::Borrowed(s) => s,
            Key::Owned(s) => s,
        }
    }

    pub(crate) fn into_string(self) -> String {
        match self {
            Key::Borrowed(s) => s.to_string(),
            Key::Owned(s) => s,
        }
    }
}

impl<'de> Deserialize<'de> for Key<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;

        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = Key<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a property name")
            }

            fn visit_borrowed_str<E: serde::de::Error>(
                self,
                value: &'de str,
            ) -> Result<Key<'de>, E> {
                Ok(Key::Borrowed(value))
            }

            fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<Key<'de>, E> {
                Ok(Key::Owned(value.to_string()))
            }

            fn visit_string<E: serde::de::Error>(self, value: String) -> Result<Key<'de>, E> {
                Ok(Key::Owned(value))
            }
        }

        deserializer.deserialize_str(Visitor)
    }
}

/// Reads the value of `key` into its slot; a key seen twice is an error, as with derived impls.
pub(crate) fn fill<'de, A, T>(
    slot: &mut Option<T>,
    map: &mut A,
    key: &'static str,
) -> Result<(), A::Error>
where
    A: serde::de::MapAccess<'de>,
    T: Deserialize<'de>,
{
    if slot.is_some() {
        return Err(serde::de::Error::duplicate_field(key));
    }
    *slot = Some(map.next_value()?);
    Ok(())
}

/// Writes a model's unknown properties after its fields, skipping any key that is one of the
/// model's own (`known`): the field's value is the one that counts, and a key is never written
/// twice.
pub(crate) fn write_extra<M: serde::ser::SerializeMap>(
    map: &mut M,
    extra: &serde_json::Map<String, serde_json::Value>,
    known: &[&str],
) -> Result<(), M::Error> {
    for (key, value) in extra {
        if !known.contains(&key.as_str()) {
            map.serialize_entry(key, value)?;
        }
    }
    Ok(())
}

/// An enum value this client does not know, as it came from the server.
///
/// It can only be made by decoding (or `From<&str>`) a value that is *not* one of the enum's
/// known values, so `Currency::Unknown(..)` never holds `"EUR"`: equality and matching stay
/// honest.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct UnknownValue(Box<str>);

impl UnknownValue {
    pub(crate) fn new(value: &str) -> Self {
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

/// Decodes an open enum from a JSON string without allocating for known values.
pub(crate) fn deserialize_open_enum<'de, D, E>(deserializer: D) -> Result<E, D::Error>
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
