//! Paywall adapter: payment lookup, bulk (batch) queries, refunds.

use std::borrow::Cow;

use async_trait::async_trait;
use payments_core::{
    BulkPage, BulkPayments, BulkSummary, Money, Page, PageRequest, Paged, Paging, Payment,
    PaymentError, PaymentId, PaymentLookup, PaymentRef, PaymentStatus, PaymentsError, Provider,
    Refund, RefundOutcome, RefundRequest, RefundStatus, RefundTarget, Refunds, Result,
};
use paywall_client::{CallExt, Client, PaywallConfig, PaywallError, types};
use rust_decimal::Decimal;

use crate::client_error::{from_client, invalid_input, may_have};
use crate::convert::currency;
use crate::input::{header_text, numeric_id, positive_amount};
use crate::mapping::ToShared;
use crate::mapping::paywall::currency as iso_currency;

const P: Provider = Provider::Paywall;

/// The `pageNumber` of the first page. Paywall's documentation does not say whether
/// pages count from 0 or 1 (unverified; docs/providers/paywall.md#paging); its
/// .NET-style paging and the `PageNumber`/`TotalPages` fields read most naturally as
/// 1-based.
pub const FIRST_PAGE_NUMBER: u32 = 1;

/// The most payments a bulk query page holds (docs/providers/paywall.md#paging).
pub const MAX_PAGE_SIZE: u32 = 1000;

/// Paywall behind the core capability traits.
///
/// A refund sends [`RefundRequest::payment_date`] exactly as the caller gives it (the
/// payment's day in Paywall's day, Istanbul UTC+3, inferred; docs/providers/paywall.md#time-zone);
/// nothing here decides whether a payment is of "today". A full refund by payment id is a
/// revert, where Paywall picks cancel or refund by its own day.
#[derive(Debug)]
pub struct Paywall {
    client: Client,
    paging: Paging,
}

impl Paywall {
    /// Builds the client for both hosts, with the default [`Paging`]; no request is sent.
    pub fn new(config: &PaywallConfig) -> Result<Self, payments_wire::ConfigError> {
        Ok(Self {
            client: Client::from_config(config)?,
            paging: Paging::default(),
        })
    }

    /// The same adapter, its bulk payment stream fetching pages as `paging` says.
    pub fn with_paging(self, paging: Paging) -> Self {
        Self { paging, ..self }
    }

    /// The generated client, for everything Paywall offers beyond the core traits.
    pub fn client(&self) -> &Client {
        &self.client
    }
}

/// Refuses a page size Paywall does not serve, before anything is sent.
pub fn check_page_size(size: u32) -> Result<(), PaymentsError> {
    if size > MAX_PAGE_SIZE {
        return Err(invalid_input(
            P,
            format!("the page size is at most {MAX_PAGE_SIZE} payments on Paywall, not {size}"),
        ));
    }
    Ok(())
}

/// A Paywall error as a [`PaymentsError`].
fn error(e: PaywallError) -> PaymentsError {
    from_client(P, e)
}

/// A payment status as the shared status and its raw text; absent is `Unknown("")`.
#[inline]
fn status(s: Option<paywall_client::wire::PaymentStatus>) -> (PaymentStatus, Cow<'static, str>) {
    match s {
        Some(s) => (s.to_shared(), s.into_raw()),
        None => (PaymentStatus::Unknown(String::new()), Cow::Borrowed("")),
    }
}

