//! `payments oneentry` commands: checkout, orders (a page, one), a payment session, the
//! payment accounts, and signing the configured user out. Each signs the configured user in first
//! (ONEENTRY_LOGIN and ONEENTRY_PASSWORD), unless tokens are configured.

use std::num::NonZeroU32;

use clap::Subcommand;
use oneentry_client::CallExt;
use oneentry_client::types::PaymentAccount;
use payments::{
    ErrorKind, NewOrder, NewSession, Order, OrderId, OrderLine, PageRequest, Payments,
    PaymentsError, Provider, Session, SessionId, SignedIn,
};
use serde_json::{Value, json};

use crate::args::{Output, PolicyArgs, WriteArgs, parse_id, parse_product};
use crate::connect::connect;
use crate::error::CliError;
use crate::live::Host;
use crate::ops::emit;
use crate::print;
use crate::render::{self, opt};
use crate::table::Table;
use crate::write::Write;

/// `payments oneentry ...`: orders, sessions, accounts, sign-out.
#[derive(Debug, Subcommand)]
pub enum OneEntryMore {
    /// A page of the orders in an order storage.
    #[command(after_help = "Example:\n  payments oneentry orders --limit 20 --output csv")]
    Orders {
        /// The order storage marker.
        #[arg(long, default_value = "orders")]
        storage: String,
        /// The page to show, from 0.
        #[arg(long, default_value_t = 0)]
        page: u32,
        /// Orders per page.
        #[arg(long, default_value = "30")]
        limit: NonZeroU32,
        /// Output format.
        #[command(flatten)]
        output: Output,
    },
    /// One order.
    #[command(after_help = "Example:\n  payments oneentry order 12 --json")]
    Order {
        /// The order's id.
        #[arg(value_parser = parse_id)]
        order_id: i64,
        /// The order storage marker.
        #[arg(long, default_value = "orders")]
        storage: String,
        /// Output format.
        #[command(flatten)]
        output: Output,
    },
    /// One payment session.
    #[command(after_help = "Example:\n  payments oneentry session 7")]
    Session {
        /// The session's id.
        #[arg(value_parser = parse_id)]
        session_id: i64,
        /// Output format.
        #[command(flatten)]
        output: Output,
    },
    /// The project's payment accounts (their secret settings are never printed).
    #[command(after_help = "Example:\n  payments oneentry accounts")]
    Accounts {
        /// Output format.
        #[command(flatten)]
        output: Output,
    },
    /// Sign in, create an order for the products and open a payment session for it.
    ///
    /// With --dry-run it shows the first request it would send (the sign-in, or the order
    /// when tokens are configured): each later one needs the answer of the one before.
    #[command(
        after_help = "Example:\n  payments oneentry checkout --product 14:2 --product 15 --dry-run"
    )]
    Checkout {
        /// A product and quantity, `ID` or `ID:QTY` (repeatable).
        #[arg(long = "product", required = true, value_parser = parse_product)]
        products: Vec<(i64, u32)>,
        /// The order storage marker.
        #[arg(long, default_value = "orders")]
        storage: String,
        /// The order form identifier.
        #[arg(long, default_value = "order")]
        form: String,
        /// The payment account identifier.
        #[arg(long, default_value = "cash")]
        account: String,
        /// The customer name written to the order form's `name` field.
        #[arg(long, default_value = "Christina Thomas")]
        name: String,
        /// Dry run and live mode.
        #[command(flatten)]
        write: WriteArgs,
        /// Output format.
        #[command(flatten)]
        output: Output,
    },
    /// Sign the configured user out of this device, or with --everywhere of every device.
    ///
    /// Signs in first when ONEENTRY_LOGIN is set; with ONEENTRY_ACCESS_TOKEN and
    /// ONEENTRY_REFRESH_TOKEN it signs those tokens out. With --dry-run it shows the first
    /// request it would send: the sign-in when it needs one (the sign-out needs the tokens
    /// that answers), else the sign-out.
    #[command(after_help = "Example:\n  payments oneentry sign-out --everywhere")]
    SignOut {
        /// Sign out of every device.
        #[arg(long)]
        everywhere: bool,
        /// Dry run and live mode.
        #[command(flatten)]
        write: WriteArgs,
        /// Output format.
        #[command(flatten)]
        output: Output,
    },
}

