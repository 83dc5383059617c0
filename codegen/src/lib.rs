//! Generates the Meteroid Rust client from an OpenAPI description, at build time.
//!
//! The pipeline runs one way, one module per step, each callable on its own:
//! [`load`] (YAML/JSON text -> JSON value) -> [`patch`] (the generator's spec fixes, in
//! order) -> [`normalize`] (OpenAPI 3.1 -> the 3.0 shape
//! `openapiv3` models) -> `openapiv3::OpenAPI` -> [`ir`] (the Rust items to emit, names
//! decided) -> `emit` (Rust built with `quote!`, printed by prettyplease: literal models with the
//! runtime's derives, a `Client` for operations).
//!
//! In a build script:
//!
//! ```no_run
//! meteroid_codegen::Generator::new().build_script("spec/openapi.yaml", "meteroid.rs");
//! ```

pub mod emit;
mod error;
pub mod ir;
pub mod load;
pub mod normalize;
pub mod patch;

pub use error::Error;
pub use ir::Coverage;

use serde::Deserialize;
use std::path::Path;

/// The generator's settings, in the style of `prost_build::Config`.
#[derive(Debug, Clone, Default)]
pub struct Generator {
    /// Fixes applied to the parsed spec, in this order, before normalizing.
    fixes: Vec<patch::SpecFix>,
    /// The client's default address, instead of the spec's first server.
    base_url: Option<String>,
    /// Whether what the generator cannot handle fails generation instead of degrading.
    strict: bool,
    /// Only the operations of these tags, and the types they reach (`None`: everything).
    tags: Option<Vec<String>>,
    /// Whether each operation and type is gated on the `tag-*` features that need it.
    feature_gates: bool,
}

/// What a generation produced: the source and the warnings worth showing.
#[derive(Debug, Clone, PartialEq)]
pub struct Output {
    /// The generated Rust source.
    pub code: String,
    /// Things that generated but deserve a look, one line each (`<file>: #<pointer>: ...`).
    pub warnings: Vec<String>,
    /// How much of the spec became typed Rust ([`ir::Api::coverage`]).
    pub coverage: Coverage,
}

impl Generator {
    /// The default settings.
    pub fn new() -> Self {
        Generator::default()
    }

    /// The address the generated client talks to unless told otherwise
    /// (`DEFAULT_BASE_URL`), instead of the spec's first absolute `servers` URL. An API whose
    /// spec lists no server, or a local one, needs it.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// Strict mode: fail on what the generator cannot handle instead of degrading it.
    ///
    /// By default a schema the generator cannot type (`not`, tuple `items`, a keyword it does
    /// not know, ...) becomes `serde_json::Value` (a named one, an alias of it, so that its
    /// uses still compile), and an operation it cannot generate (an unsupported parameter style,
    /// a JSON request body without a schema, a path template that disagrees with the path
    /// parameters, ...) is left out; each gets one line in
    /// [`Output::warnings`] (`<file>: #<pointer>: <why>; it is `serde_json::Value`` or `...; the
    /// operation is left out`), and every one of a spec is reported in the same run.
    ///
    /// With `strict(true)` generation fails instead, with the first of them as the [`Error`]
    /// (its pointer and why; the message says how many more there are). Errors in the spec
    /// itself (a `$ref` to nothing, colliding names, an invalid document, ...) fail either way.
    /// [`Generator::build_script`] also turns strict mode on when the environment variable
    /// `METEROID_OPENAPI_STRICT` is `1`.
    pub fn strict(mut self, strict: bool) -> Self {
        self.strict = strict;
        self
    }

    /// Generates only the operations that carry one of `tags` (the spec's tag names, or their
    /// cargo feature names such as `tag-customers`: see [`ir::tag_feature`]) and the types they
    /// reach; `webhooks` keeps the webhook event type. A build that uses a few resources of a
    /// large API compiles only those.
    pub fn tags<T: Into<String>>(mut self, tags: impl IntoIterator<Item = T>) -> Self {
        self.tags = Some(tags.into_iter().map(Into::into).collect());
        self
    }

