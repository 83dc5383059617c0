//! Contract-test samples that a schema's constraints require.
//!
//! The runtime's `Sample` trait gives every type a default sample (`"sample"` for a string,
//! `1` for a number, one item for an array, the first value of an enum, a newtype's example);
//! a required property or an argument whose schema rules its default out (a `pattern`, a
//! length, a `format` such as `uri`, bounds, `minItems`, ..) gets a sample made here instead,
//! as JSON, which the generated code carries and the runtime decodes into the value's type.
//! The defaults are mirrored here ([`STRING_DEFAULT`], [`NUMBER_DEFAULT`]) so that a sample is
//! written only where the default fails: most fields keep none.
//!
//! A constraint this module cannot meet (a pattern beyond [`pattern`], bounds that leave no
//! number, two distinct items of a pattern without choice, more than one object) is an
//! [`Unsatisfied`] reason, which the generator counts; the closest sample made stands (a
//! string of the right length and format for a pattern beyond the parser), else the default.

pub(crate) mod pattern;

use openapiv3::{
    ArrayType, IntegerType, NumberType, ReferenceOr, Schema, SchemaKind, StringType, Type,
};
use pattern::{MAX_SAMPLE_CHARS, Pattern};
use serde_json::Value;

/// `Sample for String` in the runtime.
pub(crate) const STRING_DEFAULT: &str = "sample";
/// `Sample` for every integer and float type in the runtime.
pub(crate) const NUMBER_DEFAULT: i64 = 1;

/// A sample holds at most this many array items in all, nested arrays' included: `minItems`
/// is a number of any size (one of `1e15` would fill the memory), and nested arrays multiply
/// their counts.
const MAX_SAMPLE_ITEMS: usize = 256;

/// Why no valid sample could be made, one phrase.
pub(crate) type Unsatisfied = String;

/// A string in each `format` that JSON Schema validators check (ajv-formats' list) and that
/// has no runtime type: a value of that format, and whether the default passes it.
const FORMATS: &[(&str, &str)] = &[
    ("email", "user@example.com"),
    ("idn-email", "user@example.com"),
    ("uri", "https://example.com/sample"),
    ("url", "https://example.com/sample"),
    ("iri", "https://example.com/sample"),
    ("uri-reference", "https://example.com/sample"),
    ("iri-reference", "https://example.com/sample"),
    ("uri-template", "https://example.com/{sample}"),
    ("hostname", "example.com"),
    ("idn-hostname", "example.com"),
    ("ipv4", "192.0.2.1"),
    ("ipv6", "2001:db8::1"),
    ("time", "12:00:00Z"),
    ("iso-time", "12:00:00Z"),
    ("duration", "P1D"),
    ("byte", "c2FtcGxl"),
    ("json-pointer", "/sample"),
    ("relative-json-pointer", "0"),
    ("regex", "sample"),
];

