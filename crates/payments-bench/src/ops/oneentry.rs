//! OneEntry: one payment session by id, with a configured token pair (no sign-in per call).

use oneentry_client::{CallExt, Client, OneEntryConfig, TokenPair, types};
use payments::{BaseUrl, OneEntrySettings, Payments, PaymentsConfig, Session, SessionId};

use crate::failure::{Failure, fail};
use crate::fixtures::{
    ONEENTRY_ACCESS_TOKEN, ONEENTRY_APP_TOKEN, ONEENTRY_REFRESH_TOKEN, ONEENTRY_SESSION_ID,
};
use crate::hand;
use crate::ops::operation::{Operation, ensure};

/// Session [`ONEENTRY_SESSION_ID`], through each layer.
pub struct OneEntrySession {
    hand: hand::oneentry::OneEntry,
    client: Client,
    facade: Payments,
    session: SessionId,
}

impl OneEntrySession {
    /// The three callers of the project at `base`, each signed in with the same tokens.
    pub fn new(base: &BaseUrl) -> Result<Self, Failure> {
        let mut config = OneEntryConfig::new(base.clone());
        config.app_token = Some(ONEENTRY_APP_TOKEN.into());
        config.tokens = Some(TokenPair::new(
            ONEENTRY_ACCESS_TOKEN,
            ONEENTRY_REFRESH_TOKEN,
        ));
        let mut settings = OneEntrySettings::new(base.clone());
        settings.client = config.clone();
        let facade = PaymentsConfig::builder()
            .oneentry(settings)
            .build()
            .map_err(fail)?;
        Ok(Self {
            hand: hand::oneentry::OneEntry::new(
                hand::wire::http_client()?,
                base.as_str(),
                ONEENTRY_APP_TOKEN,
                ONEENTRY_ACCESS_TOKEN,
            )?,
            client: Client::from_config(&config).map_err(fail)?,
            facade: Payments::new(facade).map_err(fail)?,
            session: SessionId::from(ONEENTRY_SESSION_ID),
        })
    }
}

impl Operation for OneEntrySession {
    type Hand = hand::oneentry::Session;
    type Client = types::PaymentSession;
    type Facade = Session;

    const TITLE: &'static str = "OneEntry payment session by id";
    const REQUEST: &'static str = "GET /api/content/payments/sessions/46 (bearer token)";
    const CLIENT: &'static str = "oneentry-client";

    async fn hand(&self) -> Result<Self::Hand, Failure> {
        self.hand.session(ONEENTRY_SESSION_ID).await
    }

    async fn client(&self) -> Result<Self::Client, Failure> {
        self.client
            .get_session_by_id()
            .id(ONEENTRY_SESSION_ID)
            .send()
            .payload()
            .await
            .map_err(fail)
    }

    async fn facade(&self) -> Result<Self::Facade, Failure> {
        self.facade
            .sessions()
            .map_err(fail)?
            .session(&self.session)
            .await
            .map_err(fail)
    }

    fn check(&self, client: &Self::Client, facade: &Self::Facade) -> Result<(), Failure> {
        ensure(client.id == ONEENTRY_SESSION_ID, "the session served")?;
        ensure(facade.id.as_str() == client.id.to_string(), "the id")?;
        ensure(facade.raw_status == client.status.as_str(), "the status")?;
        ensure(
            facade.amount.as_ref().map(|m| m.amount) == client.amount,
            "the amount",
        )?;
        ensure(facade.payment_url == client.payment_url, "the payment URL")?;
        ensure(
            facade.order_id.as_ref().map(|o| o.as_str().to_string())
                == client.order_id.map(|o| o.to_string()),
            "the order",
        )?;
        ensure(
            facade.created_at == client.created_date && facade.updated_at == client.updated_date,
            "the dates",
        )
    }
}
