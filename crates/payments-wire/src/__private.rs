//! What the expansions of [`open_enum!`](crate::open_enum) name through `$crate`; not
//! part of the public API.

pub use crate::enum_serde::{int_or_raw, name_or_unknown};
pub use serde;
