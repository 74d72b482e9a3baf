//! The fake OneEntry project: AuthProvider, Orders and Payments under `/api/content`
//! (docs/providers/oneentry.md).

mod auth;
mod demo;
mod error;
mod format;
mod model;
mod order_input;
mod orders;
mod payments;
mod refunds;
mod render;
mod request;
mod shared;

use std::sync::{Arc, Mutex};

use axum::Router;
use axum::extract::{Request, State as AxumState};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use chrono::Utc;

use crate::counter::Counter;
use crate::issued::Issued;
use crate::util::{constant_time_eq, lock, random_alnum};
use error::ApiError;
use model::State;
use shared::Shared;

/// Test controls and counters of the fake OneEntry.
///
/// Behaviour, with the sections of docs/providers/oneentry.md it follows:
/// - Every call needs the project's `x-app-token` (docs/providers/oneentry.md#headers); a
///   missing or wrong one is HTTP 403 `"Resource is closed"` (vendor docs; not 401, so
///   clients do not refresh for it; docs/providers/oneentry.md#status-codes).
/// - User calls (all Payments and Orders calls, `logout`, `logout-all`, `users/sessions`)
///   need `Authorization: Bearer <accessToken>`; otherwise HTTP 401 with
///   `{statusCode, message, pageData: null, timestamp}` (docs/providers/oneentry.md#error-body).
///   A wrong login or password is also a 401 (OneEntry does not document that status;
///   docs/providers/oneentry.md#sign-in).
/// - `auth` takes `{"authData":[{marker, value}]}` with exactly those two keys per item
///   (extra keys: 400, docs/providers/oneentry.md#sign-in) and the markers
///   `email_reg`/`password_reg`. `auth` and `refresh` need `x-device-metadata` with a
///   `fingerprint` (400 otherwise); refresh tokens are single-use, rotate, and only work
///   under the fingerprint they were issued to (reuse, an unknown token or another
///   fingerprint: 400, docs/providers/oneentry.md#device-metadata,
///   docs/providers/oneentry.md#token-refresh). Other POSTs do not require the header. Access
///   tokens are JWT-shaped, live one hour, and die with `logout`.
/// - Successful POSTs answer 201 (NestJS's default; OneEntry only says 2xx,
///   docs/providers/oneentry.md#status-codes); GET/PUT/DELETE 200. Body validation errors are
///   400 with `message` as a string array (docs/providers/oneentry.md#error-body).
/// - Responses carry `localizeInfos` and order `formData` in the language-keyed form
///   (`{"en_US": ...}`, vendor docs; docs/providers/oneentry.md#localised-values); `createOrder`
///   requires `formData` in that form (docs/providers/oneentry.md#order-body). Order reads give
///   `totalSum` as a string (`"340.00"`), create/update as a number
///   (docs/providers/oneentry.md#type-traps). No coupons, discounts or bonus balance exist: a
///   `couponCode` is a 400.
/// - Lists are newest first. Payment sessions start `waiting`; sessions of the `cash`
///   account have no `paymentUrl`, Stripe ones get a checkout URL (`session`) or a client
///   secret and amount (`intent`). Nothing completes a payment except
///   [`OneEntryControl::complete_session`].
/// - Refund requests (`/api/content/orders/{id}/refund`) need a paid order, allow one open
///   request at a time (status `new`), and `DELETE` cancels it (status `canceled`).
/// - Unknown routes answer 404 `Cannot <METHOD> <path>` (NestJS style).
#[derive(Clone, Debug)]
pub struct OneEntryControl {
    shared: Arc<Shared>,
}

impl OneEntryControl {
    /// A fresh project with the demo data of [`crate::seed::oneentry`], a random app token
    /// and a random password for the demo user.
    pub(crate) fn seeded() -> Self {
        let password = format!("sandbox-password-{}", random_alnum(16));
        Self {
            shared: Arc::new(Shared {
                app_token: format!("sandbox-app-{}", random_alnum(32)),
                jwt_key: random_alnum(48).into_bytes(),
                state: Mutex::new(State::seeded(&password)),
                password,
                sign_ins: Counter::default(),
                refreshes: Counter::default(),
                rejected_refreshes: Counter::default(),
                unauthorized: Counter::default(),
                closed: Counter::default(),
                issued: Issued::default(),
            }),
        }
    }

    pub(crate) fn shared(&self) -> Arc<Shared> {
        Arc::clone(&self.shared)
    }

    pub(crate) fn app_token(&self) -> &str {
        &self.shared.app_token
    }

    /// The demo user's password.
    pub(crate) fn password(&self) -> &str {
        &self.shared.password
    }

    /// The signing key of its tokens and every token and client secret issued so far
    /// (the app token and the user's password are in the sandbox info).
    pub(crate) fn issued_secrets(&self) -> Vec<String> {
        let mut all = vec![String::from_utf8_lossy(&self.shared.jwt_key).into_owned()];
        all.extend(self.shared.issued.all());
        all
    }

    /// Makes every access token issued so far expired, so the next user call with one of
    /// them gets a 401 and a client has to refresh. Returns how many tokens were live.
    pub fn expire_access_tokens(&self) -> usize {
        let now = Utc::now();
        let mut state = lock(&self.shared.state);
        let mut live = 0;
        for token in state.access_tokens.values_mut() {
            if token.expires_at > now {
                live += 1;
            }
            token.expires_at = now;
        }
        live
    }

