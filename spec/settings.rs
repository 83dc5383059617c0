// What build.rs decides without the generator: whether the bundled fixes apply, and whether a
// checked-in generated file still matches its spec. Included (`include!`) by build.rs in every
// build, and by the tests that check it (tests/snapshot.rs, codegen/tests/spec_fixes.rs).
// Plain items only: `include!` takes no inner attributes or `//!` docs.

/// Whether the bundled fixes apply, given `METEROID_OPENAPI_BUNDLED_FIXES`: unset, empty or `on`
/// applies them, `off` skips them. Anything else is an error rather than a guess, so that a
/// misspelt `of` or `false` does not silently build something other than what was asked.
fn bundled_fixes_enabled(setting: Option<&str>) -> Result<bool, String> {
    match setting.map(str::trim) {
        None | Some("" | "on") => Ok(true),
        Some("off") => Ok(false),
        Some(other) => Err(format!(
            "METEROID_OPENAPI_BUNDLED_FIXES={other:?}: expected `off` (skip the bundled spec \
             fixes of spec/fixes.rs) or `on` (the default)"
        )),
    }
}

/// The spec's size and FNV-1a 64 hash, exactly as meteroid-codegen writes it into the header of
/// the file it generates (`// spec len=.. fnv1a64=..`); computed here rather than called, since
/// a build that uses a checked-in file does not compile the generator. tests/snapshot.rs
/// checks that both give the same line for the bundled specs.
/// Whether generated `code` was generated from `spec` as it is now: its header has the spec's
/// fingerprint line.
// Not every includer calls it: build.rs only when it copies a checked-in file instead of
// generating, codegen's tests never.
#[allow(dead_code)]
fn generated_from(code: &str, spec: &[u8]) -> bool {
    let line = format!("// spec {}", spec_fingerprint(spec));
    code.lines().take(8).any(|l| l == line)
}

#[allow(dead_code)] // as `generated_from`
fn spec_fingerprint(bytes: &[u8]) -> String {
    let mut hash = 0xcbf2_9ce4_8422_2325_u64;
    for &byte in bytes {
        hash = (hash ^ u64::from(byte)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    format!("len={} fnv1a64={hash:016x}", bytes.len())
}
