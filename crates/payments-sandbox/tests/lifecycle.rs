//! Starting, describing and stopping the sandbox.

use std::net::{IpAddr, Ipv4Addr, TcpListener};
use std::time::Duration;

use payments_sandbox::{Sandbox, SandboxConfig, SandboxError};
use serde_json::Value;

fn keys(value: &Value) -> Vec<String> {
    value.as_object().expect("object").keys().cloned().collect()
}

fn port_of(url: &str) -> u16 {
    url.rsplit(':')
        .next()
        .and_then(|p| p.parse().ok())
        .expect("url ends in a port")
}

#[tokio::test]
async fn info_serialises_to_the_documented_shape() {
    let sandbox = Sandbox::start().await.unwrap();
    let json: Value = serde_json::to_value(sandbox.info()).unwrap();
    assert_eq!(keys(&json), ["oneentry", "paywall", "craftgate", "control"]);
    assert_eq!(
        keys(&json["oneentry"]),
        [
            "url",
            "app_token",
            "auth_marker",
            "login_field",
            "password_field",
            "login",
            "password",
            "order_storage_marker",
            "form_identifier",
            "payment_account_identifier",
            "product_id",
        ]
    );
    assert_eq!(
        keys(&json["paywall"]),
        [
            "payment_api_url",
            "private_api_url",
            "api_key_public",
            "api_client_public",
            "api_key_private",
            "api_client_private",
            "bulk_merchant_unique_code",
            "webhook_hash_key",
        ]
    );
    assert_eq!(
        keys(&json["craftgate"]),
        [
            "base_url",
            "api_key",
            "secret_key",
            "payment_id",
            "webhook_key"
        ]
    );
    assert_eq!(
        keys(&json["control"]),
        ["url", "push_time_scale", "push_attempt_timeout_ms"]
    );
    assert_eq!(json["control"]["push_attempt_timeout_ms"], 10_000);
    assert!(json["oneentry"]["product_id"].is_i64());
    assert!(json["craftgate"]["payment_id"].is_i64());
    let info = sandbox.info();
    assert_eq!(info.oneentry.auth_marker, "email");
    assert_eq!(info.oneentry.login_field, "email_reg");
    assert_eq!(info.oneentry.password_field, "password_reg");
    assert_eq!(info.oneentry.order_storage_marker, "orders");
    let urls = [
        &info.oneentry.url,
        &info.paywall.payment_api_url,
        &info.paywall.private_api_url,
        &info.craftgate.base_url,
        &info.control.url,
    ];
    for url in urls {
        assert!(
            url.starts_with("http://127.0.0.1:") && !url.ends_with('/'),
            "{url}"
        );
        assert_ne!(port_of(url), 0);
    }
    // Five listeners, five ports; the info round-trips.
    let mut ports: Vec<u16> = urls.iter().map(|u| port_of(u)).collect();
    ports.sort_unstable();
    ports.dedup();
    assert_eq!(ports.len(), 5);
    let line = serde_json::to_string(info).unwrap();
    assert!(!line.contains('\n'));
    assert_eq!(
        &serde_json::from_str::<payments_sandbox::SandboxInfo>(&line).unwrap(),
        info
    );
}

#[tokio::test]
async fn debug_never_shows_secrets() {
    let sandbox = Sandbox::start().await.unwrap();
    let info = sandbox.info();
    let secrets = [
        &info.oneentry.app_token,
        &info.oneentry.password,
        &info.paywall.api_key_public,
        &info.paywall.api_client_public,
        &info.paywall.api_key_private,
        &info.paywall.api_client_private,
        &info.craftgate.api_key,
        &info.craftgate.secret_key,
        &info.craftgate.webhook_key,
        &info.paywall.webhook_hash_key,
    ];
    for shown in [
        format!("{info:?}"),
        format!("{sandbox:?}"),
        format!("{:?}", sandbox.paywall()),
    ] {
        for secret in secrets {
            assert!(!shown.contains(secret.as_str()), "{shown}");
        }
    }
    assert!(format!("{info:?}").contains(&info.oneentry.url));
    // Every start has its own credentials.
    let other = Sandbox::start().await.unwrap();
    assert_ne!(other.info().oneentry.app_token, info.oneentry.app_token);
    assert_ne!(other.info().craftgate.secret_key, info.craftgate.secret_key);
    assert_ne!(
        other.info().craftgate.webhook_key,
        info.craftgate.webhook_key
    );
    assert_ne!(
        other.info().paywall.webhook_hash_key,
        info.paywall.webhook_hash_key
    );
}

