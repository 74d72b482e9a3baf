//! Orders: /api/content/orders-storage and /api/content/orders
//! (docs/providers/oneentry.md#orders).

use std::collections::BTreeMap;

use oneentry_client::wire::{Localized, PaymentStrategy};
use oneentry_client::{CallExt, Client, OneEntryError, types};
use rust_decimal_macros::dec;
use serde_json::json;
use wiremock::{MockServer, ResponseTemplate};

use crate::support::*;

/// seed 003 (docs/providers/oneentry.md#sources): the createOrder answer, verbatim.
const CREATED_ORDER_SEED: &str = r#"{
"id": 89,
"formIdentifier": "order",
"paymentAccountIdentifier": "cash",
"formData": [
{
"type": "string",
"marker": "name",
"value": "Christina Thomas"
}
],
"products": [
{
"productId": 14,
"quantity": 1
}
],
"currency": "USD",
"totalSum": 340,
"createdDate": "2025-04-30T20:15:29.254Z"
}"#;

/// The seed 003 order body, formData keyed by the client's language.
fn seed_order(client: &Client) -> types::OrderRequest {
    types::OrderRequest {
        form_identifier: "order".into(),
        payment_account_identifier: "cash".into(),
        form_data: client.form_data(vec![types::FormField::new(
            "name",
            "string",
            json!("Christina Thomas"),
        )]),
        products: vec![types::OrderProductRequest {
            product_id: 14,
            quantity: 1,
            signed_price: None,
        }],
        coupon_code: None,
        additional_discounts_markers: vec![],
        bonus_amount: None,
    }
}

/// What the seed order looks like on the wire (docs/providers/oneentry.md#order-body; keys
/// in the generated struct's order).
const SEED_ORDER_BODY: &str = r#"{"formData":{"en_US":[{"marker":"name","type":"string","value":"Christina Thomas"}]},"formIdentifier":"order","paymentAccountIdentifier":"cash","products":[{"productId":14,"quantity":1}]}"#;

fn assert_seed_created_order(order: &types::CreatedOrder) {
    assert_eq!(order.id, 89);
    assert_eq!(order.form_identifier.as_deref(), Some("order"));
    assert_eq!(order.payment_account_identifier.as_deref(), Some("cash"));
    let form = order.form_data.as_ref().unwrap();
    assert!(
        matches!(form, Localized::Single(_)),
        "the seed sends a plain list"
    );
    let fields = form.get("en_US").unwrap();
    assert_eq!(fields.len(), 1);
    assert_eq!(
        fields[0],
        types::FormField::new("name", "string", json!("Christina Thomas"))
    );
    assert_eq!(order.products.len(), 1);
    assert_eq!(
        (order.products[0].product_id, order.products[0].quantity),
        (14, 1)
    );
    assert_eq!(order.currency.as_deref(), Some("USD"));
    assert_eq!(order.total_sum, dec!(340));
    assert_eq!(order.total_sum.to_string(), "340");
    assert_eq!(
        order.created_date.unwrap().to_rfc3339(),
        "2025-04-30T20:15:29.254+00:00"
    );
}

#[tokio::test]
async fn create_order_posts_language_keyed_form_data_without_query() {
    let server = MockServer::start().await;
    answer(
        &server,
        "POST",
        "/api/content/orders-storage/marker/orders/orders",
        created(CREATED_ORDER_SEED),
    )
    .await;
    let client = signed_in(&server);
    let order = client
        .create_order()
        .marker("orders")
        .body(seed_order(&client))
        .send()
        .payload()
        .await
        .unwrap();
    assert_seed_created_order(&order);
    assert_sent(
        &server,
        "POST",
        "/api/content/orders-storage/marker/orders/orders",
        Some(ACCESS),
        SEED_ORDER_BODY,
    )
    .await;
}

