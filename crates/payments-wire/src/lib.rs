//! Wire-level building blocks shared by the `*-client` crates.
//!
//! ```
//! use std::num::NonZeroU32;
//! use std::time::Duration;
//!
//! use payments_wire::{BaseUrl, RequestPolicy, Secret};
//!
//! // A base URL is checked where it enters: https off loopback, no user info, no path.
//! let url = BaseUrl::parse("https://api.example.com")?;
//! assert_eq!(url.host(), "api.example.com");
//! assert!(BaseUrl::parse("http://api.example.com").is_err());
//! assert!(BaseUrl::parse("http://127.0.0.1:8080").is_ok());
//!
//! // A secret never prints.
//! let key = Secret::new("s3cr3t");
//! assert_eq!(format!("{key:?} {key}"), "Secret(***) ***");
//!
//! // The one request policy every call of every client runs under.
//! let policy = RequestPolicy::default()
//!     .with_attempt_timeout(Duration::from_secs(20))
//!     .with_max_attempts(NonZeroU32::new(2).ok_or("attempts")?);
//! # let _ = policy;
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Nothing here knows a provider. Each client declares its provider as a [`Service`] and
//! gets from here:
//! - the one error type of every call, [`CallError`], which [`ErrorMetadata`] reads the
//!   same way for all providers (kind, HTTP status, code, message, group);
//! - [`Envelope`] (a few impls per client: how its success bodies hold the payload) and
//!   [`CallExt::payload`] (the same for all: `client.op().send().payload().await?`);
//! - [`Hooks`] (one impl per client: how a request is prepared) and
//!   [`client_hooks!`] (the one `pre`/`exec` pair every generated client runs);
//! - [`BaseUrl`] (checked once where the text enters), [`ConfigError`], [`secret_header`];
//! - the one request policy every call runs under ([`RequestPolicy`], [`CallPolicy`]:
//!   per-attempt timeout, deadline, attempts with backoff and `Retry-After`, a retry
//!   budget, idempotency keys; the retry table is in the README), and the transport step
//!   ([`execute`], [`http_client`], TLS in [`client_builder`]: rustls on `ring` with the
//!   webpki roots by default, the platform's with the `native-tls` feature);
//! - dry runs ([`DryRun`], [`RequestPolicy::with_dry_run`]): every request prepared as for
//!   sending, recorded with its secrets redacted ([`PreparedRequest`]), none sent.
//! - one `provider_call` [tracing](https://docs.rs/tracing) span per call (at INFO):
//!   `provider`, `operation` (the generated client's id), `method` and `path` (the spec's
//!   template, from [`Service::OPERATIONS`]) when it starts; `status` (the last answer's)
//!   or `error` (why none came), `outcome_unknown`, `attempts` and `elapsed_ms` when it
//!   ends. Each attempt's events (DEBUG `sending`, INFO `retrying` with its reason) sit
//!   inside it. No field holds a header, a query or a body.
//!
//! Without the default `http` feature the crate is only [`Secret`], [`open_enum!`] and
//! the JSON reading they need ([`OpenEnum`], [`RawJson`], [`Text`], [`from_json_slice`]),
//! with no HTTP types (what `payments-core` uses).

// No panic a wire value or user input can reach: outside tests, no `unwrap`, `expect` or
// indexing (README, "Panics").
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)
)]

#[cfg(feature = "http")]
mod after;
#[cfg(feature = "http")]
mod base_url;
#[cfg(feature = "http")]
mod body;
#[cfg(feature = "http")]
mod body_read;
#[cfg(feature = "http")]
mod budget;
#[cfg(feature = "http")]
mod call_error;
#[cfg(feature = "http")]
mod call_policy;
#[cfg(feature = "http")]
mod client_hooks;
#[cfg(feature = "http")]
mod config_error;
#[cfg(feature = "http")]
mod dry_run;
mod enum_serde;
#[cfg(feature = "http")]
mod envelope;
#[cfg(feature = "http")]
mod header;
#[cfg(feature = "http")]
mod hooks;
mod json_read;
#[cfg(feature = "http")]
mod kind;
#[cfg(feature = "http")]
mod metadata;
mod open_enum;
#[cfg(feature = "http")]
mod operation;
#[cfg(feature = "http")]
mod origin;
#[cfg(feature = "http")]
mod policy;
#[cfg(feature = "http")]
pub mod random;
mod raw_json;
mod readme_section;
#[cfg(feature = "http")]
mod response_value;
#[cfg(feature = "http")]
mod retry_after;
#[cfg(feature = "http")]
mod retry_table;
#[cfg(feature = "http")]
mod scope;
mod secret;
#[cfg(feature = "http")]
mod send;
#[cfg(feature = "http")]
mod service;
#[cfg(feature = "http")]
mod tls;
#[cfg(feature = "http")]
mod transport;

#[cfg(feature = "http")]
pub use base_url::{BaseUrl, BaseUrlError, is_loopback_url};
#[cfg(feature = "http")]
pub use body::body_snippet;
#[cfg(feature = "http")]
pub use budget::RetryBudget;
#[cfg(feature = "http")]
pub use call_error::CallError;
#[cfg(feature = "http")]
pub use call_policy::CallPolicy;
#[cfg(feature = "http")]
pub use config_error::ConfigError;
#[cfg(feature = "http")]
pub use dry_run::{DryRun, NotSent, PreparedRequest, REDACTED};
#[cfg(feature = "http")]
pub use envelope::{CallExt, Envelope};
#[cfg(feature = "http")]
pub use header::secret_header;
#[cfg(feature = "http")]
pub use hooks::{Hooks, PrepareError};
pub use json_read::from_json_slice;
#[cfg(feature = "http")]
pub use kind::{ErrorKind, kind_for_status};
#[cfg(feature = "http")]
pub use metadata::ErrorMetadata;
pub use open_enum::OpenEnum;
#[cfg(feature = "http")]
pub use operation::Operation;
#[cfg(feature = "http")]
pub use origin::Origin;
#[cfg(feature = "http")]
pub use policy::RequestPolicy;
pub use raw_json::{RawJson, Text};
#[cfg(feature = "http")]
pub use retry_table::Safety;
pub use secret::Secret;
#[cfg(feature = "http")]
pub use send::{Sent, send};
#[cfg(feature = "http")]
pub use service::Service;
#[cfg(feature = "http")]
pub use tls::client_builder;
#[cfg(feature = "http")]
pub use transport::{execute, http_client};

#[doc(hidden)]
pub mod __private;

/// Helpers for this workspace's own tests; not part of the public API.
#[doc(hidden)]
pub mod __test_support {
    pub use crate::readme_section::check_readme_section;
}
