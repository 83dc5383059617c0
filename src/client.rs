//! The client that generated operations run on.

use crate::error::{ApiError, Error};
use crate::runtime::Request;
use reqwest::header::{ACCEPT, AUTHORIZATION, CONTENT_TYPE, HeaderValue};
use serde::de::DeserializeOwned;
use std::sync::Arc;

/// The default API address.
pub const DEFAULT_BASE_URL: &str = "https://api.meteroid.com";

/// A Meteroid API client. Cheap to clone: clones share one connection pool.
#[derive(Clone)]
pub struct Client {
    inner: Arc<Inner>,
}

struct Inner {
    http: reqwest::Client,
    base_url: String,
    token: Option<HeaderValue>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.inner.base_url)
            .field("token", &self.inner.token.as_ref().map(|_| "<redacted>"))
            .finish()
    }
}

/// Settings for a [`Client`].
#[derive(Default)]
pub struct ClientBuilder {
    base_url: Option<String>,
    token: Option<String>,
}

impl std::fmt::Debug for ClientBuilder {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("token", &self.token.as_ref().map(|_| "<redacted>"))
            .finish()
    }
}

impl ClientBuilder {
    /// The API's address, [`DEFAULT_BASE_URL`] unless set.
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// The API key, sent as `Authorization: Bearer <token>`.
    pub fn bearer_token(mut self, token: impl Into<String>) -> Self {
        self.token = Some(token.into());
        self
    }

    /// Builds the client.
    pub fn build(self) -> Result<Client, Error> {
        let base_url = self
            .base_url
            .unwrap_or_else(|| DEFAULT_BASE_URL.to_string());
        let base_url = base_url.trim_end_matches('/').to_string();
        if !(base_url.starts_with("https://") || base_url.starts_with("http://")) {
            return Err(Error::InvalidRequest(format!(
                "base_url must be an absolute http(s) URL, got {base_url:?}"
            )));
        }
        let token = match self.token {
            Some(token) => {
                let mut value =
                    HeaderValue::from_str(&format!("Bearer {token}")).map_err(|_| {
                        Error::InvalidRequest(
                            "the bearer token contains characters not allowed in a header".into(),
                        )
                    })?;
                value.set_sensitive(true);
                Some(value)
            }
            None => None,
        };
        let http = reqwest::Client::builder()
            .build()
            .map_err(Error::Transport)?;
        Ok(Client {
            inner: Arc::new(Inner {
                http,
                base_url,
                token,
            }),
        })
    }
}

impl Client {
    /// Settings for a client.
    pub fn builder() -> ClientBuilder {
        ClientBuilder::default()
    }

    /// A client for the default address with this API key.
    pub fn new(token: impl Into<String>) -> Result<Client, Error> {
        Client::builder().bearer_token(token).build()
    }

    async fn send(&self, request: Request) -> Result<(u16, Vec<u8>), Error> {
        if let Some(why) = request.invalid {
            return Err(Error::InvalidRequest(why));
        }
        let operation = request.operation;
        let url = format!("{}{}", self.inner.base_url, request.path);
        let mut builder = self
            .inner
            .http
            .request(operation.method.to_reqwest(), url)
            .header(ACCEPT, "application/json");
        if operation.authenticated {
            if let Some(token) = &self.inner.token {
                builder = builder.header(AUTHORIZATION, token.clone());
            }
        }
        if let Some(body) = request.body {
            builder = builder.header(CONTENT_TYPE, "application/json").body(body);
        }
        let response = builder.send().await.map_err(Error::Transport)?;
        let status = response.status().as_u16();
        let headers = response.headers().clone();
        let body = response.bytes().await.map_err(Error::Transport)?.to_vec();
        if !(200..300).contains(&status) {
            let error = serde_json::from_slice(&body).ok();
            return Err(Error::Api(Box::new(ApiError {
                status,
                headers,
                body,
                error,
            })));
        }
        Ok((status, body))
    }

    pub(crate) async fn send_json<T: DeserializeOwned>(
        &self,
        request: Request,
    ) -> Result<T, Error> {
        let (status, body) = self.send(request).await?;
        decode(status, body)
    }

    // Used by operations whose success response has no content (none in the bundled spec).
    #[allow(dead_code)]
    pub(crate) async fn send_empty(&self, request: Request) -> Result<(), Error> {
        self.send(request).await.map(|_| ())
    }
}

fn decode<T: DeserializeOwned>(status: u16, body: Vec<u8>) -> Result<T, Error> {
    let mut deserializer = serde_json::Deserializer::from_slice(&body);
    match T::deserialize(&mut deserializer) {
        Ok(value) => Ok(value),
        Err(e) => Err(Error::Decode {
            status,
            path: format!("line {} column {}", e.line(), e.column()),
            message: e.to_string(),
            body,
        }),
    }
}
