//! The client that generated operations run on.

use crate::error::{ApiError, DecodeError, Error, TransportError};
use crate::request::Request;
use crate::retry::{self, Class, Failure, RetryPolicy, XorShift};
use reqwest::Url;
use reqwest::header::{
    ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderMap, HeaderName, HeaderValue, RETRY_AFTER,
    USER_AGENT,
};
use serde::de::DeserializeOwned;
use std::ffi::OsString;
use std::hash::{BuildHasher, RandomState};
use std::net::IpAddr;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, SystemTime};

const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
const DEFAULT_TOTAL_TIMEOUT: Duration = Duration::from_secs(180);
const DEFAULT_MAX_RETRIES: u32 = 2;
const DEFAULT_BACKOFF_BASE: Duration = Duration::from_millis(200);
const DEFAULT_BACKOFF_CAP: Duration = Duration::from_secs(10);

/// The transport of a generated client: one connection pool, its settings and the retry loop.
///
/// A generated client wraps it ([`ApiClient`]) and adds one method per operation. Cheap to clone: clones share one connection pool and one configuration. `Debug` never
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

/// A generated client: the runtime [`Client`] plus the API's operations, and the type of the
/// API's error bodies. [`ClientBuilder::build`] makes one.
pub trait ApiClient: Sized {
    /// The body of the API's error responses (see [`crate::ErrorBody`]).
    type ErrorBody;

    /// Wraps a runtime client.
    fn from_runtime(client: Client) -> Self;
}

/// The runtime client alone, for tests and for calling operations built by hand.
impl ApiClient for Client {
    type ErrorBody = serde_json::Value;

    fn from_runtime(client: Client) -> Self {
        client
    }
}

/// Settings for a client `C` (a generated client, or the runtime [`Client`]); every setting has
/// a default, see each method, except the base URL when the API names none.
pub struct ClientBuilder<C = Client> {
    client: std::marker::PhantomData<fn() -> C>,
    base_url: Option<String>,
    token: Option<String>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    total_timeout: Option<Duration>,
    max_retries: Option<u32>,
    backoff_base: Option<Duration>,
    backoff_cap: Option<Duration>,
    retry_non_idempotent: bool,
    user_agent: Option<String>,
    default_headers: Vec<(String, String)>,
    http_client: Option<reqwest::Client>,
    allow_insecure_http: bool,
}

impl<C> Default for ClientBuilder<C> {
    fn default() -> Self {
        ClientBuilder {
            client: std::marker::PhantomData,
            base_url: None,
            token: None,
            timeout: None,
            connect_timeout: None,
            total_timeout: None,
            max_retries: None,
            backoff_base: None,
            backoff_cap: None,
            retry_non_idempotent: false,
            user_agent: None,
            default_headers: Vec::new(),
            http_client: None,
            allow_insecure_http: false,
        }
    }
}

impl<C> std::fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let header_names: Vec<_> = self.default_headers.iter().map(|(n, _)| n).collect();
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("token", &self.token.as_ref().map(|_| "<redacted>"))
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("total_timeout", &self.total_timeout)
            .field("max_retries", &self.max_retries)
            .field("backoff_base", &self.backoff_base)
            .field("backoff_cap", &self.backoff_cap)
            .field("retry_non_idempotent", &self.retry_non_idempotent)
            .field("user_agent", &self.user_agent)
            .field("default_headers", &header_names)
            .field("http_client", &self.http_client.is_some())
            .field("allow_insecure_http", &self.allow_insecure_http)
            .finish()
    }
}

impl<C: ApiClient> ClientBuilder<C> {
    /// Settings with every default and no base URL.
    pub fn new() -> Self {
        Self::default()
    }

    /// The API's address (generated clients start with the spec's, when it names one). An
    /// absolute `http` or `https`
    /// URL, with or without a trailing slash, optionally with a path prefix (a gateway's
    /// `https://gw.example.com/meteroid`); operation paths are appended to it.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// The API key, sent as `Authorization: Bearer <token>` (marked sensitive: never shown in
    /// `Debug`, errors or logs). Without one, requests go out unauthenticated.
    pub fn bearer_token(mut self, token: impl Into<String>) -> Self {
        self.token = Some(token.into());
        self
    }