/// How a schema's value is sampled.
enum Shape<'s> {
    /// A string the runtime samples as `default`.
    Text {
        string: &'s StringType,
        default: String,
    },
    /// An enum: its values; the runtime's default is `default` (a string enum's first value,
    /// as the open enum samples it; a number enum's type is the plain number, sampled 1).
    Enum {
        values: Vec<Value>,
        default: Value,
    },
    Integer(&'s IntegerType),
    Number(&'s NumberType),
    Bool,
    Array(&'s ArrayType),
    /// Anything else (objects, unions, strings of a runtime type): only its default sample,
    /// which has no JSON form here.
    Opaque,
}

/// Looks a component schema up by its `$ref`.
pub(crate) type Lookup<'a, 's> = &'a dyn Fn(&str) -> Option<&'s ReferenceOr<Schema>>;

/// A sample and what it could not meet.
#[derive(Debug, Default, PartialEq)]
pub(crate) struct Made {
    /// The sample as JSON, `None` when the runtime's default sample of the type is the one.
    pub value: Option<Value>,
    /// Constraints no sample here meets (the sample is then the closest one made, or the
    /// default).
    pub unsatisfied: Vec<Unsatisfied>,
}

/// The sample a required property or an argument of `schema` needs.
pub(crate) fn required_sample<'s>(schema: &'s ReferenceOr<Schema>, lookup: Lookup<'_, 's>) -> Made {
    let sampler = Sampler {
        lookup,
        unsatisfied: Vec::new(),
        items_left: MAX_SAMPLE_ITEMS,
        too_many_items: false,
    };
    let shape = sampler.shape(schema, 0);
    sampler.required(shape)
}

/// [`required_sample`] of a property or an item schema.
pub(crate) fn required_sample_boxed<'s>(
    schema: &'s ReferenceOr<Box<Schema>>,
    lookup: Lookup<'_, 's>,
) -> Made {
    let sampler = Sampler {
        lookup,
        unsatisfied: Vec::new(),
        items_left: MAX_SAMPLE_ITEMS,
        too_many_items: false,
    };
    let shape = sampler.boxed_shape(schema, 0);
    sampler.required(shape)
}

impl<'s> Sampler<'_, 's> {
    fn required(mut self, shape: Shape<'s>) -> Made {
        let value = if self.default_fits(&shape) {
            None
        } else {
            self.value(&shape, 0)
                .filter(|value| Some(value) != default_value(&shape).as_ref())
        };
        Made {
            value,
            unsatisfied: self.unsatisfied,
        }
    }
}

struct Sampler<'a, 's> {
    lookup: Lookup<'a, 's>,
    unsatisfied: Vec<Unsatisfied>,
    /// How many more array items the sample may hold ([`MAX_SAMPLE_ITEMS`]).
    items_left: usize,
    /// An array asked for more ([`Sampler::array`] says so once).
    too_many_items: bool,
}

