//! Generates the Meteroid Rust client from an OpenAPI description, at build time.
//!
//! The pipeline runs one way, one module per step, each callable on its own:
//! [`load`] (YAML/JSON text -> JSON value) -> `overlay` (OpenAPI Overlay 1.0 documents, in
//! order) -> [`normalize`] (OpenAPI 3.1 -> the 3.0 shape
//! `openapiv3` models) -> `openapiv3::OpenAPI` -> [`ir`] (the Rust items to emit, names
//! decided) -> `emit` (tokens -> `syn::File` -> text).
//!
//! In a build script:
//!
//! ```no_run
//! meteroid_codegen::Generator::new().build_script("spec/openapi.yaml", "meteroid.rs");
//! ```

pub mod emit;
mod error;
pub mod ir;
mod jsonpath;
pub mod load;
pub mod normalize;
mod overlay;

pub use error::Error;

use serde::Deserialize;
use std::path::Path;

/// The generator's settings, in the style of `prost_build::Config`.
#[derive(Debug, Clone, Default)]
pub struct Generator {
    /// OpenAPI Overlay documents (file name, text), applied in this order before normalizing.
    overlays: Vec<(String, String)>,
}

/// What a generation produced: the source and the warnings worth showing.
#[derive(Debug, Clone, PartialEq)]
pub struct Output {
    /// The generated Rust source.
    pub code: String,
    /// Things that generated but deserve a look, one line each (`<file>: #<pointer>: ...`).
    pub warnings: Vec<String>,
}

impl Generator {
    /// The default settings.
    pub fn new() -> Self {
        Generator::default()
    }

    /// Adds an OpenAPI Overlay 1.0 document, applied to the spec (after the ones added before)
    /// before anything else reads it. `file_name` names it in errors.
    ///
    /// Targets are JSONPath (RFC 9535) expressions in this subset: `$`, `.name`, `['name']`,
    /// `[0]`/`[-1]`, `*`, `..` (recursive descent), and filters `[?@.a == 'x']` / `!=` / `[?@.a]`
    /// on literals. An action whose target matches nothing is an error.
    pub fn overlay(mut self, file_name: impl Into<String>, text: impl Into<String>) -> Self {
        self.overlays.push((file_name.into(), text.into()));
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
        overlay::apply_overlays(&mut doc, &self.overlays)?;
        normalize::normalize(&mut doc, file_name)?;
        let spec = openapi(doc, file_name)?;
        let api = ir::build(&spec, file_name)?;
        let code = emit::emit(&api, display_name(file_name))?;
        Ok(Output {
            code,
            warnings: api.warnings,
        })
    }

    /// For build scripts: reads `spec_path`, generates, and writes `$OUT_DIR/<out_file>` if its
    /// bytes changed. Prints `cargo:rerun-if-changed` for the spec and `cargo:warning` for each
    /// warning; on error prints `cargo::error=<file>: #<pointer>: <message>`, so the build
    /// fails with that one readable line instead of a panic.
    pub fn build_script(&self, spec_path: impl AsRef<Path>, out_file: &str) {
        if let Err(message) = self.try_build_script(spec_path.as_ref(), out_file) {
            // `cargo::error` fails the build with exactly this line; nothing else is printed.
            println!("cargo::error={message}");
        }
    }

    /// Like [`Generator::build_script`], with every overlay in `dir` (its `.yaml`, `.yml` and
    /// `.json` files, in name order) and then those listed in the environment variable
    /// `overlays_env` (a path list, `:`-separated on Unix). A missing `dir` means none. Each
    /// overlay, the directory and the variable are watched for changes.
    pub fn build_script_with_overlays(
        self,
        spec_path: impl AsRef<Path>,
        dir: impl AsRef<Path>,
        overlays_env: &str,
        out_file: &str,
    ) {
        match self.with_overlay_files(dir.as_ref(), overlays_env) {
            Ok(generator) => generator.build_script(spec_path, out_file),
            Err(message) => println!("cargo::error={message}"),
        }
    }

    fn with_overlay_files(self, dir: &Path, overlays_env: &str) -> Result<Self, String> {
        println!("cargo:rerun-if-env-changed={overlays_env}");
        if dir.is_dir() {
            println!("cargo:rerun-if-changed={}", dir.display());
        }
        let mut paths =
            overlay_files(dir).map_err(|e| format!("{}: cannot list: {e}", dir.display()))?;
        if let Some(list) = std::env::var_os(overlays_env) {
            paths.extend(std::env::split_paths(&list).filter(|p| !p.as_os_str().is_empty()));
        }
        for path in &paths {
            println!("cargo:rerun-if-changed={}", path.display());
        }
        self.overlay_paths(&paths)
    }

    /// Adds the overlays in `paths`, in that order, read from disk; the file names name them in
    /// errors. With [`overlay_files`], this is how `build_script_with_overlays` loads a
    /// directory, for tests that must generate exactly what the build does.
    pub fn overlay_paths(mut self, paths: &[std::path::PathBuf]) -> Result<Self, String> {
        for path in paths {
            let text = std::fs::read_to_string(path)
                .map_err(|e| format!("{}: #: cannot read the overlay: {e}", path.display()))?;
            self = self.overlay(path.display().to_string(), text);
        }
        Ok(self)
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

/// The overlay documents in `dir` (`.yaml`, `.yml`, `.json`), in file name order: the order
/// `build.rs` applies them in. A directory that does not exist holds none.
pub fn overlay_files(dir: &Path) -> std::io::Result<Vec<std::path::PathBuf>> {
    if !dir.is_dir() {
        return Ok(Vec::new());
    }
    let mut found = Vec::new();
    for entry in std::fs::read_dir(dir)? {
        let path = entry?.path();
        if path
            .extension()
            .is_some_and(|x| x == "yaml" || x == "yml" || x == "json")
        {
            found.push(path);
        }
    }
    found.sort();
    Ok(found)
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
