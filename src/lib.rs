//! A typed Rust client for the [Meteroid](https://meteroid.com) billing API.
//!
//! The models and operations are generated at build time from the OpenAPI spec in `spec/`
//! (readable in `generated/meteroid.rs`); a small hand-written runtime sends them.
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

mod client;
mod codec;
mod error;
mod retry;
mod runtime;
mod tagged;
pub mod types;

#[cfg(feature = "contract-samples")]
#[doc(hidden)]
pub mod samples;

pub use client::{Client, ClientBuilder, DEFAULT_BASE_URL};
pub use codec::{Extra, UnknownValue};
pub use error::{ApiError, DecodeError, Error, TransportError};

include!(concat!(env!("OUT_DIR"), "/meteroid.rs"));

/// The README's examples compile (`cargo test --doc`).
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
