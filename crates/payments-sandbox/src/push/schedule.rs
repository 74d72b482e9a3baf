//! When each provider pushes: the first attempt after the event, the re-deliveries after a
//! failure, how long an attempt may take; all divided by the sandbox's time scale.

use std::time::Duration;

use super::record::PushProvider;

/// Craftgate: the first delivery about 30 s after the event; a failed one again after 10 s,
/// 30 s, 3 min and 10 min; 5 attempts in all (docs/providers/craftgate.md#webhook-delivery).
/// The documentation lists a fifth wait (30 min) but also says it stops after 5 attempts; the
/// sandbox keeps to the 5 attempts.
const CRAFTGATE_FIRST: Duration = Duration::from_secs(30);
const CRAFTGATE_RETRIES: [Duration; 4] = [
    Duration::from_secs(10),
    Duration::from_secs(30),
    Duration::from_secs(180),
    Duration::from_secs(600),
];

/// Paywall: the callback comes when the queued operation is done; how long that takes is not
/// documented (the sandbox: 5 s). No re-delivery is documented either, only the re-send of a
/// batch's callback for 7 days (docs/providers/paywall.md#callback-re-send), so each page is
/// attempted once.
const PAYWALL_FIRST: Duration = Duration::from_secs(5);

/// A provider's schedule at a time scale, and how long an endpoint has to answer an attempt
/// (not scaled: it measures the endpoint, not the provider).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) struct Schedule {
    provider: PushProvider,
    scale: u32,
    attempt_timeout: Duration,
}

impl Schedule {
    /// `provider`'s schedule, `scale` times faster than the provider's own (0 counts as 1),
    /// each attempt given `attempt_timeout`.
    pub(crate) fn new(provider: PushProvider, scale: u32, attempt_timeout: Duration) -> Self {
        Self {
            provider,
            scale: scale.max(1),
            attempt_timeout,
        }
    }

    /// Whose schedule it is.
    pub(crate) fn provider(&self) -> PushProvider {
        self.provider
    }

    /// The wait between the event and the first attempt.
    pub(crate) fn first(&self) -> Duration {
        match self.provider {
            PushProvider::Craftgate => CRAFTGATE_FIRST / self.scale,
            PushProvider::Paywall => PAYWALL_FIRST / self.scale,
        }
    }

    /// The wait after failed attempt `number` (from 1) before the next one; `None` when it
    /// was the last.
    pub(crate) fn retry_after(&self, number: u32) -> Option<Duration> {
        let waits: &[Duration] = match self.provider {
            PushProvider::Craftgate => &CRAFTGATE_RETRIES,
            PushProvider::Paywall => &[],
        };
        let index = usize::try_from(number).ok()?.checked_sub(1)?;
        waits.get(index).map(|wait| *wait / self.scale)
    }

    /// How long one attempt may take.
    pub(crate) fn attempt_timeout(&self) -> Duration {
        self.attempt_timeout
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEN: Duration = Duration::from_secs(10);

    #[test]
    fn craftgate_makes_five_attempts_on_its_documented_waits() {
        let real = Schedule::new(PushProvider::Craftgate, 1, TEN);
        assert_eq!(real.first(), Duration::from_secs(30));
        let waits: Vec<_> = (1..=6).map(|n| real.retry_after(n)).collect();
        assert_eq!(
            waits,
            [
                Some(Duration::from_secs(10)),
                Some(Duration::from_secs(30)),
                Some(Duration::from_secs(180)),
                Some(Duration::from_secs(600)),
                None,
                None
            ]
        );
        assert_eq!(real.retry_after(0), None);
        assert_eq!(real.attempt_timeout(), TEN);
    }

    #[test]
    fn a_time_scale_divides_every_wait_but_not_the_answer_timeout() {
        let fast = Schedule::new(PushProvider::Craftgate, 1000, TEN);
        assert_eq!(fast.first(), Duration::from_millis(30));
        assert_eq!(fast.retry_after(4), Some(Duration::from_millis(600)));
        assert_eq!(fast.attempt_timeout(), TEN);
        assert_eq!(
            Schedule::new(PushProvider::Craftgate, 0, TEN),
            Schedule::new(PushProvider::Craftgate, 1, TEN)
        );
    }

    #[test]
    fn paywall_pages_are_attempted_once() {
        let paywall = Schedule::new(PushProvider::Paywall, 10, TEN);
        assert_eq!(paywall.first(), Duration::from_millis(500));
        assert_eq!(paywall.retry_after(1), None);
    }
}
