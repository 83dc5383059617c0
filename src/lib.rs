//! Typed Rust client for the Meteroid billing API (in progress).
