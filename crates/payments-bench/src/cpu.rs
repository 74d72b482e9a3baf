//! The CPU time this process has used: user and system time of all its threads, the
//! figure `getrusage(RUSAGE_SELF)` gives, read from `CLOCK_PROCESS_CPUTIME_ID` at
//! nanosecond resolution (the kernel's scheduler clock, not 10 ms ticks). The server runs
//! in another process, so none of its work is in here.

use std::time::Duration;

use rustix::time::{ClockId, clock_gettime};

/// CPU time used by this process so far, threads that have ended included.
pub fn process_cpu() -> Duration {
    let t = clock_gettime(ClockId::ProcessCPUTime);
    let secs = u64::try_from(t.tv_sec).unwrap_or(0);
    let nanos = u32::try_from(t.tv_nsec).unwrap_or(0);
    Duration::new(secs, nanos)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn work_shows_up() {
        let before = process_cpu();
        let mut x = 0u64;
        for i in 0..5_000_000u64 {
            x = std::hint::black_box(x.wrapping_mul(31).wrapping_add(i));
        }
        assert!(process_cpu() > before, "{x}");
    }
}
