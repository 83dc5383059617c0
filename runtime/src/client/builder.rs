//! [`ClientBuilder`]: the settings of a [`Client`], their defaults, and the checks that turn
//! them into one (base URL, credentials, headers, plain http).

use super::credentials::Credentials;
use super::load::Load;
use super::tls::tls_config;
use super::{ApiClient, Client, Inner};
use crate::auth::Credential;
use crate::error::Error;
use crate::retry::RetryPolicy;
use reqwest::Url;
use reqwest::header::{HeaderMap, HeaderName, HeaderValue, USER_AGENT};
use std::collections::BTreeMap;
use std::hash::{BuildHasher, RandomState};
use std::net::IpAddr;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;
use std::time::{Duration, SystemTime};
use tokio::sync::Semaphore;

const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);
/// 32 MiB.
const DEFAULT_MAX_RESPONSE_BYTES: usize = 32 * 1024 * 1024;
const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
const DEFAULT_TOTAL_TIMEOUT: Duration = Duration::from_secs(180);
const DEFAULT_MAX_RETRIES: u32 = 2;
const DEFAULT_BACKOFF_BASE: Duration = Duration::from_millis(200);
const DEFAULT_BACKOFF_CAP: Duration = Duration::from_secs(10);
/// See [`ClientBuilder::max_concurrent_requests`] for why.
const DEFAULT_MAX_CONCURRENT_REQUESTS: usize = 64;

/// Settings for a client `C` (a generated client, or the runtime [`Client`]); every setting has
/// a default, see each method, except the base URL when the API names none.
pub struct ClientBuilder<C = Client> {
    client: std::marker::PhantomData<fn() -> C>,
    base_url: Option<String>,
    token: Option<String>,
    /// By security scheme name.
    credentials: BTreeMap<String, Credential>,
    timeout: Option<Duration>,
    connect_timeout: Option<Duration>,
    total_timeout: Option<Duration>,
    max_retries: Option<u32>,
    max_response_bytes: Option<usize>,
    max_concurrent_requests: Option<usize>,
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
            credentials: BTreeMap::new(),
            timeout: None,
            connect_timeout: None,
            total_timeout: None,
            max_retries: None,
            max_response_bytes: None,
            max_concurrent_requests: None,
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
            // Names only; `Credential`'s own `Debug` redacts too.
            .field("credentials", &self.credentials.keys().collect::<Vec<_>>())
            .field("timeout", &self.timeout)
            .field("connect_timeout", &self.connect_timeout)
            .field("total_timeout", &self.total_timeout)
            .field("max_retries", &self.max_retries)
            .field("max_response_bytes", &self.max_response_bytes)
            .field("max_concurrent_requests", &self.max_concurrent_requests)
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

    /// The API key, sent as `Authorization: Bearer <token>` for every bearer scheme (HTTP
    /// `bearer`, OAuth2, OpenID Connect) that has no credential of its own (see
    /// [`ClientBuilder::credential`]); marked sensitive: never shown in `Debug`, errors or
    /// logs. An operation whose security requirements it does not meet is not sent
    /// ([`Error::MissingCredentials`]).
    pub fn bearer_token(mut self, token: impl Into<String>) -> Self {
        self.token = Some(token.into());
        self
    }

