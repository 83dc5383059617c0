//! An open enum's wire values as one `rename_all` rule plus a `rename` per exception, so that a
//! 159-value `Currency` reads as its variants rather than as 159 attributes. The rules are the
//! runtime derive's, applied with the same `heck` functions, so what the generator checks here
//! is exactly what the derive computes.

use heck::{
    ToKebabCase, ToLowerCamelCase, ToShoutyKebabCase, ToShoutySnakeCase, ToSnakeCase, ToTrainCase,
};

/// A rule: its name in `#[model(rename_all = "..")]` and what it makes of a variant's name.
type Rule = (&'static str, fn(&str) -> String);

/// The rules, in the order a tie is decided in.
const RULES: &[Rule] = &[
    ("SCREAMING_SNAKE_CASE", |s| s.to_shouty_snake_case()),
    ("snake_case", |s| s.to_snake_case()),
    ("kebab-case", |s| s.to_kebab_case()),
    ("camelCase", |s| s.to_lower_camel_case()),
    ("lowercase", str::to_lowercase),
    ("UPPERCASE", str::to_uppercase),
    ("SCREAMING-KEBAB-CASE", |s| s.to_shouty_kebab_case()),
    ("Train-Case", |s| s.to_train_case()),
];

/// How an enum's variants map to their wire values.
#[derive(Debug, PartialEq)]
pub(crate) struct Renames<'a> {
    /// The `rename_all` rule, when one covers more variants than the names as they are.
    pub(crate) rule: Option<&'static str>,
    /// Per variant (in order), the explicit wire value it needs, if the rule does not give it.
    pub(crate) exceptions: Vec<Option<&'a str>>,
}

/// The rule that gives the most `(name, wire)` pairs their wire value (none when the names as
/// they are do at least as well), and the pairs it does not cover.
pub(crate) fn renames<'a>(variants: &[(&str, &'a str)]) -> Renames<'a> {
    let as_is = variants.iter().filter(|(name, wire)| name == wire).count();
    let mut best: Option<(&Rule, usize)> = None;
    for rule in RULES {
        let covered = variants
            .iter()
            .filter(|(name, wire)| (rule.1)(name) == *wire)
            .count();
        if covered > as_is && best.is_none_or(|(_, most)| covered > most) {
            best = Some((rule, covered));
        }
    }
    let apply = |name: &str| match best {
        Some((rule, _)) => (rule.1)(name),
        None => name.to_string(),
    };
    Renames {
        rule: best.map(|(rule, _)| rule.0),
        exceptions: variants
            .iter()
            .map(|(name, wire)| (apply(name) != *wire).then_some(*wire))
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_rule_covering_most_values_wins_and_the_rest_are_renamed() {
        let r = renames(&[
            ("Aed", "AED"),
            ("BadRequest", "BAD_REQUEST"),
            ("Plus1", "+1"),
        ]);
        assert_eq!(r.rule, Some("SCREAMING_SNAKE_CASE"));
        assert_eq!(r.exceptions, vec![None, None, Some("+1")]);
        let r = renames(&[("Active", "active"), ("PastDue", "past_due")]);
        assert_eq!(r.rule, Some("snake_case"));
        let r = renames(&[("Fixed", "Fixed"), ("Tiered", "tiered")]);
        assert_eq!(r.rule, None);
        assert_eq!(r.exceptions, vec![None, Some("tiered")]);
    }
}
