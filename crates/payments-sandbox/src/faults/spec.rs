//! [`FaultSpec`]: the text form of a route's fault script, as `payments sandbox --fault`
//! takes it.

use std::str::FromStr;
use std::time::Duration;

use http::{Method, StatusCode};

use super::fault::{Fault, RetryAfter};
use super::route::Route;

/// The most repetitions one `FAULT*COUNT` may ask for.
const MAX_REPEAT: usize = 10_000;

/// The methods a route may name.
const METHODS: [Method; 7] = [
    Method::GET,
    Method::POST,
    Method::PUT,
    Method::DELETE,
    Method::PATCH,
    Method::HEAD,
    Method::OPTIONS,
];

/// A route and the faults its next requests take, in order: the parsed form of
/// `METHOD PATH=FAULT[,FAULT...]`, e.g.
/// `GET /payment-reporting/v1/payments/*/transactions=503,429:1,reset,truncate,pass,delay:0.5`.
///
/// The route is a method (any case) and a path pattern (see [`Route`]). The faults:
///
/// | fault | meaning |
/// |---|---|
/// | `NNN` (200–599) | [`Fault::status`]: that status with a proxy's HTML page |
/// | `429:N` | [`Fault::RateLimited`] with [`RetryAfter::Seconds`]`(N)` |
/// | `429:date+N` | [`Fault::RateLimited`] with [`RetryAfter::DateIn`]`(N s)` |
/// | `reset` | [`Fault::ResetBeforeProcessing`] |
/// | `reset-after` | [`Fault::ResetAfterProcessing`] |
/// | `truncate` | [`Fault::TruncatedBody`] |
/// | `malformed` | [`Fault::MalformedJson`] |
/// | `delay:S` | [`Fault::Delay`] of S seconds (fractions allowed) |
/// | `pass` | [`Fault::Pass`] |
///
/// Any fault may be followed by `*COUNT` to repeat it (`503*3`); spaces around items are
/// ignored.
///
/// ```
/// use payments_sandbox::{Fault, FaultSpec};
///
/// let spec: FaultSpec = "POST /payment/v1/refund-transactions=reset-after,503*2"
///     .parse()
///     .unwrap();
/// assert_eq!(spec.route.to_string(), "POST /payment/v1/refund-transactions");
/// assert_eq!(spec.faults.len(), 3);
/// assert_eq!(spec.faults[0], Fault::ResetAfterProcessing);
/// ```
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FaultSpec {
    /// The route the faults apply to.
    pub route: Route,
    /// The faults, in the order requests take them.
    pub faults: Vec<Fault>,
}

/// What is wrong with a fault spec (or a `METHOD PATH` route).
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum FaultSpecError {
    /// No `=` between the route and the faults.
    #[error(
        "expected `METHOD PATH=FAULT[,FAULT...]` (e.g. `GET /payment/v1/refunds/*=503,reset`), found no `=`"
    )]
    NoFaultList,
    /// The route is not a method and a path.
    #[error("expected a method and a path, e.g. `GET /payment/v1/refunds/*`; found `{0}`")]
    Route(String),
    /// Not one of the methods a route may name.
    #[error(
        "`{0}` is not a method a route may name (GET, POST, PUT, DELETE, PATCH, HEAD, OPTIONS)"
    )]
    Method(String),
    /// The path pattern is malformed.
    #[error("path `{path}`: {reason}")]
    Path {
        /// The path as given.
        path: String,
        /// What is wrong with it.
        reason: &'static str,
    },
    /// An empty entry in the fault list.
    #[error("empty fault in `{0}` (a doubled or trailing comma?)")]
    EmptyFault(String),
    /// A fault kind that does not exist.
    #[error(
        "unknown fault `{0}`; expected NNN, 429:SECONDS, 429:date+SECONDS, reset, reset-after, truncate, malformed, delay:SECONDS or pass, each optionally followed by *COUNT"
    )]
    UnknownFault(String),
    /// A status outside 200–599.
    #[error("fault `{0}`: the status must be from 200 to 599")]
    Status(String),
    /// A `429:` fault whose `Retry-After` is not understood.
    #[error(
        "fault `{0}`: Retry-After must be whole seconds (`429:3`) or `date+` whole seconds (`429:date+3`)"
    )]
    RetryAfter(String),
    /// A `delay:` fault whose duration is not understood.
    #[error("fault `{0}`: the delay must be a number of seconds, 0 or more (e.g. `delay:0.5`)")]
    Delay(String),
    /// A `*COUNT` that is not a count.
    #[error("fault `{0}`: the repeat count must be a whole number from 1 to 10000")]
    Repeat(String),
}