    /// The credential of the security scheme named `scheme` in the spec (setting it again
    /// replaces it). Each call sends the credentials of the first of its operation's security
    /// requirements that the client has all of; without any, the call fails with
    /// [`Error::MissingCredentials`] before sending. A generated client has a typed setter
    /// per scheme, which calls this; a credential of another shape than its scheme takes (a
    /// token for a `basic` scheme) counts as not set. A scheme sent in a header is also met by
    /// that header set by hand ([`ClientBuilder::default_header`], `Client::with_header`),
    /// which then goes out as it is. Never shown in `Debug`, errors or logs.
    pub fn credential(mut self, scheme: impl Into<String>, credential: Credential) -> Self {
        self.credentials.insert(scheme.into(), credential);
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

    /// The largest response body the client reads, in bytes; default 32 MiB (a Meteroid
    /// JSON page or invoice PDF is far smaller). A larger one (announced by its
    /// `Content-Length` or found while reading) fails the call with [`Error::TooLarge`], and
    /// nothing past the limit is read, so a hostile or broken server cannot exhaust memory.
    pub fn max_response_bytes(mut self, limit: usize) -> Self {
        self.max_response_bytes = Some(limit);
        self
    }

    /// The most requests this client has in flight at once; default 64. A call beyond it
    /// waits for a free slot, in the order the calls came (first come, first served), and
    /// the wait counts against its deadline ([`ClientBuilder::total_timeout`] or
    /// [`Client::with_timeout`]; not the attempt's [`ClientBuilder::timeout`], which starts
    /// when the request goes out): a call whose deadline passes while it waits fails with
    /// [`Error::Timeout`], saying it was waiting for a slot. A slot is taken per attempt
    /// (a call waiting out its backoff holds none) and given back when the response's body
    /// has been read (for an event stream, when its head has arrived).
    ///
    /// Every clone and handle of the client shares the slots. Since a client sends to one
    /// host, this also bounds its connections to it: over HTTP/1.1 a connection carries one
    /// request at a time, so at most this many are busy, and the built-in HTTP client keeps
    /// at most this many idle. hyper's pool may still open a spare when a call finds no
    /// connection idle at the instant the previous one is being put back; the client lets
    /// that happen first before handing a slot over, which keeps spares rare (a few, under
    /// heavy load) but cannot rule them out. With the `http2` feature the requests share one
    /// connection while the server allows that many streams.
    ///
    /// Why 64: a server rarely serves one client faster with more (its rate limits count
    /// requests, not connections), 64 connections stay far from the usual limit of 1,024
    /// open files per process, and 64 streams fit in one HTTP/2 connection (RFC 9113
    /// recommends servers allow at least 100). A program that needs more sets more: up to
    /// [`tokio::sync::Semaphore::MAX_PERMITS`].
    pub fn max_concurrent_requests(mut self, limit: usize) -> Self {
        self.max_concurrent_requests = Some(limit);
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
    /// again replaces it. The headers of the credentials a call sends (`Authorization`, an API
    /// key's), `Accept` and `Content-Type` are set per request and take precedence.
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

    /// Allow sending credentials (the API key, any scheme's) over plain `http://` to a host
    /// that is not loopback; default false, since anyone on the path could read them.
    /// Loopback (`127.0.0.0/8`, `::1`, `localhost`) is always allowed.
    pub fn allow_insecure_http(mut self, allow: bool) -> Self {
        self.allow_insecure_http = allow;
        self
    }

    /// Builds the client.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] for a base URL that is not an absolute http(s) URL (or carries a
    /// query, fragment or credentials), credentials over `http://` to a non-loopback host
    /// without [`ClientBuilder::allow_insecure_http`], an empty credential or one that
    /// cannot be sent (a token, user agent or header that cannot be a header, a Basic user
    /// containing `:`), `connect_timeout` with `http_client`, or a `max_concurrent_requests`
    /// of 0 or over tokio's limit.
    pub fn build(self) -> Result<C, C::Error> {
        self.build_runtime()
            .map(C::from_runtime)
            .map_err(|e| C::Error::from(Error::Config(config_message(e))))
    }

    /// The settings read from the environment: the token from `token_var` (required: unset
    /// or empty is an error saying so) and the base URL from `base_url_var` (optional: unset or
    /// empty keeps the current one). A generated client's `from_env()` names its variables.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when `token_var` is unset or empty, or either is not Unicode.
    pub fn from_env(self, token_var: &str, base_url_var: &str) -> Result<Self, C::Error> {
        let key_for = super::env::KeyFor::Bearer;
        super::env::from_env_with(self, env_var, token_var, base_url_var, key_for)
            .map_err(|e| C::Error::from(Error::Config(config_message(e))))
    }

    /// [`ClientBuilder::from_env`], with the key read from `key_var` set as the credential of
    /// the security scheme `scheme` ([`ClientBuilder::credential`]) instead of the bearer
    /// token: for an API whose key goes in a header, query parameter or cookie of its own.
    ///
    /// # Errors
    ///
    /// [`Error::Config`] when `key_var` is unset or empty, or either is not Unicode.
    pub fn from_env_credential(
        self,
        scheme: &str,
        key_var: &str,
        base_url_var: &str,
    ) -> Result<Self, C::Error> {
        let key_for = super::env::KeyFor::Scheme(scheme);
        super::env::from_env_with(self, env_var, key_var, base_url_var, key_for)
            .map_err(|e| C::Error::from(Error::Config(config_message(e))))
    }

    fn build_runtime(self) -> Result<Client, Error> {
        let base_url = parse_base_url(self.base_url.as_deref().ok_or_else(|| {
            Error::Config(
                "no base_url: the API's spec names no server, so set one with \
                 ClientBuilder::base_url"
                    .into(),
            )
        })?)?;
        let credentials = Credentials::new(self.token.as_deref(), &self.credentials)?;
        if !credentials.is_empty() && !self.allow_insecure_http {
            refuse_plain_http(&base_url)?;
        }
        let headers = default_headers(self.user_agent, &self.default_headers)?;
        let max_concurrent = max_concurrent_requests(self.max_concurrent_requests)?;
        let http = http_client(self.http_client, self.connect_timeout, max_concurrent)?;
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
                credentials,
                headers,
                policy,
                max_response_bytes: self
                    .max_response_bytes
                    .unwrap_or(DEFAULT_MAX_RESPONSE_BYTES),
                jitter_seed: AtomicU64::new(RandomState::new().hash_one(SystemTime::now())),
                load: Load::new(host_of(&base_url), max_concurrent),
                base_url,
            }),
            retry_non_idempotent: self.retry_non_idempotent,
            call: Default::default(),
        })
    }
}

