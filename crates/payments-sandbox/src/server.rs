//! Binding listeners and serving routers until shutdown.

use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;

use axum::Router;
use axum::middleware;
use tokio::net::TcpListener;
use tokio::sync::watch;
use tokio::task::JoinHandle;

use crate::error::SandboxError;
use crate::faults::{self, Connection, FaultListener};

/// A bound listener, not yet serving.
pub(crate) struct Bound {
    pub(crate) name: &'static str,
    pub(crate) listener: TcpListener,
    pub(crate) addr: SocketAddr,
}

/// Binds `name`'s listener on `ip:port` (port 0 = ephemeral).
pub(crate) async fn bind(name: &'static str, ip: IpAddr, port: u16) -> Result<Bound, SandboxError> {
    let wanted = SocketAddr::new(ip, port);
    let listener = TcpListener::bind(wanted)
        .await
        .map_err(|source| SandboxError::Bind {
            listener: name,
            addr: wanted,
            source,
        })?;
    let addr = listener
        .local_addr()
        .map_err(|source| SandboxError::LocalAddr {
            listener: name,
            source,
        })?;
    Ok(Bound {
        name,
        listener,
        addr,
    })
}

/// The URL clients use for a bound address: `http://host:port`. An unspecified address
/// (`0.0.0.0`, `::`) is reported as the loopback address of the same family, which is
/// where a local client can reach it.
pub(crate) fn url_for(addr: SocketAddr) -> String {
    let ip = match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => IpAddr::V4(Ipv4Addr::LOCALHOST),
        IpAddr::V6(ip) if ip.is_unspecified() => IpAddr::V6(Ipv6Addr::LOCALHOST),
        ip => ip,
    };
    format!("http://{}", SocketAddr::new(ip, addr.port()))
}

/// Serves `router` on `bound`, behind the fault layer of `faults`, until `shutdown` turns
/// true (or its sender is dropped); then stops accepting and lets open requests finish.
pub(crate) fn serve(
    bound: Bound,
    router: Router,
    faults: Arc<faults::Registry>,
    mut shutdown: watch::Receiver<bool>,
) -> JoinHandle<()> {
    tokio::spawn(async move {
        let name = bound.name;
        let addr = bound.addr;
        tracing::debug!(listener = name, %addr, "sandbox listener serving");
        let stop = async move {
            // Err means the sender is gone: the sandbox was dropped, stop as well.
            let _ = shutdown.wait_for(|stop| *stop).await;
        };
        let router = router.layer(middleware::from_fn_with_state(faults, faults::inject));
        let listener = FaultListener::new(bound.listener);
        let service = router.into_make_service_with_connect_info::<Connection>();
        if let Err(error) = axum::serve(listener, service)
            .with_graceful_shutdown(stop)
            .await
        {
            tracing::warn!(listener = name, %addr, %error, "sandbox listener failed");
        }
        tracing::debug!(listener = name, %addr, "sandbox listener stopped");
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_are_scheme_host_port_and_never_unspecified() {
        assert_eq!(
            url_for("127.0.0.1:8080".parse().unwrap()),
            "http://127.0.0.1:8080"
        );
        assert_eq!(
            url_for("0.0.0.0:81".parse().unwrap()),
            "http://127.0.0.1:81"
        );
        assert_eq!(url_for("[::]:82".parse().unwrap()), "http://[::1]:82");
        assert_eq!(url_for("[::1]:83".parse().unwrap()), "http://[::1]:83");
    }
}
