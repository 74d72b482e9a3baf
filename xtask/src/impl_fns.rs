//! [`for_each`]: every function of every `impl` block of the generated code, the unit the
//! xtask's passes over progenitor's output rewrite.

use syn::{ImplItem, ImplItemFn, Item};

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
