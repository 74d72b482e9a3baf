//! Paywall adapter: payment lookup, bulk (batch) queries, refunds.

use std::time::Duration;

use async_trait::async_trait;
use payments_core::{
    BulkPage, BulkPayments, BulkSummary, ErrorKind, Money, Page, PageRequest, Payment, PaymentId,
    PaymentLookup, PaymentRef, PaymentsError, Provider, ProviderError, Refund, RefundOutcome,
    RefundRequest, RefundStatus, RefundTarget, Refunds, Result,
};
use paywall_client::{CallExt, Client, PaywallError, types};
use rust_decimal::Decimal;

use crate::config::{ConfigError, PaywallConfig};
use crate::convert::{money, numeric_id};
use crate::errors::{invalid_input, kind_for_status};
use crate::mapping;
use crate::policy::checked_base_url;

const P: Provider = Provider::Paywall;

/// The `pageNumber` of the first page. The notes do not say whether Paywall counts pages
/// from 0 or 1 (api-notes/paywall.md §3.1, UNVERIFIED); its .NET-style paging and the
/// `PageNumber`/`TotalPages` fields read most naturally as 1-based.
pub const FIRST_PAGE_NUMBER: u32 = 1;

/// Paywall behind the core capability traits.
#[derive(Debug)]
pub struct Paywall {
    client: Client,
}

impl Paywall {
    /// Builds the client for both hosts; no request is sent.
    pub fn new(config: &PaywallConfig, timeout: Duration) -> Result<Self, ConfigError> {
        let mut c = paywall_client::PaywallConfig::with_urls(
            checked_base_url("PAYWALL_PAYMENT_API_URL", &config.payment_api_url)?,
            checked_base_url("PAYWALL_PRIVATE_API_URL", &config.private_api_url)?,
        )
        .with_timeout(timeout);
        if let Some(k) = &config.public {
            c = c.with_public_keys(k.api_key.clone(), k.api_client.clone());
        }
        if let Some(k) = &config.private {
            c = c.with_private_keys(k.api_key.clone(), k.api_client.clone());
        }
        let client = Client::from_config(&c).map_err(|e| ConfigError::Client {
            provider: "Paywall",
            reason: e.to_string(),
        })?;
        Ok(Self { client })
    }

    /// The generated client, for everything Paywall offers beyond the core traits.
    pub fn client(&self) -> &Client {
        &self.client
    }
}

/// A Paywall error as a [`PaymentsError`].
fn error(e: PaywallError) -> PaymentsError {
    let (kind, status, code, message) = match &e {
        PaywallError::Api(api) => {
            let status = api.status.as_u16();
            // HTTP 200 with `Result: false`: Paywall processed the request and said no.
            let kind = if api.status.is_success() {
                ErrorKind::Rejected
            } else {
                kind_for_status(status)
            };
            let message = api
                .message
                .clone()
                .or_else(|| api.error_message.clone())
                .unwrap_or_else(|| e.to_string());
            (
                kind,
                Some(status),
                api.error_code.map(|c| c.to_string()),
                message,
            )
        }
        PaywallError::Http { status, .. } => (
            kind_for_status(status.as_u16()),
            Some(status.as_u16()),
            None,
            e.to_string(),
        ),
        PaywallError::MissingKeys { .. } | PaywallError::InvalidConfig { .. } => {
            (ErrorKind::Configuration, None, None, e.to_string())
        }
        PaywallError::InvalidRequest(_) | PaywallError::Hook(_) => {
            (ErrorKind::InvalidRequest, None, None, e.to_string())
        }
        PaywallError::Transport(t) => (
            ErrorKind::Unavailable,
            t.status().map(|s| s.as_u16()),
            None,
            e.to_string(),
        ),
        PaywallError::Decode { .. } | PaywallError::MissingBody(_) => {
            (ErrorKind::UnexpectedResponse, None, None, e.to_string())
        }
    };
    let mut out = PaymentsError::new(P, kind, message);
    if let Some(status) = status {
        out = out.with_status(status);
    }
    if let Some(code) = code {
        out = out.with_code(code);
    }
    out.with_source(e)
}

fn status_text<T: std::fmt::Display>(s: &Option<T>) -> String {
    s.as_ref().map(ToString::to_string).unwrap_or_default()
}

