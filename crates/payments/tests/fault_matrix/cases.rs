//! Running a case: a fresh sandbox, one scripted fault, one call, and the checks.

use std::sync::{Arc, LazyLock};
use std::time::{Duration, Instant};

use payments::{ErrorKind, Payments, PaymentsConfig, PaymentsError, Provider};
use payments_sandbox::{Sandbox, SandboxInfo};
use tokio::sync::Semaphore;
use tokio::task::JoinSet;

use crate::*;

/// One cell of the matrix, or (`fault: None`) an operation's unfaulted control run.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Case {
    pub(crate) op: Op,
    pub(crate) fault: Option<FaultKind>,
}

impl Case {
    pub(crate) fn expected(self) -> Expected {
        match self.fault {
            Some(fault) => expected(self.op.safety(), fault),
            None => unfaulted(self.op.safety()),
        }
    }

    pub(crate) fn describe(self) -> String {
        let fault = self.fault.map_or("no fault", FaultKind::label);
        format!(
            "{} ({}, {}) × `{fault}`",
            self.op.name(),
            self.op.safety().label(),
            self.op.route()
        )
    }
}

/// What a case came to.
pub(crate) struct Observed {
    pub(crate) result: Result<Done, PaymentsError>,
    /// Requests on the route during the call.
    pub(crate) attempts: u64,
    /// Effects of the call (`None` for a read).
    pub(crate) effects: Option<u64>,
    /// Faults left unused on the route.
    pub(crate) faults_left: usize,
    pub(crate) elapsed: Duration,
    /// For a keyed write: requests that reached the handler, and idempotent replays.
    pub(crate) keyed: Option<(u64, u64)>,
}

/// A facade for `provider` alone, under [`policy`].
///
/// Building one costs about 50 ms of CPU per provider (each client's HTTP client loads
/// the platform's root certificates), most of the matrix's CPU time: builds run off the
/// async workers, leaving a core to the calls being timed, so a busy machine does not
/// turn a one-second attempt timeout into a false failure.
pub(crate) async fn facade(provider: Provider, info: &SandboxInfo) -> Payments {
    static BUILDS: LazyLock<Semaphore> = LazyLock::new(|| {
        let cores = std::thread::available_parallelism().map_or(1, usize::from);
        Semaphore::new(cores.saturating_sub(1).max(1))
    });
    let all = common::config(info);
    let config = PaymentsConfig {
        oneentry: all.oneentry.filter(|_| provider == Provider::OneEntry),
        paywall: all.paywall.filter(|_| provider == Provider::Paywall),
        craftgate: all.craftgate.filter(|_| provider == Provider::Craftgate),
        policy: policy(),
        paging: all.paging,
    };
    let _one_at_a_time = BUILDS.acquire().await.expect("the semaphore is open");
    tokio::task::spawn_blocking(move || Payments::new(config))
        .await
        .expect("the build does not panic")
        .expect("the facade builds")
}

pub(crate) async fn observe(case: Case) -> Observed {
    let op = case.op;
    let route = op.route();
    let sandbox = Sandbox::start().await.expect("the sandbox starts");
    let info = sandbox.info().clone();
    let payments = facade(op.provider(), &info).await;
    let prepared = prepare(op, &payments, &info).await;
    let counted = op.safety() != Safety::Read;
    let effects_before = if counted {
        effects(op, &sandbox, &payments).await
    } else {
        0
    };
    let handled_before = sandbox.faults().handled(&route);
    let replays_before = sandbox.craftgate().idempotent_replays();
    let attempts_before = sandbox.faults().attempts(&route);
    if let Some(fault) = case.fault {
        sandbox.faults().script(route.clone(), [fault.fault()]);
    }

    let started = Instant::now();
    let result = call(op, &payments, &info, &prepared).await;
    let elapsed = started.elapsed();

    // A delayed request the client gave up on may still reach the handler when its delay
    // ends (unless the server cancelled it): count effects after that.
    if counted && case.fault == Some(FaultKind::Delay) {
        tokio::time::sleep_until((started + DELAY + Duration::from_millis(300)).into()).await;
    }
    let attempts = sandbox.faults().attempts(&route) - attempts_before;
    let effects = if counted {
        Some(effects(op, &sandbox, &payments).await - effects_before)
    } else {
        None
    };
    let keyed = op.keyed().then(|| {
        (
            sandbox.faults().handled(&route) - handled_before,
            sandbox.craftgate().idempotent_replays() - replays_before,
        )
    });
    let faults_left = sandbox.faults().remaining(&route);
    // Dropping stops the listeners; a request still held by a fault finishes on its own.
    drop(sandbox);
    Observed {
        result,
        attempts,
        effects,
        faults_left,
        elapsed,
        keyed,
    }
}

