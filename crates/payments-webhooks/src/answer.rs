//! [`answer`]: the HTTP response for an [`Outcome`], for any server framework.

use bytes::Bytes;
use http::{HeaderValue, Response, header};

use crate::outcome::{Accepted, Outcome, status_of};

/// The response to give the provider for `outcome`: [`status_of`] and a small JSON body
/// (`{"outcome":"handled","key":...}`, `{"outcome":"held","arrived":1,"total_pages":3}`,
/// `{"error":"..."}`).
///
/// A refusal (4xx) says why, as [`ReceiveError`](crate::ReceiveError) does (no key, no
/// expected signature). A failure (5xx) says only that the delivery was not handled and
/// should come again: the handler's, the store's or the provider's error stays in the
/// receiver's log, since whoever sent the delivery may be anyone.
pub fn answer(outcome: &Outcome) -> Response<Bytes> {
    let body = match outcome {
        Ok(
            held @ Accepted::Held {
                arrived,
                total_pages,
                ..
            },
        ) => serde_json::json!({
            "outcome": held.label(),
            "key": held.key().to_string(),
            "arrived": arrived,
            "total_pages": total_pages,
        }),
        Ok(accepted) => {
            serde_json::json!({"outcome": accepted.label(), "key": accepted.key().to_string()})
        }
        Err(error) if error.is_retryable() => serde_json::json!({
            "error": "the delivery was not handled; deliver it again later",
        }),
        Err(error) => serde_json::json!({"error": error.to_string()}),
    };
    let mut response = Response::new(Bytes::from(body.to_string()));
    *response.status_mut() = status_of(outcome);
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

#[cfg(test)]
mod tests {
    use payments::Provider;

    use super::*;
    use crate::key::EventKey;
    use crate::outcome::ReceiveError;

    fn key() -> EventKey {
        EventKey::PaywallPage {
            bulk_payment_id: "389".into(),
            page: 1,
        }
    }

    fn body(outcome: &Outcome) -> (u16, serde_json::Value) {
        let response = answer(outcome);
        assert_eq!(
            response.headers().get(header::CONTENT_TYPE).unwrap(),
            "application/json"
        );
        (
            response.status().as_u16(),
            serde_json::from_slice(response.body()).unwrap(),
        )
    }

    #[test]
    fn accepted_deliveries_name_their_key() {
        assert_eq!(
            body(&Ok(Accepted::Held {
                key: key(),
                arrived: 1,
                total_pages: Some(3)
            })),
            (
                202,
                serde_json::json!({"outcome": "held", "key": "[\"paywall-page\",\"389\",1]", "arrived": 1, "total_pages": 3})
            )
        );
        assert_eq!(
            body(&Ok(Accepted::Duplicate(key()))).1["outcome"],
            "duplicate"
        );
        assert_eq!(body(&Ok(Accepted::Handled(key()))).0, 200);
    }

    #[test]
    fn refusals_say_why_and_failures_say_nothing_of_their_cause() {
        let (status, refused) = body(&Err(ReceiveError::malformed(
            Some(Provider::Paywall),
            "no `BulkPaymentId`",
        )));
        assert_eq!(status, 400);
        assert_eq!(
            refused["error"],
            "malformed Paywall delivery: no `BulkPaymentId`"
        );
        let (status, failed) = body(&Err(ReceiveError::Handler {
            key: key(),
            source: "customer 42's card 4111 1111 1111 1111 was declined".into(),
        }));
        assert_eq!(status, 500);
        assert!(!failed.to_string().contains("4111"), "{failed}");
    }
}
