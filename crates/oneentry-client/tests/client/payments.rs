//! Payments: /api/content/payments (docs/providers/oneentry.md#payments).

use chrono::{TimeZone, Utc};
use oneentry_client::CallExt;
use oneentry_client::wire::{AccountSettingsStatus, AccountType, SessionStatus, SessionType};
use oneentry_client::{ApiError, OneEntryError, types};
use wiremock::MockServer;

use crate::support::*;

/// seed 000 (the `Payments.getSessions` example; docs/providers/oneentry.md#sources), verbatim.
pub const SESSIONS_SEED: &str = r#"{
"total": 100,
"items": [
{
"id": 1764,
"updatedDate": "2024-06-21T09:51:57.785Z",
"type": "session",
"status": "completed",
"orderId": 1,
"paymentAccountId": 1,
"paymentUrl": "https://checkout.stripe.com/c/pay/cs_test_a1iOHnSWAmeN3SN5IgYtPv8Fzv48vGUmKxFuhxD0FOjkOaTAlgiwNY9OYW#fid2BXKsdWBEZmZqcGtxJz8nZGZmcVo0VTZjazFUb2Z8YEBRYkxHJyknZHVsTmB8Jz8ndW5acWB2cVowNEpKcW43TVVBa1NSMU5ST3JfY3VcRGlRSUR8cVx0XFxOXG9Cbn1oM1V0QUExR0RRRnJwV0FCYlNcXUtGdGtzcndgcmJxQVNkQnxvcDBTY0ZpUjZCd319UTU1ME5rXDJIVjYnKSdjd2poVmB3c2B3Jz9xd3BgKSdpZHxqcHFRfHVgJz8ndmxrYmlgWmxxYGgnKSdga2RnaWBVaWRmYG1qaWFgd3YnP3F3cGB4JSUl",
"clientSecret": "pi_3MtwBwLkdIwHu7ix28a3tqPa_secret_YrKJUKribcBjcG8HVhfZluoGH"
}
]
}"#;

/// seed 003 (docs/providers/oneentry.md#sources): the createSession and getSessionByOrderId
/// answer, verbatim.
pub const SESSION_SEED: &str = r#"{
"id": 46,
"createdDate": "2025-04-30T20:15:30.506Z",
"updatedDate": "2025-04-30T20:15:30.506Z",
"type": "session",
"status": "waiting",
"paymentAccountId": 1,
"orderId": 89,
"paymentUrl": null
}"#;

fn assert_seed_session(s: &types::PaymentSession) {
    let at = Utc.with_ymd_and_hms(2025, 4, 30, 20, 15, 30).unwrap()
        + chrono::Duration::milliseconds(506);
    assert_eq!(s.id, 46);
    assert_eq!(s.created_date, Some(at));
    assert_eq!(s.updated_date, Some(at));
    assert_eq!(s.type_, SessionType::Session);
    assert_eq!(s.status, SessionStatus::Waiting);
    assert_eq!(s.payment_account_id, Some(1));
    assert_eq!(s.order_id, Some(89));
    assert_eq!(s.payment_url, None);
    assert_eq!(s.client_secret, None);
}

