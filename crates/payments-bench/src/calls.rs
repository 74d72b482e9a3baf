//! The end-to-end comparison: each operation through the three layers, at each
//! concurrency, in alternating rounds, against the server in its own process.
//!
//! A cell is one layer at one concurrency for a fixed time: `C` tasks on one
//! multi-threaded tokio runtime (default workers, as a service runs) share one client and
//! call back to back. Per cell: calls/s, p50 and p99 latency, and this process's CPU time
//! per call (the server's is in its own process). Within a round each layer's time is cut
//! into slices, and the slices of the layers take turns, in an order that rotates from
//! slice to slice and from round to round, so that a disturbance of the shared machine
//! lasting longer than a few slices falls on every layer alike. Each layer's CPU per call
//! over its slices is divided by the hand-written call's of the same round; the table shows
//! the median of those ratios over the rounds (and their range), and the medians of the
//! absolute figures.

use std::fmt::Write as _;
use std::num::NonZeroU32;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::cpu::process_cpu;
use crate::failure::{Failure, fail};
use crate::machine::describe;
use crate::ops::OpName;
use crate::ops::craftgate::CraftgateBreakdown;
use crate::ops::oneentry::OneEntrySession;
use crate::ops::operation::{Layer, Operation, call, check_once};
use crate::ops::paywall::{PaywallBulkPage, PaywallPayment};
use crate::server::ServerProcess;
use crate::stats::{median, quantile, range};

/// What to run.
#[derive(Clone, Debug)]
pub struct CallsArgs {
    /// Alternating rounds per concurrency.
    pub rounds: usize,
    /// Time of one cell (one layer, one round).
    pub cell: Duration,
    /// Slices a cell's time is cut into, interleaved with the other layers' slices.
    pub slices: NonZeroU32,
    /// Time each layer runs before the rounds of a concurrency, not measured.
    pub warmup: Duration,
    /// The server's delay per answer.
    pub latency: Duration,
    /// Concurrent callers sharing one client.
    pub concurrency: Vec<usize>,
    /// The operations.
    pub ops: Vec<OpName>,
    /// The layers (the ratios need the hand-written one).
    pub layers: Vec<Layer>,
}

/// One layer, one round.
#[derive(Clone, Copy, Debug)]
struct Cell {
    calls: u64,
    wall: Duration,
    cpu: Duration,
    p50: Duration,
    p99: Duration,
}

impl Cell {
    fn rate(&self) -> f64 {
        self.calls as f64 / self.wall.as_secs_f64().max(f64::MIN_POSITIVE)
    }

    /// CPU time per call, in milliseconds.
    fn cpu_ms(&self) -> f64 {
        self.cpu.as_secs_f64() * 1000.0 / (self.calls.max(1) as f64)
    }
}

/// What the slices of one layer gathered in one round: each call's latency, and the wall
/// and CPU time they took.
#[derive(Debug, Default)]
struct Tally {
    latencies: Vec<u64>,
    wall: Duration,
    cpu: Duration,
}

impl Tally {
    fn add(&mut self, slice: Tally) {
        self.latencies.extend(slice.latencies);
        self.wall += slice.wall;
        self.cpu += slice.cpu;
    }

    fn cell(mut self) -> Cell {
        self.latencies.sort_unstable();
        Cell {
            calls: u64::try_from(self.latencies.len()).unwrap_or(u64::MAX),
            wall: self.wall,
            cpu: self.cpu,
            p50: Duration::from_nanos(quantile(&self.latencies, 0.50)),
            p99: Duration::from_nanos(quantile(&self.latencies, 0.99)),
        }
    }
}

/// The rounds of one operation at one concurrency: for each round, each layer's cell.
struct Block {
    concurrency: usize,
    rounds: Vec<Vec<(Layer, Cell)>>,
}

/// The layers' order at turn `t`: `layers` rotated by `t`, and reversed on every other
/// cycle of rotations, so that over `2 × layers.len()` turns each layer takes each place
/// equally often and follows each other layer equally often.
fn order(layers: &[Layer], t: usize) -> Vec<Layer> {
    let mut order = layers.to_vec();
    let n = order.len();
    if n > 0 {
        order.rotate_left(t % n);
        if (t / n) % 2 == 1 {
            order.reverse();
        }
    }
    order
}

/// One caller: calls back to back until `until`, returning each call's latency.
async fn caller<O: Operation>(
    op: Arc<O>,
    layer: Layer,
    until: Instant,
) -> Result<Vec<u64>, Failure> {
    let mut latencies = Vec::with_capacity(4096);
    loop {
        let start = Instant::now();
        if start >= until {
            return Ok(latencies);
        }
        call(&*op, layer).await?;
        latencies.push(u64::try_from(start.elapsed().as_nanos()).unwrap_or(u64::MAX));
    }
}

