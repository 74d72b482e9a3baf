//! [`Route`]: a method and a path pattern, and how a request path matches it.

use std::fmt;

use http::Method;

/// A method and a path pattern that requests are matched against.
///
/// The pattern is an exact path (`/payment/v1/refund-transactions`) or a path with `*`
/// segments, each standing for exactly one non-empty path segment
/// (`/payment-reporting/v1/payments/*/transactions`). It is compared with the path as the
/// request carries it: without the query, not percent-decoded, case-sensitively (Paywall's
/// case-insensitive routing happens after the fault layer), and a trailing slash counts.
///
/// The providers' paths do not overlap (OneEntry `/api/content/...`, Paywall
/// `/api/paywall/payment/bulk/...` and `/api/paywall/private/...`, Craftgate
/// `/payment-reporting/...` and `/payment/v1/...`), so a route names one provider's
/// operation; it is matched on whichever listener the request arrives at.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Route {
    method: Method,
    pattern: String,
}

impl Route {
    /// The route of `method` requests whose path matches `pattern`. A pattern that does
    /// not start with `/` matches nothing; [`str::parse`] (`"GET /path"`) checks the pattern.
    pub fn new(method: Method, pattern: impl Into<String>) -> Self {
        Self {
            method,
            pattern: pattern.into(),
        }
    }

    /// The method.
    pub fn method(&self) -> &Method {
        &self.method
    }

    /// The path pattern.
    pub fn pattern(&self) -> &str {
        &self.pattern
    }

    /// Whether a request with `method` and `path` (no query) is on this route.
    pub fn matches(&self, method: &Method, path: &str) -> bool {
        if self.method != method {
            return false;
        }
        let mut wanted = self.pattern.split('/');
        let mut got = path.split('/');
        loop {
            match (wanted.next(), got.next()) {
                (None, None) => return true,
                (Some("*"), Some(segment)) if !segment.is_empty() => {}
                (Some(w), Some(g)) if w == g => {}
                _ => return false,
            }
        }
    }
}

impl fmt::Display for Route {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.method, self.pattern)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn exact_paths_match_exactly() {
        let route = Route::new(Method::POST, "/payment/v1/refunds");
        assert!(route.matches(&Method::POST, "/payment/v1/refunds"));
        assert!(!route.matches(&Method::GET, "/payment/v1/refunds"));
        assert!(!route.matches(&Method::POST, "/payment/v1/refunds/"));
        assert!(!route.matches(&Method::POST, "/payment/v1/refunds/7"));
        assert!(!route.matches(&Method::POST, "/payment/v1"));
        assert!(!route.matches(&Method::POST, "/Payment/v1/refunds"));
    }

    #[test]
    fn a_star_is_one_non_empty_segment() {
        let route = Route::new(Method::GET, "/payment-reporting/v1/payments/*/transactions");
        assert!(route.matches(
            &Method::GET,
            "/payment-reporting/v1/payments/1001/transactions"
        ));
        assert!(route.matches(
            &Method::GET,
            "/payment-reporting/v1/payments/x%20y/transactions"
        ));
        assert!(!route.matches(&Method::GET, "/payment-reporting/v1/payments//transactions"));
        assert!(!route.matches(
            &Method::GET,
            "/payment-reporting/v1/payments/1/2/transactions"
        ));
        assert!(!route.matches(&Method::GET, "/payment-reporting/v1/payments/1001/refunds"));
        assert!(!route.matches(
            &Method::GET,
            "/payment-reporting/v1/payments/1001/transactions/2001/refunds"
        ));
        let tail = Route::new(Method::GET, "/payment/v1/refunds/*");
        assert!(tail.matches(&Method::GET, "/payment/v1/refunds/7"));
        assert!(!tail.matches(&Method::GET, "/payment/v1/refunds/"));
        assert!(!tail.matches(&Method::GET, "/payment/v1/refunds"));
    }

    #[test]
    fn displays_as_method_and_pattern() {
        let route = Route::new(Method::GET, "/a/*/b");
        assert_eq!(route.to_string(), "GET /a/*/b");
        assert_eq!(route.method(), Method::GET);
        assert_eq!(route.pattern(), "/a/*/b");
    }
}
