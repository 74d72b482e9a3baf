//! How OneEntry's success bodies hold the payload: they are the payload.
//!
//! OneEntry has no envelope (docs/providers/oneentry.md#errors): a 2xx body is the
//! resource itself, and a non-2xx carries the error body [`ApiError`](crate::ApiError)
//! holds. Each response type an operation returns is listed here once.

use payments_wire::{CallError, Envelope};
use reqwest::StatusCode;

use crate::error::OneEntryApi;
use crate::{types, wire};

/// Response types that are their own payload.
macro_rules! bare {
    ($($response:ty),+ $(,)?) => {$(
        impl Envelope<OneEntryApi> for $response {
            type Payload = Self;

            fn into_payload(self, _status: StatusCode) -> Result<Self, CallError<OneEntryApi>> {
                Ok(self)
            }
        }
    )+};
}

bare! {
    (),
    Vec<types::ActiveSession>,
    Vec<types::AuthProvider>,
    Vec<types::OrderStatus>,
    Vec<types::OrdersStorage>,
    Vec<types::PaymentAccount>,
    Vec<types::RefundRequest>,
    wire::Acknowledgement,
    wire::OneOrMany<types::PaymentSession>,
    types::AuthEntity,
    types::AuthProvider,
    types::CreatedOrder,
    types::Order,
    types::OrderPreview,
    types::OrdersPage,
    types::OrdersStorage,
    types::PaymentAccount,
    types::PaymentSession,
    types::PaymentSessions,
}
