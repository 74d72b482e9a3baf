//! Status mapping tables: each provider's wire values into the shared vocabularies.
//!
//! The rule (as in hyperswitch's connectors): only a value the provider documents as an
//! explicit success or failure maps to one; in-between and ambiguous values are pending;
//! a value that is not in the table becomes `Unknown(raw)` and is never guessed. Each
//! table is data keyed by the client's typed wire enum (so a misspelt value does not
//! compile), printed in the README, tested row by row, and cites its source. A wire value
//! is read in the shared vocabulary with [`ToShared::to_shared`].

#[cfg(feature = "craftgate")]
pub mod craftgate;
#[cfg(feature = "oneentry")]
pub mod oneentry;
#[cfg(feature = "paywall")]
pub mod paywall;

/// A provider's wire value, read in the shared vocabulary `T` by the provider's table.
pub trait ToShared<T> {
    /// The shared value, or `Unknown(raw)` when the table has no row for this value.
    fn to_shared(&self) -> T;
}

/// Declares each table (a `pub const` slice of `(wire, shared)` rows) and implements
/// [`ToShared`] for its pair from the same rows: a known value is read by a `match` on its
/// variant (this runs for every payment of a page), anything else is kept as
/// `Unknown(raw)`. A value listed twice does not compile (an unreachable arm).
#[cfg(any(feature = "oneentry", feature = "paywall", feature = "craftgate"))]
macro_rules! by_table {
    ($(
        $(#[$meta:meta])*
        $vis:vis const $table:ident: $wire:ident => $shared:ident = [
            $($w:ident => $s:ident),+ $(,)?
        ];
    )+) => {$(
        $(#[$meta])*
        $vis const $table: &[($wire, $shared)] = &[$(($wire::$w, $shared::$s)),+];

        impl $crate::mapping::ToShared<$shared> for $wire {
            #[inline]
            #[deny(unreachable_patterns)] // a value listed twice
            fn to_shared(&self) -> $shared {
                match self {
                    $($wire::$w => $shared::$s,)+
                    other => <$shared as ::payments_wire::OpenEnum>::unknown(
                        ::payments_wire::OpenEnum::raw(other).into_owned(),
                    ),
                }
            }
        }
    )+};
}
#[cfg(any(feature = "oneentry", feature = "paywall", feature = "craftgate"))]
use by_table;
