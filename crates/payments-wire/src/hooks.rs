//! [`Hooks`]: what a client does to each request, and the one `pre`/`exec` pair every
//! generated client runs ([`client_hooks!`](crate::client_hooks); the generated code
//! reaches `pre` through [`prepared`], by value).
//!
//! A client says, in one [`Hooks`] impl on its generated client's inner state, how a
//! request is prepared (auth headers, signature, routing), which request policy it runs
//! under, whether its provider honours an idempotency key, which body values are secrets
//! and, optionally, how credentials are renewed after a 401. Sending under the policy
//! happens here, the same for every client: every attempt is prepared again from scratch
//! (a fresh signature, the current token). Under a dry-run policy the `pre` hook records
//! the prepared request and ends the call there: `exec` never runs ([`crate::DryRun`]).

use std::future::Future;
use std::marker::PhantomData;
use std::pin::Pin;
use std::time::Duration;

use http::header::AUTHORIZATION;
use http::{HeaderName, HeaderValue};
use progenitor_client::{ClientInfo, Error as GeneratedError, OperationInfo};
use reqwest::StatusCode;

use crate::after::{Step, after, settle};
use crate::call_policy::CallPolicy;
use crate::dry_run::PreparedRequest;
use crate::origin::Origin;
use crate::retry_table::Safety;
use crate::scope::note;
use crate::send::{Attempt, send_under_policy};
use crate::service::Service;
use crate::transport::execute_in_call;

/// Why a request could not be prepared; nothing was sent.
#[derive(Debug)]
#[non_exhaustive]
pub enum PrepareError<R> {
    /// The client refuses the call: the typed refusal, and the message a call awaited
    /// without `payload()` reports.
    Refused(R, String),
    /// The request cannot be made valid (a value a header cannot carry, a body that cannot
    /// be signed).
    Invalid(String),
}

/// What a client does to each request of its provider.
pub trait Hooks: Send + Sync {
    /// The provider.
    type Service: Service;

    /// Makes `request` ready to send: credentials, signature, routing. It runs before the
    /// first attempt and again, on the request built afresh, before each retry and before
    /// a renewal after a 401, so it must give the same request again (with fresh
    /// credentials).
    fn prepare(
        &self,
        request: &mut reqwest::Request,
        operation: &'static str,
    ) -> Result<(), PrepareError<<Self::Service as Service>::Refusal>>;

    /// The request policy the client's calls run under.
    fn policy(&self) -> &CallPolicy;

    /// The client's base URL, parsed once: the generated code builds each request's URL
    /// on it (`cargo xtask codegen`).
    fn origin(&self) -> &Origin;

    /// The base URL of the operations whose path the spec serves from its own `servers`
    /// (Paywall's PaymentPrivateAPI), parsed once: the generated code builds their URLs on
    /// it (`cargo xtask codegen`). Default: [`Hooks::origin`].
    fn own_servers_origin(&self) -> &Origin {
        self.origin()
    }

    /// The header of an idempotency key the provider honours on writes, if it documents
    /// one: a write without a key gets a fresh one (the same on every attempt), and a write
    /// with one may be retried after a lost answer. Default: none.
    fn idempotency_header(&self) -> Option<HeaderName> {
        None
    }

    /// Where secrets sit in the JSON bodies this client sends (a password, a refresh
    /// token, a card number), so a dry run can show a request without them: paths of
    /// member names from the body's root, `/`-separated, `*` standing for any member or
    /// array element (`/authData/*/value`). Default: none. (Secret headers need no entry:
    /// the clients mark them sensitive, and a dry run redacts every sensitive header.)
    fn secret_body_paths(&self) -> &'static [&'static str] {
        &[]
    }

    /// Whether a 401 to `operation` may be answered by renewing the credentials and
    /// sending once more ([`Hooks::renewed`]). Default: never.
    fn renews_on_401(&self, _operation: &'static str) -> bool {
        false
    }

    /// After a 401 to `sent`: renews the credentials and returns the request to send once
    /// more, `Ok(None)` when the 401 stands, or a refusal that replaces it (e.g. the
    /// renewal's own answer was lost). Default: the 401 stands.
    fn renewed(
        &self,
        _http: &reqwest::Client,
        _base_url: &str,
        _sent: reqwest::Request,
        _operation: &'static str,
    ) -> impl Future<Output = Result<Option<reqwest::Request>, <Self::Service as Service>::Refusal>> + Send
    {
        async { Ok(None) }
    }
}