impl FromStr for FaultSpec {
    type Err = FaultSpecError;

    fn from_str(spec: &str) -> Result<Self, Self::Err> {
        // Faults never contain `=`, so the last one separates them from the route.
        let (route, list) = spec.rsplit_once('=').ok_or(FaultSpecError::NoFaultList)?;
        let route = route.parse()?;
        let mut faults = Vec::new();
        for item in list.split(',') {
            let item = item.trim();
            if item.is_empty() {
                return Err(FaultSpecError::EmptyFault(list.to_string()));
            }
            let (fault, count) = repeated(item)?;
            faults.extend(std::iter::repeat_n(fault, count));
        }
        Ok(Self { route, faults })
    }
}

impl FromStr for Route {
    type Err = FaultSpecError;

    /// `METHOD PATH`, e.g. `GET /payment-reporting/v1/payments/*/transactions`. The method
    /// is case-insensitive; the path must start with `/`, carry no query, and use `*` only
    /// as a whole segment.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let mut words = text.split_whitespace();
        let (Some(method), Some(path), None) = (words.next(), words.next(), words.next()) else {
            return Err(FaultSpecError::Route(text.trim().to_string()));
        };
        let upper = method.to_ascii_uppercase();
        let method = METHODS
            .into_iter()
            .find(|m| m.as_str() == upper)
            .ok_or_else(|| FaultSpecError::Method(method.to_string()))?;
        check_path(path)?;
        Ok(Route::new(method, path))
    }
}

/// Checks a path pattern.
fn check_path(path: &str) -> Result<(), FaultSpecError> {
    let fail = |reason| {
        Err(FaultSpecError::Path {
            path: path.to_string(),
            reason,
        })
    };
    if !path.starts_with('/') {
        return fail("must start with `/`");
    }
    if path.contains(['?', '#']) {
        return fail("patterns match the path only: leave out the query and fragment");
    }
    if path.split('/').any(|s| s.contains('*') && s != "*") {
        return fail("`*` stands for a whole segment (`/payments/*/transactions`)");
    }
    Ok(())
}

/// One list entry: a fault and how many times it is queued.
fn repeated(item: &str) -> Result<(Fault, usize), FaultSpecError> {
    let Some((fault, count)) = item.rsplit_once('*') else {
        return Ok((fault(item)?, 1));
    };
    let count = count
        .trim()
        .parse::<usize>()
        .ok()
        .filter(|n| (1..=MAX_REPEAT).contains(n))
        .ok_or_else(|| FaultSpecError::Repeat(item.to_string()))?;
    Ok((self::fault(fault.trim())?, count))
}

/// One fault.
fn fault(item: &str) -> Result<Fault, FaultSpecError> {
    match item {
        "pass" => return Ok(Fault::Pass),
        "reset" => return Ok(Fault::ResetBeforeProcessing),
        "reset-after" => return Ok(Fault::ResetAfterProcessing),
        "truncate" => return Ok(Fault::TruncatedBody),
        "malformed" => return Ok(Fault::MalformedJson),
        _ => {}
    }
    if let Some(seconds) = item.strip_prefix("delay:") {
        return delay(item, seconds);
    }
    if let Some(retry_after) = item.strip_prefix("429:") {
        return rate_limited(item, retry_after);
    }
    if item.len() == 3 && item.bytes().all(|b| b.is_ascii_digit()) {
        return item
            .parse::<u16>()
            .ok()
            .filter(|code| (200..=599).contains(code))
            .and_then(|code| StatusCode::from_u16(code).ok())
            .map(Fault::status)
            .ok_or_else(|| FaultSpecError::Status(item.to_string()));
    }
    Err(FaultSpecError::UnknownFault(item.to_string()))
}

/// `delay:SECONDS`.
fn delay(item: &str, seconds: &str) -> Result<Fault, FaultSpecError> {
    seconds
        .trim()
        .parse::<f64>()
        .ok()
        .and_then(|s| Duration::try_from_secs_f64(s).ok())
        .map(Fault::Delay)
        .ok_or_else(|| FaultSpecError::Delay(item.to_string()))
}

