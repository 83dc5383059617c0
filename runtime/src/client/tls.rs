//! The TLS configuration of the HTTP client built by [`super::ClientBuilder::build`].

use crate::error::Error;
use std::sync::Arc;

/// TLS with rustls on the `ring` provider (no C toolchain build, unlike aws-lc-sys) and the
/// platform's certificate verifier, offering HTTP/2 (with the `http2` feature) and HTTP/1.1.
pub(super) fn tls_config() -> Result<rustls::ClientConfig, Error> {
    use rustls_platform_verifier::BuilderVerifierExt;
    // rustls 0.23.48 deprecates the ring provider because it has no post-quantum key exchange
    // (X25519MLKEM768 needs aws-lc-rs, a C build). It is still rustls' supported ring
    // provider, and the one without a C toolchain; the choice is deliberate (README, TLS).
    #[allow(deprecated)]
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut tls = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .and_then(|builder| builder.with_platform_verifier())
        .map_err(|e| Error::Config(format!("TLS could not be configured: {e}")))?
        .with_no_client_auth();
    tls.alpn_protocols = alpn_protocols();
    Ok(tls)
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
