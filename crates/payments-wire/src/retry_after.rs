//! Reading a `Retry-After` header: delta-seconds or an HTTP date.

use std::time::{Duration, SystemTime};

use http::HeaderMap;
use http::header::RETRY_AFTER;

/// How long `headers` ask to wait, from `now`: `Retry-After` as delta-seconds (`120`) or as
/// an HTTP date (`Wed, 21 Oct 2015 07:28:00 GMT`; a date in the past means no wait).
/// `None` when the header is absent or unreadable.
pub(crate) fn retry_after(headers: &HeaderMap, now: SystemTime) -> Option<Duration> {
    let value = headers.get(RETRY_AFTER)?.to_str().ok()?.trim();
    if let Ok(seconds) = value.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let at = chrono::DateTime::parse_from_rfc2822(value).ok()?;
    let at = SystemTime::from(at);
    Some(at.duration_since(now).unwrap_or(Duration::ZERO))
}

#[cfg(test)]
mod tests {
    use super::*;
    use http::HeaderValue;

    fn with(value: &'static str) -> HeaderMap {
        let mut h = HeaderMap::new();
        h.insert(RETRY_AFTER, HeaderValue::from_static(value));
        h
    }

    #[test]
    fn seconds_and_dates_are_read_and_junk_is_ignored() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_445_412_470); // 07:27:50
        assert_eq!(
            retry_after(&with("120"), now),
            Some(Duration::from_secs(120))
        );
        assert_eq!(retry_after(&with(" 1 "), now), Some(Duration::from_secs(1)));
        assert_eq!(
            retry_after(&with("Wed, 21 Oct 2015 07:28:00 GMT"), now),
            Some(Duration::from_secs(10))
        );
        assert_eq!(
            retry_after(&with("Wed, 21 Oct 2015 07:00:00 GMT"), now),
            Some(Duration::ZERO)
        );
        assert_eq!(retry_after(&with("soon"), now), None);
        assert_eq!(retry_after(&with("-5"), now), None);
        assert_eq!(retry_after(&HeaderMap::new(), now), None);
    }
}
