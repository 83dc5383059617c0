//! The generator as Meteroid's build configures it, and the bundled spec fixes.

use meteroid_codegen::Generator;
use std::path::Path;

/// The generator as Meteroid's build configures it before any fix: Meteroid's specs name no
/// server, so the client's default address is given here, and `Client::from_env()` reads
/// Meteroid's variables. (The client keeps the generator's name, `Client`, and the default
/// user agent, this crate's `meteroid-client/<version>`.)
pub fn meteroid_generator() -> Generator {
    Generator::new()
        .base_url("https://api.meteroid.com")
        .env_vars("METEROID_API_KEY", "METEROID_BASE_URL")
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

/// The fixes of the webhook events, for the specs that have them (the full API; not the
/// `patch_customer` subset, where each would be skipped with a warning on every build).
pub fn meteroid_webhook_fixes(generator: Generator) -> Generator {
    generator
        // Metric webhooks (metric.created, .updated, .archived) carry `created_at` without an
        // offset ("1970-01-01T00:00:00"): so do the spec's own examples and the server's event
        // serializer. The spec says `date-time` (RFC 3339, which needs the offset), so every
        // metric delivery failed to decode. Kept as the text the server sends.
        .spec_fix(
            "/components/schemas/MetricEventData/properties/created_at",
            r#"{"format": null}"#,
            "MetricEventData.created_at is a date-time without an offset",
        )
}

/// The generator as the build configures it for `spec` (a path relative to the package root),
/// with or without the bundled fixes (the webhook fixes for every spec but the bundled subset): the full spec's output is gated on the `tag-*` features
/// ([`Generator::feature_gates`]), so that one generated file serves every choice of tags.
pub fn generator_for(spec: &Path, fixes: bool) -> Generator {
    let generator = match (fixes, spec == Path::new(crate::BUNDLED.spec)) {
        (false, _) => meteroid_generator(),
        (true, true) => meteroid_server_fixes(meteroid_generator()),
        (true, false) => meteroid_webhook_fixes(meteroid_server_fixes(meteroid_generator())),
    };
    generator.feature_gates(spec == Path::new(crate::FULL.spec))
}
