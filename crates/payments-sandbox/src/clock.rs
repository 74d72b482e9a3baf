//! The sandbox's clock: the current instant (system time, or a time a test set) and each
//! provider's wall clock at its fixed offset from UTC.
//!
//! Craftgate and Paywall keep zone-less times and decide by calendar day (a same-day
//! Craftgate refund is a `CANCEL`; a Paywall payment is cancelled on its day and refunded
//! after it), so the fake providers count days on the provider's wall clock, never on
//! UTC's (docs/providers/craftgate.md#time-zone, docs/providers/paywall.md#time-zone).
//! Each sandbox has its own clock, shared by its providers, so sandboxes running side by
//! side in one process keep their own time.

use std::sync::{Arc, Mutex};
use std::time::Duration;

use chrono::{DateTime, FixedOffset, NaiveDate, NaiveDateTime, TimeDelta, Utc};

use crate::util::lock;

/// Europe/Istanbul, UTC+3 all year since 2016: Craftgate's wall clock (inferred from two
/// samples, docs/providers/craftgate.md#time-zone) and Paywall's business day (inferred,
/// low confidence, docs/providers/paywall.md#time-zone).
pub(crate) const ISTANBUL: FixedOffset = match FixedOffset::east_opt(3 * 60 * 60) {
    Some(offset) => offset,
    None => panic!("UTC+3 is a valid offset"),
};

/// The clock of one sandbox ([`crate::Sandbox::clock`]): the current UTC instant the fake
/// providers see. It follows system time until a test sets it; a set clock stands still
/// until it is set or advanced again, so a test decides exactly when the provider's day
/// turns.
///
/// Craftgate and Paywall read it as Istanbul wall-clock time (UTC+3): Craftgate's
/// date-times, and the "same day" of a Craftgate `CANCEL` and of a Paywall cancel or
/// refund, follow it. The demo data is seeded from it when the sandbox starts: to seed it
/// at a chosen time, set a clock first and start the sandbox with
/// [`Sandbox::start_with_clock`](crate::Sandbox::start_with_clock). The fake OneEntry keeps
/// system time.
///
/// Clones share the same time.
///
/// ```
/// use std::time::Duration;
///
/// use chrono::{TimeZone, Utc};
/// use payments_sandbox::{Sandbox, SandboxClock, SandboxConfig};
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), payments_sandbox::SandboxError> {
/// // 23:59:59 in Istanbul: the seeded same-day payments are of 2024-03-10.
/// let before_midnight = Utc.with_ymd_and_hms(2024, 3, 10, 20, 59, 59).unwrap();
/// let clock = SandboxClock::frozen_at(before_midnight);
/// let sandbox = Sandbox::start_with_clock(SandboxConfig::default(), clock).await?;
/// assert_eq!(sandbox.paywall().today().to_string(), "2024-03-10");
/// // One second later it is 00:00 in Istanbul (still 2024-03-10 in UTC).
/// sandbox.clock().advance(Duration::from_secs(1));
/// assert_eq!(sandbox.paywall().today().to_string(), "2024-03-11");
/// sandbox.shutdown().await;
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Debug, Default)]
pub struct SandboxClock {
    /// `None`: system time; `Some(at)`: stands still at `at`.
    set: Arc<Mutex<Option<DateTime<Utc>>>>,
}

impl SandboxClock {
    /// A clock that follows system time (the default).
    pub fn system() -> Self {
        Self::default()
    }

    /// A clock standing still at `at`.
    pub fn frozen_at(at: DateTime<Utc>) -> Self {
        let clock = Self::default();
        clock.set(at);
        clock
    }

    /// The current instant: the time set, or system time.
    pub fn now(&self) -> DateTime<Utc> {
        lock(&self.set).unwrap_or_else(Utc::now)
    }

    /// Sets the clock to `at`; it stands still there until set or advanced again.
    pub fn set(&self, at: DateTime<Utc>) {
        *lock(&self.set) = Some(at);
    }

    /// Moves the clock `by` forward from what it reads now, and stands it still there (a
    /// clock following system time stops following it). Saturates at the latest instant
    /// chrono represents.
    pub fn advance(&self, by: Duration) {
        let mut set = lock(&self.set);
        let now = set.unwrap_or_else(Utc::now);
        let later = TimeDelta::from_std(by)
            .ok()
            .and_then(|by| now.checked_add_signed(by))
            .unwrap_or(DateTime::<Utc>::MAX_UTC);
        *set = Some(later);
    }

    /// Follows system time again.
    pub fn follow_system_time(&self) {
        *lock(&self.set) = None;
    }

    /// This clock read as Istanbul wall-clock time (Craftgate, Paywall).
    pub(crate) fn istanbul(&self) -> ProviderClock {
        ProviderClock {
            clock: self.clone(),
            offset: ISTANBUL,
        }
    }
}

/// A provider's wall clock: the sandbox's instant at the provider's fixed UTC offset, as the
/// zone-less date-times and calendar days the provider keeps.
#[derive(Clone, Debug)]
pub(crate) struct ProviderClock {
    clock: SandboxClock,
    offset: FixedOffset,
}

impl ProviderClock {
    /// The provider's wall-clock time now.
    pub(crate) fn now(&self) -> NaiveDateTime {
        self.now_and_timestamp().0
    }

    /// The provider's wall-clock time now and the same instant in seconds since the Unix
    /// epoch, from one reading of the clock.
    pub(crate) fn now_and_timestamp(&self) -> (NaiveDateTime, i64) {
        let utc = self.clock.now();
        let wall = utc
            .naive_utc()
            .checked_add_offset(self.offset)
            .unwrap_or(NaiveDateTime::MAX);
        (wall, utc.timestamp())
    }

    /// The provider's calendar day now.
    pub(crate) fn today(&self) -> NaiveDate {
        self.now().date()
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn istanbul_days_turn_at_21_utc() {
        let clock = SandboxClock::frozen_at(Utc.with_ymd_and_hms(2024, 3, 10, 20, 59, 59).unwrap());
        let istanbul = clock.istanbul();
        assert_eq!(istanbul.now().to_string(), "2024-03-10 23:59:59");
        assert_eq!(istanbul.today().to_string(), "2024-03-10");
        clock.advance(Duration::from_secs(1));
        assert_eq!(clock.now().date_naive().to_string(), "2024-03-10");
        assert_eq!(istanbul.now().to_string(), "2024-03-11 00:00:00");
        assert_eq!(istanbul.today().to_string(), "2024-03-11");
    }

    #[test]
    fn a_set_clock_stands_still_until_released() {
        let at = Utc.with_ymd_and_hms(2001, 1, 1, 0, 0, 0).unwrap();
        let clock = SandboxClock::system();
        let shared = clock.clone();
        clock.set(at);
        assert_eq!(shared.now(), at, "clones share the time");
        assert_eq!(clock.now(), at);
        clock.advance(Duration::MAX);
        assert_eq!(clock.now(), DateTime::<Utc>::MAX_UTC, "saturates");
        assert_eq!(clock.istanbul().now(), NaiveDateTime::MAX, "saturates");
        clock.follow_system_time();
        let now = clock.now();
        assert!(
            now > Utc.with_ymd_and_hms(2024, 1, 1, 0, 0, 0).unwrap(),
            "system time"
        );
        clock.advance(Duration::from_secs(3600));
        assert!(clock.now() - now >= TimeDelta::hours(1));
        assert_eq!(clock.now(), clock.now(), "advancing stops it");
    }
}
