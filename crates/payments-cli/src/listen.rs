//! `payments listen`: receives what the sandbox pushes (Craftgate's webhooks, Paywall's bulk
//! callbacks), forwards each delivery to the developer's endpoint as it arrived, answers the
//! sandbox with the endpoint's status (so the provider's retry schedule applies), and prints
//! a line per delivery.

use std::io::{IsTerminal, Write};
use std::net::{Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{DefaultBodyLimit, Path, State};
use axum::http::{HeaderMap, Method, StatusCode};
use axum::routing::any;
use clap::Args;
use payments_sandbox::{PushProvider, Sandbox, SandboxConfig, SandboxInfo};
use tokio::sync::{mpsc, watch};

use crate::args::{PolicyArgs, PushProviderArg};
use crate::control_api::{self, ControlApi};
use crate::delivery_line::{DeliveryLine, LineFormat};
use crate::error::CliError;
use crate::forward::Forwarder;
use crate::serve::{self, TimeScaleArg};
use crate::signal;

/// The most a delivery may hold: a Paywall callback page lists 1,000 payments.
const MAX_DELIVERY: usize = 16 * 1024 * 1024;

/// What `payments listen` takes.
#[derive(Debug, Args)]
pub struct ListenArgs {
    /// Your webhook endpoint: every delivery is POSTed there with its headers and body as
    /// the sandbox sent them (an http:// or https:// URL).
    #[arg(long, value_name = "URL")]
    forward_to: String,
    /// Only this provider's pushes (default: both).
    #[arg(long, value_enum)]
    provider: Option<PushProviderArg>,
    /// How to print each delivery: `text` (a line of columns) or `ndjson` (one JSON object
    /// with time, provider, event, id, page, status, error, latency_ms).
    #[arg(long, value_enum, value_name = "FORMAT", default_value_t = LineFormat::Text)]
    output: LineFormat,
    /// The control URL of a running sandbox (`payments sandbox` prints the line that sets
    /// PAYMENTS_SANDBOX_URL). Without it, listen starts its own sandbox and prints its JSON
    /// info line first, as `payments sandbox` does.
    #[arg(long, env = control_api::VARIABLE, value_name = "URL")]
    sandbox: Option<String>,
    /// Push schedule of the sandbox listen starts (a running sandbox keeps its own).
    #[command(flatten)]
    time_scale: TimeScaleArg,
}

/// What the receiving server shares.
struct Listening {
    forwarder: Forwarder,
    providers: Vec<PushProvider>,
    format: LineFormat,
    colour: bool,
    /// The first failure to write to stdout ends the command.
    stdout_failed: mpsc::Sender<std::io::Error>,
}

impl Listening {
    /// Writes one line to stdout and flushes it.
    fn print(&self, line: &str) {
        let mut stdout = std::io::stdout().lock();
        if let Err(e) = writeln!(stdout, "{line}").and_then(|()| stdout.flush()) {
            let _ = self.stdout_failed.try_send(e);
        }
    }
}

/// Runs `payments listen` until Ctrl-C or SIGTERM, then unregisters its endpoints.
pub async fn run(args: ListenArgs, policy: &PolicyArgs) -> Result<(), CliError> {
    let timeout = policy.timeout.unwrap_or(control_api::DEFAULT_TIMEOUT);
    // Bad input is refused before anything starts.
    let forwarder = Forwarder::new(&args.forward_to, timeout)?;
    let remote = args
        .sandbox
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|url| ControlApi::new(url, timeout))
        .transpose()?;
    let providers: Vec<PushProvider> = match args.provider {
        Some(provider) => vec![provider.into()],
        None => vec![PushProvider::Craftgate, PushProvider::Paywall],
    };
    let (control, embedded) = match remote {
        Some(control) if !control.is_local() => {
            return Err(CliError::Usage(format!(
                "the sandbox at {} is not on this machine: listen receives on 127.0.0.1, which it could not reach; run listen where the sandbox runs",
                control.url()
            )));
        }
        Some(control) => {
            if args.time_scale.time_scale.is_some() {
                tracing::warn!(
                    "--time-scale applies to the sandbox listen starts; the sandbox at {} keeps its own",
                    control.url()
                );
            }
            (control, None)
        }
        None => {
            let sandbox = Sandbox::start_with(SandboxConfig {
                push_time_scale: args.time_scale.get(),
                ..SandboxConfig::default()
            })
            .await?;
            serve::announce(&sandbox)?;
            let control = ControlApi::new(&sandbox.info().control.url, timeout)?;
            (control, Some(sandbox))
        }
    };
    // The check that the control URL answers, and the keys to print.
    let info = control.info().await?;
    let result = listen(&control, &info, forwarder, providers, args.output, timeout).await;
    if let Some(sandbox) = embedded {
        serve::stop(sandbox).await?;
    }
    result
}