    /// The limit of one attempt, from connecting to the last byte of the body; default 60 s.
    /// Applied per request, so it holds for a client from [`ClientBuilder::http_client`] too.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = Some(timeout);
        self
    }

    /// The limit for establishing a connection (TCP and TLS); default 10 s. A connection that
    /// could not be made is retried for any method, since the request was never sent.
    /// Cannot be combined with [`ClientBuilder::http_client`] (set it on that client instead).
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = Some(timeout);
        self
    }

    /// The deadline of a whole call: all attempts and the waits between them; default 180 s.
    /// An attempt gets at most what is left of it.
    pub fn total_timeout(mut self, timeout: Duration) -> Self {
        self.total_timeout = Some(timeout);
        self
    }

    /// How many times a failed call may be retried; default 2 (so at most 3 attempts). Which
    /// failures are retried is described on [`Client`].
    pub fn max_retries(mut self, retries: u32) -> Self {
        self.max_retries = Some(retries);
        self
    }

    /// The backoff before the first retry is a random wait up to `base` (default 200 ms);
    /// the ceiling doubles per retry, up to `cap` (default 10 s).
    pub fn backoff(mut self, base: Duration, cap: Duration) -> Self {
        self.backoff_base = Some(base);
        self.backoff_cap = Some(cap);
        self
    }

    /// Also retry timeouts, broken connections and 5xx other than 503 for non-idempotent
    /// methods (POST, PATCH); default false. Only safe when repeating the call does no harm
    /// (for a PATCH that sets fields, it usually does none). Per call:
    /// [`Client::with_retry_non_idempotent`].
    pub fn retry_non_idempotent(mut self, retry: bool) -> Self {
        self.retry_non_idempotent = retry;
        self
    }

    /// The `User-Agent` header; generated clients default to `<their crate>/<version>`, the
    /// runtime alone to `meteroid-runtime/<version>`.
    pub fn user_agent(mut self, user_agent: impl Into<String>) -> Self {
        self.user_agent = Some(user_agent.into());
        self
    }

    /// A header sent with every request (a gateway's key, a `Prefer`). Setting the same name
    /// again replaces it. `Authorization` (when a token is set), `Accept` and `Content-Type`
    /// are set per request and take precedence.
    pub fn default_header(mut self, name: impl Into<String>, value: impl Into<String>) -> Self {
        let name = name.into();
        self.default_headers
            .retain(|(existing, _)| !existing.eq_ignore_ascii_case(&name));
        self.default_headers.push((name, value.into()));
        self
    }

    /// Sends through this `reqwest::Client` (for proxies, mTLS, custom DNS) instead of one
    /// built here. `timeout`, `total_timeout`, the user agent, default headers and retries
    /// still apply (they are set per request); `connect_timeout` cannot be, so setting both
    /// is an error. Note that this client's redirect policy then applies: the built-in one
    /// follows no redirects.
    pub fn http_client(mut self, client: reqwest::Client) -> Self {
        self.http_client = Some(client);
        self
    }

    /// Allow sending the API key over plain `http://` to a host that is not loopback;
    /// default false, since anyone on the path could read it. Loopback (`127.0.0.0/8`, `::1`,
    /// `localhost`) is always allowed.
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_insecure_http = allow;
        self
    }

    /// Builds the client.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] for a base URL that is not an absolute http(s) URL (or carries a
    /// query, fragment or credentials), an API key over `http://` to a non-loopback host
    /// without [`ClientBuilder::allow_insecure_http`], a token, user agent or header that
    /// cannot be a header, or `connect_timeout` with `http_client`.
    pub fn build(self) -> Result<C, Error<C::ErrorBody>> {
        self.build_runtime()
            .map(C::from_runtime)
            .map_err(Error::Config)
    }

    /// The settings read from the environment: the token from `token_var` (required: unset
    /// or empty is an error saying so) and the base URL from `base_url_var` (optional: unset or
    /// empty keeps the current one). A generated client's `from_env()` names its variables.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when `token_var` is unset or empty, or either is not Unicode.
    pub fn from_env(
        self,
        token_var: &str,
        base_url_var: &str,
    ) -> Result<Self, Error<C::ErrorBody>> {
        from_env_with(self, |name| std::env::var_os(name), token_var, base_url_var)
            .map_err(Error::Config)
    }

    fn build_runtime(self) -> Result<Client, String> {
        let base_url = parse_base_url(self.base_url.as_deref().ok_or(
            "no base_url: the API's spec names no server, so set one with ClientBuilder::base_url",
        )?)?;
        let token = match self.token {
            Some(token) => Some(bearer_header(&token)?),
            None => None,
        };
        if token.is_some()
            && base_url.scheme() == "http"
            && !is_loopback(&base_url)
            && !self.allow_insecure_http
        {
            return Err(format!(
                "refusing to send the API key over plain http:// to {}: use https://, or \
                 allow_insecure_http(true) if the network path is trusted",
                base_url.host_str().unwrap_or("?")
            ));
        }

        let mut headers = HeaderMap::new();
        let user_agent = self
            .user_agent
            .unwrap_or_else(|| concat!("meteroid-runtime/", env!("CARGO_PKG_VERSION")).into());
        let user_agent = HeaderValue::from_str(&user_agent)
            .map_err(|_| "the user agent is not a valid header value".to_string())?;
        headers.insert(USER_AGENT, user_agent);
        for (name, value) in &self.default_headers {
            let header_name = HeaderName::from_bytes(name.as_bytes())
                .map_err(|_| format!("{name:?} is not a valid header name"))?;
            // The value is not echoed: it may be a secret.
            let mut header_value = HeaderValue::from_str(value)
                .map_err(|_| format!("the value of header {name:?} is not a valid header value"))?;
            header_value.set_sensitive(true);
            headers.insert(header_name, header_value);
        }

        let http = match self.http_client {
            Some(http) if self.connect_timeout.is_some() => {
                drop(http);
                return Err(
                    "connect_timeout cannot be applied to a client given with http_client: set \
                     it on that reqwest::ClientBuilder"
                        .into(),
                );
            }
            Some(http) => http,
            None => reqwest::Client::builder()
                .tls_backend_preconfigured(tls_config()?)
                .connect_timeout(self.connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT))
                // An API does not redirect; following one would resend a PATCH as a GET.
                .redirect(reqwest::redirect::Policy::none())
                .build()
                .map_err(|e| format!("the HTTP client could not be built: {e}"))?,
        };

        let policy = RetryPolicy {
            max_retries: self.max_retries.unwrap_or(DEFAULT_MAX_RETRIES),
            backoff_base: self.backoff_base.unwrap_or(DEFAULT_BACKOFF_BASE),
            backoff_cap: self.backoff_cap.unwrap_or(DEFAULT_BACKOFF_CAP),
            total_timeout: self.total_timeout.unwrap_or(DEFAULT_TOTAL_TIMEOUT),
            attempt_timeout: self.timeout.unwrap_or(DEFAULT_TIMEOUT),
        };
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url,
                token,
                headers,
                policy,
                jitter_seed: AtomicU64::new(RandomState::new().hash_one(SystemTime::now())),
            }),
            retry_non_idempotent: self.retry_non_idempotent,
        })
    }
}

