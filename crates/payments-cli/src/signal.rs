//! Waiting for the signal that stops a long-running command: Ctrl-C, or SIGTERM on Unix.

/// Returns when the process is asked to stop (Ctrl-C; SIGTERM on Unix).
pub async fn shutdown() -> std::io::Result<()> {
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
