//! The fault matrix: every facade operation under every kind of fault the sandbox injects,
//! against the outcome its safety (read, write, write with an idempotency key) calls for.
//!
//! Each case runs one facade call against a fresh sandbox whose route for that call takes
//! one scripted fault, then checks: the outcome (recovered, or the error kind), how often
//! the effect happened (requests that reached the provider's handler; for Craftgate
//! refunds, the refunds in the sandbox's state), that the route saw at most
//! [`MAX_ATTEMPTS`] requests, that the call ended within [`DEADLINE`], and that nothing
//! panicked. The expectations are data ([`expected`]); the README prints them
//! (`the_readme_prints_this_matrix`, `UPDATE_README=1` rewrites it).

mod common;

use std::num::NonZeroU32;
use std::sync::{Arc, LazyLock};
use std::time::{Duration, Instant};

use http::{Method, StatusCode};
use payments::{
    Credentials, ErrorKind, ItemId, NewOrder, NewSession, OrderId, OrderLine, PageRequest,
    PaymentId, PaymentRef, Payments, PaymentsConfig, PaymentsError, Provider, RefundRequest,
    RefundTarget, Secret, SessionId,
};
use payments_sandbox::{Fault, FaultSpec, Route, Sandbox, SandboxInfo, seed};
use payments_wire::{CallExt, RequestPolicy};
use rust_decimal_macros::dec;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

/// Attempts per call.
const MAX_ATTEMPTS: u32 = 3;
/// Time for one attempt: the delay fault outlasts it.
const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(1);
/// Time for a whole call; every case must end within it.
const DEADLINE: Duration = Duration::from_secs(10);
/// How long the delay fault holds a request.
const DELAY: Duration = Duration::from_secs(2);
/// Cases running at once, each with its own sandbox.
const CONCURRENCY: usize = 16;

/// The request policy every case runs under: short waits, so the matrix runs in seconds.
fn policy() -> RequestPolicy {
    RequestPolicy::default()
        .with_attempt_timeout(ATTEMPT_TIMEOUT)
        .with_deadline(DEADLINE)
        .with_max_attempts(NonZeroU32::new(MAX_ATTEMPTS).expect("not zero"))
        .with_backoff(Duration::from_millis(10), Duration::from_millis(50))
}

// ---------------------------------------------------------------------------------------
// The expectations, as data.

/// How safe it is to send an operation's request again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Safety {
    /// A GET.
    Read,
    /// A POST or PUT without an idempotency key the provider honours.
    Write,
    /// A write carrying an `x-idempotency-key`, the same on every attempt (Craftgate
    /// refunds), which the provider applies once.
    KeyedWrite,
}

impl Safety {
    fn of(method: &Method, keyed: bool) -> Self {
        match (*method == Method::GET, keyed) {
            (true, _) => Safety::Read,
            (false, true) => Safety::KeyedWrite,
            (false, false) => Safety::Write,
        }
    }

    fn label(self) -> &'static str {
        match self {
            Safety::Read => "read",
            Safety::Write => "write",
            Safety::KeyedWrite => "keyed write",
        }
    }

    /// `n` effects of a write of this safety, as the table counts them: `1 refund`,
    /// `0 effects`.
    fn effects(self, n: u64) -> String {
        let noun = match self {
            Safety::KeyedWrite => "refund",
            Safety::Read | Safety::Write => "effect",
        };
        let plural = if n == 1 { "" } else { "s" };
        format!("{n} {noun}{plural}")
    }
}

/// The kinds of fault, one column each.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum FaultKind {
    Unavailable,
    RateLimited,
    Reset,
    ResetAfter,
    Truncate,
    Malformed,
    Delay,
}

const FAULTS: [FaultKind; 7] = [
    FaultKind::Unavailable,
    FaultKind::RateLimited,
    FaultKind::Reset,
    FaultKind::ResetAfter,
    FaultKind::Truncate,
    FaultKind::Malformed,
    FaultKind::Delay,
];

impl FaultKind {
    /// The fault in the sandbox's `--fault` syntax (README "Faults"): the column header.
    fn label(self) -> &'static str {
        match self {
            FaultKind::Unavailable => "503",
            FaultKind::RateLimited => "429:1",
            FaultKind::Reset => "reset",
            FaultKind::ResetAfter => "reset-after",
            FaultKind::Truncate => "truncate",
            FaultKind::Malformed => "malformed",
            FaultKind::Delay => "delay:2",
        }
    }

    fn fault(self) -> Fault {
        match self {
            FaultKind::Unavailable => Fault::status(StatusCode::SERVICE_UNAVAILABLE),
            FaultKind::RateLimited => Fault::rate_limited(1),
            FaultKind::Reset => Fault::ResetBeforeProcessing,
            FaultKind::ResetAfter => Fault::ResetAfterProcessing,
            FaultKind::Truncate => Fault::TruncatedBody,
            FaultKind::Malformed => Fault::MalformedJson,
            FaultKind::Delay => Fault::Delay(DELAY),
        }
    }
}

