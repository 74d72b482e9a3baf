//! The client hooks: every request gets `Content-Type`, `x-app-token` and the bearer
//! token (POSTs also `x-device-metadata`), progenitor's `api-version` header is removed,
//! and a 401 is answered by one refresh and one retry (docs/providers/oneentry.md#headers).

use progenitor_client::{ClientHooks, ClientInfo, OperationInfo};
use reqwest::header::{AUTHORIZATION, CONTENT_TYPE, HeaderName};
use reqwest::{Method, StatusCode};

use crate::auth::{Auth, JSON, X_APP_TOKEN, X_DEVICE_METADATA, bearer_value, sent_access};
use crate::{Client, query};

const API_VERSION: HeaderName = HeaderName::from_static("api-version");

/// Operations whose 401 is returned as is: signing in and refreshing mean the credentials
/// themselves were refused, and `logout` carries the refresh token in its body, so
/// [`Client::sign_out`] refreshes and retries it itself with the new token.
const NO_REFRESH_ON_401: [&str; 3] = ["auth", "refresh", "logout"];

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