/// TLS with rustls on the `ring` provider (no C toolchain build, unlike aws-lc-sys) and the
/// platform's certificate verifier, offering HTTP/2 and HTTP/1.1.
fn tls_config() -> Result<rustls::ClientConfig, String> {
    use rustls_platform_verifier::BuilderVerifierExt;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut tls = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .and_then(|builder| builder.with_platform_verifier())
        .map_err(|e| format!("TLS could not be configured: {e}"))?
        .with_no_client_auth();
    tls.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    Ok(tls)
}

fn parse_base_url(text: &str) -> Result<Url, String> {
    let invalid = |why: &str| format!("base_url {text:?} {why}");
    let url = Url::parse(text).map_err(|e| invalid(&format!("is not an absolute URL ({e})")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(invalid("must use http or https"));
    }
    if url.host().is_none() {
        return Err(invalid("has no host"));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return Err(invalid("must not have a query or fragment"));
    }
    if !url.username().is_empty() || url.password().is_some() {
        // They would be sent with every request and printed wherever the URL is.
        return Err(
            "base_url must not contain credentials: use bearer_token or default_header".into(),
        );
    }
    Ok(url)
}

fn bearer_header(token: &str) -> Result<HeaderValue, String> {
    if token.trim().is_empty() {
        return Err("the API key is empty".into());
    }
    // The message never includes the token: it is what we must not leak.
    let mut value = HeaderValue::from_str(&format!("Bearer {token}"))
        .map_err(|_| "the API key contains characters not allowed in a header".to_string())?;
    value.set_sensitive(true);
    Ok(value)
}

fn is_loopback(url: &Url) -> bool {
    let Some(host) = url.host_str() else {
        return false;
    };
    // The URL type has already normalized IP forms (`127.1` is `127.0.0.1`); IPv6 hosts come
    // bracketed.
    let bare = host.trim_start_matches('[').trim_end_matches(']');
    match bare.parse::<IpAddr>() {
        Ok(ip) => ip.is_loopback(),
        Err(_) => host.eq_ignore_ascii_case("localhost"),
    }
}

/// A 2xx response.
struct Success {
    status: u16,
    headers: HeaderMap,
    /// The buffer reqwest read the body into; copied only into an error.
    body: bytes::Bytes,
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
            inner: Arc::clone(&self.inner),
            retry_non_idempotent: retry,
        }
    }

    fn url_for(&self, request: &Request) -> Url {
        let mut url = self.inner.base_url.clone();
        // The base's own path is a prefix (a gateway's `/meteroid`); the operation's path,
        // already encoded segment by segment, goes after it.
        let path = format!("{}{}", url.path().trim_end_matches('/'), request.path);
        url.set_path(&path);
        if !request.query.is_empty() {
            url.query_pairs_mut().extend_pairs(&request.query);
        }
        url
    }

    fn headers_for(&self, request: &Request) -> HeaderMap {
        let mut headers = self.inner.headers.clone();
        headers.insert(ACCEPT, HeaderValue::from_static(request.accept));
        if let Some(body) = &request.body {
            headers.insert(CONTENT_TYPE, HeaderValue::from_static(body.content_type));
        }
        if request.operation.authenticated {
            if let Some(token) = &self.inner.token {
                headers.insert(AUTHORIZATION, token.clone());
            }
        }
        headers
    }

    async fn send<E: DeserializeOwned>(&self, request: Request) -> Result<Success, Error<E>> {
        if let Some(why) = request.invalid {
            return Err(Error::InvalidRequest(why));
        }
        let url = self.url_for(&request);
        let headers = self.headers_for(&request);
        let method = request.operation.method;
        // One buffer for all attempts: `Bytes` takes over the `Vec` and clones by reference
        // count, so a retry does not copy the body.
        let body = request.body.map(|body| bytes::Bytes::from(body.bytes));
        let repeat_ambiguous = method.is_idempotent() || self.retry_non_idempotent;
        let seed = self
            .inner
            .jitter_seed
            .fetch_add(0x9E37_79B9_7F4A_7C15, Ordering::Relaxed);
        let mut jitter = XorShift::new(seed);
        retry::run(
            &self.inner.policy,
            repeat_ambiguous,
            &mut jitter,
            |timeout, number| {
                let mut builder = self
                    .inner
                    .http
                    .request(method.to_reqwest(), url.clone())
                    .headers(headers.clone())
                    .timeout(timeout);
                if let Some(body) = &body {
                    builder = builder.body(body.clone());
                }
                attempt(builder, number)
            },
        )
        .await
    }

    /// Sends `request` (retrying as the policy allows) and decodes a 2xx body as `T`; an
    /// error status's body is decoded as `E` when it can be.
    pub async fn send_json<T: DeserializeOwned, E: DeserializeOwned>(
        &self,
        request: Request,
    ) -> Result<T, Error<E>> {
        decode(self.send(request).await?)
    }

    /// Sends `request`, for operations whose success has no body: any 2xx is success.
    pub async fn send_empty<E: DeserializeOwned>(&self, request: Request) -> Result<(), Error<E>> {
        self.send(request).await.map(|_| ())
    }

    /// Sends `request` and returns the raw body of a 2xx response, for binary downloads (with
    /// [`Request::accept`]).
    pub async fn send_bytes<E: DeserializeOwned>(
        &self,
        request: Request,
    ) -> Result<Vec<u8>, Error<E>> {
        self.send(request).await.map(|success| success.body.into())
    }
}

