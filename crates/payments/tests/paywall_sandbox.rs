//! The Paywall adapter end to end against the sandbox: every trait method.

mod common;

use std::num::NonZeroU32;

use futures::{StreamExt, TryStreamExt};
use payments::{
    BulkPaymentsExt, ErrorKind, PageRequest, PaymentRef, PaymentStatus, Payments, PaymentsConfig,
    Provider, RefundOutcome, RefundRequest, RefundTarget, Secret,
};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

fn size(n: u32) -> NonZeroU32 {
    NonZeroU32::new(n).unwrap()
}

#[tokio::test]
async fn bulk_pages_summary_and_stream_agree() {
    let (sandbox, payments) = common::start().await;
    let batch = sandbox.info().paywall.bulk_merchant_unique_code.clone();
    let bulk = payments.bulk().unwrap();

    let summary = bulk.bulk_summary(&batch).await.unwrap();
    assert!(summary.accepted);
    assert!(
        summary.total_count > 10,
        "the seeded batch spans pages: {summary:?}"
    );

    let first = bulk
        .bulk_page(&batch, PageRequest::first(size(10)))
        .await
        .unwrap();
    assert_eq!(first.payments.items.len(), 10);
    assert_eq!(first.summary.total_count, summary.total_count);
    assert!(first.payments.has_more());
    let second = bulk
        .bulk_page(&batch, PageRequest::first(size(10)).next())
        .await
        .unwrap();
    assert_ne!(
        first.payments.items[0].id, second.payments.items[0].id,
        "pages differ"
    );

    let all: Vec<_> = bulk
        .all_bulk_payments(&batch, size(7))
        .try_collect()
        .await
        .unwrap();
    assert_eq!(all.len() as u64, summary.total_count);
    let total: Decimal = all.iter().map(|p| p.amount.amount).sum();
    assert_eq!(Some(total), summary.total_amount.map(|m| m.amount));
    let ok = all
        .iter()
        .filter(|p| p.status == PaymentStatus::Succeeded)
        .count() as u64;
    assert_eq!(Some(ok), summary.succeeded_count);
    assert!(
        all.iter()
            .all(|p| p.merchant_reference.is_some() && p.activity.is_some())
    );

    let err = bulk
        .bulk_page(&batch, PageRequest::first(size(1001)))
        .await
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::InvalidRequest);
    sandbox.shutdown().await;
}

#[tokio::test]
async fn lookup_by_reference_and_id_then_refund() {
    let (sandbox, payments) = common::start().await;
    let batch = sandbox.info().paywall.bulk_merchant_unique_code.clone();
    let bulk = payments.bulk().unwrap();
    let page = bulk
        .bulk_page(&batch, PageRequest::first(size(50)))
        .await
        .unwrap();
    let paid = page
        .payments
        .items
        .iter()
        .find(|p| p.status == PaymentStatus::Succeeded)
        .expect("a successful payment")
        .clone();
    let reference = paid.merchant_reference.clone().unwrap();

    let lookup = payments.lookup(Provider::Paywall).unwrap();
    let by_ref = lookup
        .payment(&PaymentRef::MerchantReference(reference.clone()))
        .await
        .unwrap();
    assert_eq!(by_ref.id, paid.id);
    assert_eq!(by_ref.amount.amount, paid.amount.amount);
    let by_id = lookup
        .payment(&PaymentRef::Id(paid.id.clone()))
        .await
        .unwrap();
    assert_eq!(
        by_id.merchant_reference.as_deref(),
        Some(reference.as_str())
    );

    let refunds = payments.refunds(Provider::Paywall).unwrap();
    let missing_date = refunds
        .refund(&RefundRequest::full(RefundTarget::Payment(
            PaymentRef::MerchantReference(reference.clone()),
        )))
        .await
        .unwrap_err();
    assert_eq!(missing_date.kind, ErrorKind::InvalidRequest);

    // The sandbox dates its seeded batch the previous day (Paywall's day, Istanbul).
    let paid_on = sandbox.paywall().today().pred_opt().unwrap();
    let partial = |amount| RefundRequest {
        payment_date: Some(paid_on),
        ..RefundRequest::partial(
            RefundTarget::Payment(PaymentRef::Id(paid.id.clone())),
            amount,
        )
    };
    let refund = refunds.refund(&partial(dec!(0.50))).await.unwrap();
    assert_eq!(refund.outcome, RefundOutcome::Succeeded);
    assert_eq!(refund.amount.map(|m| m.amount), Some(dec!(0.50)));

    let too_much = refunds.refund(&partial(dec!(1000000))).await.unwrap_err();
    assert_eq!(too_much.kind, ErrorKind::Rejected, "{too_much}");
    assert!(too_much.code.is_some());
    sandbox.shutdown().await;
}

