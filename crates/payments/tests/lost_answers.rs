//! Writes whose answer is lost after the provider acted: never two effects, neither from
//! the library's own retries nor from a caller who retries what the error marks
//! retryable; the error says the outcome is unknown and how to look it up.

mod common;

use std::time::Duration;

use payments::{
    ErrorKind, ItemId, NewOrder, OrderLine, PaymentId, PaymentRef, Payments, PaymentsError,
    Provider, Refund, RefundRequest, RefundTarget, RequestPolicy, Result,
};
use payments_sandbox::{Fault, Route, Sandbox};
use rust_decimal_macros::dec;

/// A facade on `sandbox` whose calls retry quickly.
fn quick(sandbox: &Sandbox) -> Payments {
    let mut config = common::config(sandbox.info());
    config.policy =
        RequestPolicy::default().with_backoff(Duration::from_millis(5), Duration::from_millis(20));
    Payments::new(config).unwrap()
}

fn route(spec: &str) -> Route {
    spec.parse().unwrap()
}

/// Calls `call` as a careful caller does: again while the error says that is safe, at
/// most five times.
async fn like_a_caller<T, F, Fut>(mut call: F) -> Result<T>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<T>>,
{
    let mut result = call().await;
    for _ in 0..4 {
        match &result {
            Err(e) if e.is_retryable() => result = call().await,
            _ => break,
        }
    }
    result
}

fn effects(sandbox: &Sandbox, route: &Route) -> u64 {
    sandbox.faults().handled(route)
}

#[tokio::test]
async fn a_craftgate_item_refund_whose_answer_is_lost_is_retried_with_its_key_once() {
    let sandbox = Sandbox::start().await.unwrap();
    let payments = quick(&sandbox);
    let refunds_route = route("POST /payment/v1/refund-transactions");
    sandbox
        .faults()
        .script(refunds_route.clone(), [Fault::ResetAfterProcessing]);
    let request = RefundRequest::partial(RefundTarget::Item(ItemId::new("2001")), dec!(5));

    let refund: Refund = like_a_caller(|| {
        payments
            .refunds(Provider::Craftgate)
            .unwrap()
            .refund(&request)
    })
    .await
    .unwrap();

    assert!(refund.idempotency_key.is_some(), "{refund:?}");
    assert_eq!(sandbox.faults().attempts(&refunds_route), 2);
    assert_eq!(effects(&sandbox, &refunds_route), 1, "one refund");
    assert_eq!(sandbox.craftgate().idempotent_replays(), 1);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_craftgate_payment_refund_whose_answer_is_lost_is_retried_with_its_key_once() {
    let sandbox = Sandbox::start().await.unwrap();
    let payments = quick(&sandbox);
    let refunds_route = route("POST /payment/v1/refunds");
    sandbox
        .faults()
        .script(refunds_route.clone(), [Fault::TruncatedBody]);
    let id = PaymentId::from(payments_sandbox::seed::craftgate::SAME_DAY_PAYMENT_ID);
    let request = RefundRequest::full(RefundTarget::Payment(PaymentRef::Id(id)));

    let refund = like_a_caller(|| {
        payments
            .refunds(Provider::Craftgate)
            .unwrap()
            .refund(&request)
    })
    .await
    .unwrap();

    assert!(refund.idempotency_key.is_some());
    assert_eq!(sandbox.faults().attempts(&refunds_route), 2);
    assert_eq!(effects(&sandbox, &refunds_route), 1, "one refund");
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_paywall_partial_refund_whose_answer_is_lost_is_outcome_unknown() {
    let sandbox = Sandbox::start().await.unwrap();
    let payments = quick(&sandbox);
    let refund_route = route("POST /api/paywall/private/refund/partial/by/paymentid");
    sandbox
        .faults()
        .script(refund_route.clone(), [Fault::ResetAfterProcessing]);
    let paid_on = sandbox.paywall().today().pred_opt().unwrap();
    let payment = PaymentId::from(payments_sandbox::seed::paywall::PREVIOUS_DAY_PAYMENT_ID);
    let request = RefundRequest {
        payment_date: Some(paid_on),
        reference: Some("refund-77".into()),
        ..RefundRequest::partial(RefundTarget::Payment(PaymentRef::Id(payment)), dec!(0.25))
    };

    let err: PaymentsError = like_a_caller(|| {
        payments
            .refunds(Provider::Paywall)
            .unwrap()
            .refund(&request)
    })
    .await
    .unwrap_err();

    assert_eq!(err.kind, ErrorKind::OutcomeUnknown, "{err}");
    assert!(!err.is_retryable());
    assert!(
        err.message.contains("the refund may have been made"),
        "{err}"
    );
    assert!(err.reference.is_some(), "{err:?}");
    assert_eq!(
        sandbox.faults().attempts(&refund_route),
        1,
        "never sent again"
    );
    assert_eq!(effects(&sandbox, &refund_route), 1, "one refund");
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_create_order_whose_answer_is_lost_says_the_order_may_exist() {
    let sandbox = Sandbox::start().await.unwrap();
    let payments = quick(&sandbox);
    let info = sandbox.info().oneentry.clone();
    let orders_route = route(&format!(
        "POST /api/content/orders-storage/marker/{}/orders",
        info.order_storage_marker
    ));
    payments
        .users()
        .unwrap()
        .sign_in(&payments::Credentials {
            login: info.login.clone(),
            password: info.password.clone().into(),
        })
        .await
        .unwrap();
    sandbox
        .faults()
        .script(orders_route.clone(), [Fault::ResetAfterProcessing]);
    let order = NewOrder {
        storage: info.order_storage_marker.clone(),
        form_identifier: info.form_identifier.clone(),
        payment_account: info.payment_account_identifier.clone(),
        form_fields: vec![("name".into(), "Christina Thomas".into())],
        lines: vec![OrderLine {
            product_id: info.product_id,
            quantity: 1,
        }],
    };

    let err = like_a_caller(|| payments.orders().unwrap().create_order(&order))
        .await
        .unwrap_err();

    assert_eq!(err.kind, ErrorKind::OutcomeUnknown, "{err}");
    assert!(err.message.contains("the order may exist"), "{err}");
    assert_eq!(
        sandbox.faults().attempts(&orders_route),
        1,
        "exactly one create-order request"
    );
    assert_eq!(effects(&sandbox, &orders_route), 1);
    sandbox.shutdown().await;
}
