//! Spec text -> `serde_json::Value`, from YAML or JSON.

use crate::error::Error;
use serde_json::Value;

/// The syntax a spec is written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    /// JSON (`.json`).
    Json,
    /// YAML (`.yaml`, `.yml`).
    Yaml,
}

impl Syntax {
    /// The syntax a file name's extension says, or, failing that, what the text looks like: a
    /// document whose first non-blank character is `{` is JSON. JSON is also YAML, but parsing
    /// it as JSON gives better messages and keeps numbers exact.
    pub fn detect(file_name: &str, text: &str) -> Syntax {
        let lower = file_name.to_ascii_lowercase();
        if lower.ends_with(".json") {
            Syntax::Json
        } else if lower.ends_with(".yaml") || lower.ends_with(".yml") {
            Syntax::Yaml
        } else if text
            .trim_start_matches('\u{feff}')
            .trim_start()
            .starts_with('{')
        {
            Syntax::Json
        } else {
            Syntax::Yaml
        }
    }
}

/// Parses a spec document into a JSON value.
pub fn parse_document(text: &str, file_name: &str) -> Result<Value, Error> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let value = match Syntax::detect(file_name, text) {
        Syntax::Json => serde_json::from_str::<Value>(text).map_err(|e| {
            Error::new(
                file_name,
                "",
                format!(
                    "not valid JSON (line {}, column {}): {e}",
                    e.line(),
                    e.column()
                ),
            )
        })?,
        Syntax::Yaml => serde_yaml::from_str::<Value>(text).map_err(|e| {
            let at = e
                .location()
                .map(|l| format!(" (line {}, column {})", l.line(), l.column()))
                .unwrap_or_default();
            Error::new(file_name, "", format!("not valid YAML{at}: {e}"))
        })?,
    };
    if !value.is_object() {
        return Err(Error::new(
            file_name,
            "",
            "the document is not a mapping at the top level; an OpenAPI description is an object",
        ));
    }
    Ok(value)
}

/// The spec's size and FNV-1a 64 hash: `len=<bytes> fnv1a64=<16 hex digits>`, which the
/// generated header records. Not a cryptographic hash: it tells a spec edited since generation
/// from the one generated from, which is all the header needs; the build script that reads it
/// computes it the same way without depending on this crate (kept in step by a test).
pub fn fingerprint(bytes: &[u8]) -> String {
    let hash = bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |hash, &byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3)
    });
    format!("len={} fnv1a64={hash:016x}", bytes.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn yaml_and_json_give_the_same_value() {
        let y =
            parse_document("openapi: 3.1.0\ninfo: {title: t, version: '1'}\n", "a.yaml").unwrap();
        let j = parse_document(
            r#"{"openapi":"3.1.0","info":{"title":"t","version":"1"}}"#,
            "a.json",
        )
        .unwrap();
        assert_eq!(y, j);
    }

    #[test]
    fn sniffs_json_without_an_extension() {
        assert_eq!(Syntax::detect("spec", "  {\"a\":1}"), Syntax::Json);
        assert_eq!(Syntax::detect("spec", "a: 1"), Syntax::Yaml);
        assert_eq!(Syntax::detect("spec.YML", "{}"), Syntax::Yaml);
        assert!(parse_document("\u{feff}{\"openapi\":\"3.1.0\"}", "spec").is_ok());
    }

    #[test]
    fn syntax_errors_name_the_file_and_the_line() {
        let e = parse_document("openapi: [3.1\n", "bad.yaml").unwrap_err();
        let text = e.to_string();
        assert!(
            text.starts_with("bad.yaml: #: not valid YAML (line"),
            "{text}"
        );
        let e = parse_document("{\"a\": }", "bad.json").unwrap_err();
        assert!(
            e.to_string()
                .starts_with("bad.json: #: not valid JSON (line 1, column 7)"),
            "{e}"
        );
    }

    #[test]
    fn a_scalar_document_is_refused() {
        let e = parse_document("42", "x.yaml").unwrap_err();
        assert!(e.message().contains("not a mapping"), "{e}");
    }
}
