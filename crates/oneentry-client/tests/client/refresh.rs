//! 401 handling: one refresh (never two at once), one retry, the token callback
//! (docs/providers/oneentry.md#token-refresh).

use std::time::Duration;

use oneentry_client::{CallExt, OneEntryError, Refusal, TokenPair};
use wiremock::matchers::{header, method, path};
use wiremock::{Mock, MockServer, Request, ResponseTemplate};

use crate::auth_provider::recording;
use crate::payments::SESSIONS_SEED;
use crate::support::*;

const SESSIONS: &str = "/api/content/payments/sessions/";
const REFRESH_PATH: &str = "/api/content/users-auth-providers/marker/email/users/refresh";
const UNAUTHORIZED: &str = r#"{"statusCode":401,"message":"Unauthorized","pageData":null,"timestamp":"2025-06-04T04:38:32.849Z"}"#;

fn unauthorized() -> ResponseTemplate {
    ResponseTemplate::new(401).set_body_raw(UNAUTHORIZED, "application/json")
}

/// `GET /sessions/` answers 401 to `Bearer <stale>` and the seed to `Bearer <fresh>`.
async fn sessions_for(server: &MockServer, stale: &str, fresh: &str, times: u64) {
    Mock::given(method("GET"))
        .and(path(SESSIONS))
        .and(header("authorization", format!("Bearer {stale}").as_str()))
        .respond_with(unauthorized())
        .expect(times)
        .mount(server)
        .await;
    Mock::given(method("GET"))
        .and(path(SESSIONS))
        .and(header("authorization", format!("Bearer {fresh}").as_str()))
        .respond_with(json(SESSIONS_SEED))
        .expect(times)
        .mount(server)
        .await;
}

/// The refresh endpoint, answering once (after `delay`) with `response`.
async fn refresh_once(server: &MockServer, response: ResponseTemplate, delay: Duration) {
    Mock::given(method("POST"))
        .and(path(REFRESH_PATH))
        .respond_with(response.set_delay(delay))
        .expect(1)
        .mount(server)
        .await;
}

fn rotated() -> ResponseTemplate {
    json(
        r#"{"userIdentifier":"u@example.com","authProviderIdentifier":"email","accessToken":"access-2","refreshToken":"refresh-2"}"#,
    )
}

async fn refresh_requests(server: &MockServer) -> Vec<Request> {
    server
        .received_requests()
        .await
        .unwrap()
        .into_iter()
        .filter(|r| r.url.path() == REFRESH_PATH)
        .collect()
}

#[tokio::test]
async fn a_401_refreshes_once_and_retries_with_the_new_token() {
    let server = MockServer::start().await;
    sessions_for(&server, ACCESS, "access-2", 1).await;
    refresh_once(&server, rotated(), Duration::ZERO).await;
    let (client, seen) = recording(&server);
    client.set_tokens(TokenPair::new(ACCESS, REFRESH));

    let page = client.get_sessions().send().payload().await.unwrap();
    assert_eq!(page.total, 100);

    let refresh = refresh_requests(&server).await.remove(0);
    assert_eq!(target(&refresh), REFRESH_PATH);
    assert_eq!(body(&refresh), r#"{"refreshToken":"refresh-1"}"#);
    assert_eq!(
        crate::support::header(&refresh, "content-type"),
        Some("application/json")
    );
    assert_eq!(
        crate::support::header(&refresh, "x-app-token"),
        Some(APP_TOKEN)
    );
    assert_eq!(
        crate::support::header(&refresh, "x-device-metadata"),
        Some(DEVICE)
    );
    assert_eq!(crate::support::header(&refresh, "authorization"), None);

    let rotated = TokenPair::new("access-2", "refresh-2");
    assert_eq!(client.tokens(), Some(rotated.clone()));
    assert_eq!(*seen.lock().unwrap(), [rotated]);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_401s_cause_exactly_one_refresh() {
    const N: u64 = 8;
    let server = MockServer::start().await;
    sessions_for(&server, ACCESS, "access-2", N).await;
    refresh_once(&server, rotated(), Duration::from_millis(300)).await;
    let (client, seen) = recording(&server);
    client.set_tokens(TokenPair::new(ACCESS, REFRESH));

    let calls: Vec<_> = (0..N)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.get_sessions().send().payload().await })
        })
        .collect();
    for call in calls {
        assert_eq!(call.await.unwrap().unwrap().total, 100);
    }
    assert_eq!(refresh_requests(&server).await.len(), 1);
    assert_eq!(seen.lock().unwrap().len(), 1);
    assert_eq!(
        client.tokens(),
        Some(TokenPair::new("access-2", "refresh-2"))
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_failed_refresh_returns_the_original_401_and_is_not_repeated() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(SESSIONS))
        .respond_with(unauthorized())
        .expect(5)
        .mount(&server)
        .await;
    refresh_once(
        &server,
        ResponseTemplate::new(400).set_body_raw(
            r#"{"statusCode":400,"message":"Invalid refresh token"}"#,
            "application/json",
        ),
        Duration::from_millis(200),
    )
    .await;
    let (client, seen) = recording(&server);
    client.set_tokens(TokenPair::new(ACCESS, REFRESH));

    let calls: Vec<_> = (0..4)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.get_sessions().send().payload().await })
        })
        .collect();
    for call in calls {
        let err = call.await.unwrap().unwrap_err();
        assert!(matches!(&err, OneEntryError::Api(_)), "{err:?}");
        assert!(is_unauthorized(&err));
        assert_eq!(messages(&err), ["Unauthorized"]);
    }
    // Later calls do not try the rejected refresh token again.
    let err = client.get_sessions().send().payload().await.unwrap_err();
    assert!(is_unauthorized(&err));
    assert_eq!(refresh_requests(&server).await.len(), 1);
    assert!(seen.lock().unwrap().is_empty());
    assert_eq!(
        client.refresh_tokens().await.unwrap_err().to_string(),
        "the OneEntry refresh token was rejected; sign in again"
    );
}