    /// Completes a payment session as the payment provider's webhook would: the session
    /// becomes `completed` and its order paid (`isCompleted: true`). Returns false for an
    /// unknown session.
    pub fn complete_session(&self, session_id: i64) -> bool {
        let mut state = lock(&self.shared.state);
        let Some(session) = state.sessions.get_mut(&session_id) else {
            return false;
        };
        session.status = "completed".into();
        session.updated = Utc::now();
        let order_id = session.order_id;
        if let Some(order) = state.orders.get_mut(&order_id) {
            order.completed = true;
        }
        true
    }

    /// Successful sign-ins (`users/auth`).
    pub fn sign_ins(&self) -> u64 {
        self.shared.sign_ins.get()
    }

    /// Successful token refreshes (`users/refresh`).
    pub fn refreshes(&self) -> u64 {
        self.shared.refreshes.get()
    }

    /// Refused token refreshes (unknown, reused or expired token, other fingerprint).
    pub fn rejected_refreshes(&self) -> u64 {
        self.shared.rejected_refreshes.get()
    }

    /// User calls answered 401 for a missing, unknown, expired or revoked Bearer token.
    pub fn unauthorized(&self) -> u64 {
        self.shared.unauthorized.get()
    }

    /// Calls refused with 403 for a missing or wrong `x-app-token`.
    pub fn rejected_app_tokens(&self) -> u64 {
        self.shared.closed.get()
    }
}

/// Checks `x-app-token` on every request (docs/providers/oneentry.md#headers) and logs the
/// outcome.
async fn gate(AxumState(shared): AxumState<Arc<Shared>>, request: Request, next: Next) -> Response {
    let method = request.method().clone();
    let path = request.uri().path().to_string();
    let token_ok = request
        .headers()
        .get("x-app-token")
        .is_some_and(|v| constant_time_eq(v.as_bytes(), shared.app_token.as_bytes()));
    let response = if token_ok {
        next.run(request).await
    } else {
        shared.closed.bump();
        ApiError::closed().into_response()
    };
    tracing::debug!(provider = "oneentry", %method, %path, status = response.status().as_u16(), "sandbox request");
    response
}

/// NestJS's answer to an unknown route or method.
async fn not_found(request: Request) -> ApiError {
    ApiError::not_found(format!(
        "Cannot {} {}",
        request.method(),
        request.uri().path()
    ))
}

/// The project's routes (docs/providers/oneentry.md#paths-and-query-strings).
pub(crate) fn router(shared: Arc<Shared>) -> Router {
    const AUTH: &str = "/api/content/users-auth-providers";
    const PAY: &str = "/api/content/payments";
    const STORE: &str = "/api/content/orders-storage";
    Router::new()
        .route(AUTH, get(auth::providers))
        .route(&format!("{AUTH}/marker/{{marker}}"), get(auth::provider))
        .route(
            &format!("{AUTH}/marker/{{marker}}/users/auth"),
            post(auth::sign_in),
        )
        .route(
            &format!("{AUTH}/marker/{{marker}}/users/refresh"),
            post(auth::refresh),
        )
        .route(
            &format!("{AUTH}/marker/{{marker}}/users/logout"),
            post(auth::logout),
        )
        .route(
            &format!("{AUTH}/marker/{{marker}}/users/logout-all"),
            post(auth::logout_all),
        )
        .route(
            &format!("{AUTH}/marker/{{marker}}/users/sessions"),
            get(auth::device_sessions),
        )
        .route(&format!("{PAY}/accounts"), get(payments::accounts))
        .route(&format!("{PAY}/accounts/{{id}}"), get(payments::account))
        // The SDK lists with a trailing slash (`sessions/?offset=`,
        // docs/providers/oneentry.md#query-defaults-and-order); Express routing is not strict
        // about it, so both spellings answer.
        .route(
            &format!("{PAY}/sessions"),
            get(payments::sessions).post(payments::create_session),
        )
        .route(
            &format!("{PAY}/sessions/"),
            get(payments::sessions).post(payments::create_session),
        )
        .route(&format!("{PAY}/sessions/{{id}}"), get(payments::session))
        .route(
            &format!("{PAY}/sessions/order/{{id}}"),
            get(payments::sessions_by_order),
        )
        .route(STORE, get(orders::storages))
        .route(&format!("{STORE}/marker/{{marker}}"), get(orders::storage))
        .route(
            &format!("{STORE}/marker/{{marker}}/orders"),
            get(orders::orders).post(orders::create),
        )
        .route(
            &format!("{STORE}/marker/{{marker}}/orders/{{id}}"),
            get(orders::order).put(orders::update),
        )
        .route(
            &format!("{STORE}/marker/{{marker}}/order-statuses"),
            get(orders::statuses),
        )
        .route(&format!("{STORE}/orders/preview"), post(orders::preview))
        .route(
            "/api/content/orders/{id}/refund",
            get(refunds::list)
                .post(refunds::create)
                .delete(refunds::cancel),
        )
        // Inside the app-token check, before the fallbacks: counts handler runs only.
        .route_layer(middleware::from_fn(crate::faults::mark))
        .fallback(not_found)
        .method_not_allowed_fallback(not_found)
        .layer(middleware::from_fn_with_state(Arc::clone(&shared), gate))
        .with_state(shared)
}
