//! OneEntry by hand: `GET /api/content/payments/sessions/{id}` with the app token and the
//! user's bearer token (docs/providers/oneentry.md#headers); the answer is the session
//! itself, no envelope.

use chrono::{DateTime, Utc};
use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderValue};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::failure::{Failure, fail};
use crate::hand::wire::{JSON, TIMEOUT, read_json, secret_header};

/// A payment session (docs/providers/oneentry.md#payment-sessions).
#[derive(Debug, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Session {
    #[serde(skip_serializing_if = "Option::is_none")]
    amount: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    cancel_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    client_secret: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    created_date: Option<DateTime<Utc>>,
    /// The session id.
    pub id: i64,
    #[serde(skip_serializing_if = "Option::is_none")]
    identifier: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    intent: Option<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    intent_id: Option<i64>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    line_items: Vec<Value>,
    #[serde(skip_serializing_if = "Option::is_none")]
    order_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    payment_account_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    payment_url: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    session_id: Option<String>,
    status: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    success_url: Option<String>,
    #[serde(rename = "type")]
    kind: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    updated_date: Option<DateTime<Utc>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    version: Option<i64>,
}

/// The hand-written OneEntry caller, signed in with a token pair obtained elsewhere.
pub struct OneEntry {
    http: reqwest::Client,
    base: String,
    app_token: HeaderValue,
    access_token: String,
}

impl OneEntry {
    /// A caller of the project at `base`.
    pub fn new(
        http: reqwest::Client,
        base: &str,
        app_token: &str,
        access_token: &str,
    ) -> Result<Self, Failure> {
        Ok(Self {
            http,
            base: base.to_string(),
            app_token: secret_header(app_token)?,
            access_token: access_token.to_string(),
        })
    }

    /// The payment session `id`.
    pub async fn session(&self, id: i64) -> Result<Session, Failure> {
        let response = self
            .http
            .get(format!("{}/api/content/payments/sessions/{id}", self.base))
            .header(ACCEPT, JSON)
            .header(CONTENT_TYPE, JSON)
            .header("x-app-token", self.app_token.clone())
            .bearer_auth(&self.access_token)
            .timeout(TIMEOUT)
            .send()
            .await
            .map_err(fail)?;
        read_json(response).await
    }
}
