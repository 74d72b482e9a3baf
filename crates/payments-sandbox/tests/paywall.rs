//! The fake Paywall over real HTTP: key pairs per host, bulk paging, private queries,
//! cancels and refunds.

use std::collections::HashSet;

use payments_sandbox::{PaywallInfo, Sandbox, seed};
use reqwest::{Client, RequestBuilder, StatusCode};
use serde_json::{Value, json};

struct Paywall {
    http: Client,
    info: PaywallInfo,
}

#[derive(Clone, Copy)]
enum Host {
    Payment,
    Private,
}

impl Paywall {
    async fn start() -> (Sandbox, Self) {
        let sandbox = Sandbox::start().await.expect("sandbox starts");
        let info = sandbox.info().paywall.clone();
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

    fn base(&self, host: Host) -> &str {
        match host {
            Host::Payment => &self.info.payment_api_url,
            Host::Private => &self.info.private_api_url,
        }
    }

    fn public(&self, request: RequestBuilder) -> RequestBuilder {
        request
            .header("apikeypublic", &self.info.api_key_public)
            .header("apiclientpublic", &self.info.api_client_public)
    }

    fn private(&self, request: RequestBuilder) -> RequestBuilder {
        request
            .header("apikeyprivate", &self.info.api_key_private)
            .header("apiclientprivate", &self.info.api_client_private)
    }

    fn get(&self, host: Host, path: &str) -> RequestBuilder {
        self.http
            .get(format!("{}/api/paywall/{path}", self.base(host)))
    }

    fn post(&self, host: Host, path: &str, body: Value) -> RequestBuilder {
        self.http
            .post(format!("{}/api/paywall/{path}", self.base(host)))
            .header("content-type", "application/json")
            .body(body.to_string())
    }

    async fn bulk_page(&self, size: u32, number: u32) -> Value {
        let request = self
            .get(Host::Payment, "payment/bulk/payment/query")
            .header("merchantuniquecode", &self.info.bulk_merchant_unique_code)
            .header("pageSize", size.to_string())
            .header("pageNumber", number.to_string());
        let response = self.public(request).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        response.json().await.unwrap()
    }

    async fn private_call(&self, path: &str, body: Value) -> Value {
        let response = self
            .private(self.post(Host::Private, path, body))
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        response.json().await.unwrap()
    }

    async fn query(&self, header: &str, value: &str, path: &str) -> Value {
        let request = self.get(Host::Private, path).header(header, value);
        let response = self.private(request).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        response.json().await.unwrap()
    }
}

/// Paywall's day now: the sandbox counts it on Istanbul time (UTC+3), not UTC.
fn istanbul_today() -> chrono::NaiveDate {
    let istanbul = chrono::FixedOffset::east_opt(3 * 60 * 60).unwrap();
    chrono::Utc::now().with_timezone(&istanbul).date_naive()
}

fn yesterday() -> String {
    (istanbul_today() - chrono::Days::new(1)).to_string()
}

fn today() -> String {
    istanbul_today().to_string()
}

fn assert_refused(body: &Value) {
    assert_eq!(body["Result"], false, "{body}");
    assert_ne!(body["ErrorCode"], 0, "{body}");
    assert!(body["Body"].is_null());
    assert!(body["Message"].as_str().is_some_and(|m| !m.is_empty()));
}

fn assert_success(body: &Value) {
    assert_eq!(body["ErrorCode"], 0, "{body}");
    assert_eq!(body["Result"], true, "{body}");
}

#[tokio::test]
async fn bulk_query_pages_through_the_batch() {
    let (_sandbox, pw) = Paywall::start().await;
    let mut seen = HashSet::new();
    let mut collected = Vec::new();
    for number in 1..=3 {
        let page = pw.bulk_page(10, number).await;
        // The documented un-enveloped form with paging and totals
        // (docs/providers/paywall.md#bulk-query).
        assert_eq!(page["Result"], true);
        assert!(page.get("Body").is_none() && page.get("ErrorCode").is_none());
        assert_eq!(page["PageNumber"], number);
        assert_eq!(page["PageSize"], 10);
        assert_eq!(page["TotalPages"], 3);
        assert_eq!(page["TotalPaymentCount"], 23);
        let payments = page["Payments"].as_array().unwrap();
        assert_eq!(payments.len(), if number < 3 { 10 } else { 3 });
        for p in payments {
            assert!(
                seen.insert(p["PaymentId"].as_i64().unwrap()),
                "no payment on two pages"
            );
            collected.push(p.clone());
        }
    }
    assert_eq!(collected.len(), seed::paywall::BULK_PAYMENT_COUNT);
    assert_eq!(
        collected[0]["PaymentId"],
        seed::paywall::FIRST_BULK_PAYMENT_ID
    );
    assert_eq!(collected[0]["Amount"].to_string(), "1.59");
    assert_eq!(collected[0]["Status"], 4);
    assert!(collected[0]["ErrorMessage"].is_null());
    let statuses = |s: i64| collected.iter().filter(|p| p["Status"] == s).count();
    assert_eq!((statuses(4), statuses(5), statuses(3)), (19, 3, 1));
    assert!(
        collected
            .iter()
            .any(|p| p["Status"] == 5 && p["ErrorMessage"].is_string())
    );
    let scopes: HashSet<i64> = collected
        .iter()
        .map(|p| p["Scope"].as_i64().unwrap())
        .collect();
    assert_eq!(scopes, HashSet::from([1, 2, 3]));

    // Past the last page: no payments; without paging headers: everything.
    let beyond = pw.bulk_page(10, 4).await;
    assert_eq!(beyond["Payments"], json!([]));
    let request = pw
        .get(Host::Payment, "payment/bulk/payment/query")
        .header("merchantuniquecode", &pw.info.bulk_merchant_unique_code);
    let all: Value = pw
        .public(request)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(all["Payments"].as_array().unwrap().len(), 23);

    // The totals add up, exactly.
    let page = pw.bulk_page(7, 1).await;
    let amount = |key: &str| {
        page[key]
            .to_string()
            .parse::<rust_decimal::Decimal>()
            .unwrap()
    };
    assert_eq!(
        amount("TotalPaymentAmount"),
        amount("TotalSuccessPaymentAmount")
            + amount("TotalUnsuccessfulPaymentAmount")
            + amount("TotalUnprocessedPaymentAmount")
    );
    assert_eq!(page["TotalPages"], 4);

    // Bad paging and unknown batches are business failures.
    for (size, number) in [("1001", "1"), ("0", "1"), ("10", "0"), ("ten", "1")] {
        let request = pw
            .get(Host::Payment, "payment/bulk/payment/query")
            .header("merchantuniquecode", &pw.info.bulk_merchant_unique_code)
            .header("pageSize", size)
            .header("pageNumber", number);
        let response = pw.public(request).send().await.unwrap();
        assert_eq!(response.status(), StatusCode::OK);
        assert_refused(&response.json().await.unwrap());
    }
    let request = pw
        .get(Host::Payment, "payment/bulk/payment/query")
        .header("merchantuniquecode", "nope");
    let body: Value = pw
        .public(request)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_refused(&body);
    assert_eq!(body["ErrorCode"], -1);
}

#[tokio::test]
async fn bulk_summary_has_totals_only() {
    let (_sandbox, pw) = Paywall::start().await;
    let request = pw
        .get(Host::Payment, "payment/bulk/payment/query/summary")
        .header("merchantuniquecode", &pw.info.bulk_merchant_unique_code);
    let summary: Value = pw
        .public(request)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(summary["TotalPaymentCount"], 23);
    assert_eq!(summary["TotalSuccessPaymentCount"], 19);
    assert_eq!(summary["TotalUnsuccessfulPaymentCount"], 3);
    assert_eq!(summary["TotalUnprocessedPaymentCount"], 1);
    assert!(summary.get("Payments").is_none());
}

#[tokio::test]
async fn key_pairs_are_checked_per_host() {
    let (sandbox, pw) = Paywall::start().await;
    let query = || {
        pw.get(Host::Payment, "payment/bulk/payment/query")
            .header("merchantuniquecode", &pw.info.bulk_merchant_unique_code)
    };
    // Wrong key.
    let response = query()
        .header("apikeypublic", "wrong-key")
        .header("apiclientpublic", &pw.info.api_client_public)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    let body: Value = response.json().await.unwrap();
    assert_refused(&body);
    assert!(!body.to_string().contains("wrong-key"));
    // Missing pair.
    let response = query().send().await.unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(response.json::<Value>().await.unwrap()["ErrorCode"], 4);
    // The private pair does not open the public host.
    let response = query()
        .header("apikeypublic", &pw.info.api_key_private)
        .header("apiclientpublic", &pw.info.api_client_private)
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    // Nor the public pair the private one.
    let request = pw
        .get(Host::Private, "private/query")
        .header("merchantuniquecode", seed::paywall::SAME_DAY_PAYMENT_CODE);
    let response = pw.public(request).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(sandbox.paywall().rejected_credentials(), 4);
}

#[tokio::test]
async fn routes_answer_only_on_their_host() {
    let (_sandbox, pw) = Paywall::start().await;
    // A private route on the public host: 404 whatever the keys.
    let request = pw
        .get(Host::Payment, "private/query")
        .header("merchantuniquecode", seed::paywall::SAME_DAY_PAYMENT_CODE);
    let response = pw.private(pw.public(request)).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    let body = json!({"Date": today(), "MerchantUniqueCode": seed::paywall::SAME_DAY_PAYMENT_CODE});
    let response = pw
        .private(pw.post(Host::Payment, "private/cancel", body))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    // And the bulk routes are not on the private host.
    let request = pw
        .get(Host::Private, "payment/bulk/payment/query")
        .header("merchantuniquecode", &pw.info.bulk_merchant_unique_code);
    let response = pw.private(pw.public(request)).send().await.unwrap();
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    // The payment was not cancelled by the refused call.
    let found = pw
        .query(
            "merchantuniquecode",
            seed::paywall::SAME_DAY_PAYMENT_CODE,
            "private/query",
        )
        .await;
    assert_eq!(found["Body"]["Paywall"]["AnySuccessCancel"], false);
}

#[tokio::test]
async fn private_queries_find_payments_by_each_key() {
    let (_sandbox, pw) = Paywall::start().await;
    let by_code = pw
        .query(
            "merchantuniquecode",
            seed::paywall::PREVIOUS_DAY_PAYMENT_CODE,
            "private/query",
        )
        .await;
    assert_success(&by_code);
    let payment = &by_code["Body"]["Paywall"];
    assert_eq!(payment["PaymentId"], seed::paywall::PREVIOUS_DAY_PAYMENT_ID);
    assert_eq!(payment["PaymentAmount"].to_string(), "150.00");
    assert_eq!(payment["StatusId"], 4);
    let unique = payment["UniqueCode"].as_str().unwrap().to_string();

    let by_unique = pw
        .query(
            "uniquecode",
            &unique.to_uppercase(),
            "private/query/by/uniquecode",
        )
        .await;
    assert_eq!(by_unique["Body"], by_code["Body"]);
    let by_id = pw
        .query(
            "paymentid",
            &seed::paywall::PREVIOUS_DAY_PAYMENT_ID.to_string(),
            "private/query/by/paymentid",
        )
        .await;
    assert_eq!(by_id["Body"], by_code["Body"]);
    let by_tracking = pw
        .query(
            "trackingcode",
            seed::paywall::TRACKING_CODE,
            "private/query/by/trackingcode",
        )
        .await;
    assert_eq!(by_tracking["Body"].as_array().unwrap().len(), 3);

    let missing = pw
        .query("paymentid", "1", "private/query/by/paymentid")
        .await;
    assert_refused(&missing);
    assert_eq!(missing["ErrorCode"], -1);
    // A GET input sent as a query string instead of a header is not an input.
    let request = pw.get(
        Host::Private,
        &format!(
            "private/query?merchantuniquecode={}",
            seed::paywall::PREVIOUS_DAY_PAYMENT_CODE
        ),
    );
    let body: Value = pw
        .private(request)
        .send()
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_refused(&body);
}

#[tokio::test]
async fn partial_refunds_are_bounded_by_what_was_paid() {
    let (_sandbox, pw) = Paywall::start().await;
    let code = seed::paywall::PREVIOUS_DAY_PAYMENT_CODE;
    let refund = |amount: &str| {
        let body: Value = serde_json::from_str(&format!(
            r#"{{"Date":"{}T00:00:00","MerchantUniqueCode":"{code}","Amount":{amount}}}"#,
            yesterday()
        ))
        .unwrap();
        pw.private_call("private/refund/partial", body)
    };
    assert_success(&refund("40.10").await);
    let after = pw.query("merchantuniquecode", code, "private/query").await;
    assert_eq!(after["Body"]["Paywall"]["AnySuccessPartialRefund"], true);
    assert_eq!(after["Body"]["Paywall"]["TypeId"], 3);
    assert_eq!(
        after["Body"]["Paywall"]["ActivityAmount"].to_string(),
        "40.10"
    );

    // 150.00 - 40.10 = 109.90 left: 109.91 is refused (HTTP 200, Result false).
    let too_much = refund("109.91").await;
    assert_refused(&too_much);
    assert_eq!(too_much["ErrorCode"], 1);
    assert!(too_much["Message"].as_str().unwrap().contains("109.90"));
    assert_success(&refund("109.90").await);
    assert_refused(&refund("0.01").await);

    // Wrong day: not found.
    let body = json!({"Date": today(), "MerchantUniqueCode": code, "Amount": 1});
    assert_eq!(
        pw.private_call("private/refund/partial", body).await["ErrorCode"],
        -1
    );
    // A failed payment has nothing to refund.
    let body =
        json!({"Date": yesterday(), "MerchantUniqueCode": seed::paywall::FAILED_PAYMENT_CODE});
    assert_refused(&pw.private_call("private/refund", body).await);
}

#[tokio::test]
async fn cancel_is_same_day_and_refund_later() {
    let (_sandbox, pw) = Paywall::start().await;
    // Yesterday's payment cannot be cancelled.
    let body = json!({"Date": yesterday(), "MerchantUniqueCode": seed::paywall::PREVIOUS_DAY_PAYMENT_CODE});
    assert_refused(&pw.private_call("private/cancel", body).await);
    // Today's cannot be refunded, but cancelled (by Paywall's code, path case as documented).
    let body = json!({"Date": today(), "MerchantUniqueCode": seed::paywall::SAME_DAY_PAYMENT_CODE});
    assert_refused(&pw.private_call("private/refund", body).await);
    let found = pw
        .query(
            "merchantuniquecode",
            seed::paywall::SAME_DAY_PAYMENT_CODE,
            "private/query",
        )
        .await;
    let unique = found["Body"]["Paywall"]["UniqueCode"]
        .as_str()
        .unwrap()
        .to_string();
    let body = json!({"date": today(), "uniqueCode": unique});
    let done = pw
        .private_call("private/cancel/by/uniqueCode", body.clone())
        .await;
    assert_eq!(
        done,
        json!({"ErrorCode": 0, "Result": true, "Message": "Success", "Body": null})
    );
    assert_refused(&pw.private_call("private/cancel/by/uniquecode", body).await);
    let found = pw
        .query("uniquecode", &unique, "private/query/by/uniquecode")
        .await;
    assert_eq!(found["Body"]["Paywall"]["AnySuccessCancel"], true);
    assert_eq!(found["Body"]["Paywall"]["TypeId"], 2);

    // revert: 0 = everything.
    let body = json!({"PaymentId": seed::paywall::PREVIOUS_DAY_PAYMENT_ID, "Amount": 0});
    assert_success(
        &pw.private_call("private/revert/by/paymentid", body.clone())
            .await,
    );
    assert_refused(&pw.private_call("private/revert/by/paymentid", body).await);
}

#[tokio::test]
async fn bulk_refund_and_cancel_update_the_batch() {
    let (_sandbox, pw) = Paywall::start().await;
    let code = pw.info.bulk_merchant_unique_code.clone();
    let post = |path: &'static str, body: Value| {
        let request = pw.public(pw.post(Host::Payment, path, body));
        async move { request.send().await.unwrap().json::<Value>().await.unwrap() }
    };
    // The batch is from yesterday: no cancel, but a refund.
    let cancel = post(
        "payment/bulk/payment/cancel",
        json!({"Date": yesterday(), "MerchantUniqueCode": code}),
    )
    .await;
    assert_refused(&cancel);
    assert_eq!(cancel["ErrorCodeType"], 1);
    let refund = post(
        "payment/bulk/payment/refund",
        json!({"Date": yesterday(), "MerchantUniqueCode": code}),
    )
    .await;
    assert_success(&refund);
    assert_eq!(refund["ErrorCodeType"], 1);
    assert!(refund["ErrorMessage"].is_null());
    assert_eq!(refund["Message"], "Bulk payment created and enqueued");
    assert_eq!(refund["Body"]["Result"], true);
    assert_eq!(
        refund["Body"]["TotalPaymentCount"], 16,
        "19 successful minus 2 refunded and 1 cancelled"
    );
    assert!(refund["Body"]["BulkPaymentId"].as_i64().unwrap() > seed::paywall::BULK_PAYMENT_ID);

