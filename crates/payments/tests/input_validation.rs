//! Every value a caller hands the facade is checked before any request: a typed
//! `InvalidRequest` error that names the field. The facade here points at addresses where
//! nothing listens and sends each call once: any request sent would come back as a
//! transport error instead.

use std::future::Future;
use std::num::NonZeroU32;
use std::pin::Pin;

use payments::{
    BaseUrl, CraftgateConfig, ErrorKind, ItemId, NewOrder, NewSession, OneEntrySettings, OrderId,
    OrderLine, PageRequest, PaymentId, PaymentRef, Payments, PaymentsConfig, PaywallConfig,
    Provider, RefundRequest, RefundTarget, RequestPolicy, SessionId, TokenPair,
};
use rust_decimal::Decimal;
use rust_decimal_macros::dec;

/// A loopback address nothing listens on.
fn closed() -> BaseUrl {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    drop(listener);
    BaseUrl::parse(&format!("http://127.0.0.1:{port}")).unwrap()
}

fn facade() -> Payments {
    let mut oneentry = OneEntrySettings::new(closed());
    oneentry.client.tokens = Some(TokenPair::new("access", "refresh"));
    Payments::new(PaymentsConfig {
        oneentry: Some(oneentry),
        paywall: Some(
            PaywallConfig::with_urls(closed(), closed())
                .with_public_keys("k", "c")
                .with_private_keys("k", "c"),
        ),
        craftgate: Some(CraftgateConfig::new("k", "s").with_base_url(closed())),
        policy: RequestPolicy::default().with_max_attempts(NonZeroU32::MIN),
        ..PaymentsConfig::default()
    })
    .unwrap()
}

type Call<'a> = Pin<Box<dyn Future<Output = payments::Result<()>> + 'a>>;

fn order(storage: &str, quantity: u32) -> NewOrder {
    NewOrder {
        storage: storage.into(),
        form_identifier: "order".into(),
        payment_account: "cash".into(),
        form_fields: vec![],
        lines: vec![OrderLine {
            product_id: 14,
            quantity,
        }],
    }
}

fn paywall_refund(target: PaymentRef, amount: Decimal) -> RefundRequest {
    RefundRequest {
        payment_date: chrono::NaiveDate::from_ymd_opt(2026, 11, 29),
        ..RefundRequest::partial(RefundTarget::Payment(target), amount)
    }
}

