//! Performing a [`Trigger`] on the provider it names.

use crate::craftgate::CraftgateControl;
use crate::paywall::PaywallControl;
use crate::trigger::{Trigger, TriggerError, Triggered};

/// Performs `trigger` through the provider's own booking, which emits its pushes.
pub(crate) fn perform(
    trigger: Trigger,
    craftgate: &CraftgateControl,
    paywall: &PaywallControl,
) -> Result<Triggered, TriggerError> {
    let done = match &trigger {
        Trigger::CraftgatePaymentRefunded { payment } => craftgate.refund_payment_now(*payment),
        Trigger::CraftgateItemRefunded { item, amount } => {
            craftgate.refund_item_now(*item, *amount)
        }
        Trigger::PaywallBulkCompleted { batch } => paywall.send_callback_now(batch),
        Trigger::PaywallBulkCancelled { batch } => paywall.cancel_batch_now(batch),
        Trigger::PaywallBulkRefunded { batch } => paywall.refund_batch_now(batch),
    };
    match &done {
        Ok(triggered) => tracing::info!(?trigger, summary = %triggered.summary, "sandbox trigger"),
        Err(error) => tracing::info!(?trigger, %error, "sandbox trigger refused"),
    }
    done
}
