//! Reading OneEntry requests: JSON bodies, query strings, path ids.

use std::collections::HashMap;

use axum::http::{HeaderMap, header};
use serde_json::Value;

use super::error::ApiError;

/// The JSON body of a POST/PUT. The SDK always sends `Content-Type: application/json`
/// (docs/providers/oneentry.md#headers); anything else, or bytes that are not JSON, is a 400.
pub(crate) fn json_body(headers: &HeaderMap, body: &[u8]) -> Result<Value, ApiError> {
    let is_json = headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| {
            v.trim_start()
                .to_ascii_lowercase()
                .starts_with("application/json")
        });
    if !is_json {
        return Err(ApiError::bad_request(
            "Request body must be JSON (Content-Type: application/json)",
        ));
    }
    serde_json::from_slice(body)
        .map_err(|e| ApiError::bad_request(format!("Request body is not valid JSON: {e}")))
}

/// The decoded query parameters (last value wins).
pub(crate) fn query_map(raw: Option<&str>) -> HashMap<String, String> {
    url::form_urlencoded::parse(raw.unwrap_or_default().as_bytes())
        .into_owned()
        .collect()
}

/// `offset`/`limit`-style paging parameters; defaults as in the SDK (offset 0, limit 30).
#[derive(Clone, Copy, Debug)]
pub(crate) struct Paging {
    pub(crate) offset: usize,
    pub(crate) limit: usize,
}

impl Paging {
    /// Reads `offset` and `limit` from the query.
    pub(crate) fn from_query(query: &HashMap<String, String>) -> Result<Self, ApiError> {
        let read = |name: &str, default: usize| -> Result<usize, String> {
            match query.get(name) {
                None => Ok(default),
                Some(v) => v
                    .parse::<usize>()
                    .map_err(|_| format!("{name} must be a non-negative integer")),
            }
        };
        let mut errors = Vec::new();
        let offset = read("offset", 0).unwrap_or_else(|e| {
            errors.push(e);
            0
        });
        let limit = read("limit", 30).unwrap_or_else(|e| {
            errors.push(e);
            0
        });
        if errors.is_empty() {
            Ok(Self { offset, limit })
        } else {
            Err(ApiError::validation(errors))
        }
    }

    /// The page of `items`.
    pub(crate) fn slice<T: Clone>(&self, items: &[T]) -> Vec<T> {
        items
            .iter()
            .skip(self.offset)
            .take(self.limit)
            .cloned()
            .collect()
    }
}

/// A numeric path id; anything else is a 400 (NestJS `ParseIntPipe` style).
pub(crate) fn path_id(raw: &str) -> Result<i64, ApiError> {
    raw.parse::<i64>()
        .map_err(|_| ApiError::bad_request("Validation failed (numeric string is expected)"))
}
