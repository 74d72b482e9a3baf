//! Sending one call under the request policy: attempts, waits, deadline, retry budget,
//! all inside the call's one tracing span.

use std::future::Future;
use std::time::{Duration, SystemTime};

use tokio::time::Instant;
use tracing::field::Empty;
use tracing::{Instrument, Span};

use crate::budget::RetryCost;
use crate::call_policy::CallPolicy;
use crate::dry_run::{NotSent, PreparedRequest};
use crate::operation::Operation;
use crate::retry_after::retry_after;
use crate::retry_table::{Attempted, Next, Safety, next};
use crate::service::Service;

/// What a call came to under the policy.
#[derive(Debug)]
pub struct Sent {
    /// The last answer, or the last error.
    pub result: reqwest::Result<reqwest::Response>,
    /// A write may have reached the provider without a complete answer and could not be
    /// sent again safely: the provider may have acted.
    pub outcome_unknown: bool,
    /// The provider asked to wait this long before another try, longer than the policy
    /// allows (or past the call's deadline).
    pub rate_limited: Option<Duration>,
    /// How many attempts were sent.
    pub attempts: u32,
}

/// How one attempt is made: how another is prepared, and how it is sent.
pub(crate) trait Attempt {
    /// A fresh request for another attempt, prepared again (re-signed, with the current
    /// credentials), or `None` when none can be made (a streamed body, credentials gone).
    fn rebuild(&self) -> Option<reqwest::Request>;

    /// Sends one attempt.
    fn send<'s>(
        &'s self,
        request: reqwest::Request,
    ) -> impl Future<Output = reqwest::Result<reqwest::Response>> + Send + 's;
}

/// Where a call stands between attempts.
struct Call<'a> {
    policy: &'a CallPolicy,
    started: Instant,
}

impl Call<'_> {
    /// Time left before the deadline.
    fn left(&self) -> Duration {
        self.policy
            .settings()
            .deadline
            .saturating_sub(self.started.elapsed())
    }
}

/// What an attempt's result means for retrying, with a `Retry-After` it carried.
fn classify(result: &reqwest::Result<reqwest::Response>) -> (Attempted, Option<Duration>) {
    match result {
        // A success ends the call whatever it says about waiting: only a failed answer's
        // `Retry-After` is read (and only then the clock).
        Ok(response) if response.status().is_success() => {
            (Attempted::Answered(response.status()), None)
        }
        Ok(response) => (
            Attempted::Answered(response.status()),
            retry_after(response.headers(), SystemTime::now()),
        ),
        Err(e) if e.is_connect() => (Attempted::NotSent, None),
        Err(e) => (
            Attempted::Lost {
                timed_out: e.is_timeout(),
            },
            None,
        ),
    }
}

/// Why a retry happens, for the log.
fn reason(result: &reqwest::Result<reqwest::Response>) -> String {
    match result {
        Ok(response) => format!("HTTP {}", response.status().as_u16()),
        Err(e) if e.is_connect() => "could not connect".to_string(),
        Err(e) if e.is_timeout() => "timed out".to_string(),
        Err(_) => "no complete answer".to_string(),
    }
}

/// Sends `first` and, as the retry table and the policy allow, the requests the attempt
/// builds again for a retry ([`Attempt::rebuild`]), inside
/// one `provider_call` span: the provider, the operation, its method and path template
/// when the call starts; the last answer's status (or why none came), the attempts made
/// and the time taken when it ends. No field holds a header, a body or a query.
///
/// Not an `async fn`: the span is made here and the attempts run inside it, so the future
/// holds the request once (every level of `async fn` keeps its own copy of its
/// arguments, and every call's state is moved when it is built).
pub(crate) fn send_under_policy<'a, S: Service>(
    policy: &'a CallPolicy,
    operation: &'static str,
    safety: Safety,
    first: reqwest::Request,
    attempt: impl Attempt + 'a,
) -> impl Future<Output = Sent> + 'a {
    let span = tracing::info_span!(
        "provider_call",
        provider = S::NAME,
        operation,
        method = first.method().as_str(),
        path = Empty,
        status = Empty,
        error = Empty,
        outcome_unknown = Empty,
        attempts = Empty,
        elapsed_ms = Empty,
    );
    // Looked up only for a span someone records.
    if !span.is_disabled()
        && let Some(found) = Operation::find(S::OPERATIONS, operation)
    {
        span.record("path", found.path());
    }
    attempts(policy, safety, first, attempt, span.clone()).instrument(span)
}

