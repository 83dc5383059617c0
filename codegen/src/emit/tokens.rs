//! The small pieces every item is built from: identifiers, types, doc attributes and the tag
//! gates, as tokens.

use super::docs::prose;
use crate::ir::{Cfg, TypeRef};
use proc_macro2::{Ident, Span, TokenStream};
use quote::quote;

/// An identifier the IR named. The IR only hands out valid identifiers (`ir/naming.rs`); a
/// name that still is not one (a keyword, say) becomes a raw identifier or has its stray
/// characters replaced, never a panic.
pub(crate) fn ident(name: &str) -> Ident {
    if let Ok(ident) = syn::parse_str::<Ident>(name) {
        return ident;
    }
    let cleaned: String = name
        .chars()
        .map(|c| {
            if c.is_alphanumeric() || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    let cleaned = match cleaned.chars().next() {
        Some(c) if c.is_alphabetic() || c == '_' => cleaned,
        _ => format!("_{cleaned}"),
    };
    match syn::parse_str::<Ident>(&cleaned) {
        Ok(ident) => ident,
        // A keyword: `r#type`. `self`, `super`, `crate` and `Self` cannot be raw; the IR never
        // names anything so (naming.rs appends `_` to keywords).
        Err(_) if !matches!(cleaned.as_str(), "self" | "super" | "crate" | "Self" | "_") => {
            Ident::new_raw(&cleaned, Span::call_site())
        }
        Err(_) => Ident::new(&format!("{cleaned}_"), Span::call_site()),
    }
}

/// A JSON value as a string literal: raw (`r#"["a","b"]"#`) when it has quotes and only
/// printable ASCII, so that it reads as the JSON it is; escaped otherwise (a raw string would
/// carry a control or bidirectional character as it is).
pub(crate) fn json_literal(json: &serde_json::Value) -> TokenStream {
    let text = json.to_string();
    let plain = || quote!(#text);
    if !text.contains('"') || !text.chars().all(|c| (' '..='~').contains(&c)) {
        return plain();
    }
    // Enough `#`s that no `"#..#` inside ends the literal early.
    let mut hashes = "#".to_string();
    while text.contains(&format!("\"{hashes}")) {
        hashes.push('#');
    }
    format!("r{hashes}\"{text}\"{hashes}")
        .parse()
        .unwrap_or_else(|_| plain())
}

/// Spec text made safe to stand in a comment or a doc: a control character (NUL, escape, ..)
/// or a bidirectional control (U+202A-U+202E, U+2066-U+2069, U+200E, U+200F, U+061C) would be
/// written raw into the file, and rustc refuses the bidirectional ones in comments (they can
/// make code read differently from how it compiles). Each becomes its code point as text
/// (`U+202E`); a tab becomes a space; line breaks are the caller's.
pub(crate) fn clean(text: &str) -> std::borrow::Cow<'_, str> {
    let unsafe_char = |c: char| {
        (c.is_control() && c != '\n')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{061c}')
    };
    if !text.chars().any(unsafe_char) {
        return std::borrow::Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        match c {
            '\t' => out.push(' '),
            // A CRLF line end: the line break stays, the carriage return goes.
            '\r' => {}
            c if unsafe_char(c) => out.push_str(&format!("U+{:04X}", u32::from(c))),
            c => out.push(c),
        }
    }
    std::borrow::Cow::Owned(out)
}

/// `#[doc = ".."]` attributes for paragraphs of text, one per line, an empty one between
/// paragraphs (prettyplease prints them as `///` lines). The text is written as given: spec
/// text goes through [`spec_docs`] first.
pub(crate) fn docs<S: AsRef<str>>(paragraphs: &[S]) -> TokenStream {
    let mut lines: Vec<String> = Vec::new();
    for paragraph in paragraphs {
        let paragraph = clean(paragraph.as_ref());
        let paragraph = paragraph.trim();
        if paragraph.is_empty() {
            continue;
        }
        if !lines.is_empty() {
            lines.push(String::new());
        }
        for line in paragraph.lines() {
            let line = line.trim_end();
            lines.push(if line.is_empty() {
                String::new()
            } else {
                format!(" {line}")
            });
        }
    }
    quote! { #(#[doc = #lines])* }
}

/// Text the generator writes itself (not the spec's), broken at spaces into lines of at most
/// 88 columns, so that with its indentation and `/// ` the doc stays within 100; a word longer
/// than that (a link) keeps its own line.
pub(crate) fn wrapped(text: &str) -> String {
    const WIDTH: usize = 88;
    let mut out = String::with_capacity(text.len() + 8);
    for (i, line) in text.lines().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let mut column = 0;
        for word in line.split(' ').filter(|w| !w.is_empty()) {
            if column > 0 && column + 1 + word.len() > WIDTH {
                out.push('\n');
                column = 0;
            } else if column > 0 {
                out.push(' ');
                column += 1;
            }
            out.push_str(word);
            column += word.len();
        }
    }
    out
}

/// Spec text as doc paragraphs, made safe for rustdoc ([`prose`]).
pub(crate) fn spec_docs(paragraphs: &[String]) -> Vec<String> {
    paragraphs.iter().map(|p| prose(p)).collect()
}

/// A type, written inside `mod models` (`in_models`) or beside it (`models::X`).
pub(crate) fn type_tokens(ty: &TypeRef, in_models: bool) -> TokenStream {
    match ty {
        TypeRef::Named(name) => {
            let name = ident(name);
            if in_models {
                quote!(#name)
            } else {
                quote!(models::#name)
            }
        }
        TypeRef::String => quote!(String),
        TypeRef::Bool => quote!(bool),
        TypeRef::Integer(name) | TypeRef::Float(name) => {
            let name = ident(name);
            quote!(#name)
        }
        TypeRef::Vec(inner) => {
            let inner = type_tokens(inner, in_models);
            quote!(Vec<#inner>)
        }
        TypeRef::Map(inner) => {
            let inner = type_tokens(inner, in_models);
            quote!(std::collections::BTreeMap<String, #inner>)
        }
        TypeRef::Json => quote!(rt::serde_json::Value),
        TypeRef::Format(name) => {
            let name = ident(name);
            quote!(rt::types::#name)
        }
        TypeRef::Nullable(inner) => {
            let inner = type_tokens(inner, in_models);
            quote!(Option<#inner>)
        }
        TypeRef::Null => quote!(()),
        TypeRef::OneOrMany(inner) => {
            let inner = type_tokens(inner, in_models);
            quote!(rt::OneOrMany<#inner>)
        }
        TypeRef::Tuple(items) => {
            let items = items.iter().map(|t| type_tokens(t, in_models));
            quote!((#(#items,)*))
        }
    }
}

/// Whether a type's tokens name the runtime (`rt::`), so that `mod models` imports it only when
/// something inside does.
pub(crate) fn names_runtime(ty: &TypeRef) -> bool {
    match ty {
        TypeRef::Json | TypeRef::Format(_) | TypeRef::OneOrMany(_) => true,
        TypeRef::Vec(inner) | TypeRef::Map(inner) | TypeRef::Nullable(inner) => {
            names_runtime(inner)
        }
        TypeRef::Tuple(items) => items.iter().any(names_runtime),
        TypeRef::Named(_)
        | TypeRef::String
        | TypeRef::Bool
        | TypeRef::Integer(_)
        | TypeRef::Float(_)
        | TypeRef::Null => false,
    }
}

/// The `#[cfg(..)]` of a tag gate; the whole API is the build without the `meteroid_some_tags`
/// cfg, which the including crate's build script sets when any tag feature is on.
pub(crate) fn cfg_attr(cfg: Option<&Cfg>) -> TokenStream {
    match cfg {
        None => TokenStream::new(),
        Some(Cfg::WholeApiOrAny(features)) if features.is_empty() => {
            quote!(#[cfg(not(meteroid_some_tags))])
        }
        Some(Cfg::WholeApiOrAny(features)) => {
            quote!(#[cfg(any(not(meteroid_some_tags), #(feature = #features),*))])
        }
        Some(Cfg::WholeApiOrAll(features)) => {
            quote!(#[cfg(any(not(meteroid_some_tags), all(#(feature = #features),*)))])
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn identifiers_never_panic() {
        assert_eq!(ident("name").to_string(), "name");
        assert_eq!(ident("type").to_string(), "r#type");
        assert_eq!(ident("a-b").to_string(), "a_b");
        assert_eq!(ident("1st").to_string(), "_1st");
        assert_eq!(ident("self").to_string(), "self_");
        assert_eq!(ident("").to_string(), "__");
    }

    #[test]
    fn own_text_wraps_at_88_columns_and_long_words_keep_their_line() {
        let text = "word ".repeat(30);
        let lines: Vec<String> = wrapped(&text).lines().map(str::to_string).collect();
        assert!(lines.iter().all(|l| l.len() <= 88), "{lines:?}");
        assert_eq!(lines.join(" "), text.trim_end());
        let link = format!("see {}", "x".repeat(100));
        assert_eq!(wrapped(&link), format!("see\n{}", "x".repeat(100)));
    }

    #[test]
    fn control_and_bidirectional_characters_never_reach_a_doc_raw() {
        assert_eq!(clean("plain"), "plain");
        assert_eq!(
            clean("a\u{202e}b\u{0}c\td\u{2066}"),
            "aU+202EbU+0000c dU+2066"
        );
        let tokens = docs(&["x\u{202e}y\u{1b}[31m"]).to_string();
        assert!(
            !tokens.contains('\u{202e}') && !tokens.contains('\u{1b}'),
            "{tokens}"
        );
        assert!(tokens.contains("xU+202EyU+001B[31m"), "{tokens}");
    }

    #[test]
    fn docs_are_one_attribute_per_line_with_an_empty_one_between_paragraphs() {
        let tokens = docs(&["One", "", "Two\n\nlines  "]).to_string();
        assert_eq!(
            tokens,
            quote!(#[doc = " One"] #[doc = ""] #[doc = " Two"] #[doc = ""] #[doc = " lines"])
                .to_string()
        );
    }
}
