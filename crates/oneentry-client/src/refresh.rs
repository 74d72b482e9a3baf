//! Refreshing the token pair after a 401: one refresh at a time, never the same refresh
//! token twice (docs/providers/oneentry.md#token-refresh).

use payments_wire::Secret;
use reqwest::header::CONTENT_TYPE;

use crate::auth::{Auth, JSON, TokenPair, X_APP_TOKEN, X_DEVICE_METADATA};
use crate::error::{OneEntryApi, OneEntryError, Refusal};
use crate::types;

impl From<&types::AuthEntity> for TokenPair {
    fn from(entity: &types::AuthEntity) -> Self {
        Self {
            access: entity.access_token.clone().into(),
            refresh: entity.refresh_token.clone().into(),
        }
    }
}

impl Auth {
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
        let (marker, current, dead) = {
            let state = self.state();
            (
                state.marker.clone(),
                state.tokens.clone(),
                state.dead_refresh.clone(),
            )
        };
        let current = current.ok_or(OneEntryError::Refused(Refusal::NotSignedIn))?;
        if stale_access != Some(&current.access) {
            tracing::debug!("OneEntry tokens changed since the request was sent; retrying");
            return Ok(current);
        }
        if let Some((token, why)) = dead
            && token == current.refresh
        {
            return Err(OneEntryError::Refused(why));
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
                tracing::warn!(%marker, %error, "OneEntry token refresh failed");
                // A refresh token the provider refused, or one whose refresh got no
                // answer (it may be spent), is never sent again; one that only met an
                // outage is tried again by a later call.
                let dead = match &error {
                    OneEntryError::Refused(why @ Refusal::RefreshLost) => Some(why.clone()),
                    e if e.status().is_some_and(|s| s.is_client_error()) => {
                        Some(Refusal::RefreshRejected)
                    }
                    _ => None,
                };
                let mut state = self.state();
                if let Some(why) = dead
                    && state.tokens.as_ref() == Some(&current)
                {
                    state.dead_refresh = Some((current.refresh, why));
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
        let sent =
            payments_wire::send::<OneEntryApi>(&self.shared.policy, http, "refresh", request)
                .await
                .map_err(|not_sent| OneEntryError::NotSent {
                    operation: not_sent.operation,
                })?;
        if sent.outcome_unknown {
            return Err(OneEntryError::Refused(Refusal::RefreshLost));
        }
        let response = sent.result.map_err(OneEntryError::Transport)?;
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
