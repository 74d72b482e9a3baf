//! The operations: every facade call the matrix covers, its route, inputs and effects.

use std::num::NonZeroU32;

use http::Method;
use payments::{
    Credentials, ItemId, NewOrder, NewSession, OrderId, OrderLine, PageRequest, PaymentId,
    PaymentRef, Payments, PaymentsError, Provider, RefundRequest, RefundTarget, Secret, SessionId,
};
use payments_sandbox::{Route, Sandbox, SandboxInfo, seed};
use payments_wire::CallExt;
use rust_decimal_macros::dec;

use crate::*;

/// Every facade operation the matrix covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Op {
    SignIn,
    CreateOrder,
    Order,
    ListOrders,
    CreateSession,
    Session,
    SessionsForOrder,
    ListSessions,
    SignOut,
    PaywallPaymentByReference,
    PaywallPaymentById,
    BulkPage,
    BulkSummary,
    PaywallRefundFullByReference,
    PaywallRefundPartialByReference,
    PaywallRevertById,
    PaywallRefundPartialById,
    CraftgatePayment,
    Breakdown,
    CraftgateRefundPayment,
    CraftgateRefundItem,
}

pub(crate) const OPS: [Op; 21] = [
    Op::SignIn,
    Op::CreateOrder,
    Op::Order,
    Op::ListOrders,
    Op::CreateSession,
    Op::Session,
    Op::SessionsForOrder,
    Op::ListSessions,
    Op::SignOut,
    Op::PaywallPaymentByReference,
    Op::PaywallPaymentById,
    Op::BulkPage,
    Op::BulkSummary,
    Op::PaywallRefundFullByReference,
    Op::PaywallRefundPartialByReference,
    Op::PaywallRevertById,
    Op::PaywallRefundPartialById,
    Op::CraftgatePayment,
    Op::Breakdown,
    Op::CraftgateRefundPayment,
    Op::CraftgateRefundItem,
];

/// The Craftgate item the item refund refunds (not refunded yet, 40.00 refundable).
pub(crate) const REFUND_ITEM: i64 = seed::craftgate::PAYMENT_TRANSACTION_IDS[0];