#[tokio::test]
async fn bad_input_is_refused_before_any_request_with_the_field_named() {
    let p = facade();
    let craftgate = Provider::Craftgate;
    let paywall = Provider::Paywall;
    let id = |s: &str| PaymentRef::Id(PaymentId::new(s));
    let reference = |s: &str| PaymentRef::MerchantReference(s.into());
    let lookup = |provider, r: PaymentRef| -> Call<'_> {
        let p = &p;
        Box::pin(async move { p.lookup(provider)?.payment(&r).await.map(drop) })
    };
    let refund = |provider, r: RefundRequest| -> Call<'_> {
        let p = &p;
        Box::pin(async move { p.refunds(provider)?.refund(&r).await.map(drop) })
    };
    let size = |n| PageRequest::first(NonZeroU32::new(n).unwrap());
    let keyed = |key: &str| RefundRequest {
        idempotency_key: Some(key.into()),
        ..RefundRequest::partial(RefundTarget::Item(ItemId::new("2001")), dec!(1))
    };

    // (input, the call, what the error must say)
    let table: Vec<(&str, Call<'_>, &str)> = vec![
        (
            "empty payment id",
            lookup(craftgate, id("")),
            "payment id is empty",
        ),
        (
            "blank payment id",
            lookup(craftgate, id("  ")),
            "payment id is empty",
        ),
        (
            "non-numeric payment id",
            lookup(craftgate, id("abc")),
            "ids are numbers",
        ),
        (
            "negative payment id",
            lookup(craftgate, id("-5")),
            "ids are numbers",
        ),
        (
            "zero payment id",
            lookup(craftgate, id("0")),
            "ids start at 1",
        ),
        (
            "overflowing payment id",
            lookup(craftgate, id("99999999999999999999")),
            "too large",
        ),
        (
            "non-numeric breakdown id",
            Box::pin(async {
                p.breakdowns()?
                    .breakdown(&PaymentId::new("x1"))
                    .await
                    .map(drop)
            }),
            "ids are numbers",
        ),
        (
            "Craftgate lookup by reference",
            lookup(craftgate, reference("r")),
            "by id",
        ),
        (
            "negative item refund",
            refund(
                craftgate,
                RefundRequest::partial(RefundTarget::Item(ItemId::new("2001")), dec!(-1)),
            ),
            "refund amount must be above zero",
        ),
        (
            "zero item refund",
            refund(
                craftgate,
                RefundRequest::partial(RefundTarget::Item(ItemId::new("2001")), dec!(0)),
            ),
            "refund amount must be above zero",
        ),
        (
            "idempotency key with a line break",
            refund(craftgate, keyed("a\r\nb")),
            "idempotency key",
        ),
        (
            "non-ASCII idempotency key",
            refund(craftgate, keyed("iade-ş")),
            "idempotency key",
        ),
        (
            "empty idempotency key",
            refund(craftgate, keyed("")),
            "idempotency key is empty",
        ),
        (
            "whole-payment refund with an amount",
            refund(
                craftgate,
                RefundRequest::partial(RefundTarget::Payment(id("1")), dec!(5)),
            ),
            "in full",
        ),
        (
            "merchant reference with a line break",
            lookup(paywall, reference("a\nb")),
            "merchant reference",
        ),
        (
            "non-ASCII merchant reference",
            lookup(paywall, reference("sipariş-1")),
            "merchant reference",
        ),
        (
            "empty merchant reference",
            lookup(paywall, reference("")),
            "merchant reference is empty",
        ),
        (
            "non-numeric Paywall id",
            lookup(paywall, id("3100001x")),
            "ids are numbers",
        ),
        (
            "page size above Paywall's 1,000",
            Box::pin(async { p.bulk()?.bulk_page("batch", size(1001)).await.map(drop) }),
            "at most 1000",
        ),
        (
            "page size of 5,000",
            Box::pin(async { p.bulk()?.bulk_page("batch", size(5000)).await.map(drop) }),
            "at most 1000",
        ),
        (
            "batch code with a line break",
            Box::pin(async { p.bulk()?.bulk_summary("a\nb").await.map(drop) }),
            "merchant unique code",
        ),
        (
            "zero Paywall refund",
            refund(paywall, paywall_refund(reference("o-1"), dec!(0))),
            "above zero",
        ),
        (
            "negative Paywall refund",
            refund(paywall, paywall_refund(id("3100001"), dec!(-2))),
            "above zero",
        ),
        (
            "Paywall refund without the payment's date",
            refund(
                paywall,
                RefundRequest::partial(RefundTarget::Payment(reference("o-1")), dec!(1)),
            ),
            "date",
        ),
        (
            "Paywall refund of an item",
            refund(
                paywall,
                RefundRequest::full(RefundTarget::Item(ItemId::new("1"))),
            ),
            "not breakdown items",
        ),
        (
            "storage marker with ..",
            Box::pin(async { p.orders()?.create_order(&order("..", 1)).await.map(drop) }),
            "order storage marker",
        ),
        (
            "storage marker with /",
            Box::pin(async { p.orders()?.list_orders("a/b", size(5)).await.map(drop) }),
            "order storage marker",
        ),
        (
            "storage marker with %2F",
            Box::pin(async {
                p.orders()?
                    .order("a%2Fb", &OrderId::new("1"))
                    .await
                    .map(drop)
            }),
            "order storage marker",
        ),
        (
            "order without products",
            Box::pin(async {
                let mut o = order("orders", 1);
                o.lines.clear();
                p.orders()?.create_order(&o).await.map(drop)
            }),
            "at least one product",
        ),
        (
            "zero quantity",
            Box::pin(async {
                p.orders()?
                    .create_order(&order("orders", 0))
                    .await
                    .map(drop)
            }),
            "quantity of product 14 must be above zero",
        ),
        (
            "non-numeric order id",
            Box::pin(async {
                p.orders()?
                    .order("orders", &OrderId::new("89a"))
                    .await
                    .map(drop)
            }),
            "ids are numbers",
        ),
        (
            "session for a non-numeric order",
            Box::pin(async {
                let new = NewSession::checkout(OrderId::new("x"));
                p.sessions()?.create_session(&new).await.map(drop)
            }),
            "ids are numbers",
        ),
        (
            "empty session id",
            Box::pin(async { p.sessions()?.session(&SessionId::new("")).await.map(drop) }),
            "session id is empty",
        ),
    ];

    let mut wrong = Vec::new();
    for (input, call, says) in table {
        match call.await {
            Ok(()) => wrong.push(format!("{input}: accepted")),
            Err(e) if e.kind != ErrorKind::InvalidRequest => {
                wrong.push(format!("{input}: {:?} (a request went out?): {e}", e.kind))
            }
            Err(e) if !e.message.contains(says) => {
                wrong.push(format!("{input}: `{e}` does not say `{says}`"))
            }
            Err(_) => {}
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// The edges of each rule are accepted: these reach the network (unavailable: nothing
/// listens at the address), so no check refuses more than it should.
#[tokio::test]
async fn inputs_at_the_edges_are_sent() {
    let p = facade();
    let size = |n| PageRequest::first(NonZeroU32::new(n).unwrap());
    let table: Vec<(&str, Call<'_>)> = vec![
        (
            "page size of exactly 1,000",
            Box::pin(async { p.bulk()?.bulk_page("batch", size(1000)).await.map(drop) }),
        ),
        (
            "storage marker with `_` and `-`",
            Box::pin(async {
                p.orders()?
                    .list_orders("my_orders-2", size(5))
                    .await
                    .map(drop)
            }),
        ),
        (
            "largest payment id",
            Box::pin(async {
                p.lookup(Provider::Craftgate)?
                    .payment(&PaymentRef::Id(PaymentId::new(i64::MAX.to_string())))
                    .await
                    .map(drop)
            }),
        ),
        (
            "smallest refund",
            Box::pin(async {
                let request =
                    RefundRequest::partial(RefundTarget::Item(ItemId::new("1")), dec!(0.01));
                p.refunds(Provider::Craftgate)?
                    .refund(&request)
                    .await
                    .map(drop)
            }),
        ),
    ];
    let mut wrong = Vec::new();
    for (input, call) in table {
        match call.await {
            Err(e) if e.kind == ErrorKind::Unavailable => {}
            other => wrong.push(format!("{input}: {other:?}")),
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

/// Currency codes are typed: a value that is not three ASCII letters never becomes one.
#[test]
fn currency_codes_are_three_letters() {
    for bad in ["", "US", "USDD", "U$D", "ÜSD", "U D", "12A"] {
        let err = payments::Currency::new(bad).unwrap_err();
        assert!(
            err.to_string().contains("is not an ISO 4217 currency code"),
            "{bad:?}: {err}"
        );
        assert!(payments::Money::new(dec!(1), bad).is_err(), "{bad:?}");
    }
    assert_eq!(payments::Currency::new(" try ").unwrap().as_str(), "TRY");
}

#[test]
fn an_auth_marker_with_path_characters_is_a_configuration_error() {
    for marker in ["a/b", "..", "%2F"] {
        let mut oneentry = OneEntrySettings::new(closed());
        oneentry.client.auth_provider_marker = marker.into();
        let err = Payments::new(PaymentsConfig {
            oneentry: Some(oneentry),
            ..PaymentsConfig::default()
        })
        .unwrap_err();
        assert!(
            err.to_string().contains("auth provider marker"),
            "{marker}: {err}"
        );
    }
}
