//! How a consumer tests its own code against the capability traits with the mockall mocks
//! (`payments-core` feature `mocks`): no HTTP at all.

use std::num::NonZeroU32;

use futures::TryStreamExt;
use payments::{
    Breakdown, Breakdowns, ErrorKind, ItemId, MockBreakdowns, MockPaymentSessions, Money,
    NewSession, OrderId, Page, PaymentId, PaymentSessions, PaymentSessionsExt, PaymentStatus,
    PaymentsError, Provider, RefundStatus, Session, SessionId, SessionKind,
};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

fn session(id: &str, status: PaymentStatus, url: Option<&str>) -> Session {
    Session {
        id: SessionId::new(id),
        kind: SessionKind::Session,
        raw_status: status.to_string().into(),
        status,
        order_id: Some(OrderId::new("89")),
        payment_account_id: Some("1".into()),
        payment_url: url.map(String::from),
        client_secret: None,
        amount: None,
        created_at: None,
        updated_at: None,
    }
}

/// Consumer code: reuse an open session of the order, or open a new one.
async fn checkout_url(
    sessions: &dyn PaymentSessions,
    order: &OrderId,
) -> Result<Option<String>, PaymentsError> {
    let existing = sessions.sessions_for_order(order).await?;
    if let Some(open) = existing.iter().find(|s| !s.status.is_final()) {
        return Ok(open.payment_url.clone());
    }
    Ok(sessions
        .create_session(&NewSession::checkout(order.clone()))
        .await?
        .payment_url)
}

/// Consumer code: what can still be refunded across a payment's items.
async fn refundable(
    breakdowns: &dyn Breakdowns,
    payment: &PaymentId,
) -> Result<Decimal, PaymentsError> {
    Ok(breakdowns
        .breakdown(payment)
        .await?
        .iter()
        .filter(|i| i.refund_status != Some(RefundStatus::FullyRefunded))
        .filter_map(|i| i.refundable_price.as_ref().map(|m| m.amount))
        .sum())
}

#[tokio::test]
async fn opens_a_new_session_only_when_none_is_open() {
    let mut mock = MockPaymentSessions::new();
    mock.expect_sessions_for_order()
        .withf(|o| o.as_str() == "89")
        .times(1)
        .returning(|_| Ok(vec![session("1", PaymentStatus::Expired, None)]));
    mock.expect_create_session()
        .withf(|s| s.order_id.as_str() == "89" && s.kind == SessionKind::Session)
        .times(1)
        .returning(|_| {
            Ok(session(
                "2",
                PaymentStatus::Pending,
                Some("https://pay.example/2"),
            ))
        });
    let url = checkout_url(&mock, &OrderId::new("89")).await.unwrap();
    assert_eq!(url.as_deref(), Some("https://pay.example/2"));

    let mut mock = MockPaymentSessions::new();
    mock.expect_sessions_for_order().returning(|_| {
        Ok(vec![session(
            "3",
            PaymentStatus::Pending,
            Some("https://pay.example/3"),
        )])
    });
    mock.expect_create_session().never();
    assert_eq!(
        checkout_url(&mock, &OrderId::new("89"))
            .await
            .unwrap()
            .as_deref(),
        Some("https://pay.example/3")
    );
}

#[tokio::test]
async fn provider_errors_reach_the_consumer() {
    let mut mock = MockPaymentSessions::new();
    mock.expect_sessions_for_order().returning(|_| {
        Err(
            PaymentsError::new(Provider::OneEntry, ErrorKind::Unauthorized, "token expired")
                .with_status(401),
        )
    });
    let err = checkout_url(&mock, &OrderId::new("89")).await.unwrap_err();
    assert_eq!(err.kind, ErrorKind::Unauthorized);
    assert_eq!(err.http_status, Some(401));
}

#[tokio::test]
async fn the_session_stream_walks_every_page_of_a_mock() {
    let mut mock = MockPaymentSessions::new();
    mock.expect_list_sessions().times(3).returning(|page| {
        let start = page.offset();
        let items = (start..(start + u64::from(page.size())).min(5))
            .map(|i| session(&i.to_string(), PaymentStatus::Succeeded, None))
            .collect();
        Ok(Page {
            items,
            request: page,
            total_items: Some(5),
            total_pages: None,
        })
    });
    let all: Vec<Session> = mock
        .all_sessions(NonZeroU32::new(2).unwrap())
        .try_collect()
        .await
        .unwrap();
    let ids: Vec<&str> = all.iter().map(|s| s.id.as_str()).collect();
    assert_eq!(ids, ["0", "1", "2", "3", "4"]);
}

#[tokio::test]
async fn refundable_sums_items_that_are_not_fully_refunded() {
    let item = |id: &str, left: Decimal, status: RefundStatus| Breakdown {
        id: ItemId::new(id),
        name: None,
        external_id: None,
        price: None,
        paid_price: None,
        wallet_price: None,
        refundable_price: Some(Money::new(left, "TRY").unwrap()),
        merchant_commission_rate: None,
        merchant_commission_amount: None,
        bank_commission_rate: None,
        bank_commission_amount: None,
        merchant_payout_amount: None,
        sub_merchant: None,
        payout: None,
        transaction_status: None,
        refund_status: Some(status),
        created_at: None,
        transaction_status_at: None,
        blockage_resolved_at: None,
    };
    let mut mock = MockBreakdowns::new();
    mock.expect_breakdown()
        .withf(|p| p.as_str() == "1")
        .returning(move |_| {
            Ok(vec![
                item("a", dec!(10.00000001), RefundStatus::NotRefunded),
                item("b", dec!(4.5), RefundStatus::PartiallyRefunded),
                item("c", dec!(0), RefundStatus::FullyRefunded),
            ])
        });
    assert_eq!(
        refundable(&mock, &PaymentId::new("1")).await.unwrap(),
        dec!(14.50000001)
    );
}
