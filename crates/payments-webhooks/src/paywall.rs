//! Paywall bulk callbacks: one page of a (possibly split) callback, verified with
//! `paywall_client::callback`.
//!
//! What the body holds (docs/providers/paywall.md#bulk-callback): `BulkPaymentId`, the page
//! fields `PageNumber`, `TotalPages` and `HasMorePages` (false on the last page), `Hash`,
//! and, inferred, the per-payment array. Inferred here as well, where the documentation is
//! silent:
//!
//! - the body is JSON with the documented PascalCase names (lower camel case is accepted
//!   too);
//! - it carries the batch's `MerchantUniqueCode`: the hash covers it, so a receiver must be
//!   given it, and the bulk query asks by it;
//! - page numbers may count from 1 or from 0 (the bulk query's own base is unverified,
//!   docs/providers/paywall.md#paging): a batch of `TotalPages` pages is complete when that
//!   many distinct page numbers from 0 to `TotalPages` have arrived;
//! - a body without page fields is a callback in one piece.
//!
//! Only `BulkPaymentId` and `MerchantUniqueCode` are hashed. The page fields and the
//! payments are not, so nothing is taken from the payments, and the page fields only say
//! when to query the batch: what the handler gets comes from the query.

use bytes::Bytes;
use payments::{Provider, Secret};
use paywall_client::callback::{CallbackError, CallbackHash};
use serde::Deserialize;
use serde_json::Value;

use crate::key::EventKey;
use crate::outcome::{ReceiveError, SignatureError};

const P: Provider = Provider::Paywall;

/// One verified page of a bulk callback.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct Page {
    /// `BulkPaymentId`, as text.
    pub(crate) bulk_payment_id: String,
    /// The batch's `MerchantUniqueCode`.
    pub(crate) merchant_unique_code: String,
    /// `PageNumber` (1 for a callback in one piece).
    pub(crate) number: u32,
    /// How many pages the batch has, when this page says (`TotalPages`, or its own number
    /// on the last page).
    pub(crate) total: Option<u32>,
}

/// The fields read from the body; everything else is ignored. A field given twice (under
/// either spelling) is refused.
#[derive(Deserialize)]
struct Body {
    #[serde(rename = "BulkPaymentId", alias = "bulkPaymentId", default)]
    bulk_payment_id: Option<Value>,
    #[serde(rename = "MerchantUniqueCode", alias = "merchantUniqueCode", default)]
    merchant_unique_code: Option<Value>,
    #[serde(rename = "PageNumber", alias = "pageNumber", default)]
    page_number: Option<Value>,
    #[serde(rename = "TotalPages", alias = "totalPages", default)]
    total_pages: Option<Value>,
    #[serde(rename = "HasMorePages", alias = "hasMorePages", default)]
    has_more_pages: Option<Value>,
    #[serde(rename = "Hash", alias = "hash", default)]
    hash: Option<Value>,
}

fn malformed(reason: impl Into<String>) -> ReceiveError {
    ReceiveError::malformed(Some(P), reason)
}

/// A string, or a number as its exact text; `None` for null or absent.
fn text(value: Option<Value>, field: &str) -> Result<Option<String>, ReceiveError> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::String(s)) => Ok(Some(s)),
        Some(Value::Number(n)) => Ok(Some(n.to_string())),
        Some(_) => Err(malformed(format!("`{field}` is not a string or a number"))),
    }
}

/// A page count or number: a whole number (or its text) that fits in 32 bits.
fn count(value: Option<Value>, field: &str) -> Result<Option<u32>, ReceiveError> {
    text(value, field)?
        .map(|t| {
            t.trim()
                .parse::<u32>()
                .map_err(|_| malformed(format!("`{field}` is not a page number: {t:?}")))
        })
        .transpose()
}

fn flag(value: Option<Value>, field: &str) -> Result<Option<bool>, ReceiveError> {
    match value {
        None | Some(Value::Null) => Ok(None),
        Some(Value::Bool(b)) => Ok(Some(b)),
        Some(Value::String(s)) if s.eq_ignore_ascii_case("true") => Ok(Some(true)),
        Some(Value::String(s)) if s.eq_ignore_ascii_case("false") => Ok(Some(false)),
        Some(_) => Err(malformed(format!("`{field}` is not true or false"))),
    }
}

