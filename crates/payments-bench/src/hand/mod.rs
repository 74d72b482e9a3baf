//! The hand-written calls: what a careful developer writes with reqwest and serde alone,
//! doing the same work as the clients: the same request (method, path, query, headers,
//! auth computed per call, the same per-attempt timeout), the status checked, the body
//! read whole and decoded into structs holding every field the client decodes, amounts as
//! exact decimals (serde_json's `arbitrary_precision`, as the workspace builds it), and
//! the provider's own failure fields checked.

pub mod craftgate;
pub mod oneentry;
pub mod paywall;
pub mod wire;
