//! The decoder fuzz harness every client runs (`crates/*-client/tests/decoders.rs`): for
//! each operation, its success body decoded exactly as the generated code and `payload()`
//! decode it, and its error body decoded by `CallError::from_status` (the provider's
//! `api_error`), fed mutated documented bodies, random bytes and token noise.
//!
//! Properties, per input: no panic (a panic is caught, located and reported with the
//! input proptest shrank it to); every failure is a typed error of the variants that
//! path can produce, whose metadata and message can be read; bytes that are not JSON are
//! never anything but `Decode` (success) or `Http` (error); and the peak memory the
//! decoding holds stays within [`MAX_BYTES_PER_INPUT_BYTE`] times the input plus
//! [`BASE_BYTES`].
#![allow(dead_code)]

use std::cell::{Cell, RefCell};
use std::collections::BTreeSet;
use std::fmt::Debug;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::sync::Once;
use std::time::{Duration, Instant};

use bytes::Bytes;
use payments_wire::{CallError, Envelope, ErrorMetadata, Service};
use proptest::prelude::*;
use proptest::test_runner::{TestCaseError, TestError};
use reqwest::StatusCode;
use serde::de::{DeserializeOwned, IgnoredAny};

use crate::json::{self, Doc, Input};
use crate::spec::{Operation, Spec};

/// Cases per decoder (each operation's success decoder and error decoder) in a test run.
pub const CASES_VAR: &str = "PAYMENTS_FUZZ_CASES";
/// The default: sized so the three client harnesses and the sandbox harness together add
/// well under three minutes to a debug `cargo test --workspace` on two cores.
pub const DEFAULT_CASES: u32 = 128;

/// Peak heap a decode may hold per input byte. The largest cost per byte is a list of
/// empty objects (`{},` is 3 bytes) each decoded into a response struct of every optional
/// field (up to ~2 KiB), while the list's buffer doubles.
pub const MAX_BYTES_PER_INPUT_BYTE: u64 = 4096;
/// Peak heap any decode may hold on top of that.
pub const BASE_BYTES: u64 = 256 * 1024;

/// A decoded success payload, kept only to be printed.
pub type Payload = Box<dyn Debug>;

/// One operation of a client: its id as the generated code names it, the response type
/// the generated `send()` decodes (as written in the harness), and the decoder.
pub struct Op<S: Service> {
    /// The generated `operation_id` (snake_case `operationId`).
    pub id: &'static str,
    /// The generated code's `ResponseValue<..>` type, as the harness names it.
    pub response: &'static str,
    /// Whether the success path reads the body (not for `ResponseValue::empty`).
    pub reads_body: bool,
    /// The success path.
    pub success: fn(StatusCode, Bytes) -> Result<Payload, CallError<S>>,
}

/// The success path of an operation whose generated `send()` returns
/// `ResponseValue<T>`: the body as the transport hands it over (an empty 2xx body reads
/// as `{}`, `payments_wire::execute`), `serde_json::from_slice::<T>` (the generated code calls
/// `payments_wire::__private::from_response`), a decode failure as `CallError::Decode`
/// (`CallError::from_generated`), then `Envelope::into_payload(status)`
/// (`CallExt::payload`).
pub fn success<S, T>(status: StatusCode, body: Bytes) -> Result<Payload, CallError<S>>
where
    S: Service,
    T: DeserializeOwned + Envelope<S>,
    T::Payload: Debug + 'static,
{
    let body = if body.iter().all(u8::is_ascii_whitespace) {
        Bytes::from_static(b"{}")
    } else {
        body
    };
    match serde_json::from_slice::<T>(&body) {
        Ok(envelope) => envelope
            .into_payload(status)
            .map(|payload| Box::new(payload) as Payload),
        Err(source) => Err(CallError::Decode { body, source }),
    }
}

/// The success path of an operation whose generated `send()` does not read the body
/// (`ResponseValue::empty`, for a response the spec documents without content): only
/// `Envelope::into_payload(status)` runs.
pub fn empty<S>(status: StatusCode, _body: Bytes) -> Result<Payload, CallError<S>>
where
    S: Service,
    (): Envelope<S>,
    <() as Envelope<S>>::Payload: Debug + 'static,
{
    ().into_payload(status)
        .map(|payload| Box::new(payload) as Payload)
}