impl<'s> Sampler<'_, 's> {
    /// `schema`'s shape, through `$ref`s and one-branch `allOf`s (a `$ref` with a description).
    fn shape(&self, schema: &'s ReferenceOr<Schema>, depth: usize) -> Shape<'s> {
        match schema {
            ReferenceOr::Reference { reference } => self.referenced(reference, depth),
            ReferenceOr::Item(schema) => self.inline(schema, depth),
        }
    }

    fn boxed_shape(&self, schema: &'s ReferenceOr<Box<Schema>>, depth: usize) -> Shape<'s> {
        match schema {
            ReferenceOr::Reference { reference } => self.referenced(reference, depth),
            ReferenceOr::Item(schema) => self.inline(schema, depth),
        }
    }

    fn referenced(&self, reference: &str, depth: usize) -> Shape<'s> {
        // A loop of references is refused elsewhere; here it only needs to end.
        let Some(target) = (self.lookup)(reference).filter(|_| depth < 32) else {
            return Shape::Opaque;
        };
        match (self.shape(target, depth + 1), target) {
            // A named string of a domain format is a newtype: its example is its sample.
            (
                Shape::Text { string, .. },
                ReferenceOr::Item(
                    schema @ Schema {
                        schema_kind: SchemaKind::Type(Type::String(named)),
                        ..
                    },
                ),
            ) if super::schemas::newtype_format(named).is_some() => Shape::Text {
                string,
                default: super::schemas::examples_of(&schema.schema_data)
                    .into_iter()
                    .next()
                    .unwrap_or_else(|| STRING_DEFAULT.to_string()),
            },
            (shape, _) => shape,
        }
    }

    fn inline(&self, schema: &'s Schema, depth: usize) -> Shape<'s> {
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) if !string.enumeration.is_empty() => {
                let values: Vec<Value> = string
                    .enumeration
                    .iter()
                    .flatten()
                    .map(|v| Value::String(v.clone()))
                    .collect();
                match values.first() {
                    Some(first) => Shape::Enum {
                        default: first.clone(),
                        values,
                    },
                    None => Shape::Opaque,
                }
            }
            SchemaKind::Type(Type::String(string))
                if super::schemas::format_type(string).is_none() =>
            {
                Shape::Text {
                    string,
                    default: STRING_DEFAULT.to_string(),
                }
            }
            SchemaKind::Type(Type::Integer(integer)) if !integer.enumeration.is_empty() => {
                Shape::Enum {
                    values: integer
                        .enumeration
                        .iter()
                        .flatten()
                        .map(|v| Value::from(*v))
                        .collect(),
                    default: Value::from(NUMBER_DEFAULT),
                }
            }
            SchemaKind::Type(Type::Integer(integer)) => Shape::Integer(integer),
            SchemaKind::Type(Type::Number(number)) if !number.enumeration.is_empty() => {
                Shape::Enum {
                    values: number
                        .enumeration
                        .iter()
                        .flatten()
                        .map(|v| whole(*v))
                        .collect(),
                    default: Value::from(NUMBER_DEFAULT),
                }
            }
            SchemaKind::Type(Type::Number(number)) => Shape::Number(number),
            SchemaKind::Type(Type::Boolean(_)) => Shape::Bool,
            SchemaKind::Type(Type::Array(array))
                if !schema
                    .schema_data
                    .extensions
                    .contains_key(crate::normalize::TUPLE) =>
            {
                Shape::Array(array)
            }
            SchemaKind::AllOf { all_of } => match super::schemas::substantive(all_of).as_slice() {
                [(_, single)] => self.shape(single, depth + 1),
                _ => Shape::Opaque,
            },
            _ => Shape::Opaque,
        }
    }

    /// Whether the runtime's default sample of this shape is valid.
    fn default_fits(&self, shape: &Shape<'s>) -> bool {
        match shape {
            Shape::Text { string, default } => text_fits(string, default),
            Shape::Enum { values, default } => values.contains(default),
            Shape::Bool | Shape::Opaque => true,
            Shape::Integer(integer) => integer_fits(integer, NUMBER_DEFAULT),
            Shape::Number(number) => number_fits(number, NUMBER_DEFAULT as f64),
            Shape::Array(array) => {
                let item_fits = match &array.items {
                    Some(item) => self.default_fits(&self.boxed_shape(item, 1)),
                    None => true,
                };
                item_count(array) == 1 && item_fits
            }
        }
    }

    /// The `variant`-th sample of this shape as JSON (variants differ where the schema allows,
    /// for `uniqueItems`); `None` for a shape without a JSON sample. What it cannot meet is
    /// recorded, and the closest value made stands.
    fn value(&mut self, shape: &Shape<'s>, variant: usize) -> Option<Value> {
        let made = match shape {
            Shape::Text { string, default } => json(text(string, default, variant)),
            Shape::Enum { values, .. } => values.get(variant).cloned().ok_or_else(|| {
                let why = format!(
                    "{} distinct values of an enum of {}",
                    variant + 1,
                    values.len()
                );
                (why, None)
            }),
            Shape::Bool => match variant {
                0 => Ok(Value::Bool(true)),
                1 => Ok(Value::Bool(false)),
                _ => Err((format!("{} distinct booleans", variant + 1), None)),
            },
            Shape::Integer(integer) => json(integer_sample(integer, variant)),
            Shape::Number(number) => number_sample(number, variant)
                .map(whole)
                .map_err(|(why, closest)| (why, closest.map(whole))),
            Shape::Array(array) => return self.array(array),
            Shape::Opaque => return None,
        };
        match made {
            Ok(value) => Some(value),
            Err((why, closest)) => {
                self.unsatisfied.push(why);
                closest
            }
        }
    }

    fn array(&mut self, array: &'s ArrayType) -> Option<Value> {
        if array
            .min_items
            .is_some_and(|min| array.max_items.is_some_and(|max| max < min))
        {
            self.unsatisfied
                .push("`minItems` above `maxItems`".to_string());
        }
        let count = item_count(array);
        let Some(left) = self.items_left.checked_sub(count) else {
            // Said once, by the array that found the budget spent.
            if !self.too_many_items {
                self.too_many_items = true;
                self.unsatisfied.push(format!(
                    "{count} items, more than the {MAX_SAMPLE_ITEMS} a sample holds in all"
                ));
            }
            return None;
        };
        self.items_left = left;
        let shape = match &array.items {
            Some(item) => self.boxed_shape(item, 1),
            None => Shape::Opaque,
        };
        let mut items: Vec<Value> = Vec::new();
        for variant in 0..count {
            // The default item first, as the runtime's one-item sample has it.
            let item = if variant == 0 && self.default_fits(&shape) {
                default_value(&shape)
            } else {
                self.value(&shape, variant)
            };
            let Some(item) = item else {
                // An inner array too large has said so.
                if !self.too_many_items {
                    self.unsatisfied
                        .push(format!("{count} items of a type without a JSON sample"));
                }
                return None;
            };
            if array.unique_items && items.contains(&item) {
                self.unsatisfied.push(format!("{count} distinct items"));
            }
            items.push(item);
        }
        Some(Value::Array(items))
    }
}

