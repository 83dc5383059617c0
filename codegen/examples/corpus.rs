//! Prints how much of each spec the generator covers, as Markdown table rows:
//! `cargo run -p meteroid-codegen --example corpus -- <spec>...` (what `scripts/corpus.sh`
//! runs for the README's "Generality" table). A spec that fails to generate prints its error
//! in the row and makes the exit status 1. Constraints that no contract-test sample meets
//! (`Output::sample_gaps`) go to stderr, one line each.

fn main() {
    let paths: Vec<String> = std::env::args().skip(1).collect();
    if paths.is_empty() {
        eprintln!("usage: corpus <spec.yaml|spec.json>...");
        std::process::exit(2);
    }
    println!(
        "| spec | operations generated / in spec | component schemas typed / in spec | fell back to `Value` | warnings | generated lines | lines per operation |"
    );
    println!("| --- | --- | --- | --- | --- | --- | --- |");
    let mut failed = false;
    for path in &paths {
        let name = path.rsplit('/').next().unwrap_or(path);
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) => {
                println!("| `{name}` | cannot read: {e} | | | | | |");
                failed = true;
                continue;
            }
        };
        match meteroid_codegen::Generator::new().generate_output(&text, path) {
            Ok(output) => {
                let c = output.coverage;
                let typed = c.schemas_in_spec - c.schemas_untyped;
                let percent = if c.schemas_in_spec == 0 {
                    100.0
                } else {
                    100.0 * typed as f64 / c.schemas_in_spec as f64
                };
                let lines = output.code.lines().count();
                let per_operation = if c.operations_generated == 0 {
                    "-".to_string()
                } else {
                    format!("{:.0}", lines as f64 / c.operations_generated as f64)
                };
                println!(
                    "| `{name}` | {} / {} | {typed} / {} ({percent:.1} %) | {} | {} | {lines} | {per_operation} |",
                    c.operations_generated,
                    c.operations_in_spec,
                    c.schemas_in_spec,
                    c.schemas_untyped,
                    output.warnings.len(),
                );
                for gap in &output.sample_gaps {
                    eprintln!("sample gap: {gap}");
                }
            }
            Err(e) => {
                println!("| `{name}` | error: {e} | | | | | |");
                failed = true;
            }
        }
    }
    if failed {
        std::process::exit(1);
    }
}
