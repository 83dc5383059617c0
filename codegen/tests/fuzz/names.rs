//! Name mutations for the fuzz test: a spec that generates keeps generating whatever its names
//! become (case flipped, punctuated, a keyword or prelude name, a leading digit, or a second
//! name that differs only in case), and the generated file never declares one name twice
//! where Rust forbids it.
//!
//! Each edit changes one name where the spec declares it and every place that names it back
//! (a schema's `$ref`s, a property's `required` entry), so that only names change: a
//! generation that then fails is a name that aborted the build.

use proptest::prelude::*;
use serde_json::{Map, Value};
use std::collections::BTreeSet;

/// Names Rust or the generated file gives a meaning of their own.
const KEYWORDS: &[&str] = &[
    "self", "Self", "super", "crate", "type", "struct", "async", "r#type", "Result", "String",
    "Option", "Box", "Vec", "Some", "None", "Ok", "Err", "Default", "Unknown", "extra", "new",
    "builder", "clone", "Client", "Error", "models", "rt", "_", "__", "0",
    // Prefixes Rust's naming conventions tie to how a method takes `self`.
    "isAdmin", "as_str", "to_owned", "from",
];

/// What happens to a name.
#[derive(Debug, Clone)]
pub enum Edit {
    /// Upper case to lower and back.
    FlipCase,
    /// A sign inserted at a position (taken modulo the length).
    Punctuate(char, usize),
    /// Replaced by a keyword or a name the generated file uses.
    Keyword(&'static str),
    /// A digit in front.
    LeadingDigit(char),
    /// A second one beside it, differing only in case: two names that collide.
    DuplicateCase,
}

pub fn edits() -> impl Strategy<Value = Edit> {
    prop_oneof![
        Just(Edit::FlipCase),
        (
            prop::sample::select(vec![
                '-', '.', ' ', '/', '+', '@', '$', '~', '{', '%', '_', 'é'
            ]),
            any::<usize>()
        )
            .prop_map(|(c, at)| Edit::Punctuate(c, at)),
        prop::sample::select(KEYWORDS).prop_map(Edit::Keyword),
        prop::sample::select(vec!['0', '1', '9']).prop_map(Edit::LeadingDigit),
        Just(Edit::DuplicateCase),
    ]
}

fn flip(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_uppercase() {
                c.to_lowercase().next().unwrap_or(c)
            } else {
                c.to_uppercase().next().unwrap_or(c)
            }
        })
        .collect()
}

/// The name `edit` makes of `name` (for [`Edit::DuplicateCase`], the second name).
fn renamed(name: &str, edit: &Edit) -> String {
    match edit {
        Edit::FlipCase | Edit::DuplicateCase => {
            let flipped = flip(name);
            // A name without letters: a case-only twin is still another name.
            if flipped == name {
                format!("{name}_")
            } else {
                flipped
            }
        }
        Edit::Punctuate(c, at) => {
            let chars: Vec<char> = name.chars().collect();
            let at = at % (chars.len() + 1);
            chars[..at]
                .iter()
                .chain(std::iter::once(c))
                .chain(&chars[at..])
                .collect()
        }
        Edit::Keyword(keyword) => keyword.to_string(),
        Edit::LeadingDigit(d) => format!("{d}{name}"),
    }
}

/// Where a spec declares a name.
#[derive(Debug, Clone, PartialEq)]
enum Site {
    /// A key of `components.schemas`.
    Schema(String),
    /// A key of the `properties` object at this path.
    Property(Vec<String>, String),
    /// The `operationId` of the operation at this path.
    OperationId(Vec<String>),
    /// A string of the `enum` list at this path.
    EnumValue(Vec<String>, usize),
    /// The `name` of the query, header or cookie parameter at this path.
    Parameter(Vec<String>),
    /// A tag in the `tags` list of the operation at this path.
    Tag(Vec<String>, usize),
    /// A key of the discriminator `mapping` at this path.
    MappingKey(Vec<String>, String),
    /// The `title` of the schema at this path (it names an inline type or variant).
    Title(Vec<String>),
    /// A key of `components.securitySchemes` (it names a credentials setter).
    SecurityScheme(String),
}