/// How often the effect of the call may have happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Effects {
    /// A read: not counted.
    NotCounted,
    Exactly(u64),
    AtMost(u64),
}

impl Effects {
    fn allows(self, n: u64) -> bool {
        match self {
            Effects::NotCounted => true,
            Effects::Exactly(m) => n == m,
            Effects::AtMost(m) => n <= m,
        }
    }

    /// `1 refund`, `at most 1 effect`; `None` for a read.
    fn label(self, safety: Safety) -> Option<String> {
        let (prefix, n) = match self {
            Effects::NotCounted => return None,
            Effects::Exactly(n) => ("", n),
            Effects::AtMost(n) => ("at most ", n),
        };
        Some(format!("{prefix}{}", safety.effects(n)))
    }
}

/// What a case must come to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Expected {
    /// The call succeeds (after retries).
    Recovered { effects: Effects },
    /// The call fails with `kind`.
    Failed {
        kind: ErrorKind,
        /// How many requests the route saw, when that is part of the expectation.
        attempts: Option<u64>,
        effects: Effects,
        /// Whether the error carries the request's idempotency key.
        with_key: bool,
    },
}

/// Outcome unknown: never retryable; for a keyed write, with its key.
fn outcome_unknown(effects: Effects, with_key: bool) -> Expected {
    Expected::Failed {
        kind: ErrorKind::OutcomeUnknown,
        attempts: None,
        effects,
        with_key,
    }
}

/// The expectation for an operation of `safety` under `fault`.
fn expected(safety: Safety, fault: FaultKind) -> Expected {
    use Effects::{AtMost, Exactly, NotCounted};
    use FaultKind::*;
    match safety {
        Safety::Read => match fault {
            Malformed => Expected::Failed {
                kind: ErrorKind::UnexpectedResponse,
                attempts: Some(1),
                effects: NotCounted,
                with_key: false,
            },
            Unavailable | RateLimited | Reset | ResetAfter | Truncate | Delay => {
                Expected::Recovered {
                    effects: NotCounted,
                }
            }
        },
        Safety::Write => match fault {
            Unavailable | RateLimited => Expected::Recovered {
                effects: Exactly(1),
            },
            Reset | Malformed => outcome_unknown(Exactly(0), false),
            ResetAfter | Truncate => outcome_unknown(Exactly(1), false),
            Delay => outcome_unknown(AtMost(1), false),
        },
        Safety::KeyedWrite => match fault {
            Unavailable | RateLimited | Reset | ResetAfter | Truncate | Delay => {
                Expected::Recovered {
                    effects: Exactly(1),
                }
            }
            Malformed => outcome_unknown(Exactly(0), true),
        },
    }
}

/// Without a fault every operation succeeds with one request (and a write with one
/// effect): the inputs are valid.
fn unfaulted(safety: Safety) -> Expected {
    Expected::Recovered {
        effects: match safety {
            Safety::Read => Effects::NotCounted,
            Safety::Write | Safety::KeyedWrite => Effects::Exactly(1),
        },
    }
}

/// A table cell: `recovered (1 refund)`, `outcome unknown (0 effects)`, ...
fn cell(safety: Safety, expected: Expected) -> String {
    let (what, effects) = match expected {
        Expected::Recovered { effects } => ("recovered".to_string(), effects),
        Expected::Failed {
            kind,
            attempts,
            effects,
            with_key,
        } => {
            let mut what = match kind {
                ErrorKind::OutcomeUnknown => "outcome unknown".to_string(),
                ErrorKind::UnexpectedResponse => "error: unexpected response".to_string(),
                other => format!("error: {other:?}"),
            };
            if with_key {
                what.push_str(", with the key");
            }
            if let Some(n) = attempts {
                let plural = if n == 1 { "" } else { "s" };
                what.push_str(&format!(" after {n} attempt{plural}"));
            }
            (what, effects)
        }
    };
    match effects.label(safety) {
        Some(effects) => format!("{what} ({effects})"),
        None => what,
    }
}

