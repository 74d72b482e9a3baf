//! The fake Paywall: PaymentAPI (bulk payments, public keys) and PaymentPrivateAPI
//! (queries, cancels, refunds, private keys) on separate listeners
//! (docs/providers/paywall.md).

mod auth;
mod bulk;
mod callback;
mod demo;
mod envelope;
mod model;
mod private;
mod refunds;
mod render;
mod request;
mod seeding;
mod shared;

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::Request;
use axum::http::{StatusCode, Uri};
use axum::middleware::{self, Next};
use axum::response::Response;
use axum::routing::{get, post};
use chrono::NaiveDate;

use crate::clock::SandboxClock;
use crate::counter::Counter;
use crate::push::{Hub, parse_url};
use crate::trigger::{BatchSeed, SeededBatch, TriggerError, Triggered};
use crate::util::{lock, random_alnum};
use model::State;
use shared::{KeyPair, Keys, Shared};

/// Test controls and counters of the fake Paywall.
///
/// Behaviour, with the sections of docs/providers/paywall.md it follows:
/// - PaymentAPI serves `payment/bulk/*` under `/api/paywall/` and needs `apikeypublic` +
///   `apiclientpublic`; PaymentPrivateAPI serves `private/*` and needs `apikeyprivate` +
///   `apiclientprivate` (docs/providers/paywall.md#routing-and-keys). A missing header is
///   HTTP 401 `{ErrorCode: 4, Result: false, Message, Body: null}`; a wrong pair (including
///   the other host's pair) is HTTP 401 with `ErrorCode: 401` (Paywall documents no status
///   for auth failures; docs/providers/paywall.md#http-statuses). Routes of one host are unknown
///   on the other: HTTP 404 with an empty body, whatever the keys. Paths match
///   case-insensitively and JSON property names too (ASP.NET).
/// - GET inputs are request headers (`merchantuniquecode`, `pageSize`, `pageNumber`,
///   `paymentid`, `uniquecode`, `trackingcode`; docs/providers/paywall.md#header-inputs). The
///   bulk query and its summary answer the documented un-enveloped form
///   (docs/providers/paywall.md#bulk-query). `pageNumber` starts at 1; without the paging
///   headers the first 1000 payments come back (the older, un-paged form of the page).
///   Summary totals: status 4 is successful; 5, 6 and 7 unsuccessful; 1, 2 and 3 unprocessed.
/// - Business failures are HTTP 200 with `Result: false` and a non-zero `ErrorCode`
///   (docs/providers/paywall.md#business-failures): -1 not found, 1 refused (wrong day, more
///   than was paid, already cancelled, ...), 2 bad or missing input. A body that is not JSON
///   is HTTP 400 (415 without the JSON content type).
/// - `Date` in bodies names the payment day (`yyyy-MM-dd`, a time part is ignored) and must
///   match it. Days are Paywall's business days, counted on Istanbul time (UTC+3; inferred,
///   docs/providers/paywall.md#time-zone) from the sandbox's [`SandboxClock`](crate::SandboxClock),
///   never on UTC's: [`PaywallControl::today`]. Cancelling is allowed on the payment day only,
///   refunding (full, partial, batch) only after it (docs/providers/paywall.md#dates);
///   `revert/by/paymentid` cancels on the payment day when the whole amount is reverted and
///   refunds otherwise. `Scope` after a cancel is 2, after a (partial) refund 3; the seeded
///   batch is dated the previous day.
/// - Bulk cancel/refund take effect at once and answer the documented envelope with a new
///   `BulkPaymentId`; like the real service, each reports by bulk callback once done
///   ([`PushControl`](crate::PushControl)), under its new `BulkPaymentId`. A list cancel or
///   refund becomes a batch of its own (`sandbox-list-<BulkPaymentId>`, queryable with the
///   bulk query) whose callback also goes to its `CallbackUrl` when that is `http://`. Retry
///   answers with the failed payments re-queued but leaves them failed (the sandbox's issuer
///   declines them again). Send-callback accepts batches up to 7 days old and pushes the
///   batch's callback again under the batch's own `BulkPaymentId`. New batches come from
///   [`PaywallControl::seed_batch`] (the seeding API; a bulk start is not in the spec).
#[derive(Clone, Debug)]
pub struct PaywallControl {
    shared: Arc<Shared>,
}

impl PaywallControl {
    /// A fresh merchant with the demo data of [`crate::seed::paywall`] (its batch of
    /// `batch_size` payments) and random key pairs, on `clock` read as Istanbul time.
    pub(crate) fn seeded(clock: &SandboxClock, batch_size: usize, hub: Arc<Hub>) -> Self {
        let pair = |kind: &str| KeyPair {
            key: format!("sandbox-{kind}-key-{}", random_alnum(24)),
            client: format!("sandbox-{kind}-client-{}", random_alnum(24)),
        };
        Self {
            shared: Arc::new(Shared {
                keys: Keys {
                    public: pair("public"),
                    private: pair("private"),
                },
                state: Mutex::new(State::seeded(clock.istanbul(), batch_size)),
                rejected: Counter::default(),
                hash_key: format!("sandbox-hash-key-{}", random_alnum(32)),
                hub,
            }),
        }
    }

