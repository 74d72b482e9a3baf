//! Receiving what the providers push: Craftgate's transaction webhooks and Paywall's bulk
//! callbacks.
//!
//! Paywall's bulk query says it plainly: `Result: true` means the payments were received for
//! processing, not that they succeeded; the results come by callback. Craftgate likewise
//! pushes transaction webhooks and re-delivers them until the merchant answers 2xx. A
//! [`Receiver`] takes such a delivery as it arrived (method, headers, body) and, in order:
//!
//! - **verifies** it with the clients' hardened primitives (constant-time, several keys for
//!   rotation; an optional maximum age, off by default);
//! - **de-duplicates** it by an [`EventKey`] made of signed fields (Craftgate sends no
//!   event id), in a [`Store`] (bounded [`MemoryStore`] by default, or your own);
//! - **confirms** it by querying the provider ([`Confirm`], implemented for the facade):
//!   only a few fields of a delivery are signed, so the [`Event`] carries the provider's
//!   queried state, never the delivery's unsigned fields;
//! - reassembles Paywall's split callbacks into one batch;
//! - runs your [`Handler`], and records the event as handled only when it succeeds, so a
//!   failed handling is retried on the next delivery, never lost;
//! - says what to answer ([`Outcome`], [`status_of`], [`answer`]): 200 handled or
//!   duplicate, 202 a held page, 401 a bad signature or stale delivery, 400 malformed,
//!   503 the same event in flight, 500 a failed handler, query or store (re-delivered).
//!
//! The [`Receiver`] documents each step. With the `axum` feature, [`axum::router`] mounts
//! it in a few lines; [`delivery`] builds signed deliveries for tests and tools.
//!
//! ```no_run
//! # #[cfg(all(feature = "craftgate", feature = "paywall"))]
//! # async fn run(request: http::Request<bytes::Bytes>) -> Result<(), Box<dyn std::error::Error>> {
//! use payments::{Payments, Secret};
//! use payments_webhooks::{Event, HandlerError, Receiver, status_of};
//!
//! let receiver = Receiver::builder()
//!     .confirm_with(Payments::from_env()?)
//!     .craftgate_keys([Secret::new("craftgate-webhook-key")])
//!     .paywall_keys([Secret::new("paywall-system-webhook-hash-key")])
//!     .build()?;
//! let handler = |event: Event| async move {
//!     match event {
//!         Event::CraftgatePayment(e) => println!("payment {:?}", e.payment),
//!         Event::PaywallBatch(b) => println!("batch of {:?}", b.result.map(|r| r.payments.len())),
//!         other => println!("{other:?}"),
//!     }
//!     Ok::<_, HandlerError>(())
//! };
//! let outcome = receiver.handle(request, &handler).await;
//! println!("answer {}", status_of(&outcome));
//! # Ok(())
//! # }
//! ```

// No panic a delivery can reach: outside tests, no `unwrap`, `expect` or indexing (README,
// "Panics").
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)
)]

mod answer;
#[cfg(feature = "axum")]
pub mod axum;
#[cfg(feature = "paywall")]
mod batch;
mod builder;
mod claim;
mod confirm;
#[cfg(feature = "craftgate")]
mod craftgate;
#[cfg(any(feature = "craftgate", feature = "paywall"))]
pub mod delivery;
mod event;
mod facade;
mod handler;
mod key;
mod memory;
mod outcome;
#[cfg(feature = "paywall")]
mod paywall;
mod receiver;
mod settings;
mod store;

pub use answer::answer;
pub use builder::{BuildError, ReceiverBuilder};
pub use confirm::Confirm;
#[cfg(any(test, feature = "mocks"))]
pub use confirm::MockConfirm;
#[cfg(feature = "paywall")]
pub use event::{BatchResult, PaywallBatch};
#[cfg(feature = "craftgate")]
pub use event::{CraftgatePayment, CraftgateRefund, CraftgateSigned, RefundKind};
pub use event::{Event, UnknownEvent};
pub use handler::Handler;
pub use key::EventKey;
pub use memory::MemoryStore;
pub use outcome::{Accepted, HandlerError, Outcome, ReceiveError, SignatureError, status_of};
pub use receiver::Receiver;
pub use store::{Claim, ClaimId, Store, StoreError};