fn sites(value: &Value, here: &mut Vec<String>, out: &mut Vec<Site>) {
    let parent = here.last().cloned();
    let parent = parent.as_deref();
    match value {
        Value::Object(map) => {
            if here.len() == 2 && here[0] == "components" && here[1] == "schemas" {
                out.extend(map.keys().map(|k| Site::Schema(k.clone())));
            }
            if here.len() == 2 && here[0] == "components" && here[1] == "securitySchemes" {
                out.extend(map.keys().map(|k| Site::SecurityScheme(k.clone())));
            }
            if parent == Some("properties") {
                out.extend(map.keys().map(|k| Site::Property(here.clone(), k.clone())));
            }
            if parent == Some("mapping") {
                out.extend(
                    map.keys()
                        .map(|k| Site::MappingKey(here.clone(), k.clone())),
                );
            }
            if map.get("operationId").is_some_and(Value::is_string) {
                out.push(Site::OperationId(here.clone()));
            }
            // A schema's title (not the `info` object's).
            if map.get("title").is_some_and(Value::is_string) && parent != Some("info") {
                out.push(Site::Title(here.clone()));
            }
            let is_parameter = here.len() >= 2 && here[here.len() - 2] == "parameters";
            if is_parameter
                && map.get("name").is_some_and(Value::is_string)
                && matches!(
                    map.get("in").and_then(Value::as_str),
                    Some("query" | "header" | "cookie")
                )
            {
                out.push(Site::Parameter(here.clone()));
            }
            for (k, v) in map {
                here.push(k.clone());
                sites(v, here, out);
                here.pop();
            }
        }
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                if item.is_string() && parent == Some("enum") {
                    out.push(Site::EnumValue(here.clone(), i));
                }
                if item.is_string()
                    && parent == Some("tags")
                    && here.first().is_some_and(|p| p == "paths")
                {
                    out.push(Site::Tag(here.clone(), i));
                }
                here.push(i.to_string());
                sites(item, here, out);
                here.pop();
            }
        }
        _ => {}
    }
}

fn at<'v>(mut value: &'v mut Value, path: &[String]) -> Option<&'v mut Value> {
    for token in path {
        value = match value {
            Value::Object(map) => map.get_mut(token)?,
            Value::Array(items) => items.get_mut(token.parse::<usize>().ok()?)?,
            _ => return None,
        };
    }
    Some(value)
}

