//! The generator as Meteroid's build configures it, and the bundled spec fixes.

use meteroid_codegen::Generator;
use std::path::Path;

/// The generator as Meteroid's build configures it before any fix: Meteroid's specs name no
/// server, so the client's default address is given here.
pub fn meteroid_generator() -> Generator {
    Generator::new().base_url("https://api.meteroid.com")
}

/// Where Meteroid's server and its published spec disagree, these fixes record what the server
/// actually does, so that the generated client decodes real responses. The build applies them
/// to the bundled specs (and to any `METEROID_OPENAPI_SPEC`) before generation; one whose target
/// a spec lacks is skipped with a build warning.
pub fn meteroid_server_fixes(generator: Generator) -> Generator {
    generator
        // The server keeps CustomTaxRate.rate as a decimal and serializes it as a JSON number
        // ("rate": 20.0), although the spec says `type: string`; it accepts a number or a string
        // on input. Without this, every customer with custom taxes fails to decode, so a PATCH
        // that succeeded on the server comes back as an error.
        .spec_fix(
            "/components/schemas/CustomTaxRate/properties/rate",
            r#"{"type": ["string", "number"], "format": "decimal"}"#,
            "CustomTaxRate.rate is a decimal, sent as a number or a string",
        )
}

/// The generator as the build configures it for `spec` (a path relative to the package root),
/// with or without the bundled fixes: the full spec's output is gated on the `tag-*` features
/// ([`Generator::feature_gates`]), so that one generated file serves every choice of tags.
pub fn generator_for(spec: &Path, fixes: bool) -> Generator {
    let generator = if fixes {
        meteroid_server_fixes(meteroid_generator())
    } else {
        meteroid_generator()
    };
    generator.feature_gates(spec == Path::new(crate::FULL.spec))
}
