//! Credentials, the user's tokens and the client hooks that put them on the wire.
//!
//! Every request gets `Content-Type: application/json`, `x-app-token` when the project has
//! one and `Authorization: Bearer <access token>` when a user is signed in; POSTs also get
//! `x-device-metadata` (docs/providers/oneentry.md#headers). progenitor's `api-version` header is removed.
//!
//! On a 401 the client refreshes the token pair once and retries the request once with the
//! new access token (docs/providers/oneentry.md#token-refresh). Refresh tokens are single-use, so refreshes are
//! serialised: a request whose 401 arrives after another request already refreshed just
//! retries with the current token, and a refresh token the API rejected is not sent again.
//! A failed refresh hands back the original 401.

use std::fmt;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

use payments_wire::Secret;
use progenitor_client::{ClientHooks, ClientInfo, OperationInfo};
use reqwest::header::{AUTHORIZATION, CONTENT_TYPE, HeaderName, HeaderValue};
use reqwest::{Method, StatusCode};

use crate::device::DeviceMetadata;
use crate::error::{OneEntryError, Refusal};
use crate::{Client, query, types};

const X_APP_TOKEN: HeaderName = HeaderName::from_static("x-app-token");
const X_DEVICE_METADATA: HeaderName = HeaderName::from_static("x-device-metadata");
const API_VERSION: HeaderName = HeaderName::from_static("api-version");
const JSON: HeaderValue = HeaderValue::from_static("application/json");

/// Operations whose 401 is returned as is: signing in and refreshing mean the credentials
/// themselves were refused, and `logout` carries the refresh token in its body, so
/// [`Client::sign_out`] refreshes and retries it itself with the new token.
const NO_REFRESH_ON_401: [&str; 3] = ["auth", "refresh", "logout"];

/// A user's access and refresh tokens. `Debug` prints neither.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TokenPair {
    /// The access token, sent as `Authorization: Bearer`.
    pub access: Secret,
    /// The refresh token; single-use, tied to the device fingerprint.
    pub refresh: Secret,
}

impl TokenPair {
    /// A token pair.
    pub fn new(access: impl Into<Secret>, refresh: impl Into<Secret>) -> Self {
        Self {
            access: access.into(),
            refresh: refresh.into(),
        }
    }
}

impl From<&types::AuthEntity> for TokenPair {
    fn from(entity: &types::AuthEntity) -> Self {
        Self {
            access: entity.access_token.clone().into(),
            refresh: entity.refresh_token.clone().into(),
        }
    }
}

/// Called with the new pair whenever the client obtains tokens (sign-in, refresh), so an
/// app can persist them. Called from the task that made the request; keep it quick.
pub type TokenCallback = Arc<dyn Fn(&TokenPair) + Send + Sync>;

/// The client's credentials and signed-in state, shared by every clone of a [`Client`].
///
/// `Debug` shows whether a token is present, never a token.
#[derive(Clone)]
pub struct Auth {
    shared: Arc<Shared>,
}

struct Shared {
    app_token: Option<HeaderValue>,
    device: DeviceMetadata,
    device_header: HeaderValue,
    lang_code: String,
    on_tokens: Option<TokenCallback>,
    state: Mutex<TokenState>,
    /// Held while a refresh is in flight: one refresh at a time.
    refresh_gate: tokio::sync::Mutex<()>,
}

struct TokenState {
    /// The auth provider the tokens belong to (refresh and logout go there).
    marker: String,
    tokens: Option<TokenPair>,
    /// A refresh token the API refused; never sent again.
    rejected_refresh: Option<Secret>,
}

/// The parts of the configuration [`Auth`] is built from (validated by the caller).
pub(crate) struct AuthParts {
    pub app_token: Option<HeaderValue>,
    pub marker: String,
    pub lang_code: String,
    pub device: DeviceMetadata,
    pub device_header: HeaderValue,
    pub tokens: Option<TokenPair>,
    pub on_tokens: Option<TokenCallback>,
}

impl Auth {
    pub(crate) fn new(parts: AuthParts) -> Self {
        Self {
            shared: Arc::new(Shared {
                app_token: parts.app_token,
                device: parts.device,
                device_header: parts.device_header,
                lang_code: parts.lang_code,
                on_tokens: parts.on_tokens,
                state: Mutex::new(TokenState {
                    marker: parts.marker,
                    tokens: parts.tokens,
                    rejected_refresh: None,
                }),
                refresh_gate: tokio::sync::Mutex::new(()),
            }),
        }
    }

