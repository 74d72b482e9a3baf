//! The benchmarked operations: for each, the same read through the three layers (the
//! hand-written call, the generated client, the facade) and the check that the three
//! agree.

pub mod craftgate;
pub mod oneentry;
pub mod operation;
pub mod paywall;

/// The operations, as the command line names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum OpName {
    /// Craftgate: the breakdown of a 3-item payment (signed GET).
    CraftgateBreakdown,
    /// Paywall: one payment by id (private query, envelope).
    PaywallPayment,
    /// Paywall: one 100-payment page of a bulk batch.
    PaywallBulkPage,
    /// OneEntry: one payment session by id (bearer token).
    OneentrySession,
}

impl OpName {
    /// Every operation, in the order the tables show them.
    pub const ALL: [OpName; 4] = [
        OpName::CraftgateBreakdown,
        OpName::PaywallPayment,
        OpName::PaywallBulkPage,
        OpName::OneentrySession,
    ];
}