/// How many items an array sample has: one, unless the bounds say otherwise.
fn item_count(array: &ArrayType) -> usize {
    let count = array.min_items.unwrap_or(0).max(1);
    array.max_items.map_or(count, |max| count.min(max))
}

/// The runtime's default sample of a scalar shape as JSON, `None` for the others.
fn default_value(shape: &Shape<'_>) -> Option<Value> {
    match shape {
        Shape::Text { default, .. } => Some(Value::String(default.clone())),
        Shape::Enum { default, .. } => Some(default.clone()),
        Shape::Integer(_) | Shape::Number(_) => Some(Value::from(NUMBER_DEFAULT)),
        Shape::Bool => Some(Value::Bool(true)),
        Shape::Array(_) | Shape::Opaque => None,
    }
}

/// Why a sample fails, and the closest one made.
type Failed<T> = (Unsatisfied, Option<T>);

fn json<T: Into<Value>>(made: Result<T, Failed<T>>) -> Result<Value, Failed<Value>> {
    made.map(Into::into)
        .map_err(|(why, closest)| (why, closest.map(Into::into)))
}

/// A float sample as JSON: a whole number without a fraction, as the runtime's default is.
fn whole(x: f64) -> Value {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        Value::from(x as i64)
    } else {
        Value::from(x)
    }
}

/// Whether `text` meets the string's lengths, `pattern` and `format` (a pattern beyond the
/// parser counts as unmet).
fn text_fits(string: &StringType, text: &str) -> bool {
    let chars = text.chars().count();
    if string.min_length.is_some_and(|min| chars < min)
        || string.max_length.is_some_and(|max| chars > max)
    {
        return false;
    }
    match &string.pattern {
        Some(source) => Pattern::parse(source).is_ok_and(|p| p.is_match(text) == Some(true)),
        // Only the format's own sample (padded as `format_text` pads it) is known to be one.
        None if format_sample(string).is_some() => {
            let base = format_text(string, 0).map_or(0, |t| t.chars().count());
            let pad = chars.saturating_sub(base);
            format_text(string, pad).as_deref() == Some(text)
        }
        None => true,
    }
}

/// A `format` of [`FORMATS`], with its sample.
fn format_sample(string: &StringType) -> Option<(&'static str, &'static str)> {
    let format = super::schemas::format_text(string);
    FORMATS.iter().find(|(f, _)| *f == format).copied()
}

