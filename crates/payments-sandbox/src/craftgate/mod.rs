//! The fake Craftgate: signed requests, payment reporting, card payment retrieval and
//! refunds (docs/providers/craftgate.md).

mod auth;
mod demo;
mod error;
mod format;
mod idempotency;
mod model;
mod payment;
mod query;
mod refunds;
mod render;
mod reporting;
mod request;
mod shared;
mod signature;
mod webhook;

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::middleware;
use axum::routing::{get, post};

use crate::clock::SandboxClock;
use crate::counter::Counter;
use crate::push::Hub;
use crate::trigger::{TriggerError, Triggered};
use crate::util::random_alnum;
use error::CgError;
use model::State;
use shared::Shared;

/// Test controls and counters of the fake Craftgate.
///
/// Behaviour, with the sections of docs/providers/craftgate.md it follows:
/// - Every request needs `x-api-key`, `x-rnd-key`, `x-auth-version` (`v1`, `V1` or `1`) and
///   `x-signature` = Base64(SHA-256(decoded full URL + apiKey + secretKey + rnd + body))
///   (docs/providers/craftgate.md#headers, docs/providers/craftgate.md#signing). The full URL is
///   `http://` + the `Host` the client addressed + the path and query exactly as sent,
///   percent-decoded as UTF-8 (`+` stays `+`); the body is the exact
///   bytes received (nothing for a GET). A missing header, an unknown API key, another auth
///   version or a wrong signature is HTTP 401 `{"errors":{"errorCode":"1","errorDescription":
///   ...}}`, the signature case with the DOCS text `"Signature is not equal!"`.
/// - Other errors: HTTP 400 code `"2"` (bad input, refunds the payment does not allow), 404
///   code `"3"` (unknown payment, item, refund or route), 405 code `"2"`. `errorGroup` only
///   appears inside a failed payment's `paymentError`.
/// - Success is `{"data": ...}`; lists are `{"data":{"items":[...]}}`, searches add `page`
///   (0-based, default 0), `size` (default 10, at most 1000) and `totalSize`, newest first.
///   Date-times are zone-less Istanbul wall-clock time (UTC+3, read from the sandbox's
///   [`SandboxClock`](crate::SandboxClock); docs/providers/craftgate.md#time-zone); money and
///   rates are JSON numbers with 8 decimals.
/// - `POST /payment/v1/refunds` refunds everything left: on the payment day with nothing
///   refunded yet (the payment's Istanbul calendar day, not UTC's) it is a `CANCEL` (with an
///   `id`), otherwise a `REFUND` made of item refunds
///   (no `id`). `POST /payment/v1/refund-transactions` refunds part or the rest of one item.
///   Both move `refundablePrice` and `refundStatus` (NOT_REFUNDED → PARTIAL_REFUNDED →
///   FULLY_REFUNDED; NO_REFUND for a failed payment). Payouts are not recomputed.
///   The `mark-as-refunded` calls are not served.
/// - `x-idempotency-key` (not signed) on a `POST`, `PATCH` or `DELETE`: a request whose key
///   was already seen with the same method and path is not handled again; it gets the
///   stored answer (status, headers, body) of the first one, so a refund retried with its
///   key happens once (docs/providers/craftgate.md#idempotency-key). A key reused with
///   another body also gets the first answer (the docs are silent; the sandbox's choice).
///   A request arriving while the first with its key is still handled waits for it. The
///   last 10,000 keys are remembered; an older one is forgotten. Requests without the
///   header are handled as always. [`CraftgateControl::idempotent_replays`] counts the
///   replays.
#[derive(Clone, Debug)]
pub struct CraftgateControl {
    shared: Arc<Shared>,
}

impl CraftgateControl {
    /// A fresh merchant with the demo data of [`crate::seed::craftgate`] and random keys, on
    /// `clock` read as Istanbul time.
    pub(crate) fn seeded(clock: &SandboxClock, hub: Arc<Hub>) -> Self {
        Self {
            shared: Arc::new(Shared {
                api_key: format!("sandbox-api-key-{}", random_alnum(24)),
                secret_key: format!("sandbox-secret-key-{}", random_alnum(32)),
                state: Mutex::new(State::seeded(clock.istanbul())),
                rejected: Counter::default(),
                idempotency: Arc::default(),
                webhook_key: format!("sandbox-webhook-key-{}", random_alnum(32)),
                hub,
            }),
        }
    }

    pub(crate) fn shared(&self) -> Arc<Shared> {
        Arc::clone(&self.shared)
    }

    pub(crate) fn api_key(&self) -> &str {
        &self.shared.api_key
    }

