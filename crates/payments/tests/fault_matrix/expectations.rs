//! The expectations, as data: what each kind of operation must come to under each fault.

use http::{Method, StatusCode};
use payments::ErrorKind;
use payments_sandbox::Fault;

use crate::*;

/// How safe it is to send an operation's request again.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Safety {
    /// A GET.
    Read,
    /// A POST or PUT without an idempotency key the provider honours.
    Write,
    /// A write carrying an `x-idempotency-key`, the same on every attempt (Craftgate
    /// refunds), which the provider applies once.
    KeyedWrite,
}

impl Safety {
    pub(crate) fn of(method: &Method, keyed: bool) -> Self {
        match (*method == Method::GET, keyed) {
            (true, _) => Safety::Read,
            (false, true) => Safety::KeyedWrite,
            (false, false) => Safety::Write,
        }
    }

    pub(crate) fn label(self) -> &'static str {
        match self {
            Safety::Read => "read",
            Safety::Write => "write",
            Safety::KeyedWrite => "keyed write",
        }
    }

    /// `n` effects of a write of this safety, as the table counts them: `1 refund`,
    /// `0 effects`.
    pub(crate) fn effects(self, n: u64) -> String {
        let noun = match self {
            Safety::KeyedWrite => "refund",
            Safety::Read | Safety::Write => "effect",
        };
        let plural = if n == 1 { "" } else { "s" };
        format!("{n} {noun}{plural}")
    }
}

/// The kinds of fault, one column each.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum FaultKind {
    Unavailable,
    RateLimited,
    Reset,
    ResetAfter,
    Truncate,
    Malformed,
    Delay,
}

pub(crate) const FAULTS: [FaultKind; 7] = [
    FaultKind::Unavailable,
    FaultKind::RateLimited,
    FaultKind::Reset,
    FaultKind::ResetAfter,
    FaultKind::Truncate,
    FaultKind::Malformed,
    FaultKind::Delay,
];

impl FaultKind {
    /// The fault in the sandbox's `--fault` syntax (README "Faults"): the column header.
    pub(crate) fn label(self) -> &'static str {
        match self {
            FaultKind::Unavailable => "503",
            FaultKind::RateLimited => "429:1",
            FaultKind::Reset => "reset",
            FaultKind::ResetAfter => "reset-after",
            FaultKind::Truncate => "truncate",
            FaultKind::Malformed => "malformed",
            FaultKind::Delay => "delay:2",
        }
    }

    pub(crate) fn fault(self) -> Fault {
        match self {
            FaultKind::Unavailable => Fault::status(StatusCode::SERVICE_UNAVAILABLE),
            FaultKind::RateLimited => Fault::rate_limited(1),
            FaultKind::Reset => Fault::ResetBeforeProcessing,
            FaultKind::ResetAfter => Fault::ResetAfterProcessing,
            FaultKind::Truncate => Fault::TruncatedBody,
            FaultKind::Malformed => Fault::MalformedJson,
            FaultKind::Delay => Fault::Delay(DELAY),
        }
    }
}

/// How often the effect of the call may have happened.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Effects {
    /// A read: not counted.
    NotCounted,
    Exactly(u64),
    AtMost(u64),
}

impl Effects {
    pub(crate) fn allows(self, n: u64) -> bool {
        match self {
            Effects::NotCounted => true,
            Effects::Exactly(m) => n == m,
            Effects::AtMost(m) => n <= m,
        }
    }

    /// `1 refund`, `at most 1 effect`; `None` for a read.
    pub(crate) fn label(self, safety: Safety) -> Option<String> {
        let (prefix, n) = match self {
            Effects::NotCounted => return None,
            Effects::Exactly(n) => ("", n),
            Effects::AtMost(n) => ("at most ", n),
        };
        Some(format!("{prefix}{}", safety.effects(n)))
    }
}

/// What a case must come to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Expected {
    /// The call succeeds (after retries).
    Recovered { effects: Effects },
    /// The call fails with `kind`.
    Failed {
        kind: ErrorKind,
        /// How many requests the route saw, when that is part of the expectation.
        attempts: Option<u64>,
        effects: Effects,
        /// Whether the error carries the request's idempotency key.
        with_key: bool,
    },
}

/// Outcome unknown: never retryable; for a keyed write, with its key.
pub(crate) fn outcome_unknown(effects: Effects, with_key: bool) -> Expected {
    Expected::Failed {
        kind: ErrorKind::OutcomeUnknown,
        attempts: None,
        effects,
        with_key,
    }
}

/// The expectation for an operation of `safety` under `fault`.
pub(crate) fn expected(safety: Safety, fault: FaultKind) -> Expected {
    use Effects::{AtMost, Exactly, NotCounted};
    use FaultKind::*;
    match safety {
        Safety::Read => match fault {
            Malformed => Expected::Failed {
                kind: ErrorKind::UnexpectedResponse,
                attempts: Some(1),
                effects: NotCounted,
                with_key: false,
            },
            Unavailable | RateLimited | Reset | ResetAfter | Truncate | Delay => {
                Expected::Recovered {
                    effects: NotCounted,
                }
            }
        },
        Safety::Write => match fault {
            Unavailable | RateLimited => Expected::Recovered {
                effects: Exactly(1),
            },
            Reset | Malformed => outcome_unknown(Exactly(0), false),
            ResetAfter | Truncate => outcome_unknown(Exactly(1), false),
            Delay => outcome_unknown(AtMost(1), false),
        },
        Safety::KeyedWrite => match fault {
            Unavailable | RateLimited | Reset | ResetAfter | Truncate | Delay => {
                Expected::Recovered {
                    effects: Exactly(1),
                }
            }
            Malformed => outcome_unknown(Exactly(0), true),
        },
    }
}

/// Without a fault every operation succeeds with one request (and a write with one
/// effect): the inputs are valid.
pub(crate) fn unfaulted(safety: Safety) -> Expected {
    Expected::Recovered {
        effects: match safety {
            Safety::Read => Effects::NotCounted,
            Safety::Write | Safety::KeyedWrite => Effects::Exactly(1),
        },
    }
}

/// A table cell: `recovered (1 refund)`, `outcome unknown (0 effects)`, ...
pub(crate) fn cell(safety: Safety, expected: Expected) -> String {
    let (what, effects) = match expected {
        Expected::Recovered { effects } => ("recovered".to_string(), effects),
        Expected::Failed {
            kind,
            attempts,
            effects,
            with_key,
        } => {
            let mut what = match kind {
                ErrorKind::OutcomeUnknown => "outcome unknown".to_string(),
                ErrorKind::UnexpectedResponse => "error: unexpected response".to_string(),
                other => format!("error: {other:?}"),
            };
            if with_key {
                what.push_str(", with the key");
            }
            if let Some(n) = attempts {
                let plural = if n == 1 { "" } else { "s" };
                what.push_str(&format!(" after {n} attempt{plural}"));
            }
            (what, effects)
        }
    };
    match effects.label(safety) {
        Some(effects) => format!("{what} ({effects})"),
        None => what,
    }
}
