//! The one place where a faithful, hand-written spec is reshaped into what progenitor 0.15
//! can generate from. Every rule here is a mechanical rewrite; the spec files themselves
//! stay a truthful description of the provider.
//!
//! Rules, applied to every operation:
//! 1. **Success responses collapse into one `2XX`.** Provider docs never pin a success status,
//!    so any 2xx is success. The (at most one) body schema among the documented success
//!    responses becomes the `2XX` body; body-less successes (204) are allowed beside it and
//!    are handled at run time (the client hooks present an empty 2xx body as `{}`).
//!    Two different success bodies in one operation are a spec error.
//! 2. **Error responses collapse into one raw `default`.** progenitor panics on more than
//!    one error body and loses the HTTP status when a JSON error body fails to decode, so
//!    every non-2xx response is generated as a raw byte stream. Each client's hand-written
//!    `error` module decodes it into a typed provider error that keeps the status, also
//!    when the body is not the documented JSON. The documented error schemas remain
//!    components and are still generated as types.
//! 3. **Header parameters marked `x-client-hooks: true`** (credentials, signatures, device
//!    metadata) are documented in the spec but set by the client's hooks, so they are
//!    removed from the generated method signatures.
//! 4. **Component schemas marked `x-rust-type: <path>`** (open enums, one-or-many values,
//!    lenient decimals) are replaced by the named hand-written type instead of generated.
//!
//! Rules applied to the document: it must be OpenAPI 3.0.x and every operation must have
//! an `operationId`.

use serde_json::{Map, Value, json};

/// The HTTP methods an OpenAPI path item may hold, as its keys spell them.
pub const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// A component schema replaced by a hand-written Rust type.
#[derive(Debug, PartialEq)]
pub struct Replacement {
    /// Component schema name.
    pub schema: String,
    /// Rust path of the replacing type.
    pub rust_type: String,
}

/// Rewrites `doc` in place and returns the schema replacements to configure.
pub fn normalize(doc: &mut Value) -> Result<Vec<Replacement>, String> {
    let version = doc.get("openapi").and_then(Value::as_str).unwrap_or("");
    if !version.starts_with("3.0.") {
        return Err(format!(
            "progenitor 0.15 needs OpenAPI 3.0.x, the spec says `{version}`"
        ));
    }
    let components = doc.get("components").cloned().unwrap_or(Value::Null);
    let paths = doc
        .get_mut("paths")
        .and_then(Value::as_object_mut)
        .ok_or("the spec has no `paths`")?;
    for (path, item) in paths.iter_mut() {
        let Some(item) = item.as_object_mut() else {
            continue;
        };
        for method in METHODS {
            let Some(op) = item.get_mut(method).and_then(Value::as_object_mut) else {
                continue;
            };
            let where_ = format!("{} {path}", method.to_uppercase());
            if !op.get("operationId").is_some_and(Value::is_string) {
                return Err(format!("{where_}: every operation needs an operationId"));
            }
            drop_hook_headers(op, &components);
            collapse_responses(op, &components).map_err(|e| format!("{where_}: {e}"))?;
        }
    }
    replacements(doc)
}

/// Resolves a local `$ref` (`#/components/<kind>/<name>`) against `components`.
fn resolve<'a>(value: &'a Value, components: &'a Value) -> &'a Value {
    match value.get("$ref").and_then(Value::as_str) {
        Some(r) => r
            .strip_prefix("#/components/")
            .and_then(|rest| rest.split_once('/'))
            .and_then(|(kind, name)| components.get(kind)?.get(name))
            .unwrap_or(value),
        None => value,
    }
}

fn drop_hook_headers(op: &mut Map<String, Value>, components: &Value) {
    if let Some(params) = op.get_mut("parameters").and_then(Value::as_array_mut) {
        params.retain(|p| {
            !resolve(p, components)
                .get("x-client-hooks")
                .and_then(Value::as_bool)
                .unwrap_or(false)
        });
    }
}

