// The generator settings of Meteroid's build and the bundled spec fixes. Included (`include!`)
// by build.rs, which applies them when it runs the generator (the `generate` feature), and by
// tests/snapshot.rs, tests/tags.rs and codegen/tests/spec_fixes.rs, so that the tests generate
// with exactly what the build applies. Plain items only: `include!` takes no inner attributes
// or `//!` docs.

/// The generator as Meteroid's build configures it before any fix: Meteroid's specs name no
/// server, so the client's default address is given here.
fn meteroid_generator() -> meteroid_codegen::Generator {
    meteroid_codegen::Generator::new().base_url("https://api.meteroid.com")
}

/// Where Meteroid's server and its published spec disagree, these fixes record what the server
/// actually does, so that the generated client decodes real responses. build.rs applies them to
/// spec/openapi.yaml (and to any METEROID_OPENAPI_SPEC) before generation; one whose target a
/// spec lacks is skipped with a build warning.
fn meteroid_server_fixes(generator: meteroid_codegen::Generator) -> meteroid_codegen::Generator {
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

/// The bundled full spec: its generated code gates each operation and type on the `tag-*`
/// features that need it, so that one generated file (checked in as
/// generated/meteroid-full.rs) serves every choice of tags.
const FULL_SPEC: &str = "spec/full/openapi.json";

/// The generator as build.rs configures it for `spec` (a path relative to the package root),
/// with or without the bundled fixes.
fn meteroid_generator_for(spec: &std::path::Path, fixes: bool) -> meteroid_codegen::Generator {
    let generator = if fixes {
        meteroid_server_fixes(meteroid_generator())
    } else {
        meteroid_generator()
    };
    generator.feature_gates(spec == std::path::Path::new(FULL_SPEC))
}