    /// Gates each operation, and each type, on the `tag-*` cargo features of the tags that
    /// need it ([`ir::tag_feature`] names; `tag-webhooks` for the webhook event types), so that
    /// one generated file serves every choice of features: with none of them on (more exactly,
    /// without the `meteroid_some_tags` cfg, which the including crate's build script sets
    /// when it enables any) everything compiles; otherwise only what the enabled ones need.
    /// An item every tag needs is not gated. The including crate must declare each feature.
    pub fn feature_gates(mut self, on: bool) -> Self {
        self.feature_gates = on;
        self
    }

    /// Adds a spec fix: for a spec that says something its server does not do. After the spec
    /// is parsed (from YAML or JSON) and before anything else reads it, the value at `pointer`
    /// is patched with `merge_patch_json`. Fixes apply in the order they were added, each to
    /// the result of the ones before.
    ///
    /// - `pointer` is an RFC 6901 JSON pointer into the spec document, without `#`:
    ///   `/components/schemas/CustomTaxRate/properties/rate` (`~1` stands for `/` in a key,
    ///   `~0` for `~`; `""` is the whole document).
    /// - `merge_patch_json` is the JSON text of an RFC 7396 JSON Merge Patch: an object's
    ///   members are set (recursively), a `null` member removes that key, and any other value
    ///   replaces the target whole.
    /// - `reason` says why, in a few words; warnings and errors quote it.
    ///
    /// A pointer that resolves to nothing is not an error: generation goes on, and
    /// [`Output::warnings`] gets one line `<spec file>: #<pointer>: the spec fix "<reason>"
    /// matches nothing in this spec and was skipped (a newer spec may have fixed or renamed
    /// it)`. A malformed pointer or patch JSON fails generation, naming the fix.
    ///
    /// ```
    /// let generator = meteroid_codegen::Generator::new().spec_fix(
    ///     "/components/schemas/CustomTaxRate/properties/rate",
    ///     r#"{"type": ["string", "number"], "format": "decimal"}"#,
    ///     "CustomTaxRate.rate is a decimal, sent as a number or a string",
    /// );
    /// # let _ = generator;
    /// ```
    pub fn spec_fix(
        mut self,
        pointer: impl Into<String>,
        merge_patch_json: impl Into<String>,
        reason: impl Into<String>,
    ) -> Self {
        self.fixes.push(patch::SpecFix {
            pointer: pointer.into(),
            merge_patch: merge_patch_json.into(),
            reason: reason.into(),
        });
        self
    }

    /// Generates the client source from a spec's text. `file_name` is used in messages and in
    /// the generated header. Pure: no I/O.
    pub fn generate(&self, spec_text: &str, file_name: &str) -> Result<String, Error> {
        self.generate_output(spec_text, file_name)
            .map(|output| output.code)
    }

    /// Like [`Generator::generate`], with the warnings.
    pub fn generate_output(&self, spec_text: &str, file_name: &str) -> Result<Output, Error> {
        let mut doc = load::parse_document(spec_text, file_name)?;
        let mut warnings = patch::apply(&mut doc, &self.fixes, file_name)?;
        normalize::normalize(&mut doc, file_name)?;
        let spec = openapi(doc, file_name)?;
        let mut api = ir::build_strict(&spec, file_name, self.strict)?;
        if let Some(url) = &self.base_url {
            api.server = Some(url.clone());
        }
        if let Some(tags) = &self.tags {
            ir::keep_tags(&mut api, tags);
        }
        let gates = self.feature_gates.then(|| ir::FeatureGates::of(&api));
        let fingerprint = load::fingerprint(spec_text.as_bytes());
        let code = emit::emit(&api, display_name(file_name), &fingerprint, gates.as_ref())?;
        let coverage = api.coverage();
        warnings.extend(api.warnings);
        Ok(Output {
            code,
            warnings,
            coverage,
        })
    }

