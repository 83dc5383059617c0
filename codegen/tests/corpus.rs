//! The generality corpus: real public OpenAPI descriptions (Lago, Svix, Resend, Train Travel,
//! Museum) and the two Meteroid specs bundled here. Each must generate without error, with
//! every operation (except those listed in `KNOWN_LEFT_OUT`, each a construct still to
//! support) and at least 98 % of its component schemas typed.
//!
//! The public descriptions are not part of this repository (they are other projects' files):
//! the test reads them from the directory `METEROID_CORPUS_DIR` names, by default
//! `../shared/specs/public` beside the workspace. Without it the test says so and passes,
//! except under `CI=true`, where a missing corpus is a failure. `scripts/corpus.sh` also
//! compiles each generated client with clippy and prints the README's table.

use meteroid_codegen::Generator;
use std::path::{Path, PathBuf};

/// Public specs, by file name.
const PUBLIC: &[&str] = &[
    "lago-openapi.yaml",
    "svix-lib-openapi.json",
    "resend.yaml",
    "readme-train-travel.json",
    "redocly-museum.yaml",
];

/// Operations the generator still leaves out, by spec and JSON pointer (of the construct),
/// and why. A pointer here that generates, or one left out that is not here, fails the test:
/// the list is exactly what is missing.
const KNOWN_LEFT_OUT: &[(&str, &str)] = &[];

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn corpus_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("METEROID_CORPUS_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| workspace().join("../shared/specs/public"));
    if dir.join(PUBLIC[0]).is_file() {
        return Some(dir);
    }
    let why = format!(
        "the public corpus is not at {} (set METEROID_CORPUS_DIR to the directory holding {})",
        dir.display(),
        PUBLIC.join(", ")
    );
    assert!(
        std::env::var("CI").as_deref() != Ok("true"),
        "under CI=true the corpus must be there: {why}"
    );
    eprintln!("skipped: {why}");
    None
}

fn check(path: &Path, name: &str) {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let output = Generator::new()
        .generate_output(&text, name)
        .unwrap_or_else(|e| panic!("{name} does not generate: {e}"));
    let c = output.coverage;
    let left_out: Vec<&str> = output
        .warnings
        .iter()
        .filter(|w| w.ends_with("the operation is left out") || w.ends_with("are left out"))
        .filter_map(|w| w.strip_prefix(&format!("{name}: ")))
        .filter_map(|w| w.split(": ").next())
        .collect();
    let known: Vec<&str> = KNOWN_LEFT_OUT
        .iter()
        .filter(|(spec, _)| *spec == name)
        .map(|(_, pointer)| *pointer)
        .collect();
    assert_eq!(left_out, known, "{name}: operations left out");
    assert_eq!(
        c.operations_generated + known.len(),
        c.operations_in_spec,
        "{name}: {c:?}"
    );
    let typed = c.schemas_in_spec - c.schemas_untyped;
    assert!(
        typed * 100 >= c.schemas_in_spec * 98,
        "{name}: only {typed} of {} component schemas typed",
        c.schemas_in_spec
    );
    // Deterministic: the same spec gives the same bytes.
    let again = Generator::new()
        .generate(&text, name)
        .unwrap_or_else(|e| panic!("{name}: {e}"));
    assert!(again == output.code, "{name}: two generations differ");
}

#[test]
fn the_bundled_specs_generate_everything() {
    for (file, name) in [
        ("spec/openapi.yaml", "openapi.yaml"),
        ("spec/full/openapi.json", "openapi.json"),
    ] {
        check(&workspace().join(file), name);
    }
}

#[test]
fn the_public_corpus_generates() {
    let Some(dir) = corpus_dir() else { return };
    for name in PUBLIC {
        check(&dir.join(name), name);
    }
}
