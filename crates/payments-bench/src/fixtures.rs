//! What the loopback server answers and what every layer asks for: the credentials, the
//! ids and the providers' bodies, in the shapes the providers document (spec examples,
//! filled out with every documented field).

use std::fmt::Write as _;

/// Craftgate merchant API key.
pub const CRAFTGATE_API_KEY: &str = "bench-api-key-0123456789";
/// Craftgate merchant secret key.
pub const CRAFTGATE_SECRET_KEY: &str = "bench-secret-key-9876543210";
/// The Craftgate payment whose breakdown is read.
pub const CRAFTGATE_PAYMENT_ID: i64 = 1;
/// Items of the benchmarked breakdown (the reference measurement's payment has 3).
pub const CRAFTGATE_ITEMS: usize = 3;

/// Paywall private key pair (`apikeyprivate`, `apiclientprivate`).
pub const PAYWALL_PRIVATE: (&str, &str) = ("bench-private-key", "bench-private-client");
/// Paywall public key pair (`apikeypublic`, `apiclientpublic`).
pub const PAYWALL_PUBLIC: (&str, &str) = ("bench-public-key", "bench-public-client");
/// The Paywall payment read by id.
pub const PAYWALL_PAYMENT_ID: i64 = 2_094_937;
/// The bulk batch whose first page is read.
pub const PAYWALL_BATCH: &str = "a4d6a8f3-ae0b-4a7a-a891-fef072057774";
/// Payments on the benchmarked bulk page.
pub const PAYWALL_PAGE_SIZE: u32 = 100;
/// The `pageNumber` of the first page (the facade's `FIRST_PAGE_NUMBER`).
pub const PAYWALL_PAGE_NUMBER: u32 = 1;

/// OneEntry project app token (`x-app-token`).
pub const ONEENTRY_APP_TOKEN: &str = "bench-app-token";
/// OneEntry access token: configured, so no sign-in happens per call.
pub const ONEENTRY_ACCESS_TOKEN: &str = "eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJiZW5jaCJ9.c2lnbmF0dXJl";
/// OneEntry refresh token (never used: the server never answers 401).
pub const ONEENTRY_REFRESH_TOKEN: &str = "bench-refresh-token";
/// The OneEntry payment session read by id.
pub const ONEENTRY_SESSION_ID: i64 = 46;

