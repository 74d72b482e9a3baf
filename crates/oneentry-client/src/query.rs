//! Query strings laid out as the official JS SDK sends them.
//!
//! progenitor writes query parameters in alphabetical order and leaves out the ones the
//! caller did not set. The SDK always sends `offset`, `limit` and `langCode`, with its
//! defaults (0, 30, the configured language), in an order that differs per method
//! (docs/providers/oneentry.md#query-defaults-and-order). The `pre` hook rewrites the query
//! of those operations into that order, filling in the defaults, so the request matches the
//! SDK's exactly. Values stay form-urlencoded as progenitor encoded them.

use reqwest::Url;

/// Where a query value comes from when the caller left the parameter out.
#[derive(Clone, Copy)]
enum Fill {
    /// The client's configured language code.
    Lang,
    /// A fixed SDK default.
    Value(&'static str),
}

type Param = (&'static str, Fill);

const LANG: Param = ("langCode", Fill::Lang);
const OFFSET: Param = ("offset", Fill::Value("0"));
const LIMIT: Param = ("limit", Fill::Value("30"));

/// The SDK's query parameters of an operation (by snake_case operation id), in order.
fn layout(operation_id: &str) -> &'static [Param] {
    match operation_id {
        // paymentsApi.js:38
        "get_sessions" => &[OFFSET, LIMIT],
        // ordersApi.js:37 (getAllOrdersStorage), :53 (getAllOrdersByMarker)
        "get_all_orders_storage" | "get_all_orders_by_marker" => &[LANG, LIMIT, OFFSET],
        // ordersApi.js:194-200; authProviderApi.js:301 (getAuthProviders)
        "get_all_statuses_by_storage_marker" | "get_auth_providers" => &[LANG, OFFSET, LIMIT],
        // ordersApi.js:69, :84, :173-178, :100; authProviderApi.js:316 (getAuthProviderByMarker)
        "get_orders_storage_by_marker"
        | "get_order_by_marker_and_id"
        | "update_order_by_marker_and_id"
        | "preview_order"
        | "get_auth_provider_by_marker" => &[LANG],
        _ => &[],
    }
}

/// Rewrites `url`'s query into the SDK's layout for `operation_id`; other operations are
/// left untouched. Parameters outside the layout (none today) are kept, after it.
pub(crate) fn apply_sdk_layout(url: &mut Url, operation_id: &str, lang_code: &str) {
    let layout = layout(operation_id);
    if layout.is_empty() {
        return;
    }
    let given: Vec<(String, String)> = url.query_pairs().into_owned().collect();
    let mut pairs = url.query_pairs_mut();
    pairs.clear();
    for (key, fill) in layout {
        let value = match given.iter().find(|(k, _)| k == key) {
            Some((_, v)) => v.as_str(),
            None => match fill {
                Fill::Lang => lang_code,
                Fill::Value(v) => v,
            },
        };
        pairs.append_pair(key, value);
    }
    for (key, value) in &given {
        if !layout.iter().any(|(k, _)| k == key) {
            pairs.append_pair(key, value);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rewritten(url: &str, op: &str) -> String {
        let mut url = Url::parse(url).unwrap();
        apply_sdk_layout(&mut url, op, "tr_TR");
        url.to_string()
    }

    #[test]
    fn orders_and_fills_like_the_sdk() {
        assert_eq!(
            rewritten(
                "http://h/api/content/payments/sessions/?limit=5",
                "get_sessions"
            ),
            "http://h/api/content/payments/sessions/?offset=0&limit=5"
        );
        assert_eq!(
            rewritten("http://h/s?limit=1&offset=2", "get_all_orders_by_marker"),
            "http://h/s?langCode=tr_TR&limit=1&offset=2"
        );
        assert_eq!(
            rewritten(
                "http://h/s?langCode=en+GB&x=1",
                "get_all_statuses_by_storage_marker"
            ),
            "http://h/s?langCode=en+GB&offset=0&limit=30&x=1"
        );
        assert_eq!(
            rewritten("http://h/s", "preview_order"),
            "http://h/s?langCode=tr_TR"
        );
        assert_eq!(rewritten("http://h/s", "create_order"), "http://h/s");
    }
}
