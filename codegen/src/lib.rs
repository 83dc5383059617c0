//! Generates the Meteroid Rust client from an OpenAPI description, at build time.
//!
//! The pipeline runs one way, one module per step, each callable on its own:
//! [`load`] (YAML/JSON text -> JSON value) -> `overlay` (OpenAPI Overlay 1.0 documents) ->
//! [`normalize`] (OpenAPI 3.1 -> the 3.0 shape `openapiv3` models) -> `openapiv3::OpenAPI` ->
//! [`ir`] (the Rust items to emit, names decided) -> `emit` (tokens -> `syn::File` -> text).

mod error;
pub mod ir;
pub mod load;
pub mod normalize;
mod emit;
#[allow(dead_code)]
mod jsonpath;
#[allow(dead_code)]
mod overlay;

pub use error::Error;
