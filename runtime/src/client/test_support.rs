//! What the client's unit tests share: a secret to look for in output, two operations, and
//! shorthands for building a client.

use super::{Client, ClientBuilder};
use crate::auth::SecurityScheme;
use crate::error::Error;
use crate::request::{Method, Operation};

/// The address the tests' clients start from, as a generated client's builder does.
pub(super) const DEFAULT_BASE_URL: &str = "https://api.meteroid.com";

/// Settings as a generated client starts them: with the API's address.
pub(super) fn builder() -> ClientBuilder {
    Client::builder().base_url(DEFAULT_BASE_URL)
}

/// An API key that must never show up in `Debug`, errors or logs.
pub(super) const TOKEN: &str = "mtr_SECRET_7f3a9c";

/// The security scheme of [`OP`]: a bearer token, which `bearer_token` sets.
pub(super) const BEARER: SecurityScheme = SecurityScheme::bearer("bearer_auth");

/// An authenticated GET with a path parameter.
pub(super) static OP: Operation = Operation {
    id: "get_thing",
    method: Method::Get,
    path: "/api/v1/things/{id}",
    security: &[&[BEARER]],
};

/// An unauthenticated POST.
pub(super) static PUBLIC: Operation = Operation {
    id: "public",
    method: Method::Post,
    path: "/oauth/token",
    security: &[],
};

pub(super) fn client(base_url: &str) -> Client {
    Client::builder()
        .base_url(base_url)
        .bearer_token(TOKEN)
        .build()
        .expect("valid settings")
}

pub(super) fn config_error(result: Result<Client, Error>) -> String {
    match result {
        Err(Error::Config(why)) => why,
        other => panic!("expected a config error, got {other:?}"),
    }
}
