//! Types for the string formats of the spec: `date-time`, `date`, `decimal` and `uuid`.
//!
//! Each keeps the text exactly as the server sent it (so a value read and written back is
//! unchanged, byte for byte) after checking its syntax, and adds no dependency to the build.
//! Convert to the date, decimal or UUID library your service already uses with `as_str()`
//! (`chrono::DateTime::parse_from_rfc3339(t.as_str())`, `rust_decimal::Decimal::from_str(..)`).

use serde::de::{self, MapAccess, Unexpected, Visitor};
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::value::RawValue;
use short_text::ShortText;
use std::fmt;

mod short_text;

/// A value whose text does not have the syntax its format requires.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormatError {
    format: &'static str,
    text: String,
}

impl fmt::Display for FormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let shown: String = self.text.chars().take(64).collect();
        write!(f, "{shown:?} is not a valid {}", self.format)
    }
}

impl std::error::Error for FormatError {}

macro_rules! string_format {
    ($(#[$doc:meta])* $name:ident, $format:literal, $check:path) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(ShortText);

        impl $name {
            /// Checks the syntax and wraps the text.
            pub fn new(text: impl Into<String>) -> Result<Self, FormatError> {
                let text = text.into();
                if $check(&text) {
                    Ok($name(ShortText::from(text)))
                } else {
                    Err(FormatError { format: $format, text })
                }
            }

            /// Wraps text known to be valid (samples).
            #[cfg(feature = "samples")]
            pub(crate) fn unchecked(text: &str) -> Self {
                $name(ShortText::new(text))
            }

            /// The text, as received or given.
            pub fn as_str(&self) -> &str {
                self.0.as_str()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(self.0.as_str())
            }
        }

        impl std::str::FromStr for $name {
            type Err = FormatError;

            fn from_str(text: &str) -> Result<Self, FormatError> {
                $name::new(text)
            }
        }

        impl AsRef<str> for $name {
            fn as_ref(&self) -> &str {
                self.0.as_str()
            }
        }

        impl crate::ParamValue for $name {
            fn to_param(&self) -> std::borrow::Cow<'_, str> {
                std::borrow::Cow::Borrowed(self.0.as_str())
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.0.as_str())
            }
        }
    };
}

string_format!(
    /// An RFC 3339 timestamp (`date-time`), e.g. `2024-05-01T12:30:00.000Z`.
    DateTime,
    "date-time",
    is_date_time
);
string_format!(
    /// A calendar date (`date`), `YYYY-MM-DD`.
    Date,
    "date",
    is_date
);
string_format!(
    /// A decimal number (`decimal`), e.g. `0.2` or `-12.50`, kept as text.
    ///
    /// Decodes from a JSON string or, as some servers send it, a JSON number. Read by
    /// serde_json from the body's text (`from_slice`, `from_str`, `from_reader`: what the client
    /// does), a number keeps its text exactly as written, never rounded through a float:
    /// `20.123456789012345678` stays `"20.123456789012345678"`, `20.0` stays `"20.0"`, `20`
    /// stays `"20"`. A value that has been through a `serde_json::Value` first (as a
    /// discriminated union's variant is, and `serde_json::from_value`) or through serde's
    /// buffering (`#[serde(flatten)]`, untagged enums) has had its numbers read already, as an
    /// `f64` unless an integer: such a number keeps the shortest text that reads back to that
    /// `f64` (`20.0` still stays `"20.0"`, but `20.123456789012345678` loses its last digits).
    /// A string is kept exactly either way.
    ///
    /// Encodes as a JSON string, as the spec says. `decimal` is not a JSON Schema format, so a
    /// string from the server is kept whatever it holds (`is_well_formed` tells);
    /// [`Decimal::new`] and `parse` check the syntax of values you build.
    Decimal,
    "decimal",
    is_decimal
);
string_format!(
    /// A UUID (`uuid`) in its hyphenated form.
    Uuid,
    "uuid",
    is_uuid
);

