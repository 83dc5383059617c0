//! Generates a typed Rust client from an OpenAPI description, at build time: Meteroid's
//! (`meteroid-client`), or your own API's, in your crate's `build.rs`, on `meteroid-runtime`.
//!
//! The pipeline runs one way, one module per step, each callable on its own:
//! [`load`] (YAML/JSON text -> JSON value) -> [`patch`] (the generator's spec fixes, in
//! order) -> [`normalize`] (OpenAPI 3.1 -> the 3.0 shape
//! `openapiv3` models) -> `openapiv3::OpenAPI` -> [`ir`] (the Rust items to emit, names
//! decided) -> `emit` (Rust built with `quote!`, printed by prettyplease: literal models with the
//! runtime's derives, a `Client` for operations).
//!
//! In a build script (then `include!(concat!(env!("OUT_DIR"), "/petstore.rs"));` in
//! `src/lib.rs`):
//!
//! ```no_run
//! meteroid_codegen::Generator::new()
//!     .client_name("Petstore")
//!     .env_vars("PETSTORE_API_KEY", "PETSTORE_BASE_URL")
//!     .build_script("petstore.yaml", "petstore.rs");
//! ```
//!
//! [`Generator`] lists the settings: the client's name, address, user agent and environment
//! variables; types of your own in place of schemas; attributes on types and fields; renamed
//! types and operations; spec fixes.