    pub(crate) fn hash_key(&self) -> &str {
        &self.shared.hash_key
    }

    /// Makes a batch, as a bulk start would (the seeding API; a bulk start is not in the
    /// spec, docs/providers/paywall.md#bulk-start), and pushes its completion callback to its
    /// callback address and every Paywall endpoint ([`PushControl`](crate::PushControl)).
    ///
    /// Its payments are new: amounts cycle through 1.59, 2.50, 10.00, 0.99 and 25.75, every
    /// 97th is declined, the rest succeed. A size out of 1..=1,000,000, an empty code or a
    /// callback address that is not `http://` is [`TriggerError::Invalid`]; a
    /// `MerchantUniqueCode` already taken is [`TriggerError::Refused`].
    pub fn seed_batch(&self, seed: BatchSeed) -> Result<SeededBatch, TriggerError> {
        let max = crate::seed::paywall::MAX_BULK_PAYMENT_COUNT;
        if !(1..=max).contains(&seed.size) {
            return Err(TriggerError::Invalid(format!(
                "a batch holds 1 to {max} payments, not {}",
                seed.size
            )));
        }
        let callback_url = seed
            .callback_url
            .as_deref()
            .map(parse_url)
            .transpose()
            .map_err(|e| TriggerError::Invalid(e.to_string()))?;
        let mut state = lock(&self.shared.state);
        let code = match seed.merchant_unique_code {
            Some(code) if code.trim().is_empty() => {
                return Err(TriggerError::Invalid(
                    "the MerchantUniqueCode is empty".into(),
                ));
            }
            Some(code) => code,
            None => format!("sandbox-bulk-{}", state.next_bulk_id),
        };
        if state.batch(&code).is_some() {
            return Err(TriggerError::Refused(format!(
                "a batch with MerchantUniqueCode {code} exists already"
            )));
        }
        let batch = state.add_batch(code, seed.size, seed.days_ago, callback_url);
        let deliveries = self
            .shared
            .emit_callback(&state, &batch, batch.bulk_payment_id);
        tracing::info!(batch = %batch.merchant_unique_code, size = seed.size, "sandbox batch seeded");
        Ok(SeededBatch {
            merchant_unique_code: batch.merchant_unique_code,
            bulk_payment_id: batch.bulk_payment_id,
            date: batch.date,
            payment_count: seed.size,
            deliveries,
        })
    }

    /// The batch `code`, whatever its day.
    fn with_batch<T>(
        &self,
        code: &str,
        action: impl FnOnce(&Shared, &mut State, &model::Batch) -> Result<T, envelope::Failure>,
    ) -> Result<T, TriggerError> {
        let mut state = lock(&self.shared.state);
        let batch = state.batch(code).cloned().ok_or_else(|| {
            TriggerError::NotFound(format!("no batch with MerchantUniqueCode {code}"))
        })?;
        action(&self.shared, &mut state, &batch).map_err(envelope::Failure::into_trigger)
    }

    /// Sends batch `code`'s callback again, as `payment/bulk/payment/send/callback` does.
    pub(crate) fn send_callback_now(&self, code: &str) -> Result<Triggered, TriggerError> {
        let deliveries = self.with_batch(code, |shared, state, batch| {
            bulk::resend(shared, state, batch)
        })?;
        Ok(Triggered {
            summary: format!("batch {code}: callback sent again"),
            deliveries,
        })
    }

    /// Cancels batch `code`, as `payment/bulk/payment/cancel` does.
    pub(crate) fn cancel_batch_now(&self, code: &str) -> Result<Triggered, TriggerError> {
        let queued = self.with_batch(code, bulk::cancel_whole)?;
        Ok(Triggered {
            summary: format!(
                "batch {code}: {} payments cancelled (BulkPaymentId {})",
                queued.count, queued.bulk_payment_id
            ),
            deliveries: queued.deliveries,
        })
    }

    /// Refunds batch `code`, as `payment/bulk/payment/refund` does.
    pub(crate) fn refund_batch_now(&self, code: &str) -> Result<Triggered, TriggerError> {
        let queued = self.with_batch(code, bulk::refund_whole)?;
        Ok(Triggered {
            summary: format!(
                "batch {code}: {} payments refunded (BulkPaymentId {})",
                queued.count, queued.bulk_payment_id
            ),
            deliveries: queued.deliveries,
        })
    }

    pub(crate) fn shared(&self) -> Arc<Shared> {
        Arc::clone(&self.shared)
    }

    pub(crate) fn keys(&self) -> &Keys {
        &self.shared.keys
    }

