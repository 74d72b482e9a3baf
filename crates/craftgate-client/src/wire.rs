//! Hand-written wire types the spec points at with `x-rust-type: crate::wire::...`.
//!
//! Every Craftgate enum is open: the values listed in docs/providers/craftgate.md#enums (the
//! union across the official clients and DOCS) are variants, and anything else is kept in
//! `Unknown(String)`, so a new status never makes a response fail.

use std::fmt;

use rust_decimal::Decimal;

payments_wire::open_enum! {
    /// Approval state of a breakdown item (payment transaction). DOCS list only the first
    /// two; every client has all three.
    pub enum TransactionStatus: str {
        /// Waiting for the merchant's approval.
        WaitingForApproval = "WAITING_FOR_APPROVAL",
        /// Approved for payout.
        Approved = "APPROVED",
        /// Payout started.
        PayoutStarted = "PAYOUT_STARTED",
    }
}

payments_wire::open_enum! {
    /// Refund state of a payment or of one breakdown item ("İade Edilme Durumları").
    pub enum PaymentRefundStatus: str {
        /// The payment did not succeed, so there is nothing to refund (DOCS).
        NoRefund = "NO_REFUND",
        /// Nothing refunded yet.
        NotRefunded = "NOT_REFUNDED",
        /// Partly refunded.
        PartialRefunded = "PARTIAL_REFUNDED",
        /// Fully refunded.
        FullyRefunded = "FULLY_REFUNDED",
    }
}

payments_wire::open_enum! {
    /// Payout state of a breakdown item for the merchant or the sub-merchant. NODE 1.0.65
    /// lacks `NO_PAYOUT`; DOCS lack `CANCELLED`.
    pub enum TransactionPayoutStatus: str {
        /// Payout cancelled.
        Cancelled = "CANCELLED",
        /// Nothing to pay out.
        NoPayout = "NO_PAYOUT",
        /// Waiting for the payout.
        WaitingForPayout = "WAITING_FOR_PAYOUT",
        /// Payout started.
        PayoutStarted = "PAYOUT_STARTED",
        /// Paid out.
        PayoutCompleted = "PAYOUT_COMPLETED",
    }
}

payments_wire::open_enum! {
    /// Outcome of a refund (Craftgate's `RefundStatus`; named for what it is, so it is not
    /// confused with a payment's [`PaymentRefundStatus`]).
    pub enum RefundOutcome: str {
        /// The refund went through.
        Success = "SUCCESS",
        /// The refund failed.
        Failure = "FAILURE",
        /// The refund is pending.
        Waiting = "WAITING",
    }
}

payments_wire::open_enum! {
    /// Where a refund goes. Requests take `PROVIDER` or `WALLET`.
    pub enum RefundDestinationType: str {
        /// Back through the payment provider (the card's bank).
        Provider = "PROVIDER",
        /// To the buyer's Craftgate wallet.
        Wallet = "WALLET",
        /// To the card (deprecated).
        Card = "CARD",
    }
}

payments_wire::open_enum! {
    /// How a payment refund was carried out.
    pub enum RefundType: str {
        /// A same-day full reversal.
        Cancel = "CANCEL",
        /// A refund.
        Refund = "REFUND",
    }
}

payments_wire::open_enum! {
    /// State of a payment.
    pub enum PaymentStatus: str {
        /// The payment failed.
        Failure = "FAILURE",
        /// The payment succeeded.
        Success = "SUCCESS",
        /// 3-D Secure started.
        InitThreeds = "INIT_THREEDS",
        /// 3-D Secure callback received.
        CallbackThreeds = "CALLBACK_THREEDS",
        /// Pending.
        Waiting = "WAITING",
    }
}

payments_wire::open_enum! {
    /// Payment type. `HEPSIPAY_DEPOSIT_PAYMENT` is in the clients only, `BANK_TRANSFER` in
    /// DOCS only.
    pub enum PaymentType: str {
        /// Card payment.
        CardPayment = "CARD_PAYMENT",
        /// Wallet payment.
        WalletPayment = "WALLET_PAYMENT",
        /// Card and wallet payment.
        CardAndWalletPayment = "CARD_AND_WALLET_PAYMENT",
        /// Deposit payment.
        DepositPayment = "DEPOSIT_PAYMENT",
        /// Hepsipay deposit payment.
        HepsipayDepositPayment = "HEPSIPAY_DEPOSIT_PAYMENT",
        /// Bank transfer.
        BankTransfer = "BANK_TRANSFER",
        /// Alternative payment method.
        Apm = "APM",
    }
}