pub mod emit;
mod error;
pub mod ir;
pub mod load;
pub mod normalize;
pub mod patch;
mod settings;

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
    /// The client's name, user agent and environment variables.
    client: ir::ClientDef,
    /// Renames, replacements and attributes of types and operations.
    customization: ir::Customization,
    /// Settings that were refused when given, each `Generator::<method>(..): why`; the first
    /// fails generation.
    refused: Vec<String>,
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
    /// Constraints that no contract-test sample meets, one line each (`<file>: #<pointer>:
    /// <what>`; [`ir::Api::sample_gaps`]). Samples exist only with the runtime's `samples`
    /// feature, so these are not warnings.
    pub sample_gaps: Vec<String>,
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

    /// The name of the generated client struct, instead of `Client`: an UpperCamelCase
    /// identifier other than `Error` and `ApiError` (which stand beside it).
    ///
    /// ```
    /// let generator = meteroid_codegen::Generator::new().client_name("Petstore");
    /// // The generated file then has `pub struct Petstore(rt::Client);` and
    /// // `impl Petstore { pub async fn list_pets(..) .. }`.
    /// # let _ = generator;
    /// ```
    ///
    /// A name that is not a type name fails generation, naming this setting.
    pub fn client_name(mut self, name: impl Into<String>) -> Self {
        let name = name.into();
        match settings::client_name(&name) {
            Ok(()) => self.client.name = name,
            Err(why) => self.refuse("client_name", &[&name], why),
        }
        self
    }

    /// The `User-Agent` the client sends unless the caller sets another
    /// (`ClientBuilder::user_agent`). Without this setting it is the including crate's
    /// `<name>/<version>` (its `CARGO_PKG_NAME` and `CARGO_PKG_VERSION` at compile time).
    ///
    /// In a build script, `env!("CARGO_PKG_VERSION")` is the version of the crate being built:
    ///
    /// ```
    /// let generator = meteroid_codegen::Generator::new()
    ///     .user_agent(format!("petstore-rs/{}", env!("CARGO_PKG_VERSION")));
    /// # let _ = generator;
    /// ```
    ///
    /// A value a header cannot hold (empty, or not printable ASCII) fails generation, naming
    /// this setting.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        let user_agent = user_agent.into();
        match settings::user_agent(&user_agent) {
            Ok(()) => self.client.user_agent = Some(user_agent),
            Err(why) => self.refuse("user_agent", &[&user_agent], why),
        }
        self
    }

    /// Gives the client a `from_env()` that reads the API key from the variable `api_key`
    /// (required: unset or empty is an error naming it) and the base URL from `base_url`
    /// (optional: unset or empty keeps the default). Without this setting the client has no
    /// `from_env()`; `ClientBuilder::from_env(api_key, base_url)` does the same with names
    /// given at run time.
    ///
    /// ```
    /// let generator =
    ///     meteroid_codegen::Generator::new().env_vars("PETSTORE_API_KEY", "PETSTORE_BASE_URL");
    /// // The generated client then has:
    /// // pub fn from_env() -> Result<Client, Error> {
    /// //     Client::builder().from_env("PETSTORE_API_KEY", "PETSTORE_BASE_URL")?.build()
    /// // }
    /// # let _ = generator;
    /// ```
    ///
    /// The key is sent as the client's bearer token (`ClientBuilder::bearer_token`). A name
    /// other than letters, digits and `_` fails generation, naming this setting.
    pub fn env_vars(mut self, api_key: impl Into<String>, base_url: impl Into<String>) -> Self {
        let (api_key, base_url) = (api_key.into(), base_url.into());
        match settings::env_var(&api_key).and_then(|()| settings::env_var(&base_url)) {
            Ok(()) => self.client.env = Some(ir::EnvVars { api_key, base_url }),
            Err(why) => self.refuse("env_vars", &[&api_key, &base_url], why),
        }
        self
    }

    /// Uses a type of yours for a schema: the generated code names `rust_type` wherever the
    /// schema is used (`models::Money` becomes `pub type Money = crate::Money;`) and declares
    /// no model for it.
    ///
    /// `schema` is the schema's name under `components/schemas`, as the spec spells it, or the
    /// Rust name of a type the spec does not name (an inline object). `rust_type` is a path
    /// that resolves inside the generated `mod models`: `crate::Money`, `rust_decimal::Decimal`
    /// or a prelude type, not a bare name of your module.
    ///
    /// Your type must be what the generated code needs of a model, and a check in the
    /// generated file says so at compile time: beside the errors a missing trait causes in the
    /// models that hold the type, one names the trait and the replacement together
    /// (`can't compare `Money` with `Money` .. required by a bound in
    /// `the_type_replacing_money_needs``, a function whose doc says what to do). It needs
    /// `serde::Serialize`,
    /// `serde::de::DeserializeOwned`, `Clone`, `Debug` and `PartialEq`; as a required property
    /// also `meteroid_runtime::FromAbsent` (`impl FromAbsent for Money {}` makes a missing
    /// property an error, as for a model); as a parameter `ParamValue` (path) or `QueryValue`
    /// (query, header, cookie); as the API's error body `ErrorBody`. With the runtime's
    /// `samples` feature (contract tests) it also needs a sample:
    /// `meteroid_runtime::sample!(Money => Money::new("12.50", "EUR"));` provides it, and is
    /// nothing without that feature. The wire format is yours: it must read and write what
    /// the spec describes.
    ///
    /// ```
    /// let generator = meteroid_codegen::Generator::new().replace("Money", "crate::Money");
    /// # let _ = generator;
    /// ```
    ///
    /// A schema the spec lacks is skipped with a warning. A paged list whose response (or the
    /// object holding its total) is replaced loses its `_pages` and `_items` methods, with a
    /// warning. A `rust_type` that is not a type path fails generation, naming this setting.
    pub fn replace(mut self, schema: impl Into<String>, rust_type: impl Into<String>) -> Self {
        let (schema, rust_type) = (schema.into(), rust_type.into());
        match settings::type_path(&rust_type) {
            Ok(()) => self.customization.replacements.push((schema, rust_type)),
            Err(why) => self.refuse("replace", &[&schema, &rust_type], why),
        }
        self
    }

    /// Adds attributes to a generated type, after the ones the generator writes: `target` is
    /// a schema's name (as for [`Generator::replace`]), a generated type's Rust name (an
    /// options struct such as `ListPetsQuery`, a `PetRequired` struct), or `.` for every struct
    /// and enum in `models` (not the type aliases). `attributes` is one or more outer
    /// attributes; each call adds to the ones before.
    ///
    /// ```
    /// let generator = meteroid_codegen::Generator::new()
    ///     // Callers outside the crate build it with `NewPet::new(..)`, so that a property
    ///     // the next spec adds breaks no struct literal.
    ///     .type_attribute("NewPet", "#[non_exhaustive]")
    ///     .type_attribute(".", "#[doc(alias = \"petstore\")]");
    /// # let _ = generator;
    /// ```
    ///
    /// The derives the generator writes are `Debug`, `Clone`, `PartialEq` (and `Default`
    /// when every field is optional) on structs and unions, and `Eq`, `Hash`, `PartialOrd`,
    /// `Ord` too on enums and newtypes; a derive you add needs every field's type to have it
    /// (every struct holds `rt::Extra`, which is `Clone`, `Debug` and `PartialEq`). Text that is
    /// not an attribute (checked with `syn` when set) fails generation, naming this setting; a
    /// target the spec lacks is skipped with a warning.
    pub fn type_attribute(
        mut self,
        target: impl Into<String>,
        attributes: impl Into<String>,
    ) -> Self {
        let (target, attributes) = (target.into(), attributes.into());
        match settings::attributes(&attributes) {
            Ok(()) => self
                .customization
                .type_attributes
                .push((target, attributes)),
            Err(why) => self.refuse("type_attribute", &[&target, &attributes], why),
        }
        self
    }

    /// Adds attributes to one field: `target` is `<type>.<property>`, the type as for
    /// [`Generator::type_attribute`] and the property by its name in the spec (or the Rust
    /// field name); split at the last `.`.
    ///
    /// ```
    /// let generator = meteroid_codegen::Generator::new()
    ///     .field_attribute("Pet.name", "#[doc(alias = \"title\")]");
    /// # let _ = generator;
    /// ```
    ///
    /// Text that is not an attribute fails generation, naming this setting; a field the spec
    /// lacks is skipped with a warning.
    pub fn field_attribute(
        mut self,
        target: impl Into<String>,
        attributes: impl Into<String>,
    ) -> Self {
        let (target, attributes) = (target.into(), attributes.into());
        match settings::attributes(&attributes) {
            Ok(()) => self
                .customization
                .field_attributes
                .push((target, attributes)),
            Err(why) => self.refuse("field_attribute", &[&target, &attributes], why),
        }
        self
    }

    /// Gives a generated type another name: `from` is a schema's name or a generated type's
    /// Rust name (as for [`Generator::type_attribute`]), `to` an UpperCamelCase name. Every use
    /// follows; the wire is unchanged. Its `<Name>Required` struct, if it has one, follows too.
    ///
    /// ```
    /// let generator = meteroid_codegen::Generator::new().rename_type("PetCreateRequest", "NewPet");
    /// # let _ = generator;
    /// ```
    ///
    /// A name taken by another type fails generation, naming this setting; a `from` the spec
    /// lacks is skipped with a warning. Later settings may name the type by either name.
    pub fn rename_type(mut self, from: impl Into<String>, to: impl Into<String>) -> Self {
        let (from, to) = (from.into(), to.into());
        match settings::type_name(&to) {
            Ok(()) => self.customization.rename_types.push((from, to)),
            Err(why) => self.refuse("rename_type", &[&from, &to], why),
        }
        self
    }

    /// Gives an operation's method another name: `operation` is its `operationId` (or the
    /// method name the generator gives it), `method` a snake_case name. Its options struct
    /// follows (`FindPetsByStatusQuery` -> `ListPetsQuery`) when the new name is free, and so do
    /// its paging methods (`list_pets_pages`, `list_pets_items`).
    ///
    /// ```
    /// let generator =
    ///     meteroid_codegen::Generator::new().rename_operation("findPetsByStatus", "list_pets");
    /// # let _ = generator;
    /// ```
    ///
    /// A name another method takes fails generation, naming this setting; an operation the
    /// spec lacks is skipped with a warning.
    pub fn rename_operation(
        mut self,
        operation: impl Into<String>,
        method: impl Into<String>,
    ) -> Self {
        let (operation, method) = (operation.into(), method.into());
        match settings::method_name(&method) {
            Ok(()) => self
                .customization
                .rename_operations
                .push((operation, method)),
            Err(why) => self.refuse("rename_operation", &[&operation, &method], why),
        }
        self
    }

    /// Records a refused setting; generation fails with the first.
    fn refuse(&mut self, method: &str, args: &[&str], why: String) {
        self.refused
            .push(format!("{}: {why}", settings::shown(method, args)));
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
        if let Some(first) = self.refused.first() {
            let more = match self.refused.len() - 1 {
                0 => String::new(),
                1 => " (and 1 more refused setting)".to_string(),
                n => format!(" (and {n} more refused settings)"),
            };
            return Err(Error::new(file_name, "", format!("{first}{more}")));
        }
        let mut doc = load::parse_document(spec_text, file_name)?;
        let mut warnings = patch::apply(&mut doc, &self.fixes, file_name)?;
        normalize::normalize(&mut doc, file_name)?;
        let spec = openapi(doc, file_name)?;
        let mut api = ir::build_strict(&spec, file_name, self.strict)?;
        if let Some(url) = &self.base_url {
            api.server = Some(url.clone());
        }
        api.client = self.client.clone();
        ir::customize(&mut api, &self.customization, file_name)?;
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
            sample_gaps: api.sample_gaps,
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
