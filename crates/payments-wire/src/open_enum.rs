//! Open enums: the known values as variants, anything else kept in `Unknown`.

use std::borrow::Cow;

/// What every enum declared with [`open_enum!`](crate::open_enum) offers, so code can treat them alike
/// (e.g. a mapping table from a provider's wire values into a shared vocabulary).
pub trait OpenEnum: Sized {
    /// The value for something this version does not know, kept as received.
    fn unknown(raw: String) -> Self;

    /// The value as the provider sends it (for a vocabulary: its serialized name); for
    /// an unknown value, the text kept.
    fn raw(&self) -> Cow<'_, str>;

    /// Whether this is a value this version does not know.
    fn is_unknown(&self) -> bool;
}

/// Declares an open enum, `#[non_exhaustive]`, with an `Unknown(String)` variant.
///
/// Three forms:
/// - `enum X: str { A = "A_WIRE", .. }`: a provider's string values;
/// - `enum X: int { A = 4, .. }`: a provider's integer codes (an unknown code is kept as
///   its decimal text);
/// - `enum X: label { A = "serde_name" / "display label", .. }`: a shared vocabulary,
///   serialized by name, with an unknown value serialized as `{"unknown": raw}` and shown
///   as `unknown (raw)`.
///
/// An unrecognised value is kept exactly as received, so a provider adding a value never
/// makes a response fail and nothing is silently coerced.
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
/// assert!(matches!(s.into_raw(), std::borrow::Cow::Borrowed("FULLY_REFUNDED")));
/// assert!(matches!(u.into_raw(), std::borrow::Cow::Owned(raw) if raw == "ON_HOLD"));
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
/// assert!(matches!(Code::Done.into_raw(), std::borrow::Cow::Borrowed("4")));
/// assert!(matches!(c.into_raw(), std::borrow::Cow::Owned(raw) if raw == "9"));
///
/// payments_wire::open_enum! {
///     /// A shared vocabulary.
///     pub enum Outcome: label {
///         /// Done.
///         PartlyDone = "partly_done" / "partly done",
///     }
/// }
/// assert_eq!(serde_json::to_string(&Outcome::PartlyDone).unwrap(), "\"partly_done\"");
/// assert_eq!(Outcome::PartlyDone.to_string(), "partly done");
/// let u = Outcome::Unknown("8".into());
/// assert_eq!(serde_json::to_string(&u).unwrap(), r#"{"unknown":"8"}"#);
/// assert_eq!(u.to_string(), "unknown (8)");
/// let back: Outcome = serde_json::from_str(r#"{"unknown":"8"}"#).unwrap();
/// assert_eq!(back, u);
/// ```
///
/// An `int` enum's codes are decimal literals (each code's text is its literal):
///
/// ```compile_fail
/// payments_wire::open_enum! {
///     /// Hexadecimal codes are refused at compile time.
///     pub enum Hex: int {
///         /// Sixteen.
///         Sixteen = 0x10,
///     }
/// }
/// ```
#[macro_export]
macro_rules! open_enum {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident : str {
            $( $(#[$vmeta:meta])* $variant:ident = $wire:literal ),+ $(,)?
        }
    ) => {
        $crate::open_enum!(@common $(#[$meta])* $vis $name { $( $(#[$vmeta])* $variant ),+ });

        impl $name {
            /// The wire value.
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => $wire, )+
                    Self::Unknown(raw) => raw,
                }
            }

            /// The wire value as owned text: a known value's is static (nothing is
            /// allocated), an unknown value's kept text is moved out.
            pub fn into_raw(self) -> ::std::borrow::Cow<'static, str> {
                match self {
                    $( Self::$variant => ::std::borrow::Cow::Borrowed($wire), )+
                    Self::Unknown(raw) => ::std::borrow::Cow::Owned(raw),
                }
            }
        }

        impl $crate::OpenEnum for $name {
            fn unknown(raw: ::std::string::String) -> Self {
                Self::Unknown(raw)
            }
            fn raw(&self) -> ::std::borrow::Cow<'_, str> {
                ::std::borrow::Cow::Borrowed(self.as_str())
            }
            fn is_unknown(&self) -> bool {
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
                $crate::__private::with_str(d, |raw: &str| Self::from(raw))
            }
        }
    };
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident : int {
            $( $(#[$vmeta:meta])* $variant:ident = $wire:literal ),+ $(,)?
        }
    ) => {
        $crate::open_enum!(@common $(#[$meta])* $vis $name { $( $(#[$vmeta])* $variant ),+ });

        // Each code's text is written as the code itself: a decimal literal.
        const _: () = {
            $( assert!(
                $crate::__private::is_decimal_text(::std::stringify!($wire), $wire),
                "an open int enum's codes are written as decimal literals"
            ); )+
        };

        impl $name {
            /// The wire code, or `None` for an unknown value that is not an integer.
            pub fn code(&self) -> ::std::option::Option<i64> {
                match self {
                    $( Self::$variant => Some($wire), )+
                    Self::Unknown(raw) => raw.parse().ok(),
                }
            }

            /// The code as decimal text; for an unknown value, the text kept.
            pub fn as_str(&self) -> &str {
                match self {
                    $( Self::$variant => ::std::stringify!($wire), )+
                    Self::Unknown(raw) => raw,
                }
            }

            /// The code as owned decimal text: a known code's is static (nothing is
            /// allocated), an unknown value's kept text is moved out.
            pub fn into_raw(self) -> ::std::borrow::Cow<'static, str> {
                match self {
                    $( Self::$variant => ::std::borrow::Cow::Borrowed(::std::stringify!($wire)), )+
                    Self::Unknown(raw) => ::std::borrow::Cow::Owned(raw),
                }
            }
        }

        impl $crate::OpenEnum for $name {
            fn unknown(raw: ::std::string::String) -> Self {
                Self::Unknown(raw)
            }
            fn raw(&self) -> ::std::borrow::Cow<'_, str> {
                ::std::borrow::Cow::Borrowed(self.as_str())
            }
            fn is_unknown(&self) -> bool {
                matches!(self, Self::Unknown(_))
            }
        }

        impl ::std::convert::From<i64> for $name {
            #[inline]
            fn from(code: i64) -> Self {
                match code {
                    $( $wire => Self::$variant, )+
                    other => Self::Unknown(other.to_string()),
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
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
            #[inline]
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(d: D) -> ::std::result::Result<Self, D::Error> {
                $crate::__private::int_code(d, Self::from, Self::Unknown)
            }
        }
    };
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident : label {
            $( $(#[$vmeta:meta])* $variant:ident = $serde:literal / $label:literal ),+ $(,)?
        }
    ) => {
        $crate::open_enum!(@common $(#[$meta])* $vis $name { $( $(#[$vmeta])* $variant ),+ });

        impl $crate::OpenEnum for $name {
            fn unknown(raw: ::std::string::String) -> Self {
                Self::Unknown(raw)
            }
            fn raw(&self) -> ::std::borrow::Cow<'_, str> {
                ::std::borrow::Cow::Borrowed(match self {
                    $( Self::$variant => $serde, )+
                    Self::Unknown(raw) => raw.as_str(),
                })
            }
            fn is_unknown(&self) -> bool {
                matches!(self, Self::Unknown(_))
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                match self {
                    $( Self::$variant => f.write_str($label), )+
                    Self::Unknown(raw) => write!(f, "unknown ({raw})"),
                }
            }
        }

        impl $crate::__private::serde::Serialize for $name {
            fn serialize<S: $crate::__private::serde::Serializer>(&self, s: S) -> ::std::result::Result<S::Ok, S::Error> {
                use $crate::__private::serde::ser::SerializeMap as _;
                match self {
                    $( Self::$variant => s.serialize_str($serde), )+
                    Self::Unknown(raw) => {
                        let mut map = s.serialize_map(Some(1))?;
                        map.serialize_entry("unknown", raw)?;
                        map.end()
                    }
                }
            }
        }

        impl<'de> $crate::__private::serde::Deserialize<'de> for $name {
            fn deserialize<D: $crate::__private::serde::Deserializer<'de>>(d: D) -> ::std::result::Result<Self, D::Error> {
                $crate::__private::name_or_unknown(d).map(|r| match r {
                    Ok(name) => match name.as_str() {
                        $( $serde => Self::$variant, )+
                        _ => Self::Unknown(name),
                    },
                    Err(raw) => Self::Unknown(raw),
                })
            }
        }
    };
    (@common
        $(#[$meta:meta])*
        $vis:vis $name:ident { $( $(#[$vmeta:meta])* $variant:ident ),+ }
    ) => {
        $(#[$meta])*
        #[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        $vis enum $name {
            $( $(#[$vmeta])* $variant, )+
            /// A value this version does not know, kept exactly as received.
            Unknown(String),
        }

        impl $name {
            /// Every value this version knows.
            pub const KNOWN: &'static [$name] = &[$($name::$variant),+];

            /// Whether this is a value this version does not know.
            pub fn is_unknown(&self) -> bool {
                matches!(self, Self::Unknown(_))
            }
        }
    };
}
