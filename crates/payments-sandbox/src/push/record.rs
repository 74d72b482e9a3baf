//! What the sandbox records of each delivery: who it went to, what it carried, and every
//! attempt (when, what came back, how long it took).

use std::fmt;
use std::str::FromStr;

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// A provider that pushes: Craftgate (transaction webhooks) or Paywall (bulk callbacks).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[non_exhaustive]
pub enum PushProvider {
    /// Craftgate's transaction webhooks (docs/providers/craftgate.md#transaction-webhook).
    Craftgate,
    /// Paywall's bulk callbacks (docs/providers/paywall.md#bulk-callback).
    Paywall,
}

impl PushProvider {
    /// `craftgate` or `paywall`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Craftgate => "craftgate",
            Self::Paywall => "paywall",
        }
    }
}

impl fmt::Display for PushProvider {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A provider name that is neither `craftgate` nor `paywall`.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
#[error("no provider pushes as `{0}`: use craftgate or paywall")]
pub struct UnknownPushProvider(pub String);

impl FromStr for PushProvider {
    type Err = UnknownPushProvider;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s.to_ascii_lowercase().as_str() {
            "craftgate" => Ok(Self::Craftgate),
            "paywall" => Ok(Self::Paywall),
            _ => Err(UnknownPushProvider(s.to_string())),
        }
    }
}

/// Where a delivery stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum DeliveryState {
    /// Waiting for its first attempt or its next one.
    Pending,
    /// An attempt was answered with a 2xx.
    Delivered,
    /// Every attempt the schedule allows failed (non-2xx, no answer in time, no connection).
    GaveUp,
    /// The sandbox stopped before the delivery ended.
    Stopped,
}

/// One attempt of a delivery.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Attempt {
    /// 1 for the first attempt.
    pub number: u32,
    /// When it was sent.
    pub at: DateTime<Utc>,
    /// The HTTP status the endpoint answered, if it answered in time.
    pub status: Option<u16>,
    /// Why there was no answer (connection refused, timed out, ...), if there was none.
    pub error: Option<String>,
    /// From sending to the answer (or to giving up on it), in milliseconds.
    pub latency_ms: u64,
}

impl Attempt {
    /// Whether the endpoint answered with a 2xx.
    pub fn succeeded(&self) -> bool {
        self.status.is_some_and(|s| (200..300).contains(&s))
    }
}

/// One message pushed to one endpoint: a Craftgate webhook, or one page of a Paywall bulk
/// callback.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct Delivery {
    /// The sandbox's number for it, from 1, in the order deliveries were made.
    pub id: u64,
    /// Who pushes it.
    pub provider: PushProvider,
    /// Craftgate's `eventType` (`REFUND`, `REFUND_TX`, ...); `BULK_CALLBACK` for Paywall.
    pub event: String,
    /// What it is about: Craftgate's `payloadId`, Paywall's `BulkPaymentId`.
    pub subject: String,
    /// The page of a Paywall callback (from 1) and the number of pages; `None` for Craftgate.
    pub page: Option<(u32, u32)>,
    /// Where it goes.
    pub url: String,
    /// The headers it carries besides `content-type` (the signature, for Craftgate).
    pub headers: Vec<(String, String)>,
    /// The JSON body, exactly as sent (for a Paywall page, empty until it is first sent).
    pub body: String,
    /// Where it stands.
    pub state: DeliveryState,
    /// Every attempt so far, oldest first.
    pub attempts: Vec<Attempt>,
}
