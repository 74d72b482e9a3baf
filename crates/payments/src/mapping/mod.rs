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

#[cfg(any(feature = "oneentry", feature = "paywall", feature = "craftgate"))]
use payments_wire::OpenEnum;

/// A provider's wire value, read in the shared vocabulary `T` by the provider's table.
pub trait ToShared<T> {
    /// The shared value, or `Unknown(raw)` when the table has no row for this value.
    fn to_shared(&self) -> T;
}

/// Looks `wire` up in `table`, or keeps its raw text as `Unknown`.
///
/// A known wire value is a variant without fields, so its row is found by comparing
/// variants alone (`mem::discriminant`, inlined: this runs for every payment of a page);
/// an unknown one is compared in full.
#[cfg(any(feature = "oneentry", feature = "paywall", feature = "craftgate"))]
#[inline]
fn lookup<W, S>(table: &[(W, S)], wire: &W) -> S
where
    W: OpenEnum + PartialEq,
    S: OpenEnum + Clone,
{
    let row = if wire.is_unknown() {
        table.iter().find(|(known, _)| known == wire)
    } else {
        let variant = std::mem::discriminant(wire);
        table
            .iter()
            .find(|(known, _)| std::mem::discriminant(known) == variant)
    };
    // What `open_enum!` guarantees (known values are variants without fields, `==`
    // derived); another `OpenEnum` impl must keep it.
    debug_assert!(
        wire.is_unknown()
            || row.map(|(known, _)| known) == table.iter().map(|(k, _)| k).find(|k| *k == wire),
        "a known value's variant alone must find its row"
    );
    row.map(|(_, shared)| shared.clone())
        .unwrap_or_else(|| S::unknown(wire.raw().into_owned()))
}

/// Implements [`ToShared`] for each `wire => shared` pair through its table.
#[cfg(any(feature = "oneentry", feature = "paywall", feature = "craftgate"))]
macro_rules! by_table {
    ($($wire:ty => $shared:ty: $table:ident;)+) => {$(
        impl $crate::mapping::ToShared<$shared> for $wire {
            #[inline]
            fn to_shared(&self) -> $shared {
                $crate::mapping::lookup($table, self)
            }
        }
    )+};
}
#[cfg(any(feature = "oneentry", feature = "paywall", feature = "craftgate"))]
use by_table;
