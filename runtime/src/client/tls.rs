//! The TLS configuration of the HTTP client built by [`super::ClientBuilder::build`].

use crate::error::Error;
use std::sync::Arc;

/// TLS with rustls on [`provider`] and the platform's certificate verifier, offering HTTP/2
/// (with the `http2` feature) and HTTP/1.1.
pub(super) fn tls_config() -> Result<rustls::ClientConfig, Error> {
    use rustls_platform_verifier::BuilderVerifierExt;
    let mut tls = rustls::ClientConfig::builder_with_provider(Arc::new(provider()))
        .with_safe_default_protocol_versions()
        .and_then(|builder| builder.with_platform_verifier())
        .map_err(|e| Error::Config(format!("TLS could not be configured: {e}")))?
        .with_no_client_auth();
    tls.alpn_protocols = alpn_protocols();
    Ok(tls)
}

/// With `post-quantum`: aws-lc-rs, whose key exchange offers the hybrid post-quantum
/// X25519MLKEM768 first and the classical groups after it, for servers without it. It
/// builds the AWS-LC C library, about 31 s more CPU on a clean build than ring (BENCHMARKS.md),
/// which is why it is not the default.
#[cfg(feature = "post-quantum")]
fn provider() -> rustls::crypto::CryptoProvider {
    rustls::crypto::aws_lc_rs::default_provider()
}

/// Without `post-quantum`: ring, classical key exchange only (X25519, P-256, P-384).
#[cfg(not(feature = "post-quantum"))]
#[allow(
    deprecated,
    reason = "rustls 0.23.48 deprecates ring's provider for lacking post-quantum key exchange; \
              the `post-quantum` feature is the way to it (README, TLS)"
)]
fn provider() -> rustls::crypto::CryptoProvider {
    rustls::crypto::ring::default_provider()
}

/// What the client offers in ALPN: only what reqwest was built to speak.
fn alpn_protocols() -> Vec<Vec<u8>> {
    let mut protocols = Vec::new();
    if cfg!(feature = "http2") {
        protocols.push(b"h2".to_vec());
    }
    protocols.push(b"http/1.1".to_vec());
    protocols
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The key exchange groups offered, most preferred first.
    fn kx_groups() -> Vec<rustls::NamedGroup> {
        let tls = tls_config().expect("TLS config");
        tls.crypto_provider()
            .kx_groups
            .iter()
            .map(|group| group.name())
            .collect()
    }

    #[test]
    #[cfg(feature = "post-quantum")]
    fn offers_post_quantum_key_exchange_first() {
        let groups = kx_groups();
        assert_eq!(groups.first(), Some(&rustls::NamedGroup::X25519MLKEM768));
        assert!(groups.contains(&rustls::NamedGroup::X25519), "{groups:?}");
    }

    #[test]
    #[cfg(not(feature = "post-quantum"))]
    fn offers_classical_key_exchange_without_the_post_quantum_feature() {
        let groups = kx_groups();
        assert!(groups.contains(&rustls::NamedGroup::X25519), "{groups:?}");
        assert!(
            !groups.contains(&rustls::NamedGroup::X25519MLKEM768),
            "{groups:?}"
        );
    }

    #[test]
    #[cfg(feature = "http2")]
    fn offers_http2_then_http1() {
        let tls = tls_config().expect("TLS config");
        assert_eq!(tls.alpn_protocols, [b"h2".to_vec(), b"http/1.1".to_vec()]);
    }

    #[test]
    #[cfg(not(feature = "http2"))]
    fn offers_only_http1_without_the_http2_feature() {
        let tls = tls_config().expect("TLS config");
        assert_eq!(tls.alpn_protocols, [b"http/1.1".to_vec()]);
    }
}
