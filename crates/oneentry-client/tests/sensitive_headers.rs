//! Every request of every operation leaves the client's hooks with its credentials in
//! headers marked sensitive (`x-app-token`, `Authorization`), so no `Debug` of a request,
//! no proxy log of reqwest or hyper, ever shows them.

#[path = "../../payments-wire/tests/support/spec.rs"]
mod spec;

use oneentry_client::{BaseUrl, Client, OneEntryConfig, Secret, TokenPair};
use payments_wire::Hooks;
use progenitor_client::ClientInfo;

const APP_TOKEN: &str = "app-token-3f9a7c";
const ACCESS: &str = "access-token-81d2e4";

#[test]
fn credentials_are_sensitive_on_every_operation() {
    let mut config = OneEntryConfig::new(BaseUrl::parse("https://p.oneentry.cloud").unwrap());
    config.app_token = Some(Secret::new(APP_TOKEN));
    config.tokens = Some(TokenPair::new(ACCESS, "refresh-token-5b0c"));
    let client = Client::from_config(&config).unwrap();
    let operations = spec::Spec::load("oneentry").operations();
    assert!(
        operations.len() > 20,
        "the spec's operations: {}",
        operations.len()
    );
    let mut bearers = 0;
    for op in operations {
        let path = op.path.replace(['{', '}'], "");
        let url = format!("https://p.oneentry.cloud{path}").parse().unwrap();
        let mut request = reqwest::Request::new(op.method.parse().unwrap(), url);
        let name: &'static str = Box::leak(op.snake_id().into_boxed_str());
        client.inner().prepare(&mut request, name).unwrap();
        let headers = request.headers();
        let app = headers
            .get("x-app-token")
            .unwrap_or_else(|| panic!("{name}: no x-app-token"));
        assert_eq!(app.to_str().unwrap(), APP_TOKEN);
        assert!(app.is_sensitive(), "{name}: x-app-token is not sensitive");
        if let Some(bearer) = headers.get("authorization") {
            assert_eq!(bearer.to_str().unwrap(), format!("Bearer {ACCESS}"));
            assert!(
                bearer.is_sensitive(),
                "{name}: Authorization is not sensitive"
            );
            bearers += 1;
        }
        // Every other header is free of credentials.
        for (header, value) in headers {
            if !value.is_sensitive() {
                let text = String::from_utf8_lossy(value.as_bytes());
                assert!(
                    !text.contains(APP_TOKEN) && !text.contains(ACCESS),
                    "{name}: {header} carries a credential"
                );
            }
        }
    }
    assert!(bearers > 10, "user calls carry the bearer: {bearers}");
}