impl Op {
    /// The operation as the README names it.
    pub(crate) fn name(self) -> &'static str {
        match self {
            Op::SignIn => "OneEntry `sign_in`",
            Op::CreateOrder => "OneEntry `create_order`",
            Op::Order => "OneEntry `order`",
            Op::ListOrders => "OneEntry `list_orders`",
            Op::CreateSession => "OneEntry `create_session`",
            Op::Session => "OneEntry `session`",
            Op::SessionsForOrder => "OneEntry `sessions_for_order`",
            Op::ListSessions => "OneEntry `list_sessions`",
            Op::SignOut => "OneEntry `sign_out`",
            Op::PaywallPaymentByReference => "Paywall `payment` by merchant reference",
            Op::PaywallPaymentById => "Paywall `payment` by id",
            Op::BulkPage => "Paywall `bulk_page`",
            Op::BulkSummary => "Paywall `bulk_summary`",
            Op::PaywallRefundFullByReference => "Paywall `refund`: full, by reference",
            Op::PaywallRefundPartialByReference => "Paywall `refund`: partial, by reference",
            Op::PaywallRevertById => "Paywall `refund`: full revert, by id",
            Op::PaywallRefundPartialById => "Paywall `refund`: partial, by id",
            Op::CraftgatePayment => "Craftgate `payment` by id",
            Op::Breakdown => "Craftgate `breakdown`",
            Op::CraftgateRefundPayment => "Craftgate `refund` of a whole payment",
            Op::CraftgateRefundItem => "Craftgate `refund` of one breakdown item",
        }
    }

    /// The method and path pattern of the operation's one request: the route the fault
    /// is scripted on.
    pub(crate) fn route(self) -> Route {
        let (method, pattern) = match self {
            Op::SignIn => (
                Method::POST,
                "/api/content/users-auth-providers/marker/*/users/auth",
            ),
            Op::CreateOrder => (Method::POST, "/api/content/orders-storage/marker/*/orders"),
            Op::Order => (Method::GET, "/api/content/orders-storage/marker/*/orders/*"),
            Op::ListOrders => (Method::GET, "/api/content/orders-storage/marker/*/orders"),
            Op::CreateSession => (Method::POST, "/api/content/payments/sessions"),
            Op::Session => (Method::GET, "/api/content/payments/sessions/*"),
            Op::SessionsForOrder => (Method::GET, "/api/content/payments/sessions/order/*"),
            Op::ListSessions => (Method::GET, "/api/content/payments/sessions/"),
            Op::SignOut => (
                Method::POST,
                "/api/content/users-auth-providers/marker/*/users/logout",
            ),
            Op::PaywallPaymentByReference => (Method::GET, "/api/paywall/private/query"),
            Op::PaywallPaymentById => (Method::GET, "/api/paywall/private/query/by/paymentid"),
            Op::BulkPage => (Method::GET, "/api/paywall/payment/bulk/payment/query"),
            Op::BulkSummary => (
                Method::GET,
                "/api/paywall/payment/bulk/payment/query/summary",
            ),
            Op::PaywallRefundFullByReference => (Method::POST, "/api/paywall/private/refund"),
            Op::PaywallRefundPartialByReference => {
                (Method::POST, "/api/paywall/private/refund/partial")
            }
            Op::PaywallRevertById => (Method::POST, "/api/paywall/private/revert/by/paymentid"),
            Op::PaywallRefundPartialById => (
                Method::POST,
                "/api/paywall/private/refund/partial/by/paymentid",
            ),
            Op::CraftgatePayment => (Method::GET, "/payment-reporting/v1/payments/*"),
            Op::Breakdown => (Method::GET, "/payment-reporting/v1/payments/*/transactions"),
            Op::CraftgateRefundPayment => (Method::POST, "/payment/v1/refunds"),
            Op::CraftgateRefundItem => (Method::POST, "/payment/v1/refund-transactions"),
        };
        Route::new(method, pattern)
    }

    /// Whether the request carries an idempotency key the provider honours.
    pub(crate) fn keyed(self) -> bool {
        matches!(self, Op::CraftgateRefundPayment | Op::CraftgateRefundItem)
    }

    pub(crate) fn safety(self) -> Safety {
        Safety::of(self.route().method(), self.keyed())
    }

    pub(crate) fn provider(self) -> Provider {
        match self {
            Op::SignIn
            | Op::CreateOrder
            | Op::Order
            | Op::ListOrders
            | Op::CreateSession
            | Op::Session
            | Op::SessionsForOrder
            | Op::ListSessions
            | Op::SignOut => Provider::OneEntry,
            Op::PaywallPaymentByReference
            | Op::PaywallPaymentById
            | Op::BulkPage
            | Op::BulkSummary
            | Op::PaywallRefundFullByReference
            | Op::PaywallRefundPartialByReference
            | Op::PaywallRevertById
            | Op::PaywallRefundPartialById => Provider::Paywall,
            Op::CraftgatePayment
            | Op::Breakdown
            | Op::CraftgateRefundPayment
            | Op::CraftgateRefundItem => Provider::Craftgate,
        }
    }
}

pub(crate) fn size(n: u32) -> NonZeroU32 {
    NonZeroU32::new(n).expect("not zero")
}

pub(crate) fn credentials(info: &SandboxInfo) -> Credentials {
    Credentials {
        login: info.oneentry.login.clone(),
        password: Secret::new(info.oneentry.password.clone()),
    }
}

pub(crate) fn new_order(info: &SandboxInfo) -> NewOrder {
    NewOrder {
        storage: info.oneentry.order_storage_marker.clone(),
        form_identifier: info.oneentry.form_identifier.clone(),
        payment_account: info.oneentry.payment_account_identifier.clone(),
        form_fields: vec![("name".into(), "Christina Thomas".into())],
        lines: vec![OrderLine {
            product_id: info.oneentry.product_id,
            quantity: 1,
        }],
    }
}

