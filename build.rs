//! Generates the client from the bundled spec (or `METEROID_OPENAPI_SPEC`), with the overlays in
//! `spec/overlays/` (and `METEROID_OPENAPI_OVERLAYS`) applied, into `$OUT_DIR/meteroid.rs`,
//! which `src/lib.rs` includes.

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=METEROID_OPENAPI_SPEC");
    let spec = std::env::var_os("METEROID_OPENAPI_SPEC")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| "spec/openapi.yaml".into());
    meteroid_codegen::Generator::new().build_script_with_overlays(
        spec,
        "spec/overlays",
        "METEROID_OPENAPI_OVERLAYS",
        "meteroid.rs",
    );
}
