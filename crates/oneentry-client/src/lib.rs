//! Typed client for the oneentry API (work in progress).
