//! TLS for every provider client: which backend and which roots (README, "TLS").
//!
//! - `rustls` (the clients' default): rustls on the `ring` provider, trusting the webpki
//!   root store (Mozilla's CA list compiled in). Nothing comes from the platform: no
//!   OpenSSL to link, no certificate directory to read, the same trust on every machine.
//!   The configuration names its provider itself, so building a client never depends on a
//!   process-wide rustls provider being installed (reqwest's `rustls-no-provider` panics
//!   without one).
//! - `native-tls`: the platform's TLS (OpenSSL on Linux) and the platform's roots. Used
//!   when it is enabled, with or without `rustls`.
//! - Neither: plain HTTP only (the loopback sandbox); an `https` request fails at once.

use crate::config_error::ConfigError;

/// A [`reqwest::ClientBuilder`] with this crate's TLS set up, for the provider `service`
/// (named in the error).
///
/// Every client this workspace builds starts here; so can a hand-made one passed to a
/// generated `Client::new_with_client`.
pub fn client_builder(service: &'static str) -> Result<reqwest::ClientBuilder, ConfigError> {
    let builder = reqwest::Client::builder();
    #[cfg(feature = "native-tls")]
    {
        let _ = service;
        Ok(builder.tls_backend_native())
    }
    #[cfg(all(feature = "rustls", not(feature = "native-tls")))]
    {
        Ok(builder.tls_backend_preconfigured(rustls_config(service)?))
    }
    #[cfg(not(any(feature = "rustls", feature = "native-tls")))]
    {
        let _ = service;
        Ok(builder)
    }
}

/// The rustls configuration: the `ring` provider, its safe default protocol versions
/// (TLS 1.2 and 1.3), the webpki roots, no client certificate.
#[cfg(all(feature = "rustls", not(feature = "native-tls")))]
fn rustls_config(service: &'static str) -> Result<rustls::ClientConfig, ConfigError> {
    use std::sync::{Arc, LazyLock};

    static PROVIDER: LazyLock<Arc<rustls::crypto::CryptoProvider>> =
        LazyLock::new(|| Arc::new(rustls::crypto::ring::default_provider()));
    static ROOTS: LazyLock<Arc<rustls::RootCertStore>> = LazyLock::new(|| {
        Arc::new(rustls::RootCertStore {
            roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
        })
    });
    Ok(
        rustls::ClientConfig::builder_with_provider(Arc::clone(&PROVIDER))
            .with_safe_default_protocol_versions()
            .map_err(|e| ConfigError::Tls {
                service,
                reason: e.to_string(),
            })?
            .with_root_certificates(Arc::clone(&ROOTS))
            .with_no_client_auth(),
    )
}

#[cfg(all(test, feature = "rustls", not(feature = "native-tls")))]
mod tests {
    use super::*;

    #[test]
    fn rustls_trusts_the_webpki_roots_on_ring() {
        let config = rustls_config("Test").unwrap();
        assert_eq!(
            config.crypto_provider().cipher_suites,
            rustls::crypto::ring::default_provider().cipher_suites
        );
        assert!(webpki_roots::TLS_SERVER_ROOTS.len() > 100);
        // No process-wide provider is installed, and none is needed to build a client.
        assert!(rustls::crypto::CryptoProvider::get_default().is_none());
        client_builder("Test").unwrap().build().unwrap();
    }
}
