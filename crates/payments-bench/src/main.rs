//! `payments-bench`: the benchmark (`cargo run --release -p payments-bench`; BENCHMARKS.md).

#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)
)]

fn main() -> std::process::ExitCode {
    payments_bench::cli::main(None)
}