#[tokio::test]
async fn a_401_on_the_retry_is_returned_without_another_refresh() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(SESSIONS))
        .and(header("authorization", "Bearer access-1"))
        .respond_with(unauthorized())
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(SESSIONS))
        .and(header("authorization", "Bearer access-2"))
        .respond_with(ResponseTemplate::new(401).set_body_raw(
            r#"{"statusCode":401,"message":"User is blocked"}"#,
            "application/json",
        ))
        .expect(1)
        .mount(&server)
        .await;
    refresh_once(&server, rotated(), Duration::ZERO).await;
    let err = signed_in(&server)
        .get_sessions()
        .send()
        .payload()
        .await
        .unwrap_err();
    assert_eq!(messages(&err), ["User is blocked"]);
}

#[tokio::test]
async fn without_tokens_a_401_is_returned_without_refreshing() {
    let server = MockServer::start().await;
    answer(&server, "GET", SESSIONS, unauthorized()).await;
    let err = anonymous(&server)
        .get_sessions()
        .send()
        .payload()
        .await
        .unwrap_err();
    assert!(is_unauthorized(&err));
    assert!(refresh_requests(&server).await.is_empty());
}

#[tokio::test]
async fn a_401_from_sign_in_does_not_spend_the_refresh_token() {
    let server = MockServer::start().await;
    answer(
        &server,
        "POST",
        "/api/content/users-auth-providers/marker/email/users/auth",
        unauthorized(),
    )
    .await;
    let client = signed_in(&server);
    let err = client.sign_in("email", vec![]).await.unwrap_err();
    assert!(is_unauthorized(&err));
    assert!(refresh_requests(&server).await.is_empty());
    assert_eq!(client.tokens(), Some(TokenPair::new(ACCESS, REFRESH)));
}

#[tokio::test]
async fn sign_out_with_an_expired_token_refreshes_and_logs_out_the_new_one() {
    let server = MockServer::start().await;
    let logout = "/api/content/users-auth-providers/marker/email/users/logout";
    Mock::given(method("POST"))
        .and(path(logout))
        .and(header("authorization", "Bearer access-1"))
        .respond_with(unauthorized())
        .expect(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(logout))
        .and(header("authorization", "Bearer access-2"))
        .respond_with(json("true"))
        .expect(1)
        .mount(&server)
        .await;
    refresh_once(&server, rotated(), Duration::ZERO).await;
    let client = signed_in(&server);
    assert!(client.sign_out().await.unwrap().success);
    assert_eq!(client.tokens(), None);
    let bodies: Vec<String> = server
        .received_requests()
        .await
        .unwrap()
        .iter()
        .filter(|r| r.url.path() == logout)
        .map(|r| body(r).to_string())
        .collect();
    assert_eq!(
        bodies,
        [
            r#"{"refreshToken":"refresh-1"}"#,
            r#"{"refreshToken":"refresh-2"}"#
        ]
    );
}