fn bulk_payment(p: types::BulkPayment) -> Payment {
    let raw_status = status_text(&p.status);
    Payment {
        id: PaymentId::new(p.payment_id.map(|i| i.to_string()).unwrap_or_default()),
        merchant_reference: p.merchant_unique_code,
        // The bulk query states no currency.
        amount: Money::without_currency(p.amount.unwrap_or_default()),
        paid_amount: None,
        status: mapping::paywall_payment_status(&raw_status),
        raw_status,
        refund_status: None,
        activity: p.scope.map(|s| mapping::paywall_scope(&s.to_string())),
        error: p
            .error_message
            .filter(|m| !m.is_empty())
            .map(|m| ProviderError {
                code: None,
                message: Some(m),
                group: None,
            }),
        created_at: None,
    }
}

fn count(v: Option<i64>) -> Option<u64> {
    v.and_then(|c| u64::try_from(c).ok())
}

#[allow(clippy::too_many_arguments)]
fn summary(
    accepted: Option<bool>,
    total: Option<i64>,
    total_amount: Option<Decimal>,
    ok: Option<i64>,
    ok_amount: Option<Decimal>,
    failed: Option<i64>,
    failed_amount: Option<Decimal>,
    unprocessed: Option<i64>,
    unprocessed_amount: Option<Decimal>,
) -> BulkSummary {
    BulkSummary {
        accepted: accepted.unwrap_or(false),
        total_count: count(total).unwrap_or(0),
        total_amount: total_amount.map(Money::without_currency),
        succeeded_count: count(ok),
        succeeded_amount: ok_amount.map(Money::without_currency),
        failed_count: count(failed),
        failed_amount: failed_amount.map(Money::without_currency),
        unprocessed_count: count(unprocessed),
        unprocessed_amount: unprocessed_amount.map(Money::without_currency),
    }
}

/// What a payment record says about refunds: only the explicit flags count.
fn refund_status(r: &types::PaymentRecord) -> Option<RefundStatus> {
    match (
        r.any_success_refund,
        r.any_success_partial_refund,
        r.any_success_payment,
    ) {
        (Some(true), _, _) => Some(RefundStatus::FullyRefunded),
        (_, Some(true), _) => Some(RefundStatus::PartiallyRefunded),
        (Some(false), Some(false), Some(true)) => Some(RefundStatus::NotRefunded),
        (_, _, Some(false)) => Some(RefundStatus::NoRefund),
        _ => None,
    }
}

fn record(r: types::PaymentRecord) -> Payment {
    let currency = r
        .currency_name
        .clone()
        .filter(|n| n.len() == 3)
        .or_else(|| {
            r.currency_id
                .as_ref()
                .and_then(|c| mapping::paywall_currency(&c.to_string()))
                .map(String::from)
        });
    let raw_status = status_text(&r.status_id);
    Payment {
        id: PaymentId::new(r.payment_id.map(|i| i.to_string()).unwrap_or_default()),
        merchant_reference: r.merchant_unique_code.clone(),
        amount: money(P, r.payment_amount.unwrap_or_default(), currency.as_deref()),
        paid_amount: r.activity_amount.map(|a| money(P, a, currency.as_deref())),
        status: mapping::paywall_payment_status(&raw_status),
        refund_status: refund_status(&r),
        raw_status,
        activity: None,
        error: None,
        created_at: None,
    }
}

#[async_trait]
impl PaymentLookup for Paywall {
    async fn payment(&self, payment: &PaymentRef) -> Result<Payment> {
        let found = match payment {
            PaymentRef::MerchantReference(code) => {
                self.client
                    .private_query()
                    .merchantuniquecode(code.clone())
                    .send()
                    .payload()
                    .await
            }
            PaymentRef::Id(id) => {
                let id = numeric_id(P, "payment", id.as_str())?;
                self.client
                    .private_query_by_payment_id()
                    .paymentid(id)
                    .send()
                    .payload()
                    .await
            }
        };
        Ok(record(found.map_err(error)?))
    }
}