pub use crate::multipart::{FilePart, FileValue};

/// `date-time`, `date` and `uuid` are standard formats: a value without their syntax is a decode
/// error naming where it was.
macro_rules! strict_deserialize {
    ($($name:ident),*) => {
        $(impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let text = String::deserialize(deserializer)?;
                $name::new(text).map_err(serde::de::Error::custom)
            }
        })*
    };
}

strict_deserialize!(DateTime, Date, Uuid);

impl<'de> Deserialize<'de> for Decimal {
    /// Asks for the value's JSON text the way serde_json's `RawValue` does, so that serde_json's
    /// deserializers hand over a number's text as written (a `serde_json::Value` hands over
    /// the text of what it holds); any other deserializer (serde's buffering for `flatten` and
    /// untagged enums, another format) treats the request as a plain newtype, and the value
    /// is read as a string or a number as before.
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_newtype_struct(raw_value_name(), DecimalVisitor)
    }
}

const EXPECTING: &str = "a decimal as a string or a number";

struct DecimalVisitor;

impl<'de> Visitor<'de> for DecimalVisitor {
    type Value = Decimal;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(EXPECTING)
    }

    /// serde_json's answer to the `RawValue` request: one entry (its private key) whose value
    /// is the JSON text, borrowed from the input when decoding from a slice.
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Decimal, A::Error> {
        if map.next_key::<de::IgnoredAny>()?.is_none() {
            return Err(de::Error::invalid_length(0, &EXPECTING));
        }
        let text = map.next_value::<JsonText<'de>>()?;
        from_json_text(&text.0)
    }

    /// Any other deserializer: the value itself.
    fn visit_newtype_struct<D: Deserializer<'de>>(self, inner: D) -> Result<Decimal, D::Error> {
        inner.deserialize_any(self)
    }

    // `decimal` is not a JSON Schema format, only an annotation: any string is valid per the
    // spec, so the server's text is kept as it is rather than refused.
    fn visit_str<E: de::Error>(self, text: &str) -> Result<Decimal, E> {
        Ok(Decimal(ShortText::new(text)))
    }

    fn visit_i64<E: de::Error>(self, n: i64) -> Result<Decimal, E> {
        Ok(Decimal(ShortText::from(n.to_string())))
    }

    fn visit_u64<E: de::Error>(self, n: u64) -> Result<Decimal, E> {
        Ok(Decimal(ShortText::from(n.to_string())))
    }

    fn visit_f64<E: de::Error>(self, n: f64) -> Result<Decimal, E> {
        // serde_json prints the shortest text that reads back to `n`, and keeps `.0`.
        let number =
            serde_json::Number::from_f64(n).ok_or_else(|| E::custom("a decimal must be finite"))?;
        Ok(Decimal(ShortText::from(number.to_string())))
    }
}

/// A value's JSON text as serde_json hands it over: borrowed when it can be.
struct JsonText<'de>(std::borrow::Cow<'de, str>);

impl<'de> Deserialize<'de> for JsonText<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct TextVisitor;

        impl<'de> Visitor<'de> for TextVisitor {
            type Value = JsonText<'de>;

            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("the JSON text of a value")
            }

            fn visit_borrowed_str<E: de::Error>(self, text: &'de str) -> Result<Self::Value, E> {
                Ok(JsonText(std::borrow::Cow::Borrowed(text)))
            }

            fn visit_str<E: de::Error>(self, text: &str) -> Result<Self::Value, E> {
                Ok(JsonText(std::borrow::Cow::Owned(text.to_string())))
            }

            fn visit_string<E: de::Error>(self, text: String) -> Result<Self::Value, E> {
                Ok(JsonText(std::borrow::Cow::Owned(text)))
            }
        }

        deserializer.deserialize_str(TextVisitor)
    }
}

