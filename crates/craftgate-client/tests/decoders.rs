//! Decoders that never panic: every Craftgate response body the client decodes, fed
//! random bytes and mutations of the documented examples (see
//! `crates/payments-wire/tests/support/decoders.rs` for the properties).
//!
//! `PAYMENTS_FUZZ_CASES` sets the cases per decoder (default 128, sized for CI):
//! `PAYMENTS_FUZZ_CASES=40000 cargo test --release -p craftgate-client --test decoders -- --nocapture`.

#[path = "../../payments-wire/tests/support/decoders.rs"]
#[macro_use]
mod decoders;
#[path = "../../payments-wire/tests/support/json.rs"]
mod json;
#[path = "../../payments-wire/tests/support/spec.rs"]
mod spec;

use craftgate_client::{CraftgateApi, types};

// Every operation with the type its generated `send()` decodes;
// `table_covers_the_spec_and_the_generated_code` keeps the table complete.
operations! {
    CraftgateApi;
    search_payments => types::ReportingPaymentListEnvelope,
    retrieve_payment => types::ReportingPaymentEnvelope,
    retrieve_payment_transactions => types::ReportingPaymentTransactionListEnvelope,
    retrieve_payment_refunds => types::ReportingPaymentRefundListEnvelope,
    retrieve_payment_transaction_refunds => types::ReportingPaymentTransactionRefundListEnvelope,
    search_payment_refunds => types::ReportingPaymentRefundListEnvelope,
    search_payment_transaction_refunds => types::ReportingPaymentTransactionRefundListEnvelope,
    retrieve_card_payment => types::PaymentEnvelope,
    refund_payment => types::PaymentRefundEnvelope,
    retrieve_payment_refund => types::PaymentRefundEnvelope,
    refund_payment_mark_as_refunded => types::PaymentTransactionRefundListEnvelope,
    refund_payment_transaction => types::PaymentTransactionRefundEnvelope,
    retrieve_payment_transaction_refund => types::PaymentTransactionRefundEnvelope,
    refund_payment_transaction_mark_as_refunded => types::PaymentTransactionRefundEnvelope,
}

#[test]
fn table_covers_the_spec_and_the_generated_code() {
    decoders::check_coverage("craftgate", OPERATIONS, include_str!("../src/generated.rs"));
}

#[test]
fn random_and_mutated_bodies_decode_without_panic() {
    let cases = json::cases_from_env(decoders::CASES_VAR, decoders::DEFAULT_CASES);
    decoders::fuzz("craftgate", OPERATIONS, cases);
}

#[test]
fn every_truncation_and_single_edit_decodes_without_panic() {
    decoders::exhaustive("craftgate", OPERATIONS);
}

#[test]
fn documented_bodies_reach_the_payload_and_the_error() {
    decoders::check_seeds("craftgate", OPERATIONS);
}
