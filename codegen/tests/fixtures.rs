//! One small spec per construct. `fixtures/ok/<name>.yaml` must generate exactly
//! `fixtures/ok/<name>.rs` (accept new output with `EXPECTORATE=overwrite cargo test -p
//! meteroid-codegen`); `fixtures/err/<name>.yaml` must fail with the one-line error its first
//! line gives after `# error: ` (the rest of the file is the spec); `fixtures/warn/<name>.yaml`
//! holds what the generator cannot handle: its first lines, each `# warning: <line>`, are the
//! exact warnings, it generates `fixtures/warn/<name>.rs` (compiled by
//! `codegen/fixture-outputs`), and in strict mode it fails with the first refused warning's
//! pointer and reason, or, when it only resolved names, generates the same code.

use meteroid_codegen::Generator;
use std::path::{Path, PathBuf};

fn specs(dir: &str) -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(dir);
    let mut specs: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            matches!(
                p.extension().and_then(|e| e.to_str()),
                Some("yaml" | "json")
            )
        })
        .collect();
    specs.sort();
    assert!(!specs.is_empty(), "no fixtures in {}", dir.display());
    specs
}

fn name(path: &Path) -> String {
    path.file_name().unwrap().to_string_lossy().into_owned()
}

#[test]
fn good_specs_generate_their_snapshot() {
    for spec in specs("ok") {
        let text = std::fs::read_to_string(&spec).unwrap();
        let code = Generator::new()
            .generate(&text, &name(&spec))
            .unwrap_or_else(|e| panic!("{}: {e}", spec.display()));
        expectorate::assert_contents(spec.with_extension("rs"), &code);
    }
}

#[test]
fn bad_specs_fail_with_their_one_line_error() {
    for spec in specs("err") {
        let text = std::fs::read_to_string(&spec).unwrap();
        let expected = text
            .lines()
            .next()
            .and_then(|l| l.strip_prefix("# error: "))
            .unwrap_or_else(|| {
                panic!(
                    "{}: the first line must be `# error: <message>`",
                    spec.display()
                )
            });
        // The spec proper starts after that line, so that line numbers in messages are its own.
        let spec_text = text.split_once('\n').map_or("", |(_, rest)| rest);
        match Generator::new().generate(spec_text, &name(&spec)) {
            Ok(_) => panic!(
                "{}: generated, but should fail with: {expected}",
                spec.display()
            ),
            Err(e) => {
                let shown = e.to_string();
                assert!(
                    !shown.contains('\n'),
                    "{}: error spans lines: {shown}",
                    spec.display()
                );
                assert_eq!(shown, expected, "{}", spec.display());
            }
        }
    }
}

#[test]
fn degraded_specs_warn_generate_and_fail_in_strict_mode() {
    for spec in specs("warn") {
        let text = std::fs::read_to_string(&spec).unwrap();
        let expected: Vec<&str> = text
            .lines()
            .map_while(|l| l.strip_prefix("# warning: "))
            .collect();
        assert!(
            !expected.is_empty(),
            "{}: the first lines must be `# warning: <line>`",
            spec.display()
        );
        // The spec proper starts after those lines, so that line numbers are its own.
        let spec_text: String = text.split_inclusive('\n').skip(expected.len()).collect();
        let file = name(&spec);
        let output = Generator::new()
            .generate_output(&spec_text, &file)
            .unwrap_or_else(|e| panic!("{}: {e}", spec.display()));
        assert_eq!(output.warnings, expected, "{}", spec.display());
        expectorate::assert_contents(spec.with_extension("rs"), &output.code);

        // The warnings that strict mode refuses: what the generator cannot handle (names it
        // resolved, free-form objects and ignored headers are not refusals).
        let refused: Vec<&str> = expected
            .iter()
            .filter_map(|w| {
                w.strip_suffix("; it is `serde_json::Value`")
                    .or_else(|| w.strip_suffix("; the operation is left out"))
                    .or_else(|| w.strip_suffix("; its operations are left out"))
                    .or_else(|| w.strip_suffix("; it is met without it"))
                    .or_else(|| {
                        w.strip_suffix(
                            "; requirements naming it are met without it (send its credential \
                             with `default_header`)",
                        )
                    })
            })
            .collect();
        let strict = Generator::new().strict(true).generate(&spec_text, &file);
        let Some(first) = refused.first() else {
            // Nothing refused: strict mode generates the same code.
            let code = strict.unwrap_or_else(|e| panic!("{}: strict mode: {e}", spec.display()));
            assert_eq!(code, output.code, "{}", spec.display());
            continue;
        };
        let strict = strict
            .err()
            .unwrap_or_else(|| panic!("{}: generated in strict mode", spec.display()))
            .to_string();
        assert!(!strict.contains('\n'), "{}: {strict}", spec.display());
        // The first refused warning is the error, with a count of the others.
        let more = match refused.len() - 1 {
            0 => String::new(),
            1 => " (and 1 more construct the generator cannot handle; see the warnings without strict mode)".to_string(),
            n => format!(" (and {n} more constructs the generator cannot handle; see the warnings without strict mode)"),
        };
        assert_eq!(strict, format!("{first}{more}"), "{}", spec.display());
    }
}