/// Parses a bulk callback and checks its `Hash` against `keys` (the System Webhook Hash
/// Key, and any being rotated), then its page fields. At most `max_pages` pages a batch.
pub(crate) fn verify(keys: &[Secret], body: &Bytes, max_pages: u32) -> Result<Page, ReceiveError> {
    if keys.is_empty() {
        return Err(ReceiveError::NotConfigured(P));
    }
    let parsed: Body = serde_json::from_slice(body)
        .map_err(|e| malformed(format!("the body is not a Paywall bulk callback: {e}")))?;
    let bulk_payment_id = text(parsed.bulk_payment_id, "BulkPaymentId")?
        .filter(|id| !id.is_empty())
        .ok_or_else(|| malformed("no `BulkPaymentId`: not a bulk callback"))?;
    let merchant_unique_code = text(parsed.merchant_unique_code, "MerchantUniqueCode")?
        .filter(|code| !code.is_empty())
        .ok_or_else(|| {
            malformed("no `MerchantUniqueCode`: the bulk hash covers it, so it is needed")
        })?;
    let hash = text(parsed.hash, "Hash")?;
    CallbackHash::Bulk {
        bulk_payment_id: &bulk_payment_id,
        merchant_unique_code: &merchant_unique_code,
    }
    .verify_with_keys(keys, hash.as_deref())
    .map_err(|e| match e {
        CallbackError::NoKeys => ReceiveError::NotConfigured(P),
        other => ReceiveError::BadSignature {
            provider: P,
            source: SignatureError::Paywall(other),
        },
    })?;
    let (number, total) = pages(
        count(parsed.page_number, "PageNumber")?,
        count(parsed.total_pages, "TotalPages")?,
        flag(parsed.has_more_pages, "HasMorePages")?,
        max_pages,
    )
    .map_err(malformed)?;
    Ok(Page {
        bulk_payment_id,
        merchant_unique_code,
        number,
        total,
    })
}

/// This page's number and its batch's page count (when known), from the page fields.
fn pages(
    number: Option<u32>,
    total: Option<u32>,
    more: Option<bool>,
    max_pages: u32,
) -> Result<(u32, Option<u32>), String> {
    let Some(number) = number else {
        return match (total, more) {
            (_, Some(true)) => Err("`HasMorePages` is true on a page without `PageNumber`".into()),
            (None | Some(0 | 1), _) => Ok((1, Some(1))),
            (Some(total), _) => Err(format!(
                "`TotalPages` is {total} on a page without `PageNumber`"
            )),
        };
    };
    let total = total.or(match more {
        Some(false) => Some(number.max(1)),
        _ => None,
    });
    let Some(total) = total else {
        if number > max_pages {
            return Err(format!(
                "page {number} is beyond the {max_pages} pages a batch may have here"
            ));
        }
        return Ok((number, None));
    };
    if total == 0 {
        return Err("`TotalPages` is 0".into());
    }
    if total > max_pages {
        return Err(format!(
            "`TotalPages` is {total}, more than the {max_pages} pages a batch may have here"
        ));
    }
    if number > total {
        return Err(format!(
            "`PageNumber` {number} is beyond `TotalPages` {total}"
        ));
    }
    // Counting from 1 the last page is `total`, from 0 it is `total - 1`.
    if more == Some(false) && number.saturating_add(1) < total {
        return Err(format!(
            "`HasMorePages` is false on page {number} of {total}"
        ));
    }
    if more == Some(true) && number == total {
        return Err(format!(
            "`HasMorePages` is true on page {number} of {total}"
        ));
    }
    Ok((number, Some(total)))
}

impl Page {
    /// The key recording this page's arrival.
    pub(crate) fn key(&self) -> EventKey {
        self.key_of(self.number)
    }

    /// The key of the batch as a whole.
    pub(crate) fn batch_key(&self) -> EventKey {
        EventKey::PaywallBatch {
            bulk_payment_id: self.bulk_payment_id.clone(),
        }
    }

    /// The key of page `number` of this page's batch.
    pub(crate) fn key_of(&self, number: u32) -> EventKey {
        EventKey::PaywallPage {
            bulk_payment_id: self.bulk_payment_id.clone(),
            page: number,
        }
    }

