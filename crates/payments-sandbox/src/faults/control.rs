//! [`FaultControl`]: scripting faults and reading request counts.

use std::sync::Arc;

use super::fault::Fault;
use super::registry::Registry;
use super::route::Route;
use super::spec::FaultSpec;

/// Scripted faults and per-route request counts for every listener of a sandbox
/// ([`crate::Sandbox::faults`]).
///
/// Each request is matched by method and path against the scripted [`Route`]s and takes
/// the next fault of the first one (in the order routes were first scripted) whose queue
/// is not empty; with no fault left it is served normally. Counts need no script: every
/// request is counted, and a route reads the sum over the requests it matches.
///
/// ```
/// use std::time::Duration;
///
/// use http::Method;
/// use payments_sandbox::{Fault, Route, Sandbox};
///
/// # #[tokio::main(flavor = "current_thread")]
/// # async fn main() -> Result<(), payments_sandbox::SandboxError> {
/// let sandbox = Sandbox::start().await?;
/// let refund = Route::new(Method::POST, "/payment/v1/refund-transactions");
/// sandbox.faults().script(
///     refund.clone(),
///     [Fault::ResetAfterProcessing, Fault::Delay(Duration::from_millis(100))],
/// );
/// // ... a client refunds, retries ...
/// assert_eq!(sandbox.faults().remaining(&refund), 2);
/// assert_eq!(sandbox.faults().attempts(&refund), 0);
/// assert_eq!(sandbox.faults().handled(&refund), 0);
/// # Ok(())
/// # }
/// ```
#[derive(Clone, Debug, Default)]
pub struct FaultControl {
    registry: Arc<Registry>,
}

impl FaultControl {
    pub(crate) fn registry(&self) -> Arc<Registry> {
        Arc::clone(&self.registry)
    }

    /// Appends `faults` to `route`'s queue.
    pub fn script(&self, route: Route, faults: impl IntoIterator<Item = Fault>) {
        self.registry.script(route, faults);
    }

    /// Appends a parsed spec's faults to its route's queue.
    pub fn script_spec(&self, spec: FaultSpec) {
        self.registry.script(spec.route, spec.faults);
    }

    /// Requests that arrived on `route`, faulted or not.
    pub fn attempts(&self, route: &Route) -> u64 {
        self.registry.attempts(route)
    }

    /// Requests on `route` that reached the provider's handler: they passed the
    /// provider's credential check (Craftgate signature, Paywall key pair, OneEntry app
    /// token) and were not stopped by a fault. For a write route, how many times its
    /// effect may have happened (the handler may still refuse, e.g. a 400 for bad input).
    /// A Craftgate write answered from its `x-idempotency-key` (the stored answer of an
    /// earlier request) does not reach the handler and is not counted.
    pub fn handled(&self, route: &Route) -> u64 {
        self.registry.handled(route)
    }

    /// Faults still queued for exactly `route` (the same method and pattern).
    pub fn remaining(&self, route: &Route) -> usize {
        self.registry.remaining(route)
    }

    /// Forgets every queued fault and every count.
    pub fn clear(&self) {
        self.registry.clear();
    }
}
