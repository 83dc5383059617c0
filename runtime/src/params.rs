//! How values become path segments and query pairs.
//!
//! Generated operations hand their arguments to [`crate::Request::path_param`] and
//! [`crate::Request::query`] as they are (a `&str`, a number, an open enum, an ID newtype, an
//! optional or repeated value); these two traits turn each into text, so that the generated code
//! needs no per-type conversion of its own. The model macros implement [`ParamValue`] for the
//! string-like types they declare.

use std::borrow::Cow;

/// A value that is written as one piece of text in a path or a query: strings, numbers,
/// booleans, the format types, open enums and string newtypes.
pub trait ParamValue {
    /// The text sent for this value (before percent-encoding).
    fn to_param(&self) -> Cow<'_, str>;
}

/// A value that becomes zero or more query pairs: a [`ParamValue`] gives one, `None` none, and
/// a slice or `Vec` one per item.
pub trait QueryValue {
    /// Appends this value's pairs, named `name`.
    fn push_pairs(&self, name: &str, pairs: &mut Vec<(String, String)>);
}

impl ParamValue for str {
    fn to_param(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

impl ParamValue for String {
    fn to_param(&self) -> Cow<'_, str> {
        Cow::Borrowed(self)
    }
}

impl ParamValue for bool {
    fn to_param(&self) -> Cow<'_, str> {
        Cow::Borrowed(if *self { "true" } else { "false" })
    }
}

macro_rules! display_params {
    ($($t:ty),*) => {
        $(impl ParamValue for $t {
            fn to_param(&self) -> Cow<'_, str> {
                Cow::Owned(self.to_string())
            }
        })*
    };
}

display_params!(i8, i16, i32, i64, u8, u16, u32, u64, f32, f64);

impl<T: ParamValue + ?Sized> ParamValue for &T {
    fn to_param(&self) -> Cow<'_, str> {
        (**self).to_param()
    }
}

impl<T: ParamValue + ?Sized> QueryValue for T {
    fn push_pairs(&self, name: &str, pairs: &mut Vec<(String, String)>) {
        pairs.push((name.to_string(), self.to_param().into_owned()));
    }
}

impl<T: ParamValue> QueryValue for Option<T> {
    fn push_pairs(&self, name: &str, pairs: &mut Vec<(String, String)>) {
        if let Some(value) = self {
            value.push_pairs(name, pairs);
        }
    }
}

impl<T: ParamValue> QueryValue for [T] {
    fn push_pairs(&self, name: &str, pairs: &mut Vec<(String, String)>) {
        for value in self {
            value.push_pairs(name, pairs);
        }
    }
}

impl<T: ParamValue> QueryValue for Vec<T> {
    fn push_pairs(&self, name: &str, pairs: &mut Vec<(String, String)>) {
        self.as_slice().push_pairs(name, pairs);
    }
}

impl<T: ParamValue> QueryValue for Option<Vec<T>> {
    fn push_pairs(&self, name: &str, pairs: &mut Vec<(String, String)>) {
        if let Some(values) = self {
            values.push_pairs(name, pairs);
        }
    }
}

/// An optional nullable value (`Some(None)` is `null`): `null`, like `None`, gives no pair. A
/// query string and a multipart form have no null, and the empty text that could stand for
/// one is read as the empty string, another value.
impl<T: ParamValue> QueryValue for Option<Option<T>> {
    fn push_pairs(&self, name: &str, pairs: &mut Vec<(String, String)>) {
        if let Some(Some(value)) = self {
            value.push_pairs(name, pairs);
        }
    }
}

/// An optional nullable list: `null`, like `None`, gives no pair (see `Option<Option<T>>`).
impl<T: ParamValue> QueryValue for Option<Option<Vec<T>>> {
    fn push_pairs(&self, name: &str, pairs: &mut Vec<(String, String)>) {
        if let Some(Some(values)) = self {
            values.push_pairs(name, pairs);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn pairs<V: QueryValue + ?Sized>(value: &V) -> Vec<(String, String)> {
        let mut pairs = Vec::new();
        value.push_pairs("k", &mut pairs);
        pairs
    }

    fn one(value: &str) -> Vec<(String, String)> {
        vec![("k".to_string(), value.to_string())]
    }

    #[test]
    fn scalars_are_one_pair() {
        assert_eq!(pairs("a b"), one("a b"));
        assert_eq!(pairs(&"x".to_string()), one("x"));
        assert_eq!(pairs(&true), one("true"));
        assert_eq!(pairs(&-3i32), one("-3"));
        assert_eq!(pairs(&u64::MAX), one("18446744073709551615"));
        assert_eq!(pairs(&1.5f64), one("1.5"));
    }

    #[test]
    fn options_and_arrays() {
        assert!(pairs(&None::<u32>).is_empty());
        assert_eq!(pairs(&Some(7u32)), one("7"));
        assert_eq!(pairs(&vec![1u32, 2]).len(), 2);
        assert_eq!(
            pairs(&["a", "b"][..])[1],
            ("k".to_string(), "b".to_string())
        );
        assert!(pairs(&None::<Vec<u32>>).is_empty());
        assert_eq!(pairs(&Some(vec!["x".to_string()])), one("x"));
    }

    #[test]
    fn an_optional_nullable_value_gives_pairs_only_when_it_holds_one() {
        assert!(pairs(&None::<Option<u32>>).is_empty());
        assert!(pairs(&Some(None::<u32>)).is_empty());
        assert_eq!(pairs(&Some(Some(7u32))), one("7"));
        assert!(pairs(&None::<Option<Vec<String>>>).is_empty());
        assert!(pairs(&Some(None::<Vec<String>>)).is_empty());
        assert_eq!(pairs(&Some(Some(vec!["a", "b"]))).len(), 2);
    }
}
