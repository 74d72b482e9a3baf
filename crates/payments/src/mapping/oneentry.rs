//! OneEntry's session values in the shared vocabularies.

use oneentry_client::wire::{SessionStatus, SessionType};
use payments_core::{PaymentStatus, SessionKind};

use super::by_table;

by_table! {
    /// Payment session `status`: the five keys of the server's status map; note the spelling
    /// `canceled` (docs/providers/oneentry.md#session-status).
    pub const SESSION_STATUS: SessionStatus => PaymentStatus = [
        Waiting => Pending,
        // Partly paid: neither success nor failure yet.
        Partial => Pending,
        Completed => Succeeded,
        Canceled => Cancelled,
        Expired => Expired,
    ];
}

by_table! {
    /// Payment session `type` (docs/providers/oneentry.md#session-type).
    pub const SESSION_TYPE: SessionType => SessionKind = [
        Session => Session,
        Intent => Intent,
    ];
}

/// The wire `type` a shared session kind is sent as: the table read backwards, an
/// unknown kind sent as its raw text.
pub fn session_type(kind: &SessionKind) -> SessionType {
    SESSION_TYPE
        .iter()
        .find(|(_, shared)| shared == kind)
        .map(|(wire, _)| wire.clone())
        .unwrap_or_else(|| SessionType::from(payments_wire::OpenEnum::raw(kind).as_ref()))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mapping::ToShared;

    /// Every row, written out again so a changed row fails here.
    #[test]
    fn session_status_table() {
        for (raw, want) in [
            ("waiting", PaymentStatus::Pending),
            ("partial", PaymentStatus::Pending),
            ("completed", PaymentStatus::Succeeded),
            ("canceled", PaymentStatus::Cancelled),
            ("expired", PaymentStatus::Expired),
            ("cancelled", PaymentStatus::Unknown("cancelled".into())),
            ("refunded", PaymentStatus::Unknown("refunded".into())),
        ] {
            assert_eq!(SessionStatus::from(raw).to_shared(), want, "{raw}");
        }
    }

    #[test]
    fn session_type_table_both_ways() {
        for (raw, want) in [
            ("session", SessionKind::Session),
            ("intent", SessionKind::Intent),
            ("subscription", SessionKind::Unknown("subscription".into())),
        ] {
            let wire = SessionType::from(raw);
            let shared: SessionKind = wire.to_shared();
            assert_eq!(shared, want, "{raw}");
            assert_eq!(session_type(&shared), wire, "{raw}");
        }
    }
}
