//! The fake Craftgate over real HTTP: request signatures, the payment breakdown, reporting,
//! card payment retrieval and refunds. The signature is computed here from the documented
//! formula (docs/providers/craftgate.md#signing), independently of the sandbox's own code.

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use payments_sandbox::{CraftgateInfo, Sandbox, seed};
use reqwest::{Client, Method, Response, StatusCode};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

struct Craftgate {
    http: Client,
    info: CraftgateInfo,
}

/// `Base64(SHA-256(decoded URL + apiKey + secretKey + rnd + body))`.
fn sign(decoded_url: &str, api_key: &str, secret_key: &str, rnd: &str, body: &str) -> String {
    let digest =
        Sha256::digest(format!("{decoded_url}{api_key}{secret_key}{rnd}{body}").as_bytes());
    STANDARD.encode(digest)
}

/// Percent-decoding of the few escapes these tests use.
fn decode(url: &str) -> String {
    url.replace("%20", " ")
        .replace("%3A", ":")
        .replace("%2B", "+")
}

impl Craftgate {
    async fn start() -> (Sandbox, Self) {
        let sandbox = Sandbox::start().await.expect("sandbox starts");
        let info = sandbox.info().craftgate.clone();
        (
            sandbox,
            Self {
                http: payments_wire::client_builder("test")
                    .unwrap()
                    .build()
                    .unwrap(),
                info,
            },
        )
    }

    /// A signed request for `path_and_query` (already percent-encoded) with `secret`.
    async fn send_with(
        &self,
        method: Method,
        path_and_query: &str,
        body: Option<&str>,
        secret: &str,
    ) -> Response {
        let url = format!("{}{path_and_query}", self.info.base_url);
        let rnd = uuid::Uuid::new_v4().to_string();
        let signature = sign(
            &decode(&url),
            &self.info.api_key,
            secret,
            &rnd,
            body.unwrap_or_default(),
        );
        let mut request = self
            .http
            .request(method, &url)
            .header("x-api-key", &self.info.api_key)
            .header("x-rnd-key", &rnd)
            .header("x-auth-version", "v1")
            .header("x-signature", signature)
            .header("content-type", "application/json");
        if let Some(body) = body {
            request = request.body(body.to_string());
        }
        request.send().await.expect("request reaches the sandbox")
    }

    async fn send(&self, method: Method, path_and_query: &str, body: Option<&str>) -> Response {
        self.send_with(method, path_and_query, body, &self.info.secret_key)
            .await
    }

    async fn data(&self, method: Method, path_and_query: &str, body: Option<&str>) -> Value {
        let response = self.send(method, path_and_query, body).await;
        assert_eq!(response.status(), StatusCode::OK, "{path_and_query}");
        let body: Value = response.json().await.unwrap();
        body["data"].clone()
    }

    async fn breakdown(&self, payment_id: i64) -> Vec<Value> {
        let data = self
            .data(
                Method::GET,
                &format!("/payment-reporting/v1/payments/{payment_id}/transactions"),
                None,
            )
            .await;
        data["items"].as_array().unwrap().clone()
    }
}

async fn error(response: Response, status: StatusCode) -> Value {
    assert_eq!(response.status(), status);
    let body: Value = response.json().await.unwrap();
    assert!(body["errors"]["errorCode"].is_string(), "{body}");
    assert!(body["errors"]["errorDescription"].is_string(), "{body}");
    body["errors"].clone()
}

