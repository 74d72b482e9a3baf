//! Reading Craftgate requests: path ids and JSON bodies.

use axum::body::Bytes;

use super::error::CgError;

/// A path id; anything but an integer is a 400.
pub(crate) fn path_id(raw: &str) -> Result<i64, CgError> {
    raw.parse()
        .map_err(|_| CgError::invalid(format!("\"{raw}\" is not a valid id")))
}

/// A request body as a JSON object.
pub(crate) fn json_object(
    body: &Bytes,
) -> Result<serde_json::Map<String, serde_json::Value>, CgError> {
    match serde_json::from_slice(body) {
        Ok(serde_json::Value::Object(map)) => Ok(map),
        Ok(_) => Err(CgError::invalid("The request body must be a JSON object")),
        Err(e) => Err(CgError::invalid(format!(
            "The request body is not valid JSON: {e}"
        ))),
    }
}
