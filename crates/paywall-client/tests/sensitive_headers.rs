//! Every request of every operation leaves the client's hooks with its key pair in headers
//! marked sensitive (`apikey*`, `apiclient*`), so no `Debug` of a request, no log of
//! reqwest or hyper, ever shows them.

#[path = "../../payments-wire/tests/support/spec.rs"]
mod spec;

use payments_wire::Hooks;
use paywall_client::{Client, KeyPair, PaywallConfig};
use progenitor_client::ClientInfo;

const SECRETS: [&str; 4] = [
    "pub-key-1c9e",
    "pub-client-7a2d",
    "priv-key-e40b",
    "priv-client-93f6",
];

#[test]
fn key_pairs_are_sensitive_on_every_operation() {
    let config = PaywallConfig::test()
        .with_public_keys(SECRETS[0], SECRETS[1])
        .with_private_keys(SECRETS[2], SECRETS[3]);
    let client = Client::from_config(&config).unwrap();
    let operations = spec::Spec::load("paywall").operations();
    assert!(
        operations.len() >= 20,
        "the spec's operations: {}",
        operations.len()
    );
    let mut seen = [0; 2];
    for op in operations {
        let path = op.path.replace(['{', '}'], "");
        let url = format!("https://paywall.invalid{path}").parse().unwrap();
        let mut request = reqwest::Request::new(op.method.parse().unwrap(), url);
        let name: &'static str = Box::leak(op.snake_id().into_boxed_str());
        client.inner().prepare(&mut request, name).unwrap();
        let headers = request.headers();
        let (pair, values) = match headers.get("apikeypublic") {
            Some(_) => (KeyPair::Public, &SECRETS[..2]),
            None => (KeyPair::Private, &SECRETS[2..]),
        };
        seen[usize::from(pair == KeyPair::Private)] += 1;
        let (key, client_header) = pair.headers();
        for (header, expected) in [(key, values[0]), (client_header, values[1])] {
            let value = headers
                .get(header)
                .unwrap_or_else(|| panic!("{name}: no {header}"));
            assert_eq!(value.to_str().unwrap(), expected);
            assert!(value.is_sensitive(), "{name}: {header} is not sensitive");
        }
        for (header, value) in headers {
            if !value.is_sensitive() {
                let text = String::from_utf8_lossy(value.as_bytes());
                assert!(
                    SECRETS.iter().all(|s| !text.contains(s)),
                    "{name}: {header} carries a key"
                );
            }
        }
    }
    assert!(seen[0] > 0 && seen[1] > 0, "both pairs are used: {seen:?}");
}