#[tokio::test]
async fn base_port_gives_consecutive_ports() {
    // Find five free consecutive ports; another process may take them meanwhile, so retry.
    for attempt in 0..20u16 {
        let probe = TcpListener::bind("127.0.0.1:0").unwrap();
        let base = probe
            .local_addr()
            .unwrap()
            .port()
            .saturating_sub(8 + attempt);
        drop(probe);
        let config = SandboxConfig {
            ip: IpAddr::V4(Ipv4Addr::LOCALHOST),
            base_port: Some(base),
            ..SandboxConfig::default()
        };
        match Sandbox::start_with(config).await {
            Ok(sandbox) => {
                let info = sandbox.info();
                assert_eq!(info.oneentry.url, format!("http://127.0.0.1:{base}"));
                assert_eq!(
                    info.paywall.payment_api_url,
                    format!("http://127.0.0.1:{}", base + 1)
                );
                assert_eq!(
                    info.paywall.private_api_url,
                    format!("http://127.0.0.1:{}", base + 2)
                );
                assert_eq!(
                    info.craftgate.base_url,
                    format!("http://127.0.0.1:{}", base + 3)
                );
                assert_eq!(info.control.url, format!("http://127.0.0.1:{}", base + 4));
                // A second sandbox on the same ports cannot bind.
                let clash = Sandbox::start_with(config).await.unwrap_err();
                assert!(
                    matches!(
                        clash,
                        SandboxError::Bind {
                            listener: "oneentry",
                            ..
                        }
                    ),
                    "{clash}"
                );
                return;
            }
            Err(SandboxError::Bind { .. }) => continue,
            Err(other) => panic!("unexpected error: {other}"),
        }
    }
    panic!("no five consecutive free ports found");
}

#[tokio::test]
async fn base_port_must_leave_room() {
    let config = SandboxConfig {
        base_port: Some(65534),
        ..SandboxConfig::default()
    };
    let error = Sandbox::start_with(config).await.unwrap_err();
    assert!(
        matches!(
            error,
            SandboxError::PortRange {
                base: 65534,
                needed: 5
            }
        ),
        "{error}"
    );
}

async fn refused(url: &str) -> bool {
    let client = payments_wire::client_builder("test")
        .unwrap()
        .timeout(Duration::from_secs(2))
        .build()
        .unwrap();
    match client.get(url).send().await {
        Ok(_) => false,
        Err(e) => e.is_connect(),
    }
}

#[tokio::test]
async fn shutdown_closes_every_listener() {
    let sandbox = Sandbox::start().await.unwrap();
    let info = sandbox.info().clone();
    let urls = [
        info.oneentry.url.clone(),
        info.paywall.payment_api_url.clone(),
        info.paywall.private_api_url.clone(),
        info.craftgate.base_url.clone(),
    ];
    // Open a kept-alive connection first: shutdown must not wait for it forever.
    let client = payments_wire::client_builder("test")
        .unwrap()
        .build()
        .unwrap();
    assert_eq!(client.get(&urls[0]).send().await.unwrap().status(), 403);
    tokio::time::timeout(Duration::from_secs(10), sandbox.shutdown())
        .await
        .expect("shutdown finishes");
    for url in &urls {
        assert!(refused(url).await, "{url} still answers");
    }
}

#[tokio::test]
async fn dropping_the_sandbox_stops_it() {
    let sandbox = Sandbox::start().await.unwrap();
    let url = sandbox.info().craftgate.base_url.clone();
    assert!(!refused(&url).await);
    drop(sandbox);
    let mut stopped = false;
    for _ in 0..50 {
        if refused(&url).await {
            stopped = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    assert!(stopped, "{url} still answers after drop");
}
