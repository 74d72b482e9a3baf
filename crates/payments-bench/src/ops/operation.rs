//! [`Operation`]: one read through the three layers, and the check that they agree.

use std::future::Future;

use serde::Serialize;
use serde_json::Value;

use crate::failure::{Failure, fail};

/// Who makes the call.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, clap::ValueEnum)]
pub enum Layer {
    /// reqwest + serde written by hand: the baseline.
    Hand,
    /// The generated client: `client.op().send().payload()`.
    Client,
    /// The facade: `Payments` and the core traits.
    Facade,
}

impl Layer {
    /// The three layers, baseline first.
    pub const ALL: [Layer; 3] = [Layer::Hand, Layer::Client, Layer::Facade];
}

/// One read, made by each layer against the loopback server.
pub trait Operation: Send + Sync + 'static {
    /// What the hand-written call returns (serialized to compare it with the client's).
    type Hand: Send + Serialize;
    /// What the generated client's call returns.
    type Client: Send + Serialize;
    /// What the facade's call returns.
    type Facade: Send;

    /// The operation in a table's heading.
    const TITLE: &'static str;
    /// The request, e.g. `GET /path`.
    const REQUEST: &'static str;
    /// The generated client's crate.
    const CLIENT: &'static str;

    /// The hand-written call.
    fn hand(&self) -> impl Future<Output = Result<Self::Hand, Failure>> + Send;
    /// The generated client's call.
    fn client(&self) -> impl Future<Output = Result<Self::Client, Failure>> + Send;
    /// The facade's call.
    fn facade(&self) -> impl Future<Output = Result<Self::Facade, Failure>> + Send;

    /// Checks that the facade's result holds the client's data, and that the data is
    /// what the server served (that the hand-written result and the client's hold the same
    /// fields is checked for every operation alike, by [`check_once`]).
    fn check(&self, client: &Self::Client, facade: &Self::Facade) -> Result<(), Failure>;
}

/// One call of `layer`, its result dropped.
pub async fn call<O: Operation>(op: &O, layer: Layer) -> Result<(), Failure> {
    match layer {
        Layer::Hand => op.hand().await.map(drop),
        Layer::Client => op.client().await.map(drop),
        Layer::Facade => op.facade().await.map(drop),
    }
}

/// One call of each layer, and the check that they agree.
pub async fn check_once<O: Operation>(op: &O) -> Result<(), Failure> {
    let hand = op
        .hand()
        .await
        .map_err(|e| e.context("hand-written call"))?;
    let client = op.client().await.map_err(|e| e.context(O::CLIENT))?;
    let facade = op.facade().await.map_err(|e| e.context("facade call"))?;
    same_fields(&hand, &client)
        .and_then(|()| op.check(&client, &facade))
        .map_err(|e| e.context(O::TITLE))
}

/// Checks that the hand-written result and the client's hold the same fields with the same
/// values: both serialized to JSON and compared (decimals keep their scale, so `1.50` and
/// `1.5` differ).
fn same_fields(hand: &impl Serialize, client: &impl Serialize) -> Result<(), Failure> {
    let hand = serde_json::to_value(hand).map_err(fail)?;
    let client = serde_json::to_value(client).map_err(fail)?;
    match first_difference(&hand, &client, "$") {
        None => Ok(()),
        Some(path) => Err(Failure::new(format!(
            "the hand-written result and the client's differ at {path}"
        ))),
    }
}

/// The path of the first place where `a` and `b` differ.
fn first_difference(a: &Value, b: &Value, path: &str) -> Option<String> {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            x.keys()
                .chain(y.keys())
                .find_map(|k| match (x.get(k), y.get(k)) {
                    (Some(v), Some(w)) => first_difference(v, w, &format!("{path}.{k}")),
                    (v, w) => Some(format!(
                        "{path}.{k} (hand-written: {}, client: {})",
                        v.map_or("absent".into(), Value::to_string),
                        w.map_or("absent".into(), Value::to_string)
                    )),
                })
        }
        (Value::Array(x), Value::Array(y)) if x.len() == y.len() => x
            .iter()
            .zip(y)
            .enumerate()
            .find_map(|(i, (v, w))| first_difference(v, w, &format!("{path}[{i}]"))),
        _ if a == b => None,
        _ => Some(format!("{path} (hand-written: {a}, client: {b})")),
    }
}

/// `Ok` when `what` holds, else a failure naming it.
pub fn ensure(holds: bool, what: &str) -> Result<(), Failure> {
    if holds {
        Ok(())
    } else {
        Err(Failure::new(format!("the facade's result: {what}")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn differences_are_found_and_named() {
        let a = json!({"a": [1, {"b": "x"}], "c": 1.50});
        assert!(first_difference(&a, &a, "$").is_none());
        let b = json!({"a": [1, {"b": "y"}], "c": 1.50});
        assert_eq!(
            first_difference(&a, &b, "$").unwrap(),
            r#"$.a[1].b (hand-written: "x", client: "y")"#
        );
        let c = json!({"a": [1, {"b": "x"}]});
        assert!(first_difference(&a, &c, "$").unwrap().starts_with("$.c"));
    }
}