    fn state(&self) -> MutexGuard<'_, TokenState> {
        // The state is plain data, consistent after every assignment: a panic elsewhere
        // while holding the lock leaves nothing half-written.
        self.shared
            .state
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// The current token pair, if a user is signed in.
    pub fn tokens(&self) -> Option<TokenPair> {
        self.state().tokens.clone()
    }

    /// The auth provider marker used to refresh and sign out.
    pub fn marker(&self) -> String {
        self.state().marker.clone()
    }

    /// The language code sent as `langCode` when a call does not set one.
    pub fn lang_code(&self) -> &str {
        &self.shared.lang_code
    }

    /// The device metadata sent as `x-device-metadata`.
    pub fn device(&self) -> &DeviceMetadata {
        &self.shared.device
    }

    /// Stores tokens obtained elsewhere (e.g. persisted by the app). Does not call the
    /// token callback.
    pub(crate) fn set_tokens(&self, tokens: Option<TokenPair>, marker: Option<&str>) {
        let mut state = self.state();
        state.tokens = tokens;
        state.rejected_refresh = None;
        if let Some(marker) = marker {
            state.marker = marker.to_string();
        }
    }

    /// Stores tokens the API just issued and tells the app.
    pub(crate) fn store_issued(&self, tokens: TokenPair, marker: Option<&str>) {
        self.set_tokens(Some(tokens.clone()), marker);
        if let Some(callback) = &self.shared.on_tokens {
            callback(&tokens);
        }
    }

    fn bearer(&self) -> Result<Option<HeaderValue>, String> {
        self.state()
            .tokens
            .as_ref()
            .map(|t| bearer_value(&t.access))
            .transpose()
    }

    /// After a request sent with `stale_access` (or without a token) got a 401: the token
    /// pair to retry with. Refreshes only if nobody else has since; never sends a refresh
    /// token twice.
    pub(crate) async fn renew(
        &self,
        http: &reqwest::Client,
        base_url: &str,
        stale_access: Option<&Secret>,
    ) -> Result<TokenPair, OneEntryError> {
        let _gate = self.shared.refresh_gate.lock().await;
        let (marker, current, rejected) = {
            let state = self.state();
            (
                state.marker.clone(),
                state.tokens.clone(),
                state.rejected_refresh.clone(),
            )
        };
        let current = current.ok_or(OneEntryError::Refused(Refusal::NotSignedIn))?;
        if stale_access != Some(&current.access) {
            tracing::debug!("OneEntry tokens changed since the request was sent; retrying");
            return Ok(current);
        }
        if rejected.as_ref() == Some(&current.refresh) {
            return Err(OneEntryError::Refused(Refusal::RefreshRejected));
        }
        match self
            .post_refresh(http, base_url, &marker, &current.refresh)
            .await
        {
            Ok(fresh) => {
                tracing::info!(%marker, "OneEntry access token refreshed");
                self.store_issued(fresh.clone(), None);
                Ok(fresh)
            }
            Err(error) => {
                tracing::warn!(%marker, status = ?error.status(), "OneEntry token refresh failed");
                let mut state = self.state();
                if state.tokens.as_ref() == Some(&current) {
                    state.rejected_refresh = Some(current.refresh);
                }
                Err(error)
            }
        }
    }

