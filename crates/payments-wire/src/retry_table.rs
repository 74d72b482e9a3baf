//! What is retried: the one table every client follows, tested row by row and printed in
//! the README (a test checks that the README prints exactly this table).
//!
//! A retry also needs attempts left, a wait (backoff, or `Retry-After` up to the policy's
//! maximum) that ends before the call's deadline, and tokens in the client's retry budget;
//! without them the call ends with the last answer or error. When a write that may have
//! reached the provider runs out of retries, its outcome is unknown.

use http::{Method, StatusCode};

/// How safe it is to send a request again.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Safety {
    /// A read (GET, HEAD, OPTIONS): sending it again changes nothing.
    Read,
    /// A write that carries an idempotency key the provider honours: the provider applies
    /// it once however often it arrives.
    IdempotentWrite,
    /// Any other write: once it may have reached the provider, sending it again could
    /// repeat its effect.
    Write,
}

impl Safety {
    /// The safety of a request with `method`, for a provider that honours an idempotency
    /// key on writes (`keyed`).
    pub(crate) fn of(method: &Method, keyed: bool) -> Self {
        if matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS) {
            Safety::Read
        } else if keyed {
            Safety::IdempotentWrite
        } else {
            Safety::Write
        }
    }
}

/// What one attempt came to, as far as retrying is concerned.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Attempted {
    /// The request never left: nothing reached the provider.
    NotSent,
    /// An answer with this status arrived (for a 2xx, with its whole body).
    Answered(StatusCode),
    /// The request may have reached the provider, but no complete answer came back.
    Lost {
        /// Whether the attempt ran out of time (a timeout costs more retry budget).
        timed_out: bool,
    },
}

/// What to do after an attempt.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Next {
    /// The call is over: success, or a final answer.
    Done,
    /// Send again, if attempts, deadline and budget allow.
    Retry,
    /// Send again if allowed; when not, the outcome of this write is unknown.
    RetryElseUnknown,
    /// Do not send again: the provider may have acted, and nobody can tell.
    Unknown,
}

/// The retry table (see the module docs).
pub(crate) fn next(safety: Safety, attempted: Attempted) -> Next {
    match attempted {
        Attempted::NotSent => Next::Retry,
        Attempted::Answered(status) if status.is_success() => Next::Done,
        Attempted::Answered(status) if matches!(status.as_u16(), 408 | 429 | 503) => Next::Retry,
        Attempted::Answered(status) if matches!(status.as_u16(), 500 | 502 | 504) => {
            after_possible_effect(safety)
        }
        Attempted::Answered(_) => Next::Done,
        Attempted::Lost { .. } => after_possible_effect(safety),
    }
}

/// After an attempt the provider may have acted on.
fn after_possible_effect(safety: Safety) -> Next {
    match safety {
        Safety::Read => Next::Retry,
        Safety::IdempotentWrite => Next::RetryElseUnknown,
        Safety::Write => Next::Unknown,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What the README says for a decision.
    fn label(next: Next) -> &'static str {
        match next {
            Next::Done => "no retry: the answer stands",
            Next::Retry => "retry",
            Next::RetryElseUnknown => "retry (same key), else outcome unknown",
            Next::Unknown => "stop: outcome unknown",
        }
    }

    /// Every row of the table: what happened, and the decision for a read, a keyed write
    /// and any other write.
    fn rows() -> Vec<(&'static str, Attempted)> {
        let s = |code: u16| Attempted::Answered(StatusCode::from_u16(code).unwrap());
        vec![
            (
                "the request never left (connection refused, DNS, TLS handshake)",
                Attempted::NotSent,
            ),
            ("200, 201, 204 (with the whole body)", s(200)),
            (
                "408, 429, 503: the provider did not handle the request",
                s(503),
            ),
            ("500, 502, 504", s(502)),
            (
                "reset or closed before the whole answer, the attempt timed out, the body was cut short",
                Attempted::Lost { timed_out: false },
            ),
            (
                "any other answer: 4xx with or without the provider's error body, 3xx, 501",
                s(400),
            ),
        ]
    }

    #[test]
    fn the_retry_table() {
        use Attempted::*;
        use Next::*;
        let s = |code: u16| Answered(StatusCode::from_u16(code).unwrap());
        let lost = Lost { timed_out: false };
        let timed_out = Lost { timed_out: true };
        //   what happened         read    keyed write         other write
        let rows = [
            (NotSent, [Retry, Retry, Retry]),
            (s(200), [Done, Done, Done]),
            (s(201), [Done, Done, Done]),
            (s(204), [Done, Done, Done]),
            (s(408), [Retry, Retry, Retry]),
            (s(429), [Retry, Retry, Retry]),
            (s(503), [Retry, Retry, Retry]),
            (s(500), [Retry, RetryElseUnknown, Unknown]),
            (s(502), [Retry, RetryElseUnknown, Unknown]),
            (s(504), [Retry, RetryElseUnknown, Unknown]),
            (lost, [Retry, RetryElseUnknown, Unknown]),
            (timed_out, [Retry, RetryElseUnknown, Unknown]),
            (s(400), [Done, Done, Done]),
            (s(401), [Done, Done, Done]),
            (s(404), [Done, Done, Done]),
            (s(409), [Done, Done, Done]),
            (s(422), [Done, Done, Done]),
            (s(501), [Done, Done, Done]),
            (s(302), [Done, Done, Done]),
        ];
        for (attempted, want) in rows {
            for (safety, want) in [Safety::Read, Safety::IdempotentWrite, Safety::Write]
                .into_iter()
                .zip(want)
            {
                assert_eq!(next(safety, attempted), want, "{attempted:?} {safety:?}");
            }
        }
    }

    /// The README prints the table this code follows; `UPDATE_README=1 cargo test -p
    /// payments-wire` rewrites it.
    #[test]
    fn the_readme_prints_this_table() {
        let mut table = String::from(
            "| what happened | read (GET) | write with an idempotency key the provider honours (Craftgate) | any other write |\n|---|---|---|---|\n",
        );
        for (what, attempted) in rows() {
            let cells: Vec<&str> = [Safety::Read, Safety::IdempotentWrite, Safety::Write]
                .into_iter()
                .map(|safety| label(next(safety, attempted)))
                .collect();
            table.push_str(&format!("| {what} | {} |\n", cells.join(" | ")));
        }
        let readme = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../README.md");
        crate::readme_section::check_readme_section(&readme, "retry-table", &table);
    }

    #[test]
    fn methods_and_keys_decide_the_safety() {
        assert_eq!(Safety::of(&Method::GET, true), Safety::Read);
        assert_eq!(Safety::of(&Method::HEAD, false), Safety::Read);
        assert_eq!(Safety::of(&Method::POST, true), Safety::IdempotentWrite);
        assert_eq!(Safety::of(&Method::POST, false), Safety::Write);
        assert_eq!(Safety::of(&Method::PUT, false), Safety::Write);
        assert_eq!(Safety::of(&Method::DELETE, false), Safety::Write);
    }
}