/// The `pre` hook of every client: prepares the request, turning a refusal into a typed
/// one for `payload()`. Under a dry-run policy it then gives a write its idempotency key
/// (as `exec` would), records the request and ends the call: nothing is sent, and
/// `payload()` reports [`CallError::NotSent`](crate::CallError::NotSent).
#[allow(clippy::result_large_err)] // the error type of progenitor's `pre` hook
pub fn pre<H: Hooks, E>(
    hooks: &H,
    request: &mut reqwest::Request,
    info: &OperationInfo,
) -> Result<(), GeneratedError<E>> {
    let operation = info.operation_id;
    match hooks.prepare(request, operation) {
        Ok(()) => {}
        Err(PrepareError::Refused(refusal, message)) => {
            // Nothing is sent, so no `provider_call` span: this event says why.
            tracing::debug!(
                provider = H::Service::NAME,
                operation = info.operation_id,
                "refused before sending"
            );
            note(operation, |n| n.refusal = Some(Box::new(refusal)));
            return Err(GeneratedError::Custom(message));
        }
        Err(PrepareError::Invalid(message)) => {
            tracing::debug!(provider = H::Service::NAME, operation, "invalid, not sent");
            return Err(GeneratedError::InvalidRequest(format!(
                "{operation}: {message}"
            )));
        }
    }
    let Some(dry_run) = &hooks.policy().settings().dry_run else {
        return Ok(());
    };
    // The key `exec` would set, so the record shows the request as it would leave.
    write_key(hooks, request);
    dry_run.record(PreparedRequest::of(
        H::Service::NAME,
        operation,
        request,
        hooks.secret_body_paths(),
    ));
    note(operation, |n| n.not_sent = true);
    Err(GeneratedError::Custom(format!(
        "dry run: `{operation}` was prepared and not sent"
    )))
}

/// The `pre` hook with the request passed through by value, as the generated code calls
/// it (`cargo xtask codegen`): a request the call's future never borrows is not held in it
/// after it is sent.
#[allow(clippy::result_large_err)] // the error type of progenitor's generated calls
pub fn prepared<C, H, E>(
    client: &C,
    mut request: reqwest::Request,
    info: &OperationInfo,
) -> Result<reqwest::Request, GeneratedError<E>>
where
    C: progenitor_client::ClientInfo<H>,
    H: Hooks,
{
    pre(client.inner(), &mut request, info)?;
    Ok(request)
}

/// Builds a generated call's request again as it built it first, before the `pre` hook
/// (`cargo xtask codegen` writes one for every operation; progenitor's `exec` hook, for
/// code not rewritten, gives a copy of the prepared request instead); `None` when it
/// cannot.
pub type Rebuild<'a> = &'a (dyn Fn() -> Option<reqwest::Request> + Send + Sync);

/// One attempt of a generated call: built and prepared again for a retry, renewed once on
/// a 401.
struct Generated<'a, C, H> {
    client: &'a C,
    operation: &'static str,
    build: Rebuild<'a>,
    /// The write's idempotency key, which every attempt carries.
    key: Option<String>,
    hooks: PhantomData<fn() -> H>,
}

impl<'a, C: ClientInfo<H>, H: Hooks + 'a> Generated<'a, C, H> {
    fn hooks(&self) -> &'a H {
        self.client.inner()
    }
}

impl<'a, C: ClientInfo<H> + Sync, H: Hooks + 'a> Attempt for Generated<'a, C, H> {
    fn rebuild(&self) -> Option<reqwest::Request> {
        let mut request = (self.build)()?;
        if let (Some(key), Some(header)) = (&self.key, self.hooks().idempotency_header()) {
            request
                .headers_mut()
                .insert(header, HeaderValue::from_str(key).ok()?);
        }
        self.hooks().prepare(&mut request, self.operation).ok()?;
        Some(request)
    }

    fn send<'s>(
        &'s self,
        request: reqwest::Request,
    ) -> impl Future<Output = reqwest::Result<reqwest::Response>> + Send + 's {
        // What a renewal needs to send this attempt again: its credentials (RFC 9110's
        // `Authorization`) and its time; the rest is built again, only after a 401.
        let sent = self.hooks().renews_on_401(self.operation).then(|| {
            (
                request.headers().get(AUTHORIZATION).cloned(),
                request.timeout().copied(),
            )
        });
        // `settle`, not an `async` block: awaiting a captured future keeps two of it.
        settle(
            execute_in_call(self.client.client(), request),
            move |answer| {
                match (answer, sent) {
                    (Ok(response), Some(sent)) if response.status() == StatusCode::UNAUTHORIZED => {
                        // The renewal is rare and its state large: on the heap, so every
                        // attempt's future stays small.
                        Step::Later(Box::pin(self.after_401(response, sent)))
                    }
                    (answer, _) => Step::Now(answer),
                }
            },
        )
    }
}

