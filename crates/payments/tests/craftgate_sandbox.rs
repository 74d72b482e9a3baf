//! The Craftgate adapter end to end against the sandbox: every trait method.

mod common;

use payments::{
    ErrorKind, ItemId, PaymentId, PaymentRef, Payments, PaymentsConfig, Provider, RefundOutcome,
    RefundRequest, RefundStatus, RefundTarget, Secret,
};
use rust_decimal_macros::dec;

#[tokio::test]
async fn payment_and_breakdown_carry_amounts_and_refund_status() {
    let (sandbox, payments) = common::start().await;
    let id = PaymentId::from(sandbox.info().craftgate.payment_id);

    let payment = payments
        .lookup(Provider::Craftgate)
        .unwrap()
        .payment(&PaymentRef::Id(id.clone()))
        .await
        .unwrap();
    assert_eq!(payment.id, id);
    assert!(payment.status.is_final(), "{:?}", payment.status);
    assert!(payment.amount.amount > dec!(0));

    let items = payments.breakdowns().unwrap().breakdown(&id).await.unwrap();
    assert_eq!(items.len(), 3);
    assert!(
        items
            .iter()
            .any(|i| i.refund_status == Some(RefundStatus::PartiallyRefunded))
    );
    for item in &items {
        assert!(!item.id.as_str().is_empty());
        assert!(
            item.price.is_some()
                && item.paid_price.is_some()
                && item.merchant_payout_amount.is_some()
        );
        assert!(item.transaction_status.is_some());
        assert!(item.created_at.is_some());
    }
    sandbox.shutdown().await;
}

#[tokio::test]
async fn refunding_an_item_moves_its_refund_status() {
    let (sandbox, payments) = common::start().await;
    let id = PaymentId::from(sandbox.info().craftgate.payment_id);
    let breakdowns = payments.breakdowns().unwrap();
    let before = breakdowns.breakdown(&id).await.unwrap();
    let item = before
        .iter()
        .find(|i| i.refund_status == Some(RefundStatus::NotRefunded))
        .expect("an unrefunded item");
    let refundable = item.refundable_price.clone().expect("refundable").amount;

    let refunds = payments.refunds(Provider::Craftgate).unwrap();
    let part = refunds
        .refund(&RefundRequest::partial(
            RefundTarget::Item(item.id.clone()),
            dec!(0.01),
        ))
        .await
        .unwrap();
    assert_eq!(part.outcome, RefundOutcome::Succeeded, "{part:?}");
    assert_eq!(part.item_id.as_ref(), Some(&item.id));
    assert_eq!(part.amount.as_ref().map(|m| m.amount), Some(dec!(0.01)));

    let after = breakdowns.breakdown(&id).await.unwrap();
    let same = after.iter().find(|i| i.id == item.id).unwrap();
    assert_eq!(same.refund_status, Some(RefundStatus::PartiallyRefunded));
    assert_eq!(
        same.refundable_price.as_ref().map(|m| m.amount),
        Some(refundable - dec!(0.01))
    );

    let rest = refunds
        .refund(&RefundRequest::partial(
            RefundTarget::Item(item.id.clone()),
            refundable - dec!(0.01),
        ))
        .await
        .unwrap();
    assert_eq!(rest.outcome, RefundOutcome::Succeeded);
    let after = breakdowns.breakdown(&id).await.unwrap();
    assert_eq!(
        after
            .iter()
            .find(|i| i.id == item.id)
            .unwrap()
            .refund_status,
        Some(RefundStatus::FullyRefunded)
    );
    sandbox.shutdown().await;
}