fn collapse_responses(op: &mut Map<String, Value>, components: &Value) -> Result<(), String> {
    let responses = op
        .get("responses")
        .and_then(Value::as_object)
        .ok_or("no responses")?;
    let mut ok_descriptions = Vec::new();
    let mut ok_content: Option<Value> = None;
    let mut err_descriptions = Vec::new();
    for (code, response) in responses {
        let response = resolve(response, components);
        let description = response
            .get("description")
            .and_then(Value::as_str)
            .unwrap_or("");
        let content = response
            .get("content")
            .filter(|c| c.as_object().is_some_and(|m| !m.is_empty()));
        if code.starts_with('2') {
            ok_descriptions.push(format!("{code}: {description}"));
            if let Some(content) = content {
                match &ok_content {
                    Some(seen) if seen != content => {
                        return Err("two different success bodies; progenitor takes one".into());
                    }
                    _ => ok_content = Some(content.clone()),
                }
            }
        } else if code.starts_with('4') || code.starts_with('5') || code == "default" {
            err_descriptions.push(format!("{code}: {description}"));
        } else {
            return Err(format!("unsupported response code `{code}`"));
        }
    }
    let mut collapsed = Map::new();
    let mut ok = json!({ "description": ok_descriptions.join("; ") });
    if let (Some(content), Some(ok)) = (ok_content, ok.as_object_mut()) {
        ok.insert("content".into(), content);
    }
    collapsed.insert("2XX".into(), ok);
    if !err_descriptions.is_empty() {
        collapsed.insert(
            "default".into(),
            json!({
                "description": err_descriptions.join("; "),
                "content": { "application/octet-stream": { "schema": { "type": "string", "format": "binary" } } }
            }),
        );
    }
    op.insert("responses".into(), Value::Object(collapsed));
    Ok(())
}

fn replacements(doc: &Value) -> Result<Vec<Replacement>, String> {
    let Some(schemas) = doc
        .pointer("/components/schemas")
        .and_then(Value::as_object)
    else {
        return Ok(Vec::new());
    };
    let mut out = Vec::new();
    for (name, schema) in schemas {
        if let Some(path) = schema.get("x-rust-type") {
            let rust_type = path
                .as_str()
                .ok_or_else(|| format!("schema {name}: x-rust-type must be a Rust path string"))?;
            out.push(Replacement {
                schema: name.clone(),
                rust_type: rust_type.to_string(),
            });
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn doc(responses: Value) -> Value {
        json!({
            "openapi": "3.0.3",
            "paths": { "/x": { "get": {
                "operationId": "getX",
                "parameters": [
                    { "in": "header", "name": "x-sig", "x-client-hooks": true, "schema": { "type": "string" } },
                    { "in": "header", "name": "code", "schema": { "type": "string" } }
                ],
                "responses": responses
            } } },
            "components": { "schemas": { "Status": { "type": "string", "x-rust-type": "crate::wire::Status" } } }
        })
    }

    #[test]
    fn collapses_success_and_error_responses() {
        let mut d = doc(json!({
            "200": { "description": "ok", "content": { "application/json": { "schema": { "type": "object" } } } },
            "204": { "description": "nothing" },
            "400": { "description": "bad", "content": { "application/json": { "schema": { "type": "object" } } } },
            "default": { "description": "other" }
        }));
        let repl = normalize(&mut d).unwrap();
        let responses = d.pointer("/paths/~1x/get/responses").unwrap();
        let keys: Vec<_> = responses.as_object().unwrap().keys().collect();
        assert_eq!(keys, ["2XX", "default"]);
        assert_eq!(responses["2XX"]["description"], "200: ok; 204: nothing");
        assert!(responses["2XX"]["content"]["application/json"].is_object());
        assert!(responses["default"]["content"]["application/octet-stream"].is_object());
        let params = d
            .pointer("/paths/~1x/get/parameters")
            .unwrap()
            .as_array()
            .unwrap();
        assert_eq!(params.len(), 1);
        assert_eq!(params[0]["name"], "code");
        assert_eq!(
            repl,
            [Replacement {
                schema: "Status".into(),
                rust_type: "crate::wire::Status".into()
            }]
        );
    }

    #[test]
    fn rejects_two_success_bodies_and_missing_operation_ids() {
        let mut d = doc(json!({
            "200": { "description": "a", "content": { "application/json": { "schema": { "type": "object" } } } },
            "201": { "description": "b", "content": { "application/json": { "schema": { "type": "array" } } } }
        }));
        assert!(
            normalize(&mut d)
                .unwrap_err()
                .contains("two different success bodies")
        );
        let mut d = doc(json!({ "200": { "description": "a" } }));
        d["paths"]["/x"]["get"]
            .as_object_mut()
            .unwrap()
            .remove("operationId");
        assert!(normalize(&mut d).unwrap_err().contains("operationId"));
        let mut d = doc(json!({ "200": { "description": "a" } }));
        d["openapi"] = json!("3.1.0");
        assert!(normalize(&mut d).unwrap_err().contains("3.0.x"));
    }
}
