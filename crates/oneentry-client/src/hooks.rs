//! The client hooks: every request gets `Content-Type`, `x-app-token` and the bearer
//! token (POSTs also `x-device-metadata`), progenitor's `api-version` header is removed,
//! and a 401 is answered by one refresh and one retry (docs/providers/oneentry.md#headers).

use payments_wire::{CallPolicy, Hooks, Origin, PrepareError};
use reqwest::Method;
use reqwest::header::{AUTHORIZATION, CONTENT_TYPE};

use crate::auth::{Auth, JSON, X_APP_TOKEN, X_DEVICE_METADATA, bearer_value, sent_access};
use crate::error::{OneEntryApi, OneEntryError, Refusal};
use crate::{Client, query};

/// Operations whose 401 is returned as is: signing in and refreshing mean the credentials
/// themselves were refused, and `logout` carries the refresh token in its body, so
/// [`Client::sign_out`] refreshes and retries it itself with the new token.
const NO_REFRESH_ON_401: [&str; 3] = ["auth", "refresh", "logout"];

/// The secrets of the bodies the spec defines (every `SecretString` field of a request
/// body): sign-in values (a password), refresh tokens, one-time codes and new passwords.
const SECRET_BODY_PATHS: [&str; 5] = [
    "/authData/*/value",
    "/refreshToken",
    "/code",
    "/password1",
    "/password2",
];

impl Hooks for Auth {
    type Service = OneEntryApi;

    fn prepare(
        &self,
        request: &mut reqwest::Request,
        operation: &'static str,
    ) -> Result<(), PrepareError<Refusal>> {
        query::apply_sdk_layout(request.url_mut(), operation, self.lang_code());
        let is_post = request.method() == Method::POST;
        let bearer = self.bearer().map_err(PrepareError::Invalid)?;
        let headers = request.headers_mut();
        headers.insert(CONTENT_TYPE, JSON);
        if let Some(token) = &self.shared.app_token {
            headers.insert(X_APP_TOKEN, token.clone());
        }
        match bearer {
            Some(bearer) => headers.insert(AUTHORIZATION, bearer),
            None => headers.remove(AUTHORIZATION),
        };
        if is_post {
            headers.insert(X_DEVICE_METADATA, self.shared.device_header.clone());
        }
        Ok(())
    }

    fn secret_body_paths(&self) -> &'static [&'static str] {
        &SECRET_BODY_PATHS
    }

    fn renews_on_401(&self, operation: &'static str) -> bool {
        !NO_REFRESH_ON_401.contains(&operation)
    }

    async fn renewed(
        &self,
        http: &reqwest::Client,
        base_url: &str,
        mut sent: reqwest::Request,
        operation: &'static str,
    ) -> Result<Option<reqwest::Request>, Refusal> {
        let stale = sent_access(&sent);
        let fresh = match self.renew(http, base_url, stale.as_ref()).await {
            Ok(fresh) => fresh,
            // The refresh got no answer: say so rather than hand back the 401.
            Err(OneEntryError::Refused(why @ Refusal::RefreshLost)) => return Err(why),
            Err(error) => {
                tracing::debug!(operation, %error, "no retry after 401");
                return Ok(None);
            }
        };
        let Ok(bearer) = bearer_value(&fresh.access) else {
            return Ok(None);
        };
        sent.headers_mut().insert(AUTHORIZATION, bearer);
        Ok(Some(sent))
    }

    fn policy(&self) -> &CallPolicy {
        &self.shared.policy
    }

    fn origin(&self) -> &Origin {
        &self.shared.origin
    }
}

payments_wire::client_hooks!(Client, Auth);
