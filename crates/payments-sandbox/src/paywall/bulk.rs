//! PaymentAPI bulk endpoints: `/api/paywall/payment/bulk/*` (docs/providers/paywall.md#bulk-query,
//! docs/providers/paywall.md#bulk-operations).

use std::sync::Arc;

use axum::Json;
use axum::body::Bytes;
use axum::extract::State as AxumState;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Response};
use chrono::Days;
use serde_json::{Map, Value, json};

use super::envelope::{FAILURE, Failure, INVALID, NOT_FOUND, bulk_ok};
use super::model::{Batch, Payment, State, Totals};
use super::request::{date_field, field, header_input, json_object, required_header, string_field};
use super::shared::Shared;
use crate::util::lock;

/// The bulk query's page size limit (at most 1000; docs/providers/paywall.md#paging).
const MAX_PAGE_SIZE: usize = 1000;
/// Callbacks can be re-sent for batches at most this old
/// (docs/providers/paywall.md#callback-re-send).
const CALLBACK_DAYS: u64 = 7;

/// The `Result` and `Total*` fields of the query and its summary
/// (docs/providers/paywall.md#bulk-query, docs/providers/paywall.md#bulk-summary).
fn totals(totals: &Totals) -> Map<String, Value> {
    let mut map = Map::new();
    map.insert("Result".into(), json!(true));
    for (name, sum) in [
        ("", totals.all),
        ("Success", totals.succeeded),
        ("Unsuccessful", totals.failed),
        ("Unprocessed", totals.unprocessed),
    ] {
        map.insert(format!("Total{name}PaymentCount"), json!(sum.count));
        map.insert(format!("Total{name}PaymentAmount"), json!(sum.amount));
    }
    map
}

/// The batch named by the `merchantuniquecode` header.
fn batch_from_headers<'a>(state: &'a State, headers: &HeaderMap) -> Result<&'a Batch, Failure> {
    let code = required_header(headers, "merchantuniquecode")?;
    state
        .batch(code)
        .ok_or_else(|| Failure::business(NOT_FOUND, "Bulk payment not found"))
}

/// A paging header: an integer in `min..=max`, or `default` when absent.
fn paging_header(
    headers: &HeaderMap,
    name: &str,
    default: usize,
    min: usize,
    max: usize,
) -> Result<usize, Failure> {
    match header_input(headers, name) {
        None => Ok(default),
        Some(raw) => raw
            .parse::<usize>()
            .ok()
            .filter(|v| (min..=max).contains(v))
            .ok_or_else(|| {
                Failure::business(
                    INVALID,
                    format!("The {name} header must be an integer from {min} to {max}"),
                )
            }),
    }
}

/// `GET payment/bulk/payment/query`: one page of the batch's payments with the batch totals,
/// un-enveloped as documented (seed 001; docs/providers/paywall.md#bulk-query).
pub(crate) async fn query(
    AxumState(shared): AxumState<Arc<Shared>>,
    headers: HeaderMap,
) -> Result<Response, Failure> {
    let size = paging_header(&headers, "pageSize", MAX_PAGE_SIZE, 1, MAX_PAGE_SIZE)?;
    let number = paging_header(&headers, "pageNumber", 1, 1, usize::MAX)?;
    let body = {
        let state = lock(&shared.state);
        let batch = batch_from_headers(&state, &headers)?;
        let mut body = totals(&batch.totals);
        body.insert("PageNumber".into(), json!(number));
        body.insert("PageSize".into(), json!(size));
        body.insert(
            "TotalPages".into(),
            json!(batch.totals.all.count.div_ceil(size)),
        );
        // A batch's payments are never removed: its ids page as its payments do.
        let page: Vec<Value> = batch
            .payment_ids
            .iter()
            .skip((number - 1).saturating_mul(size))
            .take(size)
            .filter_map(|id| state.payments.get(id))
            .map(|p| p.bulk_row())
            .collect();
        body.insert("Payments".into(), Value::Array(page));
        body
    };
    // Written out after the lock is released.
    Ok(Json(Value::Object(body)).into_response())
}

