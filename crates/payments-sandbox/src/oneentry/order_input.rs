//! Reading order bodies: the form, the payment account, the products and the discounts.

use rust_decimal::Decimal;
use serde_json::{Map, Value};

use super::error::ApiError;
use super::model::{Line, State};
use crate::util::json_decimal;

/// A validated `IOrderData` body (docs/providers/oneentry.md#order-body).
pub(crate) struct OrderInput {
    pub(crate) form_identifier: String,
    pub(crate) account_identifier: String,
    pub(crate) form_data: Map<String, Value>,
    pub(crate) lines: Vec<Line>,
    pub(crate) markers: Option<Vec<String>>,
    pub(crate) bonus: Option<Decimal>,
}

/// `products: [{productId, quantity}]` (quantity ≥ 1); `required` says whether an empty or
/// missing list is an error.
pub(crate) fn product_lines(body: &Value, required: bool, errors: &mut Vec<String>) -> Vec<Line> {
    let Some(items) = body.get("products") else {
        if required {
            errors.push("products must be a non-empty array".into());
        }
        return Vec::new();
    };
    let Some(items) = items.as_array().filter(|a| !a.is_empty() || !required) else {
        errors.push("products must be a non-empty array".into());
        return Vec::new();
    };
    let mut lines = Vec::new();
    for (i, item) in items.iter().enumerate() {
        let product_id = item.get("productId").and_then(Value::as_i64);
        let quantity = item
            .get("quantity")
            .and_then(Value::as_u64)
            .and_then(|q| u32::try_from(q).ok())
            .filter(|q| *q >= 1);
        if product_id.is_none() {
            errors.push(format!("products.{i}.productId must be an integer"));
        }
        if quantity.is_none() {
            errors.push(format!("products.{i}.quantity must be a positive integer"));
        }
        if let (Some(product_id), Some(quantity)) = (product_id, quantity) {
            lines.push(Line {
                product_id,
                quantity,
            });
        }
    }
    lines
}

/// `couponCode`, `additionalDiscountsMarkers` and `bonusAmount`; the project has no coupons,
/// so any coupon code is unknown.
pub(crate) fn discounts(
    body: &Value,
    errors: &mut Vec<String>,
) -> Result<(Option<Vec<String>>, Option<Decimal>), ApiError> {
    match body.get("couponCode") {
        None | Some(Value::Null) => {}
        Some(Value::String(code)) => {
            return Err(ApiError::bad_request(format!(
                "Coupon \"{code}\" not found"
            )));
        }
        Some(_) => errors.push("couponCode must be a string".into()),
    }
    let markers = match body.get("additionalDiscountsMarkers") {
        None | Some(Value::Null) => None,
        Some(Value::Array(items)) if items.iter().all(Value::is_string) => Some(
            items
                .iter()
                .filter_map(Value::as_str)
                .map(str::to_string)
                .collect(),
        ),
        Some(_) => {
            errors.push("additionalDiscountsMarkers must be an array of strings".into());
            None
        }
    };
    let bonus = match body.get("bonusAmount") {
        None | Some(Value::Null) => None,
        Some(v) => match json_decimal(v).filter(|d| !d.is_sign_negative()) {
            Some(d) => Some(d),
            None => {
                errors.push("bonusAmount must be a non-negative number".into());
                None
            }
        },
    };
    Ok((markers, bonus))
}

/// `formData` keyed by language, each value an array of `{marker, type, value}` — the form
/// the SDK's rewrite sends (docs/providers/oneentry.md#order-body).
fn form_data(body: &Value, errors: &mut Vec<String>) -> Map<String, Value> {
    let shape = "formData must be an object keyed by language code, e.g. {\"en_US\": [{\"marker\", \"type\", \"value\"}]}";
    let Some(map) = body
        .get("formData")
        .and_then(Value::as_object)
        .filter(|m| !m.is_empty())
    else {
        errors.push(shape.into());
        return Map::new();
    };
    for (lang, items) in map {
        let Some(items) = items.as_array() else {
            errors.push(format!("formData.{lang} must be an array"));
            continue;
        };
        for (i, item) in items.iter().enumerate() {
            let ok = item.get("marker").is_some_and(Value::is_string)
                && item.get("type").is_some_and(Value::is_string)
                && item.get("value").is_some();
            if !ok {
                errors.push(format!(
                    "formData.{lang}.{i} must be an object with string marker and type, and a value"
                ));
            }
        }
    }
    map.clone()
}

pub(crate) fn order_input(state: &State, body: &Value) -> Result<OrderInput, ApiError> {
    let mut errors = Vec::new();
    let form_identifier = body.get("formIdentifier").and_then(Value::as_str);
    if form_identifier.is_none() {
        errors.push("formIdentifier must be a string".into());
    }
    let account_identifier = body.get("paymentAccountIdentifier").and_then(Value::as_str);
    if account_identifier.is_none() {
        errors.push("paymentAccountIdentifier must be a string".into());
    }
    let form_data = form_data(body, &mut errors);
    let lines = product_lines(body, true, &mut errors);
    let (markers, bonus) = discounts(body, &mut errors)?;
    let (Some(form_identifier), Some(account_identifier), true) =
        (form_identifier, account_identifier, errors.is_empty())
    else {
        return Err(ApiError::validation(errors));
    };
    if form_identifier != state.storage.form_identifier {
        return Err(ApiError::bad_request(format!(
            "Form \"{form_identifier}\" is not attached to order storage \"{}\"",
            state.storage.marker
        )));
    }
    if !state
        .storage
        .account_identifiers
        .iter()
        .any(|a| a == account_identifier)
    {
        return Err(ApiError::bad_request(format!(
            "Payment account \"{account_identifier}\" is not available for order storage \"{}\"",
            state.storage.marker
        )));
    }
    unknown_products(state, &lines)?;
    Ok(OrderInput {
        form_identifier: form_identifier.to_string(),
        account_identifier: account_identifier.to_string(),
        form_data,
        lines,
        markers,
        bonus,
    })
}

pub(crate) fn unknown_products(state: &State, lines: &[Line]) -> Result<(), ApiError> {
    match lines.iter().find(|l| state.product(l.product_id).is_none()) {
        Some(line) => Err(ApiError::bad_request(format!(
            "Product {} not found",
            line.product_id
        ))),
        None => Ok(()),
    }
}
