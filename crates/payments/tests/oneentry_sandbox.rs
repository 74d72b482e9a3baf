//! The OneEntry adapter end to end against the sandbox: every trait method, token refresh.

mod common;

use std::num::NonZeroU32;

use futures::TryStreamExt;
use payments::{
    Credentials, ErrorKind, NewOrder, NewSession, OrderLine, OrdersExt, PageRequest,
    PaymentSessionsExt, PaymentStatus, Payments, Secret, SessionKind,
};
use payments_sandbox::SandboxInfo;
use rust_decimal_macros::dec;

fn credentials(info: &SandboxInfo) -> Credentials {
    Credentials {
        login: info.oneentry.login.clone(),
        password: Secret::new(info.oneentry.password.clone()),
    }
}

fn new_order(info: &SandboxInfo, quantity: u32) -> NewOrder {
    NewOrder {
        storage: info.oneentry.order_storage_marker.clone(),
        form_identifier: info.oneentry.form_identifier.clone(),
        payment_account: info.oneentry.payment_account_identifier.clone(),
        form_fields: vec![("name".into(), "Christina Thomas".into())],
        lines: vec![OrderLine {
            product_id: info.oneentry.product_id,
            quantity,
        }],
    }
}

fn size(n: u32) -> NonZeroU32 {
    NonZeroU32::new(n).unwrap()
}

#[tokio::test]
async fn seed_scenario_through_the_traits() {
    let (sandbox, payments) = common::start().await;
    let info = sandbox.info().clone();

    let user = payments
        .users()
        .unwrap()
        .sign_in(&credentials(&info))
        .await
        .unwrap();
    assert_eq!(user.user.as_deref(), Some(info.oneentry.login.as_str()));

    let orders = payments.orders().unwrap();
    let order = orders.create_order(&new_order(&info, 2)).await.unwrap();
    assert_eq!(
        order.lines,
        vec![OrderLine {
            product_id: info.oneentry.product_id,
            quantity: 2
        }]
    );
    assert!(order.total.amount > dec!(0));
    let read = orders.order(&order.storage, &order.id).await.unwrap();
    assert_eq!(read.id, order.id);
    assert_eq!(
        read.total.amount, order.total.amount,
        "string and number totals agree"
    );

    let sessions = payments.sessions().unwrap();
    let session = sessions
        .create_session(&NewSession::checkout(order.id.clone()))
        .await
        .unwrap();
    assert_eq!(session.kind, SessionKind::Session);
    assert_eq!(session.status, PaymentStatus::Pending);
    assert_eq!(session.raw_status, "waiting");
    assert_eq!(session.order_id.as_ref(), Some(&order.id));
    assert_eq!(sessions.session(&session.id).await.unwrap().id, session.id);
    let by_order = sessions.sessions_for_order(&order.id).await.unwrap();
    assert_eq!(
        by_order.iter().map(|s| &s.id).collect::<Vec<_>>(),
        [&session.id]
    );

    let page = sessions
        .list_sessions(PageRequest::first(size(1)))
        .await
        .unwrap();
    assert_eq!(page.items.len(), 1);
    let total = page.total_items.unwrap();
    let all: Vec<_> = sessions.all_sessions(size(1)).try_collect().await.unwrap();
    assert_eq!(all.len() as u64, total);
    assert!(all.iter().any(|s| s.id == session.id));

    let listed = orders
        .list_orders(&order.storage, PageRequest::first(size(50)))
        .await
        .unwrap();
    assert!(listed.items.iter().any(|o| o.id == order.id));
    let streamed: Vec<_> = orders
        .all_orders(&order.storage, size(1))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(streamed.len() as u64, listed.total_items.unwrap());

    payments.users().unwrap().sign_out().await.unwrap();
    let err = sessions
        .list_sessions(PageRequest::first(size(1)))
        .await
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::Unauthorized, "{err}");
    sandbox.shutdown().await;
}

#[tokio::test]
async fn an_expired_access_token_is_refreshed_once_and_the_call_succeeds() {
    let (sandbox, payments) = common::start().await;
    payments
        .users()
        .unwrap()
        .sign_in(&credentials(sandbox.info()))
        .await
        .unwrap();
    assert!(sandbox.oneentry().expire_access_tokens() >= 1);
    let before = sandbox.oneentry().refreshes();
    let sessions = payments.sessions().unwrap();
    let calls = (0..4).map(|_| sessions.list_sessions(PageRequest::first(size(5))));
    for r in futures::future::join_all(calls).await {
        r.unwrap();
    }
    assert_eq!(
        sandbox.oneentry().refreshes(),
        before + 1,
        "four concurrent 401s, one refresh"
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn wrong_credentials_and_bad_input_are_typed_errors() {
    let (sandbox, payments) = common::start().await;
    let mut creds = credentials(sandbox.info());
    creds.password = Secret::new("not-the-password");
    let err = payments.users().unwrap().sign_in(&creds).await.unwrap_err();
    assert!(
        matches!(
            err.kind,
            ErrorKind::Unauthorized | ErrorKind::InvalidRequest
        ),
        "{err}"
    );
    assert!(!format!("{err} {err:?}").contains("not-the-password"));

    let err = payments
        .sessions()
        .unwrap()
        .list_sessions(PageRequest::first(size(1)))
        .await
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::Unauthorized, "not signed in: {err}");

    let err = payments
        .orders()
        .unwrap()
        .create_order(&NewOrder {
            lines: vec![],
            ..new_order(sandbox.info(), 1)
        })
        .await
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::InvalidRequest);

    let mut config = common::config(sandbox.info());
    if let Some(o) = config.oneentry.as_mut() {
        o.client.app_token = Some(Secret::new("wrong-app-token"));
    }
    let wrong = Payments::new(config).unwrap();
    let err = wrong
        .users()
        .unwrap()
        .sign_in(&credentials(sandbox.info()))
        .await
        .unwrap_err();
    assert!(err.http_status.is_some_and(|s| s >= 400), "{err}");
    assert!(!format!("{err:?}").contains("wrong-app-token"));
    sandbox.shutdown().await;
}

