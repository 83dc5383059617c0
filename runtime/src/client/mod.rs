//! The client that generated operations run on.
//!
//! This module holds [`Client`] and its public methods; the rest is split by what it does:
//! `builder` (the settings, their defaults and checks), `tls` (the built-in HTTP client's
//! TLS), `env` (where [`ClientBuilder::from_env`] looks), `request` (the URL and headers of a call)
//! and `transport` (sending: the retry loop, one attempt, decoding the body).

mod builder;
mod credentials;
mod env;
mod events;
mod load;
mod metadata;
mod request;
#[cfg(test)]
mod test_support;
mod tls;
mod transport;

pub use builder::ClientBuilder;
pub use events::{Event, EventStream};
pub use metadata::{MetadataSlot, ResponseMeta};

use crate::error::Error;
use crate::retry::RetryPolicy;
use reqwest::Url;
use reqwest::header::HeaderMap;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;

/// The transport of a generated client: one connection pool, its settings and the retry loop.
///
/// A generated client wraps it ([`ApiClient`]) and adds one method per operation. Cheap to
/// clone: clones share one connection pool and one configuration. `Debug` never shows a
/// credential.
///
/// # Under load
///
/// The client (all its clones and handles together) has at most
/// [`ClientBuilder::max_concurrent_requests`] requests in flight (64 by default); further
/// calls wait their turn, first come first served, within their deadline. When a response is
/// a 429 or 503 with `Retry-After`, the client holds every new attempt, of any call, until
/// that wait is over, so one signal slows every caller; calls already in flight finish as
/// they would. A held call whose deadline ends before the hold does fails at once with the
/// response that asked for the hold ([`Error::retry_after`] is what is left of it), as a call
/// whose own `Retry-After` outlasts its deadline does. Clients built separately share
/// neither the slots nor the hold.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
    /// Per-handle, so that [`Client::with_retry_non_idempotent`] needs no new pool.
    retry_non_idempotent: bool,
    /// Per-handle settings for the calls made through it (`with_timeout`, ...).
    call: CallOptions,
}

/// What a handle changes for its calls, over the client's settings.
#[derive(Clone, Debug, Default)]
struct CallOptions {
    /// The whole call's deadline, retries included.
    timeout: Option<std::time::Duration>,
    /// How many retries a call may make.
    max_retries: Option<u32>,
    /// Headers added to every request (replacing defaults of the same name).
    headers: Option<Arc<HeaderMap>>,
    /// Do not fill the `Idempotency-Key` of operations that declare one.
    no_idempotency_keys: bool,
    /// Where successful calls' status and headers go (`with_metadata`).
    metadata: Option<metadata::MetadataSlot>,
}

struct Inner {
    http: reqwest::Client,
    base_url: Url,
    credentials: credentials::Credentials,
    /// User-Agent and the caller's default headers, sent with every request.
    headers: HeaderMap,
    policy: RetryPolicy,
    /// The largest response body read.
    max_response_bytes: usize,
    /// Advanced per call to seed that call's jitter, so that concurrent calls (and processes)
    /// do not back off in step.
    jitter_seed: AtomicU64,
    /// The request slots and the `Retry-After` hold, shared by every clone and handle.
    load: load::Load,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let inner = &self.inner;
        let (token, schemes) = inner.credentials.describe();
        f.debug_struct("Client")
            .field("base_url", &inner.base_url.as_str())
            .field("token", &token.then_some("<redacted>"))
            // The schemes' names only.
            .field("credentials", &schemes)
            // Names only: a default header may carry a gateway's secret.
            .field("default_headers", &inner.headers.keys().collect::<Vec<_>>())
            .field("policy", &inner.policy)
            .field("max_concurrent_requests", &inner.load.limit())
            .field("retry_non_idempotent", &self.retry_non_idempotent)
            .field("timeout", &self.call.timeout)
            .field("max_retries", &self.call.max_retries)
            .field(
                "call_headers",
                &self
                    .call
                    .headers
                    .iter()
                    .flat_map(|h| h.keys())
                    .collect::<Vec<_>>(),
            )
            .field("idempotency_keys", &!self.call.no_idempotency_keys)
            .finish_non_exhaustive()
    }
}

/// A generated client: the runtime [`Client`] plus the API's operations, and the error type
/// its calls return. [`ClientBuilder::build`] makes one.
pub trait ApiClient: Sized {
    /// What the client's calls fail with: a generated client's own `Error`, whose
    /// [`CallError::Body`](crate::CallError::Body) is the API's error body.
    type Error: crate::CallError;

    /// Wraps a runtime client.
    fn from_runtime(client: Client) -> Self;
}

/// The runtime client alone, for tests and for calling operations built by hand.
impl ApiClient for Client {
    type Error = Error;

    fn from_runtime(client: Client) -> Self {
        client
    }
}

impl Client {
    /// Settings for a runtime client (no operations: see [`ApiClient`] for generated ones).
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A handle on the same client (same pool and settings) that does, or does not, retry
    /// ambiguous failures of non-idempotent calls; see [`ClientBuilder::retry_non_idempotent`].
    ///
    pub fn with_retry_non_idempotent(&self, retry: bool) -> Client {
        Client {
            retry_non_idempotent: retry,
            ..self.clone()
        }
    }

    /// A handle whose calls each end after `timeout`, retries and waits included (instead of
    /// the client's [`ClientBuilder::total_timeout`]).
    pub fn with_timeout(&self, timeout: std::time::Duration) -> Client {
        let mut handle = self.clone();
        handle.call.timeout = Some(timeout);
        handle
    }

    /// A handle whose calls retry at most `retries` times (`0`: never).
    pub fn with_max_retries(&self, retries: u32) -> Client {
        let mut handle = self.clone();
        handle.call.max_retries = Some(retries);
        handle
    }

    /// A handle that sends this header with every request (a tenant, a trace ID); it replaces
    /// a default header of the same name, and the client's own `Accept`, `Content-Type` and
    /// credential headers still win over it.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] for a name or value HTTP does not allow.
    pub fn with_header<Err: crate::CallError>(
        &self,
        name: &str,
        value: &str,
    ) -> Result<Client, Err> {
        let config = |why: String| Err::from(Error::Config(why));
        // Text beyond ASCII is refused too, as for header parameters: a server could read it
        // in any charset.
        if !value.is_ascii() {
            return Err(config(format!(
                "the value of header {name:?} is not a valid header value"
            )));
        }
        let (name, value) = builder::header(name, value).map_err(config)?;
        let mut handle = self.clone();
        let mut headers = handle.call.headers.as_deref().cloned().unwrap_or_default();
        headers.insert(name, value);
        handle.call.headers = Some(Arc::new(headers));
        Ok(handle)
    }

    /// A handle that does, or does not (`false`), fill the idempotency key of operations
    /// whose spec declares one (`Idempotency-Key`); on by default. A key the caller sets
    /// is always sent as it is.
    pub fn with_idempotency_keys(&self, fill: bool) -> Client {
        let mut handle = self.clone();
        handle.call.no_idempotency_keys = !fill;
        handle
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::test_support::{TOKEN, builder};

    #[test]
    fn debug_never_shows_the_token_or_header_values() {
        let client = builder()
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
        let client = builder().build().expect("valid");
        assert!(!client.retry_non_idempotent);
        assert!(client.with_retry_non_idempotent(true).retry_non_idempotent);
        assert!(Arc::ptr_eq(
            &client.inner,
            &client.with_retry_non_idempotent(true).inner
        ));
    }
}
