//! Embedded fake payment providers: OneEntry, Paywall and Craftgate as real HTTP servers on
//! loopback.
//!
//! ```
//! use payments_sandbox::Sandbox;
//!
//! # #[tokio::main(flavor = "current_thread")]
//! # async fn main() -> Result<(), payments_sandbox::SandboxError> {
//! let sandbox = Sandbox::start().await?;
//! let info = sandbox.info();
//! println!("OneEntry at {}, Craftgate at {}", info.oneentry.url, info.craftgate.base_url);
//! // The JSON line the CLI prints.
//! let line = serde_json::to_string(info).expect("info serialises");
//! assert!(line.starts_with(r#"{"oneentry":{"url":"http://127.0.0.1:"#));
//! sandbox.shutdown().await;
//! # Ok(())
//! # }
//! ```
//!
//! Each provider gets its own listener (Paywall two: PaymentAPI and PaymentPrivateAPI) and
//! speaks the wire format recorded in docs/providers/oneentry.md, docs/providers/paywall.md
//! and docs/providers/craftgate.md: the same paths, headers, envelopes, status handling and
//! credential checks, with stateful demo data. It is written from that record alone,
//! independently of the `*-client` crates, so that the two check each other.
//!
//! What each provider does, and the choices made where the providers' documentation is
//! silent, is documented on [`OneEntryControl`], [`PaywallControl`] and
//! [`CraftgateControl`]; the fixed demo values are in [`seed`]. [`Sandbox::faults`]
//! scripts network and gateway failures per route ([`FaultControl`]). [`Sandbox::clock`]
//! sets the time the providers see ([`SandboxClock`]): Craftgate and Paywall count days on
//! Istanbul wall-clock time (UTC+3), so a test can take them across the provider's midnight.
//! [`Sandbox::pushes`] registers endpoints for what Craftgate and Paywall push (signed
//! webhooks, hashed bulk callbacks) and records every delivery ([`PushControl`]);
//! [`Sandbox::trigger`] makes a provider act so that it pushes ([`Trigger`]). The control
//! listener ([`ControlInfo`]) offers the same over HTTP to other processes.

// No panic a wire value or user input can reach: outside tests, no `unwrap`, `expect` or
// indexing (README, "Panics").
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)
)]
// `serde_json::json!` recursion for Craftgate's 50-field payment objects.
#![recursion_limit = "256"]

mod clock;
mod control;
mod counter;
mod craftgate;
mod error;
mod faults;
mod info;
mod issued;
mod oneentry;
mod paywall;
mod perform;
mod push;
mod sandbox;
pub mod seed;
mod server;
mod trigger;
mod util;

pub use clock::SandboxClock;
pub use craftgate::CraftgateControl;
pub use error::SandboxError;
pub use faults::{Fault, FaultControl, FaultSpec, FaultSpecError, RetryAfter, Route};
pub use info::{ControlInfo, CraftgateInfo, OneEntryInfo, PaywallInfo, SandboxInfo};
pub use oneentry::OneEntryControl;
pub use paywall::PaywallControl;
pub use push::{
    Attempt, Delivery, DeliveryState, Endpoint, EndpointError, PushControl, PushProvider,
    UnknownPushProvider, Unsettled,
};
pub use sandbox::{Sandbox, SandboxConfig};
pub use trigger::{
    BatchSeed, SeededBatch, TRIGGERS, Trigger, TriggerError, TriggerRequest, Triggered,
};
