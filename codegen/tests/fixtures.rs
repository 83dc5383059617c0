//! One small spec per construct. `fixtures/ok/<name>.yaml` must generate exactly
//! `fixtures/ok/<name>.rs` (accept new output with `EXPECTORATE=overwrite cargo test -p
//! meteroid-codegen`); `fixtures/err/<name>.yaml` must fail with the one-line error its first
//! line gives after `# error: `.

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
        match Generator::new().generate(&text, &name(&spec)) {
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