/// The format's sample made `pad` characters longer where the format allows it (a URI's path,
/// an email's local part), `None` where it does not.
fn format_text(string: &StringType, pad: usize) -> Option<String> {
    let (format, sample) = format_sample(string)?;
    let padding = "a".repeat(pad);
    match format {
        _ if pad == 0 => Some(sample.to_string()),
        "uri" | "url" | "iri" | "uri-reference" | "iri-reference" | "json-pointer" => {
            Some(format!("{sample}{padding}"))
        }
        "email" | "idn-email" => Some(format!("user{padding}@example.com")),
        _ => None,
    }
}

/// The default, repeated up to `min` characters, cut at `max`, numbered per variant.
fn sized_default(default: &str, min: usize, max: usize, variant: usize) -> String {
    let mut text = default.to_string();
    if variant > 0 {
        text.push_str(&(variant + 1).to_string());
    }
    let seed: Vec<char> = if text.is_empty() {
        vec!['a']
    } else {
        text.chars().collect()
    };
    let mut chars: Vec<char> = text.chars().collect();
    while chars.len() < min {
        chars.push(seed[chars.len() % seed.len()]);
    }
    chars.truncate(max);
    chars.into_iter().collect()
}

/// The `variant`-th sample of a string: from its `pattern` when it has one, else its `format`,
/// else the default, sized to its lengths. Failing that, the reason, and the text that meets
/// all but the pattern.
fn text(string: &StringType, default: &str, variant: usize) -> Result<String, Failed<String>> {
    let min = string.min_length.unwrap_or(0);
    let max = string.max_length.unwrap_or(usize::MAX);
    if variant == 0 && text_fits(string, default) {
        return Ok(default.to_string());
    }
    let unpatterned = || match format_sample(string) {
        Some(_) => {
            let base = format_text(string, 0).map_or(0, |t| t.chars().count());
            format_text(string, min.saturating_sub(base)).filter(|_| variant == 0)
        }
        None => Some(sized_default(default, min, max, variant)),
    };
    if min > max {
        return Err(("`minLength` above `maxLength`".to_string(), None));
    }
    if min > MAX_SAMPLE_CHARS {
        return Err((format!("a string of at least {min} characters"), None));
    }
    let made = match &string.pattern {
        Some(source) => match Pattern::parse(source) {
            Ok(parsed) => parsed.example(min, variant),
            Err(why) => {
                return Err((
                    format!(
                        "the pattern `{source}` has {why}, which the sample generator does not write"
                    ),
                    unpatterned(),
                ));
            }
        },
        None => unpatterned(),
    };
    match made {
        Some(text) if text_fits(string, &text) => Ok(text),
        _ => {
            let why = match (&string.pattern, variant) {
                (Some(source), 0) => format!("no match of `{source}` within the lengths"),
                (Some(source), n) => format!("{} distinct matches of `{source}`", n + 1),
                (None, 0) => "no string within the lengths and the format".to_string(),
                (None, n) => format!(
                    "{} distinct strings within the lengths and the format",
                    n + 1
                ),
            };
            Err((why, unpatterned()))
        }
    }
}

fn integer_fits(integer: &IntegerType, n: i64) -> bool {
    let above = integer.minimum.is_none_or(|min| {
        if integer.exclusive_minimum {
            n > min
        } else {
            n >= min
        }
    });
    let below = integer.maximum.is_none_or(|max| {
        if integer.exclusive_maximum {
            n < max
        } else {
            n <= max
        }
    });
    // `multipleOf` must be positive; another one is ignored (as the step is).
    let multiple = integer.multiple_of.is_none_or(|m| m <= 0 || n % m == 0);
    above && below && multiple
}