/// `GET payment/bulk/payment/query/summary`: the totals without `Payments`
/// (docs/providers/paywall.md#bulk-summary).
pub(crate) async fn summary(
    AxumState(shared): AxumState<Arc<Shared>>,
    headers: HeaderMap,
) -> Result<Response, Failure> {
    let state = lock(&shared.state);
    let batch = batch_from_headers(&state, &headers)?;
    Ok(Json(Value::Object(totals(&batch.totals))).into_response())
}

/// `{Date, MerchantUniqueCode}` naming a batch and its day.
fn dated_batch(state: &State, body: &Map<String, Value>) -> Result<Batch, Failure> {
    let code = string_field(body, "MerchantUniqueCode")?;
    let date = date_field(body, "Date")?;
    let batch = state
        .batch(code)
        .filter(|b| b.date == date)
        .ok_or_else(|| {
            Failure::business(
                NOT_FOUND,
                "No bulk payment with this MerchantUniqueCode on this Date",
            )
        })?;
    Ok(batch.clone())
}

/// A queued bulk operation: its `BulkPaymentId`, how many payments, and the deliveries of
/// its callback.
pub(crate) struct Queued {
    pub(crate) bulk_payment_id: i64,
    pub(crate) count: usize,
    pub(crate) deliveries: Vec<u64>,
}

impl Queued {
    /// Its envelope (the batch cancel example, docs/providers/paywall.md#bulk-cancel).
    fn answer(&self, message: &str) -> Response {
        bulk_ok(
            message,
            json!({ "Result": true, "BulkPaymentId": self.bulk_payment_id, "TotalPaymentCount": self.count }),
        )
    }
}

/// Queues an operation on `count` payments of `batch`; its callback is pushed once done.
fn queue(shared: &Shared, state: &mut State, batch: &Batch, count: usize) -> Queued {
    let bulk_payment_id = state.next_bulk_id();
    let deliveries = shared.emit_callback(state, batch, bulk_payment_id);
    Queued {
        bulk_payment_id,
        count,
        deliveries,
    }
}

/// The address a list operation's `CallbackUrl` names, when the sandbox can push there
/// (`http://`); another one is logged and skipped (the registered endpoints still get the
/// callback).
fn callback_url(body: &Map<String, Value>) -> Option<url::Url> {
    let raw = field(body, "CallbackUrl").and_then(Value::as_str)?;
    match crate::push::parse_url(raw) {
        Ok(url) => Some(url),
        Err(error) => {
            tracing::warn!(%error, "the sandbox cannot push to this CallbackUrl");
            None
        }
    }
}

/// A list operation as a batch of its own, so that its callback can be confirmed with the
/// bulk query: its `MerchantUniqueCode` is `sandbox-list-<BulkPaymentId>` (Paywall does not
/// say what a list operation's callback carries; inferred, docs/providers/paywall.md#bulk-callback).
fn list_queued(
    shared: &Shared,
    state: &mut State,
    payments: &[Payment],
    body: &Map<String, Value>,
) -> Response {
    let id = state.next_bulk_id();
    let batch = Batch {
        merchant_unique_code: format!("sandbox-list-{id}"),
        bulk_payment_id: id,
        date: state.clock.today(),
        payment_ids: payments.iter().map(|p| p.payment_id).collect(),
        totals: Totals::of(payments.iter()),
        callback_url: callback_url(body),
    };
    state.batches.push(batch.clone());
    shared.emit_callback(state, &batch, id);
    bulk_ok(
        "Bulk payment created and enqueued",
        json!({ "Result": true, "BulkPaymentId": id, "TotalPaymentCount": payments.len() }),
    )
}