#[tokio::test]
async fn bad_input_and_wrong_keys_are_typed_errors() {
    let (sandbox, payments) = common::start().await;
    let err = payments
        .breakdowns()
        .unwrap()
        .breakdown(&PaymentId::new("abc"))
        .await
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::InvalidRequest);
    let err = payments
        .refunds(Provider::Craftgate)
        .unwrap()
        .refund(&RefundRequest::partial(
            RefundTarget::Payment(PaymentRef::Id(PaymentId::from(
                sandbox.info().craftgate.payment_id,
            ))),
            dec!(1),
        ))
        .await
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::InvalidRequest, "{err}");
    let err = payments
        .refunds(Provider::Craftgate)
        .unwrap()
        .refund(&RefundRequest::full(RefundTarget::Item(ItemId::new("x"))))
        .await
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::InvalidRequest);

    let mut config = common::config(sandbox.info());
    if let Some(c) = config.craftgate.as_mut() {
        c.secret_key = Secret::new("wrong-secret");
    }
    let wrong = Payments::new(PaymentsConfig {
        oneentry: None,
        paywall: None,
        ..config
    })
    .unwrap();
    let err = wrong
        .breakdowns()
        .unwrap()
        .breakdown(&PaymentId::from(sandbox.info().craftgate.payment_id))
        .await
        .unwrap_err();
    assert_eq!(err.provider, Provider::Craftgate);
    assert!(err.http_status.is_some_and(|s| s >= 400), "{err}");
    assert!(!err.to_string().contains("wrong-secret"));
    sandbox.shutdown().await;
}

#[tokio::test]
async fn refunding_a_whole_payment_on_its_day_is_a_cancel() {
    let (sandbox, payments) = common::start().await;
    let id = PaymentId::from(payments_sandbox::seed::craftgate::SAME_DAY_PAYMENT_ID);
    let refund = payments
        .refunds(Provider::Craftgate)
        .unwrap()
        .refund(&RefundRequest {
            idempotency_key: Some("refund-1002".into()),
            reference: Some("order-1002-cancel".into()),
            ..RefundRequest::full(RefundTarget::Payment(PaymentRef::Id(id.clone())))
        })
        .await
        .unwrap();
    assert_eq!(refund.outcome, RefundOutcome::Succeeded, "{refund:?}");
    assert!(refund.id.is_some(), "a same-day CANCEL returns its id");
    assert_eq!(refund.payment_id.as_ref(), Some(&id));
    let payment = payments
        .lookup(Provider::Craftgate)
        .unwrap()
        .payment(&PaymentRef::Id(id))
        .await
        .unwrap();
    assert_eq!(payment.refund_status, Some(RefundStatus::FullyRefunded));
    sandbox.shutdown().await;
}

#[tokio::test]
async fn refunds_read_back_by_id_match_what_the_refund_answered() {
    let (sandbox, payments) = common::start().await;
    let craftgate = payments.craftgate().unwrap();
    let refunds = payments.refunds(Provider::Craftgate).unwrap();

    let id = PaymentId::from(payments_sandbox::seed::craftgate::SAME_DAY_PAYMENT_ID);
    let made = refunds
        .refund(&RefundRequest::full(RefundTarget::Payment(PaymentRef::Id(
            id.clone(),
        ))))
        .await
        .unwrap();
    let read = craftgate
        .payment_refund(made.id.as_ref().expect("a refund id"))
        .await
        .unwrap();
    assert_eq!(read.id, made.id);
    assert_eq!(read.payment_id.as_ref(), Some(&id));
    assert_eq!(read.amount, made.amount);
    assert_eq!(read.outcome, RefundOutcome::Succeeded);
    assert_eq!(read.idempotency_key, None, "a read carries no request key");

    let items = payments
        .breakdowns()
        .unwrap()
        .breakdown(&PaymentId::from(sandbox.info().craftgate.payment_id))
        .await
        .unwrap();
    let item = items
        .iter()
        .find(|i| i.refund_status == Some(RefundStatus::NotRefunded))
        .expect("an unrefunded item");
    let made = refunds
        .refund(&RefundRequest::partial(
            RefundTarget::Item(item.id.clone()),
            dec!(0.01),
        ))
        .await
        .unwrap();
    let read = craftgate
        .item_refund(made.id.as_ref().expect("an item refund id"))
        .await
        .unwrap();
    assert_eq!(read.id, made.id);
    assert_eq!(read.item_id.as_ref(), Some(&item.id));
    assert_eq!(read.amount.as_ref().map(|m| m.amount), Some(dec!(0.01)));
    assert_eq!(read.outcome, RefundOutcome::Succeeded);

    // Ids that are not numbers are refused before sending; unknown ones are not found.
    let err = craftgate
        .payment_refund(&payments::RefundId::new("abc"))
        .await
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::InvalidRequest);
    let err = craftgate
        .item_refund(&payments::RefundId::new("999999"))
        .await
        .unwrap_err();
    assert_eq!(err.kind, ErrorKind::NotFound, "{err}");
    sandbox.shutdown().await;
}
