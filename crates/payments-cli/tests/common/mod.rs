//! What the CLI tests share: the environment that points every provider at a running
//! `payments sandbox`.

use serde_json::Value;

/// The variables that point every provider at the sandbox whose info line is `info`.
pub fn sandbox_env(info: &Value) -> Vec<(&'static str, String)> {
    let s = |p: &str| {
        info.pointer(p)
            .and_then(Value::as_str)
            .expect(p)
            .to_string()
    };
    vec![
        ("ONEENTRY_PROJECT_URL", s("/oneentry/url")),
        ("ONEENTRY_APP_TOKEN", s("/oneentry/app_token")),
        ("ONEENTRY_AUTH_MARKER", s("/oneentry/auth_marker")),
        ("ONEENTRY_LOGIN_FIELD", s("/oneentry/login_field")),
        ("ONEENTRY_PASSWORD_FIELD", s("/oneentry/password_field")),
        ("ONEENTRY_LOGIN", s("/oneentry/login")),
        ("ONEENTRY_PASSWORD", s("/oneentry/password")),
        ("PAYWALL_PAYMENT_API_URL", s("/paywall/payment_api_url")),
        ("PAYWALL_PRIVATE_API_URL", s("/paywall/private_api_url")),
        ("PAYWALL_API_KEY_PUBLIC", s("/paywall/api_key_public")),
        ("PAYWALL_API_CLIENT_PUBLIC", s("/paywall/api_client_public")),
        ("PAYWALL_API_KEY_PRIVATE", s("/paywall/api_key_private")),
        (
            "PAYWALL_API_CLIENT_PRIVATE",
            s("/paywall/api_client_private"),
        ),
        ("CRAFTGATE_BASE_URL", s("/craftgate/base_url")),
        ("CRAFTGATE_API_KEY", s("/craftgate/api_key")),
        ("CRAFTGATE_SECRET_KEY", s("/craftgate/secret_key")),
    ]
}

mod process;
#[allow(unused_imports)]
pub use process::*;

mod push;
#[allow(unused_imports)]
pub use push::*;