impl<'a, C: ClientInfo<H> + Sync, H: Hooks + 'a> Generated<'a, C, H> {
    /// After a 401 (`response`) to an attempt that carried `credentials` and `timeout`:
    /// the request built again with them, its credentials renewed, sent once more; or the
    /// 401.
    async fn after_401(
        &self,
        response: reqwest::Response,
        (credentials, timeout): (Option<HeaderValue>, Option<Duration>),
    ) -> reqwest::Result<reqwest::Response> {
        let Some(mut again) = self.rebuild() else {
            return Ok(response);
        };
        match credentials {
            Some(value) => again.headers_mut().insert(AUTHORIZATION, value),
            None => again.headers_mut().remove(AUTHORIZATION),
        };
        *again.timeout_mut() = timeout;
        let client = self.client;
        match self
            .hooks()
            .renewed(client.client(), client.baseurl(), again, self.operation)
            .await
        {
            Ok(Some(retry)) => {
                tracing::debug!("retrying after 401");
                execute_in_call(client.client(), retry).await
            }
            Ok(None) => Ok(response),
            Err(refusal) => {
                note(self.operation, |n| n.refusal = Some(Box::new(refusal)));
                Ok(response)
            }
        }
    }
}

/// How every generated call is sent (`cargo xtask codegen` writes the call in place of
/// progenitor's `exec` hook): gives a write its idempotency key, then sends `request` (as
/// the `pre` hook prepared it) under the client's policy and notes what `payload()` needs
/// to know. A retry, or a renewal after a 401, is a request `build` builds again and the
/// hooks prepare again: no copy of the request is kept for one.
///
/// The send is boxed, and small enough for glibc's per-thread cache (1,032 bytes at most,
/// checked by a test): the generated call's future, which the caller holds (and the
/// facade boxes for its trait objects), stays under that size too. Held inline instead,
/// the send made every call's future about 2.2 KB, which a boxing caller allocates outside
/// that cache, through malloc's general path (BENCHMARKS.md).
pub fn exec_rebuilt<'a, C, H>(
    client: &'a C,
    request: reqwest::Request,
    info: &OperationInfo,
    build: Rebuild<'a>,
) -> Pin<Box<dyn Future<Output = reqwest::Result<reqwest::Response>> + Send + 'a>>
where
    C: ClientInfo<H> + Sync,
    H: Hooks + 'a,
{
    Box::pin(sending(client, request, info, build))
}

/// progenitor's `exec` hook ([`client_hooks!`](crate::client_hooks)), for generated code
/// that was not rewritten: [`exec_rebuilt`], each retry a copy of `request` (none for a
/// streamed body).
pub fn exec<'a, C, H>(
    client: &'a C,
    request: reqwest::Request,
    info: &OperationInfo,
) -> Pin<Box<dyn Future<Output = reqwest::Result<reqwest::Response>> + Send + 'a>>
where
    C: ClientInfo<H> + Sync,
    H: Hooks + 'a,
{
    let operation_id = info.operation_id;
    let template = request.try_clone();
    Box::pin(async move {
        let build = || template.as_ref().and_then(reqwest::Request::try_clone);
        let info = OperationInfo { operation_id };
        sending(client, request, &info, &build).await
    })
}

