//! Typed client for the paywall API (work in progress).
