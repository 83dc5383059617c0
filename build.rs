//! Generates the client into `$OUT_DIR/meteroid.rs`, which `src/lib.rs` includes, with the
//! bundled spec fixes applied.
//!
//! The spec it generates from, the first that applies:
//! 1. `METEROID_OPENAPI_SPEC`, when set (a path; relative to this package's root), whatever
//!    the features;
//! 2. `spec/full/openapi.json`, the whole Meteroid API (88 operations), with the `full`
//!    feature;
//! 3. `spec/openapi.yaml`, the bundled subset, otherwise.
//!
//! With `tag-*` features, only the operations of those tags (and the types they reach) are
//! generated.
//!
//! The bundled fixes are in `spec/fixes.rs` (included here and by the snapshot test, which must
//! generate exactly what the build does): where Meteroid's server and its published spec
//! disagree, they record what the server does. Today one: `CustomTaxRate.rate` is a decimal the
//! server sends as a JSON number. `METEROID_OPENAPI_BUNDLED_FIXES=off` skips them; a fix whose
//! target a spec lacks is skipped with a `cargo:warning`, never an error.

include!("spec/fixes.rs");

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-changed=spec/fixes.rs");
    println!("cargo:rerun-if-env-changed=METEROID_OPENAPI_SPEC");
    println!("cargo:rerun-if-env-changed=METEROID_OPENAPI_BUNDLED_FIXES");
    // Cargo sets CARGO_FEATURE_FULL for the `full` feature; each feature set has its own run
    // of this script and its own OUT_DIR.
    let spec: std::path::PathBuf = match std::env::var_os("METEROID_OPENAPI_SPEC") {
        Some(path) => path.into(),
        None if std::env::var_os("CARGO_FEATURE_FULL").is_some() => "spec/full/openapi.json".into(),
        None => "spec/openapi.yaml".into(),
    };
    let setting = std::env::var_os("METEROID_OPENAPI_BUNDLED_FIXES");
    let setting = setting.as_ref().map(|value| value.to_string_lossy());
    let generator = match bundled_fixes_enabled(setting.as_deref()) {
        Ok(true) => meteroid_server_fixes(meteroid_generator()),
        Ok(false) => meteroid_generator(),
        Err(message) => {
            // Fails the build with exactly this line.
            println!("cargo::error={message}");
            return;
        }
    };
    // `tag-*` features (each implies `full`): only those resources' operations and the types
    // they reach. Cargo names a feature `tag-add-ons` CARGO_FEATURE_TAG_ADD_ONS.
    println!("cargo::rustc-check-cfg=cfg(meteroid_some_tags)");
    let mut tags: Vec<String> = std::env::vars()
        .filter_map(|(name, _)| {
            let tag = name.strip_prefix("CARGO_FEATURE_TAG_")?;
            Some(format!(
                "tag-{}",
                tag.to_ascii_lowercase().replace('_', "-")
            ))
        })
        .collect();
    tags.sort();
    let generator = if tags.is_empty() {
        generator
    } else {
        // Lets the snapshot test know this build is a part of the API.
        println!("cargo::rustc-cfg=meteroid_some_tags");
        generator.tags(tags)
    };
    generator.build_script(spec, "meteroid.rs");
}