// ---------------------------------------------------------------------------------------
// The operations.

/// Every facade operation the matrix covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Op {
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

const OPS: [Op; 21] = [
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
const REFUND_ITEM: i64 = seed::craftgate::PAYMENT_TRANSACTION_IDS[0];

impl Op {
    /// The operation as the README names it.
    fn name(self) -> &'static str {
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
    fn route(self) -> Route {
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
    fn keyed(self) -> bool {
        matches!(self, Op::CraftgateRefundPayment | Op::CraftgateRefundItem)
    }

    fn safety(self) -> Safety {
        Safety::of(self.route().method(), self.keyed())
    }

    fn provider(self) -> Provider {
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

fn size(n: u32) -> NonZeroU32 {
    NonZeroU32::new(n).expect("not zero")
}

fn credentials(info: &SandboxInfo) -> Credentials {
    Credentials {
        login: info.oneentry.login.clone(),
        password: Secret::new(info.oneentry.password.clone()),
    }
}

fn new_order(info: &SandboxInfo) -> NewOrder {
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

/// The day the sandbox dates its previous-day Paywall payment (UTC).
fn yesterday() -> chrono::NaiveDate {
    chrono::Utc::now()
        .date_naive()
        .pred_opt()
        .expect("a previous day")
}

fn paywall_refund(target: PaymentRef, amount: Option<rust_decimal::Decimal>) -> RefundRequest {
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
struct Prepared {
    order: Option<OrderId>,
}

/// The unfaulted calls an operation needs first: OneEntry signs the demo user in; a
/// session needs an order.
async fn prepare(op: Op, payments: &Payments, info: &SandboxInfo) -> Prepared {
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
struct Done {
    /// A refund's idempotency key.
    idempotency_key: Option<String>,
}

fn done<T>(result: Result<T, PaymentsError>) -> Result<Done, PaymentsError> {
    result.map(|_| Done {
        idempotency_key: None,
    })
}

fn refunded(result: Result<payments::Refund, PaymentsError>) -> Result<Done, PaymentsError> {
    result.map(|refund| Done {
        idempotency_key: refund.idempotency_key,
    })
}

/// The operation's one facade call.
async fn call(
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
async fn effects(op: Op, sandbox: &Sandbox, payments: &Payments) -> u64 {
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

// ---------------------------------------------------------------------------------------
// Running a case.

/// One cell of the matrix, or (`fault: None`) an operation's unfaulted control run.
#[derive(Clone, Copy, Debug)]
struct Case {
    op: Op,
    fault: Option<FaultKind>,
}

impl Case {
    fn expected(self) -> Expected {
        match self.fault {
            Some(fault) => expected(self.op.safety(), fault),
            None => unfaulted(self.op.safety()),
        }
    }

    fn describe(self) -> String {
        let fault = self.fault.map_or("no fault", FaultKind::label);
        format!(
            "{} ({}, {}) × `{fault}`",
            self.op.name(),
            self.op.safety().label(),
            self.op.route()
        )
    }
}

/// What a case came to.
struct Observed {
    result: Result<Done, PaymentsError>,
    /// Requests on the route during the call.
    attempts: u64,
    /// Effects of the call (`None` for a read).
    effects: Option<u64>,
    /// Faults left unused on the route.
    faults_left: usize,
    elapsed: Duration,
    /// For a keyed write: requests that reached the handler, and idempotent replays.
    keyed: Option<(u64, u64)>,
}

/// A facade for `provider` alone, under [`policy`].
///
/// Building one costs about 50 ms of CPU per provider (each client's HTTP client loads
/// the platform's root certificates), most of the matrix's CPU time: builds run off the
/// async workers, leaving a core to the calls being timed, so a busy machine does not
/// turn a one-second attempt timeout into a false failure.
async fn facade(provider: Provider, info: &SandboxInfo) -> Payments {
    static BUILDS: LazyLock<Semaphore> = LazyLock::new(|| {
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        Semaphore::new(cores.saturating_sub(1).max(1))
    });
    let all = common::config(info);
    let config = PaymentsConfig {
        oneentry: all.oneentry.filter(|_| provider == Provider::OneEntry),
        paywall: all.paywall.filter(|_| provider == Provider::Paywall),
        craftgate: all.craftgate.filter(|_| provider == Provider::Craftgate),
        policy: policy(),
    };
    let _one_at_a_time = BUILDS.acquire().await.expect("the semaphore is open");
    tokio::task::spawn_blocking(move || Payments::new(config))
        .await
        .expect("the build does not panic")
        .expect("the facade builds")
}

async fn observe(case: Case) -> Observed {
    let op = case.op;
    let route = op.route();
    let sandbox = Sandbox::start().await.expect("the sandbox starts");
    let info = sandbox.info().clone();
    let payments = facade(op.provider(), &info).await;
    let prepared = prepare(op, &payments, &info).await;
    let counted = op.safety() != Safety::Read;
    let effects_before = if counted {
        effects(op, &sandbox, &payments).await
    } else {
        0
    };
    let handled_before = sandbox.faults().handled(&route);
    let replays_before = sandbox.craftgate().idempotent_replays();
    let attempts_before = sandbox.faults().attempts(&route);
    if let Some(fault) = case.fault {
        sandbox.faults().script(route.clone(), [fault.fault()]);
    }

    let started = Instant::now();
    let result = call(op, &payments, &info, &prepared).await;
    let elapsed = started.elapsed();

    // A delayed request the client gave up on may still reach the handler when its delay
    // ends (unless the server cancelled it): count effects after that.
    if counted && case.fault == Some(FaultKind::Delay) {
        tokio::time::sleep_until((started + DELAY + Duration::from_millis(300)).into()).await;
    }
    let attempts = sandbox.faults().attempts(&route) - attempts_before;
    let effects = if counted {
        Some(effects(op, &sandbox, &payments).await - effects_before)
    } else {
        None
    };
    let keyed = op.keyed().then(|| {
        (
            sandbox.faults().handled(&route) - handled_before,
            sandbox.craftgate().idempotent_replays() - replays_before,
        )
    });
    let faults_left = sandbox.faults().remaining(&route);
    // Dropping stops the listeners; a request still held by a fault finishes on its own.
    drop(sandbox);
    Observed {
        result,
        attempts,
        effects,
        faults_left,
        elapsed,
        keyed,
    }
}

/// What is wrong with `observed` against `expected`; empty when the case passes.
fn check(case: Case, expected: Expected, observed: &Observed) -> Vec<String> {
    let mut wrong = Vec::new();
    if observed.faults_left != 0 {
        wrong.push("the fault was never taken: the call did not use the route".to_string());
    }
    if observed.attempts > u64::from(MAX_ATTEMPTS) {
        wrong.push(format!(
            "{} attempts, more than {MAX_ATTEMPTS}",
            observed.attempts
        ));
    }
    if case.fault.is_none() && observed.attempts != 1 {
        wrong.push(format!("{} attempts without a fault", observed.attempts));
    }
    if observed.elapsed >= DEADLINE {
        wrong.push(format!(
            "took {:.2} s, not under {DEADLINE:?}",
            observed.elapsed.as_secs_f64()
        ));
    }
    let effects = match expected {
        Expected::Recovered { effects } => {
            match &observed.result {
                Ok(done) => {
                    if case.op.keyed() && done.idempotency_key.is_none() {
                        wrong.push("the refund does not carry its idempotency key".into());
                    }
                }
                Err(e) => wrong.push(format!("failed: {}", describe_error(e))),
            }
            effects
        }
        Expected::Failed {
            kind,
            attempts,
            effects,
            with_key,
        } => {
            match &observed.result {
                Ok(_) => wrong.push(format!("succeeded, expected an error of kind {kind:?}")),
                Err(e) => {
                    if e.kind != kind {
                        wrong.push(format!(
                            "expected an error of kind {kind:?}, got {}",
                            describe_error(e)
                        ));
                    }
                    if kind == ErrorKind::OutcomeUnknown && e.is_retryable() {
                        wrong.push("an unknown outcome reported as retryable".into());
                    }
                    if with_key && e.idempotency_key.is_none() {
                        wrong.push(format!(
                            "the error does not carry the idempotency key: {}",
                            describe_error(e)
                        ));
                    }
                }
            }
            if let Some(n) = attempts
                && observed.attempts != n
            {
                wrong.push(format!("{} attempts, expected {n}", observed.attempts));
            }
            effects
        }
    };
    if let Some(n) = observed.effects
        && !effects.allows(n)
    {
        let safety = case.op.safety();
        let mut text = format!(
            "{}, expected {}",
            safety.effects(n),
            effects.label(safety).unwrap_or_default()
        );
        if let Some((handled, replays)) = observed.keyed {
            text.push_str(&format!(
                " (requests handled: {handled}, idempotent replays: {replays})"
            ));
        }
        wrong.push(text);
    }
    wrong
}

fn describe_error(e: &PaymentsError) -> String {
    let mut text = format!("{:?}: {e}", e.kind);
    if let Some(key) = &e.idempotency_key {
        text.push_str(&format!(" [key {key}]"));
    }
    text
}

/// A case's report: a line naming it and what went wrong, if anything.
struct Report {
    case: Case,
    elapsed: Option<Duration>,
    wrong: Vec<String>,
}

async fn run(case: Case) -> Report {
    // In a task of its own, so a panic is reported as this case's failure.
    match tokio::spawn(observe(case)).await {
        Ok(observed) => Report {
            case,
            elapsed: Some(observed.elapsed),
            wrong: check(case, case.expected(), &observed),
        },
        Err(e) => {
            let why = match e.try_into_panic() {
                Ok(panic) => panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_else(|| "a panic".into()),
                Err(e) => e.to_string(),
            };
            Report {
                case,
                elapsed: None,
                wrong: vec![format!("panicked: {why}")],
            }
        }
    }
}

/// Every operation under every fault, plus each operation once without one.
fn cases() -> Vec<Case> {
    OPS.iter()
        .flat_map(|&op| {
            std::iter::once(None)
                .chain(FAULTS.iter().copied().map(Some))
                .map(move |fault| Case { op, fault })
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn every_operation_under_every_fault() {
    let started = Instant::now();
    let limit = Arc::new(Semaphore::new(CONCURRENCY));
    let mut set = JoinSet::new();
    for case in cases() {
        let limit = Arc::clone(&limit);
        set.spawn(async move {
            let _permit = limit.acquire_owned().await.expect("the semaphore is open");
            run(case).await
        });
    }
    let mut reports = Vec::new();
    while let Some(report) = set.join_next().await {
        reports.push(report.expect("the runner task does not panic"));
    }
    let total = started.elapsed();
    let slowest = reports
        .iter()
        .filter_map(|r| r.elapsed.map(|e| (e, r.case)))
        .max_by_key(|(e, _)| *e);
    println!(
        "fault matrix: {} cases in {:.1} s",
        reports.len(),
        total.as_secs_f64()
    );
    if let Some((elapsed, case)) = slowest {
        println!(
            "slowest call: {:.2} s, {}",
            elapsed.as_secs_f64(),
            case.describe()
        );
    }

    // In matrix order, so the list reads like the table.
    let position = |case: Case| {
        let op = OPS.iter().position(|&o| o == case.op).unwrap_or(0);
        let fault = case
            .fault
            .and_then(|f| FAULTS.iter().position(|&g| g == f))
            .map_or(0, |i| i + 1);
        (op, fault)
    };
    reports.sort_by_key(|r| position(r.case));
    let failures: Vec<String> = reports
        .iter()
        .filter(|r| !r.wrong.is_empty())
        .map(|r| {
            format!(
                "- {}: expected {}; {}",
                r.case.describe(),
                cell(r.case.op.safety(), r.case.expected()),
                r.wrong.join("; ")
            )
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases did not meet the expectation:\n{}",
        failures.len(),
        reports.len(),
        failures.join("\n")
    );
}

// ---------------------------------------------------------------------------------------
// The README table.

/// The matrix as the README prints it: one row per operation, one column per fault.
fn readme_table() -> String {
    let mut table = String::from("| operation | request | safety |");
    for fault in FAULTS {
        table.push_str(&format!(" `{}` |", fault.label()));
    }
    table.push_str("\n|---|---|---|");
    table.push_str(&"---|".repeat(FAULTS.len()));
    table.push('\n');
    for op in OPS {
        let safety = op.safety();
        table.push_str(&format!(
            "| {} | `{}` | {} |",
            op.name(),
            op.route(),
            safety.label()
        ));
        for fault in FAULTS {
            table.push_str(&format!(" {} |", cell(safety, expected(safety, fault))));
        }
        table.push('\n');
    }
    table
}

/// The README prints the matrix this test checks; `UPDATE_README=1 cargo test -p payments
/// --test fault_matrix` rewrites it.
#[test]
fn the_readme_prints_this_matrix() {
    // The column headers are the faults in the sandbox's `--fault` syntax.
    for fault in FAULTS {
        let spec: FaultSpec = format!("GET /x={}", fault.label())
            .parse()
            .expect("a fault spec");
        assert_eq!(spec.faults, [fault.fault()], "{}", fault.label());
    }
    let readme = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../README.md");
    payments_wire::__test_support::check_readme_section(&readme, "fault-matrix", &readme_table());
}
