//! Typed client for the craftgate API (work in progress).
