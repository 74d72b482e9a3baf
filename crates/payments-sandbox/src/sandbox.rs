//! Starting and stopping the sandbox.

use std::net::{IpAddr, Ipv4Addr};
use std::sync::Arc;
use std::time::Duration;

use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::clock::SandboxClock;
use crate::control::{self, Control};
use crate::craftgate::{self, CraftgateControl};
use crate::error::SandboxError;
use crate::faults::FaultControl;
use crate::info::{ControlInfo, CraftgateInfo, OneEntryInfo, PaywallInfo, SandboxInfo};
use crate::oneentry::{self, OneEntryControl};
use crate::paywall::{self, PaywallControl};
use crate::perform::perform;
use crate::push::{Hub, PushControl};
use crate::server::{bind, serve, url_for};
use crate::trigger::{Trigger, TriggerError, Triggered};

/// How many listeners the sandbox opens: OneEntry, Paywall PaymentAPI, Paywall
/// PaymentPrivateAPI, Craftgate, control (in this order from a base port).
const LISTENERS: u16 = 5;

/// How long [`Sandbox::shutdown`] lets open requests finish before cutting them off.
const SHUTDOWN_GRACE: Duration = Duration::from_secs(5);

/// Where the sandbox listens, and how much demo data it starts with.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SandboxConfig {
    /// The address every listener binds (default `127.0.0.1`).
    pub ip: IpAddr,
    /// `None` (or `Some(0)`): each listener gets an ephemeral port. `Some(base)`: OneEntry
    /// on `base`, Paywall PaymentAPI on `base + 1`, Paywall PaymentPrivateAPI on `base + 2`,
    /// Craftgate on `base + 3`, the control listener on `base + 4`.
    pub base_port: Option<u16>,
    /// How many payments the seeded Paywall bulk batch
    /// ([`BULK_MERCHANT_UNIQUE_CODE`](crate::seed::paywall::BULK_MERCHANT_UNIQUE_CODE))
    /// holds: from 1 to [`MAX_BULK_PAYMENT_COUNT`](crate::seed::paywall::MAX_BULK_PAYMENT_COUNT),
    /// default [`BULK_PAYMENT_COUNT`](crate::seed::paywall::BULK_PAYMENT_COUNT) (23). The
    /// first 23 are always the same; the others repeat their amounts and succeed. For
    /// exports and benchmarks that need many pages.
    pub paywall_batch_size: usize,
    /// How many times faster than the providers' own schedules the sandbox pushes webhooks
    /// and callbacks ([`PushControl`]): 1 (the default) waits 30 s before Craftgate's first
    /// delivery, as Craftgate does; 1000 waits 30 ms and spans all five attempts in under a
    /// second. 0 counts as 1.
    pub push_time_scale: u32,
    /// How long an endpoint has to answer one attempt of a push before it counts as failed
    /// (default 10 s; neither provider documents theirs). Not scaled: it measures the
    /// endpoint, not the provider's schedule.
    pub push_attempt_timeout: Duration,
}

impl Default for SandboxConfig {
    fn default() -> Self {
        Self {
            ip: IpAddr::V4(Ipv4Addr::LOCALHOST),
            base_port: None,
            paywall_batch_size: crate::seed::paywall::BULK_PAYMENT_COUNT,
            push_time_scale: 1,
            push_attempt_timeout: Duration::from_secs(10),
        }
    }
}

impl SandboxConfig {
    fn batch_size(&self) -> Result<usize, SandboxError> {
        let max = crate::seed::paywall::MAX_BULK_PAYMENT_COUNT;
        if (1..=max).contains(&self.paywall_batch_size) {
            Ok(self.paywall_batch_size)
        } else {
            Err(SandboxError::BatchSize {
                size: self.paywall_batch_size,
                max,
            })
        }
    }

    fn ports(&self) -> Result<[u16; LISTENERS as usize], SandboxError> {
        match self.base_port {
            None | Some(0) => Ok([0; LISTENERS as usize]),
            Some(base) => {
                let out_of_range = || SandboxError::PortRange {
                    base,
                    needed: LISTENERS,
                };
                // The last port must fit in a u16; then every sum below does too.
                base.checked_add(LISTENERS - 1).ok_or_else(out_of_range)?;
                Ok([base, base + 1, base + 2, base + 3, base + 4])
            }
        }
    }
}

/// The running fake providers. Servers stop on [`Sandbox::shutdown`] or when the value is
/// dropped.
pub struct Sandbox {
    info: SandboxInfo,
    oneentry: OneEntryControl,
    paywall: PaywallControl,
    craftgate: CraftgateControl,
    pushes: PushControl,
    faults: FaultControl,
    clock: SandboxClock,
    stop: watch::Sender<bool>,
    tasks: Vec<JoinHandle<()>>,
}

