//! Identifier newtypes. Providers use numbers or strings; core keeps the text form so one
//! type serves every provider, and adapters parse it back (with a typed error) where a
//! provider needs a number.

use crate::id_text::IdText;

macro_rules! id_type {
    ($(#[$meta:meta])* $name:ident) => {
        $(#[$meta])*
        #[derive(Clone, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize, serde::Deserialize)]
        #[serde(transparent)]
        pub struct $name(IdText);

        impl $name {
            /// Wraps a provider identifier.
            pub fn new(id: impl Into<String>) -> Self {
                Self(IdText::from_string(id.into()))
            }

            /// The identifier's text.
            pub fn as_str(&self) -> &str {
                self.0.as_str()
            }
        }

        impl std::fmt::Debug for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.debug_tuple(stringify!($name)).field(&self.as_str()).finish()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl From<&str> for $name {
            fn from(id: &str) -> Self {
                Self(IdText::new(id))
            }
        }

        impl From<String> for $name {
            fn from(id: String) -> Self {
                Self(IdText::from_string(id))
            }
        }

        impl From<i64> for $name {
            /// The number's decimal text, written without allocating.
            fn from(id: i64) -> Self {
                Self(IdText::integer(id))
            }
        }
    };
}

id_type!(
    /// A payment's identifier at its provider.
    PaymentId
);
id_type!(
    /// A payment session's identifier.
    SessionId
);
id_type!(
    /// An order's identifier.
    OrderId
);
id_type!(
    /// A refund's identifier.
    RefundId
);
id_type!(
    /// The identifier of one item of a payment's breakdown.
    ItemId
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_keep_their_text() {
        assert_eq!(PaymentId::from(2094937).as_str(), "2094937");
        assert_eq!(format!("{:?}", PaymentId::from(-5)), "PaymentId(\"-5\")");
        let long = "p".repeat(40);
        assert_eq!(PaymentId::new(long.clone()).as_str(), long);
        assert_eq!(PaymentId::from(long.as_str()), PaymentId::new(long.clone()));
        assert_eq!(OrderId::new("89").to_string(), "89");
        assert_eq!(
            serde_json::to_string(&SessionId::from("46")).unwrap(),
            "\"46\""
        );
    }
}
