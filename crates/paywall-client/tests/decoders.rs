//! Decoders that never panic: every Paywall response body the client decodes, fed
//! random bytes and mutations of the documented examples (see
//! `crates/payments-wire/tests/support/decoders.rs` for the properties).
//!
//! `PAYMENTS_FUZZ_CASES` sets the cases per decoder (default 128, sized for CI):
//! `PAYMENTS_FUZZ_CASES=40000 cargo test --release -p paywall-client --test decoders -- --nocapture`.

#[path = "../../payments-wire/tests/support/decoders.rs"]
#[macro_use]
mod decoders;
#[path = "../../payments-wire/tests/support/json.rs"]
mod json;
#[path = "../../payments-wire/tests/support/spec.rs"]
mod spec;

use paywall_client::{PaywallApi, reply, types};

// Every operation with the type its generated `send()` decodes;
// `table_covers_the_spec_and_the_generated_code` keeps the table complete.
operations! {
    PaywallApi;
    bulk_payment_query => reply::MaybeEnveloped<types::BulkPaymentQuery>,
    bulk_payment_query_summary => reply::MaybeEnveloped<types::BulkPaymentSummary>,
    bulk_payment_cancel => types::BulkActionResponse,
    bulk_list_cancel => types::BulkActionResponse,
    bulk_payment_refund => types::BulkActionResponse,
    bulk_list_refund => types::BulkActionResponse,
    bulk_payment_retry => types::BulkActionResponse,
    bulk_payment_send_callback => types::BulkCallbackResendResponse,
    payment_start_direct => types::PaymentStartResponse,
    private_query => types::PrivateQueryResponse,
    private_query_by_unique_code => types::PrivateQueryResponse,
    private_query_by_payment_id => types::PrivateQueryResponse,
    private_query_by_tracking_code => types::TrackingCodeQueryResponse,
    private_cancel => types::PrivateActionResponse,
    private_cancel_by_unique_code => types::PrivateActionResponse,
    private_refund => types::PrivateActionResponse,
    private_refund_partial => types::PrivateActionResponse,
    private_refund_partial_by_payment_id => types::PrivateActionResponse,
    private_refund_partial_by_unique_code => types::PrivateActionResponse,
    private_revert_by_payment_id => types::PrivateActionResponse,
}

#[test]
fn table_covers_the_spec_and_the_generated_code() {
    decoders::check_coverage("paywall", OPERATIONS, include_str!("../src/generated.rs"));
}

#[test]
fn random_and_mutated_bodies_decode_without_panic() {
    let cases = json::cases_from_env(decoders::CASES_VAR, decoders::DEFAULT_CASES);
    decoders::fuzz("paywall", OPERATIONS, cases);
}

#[test]
fn every_truncation_and_single_edit_decodes_without_panic() {
    decoders::exhaustive("paywall", OPERATIONS);
}

#[test]
fn documented_bodies_reach_the_payload_and_the_error() {
    decoders::check_seeds("paywall", OPERATIONS);
}
