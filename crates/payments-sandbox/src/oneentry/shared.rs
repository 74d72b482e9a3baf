//! What the fake OneEntry's handlers share, and whom a user call comes from.

use std::sync::Mutex;

use axum::http::HeaderMap;
use chrono::Utc;

use super::error::ApiError;
use super::model::State;
use crate::counter::Counter;
use crate::issued::Issued;
use crate::util::lock;

/// Shared by the handlers and the `OneEntryControl`; `Debug` shows no credential or token.
pub(crate) struct Shared {
    pub(super) app_token: String,
    pub(super) jwt_key: Vec<u8>,
    /// The demo user's password (random per start, like the app token).
    pub(super) password: String,
    pub(super) state: Mutex<State>,
    pub(super) sign_ins: Counter,
    pub(super) refreshes: Counter,
    pub(super) rejected_refreshes: Counter,
    pub(super) unauthorized: Counter,
    pub(super) closed: Counter,
    /// Every access token, refresh token and client secret handed out.
    pub(super) issued: Issued,
}

impl std::fmt::Debug for Shared {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Shared")
            .field("sign_ins", &self.sign_ins)
            .field("refreshes", &self.refreshes)
            .field("issued", &self.issued)
            .finish_non_exhaustive()
    }
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
