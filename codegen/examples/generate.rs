//! Prints the code generated from a spec file: `cargo run -p meteroid-codegen --example
//! generate -- <spec>`. Warnings go to stderr; a bad spec exits with status 1 and its error.

fn main() {
    let Some(path) = std::env::args().nth(1) else {
        eprintln!("usage: generate <spec.yaml|spec.json>");
        std::process::exit(2);
    };
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    };
    match meteroid_codegen::Generator::new().generate_output(&text, &path) {
        Ok(output) => {
            for warning in &output.warnings {
                eprintln!("warning: {warning}");
            }
            print!("{}", output.code);
        }
        Err(e) => {
            eprintln!("error: {e}");
            std::process::exit(1);
        }
    }
}