/// One breakdown item: the spec's example (item 0), or a marketplace item with its
/// sub-merchant, payout split and bank commission (the others); every documented field.
fn craftgate_item(out: &mut String, i: usize) {
    let id = 11 + i;
    let date = "2021-11-15T14:07:18";
    if i.is_multiple_of(3) {
        let _ = write!(
            out,
            r#"{{"id":{id},"name":"Kitap {i}","externalId":"item-{i}","createdDate":"{date}","price":100.00000000,"paidPrice":100.00000000,"walletPrice":0,"refundablePrice":100.00000000,"merchantCommissionRate":0,"merchantCommissionRateAmount":0,"merchantPayoutAmount":100.00000000,"transactionStatus":"APPROVED","transactionStatusDate":"{date}","refundStatus":"NOT_REFUNDED","payout":{{"currency":"TRY","parity":1,"paidPrice":100.00000000,"merchantPayoutAmount":100.00000000,"subMerchantMemberPayoutAmount":0}},"payoutStatus":{{"merchantStatus":"WAITING_FOR_PAYOUT","merchantStatusDate":"{date}"}}}}"#
        );
        return;
    }
    let _ = write!(
        out,
        r#"{{"id":{id},"name":"Defter {i}","externalId":"item-{i}","createdDate":"{date}","price":49.90000000,"paidPrice":51.62000000,"walletPrice":0,"refundablePrice":31.62000000,"merchantCommissionRate":3.45000000,"merchantCommissionRateAmount":1.72000000,"merchantPayoutAmount":10.31000000,"subMerchantMemberId":7,"subMerchantMemberPrice":40.00000000,"subMerchantMemberPayoutRate":80.00000000,"subMerchantMemberPayoutAmount":39.30000000,"bankCommissionRate":1.75000000,"bankCommissionRateAmount":0.90000000,"transactionStatus":"APPROVED","transactionStatusDate":"{date}","blockageResolvedDate":"2021-11-22T00:00:00","refundStatus":"PARTIAL_REFUNDED","payout":{{"currency":"TRY","parity":1,"paidPrice":51.62000000,"merchantPayoutAmount":10.31000000,"subMerchantMemberPayoutAmount":39.30000000}},"payoutStatus":{{"merchantStatus":"WAITING_FOR_PAYOUT","merchantStatusDate":"{date}","subMerchantMemberStatus":"WAITING_FOR_PAYOUT","subMerchantMemberStatusDate":"{date}"}},"subMerchantMember":{{"id":7,"createdDate":"2021-01-04T09:00:00","updatedDate":"2021-06-01T12:30:00","status":"ACTIVE","memberType":"LIMITED_OR_JOINT_STOCK_COMPANY","memberExternalId":"sub-7","name":"Kırtasiye A.Ş.","email":"muhasebe@kirtasiye.example","address":"Moda Cad. 1, Kadıköy, İstanbul","phoneNumber":"905551112233","contactName":"Ayşe","contactSurname":"Yılmaz","legalCompanyTitle":"Kırtasiye Ticaret A.Ş.","taxOffice":"Kadıköy","taxNumber":"1234567890","iban":"TR180006200119000006672315","isBuyer":false,"isSubMerchant":true,"settlementEarningsDestination":"IBAN","settlementDelayCount":0,"negativeWalletAmountLimit":0}}}}"#
    );
}