/// The table of a client's operations, `OPERATIONS`:
/// `operations!(Service; op_id => ResponseType, other_op => () as empty, ...)`, where
/// `as empty` marks an operation whose generated code does not read the body.
macro_rules! operations {
    ($service:ty; $($id:ident => $ty:ty $(as $mode:ident)?,)+) => {
        const OPERATIONS: &[crate::decoders::Op<$service>] = &[$(crate::decoders::Op {
            id: stringify!($id),
            response: concat!(stringify!($ty) $(, " as ", stringify!($mode))?),
            reads_body: operations!(@reads $($mode)?),
            success: operations!(@decoder $service, $ty $(, $mode)?),
        },)+];
    };
    (@reads) => { true };
    (@reads empty) => { false };
    (@decoder $service:ty, $ty:ty) => { crate::decoders::success::<$service, $ty> };
    (@decoder $service:ty, $ty:ty, empty) => { crate::decoders::empty::<$service> };
}

/// The error path: a non-2xx answer with `body`.
pub fn error<S: Service>(status: StatusCode, body: Bytes) -> CallError<S> {
    CallError::<S>::from_status(status, body)
}

/// Normalises a Rust type as written (`Vec < types :: X >`, `::std::vec::Vec<crate::types::X>`)
/// for comparison.
pub fn normalize_type(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .replace("::std::vec::Vec", "Vec")
        .replace("crate::", "")
        .trim_end_matches(',')
        .to_string()
}

/// `(operation_id, response type)` of every `send()` in a generated client.
pub fn generated_operations(source: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut rest = source;
    while let Some(at) = rest.find("pub async fn send(") {
        rest = &rest[at..];
        let start = rest
            .find("ResponseValue<")
            .expect("ResponseValue after send")
            + 14;
        let mut depth = 1;
        let mut end = start;
        for (i, c) in rest[start..].char_indices() {
            match c {
                '<' => depth += 1,
                '>' => depth -= 1,
                _ => {}
            }
            if depth == 0 {
                end = start + i;
                break;
            }
        }
        let mut ty = normalize_type(&rest[start..end]);
        let marker = "operation_id: \"";
        let id_at = rest.find(marker).expect("operation_id after send") + marker.len();
        let id_end = id_at + rest[id_at..].find('"').expect("closing quote");
        let next = rest[id_end..]
            .find("pub async fn send(")
            .map_or(rest.len(), |n| id_end + n);
        let body = &rest[id_end..next];
        if body.contains("ResponseValue::empty(") {
            ty.push_str("asempty");
        } else {
            assert!(
                body.contains("::payments_wire::__private::from_response("),
                "the generated code decodes the success of {} in a way the harness does not know",
                &rest[id_at..id_end]
            );
        }
        out.push((rest[id_at..id_end].to_string(), ty));
        rest = &rest[id_end..];
    }
    out
}

/// Checks that `ops` names every operation of the spec once, with the response type the
/// generated code decodes.
pub fn check_coverage<S: Service>(provider: &str, ops: &[Op<S>], generated_source: &str) {
    let spec_ids: BTreeSet<String> = Spec::load(provider)
        .operations()
        .iter()
        .map(Operation::snake_id)
        .collect();
    let table: Vec<(String, String)> = ops
        .iter()
        .map(|op| (op.id.to_string(), normalize_type(op.response)))
        .collect();
    let table_ids: BTreeSet<String> = table.iter().map(|(id, _)| id.clone()).collect();
    assert_eq!(table_ids.len(), table.len(), "an operation is listed twice");
    assert_eq!(
        table_ids, spec_ids,
        "the harness must list every operationId of specs/{provider}.yaml"
    );
    let mut generated = generated_operations(generated_source);
    generated.sort();
    let mut listed = table;
    listed.sort();
    assert_eq!(
        listed, generated,
        "the harness's response types must be the generated code's"
    );
}

thread_local! {
    static CATCHING: Cell<bool> = const { Cell::new(false) };
    static LAST_PANIC: RefCell<Option<String>> = const { RefCell::new(None) };
}