#[async_trait]
impl BulkPayments for Paywall {
    async fn bulk_page(&self, batch: &str, page: PageRequest) -> Result<BulkPage> {
        if page.size() > 1000 {
            return Err(invalid_input(
                P,
                format!(
                    "Paywall pages hold at most 1000 payments, not {}",
                    page.size()
                ),
            ));
        }
        let number = i32::try_from(page.number() + FIRST_PAGE_NUMBER)
            .map_err(|_| invalid_input(P, "page number out of range"))?;
        let q = self
            .client
            .bulk_payment_query()
            .merchantuniquecode(batch.to_string())
            .page_number(number)
            .page_size(page.size())
            .send()
            .payload()
            .await
            .map_err(error)?;
        let total_pages = q.total_pages.and_then(|t| u32::try_from(t).ok());
        let totals = summary(
            q.result,
            q.total_payment_count,
            q.total_payment_amount,
            q.total_success_payment_count,
            q.total_success_payment_amount,
            q.total_unsuccessful_payment_count,
            q.total_unsuccessful_payment_amount,
            q.total_unprocessed_payment_count,
            q.total_unprocessed_payment_amount,
        );
        Ok(BulkPage {
            payments: Page {
                items: q.payments.into_iter().map(bulk_payment).collect(),
                request: page,
                total_items: Some(totals.total_count),
                total_pages,
            },
            summary: totals,
        })
    }

    async fn bulk_summary(&self, batch: &str) -> Result<BulkSummary> {
        let s = self
            .client
            .bulk_payment_query_summary()
            .merchantuniquecode(batch.to_string())
            .send()
            .payload()
            .await
            .map_err(error)?;
        Ok(summary(
            s.result,
            s.total_payment_count,
            s.total_payment_amount,
            s.total_success_payment_count,
            s.total_success_payment_amount,
            s.total_unsuccessful_payment_count,
            s.total_unsuccessful_payment_amount,
            s.total_unprocessed_payment_count,
            s.total_unprocessed_payment_amount,
        ))
    }
}

#[async_trait]
impl Refunds for Paywall {
    async fn refund(&self, request: &RefundRequest) -> Result<Refund> {
        let date = request.payment_date;
        let needs_date = || {
            invalid_input(
                P,
                "Paywall refunds need the payment's date (RefundRequest::payment_date), except a full revert by payment id",
            )
        };
        let (ack, payment_id) = match &request.target {
            RefundTarget::Payment(PaymentRef::MerchantReference(code)) => {
                let date = date.ok_or_else(needs_date)?;
                let code = code.clone();
                let ack = match request.amount {
                    None => {
                        self.client
                            .private_refund()
                            .body_map(move |b| b.date(date).merchant_unique_code(code))
                            .send()
                            .payload()
                            .await
                    }
                    Some(amount) => {
                        self.client
                            .private_refund_partial()
                            .body_map(move |b| {
                                b.date(date).merchant_unique_code(code).amount(amount)
                            })
                            .send()
                            .payload()
                            .await
                    }
                };
                (ack, None)
            }
            RefundTarget::Payment(PaymentRef::Id(id)) => {
                let id = numeric_id(P, "payment", id.as_str())?;
                let ack = match request.amount {
                    // Revert: Amount 0 cancels (same day) or refunds (later) in full.
                    None => {
                        self.client
                            .private_revert_by_payment_id()
                            .body_map(move |b| b.payment_id(id).amount(Decimal::ZERO))
                            .send()
                            .payload()
                            .await
                    }
                    // The notes document `Date` in this body (api-notes/paywall.md §3.2);
                    // the .NET SDK's optional Date is not the documented form.
                    Some(amount) => {
                        let date = date.ok_or_else(needs_date)?;
                        self.client
                            .private_refund_partial_by_payment_id()
                            .body_map(move |b| b.payment_id(id).amount(amount).date(Some(date)))
                            .send()
                            .payload()
                            .await
                    }
                };
                (ack, Some(PaymentId::from(id)))
            }
            RefundTarget::Item(_) => {
                return Err(invalid_input(
                    P,
                    "Paywall refunds whole payments (optionally partly), not breakdown items",
                ));
            }
        };
        let ack = ack.map_err(error)?;
        Ok(Refund {
            id: None,
            payment_id,
            item_id: None,
            amount: request.amount.map(Money::without_currency),
            // Paywall answered `Result: true`: the refund was accepted.
            outcome: RefundOutcome::Succeeded,
            raw_outcome: ack.message.unwrap_or_else(|| "Result: true".into()),
            created_at: None,
        })
    }
}
