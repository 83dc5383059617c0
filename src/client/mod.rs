//! The client that generated operations run on.
//!
//! This module holds [`Client`] and its public methods; the rest is split by what it does:
//! `builder` (the settings, their defaults and checks), `tls` (the built-in HTTP client's
//! TLS), `env` (where [`Client::from_env`] looks), `request` (the URL and headers of a call)
//! and `transport` (sending: the retry loop, one attempt, decoding the body).

mod builder;
mod env;
mod request;
#[cfg(test)]
mod test_support;
mod tls;
mod transport;

pub use builder::{ClientBuilder, DEFAULT_BASE_URL};

use crate::error::Error;
use crate::retry::RetryPolicy;
use reqwest::Url;
use reqwest::header::{HeaderMap, HeaderValue};
use std::sync::Arc;
use std::sync::atomic::AtomicU64;

/// A Meteroid API client.
///
/// Cheap to clone: clones share one connection pool and one configuration. `Debug` never
/// shows the API key.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
    /// Per-handle, so that [`Client::with_retry_non_idempotent`] needs no new pool.
    retry_non_idempotent: bool,
}

struct Inner {
    http: reqwest::Client,
    base_url: Url,
    token: Option<HeaderValue>,
    /// User-Agent and the caller's default headers, sent with every request.
    headers: HeaderMap,
    policy: RetryPolicy,
    /// Advanced per call to seed that call's jitter, so that concurrent calls (and processes)
    /// do not back off in step.
    jitter_seed: AtomicU64,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let inner = &self.inner;
        f.debug_struct("Client")
            .field("base_url", &inner.base_url.as_str())
            .field("token", &inner.token.as_ref().map(|_| "<redacted>"))
            // Names only: a default header may carry a gateway's secret.
            .field("default_headers", &inner.headers.keys().collect::<Vec<_>>())
            .field("policy", &inner.policy)
            .field("retry_non_idempotent", &self.retry_non_idempotent)
            .finish_non_exhaustive()
    }
}

impl Client {
    /// Settings for a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A client for [`DEFAULT_BASE_URL`] with this API key and default settings.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] for an empty key or one that cannot be a header.
    pub fn new(token: impl Into<String>) -> Result<Client, Error> {
        Client::builder().bearer_token(token).build()
    }

    /// A client from the environment: the API key from `METEROID_API_KEY` (required) and the
    /// address from `METEROID_BASE_URL` (optional, [`DEFAULT_BASE_URL`] when unset or empty).
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when `METEROID_API_KEY` is unset or empty, or either variable is
    /// not valid (not Unicode, or rejected by [`ClientBuilder::build`]).
    pub fn from_env() -> Result<Client, Error> {
        env::from_env_with(|name| std::env::var_os(name))?.build()
    }

    /// A handle on the same client (same pool and settings) that does, or does not, retry
    /// ambiguous failures of non-idempotent calls; see [`ClientBuilder::retry_non_idempotent`].
    ///
    /// ```no_run
    /// # async fn run(client: meteroid_client::Client) -> Result<(), meteroid_client::Error> {
    /// use meteroid_client::models::CustomerPatchRequest;
    /// // Setting a name twice is harmless, so this PATCH may be retried after a timeout.
    /// let patch = CustomerPatchRequest::new().name("Acme");
    /// client.with_retry_non_idempotent(true).patch_customer("cus_1", &patch).await?;
    /// # Ok(())
    /// # }
    /// ```
    pub fn with_retry_non_idempotent(&self, retry: bool) -> Client {
        Client {
            inner: Arc::clone(&self.inner),
            retry_non_idempotent: retry,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::test_support::TOKEN;

    #[test]
    fn debug_never_shows_the_token_or_header_values() {
        let client = Client::builder()
            .bearer_token(TOKEN)
            .default_header("X-Gateway-Key", TOKEN)
            .build()
            .expect("valid");
        let shown = format!("{client:?} {:#?}", client.with_retry_non_idempotent(true));
        assert!(
            !shown.contains(TOKEN) && shown.contains("<redacted>"),
            "{shown}"
        );
        assert!(
            shown.contains("x-gateway-key"),
            "header names are shown: {shown}"
        );
    }

    #[test]
    fn with_retry_non_idempotent_shares_the_client() {
        let client = Client::builder().build().expect("valid");
        assert!(!client.retry_non_idempotent);
        assert!(client.with_retry_non_idempotent(true).retry_non_idempotent);
        assert!(Arc::ptr_eq(
            &client.inner,
            &client.with_retry_non_idempotent(true).inner
        ));
    }
}
