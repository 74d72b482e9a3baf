//! `Debug` (plain and `{:#?}`) and `Display` of every public type that holds a secret, and
//! every error message built from one, show none of it: one table, one secret per row.
//!
//! Rows cover configuration (each client's and the facade's), credentials, clients and
//! their signed-in state, request and response bodies that carry a secret, configuration
//! errors raised by a bad secret or a URL with credentials, and the errors a provider
//! answers to wrong credentials (through real HTTP to the sandbox).

use std::fmt::{Debug, Display};

use payments::{
    ApiKeys, BaseUrl, CraftgateConfig, Credentials, NewOrder, NewSession, OneEntryConfig,
    OneEntrySettings, OrderLine, PaymentId, PaymentRef, Payments, PaymentsConfig, PaywallConfig,
    Provider, Secret, SessionKind, TokenPair,
};
use payments_sandbox::Sandbox;
use progenitor_client::ClientInfo;

mod common;

/// A secret no formatting should ever show; each row uses it (or a variant) where a
/// secret goes.
const S: &str = "s3cr3t-Zq8Xw3Lm9Pd2Rt7Kv4Nc";

/// One row: what is printed, and how.
struct Row {
    name: &'static str,
    debug: String,
    pretty: String,
    display: Option<String>,
}

fn debug_row(name: &'static str, value: &impl Debug) -> Row {
    Row {
        name,
        debug: format!("{value:?}"),
        pretty: format!("{value:#?}"),
        display: None,
    }
}

fn full_row(name: &'static str, value: &(impl Debug + Display)) -> Row {
    Row {
        display: Some(value.to_string()),
        ..debug_row(name, value)
    }
}

/// Checks every row against every secret; reports all leaks at once.
fn assert_no_leaks(rows: &[Row], secrets: &[&str]) {
    let mut leaks = Vec::new();
    for row in rows {
        for (how, text) in [
            ("Debug", Some(&row.debug)),
            ("{:#?}", Some(&row.pretty)),
            ("Display", row.display.as_ref()),
        ] {
            let Some(text) = text else { continue };
            for secret in secrets {
                if text.contains(secret) {
                    leaks.push(format!("{} ({how}) shows {secret:?}: {text}", row.name));
                }
            }
        }
    }
    assert!(leaks.is_empty(), "leaks:\n{}", leaks.join("\n"));
}

fn url(raw: &str) -> BaseUrl {
    BaseUrl::parse(raw).unwrap()
}

fn oneentry_config() -> OneEntryConfig {
    let mut config = OneEntryConfig::new(url("https://project.oneentry.cloud"));
    config.app_token = Some(Secret::new(format!("{S}-app")));
    config.tokens = Some(TokenPair::new(
        format!("{S}-access"),
        format!("{S}-refresh"),
    ));
    config
}

fn paywall_config() -> PaywallConfig {
    PaywallConfig::test()
        .with_public_keys(format!("{S}-pk"), format!("{S}-pc"))
        .with_private_keys(format!("{S}-xk"), format!("{S}-xc"))
}

fn craftgate_config() -> CraftgateConfig {
    CraftgateConfig::sandbox(format!("{S}-api"), format!("{S}-secret"))
}

fn facade_config() -> PaymentsConfig {
    let mut oneentry = OneEntrySettings::new(url("https://project.oneentry.cloud"));
    oneentry.client = oneentry_config();
    oneentry.sign_in = Some(Credentials {
        login: "user@example.com".into(),
        password: Secret::new(format!("{S}-password")),
    });
    PaymentsConfig::builder()
        .oneentry(oneentry)
        .paywall(paywall_config())
        .craftgate(craftgate_config())
        .build()
        .unwrap()
}

