//! A spec's path item may name its own `servers` (Paywall's `/api/paywall/private/*`,
//! served by PaymentPrivateAPI, not by the top-level PaymentAPI). progenitor 0.15 sends
//! every operation to the client's one base URL, so the client had to move each such
//! request to its host after the fact, parsing the URL a second time on every call. Here
//! the operations of those path items build their URL on the client's
//! `Hooks::own_servers_base()` instead, and on the client's base URL when that gives none.

use heck::ToSnakeCase;
use quote::ToTokens;
use serde_json::Value;
use syn::punctuated::Punctuated;
use syn::{Expr, ExprLit, Lit, Member, Stmt, Token};

use crate::impl_fns;
use crate::normalize::METHODS;

/// The generated ids (snake_case) of the operations whose path item, or the operation
/// itself, names its own `servers`.
pub fn operations(doc: &Value) -> Vec<String> {
    let Some(paths) = doc.get("paths").and_then(Value::as_object) else {
        return Vec::new();
    };
    let mut ids = Vec::new();
    for item in paths.values() {
        for method in METHODS {
            let Some(op) = item.get(method) else {
                continue;
            };
            if (item.get("servers").is_some() || op.get("servers").is_some())
                && let Some(id) = op.get("operationId").and_then(Value::as_str)
            {
                ids.push(id.to_snake_case());
            }
        }
    }
    ids.sort();
    ids
}

/// Builds the URL of every operation in `ids` on the client's own-servers base; returns
/// the ids it found no URL of (each must be found once).
pub fn route(file: &mut syn::File, ids: &[String]) -> Vec<String> {
    let mut routed = Vec::new();
    impl_fns::for_each(&mut file.items, &mut |f| {
        if f.sig.ident == "send"
            && let Some(id) = operation_id(&f.block.stmts)
            && ids.contains(&id)
            && let Some(at) = f.block.stmts.iter_mut().position(on_own_servers)
        {
            f.block.stmts.insert(at, own_base());
            routed.push(id);
        }
    });
    ids.iter()
        .filter(|id| routed.iter().filter(|r| r == id).count() != 1)
        .cloned()
        .collect()
}

/// The id in `let info = OperationInfo { operation_id: "..", };`.
fn operation_id(stmts: &[Stmt]) -> Option<String> {
    stmts.iter().find_map(|stmt| {
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
    })
}

/// `let base = ..;`: the client's own-servers base, else its base URL.
fn own_base() -> Stmt {
    syn::parse_quote! {
        let base = ::payments_wire::Hooks::own_servers_base(&client.inner).unwrap_or(&client.baseurl);
    }
}

/// `let url = format!("{}/path", client.baseurl, ..);`: the URL is built on `base`
/// ([`own_base`]) instead. Whether the statement was that one.
fn on_own_servers(stmt: &mut Stmt) -> bool {
    let Stmt::Local(local) = stmt else {
        return false;
    };
    let Some(init) = local.init.as_mut() else {
        return false;
    };
    let Expr::Macro(format) = init.expr.as_mut() else {
        return false;
    };
    if !format.mac.path.is_ident("format") {
        return false;
    }
    let Ok(mut args) = format
        .mac
        .parse_body_with(Punctuated::<Expr, Token![,]>::parse_terminated)
    else {
        return false;
    };
    let Some(base) = args.iter_mut().find(|arg| is_client_baseurl(arg)) else {
        return false;
    };
    *base = syn::parse_quote!(base);
    format.mac.tokens = args.to_token_stream();
    true
}

/// `client.baseurl`.
fn is_client_baseurl(expr: &Expr) -> bool {
    let Expr::Field(field) = expr else {
        return false;
    };
    matches!(&field.member, Member::Named(name) if name == "baseurl")
        && matches!(field.base.as_ref(), Expr::Path(p) if p.path.is_ident("client"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn operations_under_their_own_servers_are_listed() {
        let doc = json!({"paths": {
            "/a": {"servers": [{"url": "https://b.example"}], "get": {"operationId": "privateQuery"}},
            "/b": {"get": {"operationId": "plain"}, "post": {"operationId": "ownOne", "servers": []}},
        }});
        assert_eq!(operations(&doc), ["own_one", "private_query"]);
    }

    /// A builder type `name` whose `send` runs the operation `id`.
    fn builder(name: &str, id: &str) -> String {
        format!(
            r#"impl<'a> {name}<'a> {{
                pub async fn send(self) -> Result<(), ()> {{
                    let Self {{ client }} = self;
                    let url = format!("{{}}/api/x", client.baseurl,);
                    let info = OperationInfo {{ operation_id: "{id}", }};
                    Ok(())
                }}
            }}"#
        )
    }

    #[test]
    fn only_the_listed_operations_build_on_their_own_base() {
        let mut file: syn::File = syn::parse_str(&format!(
            "pub mod builder {{ {} {} }}",
            builder("PrivateQuery", "private_query"),
            builder("Plain", "plain")
        ))
        .unwrap();
        let missing = route(&mut file, &["private_query".to_string()]);
        assert!(missing.is_empty(), "{missing:?}");
        let text: String = prettyplease::unparse(&file)
            .chars()
            .filter(|c| !c.is_whitespace())
            .collect();
        let own = "letbase=::payments_wire::Hooks::own_servers_base(&client.inner).unwrap_or(&client.baseurl);";
        assert_eq!(text.matches(own).count(), 1, "{text}");
        let private = text.find("impl<'a>PrivateQuery").unwrap();
        let plain = text.find("impl<'a>Plain").unwrap();
        let routed = text.find(own).unwrap();
        assert!(private < routed && routed < plain, "{text}");
        assert!(
            text.contains(&format!("{own}leturl=format!(\"{{}}/api/x\",base,)")),
            "{text}"
        );
        assert!(
            text.contains("format!(\"{}/api/x\",client.baseurl,)"),
            "{text}"
        );
    }

    #[test]
    fn an_operation_not_found_is_reported() {
        let mut file: syn::File = syn::parse_str(&builder("Plain", "plain")).unwrap();
        assert_eq!(route(&mut file, &["gone".to_string()]), ["gone"]);
    }
}
