//! `payments-bench-allocs`: allocations per call of each layer and per micro case, counted
//! by a global allocator that only this binary installs (so the timed benchmark never pays
//! for the counting).

#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)
)]

use payments_bench::allocs::Allocations;

/// Runs `code`, counting the allocations it makes on this thread.
fn meter(code: &mut dyn FnMut()) -> Allocations {
    let info = allocation_counter::measure(code);
    Allocations {
        count: info.count_total,
        bytes: info.bytes_total,
    }
}

fn main() -> std::process::ExitCode {
    payments_bench::cli::main(Some(meter))
}