#[tokio::test]
async fn wrong_or_missing_keys_are_typed_errors() {
    let (sandbox, _) = common::start().await;
    let batch = sandbox.info().paywall.bulk_merchant_unique_code.clone();
    let mut config = common::config(sandbox.info());
    if let Some(p) = config.paywall.as_mut() {
        if let Some(k) = p.public_keys.as_mut() {
            k.api_key = Secret::new("wrong-key");
        }
        p.private_keys = None;
    }
    let payments = Payments::new(PaymentsConfig {
        oneentry: None,
        craftgate: None,
        ..config
    })
    .unwrap();
    let err = payments
        .bulk()
        .unwrap()
        .bulk_summary(&batch)
        .await
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::Unauthorized, "{err}");
    assert!(!err.to_string().contains("wrong-key"));
    let err = payments
        .lookup(Provider::Paywall)
        .unwrap()
        .payment(&PaymentRef::MerchantReference("x".into()))
        .await
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::Configuration, "{err}");
    sandbox.shutdown().await;
}

#[tokio::test]
async fn refund_by_merchant_reference_full_and_partial() {
    use payments_sandbox::seed::paywall::{PREVIOUS_DAY_PAYMENT_CODE, SAME_DAY_PAYMENT_CODE};
    let (sandbox, payments) = common::start().await;
    let refunds = payments.refunds(Provider::Paywall).unwrap();
    let yesterday = sandbox.paywall().today().pred_opt().unwrap();
    let by_ref = |code: &str| RefundTarget::Payment(PaymentRef::MerchantReference(code.into()));

    let partial = refunds
        .refund(&RefundRequest {
            payment_date: Some(yesterday),
            ..RefundRequest::partial(by_ref(PREVIOUS_DAY_PAYMENT_CODE), dec!(10.00))
        })
        .await
        .unwrap();
    assert_eq!(partial.outcome, RefundOutcome::Succeeded);
    let full = refunds
        .refund(&RefundRequest {
            payment_date: Some(yesterday),
            ..RefundRequest::full(by_ref(PREVIOUS_DAY_PAYMENT_CODE))
        })
        .await
        .unwrap();
    assert_eq!(full.outcome, RefundOutcome::Succeeded);

    // A refund is for a past day; today's payment can only be cancelled.
    let today = sandbox.paywall().today();
    let err = refunds
        .refund(&RefundRequest {
            payment_date: Some(today),
            ..RefundRequest::full(by_ref(SAME_DAY_PAYMENT_CODE))
        })
        .await
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::Rejected, "{err}");
    assert_eq!(err.http_status, Some(200));
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_prefetched_bulk_stream_keeps_page_order_when_later_pages_answer_sooner() {
    let sandbox = payments_sandbox::Sandbox::start().await.unwrap();
    let batch = sandbox.info().paywall.bulk_merchant_unique_code.clone();
    // 23 payments, 2 a page: 12 pages.
    let all = |k| {
        let payments = common::with_prefetch(&sandbox, k);
        let batch = batch.clone();
        async move {
            let all: Vec<_> = payments
                .bulk()
                .unwrap()
                .all_bulk_payments(&batch, size(2))
                .try_collect()
                .await
                .unwrap();
            all
        }
    };
    let sequential = all(1).await;
    assert_eq!(sequential.len(), 23);
    for k in [2, 4] {
        sandbox.faults().clear();
        sandbox
            .faults()
            .script(bulk_query_route(), common::later_answers_sooner(12));
        let prefetched = all(k).await;
        assert_eq!(
            prefetched, sequential,
            "prefetch {k}: the same payments in order"
        );
        assert_eq!(
            sandbox.faults().attempts(&bulk_query_route()),
            12,
            "prefetch {k}: each page once"
        );
    }
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_bulk_consumer_that_stops_after_the_first_payment_sends_at_most_k_plus_one_pages() {
    for k in [1, 3] {
        let (sandbox, batch, payments) = bulk_sandbox(k).await;
        let mut stream = payments.bulk().unwrap().all_bulk_payments(&batch, size(2));
        let first = stream.next().await.unwrap().unwrap();
        assert_eq!(first.id.as_str(), "2094937");
        drop(stream);
        drop(payments);
        let faults = sandbox.faults().clone();
        // Every request that was sent has arrived once the sandbox has stopped.
        sandbox.shutdown().await;
        let sent = faults.attempts(&bulk_query_route());
        assert!(
            (1..=k as u64 + 1).contains(&sent),
            "prefetch {k}: {sent} of 12 pages requested"
        );
    }
}

#[tokio::test]
async fn a_prefetched_bulk_stream_ends_with_the_error_after_every_payment_before_it() {
    use payments_sandbox::Fault;
    let (sandbox, batch, payments) = bulk_sandbox(4).await;
    // The first page passes; every later request (pages 2 to 5, all their retries) fails.
    sandbox.faults().script(
        bulk_query_route(),
        std::iter::once(Fault::Pass).chain(std::iter::repeat_n(
            Fault::status(http::StatusCode::SERVICE_UNAVAILABLE),
            40,
        )),
    );
    let mut stream = payments.bulk().unwrap().all_bulk_payments(&batch, size(5));
    let mut got = Vec::new();
    while let Some(item) = stream.next().await {
        got.push(item);
    }
    assert_eq!(got.len(), 6, "the 5 payments of page 1, then the error");
    let ids: Vec<_> = got[..5]
        .iter()
        .map(|p| p.as_ref().unwrap().id.as_str().to_string())
        .collect();
    assert_eq!(ids, ["2094937", "2094938", "2094939", "2094940", "2094941"]);
    let err = got[5].as_ref().unwrap_err();
    assert_eq!(err.http_status, Some(503), "{err}");
    assert!(stream.next().await.is_none(), "then nothing");
    sandbox.shutdown().await;
}

/// A sandbox, the code of its bulk batch, and a facade on it whose streams hold up to `k`
/// pages at once.
async fn bulk_sandbox(k: usize) -> (payments_sandbox::Sandbox, String, Payments) {
    let sandbox = payments_sandbox::Sandbox::start().await.unwrap();
    let batch = sandbox.info().paywall.bulk_merchant_unique_code.clone();
    let payments = common::with_prefetch(&sandbox, k);
    (sandbox, batch, payments)
}

/// A facade on `sandbox` whose calls retry quickly.
fn quick(sandbox: &payments_sandbox::Sandbox) -> Payments {
    let mut config = common::config(sandbox.info());
    config.policy = payments::RequestPolicy::default().with_backoff(
        std::time::Duration::from_millis(5),
        std::time::Duration::from_millis(20),
    );
    Payments::new(config).unwrap()
}

fn bulk_query_route() -> payments_sandbox::Route {
    "GET /api/paywall/payment/bulk/payment/query"
        .parse()
        .unwrap()
}

#[tokio::test]
async fn a_bulk_stream_goes_on_after_a_page_that_fails_once() {
    use payments_sandbox::Fault;
    let sandbox = payments_sandbox::Sandbox::start().await.unwrap();
    let batch = sandbox.info().paywall.bulk_merchant_unique_code.clone();
    let payments = quick(&sandbox);
    sandbox.faults().script(
        bulk_query_route(),
        [
            Fault::Pass,
            Fault::Pass,
            Fault::status(http::StatusCode::SERVICE_UNAVAILABLE),
        ],
    );

    let all: Vec<_> = payments
        .bulk()
        .unwrap()
        .all_bulk_payments(&batch, size(10))
        .try_collect()
        .await
        .unwrap();

    let ids: std::collections::BTreeSet<_> = all.iter().map(|p| p.id.clone()).collect();
    assert_eq!(all.len(), 23, "every payment");
    assert_eq!(ids.len(), 23, "each exactly once");
    assert_eq!(
        sandbox.faults().attempts(&bulk_query_route()),
        4,
        "three pages, the third sent twice"
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn a_bulk_stream_ends_with_the_error_after_every_earlier_item() {
    use payments_sandbox::Fault;
    // One page at a time: the third request is page 3's (with prefetch, pages 2 and 3
    // would race for the faults).
    let (sandbox, batch, payments) = bulk_sandbox(1).await;
    sandbox.faults().script(
        bulk_query_route(),
        [Fault::Pass, Fault::Pass]
            .into_iter()
            .chain(std::iter::repeat_n(
                Fault::status(http::StatusCode::SERVICE_UNAVAILABLE),
                3,
            )),
    );

    let got: Vec<_> = payments
        .bulk()
        .unwrap()
        .all_bulk_payments(&batch, size(10))
        .collect::<Vec<_>>()
        .await;

    assert_eq!(got.len(), 21, "20 payments, then the error");
    assert!(got[..20].iter().all(Result::is_ok));
    let err = got[20].as_ref().unwrap_err();
    assert_eq!(err.kind, ErrorKind::Unavailable, "{err}");
    assert_eq!(err.http_status, Some(503));
    assert_eq!(sandbox.faults().attempts(&bulk_query_route()), 5);
    sandbox.shutdown().await;
}