/// A decimal from a value's JSON text: a string's content, unescaped, or a number's text
/// exactly as written (`20.123456789012345678`, `20.0`, `1e400`).
fn from_json_text<E: de::Error>(text: &str) -> Result<Decimal, E> {
    match text.as_bytes() {
        // Without escapes the content is the text between the quotes: the common case, kept to
        // byte comparisons since it runs once per decimal in every decoded body (a plain loop:
        // these strings are a few bytes long, shorter than `memchr` pays off for).
        [b'"', inner @ .., b'"'] if inner.iter().all(|&b| b != b'\\') => {
            Ok(Decimal(ShortText::new(&text[1..text.len() - 1])))
        }
        [b'"', .., b'"'] => serde_json::from_str::<String>(text)
            .map(|unescaped| Decimal(ShortText::from(unescaped)))
            .map_err(E::custom),
        [b'-' | b'0'..=b'9', ..] if text.ends_with(|c: char| c.is_ascii_digit()) => {
            Ok(Decimal(ShortText::new(text)))
        }
        // serde_json hands over the value alone; were there JSON whitespace around it, it
        // would not be part of the value.
        [b' ' | b'\t' | b'\n' | b'\r', ..] | [.., b' ' | b'\t' | b'\n' | b'\r'] => {
            from_json_text(text.trim_matches([' ', '\t', '\n', '\r']))
        }
        _ => {
            let unexpected = match text {
                "true" => Unexpected::Bool(true),
                "false" => Unexpected::Bool(false),
                "null" => Unexpected::Unit,
                _ if text.starts_with('[') => Unexpected::Seq,
                _ if text.starts_with('{') => Unexpected::Map,
                _ => Unexpected::Other("JSON value"),
            };
            Err(E::invalid_type(unexpected, &EXPECTING))
        }
    }
}

/// The newtype name that serde_json's `RawValue` asks a deserializer for; given it, serde_json's
/// deserializers (and `serde_json::Value`, with the `raw_value` feature) answer with the
/// value's JSON text. Read from `RawValue`'s own `Deserialize` rather than copied, since it is
/// serde_json's private name.
fn raw_value_name() -> &'static str {
    static NAME: std::sync::OnceLock<&'static str> = std::sync::OnceLock::new();
    NAME.get_or_init(ask_raw_value_name)
}

/// What [`raw_value_name`] remembers, asked once.
fn ask_raw_value_name() -> &'static str {
    /// A deserializer that only notes the newtype name it is asked for.
    struct NameSpy;

    #[derive(Debug)]
    struct Asked(Option<&'static str>);

    impl fmt::Display for Asked {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("no value here")
        }
    }

    impl std::error::Error for Asked {}

    impl de::Error for Asked {
        fn custom<T: fmt::Display>(_: T) -> Self {
            Asked(None)
        }
    }

    impl<'de> Deserializer<'de> for NameSpy {
        type Error = Asked;

        fn deserialize_any<V: Visitor<'de>>(self, _: V) -> Result<V::Value, Asked> {
            Err(Asked(None))
        }

        fn deserialize_newtype_struct<V: Visitor<'de>>(
            self,
            name: &'static str,
            _: V,
        ) -> Result<V::Value, Asked> {
            Err(Asked(Some(name)))
        }

        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes
            byte_buf option unit unit_struct seq tuple tuple_struct map struct enum identifier
            ignored_any
        }
    }

    match Box::<RawValue>::deserialize(NameSpy) {
        Err(Asked(Some(name))) => name,
        // Not through a newtype: then no name gets the text, and numbers are read as values.
        _ => "Decimal",
    }
}

impl Decimal {
    /// Whether the text is a decimal number (`-?digits(.digits)?(e±digits)?`). Always true for
    /// values built with [`Decimal::new`]; a server's text is kept even when it is not.
    pub fn is_well_formed(&self) -> bool {
        is_decimal(self.0.as_str())
    }
}