    pub(crate) fn secret_key(&self) -> &str {
        &self.shared.secret_key
    }

    pub(crate) fn webhook_key(&self) -> &str {
        &self.shared.webhook_key
    }

    /// Books a refund of what is left of `payment` (as `POST /payment/v1/refunds` with
    /// `refundDestinationType` `PROVIDER`) and pushes its webhooks.
    pub(crate) fn refund_payment_now(&self, payment: i64) -> Result<Triggered, TriggerError> {
        let (answer, deliveries) = self
            .shared
            .book_refund(|state| state.refund_payment(payment, "PROVIDER", None))
            .map_err(CgError::into_trigger)?;
        Ok(Triggered {
            summary: format!("refunded payment {payment}: {}", describe(&answer)),
            deliveries,
        })
    }

    /// Books a refund of `amount` (or the rest) of payment item `item` (as `POST
    /// /payment/v1/refund-transactions`) and pushes its webhook.
    pub(crate) fn refund_item_now(
        &self,
        item: i64,
        amount: Option<rust_decimal::Decimal>,
    ) -> Result<Triggered, TriggerError> {
        if let Some(amount) = amount.filter(|a| !refunds::is_refund_price(*a)) {
            return Err(TriggerError::Invalid(format!(
                "the amount must be positive with at most 8 decimals, not {amount}"
            )));
        }
        let (answer, deliveries) = self
            .shared
            .book_refund(|state| state.refund_transaction(item, amount, "PROVIDER", None))
            .map_err(CgError::into_trigger)?;
        Ok(Triggered {
            summary: format!("refunded payment item {item}: {}", describe(&answer)),
            deliveries,
        })
    }

    /// Requests refused for a missing header, an unknown API key, an unsupported auth
    /// version or a wrong signature.
    pub fn rejected_signatures(&self) -> u64 {
        self.shared.rejected.get()
    }

    /// Requests answered with the stored answer of an earlier request with the same
    /// `x-idempotency-key` (same method and path) instead of being handled.
    pub fn idempotent_replays(&self) -> u64 {
        self.shared.idempotency.replayed()
    }
}

/// What a refund answer booked, in a few words (`CANCEL 3001 of 59.9`, `item refunds 4001, 4002`).
fn describe(answer: &serde_json::Value) -> String {
    webhook::refund_events(answer)
        .into_iter()
        .map(|(event, id)| match event {
            "REFUND" => format!("payment refund {id}"),
            _ => format!("item refund {id}"),
        })
        .collect::<Vec<_>>()
        .join(", ")
}

async fn not_found() -> CgError {
    CgError::not_found("Not found")
}

async fn method_not_allowed() -> CgError {
    CgError::method_not_allowed()
}

/// The routes of docs/providers/craftgate.md#operations.
pub(crate) fn router(shared: Arc<Shared>) -> Router {
    const REPORTING: &str = "/payment-reporting/v1";
    Router::new()
        .route(
            &format!("{REPORTING}/payments"),
            get(reporting::search_payments),
        )
        .route(
            &format!("{REPORTING}/payments/{{id}}"),
            get(reporting::payment),
        )
        .route(
            &format!("{REPORTING}/payments/{{id}}/transactions"),
            get(reporting::transactions),
        )
        .route(
            &format!("{REPORTING}/payments/{{id}}/refunds"),
            get(reporting::payment_refunds),
        )
        .route(
            &format!("{REPORTING}/payments/{{id}}/transactions/{{tx}}/refunds"),
            get(reporting::transaction_refunds),
        )
        .route(
            &format!("{REPORTING}/refunds"),
            get(reporting::search_refunds),
        )
        .route(
            &format!("{REPORTING}/refund-transactions"),
            get(reporting::search_transaction_refunds),
        )
        .route("/payment/v1/card-payments/{id}", get(payment::card_payment))
        .route("/payment/v1/refunds", post(payment::refund))
        .route("/payment/v1/refunds/{id}", get(payment::get_refund))
        .route(
            "/payment/v1/refund-transactions",
            post(payment::refund_transaction),
        )
        .route(
            "/payment/v1/refund-transactions/{id}",
            get(payment::get_transaction_refund),
        )
        // Inside the signature check, before the fallbacks: counts handler runs only.
        .route_layer(middleware::from_fn(crate::faults::mark))
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        // Inside the signature check (a refused request stores nothing), outside the
        // routes: a replayed request never reaches its handler nor `mark`.
        .layer(middleware::from_fn_with_state(
            Arc::clone(&shared.idempotency),
            idempotency::replay,
        ))
        .layer(middleware::from_fn_with_state(
            Arc::clone(&shared),
            auth::gate,
        ))
        .with_state(shared)
}
