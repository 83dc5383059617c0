//! Spec text -> `serde_json::Value`, from YAML or JSON.

mod json;
mod yaml;

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
        Syntax::Json => json::parse(text).map_err(|e| {
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
        Syntax::Yaml => yaml::parse(text).map_err(|e| {
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

/// Whether a number token is too large for `f64` (`1e400`, `-1.0E+999`, or 400 digits):
/// the JSON parser refuses it, the YAML parser hands it over as text. Words `f64` parses
/// (`inf`, `NaN`) are no numbers here.
fn beyond_f64(scalar: &str) -> bool {
    let digits = scalar.strip_prefix(['-', '+']).unwrap_or(scalar);
    digits.starts_with(|c: char| c.is_ascii_digit() || c == '.')
        && digits
            .bytes()
            .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'e' | b'E' | b'-' | b'+'))
        && scalar.parse::<f64>().is_ok_and(f64::is_infinite)
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
    fn numbers_of_any_size_load_alike_from_yaml_and_json() {
        let numbers = [
            "-9223372036854776000",
            "18446744073709551616",
            "-170141183460469231731687303715884105729",
            "340282366920938463463374607431768211456",
            "1e400",
            "-1.5E+400",
            "1e-400",
            "0.5",
            &format!("1{}", "0".repeat(400)),
        ];
        let list = numbers.join(", ");
        let y = parse_document(&format!("a: [{list}]\nb: {}\n", numbers[4]), "a.yaml").unwrap();
        let j = parse_document(
            &format!(r#"{{"a": [{list}], "b": {}}}"#, numbers[4]),
            "a.json",
        )
        .unwrap();
        assert_eq!(y, j);
        assert_eq!(j["a"][0].as_f64(), Some(i64::MIN as f64));
        assert_eq!(j["a"][1].as_f64(), Some(2f64.powi(64)));
        assert_eq!(j["a"][4].as_f64(), Some(f64::MAX));
        assert_eq!(j["a"][5].as_f64(), Some(-f64::MAX));
        assert_eq!(j["a"][6].as_f64(), Some(0.0));
        assert_eq!(j["a"][8].as_f64(), Some(f64::MAX));
        assert_eq!(j["b"].as_f64(), Some(f64::MAX));
    }

    #[test]
    fn text_that_looks_like_a_huge_number_stays_text() {
        let y = parse_document(
            "a: '1e400'\nb: \"1e400\"\nc: !!str 1e400\nd: [ !!str 1e400]\ne: .inf\nf: -.inf\ng: .nan\nh: inf\n",
            "a.yaml",
        )
        .unwrap();
        for key in ["a", "b", "c"] {
            assert_eq!(y[key], "1e400", "{key}");
        }
        assert_eq!(y["d"][0], "1e400");
        assert_eq!(y["e"].as_f64(), Some(f64::MAX));
        assert_eq!(y["f"].as_f64(), Some(-f64::MAX));
        assert!(y["g"].is_null());
        assert_eq!(y["h"], "inf");
        let j = parse_document(r#"{"a": "1e400 \" 1e400", "b": [1e400]}"#, "a.json").unwrap();
        assert_eq!(j["a"], "1e400 \" 1e400");
        assert_eq!(j["b"][0].as_f64(), Some(f64::MAX));
        // Response codes and other keys are text, as before.
        let y = parse_document("200: {1e400: x, ~: y, true: z}\n", "a.yaml").unwrap();
        assert_eq!(y["200"]["1e400"], "x");
        assert_eq!(y["200"]["~"], "y");
        assert_eq!(y["200"]["true"], "z");
    }

    #[test]
    fn a_syntax_error_beside_a_huge_number_is_still_reported() {
        let e = parse_document(r#"{"a": 1e400, "b": }"#, "bad.json").unwrap_err();
        assert!(e.message().starts_with("not valid JSON"), "{e}");
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
