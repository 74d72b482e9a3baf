//! [`Write`]: how a command that changes something at a provider runs. It is refused
//! before anything is built or sent when its host is not a sandbox or test host and
//! `--live` is not given ([`live`]); under `--dry-run` every request is
//! prepared as for sending (signed, routed, with its idempotency key), printed with its
//! secrets redacted, and none is sent (`payments::DryRun`, in the request path the real
//! send uses).

use payments::{DryRun, Payments};

use crate::args::{Output, PolicyArgs, WriteArgs};
use crate::connect;
use crate::dry_run;
use crate::error::CliError;
use crate::live::{self, Host};

/// The facade for one write, and the record of a dry run.
pub struct Write {
    payments: Payments,
    dry_run: Option<DryRun>,
    output: Output,
}

impl Write {
    /// The facade for a write to `host`, configured from the environment and the policy
    /// flags: the live check comes first, then a dry-run policy when `--dry-run` is given.
    pub fn new(
        policy: &PolicyArgs,
        args: WriteArgs,
        host: Host,
        output: Output,
    ) -> Result<Self, CliError> {
        let mut config = connect::config(policy)?;
        live::check(&config, host, args.live)?;
        let dry_run = args.dry_run.then(DryRun::new);
        if let Some(record) = &dry_run {
            config.policy = config.policy.with_dry_run(record.clone());
        }
        Ok(Self {
            payments: Payments::new(config)?,
            dry_run,
            output,
        })
    }

    /// The facade.
    pub fn payments(&self) -> &Payments {
        &self.payments
    }

    /// Whether this is a dry run.
    pub fn is_dry_run(&self) -> bool {
        self.dry_run.is_some()
    }

    /// Ends the write with `result`. A dry run that prepared requests prints them (the
    /// result is then only the stop before the first one) and succeeds; otherwise the
    /// result is printed by `print`, or is the command's error.
    pub fn finish<T>(
        self,
        result: Result<T, CliError>,
        print: impl FnOnce(T, Output) -> Result<(), CliError>,
    ) -> Result<(), CliError> {
        let prepared = self
            .dry_run
            .as_ref()
            .map(DryRun::requests)
            .unwrap_or_default();
        if !prepared.is_empty() {
            return dry_run::print(self.output, &prepared);
        }
        print(result?, self.output)
    }
}