/// `429:SECONDS` or `429:date+SECONDS`.
fn rate_limited(item: &str, retry_after: &str) -> Result<Fault, FaultSpecError> {
    let seconds = |text: &str| {
        // Digits only: `+3`, `-1` and `3.5` are not delta-seconds.
        if text.is_empty() || !text.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        text.parse::<u64>().ok()
    };
    let retry_after = match retry_after.strip_prefix("date+") {
        Some(rest) => seconds(rest).map(|s| RetryAfter::DateIn(Duration::from_secs(s))),
        None => seconds(retry_after).map(RetryAfter::Seconds),
    }
    .ok_or_else(|| FaultSpecError::RetryAfter(item.to_string()))?;
    Ok(Fault::RateLimited { retry_after })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(spec: &str) -> Result<FaultSpec, FaultSpecError> {
        spec.parse()
    }

    #[test]
    fn parses_every_fault_in_order() {
        let spec = parse(
            "GET /payment-reporting/v1/payments/*/transactions=503,429:1,429:date+2,reset,truncate,malformed,delay:8,reset-after,pass,delay:0.25",
        )
        .unwrap();
        assert_eq!(
            spec.route,
            Route::new(Method::GET, "/payment-reporting/v1/payments/*/transactions")
        );
        assert_eq!(
            spec.faults,
            [
                Fault::status(StatusCode::SERVICE_UNAVAILABLE),
                Fault::rate_limited(1),
                Fault::RateLimited {
                    retry_after: RetryAfter::DateIn(Duration::from_secs(2))
                },
                Fault::ResetBeforeProcessing,
                Fault::TruncatedBody,
                Fault::MalformedJson,
                Fault::Delay(Duration::from_secs(8)),
                Fault::ResetAfterProcessing,
                Fault::Pass,
                Fault::Delay(Duration::from_millis(250)),
            ]
        );
    }

    #[test]
    fn repeats_spaces_and_lower_case_methods() {
        let spec = parse("post  /payment/v1/refunds = 502*3 , reset ").unwrap();
        assert_eq!(spec.route, Route::new(Method::POST, "/payment/v1/refunds"));
        let bad_gateway = Fault::status(StatusCode::BAD_GATEWAY);
        assert_eq!(
            spec.faults,
            [
                bad_gateway.clone(),
                bad_gateway.clone(),
                bad_gateway,
                Fault::ResetBeforeProcessing
            ]
        );
        assert_eq!(parse("GET /a=429*2").unwrap().faults.len(), 2);
        assert_eq!(parse("GET /a=200").unwrap().faults.len(), 1);
        assert_eq!(
            parse("GET /a=delay:0").unwrap().faults,
            [Fault::Delay(Duration::ZERO)]
        );
    }

    #[test]
    fn a_path_may_hold_an_equals_sign() {
        let spec = parse("GET /a=b=503").unwrap();
        assert_eq!(spec.route.pattern(), "/a=b");
    }

    #[test]
    fn errors_name_what_is_wrong() {
        use FaultSpecError as E;
        let cases: [(&str, FaultSpecError); 17] = [
            ("GET /a", E::NoFaultList),
            ("/a=503", E::Route("/a".into())),
            ("GET=503", E::Route("GET".into())),
            ("GET /a /b=503", E::Route("GET /a /b".into())),
            ("GTE /a=503", E::Method("GTE".into())),
            (
                "GET a=503",
                E::Path {
                    path: "a".into(),
                    reason: "must start with `/`",
                },
            ),
            (
                "GET /a?x=1=503",
                E::Path {
                    path: "/a?x=1".into(),
                    reason: "patterns match the path only: leave out the query and fragment",
                },
            ),
            (
                "GET /a/b*=503",
                E::Path {
                    path: "/a/b*".into(),
                    reason: "`*` stands for a whole segment (`/payments/*/transactions`)",
                },
            ),
            ("GET /a=", E::EmptyFault("".into())),
            ("GET /a=503,,reset", E::EmptyFault("503,,reset".into())),
            ("GET /a=resett", E::UnknownFault("resett".into())),
            ("GET /a=700", E::Status("700".into())),
            ("GET /a=199", E::Status("199".into())),
            ("GET /a=429:-1", E::RetryAfter("429:-1".into())),
            ("GET /a=429:date+x", E::RetryAfter("429:date+x".into())),
            ("GET /a=delay:-1", E::Delay("delay:-1".into())),
            ("GET /a=503*0", E::Repeat("503*0".into())),
        ];
        for (spec, error) in cases {
            assert_eq!(parse(spec), Err(error), "{spec}");
        }
        assert_eq!(parse("GET /a=delay:NaN"), Err(E::Delay("delay:NaN".into())));
        assert_eq!(
            parse("GET /a=reset*10001"),
            Err(E::Repeat("reset*10001".into()))
        );
        let text = parse("GET /a=resett").unwrap_err().to_string();
        assert!(
            text.contains("`resett`") && text.contains("reset-after"),
            "{text}"
        );
    }

    #[test]
    fn routes_parse_alone() {
        let route: Route = "DELETE /api/content/orders/*/refund".parse().unwrap();
        assert_eq!(route.method(), Method::DELETE);
        assert_eq!(route.pattern(), "/api/content/orders/*/refund");
    }
}
