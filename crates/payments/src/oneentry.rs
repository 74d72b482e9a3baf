//! OneEntry adapter: user sign-in, orders, payment sessions.

use async_trait::async_trait;
use oneentry_client::wire::SecretString;
use oneentry_client::{CallExt, Client, OneEntryError, types};
use payments_core::{
    Credentials, Money, NewOrder, NewSession, Order, OrderId, OrderLine, Orders, Page, PageRequest,
    Paged, Paging, PaymentSessions, PaymentsError, Provider, Result, Session, SessionId, SignedIn,
    UserSignIn,
};

use crate::client_error::{from_client, invalid_input, may_have};
use crate::config::OneEntrySettings;
use crate::convert::currency;
use crate::input::{numeric_id, path_name};
use crate::mapping::ToShared;
use crate::mapping::oneentry::session_type;

const P: Provider = Provider::OneEntry;

/// OneEntry behind the core capability traits.
#[derive(Debug)]
pub struct OneEntry {
    client: Client,
    login_field: String,
    password_field: String,
    marker: String,
    sign_in: Option<Credentials>,
    paging: Paging,
}

impl OneEntry {
    /// Builds the client (with the configured tokens, if any) with the default
    /// [`Paging`]; no request is sent.
    pub fn new(settings: &OneEntrySettings) -> Result<Self, payments_wire::ConfigError> {
        Ok(Self {
            client: Client::from_config(&settings.client)?,
            login_field: settings.login_field.clone(),
            password_field: settings.password_field.clone(),
            marker: settings.client.auth_provider_marker.clone(),
            sign_in: settings.sign_in.clone(),
            paging: Paging::default(),
        })
    }

    /// The same adapter, its order and session streams fetching pages as `paging` says.
    pub fn with_paging(self, paging: Paging) -> Self {
        Self { paging, ..self }
    }

    /// The generated client, for everything OneEntry offers beyond the core traits.
    pub fn client(&self) -> &Client {
        &self.client
    }

    /// Signs in with the configured login and password, if the configuration has them.
    pub async fn sign_in_configured(&self) -> Result<Option<SignedIn>> {
        match &self.sign_in {
            Some(credentials) => Ok(Some(self.sign_in(credentials).await?)),
            None => Ok(None),
        }
    }

    /// Lists `limit` payment sessions after skipping `offset` (OneEntry's own paging).
    pub async fn list_sessions_at(&self, offset: u64, limit: u32) -> Result<Page<Session>> {
        let page = self
            .client
            .get_sessions()
            .offset(i64::try_from(offset).map_err(|_| invalid_input(P, "offset out of range"))?)
            .limit(i64::from(limit))
            .send()
            .payload()
            .await
            .map_err(error)?;
        let size = std::num::NonZeroU32::new(limit.max(1)).unwrap_or(std::num::NonZeroU32::MIN);
        Ok(Page {
            items: page.items.into_iter().map(session).collect(),
            request: PageRequest::new(
                u32::try_from(offset / u64::from(size.get())).unwrap_or(u32::MAX),
                size,
            ),
            total_items: u64::try_from(page.total).ok(),
            total_pages: None,
        })
    }
}

/// A OneEntry error as a [`PaymentsError`].
fn error(e: OneEntryError) -> PaymentsError {
    from_client(P, e)
}

fn session(s: types::PaymentSession) -> Session {
    Session {
        id: SessionId::from(s.id),
        kind: s.type_.to_shared(),
        status: s.status.to_shared(),
        raw_status: s.status.into_raw(),
        order_id: s.order_id.map(OrderId::from),
        payment_account_id: s.payment_account_id.map(|a| a.to_string()),
        payment_url: s.payment_url,
        client_secret: s.client_secret.map(SecretString::into_secret),
        // Sessions state an amount without a currency.
        amount: s.amount.map(payments_core::Money::without_currency),
        created_at: s.created_date,
        updated_at: s.updated_date,
    }
}

/// A product quantity; OneEntry never sends a negative one, and one that does not fit is
/// reported rather than passed on.
fn quantity(q: i64) -> u32 {
    u32::try_from(q).unwrap_or_else(|_| {
        tracing::warn!(
            quantity = q,
            "OneEntry sent an out-of-range product quantity; using 0"
        );
        0
    })
}

/// An order in core terms, from either shape OneEntry answers with (a created order and a
/// read one differ only in the name of the product id field).
macro_rules! order {
    ($storage:expr, $order:expr, $product_id:ident) => {{
        let o = $order;
        Order {
            id: OrderId::from(o.id),
            storage: $storage.to_string(),
            total: Money {
                amount: o.total_sum,
                currency: currency(P, o.currency.as_deref()),
            },
            payment_account: o.payment_account_identifier,
            status: o.status_identifier,
            lines: o
                .products
                .iter()
                .map(|p| OrderLine {
                    product_id: p.$product_id,
                    quantity: quantity(p.quantity),
                })
                .collect(),
            created_at: o.created_date,
        }
    }};
}

fn created_order(storage: &str, o: types::CreatedOrder) -> Order {
    order!(storage, o, product_id)
}

fn read_order(storage: &str, o: types::Order) -> Order {
    order!(storage, o, id)
}

