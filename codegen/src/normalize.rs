//! OpenAPI 3.1 -> 3.0 normalization (in progress).