/// The `variant`-th multiple of `multipleOf` (1 without one) from the default or the minimum
/// up; from the maximum down when none above fits.
fn integer_sample(integer: &IntegerType, variant: usize) -> Result<i64, Failed<i64>> {
    let low = integer
        .minimum
        .map(|min| {
            if integer.exclusive_minimum {
                min.saturating_add(1)
            } else {
                min
            }
        })
        .map_or(NUMBER_DEFAULT, |min| min.max(NUMBER_DEFAULT));
    let step = integer.multiple_of.filter(|m| *m > 0).unwrap_or(1);
    let offset = i64::try_from(variant)
        .unwrap_or(i64::MAX)
        .saturating_mul(step);
    let up = low
        .div_euclid(step)
        .saturating_add(i64::from(low.rem_euclid(step) != 0))
        .saturating_mul(step)
        .saturating_add(offset);
    if integer_fits(integer, up) {
        return Ok(up);
    }
    if let Some(max) = integer.maximum {
        let high = if integer.exclusive_maximum {
            max.saturating_sub(1)
        } else {
            max
        };
        let down = high
            .div_euclid(step)
            .saturating_mul(step)
            .saturating_sub(offset);
        if integer_fits(integer, down) {
            return Ok(down);
        }
    }
    Err(("no integer within the bounds".to_string(), None))
}

fn number_fits(number: &NumberType, x: f64) -> bool {
    let above = number.minimum.is_none_or(|min| {
        if number.exclusive_minimum {
            x > min
        } else {
            x >= min
        }
    });
    let below = number.maximum.is_none_or(|max| {
        if number.exclusive_maximum {
            x < max
        } else {
            x <= max
        }
    });
    let multiple = number.multiple_of.is_none_or(|m| {
        let ratio = x / m;
        m <= 0.0 || (ratio - ratio.round()).abs() < 1e-9
    });
    above && below && multiple
}

/// Like [`integer_sample`], for a float; between the bounds when no step fits.
fn number_sample(number: &NumberType, variant: usize) -> Result<f64, Failed<f64>> {
    let step = number.multiple_of.filter(|m| *m > 0.0).unwrap_or(1.0);
    let default = NUMBER_DEFAULT as f64;
    let low = number.minimum.map_or(default, |min| min.max(default));
    let mut up = (low / step).ceil() * step + variant as f64 * step;
    if number.exclusive_minimum && number.minimum.is_some_and(|min| up <= min) {
        up += step;
    }
    // Bounds beyond f64 (`1e400`) leave no finite sample, which JSON could not write.
    if up.is_finite() && number_fits(number, up) {
        return Ok(up);
    }
    if let Some(max) = number.maximum {
        let mut down = (max / step).floor() * step - variant as f64 * step;
        if number.exclusive_maximum && down >= max {
            down -= step;
        }
        if down.is_finite() && number_fits(number, down) {
            return Ok(down);
        }
        if number.multiple_of.is_none() {
            let min = number.minimum.unwrap_or(max - 1.0);
            let between = min + (max - min) * (variant as f64 + 1.0) / (variant as f64 + 2.0);
            if between.is_finite() && number_fits(number, between) {
                return Ok(between);
            }
        }
    }
    Err(("no number within the bounds".to_string(), None))
}

#[cfg(test)]
mod tests {
    use super::{Made, required_sample};
    use openapiv3::{ReferenceOr, Schema};
    use serde_json::{Value, json};

    /// The sample of `schema` (JSON, as the normalizer leaves it), with `components` to
    /// refer to.
    fn made_with(schema: Value, components: Value) -> Made {
        let schema: ReferenceOr<Schema> = serde_json::from_value(schema).unwrap();
        let components: indexmap::IndexMap<String, ReferenceOr<Schema>> =
            serde_json::from_value(components).unwrap();
        let lookup =
            |reference: &str| components.get(reference.strip_prefix("#/components/schemas/")?);
        required_sample(&schema, &lookup)
    }

    fn made(schema: Value) -> Made {
        made_with(schema, json!({}))
    }

    /// The sample, which must meet every constraint.
    fn sample(schema: Value) -> Option<Value> {
        let made = made(schema.clone());
        assert_eq!(made.unsatisfied, Vec::<String>::new(), "{schema}");
        made.value
    }

