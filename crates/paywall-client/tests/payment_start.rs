//! `payment/startdirect` (2D payment start): PaymentAPI host, public key pair, base64
//! provider errors (docs/providers/paywall.md#payment-start,
//! docs/providers/paywall.md#provider-errors).

mod common;

use common::{Hosts, assert_post};
use paywall_client::KeyPair;
use paywall_client::types::{
    PaymentCard, PaymentCustomer, PaymentDetail, PaymentProduct, PaymentStartRequest,
};
use paywall_client::wire::{Channel, Currency, SensitiveText};
use paywall_client::{CallExt, PaywallError, Refusal};
use rust_decimal_macros::dec;

const ROUTE: &str = "/api/paywall/payment/startdirect";

fn request() -> PaymentStartRequest {
    PaymentStartRequest {
        payment_detail: PaymentDetail::builder()
            .amount(dec!(1.59))
            .merchant_unique_code("order-1001")
            .currency_id(Some(Currency::Try))
            .installment(Some(1))
            .channel_id(Some(Channel::Web))
            .client_ip(Some("203.0.113.7".to_string()))
            .try_into()
            .expect("valid detail"),
        card: PaymentCard {
            owner_name: Some("Ada Lovelace".try_into().expect("short name")),
            number: Some(SensitiveText::from("4546711234567894")),
            expire_month: Some(12),
            expire_year: Some(2030),
            cvv: Some(SensitiveText::from("000")),
            ..PaymentCard::default()
        },
        customer: Some(PaymentCustomer {
            full_name: Some("Ada Lovelace".into()),
            email: Some("ada@example.com".into()),
            ..PaymentCustomer::default()
        }),
        products: vec![PaymentProduct {
            product_id: Some("sku-1".into()),
            product_name: Some("Book".into()),
            product_amount: Some(dec!(1.59)),
            ..PaymentProduct::default()
        }],
    }
}

const REQUEST_BODY: &str = concat!(
    r#"{"Card":{"Cvv":"000","ExpireMonth":12,"ExpireYear":2030,"Number":"4546711234567894","OwnerName":"Ada Lovelace"},"#,
    r#""Customer":{"Email":"ada@example.com","FullName":"Ada Lovelace"},"#,
    r#""PaymentDetail":{"Amount":1.59,"ChannelId":1,"ClientIP":"203.0.113.7","CurrencyId":1,"Installment":1,"MerchantUniqueCode":"order-1001"},"#,
    r#""Products":[{"ProductAmount":1.59,"ProductId":"sku-1","ProductName":"Book"}]}"#
);

#[tokio::test]
async fn start_direct_posts_the_payment_and_reads_the_result() {
    let hosts = Hosts::start().await;
    let answer = r#"{"ErrorCode": 0, "Result": true, "Message": "",
        "Body": {"Payment": {"PaymentId": 2094937, "ActivityId": 5012,
                             "UniqueCode": "6f1c5a4e-7c39-4a8e-9a53-1b2f0c9d8e7a",
                             "MerchantUniqueKey": "order-1001", "Products": [{"ProductId": "sku-1", "Amount": 1.59}]},
                 "Error": {"ProviderErrorCode": "", "ProviderErrorMessage": "", "BankErrorCode": "", "BankErrorMessage": ""}}}"#;
    hosts
        .expect_json("POST", ROUTE, KeyPair::Public, answer)
        .await;

    let result = hosts
        .client()
        .payment_start_direct()
        .body(request())
        .send()
        .payload()
        .await
        .unwrap();

    assert_post(&hosts.sent(KeyPair::Public).await, ROUTE, REQUEST_BODY);
    let payment = result.payment.expect("Body.Payment");
    assert_eq!(payment.payment_id, Some(2094937));
    assert_eq!(
        payment.unique_code.as_deref(),
        Some("6f1c5a4e-7c39-4a8e-9a53-1b2f0c9d8e7a")
    );
    assert_eq!(payment.products[0]["Amount"].to_string(), "1.59");
    assert!(
        result
            .error
            .expect("Body.Error")
            .provider_error_code
            .expect("code")
            .is_empty()
    );
}

