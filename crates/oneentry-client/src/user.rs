//! The signed-in user: signing in and out, and the stored token pair.
//!
//! The generated `auth`, `refresh`, `logout` and `logout_all` operations are raw calls
//! that leave the stored tokens alone; these methods call them and keep the client's state
//! (and the app, through the token callback) in step.

use payments_wire::CallExt;
use reqwest::StatusCode;

use crate::auth::TokenPair;
use crate::error::{OneEntryError, Refusal};
use crate::wire::Acknowledgement;
use crate::{Client, types};

impl Client {
    /// Signs a user in with an auth provider (`email`) and the project's form values
    /// (`[{marker: "email_reg", value: ..}, {marker: "password_reg", value: ..}]`),
    /// stores the token pair, makes `marker` the provider later refreshes and sign-outs
    /// use, and passes the pair to the token callback.
    pub async fn sign_in(
        &self,
        marker: &str,
        auth_data: Vec<types::AuthData>,
    ) -> Result<types::AuthEntity, OneEntryError> {
        let entity = self
            .auth()
            .marker(marker)
            .body(types::AuthRequest { auth_data })
            .send()
            .payload()
            .await?;
        self.inner
            .store_issued(TokenPair::from(&entity), Some(marker));
        tracing::info!(%marker, "OneEntry user signed in");
        Ok(entity)
    }

    /// Signs this device out (`logout` with the stored refresh token) and, when the API
    /// confirms, forgets the tokens. An expired access token is refreshed once first.
    /// The app should then delete any tokens it persisted.
    pub async fn sign_out(&self) -> Result<Acknowledgement, OneEntryError> {
        let tokens = self
            .tokens()
            .ok_or(OneEntryError::Refused(Refusal::NotSignedIn))?;
        let ack = match self.logout_with(&tokens).await {
            Err(first) if first.status() == Some(StatusCode::UNAUTHORIZED) => {
                let fresh = self
                    .inner
                    .renew(&self.client, &self.baseurl, Some(&tokens.access))
                    .await
                    .map_err(|_| first)?;
                self.logout_with(&fresh).await?
            }
            other => other?,
        };
        if ack.success {
            self.clear_tokens();
        }
        Ok(ack)
    }

    async fn logout_with(&self, tokens: &TokenPair) -> Result<Acknowledgement, OneEntryError> {
        self.logout()
            .marker(self.inner.marker())
            .body(types::RefreshTokenRequest {
                refresh_token: tokens.refresh.clone().into(),
            })
            .send()
            .payload()
            .await
    }

    /// Signs the user out on every device (`logoutAll`) and, when the API confirms,
    /// forgets the tokens.
    pub async fn sign_out_everywhere(&self) -> Result<Acknowledgement, OneEntryError> {
        if self.tokens().is_none() {
            return Err(OneEntryError::Refused(Refusal::NotSignedIn));
        }
        let ack = self
            .logout_all()
            .marker(self.inner.marker())
            .send()
            .payload()
            .await?;
        if ack.success {
            self.clear_tokens();
        }
        Ok(ack)
    }

    /// Refreshes the token pair now (normally the client does this on a 401), stores it
    /// and passes it to the token callback.
    pub async fn refresh_tokens(&self) -> Result<TokenPair, OneEntryError> {
        let current = self
            .tokens()
            .ok_or(OneEntryError::Refused(Refusal::NotSignedIn))?;
        self.inner
            .renew(&self.client, &self.baseurl, Some(&current.access))
            .await
    }

    /// Uses tokens obtained earlier (e.g. persisted by the app) from now on. They must
    /// have been issued under this client's device fingerprint.
    pub fn set_tokens(&self, tokens: TokenPair) {
        self.inner.set_tokens(Some(tokens), None);
    }

    /// Forgets the stored tokens (no API call).
    pub fn clear_tokens(&self) {
        self.inner.set_tokens(None, None);
    }

    /// The stored token pair, if a user is signed in.
    pub fn tokens(&self) -> Option<TokenPair> {
        self.inner.tokens()
    }

    /// The client's credentials and signed-in state.
    pub fn auth_state(&self) -> &crate::auth::Auth {
        &self.inner
    }
}