/// What [`exec_rebuilt`] boxes. The key and the notes are set when it is called (inside
/// the call's scope), and the request is moved straight into the send: the future holds it
/// once.
fn sending<'a, C, H>(
    client: &'a C,
    mut request: reqwest::Request,
    info: &OperationInfo,
    build: Rebuild<'a>,
) -> impl Future<Output = reqwest::Result<reqwest::Response>> + Send + use<'a, C, H>
where
    C: ClientInfo<H> + Sync,
    H: Hooks + 'a,
{
    let hooks = client.inner();
    let operation = info.operation_id;
    let keyed = write_key(hooks, &mut request);
    let safety = Safety::of(request.method(), keyed.is_some());
    // A read that succeeds leaves nothing to say (`payload()` reads the notes of a failure
    // or a write): its notes stay small and nothing is allocated for them.
    if safety != Safety::Read {
        note(operation, |n| {
            n.write = true;
            n.idempotency_key = keyed.clone();
        });
    }
    let attempt = Generated {
        client,
        operation,
        build,
        key: keyed,
        hooks: PhantomData,
    };
    // `after`, not an `async` block: awaiting a captured future keeps two of it.
    let send = send_under_policy::<H::Service>(hooks.policy(), operation, safety, request, attempt);
    after(send, move |sent| {
        if sent.result.is_err() || sent.outcome_unknown || sent.rate_limited.is_some() {
            note(operation, |n| {
                n.outcome_unknown = sent.outcome_unknown;
                n.rate_limited = sent.rate_limited;
                n.attempts = sent.attempts;
                n.attempt_timeout = Some(hooks.policy().settings().attempt_timeout);
            });
        }
        sent.result
    })
}

/// A write's idempotency key, where the provider honours one: the caller's, or a fresh
/// one set on the request. `None` for a read, or without a key header.
fn write_key<H: Hooks>(hooks: &H, request: &mut reqwest::Request) -> Option<String> {
    match hooks.idempotency_header() {
        Some(header) if Safety::of(request.method(), true) != Safety::Read => {
            idempotency_key(request, header)
        }
        _ => None,
    }
}

/// The write's idempotency key: the caller's, or a fresh one set on the request.
fn idempotency_key(request: &mut reqwest::Request, header: HeaderName) -> Option<String> {
    if let Some(given) = request.headers().get(&header) {
        return given.to_str().ok().map(str::to_string);
    }
    let key = uuid::Uuid::new_v4().to_string();
    let value = http::HeaderValue::from_str(&key).ok()?;
    request.headers_mut().insert(header, value);
    Some(key)
}

#[cfg(test)]
mod tests {
    use std::convert::Infallible;

    use crate::kind::ErrorKind;
    use crate::operation::Operation;

    use super::*;

    /// glibc's per-thread cache serves requests up to this size (`tcache_max`); larger
    /// ones take malloc's general path.
    const THREAD_CACHE_MAX: usize = 1032;

    #[derive(Debug)]
    enum Test {}

    impl Service for Test {
        const NAME: &'static str = "Test";
        const NO_CONTENT: ErrorKind = ErrorKind::Decode;
        const OPERATIONS: &'static [Operation] = &[Operation::new("read", "GET", "/x")];
        type ApiError = Infallible;
        type Refusal = Infallible;

        fn api_error(_: StatusCode, _: &[u8]) -> Option<Infallible> {
            None
        }
    }

    #[test]
    fn the_boxed_send_fits_the_thread_cache() {
        let hooks = TestHooks::new(Default::default(), false);
        let http = crate::transport::http_client("Test", &Default::default()).unwrap();
        let url = "http://127.0.0.1:1/x".parse().unwrap();
        let request = reqwest::Request::new(reqwest::Method::GET, url);
        let info = OperationInfo {
            operation_id: "read",
        };
        let client = Wrapped(&hooks, &http, "http://127.0.0.1:1");
        let send = sending(&client, request, &info, &|| None);
        let size = std::mem::size_of_val(&send);
        assert!(
            size <= THREAD_CACHE_MAX,
            "the send under the policy is {size} bytes"
        );
    }

    /// Hooks that add nothing; with `once`, their `prepare` fails from its second call on
    /// (credentials gone between two attempts).
    struct TestHooks {
        policy: CallPolicy,
        origin: Origin,
        once: bool,
        calls: std::sync::atomic::AtomicU32,
    }

    impl TestHooks {
        fn new(settings: crate::RequestPolicy, once: bool) -> Self {
            Self {
                policy: CallPolicy::new(settings),
                origin: Origin::new(&crate::BaseUrl::from_static("http://127.0.0.1:1")).unwrap(),
                once,
                calls: Default::default(),
            }
        }
    }

    impl Hooks for TestHooks {
        type Service = Test;

