//! Scripted faults: answers and connection failures that real networks and gateways
//! produce, injected per route in front of every provider, with request counts.
//!
//! [`FaultControl`] scripts them from tests, [`FaultSpec`] parses the text form the CLI
//! takes (`GET /payment-reporting/v1/payments/*/transactions=503,429:1,reset`).

mod conn;
mod control;
mod fault;
mod layer;
mod probe;
mod registry;
mod respond;
mod route;
mod spec;

pub(crate) use conn::{Connection, FaultListener};
pub use control::FaultControl;
pub use fault::{Fault, RetryAfter};
pub(crate) use layer::inject;
pub(crate) use probe::mark;
pub(crate) use registry::Registry;
pub use route::Route;
pub use spec::{FaultSpec, FaultSpecError};
