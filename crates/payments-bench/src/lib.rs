//! The project's benchmark: the generated clients and the facade against a hand-written
//! reqwest + serde call doing the same work, over a loopback server in a separate process
//! (so the client's CPU figure holds no server work), plus micro benchmarks of signing,
//! decoding and mapping. `BENCHMARKS.md` at the repository root has the command, the
//! figures and how to read them.
//!
//! ```
//! // Every micro benchmark case, run once: the work `payments-bench micro` times (signing
//! // a Craftgate request, decoding a 30-item breakdown and a 1,000-payment bulk page,
//! // mapping them into core types), each layer against the hand-written baseline.
//! for mut case in payments_bench::micro::cases()? {
//!     (case.run)()?;
//!     println!("{}: {}", case.group, case.name);
//! }
//! # Ok::<(), payments_bench::failure::Failure>(())
//! ```
//!
//! - [`calls`]: the end-to-end comparison (calls/s, p50/p99, CPU per call, ratios to the
//!   hand-written call as the median of alternating rounds);
//! - [`micro`]: the hot parts without the network;
//! - [`allocs`]: allocations per call (the `payments-bench-allocs` binary);
//! - [`server`]: the loopback server (`payments-bench serve`), which refuses any request
//!   that differs from what the provider gets from its client;
//! - [`hand`]: the hand-written calls, [`ops`]: the operations through each layer.

// No panic a wire value or user input can reach: outside tests, no `unwrap`, `expect` or
// indexing (README, "Panics").
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)
)]

pub mod allocs;
pub mod calls;
pub mod cli;
pub mod cpu;
pub mod failure;
pub mod fixtures;
pub mod hand;
pub mod machine;
pub mod micro;
pub mod ops;
pub mod server;
pub mod stats;
