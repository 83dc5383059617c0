//! Rust names for spec names: types UpperCamelCase, fields and functions snake_case, enum
//! variants UpperCamelCase; keywords and non-identifiers made valid. The wire name is always
//! kept beside the Rust name, so a rename never changes what is sent.

use heck::{ToSnakeCase, ToUpperCamelCase};

/// Words that cannot be identifiers (strict and reserved keywords of Rust 2024), plus `Self`.
pub(crate) const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "crate", "dyn", "else", "enum", "extern",
    "false", "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut",
    "pub", "ref", "return", "self", "Self", "static", "struct", "super", "trait", "true", "type",
    "unsafe", "use", "where", "while", "abstract", "become", "box", "do", "final", "macro",
    "override", "priv", "typeof", "unsized", "virtual", "yield", "try", "union",
];

/// Method names a field's setter must not take: the constructor, and std traits' methods (a
/// setter `clone(self, value)` would shadow `Clone::clone` for every caller).
const RESERVED_METHODS: &[&str] = &[
    "new",
    "add",
    "as_mut",
    "as_ref",
    "bitand",
    "bitor",
    "bitxor",
    "borrow",
    "borrow_mut",
    "clone",
    "cmp",
    "default",
    "deref",
    "deref_mut",
    "div",
    "drop",
    "eq",
    "fmt",
    "from",
    "from_iter",
    "from_str",
    "hash",
    "index",
    "index_mut",
    "into",
    "into_iter",
    "mul",
    "neg",
    "next",
    "not",
    "partial_cmp",
    "rem",
    "shl",
    "shr",
    "sub",
    "to_owned",
    "to_string",
];

/// A field (and setter) name for the property `wire`: [`snake`], with a `_` after a name that
/// would shadow a method every model has.
pub fn field(wire: &str) -> String {
    let mut name = snake(wire);
    if RESERVED_METHODS.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

/// Methods the generated `Client` has besides its operations (the runtime derive's, the
/// Meteroid client's own constructors, and std traits' that a caller calls on a client): an
/// operation of that name would be defined twice or hide one.
pub(crate) const CLIENT_METHODS: &[&str] = &[
    "builder",
    "new",
    "from_env",
    "from_runtime",
    "clone",
    "fmt",
    "with_timeout",
    "with_max_retries",
    "with_header",
    "with_metadata",
    "with_idempotency_keys",
    "with_retry_non_idempotent",
];

/// A method name for the operation `operation_id`: [`snake`], with a `_` after a name the
/// client has already (`builder` -> `builder_`).
pub fn method(operation_id: &str) -> String {
    let mut name = snake(operation_id);
    if CLIENT_METHODS.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

/// Where an operation is: its path template and HTTP method (lower case).
#[derive(Debug, Clone, Copy)]
pub(crate) struct Route<'a> {
    pub path: &'a str,
    pub method: &'a str,
}

/// A method name for an operation whose name `name` another one (at `holder`) has already:
/// `name` and the words of its path the other's lacks, from the last one back, as few as make
/// it free (`get_foo` at `/b/foo` beside `/a/foo`'s: `get_foo_b`; a parameter reads `by_id`),
/// else `name` and its HTTP method (`list_users_post`), else `name` numbered. Words the name
/// has already are not repeated. Deterministic: it depends only on the names taken before.
pub(crate) fn distinguished(
    name: &str,
    route: Route<'_>,
    holder: Route<'_>,
    taken: impl Fn(&str) -> bool,
) -> String {
    let name_words: Vec<&str> = name.split('_').collect();
    let new_word = |text: &str| text.split('_').any(|w| !name_words.contains(&w));
    let holder_segments: Vec<&str> = holder.path.split('/').collect();
    let mut words: Vec<String> = Vec::new();
    for segment in route.path.split('/').rev() {
        if holder_segments.contains(&segment) || !segment.chars().any(char::is_alphanumeric) {
            continue;
        }
        let text = match segment.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
            Some(parameter) => format!("by_{}", snake(parameter)),
            None => snake(segment),
        };
        if !new_word(&text) || words.contains(&text) {
            continue;
        }
        words.insert(0, text);
        let candidate = suffixed(name, &words.join("_"));
        if !taken(&candidate) {
            return candidate;
        }
    }
    if route.method != holder.method && new_word(route.method) {
        let candidate = suffixed(name, route.method);
        if !taken(&candidate) {
            return candidate;
        }
    }
    // `name` is taken (that is why it is distinguished): the numbers start at 2.
    numbered(name, |n| n == name || taken(n))
}