/// The day the sandbox dates its previous-day Paywall payment (Paywall's day: Istanbul,
/// UTC+3).
pub(crate) fn yesterday() -> chrono::NaiveDate {
    let istanbul = chrono::FixedOffset::east_opt(3 * 60 * 60).expect("UTC+3");
    chrono::Utc::now()
        .with_timezone(&istanbul)
        .date_naive()
        .pred_opt()
        .expect("a previous day")
}

pub(crate) fn paywall_refund(
    target: PaymentRef,
    amount: Option<rust_decimal::Decimal>,
) -> RefundRequest {
    let target = RefundTarget::Payment(target);
    let request = match amount {
        Some(amount) => RefundRequest::partial(target, amount),
        None => RefundRequest::full(target),
    };
    RefundRequest {
        payment_date: Some(yesterday()),
        ..request
    }
}

/// What a case needs from before the fault: the order a session is opened for.
#[derive(Default)]
pub(crate) struct Prepared {
    pub(crate) order: Option<OrderId>,
}

/// The unfaulted calls an operation needs first: OneEntry signs the demo user in; a
/// session needs an order.
pub(crate) async fn prepare(op: Op, payments: &Payments, info: &SandboxInfo) -> Prepared {
    let mut prepared = Prepared::default();
    if op.provider() == Provider::OneEntry && op != Op::SignIn {
        payments
            .users()
            .expect("OneEntry is configured")
            .sign_in(&credentials(info))
            .await
            .expect("the demo user signs in");
    }
    if op == Op::CreateSession {
        let order = payments
            .orders()
            .expect("OneEntry is configured")
            .create_order(&new_order(info))
            .await
            .expect("an order to open a session for");
        prepared.order = Some(order.id);
    }
    prepared
}

/// What a successful call returned that the checks look at.
pub(crate) struct Done {
    /// A refund's idempotency key.
    pub(crate) idempotency_key: Option<String>,
}

pub(crate) fn done<T>(result: Result<T, PaymentsError>) -> Result<Done, PaymentsError> {
    result.map(|_| Done {
        idempotency_key: None,
    })
}

pub(crate) fn refunded(
    result: Result<payments::Refund, PaymentsError>,
) -> Result<Done, PaymentsError> {
    result.map(|refund| Done {
        idempotency_key: refund.idempotency_key,
    })
}