/// Records where a panic inside [`guarded`] happened (the default hook still reports
/// every other panic).
fn install_panic_hook() {
    static ONCE: Once = Once::new();
    ONCE.call_once(|| {
        let default = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if CATCHING.with(Cell::get) {
                let message = info
                    .payload()
                    .downcast_ref::<&str>()
                    .map(|s| s.to_string())
                    .or_else(|| info.payload().downcast_ref::<String>().cloned())
                    .unwrap_or_else(|| "(no message)".into());
                let location = info
                    .location()
                    .map(|l| format!("{}:{}:{}", l.file(), l.line(), l.column()))
                    .unwrap_or_else(|| "(unknown location)".into());
                let backtrace = std::backtrace::Backtrace::force_capture();
                LAST_PANIC.with(|p| {
                    *p.borrow_mut() =
                        Some(format!("panicked at {location}: {message}\n{backtrace}"));
                });
            } else {
                default(info);
            }
        }));
    });
}

/// Runs `f` measuring the heap this thread holds at its peak; a panic becomes an `Err`
/// with its location.
fn guarded<T>(f: impl FnOnce() -> T) -> (Result<T, String>, u64) {
    install_panic_hook();
    let mut result = None;
    CATCHING.with(|c| c.set(true));
    let info = allocation_counter::measure(|| {
        result = Some(catch_unwind(AssertUnwindSafe(f)));
    });
    CATCHING.with(|c| c.set(false));
    let result = match result.expect("measured closure ran") {
        Ok(value) => Ok(value),
        Err(_) => Err(LAST_PANIC
            .with(|p| p.borrow_mut().take())
            .unwrap_or_else(|| "panicked".into())),
    };
    (result, info.bytes_max)
}

/// Reads everything a caller may read off an error, so that a panic in `Display` or the
/// metadata counts too.
fn read_error<S: Service>(error: &CallError<S>) -> String {
    let mut text = error.to_string();
    let _ = (
        error.kind(),
        error.http_status(),
        error.code(),
        error.message(),
        error.group(),
        error.retry_after(),
        error.idempotency_key(),
        format!("{error:?}"),
    );
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        text.push_str(&cause.to_string());
        source = cause.source();
    }
    text
}

/// What a run of one decoder saw.
#[derive(Clone, Copy, Debug, Default)]
pub struct Stats {
    /// Inputs decoded.
    pub cases: u64,
    /// The largest peak heap per input byte (inputs of at least 64 bytes).
    pub worst_ratio: f64,
    /// The largest peak heap of any decode.
    pub worst_peak: u64,
}

impl Stats {
    fn record(&mut self, len: usize, peak: u64) -> Result<(), String> {
        self.cases += 1;
        self.worst_peak = self.worst_peak.max(peak);
        if len >= 64 {
            self.worst_ratio = self.worst_ratio.max(peak as f64 / len as f64);
        }
        let bound = MAX_BYTES_PER_INPUT_BYTE * len as u64 + BASE_BYTES;
        if peak > bound {
            return Err(format!(
                "decoding {len} bytes held {peak} bytes of heap at its peak (bound {bound})"
            ));
        }
        Ok(())
    }

    fn merge(&mut self, other: Stats) {
        self.cases += other.cases;
        self.worst_ratio = self.worst_ratio.max(other.worst_ratio);
        self.worst_peak = self.worst_peak.max(other.worst_peak);
    }
}

fn is_json(bytes: &[u8]) -> bool {
    serde_json::from_slice::<IgnoredAny>(bytes).is_ok()
}

