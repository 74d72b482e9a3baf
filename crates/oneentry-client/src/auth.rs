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

use payments_wire::{CallPolicy, Origin, Secret};
use reqwest::header::{AUTHORIZATION, HeaderName, HeaderValue};

use crate::device::DeviceMetadata;
use crate::error::Refusal;

/// The project's app token header.
pub(crate) const X_APP_TOKEN: HeaderName = HeaderName::from_static("x-app-token");
/// The device metadata header POSTs carry.
pub(crate) const X_DEVICE_METADATA: HeaderName = HeaderName::from_static("x-device-metadata");
/// `application/json`, the only content type OneEntry is sent.
pub(crate) const JSON: HeaderValue = HeaderValue::from_static("application/json");

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

/// Called with the new pair whenever the client obtains tokens (sign-in, refresh), so an
/// app can persist them. Called from the task that made the request; keep it quick.
pub type TokenCallback = Arc<dyn Fn(&TokenPair) + Send + Sync>;

/// The client's credentials and signed-in state, shared by every clone of a
/// [`Client`](crate::Client). Refreshing is in `refresh.rs`, the hooks in `hooks.rs`.
///
/// `Debug` shows whether a token is present, never a token.
#[derive(Clone)]
pub struct Auth {
    pub(crate) shared: Arc<Shared>,
}

/// What every clone of a client shares.
pub(crate) struct Shared {
    /// `x-app-token`, when the project has one.
    pub(crate) app_token: Option<HeaderValue>,
    device: DeviceMetadata,
    /// `x-device-metadata`.
    pub(crate) device_header: HeaderValue,
    lang_code: String,
    on_tokens: Option<TokenCallback>,
    /// The request policy every call (and the token refresh) runs under.
    pub(crate) policy: CallPolicy,
    /// The project URL, parsed once.
    pub(crate) origin: Origin,
    state: Mutex<TokenState>,
    /// Held while a refresh is in flight: one refresh at a time.
    pub(crate) refresh_gate: tokio::sync::Mutex<()>,
}

/// The signed-in state.
pub(crate) struct TokenState {
    /// The auth provider the tokens belong to (refresh and logout go there).
    pub(crate) marker: String,
    /// The current pair.
    pub(crate) tokens: Option<TokenPair>,
    /// `Authorization` for the current pair, made once when the pair is stored.
    bearer: Result<Option<HeaderValue>, String>,
    /// A refresh token that is not sent again, and why: the API refused it, or its
    /// refresh got no answer (it may be spent).
    pub(crate) dead_refresh: Option<(Secret, Refusal)>,
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
    pub policy: CallPolicy,
    pub origin: Origin,
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
                policy: parts.policy,
                origin: parts.origin,
                state: Mutex::new(TokenState {
                    marker: parts.marker,
                    bearer: bearer_of(parts.tokens.as_ref()),
                    tokens: parts.tokens,
                    dead_refresh: None,
                }),
                refresh_gate: tokio::sync::Mutex::new(()),
            }),
        }
    }

    /// The signed-in state, locked.
    pub(crate) fn state(&self) -> MutexGuard<'_, TokenState> {
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
        state.bearer = bearer_of(tokens.as_ref());
        state.tokens = tokens;
        state.dead_refresh = None;
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

    /// `Authorization: Bearer` for the current access token, if any.
    pub(crate) fn bearer(&self) -> Result<Option<HeaderValue>, String> {
        self.state().bearer.clone()
    }
}

/// `Authorization` for `tokens`, if any.
fn bearer_of(tokens: Option<&TokenPair>) -> Result<Option<HeaderValue>, String> {
    tokens.map(|t| bearer_value(&t.access)).transpose()
}

/// `Bearer <access>` as a sensitive header value.
pub(crate) fn bearer_value(access: &Secret) -> Result<HeaderValue, String> {
    let mut value = HeaderValue::from_str(&format!("Bearer {}", access.expose()))
        .map_err(|_| "the stored access token cannot be sent in an HTTP header".to_string())?;
    value.set_sensitive(true);
    Ok(value)
}

/// The access token a request carries, read back from its `Authorization` header.
pub(crate) fn sent_access(request: &reqwest::Request) -> Option<Secret> {
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
