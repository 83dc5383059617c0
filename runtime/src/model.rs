//! What generated models run on: the per-field logic the model derives expand to, and
//! `contract_calls!`.
//!
//! Generated code declares each type as a literal Rust item (a struct with its real field
//! types, an enum with its variants) and derives the rest: [`Model`](derive@crate::Model),
//! [`OpenEnum`](derive@crate::OpenEnum), [`StringNewtype`](derive@crate::StringNewtype),
//! [`TaggedUnion`](derive@crate::TaggedUnion), [`UntaggedUnion`](derive@crate::UntaggedUnion),
//! [`QueryOptions`](derive@crate::QueryOptions) and [`ApiClient`](derive@crate::ApiClient)
//! (their attributes: the `meteroid-runtime-derive` crate's docs). Everything else (the three
//! states of an optional nullable property, keeping unknown properties in `extra`, open enums,
//! required arrays that a server leaves out, builders) is written once, here, and tested once.
//!
//! ```
//! use meteroid_runtime as rt;
//!
//! /// A customer.
//! #[derive(Debug, Clone, PartialEq, rt::Model)]
//! #[model(new(id))]
//! pub struct Customer {
//!     /// The customer's ID.
//!     pub id: String,
//!     /// Cleared with `null`.
//!     pub phone: Option<Option<String>>,
//!     #[model(rename = "billingEmail")]
//!     pub billing_email: Option<String>,
//!     pub currency: Option<Currency>,
//!     #[model(extra)]
//!     pub extra: rt::Extra,
//! }
//!
//! /// A currency.
//! #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, rt::OpenEnum)]
//! #[non_exhaustive]
//! #[model(rename_all = "UPPERCASE")]
//! pub enum Currency {
//!     Eur,
//!     Usd,
//!     #[model(other)]
//!     Unknown(rt::UnknownValue),
//! }
//!
//! let customer = Customer::new("cus_1").clear_phone().currency(Currency::Eur);
//! assert_eq!(
//!     serde_json::to_string(&customer).unwrap(),
//!     r#"{"id":"cus_1","phone":null,"currency":"EUR"}"#
//! );
//! let read: Customer = serde_json::from_str(r#"{"id":"cus_2","currency":"XTS","new":1}"#).unwrap();
//! assert!(!read.currency.as_ref().unwrap().is_known());
//! assert_eq!(read.extra["new"], 1);
//! ```
//!
//! Why not `#[derive(Serialize, Deserialize)]` with serde attributes: `#[serde(flatten)] extra`
//! buffers every object into a map before decoding it, and on encode it cannot skip a key of
//! `extra` that is also a field, so such a key would be sent twice. The hand-written visitor
//! the `Model` derive writes reads each object once and writes each key once. Why derives of
//! our own rather than `macro_rules!`: generated code is then plain Rust items that readers,
//! rustdoc and editors see as they are, presence is read from the field's type, and a bad
//! declaration is an error at the field. The cost is a proc-macro crate with `syn` (without
//! its `full` parser), `quote` and `heck` in the build: about 4 s of CPU for a clean debug
//! build, 1.3 s of which is the derive crate itself (release builds compile proc macros the
//! same way).
//!
//! # Presence
//!
//! Each property of a [`Model`](derive@crate::Model) struct appears on the wire as its field's
//! type says:
//!
//! | presence | Rust field | decode | encode |
//! | --- | --- | --- | --- |
//! | `required` | `T` | missing: an error, except types whose [`FromAbsent`] gives a value (arrays and maps: empty) | always |
//! | `required_nullable` | `Option<T>` with `#[model(required)]` | `null` or missing: `None` | always (`None` is `null`) |
//! | `optional` | `Option<T>` | `null` or missing: `None` | `None` is left out |
//! | `optional_nullable` | `Option<Option<T>>` | missing: `None`, `null`: `Some(None)` | `None` left out, `Some(None)` is `null` |
//!
//! The first column names the [`presence`] functions each field's code goes through.

