//! Heap allocations per call of each layer, and per run of each micro case: the
//! `payments-bench-allocs` binary, whose counting global allocator the timed binary never
//! pays for.
//!
//! The calls run one after another on a current-thread runtime, so every allocation of a
//! call (the connection's task included) happens on the thread that counts.

use crate::failure::{Failure, fail};
use crate::micro::cases;
use crate::ops::OpName;
use crate::ops::craftgate::CraftgateBreakdown;
use crate::ops::oneentry::OneEntrySession;
use crate::ops::operation::{Layer, Operation, call, check_once};
use crate::ops::paywall::{PaywallBulkPage, PaywallPayment};
use crate::server::ServerProcess;

/// Allocations counted while some code ran on this thread.
#[derive(Clone, Copy, Debug, Default)]
pub struct Allocations {
    /// How many allocations.
    pub count: u64,
    /// How many bytes they asked for, in all.
    pub bytes: u64,
}

/// Runs the code and counts its allocations on this thread (the binary's counting
/// allocator).
pub type Meter = fn(&mut dyn FnMut()) -> Allocations;

/// What to count.
#[derive(Clone, Debug)]
pub struct AllocsArgs {
    /// Calls (or runs of a micro case) counted, after as many uncounted.
    pub calls: u64,
    /// The operations.
    pub ops: Vec<OpName>,
    /// The layers, in this order (the first is the one the others are compared with).
    pub layers: Vec<Layer>,
}

/// `n` calls of `layer`, counted.
fn count_calls<O: Operation>(
    runtime: &tokio::runtime::Runtime,
    op: &O,
    layer: Layer,
    n: u64,
    meter: Meter,
) -> Result<Allocations, Failure> {
    let calls = || async {
        for _ in 0..n {
            call(op, layer).await?;
        }
        Ok::<_, Failure>(())
    };
    runtime.block_on(calls())?;
    let mut result = Ok(());
    let counted = meter(&mut || result = runtime.block_on(calls()));
    result.map(|()| counted)
}

/// The table rows of one operation.
fn op_rows<O: Operation>(
    runtime: &tokio::runtime::Runtime,
    op: O,
    args: &AllocsArgs,
    meter: Meter,
) -> Result<String, Failure> {
    eprintln!("{} ...", O::TITLE);
    runtime.block_on(check_once(&op))?;
    let mut rows = String::new();
    let mut hand = None;
    for &layer in &args.layers {
        let counted = count_calls(runtime, &op, layer, args.calls, meter)?;
        let per_call = counted.count as f64 / args.calls as f64;
        let bytes = counted.bytes as f64 / args.calls as f64;
        let base = *hand.get_or_insert(per_call);
        // The call's future, as the caller holds it (a boxed future inside counts as its
        // pointer; its heap bytes are in bytes/call).
        let (who, future) = match layer {
            Layer::Hand => ("hand-written", size_of_val(&op.hand())),
            Layer::Client => (O::CLIENT, size_of_val(&op.client())),
            Layer::Facade => ("facade", size_of_val(&op.facade())),
        };
        rows.push_str(&format!(
            "| {} | {who} | {per_call:.1} | {:+.1} | {bytes:.0} | {future} |\n",
            O::TITLE,
            per_call - base
        ));
    }
    Ok(rows)
}

/// Counts and prints the tables (markdown).
pub fn run(args: &AllocsArgs, meter: Meter) -> Result<(), Failure> {
    let server = ServerProcess::start(std::time::Duration::ZERO)?;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(fail)?;
    let base = server.base().clone();
    let versus = match args.layers.first() {
        Some(Layer::Hand) | None => "hand-written",
        Some(_) => "the first layer",
    };
    let mut table = format!(
        "## Allocations per call\n\n{} calls per layer, one at a time\n\n| operation | layer | allocations/call | vs {versus} | bytes/call | future bytes |\n|---|---|---:|---:|---:|---:|\n",
        args.calls
    );
    for name in &args.ops {
        let rows = match name {
            OpName::CraftgateBreakdown => {
                op_rows(&runtime, CraftgateBreakdown::new(&base)?, args, meter)
            }
            OpName::PaywallPayment => op_rows(&runtime, PaywallPayment::new(&base)?, args, meter),
            OpName::PaywallBulkPage => op_rows(&runtime, PaywallBulkPage::new(&base)?, args, meter),
            OpName::OneentrySession => op_rows(&runtime, OneEntrySession::new(&base)?, args, meter),
        }?;
        table.push_str(&rows);
    }
    table.push_str("\n| what | who | allocations/op | bytes/op |\n|---|---|---:|---:|\n");
    for mut case in cases()? {
        for _ in 0..args.calls {
            (case.run)()?;
        }
        let mut result = Ok(());
        let counted = meter(&mut || {
            for _ in 0..args.calls {
                if let Err(e) = (case.run)() {
                    result = Err(e);
                    return;
                }
            }
        });
        result?;
        table.push_str(&format!(
            "| {} | {} | {:.1} | {:.0} |\n",
            case.group,
            case.name,
            counted.count as f64 / args.calls as f64,
            counted.bytes as f64 / args.calls as f64
        ));
    }
    println!("{table}");
    drop(server);
    Ok(())
}