/// What is wrong with `observed` against `expected`; empty when the case passes.
pub(crate) fn check(case: Case, expected: Expected, observed: &Observed) -> Vec<String> {
    let mut wrong = Vec::new();
    if observed.faults_left != 0 {
        wrong.push("the fault was never taken: the call did not use the route".to_string());
    }
    if observed.attempts > u64::from(MAX_ATTEMPTS) {
        wrong.push(format!(
            "{} attempts, more than {MAX_ATTEMPTS}",
            observed.attempts
        ));
    }
    if case.fault.is_none() && observed.attempts != 1 {
        wrong.push(format!("{} attempts without a fault", observed.attempts));
    }
    if observed.elapsed >= DEADLINE {
        wrong.push(format!(
            "took {:.2} s, not under {DEADLINE:?}",
            observed.elapsed.as_secs_f64()
        ));
    }
    let effects = match expected {
        Expected::Recovered { effects } => {
            match &observed.result {
                Ok(done) => {
                    if case.op.keyed() && done.idempotency_key.is_none() {
                        wrong.push("the refund does not carry its idempotency key".into());
                    }
                }
                Err(e) => wrong.push(format!("failed: {}", describe_error(e))),
            }
            effects
        }
        Expected::Failed {
            kind,
            attempts,
            effects,
            with_key,
        } => {
            match &observed.result {
                Ok(_) => wrong.push(format!("succeeded, expected an error of kind {kind:?}")),
                Err(e) => {
                    if e.kind != kind {
                        wrong.push(format!(
                            "expected an error of kind {kind:?}, got {}",
                            describe_error(e)
                        ));
                    }
                    if kind == ErrorKind::OutcomeUnknown && e.is_retryable() {
                        wrong.push("an unknown outcome reported as retryable".into());
                    }
                    if with_key && e.idempotency_key.is_none() {
                        wrong.push(format!(
                            "the error does not carry the idempotency key: {}",
                            describe_error(e)
                        ));
                    }
                }
            }
            if let Some(n) = attempts
                && observed.attempts != n
            {
                wrong.push(format!("{} attempts, expected {n}", observed.attempts));
            }
            effects
        }
    };
    if let Some(n) = observed.effects
        && !effects.allows(n)
    {
        let safety = case.op.safety();
        let mut text = format!(
            "{}, expected {}",
            safety.effects(n),
            effects.label(safety).unwrap_or_default()
        );
        if let Some((handled, replays)) = observed.keyed {
            text.push_str(&format!(
                " (requests handled: {handled}, idempotent replays: {replays})"
            ));
        }
        wrong.push(text);
    }
    wrong
}

pub(crate) fn describe_error(e: &PaymentsError) -> String {
    let mut text = format!("{:?}: {e}", e.kind);
    if let Some(key) = &e.idempotency_key {
        text.push_str(&format!(" [key {key}]"));
    }
    text
}

/// A case's report: a line naming it and what went wrong, if anything.
pub(crate) struct Report {
    pub(crate) case: Case,
    pub(crate) elapsed: Option<Duration>,
    pub(crate) wrong: Vec<String>,
}

pub(crate) async fn run(case: Case) -> Report {
    // In a task of its own, so a panic is reported as this case's failure.
    match tokio::spawn(observe(case)).await {
        Ok(observed) => Report {
            case,
            elapsed: Some(observed.elapsed),
            wrong: check(case, case.expected(), &observed),
        },
        Err(e) => {
            let why = match e.try_into_panic() {
                Ok(panic) => panic
                    .downcast_ref::<String>()
                    .cloned()
                    .or_else(|| panic.downcast_ref::<&str>().map(|s| s.to_string()))
                    .unwrap_or_else(|| "a panic".into()),
                Err(e) => e.to_string(),
            };
            Report {
                case,
                elapsed: None,
                wrong: vec![format!("panicked: {why}")],
            }
        }
    }
}

/// Every operation under every fault, plus each operation once without one.
pub(crate) fn cases() -> Vec<Case> {
    OPS.iter()
        .flat_map(|&op| {
            std::iter::once(None)
                .chain(FAULTS.iter().copied().map(Some))
                .map(move |fault| Case { op, fault })
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
pub(crate) async fn every_operation_under_every_fault() {
    let started = Instant::now();
    let limit = Arc::new(Semaphore::new(CONCURRENCY));
    let mut set = JoinSet::new();
    for case in cases() {
        let limit = Arc::clone(&limit);
        set.spawn(async move {
            let _permit = limit.acquire_owned().await.expect("the semaphore is open");
            run(case).await
        });
    }
    let mut reports = Vec::new();
    while let Some(report) = set.join_next().await {
        reports.push(report.expect("the runner task does not panic"));
    }
    let total = started.elapsed();
    let slowest = reports
        .iter()
        .filter_map(|r| r.elapsed.map(|e| (e, r.case)))
        .max_by_key(|(e, _)| *e);
    println!(
        "fault matrix: {} cases in {:.1} s",
        reports.len(),
        total.as_secs_f64()
    );
    if let Some((elapsed, case)) = slowest {
        println!(
            "slowest call: {:.2} s, {}",
            elapsed.as_secs_f64(),
            case.describe()
        );
    }

    // In matrix order, so the list reads like the table.
    let position = |case: Case| {
        let op = OPS.iter().position(|&o| o == case.op).unwrap_or(0);
        let fault = case
            .fault
            .and_then(|f| FAULTS.iter().position(|&g| g == f))
            .map_or(0, |i| i + 1);
        (op, fault)
    };
    reports.sort_by_key(|r| position(r.case));
    let failures: Vec<String> = reports
        .iter()
        .filter(|r| !r.wrong.is_empty())
        .map(|r| {
            format!(
                "- {}: expected {}; {}",
                r.case.describe(),
                cell(r.case.op.safety(), r.case.expected()),
                r.wrong.join("; ")
            )
        })
        .collect();
    assert!(
        failures.is_empty(),
        "{} of {} cases did not meet the expectation:\n{}",
        failures.len(),
        reports.len(),
        failures.join("\n")
    );
}
