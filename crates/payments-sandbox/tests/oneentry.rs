//! The fake OneEntry over real HTTP: auth checks, token rotation, the seed scenario, orders,
//! refund requests.

use payments_sandbox::{OneEntryInfo, Sandbox, seed};
use reqwest::{Client, Method, Response, StatusCode};
use serde_json::{Value, json};

const FINGERPRINT: &str = r#"{"fingerprint":"UQ_rust-test","deviceInfo":{"os":"Linux","browser":"reqwest","location":"en-US"}}"#;

struct OneEntry {
    http: Client,
    info: OneEntryInfo,
}

impl OneEntry {
    async fn start() -> (Sandbox, Self) {
        let sandbox = Sandbox::start().await.expect("sandbox starts");
        let info = sandbox.info().oneentry.clone();
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

    /// A request as the SDK builds it: JSON content type and app token always, device
    /// metadata on POST, the Bearer when given.
    async fn call(
        &self,
        method: Method,
        path: &str,
        bearer: Option<&str>,
        body: Option<Value>,
    ) -> Response {
        let mut request = self
            .http
            .request(method.clone(), format!("{}{path}", self.info.url))
            .header("content-type", "application/json")
            .header("x-app-token", &self.info.app_token);
        if method == Method::POST {
            request = request.header("x-device-metadata", FINGERPRINT);
        }
        if let Some(token) = bearer {
            request = request.bearer_auth(token);
        }
        if let Some(body) = body {
            request = request.body(body.to_string());
        }
        request.send().await.expect("request reaches the sandbox")
    }

    fn auth_body(&self, password: &str) -> Value {
        json!({"authData": [
            {"marker": self.info.login_field, "value": self.info.login},
            {"marker": self.info.password_field, "value": password},
        ]})
    }

    fn auth_path(&self, action: &str) -> String {
        format!(
            "/api/content/users-auth-providers/marker/{}/users/{action}",
            self.info.auth_marker
        )
    }

    /// Signs in; returns `(accessToken, refreshToken)`.
    async fn sign_in(&self) -> (String, String) {
        let response = self
            .call(
                Method::POST,
                &self.auth_path("auth"),
                None,
                Some(self.auth_body(&self.info.password)),
            )
            .await;
        assert_eq!(response.status(), StatusCode::CREATED);
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["userIdentifier"], self.info.login.as_str());
        assert_eq!(body["authProviderIdentifier"], "email");
        (
            body["accessToken"].as_str().unwrap().to_string(),
            body["refreshToken"].as_str().unwrap().to_string(),
        )
    }

    async fn refresh(&self, token: &str, device: &str) -> Response {
        self.http
            .post(format!("{}{}", self.info.url, self.auth_path("refresh")))
            .header("content-type", "application/json")
            .header("x-app-token", &self.info.app_token)
            .header("x-device-metadata", device)
            .body(json!({ "refreshToken": token }).to_string())
            .send()
            .await
            .unwrap()
    }

    fn order_body(&self, quantity: u32) -> Value {
        json!({
            "formIdentifier": self.info.form_identifier,
            "paymentAccountIdentifier": self.info.payment_account_identifier,
            "formData": {"en_US": [{"marker": "name", "type": "string", "value": "Christina Thomas"}]},
            "products": [{"productId": self.info.product_id, "quantity": quantity}],
        })
    }
}

async fn error_body(response: Response, status: StatusCode) -> Value {
    assert_eq!(response.status(), status);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["statusCode"], status.as_u16());
    assert!(body["pageData"].is_null());
    assert!(body["timestamp"].as_str().unwrap().ends_with('Z'));
    body
}

