//! A dry run on OneEntry: sign-in and sign-out are recorded with the password, the tokens
//! and the app token redacted, and nothing reaches the server.

use oneentry_client::{Client, OneEntryError, RequestPolicy, TokenPair, types};
use payments_wire::{DryRun, REDACTED};
use wiremock::matchers::any;
use wiremock::{Mock, MockServer, ResponseTemplate};

use crate::support::{ACCESS, APP_TOKEN, REFRESH, config};

async fn dry_client() -> (MockServer, Client, DryRun) {
    let server = MockServer::start().await;
    Mock::given(any())
        .respond_with(ResponseTemplate::new(200))
        .mount(&server)
        .await;
    let record = DryRun::new();
    let mut config = config(&server);
    config.policy = RequestPolicy::default().with_dry_run(record.clone());
    (server, Client::from_config(&config).unwrap(), record)
}

#[tokio::test]
async fn sign_in_and_sign_out_are_recorded_without_their_secrets() {
    let (server, client, record) = dry_client().await;
    let password = "pa55-w0rd-n0t-sh0wn";
    let error = client
        .sign_in(
            "email",
            vec![
                types::AuthData {
                    marker: "email_reg".into(),
                    value: "user@example.com".into(),
                },
                types::AuthData {
                    marker: "password_reg".into(),
                    value: password.into(),
                },
            ],
        )
        .await
        .unwrap_err();
    assert!(
        matches!(error, OneEntryError::NotSent { operation: "auth" }),
        "{error:?}"
    );
    assert_eq!(client.tokens(), None, "nobody signed in");

    client.set_tokens(TokenPair::new(ACCESS, REFRESH));
    let error = client.sign_out().await.unwrap_err();
    assert!(
        matches!(
            error,
            OneEntryError::NotSent {
                operation: "logout"
            }
        ),
        "{error:?}"
    );
    assert!(
        client.tokens().is_some(),
        "the tokens stay: nothing was sent"
    );
    let error = client.refresh_tokens().await.unwrap_err();
    assert!(
        matches!(
            error,
            OneEntryError::NotSent {
                operation: "refresh"
            }
        ),
        "{error:?}"
    );
    assert!(
        server.received_requests().await.unwrap().is_empty(),
        "a dry run sent a request"
    );

    let [auth, logout, refresh] = record.requests().try_into().unwrap();
    assert_eq!(
        auth.body.as_deref(),
        Some(
            r#"{"authData":[{"marker":"email_reg","value":"<redacted>"},{"marker":"password_reg","value":"<redacted>"}]}"#
        )
    );
    assert_eq!(auth.header("x-app-token"), Some(REDACTED));
    assert_eq!(
        logout.url,
        format!(
            "{}/api/content/users-auth-providers/marker/email/users/logout",
            server.uri()
        )
    );
    assert_eq!(
        logout.body.as_deref(),
        Some(r#"{"refreshToken":"<redacted>"}"#)
    );
    assert_eq!(logout.header("authorization"), Some(REDACTED));
    assert_eq!(
        refresh.body.as_deref(),
        Some(r#"{"refreshToken":"<redacted>"}"#)
    );
    let shown = format!("{auth:?} {logout:?} {refresh:?}");
    for secret in [password, ACCESS, REFRESH, APP_TOKEN] {
        assert!(!shown.contains(secret), "{secret} in {shown}");
    }
}
