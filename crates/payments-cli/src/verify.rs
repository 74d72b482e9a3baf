//! `payments craftgate verify-webhook` and `payments paywall verify-callback`: check what a
//! provider sent to the merchant, print `valid` or `invalid` and why, and exit 1 when it is
//! invalid. The keys come from the environment, never the command line (where the process
//! list would show them); two keys may be set while one is rotated.

use clap::{Args, ValueEnum};
use craftgate_client::Secret;
use craftgate_client::webhook::{WEBHOOK_SIGNATURE_HEADER, WebhookError, verify_webhook_with_keys};
use paywall_client::callback::{CallbackError, CallbackHash};
use serde_json::{Value, json};

use crate::args::Output;
use crate::error::CliError;
use crate::ops::emit;
use crate::received::{BodyArgs, Received, parse_header};
use crate::table::Table;

/// What `verify-webhook` reads: the webhook as Craftgate sent it.
#[derive(Debug, Args)]
pub struct WebhookArgs {
    /// The `x-cg-signature-v1` value (instead of a --header or a header of --request).
    #[arg(long)]
    signature: Option<String>,
    /// A header as received, `NAME: VALUE` (repeatable).
    #[arg(long = "header", value_name = "NAME: VALUE")]
    headers: Vec<String>,
    /// The body.
    #[command(flatten)]
    body: BodyArgs,
    /// Output format.
    #[command(flatten)]
    output: Output,
}

/// Which of Paywall's hashed callbacks (docs/providers/paywall.md#hash-verification).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CallbackKind {
    /// 3D and payment callbacks: paymentId, merchantUniqueCode (or uniqueCode), amount,
    /// installment.
    Payment,
    /// Bulk callbacks: bulkPaymentId, merchantUniqueCode.
    Bulk,
    /// Checkout callbacks: checkoutId, paymentId, uniqueCode, amount.
    Checkout,
}

/// What `verify-callback` reads: the callback as Paywall sent it.
#[derive(Debug, Args)]
pub struct CallbackArgs {
    /// Which callback it is: which fields the hash covers.
    #[arg(long, value_enum)]
    kind: CallbackKind,
    /// A field, `NAME=VALUE`, over what the body holds (repeatable; e.g. `hash=...`).
    #[arg(long = "field", value_name = "NAME=VALUE")]
    fields: Vec<String>,
    /// The body: a JSON object, or a form (`name=value&...`, as a 3D callback posts it).
    #[command(flatten)]
    body: BodyArgs,
    /// Output format.
    #[command(flatten)]
    output: Output,
}

/// The keys in `variable` and, while a key is rotated, `{variable}_PREVIOUS`.
fn keys(variable: &str) -> Result<Vec<Secret>, CliError> {
    let previous = format!("{variable}_PREVIOUS");
    let keys: Vec<Secret> = [variable, previous.as_str()]
        .iter()
        .filter_map(|name| std::env::var(name).ok())
        .filter(|key| !key.is_empty())
        .map(Secret::new)
        .collect();
    if keys.is_empty() {
        return Err(CliError::Usage(format!(
            "set {variable} to the key to verify with ({previous} too while rotating)"
        )));
    }
    Ok(keys)
}

/// Prints a verdict: `valid` and what was vouched for, or `invalid` and why (then the
/// command fails with exit code 1).
fn verdict(output: Output, checked: Result<Vec<(&str, String)>, String>) -> Result<(), CliError> {
    match checked {
        Ok(signed) => emit(
            output,
            || {
                let mut t = Table::new(["signed field", "value"]);
                for (name, value) in &signed {
                    t.row(vec![name.to_string(), value.clone()]);
                }
                vec![("valid".to_string(), t)]
            },
            || {
                let fields: serde_json::Map<String, Value> = signed
                    .iter()
                    .map(|(name, value)| (name.to_string(), Value::String(value.clone())))
                    .collect();
                json!({ "valid": true, "signed": fields })
            },
        ),
        Err(reason) => {
            emit(
                output,
                || {
                    let mut t = Table::new(["reason"]);
                    t.row(vec![reason.clone()]);
                    vec![("invalid".to_string(), t)]
                },
                || json!({ "valid": false, "reason": reason }),
            )?;
            Err(CliError::Invalid(reason))
        }
    }
}

