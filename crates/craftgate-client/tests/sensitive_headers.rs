//! Every request of every operation leaves the client's hooks with `x-api-key` and
//! `x-signature` marked sensitive, and the secret key in no header at all, so no `Debug`
//! of a request, no log of reqwest or hyper, ever shows them.

#[path = "../../payments-wire/tests/support/spec.rs"]
mod spec;

use craftgate_client::{Client, CraftgateConfig};
use payments_wire::Hooks;
use progenitor_client::ClientInfo;

const API_KEY: &str = "api-key-6e1b93";
const SECRET_KEY: &str = "secret-key-d84c27";

#[test]
fn credentials_are_sensitive_on_every_operation() {
    let client = Client::from_config(&CraftgateConfig::sandbox(API_KEY, SECRET_KEY)).unwrap();
    let operations = spec::Spec::load("craftgate").operations();
    assert!(
        operations.len() >= 10,
        "the spec's operations: {}",
        operations.len()
    );
    for op in operations {
        let path = op.path.replace(['{', '}'], "");
        let url = format!("https://sandbox-api.craftgate.io{path}")
            .parse()
            .unwrap();
        let mut request = reqwest::Request::new(op.method.parse().unwrap(), url);
        let name: &'static str = Box::leak(op.snake_id().into_boxed_str());
        client.inner().prepare(&mut request, name).unwrap();
        let headers = request.headers();
        let api_key = headers
            .get("x-api-key")
            .unwrap_or_else(|| panic!("{name}: no x-api-key"));
        assert_eq!(api_key.to_str().unwrap(), API_KEY);
        assert!(api_key.is_sensitive(), "{name}: x-api-key is not sensitive");
        let signature = headers
            .get("x-signature")
            .unwrap_or_else(|| panic!("{name}: unsigned"));
        assert!(
            signature.is_sensitive(),
            "{name}: x-signature is not sensitive"
        );
        for (header, value) in headers {
            let text = String::from_utf8_lossy(value.as_bytes());
            assert!(
                !text.contains(SECRET_KEY),
                "{name}: {header} carries the secret key"
            );
            if !value.is_sensitive() {
                assert!(
                    !text.contains(API_KEY),
                    "{name}: {header} carries the API key"
                );
            }
        }
    }
}
