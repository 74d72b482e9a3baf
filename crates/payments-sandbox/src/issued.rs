//! [`Issued`]: the secrets a fake provider hands out while it runs (tokens, client secrets),
//! kept so a test can check that none of them leaks ([`crate::Sandbox::secrets`]).

use std::fmt;
use std::sync::Mutex;

use crate::util::lock;

/// Every secret issued so far, in issue order. `Debug` shows only how many.
#[derive(Default)]
pub(crate) struct Issued(Mutex<Vec<String>>);

impl Issued {
    /// Keeps `secret`.
    pub(crate) fn record(&self, secret: &str) {
        lock(&self.0).push(secret.to_string());
    }

    /// Everything kept so far.
    pub(crate) fn all(&self) -> Vec<String> {
        lock(&self.0).clone()
    }
}

impl fmt::Debug for Issued {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Issued({} secrets)", lock(&self.0).len())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_every_secret_and_debug_shows_only_the_count() {
        let issued = Issued::default();
        issued.record("a-token");
        issued.record("b-token");
        assert_eq!(issued.all(), ["a-token", "b-token"]);
        assert_eq!(format!("{issued:?}"), "Issued(2 secrets)");
    }
}
