//! What a client needs to reach the sandbox: URLs, credentials and the seeded demo values.

use std::fmt;

use serde::{Deserialize, Serialize};

/// Everything a client needs to talk to a running sandbox. Serialises to the one-line JSON
/// the CLI prints; `Debug` hides every credential.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SandboxInfo {
    /// The fake OneEntry project.
    pub oneentry: OneEntryInfo,
    /// The fake Paywall hosts.
    pub paywall: PaywallInfo,
    /// The fake Craftgate host.
    pub craftgate: CraftgateInfo,
    /// The control listener (endpoints, deliveries, triggers, seeding; see
    /// [`Sandbox::pushes`](crate::Sandbox::pushes)).
    pub control: ControlInfo,
}

/// Where a running sandbox is driven from another process.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ControlInfo {
    /// The control listener (`http://host:port`): `GET /info`, `POST /endpoints`,
    /// `GET /deliveries`, `POST /trigger`, `POST /paywall/batches`.
    pub url: String,
    /// How many times faster than the providers the sandbox pushes.
    pub push_time_scale: u32,
    /// How long an endpoint has to answer one attempt of a push, in milliseconds.
    pub push_attempt_timeout_ms: u64,
}

/// The fake OneEntry project and its demo user.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OneEntryInfo {
    /// The project URL (`http://host:port`, no path, no trailing slash).
    pub url: String,
    /// The project's `x-app-token` (secret).
    pub app_token: String,
    /// The auth provider marker to sign in with (`email`).
    pub auth_marker: String,
    /// The `authData` marker carrying the login (`email_reg`).
    pub login_field: String,
    /// The `authData` marker carrying the password (`password_reg`).
    pub password_field: String,
    /// The demo user's login.
    pub login: String,
    /// The demo user's password (secret).
    pub password: String,
    /// The order storage marker (`orders`).
    pub order_storage_marker: String,
    /// The form identifier orders must use (`order`).
    pub form_identifier: String,
    /// The payment account identifier for new orders (`cash`).
    pub payment_account_identifier: String,
    /// A product that can be ordered.
    pub product_id: i64,
}

/// The fake Paywall hosts and key pairs.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PaywallInfo {
    /// PaymentAPI (`http://host:port`).
    pub payment_api_url: String,
    /// PaymentPrivateAPI (`http://host:port`).
    pub private_api_url: String,
    /// `apikeypublic` (secret).
    pub api_key_public: String,
    /// `apiclientpublic` (secret).
    pub api_client_public: String,
    /// `apikeyprivate` (secret).
    pub api_key_private: String,
    /// `apiclientprivate` (secret).
    pub api_client_private: String,
    /// The `MerchantUniqueCode` of the seeded bulk batch.
    pub bulk_merchant_unique_code: String,
    /// The System Webhook Hash Key the bulk callbacks' `Hash` is made with (secret).
    pub webhook_hash_key: String,
}

/// The fake Craftgate host and keys.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CraftgateInfo {
    /// The base URL (`http://host:port`).
    pub base_url: String,
    /// `x-api-key` (secret).
    pub api_key: String,
    /// The secret key that goes into `x-signature` (secret).
    pub secret_key: String,
    /// The seeded demo payment with a three-item breakdown, one item partially refunded.
    pub payment_id: i64,
    /// The merchant's webhook key `x-cg-signature-v1` is made with (secret).
    pub webhook_key: String,
}

const HIDDEN: &str = "***";

impl fmt::Debug for SandboxInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SandboxInfo")
            .field("oneentry", &self.oneentry)
            .field("paywall", &self.paywall)
            .field("craftgate", &self.craftgate)
            .field("control", &self.control)
            .finish()
    }
}

impl fmt::Debug for OneEntryInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("OneEntryInfo")
            .field("url", &self.url)
            .field("app_token", &HIDDEN)
            .field("auth_marker", &self.auth_marker)
            .field("login_field", &self.login_field)
            .field("password_field", &self.password_field)
            .field("login", &self.login)
            .field("password", &HIDDEN)
            .field("order_storage_marker", &self.order_storage_marker)
            .field("form_identifier", &self.form_identifier)
            .field(
                "payment_account_identifier",
                &self.payment_account_identifier,
            )
            .field("product_id", &self.product_id)
            .finish()
    }
}

impl fmt::Debug for PaywallInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("PaywallInfo")
            .field("payment_api_url", &self.payment_api_url)
            .field("private_api_url", &self.private_api_url)
            .field("api_key_public", &HIDDEN)
            .field("api_client_public", &HIDDEN)
            .field("api_key_private", &HIDDEN)
            .field("api_client_private", &HIDDEN)
            .field("bulk_merchant_unique_code", &self.bulk_merchant_unique_code)
            .field("webhook_hash_key", &HIDDEN)
            .finish()
    }
}

impl fmt::Debug for CraftgateInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CraftgateInfo")
            .field("base_url", &self.base_url)
            .field("api_key", &HIDDEN)
            .field("secret_key", &HIDDEN)
            .field("payment_id", &self.payment_id)
            .field("webhook_key", &HIDDEN)
            .finish()
    }
}
