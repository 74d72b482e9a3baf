//! The default TLS (rustls on `ring`, the webpki roots) against a real TLS server on
//! loopback: the handshake runs, and a certificate no trusted root signed is refused.
//!
//! `fixtures/self-signed.*.der`: a throwaway P-256 key and its self-signed certificate for
//! `localhost` / `127.0.0.1`, made for this test with openssl; no secret.
#![cfg(all(feature = "rustls", not(feature = "native-tls")))]

use std::sync::Arc;

use payments_wire::{RequestPolicy, http_client};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio::net::TcpListener;

const CERT: &[u8] = include_bytes!("fixtures/self-signed.cert.der");
const KEY: &[u8] = include_bytes!("fixtures/self-signed.key.der");

#[tokio::test]
async fn a_self_signed_server_is_not_trusted() {
    let config = rustls::ServerConfig::builder_with_provider(Arc::new(
        rustls::crypto::ring::default_provider(),
    ))
    .with_safe_default_protocol_versions()
    .unwrap()
    .with_no_client_auth()
    .with_single_cert(
        vec![CertificateDer::from(CERT.to_vec())],
        PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(KEY.to_vec())),
    )
    .unwrap();
    let acceptor = tokio_rustls::TlsAcceptor::from(Arc::new(config));
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let server = tokio::spawn(async move {
        let (tcp, _) = listener.accept().await.unwrap();
        // The client hears the certificate, refuses it and says so with an alert.
        acceptor
            .accept(tcp)
            .await
            .map(|_| ())
            .unwrap_err()
            .to_string()
    });

    let client = http_client("Test", &RequestPolicy::default()).unwrap();
    let error = client
        .get(format!("https://127.0.0.1:{}/", addr.port()))
        .send()
        .await
        .unwrap_err();
    let mut chain = Vec::new();
    let mut source: Option<&dyn std::error::Error> = Some(&error);
    while let Some(e) = source {
        chain.push(e.to_string());
        source = e.source();
    }
    let chain = chain.join(": ");
    assert!(error.is_connect(), "{chain}");
    assert!(chain.contains("UnknownIssuer"), "{chain}");
    let server_saw = server.await.unwrap();
    assert!(server_saw.contains("UnknownCA"), "{server_saw}");
}