#[tokio::test]
async fn get_sessions_sends_offset_then_limit_after_the_trailing_slash() {
    let server = MockServer::start().await;
    answer(
        &server,
        "GET",
        "/api/content/payments/sessions/",
        json(SESSIONS_SEED),
    )
    .await;
    let page = signed_in(&server)
        .get_sessions()
        .send()
        .payload()
        .await
        .unwrap();
    assert_sent(
        &server,
        "GET",
        "/api/content/payments/sessions/?offset=0&limit=30",
        Some(ACCESS),
        "",
    )
    .await;

    assert_eq!(page.total, 100);
    assert_eq!(page.items.len(), 1);
    let s = &page.items[0];
    assert_eq!(s.id, 1764);
    assert_eq!(
        s.created_date, None,
        "the seed's list item has no createdDate"
    );
    assert_eq!(
        s.updated_date,
        Some(
            Utc.with_ymd_and_hms(2024, 6, 21, 9, 51, 57).unwrap()
                + chrono::Duration::milliseconds(785)
        )
    );
    assert_eq!(s.type_, SessionType::Session);
    assert_eq!(s.status, SessionStatus::Completed);
    assert_eq!((s.order_id, s.payment_account_id), (Some(1), Some(1)));
    assert_eq!(
        s.payment_url.as_deref(),
        Some(
            "https://checkout.stripe.com/c/pay/cs_test_a1iOHnSWAmeN3SN5IgYtPv8Fzv48vGUmKxFuhxD0FOjkOaTAlgiwNY9OYW#fid2BXKsdWBEZmZqcGtxJz8nZGZmcVo0VTZjazFUb2Z8YEBRYkxHJyknZHVsTmB8Jz8ndW5acWB2cVowNEpKcW43TVVBa1NSMU5ST3JfY3VcRGlRSUR8cVx0XFxOXG9Cbn1oM1V0QUExR0RRRnJwV0FCYlNcXUtGdGtzcndgcmJxQVNkQnxvcDBTY0ZpUjZCd319UTU1ME5rXDJIVjYnKSdjd2poVmB3c2B3Jz9xd3BgKSdpZHxqcHFRfHVgJz8ndmxrYmlgWmxxYGgnKSdga2RnaWBVaWRmYG1qaWFgd3YnP3F3cGB4JSUl"
        )
    );
    let secret = s.client_secret.as_ref().unwrap();
    assert_eq!(
        secret.expose(),
        "pi_3MtwBwLkdIwHu7ix28a3tqPa_secret_YrKJUKribcBjcG8HVhfZluoGH"
    );
    assert!(
        !format!("{page:?}").contains("YrKJUKribcBjcG8"),
        "client secret printed"
    );
}

