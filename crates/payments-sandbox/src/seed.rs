//! The fixed demo values every sandbox starts with.
//!
//! Credentials (app token, the demo user's password, key pairs, secret key) are not here: they are generated per start
//! and reported by [`Sandbox::info`](crate::Sandbox::info).

/// OneEntry demo data.
pub mod oneentry {
    /// The auth provider marker (`AuthProvider.auth('email', ...)` in the seed scenario).
    pub const AUTH_MARKER: &str = "email";
    /// The `authData` marker carrying the login (seed 003).
    pub const LOGIN_FIELD: &str = "email_reg";
    /// The `authData` marker carrying the password (seed 003).
    pub const PASSWORD_FIELD: &str = "password_reg";
    /// The demo user's login (seed 003). Its password (`123456` in seed 003) is generated
    /// per start like the other credentials, so no two sandboxes share one.
    pub const LOGIN: &str = "your-user@email.com";
    /// The order storage marker (seed 003: storage configured with the `orders` marker).
    pub const ORDER_STORAGE_MARKER: &str = "orders";
    /// The form orders of that storage use (seed 003).
    pub const FORM_IDENTIFIER: &str = "order";
    /// The custom "cash" payment account (id [`CASH_ACCOUNT_ID`]); sessions on it have no
    /// payment URL.
    pub const PAYMENT_ACCOUNT_IDENTIFIER: &str = "cash";
    /// The id of the `cash` account.
    pub const CASH_ACCOUNT_ID: i64 = 1;
    /// The Stripe account (test mode); sessions on it get a checkout URL or a client secret.
    pub const STRIPE_ACCOUNT_IDENTIFIER: &str = "stripe";
    /// The id of the `stripe` account.
    pub const STRIPE_ACCOUNT_ID: i64 = 2;
    /// The product of the seed scenario; one costs [`PRODUCT_PRICE`] (seed 003: total 340).
    pub const PRODUCT_ID: i64 = 14;
    /// The price of [`PRODUCT_ID`], in [`CURRENCY`].
    pub const PRODUCT_PRICE: &str = "340.00";
    /// Further products: `(id, title, sku, price)`.
    pub const OTHER_PRODUCTS: [(i64, &str, &str, &str); 2] = [
        (1, "Cotton T-shirt", "TS-001", "19.99"),
        (146, "Leather Wallet", "LW-146", "75.50"),
    ];
    /// The currency of every order.
    pub const CURRENCY: &str = "USD";
    /// A paid order of the demo user (one [`PRODUCT_ID`] and one product 146, paid by
    /// Stripe), so refund requests can be tried at once.
    pub const PAID_ORDER_ID: i64 = 88;
    /// The completed payment session of [`PAID_ORDER_ID`].
    pub const PAID_SESSION_ID: i64 = 45;
    /// The id the next new order gets (seed 003 shows order 89 and session 46).
    pub const FIRST_NEW_ORDER_ID: i64 = 89;
    /// The id the next new payment session gets.
    pub const FIRST_NEW_SESSION_ID: i64 = 46;
}

/// Paywall demo data. Days are Paywall's, counted on Istanbul time (UTC+3) from the
/// sandbox's clock when it starts ([`PaywallControl::today`](crate::PaywallControl::today)).
pub mod paywall {
    /// The `MerchantUniqueCode` of the seeded bulk batch (dated the previous day).
    pub const BULK_MERCHANT_UNIQUE_CODE: &str = "sandbox-bulk-0001";
    /// The seeded batch's `BulkPaymentId`.
    pub const BULK_PAYMENT_ID: i64 = 388;
    /// How many payments the seeded batch holds by default
    /// ([`SandboxConfig::paywall_batch_size`](crate::SandboxConfig::paywall_batch_size) changes it).
    pub const BULK_PAYMENT_COUNT: usize = 23;
    /// The most payments the seeded batch can hold (their ids stay below the single
    /// payments' ids).
    pub const MAX_BULK_PAYMENT_COUNT: usize = 1_000_000;
    /// The `PaymentId` of the batch's first payment (seed 001); the others follow.
    pub const FIRST_BULK_PAYMENT_ID: i64 = 2_094_937;
    /// A successful single payment of the previous day: refundable, not cancellable.
    pub const PREVIOUS_DAY_PAYMENT_CODE: &str = "sandbox-order-1001";
    /// Its `PaymentId`.
    pub const PREVIOUS_DAY_PAYMENT_ID: i64 = 3_100_001;
    /// A successful single payment of the day the sandbox started: cancellable, not
    /// refundable (until Istanbul's midnight, when it turns refundable and no longer
    /// cancellable).
    pub const SAME_DAY_PAYMENT_CODE: &str = "sandbox-order-1002";
    /// Its `PaymentId`.
    pub const SAME_DAY_PAYMENT_ID: i64 = 3_100_002;
    /// A failed single payment of the previous day.
    pub const FAILED_PAYMENT_CODE: &str = "sandbox-order-1003";
    /// Its `PaymentId`.
    pub const FAILED_PAYMENT_ID: i64 = 3_100_003;
    /// The `TrackingCode` the three single payments share.
    pub const TRACKING_CODE: &str = "sandbox-customer-42";
}

/// Craftgate demo data.
pub mod craftgate {
    /// The demo payment (created `2021-11-15T14:07:18`, 100.00 TRY): three items of 40, 35
    /// and 25, the second already refunded by 10.
    pub const PAYMENT_ID: i64 = 1001;
    /// The ids of the demo payment's items (payment transactions).
    pub const PAYMENT_TRANSACTION_IDS: [i64; 3] = [2001, 2002, 2003];
    /// The item of the demo payment that is partially refunded.
    pub const PARTIALLY_REFUNDED_TRANSACTION_ID: i64 = 2002;
    /// A successful payment created when the sandbox started, at the sandbox clock's
    /// Istanbul time (so a full refund of it is a same-day `CANCEL` until Istanbul's midnight,
    /// a `REFUND` after it).
    pub const SAME_DAY_PAYMENT_ID: i64 = 1002;
    /// A failed payment (`NO_REFUND`, with a `paymentError`).
    pub const FAILED_PAYMENT_ID: i64 = 1003;
}
