//! OneEntry's wire conventions: ISO-8601 dates and language-keyed `localizeInfos`.

use chrono::{DateTime, SecondsFormat, Utc};
use serde_json::{Value, json};

/// The language the seeded data is written in (the SDK's default `langCode`,
/// docs/providers/oneentry.md#query-defaults-and-order).
pub(crate) const LANG: &str = "en_US";

/// Dates are ISO-8601 UTC with milliseconds, e.g. `2025-06-04T04:38:32.849Z`
/// (docs/providers/oneentry.md#dates-and-decimals).
pub(crate) fn iso(at: DateTime<Utc>) -> String {
    at.to_rfc3339_opts(SecondsFormat::Millis, true)
}

/// [`iso`] of now.
pub(crate) fn iso_now() -> String {
    iso(Utc::now())
}

/// `localizeInfos` in the language-keyed wire form the vendor docs show
/// (docs/providers/oneentry.md#localised-values).
pub(crate) fn localize(title: &str) -> Value {
    json!({ LANG: { "title": title } })
}
