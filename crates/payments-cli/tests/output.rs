//! Output people can pipe and read, through the binary against a `payments sandbox`:
//! `--output csv|ndjson` of a bulk query stream, CSV is exact and complete, the streamed
//! table keeps its columns, nothing prints escape codes or a progress bar to a pipe,
//! completions generate for every shell, `-v` raises the log level.

use std::io::{BufRead, BufReader, Read};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use serde_json::Value;

mod common;

use common::{BIN, SandboxProcess, bulk_query, ok, sandbox_with, text};

/// The bulk query's page route (the summary has a route of its own).
const BULK_PAGES: &str = "GET /api/paywall/payment/bulk/payment/query";

/// CSV text as records (the header row first).
fn csv_records(csv: &str) -> Vec<Vec<String>> {
    csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(csv.as_bytes())
        .records()
        .map(|r| {
            r.expect("a CSV record")
                .iter()
                .map(str::to_string)
                .collect()
        })
        .collect()
}

/// A bulk query of 500 payments in pages of 100 whose pages after the first wait 5 s for
/// one of them: the first lines (`lines` of them) come out long before the run ends.
#[test]
fn csv_and_ndjson_of_a_bulk_query_stream_before_the_last_page_is_fetched() {
    for (format, lines) in [("ndjson", 1), ("csv", 2)] {
        let sandbox = sandbox_with(&[
            "--paywall-batch-size",
            "500",
            "--fault",
            &format!("{BULK_PAGES}=pass,delay:5"),
        ]);
        let batch = sandbox.batch();
        let started = Instant::now();
        let mut child = sandbox
            .command(&bulk_query(&batch, "100", format), &[])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run payments");
        let mut stdout = BufReader::new(child.stdout.take().expect("stdout"));
        let mut first = String::new();
        for _ in 0..lines {
            stdout.read_line(&mut first).expect("a line");
        }
        let first_at = started.elapsed();
        let mut rest = String::new();
        stdout.read_to_string(&mut rest).expect("the rest");
        let status = child.wait().expect("wait");
        let ended_at = started.elapsed();
        assert!(status.success(), "{format}: {status}");
        assert!(
            ended_at >= Duration::from_secs(5),
            "{format}: a page was delayed 5 s, the run took {ended_at:?}"
        );
        assert!(
            first_at + Duration::from_secs(3) <= ended_at,
            "{format}: the first record came at {first_at:?}, the end at {ended_at:?}"
        );
        let all = first + &rest;
        match format {
            "csv" => assert_eq!(csv_records(&all).len(), 501, "header and 500 rows"),
            _ => assert_eq!(all.lines().count(), 500),
        }
    }
}

/// CSV holds what NDJSON holds, row for row: ids, references and the exact amounts (the
/// JSON number's text, here kept exactly by serde_json's arbitrary precision).
#[test]
fn bulk_csv_is_every_payment_with_exact_amounts() {
    let sandbox = sandbox_with(&["--paywall-batch-size", "2500"]);
    let batch = sandbox.batch();
    let run = |format: &str| ok(&sandbox.run(&bulk_query(&batch, "100", format), &[]));
    let csv = csv_records(&run("csv"));
    let ndjson = run("ndjson");
    let (header, rows) = csv.split_first().expect("a header row");
    assert_eq!(
        header,
        &[
            "payment",
            "merchant reference",
            "amount",
            "currency",
            "status",
            "provider status",
            "activity",
            "refund",
            "error"
        ]
    );
    assert_eq!(rows.len(), 2500);
    let mut amounts = std::collections::BTreeSet::new();
    for (row, line) in rows.iter().zip(ndjson.lines()) {
        let json: Value = serde_json::from_str(line).expect("an NDJSON line");
        assert_eq!(row[0], json["id"].as_str().expect("id"));
        assert_eq!(
            row[1],
            json["merchant_reference"].as_str().unwrap_or_default()
        );
        assert_eq!(row[2], json["amount"]["amount"].to_string(), "exact amount");
        assert_eq!(row[3], json["amount"]["currency"].as_str().unwrap_or(""));
        assert_eq!(row[4], json["status"].as_str().expect("status"));
        assert_eq!(
            row[8],
            json["error"]["message"]
                .as_str()
                .or(json["error"]["code"].as_str())
                .unwrap_or("")
        );
        amounts.insert(row[2].clone());
    }
    assert!(amounts.len() > 1, "several amounts compared: {amounts:?}");
}

