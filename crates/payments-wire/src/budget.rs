//! [`RetryBudget`]: a token bucket that stops retries from multiplying the load during an
//! outage (aws-sdk-rust's standard retry mode works the same way).

use std::sync::atomic::{AtomicU32, Ordering};

/// Tokens a new budget holds: enough for 100 ordinary retries.
const CAPACITY: u32 = 500;
/// What a retry after a failure costs.
const RETRY_COST: u32 = 5;
/// What a retry after a timeout costs: timeouts mean an overloaded provider.
const TIMEOUT_RETRY_COST: u32 = 10;
/// What a call that succeeds without retrying gives back.
const SUCCESS_REFUND: u32 = 1;

/// One client's retry budget, shared by every call (and clone) of the client.
///
/// Each retry takes tokens; a call that succeeds gives back what its retry took (or one
/// token when it needed none). When the bucket runs dry, failing calls are no longer
/// retried until successes refill it.
#[derive(Debug)]
pub struct RetryBudget {
    tokens: AtomicU32,
}

impl Default for RetryBudget {
    fn default() -> Self {
        Self {
            tokens: AtomicU32::new(CAPACITY),
        }
    }
}

/// Why a retry is wanted, which sets its price.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum RetryCost {
    /// After an attempt that timed out.
    Timeout,
    /// After any other transient failure.
    Failure,
}

impl RetryBudget {
    pub(crate) fn withdraw(&self, cost: RetryCost) -> Option<u32> {
        let price = match cost {
            RetryCost::Timeout => TIMEOUT_RETRY_COST,
            RetryCost::Failure => RETRY_COST,
        };
        self.tokens
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |t| {
                t.checked_sub(price)
            })
            .ok()?;
        Some(price)
    }

    /// A call succeeded: gives back what its last retry took, or one token.
    pub(crate) fn deposit(&self, retry_price: Option<u32>) {
        let refund = retry_price.unwrap_or(SUCCESS_REFUND);
        // A full bucket (the usual case) is only read: callers that succeed together do not
        // contend for the counter.
        if self.tokens.load(Ordering::Relaxed) >= CAPACITY {
            return;
        }
        let _ = self
            .tokens
            .fetch_update(Ordering::Relaxed, Ordering::Relaxed, |t| {
                Some(t.saturating_add(refund).min(CAPACITY))
            });
    }

    /// The tokens left.
    pub fn available(&self) -> u32 {
        self.tokens.load(Ordering::Relaxed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn retries_stop_when_the_bucket_is_dry_and_successes_refill_it() {
        let budget = RetryBudget::default();
        let mut retries = 0;
        while budget.withdraw(RetryCost::Failure).is_some() {
            retries += 1;
        }
        assert_eq!(retries, CAPACITY / RETRY_COST);
        assert_eq!(budget.available(), 0);
        assert_eq!(budget.withdraw(RetryCost::Timeout), None);
        budget.deposit(Some(RETRY_COST));
        budget.deposit(None);
        assert_eq!(budget.available(), RETRY_COST + SUCCESS_REFUND);
        assert_eq!(budget.withdraw(RetryCost::Failure), Some(RETRY_COST));
        for _ in 0..1000 {
            budget.deposit(None);
        }
        assert_eq!(budget.available(), CAPACITY, "never above capacity");
    }
}
