//! Reading open-enum values from JSON: the helpers the [`open_enum!`](crate::open_enum)
//! expansions call.

/// Reads an integer code, or keeps the raw text of anything else (a string, a fraction).
#[doc(hidden)]
pub fn int_or_raw<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Result<i64, String>, D::Error> {
    use serde::Deserialize;
    // Through `Value`, because with serde_json's arbitrary_precision a number reaches
    // `deserialize_any` as a private map, which `Value` understands.
    let value = serde_json::Value::deserialize(d)?;
    Ok(match &value {
        serde_json::Value::Number(n) => n.as_i64().ok_or_else(|| n.to_string()),
        serde_json::Value::String(s) => s.parse::<i64>().map_err(|_| s.clone()),
        other => Err(other.to_string()),
    })
}

/// Reads a vocabulary value: a name (`Ok`), or `{"unknown": raw}` (`Err(raw)`).
#[doc(hidden)]
pub fn name_or_unknown<'de, D: serde::Deserializer<'de>>(
    d: D,
) -> Result<Result<String, String>, D::Error> {
    use serde::Deserialize;
    use serde::de::Error as _;
    match serde_json::Value::deserialize(d)? {
        serde_json::Value::String(name) => Ok(Ok(name)),
        serde_json::Value::Object(map) if map.len() == 1 => match map.get("unknown") {
            Some(serde_json::Value::String(raw)) => Ok(Err(raw.clone())),
            _ => Err(D::Error::custom("expected {\"unknown\": \"<raw value>\"}")),
        },
        other => Err(D::Error::custom(format!(
            "expected a name or {{\"unknown\": ..}}, got {other}"
        ))),
    }
}