/// A schema name as a `$ref` writes it: JSON-pointer escaped, then percent-encoded.
fn reference(name: &str) -> String {
    let escaped = name.replace('~', "~0").replace('/', "~1");
    let mut out = String::from("#/components/schemas/");
    for byte in escaped.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~".contains(&byte) {
            out.push(byte as char);
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// Every string `from` in the document becomes `to` (a schema's `$ref`s and mapping targets).
fn replace_strings(value: &mut Value, from: &str, to: &str) {
    match value {
        Value::String(s) if s == from => *s = to.to_string(),
        Value::Object(map) => map.values_mut().for_each(|v| replace_strings(v, from, to)),
        Value::Array(items) => items.iter_mut().for_each(|v| replace_strings(v, from, to)),
        _ => {}
    }
}

/// Renames `old` to `new` in `map`, in place; false when `new` is taken (or the same).
fn rename_key(map: &mut Map<String, Value>, old: &str, new: &str) -> bool {
    if map.contains_key(new) {
        return false;
    }
    let entries: Vec<(String, Value)> = std::mem::take(map).into_iter().collect();
    for (k, v) in entries {
        map.insert(if k == old { new.to_string() } else { k }, v);
    }
    true
}

/// Applies `edit` to the name `selector` picks; the document keeps every reference intact.
pub fn mutate(doc: &mut Value, selector: usize, edit: &Edit) {
    let mut all = Vec::new();
    sites(doc, &mut Vec::new(), &mut all);
    let Some(site) = all.get(selector % all.len().max(1)).cloned() else {
        return;
    };
    let duplicate = matches!(edit, Edit::DuplicateCase);
    match site {
        Site::Schema(old) => {
            let new = renamed(&old, edit);
            // An empty key would make `#/components/schemas/` name the map itself.
            if new.is_empty() {
                return;
            }
            let Some(Value::Object(schemas)) = at(doc, &["components".into(), "schemas".into()])
            else {
                return;
            };
            if duplicate {
                if let Some(schema) = schemas.get(&old).cloned() {
                    schemas.entry(new).or_insert(schema);
                }
            } else if rename_key(schemas, &old, &new) {
                replace_strings(doc, &reference(&old), &reference(&new));
                // Refs written without percent-encoding.
                replace_strings(
                    doc,
                    &format!("#/components/schemas/{old}"),
                    &reference(&new),
                );
            }
        }
        Site::Property(path, old) => {
            let new = renamed(&old, edit);
            let Some(Value::Object(properties)) = at(doc, &path) else {
                return;
            };
            if duplicate {
                if let Some(schema) = properties.get(&old).cloned() {
                    properties.entry(new).or_insert(schema);
                }
                return;
            }
            if !rename_key(properties, &old, &new) {
                return;
            }
            let owner = &path[..path.len() - 1];
            if let Some(Value::Array(required)) = at(doc, owner).and_then(|o| o.get_mut("required"))
            {
                replace_strings_in(required, &old, &new);
            }
        }
        Site::OperationId(path) => {
            let Some(id) = at(doc, &path)
                .and_then(|op| op.get("operationId"))
                .and_then(Value::as_str)
                .map(str::to_string)
            else {
                return;
            };
            let new = Value::String(renamed(&id, edit));
            // A duplicate: another operation takes the case-flipped id, two methods of one
            // name.
            let target = if duplicate {
                let mut others = Vec::new();
                sites(doc, &mut Vec::new(), &mut others);
                others.into_iter().find_map(|s| match s {
                    Site::OperationId(p) if p != path => Some(p),
                    _ => None,
                })
            } else {
                Some(path)
            };
            if let Some(Value::Object(op)) = target.and_then(|p| at(doc, &p)) {
                op.insert("operationId".into(), new);
            }
        }
        Site::EnumValue(path, i) | Site::Tag(path, i) => {
            let Some(Value::Array(items)) = at(doc, &path) else {
                return;
            };
            let Some(Value::String(old)) = items.get(i).cloned() else {
                return;
            };
            let new = Value::String(renamed(&old, edit));
            if duplicate {
                items.push(new);
            } else {
                items[i] = new;
            }
        }
        Site::Parameter(path) => {
            let Some(Value::Object(parameter)) = at(doc, &path).cloned() else {
                return;
            };
            let Some(old) = parameter.get("name").and_then(Value::as_str) else {
                return;
            };
            let mut changed = parameter.clone();
            changed.insert("name".into(), Value::String(renamed(old, edit)));
            if duplicate {
                if let Some(Value::Array(list)) = at(doc, &path[..path.len() - 1]) {
                    list.push(Value::Object(changed));
                }
            } else if let Some(slot) = at(doc, &path) {
                *slot = Value::Object(changed);
            }
        }
        Site::Title(path) => {
            let Some(Value::Object(schema)) = at(doc, &path) else {
                return;
            };
            let Some(old) = schema.get("title").and_then(Value::as_str) else {
                return;
            };
            let new = Value::String(renamed(old, edit));
            schema.insert("title".into(), new);
        }
        Site::SecurityScheme(old) => {
            let new = renamed(&old, edit);
            let Some(Value::Object(schemes)) =
                at(doc, &["components".into(), "securitySchemes".into()])
            else {
                return;
            };
            if duplicate {
                if let Some(scheme) = schemes.get(&old).cloned() {
                    schemes.entry(new).or_insert(scheme);
                }
            } else if rename_key(schemes, &old, &new) {
                rename_in_requirements(doc, &old, &new);
            }
        }
        Site::MappingKey(path, old) => {
            let new = renamed(&old, edit);
            let Some(Value::Object(mapping)) = at(doc, &path) else {
                return;
            };
            if duplicate {
                if let Some(target) = mapping.get(&old).cloned() {
                    mapping.entry(new).or_insert(target);
                }
            } else {
                rename_key(mapping, &old, &new);
            }
        }
    }
}

/// Every security requirement (an object in a `security` list, the document's or an
/// operation's) that names the scheme `old` names `new` instead.
fn rename_in_requirements(value: &mut Value, old: &str, new: &str) {
    match value {
        Value::Object(map) => {
            for (key, item) in map.iter_mut() {
                if key == "security"
                    && let Value::Array(requirements) = item
                {
                    for requirement in requirements.iter_mut() {
                        if let Value::Object(schemes) = requirement {
                            rename_key(schemes, old, new);
                        }
                    }
                } else {
                    rename_in_requirements(item, old, new);
                }
            }
        }
        Value::Array(items) => items
            .iter_mut()
            .for_each(|item| rename_in_requirements(item, old, new)),
        _ => {}
    }
}

fn replace_strings_in(items: &mut [Value], from: &str, to: &str) {
    for item in items {
        if item.as_str() == Some(from) {
            *item = Value::String(to.to_string());
        }
    }
}

/// Names the generated file declares twice where Rust forbids it: two items of one namespace
/// in a module, two fields of a struct, two variants of an enum, two methods of a type's
/// inherent impls. `None` when there are none.
pub fn declared_twice(code: &str) -> Option<String> {
    let file = match syn::parse_file(code) {
        Ok(file) => file,
        Err(e) => return Some(format!("the output does not parse: {e}")),
    };
    module(&file.items, "crate")
}

fn module(items: &[syn::Item], path: &str) -> Option<String> {
    let mut types = BTreeSet::new();
    let mut values = BTreeSet::new();
    let mut methods: std::collections::BTreeMap<String, BTreeSet<String>> = Default::default();
    let twice = |set: &mut BTreeSet<String>, name: String| {
        (!set.insert(name.clone())).then(|| format!("{path}: `{name}` is declared twice"))
    };
    for item in items {
        let found = match item {
            syn::Item::Struct(s) => {
                let name = s.ident.to_string();
                let fields: Vec<String> = s
                    .fields
                    .iter()
                    .filter_map(|f| f.ident.as_ref().map(ToString::to_string))
                    .collect();
                if let Some(field) = first_repeated(&fields) {
                    return Some(format!("{path}::{name}: field `{field}` twice"));
                }
                let value = match s.fields {
                    syn::Fields::Named(_) => None,
                    _ => twice(&mut values, name.clone()),
                };
                value.or_else(|| twice(&mut types, name))
            }
            syn::Item::Enum(e) => {
                let variants: Vec<String> =
                    e.variants.iter().map(|v| v.ident.to_string()).collect();
                if let Some(variant) = first_repeated(&variants) {
                    return Some(format!("{path}::{}: variant `{variant}` twice", e.ident));
                }
                twice(&mut types, e.ident.to_string())
            }
            syn::Item::Type(t) => twice(&mut types, t.ident.to_string()),
            syn::Item::Mod(m) => {
                let inner = m
                    .content
                    .as_ref()
                    .and_then(|(_, items)| module(items, &format!("{path}::{}", m.ident)));
                inner.or_else(|| twice(&mut types, m.ident.to_string()))
            }
            syn::Item::Const(c) => twice(&mut values, c.ident.to_string()),
            syn::Item::Fn(f) => twice(&mut values, f.sig.ident.to_string()),
            syn::Item::Impl(i) if i.trait_.is_none() => {
                let self_type = quote::ToTokens::to_token_stream(&i.self_ty).to_string();
                let names = methods.entry(self_type.clone()).or_default();
                i.items.iter().find_map(|item| match item {
                    syn::ImplItem::Fn(f) => {
                        let name = f.sig.ident.to_string();
                        (!names.insert(name.clone()))
                            .then(|| format!("{path}: `{self_type}::{name}` is declared twice"))
                    }
                    _ => None,
                })
            }
            _ => None,
        };
        if found.is_some() {
            return found;
        }
    }
    None
}

fn first_repeated(names: &[String]) -> Option<&String> {
    names
        .iter()
        .enumerate()
        .find(|(i, name)| names[..*i].contains(name))
        .map(|(_, name)| name)
}
