//! What the fuzz harnesses read from `specs/*.yaml`: every operation with its documented
//! example bodies (requests, successes, errors), and a body built from each schema for
//! the operations whose spec shows no example.
//!
//! Shared through `#[path]` by the client decoder harnesses and the sandbox request
//! harness.
#![allow(dead_code)]

use serde_json::{Map, Value};

/// One OpenAPI document.
pub struct Spec {
    root: Value,
}

/// One parameter of an operation, `$ref`s resolved.
#[derive(Clone, Debug)]
pub struct Parameter {
    /// Its name on the wire.
    pub name: String,
    /// `path`, `query` or `header`.
    pub location: String,
    /// Whether the spec marks it required.
    pub required: bool,
    /// Whether the client's hooks set it (signatures, device metadata).
    pub client_hooks: bool,
    /// Its schema, `$ref`s resolved at the top.
    pub schema: Value,
}

/// One operation with the bodies the spec documents for it.
#[derive(Clone, Debug)]
pub struct Operation {
    /// `operationId` as the spec spells it (camelCase).
    pub id: String,
    /// `GET`, `POST`, ...
    pub method: String,
    /// The path template (`/payments/{id}`).
    pub path: String,
    /// Path, query and header parameters.
    pub parameters: Vec<Parameter>,
    /// Request bodies: the documented examples, then bodies built from the schema.
    pub request: Vec<(String, Value)>,
    /// Success (2xx) bodies, likewise.
    pub success: Vec<(String, Value)>,
    /// Error (non-2xx and `default`) bodies, likewise.
    pub error: Vec<(String, Value)>,
    /// The documented success statuses.
    pub success_statuses: Vec<u16>,
}

impl Operation {
    /// `operationId` in snake_case, as the generated code names the operation.
    pub fn snake_id(&self) -> String {
        snake_case(&self.id)
    }
}

/// `getSessionByOrderId` -> `get_session_by_order_id`.
pub fn snake_case(id: &str) -> String {
    let mut out = String::new();
    for c in id.chars() {
        if c.is_ascii_uppercase() {
            if !out.is_empty() {
                out.push('_');
            }
            out.push(c.to_ascii_lowercase());
        } else {
            out.push(c);
        }
    }
    out
}

const METHODS: &[&str] = &["get", "put", "post", "delete", "patch", "head", "options"];