#[inline]
fn bulk_payment(p: types::BulkPayment) -> Payment {
    let (status, raw_status) = status(p.status);
    Payment {
        id: p
            .payment_id
            .map_or_else(|| PaymentId::new(""), PaymentId::from),
        merchant_reference: p.merchant_unique_code,
        // The bulk query states no currency.
        amount: Money::without_currency(p.amount.unwrap_or_default()),
        paid_amount: None,
        status,
        raw_status,
        refund_status: None,
        activity: p.scope.map(|s| s.to_shared()),
        error: p
            .error_message
            .filter(|m| !m.is_empty())
            .map(|m| PaymentError {
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

/// The totals of a bulk query or its summary (the two answers carry the same fields).
macro_rules! summary {
    ($answer:expr) => {{
        let a = &$answer;
        BulkSummary {
            accepted: a.result.unwrap_or(false),
            total_count: count(a.total_payment_count).unwrap_or(0),
            total_amount: a.total_payment_amount.map(Money::without_currency),
            succeeded_count: count(a.total_success_payment_count),
            succeeded_amount: a.total_success_payment_amount.map(Money::without_currency),
            failed_count: count(a.total_unsuccessful_payment_count),
            failed_amount: a
                .total_unsuccessful_payment_amount
                .map(Money::without_currency),
            unprocessed_count: count(a.total_unprocessed_payment_count),
            unprocessed_amount: a
                .total_unprocessed_payment_amount
                .map(Money::without_currency),
        }
    }};
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
    let code = r.currency_name.as_deref().filter(|n| n.len() == 3);
    let code = code.or_else(|| r.currency_id.as_ref().and_then(iso_currency));
    let cur = currency(P, code);
    let refund_status = refund_status(&r);
    let (status, raw_status) = status(r.status_id);
    Payment {
        id: r
            .payment_id
            .map_or_else(|| PaymentId::new(""), PaymentId::from),
        merchant_reference: r.merchant_unique_code,
        amount: Money {
            amount: r.payment_amount.unwrap_or_default(),
            currency: cur,
        },
        paid_amount: r.activity_amount.map(|amount| Money {
            amount,
            currency: cur,
        }),
        status,
        refund_status,
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
                let code = header_text(P, "merchant reference", code)?;
                self.client
                    .private_query()
                    .merchantuniquecode(code.to_string())
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
            other => {
                return Err(invalid_input(
                    P,
                    format!(
                        "Paywall looks payments up by id or merchant reference, not by {other}"
                    ),
                ));
            }
        };
        Ok(record(found.map_err(error)?))
    }
}

impl Paged for Paywall {
    fn paging(&self) -> Paging {
        self.paging
    }
}

#[async_trait]
impl BulkPayments for Paywall {
    async fn bulk_page(&self, batch: &str, page: PageRequest) -> Result<BulkPage> {
        check_page_size(page.size())?;
        let batch = header_text(P, "batch's merchant unique code", batch)?;
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
        let totals = summary!(q);
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
        let batch = header_text(P, "batch's merchant unique code", batch)?;
        let s = self
            .client
            .bulk_payment_query_summary()
            .merchantuniquecode(batch.to_string())
            .send()
            .payload()
            .await
            .map_err(error)?;
        Ok(summary!(s))
    }
}

#[async_trait]
impl Refunds for Paywall {
    async fn refund(&self, request: &RefundRequest) -> Result<Refund> {
        if let Some(amount) = request.amount {
            positive_amount(P, "refund amount", amount)?;
        }
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
                    // Revert: Amount 0 cancels (same day) or refunds (later) in full;
                    // Paywall decides which, by its own day.
                    None => {
                        self.client
                            .private_revert_by_payment_id()
                            .body_map(move |b| b.payment_id(id).amount(Decimal::ZERO))
                            .send()
                            .payload()
                            .await
                    }
                    // The documentation lists `Date` in this body; the .NET SDK's
                    // optional Date is not the documented form
                    // (docs/providers/paywall.md#refunds).
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
            other => {
                return Err(invalid_input(P, format!("Paywall cannot refund {other}")));
            }
        };
        // Paywall documents no idempotency key: a refund whose answer was lost is never
        // sent again, and the error says how to look it up.
        let reference = match &request.target {
            RefundTarget::Payment(payment) => payment.to_string(),
            other => other.to_string(),
        };
        let ack =
            ack.map_err(|e| may_have(error(e), "the refund may have been made", Some(&reference)))?;
        Ok(Refund {
            id: None,
            payment_id,
            item_id: None,
            amount: request.amount.map(Money::without_currency),
            // Paywall answered `Result: true`: the refund was accepted.
            outcome: RefundOutcome::Succeeded,
            raw_outcome: ack.message.unwrap_or_else(|| "Result: true".into()),
            created_at: None,
            idempotency_key: None,
        })
    }
}