use crate::codec::{Extra, Key};
use serde::de::{Deserialize, Error as _, MapAccess};
use serde::ser::{Serialize, SerializeMap};

/// What a required property decodes as when a server leaves it out: `None` (an error) for most
/// types; an empty array or map for `Vec` and `BTreeMap`, since older servers omit collections
/// that newer specs require.
///
/// The model derives implement it (with `None`) for every type they declare.
pub trait FromAbsent: Sized {
    /// The value of a missing required property, if it has one.
    fn from_absent() -> Option<Self> {
        None
    }
}

macro_rules! absent_is_an_error {
    ($($t:ty),*) => {
        $(impl FromAbsent for $t {})*
    };
}

absent_is_an_error!(
    (),
    String,
    bool,
    i8,
    i16,
    i32,
    i64,
    u8,
    u16,
    u32,
    u64,
    f32,
    f64,
    serde_json::Value,
    crate::types::Date,
    crate::types::DateTime,
    crate::types::Decimal,
    crate::types::Uuid
);

/// A tuple (`prefixItems`): a missing one is an error, as for any value of a fixed shape.
macro_rules! tuples_absent_is_an_error {
    ($(($($t:ident),+)),*) => {
        $(impl<$($t),+> FromAbsent for ($($t,)+) {})*
    };
}

tuples_absent_is_an_error!(
    (A),
    (A, B),
    (A, B, C),
    (A, B, C, D),
    (A, B, C, D, E),
    (A, B, C, D, E, F)
);

impl<T> FromAbsent for Vec<T> {
    fn from_absent() -> Option<Self> {
        Some(Vec::new())
    }
}

impl<K: Ord, V> FromAbsent for std::collections::BTreeMap<K, V> {
    fn from_absent() -> Option<Self> {
        Some(std::collections::BTreeMap::new())
    }
}

impl<T: FromAbsent> FromAbsent for Box<T> {
    fn from_absent() -> Option<Self> {
        T::from_absent().map(Box::new)
    }
}

/// One function per presence and step, named so that the macros can pick them by the presence
/// keyword (`presence::optional::finish`).
#[doc(hidden)]
#[allow(non_snake_case)]
pub mod presence {
    use super::*;

    /// Reads the value of `key` into its slot; a key seen twice is an error, as with derived
    /// impls.
    #[inline]
    pub fn fill<'de, A, T>(
        slot: &mut Option<T>,
        map: &mut A,
        key: &'static str,
    ) -> Result<(), A::Error>
    where
        A: MapAccess<'de>,
        T: Deserialize<'de>,
    {
        if slot.is_some() {
            return Err(A::Error::duplicate_field(key));
        }
        *slot = Some(map.next_value()?);
        Ok(())
    }

    /// Writes a model's unknown properties after its fields, skipping any key that is one of
    /// the model's own (`known`): the field's value is the one that counts, and a key is never
    /// written twice.
    pub fn write_extra<M: SerializeMap, V: Serialize>(
        map: &mut M,
        extra: &Extra<V>,
        known: &[&str],
    ) -> Result<(), M::Error> {
        for (key, value) in extra.iter() {
            if !known.contains(&key.as_str()) {
                map.serialize_entry(key, value)?;
            }
        }
        Ok(())
    }

    /// Keeps an unknown property.
    #[inline]
    pub fn keep<'de, A: MapAccess<'de>, V: Deserialize<'de>>(
        extra: &mut Extra<V>,
        key: Key<'de>,
        map: &mut A,
    ) -> Result<(), A::Error> {
        extra.insert(key.into_string(), map.next_value()?);
        Ok(())
    }

    /// Always present, never `null`.
    pub mod required {
        use super::*;

        /// The field's value once its object is read: the one presence that can fail there
        /// (`__finish!` takes the others' slots as they are). A `match`, not `ok_or_else`:
        /// no closure to compile for every field type.
        #[inline]
        pub fn finish<T: FromAbsent, E: serde::de::Error>(
            slot: Option<T>,
            key: &'static str,
        ) -> Result<T, E> {
            match slot {
                Some(value) => Ok(value),
                None => match T::from_absent() {
                    Some(value) => Ok(value),
                    None => Err(E::missing_field(key)),
                },
            }
        }

        #[inline]
        pub fn write<M: SerializeMap, T: Serialize + ?Sized>(
            map: &mut M,
            key: &'static str,
            value: &T,
        ) -> Result<(), M::Error> {
            map.serialize_entry(key, value)
        }

        #[cfg(feature = "samples")]
        pub fn sample<T: crate::samples::Sample>() -> T {
            T::sample()
        }
    }

    /// Always present, may be `null` (`None`).
    pub mod required_nullable {
        pub use super::required::write;

        #[cfg(feature = "samples")]
        pub fn sample<T>() -> Option<T> {
            None
        }
    }

    /// May be absent; `null` is read as absent.
    pub mod optional {
        use super::*;

        #[inline]
        pub fn write<M: SerializeMap, T: Serialize>(
            map: &mut M,
            key: &'static str,
            value: &Option<T>,
        ) -> Result<(), M::Error> {
            match value {
                Some(value) => map.serialize_entry(key, value),
                None => Ok(()),
            }
        }

        #[cfg(feature = "samples")]
        pub use super::required_nullable::sample;
    }

    /// May be absent, `null` or a value, all three kept apart.
    pub mod optional_nullable {
        pub use super::optional::write;

        #[cfg(feature = "samples")]
        pub use super::required_nullable::sample;
    }
}