/// `concurrency` callers of `layer` for `time`.
async fn slice<O: Operation>(
    op: &Arc<O>,
    layer: Layer,
    concurrency: usize,
    time: Duration,
) -> Result<Tally, Failure> {
    let cpu = process_cpu();
    let start = Instant::now();
    let until = start + time;
    let callers: Vec<_> = (0..concurrency)
        .map(|_| tokio::spawn(caller(op.clone(), layer, until)))
        .collect();
    let mut latencies = Vec::new();
    for c in callers {
        latencies.extend(c.await.map_err(fail)??);
    }
    Ok(Tally {
        latencies,
        wall: start.elapsed(),
        cpu: process_cpu().saturating_sub(cpu),
    })
}

/// One round: the layers' slices taking turns, in an [`order`] that changes from slice to
/// slice (starting at turn `first`); each layer's cell, in the order of `args.layers`.
async fn round<O: Operation>(
    op: &Arc<O>,
    args: &CallsArgs,
    concurrency: usize,
    first: usize,
) -> Result<Vec<(Layer, Cell)>, Failure> {
    let slices = args.slices.get();
    let time = args.cell / slices;
    let mut tallies: Vec<(Layer, Tally)> =
        args.layers.iter().map(|l| (*l, Tally::default())).collect();
    for s in 0..slices {
        let turn = first + usize::try_from(s).unwrap_or(0);
        for layer in order(&args.layers, turn) {
            let gathered = slice(op, layer, concurrency, time).await?;
            if let Some((_, tally)) = tallies.iter_mut().find(|(l, _)| *l == layer) {
                tally.add(gathered);
            }
        }
    }
    Ok(tallies.into_iter().map(|(l, t)| (l, t.cell())).collect())
}

/// Every concurrency of one operation.
async fn run_op<O: Operation>(op: &Arc<O>, args: &CallsArgs) -> Result<Vec<Block>, Failure> {
    check_once(&**op).await?;
    let mut blocks = Vec::new();
    for &concurrency in &args.concurrency {
        for &layer in &args.layers {
            slice(op, layer, concurrency, args.warmup).await?;
        }
        let mut rounds = Vec::new();
        for r in 0..args.rounds {
            // Each round first checks that the layers agree, outside the timed cells.
            check_once(&**op).await?;
            let first = r * usize::try_from(args.slices.get()).unwrap_or(1);
            let cells = round(op, args, concurrency, first).await?;
            eprintln!(
                "  {} C={concurrency} round {}/{}: {}",
                O::TITLE,
                r + 1,
                args.rounds,
                cells
                    .iter()
                    .map(|(l, c)| format!("{l:?} {:.4} ms", c.cpu_ms()))
                    .collect::<Vec<_>>()
                    .join(", ")
            );
            rounds.push(cells);
        }
        blocks.push(Block {
            concurrency,
            rounds,
        });
    }
    Ok(blocks)
}

/// What the tables call a layer.
fn layer_name<O: Operation>(layer: Layer) -> &'static str {
    match layer {
        Layer::Hand => "hand-written",
        Layer::Client => O::CLIENT,
        Layer::Facade => "facade",
    }
}

/// The figures of one layer over the rounds of a block.
struct Figures {
    rate: f64,
    p50: f64,
    p99: f64,
    cpu: f64,
    /// CPU per call over the hand-written call's, per round.
    ratios: Vec<f64>,
}

fn figures(block: &Block, layer: Layer) -> Figures {
    let of = |f: &dyn Fn(&Cell) -> f64| -> Vec<f64> {
        block
            .rounds
            .iter()
            .filter_map(|r| r.iter().find(|(l, _)| *l == layer).map(|(_, c)| f(c)))
            .collect()
    };
    let ratios = block
        .rounds
        .iter()
        .filter_map(|r| {
            let this = r.iter().find(|(l, _)| *l == layer)?.1.cpu_ms();
            let hand = r.iter().find(|(l, _)| *l == Layer::Hand)?.1.cpu_ms();
            Some(this / hand)
        })
        .collect();
    Figures {
        rate: median(&of(&Cell::rate)),
        p50: median(&of(&|c| c.p50.as_secs_f64() * 1000.0)),
        p99: median(&of(&|c| c.p99.as_secs_f64() * 1000.0)),
        cpu: median(&of(&Cell::cpu_ms)),
        ratios,
    }
}

/// A ratio cell: the median, and the range over the rounds.
fn ratio_text(ratios: &[f64]) -> String {
    if ratios.is_empty() {
        return "–".to_string();
    }
    let (lo, hi) = range(ratios);
    format!("**{:.2}** ({lo:.2}–{hi:.2})", median(ratios))
}

/// The table of one operation, and its lines of the summary.
fn tables<O: Operation>(blocks: &[Block], args: &CallsArgs) -> (String, String) {
    let mut table = format!(
        "### {}\n\n`{}`\n\n| C | layer | calls/s | p50 ms | p99 ms | CPU/call ms | CPU/call ÷ hand-written, median (range) of {} rounds |\n|---:|---|---:|---:|---:|---:|---|\n",
        O::TITLE,
        O::REQUEST,
        args.rounds
    );
    let mut summary = String::new();
    for block in blocks {
        let mut line = format!("| {} | {} |", O::TITLE, block.concurrency);
        for &layer in &args.layers {
            let f = figures(block, layer);
            let _ = writeln!(
                table,
                "| {} | {} | {:.0} | {:.3} | {:.3} | {:.4} | {} |",
                block.concurrency,
                layer_name::<O>(layer),
                f.rate,
                f.p50,
                f.p99,
                f.cpu,
                if layer == Layer::Hand {
                    "1.00".to_string()
                } else {
                    ratio_text(&f.ratios)
                }
            );
            let ratio = if f.ratios.is_empty() || layer == Layer::Hand {
                String::new()
            } else {
                format!(" ({:.2})", median(&f.ratios))
            };
            let _ = write!(line, " {:.4}{ratio} |", f.cpu);
        }
        summary.push_str(&line);
        summary.push('\n');
    }
    (table, summary)
}

