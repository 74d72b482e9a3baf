//! Every OneEntry operation against a local HTTP server (wiremock): the exact request the
//! client sends and how it reads the documented answers.

mod auth_provider;
mod decoding;
mod dry_run;
mod orders;
mod payments;
mod refresh;
mod support;