    let page = pw.bulk_page(1000, 1).await;
    for p in page["Payments"].as_array().unwrap() {
        match p["Status"].as_i64().unwrap() {
            4 => assert_ne!(
                p["Scope"], 1,
                "every successful sale is now refunded or cancelled"
            ),
            _ => assert_eq!(p["Scope"], 1),
        }
    }
    assert_refused(
        &post(
            "payment/bulk/payment/refund",
            json!({"Date": yesterday(), "MerchantUniqueCode": code}),
        )
        .await,
    );

    // Wrong date: not found.
    let wrong = post(
        "payment/bulk/payment/retry",
        json!({"Date": today(), "MerchantUniqueCode": code}),
    )
    .await;
    assert_eq!(wrong["ErrorCode"], -1);
    let retry = post(
        "payment/bulk/payment/retry",
        json!({"Date": yesterday(), "MerchantUniqueCode": code}),
    )
    .await;
    assert_success(&retry);
    assert_eq!(retry["Body"]["TotalPaymentCount"], 3);
    let callback = post(
        "payment/bulk/payment/send/callback",
        json!({"Date": yesterday(), "MerchantUniqueCode": code}),
    )
    .await;
    assert_success(&callback);
    assert_eq!(
        callback["Body"]["BulkPaymentId"],
        seed::paywall::BULK_PAYMENT_ID
    );

    // List cancel needs a CallbackUrl; today's single payment can be cancelled that way.
    let item =
        json!([{"MerchantUniqueCode": seed::paywall::SAME_DAY_PAYMENT_CODE, "Date": today()}]);
    assert_refused(&post("payment/bulk/batch/cancel", json!({"Payments": item})).await);
    let listed = post(
        "payment/bulk/batch/cancel",
        json!({"Payments": item, "CallbackUrl": "https://shop.example.com/cb"}),
    )
    .await;
    assert_success(&listed);
    assert_eq!(listed["Body"]["TotalPaymentCount"], 1);
    let item = json!([{"MerchantUniqueCode": seed::paywall::PREVIOUS_DAY_PAYMENT_CODE, "Date": yesterday()}]);
    assert_success(&post("payment/bulk/batch/refund", json!({"Payments": item})).await);

    // Not JSON: HTTP 415 without the content type.
    let response = pw
        .public(pw.http.post(format!(
            "{}/api/paywall/payment/bulk/payment/refund",
            pw.info.payment_api_url
        )))
        .body("Date=x")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::UNSUPPORTED_MEDIA_TYPE);
}
