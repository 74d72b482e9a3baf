//! [`Operation`]: one operation of a provider's spec, as the tracing span of a call names
//! it.

/// One operation of a provider's spec: the id the generated client gives it (progenitor's
/// snake_case of the spec's `operationId`), its HTTP method and its path template
/// (`/payment-reporting/v1/payments/{id}/transactions`: the spec's path, never a concrete
/// one).
///
/// Each client's table ([`Service::OPERATIONS`](crate::Service::OPERATIONS)) is generated
/// from its spec by `cargo xtask codegen`, sorted by id.
///
/// ```
/// use payments_wire::Operation;
///
/// const TABLE: &[Operation] = &[
///     Operation::new("refund", "POST", "/refunds"),
///     Operation::new("retrieve_payment", "GET", "/payments/{id}"),
/// ];
/// let found = Operation::find(TABLE, "retrieve_payment").unwrap();
/// assert_eq!((found.method(), found.path()), ("GET", "/payments/{id}"));
/// assert!(Operation::find(TABLE, "search").is_none());
/// ```
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Operation {
    id: &'static str,
    method: &'static str,
    path: &'static str,
}

impl Operation {
    /// The operation `id`, sent with `method` to `path` (a template).
    pub const fn new(id: &'static str, method: &'static str, path: &'static str) -> Self {
        Self { id, method, path }
    }

    /// The id the generated client gives the operation (e.g. `retrieve_payment`).
    pub const fn id(&self) -> &'static str {
        self.id
    }

    /// The HTTP method, upper case (`GET`).
    pub const fn method(&self) -> &'static str {
        self.method
    }

    /// The path template, as the spec writes it (`/payments/{id}`).
    pub const fn path(&self) -> &'static str {
        self.path
    }

    /// The operation `id` in `table`, which is sorted by id (as generated).
    pub fn find(table: &'static [Operation], id: &str) -> Option<&'static Operation> {
        let index = table.binary_search_by(|op| op.id.cmp(id)).ok()?;
        table.get(index)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const TABLE: &[Operation] = &[
        Operation::new("a", "GET", "/a"),
        Operation::new("b", "POST", "/b/{id}"),
        Operation::new("c", "DELETE", "/c"),
    ];

    #[test]
    fn finds_every_entry_and_nothing_else() {
        for op in TABLE {
            assert_eq!(Operation::find(TABLE, op.id()), Some(op));
        }
        for missing in ["", "0", "ab", "d"] {
            assert_eq!(Operation::find(TABLE, missing), None, "{missing}");
        }
        assert_eq!(Operation::find(&[], "a"), None);
    }
}
