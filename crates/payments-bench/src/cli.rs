//! The command line: `payments-bench [all|calls|micro|allocs|serve] [options]`.

use std::num::{NonZeroU32, NonZeroU64, NonZeroUsize};
use std::process::ExitCode;
use std::time::Duration;

use clap::{Parser, Subcommand};

use crate::allocs::{AllocsArgs, Meter};
use crate::calls::CallsArgs;
use crate::failure::Failure;
use crate::micro::MicroArgs;
use crate::ops::OpName;
use crate::ops::operation::Layer;

/// Benchmarks the generated clients and the facade against hand-written reqwest + serde
/// calls over a loopback server in another process (BENCHMARKS.md says how to read it).
#[derive(Debug, Parser)]
#[command(name = "payments-bench")]
struct Cli {
    #[command(subcommand)]
    command: Option<Command>,

    /// Alternating rounds per operation and concurrency (calls).
    #[arg(long, global = true, default_value = "7")]
    rounds: NonZeroUsize,
    /// Seconds each layer runs per round (calls).
    #[arg(long, global = true, default_value_t = 1.0)]
    seconds: f64,
    /// Slices each layer's seconds of a round are cut into, taking turns with the other
    /// layers' (calls).
    #[arg(long, global = true, default_value = "10")]
    slices: NonZeroU32,
    /// Seconds each layer runs, unmeasured, before the rounds of a concurrency (calls).
    #[arg(long, global = true, default_value_t = 0.3)]
    warmup: f64,
    /// The server's delay before each answer, in milliseconds (calls, serve).
    #[arg(long, global = true, default_value_t = 0.0)]
    latency_ms: f64,
    /// Concurrent callers sharing one client (calls).
    #[arg(long, global = true, value_delimiter = ',', default_values = ["1", "64"])]
    concurrency: Vec<NonZeroUsize>,
    /// Operations (default: all).
    #[arg(long = "op", global = true, value_delimiter = ',', value_enum)]
    ops: Vec<OpName>,
    /// Layers (default: all; the ratios need `hand`), e.g. one layer alone under a profiler.
    #[arg(long = "layer", global = true, value_delimiter = ',', value_enum)]
    layers: Vec<Layer>,
    /// Samples per micro case.
    #[arg(long, global = true, default_value = "7")]
    samples: NonZeroUsize,
    /// Milliseconds per micro sample.
    #[arg(long, global = true, default_value = "200")]
    sample_ms: NonZeroU64,
    /// Calls (or micro runs) counted per layer (allocs).
    #[arg(long, global = true, default_value = "200")]
    calls: NonZeroU64,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Subcommand)]
enum Command {
    /// The calls, then the micro benchmarks (the default of `payments-bench`).
    All,
    /// Each operation through the three layers, at each concurrency, in alternating rounds.
    Calls,
    /// Signing, decoding and mapping, without the network.
    Micro,
    /// Allocations per call of each layer (the default of `payments-bench-allocs`, which
    /// alone counts them).
    Allocs,
    /// The loopback server alone (the benchmark starts it as a child process).
    Serve,
}

/// A duration from seconds given on the command line.
fn seconds(s: f64, what: &str) -> Result<Duration, Failure> {
    Duration::try_from_secs_f64(s)
        .map_err(|_| Failure::new(format!("{what}: {s} is not a duration")))
}

impl Cli {
    fn ops(&self) -> Vec<OpName> {
        if self.ops.is_empty() {
            OpName::ALL.to_vec()
        } else {
            self.ops.clone()
        }
    }

    fn layers(&self) -> Vec<Layer> {
        if self.layers.is_empty() {
            Layer::ALL.to_vec()
        } else {
            self.layers.clone()
        }
    }

    fn calls_args(&self) -> Result<CallsArgs, Failure> {
        Ok(CallsArgs {
            rounds: self.rounds.get(),
            cell: seconds(self.seconds, "--seconds")?,
            slices: self.slices,
            warmup: seconds(self.warmup, "--warmup")?,
            latency: seconds(self.latency_ms / 1000.0, "--latency-ms")?,
            concurrency: self.concurrency.iter().map(|c| c.get()).collect(),
            ops: self.ops(),
            layers: self.layers(),
        })
    }

    fn micro_args(&self) -> MicroArgs {
        MicroArgs {
            samples: self.samples.get(),
            sample: Duration::from_millis(self.sample_ms.get()),
        }
    }

    fn run(&self, default: Command, meter: Option<Meter>) -> Result<(), Failure> {
        match self.command.unwrap_or(default) {
            Command::All => {
                crate::calls::run(&self.calls_args()?)?;
                crate::micro::run(&self.micro_args())
            }
            Command::Calls => crate::calls::run(&self.calls_args()?),
            Command::Micro => crate::micro::run(&self.micro_args()),
            Command::Allocs => match meter {
                Some(meter) => crate::allocs::run(
                    &AllocsArgs {
                        calls: self.calls.get(),
                        ops: self.ops(),
                        layers: self.layers(),
                    },
                    meter,
                ),
                None => Err(Failure::new(
                    "allocations are counted by the payments-bench-allocs binary: cargo run --release -p payments-bench --bin payments-bench-allocs",
                )),
            },
            Command::Serve => {
                crate::server::serve(seconds(self.latency_ms / 1000.0, "--latency-ms")?)
            }
        }
    }
}

/// Runs the command line. `meter` counts allocations (only the allocs binary has one,
/// and its default command is `allocs`; otherwise `all`).
pub fn main(meter: Option<Meter>) -> ExitCode {
    let cli = Cli::parse();
    let default = if meter.is_some() {
        Command::Allocs
    } else {
        Command::All
    };
    match cli.run(default, meter) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("payments-bench: {e}");
            ExitCode::FAILURE
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_the_documented_ones() {
        let args = Cli::try_parse_from(["payments-bench", "calls"])
            .unwrap()
            .calls_args()
            .unwrap();
        assert_eq!((args.rounds, args.slices.get()), (7, 10));
        assert_eq!(args.concurrency, [1, 64]);
        assert_eq!(args.cell, Duration::from_secs(1));
    }

    #[test]
    fn a_count_of_zero_is_refused_naming_its_option() {
        for (option, value) in [
            ("--rounds", "0"),
            ("--slices", "0"),
            ("--concurrency", "1,0"),
            ("--samples", "0"),
            ("--sample-ms", "0"),
            ("--calls", "0"),
        ] {
            let error = Cli::try_parse_from(["payments-bench", "calls", option, value])
                .unwrap_err()
                .to_string();
            assert!(error.contains(option), "{option}: {error}");
        }
    }
}