#[tokio::test]
async fn get_sessions_sends_given_paging_in_the_sdk_order() {
    let server = MockServer::start().await;
    answer(
        &server,
        "GET",
        "/api/content/payments/sessions/",
        json(r#"{"total":0,"items":[]}"#),
    )
    .await;
    let page = signed_in(&server)
        .get_sessions()
        .limit(5)
        .offset(10)
        .send()
        .payload()
        .await
        .unwrap();
    assert_eq!(page.total, 0);
    assert_sent(
        &server,
        "GET",
        "/api/content/payments/sessions/?offset=10&limit=5",
        Some(ACCESS),
        "",
    )
    .await;
}

#[tokio::test]
async fn get_session_by_id() {
    let server = MockServer::start().await;
    answer(
        &server,
        "GET",
        "/api/content/payments/sessions/46",
        json(SESSION_SEED),
    )
    .await;
    let s = signed_in(&server)
        .get_session_by_id()
        .id(46)
        .send()
        .payload()
        .await
        .unwrap();
    assert_seed_session(&s);
    assert_sent(
        &server,
        "GET",
        "/api/content/payments/sessions/46",
        Some(ACCESS),
        "",
    )
    .await;
}

#[tokio::test]
async fn get_session_by_order_id_reads_a_single_object_as_a_list() {
    let server = MockServer::start().await;
    answer(
        &server,
        "GET",
        "/api/content/payments/sessions/order/89",
        json(SESSION_SEED),
    )
    .await;
    let sessions = signed_in(&server)
        .get_session_by_order_id()
        .order_id(89)
        .send()
        .payload()
        .await
        .unwrap();
    assert_eq!(sessions.len(), 1);
    assert_seed_session(&sessions[0]);
    assert_sent(
        &server,
        "GET",
        "/api/content/payments/sessions/order/89",
        Some(ACCESS),
        "",
    )
    .await;
}

#[tokio::test]
async fn get_session_by_order_id_reads_an_array() {
    let server = MockServer::start().await;
    let two = format!(
        "[{SESSION_SEED},{}]",
        SESSION_SEED
            .replace("\"id\": 46", "\"id\": 47")
            .replace("\"waiting\"", "\"expired\"")
    );
    answer(
        &server,
        "GET",
        "/api/content/payments/sessions/order/89",
        json(&two),
    )
    .await;
    let sessions = signed_in(&server)
        .get_session_by_order_id()
        .order_id(89)
        .send()
        .payload()
        .await
        .unwrap()
        .into_vec();
    assert_eq!(sessions.len(), 2);
    assert_seed_session(&sessions[0]);
    assert_eq!(
        (sessions[1].id, &sessions[1].status),
        (47, &SessionStatus::Expired)
    );
}

#[tokio::test]
async fn get_session_by_order_id_reads_an_empty_array() {
    let server = MockServer::start().await;
    answer(
        &server,
        "GET",
        "/api/content/payments/sessions/order/7",
        json("[]"),
    )
    .await;
    let sessions = signed_in(&server)
        .get_session_by_order_id()
        .order_id(7)
        .send()
        .payload()
        .await
        .unwrap();
    assert!(sessions.is_empty());
}

#[tokio::test]
async fn create_session_posts_all_three_fields_with_device_metadata() {
    let server = MockServer::start().await;
    answer(
        &server,
        "POST",
        "/api/content/payments/sessions",
        created(SESSION_SEED),
    )
    .await;
    let s = signed_in(&server)
        .create_session()
        .body_map(|b| b.order_id(89).type_(SessionType::Session))
        .send()
        .payload()
        .await
        .unwrap();
    assert_seed_session(&s);
    assert_sent(
        &server,
        "POST",
        "/api/content/payments/sessions",
        Some(ACCESS),
        r#"{"automaticTaxEnabled":false,"orderId":89,"type":"session"}"#,
    )
    .await;
}

#[tokio::test]
async fn create_intent_session_with_tax_and_client_secret() {
    let server = MockServer::start().await;
    answer(
        &server,
        "POST",
        "/api/content/payments/sessions",
        json(r#"{"id":47,"createdDate":"2025-04-30T20:15:30.506Z","updatedDate":"2025-04-30T20:15:30.506Z","type":"intent","status":"waiting","paymentAccountId":2,"orderId":null,"paymentUrl":null,"amount":12.5,"clientSecret":"pi_1_secret_2"}"#),
    )
    .await;
    let s = signed_in(&server)
        .create_session()
        .body(types::CreateSessionRequest {
            order_id: 90,
            type_: SessionType::Intent,
            automatic_tax_enabled: true,
        })
        .send()
        .payload()
        .await
        .unwrap();
    assert_eq!(s.type_, SessionType::Intent);
    assert_eq!(s.order_id, None);
    assert_eq!(s.amount, Some(rust_decimal_macros::dec!(12.5)));
    assert_eq!(s.client_secret.unwrap().expose(), "pi_1_secret_2");
    assert_eq!(
        body(&the_request(&server).await),
        r#"{"automaticTaxEnabled":true,"orderId":90,"type":"intent"}"#
    );
}

const ACCOUNTS: &str = r#"[
 {"id":1,"localizeInfos":{"en_US":{"title":"Cash"}},"identifier":"cash","type":"custom",
  "isVisible":true,"isUsed":true,"testMode":false,"settings":{"status":"not_connected"},
  "updatedDate":"2025-01-10T08:00:00.000Z"},
 {"id":2,"localizeInfos":{"title":"Stripe"},"identifier":"stripe","type":"stripe",
  "isVisible":true,"isUsed":false,"testMode":true,"settings":{"status":"connected"},
  "testSettings":{"status":"connected","sessionTimeout":1800,"stripePublishableKey":"pk_test_1","signingSecretKey":"whsec_hidden"},
  "updatedDate":"2025-01-10T08:00:00.000Z"},
 {"id":3,"localizeInfos":{"en_US":{"title":"Kaspi"}},"identifier":"kaspi","type":"kaspi",
  "isVisible":false,"isUsed":false,"testMode":false,"settings":{"status":"pending_review","merchant":"x"},
  "updatedDate":"2025-01-10T08:00:00.000Z","newField":{"a":[1,2.5]}}
]"#;

#[tokio::test]
async fn get_accounts_reads_open_types_and_both_localize_shapes() {
    let server = MockServer::start().await;
    answer(
        &server,
        "GET",
        "/api/content/payments/accounts",
        json(ACCOUNTS),
    )
    .await;
    let accounts = signed_in(&server)
        .get_accounts()
        .send()
        .payload()
        .await
        .unwrap();
    assert_sent(
        &server,
        "GET",
        "/api/content/payments/accounts",
        Some(ACCESS),
        "",
    )
    .await;

    assert_eq!(accounts.len(), 3);
    let title = |i: usize| {
        accounts[i]
            .localize_infos
            .as_ref()
            .unwrap()
            .get("en_US")
            .unwrap()
            .title
            .clone()
    };
    assert_eq!([title(0), title(1), title(2)], ["Cash", "Stripe", "Kaspi"]);
    assert_eq!(accounts[0].type_, AccountType::Custom);
    assert_eq!(accounts[1].type_, AccountType::Stripe);
    assert_eq!(accounts[2].type_, AccountType::Unknown("kaspi".into()));
    let status = |i: usize| accounts[i].settings.as_ref().unwrap().status.clone();
    assert_eq!(status(0), Some(AccountSettingsStatus::NotConnected));
    assert_eq!(status(1), Some(AccountSettingsStatus::Connected));
    assert_eq!(
        status(2),
        Some(AccountSettingsStatus::Unknown("pending_review".into()))
    );
    let test = accounts[1].test_settings.as_ref().unwrap();
    assert_eq!(test.session_timeout, Some(1800));
    assert_eq!(
        test.signing_secret_key.as_ref().unwrap().expose(),
        "whsec_hidden"
    );
    assert!(!format!("{accounts:?}").contains("whsec_hidden"));
}

#[tokio::test]
async fn get_account_by_id() {
    let server = MockServer::start().await;
    answer(
        &server,
        "GET",
        "/api/content/payments/accounts/1",
        json(r#"{"id":1,"localizeInfos":{"en_US":{"title":"Cash"},"ru_RU":{"title":"Наличные"}},"identifier":"cash","type":"custom","isVisible":true,"isUsed":true,"testMode":false,"settings":{"status":"not_connected"},"updatedDate":"2025-01-10T08:00:00.000Z"}"#),
    )
    .await;
    let account = signed_in(&server)
        .get_account_by_id()
        .id(1)
        .send()
        .payload()
        .await
        .unwrap();
    assert_sent(
        &server,
        "GET",
        "/api/content/payments/accounts/1",
        Some(ACCESS),
        "",
    )
    .await;
    let infos = account.localize_infos.unwrap();
    assert_eq!(infos.get("ru_RU").unwrap().title, "Наличные");
    assert_eq!(infos.languages().collect::<Vec<_>>(), ["en_US", "ru_RU"]);
}

#[tokio::test]
async fn payments_errors_are_typed() {
    let server = MockServer::start().await;
    answer(
        &server,
        "GET",
        "/api/content/payments/sessions/999",
        wiremock::ResponseTemplate::new(404).set_body_raw(
            r#"{"statusCode":404,"message":"Payment session not found","pageData":null,"timestamp":"2025-06-04T04:38:32.849Z"}"#,
            "application/json",
        ),
    )
    .await;
    let err = signed_in(&server)
        .get_session_by_id()
        .id(999)
        .send()
        .payload()
        .await
        .unwrap_err();
    let OneEntryError::Api(api) = &err else {
        panic!("not an API error: {err:?}");
    };
    let ApiError { status, body, .. } = &**api;
    assert_eq!(status.as_u16(), 404);
    assert_eq!(body.status_code, Some(404));
    assert_eq!(messages(&err), ["Payment session not found"]);
    assert_eq!(body.page_data, None);
    assert_eq!(
        body.timestamp,
        Some(
            Utc.with_ymd_and_hms(2025, 6, 4, 4, 38, 32).unwrap()
                + chrono::Duration::milliseconds(849)
        )
    );
}