#[tokio::test]
async fn breakdown_has_every_documented_field() {
    let (_sandbox, cg) = Craftgate::start().await;
    let path = format!(
        "/payment-reporting/v1/payments/{}/transactions",
        cg.info.payment_id
    );
    let response = cg.send(Method::GET, &path, None).await;
    assert_eq!(response.status(), StatusCode::OK);
    let text = response.text().await.unwrap();
    // Decimals are JSON numbers with 8 decimals, not strings.
    assert!(text.contains(r#""price":40.00000000"#), "{text}");
    assert!(text.contains(r#""refundablePrice":25.00000000"#), "{text}");
    let body: Value = serde_json::from_str(&text).unwrap();
    let data = body["data"].as_object().unwrap();
    assert_eq!(
        data.keys().collect::<Vec<_>>(),
        ["items"],
        "no paging fields"
    );
    let items = data["items"].as_array().unwrap();
    assert_eq!(items.len(), 3);
    let fields = [
        "id",
        "name",
        "externalId",
        "price",
        "paidPrice",
        "walletPrice",
        "merchantCommissionRate",
        "merchantCommissionRateAmount",
        "merchantPayoutAmount",
        "subMerchantMemberId",
        "subMerchantMemberPrice",
        "subMerchantMemberPayoutRate",
        "subMerchantMemberPayoutAmount",
        "transactionStatus",
        "blockageResolvedDate",
        "payout",
        "createdDate",
        "transactionStatusDate",
        "refundablePrice",
        "subMerchantMember",
        "refundStatus",
        "payoutStatus",
        "bankCommissionRate",
        "bankCommissionRateAmount",
    ];
    for item in items {
        let keys: Vec<&str> = item
            .as_object()
            .unwrap()
            .keys()
            .map(String::as_str)
            .collect();
        assert_eq!(keys, fields);
        assert!(fields.iter().all(|f| !item[*f].is_null()), "{item}");
        for key in [
            "currency",
            "parity",
            "paidPrice",
            "merchantPayoutAmount",
            "subMerchantMemberPayoutAmount",
        ] {
            assert!(!item["payout"][key].is_null());
        }
        for key in [
            "merchantStatus",
            "merchantStatusDate",
            "subMerchantMemberStatus",
            "subMerchantMemberStatusDate",
        ] {
            assert!(item["payoutStatus"][key].is_string());
        }
        assert!(item["subMerchantMember"]["id"].is_number());
        assert_eq!(item["subMerchantMember"]["id"], item["subMerchantMemberId"]);
        assert!(item["price"].is_number() && item["refundablePrice"].is_number());
    }
    assert_eq!(items[0]["createdDate"], "2021-11-15T14:07:18");
    let statuses: Vec<&str> = items
        .iter()
        .map(|i| i["refundStatus"].as_str().unwrap())
        .collect();
    assert_eq!(
        statuses,
        ["NOT_REFUNDED", "PARTIAL_REFUNDED", "NOT_REFUNDED"]
    );
    let ids: Vec<i64> = items.iter().map(|i| i["id"].as_i64().unwrap()).collect();
    assert_eq!(ids, seed::craftgate::PAYMENT_TRANSACTION_IDS);
    assert!(
        ["APPROVED", "WAITING_FOR_APPROVAL"]
            .contains(&items[1]["transactionStatus"].as_str().unwrap())
    );
}

#[tokio::test]
async fn signatures_and_keys_are_checked() {
    let (sandbox, cg) = Craftgate::start().await;
    let path = format!("/payment/v1/card-payments/{}", cg.info.payment_id);

    let errors = error(
        cg.send_with(Method::GET, &path, None, "wrong-secret").await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
    assert_eq!(errors["errorDescription"], "Signature is not equal!");

    // A body changed after signing.
    let url = format!("{}/payment/v1/refund-transactions", cg.info.base_url);
    let signed = r#"{"paymentTransactionId":2001,"refundPrice":1}"#;
    let signature = sign(&url, &cg.info.api_key, &cg.info.secret_key, "rnd-1", signed);
    let response = cg
        .http
        .post(&url)
        .header("x-api-key", &cg.info.api_key)
        .header("x-rnd-key", "rnd-1")
        .header("x-auth-version", "v1")
        .header("x-signature", &signature)
        .header("content-type", "application/json")
        .body(r#"{"paymentTransactionId":2001,"refundPrice":40}"#)
        .send()
        .await
        .unwrap();
    assert_eq!(
        error(response, StatusCode::UNAUTHORIZED).await["errorDescription"],
        "Signature is not equal!"
    );

    // Wrong API key (signed consistently with it).
    let url = format!("{}{path}", cg.info.base_url);
    let response = cg
        .http
        .get(&url)
        .header("x-api-key", "wrong-key")
        .header("x-rnd-key", "r")
        .header("x-auth-version", "v1")
        .header(
            "x-signature",
            sign(&url, "wrong-key", &cg.info.secret_key, "r", ""),
        )
        .send()
        .await
        .unwrap();
    let errors = error(response, StatusCode::UNAUTHORIZED).await;
    assert!(!errors.to_string().contains("wrong-key"));

    // x-auth-version must be present.
    let response = cg
        .http
        .get(&url)
        .header("x-api-key", &cg.info.api_key)
        .header("x-rnd-key", "r")
        .header(
            "x-signature",
            sign(&url, &cg.info.api_key, &cg.info.secret_key, "r", ""),
        )
        .send()
        .await
        .unwrap();
    error(response, StatusCode::UNAUTHORIZED).await;
    assert_eq!(sandbox.craftgate().rejected_signatures(), 4);

    // The same request, correctly signed, with the NODE-style `1` version.
    let response = cg
        .http
        .get(&url)
        .header("x-api-key", &cg.info.api_key)
        .header("x-rnd-key", "r")
        .header("x-auth-version", "1")
        .header(
            "x-signature",
            sign(&url, &cg.info.api_key, &cg.info.secret_key, "r", ""),
        )
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
}

#[tokio::test]
async fn the_signed_url_is_percent_decoded() {
    let (_sandbox, cg) = Craftgate::start().await;
    // Spaces as %20 and colons as %3A are signed decoded (docs/providers/craftgate.md#signed-url-and-body,
    // docs/providers/craftgate.md#query-encoding).
    // (`note` is no search parameter: it only has to be signed right.)
    let path = "/payment-reporting/v1/payments?page=0&size=10&note=a%20b%2Bc&minCreatedDate=2021-11-15T14%3A07%3A18&maxCreatedDate=2021-11-15T23%3A59%3A59";
    let data = cg.data(Method::GET, path, None).await;
    assert_eq!(data["page"], 0);
    assert_eq!(data["size"], 10);
    assert_eq!(data["totalSize"], 1);
    assert_eq!(data["items"][0]["id"], seed::craftgate::PAYMENT_ID);
    assert_eq!(data["items"][0]["refundStatus"], "PARTIAL_REFUNDED");
    assert_eq!(
        data["items"][0]["refundablePrice"].to_string(),
        "90.00000000"
    );
    // Signing the still-encoded URL (GO's way) is refused.
    let url = format!("{}{path}", cg.info.base_url);
    let response = cg
        .http
        .get(&url)
        .header("x-api-key", &cg.info.api_key)
        .header("x-rnd-key", "r")
        .header("x-auth-version", "v1")
        .header(
            "x-signature",
            sign(&url, &cg.info.api_key, &cg.info.secret_key, "r", ""),
        )
        .send()
        .await
        .unwrap();
    error(response, StatusCode::UNAUTHORIZED).await;
}

#[tokio::test]
async fn searches_filter_and_page() {
    let (_sandbox, cg) = Craftgate::start().await;
    let all = cg
        .data(
            Method::GET,
            "/payment-reporting/v1/payments?page=0&size=2",
            None,
        )
        .await;
    assert_eq!(all["totalSize"], 3);
    assert_eq!(all["items"].as_array().unwrap().len(), 2);
    // Newest first: today's, the failed one (2021-11-16), the demo one (2021-11-15).
    let first: Vec<i64> = all["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p["id"].as_i64().unwrap())
        .collect();
    assert_eq!(
        first,
        [
            seed::craftgate::SAME_DAY_PAYMENT_ID,
            seed::craftgate::FAILED_PAYMENT_ID
        ]
    );
    let second = cg
        .data(
            Method::GET,
            "/payment-reporting/v1/payments?page=1&size=2",
            None,
        )
        .await;
    assert_eq!(second["items"].as_array().unwrap().len(), 1);
    assert_eq!(second["items"][0]["id"], seed::craftgate::PAYMENT_ID);

    let failed = cg
        .data(
            Method::GET,
            "/payment-reporting/v1/payments?paymentStatus=FAILURE",
            None,
        )
        .await;
    assert_eq!(failed["totalSize"], 1);
    assert_eq!(failed["items"][0]["refundStatus"], "NO_REFUND");
    assert_eq!(
        failed["items"][0]["refundablePrice"].to_string(),
        "0.00000000"
    );
    assert_eq!(
        failed["items"][0]["paymentError"]["errorGroup"],
        "NOT_SUFFICIENT_FUNDS"
    );
    let by_item = cg
        .data(
            Method::GET,
            "/payment-reporting/v1/payments?paymentTransactionId=2002&",
            None,
        )
        .await;
    assert_eq!(by_item["items"][0]["id"], seed::craftgate::PAYMENT_ID);
    let priced = cg
        .data(
            Method::GET,
            "/payment-reporting/v1/payments?minPaidPrice=60&maxPaidPrice=100.0",
            None,
        )
        .await;
    assert_eq!(priced["totalSize"], 1);

    let response = cg
        .send(Method::GET, "/payment-reporting/v1/payments?size=0", None)
        .await;
    error(response, StatusCode::BAD_REQUEST).await;

    let one = cg
        .data(
            Method::GET,
            &format!("/payment-reporting/v1/payments/{}", cg.info.payment_id),
            None,
        )
        .await;
    assert_eq!(one["price"].to_string(), "100.00000000");
    assert_eq!(one["buyerMember"]["isBuyer"], true);
    assert_eq!(one["paymentTransactions"].as_array().unwrap().len(), 3);
    let response = cg
        .send(Method::GET, "/payment-reporting/v1/payments/424242", None)
        .await;
    error(response, StatusCode::NOT_FOUND).await;

    let tx_refunds = cg
        .data(
            Method::GET,
            "/payment-reporting/v1/refund-transactions?page=0&size=10",
            None,
        )
        .await;
    assert_eq!(tx_refunds["totalSize"], 1);
    assert_eq!(
        tx_refunds["items"][0]["paymentTransactionId"],
        seed::craftgate::PARTIALLY_REFUNDED_TRANSACTION_ID
    );
    assert_eq!(
        tx_refunds["items"][0]["refundPrice"].to_string(),
        "10.00000000"
    );
    let of_item = cg
        .data(
            Method::GET,
            &format!(
                "/payment-reporting/v1/payments/{}/transactions/2002/refunds",
                cg.info.payment_id
            ),
            None,
        )
        .await;
    assert_eq!(of_item["items"], tx_refunds["items"]);
}

#[tokio::test]
async fn refunds_change_the_breakdown() {
    let (_sandbox, cg) = Craftgate::start().await;
    let card = cg
        .data(
            Method::GET,
            &format!("/payment/v1/card-payments/{}", cg.info.payment_id),
            None,
        )
        .await;
    assert_eq!(card["paymentStatus"], "SUCCESS");
    assert_eq!(card["paymentTransactions"][0]["id"], 2001);
    assert!(
        card["paymentTransactions"][0].get("refundStatus").is_none(),
        "core items lack reporting fields"
    );

    // Part of item 2001: NOT_REFUNDED -> PARTIAL_REFUNDED.
    let body = r#"{"paymentTransactionId":2001,"refundPrice":15.5,"conversationId":"conv-1"}"#;
    let refund = cg
        .data(Method::POST, "/payment/v1/refund-transactions", Some(body))
        .await;
    assert_eq!(refund["status"], "SUCCESS");
    assert_eq!(refund["refundPrice"].to_string(), "15.50000000");
    assert_eq!(refund["paymentTransactionId"], 2001);
    assert_eq!(refund["conversationId"], "conv-1");
    let items = cg.breakdown(cg.info.payment_id).await;
    assert_eq!(items[0]["refundStatus"], "PARTIAL_REFUNDED");
    assert_eq!(items[0]["refundablePrice"].to_string(), "24.50000000");
    let again = cg
        .data(
            Method::GET,
            &format!("/payment/v1/refund-transactions/{}", refund["id"]),
            None,
        )
        .await;
    assert_eq!(again, refund);

    // More than is left is refused.
    let response = cg
        .send(
            Method::POST,
            "/payment/v1/refund-transactions",
            Some(r#"{"paymentTransactionId":2001,"refundPrice":24.51}"#),
        )
        .await;
    error(response, StatusCode::BAD_REQUEST).await;
    // The rest: FULLY_REFUNDED.
    cg.data(
        Method::POST,
        "/payment/v1/refund-transactions",
        Some(r#"{"paymentTransactionId":2001}"#),
    )
    .await;
    let items = cg.breakdown(cg.info.payment_id).await;
    assert_eq!(items[0]["refundStatus"], "FULLY_REFUNDED");
    assert_eq!(items[0]["refundablePrice"].to_string(), "0.00000000");

    // The whole payment: a REFUND of the items' rests (no id; after the payment day).
    let full = cg
        .data(
            Method::POST,
            "/payment/v1/refunds",
            Some(&json!({"paymentId": cg.info.payment_id}).to_string()),
        )
        .await;
    assert_eq!(full["refundType"], "REFUND");
    assert!(full.get("id").is_none());
    assert_eq!(
        full["refundPrice"].to_string(),
        "50.00000000",
        "25 left of each of 2002 and 2003"
    );
    assert_eq!(
        full["paymentTransactionRefunds"].as_array().unwrap().len(),
        2
    );
    let items = cg.breakdown(cg.info.payment_id).await;
    assert!(items.iter().all(|i| i["refundStatus"] == "FULLY_REFUNDED"));
    let payment = cg
        .data(
            Method::GET,
            &format!("/payment-reporting/v1/payments/{}", cg.info.payment_id),
            None,
        )
        .await;
    assert_eq!(payment["refundStatus"], "FULLY_REFUNDED");
    let response = cg
        .send(
            Method::POST,
            "/payment/v1/refunds",
            Some(&json!({"paymentId": cg.info.payment_id}).to_string()),
        )
        .await;
    error(response, StatusCode::BAD_REQUEST).await;
}

#[tokio::test]
async fn same_day_full_refund_is_a_cancel() {
    let (_sandbox, cg) = Craftgate::start().await;
    let body = json!({"paymentId": seed::craftgate::SAME_DAY_PAYMENT_ID, "refundDestinationType": "WALLET"}).to_string();
    let cancel = cg
        .data(Method::POST, "/payment/v1/refunds", Some(&body))
        .await;
    assert_eq!(cancel["refundType"], "CANCEL");
    assert_eq!(cancel["paymentTransactionRefunds"], json!([]));
    assert_eq!(cancel["refundWalletPrice"].to_string(), "59.90000000");
    let id = cancel["id"].as_i64().unwrap();
    let again = cg
        .data(Method::GET, &format!("/payment/v1/refunds/{id}"), None)
        .await;
    assert_eq!(again, cancel);
    let listed = cg
        .data(
            Method::GET,
            &format!(
                "/payment-reporting/v1/payments/{}/refunds",
                seed::craftgate::SAME_DAY_PAYMENT_ID
            ),
            None,
        )
        .await;
    assert_eq!(listed["items"][0]["id"], id);
    let searched = cg
        .data(
            Method::GET,
            "/payment-reporting/v1/refunds?status=SUCCESS",
            None,
        )
        .await;
    assert_eq!(searched["totalSize"], 1);

    // A failed payment has nothing to refund; unknown ones are 404.
    let body = json!({"paymentId": seed::craftgate::FAILED_PAYMENT_ID}).to_string();
    error(
        cg.send(Method::POST, "/payment/v1/refunds", Some(&body))
            .await,
        StatusCode::BAD_REQUEST,
    )
    .await;
    let body = json!({"paymentId": 77}).to_string();
    error(
        cg.send(Method::POST, "/payment/v1/refunds", Some(&body))
            .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    error(
        cg.send(Method::POST, "/payment/v1/refunds", Some("{}"))
            .await,
        StatusCode::BAD_REQUEST,
    )
    .await;
    error(
        cg.send(Method::GET, "/payment/v1/unknown", None).await,
        StatusCode::NOT_FOUND,
    )
    .await;
}
