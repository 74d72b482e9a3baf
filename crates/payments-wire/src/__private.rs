//! What the expansions of [`open_enum!`](crate::open_enum) and
//! [`client_hooks!`](crate::client_hooks) name through `$crate`, and what the generated
//! code names (`prepared`, `exec_rebuilt`, `from_response`: `cargo xtask codegen`); not
//! part of the public API.

pub use crate::enum_serde::{int_code, is_decimal_text, name_or_unknown, with_str};
/// The hook functions [`client_hooks!`](crate::client_hooks) calls.
#[cfg(feature = "http")]
pub mod hooks {
    pub use crate::hooks::{exec, pre};
}
/// How the generated code sends a request, with what builds it again (`cargo xtask
/// codegen`).
#[cfg(feature = "http")]
pub use crate::hooks::exec_rebuilt;
/// The `pre` hook as the generated code calls it, the request by value (`cargo xtask
/// codegen`).
#[cfg(feature = "http")]
pub use crate::hooks::prepared;
/// The generated code's reading of a success answer (`cargo xtask codegen`).
#[cfg(feature = "http")]
pub use crate::response_value::from_response;
#[cfg(feature = "http")]
pub use progenitor_client;
#[cfg(feature = "http")]
pub use reqwest;
pub use serde;
