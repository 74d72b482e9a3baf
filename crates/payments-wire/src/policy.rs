//! [`RequestPolicy`]: how long a call may take and how often it is tried.

use std::num::NonZeroU32;
use std::time::Duration;

use crate::dry_run::DryRun;

/// How long one call may take and how often it is tried: the settings of the one request
/// policy every client runs (see the README's retry table for what is retried).
///
/// The defaults suit a payment API:
/// - `connect_timeout` 10 s, as the official Craftgate clients: a provider that cannot be
///   reached in 10 s is not reachable;
/// - `attempt_timeout` 60 s: a provider that relays to a bank can take long to answer
///   a refund or a payment query (the official Craftgate clients wait up to 150 s for an
///   answer, Stripe's up to 80 s), but one attempt should not hold a caller much longer
///   than a minute;
/// - `deadline` 150 s for the whole call with its retries: the longest any official client
///   waits for one answer, so retries never make a call slower than the slowest
///   provider-sanctioned single attempt;
/// - 3 attempts, backoff from 250 ms doubling up to 8 s with full jitter: a transient
///   failure (a proxy's 503, a reset connection) is usually gone within a few seconds;
/// - a provider's `Retry-After` is honoured up to 30 s; a longer wait ends the call with
///   a rate-limited error that carries the wait;
/// - requests are sent: [`RequestPolicy::with_dry_run`] makes a client prepare and record
///   them instead ([`DryRun`]).
#[derive(Clone, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub struct RequestPolicy {
    /// Time allowed to open a connection (TCP and TLS handshake) within an attempt.
    pub connect_timeout: Duration,
    /// Time allowed for one attempt: connecting, sending and reading the whole answer.
    pub attempt_timeout: Duration,
    /// Time allowed for the whole call, every attempt and every wait between them.
    pub deadline: Duration,
    /// How many times a call may be sent at most (1 turns retries off).
    pub max_attempts: NonZeroU32,
    /// The first backoff ceiling; each further retry doubles it (full jitter: the wait is
    /// random between zero and the ceiling).
    pub backoff_base: Duration,
    /// The largest backoff ceiling.
    pub backoff_cap: Duration,
    /// The longest `Retry-After` the policy waits for.
    pub max_retry_after: Duration,
    /// When set, nothing is sent: every request is prepared as for sending, recorded here
    /// with its secrets redacted, and the call ends with
    /// [`CallError::NotSent`](crate::CallError::NotSent) (default: unset).
    pub dry_run: Option<DryRun>,
}

impl RequestPolicy {
    /// The default attempt timeout.
    pub const DEFAULT_ATTEMPT_TIMEOUT: Duration = Duration::from_secs(60);
    /// The default deadline of a call.
    pub const DEFAULT_DEADLINE: Duration = Duration::from_secs(150);
    /// The default number of attempts.
    pub const DEFAULT_MAX_ATTEMPTS: NonZeroU32 = NonZeroU32::new(3).expect("3 is not zero");

    /// Sets the time allowed to open a connection.
    pub fn with_connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// Sets the time allowed for one attempt.
    pub fn with_attempt_timeout(mut self, timeout: Duration) -> Self {
        self.attempt_timeout = timeout;
        self
    }

    /// Sets the time allowed for the whole call.
    pub fn with_deadline(mut self, deadline: Duration) -> Self {
        self.deadline = deadline;
        self
    }

    /// Sets how many times a call may be sent at most (1: no retries).
    pub fn with_max_attempts(mut self, attempts: NonZeroU32) -> Self {
        self.max_attempts = attempts;
        self
    }

    /// Sets the backoff: the first ceiling and the largest one.
    pub fn with_backoff(mut self, base: Duration, cap: Duration) -> Self {
        self.backoff_base = base;
        self.backoff_cap = cap;
        self
    }

    /// Sets the longest `Retry-After` the policy waits for.
    pub fn with_max_retry_after(mut self, wait: Duration) -> Self {
        self.max_retry_after = wait;
        self
    }

    /// Sends nothing: every request is prepared, recorded in `record` (secrets redacted)
    /// and not sent ([`DryRun`]).
    pub fn with_dry_run(mut self, record: DryRun) -> Self {
        self.dry_run = Some(record);
        self
    }

    /// The backoff ceiling before retry number `retry` (1 for the first retry).
    pub(crate) fn backoff_ceiling(&self, retry: u32) -> Duration {
        let doublings = retry.saturating_sub(1).min(20);
        self.backoff_base
            .saturating_mul(1 << doublings)
            .min(self.backoff_cap)
    }
}

impl Default for RequestPolicy {
    fn default() -> Self {
        Self {
            connect_timeout: Duration::from_secs(10),
            attempt_timeout: Self::DEFAULT_ATTEMPT_TIMEOUT,
            deadline: Self::DEFAULT_DEADLINE,
            max_attempts: Self::DEFAULT_MAX_ATTEMPTS,
            backoff_base: Duration::from_millis(250),
            backoff_cap: Duration::from_secs(8),
            max_retry_after: Duration::from_secs(30),
            dry_run: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn backoff_ceilings_double_up_to_the_cap() {
        let p = RequestPolicy::default();
        let ceilings: Vec<u64> = (1..=8)
            .map(|r| p.backoff_ceiling(r).as_millis() as u64)
            .collect();
        assert_eq!(ceilings, [250, 500, 1000, 2000, 4000, 8000, 8000, 8000]);
        assert_eq!(p.backoff_ceiling(u32::MAX), Duration::from_secs(8));
    }
}