impl From<i64> for Decimal {
    fn from(n: i64) -> Self {
        Decimal(ShortText::from(n.to_string()))
    }
}

impl From<u64> for Decimal {
    fn from(n: u64) -> Self {
        Decimal(ShortText::from(n.to_string()))
    }
}

fn digits(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit())
}

fn is_date(text: &str) -> bool {
    let b = text.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && digits(&text[..4])
        && digits(&text[5..7])
        && digits(&text[8..])
}

/// `YYYY-MM-DD(T| )HH:MM:SS(.fraction)?(Z|±HH:MM)`.
fn is_date_time(text: &str) -> bool {
    let (Some(date), Some(rest)) = (text.get(..10), text.get(11..)) else {
        return false;
    };
    let separator = text.as_bytes()[10];
    if !is_date(date) || !matches!(separator, b'T' | b't' | b' ') {
        return false;
    }
    let Some((time, zone)) = rest.find(['Z', 'z', '+', '-']).map(|i| rest.split_at(i)) else {
        return false;
    };
    let (clock, fraction) = time.split_once('.').unwrap_or((time, "0"));
    let c = clock.as_bytes();
    let clock_ok = c.len() == 8
        && c[2] == b':'
        && c[5] == b':'
        && digits(&clock[..2])
        && digits(&clock[3..5])
        && digits(&clock[6..]);
    let zone_ok = matches!(zone, "Z" | "z")
        || (zone.len() == 6
            && zone.as_bytes()[3] == b':'
            && digits(&zone[1..3])
            && digits(&zone[4..]));
    clock_ok && digits(fraction) && zone_ok
}

/// `-?digits(.digits)?([eE][+-]?digits)?`, the JSON number grammar without its leading-zero rule.
fn is_decimal(text: &str) -> bool {
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(i) => (&unsigned[..i], Some(&unsigned[i + 1..])),
        None => (unsigned, None),
    };
    let mantissa_ok = match mantissa.split_once('.') {
        Some((whole, fraction)) => digits(whole) && digits(fraction),
        None => digits(mantissa),
    };
    let exponent_ok = exponent.is_none_or(|e| digits(e.strip_prefix(['-', '+']).unwrap_or(e)));
    mantissa_ok && exponent_ok
}

