//! Signing users in (OneEntry).

use payments_wire::Secret;

/// A user's sign-in data.
#[derive(Clone, Debug, PartialEq)]
pub struct Credentials {
    /// The login (e.g. an e-mail address).
    pub login: String,
    /// The password. Never printed.
    pub password: Secret,
}

/// A signed-in user. The tokens stay inside the client that signed in.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SignedIn {
    /// The user's identifier, when the provider returns it.
    pub user: Option<String>,
    /// The auth provider that signed the user in, when returned.
    pub auth_provider: Option<String>,
}
