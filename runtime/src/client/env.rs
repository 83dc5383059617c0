//! Where [`ClientBuilder::from_env`] finds its settings.

use super::{ApiClient, ClientBuilder};
use crate::auth::Credential;
use crate::error::Error;
use std::ffi::OsString;

/// Where the key read from the environment goes.
pub(super) enum KeyFor<'a> {
    /// `bearer_token`.
    Bearer,
    /// The credential of this security scheme.
    Scheme(&'a str),
}

/// `ClientBuilder::from_env` with the environment as a function, so that it is testable
/// without touching the process's environment.
pub(super) fn from_env_with<C: ApiClient>(
    builder: ClientBuilder<C>,
    lookup: impl Fn(&str) -> Option<OsString>,
    token_var: &str,
    base_url_var: &str,
    key_for: KeyFor<'_>,
) -> Result<ClientBuilder<C>, Error> {
    let read = |name: &str| -> Result<Option<String>, Error> {
        match lookup(name) {
            None => Ok(None),
            Some(value) => match value.into_string() {
                Ok(value) if value.trim().is_empty() => Ok(None),
                Ok(value) => Ok(Some(value)),
                Err(_) => Err(Error::Config(format!("{name} is not valid Unicode"))),
            },
        }
    };
    let Some(token) = read(token_var)? else {
        let instead = match key_for {
            KeyFor::Bearer => "bearer_token(key)".to_string(),
            KeyFor::Scheme(scheme) => format!("the credential of `{scheme}`"),
        };
        return Err(Error::Config(format!(
            "{token_var} is not set: export your API key there, or give the client {instead}"
        )));
    };
    let mut builder = match key_for {
        KeyFor::Bearer => builder.bearer_token(token),
        KeyFor::Scheme(scheme) => builder.credential(scheme, Credential::token(token)),
    };
    if let Some(base_url) = read(base_url_var)? {
        builder = builder.base_url(base_url);
    }
    Ok(builder)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::test_support::{TOKEN, builder};

    fn read(vars: &'static [(&'static str, &'static str)]) -> Result<ClientBuilder, Error> {
        from_env_with(
            builder(),
            env(vars),
            "METEROID_API_KEY",
            "METEROID_BASE_URL",
            KeyFor::Bearer,
        )
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
        let builder = read(&[("METEROID_API_KEY", TOKEN)]).expect("key set");
        let client = builder.build().expect("valid");
        assert_eq!(client.inner.base_url.as_str(), "https://api.meteroid.com/");
        assert!(client.inner.credentials.describe().0);

        let builder = read(&[
            ("METEROID_API_KEY", TOKEN),
            ("METEROID_BASE_URL", "http://127.0.0.1:4010"),
        ])
        .expect("key set");
        let client = builder.build().expect("valid");
        assert_eq!(client.inner.base_url.as_str(), "http://127.0.0.1:4010/");

        let builder = read(&[("METEROID_API_KEY", TOKEN), ("METEROID_BASE_URL", "")])
            .expect("an empty base URL is unset");
        assert_eq!(
            builder.build().expect("valid").inner.base_url.as_str(),
            "https://api.meteroid.com/"
        );
    }

    #[test]
    fn from_env_without_a_key_says_what_to_do() {
        for vars in [&[][..], &[("METEROID_API_KEY", "  ")][..]] {
            let vars: &'static [(&str, &str)] = vars;
            match read(vars) {
                Err(Error::Config(why)) => assert!(why.contains("METEROID_API_KEY is not set")),
                other => panic!("{other:?}"),
            }
        }
    }

    #[test]
    fn the_key_may_be_a_schemes_credential() {
        let read = |vars| {
            from_env_with(
                builder(),
                env(vars),
                "PETS_KEY",
                "PETS_URL",
                KeyFor::Scheme("api_key"),
            )
        };
        let client = read(&[("PETS_KEY", TOKEN)])
            .expect("key set")
            .build()
            .expect("valid");
        let (bearer, schemes) = client.inner.credentials.describe();
        assert!(!bearer);
        assert_eq!(schemes, ["api_key"]);
        match read(&[]) {
            Err(Error::Config(why)) => assert_eq!(
                why,
                "PETS_KEY is not set: export your API key there, or give the client the \
                 credential of `api_key`"
            ),
            other => panic!("{other:?}"),
        }
    }
}
