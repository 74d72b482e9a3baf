//! Search query parameters (docs/providers/craftgate.md#search-parameters) and paged lists
//! (docs/providers/craftgate.md#lists-and-paging).

use std::collections::HashMap;

use chrono::{DateTime, NaiveDateTime};
use rust_decimal::Decimal;
use serde_json::{Value, json};

use super::error::CgError;
use crate::clock::ISTANBUL;

/// The default page size (NET's default; the server's is undocumented;
/// docs/providers/craftgate.md#lists-and-paging).
const DEFAULT_SIZE: usize = 10;
/// The largest page the sandbox serves.
const MAX_SIZE: usize = 1000;

/// Decoded query parameters. An empty value counts as absent (NODE sends `key=` for null,
/// docs/providers/craftgate.md#query-encoding); comma-joined or repeated values are not split.
pub(crate) struct SearchQuery(HashMap<String, String>);

impl SearchQuery {
    /// Parses a raw query string.
    pub(crate) fn parse(raw: Option<&str>) -> Self {
        Self(
            url::form_urlencoded::parse(raw.unwrap_or_default().as_bytes())
                .into_owned()
                .filter(|(_, v)| !v.is_empty())
                .collect(),
        )
    }

    /// A text parameter.
    pub(crate) fn text(&self, name: &str) -> Option<&str> {
        self.0.get(name).map(String::as_str)
    }

    fn typed<T>(
        &self,
        name: &str,
        what: &str,
        parse: impl Fn(&str) -> Option<T>,
    ) -> Result<Option<T>, CgError> {
        self.text(name)
            .map(|v| parse(v).ok_or_else(|| CgError::invalid(format!("{name} must be {what}"))))
            .transpose()
    }

    /// An integer parameter.
    pub(crate) fn int(&self, name: &str) -> Result<Option<i64>, CgError> {
        self.typed(name, "an integer", |v| v.parse().ok())
    }

    /// A decimal parameter (plain decimal text, docs/providers/craftgate.md#decimals).
    pub(crate) fn decimal(&self, name: &str) -> Result<Option<Decimal>, CgError> {
        self.typed(name, "a decimal number", |v| v.parse().ok())
    }

    /// A boolean parameter, case-insensitive (NET sends `False`,
    /// docs/providers/craftgate.md#other-scalars).
    pub(crate) fn boolean(&self, name: &str) -> Result<Option<bool>, CgError> {
        self.typed(name, "true or false", |v| {
            match v.to_ascii_lowercase().as_str() {
                "true" => Some(true),
                "false" => Some(false),
                _ => None,
            }
        })
    }

    /// A date-time parameter: zone-less `yyyy-MM-ddTHH:mm:ss[.ffffff]` (JAVA, GO, NET, PY), or
    /// an ISO instant with `Z`/offset (NODE), read as Istanbul wall-clock time
    /// (docs/providers/craftgate.md#date-times).
    pub(crate) fn date(&self, name: &str) -> Result<Option<NaiveDateTime>, CgError> {
        self.typed(name, "a date-time (yyyy-MM-ddTHH:mm:ss)", |v| {
            NaiveDateTime::parse_from_str(v, "%Y-%m-%dT%H:%M:%S%.f")
                .ok()
                .or_else(|| {
                    DateTime::parse_from_rfc3339(v)
                        .ok()
                        .map(|at| at.with_timezone(&ISTANBUL).naive_local())
                })
        })
    }

    /// `page` (0-based) and `size`.
    pub(crate) fn paging(&self) -> Result<(usize, usize), CgError> {
        let page = self.int("page")?.map_or(Ok(0), |p| {
            usize::try_from(p).map_err(|_| CgError::invalid("page must not be negative"))
        })?;
        let size = match self.int("size")? {
            None => DEFAULT_SIZE,
            Some(s) => usize::try_from(s)
                .ok()
                .filter(|s| (1..=MAX_SIZE).contains(s))
                .ok_or_else(|| CgError::invalid(format!("size must be from 1 to {MAX_SIZE}")))?,
        };
        Ok((page, size))
    }

    /// Whether an enum-like parameter, when given, equals `value`.
    pub(crate) fn matches(&self, name: &str, value: &str) -> bool {
        self.text(name).is_none_or(|v| v == value)
    }
}

/// A paged list: `{items, page, size, totalSize}`.
pub(crate) fn paged(all: Vec<Value>, page: usize, size: usize) -> Value {
    let total = all.len();
    let items: Vec<Value> = all
        .into_iter()
        .skip(page.saturating_mul(size))
        .take(size)
        .collect();
    json!({ "items": items, "page": page, "size": size, "totalSize": total })
}

/// Whether `value` lies in the optional bounds.
pub(crate) fn within<T: PartialOrd>(value: T, min: Option<T>, max: Option<T>) -> bool {
    min.is_none_or(|m| value >= m) && max.is_none_or(|m| value <= m)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_typed_parameters() {
        let q = SearchQuery::parse(Some(
            "page=1&size=2&paymentId=1001&isThreeDS=False&minPaidPrice=10.5&minCreatedDate=2021-11-15T14%3A07%3A18&conversationId=",
        ));
        assert_eq!(q.paging().unwrap(), (1, 2));
        assert_eq!(q.int("paymentId").unwrap(), Some(1001));
        assert_eq!(q.boolean("isThreeDS").unwrap(), Some(false));
        assert_eq!(
            q.decimal("minPaidPrice").unwrap().unwrap().to_string(),
            "10.5"
        );
        assert_eq!(
            q.date("minCreatedDate").unwrap().unwrap().to_string(),
            "2021-11-15 14:07:18"
        );
        assert_eq!(q.text("conversationId"), None);
        assert!(SearchQuery::parse(Some("size=0")).paging().is_err());
        assert!(
            SearchQuery::parse(Some("paymentId=x"))
                .int("paymentId")
                .is_err()
        );
        let z = SearchQuery::parse(Some("d=2021-11-15T11:07:18.000Z"));
        assert_eq!(
            z.date("d").unwrap().unwrap().to_string(),
            "2021-11-15 14:07:18"
        );
    }

    #[test]
    fn pages_slice_and_count() {
        let all: Vec<Value> = (0..5).map(|i| json!(i)).collect();
        assert_eq!(
            paged(all.clone(), 1, 2),
            json!({"items": [2, 3], "page": 1, "size": 2, "totalSize": 5})
        );
        assert_eq!(paged(all, 3, 2)["items"], json!([]));
    }
}
