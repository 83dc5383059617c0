//! Schema-valid sample values, for contract tests only (the `samples` feature): the derives
//! implement [`Sample`] for every model on top of these, and `contract_calls!` calls every
//! operation with them.
//!
//! A type's sample is the same wherever it is used (`"sample"` for every `String`); where a
//! schema's constraints rule that out (a `pattern`, a length, a `format`, bounds), the generator
//! computes a valid value and writes it as JSON, which [`from_json`] decodes.

use crate::types::{Date, DateTime, Decimal, Uuid};
use std::collections::BTreeMap;
use std::future::Future;
use std::pin::Pin;

/// One operation's contract call: its sample arguments built and sent, the response dropped.
/// A function of its own per operation, so that calling hundreds in a row keeps each call's
/// futures and arguments off the caller's stack.
pub type Call<C, E> = for<'c> fn(&'c C) -> Pin<Box<dyn Future<Output = Result<(), E>> + 'c>>;

/// A sample the generator wrote as JSON (`#[model(sample = "..")]`, `contract_calls!`'s
/// `ref = ".."`), decoded as `T`.
///
/// # Panics
///
/// When `json` is not a `T`: the generator wrote it for this very type, so that is a bug in
/// the generated code, which a contract test should report loudly.
pub fn from_json<T: serde::de::DeserializeOwned>(json: &str) -> T {
    match serde_json::from_str(json) {
        Ok(value) => value,
        Err(error) => panic!(
            "the generated sample {json} is not a `{}`: {error}",
            std::any::type_name::<T>()
        ),
    }
}

/// A value of `Self` that the spec accepts.
pub trait Sample {
    /// The sample.
    fn sample() -> Self;
}

impl Sample for String {
    fn sample() -> Self {
        "sample".to_string()
    }
}

impl Sample for bool {
    fn sample() -> Self {
        true
    }
}

macro_rules! numbers {
    ($($t:ty => $v:expr),*) => {
        $(impl Sample for $t {
            fn sample() -> Self {
                $v
            }
        })*
    };
}

// 1 meets both `minimum: 0` and `minimum: 1`, the bounds the Meteroid spec uses.
numbers!(i8 => 1, i16 => 1, i32 => 1, i64 => 1, u8 => 1, u16 => 1, u32 => 1, u64 => 1, f32 => 1.0, f64 => 1.0);

/// An always-`null` property.
impl Sample for () {
    fn sample() -> Self {}
}

/// A nullable array item or map value: a value, which every nullable schema also allows.
impl<T: Sample> Sample for Option<T> {
    fn sample() -> Self {
        Some(T::sample())
    }
}

macro_rules! tuple_samples {
    ($(($($t:ident),+)),*) => {
        $(impl<$($t: Sample),+> Sample for ($($t,)+) {
            fn sample() -> Self {
                ($($t::sample(),)+)
            }
        })*
    };
}

tuple_samples!(
    (A),
    (A, B),
    (A, B, C),
    (A, B, C, D),
    (A, B, C, D, E),
    (A, B, C, D, E, F)
);

impl<T: Sample> Sample for Vec<T> {
    fn sample() -> Self {
        vec![T::sample()]
    }
}

impl<T> Sample for BTreeMap<String, T> {
    fn sample() -> Self {
        BTreeMap::new()
    }
}

impl Sample for serde_json::Value {
    fn sample() -> Self {
        serde_json::Value::Object(serde_json::Map::new())
    }
}

impl<T: Sample> Sample for Box<T> {
    fn sample() -> Self {
        Box::new(T::sample())
    }
}

impl Sample for DateTime {
    fn sample() -> Self {
        DateTime::unchecked("2024-01-31T12:00:00Z")
    }
}

impl Sample for Date {
    fn sample() -> Self {
        Date::unchecked("2024-01-31")
    }
}

impl Sample for Decimal {
    fn sample() -> Self {
        Decimal::unchecked("1.5")
    }
}

impl Sample for Uuid {
    fn sample() -> Self {
        Uuid::unchecked("67e55044-10b1-426f-9247-bb680e5fe0c8")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_samples_decode_as_the_type_they_are_written_for() {
        assert_eq!(from_json::<String>(r#""org_1""#), "org_1");
        assert_eq!(from_json::<u32>("3600"), 3600);
        assert_eq!(from_json::<Vec<String>>(r#"["a","b"]"#), ["a", "b"]);
    }

    #[test]
    #[should_panic(expected = "the generated sample 1.5 is not a `u32`")]
    fn a_json_sample_of_another_type_is_a_loud_bug() {
        from_json::<u32>("1.5");
    }

    #[test]
    fn format_samples_have_valid_syntax() {
        assert!(DateTime::new(DateTime::sample().as_str()).is_ok());
        assert!(Date::new(Date::sample().as_str()).is_ok());
        assert!(Decimal::new(Decimal::sample().as_str()).is_ok());
        assert!(Uuid::new(Uuid::sample().as_str()).is_ok());
    }
}
