//! How `--dry-run` prints the requests it prepared and did not send.

use payments::PreparedRequest;
use serde_json::{Value, json};

use crate::args::{Format, Output};
use crate::error::CliError;
use crate::ops::emit;
use crate::table::Table;

/// A request as JSON: `{"service", "operation", "method", "url", "headers": [{"name",
/// "value"}], "body"}`, the body as the text that would be sent (`null` without one).
fn request_json(request: &PreparedRequest) -> Value {
    json!({
        "service": request.service,
        "operation": request.operation,
        "method": request.method.as_str(),
        "url": request.url,
        "headers": request
            .headers
            .iter()
            .map(|(name, value)| json!({ "name": name, "value": value }))
            .collect::<Vec<_>>(),
        "body": request.body,
    })
}

/// A request for people: its method and URL over its headers, then its body.
fn request_table(request: &PreparedRequest) -> (String, Table) {
    let title = format!(
        "Dry run, not sent: {} `{}`\n{} {}",
        request.service, request.operation, request.method, request.url
    );
    let mut table = Table::new(["header", "value"]);
    for (name, value) in &request.headers {
        table.row(vec![name.clone(), value.clone()]);
    }
    table.row(vec![
        "(body)".into(),
        request.body.clone().unwrap_or_else(|| "(none)".into()),
    ]);
    (title, table)
}

/// Prints what a dry run prepared: for people, each request's method, URL, headers and
/// body; as JSON `{"dry_run": true, "sent": false, "requests": [..]}`; as NDJSON one
/// request a line. Secrets are already redacted in `requests`.
pub fn print(output: Output, requests: &[PreparedRequest]) -> Result<(), CliError> {
    let records = || requests.iter().map(request_json).collect::<Vec<_>>();
    emit(
        output,
        || requests.iter().map(request_table).collect(),
        || match output.format() {
            Format::Ndjson => Value::Array(records()),
            _ => json!({ "dry_run": true, "sent": false, "requests": records() }),
        },
    )
}
