//! Serde helpers the generated models use.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;

/// `Option<Option<T>>` for a property that may be absent, `null` or a value.
///
/// With `#[serde(default, skip_serializing_if = "Option::is_none", with = "...")]`: absent
/// decodes to `None` (by `default`), `null` to `Some(None)`, a value to `Some(Some(v))`; and
/// `None` is skipped on encode, `Some(None)` writes `null`.
pub(crate) mod double_option {
    use super::*;

    pub(crate) fn serialize<T: Serialize, S: Serializer>(
        value: &Option<Option<T>>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match value {
            Some(Some(v)) => serializer.serialize_some(v),
            // `None` never gets here (skipped); if it did, `null` is the honest encoding.
            Some(None) | None => serializer.serialize_none(),
        }
    }

    pub(crate) fn deserialize<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<Option<T>>, D::Error> {
        Option::<T>::deserialize(deserializer).map(Some)
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