/// Signs in, expires the tokens, makes the refresh meet `first` once, then sends 100
/// calls at once: their results, and the refreshes the sandbox granted.
async fn hundred_calls_with_an_expired_token(
    first: payments_sandbox::Fault,
) -> (Vec<payments::Result<()>>, u64, u64) {
    let sandbox = payments_sandbox::Sandbox::start().await.unwrap();
    let mut config = common::config(sandbox.info());
    config.policy = payments::RequestPolicy::default().with_backoff(
        std::time::Duration::from_millis(5),
        std::time::Duration::from_millis(20),
    );
    let payments = Payments::new(config).unwrap();
    payments
        .users()
        .unwrap()
        .sign_in(&credentials(sandbox.info()))
        .await
        .unwrap();
    assert!(sandbox.oneentry().expire_access_tokens() >= 1);
    let refresh: payments_sandbox::Route =
        "POST /api/content/users-auth-providers/marker/email/users/refresh"
            .parse()
            .unwrap();
    sandbox.faults().script(refresh.clone(), [first]);
    let before = sandbox.oneentry().refreshes();
    let sessions = payments.sessions().unwrap();
    let calls = (0..100).map(|_| async {
        sessions
            .list_sessions(PageRequest::first(size(5)))
            .await
            .map(drop)
    });
    let results = futures::future::join_all(calls).await;
    let granted = sandbox.oneentry().refreshes() - before;
    let sent = sandbox.faults().attempts(&refresh);
    sandbox.shutdown().await;
    (results, granted, sent)
}

#[tokio::test]
async fn a_hundred_calls_with_an_expired_token_refresh_once_through_a_503() {
    let (results, granted, sent) = hundred_calls_with_an_expired_token(
        payments_sandbox::Fault::status(http::StatusCode::SERVICE_UNAVAILABLE),
    )
    .await;
    assert!(results.iter().all(Result::is_ok), "{results:?}");
    assert_eq!(granted, 1, "exactly one refresh");
    assert_eq!(sent, 2, "the 503, then the refresh");
}

#[tokio::test]
async fn a_lost_refresh_answer_gives_every_call_one_clear_error() {
    let (results, granted, sent) =
        hundred_calls_with_an_expired_token(payments_sandbox::Fault::ResetAfterProcessing).await;
    assert_eq!(sent, 1, "no refresh storm: the refresh is not sent again");
    assert_eq!(granted, 1, "the sandbox refreshed; the answer was lost");
    for result in &results {
        let err = result.as_ref().unwrap_err();
        assert_eq!(err.kind, ErrorKind::Unauthorized, "{err}");
        assert!(err.to_string().contains("sign in again"), "{err}");
        assert!(!err.to_string().contains("Unauthorized"), "{err}");
    }
}

#[tokio::test]
async fn prefetched_session_and_order_streams_keep_the_listing_order() {
    let sandbox = payments_sandbox::Sandbox::start().await.unwrap();
    let info = sandbox.info().clone();
    let payments = common::with_prefetch(&sandbox, 3);
    payments
        .users()
        .unwrap()
        .sign_in(&credentials(&info))
        .await
        .unwrap();
    let orders = payments.orders().unwrap();
    let sessions = payments.sessions().unwrap();
    for quantity in 1..=6 {
        let order = orders
            .create_order(&new_order(&info, quantity))
            .await
            .unwrap();
        sessions
            .create_session(&NewSession::checkout(order.id.clone()))
            .await
            .unwrap();
    }
    let storage = info.oneentry.order_storage_marker.clone();
    let listed_orders: Vec<_> = orders
        .list_orders(&storage, PageRequest::first(size(50)))
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|o| o.id)
        .collect();
    let listed_sessions: Vec<_> = sessions
        .list_sessions(PageRequest::first(size(50)))
        .await
        .unwrap()
        .items
        .into_iter()
        .map(|s| s.id)
        .collect();
    assert!(listed_orders.len() >= 7 && listed_sessions.len() >= 7);

    // One item a page; later pages answer sooner.
    let order_route: payments_sandbox::Route = "GET /api/content/orders-storage/marker/*/orders"
        .parse()
        .unwrap();
    let session_route: payments_sandbox::Route =
        "GET /api/content/payments/sessions/".parse().unwrap();
    let faults = sandbox.faults();
    faults.clear();
    let order_pages = listed_orders.len() as u32;
    let session_pages = listed_sessions.len() as u32;
    faults.script(
        order_route.clone(),
        common::later_answers_sooner(order_pages),
    );
    faults.script(
        session_route.clone(),
        common::later_answers_sooner(session_pages),
    );
    let streamed_orders: Vec<_> = orders
        .all_orders(&storage, size(1))
        .map_ok(|o| o.id)
        .try_collect()
        .await
        .unwrap();
    let streamed_sessions: Vec<_> = sessions
        .all_sessions(size(1))
        .map_ok(|s| s.id)
        .try_collect()
        .await
        .unwrap();
    assert_eq!(streamed_orders, listed_orders);
    assert_eq!(streamed_sessions, listed_sessions);
    assert_eq!(
        faults.attempts(&order_route),
        u64::from(order_pages),
        "each order page once"
    );
    assert_eq!(
        faults.attempts(&session_route),
        u64::from(session_pages),
        "each session page once"
    );
    sandbox.shutdown().await;
}