/// The full public Meteroid spec, bundled with the client (`spec/full/`).
fn full_spec() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/full/openapi.json");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn the_full_meteroid_spec_generates_every_operation() {
    let text = full_spec();
    let first = Generator::new()
        .generate_output(&text, "meteroid-full.json")
        .unwrap();
    assert_eq!(
        first.code.matches("const OPERATION: rt::Operation").count(),
        88,
        "every operation is generated"
    );
    // Free-form `metadata` objects are the only `serde_json::Value` fallbacks, each warned about.
    assert_eq!(first.warnings.len(), 3, "{:#?}", first.warnings);
    assert!(
        first
            .warnings
            .iter()
            .all(|w| w.contains("/properties/metadata"))
    );
}

/// The spec's prose that must reach the generated docs: descriptions and summaries of
/// operations, parameters, responses and schemas (not of a binary response's schema, which
/// has no type of its own), every line of them.
fn spec_prose(value: &serde_json::Value, binary: bool, out: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, child) in map {
                match (key.as_str(), child) {
                    ("description" | "summary", serde_json::Value::String(text)) if !binary => {
                        out.extend(
                            text.lines()
                                .map(str::trim)
                                .filter(|l| !l.is_empty())
                                .map(String::from),
                        );
                    }
                    ("content", serde_json::Value::Object(media)) => {
                        for (media_type, entry) in media {
                            let json = media_type.contains("json");
                            spec_prose(entry, binary || !json, out);
                        }
                    }
                    _ => spec_prose(child, binary, out),
                }
            }
        }
        serde_json::Value::Array(items) => {
            for item in items {
                spec_prose(item, binary, out);
            }
        }
        _ => {}
    }
}

/// Every description and summary of the spec's paths and schemas is in the generated docs
/// (rustdoc's escapes aside).
fn assert_prose_survives(text: &str, file: &str) {
    let doc = meteroid_codegen::load::parse_document(text, file).unwrap();
    let mut prose = Vec::new();
    for section in [&doc["paths"], &doc["components"]["schemas"]] {
        spec_prose(section, false, &mut prose);
    }
    assert!(!prose.is_empty(), "{file}: no prose found");
    let code = Generator::new().generate(text, file).unwrap();
    let unescaped = code
        .replace("\\[", "[")
        .replace("\\]", "]")
        .replace("\\<", "<")
        .replace("\\>", ">");
    let missing: Vec<&String> = prose
        .iter()
        .filter(|p| !unescaped.contains(p.as_str()))
        .collect();
    assert!(
        missing.is_empty(),
        "{file}: spec prose missing from the docs: {missing:#?}"
    );
}

#[test]
fn the_specs_prose_reaches_the_docs() {
    let bundled = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/openapi.yaml");
    assert_prose_survives(&std::fs::read_to_string(bundled).unwrap(), "openapi.yaml");
    assert_prose_survives(&full_spec(), "meteroid-full.json");
}
