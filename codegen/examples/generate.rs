//! Prints the code generated from a spec file:
//! `cargo run -p meteroid-codegen --example generate -- <spec> [--tag <tag>]..`. With `--tag`,
//! only the operations of those tags and the types they reach (`Generator::tags`). Warnings
//! go to stderr; a bad spec exits with status 1 and its error.

fn main() {
    let mut path = None;
    let mut tags = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match (arg.as_str(), path.is_none()) {
            ("--tag", _) => match args.next() {
                Some(tag) => tags.push(tag),
                None => usage(),
            },
            (_, true) => path = Some(arg),
            (_, false) => usage(),
        }
    }
    let Some(path) = path else { usage() };
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(e) => {
            eprintln!("{path}: {e}");
            std::process::exit(1);
        }
    };
    let mut generator = meteroid_codegen::Generator::new();
    if !tags.is_empty() {
        generator = generator.tags(tags);
    }
    match generator.generate_output(&text, &path) {
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

fn usage() -> ! {
    eprintln!("usage: generate <spec.yaml|spec.json> [--tag <tag>]..");
    std::process::exit(2);
}