/// A snake_case identifier (fields, functions, parameters) for `wire`.
pub fn snake(wire: &str) -> String {
    let converted = wire.to_snake_case();
    valid_ident(converted, "_", "empty")
}

/// Type and trait names of the prelude (`String`, `Option`, `Vec`, `Box`, ..): a schema that
/// took one would shadow it for every field of `mod models`. (`Some`, `None`, `Ok`, `Err` are
/// values: a struct of that name does not hide them.)
pub(crate) const SHADOWING: &[&str] = &[
    "String",
    "Option",
    "Result",
    "Box",
    "Vec",
    "Default",
    "Clone",
    "Copy",
    "Debug",
    "PartialEq",
    "Eq",
    "Hash",
    "PartialOrd",
    "Ord",
    "Send",
    "Sync",
    "Sized",
    "From",
    "Into",
    "Iterator",
    "ToString",
    "Drop",
    "Fn",
    "FnMut",
    "FnOnce",
];

/// A type name for the schema `wire`: [`camel`] (`T` before a leading digit), and `Model` after
/// a name the prelude has (`String` -> `StringModel`), so that no schema shadows a std type.
pub fn type_name(wire: &str) -> String {
    let mut name = camel(wire, "T");
    // `New` shadows nothing, but a model `New` (or `NeW`: clippy compares in lower case) would
    // have a constructor `new()` named like its type, which clippy refuses
    // (`self_named_constructors`).
    if SHADOWING.contains(&name.as_str()) || name.eq_ignore_ascii_case("new") {
        name.push_str("Model");
    }
    name
}

/// An UpperCamelCase identifier (types, enum variants) for `wire`. `prefix` is put in front of a
/// name that would start with a digit (`"1"` -> `V1` for variants).
pub fn camel(wire: &str, prefix: &str) -> String {
    let converted = wire.to_upper_camel_case();
    valid_ident(converted, prefix, "Empty")
}

/// `stem` if no name `taken` says is in use, else the first free of `stem2`, `stem3`, ...:
/// how two things that suggest one name both get one.
pub(crate) fn numbered(stem: &str, taken: impl Fn(&str) -> bool) -> String {
    // The `_` that escapes a keyword goes before a number (`Self_` -> `Self2`, not `Self_2`,
    // which the style lints refuse); a number alone makes the name no keyword.
    let base = stem
        .strip_suffix('_')
        .filter(|base| base.chars().next().is_some_and(char::is_alphabetic))
        .unwrap_or(stem);
    let mut name = stem.to_string();
    let mut n = 2;
    while taken(&name) {
        name = format!("{base}{n}");
        n += 1;
    }
    name
}

/// A snake_case name and a suffix, one `_` between: the `_` that escapes a keyword is dropped
/// (`super_` and `usage`: `super_usage`, not the `super__usage` that `non_snake_case` refuses).
pub(crate) fn suffixed(name: &str, suffix: &str) -> String {
    let stem = name
        .strip_suffix('_')
        .filter(|s| !s.is_empty())
        .unwrap_or(name);
    format!("{stem}_{suffix}")
}

/// A type name made of a name and what follows it (`Self_` and `Response`), without the `_`
/// that escaped a keyword at the end of the first part: `SelfResponse`, not `Self_Response`,
/// which the style lints refuse. A type name has no other `_`.
pub(crate) fn joined(name: &str) -> String {
    let mut out = String::with_capacity(name.len());
    let mut chars = name.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '_' && chars.peek().is_some_and(|next| next.is_alphanumeric()) && !out.is_empty() {
            continue;
        }
        out.push(c);
    }
    out
}

