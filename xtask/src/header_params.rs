//! progenitor puts an operation's header parameters in a `HeaderMap` of their own (two
//! allocations), then copies them into the request (`.headers(header_map)`, each name
//! hashed again) and drops the map, on every call. Here they go straight into the built
//! request instead: each `header_map.append("Name", value)` becomes
//! `request.headers_mut().append(NAME, value)` right after the request is built, the name
//! a `HeaderName` made at compile time (lowercase, as `http` would make it from the text,
//! and a name that is not valid fails the build). The request carries the same headers in
//! the same order; an invalid header value still fails the call before anything is sent.

use quote::ToTokens;
use syn::visit_mut::VisitMut;
use syn::{Block, Expr, ExprLit, ExprMethodCall, Lit, LitStr, Stmt};

use crate::impl_fns;

/// Headers the request builder sets itself: a parameter of that name would have replaced
/// the builder's value, which appending cannot do.
const SET_BY_THE_BUILDER: [&str; 2] = ["accept", "content-type"];

/// Moves every operation's header parameters into its request; returns how many
/// operations it rewrote, or what it did not understand.
pub fn into_request(file: &mut syn::File) -> Result<usize, Vec<String>> {
    let mut rewritten = 0;
    let mut problems = Vec::new();
    impl_fns::for_each(&mut file.items, &mut |f| {
        if f.sig.ident != "send" {
            return;
        }
        match block(&mut f.block) {
            Ok(()) => rewritten += 1,
            Err(problem) => problems.push(format!("{}: {problem}", f.sig.ident)),
        }
    });
    if problems.is_empty() {
        Ok(rewritten)
    } else {
        Err(problems)
    }
}

/// One `send` body.
fn block(block: &mut Block) -> Result<(), String> {
    let stmts = &mut block.stmts;
    let declared = stmts
        .iter()
        .position(declares_map)
        .ok_or("no `let header_map = HeaderMap::with_capacity(..)`")?;
    let built = stmts
        .iter()
        .skip(declared)
        .position(builds_request)
        .map(|after| declared + after)
        .ok_or("no `let mut request = ..` after the header map")?;
    let mut moved: Vec<Stmt> = stmts.drain(declared + 1..built).collect();
    stmts.remove(declared);
    let request = stmts
        .get_mut(declared)
        .ok_or("the request statement is gone")?;
    if !unchain_headers(request) {
        return Err("no `.headers(header_map)` in the request's builder".into());
    }
    let mut appends = Appends::default();
    for stmt in &mut moved {
        appends.visit_stmt_mut(stmt);
    }
    if let Some(problem) = appends.problem {
        return Err(problem);
    }
    if moved
        .iter()
        .any(|s| mentions(&s.to_token_stream(), "header_map"))
    {
        return Err("a use of `header_map` other than `append`".into());
    }
    let after = declared + 1;
    stmts.splice(after..after, moved);
    Ok(())
}

/// `let [mut] header_map = ::reqwest::header::HeaderMap::with_capacity(N);`
fn declares_map(stmt: &Stmt) -> bool {
    let Stmt::Local(local) = stmt else {
        return false;
    };
    let binding = local.pat.to_token_stream().to_string();
    (binding == "header_map" || binding == "mut header_map")
        && local.init.as_ref().is_some_and(|init| {
            let text = init.expr.to_token_stream().to_string();
            text.replace(' ', "")
                .starts_with("::reqwest::header::HeaderMap::with_capacity(")
        })
}

/// `let mut request = ..;`
fn builds_request(stmt: &Stmt) -> bool {
    matches!(stmt, Stmt::Local(local) if local.pat.to_token_stream().to_string() == "mut request")
}

/// Takes `.headers(header_map)` out of the builder chain of `let mut request = ..;`;
/// whether it was there.
fn unchain_headers(stmt: &mut Stmt) -> bool {
    let Stmt::Local(local) = stmt else {
        return false;
    };
    let Some(init) = local.init.as_mut() else {
        return false;
    };
    let mut at = init.expr.as_mut();
    loop {
        at = match at {
            Expr::Try(t) => t.expr.as_mut(),
            Expr::MethodCall(call) if is_headers_of_map(call) => {
                let receiver = std::mem::replace(call.receiver.as_mut(), Expr::PLACEHOLDER);
                *at = receiver;
                return true;
            }
            Expr::MethodCall(call) => call.receiver.as_mut(),
            _ => return false,
        };
    }
}

/// `.headers(header_map)`.
fn is_headers_of_map(call: &ExprMethodCall) -> bool {
    call.method == "headers"
        && call.args.len() == 1
        && call
            .args
            .first()
            .is_some_and(|a| a.to_token_stream().to_string() == "header_map")
}

/// Whether `tokens` holds the identifier `ident`.
fn mentions(tokens: &proc_macro2::TokenStream, ident: &str) -> bool {
    tokens.clone().into_iter().any(|tree| match tree {
        proc_macro2::TokenTree::Ident(i) => i == ident,
        proc_macro2::TokenTree::Group(g) => mentions(&g.stream(), ident),
        _ => false,
    })
}

/// Rewrites `header_map.append("Name", value)` into
/// `request.headers_mut().append(const { HeaderName::from_static("name") }, value)`.
#[derive(Default)]
struct Appends {
    problem: Option<String>,
}

