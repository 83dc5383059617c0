//! What `meteroid-client`'s build script decides, in one place that the build script and the
//! tests share as an ordinary crate: which bundled spec a build uses and where its checked-in
//! output lives, whether the bundled spec fixes apply, whether a checked-in file still matches
//! its spec, and (feature `generate`) the generator as Meteroid's build configures it.
//!
//! It has no dependencies without `generate`, so the fast path (`meteroid-client` without
//! default features, compiling the checked-in code) does not compile the generator.

#[cfg(feature = "generate")]
mod settings;

#[cfg(feature = "generate")]
pub use settings::{
    generator_for, meteroid_generator, meteroid_server_fixes, meteroid_webhook_fixes,
};

/// A bundled spec and the file its generated code is checked in as, both relative to
/// `meteroid-client`'s root.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bundled {
    /// The spec.
    pub spec: &'static str,
    /// Its generated code, under version control.
    pub checked_in: &'static str,
}

/// The bundled subset (`patch_customer`), the default build.
pub const BUNDLED: Bundled = Bundled {
    spec: "spec/openapi.yaml",
    checked_in: "generated/meteroid.rs",
};

/// The whole Meteroid API, with the `full` feature; its generated code gates each operation
/// and type on the `tag-*` features that need it.
pub const FULL: Bundled = Bundled {
    spec: "spec/full/openapi.json",
    checked_in: "generated/meteroid-full.rs",
};

/// The bundled spec at `path` (as given, relative to the package root), if it is one.
pub fn bundled(path: &std::path::Path) -> Option<Bundled> {
    [BUNDLED, FULL]
        .into_iter()
        .find(|b| std::path::Path::new(b.spec) == path)
}

/// Whether the bundled fixes apply, given `METEROID_OPENAPI_BUNDLED_FIXES`: unset, empty or `on`
/// applies them, `off` skips them. Anything else is an error rather than a guess, so that a
/// misspelt `of` or `false` does not silently build something other than what was asked.
///
/// ```
/// use meteroid_client_build::bundled_fixes_enabled;
/// assert_eq!(bundled_fixes_enabled(None), Ok(true));
/// assert_eq!(bundled_fixes_enabled(Some("off")), Ok(false));
/// assert!(bundled_fixes_enabled(Some("false")).is_err());
/// ```
pub fn bundled_fixes_enabled(setting: Option<&str>) -> Result<bool, String> {
    match setting.map(str::trim) {
        None | Some("" | "on") => Ok(true),
        Some("off") => Ok(false),
        Some(other) => Err(format!(
            "METEROID_OPENAPI_BUNDLED_FIXES={other:?}: expected `off` (skip Meteroid's bundled \
             spec fixes) or `on` (the default)"
        )),
    }
}

/// Whether generated `code` was generated from `spec` as it is now: its header has the spec's
/// fingerprint line (`// spec len=.. fnv1a64=..`).
///
/// ```
/// use meteroid_client_build::{generated_from, spec_fingerprint};
/// let code = format!("// @generated\n// spec {}\n", spec_fingerprint(b"openapi: 3.1.0"));
/// assert!(generated_from(&code, b"openapi: 3.1.0"));
/// assert!(!generated_from(&code, b"openapi: 3.1.1"));
/// ```
pub fn generated_from(code: &str, spec: &[u8]) -> bool {
    let line = format!("// spec {}", spec_fingerprint(spec));
    code.lines().take(8).any(|l| l == line)
}

/// The spec's size and FNV-1a 64 hash, exactly as `meteroid-codegen` writes it into the header
/// of the file it generates (`meteroid_codegen::load::fingerprint`). Computed here rather than
/// called, so that the fast path does not compile the generator; a test keeps the two equal.
pub fn spec_fingerprint(bytes: &[u8]) -> String {
    let mut hash = 0xcbf2_9ce4_8422_2325_u64;
    for &byte in bytes {
        hash = (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("len={} fnv1a64={hash:016x}", bytes.len())
}