/// `wire` with the signs that tell two values apart spelled out as words, for names that
/// would otherwise collide: `+` is `plus`, `@` is `at`, and a `-` that starts the text or comes
/// before a digit is `minus` (`-INF`, `+1`/`-1`, `Etc/GMT-0`); a `-` between words stays a
/// separator (`past-due`).
pub fn spelled(wire: &str) -> String {
    let mut out = String::with_capacity(wire.len() + 8);
    let mut chars = wire.chars().peekable();
    let mut at_start = true;
    while let Some(c) = chars.next() {
        match c {
            '+' => out.push_str(" plus "),
            '@' => out.push_str(" at "),
            '-' if at_start || chars.peek().is_some_and(char::is_ascii_digit) => {
                out.push_str(" minus ");
            }
            c => out.push(c),
        }
        at_start = false;
    }
    out
}

/// A name for `wire` that none `taken` says is in use: `name` (what `wire` suggests) when it
/// is free, else the name of `wire` with its signs spelled out ([`spelled`], through `make`),
/// else that name numbered (`Failed`, `FAILED` -> `Failed`, `Failed2`). Deterministic: it
/// depends only on the names taken before, in spec order.
pub(crate) fn free_name(
    name: String,
    wire: &str,
    make: impl Fn(&str) -> String,
    taken: impl Fn(&str) -> bool,
) -> String {
    if !taken(&name) {
        return name;
    }
    let spelled = make(&spelled(wire));
    if !taken(&spelled) {
        return spelled;
    }
    numbered(&name, taken)
}

