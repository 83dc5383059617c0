//! Every good and degraded fixture's generated output, and the shape table's, compiled: the fixture tests only compare
//! text, this crate makes rustc (and clippy, in CI) check it. Each output sits in a module of its own, as
//! generated code may be included anywhere.

include!(concat!(env!("OUT_DIR"), "/fixtures.rs"));
