//! Secrets as HTTP header values: checked once when a client is built.

use http::HeaderValue;

use crate::config_error::ConfigError;
use crate::secret::Secret;

/// `secret` as a sensitive header value (never printed by `http`'s `Debug`), or why it
/// cannot be one: empty (or only spaces), or holding characters a header cannot carry.
pub fn secret_header(
    service: &'static str,
    field: &'static str,
    secret: &Secret,
) -> Result<HeaderValue, ConfigError> {
    if secret.expose().trim().is_empty() {
        return Err(ConfigError::Empty { service, field });
    }
    let mut value = HeaderValue::from_str(secret.expose())
        .map_err(|_| ConfigError::NotAHeaderValue { service, field })?;
    value.set_sensitive(true);
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn secrets_become_sensitive_headers_or_say_why_not() {
        let value = secret_header("X", "api key", &Secret::new("k-1")).unwrap();
        assert!(value.is_sensitive());
        assert_eq!(value, "k-1");
        let err = secret_header("X", "api key", &Secret::new(" ")).unwrap_err();
        assert_eq!(err.to_string(), "the X api key must not be empty");
        let err = secret_header("X", "api key", &Secret::new("top\nsecret")).unwrap_err();
        assert_eq!(
            err.to_string(),
            "the X api key contains characters that cannot be sent in an HTTP header"
        );
    }
}