impl VisitMut for Appends {
    fn visit_expr_method_call_mut(&mut self, call: &mut ExprMethodCall) {
        syn::visit_mut::visit_expr_method_call_mut(self, call);
        if call.method != "append" || call.receiver.to_token_stream().to_string() != "header_map" {
            return;
        }
        let Some(Expr::Lit(ExprLit {
            lit: Lit::Str(name),
            ..
        })) = call.args.first_mut()
        else {
            self.problem = Some("a header name that is not a string literal".into());
            return;
        };
        let lower = name.value().to_ascii_lowercase();
        if SET_BY_THE_BUILDER.contains(&lower.as_str()) {
            self.problem = Some(format!("the header parameter `{lower}` the builder sets"));
            return;
        }
        let lower = LitStr::new(&lower, name.span());
        *call.receiver = syn::parse_quote!(request.headers_mut());
        if let Some(first) = call.args.first_mut() {
            *first =
                syn::parse_quote!(const { ::reqwest::header::HeaderName::from_static(#lower) });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::squeezed::squeezed;

    fn send(body: &str) -> syn::File {
        syn::parse_str(&format!(
            "impl B {{ pub async fn send(self) -> Result<(), ()> {{ {body} }} }}"
        ))
        .unwrap()
    }

    #[test]
    fn header_parameters_go_straight_into_the_built_request() {
        let mut file = send(
            r#"let url = u;
            let mut header_map = ::reqwest::header::HeaderMap::with_capacity(2usize);
            header_map.append("pageNumber", page_number.to_string().try_into()?);
            if let Some(value) = key {
                header_map.append("x-idempotency-key", value.to_string().try_into()?);
            }
            #[allow(unused_mut)]
            let mut request = client.client.get(url).header(ACCEPT, json).headers(header_map).build()?;
            let info = OperationInfo { operation_id: "op" };"#,
        );
        assert_eq!(into_request(&mut file), Ok(1));
        let text = squeezed(&file);
        let expected = concat!(
            "leturl=u;#[allow(unused_mut)]",
            "letmutrequest=client.client.get(url).header(ACCEPT,json).build()?;",
            r#"request.headers_mut().append(const{::reqwest::header::HeaderName::from_static("pagenumber")},page_number.to_string().try_into()?,);"#,
            "ifletSome(value)=key{",
            r#"request.headers_mut().append(const{::reqwest::header::HeaderName::from_static("x-idempotency-key")},value.to_string().try_into()?,);"#,
            "}letinfo=",
        );
        assert!(text.contains(expected), "{text}");
    }

    #[test]
    fn an_operation_without_header_parameters_loses_its_empty_map() {
        let mut file = send(
            r#"let header_map = ::reqwest::header::HeaderMap::with_capacity(0usize);
            let mut request = client.client.post(url).json(&body).headers(header_map).build()?;"#,
        );
        assert_eq!(into_request(&mut file), Ok(1));
        let text = squeezed(&file);
        assert!(
            text.contains("letmutrequest=client.client.post(url).json(&body).build()?;}"),
            "{text}"
        );
        assert!(!text.contains("header_map"), "{text}");
    }

    #[test]
    fn shapes_it_does_not_know_are_reported() {
        let cases = [
            // No map.
            "let mut request = client.client.get(url).build()?;",
            // No request after it.
            "let header_map = ::reqwest::header::HeaderMap::with_capacity(0usize);",
            // Not copied into the request.
            "let header_map = ::reqwest::header::HeaderMap::with_capacity(0usize);
             let mut request = client.client.get(url).build()?;",
            // A header the builder sets.
            r#"let mut header_map = ::reqwest::header::HeaderMap::with_capacity(1usize);
             header_map.append("Accept", v.to_string().try_into()?);
             let mut request = client.client.get(url).headers(header_map).build()?;"#,
            // A name that is not a literal.
            r#"let mut header_map = ::reqwest::header::HeaderMap::with_capacity(1usize);
             header_map.append(name, v);
             let mut request = client.client.get(url).headers(header_map).build()?;"#,
            // Another use of the map.
            r#"let mut header_map = ::reqwest::header::HeaderMap::with_capacity(1usize);
             if x { header_map.insert("a", v); }
             let mut request = client.client.get(url).headers(header_map).build()?;"#,
            // Another map, or the map made otherwise.
            "let mut other = ::reqwest::header::HeaderMap::with_capacity(0usize);
             let mut request = client.client.get(url).headers(other).build()?;",
            "let header_map = made();
             let mut request = client.client.get(url).headers(header_map).build()?;",
            // Another map copied in.
            "let header_map = ::reqwest::header::HeaderMap::with_capacity(0usize);
             let mut request = client.client.get(url).headers(other).build()?;",
        ];
        for case in cases {
            let mut file = send(case);
            let problems = into_request(&mut file).unwrap_err();
            assert_eq!(problems.len(), 1, "{case}: {problems:?}");
        }
        // Functions other than `send` are left alone.
        let mut file: syn::File = syn::parse_str("impl B { fn other(self) {} }").unwrap();
        assert_eq!(into_request(&mut file), Ok(0));
    }
}
