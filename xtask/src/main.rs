//! Maintainer tasks for the payments workspace.
//!
//! `cargo xtask codegen` regenerates `crates/<provider>-client/src/generated.rs` and
//! `operations.rs` from `specs/<provider>.yaml`; `cargo xtask codegen --check` regenerates
//! in memory and fails with a diff when a checked-in file differs.

// No panic a wire value or user input can reach: outside tests, no `unwrap`, `expect` or
// indexing (README, "Panics").
#![cfg_attr(
    not(test),
    deny(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)
)]

mod api_version;
mod client_new;
mod codegen;
mod header_params;
mod hook_calls;
mod impl_fns;
mod normalize;
mod operations;
mod own_servers;
mod rebuilt_request;
mod request_url;
#[cfg(test)]
mod squeezed;
mod success_read;

use std::path::PathBuf;
use std::process::ExitCode;

const USAGE: &str = "usage: cargo xtask codegen [--check] [PROVIDER...]";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((task, rest)) = args.split_first() else {
        eprintln!("{USAGE}");
        return ExitCode::from(2);
    };
    match task.as_str() {
        "codegen" => {
            let check = rest.iter().any(|a| a == "--check");
            let only: Vec<&str> = rest
                .iter()
                .filter(|a| !a.starts_with("--"))
                .map(String::as_str)
                .collect();
            match codegen::run(&workspace_root(), check, &only) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::FAILURE
                }
            }
        }
        _ => {
            eprintln!("unknown task `{task}`\n{USAGE}");
            ExitCode::from(2)
        }
    }
}

fn workspace_root() -> PathBuf {
    // xtask lives one level below the workspace root.
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/.."))
}
