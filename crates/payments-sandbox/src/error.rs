use std::net::SocketAddr;

/// Why the sandbox could not start.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum SandboxError {
    /// A listener could not be bound (port taken, address not local, no permission).
    #[error("cannot bind the {listener} listener on {addr}: {source}")]
    Bind {
        /// Which listener (`oneentry`, `paywall payment api`, ...).
        listener: &'static str,
        /// The address it tried.
        addr: SocketAddr,
        /// The operating system's error.
        #[source]
        source: std::io::Error,
    },
    /// The base port leaves no room for the consecutive ports the listeners need.
    #[error(
        "base port {base} leaves no room for {needed} consecutive ports (the last would pass 65535)"
    )]
    PortRange {
        /// The configured base port.
        base: u16,
        /// How many consecutive ports are needed.
        needed: u16,
    },
    /// The Paywall batch size is out of range
    /// ([`SandboxConfig::paywall_batch_size`](crate::SandboxConfig::paywall_batch_size)).
    #[error("the Paywall batch holds 1 to {max} payments, not {size}")]
    BatchSize {
        /// The configured size.
        size: usize,
        /// The largest size.
        max: usize,
    },
    /// A bound listener could not report its address.
    #[error("cannot read the address of the {listener} listener: {source}")]
    LocalAddr {
        /// Which listener.
        listener: &'static str,
        /// The operating system's error.
        #[source]
        source: std::io::Error,
    },
}
