//! The derives (`Model`, `OpenEnum`, `StringNewtype`, `TaggedUnion`, `UntaggedUnion`,
//! `QueryOptions`) and `contract_calls!` against what `src/model.rs` promises, on items
//! declared as the generator declares them. This is the one place where the serde logic they
//! expand to is tested.
//!
//! Encodings are compared as text where property order is part of the promise (a model writes
//! its fields in declaration order, then its extras in the order they came) and as
//! `serde_json::Value` where it is not.

use meteroid_runtime as rt;
use meteroid_runtime::types::{Date, DateTime, Decimal, Uuid};
use meteroid_runtime::{
    Client, Error, Extra, FromAbsent, Method, Operation, ParamValue, QueryValue, Request,
};
use serde::Serialize;
use serde::de::{Deserialize, DeserializeOwned};
use serde_json::{Value, json};
use std::collections::{BTreeMap, HashSet};
use std::fmt::Debug;

// ---------------------------------------------------------------------------------------------
// Declarations, written as the generator writes them: literal items with the derives
// ---------------------------------------------------------------------------------------------

/// One field of each presence.
#[derive(Debug, Clone, PartialEq, rt::Model)]
#[model(new(req, req_null))]
pub struct Presences {
    /// Always there, never `null`.
    pub req: String,
    /// Always there, maybe `null`.
    #[model(required)]
    pub req_null: Option<String>,
    pub opt: Option<String>,
    pub opt_null: Option<Option<String>>,
    #[model(extra)]
    pub extra: rt::Extra,
}

/// Required collections: a server may leave them out.
#[derive(Debug, Clone, PartialEq, Default, rt::Model)]
#[model(new)]
pub struct Collections {
    pub list: Vec<String>,
    pub dict: BTreeMap<String, i64>,
    pub nested: Vec<Vec<u32>>,
    #[model(extra)]
    pub extra: rt::Extra,
}

/// An invoice line.
#[derive(Debug, Clone, PartialEq, rt::Model)]
#[model(new(amount))]
pub struct Line {
    pub amount: u32,
    pub label: Option<String>,
    #[model(extra)]
    pub extra: rt::Extra,
}

/// One required field of every kind whose absence is an error, plus the two collections
/// whose absence is not.
#[derive(Debug, Clone, PartialEq, rt::Model)]
pub struct RequiredKinds {
    pub text: String,
    pub flag: bool,
    pub count: i64,
    pub ratio: f64,
    pub any: Value,
    pub currency: Currency,
    pub customer: CustomerId,
    pub price: Price,
    pub line: Line,
    pub boxed: Box<Line>,
    pub when: DateTime,
    pub day: Date,
    pub amount: Decimal,
    pub uuid: Uuid,
    pub list: Vec<Line>,
    pub dict: BTreeMap<String, Line>,
    #[model(extra)]
    pub extra: rt::Extra,
}

/// Wire names that differ from the field names.
#[derive(Debug, Clone, PartialEq, rt::Model)]
#[model(new(created_at))]
pub struct Renamed {
    #[model(rename = "billingEmail")]
    pub billing_email: Option<String>,
    #[model(rename = "createdAt")]
    pub created_at: DateTime,
    #[model(rename = "taxRate")]
    pub tax_rate: Option<Option<Decimal>>,
    #[model(extra)]
    pub extra: rt::Extra,
}

/// Fields named like the locals, parameters and helpers of the derive's expansion, before
/// and after its `__` prefix.
#[derive(Debug, Clone, PartialEq, rt::Model)]
#[model(new(map, key, slot))]
pub struct Locals {
    pub map: u32,
    pub key: String,
    pub value: Option<Option<Value>>,
    pub serializer: Option<bool>,
    pub deserializer: Option<bool>,
    #[model(rename = "extra")]
    pub extra_info: Option<String>,
    #[model(required)]
    pub slot: Option<u32>,
    pub known: Option<Vec<String>>,
    pub f: Option<u8>,
    pub a: Option<u8>,
    pub visitor: Option<String>,
    #[model(rename = "self")]
    pub self_: Option<String>,
    pub __map: Option<u8>,
    pub __key: Option<u8>,
    pub __slot0: Option<u8>,
    pub __value: Option<u8>,
    pub __error: Option<u8>,
    pub __extra: Option<u8>,
    #[model(extra)]
    pub extra: rt::Extra,
}

/// A field called `extra`, so the unknown properties go by another name.
#[derive(Debug, Clone, PartialEq, rt::Model)]
#[model(new(id))]
pub struct ExtraRenamed {
    pub extra: Option<String>,
    pub id: u32,
    #[model(extra)]
    pub unknown: rt::Extra,
}

/// Every field optional: `Default`, `new()` and setters.
#[derive(Debug, Clone, PartialEq, Default, rt::Model)]
#[model(new)]
pub struct AllOptional {
    pub name: Option<String>,
    pub count: Option<u32>,
    pub note: Option<Option<String>>,
    pub tags: Option<Vec<String>>,
    #[model(extra)]
    pub extra: rt::Extra,
}

/// A constructor from required fields of several shapes.
#[derive(Debug, Clone, PartialEq, rt::Model)]
#[model(new(id, plan, ended_at, items))]
pub struct Subscription {
    pub id: CustomerId,
    pub plan: Box<Line>,
    #[model(required)]
    pub ended_at: Option<DateTime>,
    pub items: Vec<Line>,
    pub note: Option<String>,
    pub trial_days: Option<Option<u32>>,
    #[model(extra)]
    pub extra: rt::Extra,
}

/// A constructor whose arguments come in another order than the fields.
#[derive(Debug, Clone, PartialEq, rt::Model)]
#[model(new(count, name, ended_at))]
pub struct Reordered {
    pub name: String,
    #[model(required)]
    pub ended_at: Option<DateTime>,
    pub count: u32,
    #[model(extra)]
    pub extra: rt::Extra,
}

/// Two required fields of one type: built from a struct that names them, so that they cannot
/// be swapped unnoticed.
#[derive(Debug, Clone, PartialEq, rt::Model)]
#[model(new(from = EventRequired))]
pub struct Event {
    pub currency: String,
    pub name: String,
    #[model(required)]
    pub archived_at: Option<DateTime>,
    pub note: Option<Option<String>>,
    #[model(extra)]
    pub extra: rt::Extra,
}

/// The required properties of [`Event`], by name.
#[derive(Debug, Clone, PartialEq)]
pub struct EventRequired {
    pub currency: String,
    pub name: String,
    pub archived_at: Option<DateTime>,
}

/// Recursive through an optional box.
#[derive(Debug, Clone, PartialEq, rt::Model)]
#[model(new(name))]
pub struct Node {
    pub name: String,
    pub child: Option<Box<Node>>,
    #[model(extra)]
    pub extra: rt::Extra,
}

/// Recursive through a required array.
#[derive(Debug, Clone, PartialEq, Default, rt::Model)]
#[model(new)]
pub struct Tree {
    pub children: Vec<Tree>,
    #[model(extra)]
    pub extra: rt::Extra,
}

/// No fields, with `new`.
#[derive(Debug, Clone, PartialEq, Default, rt::Model)]
#[model(new)]
pub struct Empty {
    #[model(extra)]
    pub extra: rt::Extra,
}

/// No fields, no constructor, extras renamed.
#[derive(Debug, Clone, PartialEq, rt::Model)]
pub struct EmptyRenamed {
    #[model(extra)]
    pub rest: rt::Extra,
}

/// Nested models, for decode-error paths.
#[derive(Debug, Clone, PartialEq, rt::Model)]
#[model(new(items))]
pub struct Invoice {
    pub items: Vec<Line>,
    #[model(rename = "linesById")]
    pub lines_by_id: Option<BTreeMap<String, Line>>,
    pub customer: Option<Box<Node>>,
    pub price: Option<Price>,
    pub prices: Option<Vec<Price>>,
    #[model(extra)]
    pub extra: rt::Extra,
}

/// A currency.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, rt::OpenEnum)]
#[non_exhaustive]
#[model(rename_all = "UPPERCASE")]
pub enum Currency {
    Eur,
    /// The US dollar.
    Usd,
    Gbp,
    #[model(other)]
    Unknown(rt::UnknownValue),
}

/// A listed value spelled `Unknown`; the catch-all is `Other`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, rt::OpenEnum)]
#[non_exhaustive]
pub enum Outcome {
    #[model(rename = "known")]
    Known,
    Unknown,
    #[model(other)]
    Other(rt::UnknownValue),
}

/// Values named like the associated items of the traits the derive implements (`FromStr`'s
/// `Err`) and like prelude values: a variant `Err` made `Self::Err` ambiguous (a deny-by-default
/// lint, E0223 in future Rust).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, rt::OpenEnum)]
#[non_exhaustive]
pub enum Verdict {
    Ok,
    Err,
    Some,
    None,
    Default,
    #[model(other)]
    Unknown(rt::UnknownValue),
}

/// No listed value at all.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, rt::OpenEnum)]
#[non_exhaustive]
pub enum Nothing {
    #[model(other)]
    Unknown(rt::UnknownValue),
}

/// A customer ID.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, rt::StringNewtype)]
#[model(example = "cus_7n42")]
pub struct CustomerId(String);

/// A country code, without an example.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, rt::StringNewtype)]
pub struct Country(String);

/// A fixed price.
#[derive(Debug, Clone, PartialEq, rt::Model)]
#[model(new(amount))]
pub struct Fixed {
    pub amount: u32,
    pub currency: Option<Currency>,
    #[model(extra)]
    pub extra: rt::Extra,
}

/// A tiered price.
#[derive(Debug, Clone, PartialEq, rt::Model)]
#[model(new(tiers))]
pub struct Tiered {
    pub tiers: Vec<Line>,
    #[model(extra)]
    pub extra: rt::Extra,
}

/// A price.
#[derive(Debug, Clone, PartialEq, rt::TaggedUnion)]
#[non_exhaustive]
#[model(tag = "type")]
pub enum Price {
    #[model(rename = "FIXED")]
    Fixed(Box<Fixed>),
    /// Priced by tiers.
    #[model(rename = "TIERED")]
    Tiered(Box<Tiered>),
    #[model(other)]
    Unknown(Value),
}

/// A union whose variant is another union, under another tag.
#[derive(Debug, Clone, PartialEq, rt::TaggedUnion)]
#[non_exhaustive]
#[model(tag = "kind")]
pub enum Wrapper {
    #[model(rename = "PRICE")]
    Price(Box<Price>),
    #[model(other)]
    Other(Value),
}

/// A variant whose payload is not an object.
#[derive(Debug, Clone, PartialEq, rt::TaggedUnion)]
#[non_exhaustive]
#[model(tag = "kind")]
pub enum Shape {
    #[model(rename = "TEXT")]
    Text(Box<String>),
    #[model(other)]
    Other(Value),
}

/// Only the catch-all.
#[derive(Debug, Clone, PartialEq, rt::TaggedUnion)]
#[non_exhaustive]
#[model(tag = "t")]
pub enum NoVariants {
    #[model(other)]
    Unknown(Value),
}

/// Optional parameters of a list operation.
#[derive(Debug, Clone, PartialEq, Default, rt::QueryOptions)]
pub struct ListQuery {
    /// Free text.
    pub search: Option<String>,
    pub limit: Option<u32>,
    pub archived: Option<bool>,
    pub currency: Option<Currency>,
    pub customer: Option<CustomerId>,
    pub statuses: Option<Vec<Currency>>,
    pub ids: Option<Vec<String>>,
}

