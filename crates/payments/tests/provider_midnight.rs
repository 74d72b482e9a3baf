//! The providers' day, not UTC's, over real HTTP: the sandbox's clock is set to the last
//! second of an Istanbul day (20:59:59 UTC), the demo payments are seeded then, and one
//! second later (00:00 in Istanbul, still the same day in UTC) Craftgate's same-day `CANCEL`
//! turns into a `REFUND`, and Paywall's cancel gives way to its refund
//! (docs/providers/craftgate.md#time-zone, docs/providers/paywall.md#time-zone).

mod common;

use std::time::Duration;

use chrono::{DateTime, NaiveDate, TimeZone, Utc};
use craftgate_client::wire::RefundType;
use payments::{
    ErrorKind, PaymentRef, Payments, Provider, RefundOutcome, RefundRequest, RefundTarget,
};
use payments_sandbox::seed::{craftgate as cg, paywall as pw};
use payments_sandbox::{Sandbox, SandboxClock, SandboxConfig};
use payments_wire::CallExt;

/// The payment day D, in Istanbul and in UTC alike.
fn day() -> NaiveDate {
    NaiveDate::from_ymd_opt(2024, 3, 10).unwrap()
}

/// 23:59:59 of D in Istanbul (UTC+3).
fn last_second() -> DateTime<Utc> {
    Utc.with_ymd_and_hms(2024, 3, 10, 20, 59, 59).unwrap()
}

/// A sandbox whose demo data is seeded at 23:59:59 of D, Istanbul time, and a facade for it.
async fn seeded_before_midnight() -> (Sandbox, Payments) {
    let clock = SandboxClock::frozen_at(last_second());
    let sandbox = Sandbox::start_with_clock(SandboxConfig::default(), clock)
        .await
        .expect("sandbox starts");
    let payments = Payments::new(common::config(sandbox.info())).expect("facade builds");
    (sandbox, payments)
}

/// Moves `sandbox` to 00:00 of D+1 in Istanbul, which is still D in UTC.
fn cross_istanbul_midnight(sandbox: &Sandbox) {
    sandbox.clock().advance(Duration::from_secs(1));
    assert_eq!(sandbox.clock().now().date_naive(), day(), "still D in UTC");
}

/// Craftgate's answer to a refund of the whole seeded same-day payment.
async fn refund_whole_payment(payments: &Payments) -> craftgate_client::types::PaymentRefund {
    payments
        .craftgate()
        .unwrap()
        .client()
        .refund_payment()
        .body_map(|b| b.payment_id(cg::SAME_DAY_PAYMENT_ID))
        .send()
        .payload()
        .await
        .expect("Craftgate refunds the payment")
}

#[tokio::test]
async fn craftgate_full_refund_is_a_cancel_until_istanbul_midnight_then_a_refund() {
    // 23:59:59 in Istanbul: the payment's own day, nothing refunded: a CANCEL.
    let (sandbox, payments) = seeded_before_midnight().await;
    let cancel = refund_whole_payment(&payments).await;
    assert_eq!(cancel.refund_type, Some(RefundType::Cancel), "{cancel:?}");
    assert!(cancel.id.is_some(), "a CANCEL has an id");
    // Craftgate's zone-less time is Istanbul's wall clock.
    assert_eq!(
        cancel.created_date.map(|d| d.to_string()).as_deref(),
        Some("2024-03-10 23:59:59")
    );
    sandbox.shutdown().await;

    // The same kind of payment, fresh and untouched, made at 23:59:59 and refunded at
    // 00:00:00 Istanbul time (21:00 UTC, still D in UTC): a REFUND of each item.
    let (sandbox, payments) = seeded_before_midnight().await;
    cross_istanbul_midnight(&sandbox);
    let refund = refund_whole_payment(&payments).await;
    assert_eq!(refund.refund_type, Some(RefundType::Refund), "{refund:?}");
    assert!(refund.id.is_none(), "a REFUND has no id");
    assert_eq!(
        refund.payment_transaction_refunds.as_ref().map(Vec::len),
        Some(2),
        "one refund per item"
    );
    assert_eq!(
        refund.created_date.map(|d| d.to_string()).as_deref(),
        Some("2024-03-11 00:00:00")
    );
    sandbox.shutdown().await;

    // Through the facade, in a third sandbox: a REFUND reports no refund id, unlike a
    // CANCEL.
    let (sandbox, payments) = seeded_before_midnight().await;
    cross_istanbul_midnight(&sandbox);
    let shared = payments
        .refunds(Provider::Craftgate)
        .unwrap()
        .refund(&RefundRequest::full(RefundTarget::Payment(PaymentRef::Id(
            cg::SAME_DAY_PAYMENT_ID.into(),
        ))))
        .await
        .unwrap();
    assert_eq!(shared.outcome, RefundOutcome::Succeeded, "{shared:?}");
    assert_eq!(shared.id, None, "a REFUND, not a CANCEL: {shared:?}");
    sandbox.shutdown().await;
}

/// The facade's full refund of the seeded same-day Paywall payment, dated D.
async fn refund_same_day_payment(
    payments: &Payments,
) -> Result<payments::Refund, payments::PaymentsError> {
    payments
        .refunds(Provider::Paywall)
        .unwrap()
        .refund(&RefundRequest {
            payment_date: Some(day()),
            ..RefundRequest::full(RefundTarget::Payment(PaymentRef::MerchantReference(
                pw::SAME_DAY_PAYMENT_CODE.into(),
            )))
        })
        .await
}

/// Paywall's cancel of the seeded same-day payment, dated D.
async fn cancel_same_day_payment(payments: &Payments) -> Result<(), paywall_client::PaywallError> {
    payments
        .paywall()
        .unwrap()
        .client()
        .private_cancel()
        .body_map(|b| {
            b.date(day())
                .merchant_unique_code(pw::SAME_DAY_PAYMENT_CODE)
        })
        .send()
        .payload()
        .await
        .map(drop)
}

#[tokio::test]
async fn paywall_cancels_on_the_istanbul_payment_day_and_refunds_after_it() {
    // 23:59:59 in Istanbul, the payment day D: refunding is refused, cancelling is allowed.
    let (sandbox, payments) = seeded_before_midnight().await;
    assert_eq!(sandbox.paywall().today(), day());
    let refused = refund_same_day_payment(&payments).await.unwrap_err();
    assert_eq!(refused.kind, ErrorKind::Rejected, "{refused}");
    assert!(
        refused.to_string().contains("after its payment day"),
        "{refused}"
    );
    cancel_same_day_payment(&payments)
        .await
        .expect("cancelled on its payment day");
    sandbox.shutdown().await;

    // A fresh sandbox, the same payment of D, one second later: 00:00 of D+1 in Istanbul
    // (still D in UTC). Cancelling is refused, refunding is allowed.
    let (sandbox, payments) = seeded_before_midnight().await;
    cross_istanbul_midnight(&sandbox);
    let refused = cancel_same_day_payment(&payments).await.unwrap_err();
    assert!(
        refused
            .to_string()
            .contains("only be cancelled on its payment day"),
        "{refused}"
    );
    let refund = refund_same_day_payment(&payments)
        .await
        .expect("refunded after its payment day");
    assert_eq!(refund.outcome, RefundOutcome::Succeeded);
    assert_eq!(sandbox.paywall().today(), day().succ_opt().unwrap());
    sandbox.shutdown().await;
}