impl Paged for OneEntry {
    fn paging(&self) -> Paging {
        self.paging
    }
}

#[async_trait]
impl UserSignIn for OneEntry {
    async fn sign_in(&self, credentials: &Credentials) -> Result<SignedIn> {
        let auth_data = vec![
            types::AuthData {
                marker: self.login_field.clone(),
                value: SecretString::new(credentials.login.clone()),
            },
            types::AuthData {
                marker: self.password_field.clone(),
                value: SecretString::from(credentials.password.clone()),
            },
        ];
        let entity = self
            .client
            .sign_in(&self.marker, auth_data)
            .await
            .map_err(error)?;
        Ok(SignedIn {
            user: entity.user_identifier,
            auth_provider: entity.auth_provider_identifier,
        })
    }

    async fn sign_out(&self) -> Result<()> {
        self.client.sign_out().await.map_err(error)?;
        Ok(())
    }
}

#[async_trait]
impl Orders for OneEntry {
    async fn create_order(&self, order: &NewOrder) -> Result<Order> {
        if order.lines.is_empty() {
            return Err(invalid_input(P, "an order needs at least one product"));
        }
        if let Some(line) = order.lines.iter().find(|l| l.quantity == 0) {
            return Err(invalid_input(
                P,
                format!(
                    "the quantity of product {} must be above zero",
                    line.product_id
                ),
            ));
        }
        path_name(P, "order storage marker", &order.storage)?;
        let fields = order
            .form_fields
            .iter()
            .map(|(marker, value)| {
                types::FormField::new(
                    marker.clone(),
                    "string",
                    serde_json::Value::String(value.clone()),
                )
            })
            .collect();
        let body = types::OrderRequest {
            additional_discounts_markers: Vec::new(),
            bonus_amount: None,
            coupon_code: None,
            form_data: self.client.form_data(fields),
            form_identifier: order.form_identifier.clone(),
            payment_account_identifier: order.payment_account.clone(),
            products: order
                .lines
                .iter()
                .map(|l| types::OrderProductRequest {
                    product_id: l.product_id,
                    quantity: i64::from(l.quantity),
                    signed_price: None,
                })
                .collect(),
        };
        let created = self
            .client
            .create_order()
            .marker(order.storage.clone())
            .body(body)
            .send()
            .payload()
            .await
            .map_err(|e| {
                let what = format!(
                    "the order may exist (list the orders of `{}` to find out)",
                    order.storage
                );
                may_have(error(e), &what, None)
            })?;
        Ok(created_order(&order.storage, created))
    }

    async fn order(&self, storage: &str, id: &OrderId) -> Result<Order> {
        path_name(P, "order storage marker", storage)?;
        let id = numeric_id(P, "order", id.as_str())?;
        let o = self
            .client
            .get_order_by_marker_and_id()
            .marker(storage.to_string())
            .id(id)
            .send()
            .payload()
            .await
            .map_err(error)?;
        Ok(read_order(storage, o))
    }

    async fn list_orders(&self, storage: &str, page: PageRequest) -> Result<Page<Order>> {
        path_name(P, "order storage marker", storage)?;
        let offset =
            i64::try_from(page.offset()).map_err(|_| invalid_input(P, "offset out of range"))?;
        let list = self
            .client
            .get_all_orders_by_marker()
            .marker(storage.to_string())
            .offset(offset)
            .limit(i64::from(page.size()))
            .send()
            .payload()
            .await
            .map_err(error)?;
        Ok(Page {
            items: list
                .items
                .into_iter()
                .map(|o| read_order(storage, o))
                .collect(),
            request: page,
            total_items: u64::try_from(list.total).ok(),
            total_pages: None,
        })
    }
}

#[async_trait]
impl PaymentSessions for OneEntry {
    async fn create_session(&self, new: &NewSession) -> Result<Session> {
        let order_id = numeric_id(P, "order", new.order_id.as_str())?;
        let type_ = session_type(&new.kind);
        let s = self
            .client
            .create_session()
            .body(types::CreateSessionRequest {
                automatic_tax_enabled: new.automatic_tax,
                order_id,
                type_,
            })
            .send()
            .payload()
            .await
            .map_err(|e| {
                let what = "the payment session may exist (list the order's sessions to find out)";
                may_have(error(e), what, Some(new.order_id.as_str()))
            })?;
        Ok(session(s))
    }

    async fn session(&self, id: &SessionId) -> Result<Session> {
        let id = numeric_id(P, "session", id.as_str())?;
        let s = self
            .client
            .get_session_by_id()
            .id(id)
            .send()
            .payload()
            .await
            .map_err(error)?;
        Ok(session(s))
    }

    async fn sessions_for_order(&self, order: &OrderId) -> Result<Vec<Session>> {
        let id = numeric_id(P, "order", order.as_str())?;
        let all = self
            .client
            .get_session_by_order_id()
            .order_id(id)
            .send()
            .payload()
            .await
            .map_err(error)?;
        Ok(all.into_vec().into_iter().map(session).collect())
    }

    async fn list_sessions(&self, page: PageRequest) -> Result<Page<Session>> {
        let mut out = self.list_sessions_at(page.offset(), page.size()).await?;
        out.request = page;
        Ok(out)
    }
}
