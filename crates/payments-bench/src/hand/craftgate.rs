//! Craftgate's breakdown by hand: the signed `GET /payment-reporting/v1/payments/{id}/transactions`
//! (docs/providers/craftgate.md#signing) and its `{"data": {"items": [...]}}` answer.

use base64::Engine as _;
use base64::engine::general_purpose::STANDARD;
use chrono::NaiveDateTime;
use percent_encoding::percent_decode_str;
use reqwest::header::{ACCEPT, CONTENT_TYPE, HeaderValue};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use crate::failure::{Failure, fail};
use crate::hand::wire::{JSON, TIMEOUT, read_body, secret_header};

/// Length of `x-rnd-key`: the client's 24 alphanumerics.
const RND_KEY_LEN: usize = 24;

/// The 62 characters of a random key.
const ALPHANUMERIC: &[u8; 62] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";

/// The answer: `data` and the `errors` a success may carry.
#[derive(Debug, Deserialize, Serialize)]
struct Envelope {
    data: Option<ItemList>,
    errors: Option<ErrorBody>,
}

/// Craftgate's error body.
#[derive(Debug, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
struct ErrorBody {
    error_code: Option<String>,
    error_description: Option<String>,
    error_group: Option<String>,
    provider_error: Option<ProviderError>,
}

/// The bank's or provider's error inside [`ErrorBody`].
#[derive(Debug, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
struct ProviderError {
    error_code: Option<String>,
    error_message: Option<String>,
}

/// `data`: the items and the paging fields.
#[derive(Debug, Default, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ItemList {
    /// The breakdown items.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub items: Vec<Item>,
    #[serde(skip_serializing_if = "Option::is_none")]
    page: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    size: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    total_size: Option<i64>,
}

/// One breakdown item (docs/providers/craftgate.md#breakdown-fields).
#[derive(Debug, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Item {
    #[serde(skip_serializing_if = "Option::is_none")]
    bank_commission_rate: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    bank_commission_rate_amount: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    blockage_resolved_date: Option<NaiveDateTime>,
    #[serde(skip_serializing_if = "Option::is_none")]
    created_date: Option<NaiveDateTime>,
    #[serde(skip_serializing_if = "Option::is_none")]
    external_id: Option<String>,
    /// The item id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    merchant_commission_rate: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    merchant_commission_rate_amount: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    merchant_payout_amount: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    paid_price: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    payout: Option<Payout>,
    #[serde(skip_serializing_if = "Option::is_none")]
    payout_status: Option<PayoutStatus>,
    #[serde(skip_serializing_if = "Option::is_none")]
    price: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    refund_status: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    refundable_price: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sub_merchant_member: Option<Member>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sub_merchant_member_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sub_merchant_member_payout_amount: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sub_merchant_member_payout_rate: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sub_merchant_member_price: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    transaction_status: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    transaction_status_date: Option<NaiveDateTime>,
    #[serde(skip_serializing_if = "Option::is_none")]
    wallet_price: Option<Decimal>,
}

/// An item's payout amounts.
#[derive(Debug, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
struct Payout {
    #[serde(skip_serializing_if = "Option::is_none")]
    currency: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    merchant_payout_amount: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    paid_price: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    parity: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sub_merchant_member_payout_amount: Option<Decimal>,
}

/// An item's payout states.
#[derive(Debug, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
struct PayoutStatus {
    #[serde(skip_serializing_if = "Option::is_none")]
    merchant_status: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    merchant_status_date: Option<NaiveDateTime>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sub_merchant_member_status: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    sub_merchant_member_status_date: Option<NaiveDateTime>,
}

/// The sub-merchant member.
#[derive(Debug, Deserialize, Serialize)]
#[serde(rename_all = "camelCase")]
struct Member {
    #[serde(skip_serializing_if = "Option::is_none")]
    address: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    contact_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    contact_surname: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    created_date: Option<NaiveDateTime>,
    #[serde(skip_serializing_if = "Option::is_none")]
    email: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    iban: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    is_buyer: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    is_sub_merchant: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    legal_company_title: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    member_external_id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    member_type: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    negative_wallet_amount_limit: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    phone_number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    settlement_delay_count: Option<i32>,
    #[serde(skip_serializing_if = "Option::is_none")]
    settlement_earnings_destination: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tax_number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tax_office: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    updated_date: Option<NaiveDateTime>,
}