/// Decodes `body` on the success path of `op` with `status` and checks the properties.
pub fn check_success<S: Service>(
    op: &Op<S>,
    status: StatusCode,
    body: &[u8],
    stats: &mut Stats,
) -> Result<(), String> {
    let bytes = Bytes::copy_from_slice(body);
    let (result, peak) = guarded(|| (op.success)(status, bytes));
    stats.record(body.len(), peak)?;
    let result = result?;
    let presented: &[u8] = if body.iter().all(u8::is_ascii_whitespace) {
        b"{}"
    } else {
        body
    };
    match &result {
        Ok(payload) => {
            if op.reads_body && !is_json(presented) {
                return Err("bytes that are not JSON decoded to a payload".into());
            }
            guarded(|| format!("{payload:?}")).0?;
        }
        Err(e) => {
            match e {
                CallError::Decode { .. } => {}
                CallError::Api(_) | CallError::NoContent { .. } if is_json(presented) => {
                    let expected = matches!(e, CallError::Api(_)).then_some(status);
                    if e.http_status() != expected {
                        return Err(format!(
                            "a {status} success answer failed with HTTP status {:?}",
                            e.http_status()
                        ));
                    }
                }
                other => {
                    return Err(format!(
                        "the success path failed with an unexpected variant: {other:?}"
                    ));
                }
            }
            guarded(|| read_error(e)).0?;
        }
    }
    Ok(())
}

/// Decodes `body` as an error answer with `status` and checks the properties.
pub fn check_error<S: Service>(
    status: StatusCode,
    body: &[u8],
    stats: &mut Stats,
) -> Result<(), String> {
    let bytes = Bytes::copy_from_slice(body);
    let (result, peak) = guarded(|| error::<S>(status, bytes));
    stats.record(body.len(), peak)?;
    let e = result?;
    match &e {
        CallError::Http { status: s, body: b } => {
            if *s != status || b.as_ref() != body {
                return Err("CallError::Http lost the status or the body".into());
            }
        }
        CallError::Api(_) if is_json(body) => {
            if e.http_status() != Some(status) {
                return Err(format!(
                    "an HTTP {status} error answer reads as status {:?}",
                    e.http_status()
                ));
            }
        }
        other => {
            return Err(format!(
                "the error path gave an unexpected variant: {other:?}"
            ));
        }
    }
    guarded(|| read_error(&e)).0?;
    Ok(())
}

/// The seeds of a set of documented bodies, with the empty body.
pub fn seeds(bodies: &[(String, serde_json::Value)]) -> Vec<(String, Doc)> {
    let mut out: Vec<(String, Doc)> = bodies
        .iter()
        .map(|(name, value)| (name.clone(), Doc::from_value(value)))
        .collect();
    out.push(("empty body".into(), Doc::Empty));
    out
}

fn success_status(documented: Vec<u16>) -> BoxedStrategy<StatusCode> {
    let documented = if documented.is_empty() {
        vec![200]
    } else {
        documented
    };
    prop_oneof![
        3 => prop::sample::select(documented),
        1 => 200u16..300,
    ]
    .prop_map(|s| StatusCode::from_u16(s).expect("a valid status"))
    .boxed()
}

fn error_status() -> BoxedStrategy<StatusCode> {
    prop_oneof![
        3 => prop::sample::select(vec![400u16, 401, 403, 404, 409, 415, 422, 429, 500, 502, 503, 504]),
        1 => 300u16..600,
    ]
    .prop_map(|s| StatusCode::from_u16(s).expect("a valid status"))
    .boxed()
}

fn fail_with(what: &str, result: Result<(), TestError<(Input, StatusCode)>>) {
    match result {
        Ok(()) => {}
        Err(TestError::Fail(reason, (input, status))) => {
            panic!("{what}: a property failed; minimal input (HTTP {status}): {input:?}\n{reason}")
        }
        Err(TestError::Abort(reason)) => panic!("{what}: aborted: {reason}"),
    }
}

/// Runs the success and error properties for every operation of `provider`, `cases`
/// inputs per decoder; returns the cases run and what was seen.
pub fn fuzz<S: Service>(provider: &str, ops: &[Op<S>], cases: u32) -> Stats {
    let spec = Spec::load(provider);
    let mut total = Stats::default();
    let started = Instant::now();
    for operation in spec.operations() {
        let id = operation.snake_id();
        let op = ops
            .iter()
            .find(|op| op.id == id)
            .unwrap_or_else(|| panic!("{id} is not in the harness's table"));

        let stats = RefCell::new(Stats::default());
        let strategy = (
            json::inputs(seeds(&operation.success)),
            success_status(operation.success_statuses.clone()),
        );
        let result = json::runner(cases).run(&strategy, |(input, status)| {
            check_success(op, status, &input.bytes, &mut stats.borrow_mut())
                .map_err(TestCaseError::fail)
        });
        fail_with(&format!("{provider} {id} success body"), result);
        total.merge(stats.into_inner());

        let stats = RefCell::new(Stats::default());
        let strategy = (json::inputs(seeds(&operation.error)), error_status());
        let result = json::runner(cases).run(&strategy, |(input, status)| {
            check_error::<S>(status, &input.bytes, &mut stats.borrow_mut())
                .map_err(TestCaseError::fail)
        });
        fail_with(&format!("{provider} {id} error body"), result);
        total.merge(stats.into_inner());
    }
    report(
        provider,
        "random and mutated bodies",
        &total,
        started.elapsed(),
    );
    total
}

