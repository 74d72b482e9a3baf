//! The fault matrix: every facade operation under every kind of fault the sandbox injects,
//! against the outcome its safety (read, write, write with an idempotency key) calls for.
//!
//! Each case runs one facade call against a fresh sandbox whose route for that call takes
//! one scripted fault, then checks: the outcome (recovered, or the error kind), how often
//! the effect happened (requests that reached the provider's handler; for Craftgate
//! refunds, the refunds in the sandbox's state), that the route saw at most
//! [`MAX_ATTEMPTS`] requests, that the call ended within [`DEADLINE`], and that nothing
//! panicked. The expectations are data ([`expected`]); the README prints them
//! (`the_readme_prints_this_matrix`, `UPDATE_README=1` rewrites it).

mod cases;
#[path = "../common/mod.rs"]
mod common;
mod expectations;
mod operations;
mod readme;

pub(crate) use expectations::*;
pub(crate) use operations::*;

use std::num::NonZeroU32;
use std::time::Duration;

use payments_wire::RequestPolicy;

/// Attempts per call.
pub(crate) const MAX_ATTEMPTS: u32 = 3;
/// Time for one attempt: the delay fault outlasts it.
pub(crate) const ATTEMPT_TIMEOUT: Duration = Duration::from_secs(1);
/// Time for a whole call; every case must end within it.
pub(crate) const DEADLINE: Duration = Duration::from_secs(10);
/// How long the delay fault holds a request.
pub(crate) const DELAY: Duration = Duration::from_secs(2);
/// Cases running at once, each with its own sandbox.
pub(crate) const CONCURRENCY: usize = 16;

/// The request policy every case runs under: short waits, so the matrix runs in seconds.
pub(crate) fn policy() -> RequestPolicy {
    RequestPolicy::default()
        .with_attempt_timeout(ATTEMPT_TIMEOUT)
        .with_deadline(DEADLINE)
        .with_max_attempts(NonZeroU32::new(MAX_ATTEMPTS).expect("not zero"))
        .with_backoff(Duration::from_millis(10), Duration::from_millis(50))
}