fn valid_ident(converted: String, prefix: &str, empty: &str) -> String {
    let mut name = converted;
    if name.is_empty() {
        return empty.to_string();
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert_str(0, prefix);
    }
    if KEYWORDS.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_names() {
        assert_eq!(snake("invoicing_emails"), "invoicing_emails");
        assert_eq!(snake("billingEmail"), "billing_email");
        assert_eq!(snake("type"), "type_");
        assert_eq!(snake("self"), "self_");
        assert_eq!(snake("3d"), "_3d");
        assert_eq!(snake(""), "empty");
        assert_eq!(snake("a-b"), "a_b");
        assert_eq!(snake("$ref"), "ref_");
    }

    #[test]
    fn field_names_avoid_shadowing_methods() {
        assert_eq!(field("clone"), "clone_");
        assert_eq!(field("new"), "new_");
        assert_eq!(field("Default"), "default_");
        assert_eq!(field("name"), "name");
        assert_eq!(field("type"), "type_");
    }

    #[test]
    fn colliding_names_spell_their_signs_then_take_a_number() {
        let taken = |names: &'static [&'static str]| move |n: &str| names.contains(&n);
        let camel_v = |w: &str| camel(w, "V");
        assert_eq!(
            free_name(camel_v("-1"), "-1", camel_v, taken(&["V1"])),
            "Minus1"
        );
        assert_eq!(
            free_name(camel_v("-INF"), "-INF", camel_v, taken(&["Inf"])),
            "MinusInf"
        );
        assert_eq!(
            free_name(
                camel_v("Etc/GMT-0"),
                "Etc/GMT-0",
                camel_v,
                taken(&["EtcGmt0"])
            ),
            "EtcGmtMinus0"
        );
        assert_eq!(
            free_name(camel_v("FAILED"), "FAILED", camel_v, taken(&["Failed"])),
            "Failed2"
        );
        assert_eq!(
            free_name(field("-1"), "-1", field, taken(&["_1"])),
            "minus_1"
        );
        assert_eq!(
            free_name(field("+1"), "+1", field, taken(&["_1"])),
            "plus_1"
        );
        assert_eq!(
            free_name(field("@id"), "@id", field, taken(&["id"])),
            "at_id"
        );
        assert_eq!(
            free_name(field("jobID"), "jobID", field, taken(&["job_id"])),
            "job_id2"
        );
        assert_eq!(
            free_name(field("name"), "name", field, taken(&["id"])),
            "name"
        );
        assert_eq!(spelled("past-due"), "past-due");
    }

    #[test]
    fn a_method_name_another_operation_has_takes_words_of_its_path_then_its_method_then_a_number() {
        let route = |path, method| Route { path, method };
        let free = |_: &str| false;
        let at = |path| route(path, "get");
        assert_eq!(
            distinguished("get_foo", at("/b/foo"), at("/a/foo"), free),
            "get_foo_b"
        );
        assert_eq!(
            distinguished(
                "list_rules",
                at("/automations/sms/inbound"),
                at("/automations/fax/receipts"),
                free
            ),
            "list_rules_inbound"
        );
        // The last word is taken too: one more.
        assert_eq!(
            distinguished(
                "list_rules",
                at("/automations/sms/inbound"),
                at("/automations/fax/receipts"),
                |n: &str| n == "list_rules_inbound"
            ),
            "list_rules_sms_inbound"
        );
        assert_eq!(
            distinguished("get_user", at("/users/{userId}"), at("/users"), free),
            "get_user_by_user_id"
        );
        // The same path: the method tells them apart.
        assert_eq!(
            distinguished("list_users", route("/users", "post"), at("/users"), free),
            "list_users_post"
        );
        // Words the name has already, or punctuation, say nothing: a number.
        assert_eq!(
            distinguished("get_users", at("/users/~"), at("/users"), free),
            "get_users2"
        );
        assert_eq!(
            distinguished("get_jobs", at("/jobs/"), at("/jobs"), free),
            "get_jobs2"
        );
        assert_eq!(
            distinguished("get_jobs", at("/jobs/"), at("/jobs"), |n: &str| n
                == "get_jobs2"),
            "get_jobs3"
        );
    }

    #[test]
    fn method_names_make_way_for_the_clients_own() {
        assert_eq!(method("builder"), "builder_");
        assert_eq!(method("withTimeout"), "with_timeout_");
        assert_eq!(method("getUser"), "get_user");
        assert_eq!(method("type"), "type_");
    }

    #[test]
    fn type_names_never_shadow_the_prelude() {
        assert_eq!(type_name("String"), "StringModel");
        assert_eq!(type_name("string"), "StringModel");
        assert_eq!(type_name("Option"), "OptionModel");
        assert_eq!(type_name("Customer"), "Customer");
        assert_eq!(type_name("1st"), "T1st");
        assert_eq!(type_name("new"), "NewModel");
        assert_eq!(type_name("NeW"), "NeWModel");
    }

    #[test]
    fn suffixed_names_drop_the_underscore_that_escapes_a_keyword() {
        assert_eq!(suffixed("super_", "usage"), "super_usage");
        assert_eq!(suffixed("list", "pages"), "list_pages");
        assert_eq!(
            distinguished(
                "super_",
                Route {
                    path: "/usage",
                    method: "get"
                },
                Route {
                    path: "/",
                    method: "get"
                },
                |_: &str| false
            ),
            "super_usage"
        );
    }

    #[test]
    fn joined_type_names_drop_the_underscore_that_escapes_a_keyword() {
        assert_eq!(joined("Self_Response"), "SelfResponse");
        assert_eq!(joined("Self_"), "Self_");
        assert_eq!(joined("GetUserQuery"), "GetUserQuery");
    }

    #[test]
    fn a_number_replaces_the_underscore_that_escapes_a_keyword() {
        assert_eq!(numbered("Self_", |n| n == "Self_"), "Self2");
        assert_eq!(numbered("type_", |n| n == "type_" || n == "type2"), "type3");
        assert_eq!(numbered("_1", |n| n == "_1"), "_12");
    }

    #[test]
    fn camel_names() {
        assert_eq!(camel("BAD_REQUEST", "V"), "BadRequest");
        assert_eq!(camel("EUR", "V"), "Eur");
        assert_eq!(camel("1", "V"), "V1");
        assert_eq!(camel("", "V"), "Empty");
        assert_eq!(camel("a-b", "V"), "AB");
        assert_eq!(camel("self", "V"), "Self_");
        assert_eq!(camel("customer.created", "V"), "CustomerCreated");
    }
}