    /// The page numbers the batch's pages may have: `0..=total` (counting from 0 or from
    /// 1). The batch is complete when `total` of them have arrived.
    pub(crate) fn candidates(total: u32) -> std::ops::RangeInclusive<u32> {
        0..=total
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    // docs/providers/paywall.md#hash-verification: `k3y###389###8279c96e`.
    const HASH: &str = "1856a3c4be6f9f1bc40539a90bdf5b298bcc48e0db979bd07d2ebeb6e0ad599d";

    fn keys() -> Vec<Secret> {
        vec![Secret::new("k3y")]
    }

    fn body(extra: &str) -> Bytes {
        Bytes::from(format!(
            r#"{{"BulkPaymentId":389,"MerchantUniqueCode":"8279c96e","Hash":"{HASH}"{extra}}}"#
        ))
    }

    fn page(extra: &str) -> Result<Page, ReceiveError> {
        verify(&keys(), &body(extra), 1000)
    }

    #[test]
    fn the_documented_vector_verifies_and_a_whole_callback_is_one_page() {
        let page = page("").unwrap();
        assert_eq!(
            page,
            Page {
                bulk_payment_id: "389".into(),
                merchant_unique_code: "8279c96e".into(),
                number: 1,
                total: Some(1),
            }
        );
        assert_eq!(
            page.key(),
            EventKey::PaywallPage {
                bulk_payment_id: "389".into(),
                page: 1
            }
        );
        // Lower camel case, the id as a string, the flags as text.
        let camel = format!(
            r#"{{"bulkPaymentId":"389","merchantUniqueCode":"8279c96e","hash":"{HASH}","pageNumber":"2","totalPages":3,"hasMorePages":"true"}}"#
        );
        let page = verify(&keys(), &Bytes::from(camel), 1000).unwrap();
        assert_eq!((page.number, page.total), (2, Some(3)));
    }

    #[test]
    fn a_changed_hashed_field_or_another_key_is_refused() {
        let changed = Bytes::from(format!(
            r#"{{"BulkPaymentId":390,"MerchantUniqueCode":"8279c96e","Hash":"{HASH}"}}"#
        ));
        for (keys, body) in [(keys(), changed), (vec![Secret::new("other")], body(""))] {
            assert!(matches!(
                verify(&keys, &body, 1000),
                Err(ReceiveError::BadSignature {
                    source: SignatureError::Paywall(CallbackError::Mismatch),
                    ..
                })
            ));
        }
        let no_hash =
            Bytes::from_static(br#"{"BulkPaymentId":389,"MerchantUniqueCode":"8279c96e"}"#);
        assert!(matches!(
            verify(&keys(), &no_hash, 1000),
            Err(ReceiveError::BadSignature {
                source: SignatureError::Paywall(CallbackError::MissingHash),
                ..
            })
        ));
        assert!(matches!(
            verify(&[], &body(""), 1000),
            Err(ReceiveError::NotConfigured(Provider::Paywall))
        ));
    }

    #[test]
    fn bodies_that_are_not_bulk_callbacks_are_malformed() {
        for bad in [
            "not json".to_string(),
            r#"{"PaymentId":1}"#.into(),
            r#"{"BulkPaymentId":389}"#.into(),
            r#"{"BulkPaymentId":{"a":1},"MerchantUniqueCode":"x"}"#.into(),
            // The same field twice, under either spelling.
            format!(
                r#"{{"BulkPaymentId":389,"bulkPaymentId":388,"MerchantUniqueCode":"8279c96e","Hash":"{HASH}"}}"#
            ),
        ] {
            let err = verify(&keys(), &Bytes::from(bad.clone()), 1000).unwrap_err();
            assert!(
                matches!(
                    err,
                    ReceiveError::Malformed {
                        provider: Some(Provider::Paywall),
                        ..
                    }
                ),
                "{bad}: {err}"
            );
        }
    }

    #[test]
    fn page_fields_must_agree() {
        let ok = |extra: &str| {
            let p = page(extra).unwrap();
            (p.number, p.total)
        };
        for (fields, expected) in [
            (
                r#","PageNumber":1,"TotalPages":3,"HasMorePages":true"#,
                (1, Some(3)),
            ),
            (
                r#","PageNumber":3,"TotalPages":3,"HasMorePages":false"#,
                (3, Some(3)),
            ),
            // Counting from 0.
            (
                r#","PageNumber":0,"TotalPages":3,"HasMorePages":true"#,
                (0, Some(3)),
            ),
            (
                r#","PageNumber":2,"TotalPages":3,"HasMorePages":false"#,
                (2, Some(3)),
            ),
            // The last page says how many there are, without TotalPages.
            (r#","PageNumber":3,"HasMorePages":false"#, (3, Some(3))),
            // Not knowing yet.
            (r#","PageNumber":2,"HasMorePages":true"#, (2, None)),
            (r#","TotalPages":1"#, (1, Some(1))),
        ] {
            assert_eq!(ok(fields), expected, "{fields}");
        }
        for bad in [
            r#","PageNumber":4,"TotalPages":3"#,
            r#","PageNumber":1,"TotalPages":3,"HasMorePages":false"#,
            r#","PageNumber":3,"TotalPages":3,"HasMorePages":true"#,
            r#","PageNumber":1,"TotalPages":0"#,
            r#","PageNumber":1,"TotalPages":1001"#,
            r#","PageNumber":1001,"HasMorePages":true"#,
            r#","TotalPages":3"#,
            r#","HasMorePages":true"#,
            r#","PageNumber":-1"#,
            r#","PageNumber":1.5"#,
            r#","HasMorePages":"maybe""#,
        ] {
            let err = page(bad).unwrap_err();
            assert!(
                matches!(err, ReceiveError::Malformed { .. }),
                "{bad}: {err}"
            );
        }
    }
}