impl std::fmt::Debug for Sandbox {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Sandbox")
            .field("info", &self.info)
            .finish_non_exhaustive()
    }
}

impl Sandbox {
    /// Starts every provider on `127.0.0.1` with ephemeral ports.
    pub async fn start() -> Result<Self, SandboxError> {
        Self::start_with(SandboxConfig::default()).await
    }

    /// Starts every provider where `config` says, on system time. Must run inside a Tokio
    /// runtime.
    pub async fn start_with(config: SandboxConfig) -> Result<Self, SandboxError> {
        Self::start_with_clock(config, SandboxClock::system()).await
    }

    /// Starts every provider where `config` says, on `clock`: the demo data is seeded at the
    /// time `clock` reads now (set it first to seed at a chosen time), and the providers keep
    /// reading it ([`SandboxClock`]). Must run inside a Tokio runtime.
    pub async fn start_with_clock(
        config: SandboxConfig,
        clock: SandboxClock,
    ) -> Result<Self, SandboxError> {
        let ports = config.ports()?;
        let batch_size = config.batch_size()?;
        let oneentry_listener = bind("oneentry", config.ip, ports[0]).await?;
        let payment_listener = bind("paywall payment api", config.ip, ports[1]).await?;
        let private_listener = bind("paywall private api", config.ip, ports[2]).await?;
        let craftgate_listener = bind("craftgate", config.ip, ports[3]).await?;
        let control_listener = bind("control", config.ip, ports[4]).await?;

        let (stop, stopped) = watch::channel(false);
        let hub = Arc::new(Hub::new(
            config.push_time_scale,
            config.push_attempt_timeout,
            stopped.clone(),
        ));
        let pushes = PushControl::new(Arc::clone(&hub));
        let oneentry = OneEntryControl::seeded();
        let paywall = PaywallControl::seeded(&clock, batch_size, Arc::clone(&hub));
        let craftgate = CraftgateControl::seeded(&clock, hub);
        let faults = FaultControl::default();

        let info = SandboxInfo {
            oneentry: OneEntryInfo {
                url: url_for(oneentry_listener.addr),
                app_token: oneentry.app_token().to_string(),
                auth_marker: crate::seed::oneentry::AUTH_MARKER.into(),
                login_field: crate::seed::oneentry::LOGIN_FIELD.into(),
                password_field: crate::seed::oneentry::PASSWORD_FIELD.into(),
                login: crate::seed::oneentry::LOGIN.into(),
                password: oneentry.password().to_string(),
                order_storage_marker: crate::seed::oneentry::ORDER_STORAGE_MARKER.into(),
                form_identifier: crate::seed::oneentry::FORM_IDENTIFIER.into(),
                payment_account_identifier: crate::seed::oneentry::PAYMENT_ACCOUNT_IDENTIFIER
                    .into(),
                product_id: crate::seed::oneentry::PRODUCT_ID,
            },
            paywall: PaywallInfo {
                payment_api_url: url_for(payment_listener.addr),
                private_api_url: url_for(private_listener.addr),
                api_key_public: paywall.keys().public.key.clone(),
                api_client_public: paywall.keys().public.client.clone(),
                api_key_private: paywall.keys().private.key.clone(),
                api_client_private: paywall.keys().private.client.clone(),
                bulk_merchant_unique_code: crate::seed::paywall::BULK_MERCHANT_UNIQUE_CODE.into(),
                webhook_hash_key: paywall.hash_key().to_string(),
            },
            craftgate: CraftgateInfo {
                base_url: url_for(craftgate_listener.addr),
                api_key: craftgate.api_key().to_string(),
                secret_key: craftgate.secret_key().to_string(),
                payment_id: crate::seed::craftgate::PAYMENT_ID,
                webhook_key: craftgate.webhook_key().to_string(),
            },
            control: ControlInfo {
                url: url_for(control_listener.addr),
                push_time_scale: pushes.time_scale(),
                push_attempt_timeout_ms: u64::try_from(pushes.attempt_timeout().as_millis())
                    .unwrap_or(u64::MAX),
            },
        };
        let control = Arc::new(Control {
            info: info.clone(),
            pushes: pushes.clone(),
            craftgate: craftgate.clone(),
            paywall: paywall.clone(),
        });

        let tasks = vec![
            serve(
                oneentry_listener,
                oneentry::router(oneentry.shared()),
                faults.registry(),
                stopped.clone(),
            ),
            serve(
                payment_listener,
                paywall::payment_api_router(paywall.shared()),
                faults.registry(),
                stopped.clone(),
            ),
            serve(
                private_listener,
                paywall::private_api_router(paywall.shared()),
                faults.registry(),
                stopped.clone(),
            ),
            serve(
                craftgate_listener,
                craftgate::router(craftgate.shared()),
                faults.registry(),
                stopped.clone(),
            ),
            serve(
                control_listener,
                control::router(control),
                faults.registry(),
                stopped,
            ),
        ];
        tracing::info!(
            oneentry = %info.oneentry.url,
            paywall_payment_api = %info.paywall.payment_api_url,
            paywall_private_api = %info.paywall.private_api_url,
            craftgate = %info.craftgate.base_url,
            control = %info.control.url,
            "sandbox started"
        );
        Ok(Self {
            info,
            oneentry,
            paywall,
            craftgate,
            pushes,
            faults,
            clock,
            stop,
            tasks,
        })
    }

