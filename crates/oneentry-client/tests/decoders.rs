//! Decoders that never panic: every OneEntry response body the client decodes, fed
//! random bytes and mutations of the documented examples (see
//! `crates/payments-wire/tests/support/decoders.rs` for the properties).
//!
//! `PAYMENTS_FUZZ_CASES` sets the cases per decoder (default 128, sized for CI):
//! `PAYMENTS_FUZZ_CASES=40000 cargo test --release -p oneentry-client --test decoders -- --nocapture`.

#[path = "../../payments-wire/tests/support/decoders.rs"]
#[macro_use]
mod decoders;
#[path = "../../payments-wire/tests/support/json.rs"]
mod json;
#[path = "../../payments-wire/tests/support/spec.rs"]
mod spec;

use oneentry_client::{OneEntryApi, types, wire};

// Every operation with the type its generated `send()` decodes;
// `table_covers_the_spec_and_the_generated_code` keeps the table complete.
operations! {
    OneEntryApi;
    get_sessions => types::PaymentSessions,
    get_session_by_id => types::PaymentSession,
    get_session_by_order_id => wire::OneOrMany<types::PaymentSession>,
    create_session => types::PaymentSession,
    get_accounts => Vec<types::PaymentAccount>,
    get_account_by_id => types::PaymentAccount,
    get_all_orders_storage => Vec<types::OrdersStorage>,
    get_orders_storage_by_marker => types::OrdersStorage,
    get_all_orders_by_marker => types::OrdersPage,
    create_order => types::CreatedOrder,
    get_order_by_marker_and_id => types::Order,
    update_order_by_marker_and_id => types::CreatedOrder,
    preview_order => types::OrderPreview,
    get_all_statuses_by_storage_marker => Vec<types::OrderStatus>,
    get_refunds => Vec<types::RefundRequest>,
    create_refund_request => wire::Acknowledgement,
    cancel_refund_request => wire::Acknowledgement,
    get_auth_providers => Vec<types::AuthProvider>,
    get_auth_provider_by_marker => types::AuthProvider,
    auth => types::AuthEntity,
    refresh => types::AuthEntity,
    logout => wire::Acknowledgement,
    logout_all => wire::Acknowledgement,
    get_active_sessions_by_marker => Vec<types::ActiveSession>,
    generate_code => () as empty,
    check_code => wire::Acknowledgement,
    activate_user => wire::Acknowledgement,
    change_password => wire::Acknowledgement,
}

#[test]
fn table_covers_the_spec_and_the_generated_code() {
    decoders::check_coverage("oneentry", OPERATIONS, include_str!("../src/generated.rs"));
}

#[test]
fn random_and_mutated_bodies_decode_without_panic() {
    let cases = json::cases_from_env(decoders::CASES_VAR, decoders::DEFAULT_CASES);
    decoders::fuzz("oneentry", OPERATIONS, cases);
}

#[test]
fn every_truncation_and_single_edit_decodes_without_panic() {
    decoders::exhaustive("oneentry", OPERATIONS);
}

#[test]
fn documented_bodies_reach_the_payload_and_the_error() {
    decoders::check_seeds("oneentry", OPERATIONS);
}
