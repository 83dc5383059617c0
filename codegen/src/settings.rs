//! Checks of the [`crate::Generator`] settings that name Rust items or carry Rust syntax, made
//! when the setting is given, so that a bad one fails generation with a message naming the
//! setting (`Generator::type_attribute("Pet", "#[derive(Hash"): ...`) rather than as a
//! compile error somewhere in the generated file.

use crate::ir::{KEYWORDS, SHADOWING};
use syn::parse::Parser;

/// How a setting is written in messages: `Generator::<method>("a", "b")`.
pub(crate) fn shown(method: &str, args: &[&str]) -> String {
    let args: Vec<String> = args.iter().map(|a| format!("{a:?}")).collect();
    format!("Generator::{method}({})", args.join(", "))
}

/// One or more outer attributes (`#[derive(Hash)]`, `#[doc(alias = "x")] #[non_exhaustive]`),
/// checked with syn: the text is kept, to be parsed again when emitted.
pub(crate) fn attributes(text: &str) -> Result<(), String> {
    let parsed = syn::Attribute::parse_outer
        .parse_str(text)
        .map_err(|e| format!("not an attribute (`#[...]`): {e}"))?;
    if parsed.is_empty() {
        return Err("not an attribute (`#[...]`): it is empty".to_string());
    }
    Ok(())
}

/// A Rust identifier that is no keyword.
fn identifier(name: &str) -> Result<(), String> {
    if KEYWORDS.contains(&name) || syn::parse_str::<syn::Ident>(name).is_err() {
        return Err(format!("`{name}` is not a Rust identifier"));
    }
    Ok(())
}

/// A type name: an UpperCamelCase identifier (rustc warns about others) that does not shadow
/// a prelude type.
pub(crate) fn type_name(name: &str) -> Result<(), String> {
    identifier(name)?;
    if !name.starts_with(|c: char| c.is_ascii_uppercase()) || name.contains('_') {
        return Err(format!(
            "`{name}` is not an UpperCamelCase type name (`Animal`, `PetStore`)"
        ));
    }
    if SHADOWING.contains(&name) {
        return Err(format!(
            "`{name}` would shadow the prelude's `{name}` in the generated code"
        ));
    }
    Ok(())
}

/// The generated client's name: a type name that the generated file does not already use
/// beside it (its error types and its `Credentials` trait).
pub(crate) fn client_name(name: &str) -> Result<(), String> {
    type_name(name)?;
    if matches!(name, "Error" | "ApiError") {
        return Err(format!(
            "`{name}` is the name of the generated error type beside the client"
        ));
    }
    if name == "Credentials" {
        return Err(format!(
            "`{name}` is the name of the generated trait of credential setters beside the client"
        ));
    }
    Ok(())
}

/// A method name: a snake_case identifier (rustc warns about others).
pub(crate) fn method_name(name: &str) -> Result<(), String> {
    identifier(name)?;
    let snake = name
        .chars()
        .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if !snake || !name.starts_with(|c: char| c.is_ascii_lowercase() || c == '_') {
        return Err(format!(
            "`{name}` is not a snake_case method name (`list_pets`)"
        ));
    }
    Ok(())
}

/// The path of a type the caller defines (`crate::Money`, `my_crate::types::Money`,
/// `rust_decimal::Decimal`).
pub(crate) fn type_path(path: &str) -> Result<(), String> {
    match syn::parse_str::<syn::Type>(path) {
        Ok(syn::Type::Path(type_path)) if type_path.qself.is_none() => Ok(()),
        Ok(_) => Err(format!(
            "`{path}` is not the path of a type (`crate::Money`)"
        )),
        Err(e) => Err(format!("`{path}` is not a Rust type: {e}")),
    }
}

/// A `User-Agent` value: printable ASCII, as HTTP allows in a header.
pub(crate) fn user_agent(value: &str) -> Result<(), String> {
    if value.trim().is_empty() {
        return Err("the user agent is empty".to_string());
    }
    if let Some(c) = value.chars().find(|c| !(' '..='~').contains(c)) {
        return Err(format!(
            "the user agent contains {c:?}, which a header value cannot hold (printable ASCII \
             only)"
        ));
    }
    Ok(())
}

/// An environment variable name: letters, digits and `_`, not starting with a digit (the names
/// every shell can set).
pub(crate) fn env_var(name: &str) -> Result<(), String> {
    let portable = name.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
    if name.is_empty() || !portable || name.starts_with(|c: char| c.is_ascii_digit()) {
        return Err(format!(
            "`{name}` is not an environment variable name (letters, digits and `_`, such as \
             `PETSTORE_API_KEY`)"
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn attributes_are_parsed_with_syn() {
        assert_eq!(attributes("#[derive(Hash)]"), Ok(()));
        assert_eq!(
            attributes("#[doc(alias = \"x\")] #[non_exhaustive]"),
            Ok(())
        );
        for bad in [
            "#[derive(Hash",
            "derive(Hash)",
            "",
            "#![allow(x)]",
            "#[a] fn",
        ] {
            let error = attributes(bad).expect_err(bad);
            assert!(error.starts_with("not an attribute"), "{bad}: {error}");
        }
    }

    #[test]
    fn names_are_identifiers_of_their_case() {
        assert_eq!(type_name("Animal"), Ok(()));
        assert!(type_name("animal").is_err());
        assert!(type_name("Pet_Store").is_err());
        assert!(type_name("Self").is_err());
        assert!(type_name("Vec").is_err());
        assert!(type_name("Pet Store").is_err());
        assert!(client_name("Error").is_err());
        assert!(client_name("Credentials").is_err());
        assert_eq!(client_name("Petstore"), Ok(()));
        assert_eq!(method_name("list_pets"), Ok(()));
        assert_eq!(method_name("pets2"), Ok(()));
        for bad in ["ListPets", "list-pets", "type", "", "2pets"] {
            assert!(method_name(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn paths_user_agents_and_variables() {
        assert_eq!(type_path("crate::Money"), Ok(()));
        assert_eq!(type_path("rust_decimal::Decimal"), Ok(()));
        assert_eq!(type_path("u64"), Ok(()));
        assert!(type_path("&str").is_err());
        assert!(type_path("crate::").is_err());
        assert_eq!(user_agent("petstore-rs/1.0 (+https://x.example)"), Ok(()));
        assert!(user_agent("").is_err());
        assert!(user_agent("caf\u{e9}/1").is_err());
        assert!(user_agent("a\nb").is_err());
        assert_eq!(env_var("PETSTORE_API_KEY"), Ok(()));
        for bad in ["", "A-B", "1KEY", "KEY=1"] {
            assert!(env_var(bad).is_err(), "{bad}");
        }
    }
}