#[tokio::test]
async fn seed_scenario_sign_in_order_session_listing() {
    let (_sandbox, oe) = OneEntry::start().await;
    let (token, _) = oe.sign_in().await;

    // createOrder: no query string, formData keyed by language, totalSum a number.
    let path = format!(
        "/api/content/orders-storage/marker/{}/orders",
        oe.info.order_storage_marker
    );
    let response = oe
        .call(Method::POST, &path, Some(&token), Some(oe.order_body(1)))
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let text = response.text().await.unwrap();
    assert!(text.contains(r#""totalSum":340.00"#), "{text}");
    let order: Value = serde_json::from_str(&text).unwrap();
    let order_id = order["id"].as_i64().unwrap();
    assert_eq!(order_id, seed::oneentry::FIRST_NEW_ORDER_ID);
    assert_eq!(order["formData"]["en_US"][0]["value"], "Christina Thomas");
    assert_eq!(
        order["products"],
        json!([{"productId": seed::oneentry::PRODUCT_ID, "quantity": 1}])
    );
    assert_eq!(order["currency"], "USD");

    // createSession -> waiting.
    let body = json!({"orderId": order_id, "type": "session", "automaticTaxEnabled": false});
    let response = oe
        .call(
            Method::POST,
            "/api/content/payments/sessions",
            Some(&token),
            Some(body),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let session: Value = response.json().await.unwrap();
    assert_eq!(session["status"], "waiting");
    assert_eq!(session["type"], "session");
    assert_eq!(session["orderId"], order_id);
    assert_eq!(session["paymentAccountId"], seed::oneentry::CASH_ACCOUNT_ID);
    assert!(session["paymentUrl"].is_null());

    // getSessionByOrderId: a JSON array.
    let path = format!("/api/content/payments/sessions/order/{order_id}");
    let by_order: Value = oe
        .call(Method::GET, &path, Some(&token), None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(by_order, json!([session.clone()]));

    // getSessions with the SDK's trailing slash: {total, items}, newest first.
    let list: Value = oe
        .call(
            Method::GET,
            "/api/content/payments/sessions/?offset=0&limit=30",
            Some(&token),
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(list["total"], 2, "the seeded paid session and the new one");
    assert_eq!(list["items"][0], session);
    assert_eq!(list["items"][1]["status"], "completed");
    let page: Value = oe
        .call(
            Method::GET,
            "/api/content/payments/sessions/?offset=1&limit=1",
            Some(&token),
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(page["total"], 2);
    assert_eq!(page["items"].as_array().unwrap().len(), 1);
    assert_eq!(page["items"][0]["id"], seed::oneentry::PAID_SESSION_ID);

    // getSessionById.
    let path = format!("/api/content/payments/sessions/{}", session["id"]);
    let one: Value = oe
        .call(Method::GET, &path, Some(&token), None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(one, session);

    // Order reads: totalSum as a string.
    let path =
        format!("/api/content/orders-storage/marker/orders/orders/{order_id}?langCode=en_US");
    let read: Value = oe
        .call(Method::GET, &path, Some(&token), None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(read["totalSum"], "340.00");
    assert_eq!(read["products"][0]["price"].to_string(), "340.00");
    assert_eq!(read["isCompleted"], false);
    let all: Value = oe
        .call(
            Method::GET,
            "/api/content/orders-storage/marker/orders/orders?langCode=en_US&limit=30&offset=0",
            Some(&token),
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(all["total"], 2);
    assert_eq!(all["items"][0]["id"], order_id);
}

#[tokio::test]
async fn app_token_is_checked_on_every_call() {
    let (sandbox, oe) = OneEntry::start().await;
    let url = format!("{}{}", oe.info.url, oe.auth_path("auth"));
    for token in [Some("wrong-token"), None] {
        let mut request = oe
            .http
            .post(&url)
            .header("content-type", "application/json")
            .header("x-device-metadata", FINGERPRINT)
            .body(oe.auth_body(&oe.info.password).to_string());
        if let Some(token) = token {
            request = request.header("x-app-token", token);
        }
        let body = error_body(request.send().await.unwrap(), StatusCode::FORBIDDEN).await;
        assert_eq!(body["message"], "Resource is closed");
    }
    // Unknown routes are behind the token too.
    let response = oe
        .http
        .get(format!("{}/api/content/nothing", oe.info.url))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_eq!(sandbox.oneentry().rejected_app_tokens(), 3);
    assert_eq!(sandbox.oneentry().sign_ins(), 0);

    let response = oe
        .call(Method::GET, "/api/content/nothing", None, None)
        .await;
    let body = error_body(response, StatusCode::NOT_FOUND).await;
    assert_eq!(body["message"], "Cannot GET /api/content/nothing");
}

#[tokio::test]
async fn user_calls_need_a_bearer() {
    let (sandbox, oe) = OneEntry::start().await;
    for path in [
        "/api/content/payments/sessions/?offset=0&limit=30",
        "/api/content/payments/accounts",
        "/api/content/orders-storage/marker/orders/orders?langCode=en_US&limit=30&offset=0",
    ] {
        let body = error_body(
            oe.call(Method::GET, path, None, None).await,
            StatusCode::UNAUTHORIZED,
        )
        .await;
        assert_eq!(body["message"], "Unauthorized");
        let body = error_body(
            oe.call(Method::GET, path, Some("not-a-token"), None).await,
            StatusCode::UNAUTHORIZED,
        )
        .await;
        assert_eq!(body["message"], "Unauthorized");
    }
    assert_eq!(sandbox.oneentry().unauthorized(), 6);
}

#[tokio::test]
async fn sign_in_checks_credentials_and_auth_data_shape() {
    let (_sandbox, oe) = OneEntry::start().await;
    let path = oe.auth_path("auth");
    let response = oe
        .call(Method::POST, &path, None, Some(oe.auth_body("wrong")))
        .await;
    let body = error_body(response, StatusCode::UNAUTHORIZED).await;
    assert!(
        !body.to_string().contains("wrong\""),
        "the password is not echoed"
    );

    // Only {marker, value} per item.
    let extra = json!({"authData": [
        {"marker": "email_reg", "value": oe.info.login, "type": "string"},
        {"marker": "password_reg", "value": oe.info.password},
    ]});
    let body = error_body(
        oe.call(Method::POST, &path, None, Some(extra)).await,
        StatusCode::BAD_REQUEST,
    )
    .await;
    assert_eq!(
        body["message"],
        json!(["authData.0.property type should not exist"])
    );

    // Device metadata is required to sign in.
    let response = oe
        .http
        .post(format!("{}{path}", oe.info.url))
        .header("content-type", "application/json")
        .header("x-app-token", &oe.info.app_token)
        .body(oe.auth_body(&oe.info.password).to_string())
        .send()
        .await
        .unwrap();
    error_body(response, StatusCode::BAD_REQUEST).await;

    // Unknown provider marker.
    let response = oe
        .call(
            Method::POST,
            "/api/content/users-auth-providers/marker/phone/users/auth",
            None,
            Some(oe.auth_body(&oe.info.password)),
        )
        .await;
    error_body(response, StatusCode::NOT_FOUND).await;
}

#[tokio::test]
async fn refresh_tokens_rotate_once_and_stay_on_their_device() {
    let (sandbox, oe) = OneEntry::start().await;
    let (_, first) = oe.sign_in().await;

    let other_device =
        r#"{"fingerprint":"UQ_someone-else","deviceInfo":{"os":"x","browser":"y","location":"z"}}"#;
    let body = error_body(
        oe.refresh(&first, other_device).await,
        StatusCode::BAD_REQUEST,
    )
    .await;
    assert!(body["message"].as_str().unwrap().contains("another device"));

    let response = oe.refresh(&first, FINGERPRINT).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    let rotated: Value = response.json().await.unwrap();
    let second = rotated["refreshToken"].as_str().unwrap();
    assert_ne!(second, first);

    let body = error_body(
        oe.refresh(&first, FINGERPRINT).await,
        StatusCode::BAD_REQUEST,
    )
    .await;
    assert_eq!(body["message"], "Refresh token has already been used");
    error_body(
        oe.refresh("1745494429101-unknown", FINGERPRINT).await,
        StatusCode::BAD_REQUEST,
    )
    .await;

    let response = oe.refresh(second, FINGERPRINT).await;
    assert_eq!(response.status(), StatusCode::CREATED);
    assert_eq!(sandbox.oneentry().refreshes(), 2);
    assert_eq!(sandbox.oneentry().rejected_refreshes(), 3);
}

#[tokio::test]
async fn expired_access_tokens_get_401_until_refreshed() {
    let (sandbox, oe) = OneEntry::start().await;
    let (access, refresh) = oe.sign_in().await;
    let path = "/api/content/payments/accounts";
    assert_eq!(
        oe.call(Method::GET, path, Some(&access), None)
            .await
            .status(),
        StatusCode::OK
    );

    assert_eq!(sandbox.oneentry().expire_access_tokens(), 1);
    error_body(
        oe.call(Method::GET, path, Some(&access), None).await,
        StatusCode::UNAUTHORIZED,
    )
    .await;

    let fresh: Value = oe
        .refresh(&refresh, FINGERPRINT)
        .await
        .json()
        .await
        .unwrap();
    let fresh = fresh["accessToken"].as_str().unwrap();
    let accounts: Value = oe
        .call(Method::GET, path, Some(fresh), None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(accounts[0]["identifier"], "cash");
    assert_eq!(accounts[0]["type"], "custom");
    assert_eq!(
        accounts[0]["localizeInfos"],
        json!({"en_US": {"title": "Cash"}})
    );
    assert_eq!(accounts[1]["identifier"], "stripe");
    assert_eq!(sandbox.oneentry().refreshes(), 1);
    assert_eq!(sandbox.oneentry().unauthorized(), 1);

    let one: Value = oe
        .call(
            Method::GET,
            "/api/content/payments/accounts/2",
            Some(fresh),
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(one["type"], "stripe");
    assert_eq!(one["settings"]["status"], "connected");
}

#[tokio::test]
async fn logout_ends_the_sign_in() {
    let (_sandbox, oe) = OneEntry::start().await;
    let (access, refresh) = oe.sign_in().await;
    let response = oe
        .call(
            Method::POST,
            &oe.auth_path("logout"),
            Some(&access),
            Some(json!({ "refreshToken": refresh })),
        )
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    assert_eq!(response.json::<Value>().await.unwrap(), json!(true));
    let path = "/api/content/payments/accounts";
    error_body(
        oe.call(Method::GET, path, Some(&access), None).await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
    error_body(
        oe.refresh(&refresh, FINGERPRINT).await,
        StatusCode::BAD_REQUEST,
    )
    .await;

    // logout-all ends every sign-in of the user.
    let (a1, _) = oe.sign_in().await;
    let (a2, _) = oe.sign_in().await;
    let sessions: Value = oe
        .call(Method::GET, &oe.auth_path("sessions"), Some(&a1), None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(sessions.as_array().unwrap().len(), 2);
    assert_eq!(sessions[0]["deviceInfo"]["browser"], "reqwest");
    let response = oe
        .call(Method::POST, &oe.auth_path("logout-all"), Some(&a1), None)
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    error_body(
        oe.call(Method::GET, path, Some(&a2), None).await,
        StatusCode::UNAUTHORIZED,
    )
    .await;
}

#[tokio::test]
async fn orders_validate_their_body() {
    let (_sandbox, oe) = OneEntry::start().await;
    let (token, _) = oe.sign_in().await;
    let path = "/api/content/orders-storage/marker/orders/orders";

    // formData must be keyed by language (the SDK's rewrite,
    // docs/providers/oneentry.md#order-body).
    let mut bare = oe.order_body(1);
    bare["formData"] = json!([{"marker": "name", "type": "string", "value": "x"}]);
    let body = error_body(
        oe.call(Method::POST, path, Some(&token), Some(bare)).await,
        StatusCode::BAD_REQUEST,
    )
    .await;
    assert!(body["message"].is_array());

    let mut unknown = oe.order_body(1);
    unknown["products"] = json!([{"productId": 999, "quantity": 1}]);
    error_body(
        oe.call(Method::POST, path, Some(&token), Some(unknown))
            .await,
        StatusCode::BAD_REQUEST,
    )
    .await;

    let mut account = oe.order_body(1);
    account["paymentAccountIdentifier"] = json!("paypal");
    error_body(
        oe.call(Method::POST, path, Some(&token), Some(account))
            .await,
        StatusCode::BAD_REQUEST,
    )
    .await;

    let response = oe
        .call(
            Method::POST,
            "/api/content/orders-storage/marker/other/orders",
            Some(&token),
            Some(oe.order_body(1)),
        )
        .await;
    error_body(response, StatusCode::NOT_FOUND).await;

    // Quantity 2 of product 14 and one of 146: 2 × 340.00 + 75.50.
    let mut two = oe.order_body(2);
    two["products"] = json!([{"productId": 14, "quantity": 2}, {"productId": 146, "quantity": 1}]);
    let created: Value = oe
        .call(Method::POST, path, Some(&token), Some(two))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(created["totalSum"].to_string(), "755.50");

    // Update replaces the products.
    let id = created["id"].as_i64().unwrap();
    let updated: Value = oe
        .call(
            Method::PUT,
            &format!("{path}/{id}?langCode=en_US"),
            Some(&token),
            Some(oe.order_body(1)),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(updated["totalSum"].to_string(), "340.00");

    // Storage and statuses.
    let storages: Value = oe
        .call(
            Method::GET,
            "/api/content/orders-storage?langCode=en_US&limit=30&offset=0",
            Some(&token),
            None,
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(storages[0]["identifier"], "orders");
    assert_eq!(storages[0]["formIdentifier"], "order");
    let statuses: Value = oe
        .call(Method::GET, "/api/content/orders-storage/marker/orders/order-statuses?langCode=en_US&offset=0&limit=30", Some(&token), None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(statuses.as_array().unwrap().len(), 4);

    let preview = json!({"products": [{"productId": 1, "quantity": 3}]});
    let answer: Value = oe
        .call(
            Method::POST,
            "/api/content/orders-storage/orders/preview?langCode=en_US",
            Some(&token),
            Some(preview),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(answer["totalSum"].to_string(), "59.97");
    assert_eq!(answer["orderPreview"][0]["price"].to_string(), "19.99");
}

#[tokio::test]
async fn refund_requests_need_a_paid_order() {
    let (sandbox, oe) = OneEntry::start().await;
    let (token, _) = oe.sign_in().await;
    let paid = seed::oneentry::PAID_ORDER_ID;
    let path = format!("/api/content/orders/{paid}/refund");

    let listed: Value = oe
        .call(Method::GET, &path, Some(&token), None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(listed, json!([]));
    let body = json!({"products": {"146": {"quantity": 1}}, "note": "damaged"});
    let response = oe
        .call(Method::POST, &path, Some(&token), Some(body.clone()))
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    assert_eq!(response.json::<Value>().await.unwrap(), json!(true));
    let listed: Value = oe
        .call(Method::GET, &path, Some(&token), None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(listed[0]["status"], "new");
    assert_eq!(listed[0]["amount"].to_string(), "75.50");
    assert_eq!(listed[0]["products"], json!({"146": {"quantity": 1}}));
    assert_eq!(listed[0]["orderId"], paid);

    // One open request at a time; DELETE cancels it.
    error_body(
        oe.call(Method::POST, &path, Some(&token), Some(body.clone()))
            .await,
        StatusCode::BAD_REQUEST,
    )
    .await;
    let response = oe.call(Method::DELETE, &path, Some(&token), None).await;
    assert_eq!(response.json::<Value>().await.unwrap(), json!(true));
    error_body(
        oe.call(Method::DELETE, &path, Some(&token), None).await,
        StatusCode::NOT_FOUND,
    )
    .await;

    // More than was ordered.
    let too_many = json!({"products": {"146": {"quantity": 2}}});
    error_body(
        oe.call(Method::POST, &path, Some(&token), Some(too_many))
            .await,
        StatusCode::BAD_REQUEST,
    )
    .await;

    // A new order is not paid until its session completes.
    let order: Value = oe
        .call(
            Method::POST,
            "/api/content/orders-storage/marker/orders/orders",
            Some(&token),
            Some(oe.order_body(1)),
        )
        .await
        .json()
        .await
        .unwrap();
    let id = order["id"].as_i64().unwrap();
    let new_path = format!("/api/content/orders/{id}/refund");
    let body = json!({"products": {"14": {"quantity": 1}}});
    error_body(
        oe.call(Method::POST, &new_path, Some(&token), Some(body.clone()))
            .await,
        StatusCode::BAD_REQUEST,
    )
    .await;
    let session: Value = oe
        .call(
            Method::POST,
            "/api/content/payments/sessions",
            Some(&token),
            Some(json!({"orderId": id, "type": "session", "automaticTaxEnabled": false})),
        )
        .await
        .json()
        .await
        .unwrap();
    assert!(
        sandbox
            .oneentry()
            .complete_session(session["id"].as_i64().unwrap())
    );
    let response = oe
        .call(Method::POST, &new_path, Some(&token), Some(body))
        .await;
    assert_eq!(response.status(), StatusCode::CREATED);
    // A paid order takes no new session.
    let again = oe
        .call(
            Method::POST,
            "/api/content/payments/sessions",
            Some(&token),
            Some(json!({"orderId": id, "type": "session", "automaticTaxEnabled": false})),
        )
        .await;
    error_body(again, StatusCode::BAD_REQUEST).await;
}

#[tokio::test]
async fn sessions_validate_their_body() {
    let (_sandbox, oe) = OneEntry::start().await;
    let (token, _) = oe.sign_in().await;
    let path = "/api/content/payments/sessions";
    let bad = json!({"orderId": "89", "type": "card", "automaticTaxEnabled": "no"});
    let body = error_body(
        oe.call(Method::POST, path, Some(&token), Some(bad)).await,
        StatusCode::BAD_REQUEST,
    )
    .await;
    assert_eq!(body["message"].as_array().unwrap().len(), 3);
    let missing = json!({"orderId": 12345, "type": "session", "automaticTaxEnabled": false});
    error_body(
        oe.call(Method::POST, path, Some(&token), Some(missing))
            .await,
        StatusCode::NOT_FOUND,
    )
    .await;
    error_body(
        oe.call(
            Method::GET,
            "/api/content/payments/sessions/abc",
            Some(&token),
            None,
        )
        .await,
        StatusCode::BAD_REQUEST,
    )
    .await;
    error_body(
        oe.call(
            Method::GET,
            "/api/content/payments/sessions/999",
            Some(&token),
            None,
        )
        .await,
        StatusCode::NOT_FOUND,
    )
    .await;

    // A Stripe order's intent carries a client secret and the amount.
    let mut stripe = oe.order_body(1);
    stripe["paymentAccountIdentifier"] = json!("stripe");
    let order: Value = oe
        .call(
            Method::POST,
            "/api/content/orders-storage/marker/orders/orders",
            Some(&token),
            Some(stripe),
        )
        .await
        .json()
        .await
        .unwrap();
    let intent: Value = oe
        .call(
            Method::POST,
            path,
            Some(&token),
            Some(json!({"orderId": order["id"], "type": "intent", "automaticTaxEnabled": true})),
        )
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        intent["paymentAccountId"],
        seed::oneentry::STRIPE_ACCOUNT_ID
    );
    assert!(intent["clientSecret"].as_str().unwrap().starts_with("pi_"));
    assert_eq!(intent["amount"].to_string(), "340.00");
    let session: Value = oe
        .call(
            Method::POST,
            path,
            Some(&token),
            Some(json!({"orderId": order["id"], "type": "session", "automaticTaxEnabled": false})),
        )
        .await
        .json()
        .await
        .unwrap();
    assert!(
        session["paymentUrl"]
            .as_str()
            .unwrap()
            .starts_with("https://checkout.stripe.com/")
    );
}