/// Every read command prints CSV: a header row and the rows of its records, amounts as
/// the provider gave them (trailing zeros kept), the currency in a column of its own.
#[test]
fn every_read_command_prints_csv() {
    let sandbox = SandboxProcess::start();
    let payment = sandbox.info["craftgate"]["payment_id"].to_string();
    let csv = |args: &[&str]| {
        let args = [args, &["--output", "csv"]].concat();
        csv_records(&ok(&sandbox.run(&args, &[])))
    };
    let json = |args: &[&str]| -> Value {
        let args = [args, &["--json"]].concat();
        serde_json::from_str(&ok(&sandbox.run(&args, &[]))).expect("JSON")
    };

    let breakdown = csv(&["craftgate", "breakdown", &payment]);
    let items = json(&["craftgate", "breakdown", &payment]);
    let items = items.as_array().expect("items");
    assert_eq!(breakdown.len(), items.len() + 1);
    assert_eq!(breakdown[0][..4], ["item", "name", "price", "currency"]);
    for (row, item) in breakdown[1..].iter().zip(items) {
        assert_eq!(row[0], item["id"].as_str().expect("id"));
        assert_eq!(row[2], item["price"]["amount"].to_string());
        assert!(
            row[2].ends_with(".00000000"),
            "as Craftgate sent it: {row:?}"
        );
        assert_eq!(
            row[3],
            item["price"]["currency"].as_str().expect("currency")
        );
    }

    let one = csv(&["craftgate", "payment", &payment]);
    assert_eq!(one.len(), 2, "a header row and the payment: {one:?}");
    assert_eq!(one[1][0], payment);

    let sessions = csv(&["oneentry", "sessions", "--limit", "5"]);
    let listed = json(&["oneentry", "sessions", "--limit", "5"]);
    let listed = listed["items"].as_array().expect("items");
    assert!(!listed.is_empty());
    assert_eq!(sessions.len(), listed.len() + 1);
    assert_eq!(sessions[0][0], "session");
    let order = listed[0]["order_id"]
        .as_str()
        .expect("order id")
        .to_string();
    let by_order = csv(&["oneentry", "session-by-order", &order]);
    assert!(
        by_order.len() >= 2 && by_order[1][4] == order,
        "{by_order:?}"
    );
}

/// The table of a 2,500-payment batch: one header, every payment on a line of its own,
/// every line's columns where the header's are (the batch comes in several chunks).
#[test]
fn the_streamed_bulk_table_keeps_one_header_and_its_columns() {
    let sandbox = sandbox_with(&["--paywall-batch-size", "2500"]);
    let batch = sandbox.batch();
    let out = sandbox.run(
        &["paywall", "bulk-query", &batch, "--page-size", "100"],
        &[],
    );
    let table = ok(&out);
    assert!(
        out.stderr.is_empty(),
        "no progress on a pipe: {}",
        text(&out.stderr)
    );
    let (_, payments) = table
        .split_once("\n2500 payments\n")
        .expect("the payments' title");
    let lines: Vec<&str> = payments.lines().collect();
    assert_eq!(lines.len(), 2 + 2500, "a header, a rule, the payments");
    assert!(
        lines[0].starts_with("payment  merchant reference"),
        "{}",
        lines[0]
    );
    let starts: Vec<usize> = lines[1]
        .char_indices()
        .filter(|(i, c)| *c == '-' && (*i == 0 || lines[1].as_bytes()[i - 1] == b' '))
        .map(|(i, _)| i)
        .collect();
    assert_eq!(starts.len(), 9, "{}", lines[1]);
    for line in &lines[2..] {
        for &at in &starts {
            let before = if at == 0 {
                ' '
            } else {
                line.as_bytes()[at - 1] as char
            };
            let here = line.as_bytes().get(at).map(|b| *b as char);
            assert!(
                before == ' ' && here.is_some_and(|c| c != ' '),
                "column at {at} out of line:\n{}\n{line}",
                lines[0]
            );
        }
    }
}

