//! Embedded fake providers (work in progress).
