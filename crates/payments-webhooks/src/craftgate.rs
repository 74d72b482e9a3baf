//! Craftgate transaction webhooks: verified with `craftgate_client::webhook`, keyed by their
//! signed fields, confirmed by reading the payment or refund they name.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use bytes::Bytes;
use craftgate_client::webhook::{WEBHOOK_SIGNATURE_HEADER, WebhookError, WebhookEvent};
use craftgate_client::wire::WebhookEventType;
use http::HeaderMap;
use payments::{PaymentId, PaymentsError, Provider, RefundId, Secret};

use crate::confirm::Confirm;
use crate::event::{
    CraftgatePayment, CraftgateRefund, CraftgateSigned, Event, RefundKind, UnknownEvent,
};
use crate::key::EventKey;
use crate::outcome::{ReceiveError, SignatureError};

const P: Provider = Provider::Craftgate;

/// The header carrying a webhook's signature.
const SIGNATURE_HEADER: &str = WEBHOOK_SIGNATURE_HEADER;

/// A verified webhook and its body.
#[derive(Debug)]
pub(crate) struct Delivery {
    event: WebhookEvent,
    body: Bytes,
}

/// What a webhook's `payloadId` names, by its event type.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Subject {
    Payment,
    Refund(RefundKind),
    /// Nothing the receiver can query.
    Other,
}

/// Which object an event type's `payloadId` is the id of.
///
/// Craftgate documents `payloadId` only as "the id of the object concerned, e.g. a payment
/// id" (docs/providers/craftgate.md#transaction-webhook). Inferred: the payment events'
/// (`API_AUTH`, `API_VERIFY_AND_AUTH`, `CHECKOUTFORM_AUTH`, `THREEDS_VERIFY`) is the payment
/// id, `REFUND`'s the payment refund id, `REFUND_TX`'s the item refund id. An id that is not
/// a number is not one of those, and the event stays [`Event::Unknown`].
fn subject(event: &WebhookEvent) -> Subject {
    if event.payload_id.is_empty() || !event.payload_id.bytes().all(|b| b.is_ascii_digit()) {
        return Subject::Other;
    }
    match event.event_type {
        WebhookEventType::ApiAuth
        | WebhookEventType::ApiVerifyAndAuth
        | WebhookEventType::CheckoutformAuth
        | WebhookEventType::ThreedsVerify => Subject::Payment,
        WebhookEventType::Refund => Subject::Refund(RefundKind::Payment),
        WebhookEventType::RefundTx => Subject::Refund(RefundKind::Item),
        _ => Subject::Other,
    }
}

/// Parses `body` and checks its `x-cg-signature-v1` against `keys`.
pub(crate) fn verify(
    keys: &[Secret],
    headers: &HeaderMap,
    body: Bytes,
) -> Result<Delivery, ReceiveError> {
    if keys.is_empty() {
        return Err(ReceiveError::NotConfigured(P));
    }
    let mut signatures = headers.get_all(SIGNATURE_HEADER).iter();
    let signature = signatures.next();
    if signatures.next().is_some() {
        return Err(ReceiveError::malformed(
            Some(P),
            format!("more than one `{SIGNATURE_HEADER}` header"),
        ));
    }
    let event = WebhookEvent::from_slice(&body).map_err(|e| match e {
        WebhookError::Body(e) => ReceiveError::malformed(
            Some(P),
            format!("the body is not a Craftgate transaction webhook: {e}"),
        ),
        other => bad_signature(other),
    })?;
    let signature = match signature.map(|s| s.to_str()) {
        None => None,
        Some(Ok(text)) => Some(text),
        // Base64 is ASCII: a header that is not cannot be a signature.
        Some(Err(_)) => return Err(bad_signature(WebhookError::NotBase64)),
    };
    event
        .verify_with_keys(keys, signature)
        .map_err(|e| match e {
            WebhookError::NoKeys => ReceiveError::NotConfigured(P),
            other => bad_signature(other),
        })?;
    Ok(Delivery { event, body })
}

fn bad_signature(error: WebhookError) -> ReceiveError {
    ReceiveError::BadSignature {
        provider: P,
        source: SignatureError::Craftgate(error),
    }
}