/// Pipes get no escape codes and no progress bar, whatever the log level or the terminal
/// type: logs at -vv, tables, a bulk query in every format, `--help`, a usage error.
#[test]
fn nothing_prints_escape_codes_to_a_pipe() {
    let sandbox = sandbox_with(&["--paywall-batch-size", "300"]);
    let batch = sandbox.batch();
    let payment = sandbox.info["craftgate"]["payment_id"].to_string();
    let colourful = [("TERM", "xterm-256color"), ("COLORTERM", "truecolor")];
    let mut runs = vec![
        sandbox.run(&["-vv", "craftgate", "payment", &payment], &colourful),
        sandbox.run(&["craftgate", "breakdown", &payment], &colourful),
        sandbox.run(&["--help"], &colourful),
        sandbox.run(&["paywall", "bulk-query"], &colourful),
    ];
    for format in ["table", "json", "ndjson", "csv"] {
        let out = sandbox.run(&bulk_query(&batch, "100", format), &colourful);
        assert!(out.status.success(), "{format}");
        assert!(
            out.stderr.is_empty(),
            "{format}: no progress on a pipe: {}",
            text(&out.stderr)
        );
        runs.push(out);
    }
    assert!(
        text(&runs[0].stderr).contains(" DEBUG "),
        "-vv logs: {}",
        text(&runs[0].stderr)
    );
    assert_eq!(runs[3].status.code(), Some(2), "a usage error");
    for (i, out) in runs.iter().enumerate() {
        for (stream, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
            assert!(
                !bytes.contains(&0x1b),
                "run {i}: an escape code on {stream}:\n{}",
                text(bytes)
            );
        }
    }
}

/// `-v` raises the log level of our crates, `-vvv` everyone's; RUST_LOG wins when set;
/// `--quiet` and `-v` do not go together.
#[test]
fn verbose_raises_the_log_level_and_rust_log_wins() {
    let sandbox = SandboxProcess::start();
    let payment = sandbox.info["craftgate"]["payment_id"].to_string();
    let stderr = |flags: &[&str], env: &[(&str, &str)]| {
        let args = [flags, &["craftgate", "payment", &payment]].concat();
        let out = sandbox.run(&args, env);
        assert!(out.status.success(), "{flags:?}: {}", text(&out.stderr));
        text(&out.stderr)
    };
    assert_eq!(stderr(&[], &[]), "", "warnings only by default");
    assert_eq!(stderr(&["--quiet"], &[]), "");
    let debug = stderr(&["-v"], &[]);
    assert!(
        // The attempt's event, inside its call's `provider_call` span.
        debug.contains(" DEBUG provider_call{provider=\"Craftgate\"")
            && debug.contains("}: payments_wire::send: sending attempt=1"),
        "{debug}"
    );
    assert!(!debug.contains("hyper"), "only our crates at -v: {debug}");
    let everything = stderr(&["-vvv"], &[]);
    assert!(
        everything.contains("TRACE") && everything.contains("hyper"),
        "{everything}"
    );
    assert_eq!(
        stderr(&["-v"], &[("RUST_LOG", "error")]),
        "",
        "RUST_LOG wins"
    );
    let out = sandbox.run(&["-q", "-v", "craftgate", "payment", &payment], &[]);
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn completions_generate_for_every_shell() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = Command::new(BIN)
            .args(["completions", shell])
            .output()
            .expect("run payments completions");
        let script = ok(&out);
        for name in [
            "oneentry",
            "paywall",
            "craftgate",
            "bulk-query",
            "session-by-order",
            "completions",
            "--output",
        ] {
            assert!(script.contains(name), "{shell}: no `{name}` in:\n{script}");
        }
    }
    let out = Command::new(BIN)
        .args(["completions", "tcsh"])
        .output()
        .expect("run payments completions");
    assert_eq!(
        out.status.code(),
        Some(2),
        "an unknown shell is a usage error"
    );
}

#[test]
fn help_shows_an_example_of_the_command() {
    for (args, example) in [
        (
            &["paywall", "bulk-query", "--help"][..],
            "payments paywall bulk-query BATCH-2024-01",
        ),
        (
            &["craftgate", "breakdown", "--help"],
            "payments craftgate breakdown 1",
        ),
        (&["completions", "--help"], "payments completions bash"),
        (&["--help"], "payments demo"),
    ] {
        let help = ok(&Command::new(BIN).args(args).output().expect("run --help"));
        let shown = help
            .lines()
            .skip_while(|l| *l != "Example:")
            .nth(1)
            .unwrap_or_default();
        assert!(shown.trim().starts_with(example), "{args:?}:\n{help}");
    }
    let help = ok(&Command::new(BIN)
        .arg("--help")
        .output()
        .expect("run --help"));
    assert!(
        help.contains("-v, --verbose") && help.contains("RUST_LOG"),
        "{help}"
    );
    assert!(
        help.contains("3  outcome unknown"),
        "the exit codes: {help}"
    );
}