    /// URLs, credentials and demo values of this sandbox.
    pub fn info(&self) -> &SandboxInfo {
        &self.info
    }

    /// Every secret this sandbox has handed out so far: the credentials of [`Self::info`]
    /// (app token, password, key pairs, API and secret key), OneEntry's token signing key,
    /// and each access token, refresh token and client secret issued. For leak checks:
    /// none of them should ever appear in a log, an error or any output but the info.
    pub fn secrets(&self) -> Vec<String> {
        let o = &self.info.oneentry;
        let p = &self.info.paywall;
        let c = &self.info.craftgate;
        let mut all = vec![
            o.app_token.clone(),
            o.password.clone(),
            p.api_key_public.clone(),
            p.api_client_public.clone(),
            p.api_key_private.clone(),
            p.api_client_private.clone(),
            c.api_key.clone(),
            c.secret_key.clone(),
            c.webhook_key.clone(),
            p.webhook_hash_key.clone(),
        ];
        all.extend(self.oneentry.issued_secrets());
        all
    }

    /// Test controls and counters of the fake OneEntry.
    pub fn oneentry(&self) -> &OneEntryControl {
        &self.oneentry
    }

    /// Test controls and counters of the fake Paywall.
    pub fn paywall(&self) -> &PaywallControl {
        &self.paywall
    }

    /// Test controls and counters of the fake Craftgate.
    pub fn craftgate(&self) -> &CraftgateControl {
        &self.craftgate
    }

    /// What Craftgate and Paywall push: register endpoints, read the deliveries
    /// ([`PushControl`]).
    pub fn pushes(&self) -> &PushControl {
        &self.pushes
    }

    /// Makes a provider act so that it emits its event through the normal path: the same
    /// booking and the same pushes as the API call ([`Trigger`]). Must run inside a Tokio
    /// runtime.
    pub fn trigger(&self, trigger: Trigger) -> Result<Triggered, TriggerError> {
        perform(trigger, &self.craftgate, &self.paywall)
    }

    /// Scripted faults (for every listener) and per-route request counts.
    pub fn faults(&self) -> &FaultControl {
        &self.faults
    }

    /// The clock the fake Craftgate and Paywall read (Istanbul wall-clock time): set or
    /// advance it to move them across the provider's midnight ([`SandboxClock`]).
    pub fn clock(&self) -> &SandboxClock {
        &self.clock
    }

    /// Stops accepting connections, lets open requests finish (up to 5 s), and returns once
    /// every listener is closed.
    pub async fn shutdown(mut self) {
        let _ = self.stop.send(true);
        for mut task in std::mem::take(&mut self.tasks) {
            if tokio::time::timeout(SHUTDOWN_GRACE, &mut task)
                .await
                .is_err()
            {
                task.abort();
            }
        }
        tracing::info!("sandbox stopped");
    }
}

impl Drop for Sandbox {
    fn drop(&mut self) {
        // Graceful: the listeners close now, open requests finish on their own.
        let _ = self.stop.send(true);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ports_are_ephemeral_or_consecutive() {
        let mut config = SandboxConfig::default();
        assert_eq!(config.ports().unwrap(), [0, 0, 0, 0, 0]);
        config.base_port = Some(0);
        assert_eq!(config.ports().unwrap(), [0, 0, 0, 0, 0]);
        config.base_port = Some(18080);
        assert_eq!(config.ports().unwrap(), [18080, 18081, 18082, 18083, 18084]);
        config.base_port = Some(65532);
        assert!(matches!(
            config.ports(),
            Err(SandboxError::PortRange {
                base: 65532,
                needed: 5
            })
        ));
        config.base_port = Some(65531);
        assert_eq!(config.ports().unwrap(), [65531, 65532, 65533, 65534, 65535]);
    }

    #[test]
    fn the_batch_size_is_bounded() {
        let mut config = SandboxConfig::default();
        assert_eq!(config.batch_size().unwrap(), 23);
        config.paywall_batch_size = crate::seed::paywall::MAX_BULK_PAYMENT_COUNT;
        assert!(config.batch_size().is_ok());
        for size in [0, crate::seed::paywall::MAX_BULK_PAYMENT_COUNT + 1] {
            config.paywall_batch_size = size;
            assert!(matches!(
                config.batch_size(),
                Err(SandboxError::BatchSize { size: s, .. }) if s == size
            ));
        }
    }
}
