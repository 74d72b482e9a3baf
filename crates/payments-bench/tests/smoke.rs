//! The benchmark runs end to end, in a tiny size: the server process starts and answers,
//! every layer of every operation returns the same data (each round checks it), and the
//! tables come out. Nothing here is timed.

use std::process::Command;

fn run(bin: &str, args: &[&str]) -> String {
    let out = Command::new(bin).args(args).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(
        out.status.success(),
        "{bin} {args:?} failed:\n{}\n{stdout}",
        String::from_utf8_lossy(&out.stderr)
    );
    stdout
}

#[test]
fn calls_run_every_operation_through_every_layer() {
    let out = run(
        env!("CARGO_BIN_EXE_payments-bench"),
        &[
            "calls",
            "--rounds",
            "2",
            "--seconds",
            "0.05",
            "--warmup",
            "0.01",
            "--slices",
            "3",
            "--concurrency",
            "1,8",
        ],
    );
    for title in [
        "Craftgate breakdown of a 3-item payment",
        "Paywall payment by id",
        "Paywall bulk page of 100 payments",
        "OneEntry payment session by id",
    ] {
        assert!(out.contains(&format!("### {title}")), "{out}");
    }
    for layer in [
        "| 8 | hand-written |",
        "| 8 | craftgate-client |",
        "| 1 | facade |",
    ] {
        assert!(out.contains(layer), "{out}");
    }
    assert!(out.contains("### Summary"), "{out}");
    // Every layer of every cell made calls, and they were counted as its own.
    let rows: Vec<&str> = out
        .lines()
        .filter(|l| l.starts_with("| 1 | ") || l.starts_with("| 8 | "))
        .collect();
    assert_eq!(rows.len(), 4 * 2 * 3, "{out}");
    for row in rows {
        let rate: f64 = row.split('|').nth(3).unwrap().trim().parse().unwrap();
        assert!(rate > 0.0, "no calls in {row}");
    }
}

#[test]
fn micro_cases_run() {
    let out = run(
        env!("CARGO_BIN_EXE_payments-bench"),
        &["micro", "--samples", "1", "--sample-ms", "1"],
    );
    assert!(out.contains("Craftgate signing of one GET"), "{out}");
    assert!(out.contains("Paywall bulk page, 1,000 payments"), "{out}");
    assert!(out.contains("map into core types"), "{out}");
}

#[test]
fn allocations_are_counted_per_layer() {
    let out = run(
        env!("CARGO_BIN_EXE_payments-bench-allocs"),
        &["--calls", "3"],
    );
    assert!(
        out.contains("| OneEntry payment session by id | facade |"),
        "{out}"
    );
    assert!(out.contains("Craftgate signing of one GET"), "{out}");
}

#[test]
fn only_the_allocs_binary_counts_allocations() {
    let out = Command::new(env!("CARGO_BIN_EXE_payments-bench"))
        .arg("allocs")
        .output()
        .unwrap();
    assert!(!out.status.success());
    assert!(String::from_utf8_lossy(&out.stderr).contains("payments-bench-allocs"));
}

#[test]
fn allocations_are_counted_for_the_layers_asked_for() {
    let out = run(
        env!("CARGO_BIN_EXE_payments-bench-allocs"),
        &[
            "--calls",
            "2",
            "--op",
            "paywall-payment",
            "--layer",
            "client",
        ],
    );
    assert!(out.contains("| vs the first layer |"), "{out}");
    assert!(
        out.contains("| Paywall payment by id | paywall-client | "),
        "{out}"
    );
    assert!(!out.contains("| hand-written |"), "{out}");
    assert!(!out.contains("| facade |"), "{out}");
    assert!(!out.contains("OneEntry payment session"), "{out}");
}
