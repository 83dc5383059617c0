//! One line of tab-separated figures per spec, for `scripts/directory.sh` (which runs it once
//! per spec of the APIs.guru directory, so that one spec's failure or memory cannot touch
//! another's): `file, status, operations generated, operations in spec, schemas typed, schemas
//! in spec, generated lines, error, schemas that say nothing about their value (`{}`)`.
//! `status` is `ok` or `error`; an error's text is one line.

fn main() {
    let mut failed = false;
    for path in std::env::args().skip(1) {
        let row = match std::fs::read_to_string(&path) {
            Err(e) => format!("{path}\terror\t0\t0\t0\t0\t0\tcannot read: {e}"),
            Ok(text) => match meteroid_codegen::Generator::new().generate_output(&text, &path) {
                Ok(output) => {
                    let c = output.coverage;
                    format!(
                        "{path}\tok\t{}\t{}\t{}\t{}\t{}\t\t{}",
                        c.operations_generated,
                        c.operations_in_spec,
                        c.schemas_in_spec - c.schemas_untyped,
                        c.schemas_in_spec,
                        output.code.lines().count(),
                        c.schemas_shapeless
                    )
                }
                Err(e) => {
                    failed = true;
                    let message = e.to_string().replace(['\t', '\n'], " ");
                    format!("{path}\terror\t0\t0\t0\t0\t0\t{message}")
                }
            },
        };
        println!("{row}");
    }
    if failed {
        std::process::exit(1);
    }
}