payments_wire::open_enum! {
    /// Payment phase.
    pub enum PaymentPhase: str {
        /// Authorisation and capture in one step.
        Auth = "AUTH",
        /// Pre-authorisation.
        PreAuth = "PRE_AUTH",
        /// Capture of a pre-authorisation.
        PostAuth = "POST_AUTH",
    }
}

payments_wire::open_enum! {
    /// Payment group.
    pub enum PaymentGroup: str {
        /// A product sale.
        Product = "PRODUCT",
        /// A listing or subscription.
        ListingOrSubscription = "LISTING_OR_SUBSCRIPTION",
    }
}

payments_wire::open_enum! {
    /// Where the payment was started. `BKM_EXPRESS` is NODE only, `MASTERPASS` DOCS only.
    pub enum PaymentSource: str {
        /// The API.
        Api = "API",
        /// The hosted checkout form.
        CheckoutForm = "CHECKOUT_FORM",
        /// A payment link.
        PayByLink = "PAY_BY_LINK",
        /// Juzdan.
        Juzdan = "JUZDAN",
        /// Hepsipay.
        Hepsipay = "HEPSIPAY",
        /// Mono.
        Mono = "MONO",
        /// BKM Express.
        BkmExpress = "BKM_EXPRESS",
        /// Masterpass.
        Masterpass = "MASTERPASS",
    }
}

payments_wire::open_enum! {
    /// Payment provider: a large and growing list, of which these are named
    /// (docs/providers/craftgate.md#payment-provider).
    pub enum PaymentProvider: str {
        /// A bank's virtual POS.
        Bank = "BANK",
        /// The Craftgate wallet.
        CgWallet = "CG_WALLET",
        /// Masterpass.
        Masterpass = "MASTERPASS",
        /// GarantiPay.
        GarantiPay = "GARANTI_PAY",
        /// Papara.
        Papara = "PAPARA",
        /// Instant transfer (NODE misspells it `INSTANTA_TRANSFER`, kept as unknown).
        InstantTransfer = "INSTANT_TRANSFER",
        /// Offline.
        Offline = "OFFLINE",
    }
}

payments_wire::open_enum! {
    /// Card type.
    pub enum CardType: str {
        /// Credit card.
        CreditCard = "CREDIT_CARD",
        /// Debit card.
        DebitCard = "DEBIT_CARD",
        /// Prepaid card.
        PrepaidCard = "PREPAID_CARD",
    }
}

payments_wire::open_enum! {
    /// Card scheme.
    pub enum CardAssociation: str {
        /// Visa.
        Visa = "VISA",
        /// Mastercard.
        MasterCard = "MASTER_CARD",
        /// American Express.
        Amex = "AMEX",
        /// Troy.
        Troy = "TROY",
        /// JCB.
        Jcb = "JCB",
        /// UnionPay.
        UnionPay = "UNION_PAY",
        /// Maestro.
        Maestro = "MAESTRO",
        /// Discover.
        Discover = "DISCOVER",
        /// Diners Club.
        DinersClub = "DINERS_CLUB",
    }
}

payments_wire::open_enum! {
    /// Currency (the JAVA client's list).
    pub enum Currency: str {
        /// Turkish lira.
        Try = "TRY",
        /// US dollar.
        Usd = "USD",
        /// Euro.
        Eur = "EUR",
        /// Pound sterling.
        Gbp = "GBP",
        /// Argentine peso.
        Ars = "ARS",
        /// Brazilian real.
        Brl = "BRL",
        /// Chinese yuan.
        Cny = "CNY",
        /// UAE dirham.
        Aed = "AED",
        /// Iraqi dinar.
        Iqd = "IQD",
        /// Azerbaijani manat.
        Azn = "AZN",
        /// Kazakhstani tenge.
        Kzt = "KZT",
        /// Kuwaiti dinar.
        Kwd = "KWD",
        /// Saudi riyal.
        Sar = "SAR",
        /// Bahraini dinar.
        Bhd = "BHD",
        /// Russian rouble.
        Rub = "RUB",
        /// Japanese yen.
        Jpy = "JPY",
        /// Egyptian pound.
        Egp = "EGP",
        /// Mexican peso.
        Mxn = "MXN",
        /// Romanian leu.
        Ron = "RON",
    }
}

payments_wire::open_enum! {
    /// What a fraud rule did.
    pub enum FraudAction: str {
        /// Blocked.
        Block = "BLOCK",
        /// Sent to review.
        Review = "REVIEW",
    }
}

payments_wire::open_enum! {
    /// Member status (JAVA `Status`).
    pub enum MemberStatus: str {
        /// Active.
        Active = "ACTIVE",
        /// Passive.
        Passive = "PASSIVE",
    }
}

