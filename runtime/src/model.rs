//! What generated models run on: the per-field logic the model derives expand to, and the
//! `macro_rules!` macros generated models were declared with before the derives (kept until
//! the generator emits derives).
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
//! The [`model!`](macro@crate::model) macro names the presence with the keyword in the first
//! column instead.

use crate::codec::{Extra, Key};
use serde::de::{Deserialize, Error as _, MapAccess};
use serde::ser::{Serialize, SerializeMap};

/// What a required property decodes as when a server leaves it out: `None` (an error) for most
/// types; an empty array or map for `Vec` and `BTreeMap`, since older servers omit collections
/// that newer specs require.
///
/// The model derives (and macros) implement it (with `None`) for every type they declare.
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

/// Declares a model: a struct for a JSON object, with its serde impls, constructor and setters.
///
/// ```
/// meteroid_runtime::model! {
///     /// A customer.
///     pub struct Customer {
///         /// The customer's ID.
///         id: required String,
///         /// Cleared with `null`.
///         phone: optional_nullable String => clear_phone,
///         billing_email: optional String as "billingEmail",
///     }
///     fn new(id: String);
/// }
///
/// let customer = Customer::new("cus_1").clear_phone();
/// assert_eq!(
///     serde_json::to_string(&customer).unwrap(),
///     r#"{"id":"cus_1","phone":null}"#
/// );
/// ```
///
/// Each field is `name: presence Type`, then `=> clear_name` (optional nullable fields: the
/// method that sets `null`), then `as "wire"` when the property's name differs from the
/// field's. Presence is one of `required`, `required_nullable`, `optional`,
/// `optional_nullable` (the table in this module's docs). Every model has `extra: Extra`, the
/// properties the spec does not list; `extra other_name;` after the fields names it otherwise,
/// and `extra name: T;` types their values (`Extra<T>`, for `additionalProperties: {schema}`
/// beside named properties).
/// `fn new();` (every field optional) derives `Default` and adds `new()`; `fn new(a: A, ..);`
/// adds a constructor from the listed (required) fields; without either there is none.
#[macro_export]
macro_rules! model {
    (
        $(#[$meta:meta])*
        $vis:vis struct $name:ident { $($fields:tt)* }
        extra $extra:ident : $ety:ty;
        $($rest:tt)*
    ) => {
        $crate::model!(@constructor [$(#[$meta])*] $vis $name $extra [$ety] { $($fields)* } $($rest)*);
    };
    (
        $(#[$meta:meta])*
        $vis:vis struct $name:ident { $($fields:tt)* }
        extra $extra:ident;
        $($rest:tt)*
    ) => {
        $crate::model!(@constructor [$(#[$meta])*] $vis $name $extra [$crate::__private::serde_json::Value] { $($fields)* } $($rest)*);
    };
    (
        $(#[$meta:meta])*
        $vis:vis struct $name:ident { $($fields:tt)* }
        $($rest:tt)*
    ) => {
        $crate::model!(@constructor [$(#[$meta])*] $vis $name extra [$crate::__private::serde_json::Value] { $($fields)* } $($rest)*);
    };

    (@constructor [$($meta:tt)*] $vis:vis $name:ident $extra:ident [$($ety:tt)*] { $($fields:tt)* } fn new();) => {
        $crate::model!(@fields [$($meta)* #[derive(Default)]] $vis $name $extra [$($ety)*] { $($fields)* });
        impl $name {
            /// A value with every property absent.
            pub fn new() -> Self {
                Self::default()
            }
        }
    };
    (@constructor [$($meta:tt)*] $vis:vis $name:ident $extra:ident [$($ety:tt)*] { $($fields:tt)* }
        fn new($($arg:ident : $arg_ty:ty),+ $(,)?);
    ) => {
        $crate::model!(@fields [$($meta)*] $vis $name $extra [$($ety)*] { $($fields)* });
        $crate::model!(@new $name $extra ($($arg : $arg_ty),+) { $($fields)* });
    };
    (@constructor [$($meta:tt)*] $vis:vis $name:ident $extra:ident [$($ety:tt)*] { $($fields:tt)* }) => {
        $crate::model!(@fields [$($meta)*] $vis $name $extra [$($ety)*] { $($fields)* });
    };

    (@new $name:ident $extra:ident ($($arg:ident : $arg_ty:ty),+) {
        $( $(#[$fmeta:meta])* $field:ident : $presence:ident $ty:ty $(=> $clear:ident)? $(as $wire:literal)? ),* $(,)?
    }) => {
        impl $name {
            /// A value from its required properties; the others start absent.
            #[allow(clippy::too_many_arguments)]
            pub fn new($($arg: impl ::core::convert::Into<$arg_ty>),+) -> Self {
                Self {
                    $($field: $crate::__init_field!($presence $field),)*
                    $extra: $crate::Extra::new(),
                }
            }
        }
    };

    (@fields [$($meta:tt)*] $vis:vis $name:ident $extra:ident [$($ety:tt)*] {
        $( $(#[$fmeta:meta])* $field:ident : $presence:ident $ty:ty $(=> $clear:ident)? $(as $wire:literal)? ),* $(,)?
    }) => {
        $($meta)*
        #[derive(Debug, Clone, PartialEq)]
        $vis struct $name {
            $( $(#[$fmeta])* pub $field: $crate::__field_type!($presence $ty), )*
            /// Properties the spec does not list (added by a newer server, or allowed by its
            /// `additionalProperties`), kept in the order they came so that a value read and
            /// written back loses nothing. A key that is also a field is never written from here.
            pub $extra: $crate::Extra<$($ety)*>,
        }

        impl $name {
            $( $crate::__setter!($presence [$(#[$fmeta])*] $field $ty $(=> $clear)?); )*
        }

        impl $crate::__private::serde::Serialize for $name {
            fn serialize<__S: $crate::__private::serde::Serializer>(
                &self,
                serializer: __S,
            ) -> ::core::result::Result<__S::Ok, __S::Error> {
                use $crate::__private::serde::ser::SerializeMap as _;
                let mut map = serializer.serialize_map(::core::option::Option::None)?;
                $( $crate::model::presence::$presence::write(
                    &mut map,
                    $crate::__wire!($field $($wire)?),
                    &self.$field,
                )?; )*
                $crate::model::presence::write_extra(
                    &mut map,
                    &self.$extra,
                    &[$($crate::__wire!($field $($wire)?)),*],
                )?;
                map.end()
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<__D: $crate::__private::serde::Deserializer<'de>>(
                deserializer: __D,
            ) -> ::core::result::Result<Self, __D::Error> {
                struct __ModelVisitor;

                impl<'de> $crate::__private::serde::de::Visitor<'de> for __ModelVisitor {
                    type Value = $name;

                    fn expecting(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                        f.write_str(::core::concat!("a ", ::core::stringify!($name), " object"))
                    }

                    // Without the hint the compiler keeps this out of line from serde_json's
                    // `deserialize_map` (a derive's is inlined), and every decoded object pays
                    // for the call and for moving the finished model out of it.
                    #[inline]
                    fn visit_map<__A: $crate::__private::serde::de::MapAccess<'de>>(
                        self,
                        mut map: __A,
                    ) -> ::core::result::Result<$name, __A::Error> {
                        $( let mut $field: $crate::__slot_type!($presence $ty) =
                            ::core::option::Option::None; )*
                        let mut extra = $crate::Extra::new();
                        while let ::core::option::Option::Some(key) =
                            map.next_key::<$crate::__private::Key<'de>>()?
                        {
                            match key.as_str() {
                                $( $crate::__wire!($field $($wire)?) => $crate::__try!($crate::model::presence::fill(
                                    &mut $field,
                                    &mut map,
                                    $crate::__wire!($field $($wire)?),
                                )), )*
                                _ => $crate::__try!($crate::model::presence::keep(&mut extra, key, &mut map)),
                            }
                        }
                        ::core::result::Result::Ok($name {
                            $( $field: $crate::__finish!($presence $field $crate::__wire!($field $($wire)?), __A), )*
                            $extra: extra,
                        })
                    }
                }

                deserializer.deserialize_map(__ModelVisitor)
            }
        }

        impl $crate::FromAbsent for $name {}

        $crate::__sample! {
            impl for $name {
                Self {
                    $( $field: $crate::model::presence::$presence::sample(), )*
                    $extra: $crate::Extra::new(),
                }
            }
        }
    };
}

/// Declares an open string enum: the known values, each with its wire name once, and a
/// catch-all variant that keeps any other value as it came.
///
/// ```
/// meteroid_runtime::open_enum! {
///     /// A currency.
///     pub enum Currency {
///         Eur = "EUR",
///         Usd = "USD",
///         _ => Unknown,
///     }
/// }
///
/// assert_eq!(Currency::from("EUR"), Currency::Eur);
/// let new: Currency = serde_json::from_str(r#""XTS""#).unwrap();
/// assert!(!new.is_known());
/// assert_eq!(serde_json::to_string(&new).unwrap(), r#""XTS""#);
/// ```
#[macro_export]
macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident = $wire:literal, )*
            _ => $unknown:ident $(,)?
        }
    ) => {
        $(#[$meta])*
        ///
        /// Open to values added after this client was generated: they decode into the
        /// catch-all variant and encode back unchanged.
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        $vis enum $name {
            $( $(#[$vmeta])* #[doc = ::core::concat!("`", $wire, "`")] $variant, )*
            /// A value this client does not know; it encodes back as it came.
            $unknown($crate::UnknownValue),
        }

        impl $name {
            /// Every value the spec lists, in its order.
            pub const KNOWN: &'static [Self] = &[$(Self::$variant),*];

            /// The value as it appears on the wire.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)*
                    Self::$unknown(value) => value.as_str(),
                }
            }

            /// Whether the spec lists this value.
            pub fn is_known(&self) -> bool {
                !::core::matches!(self, Self::$unknown(_))
            }
        }

        impl ::core::convert::From<&str> for $name {
            // The variants' hashes are constants named after them.
            #[allow(non_upper_case_globals)]
            fn from(value: &str) -> Self {
                // A `match` on strings tests its arms one after another (a currency late in a
                // list of 150 cost ~900 instructions); on the text's hash it is an integer
                // `match`, a binary decision, and the guard keeps a collision harmless.
                $( const $variant: u64 = $crate::__private::wire_hash($wire); )*
                match $crate::__private::wire_hash(value) {
                    $($variant if value == $wire => Self::$variant,)*
                    _ => Self::$unknown($crate::UnknownValue::__new(value)),
                }
            }
        }

        impl ::core::str::FromStr for $name {
            type Err = ::core::convert::Infallible;

            fn from_str(value: &str) -> ::core::result::Result<Self, Self::Err> {
                ::core::result::Result::Ok(Self::from(value))
            }
        }

        $crate::__string_like!($name);

        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<__D: $crate::__private::serde::Deserializer<'de>>(
                deserializer: __D,
            ) -> ::core::result::Result<Self, __D::Error> {
                $crate::__private::deserialize_open_enum(deserializer)
            }
        }

        $crate::__sample! {
            impl for $name {
                $crate::__first_or!(Self, [$($variant)*], Self::$unknown($crate::UnknownValue::__new("sample")))
            }
        }
    };
}

/// Declares a string newtype for a string schema with a domain `format` (an ID, a country
/// code): distinct types for distinct kinds of text, the text kept as it is.
///
/// ```
/// meteroid_runtime::string_newtype! {
///     /// A customer ID.
///     pub struct CustomerId(String) example "cus_7n42DGM5Tflk9n8mt7Fhc7";
/// }
///
/// let id = CustomerId::from("cus_1");
/// assert_eq!(id.as_str(), "cus_1");
/// assert_eq!(serde_json::to_string(&id).unwrap(), r#""cus_1""#);
/// ```
///
/// `example` (optional) is the sample value contract tests send.
#[macro_export]
macro_rules! string_newtype {
    (
        $(#[$meta:meta])*
        $vis:vis struct $name:ident(String) $(example $example:literal)?;
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        $vis struct $name(::std::string::String);

        impl $name {
            /// Wraps a value.
            pub fn new(value: impl ::core::convert::Into<::std::string::String>) -> Self {
                Self(value.into())
            }

            /// The value as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }

            /// The inner `String`.
            pub fn into_inner(self) -> ::std::string::String {
                self.0
            }
        }

        impl ::core::convert::From<::std::string::String> for $name {
            fn from(value: ::std::string::String) -> Self {
                Self(value)
            }
        }

        impl ::core::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                Self(value.into())
            }
        }

        impl ::core::convert::From<$name> for ::std::string::String {
            fn from(value: $name) -> Self {
                value.0
            }
        }

        $crate::__string_like!($name);

        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<__D: $crate::__private::serde::Deserializer<'de>>(
                deserializer: __D,
            ) -> ::core::result::Result<Self, __D::Error> {
                <::std::string::String as $crate::__private::serde::Deserialize>::deserialize(deserializer)
                    .map(Self)
            }
        }

        $crate::__sample! {
            impl for $name {
                Self::new($crate::__first_or!(, [$($example)?], "sample"))
            }
        }
    };
}

/// Declares a discriminated union (`oneOf` with a `discriminator`): one variant per branch,
/// told apart by the tag property, and a catch-all that keeps an object whose tag this client
/// does not know, whole.
///
/// ```
/// meteroid_runtime::model! {
///     pub struct Fixed { amount: required u32 }
///     fn new(amount: u32);
/// }
/// meteroid_runtime::tagged_union! {
///     /// A price.
///     pub enum Price tagged "type" {
///         Fixed(Fixed) = "FIXED",
///         _ => Unknown,
///     }
/// }
///
/// let price = Price::Fixed(Box::new(Fixed::new(5u32)));
/// let json = serde_json::to_value(&price).unwrap();
/// assert_eq!(json, serde_json::json!({"type": "FIXED", "amount": 5}));
/// let later: Price = serde_json::from_str(r#"{"type":"TIERED","tiers":[]}"#).unwrap();
/// assert_eq!(later.tag(), "TIERED");
/// ```
///
/// Branch payloads are boxed: branches differ in size by hundreds of bytes, and decoding
/// already allocates.
#[macro_export]
macro_rules! tagged_union {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident tagged $tag:literal {
            $( $(#[$vmeta:meta])* $variant:ident($ty:ty) = $value:literal, )*
            _ => $unknown:ident $(,)?
        }
    ) => {
        $(#[$meta])*
        ///
        #[doc = ::core::concat!(
            "The `", $tag, "` property says which variant an object is; an object with a `",
            $tag, "` this client does not know decodes into the catch-all variant, its JSON kept."
        )]
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        $vis enum $name {
            $( $(#[$vmeta])* #[doc = ::core::concat!("`", $tag, ": ", $value, "`")] $variant(::std::boxed::Box<$ty>), )*
            /// An object whose tag this client does not know, as received.
            $unknown($crate::__private::serde_json::Value),
        }

        impl $name {
            #[doc = ::core::concat!("The value of `", $tag, "` on the wire.")]
            pub fn tag(&self) -> &str {
                match self {
                    $(Self::$variant(_) => $value,)*
                    Self::$unknown(value) => value
                        .get($tag)
                        .and_then($crate::__private::serde_json::Value::as_str)
                        .unwrap_or_default(),
                }
            }
        }

        impl $crate::__private::serde::Serialize for $name {
            fn serialize<__S: $crate::__private::serde::Serializer>(
                &self,
                serializer: __S,
            ) -> ::core::result::Result<__S::Ok, __S::Error> {
                match self {
                    $(Self::$variant(value) => {
                        $crate::__private::tagged::serialize(serializer, $tag, $value, value)
                    })*
                    Self::$unknown(value) => $crate::__private::serde::Serialize::serialize(value, serializer),
                }
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<__D: $crate::__private::serde::Deserializer<'de>>(
                deserializer: __D,
            ) -> ::core::result::Result<Self, __D::Error> {
                $crate::__private::tagged::read(deserializer, $tag, |tag, value| match tag {
                    $(::core::option::Option::Some($value) => {
                        $crate::__private::tagged::decode_variant(value, $tag)
                            .map(|value| Self::$variant(::std::boxed::Box::new(value)))
                    })*
                    _ => ::core::result::Result::Ok(Self::$unknown(value)),
                })
            }
        }

        impl $crate::FromAbsent for $name {}

        $crate::__sample! {
            impl for $name {
                $crate::__first_variant_sample!(
                    [$($variant)*],
                    Self::$unknown($crate::__private::serde_json::Value::Null)
                )
            }
        }
    };
}

/// Declares an untagged union (`oneOf`/`anyOf` without a discriminator): an enum whose
/// variants are tried in the order listed, the first that decodes wins, and a value no variant
/// accepts is kept, as received, in the catch-all variant; so a new shape never fails
/// decoding. The generator lists variants most specific first (booleans and numbers, strings
/// with a format, other strings, arrays, objects with more required properties, maps).
/// Each variant writes its value as it is.
///
/// ```
/// meteroid_runtime::untagged_union! {
///     /// A fallback value.
///     pub enum Fallback {
///         Integer(i64),
///         String(String),
///         _ => Unknown,
///     }
/// }
///
/// let n: Fallback = serde_json::from_str("3").unwrap();
/// assert_eq!(n, Fallback::Integer(3));
/// let other: Fallback = serde_json::from_str("[true]").unwrap();
/// assert_eq!(other, Fallback::Unknown(serde_json::json!([true])));
/// assert_eq!(serde_json::to_string(&Fallback::String("a".into())).unwrap(), r#""a""#);
/// ```
///
/// `pub enum Name as param { .. }`, for a union of values that each are one piece of text in a
/// URL, also implements [`ParamValue`](crate::ParamValue): the held value's text (a string
/// kept in the catch-all as it is, any other JSON as its text).
#[macro_export]
macro_rules! untagged_union {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident as param {
            $( $(#[$vmeta:meta])* $variant:ident($ty:ty), )*
            _ => $unknown:ident $(,)?
        }
    ) => {
        $crate::untagged_union! {
            $(#[$meta])*
            $vis enum $name {
                $( $(#[$vmeta])* $variant($ty), )*
                _ => $unknown,
            }
        }

        impl $crate::ParamValue for $name {
            fn to_param(&self) -> ::std::borrow::Cow<'_, str> {
                match self {
                    $(Self::$variant(value) => $crate::ParamValue::to_param(value),)*
                    Self::$unknown($crate::__private::serde_json::Value::String(text)) => {
                        ::std::borrow::Cow::Borrowed(text.as_str())
                    }
                    Self::$unknown(other) => ::std::borrow::Cow::Owned(other.to_string()),
                }
            }
        }
    };
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident {
            $( $(#[$vmeta:meta])* $variant:ident($ty:ty), )*
            _ => $unknown:ident $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq)]
        #[non_exhaustive]
        $vis enum $name {
            $( $(#[$vmeta])* $variant($ty), )*
            /// A value none of the variants above accepts, as received.
            $unknown($crate::__private::serde_json::Value),
        }

        $(impl ::core::convert::From<$ty> for $name {
            fn from(value: $ty) -> Self {
                Self::$variant(value)
            }
        })*

        impl $crate::__private::serde::Serialize for $name {
            fn serialize<__S: $crate::__private::serde::Serializer>(
                &self,
                serializer: __S,
            ) -> ::core::result::Result<__S::Ok, __S::Error> {
                match self {
                    $(Self::$variant(value) => $crate::__private::serde::Serialize::serialize(value, serializer),)*
                    Self::$unknown(value) => $crate::__private::serde::Serialize::serialize(value, serializer),
                }
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<__D: $crate::__private::serde::Deserializer<'de>>(
                deserializer: __D,
            ) -> ::core::result::Result<Self, __D::Error> {
                let value: $crate::__private::serde_json::Value =
                    $crate::__private::serde::Deserialize::deserialize(deserializer)?;
                $(if let ::core::result::Result::Ok(decoded) =
                    <$ty as $crate::__private::serde::Deserialize>::deserialize(&value)
                {
                    return ::core::result::Result::Ok(Self::$variant(decoded));
                })*
                ::core::result::Result::Ok(Self::$unknown(value))
            }
        }

        impl $crate::FromAbsent for $name {}

        $crate::__sample! {
            impl for $name {
                $crate::__first_untagged_sample!(
                    [$($variant)*],
                    Self::$unknown($crate::__private::serde_json::Value::Null)
                )
            }
        }
    };
}

/// The first variant of an untagged union, for its sample.
#[doc(hidden)]
#[macro_export]
macro_rules! __first_untagged_sample {
    ([$first:ident $($rest:ident)*], $fallback:expr) => {
        Self::$first($crate::samples::Sample::sample())
    };
    ([], $fallback:expr) => {
        $fallback
    };
}

/// Declares the options struct of an operation's optional query parameters: every field an
/// `Option`, `Default`, and a setter per field.
///
/// ```
/// meteroid_runtime::query_options! {
///     /// Optional parameters of `list_customers`.
///     pub struct ListCustomersQuery {
///         search: String,
///         page: u32,
///     }
/// }
///
/// let query = ListCustomersQuery::new().search("acme");
/// assert_eq!(query.page, None);
/// ```
#[macro_export]
macro_rules! query_options {
    (
        $(#[$meta:meta])*
        $vis:vis struct $name:ident {
            $( $(#[$fmeta:meta])* $field:ident : $ty:ty ),* $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, PartialEq, Default)]
        $vis struct $name {
            $( $(#[$fmeta])* pub $field: ::core::option::Option<$ty>, )*
        }

        impl $name {
            /// No parameter set: none is sent.
            pub fn new() -> Self {
                Self::default()
            }

            $( $crate::__setter!(optional [$(#[$fmeta])*] $field $ty); )*
        }
    };
}

/// Declares a generated API's client: a wrapper of the runtime [`Client`](crate::Client) with
/// `builder()` and `with_retry_non_idempotent()`, the API's `Error` and `ApiError` (whose error
/// body is the given type), and `DEFAULT_BASE_URL` when the API has one. The operations are
/// methods the generated code adds in an `impl Client` of its own.
///
/// ```
/// meteroid_runtime::api_client! {
///     /// A client of the Things API.
///     pub struct Client;
///     error body: meteroid_runtime::serde_json::Value;
///     base url: "https://things.example.com";
/// }
///
/// let client = Client::builder().bearer_token("key").build().unwrap();
/// # let _ = client.with_retry_non_idempotent(true);
/// assert_eq!(DEFAULT_BASE_URL, "https://things.example.com");
/// ```
#[macro_export]
macro_rules! api_client {
    (
        $(#[$meta:meta])*
        pub struct Client;
        error body: $body:ty;
        base url: $url:literal;
    ) => {
        /// The server the spec names; [`Client::builder`] starts from it.
        pub const DEFAULT_BASE_URL: &str = $url;

        $crate::api_client!(@client [$(#[$meta])*] $body, |builder| builder.base_url(DEFAULT_BASE_URL));
    };
    (
        $(#[$meta:meta])*
        pub struct Client;
        error body: $body:ty;
    ) => {
        $crate::api_client!(@client [$(#[$meta])*] $body, |builder| builder);
    };
    (@client [$($meta:tt)*] $body:ty, |$builder:ident| $start:expr) => {
        $($meta)*
        ///
        /// Make one with [`Client::builder`]. Cheap to clone: clones share one connection pool.
        #[derive(Clone, Debug)]
        pub struct Client($crate::Client);

        /// What a call can fail with; an error response's body decodes as the API's error
        /// schema when it is one.
        pub type Error = $crate::Error<$body>;

        /// An error status from the API, with everything it sent.
        pub type ApiError = $crate::ApiError<$body>;

        impl $crate::ApiClient for Client {
            type ErrorBody = $body;

            fn from_runtime(client: $crate::Client) -> Self {
                Self(client)
            }
        }

        impl Client {
            /// Settings for a client: the API's server when the spec names one (otherwise set
            /// [`base_url`]($crate::ClientBuilder::base_url)), and a `User-Agent` of the crate
            /// that includes the generated code.
            pub fn builder() -> $crate::ClientBuilder<Self> {
                let $builder = $crate::ClientBuilder::new().user_agent(::core::concat!(
                    ::core::env!("CARGO_PKG_NAME"),
                    "/",
                    ::core::env!("CARGO_PKG_VERSION")
                ));
                $start
            }

            /// The same client (same pool and settings) that does, or does not, retry
            /// ambiguous failures (a timeout, a broken connection, a 5xx) of POST and PATCH
            /// calls; see [`retry_non_idempotent`]($crate::ClientBuilder::retry_non_idempotent).
            pub fn with_retry_non_idempotent(&self, retry: bool) -> Self {
                Self(self.0.with_retry_non_idempotent(retry))
            }

            /// The same client whose calls each end after `timeout`, retries and waits
            /// included: `client.with_timeout(d).some_operation(..)` for one call.
            pub fn with_timeout(&self, timeout: ::std::time::Duration) -> Self {
                Self(self.0.with_timeout(timeout))
            }

            /// The same client whose calls retry at most `retries` times (`0`: never).
            pub fn with_max_retries(&self, retries: u32) -> Self {
                Self(self.0.with_max_retries(retries))
            }

            /// The same client sending one more header with every request.
            ///
            /// # Errors
            ///
            /// [`Error::Config`]($crate::Error::Config) for a name or value HTTP does not allow.
            pub fn with_header(&self, name: &str, value: &str) -> ::core::result::Result<Self, Error> {
                self.0.with_header(name, value).map(Self)
            }

            /// The same client recording each successful call's status and headers
            /// (`traceparent` included) in `slot`.
            pub fn with_metadata(&self, slot: &$crate::MetadataSlot) -> Self {
                Self(self.0.with_metadata(slot))
            }

            /// The same client, filling (the default) or not the idempotency key of operations
            /// whose spec declares one; a key the caller sets is sent as it is.
            pub fn with_idempotency_keys(&self, fill: bool) -> Self {
                Self(self.0.with_idempotency_keys(fill))
            }
        }
    };
}

/// `call_all` for contract tests: calls every listed operation of `Client` once with the given
/// arguments (usually `Sample::sample()`); expands to nothing unless the runtime's `samples`
/// feature is on.
#[macro_export]
macro_rules! contract_calls {
    ($( $operation:ident($($arg:expr),* $(,)?) ),* $(,)?) => {
        $crate::__sample! {
            module {
                /// Calls every operation once with sample arguments; `Ok` means the server
                /// accepted the request and its response decoded. Deprecated ones too.
                #[allow(deprecated)]
                pub async fn call_all(
                    client: &super::Client,
                ) -> ::std::vec::Vec<(&'static str, ::core::result::Result<(), super::Error>)> {
                    #[allow(unused_imports)]
                    use $crate::samples::Sample;
                    ::std::vec![$(
                        (
                            ::core::stringify!($operation),
                            client.$operation($($arg),*).await.map(|_| ()),
                        )
                    ),*]
                }
            }
        }
    };
}

/// The wire name of a field: the one given, or the field's own name.
#[doc(hidden)]
#[macro_export]
macro_rules! __wire {
    ($field:ident $wire:literal) => {
        $wire
    };
    ($field:ident) => {
        ::core::stringify!($field)
    };
}

/// A field's value once its object is read. Only a required property can be missing, so only
/// it goes through a `Result`: each `?` in a model's visitor is a branch, an error path and
/// its drops, and the visitors are a large share of what a large API costs to compile.
#[doc(hidden)]
#[macro_export]
macro_rules! __finish {
    (required $field:ident $wire:expr, $a:ident) => {
        $crate::__try!($crate::model::presence::required::finish::<_, $a::Error>(
            $field, $wire
        ))
    };
    (required_nullable $field:ident $wire:expr, $a:ident) => {
        $field.flatten()
    };
    (optional $field:ident $wire:expr, $a:ident) => {
        $field.flatten()
    };
    (optional_nullable $field:ident $wire:expr, $a:ident) => {
        $field
    };
}

/// `?` for a `Result` whose error needs no conversion, spelled out: `?` goes through the `Try`
/// and `FromResidual` traits, two calls for the compiler to check and emit at every use, and a
/// model's visitor has one or two uses per field. A decode runs the same instructions either
/// way (callgrind); `Serialize` keeps `?`, where this form changed what got inlined and cost
/// about 1 % more instructions per encode.
#[doc(hidden)]
#[macro_export]
macro_rules! __try {
    ($result:expr) => {
        match $result {
            ::core::result::Result::Ok(value) => value,
            ::core::result::Result::Err(error) => return ::core::result::Result::Err(error),
        }
    };
}

/// What a field is read into while its object is read: `None` until its key comes.
#[doc(hidden)]
#[macro_export]
macro_rules! __slot_type {
    (required $ty:ty) => { ::core::option::Option<$ty> };
    ($presence:ident $ty:ty) => { ::core::option::Option<::core::option::Option<$ty>> };
}

/// The Rust type of a field of the given presence.
#[doc(hidden)]
#[macro_export]
macro_rules! __field_type {
    (required $ty:ty) => { $ty };
    (required_nullable $ty:ty) => { ::core::option::Option<$ty> };
    (optional $ty:ty) => { ::core::option::Option<$ty> };
    (optional_nullable $ty:ty) => { ::core::option::Option<::core::option::Option<$ty>> };
}

/// A field's value in a constructor: the argument of the same name, or absent.
#[doc(hidden)]
#[macro_export]
macro_rules! __init_field {
    (required $field:ident) => {
        $field.into()
    };
    (required_nullable $field:ident) => {
        $field.into()
    };
    (optional $field:ident) => {
        ::core::option::Option::None
    };
    (optional_nullable $field:ident) => {
        ::core::option::Option::None
    };
}

/// A field's setter (and, for optional nullable fields, the method that sets `null`).
#[doc(hidden)]
#[macro_export]
macro_rules! __setter {
    (required [$($meta:tt)*] $field:ident $ty:ty) => {};
    (required_nullable [$($meta:tt)*] $field:ident $ty:ty) => {};
    (optional [$($meta:tt)*] $field:ident $ty:ty) => {
        #[doc = ::core::concat!("Sets [`", ::core::stringify!($field), "`](Self::", ::core::stringify!($field), ").")]
        pub fn $field(mut self, value: impl ::core::convert::Into<$ty>) -> Self {
            self.$field = ::core::option::Option::Some(value.into());
            self
        }
    };
    (optional_nullable [$($meta:tt)*] $field:ident $ty:ty => $clear:ident) => {
        #[doc = ::core::concat!("Sets [`", ::core::stringify!($field), "`](Self::", ::core::stringify!($field), ").")]
        pub fn $field(mut self, value: impl ::core::convert::Into<$ty>) -> Self {
            self.$field = ::core::option::Option::Some(::core::option::Option::Some(value.into()));
            self
        }

        #[doc = ::core::concat!("Sets [`", ::core::stringify!($field), "`](Self::", ::core::stringify!($field), ") to `null`.")]
        pub fn $clear(mut self) -> Self {
            self.$field = ::core::option::Option::Some(::core::option::Option::None);
            self
        }
    };
}

/// `Display`, `AsRef<str>`, `Serialize` (as the string) and the parameter conversions of a type
/// with `as_str()`.
#[doc(hidden)]
#[macro_export]
macro_rules! __string_like {
    ($name:ident) => {
        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl ::core::convert::AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                self.as_str()
            }
        }

        impl $crate::__private::serde::Serialize for $name {
            fn serialize<__S: $crate::__private::serde::Serializer>(
                &self,
                serializer: __S,
            ) -> ::core::result::Result<__S::Ok, __S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl $crate::ParamValue for $name {
            fn to_param(&self) -> ::std::borrow::Cow<'_, str> {
                ::std::borrow::Cow::Borrowed(self.as_str())
            }
        }

        impl $crate::FromAbsent for $name {}
    };
}

/// The first token tree of a list, or a fallback (`__first_or!(prefix, [a b], z)` is
/// `prefix::a`; with an empty prefix, `a`).
#[doc(hidden)]
#[macro_export]
macro_rules! __first_or {
    ($prefix:ident, [$first:ident $($rest:tt)*], $fallback:expr) => {
        $prefix::$first
    };
    ($prefix:ident, [], $fallback:expr) => {
        $fallback
    };
    (, [$first:tt $($rest:tt)*], $fallback:expr) => {
        $first
    };
    (, [], $fallback:expr) => {
        $fallback
    };
}

/// A union's sample: its first variant with a sample payload.
#[doc(hidden)]
#[macro_export]
macro_rules! __first_variant_sample {
    ([$first:ident $($rest:ident)*], $fallback:expr) => {
        Self::$first(::std::boxed::Box::new($crate::samples::Sample::sample()))
    };
    ([], $fallback:expr) => {
        $fallback
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
    #[client(crate = "crate", error_body = serde_json::Value, base_url = "https://api.example.com")]
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
