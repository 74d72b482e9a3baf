//! What the sandbox pushes, as the providers do: Craftgate's signed transaction webhooks and
//! Paywall's hashed bulk callbacks, POSTed to registered endpoints on each provider's
//! schedule, every attempt recorded ([`PushControl`]).

mod endpoint;
mod hub;
mod record;
mod schedule;
mod send;

use std::sync::Arc;
use std::time::Duration;

pub(crate) use endpoint::parse as parse_url;
pub use endpoint::{Endpoint, EndpointError};
pub use hub::Unsettled;
pub(crate) use hub::{Body, Hub, Message};
pub use record::{Attempt, Delivery, DeliveryState, PushProvider, UnknownPushProvider};

/// The sandbox's pushes ([`Sandbox::pushes`](crate::Sandbox::pushes)): register endpoints,
/// read what was delivered.
///
/// - **Craftgate** POSTs a transaction webhook (docs/providers/craftgate.md#transaction-webhook)
///   to every Craftgate endpoint when a refund is booked: `REFUND` with the payment refund's
///   id for a same-day `CANCEL`, and `REFUND_TX` with the item refund's id for each item
///   refund (one, or one per item when a whole payment is refunded after its day). The body
///   has `eventType`, `eventTime` (Istanbul wall-clock time), `eventTimestamp`, `status`
///   (`SUCCESS`) and `payloadId`; `x-cg-signature-v1` is
///   Base64(HMAC-SHA256(webhook key, eventType + eventTimestamp + status + payloadId)) under
///   the sandbox's webhook key ([`CraftgateInfo::webhook_key`](crate::CraftgateInfo::webhook_key)).
///   A non-2xx answer, or none within the attempt timeout, is re-delivered on Craftgate's
///   schedule: first attempt 30 s after the event, then after 10 s, 30 s, 3 min and 10 min,
///   5 attempts in all (docs/providers/craftgate.md#webhook-delivery).
/// - **Paywall** POSTs the bulk callback (docs/providers/paywall.md#bulk-callback) when a
///   bulk operation it queued is done: a batch made with
///   [`PaywallControl::seed_batch`](crate::PaywallControl::seed_batch), a batch or list cancel
///   or refund, a retry, a callback re-send. It goes to the address the operation named (the
///   batch's callback address, a list's `CallbackUrl`) and to every Paywall endpoint, in
///   pages of 1,000 payments (`PageNumber` from 1, `TotalPages`, `HasMorePages` false on the
///   last), each page with `Hash` = lowercase hex SHA-256 of
///   `key###BulkPaymentId###MerchantUniqueCode` under the sandbox's hash key
///   ([`PaywallInfo::webhook_hash_key`](crate::PaywallInfo::webhook_hash_key)). The body's
///   form is inferred (JSON with the documented names, the batch's `MerchantUniqueCode`, the
///   payments as the bulk query lists them). The first page comes 5 s after the operation
///   (Paywall does not say how long; the sandbox's choice), the next ones right after; each
///   page is attempted once, since Paywall documents no re-delivery but the re-send.
/// - Endpoints are `http://` URLs on this machine (`127.0.0.1`, `[::1]`, `localhost`): the
///   sandbox pushes over plain HTTP, and one reachable from elsewhere must not be made to
///   post anywhere. Each event (a webhook; a callback's pages, in order) goes to each
///   recipient from a task of its own, so two events can arrive in either order, as they can
///   from the providers.
/// - An endpoint has 10 s to answer an attempt
///   ([`SandboxConfig::push_attempt_timeout`](crate::SandboxConfig::push_attempt_timeout);
///   neither provider says how long it waits). Every wait of the schedule, but not that
///   timeout, is divided by the time scale
///   ([`SandboxConfig::push_time_scale`](crate::SandboxConfig::push_time_scale)): at 1000,
///   Craftgate's five attempts span under a second.
/// - A Paywall page's body is rendered when it is sent (the payments as they were when the
///   operation was booked), so a large batch's callback is never held whole.
/// - The log keeps the last 10,000 deliveries and at most 64 MiB of bodies; older ones are
///   dropped first. Stopping the sandbox ends every delivery (an attempt under way is cut
///   short) as [`DeliveryState::Stopped`].
#[derive(Clone, Debug)]
pub struct PushControl {
    hub: Arc<Hub>,
}

impl PushControl {
    pub(crate) fn new(hub: Arc<Hub>) -> Self {
        Self { hub }
    }

    /// How many times faster than the providers' schedules the sandbox pushes.
    pub fn time_scale(&self) -> u32 {
        self.hub.scale()
    }

    /// How long an endpoint has to answer one attempt.
    pub fn attempt_timeout(&self) -> Duration {
        self.hub.attempt_timeout()
    }

    /// Registers `url` for `provider`'s pushes: every webhook or callback emitted from now on
    /// is delivered there too.
    pub fn register(&self, provider: PushProvider, url: &str) -> Result<Endpoint, EndpointError> {
        self.hub.register(provider, url)
    }

    /// Removes the endpoint numbered `id`; false when there was none. Deliveries already
    /// under way finish.
    pub fn unregister(&self, id: u64) -> bool {
        self.hub.unregister(id)
    }

    /// The registered endpoints.
    pub fn endpoints(&self) -> Vec<Endpoint> {
        self.hub.endpoints()
    }

    /// Every delivery so far (the last 10,000), oldest first, with its attempts.
    pub fn deliveries(&self) -> Vec<Delivery> {
        self.hub.deliveries()
    }

    /// Waits until no delivery is pending, at most `timeout`; the deliveries.
    pub async fn settled(&self, timeout: Duration) -> Result<Vec<Delivery>, Unsettled> {
        self.hub.settled(timeout).await
    }
}