/// One attempt: sends, reads the whole body, and classifies a failure for the retry loop.
async fn attempt<E: DeserializeOwned>(
    builder: reqwest::RequestBuilder,
    number: u32,
) -> Result<Success, Failure<E>> {
    let response = builder
        .send()
        .await
        .map_err(|e| transport_failure(e, number))?;
    let status = response.status().as_u16();
    let headers = response.headers().clone();
    let body = response
        .bytes()
        .await
        .map_err(|e| transport_failure(e, number))?;
    if (200..300).contains(&status) {
        return Ok(Success {
            status,
            headers,
            body,
        });
    }
    let retry_after = headers
        .get(RETRY_AFTER)
        .and_then(|value| value.to_str().ok())
        .and_then(|value| retry::parse_retry_after(value, SystemTime::now()));
    let class = match status {
        429 | 503 => Class::Refused,
        500..=599 => Class::Ambiguous,
        _ => Class::Final,
    };
    let error = serde_json::from_slice(&body).ok();
    Err(Failure {
        error: Error::Api(Box::new(ApiError {
            status,
            headers,
            body: body.into(),
            error,
            retry_after,
        })),
        class,
        retry_after,
    })
}

fn transport_failure<E>(source: reqwest::Error, attempts: u32) -> Failure<E> {
    // A connect error (including a connect timeout) means no byte of the request left.
    let maybe_sent = !source.is_connect();
    let timed_out = source.is_timeout();
    let error = TransportError {
        attempts,
        maybe_sent,
        source,
    };
    Failure {
        error: if timed_out {
            Error::Timeout(error)
        } else {
            Error::Connection(error)
        },
        class: if maybe_sent {
            Class::Ambiguous
        } else {
            Class::NotSent
        },
        retry_after: None,
    }
}