/// `call_all` and `credentials` for contract tests: calls every listed operation of `Client`
/// (or of the client `client = Name;` names first) once with sample arguments, and sets sample
/// credentials through the client's own setters; expands to nothing unless the runtime's
/// `samples` feature is on.
///
/// Each operation is listed with how it takes each argument, and gets a sample of that form:
/// `str` is `"sample"`, `slice` `&[Sample::sample()]`, `ref` `&Sample::sample()`, `value`
/// `Sample::sample()`, `query` the default options (`&Default::default()`), `bytes`
/// `b"sample"`: `contract_calls! { patch_customer(str, ref), list_customers(query) }`,
/// `contract_calls! { client = Petstore; list_pets(query) }`. A form followed by `= "<text>"`
/// takes the sample the schema requires instead: the text itself for `str`, JSON decoded as the
/// argument's type (`samples::from_json`, with the `samples` feature) for the others:
/// `get_app(str = "app_1", value = "3600")`.
///
/// An API with security schemes lists its generated `Credentials` setters first, each with
/// its sample arguments: `contract_calls! { credentials { basic_auth("contract", "test") }
/// get_me() }`; `credentials(builder)` then calls each of them, so that a contract test
/// authenticates as a caller does. Without the list it returns the builder as it is.
#[macro_export]
macro_rules! contract_calls {
    (@module $client:ident { $($credentials:tt)* } $( $operation:ident($($form:tt $(= $sample:literal)?),* $(,)?) ),* $(,)?) => {
        $crate::__sample! {
            module {
                /// Calls every operation once with sample arguments, in turn; `Ok` means the
                /// server accepted the request and its response decoded. Deprecated ones too.
                pub async fn call_all(
                    client: &super::$client,
                ) -> ::std::vec::Vec<(&'static str, ::core::result::Result<(), super::Error>)> {
                    #[allow(deprecated)]
                    let calls: &[(&'static str, $crate::samples::Call<super::$client, super::Error>)] = &[$(
                        (::core::stringify!($operation), |client| ::std::boxed::Box::pin(async move {
                            client
                                .$operation($($crate::__sample_argument!($form $(= $sample)?)),*)
                                .await
                                .map(|_| ())
                        })),
                    )*];
                    let mut results = ::std::vec::Vec::with_capacity(calls.len());
                    for (operation, call) in calls {
                        results.push((*operation, call(client).await));
                    }
                    results
                }

                $($credentials)*
            }
        }
    };
    (client = $client:ident; credentials { $( $setter:ident($($value:literal),* $(,)?) ),* $(,)? } $($calls:tt)*) => {
        $crate::contract_calls! {
            @module $client {
                /// `builder` with a sample credential for every security scheme, each set
                /// through the client's own setter (`Credentials`).
                pub fn credentials(
                    builder: $crate::ClientBuilder<super::$client>,
                ) -> $crate::ClientBuilder<super::$client> {
                    use super::Credentials as _;
                    builder $( .$setter($($value),*) )*
                }
            }
            $($calls)*
        }
    };
    (client = $client:ident; $($calls:tt)*) => {
        $crate::contract_calls! {
            @module $client {
                /// `builder` as it is: the API has no security scheme.
                pub fn credentials(
                    builder: $crate::ClientBuilder<super::$client>,
                ) -> $crate::ClientBuilder<super::$client> {
                    builder
                }
            }
            $($calls)*
        }
    };
    (credentials { $($credentials:tt)* } $($calls:tt)*) => {
        $crate::contract_calls! { client = Client; credentials { $($credentials)* } $($calls)* }
    };
    ($($calls:tt)*) => {
        $crate::contract_calls! { client = Client; $($calls)* }
    };
}

