//! [`CallPolicy`]: one client's request policy at run time.

use std::sync::Arc;

use crate::budget::RetryBudget;
use crate::policy::RequestPolicy;

/// One client's request policy at run time: its settings and its retry budget, shared by
/// every clone of the client.
#[derive(Clone, Debug, Default)]
pub struct CallPolicy {
    settings: RequestPolicy,
    budget: Arc<RetryBudget>,
}

impl CallPolicy {
    /// A policy with these settings and a full retry budget.
    pub fn new(settings: RequestPolicy) -> Self {
        Self {
            settings,
            budget: Arc::default(),
        }
    }

    /// The settings.
    pub fn settings(&self) -> &RequestPolicy {
        &self.settings
    }

    /// The retry budget.
    pub fn budget(&self) -> &RetryBudget {
        &self.budget
    }
}
