//! One module per fixture output, good (`fixtures/ok`) and degraded (`fixtures/warn`), and per
//! position of the shape table (`shapes`, from `codegen/tests/shapes.rs`), so that a new
//! fixture is compiled (and linted) without being listed anywhere.

use std::fmt::Write as _;
use std::path::Path;

fn main() {
    let mut modules = String::new();
    for (group, folder, docs, source) in [
        ("ok", "fixtures/ok", "good fixture", "`NAME.yaml`"),
        (
            "warn",
            "fixtures/warn",
            "fixture the generator degrades (with warnings)",
            "`NAME.yaml`",
        ),
        (
            "shapes",
            "shapes",
            "position of the shape table (every kind and presence in it)",
            "the shape table's spec for `NAME` (`codegen/tests/shapes.rs`)",
        ),
    ] {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../tests")
            .join(folder);
        println!("cargo:rerun-if-changed={}", dir.display());
        let mut outputs: Vec<_> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .filter_map(|entry| entry.ok().map(|e| e.path()))
            .filter(|path| path.extension().is_some_and(|x| x == "rs"))
            .collect();
        outputs.sort();
        let _ = writeln!(
            modules,
            "/// The output of every {docs}.\npub mod {group} {{"
        );
        for path in &outputs {
            println!("cargo:rerun-if-changed={}", path.display());
            let name = path
                .file_stem()
                .and_then(|s| s.to_str())
                .unwrap_or_else(|| panic!("{}: not a UTF-8 name", path.display()));
            let _ = writeln!(
                modules,
                "    /// The output of {}.\n    pub mod {name} {{\n        include!({:?});\n    }}",
                source.replace("NAME", name),
                path.display().to_string()
            );
        }
        let _ = writeln!(modules, "}}");
    }
    let out = Path::new(&std::env::var_os("OUT_DIR").expect("set by cargo")).join("fixtures.rs");
    std::fs::write(&out, modules).unwrap_or_else(|e| panic!("{}: {e}", out.display()));
}