/// Verifies a Craftgate transaction webhook under `CRAFTGATE_WEBHOOK_KEY`.
pub fn craftgate_webhook(args: WebhookArgs) -> Result<(), CliError> {
    let keys = keys("CRAFTGATE_WEBHOOK_KEY")?;
    let mut received = args.body.read()?;
    for line in &args.headers {
        received.headers.push(parse_header(line)?);
    }
    let signature = args
        .signature
        .as_deref()
        .or(received.header(WEBHOOK_SIGNATURE_HEADER));
    let checked = match verify_webhook_with_keys(&keys, &received.body, signature) {
        Ok(event) => Ok(vec![
            ("eventType", event.event_type.to_string()),
            ("eventTimestamp", event.event_timestamp.to_string()),
            ("status", event.status.to_string()),
            ("payloadId", event.payload_id),
        ]),
        Err(WebhookError::NoKeys) => {
            return Err(CliError::Usage(
                "set CRAFTGATE_WEBHOOK_KEY to the key to verify with".into(),
            ));
        }
        Err(e) => Err(e.to_string()),
    };
    verdict(args.output, checked)
}

/// The callback's fields: the body's (a JSON object or a form), then `--field`s over them.
/// Names are kept as received; a name given twice (ignoring case) is kept twice.
fn callback_fields(
    received: &Received,
    flags: &[String],
) -> Result<Vec<(String, String)>, CliError> {
    let body = &received.body;
    let mut fields: Vec<(String, String)> = if body.trim_ascii_start().starts_with(b"{") {
        let object: serde_json::Map<String, Value> = serde_json::from_slice(body).map_err(|e| {
            CliError::Invalid(format!("the callback body is not a JSON object: {e}"))
        })?;
        object
            .into_iter()
            .filter_map(|(name, value)| {
                let text = match value {
                    Value::String(s) => s,
                    Value::Null => return None,
                    // A number keeps its exact text (`1.59`, not a float).
                    other => other.to_string(),
                };
                Some((name, text))
            })
            .collect()
    } else {
        url::form_urlencoded::parse(body.trim_ascii())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect()
    };
    for flag in flags {
        let Some((name, value)) = flag.split_once('=') else {
            return Err(CliError::Usage(format!("`{flag}` is not NAME=VALUE")));
        };
        fields.retain(|(n, _)| !n.eq_ignore_ascii_case(name));
        fields.push((name.to_string(), value.to_string()));
    }
    Ok(fields)
}

/// The one value of the first of `names` the callback carries (names compare without
/// case); refused when it carries that name twice.
fn field<'a>(fields: &'a [(String, String)], names: &[&str]) -> Result<Option<&'a str>, String> {
    for name in names {
        let mut found = fields.iter().filter(|(n, _)| n.eq_ignore_ascii_case(name));
        if let Some((_, value)) = found.next() {
            if found.next().is_some() {
                return Err(format!("the callback carries `{name}` more than once"));
            }
            return Ok(Some(value.as_str()));
        }
    }
    Ok(None)
}

/// Verifies a Paywall callback's `Hash` under `PAYWALL_CALLBACK_KEY`.
pub fn paywall_callback(args: CallbackArgs) -> Result<(), CliError> {
    let keys = keys("PAYWALL_CALLBACK_KEY")?;
    let received = args.body.read()?;
    let fields = callback_fields(&received, &args.fields)?;
    verdict(args.output, check_callback(args.kind, &fields, &keys))
}