/// Runs one operation and writes its table; returns its summary lines.
async fn measure<O: Operation>(op: O, args: &CallsArgs) -> Result<String, Failure> {
    eprintln!("{} ...", O::TITLE);
    let op = Arc::new(op);
    let blocks = run_op(&op, args).await?;
    let (table, summary) = tables::<O>(&blocks, args);
    println!("{table}");
    Ok(summary)
}

/// Runs the comparison and prints its tables (markdown) on standard output, progress on
/// standard error.
pub fn run(args: &CallsArgs) -> Result<(), Failure> {
    let server = ServerProcess::start(args.latency)?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(fail)?;
    println!(
        "## Calls\n\n{}; server latency {} ms; {} rounds of {} s per cell (in {} interleaved slices) after {} s of warm-up per layer\n",
        describe(),
        args.latency.as_secs_f64() * 1000.0,
        args.rounds,
        args.cell.as_secs_f64(),
        args.slices,
        args.warmup.as_secs_f64(),
    );
    let base = server.base().clone();
    let mut summary = String::new();
    runtime.block_on(async {
        for name in &args.ops {
            let lines = match name {
                OpName::CraftgateBreakdown => measure(CraftgateBreakdown::new(&base)?, args).await,
                OpName::PaywallPayment => measure(PaywallPayment::new(&base)?, args).await,
                OpName::PaywallBulkPage => measure(PaywallBulkPage::new(&base)?, args).await,
                OpName::OneentrySession => measure(OneEntrySession::new(&base)?, args).await,
            }?;
            summary.push_str(&lines);
        }
        Ok::<_, Failure>(())
    })?;
    let mut head = "| operation | C |".to_string();
    let mut rule = "|---|---:|".to_string();
    for layer in &args.layers {
        let _ = write!(
            head,
            " {} CPU/call ms |",
            match layer {
                Layer::Hand => "hand-written",
                Layer::Client => "client",
                Layer::Facade => "facade",
            }
        );
        rule.push_str("---:|");
    }
    println!(
        "### Summary: CPU per call (÷ hand-written, median of the rounds)\n\n{head}\n{rule}\n{summary}"
    );
    drop(server);
    Ok(())
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    #[test]
    fn every_layer_takes_every_place_and_follows_every_other_equally() {
        let layers = Layer::ALL;
        let mut places: HashMap<(Layer, usize), usize> = HashMap::new();
        let mut follows: HashMap<(Layer, Layer), usize> = HashMap::new();
        for t in 0..2 * layers.len() {
            let turn = order(&layers, t);
            assert_eq!(turn.len(), layers.len());
            for (place, layer) in turn.iter().enumerate() {
                *places.entry((*layer, place)).or_default() += 1;
            }
            for pair in turn.windows(2) {
                *follows.entry((pair[0], pair[1])).or_default() += 1;
            }
        }
        // 3 layers × 3 places, each twice; 6 ordered pairs, each twice.
        assert_eq!(places.len(), 9, "{places:?}");
        assert!(places.values().all(|n| *n == 2), "{places:?}");
        assert_eq!(follows.len(), 6, "{follows:?}");
        assert!(follows.values().all(|n| *n == 2), "{follows:?}");
        assert!(order(&[], 5).is_empty());
        // Rotated first, reversed on every other cycle of rotations.
        use Layer::{Client as C, Facade as F, Hand as H};
        assert_eq!(order(&layers, 0), [H, C, F]);
        assert_eq!(order(&layers, 1), [C, F, H]);
        assert_eq!(order(&layers, 2), [F, H, C]);
        assert_eq!(order(&layers, 3), [F, C, H]);
        assert_eq!(order(&layers, 4), [H, F, C]);
        assert_eq!(order(&layers, 6), [H, C, F]);
    }

    #[test]
    fn slices_add_up_to_a_cell() {
        let mut tally = Tally::default();
        for (latencies, ms) in [(vec![3, 1], 10), (vec![2], 20)] {
            tally.add(Tally {
                latencies,
                wall: Duration::from_millis(ms),
                cpu: Duration::from_millis(ms / 2),
            });
        }
        let cell = tally.cell();
        assert_eq!(cell.calls, 3);
        assert_eq!(cell.wall, Duration::from_millis(30));
        assert_eq!(cell.cpu, Duration::from_millis(15));
        assert_eq!(cell.p50, Duration::from_nanos(2));
        assert_eq!(cell.p99, Duration::from_nanos(3));
        assert!((cell.cpu_ms() - 5.0).abs() < 1e-9);
    }
}
