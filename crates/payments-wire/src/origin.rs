//! [`Origin`]: a base URL parsed once, that each request's URL is built on.

use url::Url;

use crate::base_url::{BaseUrl, BaseUrlError};

/// A [`BaseUrl`] parsed once. The generated clients build each request's URL on it
/// (`cargo xtask codegen`): the URL is a copy of this one with the operation's path set,
/// so the scheme and host are not parsed again on every call (parsing the whole URL text
/// each time was the largest part of building a request).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Origin(Url);

impl Origin {
    /// `base` parsed. It fails only for a base URL whose text passes the plain-origin
    /// check of [`BaseUrl::from_static`] but is not a URL (e.g. a port above 65535).
    pub fn new(base: &BaseUrl) -> Result<Self, BaseUrlError> {
        // A `BaseUrl` has no path, query or fragment (checked where it is made), so the
        // parsed URL's path is `/`.
        Url::parse(base.as_str())
            .map(Self)
            .map_err(|e| BaseUrlError::new(base.as_str(), format!("is not a URL ({e})")))
    }

    /// The URL of `path` (from its leading `/`, parameters already percent-encoded) on
    /// this origin: what parsing `{origin}{path}` gives for such a path, without parsing
    /// the origin again. A `?` or `#` in `path` is part of the path (percent-encoded), not
    /// a query or fragment.
    pub fn join(&self, path: &str) -> Url {
        let mut url = self.0.clone();
        url.set_path(path);
        url
    }

    /// The origin as a URL (its path `/`).
    pub fn as_url(&self) -> &Url {
        &self.0
    }

    /// The origin as text, `scheme://host[:port]/`.
    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn origin(text: &str) -> Origin {
        Origin::new(&BaseUrl::parse(text).unwrap()).unwrap()
    }

    #[test]
    fn a_path_is_set_on_the_parsed_origin() {
        let o = origin("https://api.example.com:8443");
        assert_eq!(o.as_str(), "https://api.example.com:8443/");
        assert_eq!(
            o.join("/v1/payments/12/transactions").as_str(),
            "https://api.example.com:8443/v1/payments/12/transactions"
        );
        // The origin itself is not changed by a join.
        assert_eq!(o.join("/a").as_str(), "https://api.example.com:8443/a");
        assert_eq!(o.as_str(), "https://api.example.com:8443/");
        // `?` and `#` stay in the path.
        assert_eq!(o.join("/a?b#c").path(), "/a%3Fb%23c");
        assert_eq!(o.join("/a?b#c").query(), None);
    }

    #[test]
    fn an_origin_that_is_not_a_url_is_refused() {
        let err = Origin::new(&BaseUrl::from_static("https://api.example.com:99999")).unwrap_err();
        assert_eq!(err.shown(), "https://api.example.com:99999");
        assert!(err.reason().starts_with("is not a URL"), "{err}");
    }

    proptest! {
        /// For every path the generated code builds (a template with percent-encoded
        /// parameters), the URL is the one parsing the whole text gives.
        #[test]
        fn join_is_what_parsing_the_whole_url_gives(
            base in prop::sample::select(vec![
                "https://api.example.com", "http://127.0.0.1:8080", "http://[::1]:9", "https://xn--bcher-kva.example",
            ]),
            params in prop::collection::vec(any::<String>(), 0..3),
        ) {
            let mut path = String::from("/api/v1");
            for param in &params {
                path.push('/');
                path.push_str(&progenitor_client::encode_path(param));
            }
            let o = origin(base);
            let parsed = Url::parse(&format!("{base}{path}")).unwrap();
            prop_assert_eq!(o.join(&path), parsed);
        }
    }
}