#[tokio::test]
async fn start_direct_failure_carries_the_decoded_provider_and_bank_errors() {
    let hosts = Hosts::start().await;
    // "05" / "Yetersiz bakiye" / "51" base64-encoded, and a bank message that is not base64.
    let answer = r#"{"ErrorCode": 1, "Result": false, "Message": "Ödeme başarısız",
        "Body": {"Payment": {"PaymentId": 2094938},
                 "Error": {"ProviderErrorCode": "MDU=", "ProviderErrorMessage": "WWV0ZXJzaXogYmFraXll",
                           "BankErrorCode": "NTE=", "BankErrorMessage": "Limit yetersiz!"}}}"#;
    hosts
        .expect_json("POST", ROUTE, KeyPair::Public, answer)
        .await;

    let err = hosts
        .client()
        .payment_start_direct()
        .body(request())
        .send()
        .payload()
        .await
        .unwrap_err();

    let api = err.api().expect("an Api error");
    assert_eq!((api.status.as_u16(), api.error_code), (200, Some(1)));
    let provider = api.provider.as_ref().expect("Body.Error");
    let code = provider.provider_error_code.as_ref().unwrap();
    assert_eq!((code.raw(), code.decoded()), ("MDU=", Some("05")));
    assert_eq!(
        provider.provider_error_message.as_ref().unwrap().text(),
        "Yetersiz bakiye"
    );
    assert_eq!(provider.bank_error_code.as_ref().unwrap().text(), "51");
    let bank = provider.bank_error_message.as_ref().unwrap();
    assert_eq!((bank.decoded(), bank.text()), (None, "Limit yetersiz!"));
    assert_eq!(
        err.to_string(),
        "Paywall refused the request (HTTP 200, ErrorCode 1): Ödeme başarısız; provider 05: Yetersiz bakiye; bank 51: Limit yetersiz!"
    );
}

#[tokio::test]
async fn start_direct_needs_the_public_keys_and_never_prints_card_data() {
    let hosts = Hosts::start().await;
    hosts.forbid_requests().await;

    let err = hosts
        .client_with(false, true)
        .payment_start_direct()
        .body(request())
        .send()
        .payload()
        .await
        .unwrap_err();

    assert!(
        matches!(&err, PaywallError::Refused(Refusal::MissingKeys { pair: KeyPair::Public, operation }) if *operation == "payment_start_direct"),
        "{err}"
    );
    let shown = format!("{:?}", request());
    assert!(
        !shown.contains("4546711234567894") && !shown.contains("\"000\""),
        "{shown}"
    );
}

#[tokio::test]
async fn start_direct_rejects_an_overlong_merchant_code_before_sending() {
    let too_long = "x".repeat(251);
    let detail: Result<PaymentDetail, _> = PaymentDetail::builder()
        .amount(dec!(1))
        .merchant_unique_code(too_long.as_str())
        .try_into();
    assert!(detail.is_err());

    let hosts = Hosts::start().await;
    hosts.forbid_requests().await;
    let err = hosts
        .client()
        .payment_start_direct()
        .body_map(|b| {
            b.payment_detail(
                PaymentDetail::builder()
                    .amount(dec!(1))
                    .merchant_unique_code(too_long.as_str()),
            )
            .card(PaymentCard::default())
        })
        .send()
        .payload()
        .await
        .unwrap_err();
    assert!(matches!(err, PaywallError::InvalidRequest(_)), "{err}");
}

/// A dry run prepares the payment start as it would be sent (its host and key pair) and
/// records it with the keys, the card number and the CVV redacted; neither host sees a
/// request.
#[tokio::test]
async fn a_dry_run_records_the_start_without_card_secrets_and_sends_nothing() {
    let hosts = Hosts::start().await;
    let record = payments_wire::DryRun::new();
    let config = hosts
        .config()
        .with_public_keys(common::PUBLIC_KEY, common::PUBLIC_CLIENT)
        .with_policy(paywall_client::RequestPolicy::default().with_dry_run(record.clone()));
    let client = paywall_client::Client::from_config(&config).unwrap();
    let err = client
        .payment_start_direct()
        .body(request())
        .send()
        .payload()
        .await
        .unwrap_err();
    assert!(
        matches!(
            err,
            PaywallError::NotSent {
                operation: "payment_start_direct"
            }
        ),
        "{err:?}"
    );
    for host in [&hosts.payment, &hosts.private] {
        assert!(host.received_requests().await.unwrap().is_empty());
    }
    let [prepared] = record.requests().try_into().unwrap();
    assert_eq!(prepared.url, format!("{}{ROUTE}", hosts.payment.uri()));
    let redacted = REQUEST_BODY
        .replace("\"000\"", "\"<redacted>\"")
        .replace("\"4546711234567894\"", "\"<redacted>\"");
    assert_eq!(prepared.body.as_deref(), Some(redacted.as_str()));
    assert_eq!(prepared.header("apikeypublic"), Some("<redacted>"));
    assert_eq!(prepared.header("apiclientpublic"), Some("<redacted>"));
    assert_eq!(
        prepared.header("apikeyprivate"),
        None,
        "only the pair the route needs"
    );
}