/// Runs every deterministic input ([`json::exhaustive`]) through the success path of each
/// distinct response type and the error path.
pub fn exhaustive<S: Service>(provider: &str, ops: &[Op<S>]) -> Stats {
    let spec = Spec::load(provider);
    let mut total = Stats::default();
    let started = Instant::now();
    let mut done: Vec<(String, String)> = Vec::new();
    let mut errors_done: Vec<String> = Vec::new();
    for operation in spec.operations() {
        let id = operation.snake_id();
        let op = ops.iter().find(|op| op.id == id).expect("listed");
        // The built bodies that carry failure fields are left to the random runs: their
        // success-shaped copies cover the same text.
        let success = operation.success.iter().filter(|(name, body)| {
            !name.contains("built") || crate::spec::success_shaped(body) == *body
        });
        for (name, body) in success {
            let key = (normalize_type(op.response), body.to_string());
            if done.contains(&key) {
                continue;
            }
            done.push(key);
            let seed = [(name.clone(), Doc::from_value(body))];
            for input in json::exhaustive(&seed) {
                if let Err(reason) = check_success(op, StatusCode::OK, &input.bytes, &mut total) {
                    panic!("{provider} {id} success body: {input:?}\n{reason}");
                }
            }
        }
        for (name, body) in &operation.error {
            let key = body.to_string();
            if errors_done.contains(&key) {
                continue;
            }
            errors_done.push(key);
            let seed = [(name.clone(), Doc::from_value(body))];
            for (i, input) in json::exhaustive(&seed).into_iter().enumerate() {
                let status = if i.is_multiple_of(2) {
                    StatusCode::BAD_REQUEST
                } else {
                    StatusCode::INTERNAL_SERVER_ERROR
                };
                if let Err(reason) = check_error::<S>(status, &input.bytes, &mut total) {
                    panic!("{provider} {id} error body: {input:?}\n{reason}");
                }
            }
        }
    }
    report(
        provider,
        "exhaustive single edits",
        &total,
        started.elapsed(),
    );
    total
}

fn report(provider: &str, what: &str, stats: &Stats, took: Duration) {
    eprintln!(
        "{provider} decoders, {what}: {} inputs in {:.1} s; worst peak heap {} bytes, at most {:.0} bytes per input byte",
        stats.cases,
        took.as_secs_f64(),
        stats.worst_peak,
        stats.worst_ratio
    );
}

/// Checks that the seeds reach what the mutations are meant to stress: for every
/// operation some documented or built success body decodes to a payload, and every
/// documented or built error body decodes to the provider's error.
pub fn check_seeds<S: Service>(provider: &str, ops: &[Op<S>]) {
    for operation in Spec::load(provider).operations() {
        let id = operation.snake_id();
        let op = ops.iter().find(|op| op.id == id).expect("listed");
        let mut decoded = Vec::new();
        for (name, body) in seeds(&operation.success) {
            let status = StatusCode::OK;
            if (op.success)(status, Bytes::from(body.to_bytes())).is_ok() {
                decoded.push(name);
            }
        }
        assert!(
            !decoded.is_empty(),
            "{provider} {id}: no documented or built success body decodes to a payload"
        );
        for (name, body) in &operation.error {
            let bytes = Bytes::from(serde_json::to_vec(body).expect("JSON"));
            let e = error::<S>(StatusCode::BAD_REQUEST, bytes);
            assert!(
                matches!(e, CallError::Api(_)),
                "{provider} {id}: the {name} is not read as the provider's error: {e}"
            );
        }
    }
}