/// A sample of a type of yours that replaces a schema (`meteroid_codegen::Generator::replace`):
/// `sample!(Money => Money::new("12.50", "EUR"));` implements [`samples::Sample`] with it when
/// the runtime's `samples` feature is on (contract tests sample every type a model holds), and
/// is nothing otherwise, so a build without that feature compiles none of it.
///
/// [`samples::Sample`]: crate::samples::Sample
#[cfg(feature = "samples")]
#[macro_export]
macro_rules! sample {
    ($ty:ty => $value:expr) => {
        impl $crate::samples::Sample for $ty {
            fn sample() -> Self {
                $value
            }
        }
    };
}

/// A sample of a type of yours that replaces a schema (`meteroid_codegen::Generator::replace`):
/// `sample!(Money => Money::new("12.50", "EUR"));` implements the runtime's `Sample` with it
/// when the runtime's `samples` feature is on (contract tests sample every type a model
/// holds), and is nothing otherwise, so a build without that feature compiles none of it.
#[cfg(not(feature = "samples"))]
#[macro_export]
macro_rules! sample {
    ($ty:ty => $value:expr) => {};
}

/// A sample argument of the form `contract_calls!` names.
#[doc(hidden)]
#[macro_export]
macro_rules! __sample_argument {
    (str) => {
        "sample"
    };
    (str = $text:literal) => {
        $text
    };
    (slice) => {
        &[$crate::samples::Sample::sample()]
    };
    (slice = $json:literal) => {
        $crate::samples::from_json::<::std::vec::Vec<_>>($json).as_slice()
    };
    (ref) => {
        &$crate::samples::Sample::sample()
    };
    (ref = $json:literal) => {
        &$crate::samples::from_json($json)
    };
    (value) => {
        $crate::samples::Sample::sample()
    };
    (value = $json:literal) => {
        $crate::samples::from_json($json)
    };
    (query) => {
        &::core::default::Default::default()
    };
    (bytes) => {
        b"sample"
    };
}

/// Sample impls, only with the `samples` feature.
#[cfg(feature = "samples")]
#[doc(hidden)]
#[macro_export]
macro_rules! __sample {
    (impl for $name:ident { $($body:tt)* }) => {
        impl $crate::samples::Sample for $name {
            fn sample() -> Self {
                $($body)*
            }
        }
    };
    (module { $($items:tt)* }) => {
        /// Samples of every model and a call of every operation, for contract tests.
        #[doc(hidden)]
        pub mod contract_samples {
            $($items)*
        }
    };
}

/// Sample impls, only with the `samples` feature.
#[cfg(not(feature = "samples"))]
#[doc(hidden)]
#[macro_export]
macro_rules! __sample {
    ($($anything:tt)*) => {};
}

