//! [`Failure`]: why a benchmark stopped. A call that fails, an answer that does not read,
//! or layers that disagree end the run: a failing call must never count as a fast one.

use std::fmt;

/// Why the benchmark stopped, in one line.
#[derive(Debug)]
pub struct Failure(String);

impl Failure {
    /// A failure saying `what`.
    pub fn new(what: impl Into<String>) -> Self {
        Self(what.into())
    }

    /// The same failure, with what was being done in front.
    pub fn context(self, doing: &str) -> Self {
        Self(format!("{doing}: {}", self.0))
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Failure {}

/// A failure from any error: `.map_err(fail)`.
pub fn fail(error: impl fmt::Display) -> Failure {
    Failure(error.to_string())
}
