//! A typed Rust client for the [Meteroid](https://meteroid.com) billing API.
//!
//! The models and operations are generated at build time from the OpenAPI spec in `spec/`
//! (readable in `generated/meteroid.rs`) and run on `meteroid-runtime`, which knows no spec.
//!
//! ```no_run
//! use meteroid_client::Client;
//! use meteroid_client::models::CustomerPatchRequest;
//!
//! # async fn run() -> Result<(), meteroid_client::Error> {
//! let client = Client::new("my-api-key")?;
//! let customer = client
//!     .patch_customer("cus_7n42DGM5Tflk9n8mt7Fhc7", &CustomerPatchRequest::new().name("Acme"))
//!     .await?;
//! println!("{}", customer.name);
//! # Ok(())
//! # }
//! ```

include!(concat!(env!("OUT_DIR"), "/meteroid.rs"));

#[cfg(feature = "testing")]
pub mod testing;

pub use meteroid_runtime::{
    DecodeError, Event, EventStream, Extra, HeaderMap, MetadataSlot, OneOrMany, ResponseMeta,
    Stream, TransportError, UnknownValue, types, webhooks,
};

/// What the `<operation>_pages` and `<operation>_items` methods return: a
/// [`Stream`] of `T` (pages or items), one call per page, each item a
/// `Result<T, Error>`. Consume it with any `StreamExt` (`futures::StreamExt::next`, or
/// `tokio_stream::StreamExt`).
pub type Paged<'a, T> =
    meteroid_runtime::pagination::Paged<'a, T, <Client as meteroid_runtime::ApiClient>::ErrorBody>;

/// Settings for a [`Client`]; see [`Client::builder`].
pub type ClientBuilder = meteroid_runtime::ClientBuilder<Client>;

impl Client {
    /// A client for [`DEFAULT_BASE_URL`] with this API key and default settings.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] for an empty key or one that cannot be a header.
    pub fn new(api_key: impl Into<String>) -> Result<Client, Error> {
        Client::builder().bearer_token(api_key).build()
    }

    /// A client from the environment: the API key from `METEROID_API_KEY` (required) and the
    /// address from `METEROID_BASE_URL` (optional, [`DEFAULT_BASE_URL`] when unset or empty).
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when `METEROID_API_KEY` is unset or empty, or either variable is
    /// not valid (not Unicode, or rejected by [`ClientBuilder::build`]).
    pub fn from_env() -> Result<Client, Error> {
        Client::builder()
            .from_env("METEROID_API_KEY", "METEROID_BASE_URL")?
            .build()
    }
}

/// The README's examples compile (`cargo test --doc`).
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