    /// Paywall's calendar day now: the day the sandbox's clock reads in Istanbul (UTC+3,
    /// Paywall's business day as inferred in docs/providers/paywall.md#time-zone), not UTC's.
    /// It is the `Date` of a payment made today, the only day it can be cancelled; refunds
    /// take payments of earlier days.
    pub fn today(&self) -> NaiveDate {
        lock(&self.shared.state).clock.today()
    }

    /// Calls refused for a missing or wrong key pair, on either host.
    pub fn rejected_credentials(&self) -> u64 {
        self.shared.rejected.get()
    }
}

/// Lower-cases the path before routing (ASP.NET routes case-insensitively) and logs.
async fn normalize(mut request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let path = request.uri().path().to_string();
    let lowered = path.to_ascii_lowercase();
    if lowered != path {
        let rebuilt = match request.uri().query() {
            Some(query) => format!("{lowered}?{query}"),
            None => lowered,
        };
        let mut parts = request.uri().clone().into_parts();
        if let Ok(pq) = rebuilt.parse() {
            parts.path_and_query = Some(pq);
            if let Ok(uri) = Uri::from_parts(parts) {
                *request.uri_mut() = uri;
            }
        }
    }
    let response = next.run(request).await;
    tracing::debug!(provider = "paywall", %method, %path, status = response.status().as_u16(), "sandbox request");
    response
}

/// An unknown route (including the other host's routes): 404, empty body.
async fn not_found() -> StatusCode {
    StatusCode::NOT_FOUND
}

/// Wraps `routes` so paths are matched case-insensitively.
fn case_insensitive(routes: Router) -> Router {
    Router::new()
        .fallback_service(routes)
        .layer(middleware::from_fn(normalize))
}

/// PaymentAPI: the bulk endpoints (docs/providers/paywall.md#bulk-query,
/// docs/providers/paywall.md#bulk-operations), public key pair.
pub(crate) fn payment_api_router(shared: Arc<Shared>) -> Router {
    const BULK: &str = "/api/paywall/payment/bulk";
    let routes = Router::new()
        .route(&format!("{BULK}/payment/query"), get(bulk::query))
        .route(&format!("{BULK}/payment/query/summary"), get(bulk::summary))
        .route(&format!("{BULK}/payment/cancel"), post(bulk::cancel_batch))
        .route(&format!("{BULK}/batch/cancel"), post(bulk::cancel_list))
        .route(&format!("{BULK}/payment/refund"), post(bulk::refund_batch))
        .route(&format!("{BULK}/batch/refund"), post(bulk::refund_list))
        .route(&format!("{BULK}/payment/retry"), post(bulk::retry))
        .route(
            &format!("{BULK}/payment/send/callback"),
            post(bulk::send_callback),
        )
        // Inside the key check: counts handler runs only.
        .route_layer(middleware::from_fn(crate::faults::mark))
        .route_layer(middleware::from_fn_with_state(
            Arc::clone(&shared),
            auth::public_gate,
        ))
        .fallback(not_found)
        .with_state(shared);
    case_insensitive(routes)
}

/// PaymentPrivateAPI: single-payment queries, cancels, refunds
/// (docs/providers/paywall.md#single-payments), private key pair.
pub(crate) fn private_api_router(shared: Arc<Shared>) -> Router {
    const PRIVATE: &str = "/api/paywall/private";
    let routes = Router::new()
        .route(&format!("{PRIVATE}/query"), get(private::query))
        .route(
            &format!("{PRIVATE}/query/by/uniquecode"),
            get(private::query_by_unique_code),
        )
        .route(
            &format!("{PRIVATE}/query/by/paymentid"),
            get(private::query_by_payment_id),
        )
        .route(
            &format!("{PRIVATE}/query/by/trackingcode"),
            get(private::query_by_tracking_code),
        )
        .route(&format!("{PRIVATE}/cancel"), post(private::cancel))
        .route(
            &format!("{PRIVATE}/cancel/by/uniquecode"),
            post(private::cancel_by_unique_code),
        )
        .route(&format!("{PRIVATE}/refund"), post(private::refund))
        .route(
            &format!("{PRIVATE}/refund/partial"),
            post(private::refund_partial),
        )
        .route(
            &format!("{PRIVATE}/refund/partial/by/paymentid"),
            post(private::refund_partial_by_payment_id),
        )
        .route(
            &format!("{PRIVATE}/refund/partial/by/uniquecode"),
            post(private::refund_partial_by_unique_code),
        )
        .route(
            &format!("{PRIVATE}/revert/by/paymentid"),
            post(private::revert_by_payment_id),
        )
        // Inside the key check: counts handler runs only.
        .route_layer(middleware::from_fn(crate::faults::mark))
        .route_layer(middleware::from_fn_with_state(
            Arc::clone(&shared),
            auth::private_gate,
        ))
        .fallback(not_found)
        .with_state(shared);
    case_insensitive(routes)
}