/// The derives inside the runtime itself, where the runtime is `crate`: every other use goes
/// through `::meteroid_runtime` and is tested in `tests/derives.rs`.
#[cfg(test)]
mod tests {
    use crate::Extra;

    /// A type of the caller's that replaces a schema, and its sample.
    #[cfg(feature = "samples")]
    #[derive(Debug, PartialEq)]
    struct Money(&'static str);

    #[cfg(feature = "samples")]
    crate::sample!(Money => Money("12.50"));

    #[cfg(feature = "samples")]
    #[test]
    fn sample_implements_the_sample_trait_with_the_samples_feature() {
        assert_eq!(<Money as crate::samples::Sample>::sample(), Money("12.50"));
    }

    // Without the feature the macro is nothing: this would not compile if it expanded
    // (`Extra` has no `missing`).
    #[cfg(not(feature = "samples"))]
    crate::sample!(Extra => Extra::missing());

    /// A model whose expansion names the runtime as `crate`.
    #[derive(Debug, Clone, PartialEq, crate::Model)]
    #[model(crate = "crate", new(id))]
    struct Local {
        id: u32,
        /// A note.
        note: Option<Option<String>>,
        #[model(extra)]
        extra: Extra,
    }

    /// Query options, likewise.
    #[derive(Debug, Clone, PartialEq, Default, crate::QueryOptions)]
    #[model(crate = "crate")]
    struct LocalQuery {
        page: Option<u32>,
    }

    /// An open enum, likewise.
    #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, crate::OpenEnum)]
    #[model(crate = "crate", rename_all = "SCREAMING_SNAKE_CASE")]
    enum Kind {
        OneOff,
        #[model(other)]
        Unknown(crate::UnknownValue),
    }

    /// A string newtype, likewise.
    #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, crate::StringNewtype)]
    #[model(crate = "crate")]
    struct Id(String);

    /// A tagged union, likewise.
    #[derive(Debug, Clone, PartialEq, crate::TaggedUnion)]
    #[model(crate = "crate", tag = "type")]
    enum Tagged {
        #[model(rename = "LOCAL")]
        Local(Box<Local>),
        #[model(other)]
        Unknown(serde_json::Value),
    }

    /// An untagged union, likewise.
    #[derive(Debug, Clone, PartialEq, crate::UntaggedUnion)]
    #[model(crate = "crate", param)]
    enum Untagged {
        Id(Id),
        #[model(other)]
        Unknown(serde_json::Value),
    }

    /// An API client, likewise.
    #[derive(Clone, Debug, crate::ApiClient)]
    #[client(crate = "crate", error = crate::Error, base_url = "https://api.example.com")]
    struct Api(crate::Client);

    #[test]
    fn derives_work_with_the_runtime_named_crate() {
        let local = Local::new(1).note("n");
        let text = serde_json::to_string(&local).expect("encodes");
        assert_eq!(text, r#"{"id":1,"note":"n"}"#);
        let back: Local = serde_json::from_str(&text).expect("decodes");
        assert_eq!(back, local);
        assert_eq!(back.clear_note().note, Some(None));
        assert_eq!(LocalQuery::new().page(2).page, Some(2));

        assert_eq!(Kind::from("ONE_OFF"), Kind::OneOff);
        assert!(!Kind::from("other").is_known());
        assert_eq!(Id::from("a").as_str(), "a");
        let tagged = Tagged::Local(Box::new(Local::new(2)));
        let text = serde_json::to_string(&tagged).expect("encodes");
        assert_eq!(
            serde_json::from_str::<Tagged>(&text).expect("decodes"),
            tagged
        );
        assert_eq!(tagged.tag(), "LOCAL");
        let untagged: Untagged = serde_json::from_str(r#""x""#).expect("decodes");
        assert_eq!(crate::ParamValue::to_param(&untagged), "x");

        let api = Api::builder().build().expect("a client");
        let api = api.with_header("x-a", "b").expect("a valid header");
        assert!(api.with_header("bad name", "b").is_err());
        let _ = api.with_timeout(std::time::Duration::from_secs(1));
    }
}
