//! progenitor 0.15 reads every success answer with `ResponseValue::from_response`, which
//! copies the answer's headers (a map and its entries, on every call) before it consumes
//! the answer. Here the generated code calls `payments_wire::__private::from_response`
//! instead: the same reading, with the headers moved out of the answer.

use syn::{Expr, Stmt};

use crate::impl_fns;

/// Reroutes every `ResponseValue::from_response(..)` of `file`; returns how many.
pub fn reroute(file: &mut syn::File) -> usize {
    let mut count = 0;
    impl_fns::for_each(&mut file.items, &mut |f| {
        count += f.block.stmts.iter_mut().map(stmt).sum::<usize>();
    });
    count
}

/// The operation's last statement: `match response.status().as_u16() { 200..=299 =>
/// ResponseValue::from_response(response).await, .. }`.
fn stmt(stmt: &mut Stmt) -> usize {
    let Stmt::Expr(answer, _) = stmt else {
        return 0;
    };
    let Expr::Match(answer) = ungrouped(answer) else {
        return 0;
    };
    let mut count = 0;
    for arm in &mut answer.arms {
        let Expr::Await(read) = ungrouped(&mut arm.body) else {
            continue;
        };
        let Expr::Call(call) = ungrouped(&mut read.base) else {
            continue;
        };
        let Expr::Path(function) = ungrouped(&mut call.func) else {
            continue;
        };
        let names: Vec<String> = function
            .path
            .segments
            .iter()
            .map(|s| s.ident.to_string())
            .collect();
        if names == ["ResponseValue", "from_response"] {
            function.path = syn::parse_quote!(::payments_wire::__private::from_response);
            count += 1;
        }
    }
    count
}

/// `expr` without the invisible groups that interpolated tokens leave around it, and
/// without the braces of a block that is that one expression (progenitor writes each
/// match arm as a block).
fn ungrouped(expr: &mut Expr) -> &mut Expr {
    let wrapped = match &*expr {
        Expr::Group(_) => true,
        Expr::Block(block) => one_expression(&block.block),
        _ => false,
    };
    if !wrapped {
        return expr;
    }
    match expr {
        Expr::Group(group) => ungrouped(&mut group.expr),
        Expr::Block(block) => match block.block.stmts.first_mut() {
            Some(Stmt::Expr(inner, None)) => ungrouped(inner),
            _ => unreachable!("one_expression checked it"),
        },
        _ => unreachable!("checked above"),
    }
}

/// A block that is one expression, `{ e }`.
fn one_expression(block: &syn::Block) -> bool {
    matches!(block.stmts.as_slice(), [Stmt::Expr(_, None)])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn success_reads_go_through_payments_wire_and_nothing_else_changes() {
        let mut file: syn::File = syn::parse_str(
            r#"pub mod builder {
                impl<'a> Get<'a> {
                    pub async fn send(self) -> Result<(), ()> {
                        let response = result?;
                        match response.status().as_u16() {
                            200..=299 => { ResponseValue::from_response(response).await }
                            _ => Err(Error::ErrorResponse(ResponseValue::stream(response))),
                        }
                    }
                }
            }"#,
        )
        .unwrap();
        assert_eq!(reroute(&mut file), 1);
        assert_eq!(
            reroute(&mut file),
            0,
            "once rerouted, nothing is left to reroute"
        );
        let text: String = prettyplease::unparse(&file)
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        assert!(
            text.contains("200..=299=>::payments_wire::__private::from_response(response).await,"),
            "{text}"
        );
        assert!(text.contains("ResponseValue::stream(response)"), "{text}");
        assert!(!text.contains("ResponseValue::from_response"), "{text}");
    }
}