#[tokio::test]
async fn refresh_tokens_on_demand_stores_and_reports_the_pair() {
    let server = MockServer::start().await;
    refresh_once(&server, rotated(), Duration::ZERO).await;
    let (client, seen) = recording(&server);
    assert!(matches!(
        client.refresh_tokens().await,
        Err(OneEntryError::Refused(Refusal::NotSignedIn))
    ));
    client.set_tokens(TokenPair::new(ACCESS, REFRESH));
    let pair = client.refresh_tokens().await.unwrap();
    assert_eq!(pair, TokenPair::new("access-2", "refresh-2"));
    assert_eq!(client.tokens(), Some(pair.clone()));
    assert_eq!(*seen.lock().unwrap(), [pair]);
}

#[tokio::test]
async fn projects_without_an_app_token_send_none_also_when_refreshing() {
    let server = MockServer::start().await;
    sessions_for(&server, ACCESS, "access-2", 1).await;
    refresh_once(&server, rotated(), Duration::ZERO).await;
    let mut config = config(&server);
    config.app_token = None;
    config.tokens = Some(TokenPair::new(ACCESS, REFRESH));
    let client = oneentry_client::Client::from_config(&config).unwrap();
    client.get_sessions().send().payload().await.unwrap();
    let received = server.received_requests().await.unwrap();
    assert_eq!(received.len(), 3);
    for request in &received {
        assert_eq!(crate::support::header(request, "x-app-token"), None);
    }
}

/// 100 calls at once with an expired token, the refresh answering with `refresh` first
/// (once) and then with a rotated pair: how the calls end, and how many refreshes were
/// sent.
async fn hundred_calls_whose_refresh_first_meets(
    refresh: ResponseTemplate,
) -> (Vec<Result<(), OneEntryError>>, usize) {
    const N: usize = 100;
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path(SESSIONS))
        .and(header("authorization", format!("Bearer {ACCESS}").as_str()))
        .respond_with(unauthorized())
        .mount(&server)
        .await;
    Mock::given(method("GET"))
        .and(path(SESSIONS))
        .and(header("authorization", "Bearer access-2"))
        .respond_with(json(SESSIONS_SEED))
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(REFRESH_PATH))
        .respond_with(refresh.set_delay(Duration::from_millis(100)))
        .up_to_n_times(1)
        .with_priority(1)
        .mount(&server)
        .await;
    Mock::given(method("POST"))
        .and(path(REFRESH_PATH))
        .respond_with(rotated())
        .with_priority(2)
        .mount(&server)
        .await;
    let client = signed_in(&server);
    let calls: Vec<_> = (0..N)
        .map(|_| {
            let client = client.clone();
            tokio::spawn(async move { client.get_sessions().send().payload().await.map(drop) })
        })
        .collect();
    let mut results = Vec::new();
    for call in calls {
        results.push(call.await.unwrap());
    }
    (results, refresh_requests(&server).await.len())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_refresh_that_meets_a_503_is_retried_and_serves_every_waiter() {
    let (results, refreshes) =
        hundred_calls_whose_refresh_first_meets(ResponseTemplate::new(503)).await;
    assert!(results.iter().all(Result::is_ok), "{results:?}");
    assert_eq!(refreshes, 2, "one 503, one successful refresh");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_refresh_whose_answer_is_lost_gives_every_waiter_one_clear_error() {
    // A 502 from a gateway: the refresh may have been applied, so the single-use refresh
    // token may be spent and is not sent again.
    let (results, refreshes) =
        hundred_calls_whose_refresh_first_meets(ResponseTemplate::new(502)).await;
    assert_eq!(refreshes, 1, "never sent again");
    for result in &results {
        let err = result.as_ref().unwrap_err();
        assert!(
            matches!(err, OneEntryError::Refused(Refusal::RefreshLost)),
            "{err:?}"
        );
        assert!(err.to_string().contains("sign in again"), "{err}");
        assert!(!err.to_string().contains("Unauthorized"), "{err}");
    }
}
