//! Confirming a Paywall bulk batch: every payment read from the bulk query, each once, and
//! their number checked against the batch's totals.

use std::collections::HashSet;
use std::num::NonZeroU32;

use futures::TryStreamExt;
use payments::page::all_items;
use payments::{BulkSummary, ErrorKind, PageRequest, Paging, Payment, PaymentsError, Provider};

use crate::confirm::Confirm;
use crate::event::BatchResult;
use crate::key::EventKey;
use crate::outcome::ReceiveError;

/// Payments per bulk query page: the most Paywall serves (docs/providers/paywall.md#paging).
const QUERY_PAGE_SIZE: NonZeroU32 = match NonZeroU32::new(1000) {
    Some(n) => n,
    None => NonZeroU32::MIN,
};

/// Collects a batch's payments, each once, at most `max` of them.
struct Collector {
    summary: BulkSummary,
    max: usize,
    seen: HashSet<String>,
    payments: Vec<Payment>,
}

/// Why collecting stopped.
#[derive(Debug, PartialEq, Eq)]
enum Refusal {
    /// More payments than the receiver holds.
    TooMany(u64),
    /// The query's payments and its totals disagree.
    Inconsistent(String),
}

impl Collector {
    fn new(summary: BulkSummary, max: usize) -> Result<Self, Refusal> {
        if summary.total_count > max as u64 {
            return Err(Refusal::TooMany(summary.total_count));
        }
        Ok(Self {
            summary,
            max,
            seen: HashSet::new(),
            payments: Vec::new(),
        })
    }

    /// Adds `payment` unless the same payment (by id, or merchant reference when it has no
    /// id) was added already: a payment a shifting page order lists twice counts once.
    fn add(&mut self, payment: Payment) -> Result<(), Refusal> {
        let identity = if payment.id.as_str().is_empty() {
            payment.merchant_reference.clone()
        } else {
            Some(payment.id.as_str().to_string())
        };
        if let Some(identity) = identity
            && !self.seen.insert(identity)
        {
            tracing::debug!(payment = %payment.id, "the bulk query listed a payment twice");
            return Ok(());
        }
        if self.payments.len() >= self.max {
            return Err(Refusal::TooMany(self.payments.len() as u64 + 1));
        }
        self.payments.push(payment);
        Ok(())
    }

    fn finish(self) -> Result<BatchResult, Refusal> {
        let listed = self.payments.len() as u64;
        if listed != self.summary.total_count {
            return Err(Refusal::Inconsistent(format!(
                "the bulk query listed {listed} distinct payments, its totals say {}",
                self.summary.total_count
            )));
        }
        Ok(BatchResult {
            summary: self.summary,
            payments: self.payments,
        })
    }
}

/// Every payment of the batch `merchant_unique_code`, as the bulk query reports them,
/// fetched 1,000 a page (pages after the first ahead as `paging` says). `key` names the
/// batch in errors.
pub(crate) async fn query(
    confirm: &dyn Confirm,
    merchant_unique_code: &str,
    key: &EventKey,
    max: usize,
    paging: Paging,
) -> Result<BatchResult, ReceiveError> {
    let failed = |source: PaymentsError| ReceiveError::Confirmation {
        key: key.clone(),
        source: Box::new(source),
    };
    let refused = |refusal: Refusal| match refusal {
        Refusal::TooMany(payments) => ReceiveError::BatchTooLarge {
            key: key.clone(),
            payments,
            max,
        },
        Refusal::Inconsistent(message) => failed(PaymentsError::new(
            Provider::Paywall,
            ErrorKind::UnexpectedResponse,
            message,
        )),
    };
    let first = PageRequest::first(QUERY_PAGE_SIZE);
    let head = confirm
        .paywall_bulk_page(merchant_unique_code, first)
        .await
        .map_err(failed)?;
    let more = head.payments.has_more();
    let mut collector = Collector::new(head.summary, max).map_err(refused)?;
    for payment in head.payments.items {
        collector.add(payment).map_err(refused)?;
    }
    if more {
        let mut rest = all_items(first.next(), paging, |page| async move {
            Ok(confirm
                .paywall_bulk_page(merchant_unique_code, page)
                .await?
                .payments)
        });
        while let Some(payment) = rest.try_next().await.map_err(failed)? {
            collector.add(payment).map_err(refused)?;
        }
    }
    collector.finish().map_err(refused)
}

#[cfg(test)]
mod tests {
    use payments::{Money, PaymentId, PaymentStatus};
    use rust_decimal::Decimal;

    use super::*;

    fn payment(id: &str) -> Payment {
        Payment {
            id: PaymentId::new(id),
            merchant_reference: Some(format!("ref-{id}")),
            amount: Money::without_currency(Decimal::ONE),
            paid_amount: None,
            status: PaymentStatus::Succeeded,
            raw_status: "4".into(),
            refund_status: None,
            activity: None,
            error: None,
            created_at: None,
        }
    }

    fn summary(total: u64) -> BulkSummary {
        BulkSummary {
            accepted: true,
            total_count: total,
            ..BulkSummary::default()
        }
    }

    #[test]
    fn each_payment_counts_once_and_the_total_must_match() {
        let mut c = Collector::new(summary(3), 10).unwrap();
        for id in ["1", "2", "2", "3", "1"] {
            c.add(payment(id)).unwrap();
        }
        let result = c.finish().unwrap();
        let ids: Vec<_> = result.payments.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["1", "2", "3"]);

        let mut c = Collector::new(summary(3), 10).unwrap();
        c.add(payment("1")).unwrap();
        c.add(payment("1")).unwrap();
        c.add(payment("2")).unwrap();
        assert_eq!(
            c.finish().unwrap_err(),
            Refusal::Inconsistent(
                "the bulk query listed 2 distinct payments, its totals say 3".into()
            )
        );
    }

    #[test]
    fn payments_without_an_id_are_told_apart_by_their_reference() {
        let mut c = Collector::new(summary(2), 10).unwrap();
        for reference in ["a", "b", "a"] {
            let mut p = payment("");
            p.merchant_reference = Some(reference.into());
            c.add(p).unwrap();
        }
        assert_eq!(c.finish().unwrap().payments.len(), 2);
    }

    #[test]
    fn the_bound_holds_whatever_the_totals_say() {
        assert_eq!(
            Collector::new(summary(11), 10).err(),
            Some(Refusal::TooMany(11))
        );
        // Totals that understate the list do not get past the bound either.
        let mut c = Collector::new(summary(1), 2).unwrap();
        c.add(payment("1")).unwrap();
        c.add(payment("2")).unwrap();
        assert_eq!(c.add(payment("3")), Err(Refusal::TooMany(3)));
    }
}
