//! progenitor 0.15 gives every request an `api-version` header (the spec's `info.version`)
//! that no provider expects. It is taken out of the generated code here, so no request
//! builds it and no hook has to remove it: each operation's `header_map.append(..
//! "api-version" ..)` statement goes, and the map's capacity shrinks by one (an operation
//! with no other header then allocates no map at all).

use syn::{Block, Expr, ExprLit, Lit, LitInt, Pat, Stmt};

use crate::impl_fns;

/// The header progenitor adds.
const HEADER: &str = "api-version";

/// Removes the `api-version` header from every operation of `file`; returns how many
/// operations had it.
pub fn strip(file: &mut syn::File) -> usize {
    let mut count = 0;
    impl_fns::for_each(&mut file.items, &mut |f| count += block(&mut f.block));
    count
}

/// Drops the header's statement from an operation's body and the one slot it took.
fn block(block: &mut Block) -> usize {
    let before = block.stmts.len();
    block.stmts.retain(|stmt| !adds_header(stmt));
    let removed = before - block.stmts.len();
    if removed > 0 {
        block
            .stmts
            .iter_mut()
            .for_each(|s| shrink_capacity(s, removed));
    }
    removed
}

/// `header_map.append(HeaderName::from_static("api-version"), ..);`
fn adds_header(stmt: &Stmt) -> bool {
    let Stmt::Expr(Expr::MethodCall(call), Some(_)) = stmt else {
        return false;
    };
    call.method == "append"
        && call.args.first().is_some_and(|name| {
            let Expr::Call(from_static) = name else {
                return false;
            };
            from_static.args.iter().any(|arg| {
                matches!(arg, Expr::Lit(ExprLit { lit: Lit::Str(s), .. }) if s.value() == HEADER)
            })
        })
}

/// `let mut header_map = HeaderMap::with_capacity(N);` becomes `N - removed`.
fn shrink_capacity(stmt: &mut Stmt, removed: usize) {
    let Stmt::Local(local) = stmt else {
        return;
    };
    let Some(init) = local.init.as_mut() else {
        return;
    };
    let Expr::Call(call) = init.expr.as_mut() else {
        return;
    };
    let Expr::Path(function) = call.func.as_ref() else {
        return;
    };
    if !function
        .path
        .segments
        .iter()
        .any(|s| s.ident == "with_capacity")
    {
        return;
    }
    let Some(Expr::Lit(ExprLit {
        lit: Lit::Int(n), ..
    })) = call.args.first_mut()
    else {
        return;
    };
    let left = n
        .base10_parse::<usize>()
        .unwrap_or(removed)
        .saturating_sub(removed);
    *n = LitInt::new(&format!("{left}usize"), n.span());
    // An operation without other headers never adds to the map.
    if let (0, Pat::Ident(binding)) = (left, &mut local.pat) {
        binding.mutability = None;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_header_and_its_slot_go_and_nothing_else() {
        let mut file: syn::File = syn::parse_quote! {
            pub mod builder {
                impl<'a> Op<'a> {
                    pub async fn send(self) {
                        let mut header_map = ::reqwest::header::HeaderMap::with_capacity(2usize);
                        header_map.append(
                            ::reqwest::header::HeaderName::from_static("api-version"),
                            ::reqwest::header::HeaderValue::from_static(super::Client::api_version()),
                        );
                        header_map.append("pageSize", page_size.to_string().try_into()?);
                        let request = client.get(url).headers(header_map).build()?;
                    }
                }
            }
        };
        assert_eq!(strip(&mut file), 1);
        let text = prettyplease::unparse(&file);
        assert!(!text.contains("api-version"), "{text}");
        assert!(text.contains("HeaderMap::with_capacity(1usize)"), "{text}");
        assert!(text.contains("\"pageSize\""), "{text}");
        assert_eq!(strip(&mut file), 0, "nothing left to strip");

        let mut alone: syn::File = syn::parse_quote! {
            impl Op {
                fn send(self) {
                    let mut header_map = ::reqwest::header::HeaderMap::with_capacity(1usize);
                    header_map.append(
                        ::reqwest::header::HeaderName::from_static("api-version"),
                        ::reqwest::header::HeaderValue::from_static("1.0"),
                    );
                }
            }
        };
        assert_eq!(strip(&mut alone), 1);
        let text = prettyplease::unparse(&alone);
        assert!(
            text.contains("let header_map = ::reqwest::header::HeaderMap::with_capacity(0usize)"),
            "{text}"
        );
    }
}