fn is_uuid(text: &str) -> bool {
    let groups: Vec<&str> = text.split('-').collect();
    groups.len() == 5
        && groups
            .iter()
            .zip([8, 4, 4, 4, 12])
            .all(|(g, len)| g.len() == len && g.bytes().all(|b| b.is_ascii_hexdigit()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn date_times_keep_their_text_and_check_syntax() {
        for ok in [
            "1970-01-01T00:00:00.000Z",
            "2024-05-01T12:30:00+02:00",
            "2024-05-01 12:30:00z",
            "2024-05-01T12:30:00.123456-05:30",
        ] {
            let parsed: DateTime = serde_json::from_value(json!(ok)).unwrap();
            assert_eq!(serde_json::to_value(&parsed).unwrap(), json!(ok));
        }
        for bad in [
            "",
            "2024-05-01",
            "2024-05-01T12:30Z",
            "2024-05-01T12:30:00",
            "2024-05-01T12:30:00+0200",
            "x024-05-01T12:30:00Z",
            "2024-05-01T12:30:00.Z",
        ] {
            assert!(DateTime::new(bad).is_err(), "{bad}");
        }
        assert!(serde_json::from_value::<DateTime>(json!(12)).is_err());
    }

    #[test]
    fn dates() {
        assert_eq!(Date::new("2024-02-29").unwrap().as_str(), "2024-02-29");
        for bad in [
            "2024-2-29",
            "2024/02/29",
            "20240229",
            "2024-02-29T00:00:00Z",
        ] {
            assert!(Date::new(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn decimals_decode_from_strings_and_numbers_and_encode_as_strings() {
        let from = |v: serde_json::Value| serde_json::from_value::<Decimal>(v).unwrap();
        assert_eq!(from(json!("0.2")).as_str(), "0.2");
        assert_eq!(from(json!(20.0)).as_str(), "20.0");
        assert_eq!(from(json!(20)).as_str(), "20");
        assert_eq!(from(json!(-3)).as_str(), "-3");
        assert_eq!(from(json!(0.1)).as_str(), "0.1");
        assert_eq!(
            serde_json::to_value(from(json!(20.0))).unwrap(),
            json!("20.0")
        );
        assert_eq!(
            serde_json::to_value(Decimal::from(7i64)).unwrap(),
            json!("7")
        );
        for ok in ["1", "-1.50", "+2", "1e10", "1.5E-3", "0007"] {
            assert!(Decimal::new(ok).is_ok(), "{ok}");
        }
        for bad in ["", ".5", "1.", "1e", "abc", "1,5", "NaN", "--1"] {
            assert!(Decimal::new(bad).is_err(), "{bad}");
        }
        assert!(serde_json::from_value::<Decimal>(json!(true)).is_err());
        // The server's text is kept, even when it is no number (the format is an annotation).
        let odd = from(json!("n/a"));
        assert_eq!(odd.as_str(), "n/a");
        assert!(!odd.is_well_formed());
        assert!(from(json!("-1.50")).is_well_formed());
    }

    #[derive(Debug, Deserialize, Serialize)]
    struct Rate {
        rate: Decimal,
    }

    /// The rate of `{"rate": <value>}`, decoded from text as the client does.
    fn rate_of(value: &str) -> Result<String, serde_json::Error> {
        let body = format!(r#"{{"rate": {value}}}"#);
        serde_json::from_slice::<Rate>(body.as_bytes()).map(|r| r.rate.as_str().to_string())
    }

    #[test]
    fn a_number_decoded_from_text_keeps_its_exact_text() {
        for number in [
            "20.123456789012345678",
            "20.0",
            "20",
            "-3",
            "0",
            "0.1",
            "1e400",
            "-2.5E-400",
            "1.0e+2",
            "123456789012345678901234567890",
        ] {
            assert_eq!(rate_of(number).unwrap(), number);
        }
        let body = r#"{"rate": 20.123456789012345678}"#;
        let from_str: Rate = serde_json::from_str(body).unwrap();
        let from_reader: Rate = serde_json::from_reader(body.as_bytes()).unwrap();
        assert_eq!(from_str.rate.as_str(), "20.123456789012345678");
        assert_eq!(from_reader.rate.as_str(), "20.123456789012345678");
        // Still encoded as the spec's string.
        assert_eq!(
            serde_json::to_string(&from_str).unwrap(),
            r#"{"rate":"20.123456789012345678"}"#
        );
    }

    #[test]
    fn a_string_decoded_from_text_is_its_content() {
        assert_eq!(rate_of(r#""0.2""#).unwrap(), "0.2");
        assert_eq!(
            rate_of(r#""20.123456789012345678""#).unwrap(),
            "20.123456789012345678"
        );
        assert_eq!(rate_of(r#""\u0030.2""#).unwrap(), "0.2");
        assert_eq!(rate_of(r#""a \"b\"""#).unwrap(), r#"a "b""#);
        assert_eq!(rate_of(r#""""#).unwrap(), "");
        let encoded =
            serde_json::to_string(&serde_json::from_str::<Rate>(r#"{"rate":"0.2"}"#).unwrap());
        assert_eq!(encoded.unwrap(), r#"{"rate":"0.2"}"#);
    }

    #[test]
    fn json_text_with_whitespace_around_is_read_as_the_value_inside() {
        for (text, expected) in [(" 1.5\n", "1.5"), ("\t\"0.2\" ", "0.2"), ("7 ", "7")] {
            let decimal = from_json_text::<serde_json::Error>(text).unwrap();
            assert_eq!(decimal.as_str(), expected, "{text:?}");
        }
        assert!(from_json_text::<serde_json::Error>(" true ").is_err());
    }

    #[test]
    fn other_json_values_are_no_decimal() {
        for value in ["true", "false", "null", "[1]", "{}", r#"{"a": "1"}"#] {
            let error = rate_of(value).unwrap_err().to_string();
            assert!(
                error.contains("expected a decimal as a string or a number"),
                "{value}: {error}"
            );
        }
        assert!(
            rate_of("true")
                .unwrap_err()
                .to_string()
                .contains("boolean `true`")
        );
    }

    #[test]
    fn through_serde_path_to_error_numbers_keep_their_text_and_errors_their_path() {
        let body = br#"{"rate": 20.123456789012345678}"#;
        let mut deserializer = serde_json::Deserializer::from_slice(body);
        let decoded: Rate = serde_path_to_error::deserialize(&mut deserializer).unwrap();
        assert_eq!(decoded.rate.as_str(), "20.123456789012345678");

        let mut deserializer = serde_json::Deserializer::from_slice(br#"{"rate": true}"#);
        let error = serde_path_to_error::deserialize::<_, Rate>(&mut deserializer).unwrap_err();
        assert_eq!(error.path().to_string(), "rate");
    }

    #[test]
    fn through_a_value_a_number_is_what_the_value_holds() {
        // A `Value` has read the number as an f64 already: the limitation the docs state.
        let value: serde_json::Value =
            serde_json::from_str(r#"{"rate": 20.123456789012345678}"#).unwrap();
        let held = value["rate"].to_string();
        assert_ne!(held, "20.123456789012345678");
        let decoded: Rate = serde_json::from_value(value.clone()).unwrap();
        assert_eq!(decoded.rate.as_str(), held);
        let borrowed = Rate::deserialize(&value).unwrap();
        assert_eq!(borrowed.rate.as_str(), held);
        // Short numbers and strings come through exactly.
        let decoded: Rate = serde_json::from_value(json!({"rate": 20.0})).unwrap();
        assert_eq!(decoded.rate.as_str(), "20.0");
        let decoded: Rate =
            serde_json::from_value(json!({"rate": "20.123456789012345678"})).unwrap();
        assert_eq!(decoded.rate.as_str(), "20.123456789012345678");
        assert!(serde_json::from_value::<Rate>(json!({"rate": true})).is_err());
    }

    #[test]
    fn through_serde_buffering_a_decimal_still_decodes() {
        // `flatten` buffers the object before the inner struct sees it; the number has been
        // read by then, as through a `Value`.
        #[derive(Deserialize)]
        struct Outer {
            #[serde(flatten)]
            inner: Rate,
        }
        let decoded: Outer = serde_json::from_str(r#"{"rate": 20.0, "other": 1}"#).unwrap();
        assert_eq!(decoded.inner.rate.as_str(), "20.0");
        let decoded: Outer = serde_json::from_str(r#"{"rate": "0.2"}"#).unwrap();
        assert_eq!(decoded.inner.rate.as_str(), "0.2");
        assert!(serde_json::from_str::<Outer>(r#"{"rate": true}"#).is_err());
    }

    #[test]
    fn uuids() {
        assert!(Uuid::new("67e55044-10b1-426f-9247-bb680e5fe0c8").is_ok());
        assert!(Uuid::new("67E55044-10B1-426F-9247-BB680E5FE0C8").is_ok());
        for bad in [
            "67e5504410b1426f9247bb680e5fe0c8",
            "67e55044-10b1-426f-9247-bb680e5fe0c",
            "g7e55044-10b1-426f-9247-bb680e5fe0c8",
        ] {
            assert!(Uuid::new(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn format_errors_are_bounded() {
        let long = "x".repeat(1000);
        assert!(Decimal::new(long).unwrap_err().to_string().len() < 100);
    }
}