/// Checks the hash of `fields`; the hashed fields and their values when it matches.
fn check_callback(
    kind: CallbackKind,
    fields: &[(String, String)],
    keys: &[Secret],
) -> Result<Vec<(&'static str, String)>, String> {
    let wanted: &[(&'static str, &[&str])] = match kind {
        CallbackKind::Payment => &[
            ("paymentId", &["paymentId"]),
            ("merchantUniqueCode", &["merchantUniqueCode", "uniqueCode"]),
            ("amount", &["amount"]),
            ("installment", &["installment"]),
        ],
        CallbackKind::Bulk => &[
            ("bulkPaymentId", &["bulkPaymentId"]),
            ("merchantUniqueCode", &["merchantUniqueCode"]),
        ],
        CallbackKind::Checkout => &[
            ("checkoutId", &["checkoutId"]),
            ("paymentId", &["paymentId"]),
            ("uniqueCode", &["uniqueCode"]),
            ("amount", &["amount"]),
        ],
    };
    let mut values: Vec<(&'static str, &str)> = Vec::with_capacity(wanted.len());
    for (name, names) in wanted {
        let value = field(fields, names)?.ok_or_else(|| {
            format!("the callback carries no `{name}` (give it with --field {name}=VALUE)")
        })?;
        values.push((name, value));
    }
    let value = |i: usize| values.get(i).map_or("", |(_, v)| *v);
    let hash = match kind {
        CallbackKind::Payment => CallbackHash::Payment {
            payment_id: value(0),
            merchant_unique_code: value(1),
            amount: value(2),
            installment: value(3),
        },
        CallbackKind::Bulk => CallbackHash::Bulk {
            bulk_payment_id: value(0),
            merchant_unique_code: value(1),
        },
        CallbackKind::Checkout => CallbackHash::Checkout {
            checkout_id: value(0),
            payment_id: value(1),
            unique_code: value(2),
            amount: value(3),
        },
    };
    match hash.verify_with_keys(keys, field(fields, &["hash"])?) {
        Ok(()) => Ok(values
            .iter()
            .map(|(name, value)| (*name, value.to_string()))
            .collect()),
        Err(CallbackError::NoKeys) => Err("no key to verify with".into()),
        Err(e) => Err(e.to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn received(body: &str) -> Received {
        Received {
            headers: Vec::new(),
            body: body.as_bytes().to_vec(),
        }
    }

    // docs/providers/paywall.md#hash-verification.
    const PAYMENT: &str = "f366d7764ece506c5d4fe179837da1c45a446ae8a623e46429dcd93ae62f8819";

    #[test]
    fn json_and_form_callbacks_are_checked_on_the_received_text() {
        let keys = [Secret::new("k3y")];
        let json = format!(
            r#"{{"PaymentId":2094937,"UniqueCode":"a4d6a8f3","Amount":1.59,"Installment":1,"Hash":"{PAYMENT}"}}"#
        );
        let fields = callback_fields(&received(&json), &[]).unwrap();
        let signed = check_callback(CallbackKind::Payment, &fields, &keys).unwrap();
        assert_eq!(signed[2], ("amount", "1.59".to_string()), "exact text");

        let form = format!(
            "paymentId=2094937&uniqueCode=a4d6a8f3&amount=1.59&installment=1&hash={PAYMENT}"
        );
        let fields = callback_fields(&received(&form), &[]).unwrap();
        assert!(check_callback(CallbackKind::Payment, &fields, &keys).is_ok());

        let tampered = callback_fields(&received(&form), &["amount=1.590".into()]).unwrap();
        assert_eq!(
            check_callback(CallbackKind::Payment, &tampered, &keys).unwrap_err(),
            "the Paywall callback `Hash` does not match"
        );
    }

    #[test]
    fn missing_and_repeated_fields_are_refused() {
        let keys = [Secret::new("k3y")];
        let fields = callback_fields(&received("bulkPaymentId=389&hash=00"), &[]).unwrap();
        let why = check_callback(CallbackKind::Bulk, &fields, &keys).unwrap_err();
        assert!(why.contains("no `merchantUniqueCode`"), "{why}");
        let fields = callback_fields(
            &received("bulkPaymentId=389&BulkPaymentId=390&merchantUniqueCode=x"),
            &[],
        )
        .unwrap();
        let why = check_callback(CallbackKind::Bulk, &fields, &keys).unwrap_err();
        assert!(why.contains("more than once"), "{why}");
        assert!(callback_fields(&received("{not json"), &[]).is_err());
        assert!(callback_fields(&received(""), &["no-equals".into()]).is_err());
    }
}
