//! `payments sandbox`: the embedded sandbox as a standalone process.

use std::io::Write;
use std::net::SocketAddr;

use payments_sandbox::{FaultSpec, Sandbox, SandboxConfig};

use crate::error::CliError;
use crate::secrets_file;

/// Starts the sandbox (its Paywall batch holding `paywall_batch_size` payments) with
/// `faults` scripted, prints its info as one JSON line, and serves until interrupted
/// (Ctrl-C or SIGTERM).
pub async fn run(
    addr: Option<SocketAddr>,
    paywall_batch_size: usize,
    faults: Vec<FaultSpec>,
) -> Result<(), CliError> {
    let mut config = SandboxConfig {
        paywall_batch_size,
        ..SandboxConfig::default()
    };
    if let Some(addr) = addr {
        config.ip = addr.ip();
        config.base_port = Some(addr.port());
    }
    let sandbox = Sandbox::start_with(config).await?;
    // Scripted before the info line, so a client that read it meets them.
    let scripted: Vec<String> = faults
        .into_iter()
        .map(|spec| {
            let line = format!("{}: {} fault(s)", spec.route, spec.faults.len());
            sandbox.faults().script_spec(spec);
            line
        })
        .collect();
    let line = serde_json::to_string(sandbox.info())
        .map_err(|e| CliError::Usage(format!("sandbox info: {e}")))?;
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "{line}")?;
    stdout.flush()?;
    drop(stdout);
    for line in &scripted {
        eprintln!("fault script {line}");
    }
    eprintln!("sandbox running; Ctrl-C to stop");
    shutdown_signal().await?;
    secrets_file::write(&sandbox)?;
    sandbox.shutdown().await;
    Ok(())
}

async fn shutdown_signal() -> std::io::Result<()> {
    #[cfg(unix)]
    {
        let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
        tokio::select! {
            r = tokio::signal::ctrl_c() => r,
            _ = term.recv() => Ok(()),
        }
    }
    #[cfg(not(unix))]
    {
        tokio::signal::ctrl_c().await
    }
}
