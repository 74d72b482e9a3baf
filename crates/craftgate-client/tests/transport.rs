//! The client's HTTP transport: a connection that does not open in time fails within the
//! policy's connect timeout, not the attempt timeout.
#![cfg(any(feature = "native-tls", feature = "rustls"))]

mod common;

use std::num::NonZeroU32;
use std::time::{Duration, Instant};

use craftgate_client::{
    BaseUrl, CallExt, Client, CraftgateConfig, ErrorKind, ErrorMetadata, RequestPolicy,
};

#[tokio::test]
async fn a_connection_that_does_not_open_fails_within_the_connect_timeout() {
    // A listener that accepts TCP connections and never says a word: the TLS handshake
    // of an https request to it never completes.
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let silent = tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((stream, _)) = listener.accept().await {
            held.push(stream);
        }
    });
    let policy = RequestPolicy::default()
        .with_connect_timeout(Duration::from_millis(300))
        .with_attempt_timeout(Duration::from_secs(20))
        .with_max_attempts(NonZeroU32::MIN);
    let client = Client::from_config(
        &CraftgateConfig::new(common::API_KEY, common::SECRET_KEY)
            .with_base_url(BaseUrl::parse(&format!("https://{addr}")).unwrap())
            .with_policy(policy),
    )
    .unwrap();

    let started = Instant::now();
    let err = client
        .retrieve_card_payment()
        .id(1)
        .send()
        .payload()
        .await
        .unwrap_err();

    assert!(
        matches!(err.kind(), ErrorKind::Transport | ErrorKind::Timeout),
        "{err:?}"
    );
    assert!(
        started.elapsed() >= Duration::from_millis(250)
            && started.elapsed() < Duration::from_secs(3),
        "the connect timeout, not the attempt timeout, ended it: {:?}",
        started.elapsed()
    );
    silent.abort();
}
