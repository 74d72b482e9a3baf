//! Helpers on the generated order form value.

use rust_decimal::Decimal;
use serde_json::Value;

use crate::types::FormField;

impl FormField {
    /// A form value of the given type (`string`, `integer`, `float`, `timeInterval`, ...).
    pub fn new(marker: impl Into<String>, type_: impl Into<String>, value: Value) -> Self {
        Self {
            marker: marker.into(),
            type_: type_.into(),
            value: Some(value),
        }
    }

    /// The value of an `integer` or `float` field as an exact number, accepting a numeric
    /// string as the JS SDK does (`_normalizeAttr`;
    /// docs/providers/oneentry.md#numeric-form-values). `None` for other types and for values
    /// that are not numbers.
    pub fn numeric_value(&self) -> Option<Decimal> {
        if self.type_ != "integer" && self.type_ != "float" {
            return None;
        }
        match self.value.as_ref()? {
            Value::Number(n) => n.to_string().parse().ok(),
            Value::String(s) => {
                let s = s.trim();
                s.parse().ok().or_else(|| Decimal::from_scientific(s).ok())
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn numeric_form_values_follow_the_sdk_coercion() {
        let field = |t: &str, v| FormField::new("m", t, v);
        assert_eq!(
            field("float", json!(12.50)).numeric_value(),
            Some(Decimal::new(1250, 2))
        );
        assert_eq!(
            field("float", json!(" 0.1 ")).numeric_value(),
            Some(Decimal::new(1, 1))
        );
        assert_eq!(field("integer", json!("x")).numeric_value(), None);
        assert_eq!(field("string", json!("12")).numeric_value(), None);
    }
}
