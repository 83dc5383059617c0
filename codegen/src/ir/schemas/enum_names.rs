//! Variant names a spec gives its enum values: `x-enum-varnames` (openapi-generator's) or
//! `x-enumNames` (NSwag's) beside `enum`, or the `title` of each `const` branch of a `oneOf`.

use super::TypeBuilder;
use crate::error::push_token;
use crate::ir::naming::camel;
use openapiv3::SchemaData;

/// The extensions that name enum values, in the order they are read.
const EXTENSIONS: &[&str] = &["x-enum-varnames", "x-enumNames"];

/// Names for an enum's values, parallel to its `enum` list: `None` where a value is named
/// after itself.
#[derive(Debug, Clone)]
pub(crate) struct GivenNames {
    /// One per value.
    pub names: Vec<Option<String>>,
    /// Where they come from, for a warning (`` `x-enum-varnames` ``).
    pub source: String,
    /// Where the warning points.
    pub pointer: String,
}

impl TypeBuilder<'_> {
    /// The names an extension of `data` gives the `count` values of its `enum`, if it has one
    /// that fits: a list of `count` strings. One that does not fit is ignored, with a warning
    /// unless `quiet` (a schema read again, warned about where it is built), and the values
    /// name their variants.
    pub(super) fn extension_names(
        &mut self,
        data: &SchemaData,
        count: usize,
        pointer: &str,
        quiet: bool,
    ) -> Option<GivenNames> {
        let (key, value) = EXTENSIONS
            .iter()
            .find_map(|key| Some((*key, data.extensions.get(*key)?)))?;
        let at = push_token(pointer, key);
        let names: Option<Vec<Option<String>>> = value.as_array().and_then(|list| {
            list.iter()
                .map(|name| name.as_str().map(|n| Some(n.to_string())))
                .collect()
        });
        match names {
            Some(names) if names.len() == count => Some(GivenNames {
                names,
                source: format!("`{key}`"),
                pointer: at,
            }),
            _ if quiet => None,
            Some(names) => {
                self.warn(
                    &at,
                    &format!(
                        "`{key}` has {} names for {count} values; the variants are named after \
                         the values",
                        names.len()
                    ),
                );
                None
            }
            None => {
                self.warn(
                    &at,
                    &format!(
                        "`{key}` is not a list of names; the variants are named after the values"
                    ),
                );
                None
            }
        }
    }

    /// The Rust variant name each value of `values` gets from `given` (or from itself), when
    /// they are all different; otherwise a warning, and `None`: the values name their variants.
    pub(super) fn checked_names(
        &mut self,
        values: &[Option<String>],
        given: Option<GivenNames>,
    ) -> Option<Vec<String>> {
        let given = given?;
        let mut names: Vec<String> = Vec::new();
        let mut wires: Vec<&str> = Vec::new();
        for (value, name) in values.iter().zip(&given.names) {
            let Some(wire) = value else {
                names.push(String::new());
                continue;
            };
            let rust = camel(name.as_deref().unwrap_or(wire), "V");
            // A repeated value is one variant.
            let repeated = wires.contains(&wire.as_str());
            if !repeated && let Some(i) = names.iter().position(|n| *n == rust) {
                let first = values[i].as_deref().unwrap_or_default();
                self.warn(
                    &given.pointer,
                    &format!(
                        "{} would name the values `{first}` and `{wire}` both `{rust}`; the \
                         variants are named after the values",
                        given.source
                    ),
                );
                return None;
            }
            wires.push(wire);
            names.push(rust);
        }
        Some(names)
    }
}
