//! Wire-level building blocks shared by the `*-client` crates.
//!
//! Nothing here knows a provider: open enums ([`open_enum!`]), secrets that never print
//! ([`Secret`]), the transport step every client's hooks run ([`execute`]) and the
//! provider-neutral shape of a failed call ([`Failure`]) that each client turns into its
//! own typed error.

#[cfg(feature = "http")]
mod base_url;
#[cfg(feature = "http")]
mod failure;
mod open_enum;
mod secret;
#[cfg(feature = "http")]
mod transport;

#[cfg(feature = "http")]
pub use base_url::{BaseUrlError, parse_base_url};
#[cfg(feature = "http")]
pub use failure::{Failure, body_snippet};
pub use secret::Secret;
#[cfg(feature = "http")]
pub use transport::{execute, http_client};

#[doc(hidden)]
pub mod __private {
    pub use crate::open_enum::int_or_raw;
    pub use serde;
}
