//! Open enums: the known wire values as variants, anything else kept in `Unknown`.

/// Declares an open enum over string or integer wire values.
///
/// Every enum gets an `Unknown(String)` variant that keeps an unrecognised wire value
/// exactly as received (for integer enums, its decimal text), so a provider adding a
/// value never makes a response fail and nothing is silently coerced.
///
/// ```
/// payments_wire::open_enum! {
///     /// Refund state of a payment.
///     pub enum RefundStatus: str {
///         /// Nothing refunded.
///         NotRefunded = "NOT_REFUNDED",
///         /// Everything refunded.
///         FullyRefunded = "FULLY_REFUNDED",
///     }
/// }
/// let s: RefundStatus = serde_json::from_str("\"FULLY_REFUNDED\"").unwrap();
/// assert_eq!(s, RefundStatus::FullyRefunded);
/// let u: RefundStatus = serde_json::from_str("\"ON_HOLD\"").unwrap();
/// assert_eq!(u, RefundStatus::Unknown("ON_HOLD".into()));
/// assert_eq!(serde_json::to_string(&u).unwrap(), "\"ON_HOLD\"");
///
/// payments_wire::open_enum! {
///     /// Numeric status.
///     pub enum Code: int {
///         /// Done.
///         Done = 4,
///     }
/// }
/// let c: Code = serde_json::from_str("4").unwrap();
/// assert_eq!(c, Code::Done);
/// let c: Code = serde_json::from_str("9").unwrap();
/// assert_eq!(c, Code::Unknown("9".into()));
/// assert_eq!(serde_json::to_string(&c).unwrap(), "9");
/// ```
#[macro_export]
macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident : str {
            $( $(#[$vmeta:meta])* $variant:ident = $wire:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        $vis enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A value this version does not know, kept exactly as received.
            Unknown(String),
        }

        impl $name {
            /// Every value this version knows.
            pub const KNOWN: &'static [$name] = &[$($name::$variant),+];

            /// The wire value.
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $wire, )+
                    Self::Unknown(raw) => raw,
                }
            }

            /// Whether this is a value this version does not know.
            pub fn is_unknown(&self) -> bool {
                matches!(self, Self::Unknown(_))
            }
        }

        impl ::std::convert::From<&str> for $name {
            fn from(raw: &str) -> Self {
                match raw {
                    $( $wire => Self::$variant, )+
                    other => Self::Unknown(other.to_string()),
                }
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = ::std::convert::Infallible;
            fn from_str(raw: &str) -> ::std::result::Result<Self, Self::Err> {
                Ok(Self::from(raw))
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }

        impl $crate::__private::serde::Serialize for $name {
            fn serialize<S: $crate::__private::serde::Serializer>(&self, s: S) -> ::std::result::Result<S::Ok, S::Error> {
                s.serialize_str(self.as_str())
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(d: D) -> ::std::result::Result<Self, D::Error> {
                let raw = <::std::string::String as $crate::__private::serde::Deserialize>::deserialize(d)?;
                Ok(Self::from(raw.as_str()))
            }
        }
    };
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident : int {
            $( $(#[$vmeta:meta])* $variant:ident = $wire:literal ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        $vis enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A value this version does not know, kept exactly as received (decimal text).
            Unknown(String),
        }

        impl $name {
            /// Every value this version knows.
            pub const KNOWN: &'static [$name] = &[$($name::$variant),+];

            /// The wire code, or `None` for an unknown value that is not an integer.
            pub fn code(&self) -> ::std::option::Option<i64> {
                match self {
                    $( Self::$variant => Some($wire), )+
                    Self::Unknown(raw) => raw.parse().ok(),
                }
            }

            /// Whether this is a value this version does not know.
            pub fn is_unknown(&self) -> bool {
                matches!(self, Self::Unknown(_))
            }
        }

        impl ::std::convert::From<i64> for $name {
            fn from(code: i64) -> Self {
                match code {
                    $( $wire => Self::$variant, )+
                    other => Self::Unknown(other.to_string()),
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    $( Self::$variant => write!(f, "{}", $wire), )+
                    Self::Unknown(raw) => f.write_str(raw),
                }
            }
        }

        impl $crate::__private::serde::Serialize for $name {
            fn serialize<S: $crate::__private::serde::Serializer>(&self, s: S) -> ::std::result::Result<S::Ok, S::Error> {
                match self.code() {
                    Some(code) => s.serialize_i64(code),
                    None => s.serialize_str(&self.to_string()),
                }
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(d: D) -> ::std::result::Result<Self, D::Error> {
                $crate::__private::int_or_raw(d).map(|r| match r {
                    Ok(code) => Self::from(code),
                    Err(raw) => Self::Unknown(raw),
                })
            }
        }
    };
}

/// Reads an integer code, or keeps the raw text of anything else (a string, a fraction).
#[doc(hidden)]
pub fn int_or_raw<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Result<i64, String>, D::Error> {
    use serde::Deserialize;
    // Through `Value`, because with serde_json's arbitrary_precision a number reaches
    // `deserialize_any` as a private map, which `Value` understands.
    let value = serde_json::Value::deserialize(d)?;
    Ok(match &value {
        serde_json::Value::Number(n) => n.as_i64().ok_or_else(|| n.to_string()),
        serde_json::Value::String(s) => s.parse::<i64>().map_err(|_| s.clone()),
        other => Err(other.to_string()),
    })
}