/// `GET /payment-reporting/v1/payments/{id}/transactions`: `{"data": {"items": [...]}}`
/// with `items` breakdown items.
pub fn craftgate_breakdown(items: usize) -> String {
    let mut out = String::from(r#"{"data":{"items":["#);
    for i in 0..items {
        if i > 0 {
            out.push(',');
        }
        craftgate_item(&mut out, i);
    }
    out.push_str("]}}");
    out
}

/// `GET /api/paywall/private/query/by/paymentid`: the envelope around a full
/// `Body.Paywall` record (every field of the .NET SDK's QueryResult).
pub fn paywall_payment() -> String {
    format!(
        r#"{{"ErrorCode":0,"Result":true,"Message":"","Body":{{"Paywall":{{"PaymentId":{PAYWALL_PAYMENT_ID},"ActivityId":5012,"UniqueCode":"6f1c5a4e-7c39-4a8e-9a53-1b2f0c9d8e7a","MerchantUniqueCode":"order-1001","TrackingCode":"track-7","PaymentGatewayId":12,"PaymentGatewayName":"Test POS","PaymentGatewayProviderName":"Garanti","AnySuccessPayment":true,"AnySuccessRefund":false,"AnySuccessPartialRefund":true,"AnySuccessCancel":false,"Status":true,"StatusName":"Başarılı","StatusId":4,"TypeName":"Satış","TypeId":1,"Installment":3,"CurrencyId":1,"CurrencyName":"TRY","PaymentMethodId":1,"PaymentMethodName":"Kart","PaymentChannelId":1,"PaymentChannelName":"Web","PaymentTagId":0,"PaymentTagName":null,"CardNumber":"454671******7894","CardOwnerName":"Ada Lovelace","CardBankName":"Garanti","CardBrandName":"Bonus","CardTypeName":"Credit","CardFamilyName":"Bonus","LastActivityDateTime":"2024-12-12T10:15:30.123","PaymentAmount":1.59,"ActivityAmount":0.59,"IP":"203.0.113.7","AppliedInterest":true,"InterestRate":2.99,"CommissionRate":1.75,"OriginalAmount":1.50,"InterestAmount":0.09,"CommissionAmount":0.03}}}}}}"#
    )
}

/// `GET /api/paywall/payment/bulk/payment/query`: one page of `items` payments in the
/// documented (un-enveloped) form, with the paging and totals fields.
pub fn paywall_bulk_page(items: usize) -> String {
    let mut out = format!(
        r#"{{"Result":true,"PageNumber":{PAYWALL_PAGE_NUMBER},"PageSize":{items},"TotalPages":3,"TotalPaymentCount":{total},"TotalPaymentAmount":{amount},"TotalSuccessPaymentCount":{total},"TotalSuccessPaymentAmount":{amount},"TotalUnsuccessfulPaymentCount":0,"TotalUnsuccessfulPaymentAmount":0,"TotalUnprocessedPaymentCount":0,"TotalUnprocessedPaymentAmount":0,"Payments":["#,
        total = items * 3,
        amount = format_args!("{}.77", items * 3 * 159 / 100),
    );
    for i in 0..items {
        if i > 0 {
            out.push(',');
        }
        let failed = i % 10 == 9;
        let _ = write!(
            out,
            r#"{{"MerchantUniqueCode":"7ce4076f-34a3-473b-9755-{i:012}","PaymentId":{id},"Amount":1.59,"Status":{status},"Scope":{scope},"ErrorMessage":{error}}}"#,
            id = 2_094_937 + i,
            status = if failed { 5 } else { 4 },
            scope = if i % 7 == 6 { 3 } else { 1 },
            error = if failed {
                r#""Yetersiz bakiye""#
            } else {
                "null"
            },
        );
    }
    out.push_str("]}");
    out
}

/// `GET /api/content/payments/sessions/{id}`: a session as OneEntry answers it (seeds/003
/// with the payment URL and the fields older pages list).
pub fn oneentry_session() -> String {
    format!(
        r#"{{"id":{ONEENTRY_SESSION_ID},"createdDate":"2025-04-30T20:15:30.506Z","updatedDate":"2025-04-30T20:15:31.112Z","version":2,"identifier":"catalog","type":"session","status":"waiting","paymentAccountId":1,"orderId":89,"paymentUrl":"https://checkout.stripe.com/c/pay/cs_test_a1iOHnSWAmeN3SN5IgYtPv8Fzv48vGUmKxFuhxD0FOjkOaTAlgiwNY9OYW#fid2BXKsdWBEZmZqcGtxJz8nZGZmcVo0VTZjazFUb2Z8YEBRYkxHJyknZHVsTmB8Jz8ndW5acWB2cVowNEpKcW43TVVBa1NSMU5ST3JfY3VcRGlRSUR8cVx0XFxOXG9Cbn1oM1V0QUExR0RRRnJwV0FCYlNcXUtGdGtzcndgcmJxQVNkQnxvcDBTY0ZpUjZCd319UTU1ME5rXDJIVjYnKSdjd2poVmB3c2B3Jz9xd3BgKSdpZHxqcHFRfHVgJz8ndmxrYmlgWmxxYGgnKSdga2RnaWBVaWRmYG1qaWFgd3YnP3F3cGB4JSUl","amount":340.00,"sessionId":"cs_test_a1iOHnSWAmeN3SN5IgYtPv8Fzv48vGUmKxFuhxD0FOjkOaTAlgiwNY9OYW","successUrl":"https://shop.example/success","cancelUrl":"https://shop.example/cancel","lineItems":[{{"productId":14,"quantity":1,"price":340}}]}}"#
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bodies_are_json_with_the_counts_asked_for() {
        let v: serde_json::Value = serde_json::from_str(&craftgate_breakdown(30)).unwrap();
        assert_eq!(v["data"]["items"].as_array().unwrap().len(), 30);
        let v: serde_json::Value = serde_json::from_str(&paywall_bulk_page(1000)).unwrap();
        assert_eq!(v["Payments"].as_array().unwrap().len(), 1000);
        let _: serde_json::Value = serde_json::from_str(&paywall_payment()).unwrap();
        let _: serde_json::Value = serde_json::from_str(&oneentry_session()).unwrap();
    }
}
