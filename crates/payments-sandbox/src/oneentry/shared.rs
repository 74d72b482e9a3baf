//! What the fake OneEntry's handlers share, and whom a user call comes from.

use std::sync::Mutex;

use axum::http::HeaderMap;
use chrono::Utc;

use super::error::ApiError;
use super::model::State;
use crate::counter::Counter;
use crate::util::lock;

/// Shared by the handlers and the `OneEntryControl`.
#[derive(Debug)]
pub(crate) struct Shared {
    pub(super) app_token: String,
    pub(super) jwt_key: Vec<u8>,
    pub(super) state: Mutex<State>,
    pub(super) sign_ins: Counter,
    pub(super) refreshes: Counter,
    pub(super) rejected_refreshes: Counter,
    pub(super) unauthorized: Counter,
    pub(super) closed: Counter,
}

impl Shared {
    /// The user and sign-in behind the request's `Authorization: Bearer` token; a 401
    /// otherwise (user calls carry the Bearer; docs/providers/oneentry.md#headers).
    pub(super) fn authenticate(&self, headers: &HeaderMap) -> Result<(i64, u64), ApiError> {
        let found = bearer(headers).and_then(|token| {
            let state = lock(&self.state);
            let access = state.access_tokens.get(token)?;
            if access.expires_at <= Utc::now() {
                return None;
            }
            let login = state.logins.get(&access.login_id).filter(|l| l.active)?;
            Some((login.user_id, access.login_id))
        });
        found.ok_or_else(|| {
            self.unauthorized.bump();
            ApiError::unauthorized()
        })
    }
}

/// The token of an `Authorization: Bearer <token>` header.
fn bearer(headers: &HeaderMap) -> Option<&str> {
    let value = headers
        .get(axum::http::header::AUTHORIZATION)?
        .to_str()
        .ok()?;
    let (scheme, token) = value.split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then_some(token)
}