impl Spec {
    /// Reads `specs/<provider>.yaml` from the workspace root.
    pub fn load(provider: &str) -> Self {
        let path = format!("{}/../../specs/{provider}.yaml", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
        let root = serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"));
        Self { root }
    }

    /// Follows `$ref`s until a node that is not one.
    pub fn resolve<'a>(&'a self, mut node: &'a Value) -> &'a Value {
        for _ in 0..32 {
            let Some(reference) = node.get("$ref").and_then(Value::as_str) else {
                return node;
            };
            let pointer = reference
                .strip_prefix('#')
                .unwrap_or_else(|| panic!("only local $refs are supported: {reference}"));
            node = self
                .root
                .pointer(pointer)
                .unwrap_or_else(|| panic!("dangling $ref {reference}"));
        }
        panic!("$ref chain too long");
    }

    /// Every operation, in spec order.
    pub fn operations(&self) -> Vec<Operation> {
        let mut out = Vec::new();
        let paths = self.root["paths"].as_object().expect("paths");
        for (path, item) in paths {
            let item = item.as_object().expect("path item");
            for (method, op) in item {
                if !METHODS.contains(&method.as_str()) {
                    continue;
                }
                out.push(self.operation(path, method, op));
            }
        }
        out
    }

    fn operation(&self, path: &str, method: &str, op: &Value) -> Operation {
        let id = op["operationId"]
            .as_str()
            .unwrap_or_else(|| panic!("{method} {path} has no operationId"))
            .to_string();
        let parameters = op
            .get("parameters")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .map(|p| {
                let p = self.resolve(p);
                Parameter {
                    name: p["name"].as_str().expect("parameter name").to_string(),
                    location: p["in"].as_str().expect("parameter in").to_string(),
                    required: p["required"].as_bool().unwrap_or(false),
                    client_hooks: p["x-client-hooks"].as_bool().unwrap_or(false),
                    schema: self.resolve(&p["schema"]).clone(),
                }
            })
            .collect();
        let request = op
            .get("requestBody")
            .map(|body| self.bodies("request", self.resolve(body)))
            .unwrap_or_default();
        let mut success = Vec::new();
        let mut error = Vec::new();
        let mut success_statuses = Vec::new();
        let responses = op["responses"].as_object().expect("responses");
        for (status, response) in responses {
            let response = self.resolve(response);
            let is_success = status.starts_with('2');
            let label = format!("{status} response");
            let bodies = self.bodies(&label, response);
            if is_success {
                success_statuses.push(status.parse().expect("a 2xx status"));
                let shaped: Vec<(String, Value)> = bodies
                    .iter()
                    .map(|(name, body)| (format!("{name}, success-shaped"), success_shaped(body)))
                    .collect();
                success.extend(bodies);
                success.extend(shaped);
            } else {
                error.extend(bodies);
            }
        }
        dedup(&mut success);
        dedup(&mut error);
        Operation {
            id,
            method: method.to_ascii_uppercase(),
            path: path.to_string(),
            parameters,
            request,
            success,
            error,
            success_statuses,
        }
    }

    /// The JSON bodies a request body or response documents: `example`, each
    /// `examples.*.value`, and bodies built from the schema (first and second `oneOf`
    /// alternatives).
    fn bodies(&self, label: &str, node: &Value) -> Vec<(String, Value)> {
        let mut out = Vec::new();
        let Some(content) = node.get("content").and_then(Value::as_object) else {
            return out;
        };
        for (media, body) in content {
            if let Some(example) = body.get("example") {
                out.push((format!("{label} {media} example"), example.clone()));
            }
            if let Some(examples) = body.get("examples").and_then(Value::as_object) {
                for (name, example) in examples {
                    let example = self.resolve(example);
                    if let Some(value) = example.get("value") {
                        out.push((format!("{label} {media} example {name}"), value.clone()));
                    }
                }
            }
            if let Some(schema) = body.get("schema") {
                for variant in 0..2 {
                    out.push((
                        format!("{label} {media} built from the schema (variant {variant})"),
                        self.build(schema, variant, 0),
                    ));
                }
            }
        }
        dedup(&mut out);
        out
    }

    /// A body for `schema` with every property present: the schema's `example` where it
    /// has one, else a typical value per type and format; `variant` picks among `oneOf`
    /// alternatives and enum values.
    pub fn build(&self, schema: &Value, variant: usize, depth: usize) -> Value {
        let schema = self.resolve(schema);
        if let Some(example) = schema.get("example") {
            return example.clone();
        }
        if depth > 8 {
            return Value::Null;
        }
        if let Some(values) = schema.get("enum").and_then(Value::as_array)
            && !values.is_empty()
        {
            return values[variant % values.len()].clone();
        }
        for key in ["oneOf", "anyOf"] {
            if let Some(alternatives) = schema.get(key).and_then(Value::as_array)
                && !alternatives.is_empty()
            {
                let pick = &alternatives[variant % alternatives.len()];
                return self.build(pick, variant, depth + 1);
            }
        }
        if let Some(parts) = schema.get("allOf").and_then(Value::as_array) {
            let mut merged = Map::new();
            for part in parts {
                if let Value::Object(map) = self.build(part, variant, depth + 1) {
                    merged.extend(map);
                }
            }
            return Value::Object(merged);
        }
        let kind = schema.get("type").and_then(Value::as_str);
        let format = schema.get("format").and_then(Value::as_str).unwrap_or("");
        match kind {
            Some("array") => {
                let item = schema.get("items").cloned().unwrap_or(Value::Null);
                Value::Array(vec![self.build(&item, variant, depth + 1)])
            }
            Some("string") => Value::String(
                match format {
                    "date-time" => "2024-06-21T09:51:57.785Z",
                    "local-date-time" => "2021-11-15T14:07:18",
                    "date" => "2024-06-21",
                    "decimal" => "300.00",
                    "uuid" => "456d1297-908e-4bd6-a13b-4be31a6e47d5",
                    "uri" => "https://example.test/callback",
                    "email" => "user@example.test",
                    _ => "text",
                }
                .to_string(),
            ),
            Some("integer") => number("7"),
            Some("number") => number("12.50"),
            Some("boolean") => Value::Bool(variant.is_multiple_of(2)),
            Some("object") | None => {
                let mut map = Map::new();
                if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
                    for (name, property) in properties {
                        map.insert(name.clone(), self.build(property, variant, depth + 1));
                    }
                }
                match schema.get("additionalProperties") {
                    Some(Value::Bool(true)) => {
                        map.insert("extraField".into(), Value::String("x".into()));
                    }
                    Some(extra @ Value::Object(_)) => {
                        map.insert("en_US".into(), self.build(extra, variant, depth + 1));
                    }
                    _ => {}
                }
                if map.is_empty() && kind.is_none() && schema.get("properties").is_none() {
                    // An unconstrained schema (`{}` or a description only).
                    return Value::String("text".into());
                }
                Value::Object(map)
            }
            Some(other) => panic!("unknown schema type {other}"),
        }
    }
}

/// `body` without the fields that turn a success answer into a reported failure
/// (Craftgate's `errors`, Paywall's `ErrorCode` and `Result`), so that its payload is
/// decoded too.
pub fn success_shaped(body: &Value) -> Value {
    match body {
        Value::Object(map) => Value::Object(
            map.iter()
                .filter(|(k, _)| k.as_str() != "errors")
                .map(|(k, v)| {
                    let v = match k.as_str() {
                        "ErrorCode" => number("0"),
                        "Result" => Value::Bool(true),
                        _ => success_shaped(v),
                    };
                    (k.clone(), v)
                })
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(success_shaped).collect()),
        other => other.clone(),
    }
}

/// A JSON number with exactly this text.
fn number(text: &str) -> Value {
    serde_json::from_str(text).expect("a JSON number")
}

fn dedup(bodies: &mut Vec<(String, Value)>) {
    let mut seen: Vec<Value> = Vec::new();
    bodies.retain(|(_, body)| {
        if seen.contains(body) {
            false
        } else {
            seen.push(body.clone());
            true
        }
    });
}