/// Values built offline: configuration, credentials, clients, bodies, config errors.
fn offline_rows() -> Vec<Row> {
    use craftgate_client::Client as Craftgate;
    use oneentry_client::Client as OneEntry;
    use oneentry_client::types as oe;
    use paywall_client::Client as Paywall;

    let secret = Secret::new(S);
    let oneentry = OneEntry::from_config(&oneentry_config()).unwrap();
    let paywall = Paywall::from_config(&paywall_config()).unwrap();
    let craftgate = Craftgate::from_config(&craftgate_config()).unwrap();
    let payments = Payments::new(facade_config()).unwrap();

    let sign_in_body = oe::AuthRequest {
        auth_data: vec![oe::AuthData {
            marker: "password_reg".into(),
            value: S.into(),
        }],
    };
    let auth_entity: oe::AuthEntity = serde_json::from_value(serde_json::json!({
        "accessToken": format!("{S}-access"), "refreshToken": format!("{S}-refresh"),
    }))
    .unwrap();
    let session: oe::PaymentSession = serde_json::from_value(serde_json::json!({
        "id": 1, "status": "waiting", "type": "intent", "lineItems": [],
        "clientSecret": format!("pi_1_secret_{S}"),
    }))
    .unwrap();
    let account: oe::PaymentAccount = serde_json::from_value(serde_json::json!({
        "id": 1, "identifier": "stripe", "type": "stripe",
        "testMode": true, "isVisible": true, "isUsed": true,
        "settings": {"signingSecretKey": S},
    }))
    .unwrap();
    let card: paywall_client::types::PaymentCard =
        serde_json::from_value(serde_json::json!({"TempCardToken": S})).unwrap();

    let bad_token = {
        let mut config = oneentry_config();
        config.app_token = Some(Secret::new(format!("{S}\r\nx-injected: 1")));
        OneEntry::from_config(&config).unwrap_err()
    };
    let bad_key = Paywall::from_config(&paywall_config().with_public_keys(format!("{S}\n"), "c"))
        .unwrap_err();
    let bad_api_key =
        Craftgate::from_config(&CraftgateConfig::sandbox(format!("{S}\u{7f}"), "s")).unwrap_err();
    let url_with_password =
        BaseUrl::parse(&format!("https://user:{S}@api.example.com")).unwrap_err();
    let url_with_user = BaseUrl::parse(&format!("https://{S}@api.example.com")).unwrap_err();
    let env_error = PaymentsConfig::from_lookup(|name| match name {
        "CRAFTGATE_BASE_URL" => Some(format!("https://key:{S}@api.craftgate.io")),
        "CRAFTGATE_API_KEY" => Some(format!("{S}-api")),
        "CRAFTGATE_SECRET_KEY" => Some(format!("{S}-secret")),
        _ => None,
    })
    .unwrap_err();
    let env_bad_header = Payments::new(
        PaymentsConfig::builder()
            .craftgate(CraftgateConfig::sandbox(format!("{S}\n"), "s"))
            .build()
            .unwrap(),
    )
    .unwrap_err();

    vec![
        full_row("Secret", &secret),
        full_row(
            "oneentry wire::SecretString",
            &oneentry_client::wire::SecretString::from(S),
        ),
        full_row(
            "paywall wire::SensitiveText",
            &paywall_client::wire::SensitiveText::from(S),
        ),
        debug_row("TokenPair", &TokenPair::new(S, S)),
        debug_row(
            "Credentials",
            &Credentials {
                login: "user".into(),
                password: Secret::new(S),
            },
        ),
        debug_row("OneEntryConfig", &oneentry_config()),
        debug_row("paywall ApiKeys", &ApiKeys::new(S, S)),
        debug_row("PaywallConfig", &paywall_config()),
        debug_row("CraftgateConfig", &craftgate_config()),
        debug_row("OneEntrySettings", &facade_config().oneentry),
        debug_row("PaymentsConfig", &facade_config()),
        debug_row("oneentry Auth (client state)", oneentry.inner()),
        debug_row("paywall Auth (client state)", paywall.inner()),
        debug_row("craftgate Auth (client state)", craftgate.inner()),
        debug_row("Payments", &payments),
        debug_row("oneentry AuthRequest", &sign_in_body),
        debug_row("oneentry AuthEntity", &auth_entity),
        debug_row(
            "oneentry RefreshTokenRequest",
            &oe::RefreshTokenRequest {
                refresh_token: S.into(),
            },
        ),
        debug_row("oneentry PaymentSession", &session),
        debug_row("oneentry PaymentAccount", &account),
        debug_row("paywall PaymentCard", &card),
        full_row("oneentry ConfigError (app token not a header)", &bad_token),
        full_row("paywall ConfigError (key not a header)", &bad_key),
        full_row("craftgate ConfigError (key not a header)", &bad_api_key),
        full_row("BaseUrlError (user:password@)", &url_with_password),
        full_row("BaseUrlError (user@)", &url_with_user),
        full_row("facade ConfigError (env URL with credentials)", &env_error),
        full_row("facade ConfigError (key not a header)", &env_bad_header),
    ]
}

#[test]
fn offline_values_show_no_secret() {
    assert_no_leaks(&offline_rows(), &[S]);
}

