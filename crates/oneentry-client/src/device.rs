//! The `x-device-metadata` value: a device fingerprint the API ties refresh tokens to.

use serde::Serialize;

/// What the client sends as `x-device-metadata` on every POST and on the token refresh:
/// `{"fingerprint":"UQ_<id>","deviceInfo":{"os":..,"browser":..,"location":..}}`
/// (docs/providers/oneentry.md#device-metadata).
///
/// OneEntry ties a refresh token to the fingerprint it was issued under: refreshing under
/// another fingerprint fails. A client keeps one value for its whole life; an app that
/// stores tokens across restarts should store [`DeviceMetadata::fingerprint`] with them and
/// pass it back through [`DeviceMetadata::new`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct DeviceMetadata {
    fingerprint: String,
    #[serde(rename = "deviceInfo")]
    device_info: DeviceInfo,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
struct DeviceInfo {
    os: String,
    browser: String,
    location: String,
}

impl DeviceMetadata {
    /// Metadata with the given fingerprint (sent as given, e.g. `UQ_3f2a9c0d`), this
    /// platform's OS name, `oneentry-client/<version>` as the browser and `en-US` as the
    /// location.
    pub fn new(fingerprint: impl Into<String>) -> Self {
        Self {
            fingerprint: fingerprint.into(),
            device_info: DeviceInfo {
                os: std::env::consts::OS.to_string(),
                browser: concat!("oneentry-client/", env!("CARGO_PKG_VERSION")).to_string(),
                location: "en-US".to_string(),
            },
        }
    }

    /// Metadata with a fresh random fingerprint, `UQ_` and 32 hex digits (the JS SDK's
    /// `UQ_<instanceId>` form).
    pub fn generate() -> Self {
        Self::new(format!("UQ_{}", uuid::Uuid::new_v4().simple()))
    }

    /// Replaces the reported device: OS, browser (client) and location (a locale such as
    /// `en-US`).
    pub fn with_device_info(
        mut self,
        os: impl Into<String>,
        browser: impl Into<String>,
        location: impl Into<String>,
    ) -> Self {
        self.device_info = DeviceInfo {
            os: os.into(),
            browser: browser.into(),
            location: location.into(),
        };
        self
    }

    /// The fingerprint; keep it with stored tokens.
    pub fn fingerprint(&self) -> &str {
        &self.fingerprint
    }

    /// The header value: the metadata as a JSON string.
    pub fn to_header_json(&self) -> String {
        // Serialising a struct of strings cannot fail; the fallback keeps this total.
        serde_json::to_string(self).unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_json_has_the_sdk_shape() {
        let m = DeviceMetadata::new("UQ_abc").with_device_info("Linux", "svc/1.0", "tr-TR");
        assert_eq!(
            m.to_header_json(),
            r#"{"fingerprint":"UQ_abc","deviceInfo":{"os":"Linux","browser":"svc/1.0","location":"tr-TR"}}"#
        );
    }

    #[test]
    fn generated_fingerprints_are_unique_and_prefixed() {
        let a = DeviceMetadata::generate();
        let b = DeviceMetadata::generate();
        assert!(a.fingerprint().starts_with("UQ_"));
        assert_eq!(a.fingerprint().len(), 35);
        assert_ne!(a.fingerprint(), b.fingerprint());
        assert!(a.to_header_json().contains(r#""location":"en-US""#));
    }
}
