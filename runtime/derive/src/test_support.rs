//! What the derives' unit tests share: expanding an input and reading the result or the error.

use proc_macro2::TokenStream;
use syn::DeriveInput;

/// A derive's expansion function.
pub(crate) type Expand = fn(&DeriveInput) -> syn::Result<TokenStream>;

/// The expansion of `input`, as token text; a test fails if it is an error.
#[track_caller]
pub(crate) fn expanded(expand: Expand, input: DeriveInput) -> String {
    match expand(&input) {
        Ok(tokens) => tokens.to_string(),
        Err(error) => panic!("expansion failed: {error}"),
    }
}

/// The error `input` expands to; a test fails if it expands.
#[track_caller]
pub(crate) fn error(expand: Expand, input: DeriveInput) -> String {
    match expand(&input) {
        Ok(tokens) => panic!("expanded, expected an error: {tokens}"),
        Err(error) => error.to_string(),
    }
}

/// `input` is refused with an error that says `message`.
#[track_caller]
pub(crate) fn assert_error(expand: Expand, input: DeriveInput, message: &str) {
    assert_contains(&error(expand, input), message);
}

#[track_caller]
pub(crate) fn assert_contains(text: &str, part: &str) {
    assert!(text.contains(part), "{text}\n\ndoes not contain\n\n{part}");
}