/// Decodes a breakdown answer from its bytes: the items, or the `errors` a success may
/// carry as a failure (the hand-written decode the micro benchmark compares).
pub fn decode_breakdown(body: &[u8]) -> Result<ItemList, Failure> {
    let envelope: Envelope = serde_json::from_slice(body).map_err(fail)?;
    if let Some(errors) = envelope.errors {
        return Err(Failure::new(format!("Craftgate refused: {errors:?}")));
    }
    Ok(envelope.data.unwrap_or_default())
}

/// The merchant's keys, and the API key as the header value it is sent as.
pub struct Keys {
    api_key: String,
    api_key_header: HeaderValue,
    secret_key: String,
}

impl Keys {
    /// The keys, the API key checked as a header value once.
    pub fn new(api_key: &str, secret_key: &str) -> Result<Self, Failure> {
        Ok(Self {
            api_key: api_key.to_string(),
            api_key_header: secret_header(api_key)?,
            secret_key: secret_key.to_string(),
        })
    }
}

/// 24 random alphanumerics from the operating system, each of the 62 equally likely.
fn random_key() -> Result<String, Failure> {
    let mut out = String::with_capacity(RND_KEY_LEN);
    let mut bytes = [0u8; 32];
    while out.len() < RND_KEY_LEN {
        getrandom::fill(&mut bytes).map_err(fail)?;
        // 248 = 4 × 62: bytes from 248 up would favour the first characters.
        for b in bytes.iter().filter(|&&b| b < 248) {
            if let Some(&c) = ALPHANUMERIC.get(usize::from(*b) % ALPHANUMERIC.len()) {
                out.push(char::from(c));
            }
            if out.len() == RND_KEY_LEN {
                break;
            }
        }
    }
    Ok(out)
}

/// Signs `request` as Craftgate wants it: a fresh `x-rnd-key` and `x-signature` =
/// Base64(SHA-256(decoded URL + api key + secret key + random key + body)), with the API
/// key, the auth version and the JSON content headers.
pub fn sign(keys: &Keys, request: &mut reqwest::Request) -> Result<(), Failure> {
    let rnd_key = random_key()?;
    let body = match request.body() {
        Some(body) => body
            .as_bytes()
            .ok_or_else(|| Failure::new("a streamed body cannot be signed"))?,
        None => &[],
    };
    let url = percent_decode_str(request.url().as_str())
        .decode_utf8()
        .map_err(fail)?;
    let mut hasher = Sha256::new();
    hasher.update(url.as_bytes());
    hasher.update(keys.api_key.as_bytes());
    hasher.update(keys.secret_key.as_bytes());
    hasher.update(rnd_key.as_bytes());
    hasher.update(body);
    let signature = secret_header(&STANDARD.encode(hasher.finalize()))?;
    let rnd_key = HeaderValue::from_str(&rnd_key).map_err(fail)?;
    let headers = request.headers_mut();
    headers.insert(ACCEPT, JSON);
    headers.insert(CONTENT_TYPE, JSON);
    headers.insert("x-api-key", keys.api_key_header.clone());
    headers.insert("x-rnd-key", rnd_key);
    headers.insert("x-auth-version", HeaderValue::from_static("v1"));
    headers.insert("x-signature", signature);
    Ok(())
}

/// The hand-written Craftgate caller.
pub struct Craftgate {
    http: reqwest::Client,
    base: String,
    keys: Keys,
}

impl Craftgate {
    /// A caller of the server at `base` (`http://host:port`).
    pub fn new(http: reqwest::Client, base: &str, keys: Keys) -> Self {
        Self {
            http,
            base: base.to_string(),
            keys,
        }
    }

    /// The breakdown of payment `id`.
    pub async fn breakdown(&self, id: i64) -> Result<ItemList, Failure> {
        let url = format!(
            "{}/payment-reporting/v1/payments/{id}/transactions",
            self.base
        );
        let mut request = self.http.get(url).timeout(TIMEOUT).build().map_err(fail)?;
        sign(&self.keys, &mut request)?;
        let response = self.http.execute(request).await.map_err(fail)?;
        decode_breakdown(&read_body(response).await?)
    }
}
