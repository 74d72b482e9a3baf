//! AuthProvider: /api/content/users-auth-providers (docs/providers/oneentry.md#auth-provider).

use std::sync::{Arc, Mutex};

use oneentry_client::wire::{PasswordChangeType, SecretString};
use oneentry_client::{CallExt, Client, OneEntryError, Refusal, TokenPair, types};
use wiremock::{MockServer, ResponseTemplate};

use crate::support::*;

/// seed 003 (docs/providers/oneentry.md#sources): the `AuthProvider.auth` answer (the doc
/// lacks a comma after accessToken).
pub const AUTH_SEED: &str = r#"{
"userIdentifier": "your-user@email.com",
"authProviderIdentifier": "email",
"accessToken": "eyJhbGciOiJIUzI1NiIsInR...pZCI6MTYsImF1dGhQ",
"refreshToken": "1745494429101-...-2834edf8"
}"#;

fn seed_auth_data() -> Vec<types::AuthData> {
    vec![
        types::AuthData {
            marker: "email_reg".into(),
            value: "your-user@email.com".into(),
        },
        types::AuthData {
            marker: "password_reg".into(),
            value: "123456".into(),
        },
    ]
}

/// A client whose token callback records every pair it gets.
pub fn recording(server: &MockServer) -> (Client, Arc<Mutex<Vec<TokenPair>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let sink = seen.clone();
    let mut config = config(server);
    config.on_tokens_rotated = Some(Arc::new(move |pair: &TokenPair| {
        sink.lock().unwrap().push(pair.clone());
    }));
    (Client::from_config(&config).unwrap(), seen)
}

#[tokio::test]
async fn sign_in_posts_auth_data_and_stores_the_seed_tokens() {
    let server = MockServer::start().await;
    answer(
        &server,
        "POST",
        "/api/content/users-auth-providers/marker/email/users/auth",
        created(AUTH_SEED),
    )
    .await;
    let (client, seen) = recording(&server);
    let entity = client.sign_in("email", seed_auth_data()).await.unwrap();
    assert_sent(
        &server,
        "POST",
        "/api/content/users-auth-providers/marker/email/users/auth",
        None,
        r#"{"authData":[{"marker":"email_reg","value":"your-user@email.com"},{"marker":"password_reg","value":"123456"}]}"#,
    )
    .await;

    assert_eq!(
        entity.user_identifier.as_deref(),
        Some("your-user@email.com")
    );
    assert_eq!(entity.auth_provider_identifier.as_deref(), Some("email"));
    assert_eq!(
        entity.access_token.expose(),
        "eyJhbGciOiJIUzI1NiIsInR...pZCI6MTYsImF1dGhQ"
    );
    assert_eq!(entity.refresh_token.expose(), "1745494429101-...-2834edf8");
    let expected = TokenPair::new(
        "eyJhbGciOiJIUzI1NiIsInR...pZCI6MTYsImF1dGhQ",
        "1745494429101-...-2834edf8",
    );
    assert_eq!(client.tokens(), Some(expected.clone()));
    assert_eq!(*seen.lock().unwrap(), [expected]);
    assert!(!format!("{entity:?}").contains("eyJhbGci"));
}