fn decode<T: DeserializeOwned, E>(success: Success) -> Result<T, Error<E>> {
    // Plain serde_json first: tracking the path costs as much again as decoding, so only a
    // body that fails pays for it, in a second pass that finds where (and the same error).
    if let Ok(value) = serde_json::from_slice(&success.body) {
        return Ok(value);
    }
    let mut deserializer = serde_json::Deserializer::from_slice(&success.body);
    let result = serde_path_to_error::deserialize(&mut deserializer)
        .map_err(|e| (e.path().to_string(), e.into_inner()))
        // Bytes after the value: the document as a whole (`.`) is at fault.
        .and_then(|value| {
            deserializer
                .end()
                .map(|()| value)
                .map_err(|e| (".".into(), e))
        });
    result.map_err(|(path, e)| {
        Error::Decode(Box::new(DecodeError {
            status: success.status,
            path,
            message: e.to_string(),
            headers: success.headers,
            body: success.body.into(),
        }))
    })
}

/// `ClientBuilder::from_env` with the environment as a function, so that it is testable without
/// touching the process's environment.
fn from_env_with<C: ApiClient>(
    builder: ClientBuilder<C>,
    lookup: impl Fn(&str) -> Option<OsString>,
    token_var: &str,
    base_url_var: &str,
) -> Result<ClientBuilder<C>, String> {
    let read = |name: &str| -> Result<Option<String>, String> {
        match lookup(name) {
            None => Ok(None),
            Some(value) => match value.into_string() {
                Ok(value) if value.trim().is_empty() => Ok(None),
                Ok(value) => Ok(Some(value)),
                Err(_) => Err(format!("{name} is not valid Unicode")),
            },
        }
    };
    let Some(token) = read(token_var)? else {
        return Err(format!(
            "{token_var} is not set: export your API key, or give the client one with \
             bearer_token(key)"
        ));
    };
    let mut builder = builder.bearer_token(token);
    if let Some(base_url) = read(base_url_var)? {
        builder = builder.base_url(base_url);
    }
    Ok(builder)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::request::{Method, Operation};

    const DEFAULT_BASE_URL: &str = "https://api.meteroid.com";

    /// Settings as a generated client starts them: with the API's address.
    fn builder() -> ClientBuilder {
        Client::builder().base_url(DEFAULT_BASE_URL)
    }

    const TOKEN: &str = "mtr_SECRET_7f3a9c";

    static OP: Operation = Operation {
        id: "get_thing",
        method: Method::Get,
        path: "/api/v1/things/{id}",
        authenticated: true,
    };

    static PUBLIC: Operation = Operation {
        id: "public",
        method: Method::Post,
        path: "/oauth/token",
        authenticated: false,
    };

    fn client(base_url: &str) -> Client {
        builder()
            .base_url(base_url)
            .bearer_token(TOKEN)
            .build()
            .expect("valid settings")
    }

    fn config_error(result: Result<Client, Error>) -> String {
        match result {
            Err(Error::Config(why)) => why,
            other => panic!("expected a config error, got {other:?}"),
        }
    }

    #[test]
    fn the_base_url_may_have_a_trailing_slash_or_a_path_prefix() {
        let request = || Request::new(&OP).path_param("id", "a b/c");
        for (base, expected) in [
            (
                "https://api.meteroid.com",
                "https://api.meteroid.com/api/v1/things/a%20b%2Fc",
            ),
            (
                "https://api.meteroid.com/",
                "https://api.meteroid.com/api/v1/things/a%20b%2Fc",
            ),
            (
                "https://gw.example.com/meteroid",
                "https://gw.example.com/meteroid/api/v1/things/a%20b%2Fc",
            ),
            (
                "https://gw.example.com/meteroid/",
                "https://gw.example.com/meteroid/api/v1/things/a%20b%2Fc",
            ),
            (
                "http://127.0.0.1:4010",
                "http://127.0.0.1:4010/api/v1/things/a%20b%2Fc",
            ),
        ] {
            assert_eq!(
                client(base).url_for(&request()).as_str(),
                expected,
                "{base}"
            );
        }
    }

    #[test]
    fn query_pairs_are_form_encoded() {
        let request = Request::new(&OP)
            .path_param("id", "x")
            .query("search", "a b&c=d/é")
            .query("status", "active")
            .query("status", "draft");
        assert_eq!(
            client(DEFAULT_BASE_URL).url_for(&request).as_str(),
            "https://api.meteroid.com/api/v1/things/x?search=a+b%26c%3Dd%2F%C3%A9&status=active&status=draft"
        );
    }

    #[test]
    fn bad_base_urls_are_refused() {
        for (bad, why) in [
            ("api.meteroid.com", "not an absolute URL"),
            ("/api", "not an absolute URL"),
            ("ftp://api.meteroid.com", "http or https"),
            ("https://api.meteroid.com/?x=1", "query or fragment"),
            ("https://api.meteroid.com/#x", "query or fragment"),
            ("https://user:pw@api.meteroid.com", "credentials"),
        ] {
            let why_got = config_error(builder().base_url(bad).build());
            assert!(why_got.contains(why), "{bad}: {why_got}");
        }
        assert!(builder().build().is_ok(), "the default is valid");
    }

    #[test]
    fn the_token_is_not_sent_over_plain_http_to_other_hosts() {
        for host in [
            "http://api.meteroid.com",
            "http://10.0.0.5:8080",
            "http://[2001:db8::1]",
        ] {
            let why = config_error(builder().base_url(host).bearer_token(TOKEN).build());
            assert!(why.contains("plain http://"), "{why}");
            assert!(!why.contains(TOKEN));
            let allowed = builder()
                .base_url(host)
                .bearer_token(TOKEN)
                .allow_insecure_http(true)
                .build();
            assert!(allowed.is_ok(), "{host}");
            // Without a token there is nothing to leak.
            assert!(builder().base_url(host).build().is_ok(), "{host}");
        }
        for loopback in [
            "http://127.0.0.1:4010",
            "http://127.8.9.10",
            "http://[::1]:8080",
            "http://localhost:3000/prefix",
            "http://LOCALHOST",
        ] {
            assert!(
                builder()
                    .base_url(loopback)
                    .bearer_token(TOKEN)
                    .build()
                    .is_ok(),
                "{loopback}"
            );
        }
    }

    #[test]
    fn bad_tokens_and_headers_are_config_errors_that_do_not_echo_secrets() {
        assert!(config_error(builder().bearer_token("").build()).contains("empty"));
        let why = config_error(builder().bearer_token(format!("{TOKEN}\n")).build());
        assert!(!why.contains(TOKEN), "{why}");
        let why = config_error(
            builder()
                .default_header("X-Gateway-Key", format!("{TOKEN}\r\n"))
                .build(),
        );
        assert!(
            why.contains("X-Gateway-Key") && !why.contains(TOKEN),
            "{why}"
        );
        let why = config_error(builder().default_header("bad name", "v").build());
        assert!(why.contains("bad name"), "{why}");
        let why = config_error(builder().user_agent("a\nb").build());
        assert!(why.contains("user agent"), "{why}");
    }

    /// A caller's own reqwest client. With `rustls-no-provider`, `reqwest::Client::new()`
    /// panics unless a rustls provider is installed (or a crate in the build turns on
    /// reqwest's `rustls` feature); this one is handed its TLS config.
    fn own_http_client() -> reqwest::Client {
        reqwest::Client::builder()
            .tls_backend_preconfigured(tls_config().expect("TLS config"))
            .build()
            .expect("a reqwest client")
    }

    #[test]
    fn connect_timeout_and_an_own_http_client_do_not_mix() {
        let why = config_error(
            builder()
                .http_client(own_http_client())
                .connect_timeout(Duration::from_secs(1))
                .build(),
        );
        assert!(why.contains("connect_timeout"), "{why}");
        assert!(
            builder()
                .http_client(own_http_client())
                .timeout(Duration::from_secs(1))
                .build()
                .is_ok()
        );
    }

    #[test]
    fn headers_per_request() {
        let client = builder()
            .bearer_token(TOKEN)
            .default_header("Prefer", "code=404")
            .default_header("prefer", "dynamic=true")
            .default_header("Accept", "text/html")
            .build()
            .expect("valid");
        let get = client.headers_for(&Request::new(&OP));
        assert_eq!(get[AUTHORIZATION], format!("Bearer {TOKEN}").as_str());
        assert!(get[AUTHORIZATION].is_sensitive());
        assert_eq!(get[ACCEPT], "application/json", "ours wins over a default");
        assert_eq!(get["prefer"], "dynamic=true", "the last default wins");
        assert_eq!(get.get_all("prefer").iter().count(), 1);
        assert_eq!(
            get[USER_AGENT],
            concat!("meteroid-runtime/", env!("CARGO_PKG_VERSION"))
        );
        assert!(get.get(CONTENT_TYPE).is_none(), "no body, no content type");

        let post = client.headers_for(&Request::new(&PUBLIC).form_body(&[("a", "b")]));
        assert!(
            post.get(AUTHORIZATION).is_none(),
            "not for unauthenticated operations"
        );
        assert_eq!(post[CONTENT_TYPE], "application/x-www-form-urlencoded");

        let pdf = client.headers_for(&Request::new(&OP).accept("application/pdf"));
        assert_eq!(pdf[ACCEPT], "application/pdf");
        let json = client.headers_for(&Request::new(&OP).json_body(&1));
        assert_eq!(json[CONTENT_TYPE], "application/json");

        let custom = builder()
            .user_agent("acme-billing/2")
            .build()
            .expect("valid");
        assert_eq!(
            custom.headers_for(&Request::new(&OP))[USER_AGENT],
            "acme-billing/2"
        );
    }

    #[test]
    fn debug_never_shows_the_token_or_header_values() {
        let builder = builder()
            .bearer_token(TOKEN)
            .default_header("X-Gateway-Key", TOKEN);
        let shown = format!("{builder:?}");
        assert!(
            !shown.contains(TOKEN) && shown.contains("<redacted>"),
            "{shown}"
        );
        let client = builder.build().expect("valid");
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
    fn defaults() {
        let client = builder().build().expect("valid");
        let p = client.inner.policy;
        assert_eq!(
            (
                p.max_retries,
                p.backoff_base,
                p.backoff_cap,
                p.attempt_timeout,
                p.total_timeout
            ),
            (
                2,
                Duration::from_millis(200),
                Duration::from_secs(10),
                Duration::from_secs(60),
                Duration::from_secs(180)
            )
        );
        assert_eq!(client.inner.base_url.as_str(), "https://api.meteroid.com/");
        assert!(!client.retry_non_idempotent);
        assert!(client.with_retry_non_idempotent(true).retry_non_idempotent);
        assert!(Arc::ptr_eq(
            &client.inner,
            &client.with_retry_non_idempotent(true).inner
        ));
    }

    fn env(vars: &'static [(&'static str, &'static str)]) -> impl Fn(&str) -> Option<OsString> {
        move |name| {
            vars.iter()
                .find(|(k, _)| *k == name)
                .map(|(_, v)| OsString::from(v))
        }
    }

    #[test]
    fn from_env_reads_the_key_and_an_optional_base_url() {
        let from_env = from_env_with(
            builder(),
            env(&[("METEROID_API_KEY", TOKEN)]),
            "METEROID_API_KEY",
            "METEROID_BASE_URL",
        )
        .expect("key set");
        let client = from_env.build().expect("valid");
        assert_eq!(client.inner.base_url.as_str(), "https://api.meteroid.com/");
        assert!(client.inner.token.is_some());

        let from_env = from_env_with(
            builder(),
            env(&[
                ("METEROID_API_KEY", TOKEN),
                ("METEROID_BASE_URL", "http://127.0.0.1:4010"),
            ]),
            "METEROID_API_KEY",
            "METEROID_BASE_URL",
        )
        .expect("key set");
        let client = from_env.build().expect("valid");
        assert_eq!(client.inner.base_url.as_str(), "http://127.0.0.1:4010/");

        let from_env = from_env_with(
            builder(),
            env(&[("METEROID_API_KEY", TOKEN), ("METEROID_BASE_URL", "")]),
            "METEROID_API_KEY",
            "METEROID_BASE_URL",
        )
        .expect("an empty base URL is unset");
        assert_eq!(
            from_env.build().expect("valid").inner.base_url.as_str(),
            "https://api.meteroid.com/"
        );
    }

    #[test]
    fn from_env_without_a_key_says_what_to_do() {
        for vars in [&[][..], &[("METEROID_API_KEY", "  ")][..]] {
            let vars: &'static [(&str, &str)] = vars;
            match from_env_with(
                builder(),
                env(vars),
                "METEROID_API_KEY",
                "METEROID_BASE_URL",
            ) {
                Err(why) => assert!(why.contains("METEROID_API_KEY is not set"), "{why}"),
                other => panic!("{other:?}"),
            }
        }
    }

    /// The parts of the runtime that only the full spec's operations use, and the method
    /// rules that only a GET shows, against a real local server.
    mod on_the_wire {
        use super::*;
        use wiremock::matchers::{body_string, header, method, path, query_param};
        use wiremock::{Mock, MockServer, ResponseTemplate};

        fn client(server: &MockServer) -> Client {
            builder()
                .base_url(server.uri())
                .bearer_token(TOKEN)
                .backoff(Duration::from_millis(1), Duration::from_millis(1))
                .build()
                .expect("valid")
        }

        async fn requests(server: &MockServer) -> usize {
            server
                .received_requests()
                .await
                .expect("recording on")
                .len()
        }

        #[tokio::test]
        async fn query_pairs_reach_the_server() {
            let server = MockServer::start().await;
            Mock::given(method("GET"))
                .and(path("/api/v1/things/x"))
                .and(query_param("search", "a b&c"))
                .respond_with(ResponseTemplate::new(200).set_body_json(serde_json::json!(1)))
                .expect(1)
                .mount(&server)
                .await;
            let request = Request::new(&OP)
                .path_param("id", "x")
                .query("search", "a b&c")
                .query("tag", "1")
                .query("tag", "2");
            let got: u32 = client(&server)
                .send_json::<_, serde_json::Value>(request)
                .await
                .expect("200");
            assert_eq!(got, 1);
            let seen = server.received_requests().await.expect("recording on");
            assert_eq!(seen[0].url.query(), Some("search=a+b%26c&tag=1&tag=2"));
        }

        #[tokio::test]
        async fn a_form_body_goes_out_unauthenticated_with_its_media_type() {
            let server = MockServer::start().await;
            Mock::given(method("POST"))
                .and(path("/oauth/token"))
                .and(header("content-type", "application/x-www-form-urlencoded"))
                .and(body_string("grant_type=client_credentials&scope=a+b"))
                .respond_with(ResponseTemplate::new(204))
                .expect(1)
                .mount(&server)
                .await;
            let request = Request::new(&PUBLIC)
                .form_body(&[("grant_type", "client_credentials"), ("scope", "a b")]);
            client(&server)
                .send_empty::<serde_json::Value>(request)
                .await
                .expect("204");
            let seen = server.received_requests().await.expect("recording on");
            assert!(seen[0].headers.get("authorization").is_none());
        }

        #[tokio::test]
        async fn send_bytes_returns_the_raw_body_of_a_2xx() {
            let server = MockServer::start().await;
            let pdf = b"%PDF-1.7\n\xff\x00binary".to_vec();
            Mock::given(method("GET"))
                .and(header("accept", "application/pdf"))
                .respond_with(
                    ResponseTemplate::new(200).set_body_raw(pdf.clone(), "application/pdf"),
                )
                .expect(1)
                .mount(&server)
                .await;
            let request = Request::new(&OP)
                .path_param("id", "inv_1")
                .accept("application/pdf");
            assert_eq!(
                client(&server)
                    .send_bytes::<serde_json::Value>(request)
                    .await
                    .expect("200"),
                pdf
            );

            server.reset().await;
            Mock::given(method("GET"))
                .respond_with(ResponseTemplate::new(404).set_body_string("gone"))
                .mount(&server)
                .await;
            let request = Request::new(&OP)
                .path_param("id", "inv_1")
                .accept("application/pdf");
            match client(&server)
                .send_bytes::<serde_json::Value>(request)
                .await
            {
                Err(Error::Api(e)) => assert_eq!((e.status, e.text().as_str()), (404, "gone")),
                other => panic!("{other:?}"),
            }
        }

        #[tokio::test]
        async fn an_invalid_request_is_not_sent() {
            let server = MockServer::start().await;
            let nested = std::collections::BTreeMap::from([("a", [1])]);
            let request = Request::new(&PUBLIC).form_body(&nested);
            let error = client(&server)
                .send_empty::<serde_json::Value>(request)
                .await
                .unwrap_err();
            assert!(matches!(error, Error::InvalidRequest(_)), "{error:?}");
            assert_eq!(requests(&server).await, 0);
        }

        #[tokio::test]
        async fn idempotent_methods_retry_server_errors_and_timeouts() {
            let server = MockServer::start().await;
            Mock::given(method("GET"))
                .respond_with(ResponseTemplate::new(500))
                .mount(&server)
                .await;
            let request = Request::new(&OP).path_param("id", "x");
            let error = client(&server)
                .send_empty::<serde_json::Value>(request)
                .await
                .unwrap_err();
            assert_eq!(error.status(), Some(500));
            assert_eq!(requests(&server).await, 3);

            server.reset().await;
            Mock::given(method("GET"))
                .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(5)))
                .mount(&server)
                .await;
            let client = builder()
                .base_url(server.uri())
                .timeout(Duration::from_millis(50))
                .backoff(Duration::from_millis(1), Duration::from_millis(1))
                .build()
                .expect("valid");
            let request = Request::new(&OP).path_param("id", "x");
            match client.send_empty::<serde_json::Value>(request).await {
                Err(Error::Timeout(e)) => assert_eq!(e.attempts, 3),
                other => panic!("{other:?}"),
            }
            assert_eq!(requests(&server).await, 3);
        }
    }
}