/// `POST payment/bulk/payment/cancel` `{Date, MerchantUniqueCode}`: cancels the batch's
/// successful payments; only on the batch day.
pub(crate) async fn cancel_batch(
    AxumState(shared): AxumState<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Failure> {
    let body = json_object(&headers, &body).map_err(Failure::bulk)?;
    let mut state = lock(&shared.state);
    let batch = dated_batch(&state, &body).map_err(Failure::bulk)?;
    let queued = cancel_whole(&shared, &mut state, &batch).map_err(Failure::bulk)?;
    Ok(queued.answer("Bulk payment created and enqueued"))
}

/// Cancels `batch`'s successful payments; only on the batch day.
pub(crate) fn cancel_whole(
    shared: &Shared,
    state: &mut State,
    batch: &Batch,
) -> Result<Queued, Failure> {
    if batch.date != state.clock.today() {
        return Err(Failure::business(
            FAILURE,
            "A bulk payment can only be cancelled on its payment day; refund it instead",
        ));
    }
    let ids: Vec<i64> = state
        .batch_payments(batch)
        .into_iter()
        .filter(|p| state.cancel_refusal(p).is_none())
        .map(|p| p.payment_id)
        .collect();
    if ids.is_empty() {
        return Err(Failure::business(
            FAILURE,
            "The bulk payment has no payment left to cancel",
        ));
    }
    for id in &ids {
        state.cancel(*id);
    }
    Ok(queue(shared, state, batch, ids.len()))
}

/// `POST payment/bulk/payment/refund` `{Date, MerchantUniqueCode}`: refunds what is left of
/// the batch's successful payments; only after the batch day.
pub(crate) async fn refund_batch(
    AxumState(shared): AxumState<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Failure> {
    let body = json_object(&headers, &body).map_err(Failure::bulk)?;
    let mut state = lock(&shared.state);
    let batch = dated_batch(&state, &body).map_err(Failure::bulk)?;
    let queued = refund_whole(&shared, &mut state, &batch).map_err(Failure::bulk)?;
    Ok(queued.answer("Bulk payment created and enqueued"))
}

/// Refunds what is left of `batch`'s successful payments; only after the batch day.
pub(crate) fn refund_whole(
    shared: &Shared,
    state: &mut State,
    batch: &Batch,
) -> Result<Queued, Failure> {
    if batch.date >= state.clock.today() {
        return Err(Failure::business(
            FAILURE,
            "A bulk payment can only be refunded after its payment day; cancel it instead",
        ));
    }
    let ids: Vec<i64> = state
        .batch_payments(batch)
        .into_iter()
        .filter(|p| state.refund_refusal(p, None, false).is_none())
        .map(|p| p.payment_id)
        .collect();
    if ids.is_empty() {
        return Err(Failure::business(
            FAILURE,
            "The bulk payment has no payment left to refund",
        ));
    }
    for id in &ids {
        state.refund(*id, None);
    }
    Ok(queue(shared, state, batch, ids.len()))
}

/// The payments of a `{Payments: [{MerchantUniqueCode, Date}], CallbackUrl}` body, each
/// matched on its code and day.
fn listed_payments(
    state: &State,
    body: &Map<String, Value>,
    callback_required: bool,
) -> Result<Vec<Payment>, Failure> {
    if callback_required {
        string_field(body, "CallbackUrl")?;
    }
    let items = field(body, "Payments")
        .and_then(Value::as_array)
        .filter(|a| !a.is_empty())
        .ok_or_else(|| Failure::business(INVALID, "Payments must be a non-empty list"))?;
    let mut out: Vec<Payment> = Vec::new();
    for item in items {
        let item = item
            .as_object()
            .ok_or_else(|| Failure::business(INVALID, "Each Payments item must be an object"))?;
        let code = string_field(item, "MerchantUniqueCode")?;
        let date = date_field(item, "Date")?;
        let payment = state
            .by_merchant_code(code)
            .filter(|p| p.date == date)
            .ok_or_else(|| {
                Failure::business(NOT_FOUND, format!("Payment not found ({code} on {date})"))
            })?;
        if out.iter().any(|p| p.payment_id == payment.payment_id) {
            return Err(Failure::business(
                INVALID,
                format!("Payment {code} is listed twice"),
            ));
        }
        out.push(payment.clone());
    }
    Ok(out)
}

/// `POST payment/bulk/batch/cancel`: cancels listed payments (batch or single); all or none.
pub(crate) async fn cancel_list(
    AxumState(shared): AxumState<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Failure> {
    let body = json_object(&headers, &body).map_err(Failure::bulk)?;
    let mut state = lock(&shared.state);
    let payments = listed_payments(&state, &body, true).map_err(Failure::bulk)?;
    if let Some(refusal) = payments.iter().find_map(|p| state.cancel_refusal(p)) {
        return Err(refusal.bulk());
    }
    for p in &payments {
        state.cancel(p.payment_id);
    }
    Ok(list_queued(&shared, &mut state, &payments, &body))
}

/// `POST payment/bulk/batch/refund`: refunds what is left of listed payments; all or none.
/// `CallbackUrl` is optional here (inferred; docs/providers/paywall.md#bulk-refund).
pub(crate) async fn refund_list(
    AxumState(shared): AxumState<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Failure> {
    let body = json_object(&headers, &body).map_err(Failure::bulk)?;
    let mut state = lock(&shared.state);
    let payments = listed_payments(&state, &body, false).map_err(Failure::bulk)?;
    if let Some(refusal) = payments
        .iter()
        .find_map(|p| state.refund_refusal(p, None, false))
    {
        return Err(refusal.bulk());
    }
    for p in &payments {
        state.refund(p.payment_id, None);
    }
    Ok(list_queued(&shared, &mut state, &payments, &body))
}

/// `POST payment/bulk/payment/retry` `{Date, MerchantUniqueCode}`: re-queues the batch's
/// failed payments. The sandbox's issuer declines them again, so they stay failed.
pub(crate) async fn retry(
    AxumState(shared): AxumState<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Failure> {
    let body = json_object(&headers, &body).map_err(Failure::bulk)?;
    let mut state = lock(&shared.state);
    let batch = dated_batch(&state, &body).map_err(Failure::bulk)?;
    let failed = state
        .batch_payments(&batch)
        .iter()
        .filter(|p| matches!(p.status_id, 5..=7))
        .count();
    if failed == 0 {
        return Err(
            Failure::business(FAILURE, "The bulk payment has no failed payment to retry").bulk(),
        );
    }
    Ok(queue(&shared, &mut state, &batch, failed).answer("Bulk payment retry enqueued"))
}

/// `POST payment/bulk/payment/send/callback` `{Date, MerchantUniqueCode}`: schedules the
/// batch's callback again; batches up to 7 days old (docs/providers/paywall.md#callback-re-send).
pub(crate) async fn send_callback(
    AxumState(shared): AxumState<Arc<Shared>>,
    headers: HeaderMap,
    body: Bytes,
) -> Result<Response, Failure> {
    let body = json_object(&headers, &body).map_err(Failure::bulk)?;
    let state = lock(&shared.state);
    let batch = dated_batch(&state, &body).map_err(Failure::bulk)?;
    resend(&shared, &state, &batch).map_err(Failure::bulk)?;
    Ok(bulk_ok(
        "Success",
        json!({
            "Message": "Bulk payment file callback has been scheduled",
            "BulkPaymentId": batch.bulk_payment_id,
        }),
    ))
}

/// Pushes `batch`'s callback again (under its own `BulkPaymentId`); batches up to 7 days old.
/// The deliveries queued.
pub(crate) fn resend(shared: &Shared, state: &State, batch: &Batch) -> Result<Vec<u64>, Failure> {
    let oldest = state
        .clock
        .today()
        .checked_sub_days(Days::new(CALLBACK_DAYS))
        .unwrap_or(batch.date);
    if batch.date < oldest {
        return Err(Failure::business(
            FAILURE,
            "Callbacks can only be re-sent for bulk payments at most 7 days old",
        ));
    }
    Ok(shared.emit_callback(state, batch, batch.bulk_payment_id))
}