#[tokio::test]
async fn form_data_uses_the_configured_language_and_optional_fields_are_sent() {
    let server = MockServer::start().await;
    answer(
        &server,
        "POST",
        "/api/content/orders-storage/marker/orders/orders",
        json(CREATED_ORDER_SEED),
    )
    .await;
    let mut config = config(&server);
    config.lang_code = "tr_TR".into();
    let client = Client::from_config(&config).unwrap();
    let mut order = seed_order(&client);
    order.coupon_code = Some("SPRING".into());
    order.additional_discounts_markers = vec!["vip".into()];
    order.bonus_amount = Some(dec!(10.50));
    order.products[0].signed_price = Some("sig-1".into());
    client
        .create_order()
        .marker("orders")
        .body(order)
        .send()
        .payload()
        .await
        .unwrap();
    assert_eq!(
        body(&the_request(&server).await),
        r#"{"additionalDiscountsMarkers":["vip"],"bonusAmount":10.50,"couponCode":"SPRING","formData":{"tr_TR":[{"marker":"name","type":"string","value":"Christina Thomas"}]},"formIdentifier":"order","paymentAccountIdentifier":"cash","products":[{"productId":14,"quantity":1,"signedPrice":"sig-1"}]}"#
    );
}

#[tokio::test]
async fn update_order_puts_with_lang_code_and_no_device_metadata() {
    let server = MockServer::start().await;
    answer(
        &server,
        "PUT",
        "/api/content/orders-storage/marker/orders/orders/89",
        json(CREATED_ORDER_SEED),
    )
    .await;
    let client = signed_in(&server);
    let order = client
        .update_order_by_marker_and_id()
        .marker("orders")
        .id(89)
        .body(seed_order(&client))
        .send()
        .payload()
        .await
        .unwrap();
    assert_seed_created_order(&order);
    assert_sent(
        &server,
        "PUT",
        "/api/content/orders-storage/marker/orders/orders/89?langCode=en_US",
        Some(ACCESS),
        SEED_ORDER_BODY,
    )
    .await;
}

const ORDERS_PAGE: &str = r#"{"items":[{"id":89,"storageId":1,"createdDate":"2025-04-30T20:15:29.254Z",
 "statusIdentifier":"inProgress","formIdentifier":"order",
 "formData":{"en_US":[{"marker":"name","type":"string","value":"Christina Thomas"}],"ru_RU":[{"marker":"name","type":"string","value":"Кристина"}]},
 "attributeSetIdentifier":null,"totalSum":"300.00","currency":"","paymentAccountIdentifier":"cash",
 "paymentAccountLocalizeInfos":{"en_US":{"title":"Cash"}},"paymentUrl":null,
 "products":[{"id":14,"quantity":1,"title":"Box","sku":null,"previewImage":null,"price":300.00,"isGift":false}],
 "isCompleted":null,"statusLocalizeInfos":{"title":"In progress"},
 "paymentStatusIdentifier":"inProgress-payment","paymentStatusLocalizeInfos":null,
 "somethingNew":[1.5,{"x":2}]}],"total":1}"#;

#[tokio::test]
async fn get_all_orders_by_marker_sends_lang_limit_offset_and_reads_string_totals() {
    let server = MockServer::start().await;
    answer(
        &server,
        "GET",
        "/api/content/orders-storage/marker/orders/orders",
        json(ORDERS_PAGE),
    )
    .await;
    let page = signed_in(&server)
        .get_all_orders_by_marker()
        .marker("orders")
        .send()
        .payload()
        .await
        .unwrap();
    assert_sent(
        &server,
        "GET",
        "/api/content/orders-storage/marker/orders/orders?langCode=en_US&limit=30&offset=0",
        Some(ACCESS),
        "",
    )
    .await;
    assert_eq!(page.total, 1);
    let order = &page.items[0];
    assert_eq!(order.total_sum, dec!(300.00));
    assert_eq!(order.total_sum.to_string(), "300.00", "scale survives");
    assert_eq!(order.currency.as_deref(), Some(""));
    assert_eq!(order.status_identifier.as_deref(), Some("inProgress"));
    assert_eq!(
        order.payment_status_identifier.as_deref(),
        Some("inProgress-payment")
    );
    assert_eq!(order.payment_status_localize_infos, None);
    assert_eq!(order.attribute_set_identifier, None);
    let form = order.form_data.as_ref().unwrap();
    assert_eq!(form.get("ru_RU").unwrap()[0].value, Some(json!("Кристина")));
    assert_eq!(form.languages().count(), 2);
    assert_eq!(
        order
            .status_localize_infos
            .as_ref()
            .unwrap()
            .get("en_US")
            .unwrap()
            .title,
        "In progress"
    );
    assert_eq!(order.products[0].price, Some(dec!(300.00)));
    assert_eq!(order.products[0].preview_image, None);
}