/// The operation's one facade call.
pub(crate) async fn call(
    op: Op,
    payments: &Payments,
    info: &SandboxInfo,
    prepared: &Prepared,
) -> Result<Done, PaymentsError> {
    use seed::{craftgate as cg, oneentry as oe, paywall as pw};
    let storage = info.oneentry.order_storage_marker.as_str();
    let batch = info.paywall.bulk_merchant_unique_code.as_str();
    match op {
        Op::SignIn => done(payments.users()?.sign_in(&credentials(info)).await),
        Op::CreateOrder => done(payments.orders()?.create_order(&new_order(info)).await),
        Op::Order => done(
            payments
                .orders()?
                .order(storage, &OrderId::from(oe::PAID_ORDER_ID))
                .await,
        ),
        Op::ListOrders => done(
            payments
                .orders()?
                .list_orders(storage, PageRequest::first(size(10)))
                .await,
        ),
        Op::CreateSession => {
            let order = prepared.order.clone().expect("prepared an order");
            done(
                payments
                    .sessions()?
                    .create_session(&NewSession::checkout(order))
                    .await,
            )
        }
        Op::Session => done(
            payments
                .sessions()?
                .session(&SessionId::from(oe::PAID_SESSION_ID))
                .await,
        ),
        Op::SessionsForOrder => done(
            payments
                .sessions()?
                .sessions_for_order(&OrderId::from(oe::PAID_ORDER_ID))
                .await,
        ),
        Op::ListSessions => done(
            payments
                .sessions()?
                .list_sessions(PageRequest::first(size(10)))
                .await,
        ),
        Op::SignOut => done(payments.users()?.sign_out().await),
        Op::PaywallPaymentByReference => done(
            payments
                .lookup(Provider::Paywall)?
                .payment(&PaymentRef::MerchantReference(
                    pw::PREVIOUS_DAY_PAYMENT_CODE.into(),
                ))
                .await,
        ),
        Op::PaywallPaymentById => done(
            payments
                .lookup(Provider::Paywall)?
                .payment(&PaymentRef::Id(PaymentId::from(
                    pw::PREVIOUS_DAY_PAYMENT_ID,
                )))
                .await,
        ),
        Op::BulkPage => done(
            payments
                .bulk()?
                .bulk_page(batch, PageRequest::first(size(10)))
                .await,
        ),
        Op::BulkSummary => done(payments.bulk()?.bulk_summary(batch).await),
        Op::PaywallRefundFullByReference => refunded(
            payments
                .refunds(Provider::Paywall)?
                .refund(&paywall_refund(
                    PaymentRef::MerchantReference(pw::PREVIOUS_DAY_PAYMENT_CODE.into()),
                    None,
                ))
                .await,
        ),
        Op::PaywallRefundPartialByReference => refunded(
            payments
                .refunds(Provider::Paywall)?
                .refund(&paywall_refund(
                    PaymentRef::MerchantReference(pw::PREVIOUS_DAY_PAYMENT_CODE.into()),
                    Some(dec!(10.00)),
                ))
                .await,
        ),
        Op::PaywallRevertById => refunded(
            payments
                .refunds(Provider::Paywall)?
                .refund(&RefundRequest::full(RefundTarget::Payment(PaymentRef::Id(
                    PaymentId::from(pw::PREVIOUS_DAY_PAYMENT_ID),
                ))))
                .await,
        ),
        Op::PaywallRefundPartialById => refunded(
            payments
                .refunds(Provider::Paywall)?
                .refund(&paywall_refund(
                    PaymentRef::Id(PaymentId::from(pw::PREVIOUS_DAY_PAYMENT_ID)),
                    Some(dec!(0.50)),
                ))
                .await,
        ),
        Op::CraftgatePayment => done(
            payments
                .lookup(Provider::Craftgate)?
                .payment(&PaymentRef::Id(PaymentId::from(cg::PAYMENT_ID)))
                .await,
        ),
        Op::Breakdown => done(
            payments
                .breakdowns()?
                .breakdown(&PaymentId::from(cg::PAYMENT_ID))
                .await,
        ),
        Op::CraftgateRefundPayment => refunded(
            payments
                .refunds(Provider::Craftgate)?
                .refund(&RefundRequest::full(RefundTarget::Payment(PaymentRef::Id(
                    PaymentId::from(cg::SAME_DAY_PAYMENT_ID),
                ))))
                .await,
        ),
        Op::CraftgateRefundItem => refunded(
            payments
                .refunds(Provider::Craftgate)?
                .refund(&RefundRequest::partial(
                    RefundTarget::Item(ItemId::new(REFUND_ITEM.to_string())),
                    dec!(10.00),
                ))
                .await,
        ),
    }
}

/// How often the operation's effect has happened so far: for a Craftgate refund, the
/// refunds the sandbox's reporting API lists; for any other write, the requests that
/// reached the handler.
pub(crate) async fn effects(op: Op, sandbox: &Sandbox, payments: &Payments) -> u64 {
    let client = || {
        payments
            .craftgate()
            .expect("Craftgate is configured")
            .client()
    };
    let count = |n: usize| u64::try_from(n).expect("a count");
    match op {
        Op::CraftgateRefundPayment => count(
            client()
                .retrieve_payment_refunds()
                .id(seed::craftgate::SAME_DAY_PAYMENT_ID)
                .send()
                .payload()
                .await
                .expect("the payment's refunds")
                .items
                .len(),
        ),
        Op::CraftgateRefundItem => count(
            client()
                .retrieve_payment_transaction_refunds()
                .payment_id(seed::craftgate::PAYMENT_ID)
                .payment_transaction_id(REFUND_ITEM)
                .send()
                .payload()
                .await
                .expect("the item's refunds")
                .items
                .len(),
        ),
        _ => sandbox.faults().handled(&op.route()),
    }
}
