//! The one rule for base URLs: `scheme://host[:port]`, nothing else.

use url::Url;

/// A base URL that is not `http(s)://host[:port]`. Its text never holds credentials.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("`{shown}` {reason}")]
pub struct BaseUrlError {
    shown: String,
    reason: String,
}

impl BaseUrlError {
    /// The URL as given, with any user info removed.
    pub fn shown(&self) -> &str {
        &self.shown
    }

    /// What is wrong with it.
    pub fn reason(&self) -> &str {
        &self.reason
    }
}

/// Parses a base URL: http or https, a host, optionally a port; no path (paths come from
/// the specs), query, fragment or user info. A trailing `/` and surrounding spaces are
/// accepted. `url.origin().ascii_serialization()` gives it back without the slash.
pub fn parse_base_url(raw: &str) -> Result<Url, BaseUrlError> {
    let raw = raw.trim();
    let url = Url::parse(raw).map_err(|e| BaseUrlError {
        shown: if raw.contains('@') {
            "(a URL with user info)".into()
        } else {
            raw.to_string()
        },
        reason: format!("is not an absolute URL ({e})"),
    })?;
    let fail = |reason: String| {
        let mut shown = url.clone();
        // Best effort: these only fail for URLs that cannot carry user info at all.
        let _ = shown.set_username("");
        let _ = shown.set_password(None);
        Err(BaseUrlError {
            shown: shown.to_string(),
            reason,
        })
    };
    if !matches!(url.scheme(), "http" | "https") {
        return fail(format!(
            "has scheme `{}`; it must be http or https",
            url.scheme()
        ));
    }
    if url.host_str().is_none_or(str::is_empty) {
        return fail("has no host".into());
    }
    if !url.username().is_empty() || url.password().is_some() {
        return fail(
            "carries credentials (user:password@); pass them through the configuration".into(),
        );
    }
    if url.path() != "/" && !url.path().is_empty() {
        return fail(format!(
            "has a path `{}`; give scheme, host and port only (paths come from the spec)",
            url.path()
        ));
    }
    if url.query().is_some() || url.fragment().is_some() {
        return fail("has a query or fragment".into());
    }
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::parse_base_url;

    #[test]
    fn accepts_origins_and_refuses_everything_else() {
        let ok = |raw: &str| parse_base_url(raw).unwrap().origin().ascii_serialization();
        assert_eq!(
            ok(" https://sandbox-api.craftgate.io/ "),
            "https://sandbox-api.craftgate.io"
        );
        assert_eq!(ok("http://127.0.0.1:8080"), "http://127.0.0.1:8080");
        for (bad, why) in [
            ("https://x.test/api", "has a path `/api`"),
            ("https://x.test/?a=1", "query"),
            ("https://x.test/#f", "fragment"),
            ("ftp://x.test", "scheme `ftp`"),
            ("https://user:pw@x.test", "credentials"),
            ("x.test", "relative URL"),
        ] {
            let err = parse_base_url(bad).unwrap_err().to_string();
            assert!(err.contains(why), "{bad}: {err}");
            assert!(!err.contains("pw"), "{err}");
        }
    }
}
