//! Every call the facade makes through a generated client is one `provider_call` span
//! naming the provider, the operation, its method and path template, and recording the
//! last status, the attempts and the time taken; a OneEntry token refresh is a span of its
//! own inside the call it renews; nothing traced at TRACE (reqwest's `log` records
//! included) shows a credential, a token or a Craftgate signature.

mod common;
#[path = "../../payments-wire/tests/support/spans.rs"]
mod spans;

use std::num::NonZeroU32;

use http::StatusCode;
use payments::{
    CraftgateConfig, Credentials, PageRequest, PaymentId, PaymentRef, Payments, PaymentsConfig,
    Provider, Secret,
};
use payments_sandbox::{Fault, Sandbox};
use spans::{CallSpan, Capture};
use wiremock::matchers::{header_exists, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

/// What a span says about its call: provider, operation, method, path, status, attempts.
fn summary(span: &CallSpan) -> [&str; 6] {
    [
        "provider",
        "operation",
        "method",
        "path",
        "status",
        "attempts",
    ]
    .map(|field| span.get(field).unwrap_or("-"))
}

fn credentials(sandbox: &Sandbox) -> Credentials {
    Credentials {
        login: sandbox.info().oneentry.login.clone(),
        password: Secret::new(sandbox.info().oneentry.password.clone()),
    }
}

fn size(n: u32) -> NonZeroU32 {
    NonZeroU32::new(n).unwrap()
}

/// OneEntry's session listing, as [`summary`] shows its span.
const GET_SESSIONS: [&str; 6] = [
    "OneEntry",
    "get_sessions",
    "GET",
    "/api/content/payments/sessions/",
    "200",
    "1",
];

/// Lists the first OneEntry sessions (signed in).
async fn list_sessions(payments: &Payments) {
    payments
        .sessions()
        .unwrap()
        .list_sessions(PageRequest::first(size(5)))
        .await
        .unwrap();
}

#[tokio::test]
async fn each_call_of_each_provider_is_one_span() {
    let capture = Capture::start();
    let (sandbox, payments) = common::start().await;
    let info = sandbox.info().clone();
    let craftgate_id = PaymentId::from(info.craftgate.payment_id);

    let lookup = payments.lookup(Provider::Craftgate).unwrap();
    lookup
        .payment(&PaymentRef::Id(craftgate_id.clone()))
        .await
        .unwrap();
    payments
        .breakdowns()
        .unwrap()
        .breakdown(&craftgate_id)
        .await
        .unwrap();
    let bulk = payments.bulk().unwrap();
    bulk.bulk_summary(&info.paywall.bulk_merchant_unique_code)
        .await
        .unwrap();
    let users = payments.users().unwrap();
    users.sign_in(&credentials(&sandbox)).await.unwrap();
    list_sessions(&payments).await;

    let spans = capture.take_spans();
    let got: Vec<_> = spans.iter().map(summary).collect();
    assert_eq!(
        got,
        [
            [
                "Craftgate",
                "retrieve_payment",
                "GET",
                "/payment-reporting/v1/payments/{id}",
                "200",
                "1"
            ],
            [
                "Craftgate",
                "retrieve_payment_transactions",
                "GET",
                "/payment-reporting/v1/payments/{id}/transactions",
                "200",
                "1"
            ],
            [
                "Paywall",
                "bulk_payment_query_summary",
                "GET",
                "/api/paywall/payment/bulk/payment/query/summary",
                "200",
                "1"
            ],
            [
                "OneEntry",
                "auth",
                "POST",
                "/api/content/users-auth-providers/marker/{marker}/users/auth",
                "201",
                "1"
            ],
            GET_SESSIONS,
        ]
    );
    for span in &spans {
        let elapsed: u64 = span.get("elapsed_ms").unwrap().parse().unwrap();
        assert!(elapsed < 10_000, "{span:#?}");
        assert_eq!(span.parent, None);
    }
    sandbox.shutdown().await;
}

#[tokio::test]
async fn retries_and_failures_are_counted_in_the_call_span() {
    let capture = Capture::start();
    let sandbox = Sandbox::start().await.unwrap();
    let payments = common::with_prefetch(&sandbox, 1);
    let id = PaymentId::from(sandbox.info().craftgate.payment_id);
    let route = "GET /payment-reporting/v1/payments/*/transactions"
        .parse()
        .unwrap();
    let unavailable = || Fault::status(StatusCode::SERVICE_UNAVAILABLE);
    let breakdowns = payments.breakdowns().unwrap();

    sandbox
        .faults()
        .script(route, [unavailable(), Fault::ResetBeforeProcessing]);
    breakdowns.breakdown(&id).await.unwrap();
    sandbox.faults().script(
        "GET /payment-reporting/v1/payments/*/transactions"
            .parse()
            .unwrap(),
        [unavailable(), unavailable(), unavailable()],
    );
    breakdowns.breakdown(&id).await.unwrap_err();

    let spans = capture.take_spans();
    assert_eq!(spans.len(), 2, "{spans:#?}");
    let recovered = &spans[0];
    assert_eq!(recovered.get("status"), Some("200"));
    assert_eq!(recovered.get("attempts"), Some("3"));
    let reasons: Vec<_> = recovered
        .own_events()
        .filter(|e| e.get("message").map(String::as_str) == Some("retrying"))
        .map(|e| e["reason"].as_str())
        .collect();
    assert_eq!(reasons, ["HTTP 503", "no complete answer"]);
    let failed = &spans[1];
    assert_eq!(failed.get("status"), Some("503"));
    assert_eq!(failed.get("attempts"), Some("3"));
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_token_refresh_is_a_span_inside_the_call_it_renews() {
    let capture = Capture::start();
    let (sandbox, payments) = common::start().await;
    payments
        .users()
        .unwrap()
        .sign_in(&credentials(&sandbox))
        .await
        .unwrap();
    assert!(sandbox.oneentry().expire_access_tokens() >= 1);
    capture.take_spans();

    list_sessions(&payments).await;

    let spans = capture.take_spans();
    let got: Vec<_> = spans
        .iter()
        .map(|s| (summary(s), s.parent.as_deref()))
        .collect();
    assert_eq!(
        got,
        [
            (
                [
                    "OneEntry",
                    "refresh",
                    "POST",
                    "/api/content/users-auth-providers/marker/{marker}/users/refresh",
                    "201",
                    "1"
                ],
                Some("get_sessions")
            ),
            (GET_SESSIONS, None),
        ],
        "the refresh closes first, inside the call; the call's one attempt is renewed once"
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn no_secret_in_anything_traced() {
    let capture = Capture::start();
    let (sandbox, payments) = common::start().await;
    let info = sandbox.info().clone();
    let users = payments.users().unwrap();
    users.sign_in(&credentials(&sandbox)).await.unwrap();
    sandbox.oneentry().expire_access_tokens();
    list_sessions(&payments).await;
    users.sign_out().await.unwrap();
    let id = PaymentId::from(info.craftgate.payment_id);
    payments.breakdowns().unwrap().breakdown(&id).await.unwrap();
    let paywall = payments.lookup(Provider::Paywall).unwrap();
    paywall
        .payment(&PaymentRef::Id(PaymentId::from(
            payments_sandbox::seed::paywall::PREVIOUS_DAY_PAYMENT_ID,
        )))
        .await
        .unwrap();
    payments
        .bulk()
        .unwrap()
        .bulk_page(
            &info.paywall.bulk_merchant_unique_code,
            PageRequest::first(size(3)),
        )
        .await
        .unwrap();

    let secrets = sandbox.secrets();
    assert!(secrets.len() > 10, "tokens were issued: {}", secrets.len());
    let text = capture.text();
    assert!(text.contains("provider_call{provider=\"OneEntry\" operation=\"refresh\""));
    assert_eq!(capture.leaks(&secrets), Vec::<&str>::new());
    sandbox.shutdown().await;
}

#[tokio::test]
async fn craftgate_signatures_are_not_traced() {
    let server = MockServer::start().await;
    Mock::given(method("GET"))
        .and(path("/payment-reporting/v1/payments/1/transactions"))
        .and(header_exists("x-signature"))
        .respond_with(ResponseTemplate::new(200).set_body_string(r#"{"data":{"items":[]}}"#))
        .mount(&server)
        .await;
    let (api_key, secret_key) = ("api-Zq8Xw3Lm9Pd2", "secret-Rt7Kv4Nc0Bh5");
    let config = PaymentsConfig {
        craftgate: Some(
            CraftgateConfig::new(api_key, secret_key)
                .with_base_url(payments::BaseUrl::parse(&server.uri()).unwrap()),
        ),
        ..PaymentsConfig::default()
    };
    let payments = Payments::new(config).unwrap();
    let capture = Capture::start();

    let items = payments
        .breakdowns()
        .unwrap()
        .breakdown(&PaymentId::new("1"))
        .await
        .unwrap();

    assert!(items.is_empty());
    let requests = server.received_requests().await.unwrap();
    let mut secrets = vec![api_key.to_string(), secret_key.to_string()];
    for name in ["x-signature", "x-rnd-key", "x-api-key"] {
        let value = requests[0].headers.get(name).unwrap().to_str().unwrap();
        secrets.push(value.to_string());
    }
    assert_eq!(capture.take_spans().len(), 1);
    assert_eq!(capture.leaks(&secrets), Vec::<&str>::new());
}
