//! Emission (in progress).
