//! The intermediate model (in progress).
