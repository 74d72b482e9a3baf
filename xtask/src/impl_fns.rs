//! [`for_each`]: every function of every `impl` block of the generated code, the unit the
//! xtask's passes over progenitor's output rewrite; [`operation_id`]: which operation a
//! generated `send` is.

use syn::{Expr, ExprLit, ImplItem, ImplItemFn, Item, Lit, Member, Stmt};

/// Calls `f` on every function of every `impl` block in `items`, inline modules included.
pub fn for_each(items: &mut [Item], f: &mut impl FnMut(&mut ImplItemFn)) {
    for item in items {
        match item {
            Item::Mod(m) => {
                if let Some((_, inner)) = m.content.as_mut() {
                    for_each(inner, f);
                }
            }
            Item::Impl(i) => {
                for item in &mut i.items {
                    if let ImplItem::Fn(function) = item {
                        f(function);
                    }
                }
            }
            _ => {}
        }
    }
}

/// The id in `let info = OperationInfo { operation_id: "..", };`, or `(no operation id)`
/// (for a message).
pub fn operation_id(stmts: &[Stmt]) -> String {
    let found = stmts.iter().find_map(|stmt| {
        let Stmt::Local(local) = stmt else {
            return None;
        };
        let Expr::Struct(info) = local.init.as_ref()?.expr.as_ref() else {
            return None;
        };
        info.fields
            .iter()
            .find_map(|field| match (&field.member, &field.expr) {
                (
                    Member::Named(name),
                    Expr::Lit(ExprLit {
                        lit: Lit::Str(id), ..
                    }),
                ) if name == "operation_id" => Some(id.value()),
                _ => None,
            })
    });
    found.unwrap_or_else(|| "(no operation id)".into())
}
