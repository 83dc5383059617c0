//! A value the spec allows as one item or as a list of them (`oneOf: [T, array of T]`).

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// One `T`, or a list of them, kept as the server sent it and written back the same way.
///
/// ```
/// # use meteroid_runtime::OneOrMany;
/// let to: OneOrMany<String> = serde_json::from_str(r#""a@example.com""#).unwrap();
/// assert_eq!(to.as_slice(), ["a@example.com"]);
/// let to: OneOrMany<String> = vec!["a@example.com".to_string(), "b@example.com".into()].into();
/// assert_eq!(serde_json::to_string(&to).unwrap(), r#"["a@example.com","b@example.com"]"#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum OneOrMany<T> {
    /// A single value, written without brackets.
    One(T),
    /// A list, written as a JSON array (also when it holds one item).
    Many(Vec<T>),
}

impl<T> OneOrMany<T> {
    /// The values, one or many, as a slice.
    pub fn as_slice(&self) -> &[T] {
        match self {
            OneOrMany::One(one) => std::slice::from_ref(one),
            OneOrMany::Many(many) => many,
        }
    }

    /// The values as a `Vec`.
    pub fn into_vec(self) -> Vec<T> {
        match self {
            OneOrMany::One(one) => vec![one],
            OneOrMany::Many(many) => many,
        }
    }

    /// Iterates over the values.
    pub fn iter(&self) -> std::slice::Iter<'_, T> {
        self.as_slice().iter()
    }
}

impl<T> From<T> for OneOrMany<T> {
    fn from(one: T) -> Self {
        OneOrMany::One(one)
    }
}

impl<T> From<Vec<T>> for OneOrMany<T> {
    fn from(many: Vec<T>) -> Self {
        OneOrMany::Many(many)
    }
}

impl<'a, T> IntoIterator for &'a OneOrMany<T> {
    type Item = &'a T;
    type IntoIter = std::slice::Iter<'a, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<T: Serialize> Serialize for OneOrMany<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self {
            OneOrMany::One(one) => one.serialize(serializer),
            OneOrMany::Many(many) => many.serialize(serializer),
        }
    }
}

impl<'de, T: for<'a> Deserialize<'a>> Deserialize<'de> for OneOrMany<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // Buffered: only the value's first token says which, and serde cannot peek.
        let value = serde_json::Value::deserialize(deserializer)?;
        let decoded = if value.is_array() {
            Vec::<T>::deserialize(&value).map(OneOrMany::Many)
        } else {
            T::deserialize(&value).map(OneOrMany::One)
        };
        decoded.map_err(serde::de::Error::custom)
    }
}

impl<T> crate::FromAbsent for OneOrMany<T> {}

#[cfg(feature = "samples")]
impl<T: crate::samples::Sample> crate::samples::Sample for OneOrMany<T> {
    fn sample() -> Self {
        OneOrMany::One(T::sample())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_and_many_keep_their_wire_shape() {
        let one: OneOrMany<u32> = serde_json::from_str("7").unwrap();
        assert_eq!(one, OneOrMany::One(7));
        assert_eq!(serde_json::to_string(&one).unwrap(), "7");
        let many: OneOrMany<u32> = serde_json::from_str("[7]").unwrap();
        assert_eq!(many, OneOrMany::Many(vec![7]));
        assert_eq!(serde_json::to_string(&many).unwrap(), "[7]");
        assert_eq!(many.into_vec(), one.into_vec());
    }

    #[test]
    fn a_wrong_item_is_an_error() {
        assert!(serde_json::from_str::<OneOrMany<u32>>(r#""x""#).is_err());
        assert!(serde_json::from_str::<OneOrMany<u32>>(r#"[1, "x"]"#).is_err());
    }
}