        fn prepare(
            &self,
            _: &mut reqwest::Request,
            _: &'static str,
        ) -> Result<(), PrepareError<Infallible>> {
            match self
                .calls
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed)
            {
                1.. if self.once => Err(PrepareError::Invalid("the credentials are gone".into())),
                _ => Ok(()),
            }
        }

        fn policy(&self) -> &CallPolicy {
            &self.policy
        }

        fn origin(&self) -> &Origin {
            &self.origin
        }
    }

    /// A retry that cannot be prepared again, or built again, or (without a rewritten
    /// call) a request that cannot be copied, is not sent: the call ends with the last
    /// answer, and the retry budget is as it was.
    #[tokio::test]
    async fn a_retry_that_cannot_be_made_is_not_sent_and_costs_nothing() {
        use wiremock::{Mock, MockServer, ResponseTemplate};

        let server = MockServer::start().await;
        Mock::given(wiremock::matchers::any())
            .respond_with(ResponseTemplate::new(503))
            .mount(&server)
            .await;
        let settings = crate::RequestPolicy::default().with_backoff(
            std::time::Duration::from_millis(1),
            std::time::Duration::from_millis(2),
        );
        let http = crate::transport::http_client("Test", &settings).unwrap();
        let url: reqwest::Url = format!("{}/x", server.uri()).parse().unwrap();
        let info = OperationInfo {
            operation_id: "read",
        };

        let hooks = TestHooks::new(settings.clone(), true);
        let full = hooks.policy.budget().available();
        let uri = server.uri();
        let client = Wrapped(&hooks, &http, &uri);
        let request = prepared::<_, _, ()>(
            &client,
            reqwest::Request::new(reqwest::Method::GET, url.clone()),
            &info,
        )
        .unwrap();
        let build = || Some(reqwest::Request::new(reqwest::Method::GET, url.clone()));
        let answer = sending(&client, request, &info, &build).await.unwrap();
        assert_eq!(answer.status(), 503);
        assert_eq!(server.received_requests().await.unwrap().len(), 1);
        assert_eq!(hooks.calls.load(std::sync::atomic::Ordering::Relaxed), 2);
        assert_eq!(hooks.policy.budget().available(), full);

        // A request that cannot be built again.
        let hooks = TestHooks::new(settings.clone(), false);
        let request = reqwest::Request::new(reqwest::Method::GET, url.clone());
        let answer = sending(&Wrapped(&hooks, &http, &uri), request, &info, &|| None)
            .await
            .unwrap();
        assert_eq!(answer.status(), 503);
        assert_eq!(server.received_requests().await.unwrap().len(), 2);
        assert_eq!(hooks.policy.budget().available(), full);

        // A request that cannot be copied: no retry, and no wait for one (the answer asks
        // for 3 s).
        Mock::given(wiremock::matchers::path("/later"))
            .respond_with(ResponseTemplate::new(503).insert_header("retry-after", "3"))
            .with_priority(1)
            .mount(&server)
            .await;
        let url: reqwest::Url = format!("{}/later", server.uri()).parse().unwrap();
        let hooks = TestHooks::new(settings, false);
        let mut streamed = reqwest::Request::new(reqwest::Method::GET, url);
        let started = std::time::Instant::now();
        let chunks: Vec<Result<bytes::Bytes, std::io::Error>> = vec![Ok("{}".into())];
        *streamed.body_mut() = Some(reqwest::Body::wrap_stream(futures::stream::iter(chunks)));
        let answer = exec(&Wrapped(&hooks, &http, &uri), streamed, &info)
            .await
            .unwrap();
        assert_eq!(answer.status(), 503);
        assert!(started.elapsed() < std::time::Duration::from_secs(2));
        assert_eq!(
            server.received_requests().await.unwrap().len(),
            3,
            "one more, once"
        );
        assert_eq!(hooks.policy.budget().available(), full);
    }

    /// A generated client's view of `hooks`, sending through `http` to `base`.
    struct Wrapped<'a, H>(&'a H, &'a reqwest::Client, &'a str);

    impl<H> progenitor_client::ClientInfo<H> for Wrapped<'_, H> {
        fn api_version() -> &'static str {
            ""
        }
        fn baseurl(&self) -> &str {
            self.2
        }
        fn client(&self) -> &reqwest::Client {
            self.1
        }
        fn inner(&self) -> &H {
            self.0
        }
    }
}
