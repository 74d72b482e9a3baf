//! The provider of the policy and span tests (a service with a few operations and no
//! error body of its own) and a policy that keeps them fast.
#![allow(dead_code)]

use std::convert::Infallible;
use std::num::NonZeroU32;
use std::time::Duration;

use payments_wire::{ErrorKind, Operation, RequestPolicy, Service};
use reqwest::StatusCode;

/// A provider named `Test`.
#[derive(Debug)]
pub enum TestApi {}

impl Service for TestApi {
    const NAME: &'static str = "Test";
    const NO_CONTENT: ErrorKind = ErrorKind::Decode;
    const OPERATIONS: &'static [Operation] = &[
        Operation::new("op", "POST", "/x"),
        Operation::new("read", "GET", "/items/{id}"),
    ];
    type ApiError = Infallible;
    type Refusal = Infallible;

    fn api_error(_: StatusCode, _: &[u8]) -> Option<Infallible> {
        None
    }
}

/// A policy with short waits so the tests stay fast.
pub fn quick(attempts: u32) -> RequestPolicy {
    RequestPolicy::default()
        .with_max_attempts(NonZeroU32::new(attempts).unwrap())
        .with_backoff(Duration::from_millis(10), Duration::from_millis(40))
        .with_attempt_timeout(Duration::from_secs(5))
        .with_deadline(Duration::from_secs(10))
}
