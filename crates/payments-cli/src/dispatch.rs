//! `payments <provider> ...`: under each provider, the commands `ops` runs and those of the
//! provider's money module, as one list of subcommands.

use clap::Subcommand;

use crate::args::{CraftgateCommand, OneEntryCommand, PaywallCommand, PolicyArgs};
use crate::craftgate_cmd::{self, CraftgateMoney};
use crate::error::CliError;
use crate::oneentry_cmd::{self, OneEntryMore};
use crate::ops;
use crate::paywall_cmd::{self, PaywallMoney};

/// `payments oneentry ...`.
#[derive(Debug, Subcommand)]
pub enum OneEntry {
    /// Sessions.
    #[command(flatten)]
    Ops(OneEntryCommand),
    /// Checkout, orders, a session, accounts, sign-out.
    #[command(flatten)]
    More(OneEntryMore),
}

/// `payments paywall ...`.
#[derive(Debug, Subcommand)]
pub enum Paywall {
    /// The bulk query.
    #[command(flatten)]
    Ops(PaywallCommand),
    /// Single payments, bulk writes, callbacks.
    #[command(flatten)]
    Money(PaywallMoney),
}

/// `payments craftgate ...`.
#[derive(Debug, Subcommand)]
pub enum Craftgate {
    /// A payment and its breakdown.
    #[command(flatten)]
    Ops(CraftgateCommand),
    /// Refunds, search, webhooks.
    #[command(flatten)]
    Money(CraftgateMoney),
}

/// Runs a OneEntry command.
pub async fn oneentry(command: OneEntry, policy: &PolicyArgs) -> Result<(), CliError> {
    match command {
        OneEntry::Ops(c) => ops::oneentry(c, policy).await,
        OneEntry::More(c) => oneentry_cmd::run(c, policy).await,
    }
}

/// Runs a Paywall command.
pub async fn paywall(command: Paywall, policy: &PolicyArgs) -> Result<(), CliError> {
    match command {
        Paywall::Ops(c) => ops::paywall(c, policy).await,
        Paywall::Money(c) => paywall_cmd::run(c, policy).await,
    }
}

/// Runs a Craftgate command.
pub async fn craftgate(command: Craftgate, policy: &PolicyArgs) -> Result<(), CliError> {
    match command {
        Craftgate::Ops(c) => ops::craftgate(c, policy).await,
        Craftgate::Money(c) => craftgate_cmd::run(c, policy).await,
    }
}