/// Serves, registers, and waits for the end.
async fn listen(
    control: &ControlApi,
    info: &SandboxInfo,
    forwarder: Forwarder,
    providers: Vec<PushProvider>,
    format: LineFormat,
    timeout: Duration,
) -> Result<(), CliError> {
    let listener =
        tokio::net::TcpListener::bind(SocketAddr::from((Ipv4Addr::LOCALHOST, 0))).await?;
    let addr = listener.local_addr()?;
    let (stdout_failed, mut stdout_failure) = mpsc::channel(1);
    let colour = std::io::stdout().is_terminal()
        && std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty());
    let forward_url = forwarder.url().to_string();
    let state = Arc::new(Listening {
        forwarder,
        providers: providers.clone(),
        format,
        colour,
        stdout_failed,
    });
    let app = Router::new()
        .route("/{provider}", any(receive))
        .layer(DefaultBodyLimit::max(MAX_DELIVERY))
        .with_state(state);
    let (stop, stopped) = watch::channel(false);
    let server = tokio::spawn(async move {
        let mut stopped = stopped;
        axum::serve(listener, app)
            .with_graceful_shutdown(async move {
                let _ = stopped.wait_for(|s| *s).await;
            })
            .await
    });

    let mut endpoints = Vec::new();
    let mut registered = Ok(());
    for provider in &providers {
        let url = format!("http://{addr}/{provider}");
        match control.register(*provider, &url).await {
            Ok(endpoint) => endpoints.push(endpoint.id),
            Err(e) => {
                registered = Err(e);
                break;
            }
        }
    }
    let outcome = match registered {
        Ok(()) => {
            ready(control, info, &providers, &forward_url);
            tokio::select! {
                signal = signal::shutdown() => signal.map_err(CliError::from),
                failure = stdout_failure.recv() => match failure {
                    Some(e) => Err(CliError::Io(e)),
                    None => Ok(()),
                },
            }
        }
        Err(e) => Err(e),
    };
    for id in endpoints {
        if let Err(e) = control.unregister(id).await {
            tracing::warn!("could not unregister endpoint {id}: {e}");
        }
    }
    let _ = stop.send(true);
    // Deliveries under way get the time of one forward to finish.
    let _ = tokio::time::timeout(timeout + Duration::from_secs(1), server).await;
    outcome
}

/// The keys the deliveries are signed with, and the ready line, on stderr.
fn ready(control: &ControlApi, info: &SandboxInfo, providers: &[PushProvider], forward: &str) {
    for provider in providers {
        match provider {
            PushProvider::Paywall => eprintln!(
                "Paywall webhook hash key (the callbacks' Hash): {}",
                info.paywall.webhook_hash_key
            ),
            _ => eprintln!(
                "Craftgate webhook key (x-cg-signature-v1): {}",
                info.craftgate.webhook_key
            ),
        }
    }
    let whose = providers
        .iter()
        .map(|p| match p {
            PushProvider::Paywall => "Paywall's bulk callbacks",
            _ => "Craftgate's webhooks",
        })
        .collect::<Vec<_>>()
        .join(" and ");
    eprintln!(
        "Ready: forwarding {whose} from the sandbox at {} to {forward} (pushes {}x faster than the providers); Ctrl-C to stop",
        control.url(),
        info.control.push_time_scale
    );
}

/// One delivery: forwarded, answered with the forward's status (502 without one), printed.
async fn receive(
    State(state): State<Arc<Listening>>,
    Path(provider): Path<String>,
    method: Method,
    headers: HeaderMap,
    body: Bytes,
) -> StatusCode {
    let Some(provider) = provider
        .parse::<PushProvider>()
        .ok()
        .filter(|p| state.providers.contains(p))
    else {
        return StatusCode::NOT_FOUND;
    };
    let at = chrono::Utc::now();
    let forwarded = state
        .forwarder
        .forward(method, &headers, body.clone())
        .await;
    let status = forwarded
        .status
        .and_then(|s| StatusCode::from_u16(s).ok())
        .unwrap_or(StatusCode::BAD_GATEWAY);
    let line = DeliveryLine::new(at, provider, &body, forwarded);
    state.print(&line.render(state.format, state.colour));
    status
}
