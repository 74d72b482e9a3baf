//! `payments sandbox`: the embedded sandbox as a standalone process, and the start-up
//! `listen` shares with it (the info line on stdout, the hints on stderr).

use std::io::Write;
use std::net::SocketAddr;
use std::num::NonZeroU32;

use clap::Args;
use payments_sandbox::{FaultSpec, PushProvider, Sandbox, SandboxConfig};

use crate::control_api;
use crate::error::CliError;
use crate::secrets_file;
use crate::signal;

/// The time scale the CLI's sandbox pushes at unless told: Craftgate's first webhook
/// 1 s after the event (30 s at the providers' pace), Paywall's callback after 0.17 s.
pub const DEFAULT_TIME_SCALE: u32 = 30;

/// How many times faster than the providers' schedules the sandbox pushes.
#[derive(Debug, Args, Clone, Copy)]
pub struct TimeScaleArg {
    /// How many times faster than the providers the sandbox pushes webhooks and callbacks
    /// (default 30: Craftgate's first webhook 1 s after the event instead of 30 s, its
    /// retries after 0.3 s, 1 s, 6 s and 20 s; Paywall's callback after 0.17 s instead of
    /// 5 s). 1 is the providers' own schedule.
    #[arg(long, value_name = "N")]
    pub time_scale: Option<NonZeroU32>,
}

impl TimeScaleArg {
    /// The scale asked for, or [`DEFAULT_TIME_SCALE`].
    pub fn get(self) -> u32 {
        self.time_scale.map_or(DEFAULT_TIME_SCALE, NonZeroU32::get)
    }
}

/// What `payments sandbox` takes.
#[derive(Debug, Args)]
pub struct SandboxArgs {
    /// Address of the first listener; the others take the following ports
    /// (default: 127.0.0.1 with free ports).
    #[arg(long)]
    addr: Option<SocketAddr>,
    /// How many payments the seeded Paywall bulk batch holds (1 to 1000000; default 23).
    /// The first 23 are the demo's; the rest are successful sales. For large exports.
    #[arg(long, value_name = "N", default_value_t = payments_sandbox::seed::paywall::BULK_PAYMENT_COUNT)]
    paywall_batch_size: usize,
    /// Make a route's next requests fail on purpose, in order (repeatable)
    ///
    /// SPEC is `METHOD PATH=FAULT[,FAULT...]`. PATH is matched against the request path
    /// as received, without the query; `*` stands for one path segment. Each request on
    /// the route takes the next fault; when none is left, requests are served normally.
    /// Faults:
    ///
    ///   NNN          that status (200-599) with a proxy's HTML page; the provider never
    ///                sees the request
    ///   429:N        429 with `Retry-After: N` (seconds)
    ///   429:date+N   429 with `Retry-After` the HTTP-date N seconds after the answer
    ///   reset        the connection is reset after the request is read; no answer, the
    ///                provider never sees the request
    ///   reset-after  the provider handles the request (a refund is made), then the
    ///                connection is reset; no answer
    ///   truncate     the provider's answer with its full Content-Length but only the
    ///                first half of its body, then the connection closes
    ///   malformed    200, `Content-Type: application/json`, body `{"data": {`
    ///   delay:S      wait S seconds (fractions allowed), then serve normally
    ///   pass         serve normally
    ///   FAULT*N      FAULT, N times (`503*3`)
    ///
    /// Example:
    ///
    ///   payments sandbox \
    ///     --fault 'GET /payment-reporting/v1/payments/*/transactions=503,429:1,reset,pass,truncate' \
    ///     --fault 'POST /payment/v1/refund-transactions=reset-after,delay:0.5'
    #[arg(long = "fault", value_name = "SPEC", verbatim_doc_comment)]
    faults: Vec<FaultSpec>,
    /// Push schedule.
    #[command(flatten)]
    time_scale: TimeScaleArg,
    /// Send Craftgate's webhooks to this http:// URL too, from the start (repeatable).
    #[arg(long = "craftgate-webhook", value_name = "URL")]
    craftgate_webhooks: Vec<String>,
    /// Send Paywall's bulk callbacks to this http:// URL too, from the start (repeatable).
    #[arg(long = "paywall-callback", value_name = "URL")]
    paywall_callbacks: Vec<String>,
}

/// Starts the sandbox as `args` say (faults scripted, endpoints registered), prints its
/// info as one JSON line, and serves until interrupted (Ctrl-C or SIGTERM).
pub async fn run(args: SandboxArgs) -> Result<(), CliError> {
    let mut config = SandboxConfig {
        paywall_batch_size: args.paywall_batch_size,
        push_time_scale: args.time_scale.get(),
        ..SandboxConfig::default()
    };
    if let Some(addr) = args.addr {
        config.ip = addr.ip();
        config.base_port = Some(addr.port());
    }
    let sandbox = Sandbox::start_with(config).await?;
    // Scripted and registered before the info line, so a client that read it meets them.
    let scripted: Vec<String> = args
        .faults
        .into_iter()
        .map(|spec| {
            let line = format!(
                "fault script {}: {} fault(s)",
                spec.route,
                spec.faults.len()
            );
            sandbox.faults().script_spec(spec);
            line
        })
        .collect();
    let endpoints = [
        (PushProvider::Craftgate, args.craftgate_webhooks),
        (PushProvider::Paywall, args.paywall_callbacks),
    ];
    let mut registered = Vec::new();
    for (provider, urls) in endpoints {
        for url in urls {
            let endpoint = sandbox
                .pushes()
                .register(provider, &url)
                .map_err(|e| CliError::Usage(format!("--{}: {e}", endpoint_flag(provider))))?;
            registered.push(format!(
                "{provider} pushes go to {} (endpoint {})",
                endpoint.url, endpoint.id
            ));
        }
    }
    announce(&sandbox)?;
    for line in scripted.iter().chain(&registered) {
        eprintln!("{line}");
    }
    eprintln!("sandbox running; Ctrl-C to stop");
    signal::shutdown().await?;
    stop(sandbox).await
}

/// The flag that registers `provider`'s endpoints.
fn endpoint_flag(provider: PushProvider) -> &'static str {
    match provider {
        PushProvider::Paywall => "paywall-callback",
        _ => "craftgate-webhook",
    }
}

/// Prints the sandbox's info as one JSON line on stdout (flushed), and on stderr the line
/// that points `listen` and `trigger` at its control listener.
pub fn announce(sandbox: &Sandbox) -> Result<(), CliError> {
    let info = sandbox.info();
    let line =
        serde_json::to_string(info).map_err(|e| CliError::Usage(format!("sandbox info: {e}")))?;
    let mut stdout = std::io::stdout().lock();
    writeln!(stdout, "{line}")?;
    stdout.flush()?;
    drop(stdout);
    eprintln!(
        "export {}={}    # for payments listen and payments trigger (pushes {}x faster than the providers)",
        control_api::VARIABLE,
        info.control.url,
        info.control.push_time_scale
    );
    Ok(())
}

/// Stops the sandbox: its secrets to the leak-check file when asked, then shut down.
pub async fn stop(sandbox: Sandbox) -> Result<(), CliError> {
    secrets_file::write(&sandbox)?;
    sandbox.shutdown().await;
    Ok(())
}