/// No parameters.
#[derive(Debug, Clone, PartialEq, Default, rt::QueryOptions)]
pub struct NoQuery {}

// The expansions name their own items with a `__` prefix (`__ModelVisitor`, `__S`, `__map`)
// and everything else by an absolute path, so spec names like `Visitor`, `Box` or `Option`
// cannot shadow them (`names_like_the_expansion_s_own` below).

/// A field with a raw identifier and no `rename`.
#[derive(Debug, Clone, PartialEq, rt::Model)]
pub struct RawIdent {
    pub r#type: String,
    #[model(extra)]
    pub extra: rt::Extra,
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

#[track_caller]
fn decode<T: DeserializeOwned>(json: &str) -> T {
    match serde_json::from_str(json) {
        Ok(value) => value,
        Err(e) => panic!("{json} did not decode: {e}"),
    }
}

#[track_caller]
fn decode_err<T: DeserializeOwned + Debug>(json: &str) -> String {
    match serde_json::from_str::<T>(json) {
        Ok(value) => panic!("{json} decoded as {value:?}, expected an error"),
        Err(e) => e.to_string(),
    }
}

#[track_caller]
fn encode<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).expect("encodes")
}

#[track_caller]
fn to_value<T: Serialize>(value: &T) -> Value {
    serde_json::to_value(value).expect("encodes")
}

/// The path and message the client reports for a body that fails to decode, checked against
/// the path a tracking second pass (`serde_path_to_error`) finds.
#[track_caller]
fn path_err<T: DeserializeOwned + Debug>(json: &str) -> (String, String) {
    let error = match serde_json::from_str::<T>(json) {
        Ok(value) => panic!("{json} decoded as {value:?}, expected an error"),
        Err(e) => e,
    };
    let path = meteroid_runtime::__private::path_of_error(json.as_bytes(), &error);
    let mut deserializer = serde_json::Deserializer::from_str(json);
    if let Err(tracked) = serde_path_to_error::deserialize::<_, T>(&mut deserializer) {
        assert_eq!(path, tracked.path().to_string(), "{json}");
    }
    (path, error.to_string())
}

#[track_caller]
fn assert_contains(text: &str, part: &str) {
    assert!(text.contains(part), "{text:?} does not contain {part:?}");
}

fn pairs_of<V: QueryValue + ?Sized>(name: &str, value: &V) -> Vec<(String, String)> {
    let mut pairs = Vec::new();
    value.push_pairs(name, &mut pairs);
    pairs
}

fn owned_pairs(pairs: &[(&str, &str)]) -> Vec<(String, String)> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

fn date_time(text: &str) -> DateTime {
    DateTime::new(text).expect("a valid date-time")
}

// ---------------------------------------------------------------------------------------------
// Model: presence
// ---------------------------------------------------------------------------------------------