    /// `POST {base}/api/content/users-auth-providers/marker/{marker}/users/refresh` with
    /// `{"refreshToken": ..}`, `Content-Type`, `x-app-token` and `x-device-metadata`, no
    /// `Authorization` (docs/providers/oneentry.md#token-refresh).
    async fn post_refresh(
        &self,
        http: &reqwest::Client,
        base_url: &str,
        marker: &str,
        refresh: &Secret,
    ) -> Result<TokenPair, OneEntryError> {
        let url = format!(
            "{base_url}/api/content/users-auth-providers/marker/{}/users/refresh",
            progenitor_client::encode_path(marker)
        );
        let body = types::RefreshTokenRequest {
            refresh_token: refresh.clone().into(),
        };
        let body = serde_json::to_vec(&body)
            .map_err(|e| OneEntryError::InvalidRequest(format!("refresh body: {e}")))?;
        let mut request = http
            .post(url)
            .header(CONTENT_TYPE, JSON)
            .header(X_DEVICE_METADATA, self.shared.device_header.clone())
            .body(body);
        if let Some(token) = &self.shared.app_token {
            request = request.header(X_APP_TOKEN, token.clone());
        }
        let request = request.build().map_err(OneEntryError::Transport)?;
        let response = payments_wire::execute(http, request)
            .await
            .map_err(OneEntryError::Transport)?;
        let status = response.status();
        let body = response.bytes().await.map_err(OneEntryError::Transport)?;
        if !status.is_success() {
            return Err(OneEntryError::from_status(status, body));
        }
        match serde_json::from_slice::<types::AuthEntity>(&body) {
            Ok(entity) => Ok(TokenPair::from(&entity)),
            Err(source) => Err(OneEntryError::Decode { body, source }),
        }
    }
}

fn bearer_value(access: &Secret) -> Result<HeaderValue, String> {
    let mut value = HeaderValue::from_str(&format!("Bearer {}", access.expose()))
        .map_err(|_| "the stored access token cannot be sent in an HTTP header".to_string())?;
    value.set_sensitive(true);
    Ok(value)
}

/// The access token a request carries, read back from its `Authorization` header.
fn sent_access(request: &reqwest::Request) -> Option<Secret> {
    let value = request.headers().get(AUTHORIZATION)?.to_str().ok()?;
    value.strip_prefix("Bearer ").map(Secret::new)
}

impl fmt::Debug for Auth {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let state = self.state();
        f.debug_struct("Auth")
            .field("app_token", &self.shared.app_token.as_ref().map(|_| "***"))
            .field("marker", &state.marker)
            .field("lang_code", &self.shared.lang_code)
            .field("device", &self.shared.device)
            .field("signed_in", &state.tokens.is_some())
            .field("on_tokens_rotated", &self.shared.on_tokens.is_some())
            .finish()
    }
}

impl ClientHooks<Auth> for Client {
    async fn pre<E>(
        &self,
        request: &mut reqwest::Request,
        info: &OperationInfo,
    ) -> Result<(), progenitor_client::Error<E>> {
        let auth = self.inner();
        query::apply_sdk_layout(request.url_mut(), info.operation_id, auth.lang_code());
        let is_post = request.method() == Method::POST;
        let bearer = auth.bearer().map_err(progenitor_client::Error::Custom)?;
        let headers = request.headers_mut();
        headers.remove(API_VERSION);
        headers.insert(CONTENT_TYPE, JSON);
        if let Some(token) = &auth.shared.app_token {
            headers.insert(X_APP_TOKEN, token.clone());
        }
        match bearer {
            Some(bearer) => headers.insert(AUTHORIZATION, bearer),
            None => headers.remove(AUTHORIZATION),
        };
        if is_post {
            headers.insert(X_DEVICE_METADATA, auth.shared.device_header.clone());
        }
        Ok(())
    }

    async fn exec(
        &self,
        request: reqwest::Request,
        info: &OperationInfo,
    ) -> reqwest::Result<reqwest::Response> {
        let retry = if NO_REFRESH_ON_401.contains(&info.operation_id) {
            None
        } else {
            request.try_clone()
        };
        let stale = sent_access(&request);
        let response = payments_wire::execute(self.client(), request).await?;
        if response.status() != StatusCode::UNAUTHORIZED {
            return Ok(response);
        }
        let Some(mut retry) = retry else {
            return Ok(response);
        };
        let fresh = match self
            .inner()
            .renew(self.client(), self.baseurl(), stale.as_ref())
            .await
        {
            Ok(fresh) => fresh,
            Err(error) => {
                tracing::debug!(operation = info.operation_id, %error, "no retry after 401");
                return Ok(response);
            }
        };
        let Ok(bearer) = bearer_value(&fresh.access) else {
            return Ok(response);
        };
        retry.headers_mut().insert(AUTHORIZATION, bearer);
        tracing::debug!(operation = info.operation_id, "retrying after 401");
        payments_wire::execute(self.client(), retry).await
    }
}
