//! A OneEntry checkout against the embedded sandbox (no account needed): sign a user in,
//! create an order, open a payment session for it, read the order's sessions, sign out.
//!
//! ```sh
//! cargo run --example oneentry_checkout
//! ```
//!
//! Against a real project, build the config from its URL and app token instead.

use oneentry_client::wire::SessionType;
use oneentry_client::{BaseUrl, CallExt, Client, OneEntryConfig, types};
use payments_sandbox::Sandbox;
use serde_json::json;

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let sandbox = Sandbox::start().await?;
    let info = &sandbox.info().oneentry;
    let mut config = OneEntryConfig::new(BaseUrl::parse(&info.url)?);
    config.app_token = Some(info.app_token.clone().into());
    let client = Client::from_config(&config)?;

    // The auth provider's form fields carry the login and the password; the client keeps
    // the token pair and refreshes it on a 401.
    let user = client
        .sign_in(
            &info.auth_marker,
            vec![
                types::AuthData {
                    marker: info.login_field.clone(),
                    value: info.login.clone().into(),
                },
                types::AuthData {
                    marker: info.password_field.clone(),
                    value: info.password.clone().into(),
                },
            ],
        )
        .await?;
    println!("signed in as user {:?}", user.user_identifier);

    let order = client
        .create_order()
        .marker(&info.order_storage_marker)
        .body(types::OrderRequest {
            form_identifier: info.form_identifier.clone(),
            payment_account_identifier: info.payment_account_identifier.clone(),
            form_data: client.form_data(vec![types::FormField::new(
                "name",
                "string",
                json!("Christina Thomas"),
            )]),
            products: vec![types::OrderProductRequest {
                product_id: info.product_id,
                quantity: 2,
                signed_price: None,
            }],
            coupon_code: None,
            additional_discounts_markers: vec![],
            bonus_amount: None,
        })
        .send()
        .payload()
        .await?;
    println!(
        "order {} costs {} {:?}",
        order.id, order.total_sum, order.currency
    );

    let session = client
        .create_session()
        .body_map(|body| body.order_id(order.id).type_(SessionType::Session))
        .send()
        .payload()
        .await?;
    println!(
        "session {} is {}; pay at {:?}",
        session.id, session.status, session.payment_url
    );

    for s in client
        .get_session_by_order_id()
        .order_id(order.id)
        .send()
        .payload()
        .await?
    {
        println!("order {} has session {} ({})", order.id, s.id, s.status);
    }

    client.sign_out().await?;
    println!("signed out");
    sandbox.shutdown().await;
    Ok(())
}