    #[test]
    fn a_default_that_fits_needs_no_sample() {
        for schema in [
            json!({"type": "string"}),
            json!({"type": "string", "maxLength": 10, "pattern": "^[a-z]+$"}),
            json!({"type": "string", "format": "color"}),
            json!({"type": "string", "format": "date-time", "pattern": "^2"}),
            json!({"type": "string", "enum": ["b", "a"]}),
            json!({"type": "integer", "minimum": 0, "maximum": 100}),
            json!({"type": "number", "exclusiveMinimum": true, "minimum": 0}),
            json!({"type": "array", "items": {"type": "string"}, "minItems": 1}),
            json!({"type": "object", "properties": {"a": {"type": "string", "minLength": 9}}}),
        ] {
            assert_eq!(sample(schema.clone()), None, "{schema}");
        }
    }

    #[test]
    fn strings_follow_their_pattern_lengths_and_format() {
        let id = json!({"type": "string", "pattern": "^org_[A-Za-z0-9]{27}$", "minLength": 31, "maxLength": 31});
        assert_eq!(sample(id), Some(json!(format!("org_{}", "a".repeat(27)))));
        let decimal = json!({"type": "string", "pattern": "^[0-9]+.?[0-9]*$"});
        assert_eq!(sample(decimal), Some(json!("0")));
        let code = json!({"type": "string", "minLength": 10});
        assert_eq!(sample(code), Some(json!("samplesamp")));
        let short = json!({"type": "string", "maxLength": 3});
        assert_eq!(sample(short), Some(json!("sam")));
        let uri = json!({"type": "string", "format": "uri"});
        assert_eq!(sample(uri), Some(json!("https://example.com/sample")));
        let long_uri = json!({"type": "string", "format": "uri", "minLength": 30});
        assert_eq!(
            sample(long_uri),
            Some(json!("https://example.com/sampleaaaa"))
        );
        let email = json!({"type": "string", "format": "email"});
        assert_eq!(sample(email), Some(json!("user@example.com")));
        let address = json!({"type": "string", "format": "ipv4"});
        assert_eq!(sample(address), Some(json!("192.0.2.1")));
    }

    #[test]
    fn numbers_keep_their_bounds_and_steps() {
        let cases = [
            (json!({"type": "integer", "minimum": 3600}), json!(3600)),
            (json!({"type": "integer", "maximum": 0}), json!(0)),
            (
                json!({"type": "integer", "minimum": 1, "exclusiveMinimum": true}),
                json!(2),
            ),
            (
                json!({"type": "integer", "minimum": 5, "multipleOf": 10}),
                json!(10),
            ),
            (
                json!({"type": "integer", "maximum": -7, "multipleOf": 5}),
                json!(-10),
            ),
            (json!({"type": "integer", "enum": [5, 10]}), json!(5)),
            (json!({"type": "number", "maximum": 0.5}), json!(0)),
            (
                json!({"type": "number", "minimum": 0, "maximum": 1, "exclusiveMaximum": true}),
                json!(0),
            ),
            (
                json!({"type": "number", "minimum": 0.25, "maximum": 0.75}),
                json!(0.5),
            ),
            (
                json!({"type": "number", "multipleOf": 0.5, "minimum": 1.2}),
                json!(1.5),
            ),
        ];
        for (schema, expected) in cases {
            assert_eq!(sample(schema.clone()), Some(expected), "{schema}");
        }
    }

    #[test]
    fn arrays_have_their_item_count_and_distinct_items() {
        let two = json!({"type": "array", "minItems": 2, "uniqueItems": true,
            "items": {"type": "string", "pattern": "^[a-z]{2}$"}});
        assert_eq!(sample(two), Some(json!(["aa", "bb"])));
        let plain = json!({"type": "array", "minItems": 2, "uniqueItems": true, "items": {"type": "string"}});
        assert_eq!(sample(plain), Some(json!(["sample", "sample2"])));
        let kinds = json!({"type": "array", "minItems": 2, "uniqueItems": true,
            "items": {"type": "string", "enum": ["x", "y"]}});
        assert_eq!(sample(kinds), Some(json!(["x", "y"])));
        let none = json!({"type": "array", "maxItems": 0, "items": {"type": "string"}});
        assert_eq!(sample(none), Some(json!([])));
        let ids = json!({"type": "array", "items": {"type": "string", "format": "uri"}});
        assert_eq!(sample(ids), Some(json!(["https://example.com/sample"])));
    }

