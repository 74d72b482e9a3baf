//! Paywall by hand: one payment by id on PaymentPrivateAPI (private key pair, `paymentid`
//! header, the `{ErrorCode, Result, Message, Body: {Paywall}}` envelope) and one bulk
//! page on PaymentAPI (public key pair, the documented bare answer;
//! docs/providers/paywall.md#routing-and-keys).

use reqwest::header::{ACCEPT, HeaderValue};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::failure::{Failure, fail};
use crate::hand::wire::{JSON, TIMEOUT, read_body, read_json, secret_header};

/// The envelope of a private query.
#[derive(Debug, Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
struct QueryResponse {
    error_code: Option<i64>,
    result: Option<bool>,
    message: Option<String>,
    error_code_type: Option<i64>,
    error_message: Option<String>,
    body: Option<QueryBody>,
}

/// `Body` of a private query.
#[derive(Debug, Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
struct QueryBody {
    paywall: Option<Record>,
}

/// One payment as the private queries return it (docs/providers/paywall.md#payment-record).
#[derive(Debug, Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct Record {
    #[serde(skip_serializing_if = "Option::is_none")]
    activity_amount: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    activity_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    any_success_cancel: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    any_success_partial_refund: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    any_success_payment: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    any_success_refund: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    applied_interest: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    card_bank_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    card_brand_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    card_family_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    card_number: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    card_owner_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    card_type_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    commission_amount: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    commission_rate: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    currency_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    currency_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    installment: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    interest_amount: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    interest_rate: Option<Decimal>,
    #[serde(rename = "IP", skip_serializing_if = "Option::is_none")]
    ip: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    last_activity_date_time: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    merchant_unique_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    original_amount: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    payment_amount: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    payment_channel_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    payment_channel_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    payment_gateway_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    payment_gateway_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    payment_gateway_provider_name: Option<String>,
    /// Paywall's payment id.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub payment_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    payment_method_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    payment_method_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    payment_tag_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    payment_tag_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    status_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    status_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tracking_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    type_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    type_name: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    unique_code: Option<String>,
}

/// A bulk query page as documented (un-enveloped).
#[derive(Debug, Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct BulkPage {
    #[serde(skip_serializing_if = "Option::is_none")]
    page_number: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    page_size: Option<i64>,
    /// The payments on the page.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub payments: Vec<BulkPayment>,
    #[serde(skip_serializing_if = "Option::is_none")]
    result: Option<bool>,
    #[serde(skip_serializing_if = "Option::is_none")]
    total_pages: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    total_payment_amount: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    total_payment_count: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    total_success_payment_amount: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    total_success_payment_count: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    total_unprocessed_payment_amount: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    total_unprocessed_payment_count: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    total_unsuccessful_payment_amount: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    total_unsuccessful_payment_count: Option<i64>,
}

/// One payment of a bulk page.
#[derive(Debug, Deserialize, Serialize)]
#[serde(rename_all = "PascalCase")]
pub struct BulkPayment {
    #[serde(skip_serializing_if = "Option::is_none")]
    amount: Option<Decimal>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error_message: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    merchant_unique_code: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    payment_id: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    scope: Option<i64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    status: Option<i64>,
}

/// Decodes a bulk page from its bytes: the hand-written decode the micro benchmark
/// compares with the client's.
pub fn decode_bulk_page(body: &[u8]) -> Result<BulkPage, Failure> {
    let page: BulkPage = serde_json::from_slice(body).map_err(fail)?;
    if page.result == Some(false) {
        return Err(Failure::new("Paywall refused the bulk query"));
    }
    Ok(page)
}

/// One key pair as the two header values it is sent as.
struct KeyPair {
    key: HeaderValue,
    client: HeaderValue,
}

impl KeyPair {
    fn new((key, client): (&str, &str)) -> Result<Self, Failure> {
        Ok(Self {
            key: secret_header(key)?,
            client: secret_header(client)?,
        })
    }
}

/// The hand-written Paywall caller.
pub struct Paywall {
    http: reqwest::Client,
    payment_api: String,
    private_api: String,
    public: KeyPair,
    private: KeyPair,
}

impl Paywall {
    /// A caller of PaymentAPI at `payment_api` and PaymentPrivateAPI at `private_api`.
    pub fn new(
        http: reqwest::Client,
        payment_api: &str,
        private_api: &str,
        public: (&str, &str),
        private: (&str, &str),
    ) -> Result<Self, Failure> {
        Ok(Self {
            http,
            payment_api: payment_api.to_string(),
            private_api: private_api.to_string(),
            public: KeyPair::new(public)?,
            private: KeyPair::new(private)?,
        })
    }

    /// The payment with Paywall's id `id`.
    pub async fn payment(&self, id: i64) -> Result<Record, Failure> {
        let response = self
            .http
            .get(format!(
                "{}/api/paywall/private/query/by/paymentid",
                self.private_api
            ))
            .header(ACCEPT, JSON)
            .header("paymentid", id)
            .header("apikeyprivate", self.private.key.clone())
            .header("apiclientprivate", self.private.client.clone())
            .timeout(TIMEOUT)
            .send()
            .await
            .map_err(fail)?;
        let answer: QueryResponse = read_json(response).await?;
        if answer.result == Some(false) || answer.error_code.is_some_and(|c| c != 0) {
            return Err(Failure::new(format!("Paywall refused: {answer:?}")));
        }
        answer
            .body
            .and_then(|b| b.paywall)
            .ok_or_else(|| Failure::new("no Body.Paywall"))
    }

    /// Page `number` (from 1) of `size` payments of the bulk batch `batch`.
    pub async fn bulk_page(
        &self,
        batch: &str,
        number: u32,
        size: u32,
    ) -> Result<BulkPage, Failure> {
        let response = self
            .http
            .get(format!(
                "{}/api/paywall/payment/bulk/payment/query",
                self.payment_api
            ))
            .header(ACCEPT, JSON)
            .header("merchantuniquecode", batch)
            .header("pageNumber", number)
            .header("pageSize", size)
            .header("apikeypublic", self.public.key.clone())
            .header("apiclientpublic", self.public.client.clone())
            .timeout(TIMEOUT)
            .send()
            .await
            .map_err(fail)?;
        decode_bulk_page(&read_body(response).await?)
    }
}
