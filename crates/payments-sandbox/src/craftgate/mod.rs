//! The fake Craftgate: signed requests, payment reporting, card payment retrieval and
//! refunds (api-notes/craftgate.md).

mod error;
mod payment;
mod query;
mod reporting;
mod signature;
mod state;

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Request, State as AxumState};
use axum::http::request::Parts;
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};

use crate::counter::Counter;
use crate::util::{constant_time_eq, random_alnum};
use error::CgError;
use state::State;

/// The largest request body the sandbox reads (refund bodies are tiny).
const MAX_BODY: usize = 1 << 20;

/// Shared by the handlers and the [`CraftgateControl`].
#[derive(Debug)]
pub(crate) struct Shared {
    api_key: String,
    secret_key: String,
    state: Mutex<State>,
    rejected: Counter,
}

/// Test controls and counters of the fake Craftgate.
///
/// Behaviour, with the notes' sections:
/// - Every request needs `x-api-key`, `x-rnd-key`, `x-auth-version` (`v1`, `V1` or `1`) and
///   `x-signature` = Base64(SHA-256(decoded full URL + apiKey + secretKey + rnd + body))
///   (§2.1, §2.2). The full URL is `http://` + the `Host` the client addressed + the path and
///   query exactly as sent, percent-decoded as UTF-8 (`+` stays `+`); the body is the exact
///   bytes received (nothing for a GET). A missing header, an unknown API key, another auth
///   version or a wrong signature is HTTP 401 `{"errors":{"errorCode":"1","errorDescription":
///   ...}}`, the signature case with the DOCS text `"Signature is not equal!"`.
/// - Other errors: HTTP 400 code `"2"` (bad input, refunds the payment does not allow), 404
///   code `"3"` (unknown payment, item, refund or route), 405 code `"2"`. `errorGroup` only
///   appears inside a failed payment's `paymentError`.
/// - Success is `{"data": ...}`; lists are `{"data":{"items":[...]}}`, searches add `page`
///   (0-based, default 0), `size` (default 10, at most 1000) and `totalSize`, newest first.
///   Date-times are zone-less Istanbul wall-clock time; money and rates are JSON numbers with
///   8 decimals.
/// - `POST /payment/v1/refunds` refunds everything left: on the payment day with nothing
///   refunded yet it is a `CANCEL` (with an `id`), otherwise a `REFUND` made of item refunds
///   (no `id`). `POST /payment/v1/refund-transactions` refunds part or the rest of one item.
///   Both move `refundablePrice` and `refundStatus` (NOT_REFUNDED → PARTIAL_REFUNDED →
///   FULLY_REFUNDED; NO_REFUND for a failed payment). Payouts are not recomputed.
///   `x-idempotency-key` is accepted and not interpreted; the `mark-as-refunded` calls are not
///   served.
#[derive(Clone, Debug)]
pub struct CraftgateControl {
    shared: Arc<Shared>,
}

impl CraftgateControl {
    /// A fresh merchant with the demo data of [`crate::seed::craftgate`] and random keys.
    pub(crate) fn seeded() -> Self {
        Self {
            shared: Arc::new(Shared {
                api_key: format!("sandbox-api-key-{}", random_alnum(24)),
                secret_key: format!("sandbox-secret-key-{}", random_alnum(32)),
                state: Mutex::new(State::seeded()),
                rejected: Counter::default(),
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

    /// Requests refused for a missing header, an unknown API key, an unsupported auth
    /// version or a wrong signature.
    pub fn rejected_signatures(&self) -> u64 {
        self.shared.rejected.get()
    }
}

/// A header's text (lossless for the ASCII every client sends).
fn header<'a>(parts: &'a Parts, name: &str) -> Result<std::borrow::Cow<'a, str>, CgError> {
    parts
        .headers
        .get(name)
        .map(|v| String::from_utf8_lossy(v.as_bytes()))
        .filter(|v| !v.is_empty())
        .ok_or_else(|| CgError::auth(format!("{name} header is required")))
}

/// Checks the authentication headers and the signature of a request (notes §2).
fn verify(shared: &Shared, parts: &Parts, body: &[u8]) -> Result<(), CgError> {
    let api_key = header(parts, "x-api-key")?;
    let rnd = header(parts, "x-rnd-key")?;
    let version = header(parts, "x-auth-version")?;
    let provided = header(parts, "x-signature")?;
    if !matches!(version.as_ref(), "v1" | "V1" | "1") {
        return Err(CgError::auth("x-auth-version must be v1"));
    }
    if !constant_time_eq(api_key.as_bytes(), shared.api_key.as_bytes()) {
        return Err(CgError::auth("API key is not valid"));
    }
    let host = parts
        .uri
        .authority()
        .map(|a| a.as_str().to_string())
        .or_else(|| {
            parts
                .headers
                .get(axum::http::header::HOST)
                .and_then(|h| h.to_str().ok())
                .map(str::to_string)
        })
        .ok_or_else(|| CgError::auth("Host header is required"))?;
    let path_and_query = parts.uri.path_and_query().map_or("/", |pq| pq.as_str());
    let decoded = signature::decode_url(&format!("http://{host}{path_and_query}"));
    let expected = signature::signature(&decoded, &shared.api_key, &shared.secret_key, &rnd, body);
    if constant_time_eq(expected.as_bytes(), provided.as_bytes()) {
        Ok(())
    } else {
        Err(CgError::auth("Signature is not equal!"))
    }
}

/// Verifies every request before routing it on, and logs the outcome.
async fn gate(AxumState(shared): AxumState<Arc<Shared>>, request: Request, next: Next) -> Response {
    let (parts, body) = request.into_parts();
    let method = parts.method.clone();
    let path = parts.uri.path().to_string();
    let response = match axum::body::to_bytes(body, MAX_BODY).await {
        Err(_) => {
            CgError::invalid("The request body is unreadable or larger than 1 MiB").into_response()
        }
        Ok(bytes) => match verify(&shared, &parts, &bytes) {
            Ok(()) => {
                next.run(Request::from_parts(parts, Body::from(bytes)))
                    .await
            }
            Err(error) => {
                shared.rejected.bump();
                error.into_response()
            }
        },
    };
    tracing::debug!(provider = "craftgate", %method, %path, status = response.status().as_u16(), "sandbox request");
    response
}

async fn not_found() -> CgError {
    CgError::not_found("Not found")
}

async fn method_not_allowed() -> CgError {
    CgError::method_not_allowed()
}

/// A path id; anything but an integer is a 400.
fn path_id(raw: &str) -> Result<i64, CgError> {
    raw.parse()
        .map_err(|_| CgError::invalid(format!("\"{raw}\" is not a valid id")))
}

/// `{"data": ...}` (notes §3).
fn data(value: serde_json::Value) -> axum::Json<serde_json::Value> {
    axum::Json(serde_json::json!({ "data": value }))
}

/// A request body as a JSON object.
fn json_object(body: &Bytes) -> Result<serde_json::Map<String, serde_json::Value>, CgError> {
    match serde_json::from_slice(body) {
        Ok(serde_json::Value::Object(map)) => Ok(map),
        Ok(_) => Err(CgError::invalid("The request body must be a JSON object")),
        Err(e) => Err(CgError::invalid(format!(
            "The request body is not valid JSON: {e}"
        ))),
    }
}

/// The routes of notes §4 and §6.
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
        .fallback(not_found)
        .method_not_allowed_fallback(method_not_allowed)
        .layer(middleware::from_fn_with_state(Arc::clone(&shared), gate))
        .with_state(shared)
}