/// A variable of the process's environment.
fn env_var(name: &str) -> Option<std::ffi::OsString> {
    std::env::var_os(name)
}

/// The settings checks produce only [`Error::Config`]; its text, to re-wrap in a generated
/// client's error type.
fn config_message(error: Error) -> String {
    match error {
        Error::Config(why) => why,
        other => other.to_string(),
    }
}

fn parse_base_url(text: &str) -> Result<Url, Error> {
    let invalid = |why: &str| Error::Config(format!("base_url {text:?} {why}"));
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
        return Err(Error::Config(
            "base_url must not contain credentials: use bearer_token, credential or \
             default_header"
                .into(),
        ));
    }
    Ok(url)
}

fn max_concurrent_requests(limit: Option<usize>) -> Result<usize, Error> {
    match limit.unwrap_or(DEFAULT_MAX_CONCURRENT_REQUESTS) {
        0 => Err(Error::Config(
            "max_concurrent_requests must be at least 1: with 0 no call could be sent".into(),
        )),
        limit if limit > Semaphore::MAX_PERMITS => Err(Error::Config(format!(
            "max_concurrent_requests must be at most {} (tokio's limit), not {limit}",
            Semaphore::MAX_PERMITS
        ))),
        limit => Ok(limit),
    }
}

/// `host[:port]`, as events name the host a client sends to.
fn host_of(url: &Url) -> String {
    let host = url.host_str().unwrap_or_default();
    match url.port() {
        Some(port) => format!("{host}:{port}"),
        None => host.to_string(),
    }
}