#[test]
fn an_open_enum_may_name_its_values_like_trait_items_and_prelude_values() {
    let parsed: Verdict = "Err"
        .parse()
        .unwrap_or_else(|never: std::convert::Infallible| match never {});
    assert_eq!(parsed, Verdict::Err);
    assert_eq!(decode::<Verdict>(r#""Ok""#), Verdict::Ok);
    assert_eq!(encode(&Verdict::None), r#""None""#);
}

#[test]
fn required_decodes_its_value_and_rejects_null_and_absence() {
    let p: Presences = decode(r#"{"req":"a"}"#);
    assert_eq!(p.req, "a");

    assert_contains(
        &decode_err::<Presences>(r#"{"req":null}"#),
        "invalid type: null, expected a string",
    );
    assert_contains(&decode_err::<Presences>("{}"), "missing field `req`");
    assert_contains(
        &decode_err::<Presences>(r#"{"req_null":"x","opt":"y"}"#),
        "missing field `req`",
    );
}

#[test]
fn required_nullable_decodes_absent_and_null_as_none() {
    let absent: Presences = decode(r#"{"req":"a"}"#);
    assert_eq!(absent.req_null, None);
    let null: Presences = decode(r#"{"req":"a","req_null":null}"#);
    assert_eq!(null.req_null, None);
    let value: Presences = decode(r#"{"req":"a","req_null":"b"}"#);
    assert_eq!(value.req_null, Some("b".to_string()));
}

#[test]
fn optional_decodes_absent_and_null_as_none() {
    let absent: Presences = decode(r#"{"req":"a"}"#);
    assert_eq!(absent.opt, None);
    let null: Presences = decode(r#"{"req":"a","opt":null}"#);
    assert_eq!(null.opt, None);
    let value: Presences = decode(r#"{"req":"a","opt":"c"}"#);
    assert_eq!(value.opt, Some("c".to_string()));
}

#[test]
fn optional_nullable_keeps_absent_null_and_value_apart() {
    let absent: Presences = decode(r#"{"req":"a"}"#);
    assert_eq!(absent.opt_null, None);
    let null: Presences = decode(r#"{"req":"a","opt_null":null}"#);
    assert_eq!(null.opt_null, Some(None));
    let value: Presences = decode(r#"{"req":"a","opt_null":"d"}"#);
    assert_eq!(value.opt_null, Some(Some("d".to_string())));
}

#[test]
fn presences_encode_as_their_table_says() {
    let mut p = Presences::new("a", None);
    // required: always; required_nullable: `None` is null; optional and optional_nullable:
    // `None` is left out.
    assert_eq!(encode(&p), r#"{"req":"a","req_null":null}"#);

    p.opt_null = Some(None);
    assert_eq!(encode(&p), r#"{"req":"a","req_null":null,"opt_null":null}"#);

    p.req_null = Some("b".into());
    p.opt = Some("c".into());
    p.opt_null = Some(Some("d".into()));
    assert_eq!(
        encode(&p),
        r#"{"req":"a","req_null":"b","opt":"c","opt_null":"d"}"#
    );
}

#[test]
fn presences_round_trip_to_their_canonical_form() {
    // (input, (req_null, opt, opt_null), re-encoded)
    type Decoded = (
        Option<&'static str>,
        Option<&'static str>,
        Option<Option<&'static str>>,
    );
    let cases: [(&str, Decoded, &str); 4] = [
        (
            r#"{"req":"a"}"#,
            (None, None, None),
            r#"{"req":"a","req_null":null}"#,
        ),
        (
            r#"{"req":"a","req_null":null,"opt":null,"opt_null":null}"#,
            (None, None, Some(None)),
            r#"{"req":"a","req_null":null,"opt_null":null}"#,
        ),
        (
            r#"{"req":"a","req_null":"b","opt":"c","opt_null":"d"}"#,
            (Some("b"), Some("c"), Some(Some("d"))),
            r#"{"req":"a","req_null":"b","opt":"c","opt_null":"d"}"#,
        ),
        // Any input order; the fields are written in declaration order.
        (
            r#"{"opt_null":"d","opt":"c","req_null":"b","req":"a"}"#,
            (Some("b"), Some("c"), Some(Some("d"))),
            r#"{"req":"a","req_null":"b","opt":"c","opt_null":"d"}"#,
        ),
    ];
    for (input, (req_null, opt, opt_null), output) in cases {
        let p: Presences = decode(input);
        assert_eq!(p.req, "a", "{input}");
        assert_eq!(p.req_null.as_deref(), req_null, "{input}");
        assert_eq!(p.opt.as_deref(), opt, "{input}");
        assert_eq!(
            p.opt_null.as_ref().map(Option::as_deref),
            opt_null,
            "{input}"
        );
        assert!(p.extra.is_empty(), "{input}");
        assert_eq!(encode(&p), output, "{input}");
        // The canonical form is a fixed point.
        assert_eq!(decode::<Presences>(output), p, "{input}");
    }
}

#[test]
fn a_missing_required_property_is_an_error_naming_it_unless_it_is_a_collection() {
    let full = json!({
        "text": "t",
        "flag": false,
        "count": -1,
        "ratio": 0.5,
        "any": {"x": 1},
        "currency": "EUR",
        "customer": "cus_1",
        "price": {"type": "FIXED", "amount": 1},
        "line": {"amount": 2},
        "boxed": {"amount": 3},
        "when": "2024-01-31T12:00:00Z",
        "day": "2024-01-31",
        "amount": "1.50",
        "uuid": "67e55044-10b1-426f-9247-bb680e5fe0c8",
        "list": [{"amount": 4}],
        "dict": {"k": {"amount": 5}},
    });
    let kinds: RequiredKinds = decode(&full.to_string());
    assert_eq!(kinds.boxed, Box::new(Line::new(3u32)));
    assert_eq!(kinds.list, [Line::new(4u32)]);
    assert_eq!(kinds.amount.as_str(), "1.50");
    assert_eq!(to_value(&kinds), full);

    let Value::Object(full) = full else {
        unreachable!()
    };
    for key in full.keys() {
        let mut partial = full.clone();
        partial.remove(key);
        let text = Value::Object(partial).to_string();
        match key.as_str() {
            "list" => assert!(decode::<RequiredKinds>(&text).list.is_empty()),
            "dict" => assert!(decode::<RequiredKinds>(&text).dict.is_empty()),
            _ => assert_contains(
                &decode_err::<RequiredKinds>(&text),
                &format!("missing field `{key}`"),
            ),
        }
    }
}

#[test]
fn missing_required_collections_decode_as_empty_and_encode_as_empty() {
    let c: Collections = decode("{}");
    assert_eq!(c, Collections::new());
    assert!(c.list.is_empty() && c.dict.is_empty() && c.nested.is_empty());
    assert_eq!(encode(&c), r#"{"list":[],"dict":{},"nested":[]}"#);

    let c: Collections = decode(r#"{"list":["a"],"dict":{"b":1},"nested":[[2]]}"#);
    assert_eq!(c.list, ["a"]);
    assert_eq!(c.dict, BTreeMap::from([("b".to_string(), 1)]));
    assert_eq!(c.nested, [vec![2]]);

    // Required still means never `null`, for collections too.
    assert_contains(
        &decode_err::<Collections>(r#"{"list":null}"#),
        "invalid type: null, expected a sequence",
    );
    assert_contains(
        &decode_err::<Collections>(r#"{"dict":null}"#),
        "invalid type: null, expected a map",
    );
}

#[test]
fn a_missing_required_boxed_model_is_an_error() {
    let text = r#"{"id":"cus_1","items":[],"ended_at":null}"#;
    assert_contains(&decode_err::<Subscription>(text), "missing field `plan`");

    let s: Subscription = decode(r#"{"id":"cus_1","plan":{"amount":7}}"#);
    assert_eq!(s.plan, Box::new(Line::new(7u32)));
    // The missing required array is empty, the missing required_nullable `None`.
    assert!(s.items.is_empty());
    assert_eq!(s.ended_at, None);
}

#[test]
fn from_absent_gives_empty_collections_and_nothing_else() {
    assert_eq!(Vec::<u32>::from_absent(), Some(Vec::new()));
    assert_eq!(
        BTreeMap::<String, u32>::from_absent(),
        Some(BTreeMap::new())
    );
    assert_eq!(Box::<Vec<u32>>::from_absent(), Some(Box::default()));
    assert_eq!(Box::<Line>::from_absent(), None);
    assert_eq!(String::from_absent(), None);
    assert_eq!(Value::from_absent(), None);
    assert_eq!(Line::from_absent(), None);
    assert_eq!(Empty::from_absent(), None);
    assert_eq!(Currency::from_absent(), None);
    assert_eq!(CustomerId::from_absent(), None);
    assert_eq!(Price::from_absent(), None);
}

#[test]
fn a_duplicate_key_is_an_error() {
    let cases = [
        (r#"{"req":"a","req":"b"}"#, "req"),
        (r#"{"req":"a","req_null":null,"req_null":"x"}"#, "req_null"),
        (r#"{"req":"a","req_null":"x","req_null":null}"#, "req_null"),
        (r#"{"req":"a","opt":null,"opt":"x"}"#, "opt"),
        (r#"{"req":"a","opt":"x","opt":"x"}"#, "opt"),
        (r#"{"req":"a","opt_null":null,"opt_null":null}"#, "opt_null"),
    ];
    for (input, key) in cases {
        assert_contains(
            &decode_err::<Presences>(input),
            &format!("duplicate field `{key}`"),
        );
    }
    // Named by its wire name.
    assert_contains(
        &decode_err::<Renamed>(
            r#"{"createdAt":"2024-01-31T12:00:00Z","taxRate":null,"taxRate":"1"}"#,
        ),
        "duplicate field `taxRate`",
    );
}

#[test]
fn a_non_object_is_an_error_naming_the_model() {
    for input in ["[]", "1", r#""x""#, "null", "true"] {
        assert_contains(&decode_err::<Line>(input), "expected a Line object");
    }
    assert_contains(&decode_err::<Empty>("[]"), "expected a Empty object");
}

#[test]
fn models_decode_from_every_serde_json_source() {
    let text = r#"{"req":"a","opt_null":null,"x":[1]}"#;
    let expected: Presences = decode(text);
    assert_eq!(expected.extra["x"], json!([1]));

    // Keys owned rather than borrowed: from a reader, from a `Value`, and escaped.
    let from_reader: Presences = serde_json::from_reader(text.as_bytes()).expect("decodes");
    let from_slice: Presences = serde_json::from_slice(text.as_bytes()).expect("decodes");
    let value: Value = serde_json::from_str(text).expect("json");
    let from_ref = Presences::deserialize(&value).expect("decodes");
    let from_value: Presences = serde_json::from_value(value).expect("decodes");
    let escaped: Presences = decode(r#"{"r\u0065q":"a","opt_n\u0075ll":null,"\u0078":[1]}"#);
    for other in [from_reader, from_slice, from_ref, from_value, escaped] {
        assert_eq!(other, expected);
    }

    // An escaped unknown key is kept unescaped.
    let p: Presences = decode(r#"{"req":"a","a\nb":1}"#);
    assert_eq!(p.extra.get("a\nb"), Some(&json!(1)));
    assert_eq!(encode(&p), r#"{"req":"a","req_null":null,"a\nb":1}"#);
}

// ---------------------------------------------------------------------------------------------
// Model: unknown properties
// ---------------------------------------------------------------------------------------------

#[test]
fn unknown_properties_are_kept_in_extra_and_written_back_after_the_fields() {
    let input = r#"{"zeta":1,"req":"a","alpha":{"x":[1,2]},"opt":"c","mid":null}"#;
    let p: Presences = decode(input);
    assert_eq!(p.req, "a");
    assert_eq!(p.opt.as_deref(), Some("c"));
    assert_eq!(p.extra.len(), 3);
    assert_eq!(p.extra["zeta"], json!(1));
    assert_eq!(p.extra["alpha"], json!({"x": [1, 2]}));
    // A `null` is kept as a property, not dropped.
    assert_eq!(p.extra.get("mid"), Some(&Value::Null));
    assert_eq!(p.extra.get("req"), None);

    // In the order they came, whatever map type serde_json is built with.
    let keys: Vec<&str> = p.extra.iter().map(|(k, _)| k.as_str()).collect();
    assert_eq!(keys, ["zeta", "alpha", "mid"]);
    let extras = r#""zeta":1,"alpha":{"x":[1,2]},"mid":null"#;
    // Fields first (in declaration order, whatever the keys sort as), then the extras.
    assert_eq!(
        encode(&p),
        format!(r#"{{"req":"a","req_null":null,"opt":"c",{extras}}}"#)
    );
    assert_eq!(to_value(&p), {
        let mut v: Value = serde_json::from_str(input).expect("json");
        v["req_null"] = Value::Null;
        v
    });

    // Equality does not depend on the order the extras came in.
    let reordered: Presences =
        decode(r#"{"mid":null,"alpha":{"x":[1,2]},"req":"a","opt":"c","zeta":1}"#);
    assert_eq!(reordered, p);
}

#[test]
fn extras_set_by_hand_are_written_after_the_fields() {
    let mut p = Presences::new("a", None);
    p.extra.insert("added", json!({"nested": true}));
    assert_eq!(
        encode(&p),
        r#"{"req":"a","req_null":null,"added":{"nested":true}}"#
    );
    p.extra.remove("added");
    assert_eq!(p.extra, Extra::new());
    assert_eq!(encode(&p), r#"{"req":"a","req_null":null}"#);
}

#[test]
fn an_extra_key_that_is_a_field_is_never_written() {
    let mut p = Presences::new("a", None);
    p.extra.insert("req", json!("from extra"));
    p.extra.insert("req_null", json!("from extra"));
    // Not written even though the field itself is absent.
    p.extra.insert("opt", json!("from extra"));
    p.extra.insert("opt_null", json!(1));
    p.extra.insert("other", json!(true));
    assert_eq!(encode(&p), r#"{"req":"a","req_null":null,"other":true}"#);

    p.opt = Some("field".into());
    assert_eq!(
        encode(&p),
        r#"{"req":"a","req_null":null,"opt":"field","other":true}"#
    );

    // With a wire name, the wire name is the key that is skipped; the Rust name is just another
    // unknown property.
    let mut r = Renamed::new(date_time("2024-01-31T12:00:00Z"));
    r.extra.insert("createdAt", json!("from extra"));
    r.extra.insert("taxRate", json!("9"));
    r.extra.insert("billing_email", json!("kept"));
    assert_eq!(
        encode(&r),
        r#"{"createdAt":"2024-01-31T12:00:00Z","billing_email":"kept"}"#
    );
}

#[test]
fn the_extra_field_may_have_any_name() {
    let input = r#"{"extra":"a field","id":1,"other":[true]}"#;
    let e: ExtraRenamed = decode(input);
    assert_eq!(e.extra.as_deref(), Some("a field"));
    assert_eq!(e.id, 1);
    assert_eq!(e.unknown.len(), 1);
    assert_eq!(e.unknown["other"], json!([true]));
    assert_eq!(encode(&e), input);

    let mut built = ExtraRenamed::new(2u32).extra("set");
    assert_eq!(encode(&built), r#"{"extra":"set","id":2}"#);
    // `extra` is a field here, so an unknown property of that name is never written.
    built.unknown.insert("extra", json!("from unknown"));
    built.unknown.insert("more", json!(0));
    assert_eq!(encode(&built), r#"{"extra":"set","id":2,"more":0}"#);

    let empty: EmptyRenamed = decode(r#"{"a":1}"#);
    assert_eq!(empty.rest["a"], json!(1));
    assert_eq!(encode(&empty), r#"{"a":1}"#);
}

// ---------------------------------------------------------------------------------------------
// Model: names
// ---------------------------------------------------------------------------------------------

#[test]
fn rename_renames_the_wire_property_both_ways() {
    let input = r#"{"billingEmail":"a@b.c","createdAt":"2024-01-31T12:00:00Z","taxRate":null,"billing_email":"x"}"#;
    let r: Renamed = decode(input);
    assert_eq!(r.billing_email.as_deref(), Some("a@b.c"));
    assert_eq!(r.created_at.as_str(), "2024-01-31T12:00:00Z");
    assert_eq!(r.tax_rate, Some(None));
    // The Rust name on the wire is an unknown property.
    assert_eq!(r.extra.len(), 1);
    assert_eq!(r.extra["billing_email"], json!("x"));
    assert_eq!(encode(&r), input);

    let r = Renamed::new(date_time("2024-02-01T00:00:00Z"))
        .billing_email("e")
        .tax_rate(Decimal::new("0.2").expect("a decimal"));
    assert_eq!(
        encode(&r),
        r#"{"billingEmail":"e","createdAt":"2024-02-01T00:00:00Z","taxRate":"0.2"}"#
    );
    assert_eq!(
        encode(&r.clear_tax_rate()),
        r#"{"billingEmail":"e","createdAt":"2024-02-01T00:00:00Z","taxRate":null}"#
    );

    assert_contains(
        &decode_err::<Renamed>(r#"{"created_at":"2024-01-31T12:00:00Z"}"#),
        "missing field `createdAt`",
    );
}

#[test]
fn fields_may_be_named_like_the_expansion_s_locals() {
    let input = r#"{"map":1,"key":"k","value":{"v":[1]},"serializer":true,"deserializer":false,"extra":"e","slot":null,"known":["x"],"f":3,"a":4,"visitor":"v","self":"s","__map":5,"__key":6,"__slot0":7,"__value":8,"__error":9,"__extra":10,"unknown":1}"#;
    let l: Locals = decode(input);
    assert_eq!(
        (l.__map, l.__key, l.__slot0, l.__value, l.__error, l.__extra),
        (Some(5), Some(6), Some(7), Some(8), Some(9), Some(10))
    );
    assert_eq!(l.map, 1);
    assert_eq!(l.key, "k");
    assert_eq!(l.value, Some(Some(json!({"v": [1]}))));
    assert_eq!(l.serializer, Some(true));
    assert_eq!(l.deserializer, Some(false));
    assert_eq!(l.extra_info.as_deref(), Some("e"));
    assert_eq!(l.slot, None);
    assert_eq!(l.known, Some(vec!["x".to_string()]));
    assert_eq!((l.f, l.a), (Some(3), Some(4)));
    assert_eq!(l.visitor.as_deref(), Some("v"));
    assert_eq!(l.self_.as_deref(), Some("s"));
    // `extra` on the wire is the field `extra_info`; only `unknown` is unknown.
    assert_eq!(l.extra.len(), 1);
    assert_eq!(l.extra["unknown"], json!(1));
    assert_eq!(encode(&l), input);

    assert_contains(
        &decode_err::<Locals>(r#"{"key":"k"}"#),
        "missing field `map`",
    );
    assert_contains(
        &decode_err::<Locals>(r#"{"map":1,"key":"k","map":2}"#),
        "duplicate field `map`",
    );

    let built = Locals::new(2u32, "k2", 5u32)
        .clear_value()
        .serializer(false)
        .extra_info("x")
        .__map(1);
    assert_eq!(
        encode(&built),
        r#"{"map":2,"key":"k2","value":null,"serializer":false,"extra":"x","slot":5,"__map":1}"#
    );
}

#[test]
fn a_raw_identifier_field_has_the_bare_wire_name() {
    let r: RawIdent = decode(r#"{"type":"t"}"#);
    assert_eq!(r.r#type, "t");
    assert_eq!(encode(&r), r#"{"type":"t"}"#);
}

// ---------------------------------------------------------------------------------------------
// Model: constructors and setters
// ---------------------------------------------------------------------------------------------

#[test]
fn new_alone_gives_default_new_and_setters() {
    let a = AllOptional::new();
    assert_eq!(a, AllOptional::default());
    assert_eq!(
        (&a.name, a.count, &a.note, &a.tags),
        (&None, None, &None, &None)
    );
    assert!(a.extra.is_empty());
    assert_eq!(encode(&a), "{}");

    let a = AllOptional::new()
        .name("n")
        .count(3u32)
        .note("x")
        .tags(["a", "b"].map(String::from));
    assert_eq!(a.name.as_deref(), Some("n"));
    assert_eq!(a.count, Some(3));
    assert_eq!(a.note, Some(Some("x".to_string())));
    assert_eq!(
        encode(&a),
        r#"{"name":"n","count":3,"note":"x","tags":["a","b"]}"#
    );

    // The last call wins.
    let cleared = a.clone().clear_note();
    assert_eq!(cleared.note, Some(None));
    assert_eq!(
        encode(&cleared),
        r#"{"name":"n","count":3,"note":null,"tags":["a","b"]}"#
    );
    assert_eq!(cleared.note("y").note, Some(Some("y".to_string())));
    // `impl Into` arguments: a slice for a `Vec`, a `String` for a `String`.
    let from_slice = AllOptional::new().tags(&["c".to_string()][..]);
    assert_eq!(from_slice.tags, Some(vec!["c".to_string()]));
    assert_eq!(
        AllOptional::new().name(String::from("s")).name.as_deref(),
        Some("s")
    );

    let c = Collections::new();
    assert_eq!(c, Collections::default());
    assert_eq!(Empty::new(), Empty::default());
}

#[test]
fn new_with_arguments_takes_impl_into() {
    // A `&str` for a newtype, a `T` for a `Box<T>`, `None` for a required_nullable, a `Vec`.
    let s = Subscription::new("cus_1", Line::new(5u32), None, vec![Line::new(1u32)]);
    assert_eq!(s.id, CustomerId::from("cus_1"));
    assert_eq!(s.plan, Box::new(Line::new(5u32)));
    assert_eq!(s.ended_at, None);
    assert_eq!(s.items, [Line::new(1u32)]);
    assert_eq!((&s.note, s.trial_days), (&None, None));
    assert!(s.extra.is_empty());
    assert_eq!(
        encode(&s),
        r#"{"id":"cus_1","plan":{"amount":5},"ended_at":null,"items":[{"amount":1}]}"#
    );

    // A `T` for a required_nullable `Option<T>`, a `Box<T>` for a `Box<T>`, an `Option<T>`.
    let when = date_time("2024-01-31T12:00:00Z");
    let s = Subscription::new(
        CustomerId::new("cus_2"),
        Box::new(Line::new(6u32)),
        when.clone(),
        Vec::new(),
    );
    assert_eq!(s.ended_at.as_ref(), Some(&when));
    let t = Subscription::new("cus_2", Line::new(6u32), Some(when), Vec::new());
    assert_eq!(s, t);
    assert_eq!(
        encode(&s),
        r#"{"id":"cus_2","plan":{"amount":6},"ended_at":"2024-01-31T12:00:00Z","items":[]}"#
    );

    // A `&str` for a `String`; a `String` (not a `&str`: no `From<&str>` for `Option<String>`)
    // for a required_nullable `Option<String>`.
    let p = Presences::new("a", String::from("b"));
    assert_eq!(p.req_null.as_deref(), Some("b"));
    assert_eq!(
        Presences::new(String::from("a"), Some(String::from("b"))),
        p
    );
}

#[test]
fn new_takes_its_arguments_in_the_listed_order_not_the_fields_order() {
    // Fields: name, ended_at, count; `new(count, name, ended_at)`.
    let when = date_time("2024-01-31T12:00:00Z");
    let r = Reordered::new(3, "n", when.clone());
    assert_eq!((r.count, r.name.as_str()), (3, "n"));
    assert_eq!(r.ended_at, Some(when));
    // Written in field order, whatever the constructor's.
    assert_eq!(
        encode(&r),
        r#"{"name":"n","ended_at":"2024-01-31T12:00:00Z","count":3}"#
    );
    assert_eq!(Reordered::new(0, String::from("m"), None).ended_at, None);
}

#[test]
fn a_named_constructor_takes_the_required_fields_by_name() {
    let event = Event::new(EventRequired {
        name: "Acme".into(),
        currency: "EUR".into(),
        archived_at: None,
    })
    .note("n");
    assert_eq!(
        (event.currency.as_str(), event.name.as_str()),
        ("EUR", "Acme")
    );
    assert_eq!(
        encode(&event),
        r#"{"currency":"EUR","name":"Acme","archived_at":null,"note":"n"}"#
    );
    let from: Event = EventRequired {
        currency: "USD".into(),
        name: "B".into(),
        archived_at: Some(date_time("2024-01-31T12:00:00Z")),
    }
    .into();
    assert_eq!(from.note, None);
    assert!(from.extra.is_empty());
    assert_eq!(from.archived_at, Some(date_time("2024-01-31T12:00:00Z")));
}

#[test]
fn primitive_setters_and_arguments_take_integer_literals() {
    // `Option<u32>`, `Option<Option<u32>>`, `Option<bool>`: the type itself, so a literal
    // infers.
    let a = AllOptional::new().count(50);
    assert_eq!(a.count, Some(50));
    let s = Subscription::new("cus_1", Line::new(5), None, Vec::new()).trial_days(14);
    assert_eq!(s.trial_days, Some(Some(14)));
    assert_eq!(ListQuery::new().limit(25).archived(true).limit, Some(25));
    assert_eq!(Locals::new(1, "k", None).f(2).f, Some(2));
}

#[test]
fn setters_and_clear_produce_the_wire_form() {
    let s = Subscription::new("cus_1", Line::new(5u32), None, Vec::new())
        .note("n")
        .trial_days(14u32);
    assert_eq!(
        encode(&s),
        r#"{"id":"cus_1","plan":{"amount":5},"ended_at":null,"items":[],"note":"n","trial_days":14}"#
    );
    let s = s.clear_trial_days();
    assert_eq!(
        encode(&s),
        r#"{"id":"cus_1","plan":{"amount":5},"ended_at":null,"items":[],"note":"n","trial_days":null}"#
    );
    // What was built decodes back to the same value.
    assert_eq!(decode::<Subscription>(&encode(&s)), s);

    let p = Presences::new("a", None).opt("c").clear_opt_null();
    assert_eq!(
        encode(&p),
        r#"{"req":"a","req_null":null,"opt":"c","opt_null":null}"#
    );
    assert_eq!(
        encode(&p.opt_null("d")),
        r#"{"req":"a","req_null":null,"opt":"c","opt_null":"d"}"#
    );
}

// ---------------------------------------------------------------------------------------------
// Model: shapes
// ---------------------------------------------------------------------------------------------

#[test]
fn a_recursive_model_decodes_and_encodes() {
    let input = r#"{"name":"a","child":{"name":"b","child":{"name":"c","x":1}}}"#;
    let n: Node = decode(input);
    assert_eq!(n.name, "a");
    let b = n.child.as_deref().expect("a child");
    assert_eq!(b.name, "b");
    let c = b.child.as_deref().expect("a grandchild");
    assert_eq!(c.name, "c");
    assert_eq!(c.child, None);
    assert_eq!(c.extra["x"], json!(1));
    assert_eq!(encode(&n), input);

    // The setter of an `optional Box<T>` takes a `T`.
    let built = Node::new("a").child(Node::new("b").child(Node::new("c")));
    assert_eq!(
        encode(&built),
        r#"{"name":"a","child":{"name":"b","child":{"name":"c"}}}"#
    );

    let t: Tree = decode(r#"{"children":[{"children":[{}]},{}]}"#);
    assert_eq!(t.children.len(), 2);
    assert_eq!(t.children[0].children, [Tree::new()]);
    assert_eq!(
        encode(&t),
        r#"{"children":[{"children":[{"children":[]}]},{"children":[]}]}"#
    );
}

#[test]
fn a_model_with_zero_fields() {
    let e = Empty::new();
    assert_eq!(encode(&e), "{}");
    let decoded: Empty = decode("{}");
    assert_eq!(decoded, e);

    let with_extras: Empty = decode(r#"{"a":1,"b":[null]}"#);
    assert_eq!(with_extras.extra.len(), 2);
    assert_eq!(to_value(&with_extras), json!({"a": 1, "b": [null]}));
    assert_ne!(with_extras, e);
}

// ---------------------------------------------------------------------------------------------
// Model: decode errors name their path
// ---------------------------------------------------------------------------------------------

#[test]
fn decode_errors_name_the_json_path() {
    let (path, message) = path_err::<Invoice>(r#"{"items":[{"amount":1},{"amount":"x"}]}"#);
    assert_eq!(path, "items[1].amount");
    assert_contains(&message, r#"invalid type: string "x", expected u32"#);

    // A missing field: the path of the object that lacks it.
    let (path, message) = path_err::<Invoice>(r#"{"items":[{"amount":1},{}]}"#);
    assert_eq!(path, "items[1]");
    assert_contains(&message, "missing field `amount`");

    let (path, message) = path_err::<Invoice>(r#"{"items":[7]}"#);
    assert_eq!(path, "items[0]");
    assert_contains(&message, "expected a Line object");

    // Wire names and map keys.
    let (path, _) = path_err::<Invoice>(r#"{"items":[],"linesById":{"a":{"amount":-1}}}"#);
    assert_eq!(path, "linesById.a.amount");

    // Through a box, twice.
    let (path, _) =
        path_err::<Invoice>(r#"{"items":[],"customer":{"name":"a","child":{"name":5}}}"#);
    assert_eq!(path, "customer.child.name");

    // A duplicate key, at the object that has it.
    let (path, message) = path_err::<Invoice>(r#"{"items":[{"amount":1,"amount":2}]}"#);
    assert_eq!(path, "items[0]");
    assert_contains(&message, "duplicate field `amount`");

    // The root.
    let (path, message) = path_err::<Line>("{}");
    assert_eq!(path, ".");
    assert_contains(&message, "missing field `amount`");

    // What is in an unknown property is not checked.
    let ok: Invoice = decode(r#"{"items":[],"zz":{"amount":"x"}}"#);
    assert_eq!(ok.extra["zz"], json!({"amount": "x"}));
}

#[test]
fn a_decode_error_inside_a_union_names_at_least_the_union_s_path() {
    let (path, message) = path_err::<Invoice>(
        r#"{"items":[],"prices":[{"type":"FIXED","amount":1},{"type":"FIXED","amount":"x"}]}"#,
    );
    assert!(path.starts_with("prices[1]"), "{path}");
    assert_contains(&message, r#"invalid type: string "x", expected u32"#);
}

#[test]
#[ignore = "bug: a decode error inside a tagged_union variant's body names only the union's path (`price`), not the path inside it (`price.amount`): tagged::decode_variant decodes from a buffered Value and maps the error with E::custom"]
fn a_decode_error_inside_a_union_names_the_path_inside_the_variant() {
    let (path, _) = path_err::<Invoice>(r#"{"items":[],"price":{"type":"FIXED","amount":"x"}}"#);
    assert_eq!(path, "price.amount");
}

// ---------------------------------------------------------------------------------------------
// OpenEnum
// ---------------------------------------------------------------------------------------------

#[test]
fn open_enum_known_values_both_ways() {
    for (variant, wire) in [
        (Currency::Eur, "EUR"),
        (Currency::Usd, "USD"),
        (Currency::Gbp, "GBP"),
    ] {
        assert_eq!(encode(&variant), format!("\"{wire}\""));
        assert_eq!(decode::<Currency>(&format!("\"{wire}\"")), variant);
        assert_eq!(
            serde_json::from_value::<Currency>(json!(wire)).expect("decodes"),
            variant
        );
        assert!(variant.is_known());
    }
    // Escaped text is compared unescaped.
    assert_eq!(decode::<Currency>(r#""\u0045UR""#), Currency::Eur);
    let from_reader: Currency = serde_json::from_reader(&b"\"USD\""[..]).expect("decodes");
    assert_eq!(from_reader, Currency::Usd);
}

#[test]
fn open_enum_unknown_value_decodes_to_the_catch_all_and_re_encodes_verbatim() {
    for wire in ["XTS", "eur", "", "EUR ", "é\"\\"] {
        let json = serde_json::to_string(wire).expect("a string");
        let value: Currency = decode(&json);
        match &value {
            Currency::Unknown(unknown) => assert_eq!(unknown.as_str(), wire),
            other => panic!("{wire:?} decoded as {other:?}"),
        }
        assert!(!value.is_known());
        assert_eq!(value.as_str(), wire);
        assert_eq!(encode(&value), json);
        assert_eq!(value, Currency::from(wire));
    }
    let Currency::Unknown(unknown) = Currency::from("XTS") else {
        panic!("not the catch-all")
    };
    assert_eq!(unknown.to_string(), "XTS");
}

#[test]
fn open_enum_known_lists_the_values_in_order() {
    assert_eq!(
        Currency::KNOWN,
        [Currency::Eur, Currency::Usd, Currency::Gbp]
    );
    assert_eq!(Outcome::KNOWN, [Outcome::Known, Outcome::Unknown]);
    assert!(Nothing::KNOWN.is_empty());
    for value in Currency::KNOWN {
        assert!(value.is_known());
        assert_eq!(&Currency::from(value.as_str()), value);
    }
}

#[test]
fn open_enum_string_conversions() {
    assert_eq!(Currency::from("USD"), Currency::Usd);
    assert_eq!("GBP".parse::<Currency>(), Ok(Currency::Gbp));
    assert_eq!("XTS".parse::<Currency>(), Ok(Currency::from("XTS")));
    assert_eq!(Currency::Eur.as_str(), "EUR");
    assert_eq!(Currency::Eur.to_string(), "EUR");
    assert_eq!(Currency::from("XTS").to_string(), "XTS");
    let as_ref: &str = Currency::Gbp.as_ref();
    assert_eq!(as_ref, "GBP");
    // Hash, Eq and Ord are derived: usable as set and map keys.
    let set: HashSet<Currency> = ["EUR", "EUR", "XTS"].map(Currency::from).into();
    assert_eq!(set.len(), 2);
    assert!(Currency::Eur < Currency::Usd);
}

#[test]
fn open_enum_as_a_map_key() {
    let map: BTreeMap<Currency, u32> = decode(r#"{"XTS":2,"EUR":1}"#);
    assert_eq!(map[&Currency::Eur], 1);
    assert_eq!(map[&Currency::from("XTS")], 2);
    // Listed values sort first, in their order.
    assert_eq!(encode(&map), r#"{"EUR":1,"XTS":2}"#);
}

/// One enum per `rename_all` rule, each with a variant whose `rename` wins over the rule.
mod rename_all {
    use meteroid_runtime as rt;

    #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, rt::OpenEnum)]
    #[model(rename_all = "SCREAMING_SNAKE_CASE")]
    pub enum ScreamingSnake {
        OneOffPayment,
        #[model(rename = "by hand")]
        Card,
        #[model(other)]
        Unknown(rt::UnknownValue),
    }

    #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, rt::OpenEnum)]
    #[model(rename_all = "snake_case")]
    pub enum Snake {
        OneOffPayment,
        #[model(rename = "by hand")]
        Card,
        #[model(other)]
        Unknown(rt::UnknownValue),
    }

    #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, rt::OpenEnum)]
    #[model(rename_all = "kebab-case")]
    pub enum Kebab {
        OneOffPayment,
        #[model(rename = "by hand")]
        Card,
        #[model(other)]
        Unknown(rt::UnknownValue),
    }

    #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, rt::OpenEnum)]
    #[model(rename_all = "SCREAMING-KEBAB-CASE")]
    pub enum ScreamingKebab {
        OneOffPayment,
        #[model(rename = "by hand")]
        Card,
        #[model(other)]
        Unknown(rt::UnknownValue),
    }

    #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, rt::OpenEnum)]
    #[model(rename_all = "camelCase")]
    pub enum Camel {
        OneOffPayment,
        #[model(rename = "by hand")]
        Card,
        #[model(other)]
        Unknown(rt::UnknownValue),
    }

    #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, rt::OpenEnum)]
    #[model(rename_all = "PascalCase")]
    pub enum Pascal {
        OneOffPayment,
        #[model(rename = "by hand")]
        Card,
        #[model(other)]
        Unknown(rt::UnknownValue),
    }

    #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, rt::OpenEnum)]
    #[model(rename_all = "lowercase")]
    pub enum Lower {
        OneOffPayment,
        #[model(rename = "by hand")]
        Card,
        #[model(other)]
        Unknown(rt::UnknownValue),
    }

    #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, rt::OpenEnum)]
    #[model(rename_all = "UPPERCASE")]
    pub enum Upper {
        OneOffPayment,
        #[model(rename = "by hand")]
        Card,
        #[model(other)]
        Unknown(rt::UnknownValue),
    }

    #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, rt::OpenEnum)]
    #[model(rename_all = "Train-Case")]
    pub enum Train {
        OneOffPayment,
        #[model(rename = "by hand")]
        Card,
        #[model(other)]
        Unknown(rt::UnknownValue),
    }

    /// Both ways on the wire, and the override.
    #[track_caller]
    fn check<E>(one_off: E, card: E, wire: &str)
    where
        E: serde::Serialize + serde::de::DeserializeOwned + PartialEq + std::fmt::Debug,
        E: for<'a> From<&'a str>,
    {
        let json = format!("\"{wire}\"");
        assert_eq!(serde_json::to_string(&one_off).unwrap(), json);
        assert_eq!(serde_json::from_str::<E>(&json).unwrap(), one_off);
        assert_eq!(E::from(wire), one_off);
        assert_eq!(serde_json::to_string(&card).unwrap(), r#""by hand""#);
        assert_eq!(E::from("by hand"), card);
        // The variant's name is not its wire text (except under PascalCase), nor is the
        // rule applied to the override's name.
        assert_ne!(E::from("Card"), card);
    }

    #[test]
    fn each_rule_names_the_values_and_rename_overrides_it() {
        check(
            ScreamingSnake::OneOffPayment,
            ScreamingSnake::Card,
            "ONE_OFF_PAYMENT",
        );
        check(Snake::OneOffPayment, Snake::Card, "one_off_payment");
        check(Kebab::OneOffPayment, Kebab::Card, "one-off-payment");
        check(
            ScreamingKebab::OneOffPayment,
            ScreamingKebab::Card,
            "ONE-OFF-PAYMENT",
        );
        check(Camel::OneOffPayment, Camel::Card, "oneOffPayment");
        check(Pascal::OneOffPayment, Pascal::Card, "OneOffPayment");
        check(Lower::OneOffPayment, Lower::Card, "oneoffpayment");
        check(Upper::OneOffPayment, Upper::Card, "ONEOFFPAYMENT");
        check(Train::OneOffPayment, Train::Card, "One-Off-Payment");
        // Without a rule, the name as it is.
        assert_eq!(super::Outcome::Unknown.as_str(), "Unknown");
    }
}

#[test]
fn open_enum_a_listed_value_named_unknown() {
    assert_eq!(decode::<Outcome>(r#""Unknown""#), Outcome::Unknown);
    assert!(Outcome::Unknown.is_known());
    assert_eq!(Outcome::Unknown.as_str(), "Unknown");
    assert_eq!(encode(&Outcome::Unknown), r#""Unknown""#);

    let other: Outcome = decode(r#""unknown""#);
    assert!(matches!(&other, Outcome::Other(v) if v.as_str() == "unknown"));
    assert!(!other.is_known());
    assert_eq!(encode(&other), r#""unknown""#);
    assert_eq!(Outcome::from("known"), Outcome::Known);
}

#[test]
fn open_enum_without_listed_values() {
    let value: Nothing = decode(r#""anything""#);
    assert!(!value.is_known());
    assert_eq!(value.as_str(), "anything");
    assert_eq!(encode(&value), r#""anything""#);
}

#[test]
fn open_enum_a_non_string_is_an_error() {
    for input in ["1", "null", "true", "{}", r#"["EUR"]"#, "1.5"] {
        assert_contains(&decode_err::<Currency>(input), "expected a string");
    }
    // In a model: an optional one may be null, a required one may not.
    let f: Fixed = decode(r#"{"amount":1,"currency":null}"#);
    assert_eq!(f.currency, None);
    let (path, message) = path_err::<Fixed>(r#"{"amount":1,"currency":5}"#);
    assert_eq!(path, "currency");
    assert_contains(&message, "expected a string");
}

#[test]
fn open_enum_to_param() {
    assert_eq!(Currency::Eur.to_param(), "EUR");
    assert_eq!(Currency::from("XTS").to_param(), "XTS");
    assert_eq!(Outcome::Unknown.to_param(), "Unknown");
    assert_eq!(pairs_of("c", &Currency::Usd), owned_pairs(&[("c", "USD")]));
    assert_eq!(
        pairs_of("c", &Some(Currency::from("XTS"))),
        owned_pairs(&[("c", "XTS")])
    );
    assert_eq!(
        pairs_of("c", &vec![Currency::Eur, Currency::Gbp]),
        owned_pairs(&[("c", "EUR"), ("c", "GBP")])
    );
}

// ---------------------------------------------------------------------------------------------
// StringNewtype
// ---------------------------------------------------------------------------------------------

#[test]
fn string_newtype_is_transparent_on_the_wire() {
    let id: CustomerId = decode(r#""cus_1""#);
    assert_eq!(id.as_str(), "cus_1");
    assert_eq!(encode(&id), r#""cus_1""#);
    let escaped: CustomerId = decode(r#""a\"b\u00e9""#);
    assert_eq!(escaped.as_str(), "a\"bé");
    assert_eq!(encode(&escaped), r#""a\"bé""#);
    let from_value: Country = serde_json::from_value(json!("FR")).expect("decodes");
    assert_eq!(from_value, Country::new("FR"));
    // Text is kept as it came: no trimming, no case change, empty allowed.
    for text in [" x ", "", "ÄÖ"] {
        let json = serde_json::to_string(text).expect("a string");
        assert_eq!(encode(&decode::<Country>(&json)), json);
    }
}

#[test]
fn string_newtype_conversions() {
    let id = CustomerId::new("cus_1");
    assert_eq!(id, CustomerId::from("cus_1"));
    assert_eq!(id, CustomerId::from(String::from("cus_1")));
    assert_eq!(CustomerId::new(String::from("cus_1")), id);
    let text: String = id.clone().into();
    assert_eq!(text, "cus_1");
    assert_eq!(id.clone().into_inner(), "cus_1");
    let as_ref: &str = id.as_ref();
    assert_eq!(as_ref, "cus_1");
    assert_eq!(id.to_string(), "cus_1");
    assert_eq!(format!("[{id}]"), "[cus_1]");
    // Hash, Eq and Ord: usable as keys.
    let map: BTreeMap<CustomerId, u32> = decode(r#"{"b":2,"a":1}"#);
    assert_eq!(map[&CustomerId::from("a")], 1);
    assert!(CustomerId::from("a") < CustomerId::from("b"));
    let set: HashSet<CustomerId> = ["x", "x"].map(CustomerId::from).into();
    assert_eq!(set.len(), 1);
}

#[test]
fn string_newtype_to_param() {
    let id = CustomerId::from("cus 1/é");
    assert_eq!(id.to_param(), "cus 1/é");
    assert_eq!(pairs_of("id", &id), owned_pairs(&[("id", "cus 1/é")]));
    assert!(pairs_of("id", &None::<CustomerId>).is_empty());
    assert_eq!(
        pairs_of(
            "id",
            &Some(vec![CustomerId::from("a"), CustomerId::from("b")])
        ),
        owned_pairs(&[("id", "a"), ("id", "b")])
    );
}

#[test]
fn string_newtype_a_non_string_is_an_error() {
    for input in ["1", "null", "true", "{}", r#"["a"]"#] {
        assert_contains(&decode_err::<CustomerId>(input), "expected a string");
    }
    let (path, _) = path_err::<Subscription>(r#"{"id":5,"plan":{"amount":1}}"#);
    assert_eq!(path, "id");
}

// ---------------------------------------------------------------------------------------------
// TaggedUnion
// ---------------------------------------------------------------------------------------------

#[test]
fn tagged_union_variants_encode_with_their_tag() {
    let fixed = Price::Fixed(Box::new(Fixed::new(5u32).currency(Currency::Eur)));
    assert_eq!(
        to_value(&fixed),
        json!({"type": "FIXED", "amount": 5, "currency": "EUR"})
    );
    assert_eq!(fixed.tag(), "FIXED");

    let tiered = Price::Tiered(Box::new(Tiered::new(vec![Line::new(1u32).label("l")])));
    assert_eq!(
        to_value(&tiered),
        json!({"type": "TIERED", "tiers": [{"amount": 1, "label": "l"}]})
    );
    assert_eq!(tiered.tag(), "TIERED");

    // A union in a union: each adds its own tag.
    let wrapped = Wrapper::Price(Box::new(fixed.clone()));
    assert_eq!(
        to_value(&wrapped),
        json!({"kind": "PRICE", "type": "FIXED", "amount": 5, "currency": "EUR"})
    );
    assert_eq!(wrapped.tag(), "PRICE");
    assert_eq!(decode::<Wrapper>(&encode(&wrapped)), wrapped);
}

#[test]
fn tagged_union_the_tag_is_written_once_whatever_the_body_s_extras_hold() {
    let mut body = Fixed::new(1u32);
    body.extra.insert("type", json!("TIERED"));
    body.extra.insert("note", json!("kept"));
    let text = encode(&Price::Fixed(Box::new(body)));
    assert_eq!(text.matches("\"type\"").count(), 1, "{text}");
    assert_eq!(
        serde_json::from_str::<Value>(&text).expect("json"),
        json!({"type": "FIXED", "amount": 1, "note": "kept"})
    );
}

#[test]
#[ignore = "bug: tagged::serialize promises the tag as the first property, but builds a serde_json::Map, which sorts keys unless serde_json's preserve_order feature is on (it is not in this crate's own build), so the tag lands wherever it sorts and the body's declaration order is lost"]
fn tagged_union_the_tag_is_the_first_property() {
    let fixed = Price::Fixed(Box::new(Fixed::new(5u32).currency(Currency::Eur)));
    assert_eq!(
        encode(&fixed),
        r#"{"type":"FIXED","amount":5,"currency":"EUR"}"#
    );
}

#[test]
fn tagged_union_decodes_by_tag() {
    // The tag anywhere in the object; it does not end up in the body's extras.
    let price: Price = decode(r#"{"amount":5,"currency":"USD","type":"FIXED"}"#);
    let Price::Fixed(fixed) = &price else {
        panic!("decoded as {price:?}")
    };
    assert_eq!(fixed.amount, 5);
    assert_eq!(fixed.currency, Some(Currency::Usd));
    assert!(fixed.extra.is_empty(), "{:?}", fixed.extra);
    assert_eq!(
        price,
        Price::Fixed(Box::new(Fixed::new(5u32).currency("USD")))
    );

    let price: Price = decode(r#"{"type":"TIERED","tiers":[{"amount":1}]}"#);
    assert_eq!(
        price,
        Price::Tiered(Box::new(Tiered::new(vec![Line::new(1u32)])))
    );

    // Unknown properties of a known variant stay in its body, and go back out.
    let input = json!({"type": "FIXED", "amount": 5, "new": {"a": true}});
    let price: Price = serde_json::from_value(input.clone()).expect("decodes");
    let Price::Fixed(fixed) = &price else {
        panic!("decoded as {price:?}")
    };
    assert_eq!(fixed.extra["new"], json!({"a": true}));
    assert_eq!(to_value(&price), input);

    // In a model, and `null` for an optional one.
    let invoice: Invoice =
        decode(r#"{"items":[],"price":{"type":"FIXED","amount":2},"prices":[]}"#);
    assert_eq!(
        invoice.price,
        Some(Price::Fixed(Box::new(Fixed::new(2u32))))
    );
    let invoice: Invoice = decode(r#"{"items":[],"price":null}"#);
    assert_eq!(invoice.price, None);
}

#[test]
fn tagged_union_an_unknown_tag_keeps_the_whole_object() {
    let input =
        json!({"type": "VOLUME", "tiers": [], "x": {"y": [1, null]}, "amount": "not a u32"});
    let price: Price = serde_json::from_str(&input.to_string()).expect("decodes");
    assert_eq!(price, Price::Unknown(input.clone()));
    assert_eq!(price.tag(), "VOLUME");
    assert_eq!(to_value(&price), input);
    // Tags are case-sensitive.
    let lower: Price = decode(r#"{"type":"fixed","amount":1}"#);
    assert!(matches!(lower, Price::Unknown(_)), "{lower:?}");
    assert_eq!(lower.tag(), "fixed");
}

#[test]
fn tagged_union_an_object_without_a_string_tag_is_the_catch_all() {
    for input in [
        json!({}),
        json!({"amount": 1}),
        json!({"type": null, "amount": 1}),
        json!({"type": 5}),
        json!({"type": ["FIXED"]}),
        json!({"TYPE": "FIXED", "amount": 1}),
    ] {
        let price: Price = decode(&input.to_string());
        assert_eq!(price, Price::Unknown(input.clone()));
        assert_eq!(price.tag(), "");
        assert_eq!(to_value(&price), input);
    }
    let only: NoVariants = decode(r#"{"t":"A","b":1}"#);
    assert_eq!(only.tag(), "A");
    assert_eq!(to_value(&only), json!({"t": "A", "b": 1}));
}

#[test]
fn tagged_union_a_non_object_is_an_error() {
    for input in ["[]", r#""FIXED""#, "null", "5", "true"] {
        assert_contains(
            &decode_err::<Price>(input),
            "expected an object with a `type` property",
        );
    }
    assert_contains(
        &decode_err::<Wrapper>("[1]"),
        "expected an object with a `kind` property",
    );
}

#[test]
fn tagged_union_a_body_that_does_not_match_its_variant_is_an_error() {
    assert_contains(
        &decode_err::<Price>(r#"{"type":"FIXED"}"#),
        "missing field `amount`",
    );
    assert_contains(
        &decode_err::<Price>(r#"{"type":"FIXED","amount":"x"}"#),
        r#"invalid type: string "x", expected u32"#,
    );
    assert_contains(
        &decode_err::<Price>(r#"{"type":"TIERED","tiers":{}}"#),
        "expected a sequence",
    );
    // A payload that is not an object cannot be decoded from one, nor encoded as one.
    assert_contains(
        &decode_err::<Shape>(r#"{"kind":"TEXT"}"#),
        "expected a string",
    );
    let error = serde_json::to_string(&Shape::Text(Box::new("t".into())))
        .expect_err("a string is not an object");
    assert_contains(
        &error.to_string(),
        "a union variant must encode as a JSON object",
    );
}

#[test]
#[ignore = "bug: a duplicate key inside a tagged_union variant's body is silently resolved (last wins) instead of being an error as it is in a model: tagged::read buffers the object into a serde_json::Value, which drops duplicates"]
fn tagged_union_a_duplicate_key_in_a_variant_s_body_is_an_error() {
    assert_contains(
        &decode_err::<Price>(r#"{"type":"FIXED","amount":1,"amount":2}"#),
        "duplicate field `amount`",
    );
}

// ---------------------------------------------------------------------------------------------
// QueryOptions
// ---------------------------------------------------------------------------------------------

#[test]
fn query_options_default_and_setters() {
    let q = ListQuery::new();
    assert_eq!(q, ListQuery::default());
    assert_eq!(
        q,
        ListQuery {
            search: None,
            limit: None,
            archived: None,
            currency: None,
            customer: None,
            statuses: None,
            ids: None,
        }
    );
    assert_eq!(NoQuery::new(), NoQuery::default());

    let q = ListQuery::new()
        .search("acme")
        .limit(10u32)
        .archived(false)
        .currency("XTS")
        .customer("cus_1")
        .statuses(vec![Currency::Eur, Currency::Usd])
        .ids(["a", "b"].map(String::from));
    assert_eq!(q.search.as_deref(), Some("acme"));
    assert_eq!(q.limit, Some(10));
    assert_eq!(q.archived, Some(false));
    assert_eq!(q.currency, Some(Currency::from("XTS")));
    assert_eq!(q.customer, Some(CustomerId::from("cus_1")));
    assert_eq!(q.statuses, Some(vec![Currency::Eur, Currency::Usd]));
    assert_eq!(q.ids, Some(vec!["a".to_string(), "b".to_string()]));
    // The last call wins.
    assert_eq!(q.clone().limit(20u32).limit, Some(20));
}

#[test]
fn query_options_fields_become_query_pairs() {
    let none = ListQuery::new();
    assert!(pairs_of("search", &none.search).is_empty());
    assert!(pairs_of("limit", &none.limit).is_empty());
    assert!(pairs_of("archived", &none.archived).is_empty());
    assert!(pairs_of("currency", &none.currency).is_empty());
    assert!(pairs_of("customer", &none.customer).is_empty());
    assert!(pairs_of("status", &none.statuses).is_empty());
    assert!(pairs_of("id", &none.ids).is_empty());

    let q = ListQuery::new()
        .search("a b&c")
        .limit(0u32)
        .archived(true)
        .currency(Currency::Gbp)
        .customer(CustomerId::from("cus_1"))
        .statuses(vec![Currency::Eur, Currency::from("XTS")])
        .ids(Vec::<String>::new());
    assert_eq!(
        pairs_of("search", &q.search),
        owned_pairs(&[("search", "a b&c")])
    );
    assert_eq!(pairs_of("limit", &q.limit), owned_pairs(&[("limit", "0")]));
    assert_eq!(
        pairs_of("archived", &q.archived),
        owned_pairs(&[("archived", "true")])
    );
    assert_eq!(
        pairs_of("currency", &q.currency),
        owned_pairs(&[("currency", "GBP")])
    );
    assert_eq!(
        pairs_of("customer", &q.customer),
        owned_pairs(&[("customer", "cus_1")])
    );
    assert_eq!(
        pairs_of("status", &q.statuses),
        owned_pairs(&[("status", "EUR"), ("status", "XTS")])
    );
    // An empty array: no pair at all.
    assert!(pairs_of("id", &q.ids).is_empty());
    // The slice inside, too.
    let statuses: &[Currency] = q.statuses.as_deref().expect("set");
    assert_eq!(pairs_of("s", statuses).len(), 2);
}

static LIST_LINES: Operation = Operation {
    id: "listLines",
    method: Method::Get,
    path: "/lines",
    security: &[],
};

static GET_INVOICE: Operation = Operation {
    id: "getInvoice",
    method: Method::Get,
    path: "/invoices/{id}",
    security: &[],
};

fn client_for(server: &wiremock::MockServer) -> Client {
    Client::builder()
        .base_url(server.uri())
        .max_retries(0)
        .build()
        .expect("a client")
}

#[tokio::test]
async fn query_options_fields_go_into_a_request_s_query() {
    use wiremock::matchers::{method, path};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/lines"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"amount": 3, "x": 1})))
        .mount(&server)
        .await;

    let q = ListQuery::new()
        .search("a b&c")
        .limit(10u32)
        .currency("XTS")
        .statuses(vec![Currency::Eur, Currency::from("XTS")])
        .ids(["a", "b"].map(String::from));
    let request = Request::new(&LIST_LINES)
        .query("search", &q.search)
        .query("limit", &q.limit)
        .query("archived", &q.archived)
        .query("currency", &q.currency)
        .query("customer", &q.customer)
        .query("status", &q.statuses)
        .query_joined("ids", &q.ids)
        .query_joined("none", &q.customer)
        .query_joined("empty", &Some(Vec::<String>::new()));
    let line: Line = client_for(&server)
        .send_json::<Line, Error>(request)
        .await
        .expect("a line");
    assert_eq!(line.amount, 3);
    assert_eq!(line.extra["x"], json!(1));

    let received = server.received_requests().await.expect("recorded");
    assert_eq!(received.len(), 1);
    let pairs: Vec<(String, String)> = received[0]
        .url
        .query_pairs()
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    assert_eq!(
        pairs,
        owned_pairs(&[
            ("search", "a b&c"),
            ("limit", "10"),
            ("currency", "XTS"),
            ("status", "EUR"),
            ("status", "XTS"),
            ("ids", "a,b"),
        ])
    );
}

#[tokio::test]
async fn a_client_decode_error_names_the_model_s_path() {
    use wiremock::matchers::{method, path};
    use wiremock::{Mock, MockServer, ResponseTemplate};

    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/invoices/inv_1"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"items": [{"amount": 1}, {"amount": "x"}]})),
        )
        .mount(&server)
        .await;

    let id = CustomerId::from("inv_1");
    let request = Request::new(&GET_INVOICE).path_param("id", &id);
    match client_for(&server)
        .send_json::<Invoice, Error>(request)
        .await
    {
        Err(Error::Decode(e)) => {
            assert_eq!(e.path, "items[1].amount");
            assert_contains(&e.message, "expected u32");
        }
        other => panic!("expected a decode error, got {other:?}"),
    }
}

// ---------------------------------------------------------------------------------------------
// ClientError: a generated client's own Error and ApiError
// ---------------------------------------------------------------------------------------------

mod client_error {
    use super::*;
    use meteroid_runtime::ErrorBody;
    use std::time::Duration;

    #[derive(Debug, Clone, PartialEq, serde::Deserialize)]
    pub struct Problem {
        code: String,
        message: String,
    }

    impl ErrorBody for Problem {
        type Code = str;

        fn code(&self) -> Option<&str> {
            Some(&self.code)
        }

        fn message(&self) -> Option<&str> {
            Some(&self.message)
        }
    }

    /// As the generator writes it.
    #[derive(Debug, rt::ClientError)]
    #[client_error(body = Problem)]
    #[non_exhaustive]
    pub enum Error {
        Api(Box<ApiError>),
        Decode(Box<rt::DecodeError>),
        Timeout(rt::TransportError),
        Connection(rt::TransportError),
        InvalidRequest(String),
        Config(String),
        MissingCredentials {
            operation: &'static str,
            required: &'static [rt::SecurityRequirement],
        },
        TooLarge {
            status: u16,
            limit: usize,
        },
    }

    #[derive(rt::ClientError)]
    pub struct ApiError(rt::ApiError<Problem>);

    #[derive(Clone, Debug, rt::ApiClient)]
    #[client(error = Error)]
    pub struct Client(rt::Client);

    const GET_THING: rt::Operation = rt::Operation {
        id: "get_thing",
        method: rt::Method::Get,
        path: "/things/1",
        security: &[],
    };

    async fn failing(status: u16, body: &str) -> Error {
        use wiremock::matchers::path;
        use wiremock::{Mock, MockServer, ResponseTemplate};
        let server = MockServer::start().await;
        Mock::given(path("/things/1"))
            .respond_with(
                ResponseTemplate::new(status)
                    .insert_header("traceparent", "00-1-2-01")
                    .insert_header("retry-after", "3")
                    .set_body_raw(body.to_string(), "application/json"),
            )
            .mount(&server)
            .await;
        let client = Client::builder()
            .base_url(server.uri())
            .max_retries(0)
            .build()
            .unwrap_or_else(|e| panic!("client: {e}"));
        match client
            .0
            .send_json::<Value, Error>(rt::Request::new(&GET_THING))
            .await
        {
            Ok(value) => panic!("expected an error, got {value}"),
            Err(error) => error,
        }
    }

    #[tokio::test]
    async fn an_error_status_is_the_client_s_own_api_variant_with_the_runtime_s_behaviour() {
        let error = failing(409, r#"{"code":"CONFLICT","message":"taken"}"#).await;
        assert_eq!(error.to_string(), "API error 409 (CONFLICT): taken");
        assert_eq!(error.status(), Some(409));
        assert_eq!(error.traceparent(), Some("00-1-2-01"));
        assert_eq!(error.retry_after(), Some(Duration::from_secs(3)));
        assert!(std::error::Error::source(&error).is_none());
        let Error::Api(api) = error else {
            panic!("expected Error::Api");
        };
        // The runtime's fields and methods, through `Deref`.
        assert_eq!(api.status, 409);
        assert_eq!(api.code(), Some("CONFLICT"));
        assert_eq!(api.message(), Some("taken"));
        assert_eq!(api.text(), r#"{"code":"CONFLICT","message":"taken"}"#);
        assert_eq!(
            api.error.as_ref().map(|p| p.code.as_str()),
            Some("CONFLICT")
        );
        // `Debug` is the runtime's: the body as text.
        assert_contains(&format!("{api:?}"), r#"body: "{\"code\":\"CONFLICT\""#);
        let inner: rt::ApiError<Problem> = api.into_inner();
        assert_eq!(inner.status, 409);
    }

    #[tokio::test]
    async fn a_body_that_is_not_the_error_schema_keeps_its_text() {
        let error = failing(502, "<html>bad gateway</html>").await;
        assert_eq!(error.to_string(), "API error 502: <html>bad gateway</html>");
        match &error {
            Error::Api(api) => assert!(api.error.is_none() && api.code().is_none()),
            other => panic!("expected Error::Api, got {other:?}"),
        }
    }

    /// An operation's requirements: a bearer token.
    const BEARER: &[rt::SecurityRequirement] = &[&[rt::SecurityScheme::bearer("bearer")]];

    #[test]
    fn every_runtime_variant_converts_to_its_namesake_with_the_same_text() {
        let runtime: Vec<rt::Error<Problem>> = vec![
            rt::Error::InvalidRequest("empty path parameter".into()),
            rt::Error::Config("no base_url".into()),
            rt::Error::TooLarge {
                status: 200,
                limit: 10,
            },
            rt::Error::MissingCredentials {
                operation: "get_thing",
                required: BEARER,
            },
        ];
        for error in runtime {
            let text = error.to_string();
            let status = error.status();
            let converted = Error::from(error);
            assert_eq!(converted.to_string(), text);
            assert_eq!(converted.status(), status);
        }
        assert!(matches!(
            Error::from(rt::Error::<Problem>::TooLarge {
                status: 200,
                limit: 10
            }),
            Error::TooLarge {
                status: 200,
                limit: 10
            }
        ));
        assert!(matches!(
            Error::from(rt::Error::<Problem>::Config("x".into())),
            Error::Config(why) if why == "x"
        ));
        assert!(matches!(
            Error::from(rt::Error::<Problem>::MissingCredentials {
                operation: "get_thing",
                required: &[],
            }),
            Error::MissingCredentials {
                operation: "get_thing",
                required: [],
            }
        ));
    }

    #[test]
    fn a_bad_builder_setting_is_the_client_s_own_config_error() {
        match Client::builder().base_url("not a url").build() {
            Err(Error::Config(why)) => assert_contains(&why, "not an absolute URL"),
            other => panic!("expected Error::Config, got {other:?}"),
        }
    }
}

// ---------------------------------------------------------------------------------------------
// Samples (feature `samples`)
// ---------------------------------------------------------------------------------------------

#[cfg(feature = "samples")]
mod samples {
    use super::*;
    use meteroid_runtime::samples::Sample;

    #[test]
    fn a_model_sample_fills_the_required_fields_only() {
        assert_eq!(Presences::sample(), Presences::new("sample", None));
        assert_eq!(
            encode(&Presences::sample()),
            r#"{"req":"sample","req_null":null}"#
        );
        assert_eq!(Line::sample(), Line::new(1u32));
        assert_eq!(AllOptional::sample(), AllOptional::new());
        assert_eq!(Empty::sample(), Empty::new());
        assert!(EmptyRenamed::sample().rest.is_empty());

        let s = Subscription::sample();
        assert_eq!(s.id, CustomerId::from("cus_7n42"));
        assert_eq!(s.plan, Box::new(Line::sample()));
        assert_eq!(s.ended_at, None);
        assert_eq!(s.items, [Line::sample()]);
        assert_eq!((&s.note, s.trial_days), (&None, None));
        assert!(s.extra.is_empty());

        let c = Collections::sample();
        assert_eq!(c.list, ["sample"]);
        assert!(c.dict.is_empty());
        assert_eq!(c.nested, [vec![1]]);

        let n = Node::sample();
        assert_eq!((n.name.as_str(), &n.child), ("sample", &None));
    }

    #[test]
    fn model_samples_round_trip() {
        fn round_trip<T: Sample + Serialize + DeserializeOwned + PartialEq + Debug>() {
            let sample = T::sample();
            assert_eq!(decode::<T>(&encode(&sample)), sample);
        }
        round_trip::<Presences>();
        round_trip::<Collections>();
        round_trip::<RequiredKinds>();
        round_trip::<Renamed>();
        round_trip::<Locals>();
        round_trip::<ExtraRenamed>();
        round_trip::<Subscription>();
        round_trip::<Invoice>();
        round_trip::<Price>();
        round_trip::<Wrapper>();
        round_trip::<Currency>();
        round_trip::<CustomerId>();

        let kinds = RequiredKinds::sample();
        assert_eq!(kinds.currency, Currency::Eur);
        assert_eq!(kinds.price, Price::Fixed(Box::new(Fixed::sample())));
        assert_eq!(kinds.when.as_str(), "2024-01-31T12:00:00Z");
        assert_eq!(kinds.any, json!({}));
    }

    #[test]
    fn an_open_enum_sample_is_its_first_listed_value() {
        assert_eq!(Currency::sample(), Currency::Eur);
        assert_eq!(Outcome::sample(), Outcome::Known);
        let nothing = Nothing::sample();
        assert!(!nothing.is_known());
        assert_eq!(nothing.as_str(), "sample");
    }

    #[test]
    fn a_string_newtype_sample_is_its_example() {
        assert_eq!(CustomerId::sample().as_str(), "cus_7n42");
        assert_eq!(Country::sample().as_str(), "sample");
    }

    #[test]
    fn a_tagged_union_sample_is_its_first_variant() {
        let price = Price::sample();
        assert_eq!(price, Price::Fixed(Box::new(Fixed::sample())));
        assert_eq!(to_value(&price), json!({"type": "FIXED", "amount": 1}));
        assert_eq!(
            to_value(&Wrapper::sample()),
            json!({"kind": "PRICE", "type": "FIXED", "amount": 1})
        );
        assert_eq!(Shape::sample(), Shape::Text(Box::new("sample".into())));
        assert_eq!(NoVariants::sample(), NoVariants::Unknown(Value::Null));
    }

    #[test]
    #[ignore = "bug: the sample of a model with a required array of itself (`children: required Vec<Tree>`) recurses forever (Vec's sample has one element) and overflows the stack, aborting the test process"]
    fn a_recursive_required_array_sample_terminates() {
        let tree = Tree::sample();
        assert!(tree.children.iter().all(|c| c.children.is_empty()));
    }

    mod api {
        use super::*;
        use std::sync::Mutex;

        #[derive(Debug, PartialEq)]
        pub struct Error(pub &'static str);

        #[derive(Default)]
        pub struct Client {
            pub seen: Mutex<Vec<String>>,
        }

        impl Client {
            pub async fn get_line(
                &self,
                id: &CustomerId,
                query: &ListQuery,
            ) -> Result<Line, Error> {
                self.seen
                    .lock()
                    .expect("not poisoned")
                    .push(format!("get_line {id} {:?}", query.limit));
                Ok(Line::new(1u32))
            }

            pub async fn create_price(&self, price: &Price) -> Result<(), Error> {
                self.seen
                    .lock()
                    .expect("not poisoned")
                    .push(format!("create_price {}", price.tag()));
                Err(Error("refused"))
            }

            pub async fn ping(&self) -> Result<u32, Error> {
                self.seen.lock().expect("not poisoned").push("ping".into());
                Ok(7)
            }

            pub async fn upload(
                &self,
                name: &str,
                countries: &[Country],
                count: u32,
                raw: &[u8],
            ) -> Result<(), Error> {
                self.seen.lock().expect("not poisoned").push(format!(
                    "upload {name} {countries:?} {count} {:?}",
                    std::str::from_utf8(raw)
                ));
                Ok(())
            }
        }

        meteroid_runtime::contract_calls! {
            get_line(ref, query),
            create_price(ref),
            ping(),
            upload(str, slice, value, bytes),
        }

        /// The same operations again, with the samples a schema would require.
        pub mod constrained {
            pub use super::{Client, Error};

            meteroid_runtime::contract_calls! {
                get_line(ref = r#""cus_aaaa""#, query),
                upload(str = "org_1", slice = r#"["FR","DE"]"#, value = "3600", bytes),
            }
        }
    }

    #[tokio::test]
    async fn contract_calls_pass_the_samples_the_schema_requires() {
        let client = api::Client::default();
        let results = api::constrained::contract_samples::call_all(&client).await;
        assert_eq!(results, [("get_line", Ok(())), ("upload", Ok(()))]);
        assert_eq!(
            *client.seen.lock().expect("not poisoned"),
            [
                "get_line cus_aaaa None",
                r#"upload org_1 [Country("FR"), Country("DE")] 3600 Ok("sample")"#,
            ]
        );
    }

    /// Required fields whose schemas rule out their types' defaults.
    #[derive(Debug, Clone, PartialEq, rt::Model)]
    #[model(new(id, timeout, events, customer))]
    pub struct Constrained {
        #[model(sample = r#""org_aaaa""#)]
        pub id: String,
        #[model(sample = "3600")]
        pub timeout: u32,
        #[model(sample = r#"["a.created","b.created"]"#)]
        pub events: Vec<String>,
        #[model(sample = r#""cus_bbbb""#)]
        pub customer: CustomerId,
        pub label: Option<String>,
        #[model(extra)]
        pub extra: rt::Extra,
    }

    #[test]
    fn a_sample_attribute_replaces_the_type_s_sample() {
        let sample = Constrained::sample();
        assert_eq!(
            sample,
            Constrained::new(
                "org_aaaa",
                3600u32,
                vec!["a.created".to_string(), "b.created".to_string()],
                CustomerId::from("cus_bbbb")
            )
        );
        assert_eq!(
            encode(&sample),
            r#"{"id":"org_aaaa","timeout":3600,"events":["a.created","b.created"],"customer":"cus_bbbb"}"#
        );
    }

    #[tokio::test]
    async fn contract_calls_calls_every_operation_once() {
        let client = api::Client::default();
        let results = api::contract_samples::call_all(&client).await;
        let summary: Vec<(&str, Result<(), api::Error>)> = results;
        assert_eq!(
            summary,
            [
                ("get_line", Ok(())),
                ("create_price", Err(api::Error("refused"))),
                ("ping", Ok(())),
                ("upload", Ok(())),
            ]
        );
        assert_eq!(
            *client.seen.lock().expect("not poisoned"),
            [
                "get_line cus_7n42 None",
                "create_price FIXED",
                "ping",
                r#"upload sample [Country("sample")] 1 Ok("sample")"#,
            ]
        );
    }
}

/// Types named like the generic parameters and helper items of the expansions (`A`, `S`, `D`,
/// `Visitor`) and like the standard items they name (`Option`, `Result`, `Box`) compile and
/// work: the derives' own names cannot be shadowed by the spec's.
mod names_like_the_expansion_s_own {
    use meteroid_runtime as rt;

    #[derive(Debug, Clone, PartialEq, rt::Model)]
    #[model(new(s))]
    pub struct A {
        pub s: S,
        pub d: Option<D>,
        #[model(extra)]
        pub extra: rt::Extra,
    }

    #[derive(Debug, Clone, PartialEq, Default, rt::Model)]
    #[model(new)]
    pub struct Visitor {
        pub a: Option<Box<A>>,
        #[model(extra)]
        pub extra: rt::Extra,
    }

    #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, rt::OpenEnum)]
    pub enum S {
        #[model(rename = "x")]
        X,
        #[model(other)]
        Unknown(rt::UnknownValue),
    }

    #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, rt::StringNewtype)]
    pub struct D(String);

    /// Models named like the standard items an expansion names absolutely.
    mod standard_names {
        use meteroid_runtime as rt;

        #[derive(Debug, Clone, PartialEq, rt::Model)]
        #[model(new(ok))]
        pub struct Result {
            pub ok: bool,
            #[model(extra)]
            pub extra: rt::Extra,
        }

        #[derive(Debug, Clone, PartialEq, Default, rt::Model)]
        #[model(new)]
        pub struct Option {
            pub result: ::core::option::Option<Result>,
            #[model(extra)]
            pub extra: rt::Extra,
        }

        #[derive(Debug, Clone, PartialEq, rt::Model)]
        #[model(new(option))]
        pub struct Box {
            pub option: Option,
            #[model(extra)]
            pub extra: rt::Extra,
        }

        #[derive(Debug, Clone, PartialEq, rt::TaggedUnion)]
        #[model(tag = "t")]
        pub enum Union {
            #[model(rename = "BOX")]
            Box(std::boxed::Box<Box>),
            #[model(other)]
            Other(rt::serde_json::Value),
        }

        #[test]
        fn they_round_trip() {
            let text = r#"{"t":"BOX","option":{"result":{"ok":true}}}"#;
            let union: Union = serde_json::from_str(text).unwrap();
            let expected = Union::Box(std::boxed::Box::new(Box::new(
                Option::new().result(Result::new(true)),
            )));
            assert_eq!(union, expected);
            assert_eq!(
                serde_json::to_value(&union).unwrap(),
                serde_json::from_str::<serde_json::Value>(text).unwrap()
            );
        }
    }

    #[test]
    fn they_round_trip() {
        let text = r#"{"a":{"s":"x","d":"y"}}"#;
        let visitor: Visitor = serde_json::from_str(text).unwrap();
        let a = visitor.a.as_deref().unwrap();
        assert_eq!((&a.s, a.d.as_ref().map(D::as_str)), (&S::X, Some("y")));
        assert_eq!(serde_json::to_string(&visitor).unwrap(), text);
        assert_eq!(A::new(S::X).s, S::X);
    }
}

/// `additionalProperties: {type: integer}` beside a named property.
#[derive(Debug, Clone, PartialEq, rt::Model)]
#[model(new(total))]
pub struct Counts {
    pub total: u32,
    #[model(extra)]
    pub counts: rt::Extra<u32>,
}

#[test]
fn typed_additional_properties_decode_as_their_type_and_keep_their_order() {
    let c: Counts = decode(r#"{"b":2,"total":3,"a":1}"#);
    assert_eq!(c.total, 3);
    let keys: Vec<(&str, u32)> = c.counts.iter().map(|(k, v)| (k.as_str(), *v)).collect();
    assert_eq!(keys, [("b", 2), ("a", 1)]);
    assert_eq!(encode(&c), r#"{"total":3,"b":2,"a":1}"#);
    // A value of another type is a decode error naming its key, as for any field.
    let e = serde_json::from_str::<Counts>(r#"{"total":3,"a":"x"}"#).unwrap_err();
    assert!(e.to_string().contains("invalid type"), "{e}");
    let mut built = Counts::new(1u32);
    built.counts.insert("z", 9);
    assert_eq!(encode(&built), r#"{"total":1,"z":9}"#);
}

/// Requires three properties.
#[derive(Debug, Clone, PartialEq, rt::Model)]
#[model(new(iban, bic, holder))]
pub struct BankAccount {
    pub iban: String,
    pub bic: String,
    pub holder: String,
    #[model(extra)]
    pub extra: rt::Extra,
}

/// Requires one; a bank account's object has it too.
#[derive(Debug, Clone, PartialEq, rt::Model)]
#[model(new(holder))]
pub struct Card {
    pub holder: String,
    pub number: Option<String>,
    #[model(extra)]
    pub extra: rt::Extra,
}

/// Most specific first, as the generator lists them.
#[derive(Debug, Clone, PartialEq, rt::UntaggedUnion)]
#[non_exhaustive]
pub enum Source {
    BankAccount(BankAccount),
    Card(Card),
    #[model(other)]
    Unknown(Value),
}

/// A union of scalars is a query value.
#[derive(Debug, Clone, PartialEq, rt::UntaggedUnion)]
#[non_exhaustive]
#[model(param)]
pub enum Status {
    Integer(u16),
    String(String),
    #[model(other)]
    Unknown(Value),
}

#[test]
fn untagged_unions_try_variants_in_order_and_keep_what_none_accepts() {
    let bank: Source = decode(r#"{"iban":"FR76","bic":"B","holder":"Ada"}"#);
    assert!(matches!(&bank, Source::BankAccount(b) if b.holder == "Ada"));
    // Missing a bank account's required properties: the next variant.
    let card: Source = decode(r#"{"holder":"Ada","number":"4242"}"#);
    assert!(matches!(&card, Source::Card(c) if c.number.as_deref() == Some("4242")));
    // No variant accepts it: kept as it came, and written back the same.
    let other: Source = decode(r#"{"wallet":"w-1"}"#);
    assert_eq!(other, Source::Unknown(json!({"wallet": "w-1"})));
    assert_eq!(encode(&other), r#"{"wallet":"w-1"}"#);
    // Each variant writes its own value, nothing added.
    assert_eq!(to_value(&card), json!({"holder": "Ada", "number": "4242"}));
    assert_eq!(Source::from(Card::new("Bo")), Source::Card(Card::new("Bo")));

    let statuses: Vec<Status> = decode(r#"[404, "failed", true]"#);
    assert_eq!(
        pairs_of("s", &statuses),
        owned_pairs(&[("s", "404"), ("s", "failed"), ("s", "true")])
    );
}