    /// For build scripts: reads `spec_path`, generates, and writes `$OUT_DIR/<out_file>` if its
    /// bytes changed. Prints `cargo:rerun-if-changed` for the spec and `cargo:warning` for each
    /// warning; on error prints `cargo::error=<file>: #<pointer>: <message>`, so the build
    /// fails with that one readable line instead of a panic.
    ///
    /// `METEROID_OPENAPI_STRICT=1` in the environment turns on [`Generator::strict`] (any other
    /// value leaves the setting as it is); it prints `cargo:rerun-if-env-changed` for it.
    pub fn build_script(&self, spec_path: impl AsRef<Path>, out_file: &str) {
        println!("cargo:rerun-if-env-changed=METEROID_OPENAPI_STRICT");
        let strict = std::env::var_os("METEROID_OPENAPI_STRICT").is_some_and(|v| v == "1");
        let generator = if strict {
            self.clone().strict(true)
        } else {
            self.clone()
        };
        if let Err(message) = generator.try_build_script(spec_path.as_ref(), out_file) {
            // `cargo::error` fails the build with exactly this line; nothing else is printed.
            println!("cargo::error={message}");
        }
    }

    fn try_build_script(&self, spec_path: &Path, out_file: &str) -> Result<(), String> {
        println!("cargo:rerun-if-changed={}", spec_path.display());
        let file_name = spec_path.display().to_string();
        let text = std::fs::read_to_string(spec_path)
            .map_err(|e| format!("{file_name}: #: cannot read the spec: {e}"))?;
        let output = self
            .generate_output(&text, &file_name)
            .map_err(|e| e.to_string())?;
        for warning in &output.warnings {
            println!("cargo:warning={warning}");
        }
        let out_dir = std::env::var_os("OUT_DIR")
            .ok_or("OUT_DIR is not set: call this from a build script")?;
        let target = Path::new(&out_dir).join(out_file);
        write_if_changed(&target, &output.code)
            .map_err(|e| format!("{}: cannot write: {e}", target.display()))?;
        Ok(())
    }
}

/// Writes `contents` to `path` unless the file already holds exactly these bytes, so that an
/// unchanged spec does not touch the file's modification time. Returns whether it wrote.
pub fn write_if_changed(path: &Path, contents: &str) -> std::io::Result<bool> {
    if std::fs::read(path).is_ok_and(|existing| existing == contents.as_bytes()) {
        return Ok(false);
    }
    std::fs::write(path, contents)?;
    Ok(true)
}

/// The spec's file name without directories, so that the generated header is the same on every
/// machine.
fn display_name(file_name: &str) -> &str {
    file_name.rsplit(['/', '\\']).next().unwrap_or(file_name)
}

/// A normalized document as `openapiv3`'s model; a shape it rejects is an error with a pointer.
pub fn openapi(doc: serde_json::Value, file_name: &str) -> Result<openapiv3::OpenAPI, Error> {
    // Plain serde first: tracking the path costs as much as the decoding itself, so only a
    // document that fails pays for it, in a second pass that finds where (the same error).
    // openapiv3 reads a borrowed `Value` as well as an owned one.
    if let Ok(spec) = openapiv3::OpenAPI::deserialize(&doc) {
        return Ok(spec);
    }
    serde_path_to_error::deserialize(doc).map_err(|e| {
        let pointer: String = e
            .path()
            .iter()
            .map(|segment| match segment {
                serde_path_to_error::Segment::Seq { index } => format!("/{index}"),
                serde_path_to_error::Segment::Map { key } => error::push_token("", key),
                serde_path_to_error::Segment::Enum { variant } => error::push_token("", variant),
                serde_path_to_error::Segment::Unknown => String::new(),
            })
            .collect();
        Error::new(
            file_name,
            pointer,
            format!("not a valid OpenAPI document here: {}", e.inner()),
        )
    })
}
