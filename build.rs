//! Puts the client into `$OUT_DIR/meteroid.rs`, which `src/lib.rs` includes.
//!
//! The spec, the first that applies:
//! 1. `METEROID_OPENAPI_SPEC`, when set (a path; relative to this package's root), whatever
//!    the features;
//! 2. `spec/full/openapi.json`, the whole Meteroid API (88 operations), with the `full`
//!    feature;
//! 3. `spec/openapi.yaml`, the bundled subset, otherwise.
//!
//! By default (the `generate` feature) the generator runs here, with Meteroid's settings
//! (`meteroid-client-build`): where Meteroid's server and its published spec disagree, the
//! bundled fixes record what the server does (today one: `CustomTaxRate.rate` is a decimal the
//! server sends as a JSON number). `METEROID_OPENAPI_BUNDLED_FIXES=off` skips them; a fix whose
//! target a spec lacks is skipped with a `cargo:warning`, never an error.
//!
//! Without `generate` (`default-features = false`) this script copies the checked-in code of
//! the bundled spec (`generated/meteroid.rs`, `generated/meteroid-full.rs`, kept equal to the
//! generator's output by tests/snapshot.rs), so the build does not compile the generator. It
//! first checks that the spec is still the one the file was generated from (the fingerprint in
//! the file's header), so a changed spec fails the build with the two ways out rather than
//! building stale code.
//!
//! `tag-*` features (each implies `full`) compile only the operations of those tags and the
//! types they reach: the full API's generated code gates each item on the features that need
//! it (`#[cfg]`), and this script sets the `meteroid_some_tags` cfg that turns the gates on.
//! With another spec, only those tags are generated.

use meteroid_client_build::{BUNDLED, FULL, bundled_fixes_enabled};
use std::path::Path;

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=METEROID_OPENAPI_SPEC");
    println!("cargo:rerun-if-env-changed=METEROID_OPENAPI_BUNDLED_FIXES");
    println!("cargo::rustc-check-cfg=cfg(meteroid_some_tags)");
    let other_spec = std::env::var_os("METEROID_OPENAPI_SPEC");
    // Cargo sets CARGO_FEATURE_FULL for the `full` feature; each feature set has its own run
    // of this script and its own OUT_DIR.
    let spec: std::path::PathBuf = match &other_spec {
        Some(path) => path.into(),
        None if std::env::var_os("CARGO_FEATURE_FULL").is_some() => FULL.spec.into(),
        None => BUNDLED.spec.into(),
    };
    let setting = std::env::var_os("METEROID_OPENAPI_BUNDLED_FIXES");
    let setting = setting.as_ref().map(|value| value.to_string_lossy());
    let fixes = match bundled_fixes_enabled(setting.as_deref()) {
        Ok(fixes) => fixes,
        Err(message) => return fail(&message),
    };
    let tags = tag_features();
    if !tags.is_empty() {
        // Turns off the items of the full API that no enabled tag needs (their `#[cfg]`), and
        // lets the snapshot test know this build is a part of the API.
        println!("cargo::rustc-cfg=meteroid_some_tags");
    }
    #[cfg(feature = "generate")]
    generate(&spec, fixes, tags);
    #[cfg(not(feature = "generate"))]
    if let Err(message) = use_checked_in(&spec, other_spec.is_some(), fixes) {
        fail(&message);
    }
}

/// Without the generator: the checked-in output of a bundled spec, or an error saying why it
/// cannot be used.
#[cfg(not(feature = "generate"))]
fn use_checked_in(spec: &Path, other_spec: bool, fixes: bool) -> Result<(), String> {
    if other_spec {
        return Err(format!(
            "METEROID_OPENAPI_SPEC={}: generating from a spec other than the bundled ones needs \
             the generator: enable this crate's `generate` feature",
            spec.display()
        ));
    }
    if !fixes {
        return Err(
            "METEROID_OPENAPI_BUNDLED_FIXES=off: the checked-in generated code has the \
                    bundled fixes; generating without them needs the generator: enable this \
                    crate's `generate` feature"
                .to_string(),
        );
    }
    copy_checked_in(spec)
}

/// The enabled `tag-*` features (each implies `full`): only those resources' operations and
/// the types they reach. Cargo names a feature `tag-add-ons` CARGO_FEATURE_TAG_ADD_ONS.
fn tag_features() -> Vec<String> {
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
    tags
}

/// Fails the build with exactly this line.
fn fail(message: &str) {
    println!("cargo::error={message}");
}

#[cfg(not(feature = "generate"))]
/// Copies the checked-in output of a bundled spec, after checking it was generated from the
/// spec as it is now.
fn copy_checked_in(spec: &Path) -> Result<(), String> {
    let Some(bundled) = meteroid_client_build::bundled(spec) else {
        return Err(format!("{}: not a bundled spec", spec.display()));
    };
    let checked_in = bundled.checked_in;
    println!("cargo:rerun-if-changed={}", spec.display());
    println!("cargo:rerun-if-changed={checked_in}");
    let spec_bytes =
        std::fs::read(spec).map_err(|e| format!("{}: cannot read: {e}", spec.display()))?;
    let code = std::fs::read_to_string(checked_in)
        .map_err(|e| format!("{checked_in}: cannot read: {e}"))?;
    if !meteroid_client_build::generated_from(&code, &spec_bytes) {
        return Err(format!(
            "{}: the spec has changed since {checked_in} was generated from it: enable this \
             crate's `generate` feature to generate from it at build time, or regenerate the \
             checked-in file (`EXPECTORATE=overwrite cargo test --test snapshot`)",
            spec.display()
        ));
    }
    let out_dir = std::env::var_os("OUT_DIR").ok_or("OUT_DIR is not set")?;
    let target = Path::new(&out_dir).join("meteroid.rs");
    if std::fs::read_to_string(&target).ok().as_deref() != Some(code.as_str()) {
        std::fs::write(&target, &code)
            .map_err(|e| format!("{}: cannot write: {e}", target.display()))?;
    }
    Ok(())
}

/// Runs the generator on `spec`.
#[cfg(feature = "generate")]
fn generate(spec: &Path, fixes: bool, tags: Vec<String>) {
    let generator = meteroid_client_build::generator_for(spec, fixes);
    // The full spec's output is gated by the tag features (`#[cfg]`); any other spec's is
    // generated for exactly the chosen tags, since its tags need not be this crate's features.
    let generator = if tags.is_empty() || spec == Path::new(FULL.spec) {
        generator
    } else {
        generator.tags(tags)
    };
    generator.build_script(spec, "meteroid.rs");
}
