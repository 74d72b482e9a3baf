//! A spec's path item may name its own `servers` (Paywall's `/api/paywall/private/*`,
//! served by PaymentPrivateAPI, not by the top-level PaymentAPI). progenitor 0.15 sends
//! every operation to the client's one base URL, so the client had to move each such
//! request to its host after the fact, parsing the URL a second time on every call. Here
//! the operations of those path items are listed; `request_url` builds their URLs on the
//! client's `Hooks::own_servers_origin()`.

use heck::ToSnakeCase;
use serde_json::Value;

use crate::normalize::METHODS;

/// The generated ids (snake_case) of the operations whose path item, or the operation
/// itself, names its own `servers`.
pub fn operations(doc: &Value) -> Vec<String> {
    let Some(paths) = doc.get("paths").and_then(Value::as_object) else {
        return Vec::new();
    };
    let mut ids = Vec::new();
    for item in paths.values() {
        for method in METHODS {
            let Some(op) = item.get(method) else {
                continue;
            };
            if (item.get("servers").is_some() || op.get("servers").is_some())
                && let Some(id) = op.get("operationId").and_then(Value::as_str)
            {
                ids.push(id.to_snake_case());
            }
        }
    }
    ids.sort();
    ids
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn operations_under_their_own_servers_are_listed() {
        let doc = json!({"paths": {
            "/a": {"servers": [{"url": "https://b.example"}], "get": {"operationId": "privateQuery"}},
            "/b": {"get": {"operationId": "plain"}, "post": {"operationId": "ownOne", "servers": []}},
        }});
        assert_eq!(operations(&doc), ["own_one", "private_query"]);
    }
}