/// Credentials go over plain `http://` only to loopback (unless the caller allowed it).
fn refuse_plain_http(base_url: &Url) -> Result<(), Error> {
    if base_url.scheme() == "http" && !is_loopback(base_url) {
        return Err(Error::Config(format!(
            "refusing to send credentials over plain http:// to {}: use https://, or \
             allow_insecure_http(true) if the network path is trusted",
            base_url.host_str().unwrap_or("?")
        )));
    }
    Ok(())
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

/// The headers sent with every request: User-Agent and the caller's defaults (marked
/// sensitive: a gateway's key is a secret too).
fn default_headers(
    user_agent: Option<String>,
    defaults: &[(String, String)],
) -> Result<HeaderMap, Error> {
    let mut headers = HeaderMap::new();
    let user_agent = user_agent
        .unwrap_or_else(|| concat!("meteroid-runtime/", env!("CARGO_PKG_VERSION")).into());
    let user_agent = HeaderValue::from_str(&user_agent)
        .map_err(|_| Error::Config("the user agent is not a valid header value".into()))?;
    headers.insert(USER_AGENT, user_agent);
    for (name, value) in defaults {
        let (name, value) = header(name, value).map_err(Error::Config)?;
        headers.insert(name, value);
    }
    Ok(headers)
}

/// A header the caller gives (a default header, a handle's header), checked; the value is
/// marked sensitive and never echoed in the error: it may be a secret.
pub(super) fn header(name: &str, value: &str) -> Result<(HeaderName, HeaderValue), String> {
    let header_name = HeaderName::from_bytes(name.as_bytes())
        .map_err(|_| format!("{name:?} is not a valid header name"))?;
    let mut header_value = HeaderValue::from_str(value)
        .map_err(|_| format!("the value of header {name:?} is not a valid header value"))?;
    header_value.set_sensitive(true);
    Ok((header_name, header_value))
}

/// The caller's HTTP client, or one built here with our TLS, connect timeout, no redirects
/// and no more idle connections than could ever be busy at once.
fn http_client(
    own: Option<reqwest::Client>,
    connect_timeout: Option<Duration>,
    max_concurrent: usize,
) -> Result<reqwest::Client, Error> {
    match own {
        Some(_) if connect_timeout.is_some() => Err(Error::Config(
            "connect_timeout cannot be applied to a client given with http_client: set it on \
             that reqwest::ClientBuilder"
                .into(),
        )),
        Some(http) => Ok(http),
        None => reqwest::Client::builder()
            .tls_backend_preconfigured(tls_config()?)
            .connect_timeout(connect_timeout.unwrap_or(DEFAULT_CONNECT_TIMEOUT))
            // An API does not redirect; following one would resend a PATCH as a GET.
            .redirect(reqwest::redirect::Policy::none())
            .pool_max_idle_per_host(max_concurrent)
            .build()
            .map_err(|e| Error::Config(format!("the HTTP client could not be built: {e}"))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::test_support::{TOKEN, builder, config_error};

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
    fn no_kind_of_credential_goes_over_plain_http_to_other_hosts() {
        use crate::auth::Credential;
        for credential in [Credential::token(TOKEN), Credential::basic(TOKEN, TOKEN)] {
            let settings = || {
                builder()
                    .base_url("http://api.example.com")
                    .credential("scheme", credential.clone())
            };
            let why = config_error(settings().build());
            assert!(why.contains("plain http://"), "{why}");
            assert!(!why.contains(TOKEN));
            assert!(settings().allow_insecure_http(true).build().is_ok());
            assert!(
                builder()
                    .base_url("http://localhost:4010")
                    .credential("scheme", credential.clone())
                    .build()
                    .is_ok()
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
    fn max_concurrent_requests_is_at_least_one_and_at_most_what_tokio_counts() {
        let why = config_error(builder().max_concurrent_requests(0).build());
        assert!(why.contains("at least 1"), "{why}");
        let why = config_error(builder().max_concurrent_requests(usize::MAX).build());
        assert!(why.contains("at most"), "{why}");
        let client = builder()
            .max_concurrent_requests(Semaphore::MAX_PERMITS)
            .build()
            .expect("valid");
        assert_eq!(client.inner.load.limit(), Semaphore::MAX_PERMITS);
        let client = builder().max_concurrent_requests(1).build().expect("valid");
        assert!(format!("{client:?}").contains("max_concurrent_requests: 1"));
    }

    #[test]
    fn debug_never_shows_the_token_or_header_values() {
        let settings = || {
            builder()
                .bearer_token(TOKEN)
                .credential("api_key", crate::auth::Credential::token(TOKEN))
                .credential("basic", crate::auth::Credential::basic(TOKEN, TOKEN))
                .default_header("X-Gateway-Key", TOKEN)
        };
        let client = settings().build().expect("valid");
        let shown = format!("{:?} {:#?} {client:?} {client:#?}", settings(), settings());
        assert!(
            !shown.contains(TOKEN) && shown.contains("<redacted>"),
            "{shown}"
        );
        assert!(
            shown.contains(r#"credentials: ["api_key", "basic"]"#),
            "the schemes' names are shown: {shown}"
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
        assert_eq!(client.inner.load.limit(), 64);
        assert!(!client.retry_non_idempotent);
        assert!(client.with_retry_non_idempotent(true).retry_non_idempotent);
    }

    /// A generated client's credential setters (its `Credentials` trait, implemented for this
    /// builder) are named `<scheme>_auth`, `auth` or `<scheme>_auth<n>`: an inherent method of
    /// such a name would hide one of them, so the builder has none. The builder's methods are
    /// all in this file.
    #[test]
    fn no_builder_method_takes_a_credential_setters_name() {
        let source = include_str!("builder.rs");
        let code = source.split("#[cfg(test)]").next().unwrap_or(source);
        let methods: Vec<&str> = code
            .split("pub fn ")
            .skip(1)
            .filter_map(|rest| rest.split(['(', '<']).next())
            .collect();
        assert!(
            methods.contains(&"bearer_token") && methods.contains(&"credential"),
            "the scan finds the builder's methods: {methods:?}"
        );
        for method in methods {
            let stem = method.trim_end_matches(|c: char| c.is_ascii_digit());
            assert!(
                stem != "auth" && !stem.ends_with("_auth"),
                "`{method}` takes the name of a credential setter"
            );
        }
    }
}
