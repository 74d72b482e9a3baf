//! progenitor builds each request's URL as text, `format!("{}/path/{}", client.baseurl,
//! ..)`, which reqwest then parses whole on every call: scheme, host and port again each
//! time, the largest single part of preparing a request. Here every operation builds its
//! URL on the client's base URL parsed once instead (`payments_wire::Origin::join`, the
//! path set on a copy), and the operations whose path item names its own `servers`
//! (`own_servers`) on `Hooks::own_servers_origin()`.

use quote::ToTokens;
use syn::punctuated::Punctuated;
use syn::{Expr, ExprLit, Lit, LitStr, Member, Stmt, Token};

use crate::impl_fns;

/// What [`on_origin`] did: how many URLs it rewrote, and what it could not do.
#[derive(Debug, Default, PartialEq)]
pub struct Rewritten {
    /// URLs now built on an origin.
    pub urls: usize,
    /// The ids of `send` functions whose URL statement was not found or not understood.
    pub not_understood: Vec<String>,
    /// The ids of `own` that were not rewritten exactly once.
    pub own_missing: Vec<String>,
}

/// Builds the URL of every generated `send` on the client's origin, and of the operations
/// in `own` on its own-servers origin.
pub fn on_origin(file: &mut syn::File, own: &[String]) -> Rewritten {
    let mut done = Rewritten::default();
    let mut routed = Vec::new();
    impl_fns::for_each(&mut file.items, &mut |f| {
        if f.sig.ident != "send" {
            return;
        }
        let id = impl_fns::operation_id(&f.block.stmts);
        let on_own = own.contains(&id);
        match f
            .block
            .stmts
            .iter_mut()
            .find_map(|s| url_statement(s, on_own))
        {
            Some(()) => {
                done.urls += 1;
                if on_own {
                    routed.push(id);
                }
            }
            None => done.not_understood.push(id),
        }
    });
    done.own_missing = own
        .iter()
        .filter(|id| routed.iter().filter(|r| r == id).count() != 1)
        .cloned()
        .collect();
    done
}

/// Rewrites `let url = format!("{}/path", client.baseurl, ..);` into the same path joined
/// to the origin; `None` when `stmt` is not that statement.
fn url_statement(stmt: &mut Stmt, on_own: bool) -> Option<()> {
    let Stmt::Local(local) = stmt else {
        return None;
    };
    if local.pat.to_token_stream().to_string() != "url" {
        return None;
    }
    let init = local.init.as_mut()?;
    let Expr::Macro(format) = init.expr.as_ref() else {
        return None;
    };
    if !format.mac.path.is_ident("format") {
        return None;
    }
    let args = format
        .mac
        .parse_body_with(Punctuated::<Expr, Token![,]>::parse_terminated)
        .ok()?;
    let mut args = args.into_iter();
    let Some(Expr::Lit(ExprLit {
        lit: Lit::Str(template),
        ..
    })) = args.next()
    else {
        return None;
    };
    let path = template.value().strip_prefix("{}")?.to_string();
    if !path.starts_with('/') || !args.next().is_some_and(|base| is_client_baseurl(&base)) {
        return None;
    }
    let rest: Vec<Expr> = args.collect();
    let path_lit = LitStr::new(&path, template.span());
    let origin: Expr = if on_own {
        syn::parse_quote!(::payments_wire::Hooks::own_servers_origin(&client.inner))
    } else {
        syn::parse_quote!(::payments_wire::Hooks::origin(&client.inner))
    };
    *init.expr = if rest.is_empty() && !path.contains(['{', '}']) {
        syn::parse_quote!(#origin.join(#path_lit))
    } else {
        syn::parse_quote!(#origin.join(&format!(#path_lit, #(#rest,)*)))
    };
    Some(())
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
    use crate::squeezed::squeezed;

    /// A builder type `name` whose `send` runs the operation `id` on a URL built by
    /// `format_args`.
    fn builder(name: &str, id: &str, format_args: &str) -> String {
        format!(
            r#"impl<'a> {name}<'a> {{
                pub async fn send(self) -> Result<(), ()> {{
                    let Self {{ client, id }} = self;
                    let url = format!({format_args});
                    let info = OperationInfo {{ summary: "not the id", operation_id: "{id}", }};
                    Ok(())
                }}
            }}"#
        )
    }

    #[test]
    fn every_url_is_built_on_its_origin() {
        let mut file: syn::File = syn::parse_str(&format!(
            "pub mod builder {{ {} {} {} }}",
            builder(
                "PrivateQuery",
                "private_query",
                r#""{}/api/x", client.baseurl,"#
            ),
            builder("Plain", "plain", r#""{}/api/y", client.baseurl,"#),
            builder(
                "ById",
                "by_id",
                r#""{}/p/{}/t", client.baseurl, encode_path(&id.to_string()),"#
            ),
        ))
        .unwrap();
        let done = on_origin(&mut file, &["private_query".to_string()]);
        assert_eq!(
            done,
            Rewritten {
                urls: 3,
                ..Rewritten::default()
            }
        );
        let text = squeezed(&file);
        assert!(
            text.contains(
                r#"leturl=::payments_wire::Hooks::own_servers_origin(&client.inner).join("/api/x");"#
            ),
            "{text}"
        );
        assert!(
            text.contains(
                r#"leturl=::payments_wire::Hooks::origin(&client.inner).join("/api/y");"#
            ),
            "{text}"
        );
        assert!(
            text.contains(
                r#"leturl=::payments_wire::Hooks::origin(&client.inner).join(&format!("/p/{}/t",encode_path(&id.to_string()),));"#
            ),
            "{text}"
        );
        assert!(!text.contains("baseurl"), "{text}");
    }

    #[test]
    fn a_url_in_another_shape_or_an_own_operation_not_found_is_reported() {
        let mut file: syn::File = syn::parse_str(&format!(
            "pub mod builder {{ {} {} {} {} {} }}",
            builder("Other", "other", r#""{}/x", base,"#),
            builder("NoSlash", "no_slash", r#""{}x", client.baseurl,"#),
            builder("OtherField", "other_field", r#""{}/x", client.url,"#),
            builder("OtherBase", "other_base", r#""{}/x", other.baseurl,"#),
            builder("Fine", "fine", r#""{}/x", client.baseurl,"#),
        ))
        .unwrap();
        let done = on_origin(&mut file, &["gone".to_string(), "fine".to_string()]);
        assert_eq!(done.urls, 1);
        assert_eq!(
            done.not_understood,
            ["other", "no_slash", "other_field", "other_base"]
        );
        assert_eq!(done.own_missing, ["gone"]);
    }

    #[test]
    fn braces_kept_by_a_template_without_parameters_stay_formatted() {
        let mut file: syn::File =
            syn::parse_str(&builder("B", "b", r#""{}/a{{b}}", client.baseurl,"#)).unwrap();
        assert_eq!(on_origin(&mut file, &[]).urls, 1);
        let text = squeezed(&file);
        assert!(text.contains(r#".join(&format!("/a{{b}}",))"#), "{text}");
    }
}