payments_wire::open_enum! {
    /// Member type.
    pub enum MemberType: str {
        /// A person.
        Personal = "PERSONAL",
        /// A sole proprietorship.
        PrivateCompany = "PRIVATE_COMPANY",
        /// A limited or joint-stock company.
        LimitedOrJointStockCompany = "LIMITED_OR_JOINT_STOCK_COMPANY",
    }
}

payments_wire::open_enum! {
    /// Where a member's settlement goes.
    pub enum SettlementEarningsDestination: str {
        /// To an IBAN.
        Iban = "IBAN",
        /// To the wallet.
        Wallet = "WALLET",
        /// Cross-border.
        CrossBorder = "CROSS_BORDER",
        /// Nowhere.
        None = "NONE",
    }
}

payments_wire::open_enum! {
    /// Event type of a transaction webhook (docs/providers/craftgate.md#webhook-event-types;
    /// JAVA also has the last two).
    pub enum WebhookEventType: str {
        /// API payment authorised.
        ApiAuth = "API_AUTH",
        /// API payment verified (3-D Secure) and authorised.
        ApiVerifyAndAuth = "API_VERIFY_AND_AUTH",
        /// Checkout form payment authorised.
        CheckoutformAuth = "CHECKOUTFORM_AUTH",
        /// 3-D Secure verification.
        ThreedsVerify = "THREEDS_VERIFY",
        /// Payment refund.
        Refund = "REFUND",
        /// Breakdown-item refund.
        RefundTx = "REFUND_TX",
        /// Payout completed.
        PayoutCompleted = "PAYOUT_COMPLETED",
        /// Autopilot.
        Autopilot = "AUTOPILOT",
        /// Wallet created.
        WalletCreated = "WALLET_CREATED",
        /// Wallet transaction created.
        WalletTxCreated = "WALLET_TX_CREATED",
        /// Buy-now-pay-later notification.
        BnplNotification = "BNPL_NOTIFICATION",
        /// Bank account tracking record.
        BankAccountTrackingRecord = "BANK_ACCOUNT_TRACKING_RECORD",
        /// Multi payment completed.
        MultiPaymentCompleted = "MULTI_PAYMENT_COMPLETED",
        /// BKM Express payment notification.
        BkmExpressPaymentNotification = "BKM_EXPRESS_PAYMENT_NOTIFICATION",
        /// Multi payment expired (JAVA).
        MultiPaymentExpired = "MULTI_PAYMENT_EXPIRED",
        /// Report generated (JAVA).
        ReportGenerated = "REPORT_GENERATED",
    }
}

payments_wire::open_enum! {
    /// Status of a transaction webhook event.
    pub enum WebhookStatus: str {
        /// The event's operation succeeded.
        Success = "SUCCESS",
        /// The event's operation failed.
        Failure = "FAILURE",
    }
}

/// An exact decimal for a query parameter (`minPaidPrice`, `maxRefundPrice`, ...), sent as
/// plain decimal text such as `1234.987654321` (docs/providers/craftgate.md#decimals).
///
/// A separate type because a [`Decimal`] serializes as an arbitrary-precision JSON number,
/// which the query-string serializer cannot take. Build it from a [`Decimal`]:
/// `client.search_payments().min_paid_price(dec!(10.50))`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct QueryDecimal(pub Decimal);

impl From<Decimal> for QueryDecimal {
    fn from(value: Decimal) -> Self {
        Self(value)
    }
}

impl From<QueryDecimal> for Decimal {
    fn from(value: QueryDecimal) -> Self {
        value.0
    }
}

impl fmt::Display for QueryDecimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.0, f)
    }
}

impl serde::Serialize for QueryDecimal {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn query_decimals_are_plain_text_with_every_digit() {
        let d: Decimal = "12345678901234.12345678".parse().unwrap();
        let q = QueryDecimal::from(d);
        assert_eq!(q.to_string(), "12345678901234.12345678");
        let json = serde_json::to_string(&q).unwrap();
        assert_eq!(json, "\"12345678901234.12345678\"");
        assert_eq!(Decimal::from(q), d);
    }

    #[test]
    fn unknown_values_are_kept() {
        let s: TransactionPayoutStatus = serde_json::from_str("\"ON_HOLD\"").unwrap();
        assert_eq!(s, TransactionPayoutStatus::Unknown("ON_HOLD".into()));
        let s: PaymentProvider = serde_json::from_str("\"INSTANTA_TRANSFER\"").unwrap();
        assert!(s.is_unknown());
        assert_eq!(
            serde_json::from_str::<Currency>("\"TRY\"").unwrap(),
            Currency::Try
        );
    }
}