impl Delivery {
    /// The de-duplication key: the four signed fields.
    pub(crate) fn key(&self) -> EventKey {
        EventKey::Craftgate {
            event_type: self.event.event_type.as_str().to_string(),
            payload_id: self.event.payload_id.clone(),
            event_timestamp: self.event.event_timestamp,
            status: self.event.status.as_str().to_string(),
        }
    }

    /// Refuses a delivery whose signed `eventTimestamp` is more than `max_age` before `now`.
    /// A timestamp ahead of `now` (clock skew) is not refused.
    pub(crate) fn check_age(&self, max_age: Duration, now: SystemTime) -> Result<(), ReceiveError> {
        let now = now
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| i64::try_from(d.as_secs()).unwrap_or(i64::MAX));
        let age = now.saturating_sub(self.event.event_timestamp);
        let age = Duration::from_secs(u64::try_from(age).unwrap_or(0));
        if age > max_age {
            return Err(ReceiveError::Stale {
                provider: P,
                age,
                max_age,
            });
        }
        Ok(())
    }

    fn signed(&self) -> CraftgateSigned {
        CraftgateSigned {
            event_type: self.event.event_type.clone(),
            event_timestamp: self.event.event_timestamp,
            status: self.event.status.clone(),
            payload_id: self.event.payload_id.clone(),
        }
    }

    fn unknown(self) -> Event {
        Event::Unknown(UnknownEvent {
            provider: P,
            event_type: self.event.event_type.as_str().to_string(),
            subject: Some(self.event.payload_id),
            raw: self.body,
        })
    }

    /// The event, with the payment or refund it names read from Craftgate.
    pub(crate) async fn confirm(self, confirm: &dyn Confirm) -> Result<Event, PaymentsError> {
        let signed = self.signed();
        Ok(match subject(&self.event) {
            Subject::Payment => {
                let payment = confirm
                    .craftgate_payment(&PaymentId::new(signed.payload_id.clone()))
                    .await?;
                Event::CraftgatePayment(CraftgatePayment {
                    signed,
                    payment: Some(payment),
                })
            }
            Subject::Refund(kind) => {
                let id = RefundId::new(signed.payload_id.clone());
                let refund = match kind {
                    RefundKind::Payment => confirm.craftgate_payment_refund(&id).await?,
                    RefundKind::Item => confirm.craftgate_item_refund(&id).await?,
                };
                Event::CraftgateRefund(CraftgateRefund {
                    signed,
                    kind,
                    refund: Some(refund),
                })
            }
            Subject::Other => self.unknown(),
        })
    }

    /// The event without querying Craftgate (confirmation off).
    pub(crate) fn unconfirmed(self) -> Event {
        let signed = self.signed();
        match subject(&self.event) {
            Subject::Payment => Event::CraftgatePayment(CraftgatePayment {
                signed,
                payment: None,
            }),
            Subject::Refund(kind) => Event::CraftgateRefund(CraftgateRefund {
                signed,
                kind,
                refund: None,
            }),
            Subject::Other => self.unknown(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // docs/providers/craftgate.md#webhook-test-vectors
    const KEY: &str = "1Q2w3E4r5T6y7U8i9Op";
    const BODY: &str = r#"{"eventType":"API_AUTH","eventTime":"2022-01-01T09:30:32.123456","eventTimestamp":1641018632,"status":"SUCCESS","payloadId":"2150001"}"#;
    const SIGNATURE: &str = "eNXKxfxUpVmp/wBrNUmOLjNXL0sYl0mh1s/rEB8K8NU=";

    fn headers(signatures: &[&str]) -> HeaderMap {
        let mut headers = HeaderMap::new();
        for s in signatures {
            headers.append(SIGNATURE_HEADER, s.parse().unwrap());
        }
        headers
    }

    fn keys() -> Vec<Secret> {
        vec![Secret::new("rotated-in"), Secret::new(KEY)]
    }

    fn verified() -> Delivery {
        verify(
            &keys(),
            &headers(&[SIGNATURE]),
            Bytes::from_static(BODY.as_bytes()),
        )
        .unwrap()
    }

    #[test]
    fn the_documented_vector_verifies_under_any_listed_key() {
        let delivery = verified();
        assert_eq!(
            delivery.key(),
            EventKey::Craftgate {
                event_type: "API_AUTH".into(),
                payload_id: "2150001".into(),
                event_timestamp: 1641018632,
                status: "SUCCESS".into(),
            }
        );
        let err = verify(
            &[Secret::new("another")],
            &headers(&[SIGNATURE]),
            Bytes::from_static(BODY.as_bytes()),
        )
        .unwrap_err();
        assert!(matches!(
            err,
            ReceiveError::BadSignature {
                source: SignatureError::Craftgate(WebhookError::SignatureMismatch),
                ..
            }
        ));
    }

    #[test]
    fn refusals_are_typed() {
        let body = || Bytes::from_static(BODY.as_bytes());
        assert!(matches!(
            verify(&keys(), &headers(&[]), body()),
            Err(ReceiveError::BadSignature {
                source: SignatureError::Craftgate(WebhookError::MissingSignature),
                ..
            })
        ));
        assert!(matches!(
            verify(&keys(), &headers(&[SIGNATURE, SIGNATURE]), body()),
            Err(ReceiveError::Malformed { .. })
        ));
        assert!(matches!(
            verify(
                &keys(),
                &headers(&[SIGNATURE]),
                Bytes::from_static(b"{\"eventType\":")
            ),
            Err(ReceiveError::Malformed {
                provider: Some(Provider::Craftgate),
                ..
            })
        ));
        let mut latin1 = HeaderMap::new();
        latin1.insert(
            SIGNATURE_HEADER,
            http::HeaderValue::from_bytes(b"\xe9").unwrap(),
        );
        assert!(matches!(
            verify(&keys(), &latin1, body()),
            Err(ReceiveError::BadSignature {
                source: SignatureError::Craftgate(WebhookError::NotBase64),
                ..
            })
        ));
        assert!(matches!(
            verify(&[], &headers(&[SIGNATURE]), body()),
            Err(ReceiveError::NotConfigured(Provider::Craftgate))
        ));
    }

    #[test]
    fn age_is_read_from_the_signed_timestamp() {
        let delivery = verified();
        let sent = UNIX_EPOCH + Duration::from_secs(1641018632);
        let hour = Duration::from_secs(3600);
        delivery.check_age(hour, sent + hour).unwrap();
        // Ahead of our clock: not stale.
        delivery.check_age(hour, sent - hour).unwrap();
        let err = delivery
            .check_age(hour, sent + hour + Duration::from_secs(1))
            .unwrap_err();
        assert!(
            matches!(err, ReceiveError::Stale { age, .. } if age == hour + Duration::from_secs(1))
        );
        assert_eq!(err.status(), http::StatusCode::UNAUTHORIZED);
    }

    #[test]
    fn event_types_name_what_their_payload_id_is() {
        let with = |event_type: &str, payload_id: &str| {
            let mut event = verified().event;
            event.event_type = WebhookEventType::from(event_type);
            event.payload_id = payload_id.into();
            subject(&event)
        };
        for payment in [
            "API_AUTH",
            "API_VERIFY_AND_AUTH",
            "CHECKOUTFORM_AUTH",
            "THREEDS_VERIFY",
        ] {
            assert_eq!(with(payment, "1"), Subject::Payment, "{payment}");
        }
        assert_eq!(with("REFUND", "21"), Subject::Refund(RefundKind::Payment));
        assert_eq!(with("REFUND_TX", "31"), Subject::Refund(RefundKind::Item));
        for other in ["PAYOUT_COMPLETED", "WALLET_CREATED", "SOMETHING_NEW"] {
            assert_eq!(with(other, "1"), Subject::Other, "{other}");
        }
        // An id that is not a number is not a payment's.
        assert_eq!(with("API_AUTH", "token-1"), Subject::Other);
        assert_eq!(with("API_AUTH", ""), Subject::Other);
    }

    #[test]
    fn unconfirmed_events_carry_only_what_was_signed() {
        let Event::CraftgatePayment(payment) = verified().unconfirmed() else {
            panic!("a payment event");
        };
        assert_eq!(payment.payment, None);
        assert_eq!(payment.signed.payload_id, "2150001");
        assert_eq!(
            payment.signed.occurred_at().map(|t| t.timestamp()),
            Some(1641018632)
        );
    }
}