#[tokio::test]
async fn sign_in_accepts_token_only_answers_and_reports_bad_passwords() {
    let server = MockServer::start().await;
    answer(
        &server,
        "POST",
        "/api/content/users-auth-providers/marker/phone/users/auth",
        ResponseTemplate::new(401).set_body_raw(
            r#"{"statusCode":401,"message":"Wrong login or password","pageData":null,"timestamp":"2025-06-04T04:38:32.849Z"}"#,
            "application/json",
        ),
    )
    .await;
    let (client, seen) = recording(&server);
    let err = client.sign_in("phone", seed_auth_data()).await.unwrap_err();
    assert!(is_unauthorized(&err));
    assert_eq!(messages(&err), ["Wrong login or password"]);
    assert_eq!(client.tokens(), None);
    assert!(seen.lock().unwrap().is_empty());

    let server = MockServer::start().await;
    answer(
        &server,
        "POST",
        "/api/content/users-auth-providers/marker/email/users/auth",
        json(r#"{"accessToken":"a2","refreshToken":"r2"}"#),
    )
    .await;
    let client = anonymous(&server);
    let entity = client.sign_in("email", seed_auth_data()).await.unwrap();
    assert_eq!(entity.user_identifier, None);
    assert_eq!(client.tokens(), Some(TokenPair::new("a2", "r2")));
}

#[tokio::test]
async fn raw_refresh_posts_the_refresh_token() {
    let server = MockServer::start().await;
    answer(
        &server,
        "POST",
        "/api/content/users-auth-providers/marker/email/users/refresh",
        json(r#"{"accessToken":"a2","refreshToken":"r2"}"#),
    )
    .await;
    let entity = anonymous(&server)
        .refresh()
        .marker("email")
        .body(types::RefreshTokenRequest {
            refresh_token: "r1".into(),
        })
        .send()
        .payload()
        .await
        .unwrap();
    assert_eq!(entity.refresh_token.expose(), "r2");
    assert_sent(
        &server,
        "POST",
        "/api/content/users-auth-providers/marker/email/users/refresh",
        None,
        r#"{"refreshToken":"r1"}"#,
    )
    .await;
}

#[tokio::test]
async fn sign_out_posts_logout_with_the_refresh_token_and_forgets_tokens() {
    let server = MockServer::start().await;
    answer(
        &server,
        "POST",
        "/api/content/users-auth-providers/marker/email/users/logout",
        created("true"),
    )
    .await;
    let client = signed_in(&server);
    let ack = client.sign_out().await.unwrap();
    assert!(ack.success);
    assert_eq!(client.tokens(), None);
    assert_sent(
        &server,
        "POST",
        "/api/content/users-auth-providers/marker/email/users/logout",
        Some(ACCESS),
        r#"{"refreshToken":"refresh-1"}"#,
    )
    .await;
}

#[tokio::test]
async fn sign_out_reads_the_object_form_and_keeps_tokens_when_refused() {
    let server = MockServer::start().await;
    answer(
        &server,
        "POST",
        "/api/content/users-auth-providers/marker/email/users/logout",
        json(r#"{"success":false,"message":"unknown token"}"#),
    )
    .await;
    let client = signed_in(&server);
    let ack = client.sign_out().await.unwrap();
    assert!(!ack.success);
    assert_eq!(ack.message.as_deref(), Some("unknown token"));
    assert_eq!(client.tokens(), Some(TokenPair::new(ACCESS, REFRESH)));

    let err = anonymous(&server).sign_out().await.unwrap_err();
    assert!(matches!(err, OneEntryError::Refused(Refusal::NotSignedIn)));
}

#[tokio::test]
async fn sign_out_everywhere_posts_logout_all_without_a_body() {
    let server = MockServer::start().await;
    answer(
        &server,
        "POST",
        "/api/content/users-auth-providers/marker/email/users/logout-all",
        // An empty 2xx body counts as success, as in the SDK.
        ResponseTemplate::new(201),
    )
    .await;
    let client = signed_in(&server);
    let ack = client.sign_out_everywhere().await.unwrap();
    assert!(ack.success);
    assert_eq!(client.tokens(), None);
    assert_sent(
        &server,
        "POST",
        "/api/content/users-auth-providers/marker/email/users/logout-all",
        Some(ACCESS),
        "",
    )
    .await;
}

#[tokio::test]
async fn get_auth_providers_sends_lang_offset_limit() {
    let server = MockServer::start().await;
    answer(
        &server,
        "GET",
        "/api/content/users-auth-providers",
        json(r#"[{"id":1,"localizeInfos":{"en_US":{"title":"Email"}},"config":{"accessTokenTtlSec":"3600","refreshTokenTtlMc":"2592000000","systemCodeTlsSec":"120","systemCodeLength":"6","deleteNoneActiveUsersAfterDays":"2","oauthAuthUrl":null,"systemCodeOnlyNumbers":null},"version":0,"identifier":"email","type":"email","formIdentifier":"reg","userGroupIdentifier":"users","isActive":true,"isCheckCode":false}]"#),
    )
    .await;
    let providers = anonymous(&server)
        .get_auth_providers()
        .limit(10)
        .send()
        .payload()
        .await
        .unwrap();
    assert_sent(
        &server,
        "GET",
        "/api/content/users-auth-providers?langCode=en_US&offset=0&limit=10",
        None,
        "",
    )
    .await;
    let config = providers[0].config.as_ref().unwrap();
    assert_eq!(config.access_token_ttl_sec.as_deref(), Some("3600"));
    assert_eq!(config.oauth_auth_url, None);
    assert_eq!(providers[0].is_active, Some(true));
}

#[tokio::test]
async fn get_auth_provider_by_marker() {
    let server = MockServer::start().await;
    answer(
        &server,
        "GET",
        "/api/content/users-auth-providers/marker/email",
        json(
            r#"{"id":1,"identifier":"email","type":"email","formIdentifier":null,"isActive":true}"#,
        ),
    )
    .await;
    let provider = signed_in(&server)
        .get_auth_provider_by_marker()
        .marker("email")
        .send()
        .payload()
        .await
        .unwrap();
    assert_sent(
        &server,
        "GET",
        "/api/content/users-auth-providers/marker/email?langCode=en_US",
        Some(ACCESS),
        "",
    )
    .await;
    assert_eq!(provider.identifier, "email");
    assert_eq!(provider.form_identifier, None);
}

#[tokio::test]
async fn get_active_sessions_by_marker() {
    let server = MockServer::start().await;
    answer(
        &server,
        "GET",
        "/api/content/users-auth-providers/marker/email/users/sessions",
        json(
            r#"[{"deviceInfo":{"os":"Node.js","browser":"Node.js/v20.11.1","location":"en-US"}}]"#,
        ),
    )
    .await;
    let sessions = signed_in(&server)
        .get_active_sessions_by_marker()
        .marker("email")
        .send()
        .payload()
        .await
        .unwrap();
    assert_sent(
        &server,
        "GET",
        "/api/content/users-auth-providers/marker/email/users/sessions",
        Some(ACCESS),
        "",
    )
    .await;
    let device = sessions[0].device_info.as_ref().unwrap();
    assert_eq!(device.os.as_deref(), Some("Node.js"));
}

#[tokio::test]
async fn generate_code_accepts_an_empty_answer() {
    let server = MockServer::start().await;
    answer(
        &server,
        "POST",
        "/api/content/users-auth-providers/marker/email/users/generate-code",
        ResponseTemplate::new(201),
    )
    .await;
    anonymous(&server)
        .generate_code()
        .marker("email")
        .body(types::GenerateCodeRequest {
            user_identifier: "user@example.com".into(),
            event_identifier: "reg".into(),
        })
        .send()
        .payload()
        .await
        .unwrap();
    assert_sent(
        &server,
        "POST",
        "/api/content/users-auth-providers/marker/email/users/generate-code",
        None,
        r#"{"eventIdentifier":"reg","userIdentifier":"user@example.com"}"#,
    )
    .await;
}

#[tokio::test]
async fn check_code_and_activate_user_send_codes_and_never_print_them() {
    let server = MockServer::start().await;
    answer(
        &server,
        "POST",
        "/api/content/users-auth-providers/marker/email/users/check-code",
        json("true"),
    )
    .await;
    let body = types::CheckCodeRequest {
        user_identifier: "user@example.com".into(),
        event_identifier: "reg".into(),
        code: "918273".into(),
    };
    assert!(!format!("{body:?}").contains("918273"));
    let ack = anonymous(&server)
        .check_code()
        .marker("email")
        .body(body)
        .send()
        .payload()
        .await
        .unwrap();
    assert!(ack.success);
    assert_sent(
        &server,
        "POST",
        "/api/content/users-auth-providers/marker/email/users/check-code",
        None,
        r#"{"code":"918273","eventIdentifier":"reg","userIdentifier":"user@example.com"}"#,
    )
    .await;

    let server = MockServer::start().await;
    answer(
        &server,
        "POST",
        "/api/content/users-auth-providers/marker/email/users/activate",
        json("false"),
    )
    .await;
    let ack = anonymous(&server)
        .activate_user()
        .marker("email")
        .body(types::ActivateUserRequest {
            user_identifier: "user@example.com".into(),
            code: "918273".into(),
        })
        .send()
        .payload()
        .await
        .unwrap();
    assert!(!ack.success);
    assert_sent(
        &server,
        "POST",
        "/api/content/users-auth-providers/marker/email/users/activate",
        None,
        r#"{"code":"918273","userIdentifier":"user@example.com"}"#,
    )
    .await;
}

#[tokio::test]
async fn change_password_sends_the_numeric_type() {
    let server = MockServer::start().await;
    answer(
        &server,
        "POST",
        "/api/content/users-auth-providers/marker/email/users/change-password",
        json("true"),
    )
    .await;
    let body = types::ChangePasswordRequest {
        user_identifier: "user@example.com".into(),
        event_identifier: "recover".into(),
        type_: PasswordChangeType::Recovery,
        code: "918273".into(),
        password1: SecretString::new("n3w-pass"),
        password2: SecretString::new("n3w-pass"),
    };
    assert!(!format!("{body:?}").contains("n3w-pass"));
    let ack = anonymous(&server)
        .change_password()
        .marker("email")
        .body(body)
        .send()
        .payload()
        .await
        .unwrap();
    assert!(ack.success);
    assert_sent(
        &server,
        "POST",
        "/api/content/users-auth-providers/marker/email/users/change-password",
        None,
        r#"{"code":"918273","eventIdentifier":"recover","password1":"n3w-pass","password2":"n3w-pass","type":2,"userIdentifier":"user@example.com"}"#,
    )
    .await;
}

#[tokio::test]
async fn markers_are_percent_encoded_in_paths() {
    let server = MockServer::start().await;
    answer(
        &server,
        "GET",
        "/api/content/users-auth-providers/marker/e%2Fmail%3F/users/sessions",
        json("[]"),
    )
    .await;
    let sessions = signed_in(&server)
        .get_active_sessions_by_marker()
        .marker("e/mail?")
        .send()
        .payload()
        .await
        .unwrap();
    assert!(sessions.is_empty());
    assert_eq!(
        target(&the_request(&server).await),
        "/api/content/users-auth-providers/marker/e%2Fmail%3F/users/sessions"
    );
}
