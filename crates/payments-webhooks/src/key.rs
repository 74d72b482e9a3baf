//! What makes two deliveries the same event: the de-duplication keys.

use std::fmt;

use payments::Provider;

/// The identity of a delivered event, under which a [`Store`](crate::Store) remembers that
/// it was handled.
///
/// Built only from signed fields where the provider signs any, so a replayed delivery
/// cannot dodge de-duplication by changing an unsigned one. Its [`Display`](fmt::Display)
/// form is a stable JSON array (e.g. `["craftgate","API_AUTH","2150001",1641018632,"SUCCESS"]`),
/// to use as the key in a store of your own.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum EventKey {
    /// A Craftgate transaction webhook. Craftgate sends no event id, so the key is the four
    /// fields it signs (docs/providers/craftgate.md#webhook-signature).
    Craftgate {
        /// `eventType`, as received.
        event_type: String,
        /// `payloadId`, as received.
        payload_id: String,
        /// `eventTimestamp` (epoch seconds).
        event_timestamp: i64,
        /// `status`, as received.
        status: String,
    },
    /// One page of a Paywall bulk callback: recorded when it arrives, so the receiver knows
    /// when every page of its batch is in. The page number is as received (it is not
    /// signed; see [`Receiver`](crate::Receiver) on reassembly).
    PaywallPage {
        /// `BulkPaymentId`, as received.
        bulk_payment_id: String,
        /// `PageNumber`.
        page: u32,
    },
    /// A whole Paywall bulk batch: handled once, when every page of its callback is in.
    PaywallBatch {
        /// `BulkPaymentId`, as received.
        bulk_payment_id: String,
    },
}

impl EventKey {
    /// The provider that sent the event.
    pub fn provider(&self) -> Provider {
        match self {
            EventKey::Craftgate { .. } => Provider::Craftgate,
            EventKey::PaywallPage { .. } | EventKey::PaywallBatch { .. } => Provider::Paywall,
        }
    }
}

impl fmt::Display for EventKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // JSON escapes every string, so no two keys share a text form.
        let text = match self {
            EventKey::Craftgate {
                event_type,
                payload_id,
                event_timestamp,
                status,
            } => serde_json::json!(["craftgate", event_type, payload_id, event_timestamp, status]),
            EventKey::PaywallPage {
                bulk_payment_id,
                page,
            } => serde_json::json!(["paywall-page", bulk_payment_id, page]),
            EventKey::PaywallBatch { bulk_payment_id } => {
                serde_json::json!(["paywall-batch", bulk_payment_id])
            }
        };
        fmt::Display::fmt(&text, f)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;

    fn craftgate(event_type: &str, payload_id: &str, ts: i64, status: &str) -> EventKey {
        EventKey::Craftgate {
            event_type: event_type.into(),
            payload_id: payload_id.into(),
            event_timestamp: ts,
            status: status.into(),
        }
    }

    #[test]
    fn the_text_form_is_a_stable_json_array() {
        assert_eq!(
            craftgate("API_AUTH", "2150001", 1641018632, "SUCCESS").to_string(),
            r#"["craftgate","API_AUTH","2150001",1641018632,"SUCCESS"]"#
        );
        assert_eq!(
            EventKey::PaywallPage {
                bulk_payment_id: "389".into(),
                page: 2
            }
            .to_string(),
            r#"["paywall-page","389",2]"#
        );
        assert_eq!(
            EventKey::PaywallBatch {
                bulk_payment_id: "389".into()
            }
            .to_string(),
            r#"["paywall-batch","389"]"#
        );
    }

    #[test]
    fn each_signed_field_makes_a_different_key_and_text() {
        let keys = [
            craftgate("API_AUTH", "2150001", 1641018632, "SUCCESS"),
            craftgate("API_VERIFY_AND_AUTH", "2150001", 1641018632, "SUCCESS"),
            craftgate("API_AUTH", "2150002", 1641018632, "SUCCESS"),
            craftgate("API_AUTH", "2150001", 1641018633, "SUCCESS"),
            craftgate("API_AUTH", "2150001", 1641018632, "FAILURE"),
            // Fields that would run together if joined without separators.
            craftgate("API_AUTH2", "150001", 1641018632, "SUCCESS"),
            craftgate("A\",\"B", "1", 1, "SUCCESS"),
            craftgate("A", "B\",\"1", 1, "SUCCESS"),
        ];
        let texts: HashSet<String> = keys.iter().map(ToString::to_string).collect();
        assert_eq!(texts.len(), keys.len());
        assert_eq!(keys.iter().collect::<HashSet<_>>().len(), keys.len());
    }

    #[test]
    fn pages_and_batches_are_keyed_apart() {
        let page = |page| EventKey::PaywallPage {
            bulk_payment_id: "389".into(),
            page,
        };
        assert_ne!(page(1), page(2));
        assert_ne!(
            EventKey::PaywallBatch {
                bulk_payment_id: "389".into()
            },
            EventKey::PaywallBatch {
                bulk_payment_id: "390".into()
            }
        );
        assert_eq!(page(1).provider(), Provider::Paywall);
        assert_eq!(
            craftgate("API_AUTH", "1", 1, "SUCCESS").provider(),
            Provider::Craftgate
        );
    }
}