/// The attempts of one call, in its span (`span`), whose end fields they record.
///
/// An `async` block, not an `async fn`: an `async fn` keeps a copy of its arguments (the
/// request among them) beside its own state. Its state is kept small (the boxed send must
/// fit glibc's per-thread cache, `hooks::exec`): the request being sent is only ever moved
/// (a local that is borrowed keeps its place in every state), and no copy of it is kept
/// for a retry, which the attempt builds again when it comes to one.
#[allow(clippy::manual_async_fn)] // an `async fn` would hold the request twice
fn attempts<'a>(
    policy: &'a CallPolicy,
    safety: Safety,
    first: reqwest::Request,
    attempt: impl Attempt + 'a,
    span: Span,
) -> impl Future<Output = Sent> + 'a {
    async move {
        let call = Call {
            policy,
            started: Instant::now(),
        };
        let settings = policy.settings();
        let mut request = first;
        let mut attempts = 0u32;
        let mut last_price = None;
        let sent = loop {
            attempts += 1;
            let timeout = settings.attempt_timeout.min(call.left());
            tracing::debug!(attempt = attempts, "sending");
            let result = attempt.send(timed(request, timeout)).await;
            let (attempted, wait_asked) = classify(&result);
            let decision = next(safety, attempted);
            let done = |result, outcome_unknown, rate_limited| Sent {
                result,
                outcome_unknown,
                rate_limited,
                attempts,
            };
            if decision == Next::Done {
                if matches!(attempted, Attempted::Answered(s) if s.is_success()) {
                    policy.budget().deposit(last_price);
                }
                break done(result, false, None);
            }
            if decision == Next::Unknown {
                tracing::info!(attempt = attempts, reason = %reason(&result),
                    "a write may have reached the provider without a complete answer; not sent again");
                break done(result, true, None);
            }
            let unknown_if_stopped = decision == Next::RetryElseUnknown;
            // How long to wait: what the provider asked for, else a jittered backoff.
            let wait = match wait_asked {
                Some(asked) if asked > settings.max_retry_after || asked >= call.left() => {
                    tracing::info!(
                        attempt = attempts,
                        wait_ms = asked.as_millis() as u64,
                        "the provider asks to wait longer than the policy allows"
                    );
                    break done(result, unknown_if_stopped, Some(asked));
                }
                Some(asked) => asked,
                None => {
                    let ceiling = settings.backoff_ceiling(attempts);
                    crate::random::up_to(ceiling)
                }
            };
            let cost = match attempted {
                Attempted::Lost { timed_out: true } => RetryCost::Timeout,
                _ => RetryCost::Failure,
            };
            let stop = if attempts >= settings.max_attempts.get() {
                Some("no attempts left")
            } else if wait >= call.left() {
                Some("the deadline comes first")
            } else {
                None
            };
            // Prepared again before the wait (a retry that cannot be is not waited for).
            let rebuilt = match stop {
                Some(_) => None,
                None => attempt.rebuild(),
            };
            // Matched, not borrowed: a borrowed local would keep its place in every state.
            let price = match rebuilt {
                Some(_) => policy.budget().withdraw(cost),
                None => None,
            };
            let (Some(again), Some(price)) = (rebuilt, price) else {
                let why = stop
                    .unwrap_or("the retry budget is spent or the request cannot be prepared again");
                tracing::info!(attempt = attempts, reason = %reason(&result), why, "not retrying");
                break done(result, unknown_if_stopped, None);
            };
            // On the heap over the wait (a retry is rare): the future's state stays small.
            let again = Box::new(again);
            tracing::info!(attempt = attempts, reason = %reason(&result),
                delay_ms = wait.as_millis() as u64, "retrying");
            tokio::time::sleep(wait).await;
            last_price = Some(price);
            request = *again;
        };
        if !span.is_disabled() {
            record(&span, &sent, call.started);
        }
        sent
    }
}

/// `request` with its attempt's timeout (by value: the attempts' future never borrows the
/// request it sends).
fn timed(mut request: reqwest::Request, timeout: Duration) -> reqwest::Request {
    *request.timeout_mut() = Some(timeout);
    request
}

/// Records how the call ended in its span.
fn record(span: &Span, sent: &Sent, started: Instant) {
    match &sent.result {
        Ok(response) => span.record("status", response.status().as_u16()),
        Err(_) => span.record("error", reason(&sent.result).as_str()),
    };
    if sent.outcome_unknown {
        span.record("outcome_unknown", true);
    }
    span.record("attempts", sent.attempts);
    span.record(
        "elapsed_ms",
        u64::try_from(started.elapsed().as_millis()).unwrap_or(u64::MAX),
    );
}

/// A request sent as it is: a retry is a plain copy of it (`template`, `None` when it
/// cannot be copied).
struct Plain<'a> {
    http: &'a reqwest::Client,
    template: Option<reqwest::Request>,
}

impl Attempt for Plain<'_> {
    fn rebuild(&self) -> Option<reqwest::Request> {
        self.template.as_ref()?.try_clone()
    }

    fn send<'s>(
        &'s self,
        request: reqwest::Request,
    ) -> impl Future<Output = reqwest::Result<reqwest::Response>> + Send + 's {
        crate::transport::execute(self.http, request)
    }
}

/// Sends a request a client of the provider `S` builds by hand (not through the generated
/// code, e.g. OneEntry's token refresh) under the policy, in its own `provider_call` span:
/// `operation` names it there (its method and path template come from
/// [`Service::OPERATIONS`]), and a request that is not a read is treated as a write no
/// idempotency key protects.
///
/// Under a dry-run policy nothing is sent: the request is recorded and [`NotSent`]
/// returned. Sensitive headers are redacted, and so is every value of the body (no client
/// names where a hand-built body keeps its secrets, so its member names alone are shown).
pub async fn send<S: Service>(
    policy: &CallPolicy,
    http: &reqwest::Client,
    operation: &'static str,
    request: reqwest::Request,
) -> Result<Sent, NotSent> {
    if let Some(dry_run) = &policy.settings().dry_run {
        dry_run.record(PreparedRequest::of(S::NAME, operation, &request, &["/*"]));
        return Err(NotSent {
            service: S::NAME,
            operation,
        });
    }
    let safety = Safety::of(request.method(), false);
    let template = request.try_clone();
    let attempt = Plain { http, template };
    Ok(send_under_policy::<S>(policy, operation, safety, request, attempt).await)
}