/// The errors each provider's wrong-credential answer becomes, and a signed-in facade's
/// state and a session with a client secret, all through real HTTP to the sandbox.
#[tokio::test]
async fn errors_and_signed_in_state_show_no_secret() {
    let sandbox = Sandbox::start().await.unwrap();
    let info = sandbox.info().clone();
    let wrong = |f: &dyn Fn(&mut PaymentsConfig)| {
        let mut config = common::config(&info);
        f(&mut config);
        Payments::new(config).unwrap()
    };
    let mut rows = Vec::new();

    let oneentry = wrong(&|c| {
        if let Some(o) = c.oneentry.as_mut() {
            o.client.app_token = Some(Secret::new(format!("{S}-app")));
        }
    });
    let credentials = Credentials {
        login: info.oneentry.login.clone(),
        password: Secret::new(info.oneentry.password.clone()),
    };
    let e = oneentry
        .users()
        .unwrap()
        .sign_in(&credentials)
        .await
        .unwrap_err();
    rows.push(full_row("PaymentsError (OneEntry wrong app token)", &e));

    let good = Payments::new(common::config(&info)).unwrap();
    let e = good
        .users()
        .unwrap()
        .sign_in(&Credentials {
            login: info.oneentry.login.clone(),
            password: Secret::new(format!("{S}-password")),
        })
        .await
        .unwrap_err();
    rows.push(full_row("PaymentsError (OneEntry wrong password)", &e));

    let paywall = wrong(&|c| {
        c.paywall = c
            .paywall
            .take()
            .map(|p| p.with_public_keys(format!("{S}-pk"), format!("{S}-pc")));
    });
    let e = paywall
        .bulk()
        .unwrap()
        .bulk_summary(&info.paywall.bulk_merchant_unique_code)
        .await
        .unwrap_err();
    rows.push(full_row("PaymentsError (Paywall wrong keys)", &e));

    let craftgate = wrong(&|c| {
        c.craftgate = Some(
            CraftgateConfig::new(format!("{S}-api"), format!("{S}-secret"))
                .with_base_url(url(&info.craftgate.base_url)),
        );
    });
    let payment = PaymentRef::Id(PaymentId::new(info.craftgate.payment_id.to_string()));
    let e = craftgate
        .lookup(Provider::Craftgate)
        .unwrap()
        .payment(&payment)
        .await
        .unwrap_err();
    rows.push(full_row("PaymentsError (Craftgate wrong keys)", &e));

    // Signed in: the facade and its OneEntry client hold live tokens; a Stripe intent
    // session holds a client secret.
    good.users().unwrap().sign_in(&credentials).await.unwrap();
    let order = good
        .orders()
        .unwrap()
        .create_order(&NewOrder {
            storage: info.oneentry.order_storage_marker.clone(),
            form_identifier: info.oneentry.form_identifier.clone(),
            payment_account: "stripe".into(),
            form_fields: vec![],
            lines: vec![OrderLine {
                product_id: info.oneentry.product_id,
                quantity: 1,
            }],
        })
        .await
        .unwrap();
    let session = good
        .sessions()
        .unwrap()
        .create_session(&NewSession {
            kind: SessionKind::Intent,
            ..NewSession::checkout(order.id.clone())
        })
        .await
        .unwrap();
    assert!(
        session.client_secret.is_some(),
        "an intent has a client secret"
    );
    rows.push(debug_row("Session (with a client secret)", &session));
    rows.push(debug_row("Payments (signed in)", &good));
    rows.push(debug_row(
        "oneentry Auth (signed in)",
        good.oneentry().unwrap().client().inner(),
    ));
    rows.push(debug_row("Sandbox", &sandbox));
    rows.push(debug_row("SandboxInfo", sandbox.info()));
    rows.push(debug_row("OneEntryControl", sandbox.oneentry()));
    rows.push(debug_row("PaywallControl", sandbox.paywall()));
    rows.push(debug_row("CraftgateControl", sandbox.craftgate()));

    let mut secrets: Vec<String> = sandbox.secrets();
    secrets.push(S.to_string());
    let issued = secrets
        .iter()
        .filter(|s| s.starts_with("eyJ") || s.starts_with("pi_"))
        .count();
    assert_eq!(
        issued, 2,
        "one sign-in issued an access token, one intent a client secret"
    );
    let secrets: Vec<&str> = secrets.iter().map(String::as_str).collect();
    assert_no_leaks(&rows, &secrets);
}

/// The check itself: a row that shows a secret is reported.
#[test]
#[should_panic(expected = "shows")]
fn a_leaking_row_is_reported() {
    assert_no_leaks(&[debug_row("plain String", &S.to_string())], &[S]);
}
