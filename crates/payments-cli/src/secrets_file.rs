//! `PAYMENTS_SANDBOX_SECRETS_FILE`: when set, `payments demo` and `payments sandbox` write
//! every secret their embedded sandbox handed out (credentials, tokens, client secrets) to
//! that file, one per line, as they stop. It exists for leak checks: a test scans everything
//! the binary printed for each of them. The secrets are the sandbox's throwaway ones.

use std::io::Write;

use payments_sandbox::Sandbox;

use crate::error::CliError;

/// The variable naming the file.
pub const VARIABLE: &str = "PAYMENTS_SANDBOX_SECRETS_FILE";

/// Writes `sandbox`'s secrets to the file [`VARIABLE`] names; nothing when it is unset.
pub fn write(sandbox: &Sandbox) -> Result<(), CliError> {
    let Some(path) = std::env::var_os(VARIABLE) else {
        return Ok(());
    };
    let mut file = std::fs::File::create(path)?;
    for secret in sandbox.secrets() {
        writeln!(file, "{secret}")?;
    }
    file.flush()?;
    Ok(())
}