/// Runs a OneEntry command.
pub async fn run(command: OneEntryMore, policy: &PolicyArgs) -> Result<(), CliError> {
    match command {
        OneEntryMore::SignOut {
            everywhere,
            write,
            output,
        } => {
            let write = Write::new(policy, write, Host::OneEntry, output)?;
            let result = sign_out(write.payments(), everywhere).await;
            write.finish(result, |(user, message), output| {
                let scope = if everywhere {
                    "every device"
                } else {
                    "this device"
                };
                let mut t = Table::new(["user", "signed out of", "OneEntry's message"]);
                t.row(vec![opt(&user), scope.into(), opt(&message)]);
                let json =
                    json!({ "signed_out": true, "user": user, "scope": scope, "message": message });
                print::one(output, "Signed out of OneEntry".into(), t, json)
            })
        }
        OneEntryMore::Checkout {
            products,
            storage,
            form,
            account,
            name,
            write,
            output,
        } => {
            let write = Write::new(policy, write, Host::OneEntry, output)?;
            let order = NewOrder {
                storage,
                form_identifier: form,
                payment_account: account,
                form_fields: vec![("name".into(), name)],
                lines: products
                    .into_iter()
                    .map(|(product_id, quantity)| OrderLine {
                        product_id,
                        quantity,
                    })
                    .collect(),
            };
            let result = checkout(write.payments(), &order).await;
            write.finish(result, |(order, session), output| {
                emit(
                    output,
                    || {
                        vec![
                            (
                                "Order".into(),
                                render::orders_table(std::slice::from_ref(&order)),
                            ),
                            (
                                "Payment session".into(),
                                render::sessions_table(std::slice::from_ref(&session)),
                            ),
                        ]
                    },
                    || json!({ "order": render::order_json(&order), "session": render::session_json(&session) }),
                )
            })
        }
        OneEntryMore::Orders {
            storage,
            page,
            limit,
            output,
        } => {
            let payments = signed_in(policy).await?;
            let found = payments
                .orders()?
                .list_orders(&storage, PageRequest::new(page, limit))
                .await?;
            let title = format!(
                "{} of {} orders in `{storage}` (page {page}, {limit} a page)",
                found.items.len(),
                found.total_items.map_or("?".into(), |t| t.to_string())
            );
            let head = [
                ("storage", json!(storage)),
                ("total", json!(found.total_items)),
                ("page", json!(page)),
                ("limit", json!(limit.get())),
            ];
            print::page(
                output,
                title,
                render::orders_table(&found.items),
                &head,
                found.items.iter().map(render::order_json).collect(),
            )
        }
        OneEntryMore::Order {
            order_id,
            storage,
            output,
        } => {
            let payments = signed_in(policy).await?;
            let order = payments
                .orders()?
                .order(&storage, &OrderId::from(order_id))
                .await?;
            let table = render::orders_table(std::slice::from_ref(&order));
            print::one(output, String::new(), table, render::order_json(&order))
        }
        OneEntryMore::Session { session_id, output } => {
            let payments = signed_in(policy).await?;
            let session = payments
                .sessions()?
                .session(&SessionId::from(session_id))
                .await?;
            let table = render::sessions_table(std::slice::from_ref(&session));
            print::one(output, String::new(), table, render::session_json(&session))
        }
        OneEntryMore::Accounts { output } => {
            let payments = signed_in(policy).await?;
            let accounts = payments
                .oneentry()?
                .client()
                .get_accounts()
                .send()
                .payload()
                .await
                .map_err(oneentry_error)?;
            let json = Value::Array(accounts.iter().map(account_json).collect());
            print::one(output, String::new(), accounts_table(&accounts), json)
        }
    }
}

/// The facade with the configured user signed in (when a login is configured).
async fn signed_in(policy: &PolicyArgs) -> Result<Payments, CliError> {
    let payments = connect(policy)?;
    payments.sign_in_configured().await?;
    Ok(payments)
}

/// Signs the configured user in (when a login is configured), creates the order and opens
/// a payment session for it.
async fn checkout(payments: &Payments, order: &NewOrder) -> Result<(Order, Session), CliError> {
    payments.sign_in_configured().await?;
    let order = payments.orders()?.create_order(order).await?;
    let session = payments
        .sessions()?
        .create_session(&NewSession::checkout(order.id.clone()))
        .await?;
    Ok((order, session))
}

/// Signs the configured user in (when a login is configured), then out; the user and
/// OneEntry's message.
async fn sign_out(
    payments: &Payments,
    everywhere: bool,
) -> Result<(Option<String>, Option<String>), CliError> {
    let signed_in: Option<SignedIn> = payments.sign_in_configured().await?;
    let client = payments.oneentry()?.client();
    let ack = if everywhere {
        client.sign_out_everywhere().await
    } else {
        client.sign_out().await
    }
    .map_err(oneentry_error)?;
    if !ack.success {
        return Err(CliError::Provider(PaymentsError::new(
            Provider::OneEntry,
            ErrorKind::Rejected,
            format!(
                "OneEntry did not confirm the sign-out{}",
                ack.message.map(|m| format!(": {m}")).unwrap_or_default()
            ),
        )));
    }
    Ok((signed_in.and_then(|s| s.user), ack.message))
}

/// Payment accounts as a table.
fn accounts_table(accounts: &[PaymentAccount]) -> Table {
    let mut t = Table::new([
        "account",
        "identifier",
        "type",
        "visible",
        "used",
        "test mode",
        "status",
        "test status",
    ]);
    for a in accounts {
        t.row(vec![
            a.id.to_string().into(),
            a.identifier.clone().into(),
            a.type_.to_string().into(),
            opt(&a.is_visible),
            opt(&a.is_used),
            opt(&a.test_mode),
            opt(&a.settings.as_ref().and_then(|s| s.status.clone())),
            opt(&a.test_settings.as_ref().and_then(|s| s.status.clone())),
        ]);
    }
    t
}

/// A payment account as JSON, without its settings' secrets (the signing key) and URLs.
fn account_json(a: &PaymentAccount) -> Value {
    json!({
        "id": a.id,
        "identifier": a.identifier,
        "type": a.type_.to_string(),
        "is_visible": a.is_visible,
        "is_used": a.is_used,
        "test_mode": a.test_mode,
        "status": a.settings.as_ref().and_then(|s| s.status.as_ref()).map(ToString::to_string),
        "test_status": a.test_settings.as_ref().and_then(|s| s.status.as_ref()).map(ToString::to_string),
        "updated_at": a.updated_date.map(|d| d.to_rfc3339()),
    })
}

/// A OneEntry client error as the facade reports errors (kind, message, code, status).
fn oneentry_error(error: oneentry_client::OneEntryError) -> CliError {
    CliError::Provider(payments::from_client(Provider::OneEntry, error))
}