#[tokio::test]
async fn get_all_orders_by_marker_with_paging_and_language() {
    let server = MockServer::start().await;
    answer(
        &server,
        "GET",
        "/api/content/orders-storage/marker/my%20orders/orders",
        json(r#"{"items":[],"total":0}"#),
    )
    .await;
    signed_in(&server)
        .get_all_orders_by_marker()
        .marker("my orders")
        .lang_code("ru_RU")
        .offset(60)
        .limit(20)
        .send()
        .payload()
        .await
        .unwrap();
    assert_eq!(
        target(&the_request(&server).await),
        "/api/content/orders-storage/marker/my%20orders/orders?langCode=ru_RU&limit=20&offset=60"
    );
}

#[tokio::test]
async fn get_order_by_marker_and_id_keeps_every_decimal_and_vendor_fields() {
    let server = MockServer::start().await;
    answer(
        &server,
        "GET",
        "/api/content/orders-storage/marker/orders/orders/89",
        json(r#"{"id":89,"storageId":1,"createdDate":"2025-04-30T20:15:29.254Z","formData":[],
          "totalSum":"12345678901234.12345678","totalSumRaw":"12345678901234.12345678","currency":"USD",
          "paymentUrl":"https://pay.example/89","products":[],"isCompleted":false,
          "isPartial":true,"paymentStrategy":"split",
          "split":{"completed":false,"partial":true,"stages":[{"marker":"first","sessionId":46,"productId":14,"title":"Deposit","value":150.25,"status":"completed"}]},
          "discountConfig":{"bonus":null,"coupon":null,"orderDiscounts":[],"productDiscounts":[],"settings":{"allowGiftStacking":false,"allowStacking":true,"maxDiscountValue":null},"totalSumWithDiscount":12345678901234.12345678}}"#),
    )
    .await;
    let order = signed_in(&server)
        .get_order_by_marker_and_id()
        .marker("orders")
        .id(89)
        .send()
        .payload()
        .await
        .unwrap();
    assert_sent(
        &server,
        "GET",
        "/api/content/orders-storage/marker/orders/orders/89?langCode=en_US",
        Some(ACCESS),
        "",
    )
    .await;
    assert_eq!(order.total_sum, dec!(12345678901234.12345678));
    assert_eq!(order.total_sum.to_string(), "12345678901234.12345678");
    assert_eq!(order.total_sum_raw, Some(dec!(12345678901234.12345678)));
    let discount = order.discount_config.as_ref().unwrap();
    assert_eq!(
        discount.total_sum_with_discount,
        Some(dec!(12345678901234.12345678))
    );
    assert_eq!(discount.bonus, None);
    assert_eq!(order.payment_strategy, Some(PaymentStrategy::Split));
    assert_eq!(order.is_partial, Some(true));
    let stage = &order.split.as_ref().unwrap().stages[0];
    assert_eq!(stage.value, Some(json!(150.25)));
    assert_eq!(stage.title.as_deref(), Some("Deposit"));
    assert_eq!(order.form_data, Some(Localized::Single(vec![])));
}

#[tokio::test]
async fn get_all_orders_storage_is_a_plain_array() {
    let server = MockServer::start().await;
    answer(
        &server,
        "GET",
        "/api/content/orders-storage",
        json(r#"[{"id":1,"localizeInfos":{"en_US":{"title":"Orders"}},"position":1,"identifier":"orders","formIdentifier":"order","generalTypeId":22,"paymentAccountIdentifiers":[{"identifier":"cash"},{"identifier":"stripe"}]}]"#),
    )
    .await;
    let storages = signed_in(&server)
        .get_all_orders_storage()
        .send()
        .payload()
        .await
        .unwrap();
    assert_sent(
        &server,
        "GET",
        "/api/content/orders-storage?langCode=en_US&limit=30&offset=0",
        Some(ACCESS),
        "",
    )
    .await;
    assert_eq!(storages.len(), 1);
    assert_eq!(storages[0].identifier.as_deref(), Some("orders"));
    assert_eq!(
        storages[0].payment_account_identifiers[1].identifier,
        "stripe"
    );
}

#[tokio::test]
async fn get_orders_storage_by_marker() {
    let server = MockServer::start().await;
    answer(
        &server,
        "GET",
        "/api/content/orders-storage/marker/orders",
        json(r#"{"id":1,"localizeInfos":{"title":"Orders"},"position":null,"identifier":"orders","formIdentifier":null,"generalTypeId":null,"paymentAccountIdentifiers":[]}"#),
    )
    .await;
    let storage = signed_in(&server)
        .get_orders_storage_by_marker()
        .marker("orders")
        .lang_code("de_DE")
        .send()
        .payload()
        .await
        .unwrap();
    assert_sent(
        &server,
        "GET",
        "/api/content/orders-storage/marker/orders?langCode=de_DE",
        Some(ACCESS),
        "",
    )
    .await;
    assert_eq!(storage.position, None);
    assert_eq!(
        storage.localize_infos.unwrap().get("de_DE").unwrap().title,
        "Orders"
    );
}

#[tokio::test]
async fn preview_order_posts_with_lang_code() {
    let server = MockServer::start().await;
    answer(
        &server,
        "POST",
        "/api/content/orders-storage/orders/preview",
        json(r#"{"totalSum":600,"totalSumWithDiscount":589.5,"discountConfig":{"bonus":{"availableBalance":100,"bonusApplied":10.5,"maxBonusDiscount":50,"minBonusAmount":null,"minOrderAmountForBonus":null},"coupon":null,"orderDiscounts":[],"productDiscounts":[],"settings":{"allowGiftStacking":false,"allowStacking":true,"maxDiscountValue":null}},"currency":"USD","orderPreview":[{"id":14,"price":300,"quantity":2,"discountPrice":null,"isGift":false}],"bonusApplied":10.5,"totalDue":589.50}"#),
    )
    .await;
    let preview = signed_in(&server)
        .preview_order()
        .body(types::OrderPreviewRequest {
            products: vec![types::OrderPreviewProduct {
                product_id: Some(14),
                quantity: Some(2),
            }],
            coupon_code: None,
            additional_discounts_markers: vec![],
            bonus_amount: Some(dec!(10.5)),
        })
        .send()
        .payload()
        .await
        .unwrap();
    assert_sent(
        &server,
        "POST",
        "/api/content/orders-storage/orders/preview?langCode=en_US",
        Some(ACCESS),
        r#"{"bonusAmount":10.5,"products":[{"productId":14,"quantity":2}]}"#,
    )
    .await;
    assert_eq!(preview.total_sum, dec!(600));
    assert_eq!(preview.total_sum_with_discount, Some(dec!(589.5)));
    assert_eq!(preview.total_due.unwrap().to_string(), "589.50");
    let bonus = preview.discount_config.unwrap().bonus.unwrap();
    assert_eq!(bonus.bonus_applied, Some(dec!(10.5)));
    assert_eq!(bonus.min_bonus_amount, None);
    assert_eq!(preview.order_preview[0].discount_price, None);
}

#[tokio::test]
async fn get_all_statuses_by_storage_marker_sends_offset_before_limit() {
    let server = MockServer::start().await;
    answer(
        &server,
        "GET",
        "/api/content/orders-storage/marker/orders/order-statuses",
        json(r#"[{"id":1,"localizeInfos":{"en_US":{"title":"New"}},"identifier":"new","position":1,"isUsed":true,"isDefault":true},{"identifier":"inProgress"}]"#),
    )
    .await;
    let statuses = signed_in(&server)
        .get_all_statuses_by_storage_marker()
        .marker("orders")
        .send()
        .payload()
        .await
        .unwrap();
    assert_sent(
        &server,
        "GET",
        "/api/content/orders-storage/marker/orders/order-statuses?langCode=en_US&offset=0&limit=30",
        Some(ACCESS),
        "",
    )
    .await;
    assert_eq!(statuses.len(), 2);
    assert_eq!(statuses[0].is_default, Some(true));
    assert_eq!(statuses[1].identifier.as_deref(), Some("inProgress"));
    assert_eq!(statuses[1].id, None);
}

#[tokio::test]
async fn get_refunds_uses_the_orders_prefix() {
    let server = MockServer::start().await;
    answer(
        &server,
        "GET",
        "/api/content/orders/89/refund",
        json(r#"[{"id":3,"createdDate":"2025-05-01T10:00:00.000Z","status":"pending","amount":99.99,"note":"broken","products":{"146":{"quantity":1}},"orderId":89,"orderStorageId":1,"userId":16,"orderStorage":{"identifier":"orders"},"user":null}]"#),
    )
    .await;
    let refunds = signed_in(&server)
        .get_refunds()
        .order_id(89)
        .send()
        .payload()
        .await
        .unwrap();
    assert_sent(
        &server,
        "GET",
        "/api/content/orders/89/refund",
        Some(ACCESS),
        "",
    )
    .await;
    let refund = &refunds[0];
    assert_eq!(refund.amount, Some(dec!(99.99)));
    assert_eq!(refund.status.as_deref(), Some("pending"));
    assert_eq!(refund.products.as_ref().unwrap()["146"].quantity, 1);
    assert_eq!(refund.order_storage, Some(json!({"identifier": "orders"})));
}

#[tokio::test]
async fn create_refund_request_posts_products_by_id() {
    let server = MockServer::start().await;
    answer(
        &server,
        "POST",
        "/api/content/orders/89/refund",
        created("true"),
    )
    .await;
    let products = BTreeMap::from([
        ("146".to_string(), types::RefundQuantity { quantity: 1 }),
        ("15".to_string(), types::RefundQuantity { quantity: 2 }),
    ]);
    let ack = signed_in(&server)
        .create_refund_request()
        .order_id(89)
        .body(types::CreateRefundRequest {
            products,
            note: Some("damaged".into()),
        })
        .send()
        .payload()
        .await
        .unwrap();
    assert!(ack.is_success());
    assert_sent(
        &server,
        "POST",
        "/api/content/orders/89/refund",
        Some(ACCESS),
        r#"{"note":"damaged","products":{"146":{"quantity":1},"15":{"quantity":2}}}"#,
    )
    .await;
}

#[tokio::test]
async fn cancel_refund_request_deletes_with_json_content_type() {
    let server = MockServer::start().await;
    answer(
        &server,
        "DELETE",
        "/api/content/orders/89/refund",
        json(r#"{"success":false,"message":"Nothing to cancel"}"#),
    )
    .await;
    let ack = signed_in(&server)
        .cancel_refund_request()
        .order_id(89)
        .send()
        .payload()
        .await
        .unwrap();
    assert!(!ack.success);
    assert_eq!(ack.message.as_deref(), Some("Nothing to cancel"));
    assert_sent(
        &server,
        "DELETE",
        "/api/content/orders/89/refund",
        Some(ACCESS),
        "",
    )
    .await;
}

#[tokio::test]
async fn validation_errors_with_a_message_list_are_typed() {
    let server = MockServer::start().await;
    answer(
        &server,
        "POST",
        "/api/content/orders-storage/marker/orders/orders",
        ResponseTemplate::new(400).set_body_raw(
            r#"{"statusCode":400,"message":["formData.en_US.0.value must be a string","products must not be empty"],"pageData":null,"timestamp":"2025-06-04T04:38:32.849Z"}"#,
            "application/json",
        ),
    )
    .await;
    let client = signed_in(&server);
    let err = client
        .create_order()
        .marker("orders")
        .body(seed_order(&client))
        .send()
        .payload()
        .await
        .unwrap_err();
    assert!(matches!(err, OneEntryError::Api(_)), "{err:?}");
    assert_eq!(err.status().map(|s| s.as_u16()), Some(400));
    assert_eq!(status_code(&err), Some(400));
    assert_eq!(
        messages(&err),
        [
            "formData.en_US.0.value must be a string",
            "products must not be empty"
        ]
    );
}

#[tokio::test]
async fn a_missing_required_parameter_is_an_invalid_request() {
    let server = MockServer::start().await;
    let err = signed_in(&server)
        .get_order_by_marker_and_id()
        .id(1)
        .send()
        .payload()
        .await
        .unwrap_err();
    assert!(
        matches!(&err, OneEntryError::InvalidRequest(m) if m.contains("marker")),
        "{err:?}"
    );
    assert!(server.received_requests().await.unwrap().is_empty());
}
