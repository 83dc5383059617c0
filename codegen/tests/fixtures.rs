//! One small spec per construct. `fixtures/ok/<name>.yaml` must generate exactly
//! `fixtures/ok/<name>.rs` (accept new output with `EXPECTORATE=overwrite cargo test -p
//! meteroid-codegen`); `fixtures/err/<name>.yaml` must fail with the one-line error its first
//! line gives after `# error: ` (the rest of the file is the spec).

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
        syn::parse_file(&code)
            .unwrap_or_else(|e| panic!("{}: output does not parse: {e}", spec.display()));
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

/// The full public Meteroid spec, bundled with the client (`spec/full/`).
fn full_spec() -> String {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/full/openapi.json");
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

#[test]
fn the_full_meteroid_spec_generates_deterministically() {
    let text = full_spec();
    let first = Generator::new()
        .generate_output(&text, "meteroid-full.json")
        .unwrap();
    let second = Generator::new()
        .generate_output(&text, "meteroid-full.json")
        .unwrap();
    assert!(first.code == second.code, "two generations differ");
    syn::parse_file(&first.code).unwrap();
    assert_eq!(
        first
            .code
            .matches("const OPERATION: crate::runtime::Operation")
            .count(),
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