    #[test]
    fn references_are_followed_and_a_newtype_s_example_is_its_default() {
        let components = json!({
            "AppId": {"type": "string", "pattern": "^app_[a-z]{3}$"},
            "Wrapped": {"allOf": [{"$ref": "#/components/schemas/AppId"}], "description": "d"},
            "CustomerId": {"type": "string", "format": "CustomerId", "pattern": "^cus_", "example": "cus_1"},
            "Bare": {"type": "string", "format": "CustomerId", "pattern": "^cus_"},
        });
        let of = |name: &str| {
            made_with(
                json!({"$ref": format!("#/components/schemas/{name}")}),
                components.clone(),
            )
            .value
        };
        assert_eq!(of("AppId"), Some(json!("app_aaa")));
        assert_eq!(of("Wrapped"), Some(json!("app_aaa")));
        assert_eq!(of("CustomerId"), None);
        assert_eq!(of("Bare"), Some(json!("cus_")));
    }

    #[test]
    fn what_cannot_be_met_is_said_and_the_closest_sample_stands() {
        let lookbehind = made(json!({"type": "string", "pattern": "(?<=a)b", "minLength": 8}));
        assert_eq!(lookbehind.value, Some(json!("samplesa")));
        assert_eq!(
            lookbehind.unsatisfied,
            ["the pattern `(?<=a)b` has a lookbehind, which the sample generator does not write"]
        );
        let empty = made(json!({"type": "integer", "minimum": 10, "maximum": 5}));
        assert_eq!(
            (empty.value, empty.unsatisfied),
            (None, vec!["no integer within the bounds".to_string()])
        );
        let objects = made(json!({"type": "array", "minItems": 2, "items": {"type": "object"}}));
        assert_eq!(objects.value, None);
        assert_eq!(
            objects.unsatisfied,
            ["2 items of a type without a JSON sample"]
        );
        let literal = made(json!({"type": "array", "minItems": 2, "uniqueItems": true,
            "items": {"type": "string", "pattern": "^x$"}}));
        assert_eq!(literal.unsatisfied, ["2 distinct items"]);
        let long = made(json!({"type": "string", "minLength": 100_000}));
        assert_eq!(long.unsatisfied, ["a string of at least 100000 characters"]);
    }

    #[test]
    fn arrays_too_large_to_sample_are_said_and_made_no_sample() {
        // Once filled the memory, one item at a time.
        let huge = made(
            json!({"type": "array", "minItems": 1_000_000_000_000_000u64, "items": {"type": "integer"}}),
        );
        assert_eq!(
            (huge.value, huge.unsatisfied),
            (
                None,
                vec!["1000000000000000 items, more than the 256 a sample holds in all".to_string()]
            )
        );
        // 16 x 16 fits; 16 x 17 does not, and only the inner array says so.
        let square = |inner: u32| {
            made(json!({"type": "array", "minItems": 16,
                "items": {"type": "array", "minItems": inner, "items": {"type": "integer"}}}))
        };
        let fits = square(15);
        assert_eq!(fits.unsatisfied, Vec::<String>::new());
        assert_eq!(
            fits.value.and_then(|v| v.as_array().map(Vec::len)),
            Some(16)
        );
        let over = square(16);
        assert_eq!(over.value, None);
        assert_eq!(
            over.unsatisfied,
            ["16 items, more than the 256 a sample holds in all"]
        );
    }
}
