//! progenitor's `send` builds its request once and hands it to the `exec` hook, which then
//! had to keep a copy of it for a retry: the URL and every header copied on every call,
//! retried or not. Here the statements that build the request become a closure, called
//! once for the first attempt and again only when a retry (or a renewal after a 401) needs
//! a fresh request (`payments_wire::__private::exec_rebuilt`).

use quote::ToTokens;
use syn::visit_mut::VisitMut;
use syn::{Expr, ExprLet, GenericArgument, PathArguments, ReturnType, Stmt, Type};

use crate::impl_fns;

/// The two statements [`hook_calls`](crate::hook_calls) leaves after `let info` in every
/// `send`: nothing else may touch the request between its building and its sending, or
/// the first attempt would carry what a retry, built again, would not.
const SENDING: [&str; 2] = [
    "let request = :: payments_wire :: __private :: prepared (client , request , & info) ? ;",
    "let response = client . exec (request , & info) . await ? ;",
];

/// What [`as_closures`] did: how many `send` functions it rewrote, and the ids of those it
/// did not understand.
#[derive(Debug, Default, PartialEq)]
pub struct Rewritten {
    /// `send` functions whose request is now built by a closure.
    pub sends: usize,
    /// The ids of `send` functions in a shape this does not know.
    pub not_understood: Vec<String>,
}

/// Builds the request of every generated `send` in a closure, and sends it through
/// `exec_rebuilt` with that closure.
pub fn as_closures(file: &mut syn::File) -> Rewritten {
    let mut done = Rewritten::default();
    impl_fns::for_each(&mut file.items, &mut |f| {
        if f.sig.ident != "send" {
            return;
        }
        let texts: Vec<String> = f
            .block
            .stmts
            .iter()
            .map(|s| s.to_token_stream().to_string())
            .collect();
        let url = texts.iter().position(|t| t.starts_with("let url ="));
        let info = texts
            .iter()
            .position(|t| t.starts_with("let info = OperationInfo"));
        let sends = info.is_some_and(|i| {
            texts
                .get(i + 1..=i + SENDING.len())
                .is_some_and(|ts| ts == SENDING)
        });
        let shape = match (error_type(&f.sig.output), url, info) {
            (Some(error), Some(url), Some(info))
                // `get` gives nothing when `url` does not come before `info`.
                if sends
                    && texts
                        .get(url..info)
                        .is_some_and(|ts| ts.iter().any(|t| t.contains("let mut request ="))) =>
            {
                Some((error.clone(), url, info))
            }
            _ => None,
        };
        let Some((error, url, info)) = shape else {
            done.not_understood
                .push(impl_fns::operation_id(&f.block.stmts));
            return;
        };
        let stmts = &mut f.block.stmts;
        let Some(sending) = stmts.get_mut(info + SENDING.len()) else {
            return;
        };
        *sending = syn::parse_quote!(
            let response =
                ::payments_wire::__private::exec_rebuilt(client, request, &info, &|| build().ok())
                    .await?;
        );
        let mut building: Vec<Stmt> = stmts.drain(url..info).collect();
        for stmt in &mut building {
            Borrowed.visit_stmt_mut(stmt);
        }
        let closure: [Stmt; 2] = [
            syn::parse_quote!(
                let build = || -> ::std::result::Result<::reqwest::Request, #error> {
                    #(#building)*
                    Ok(request)
                };
            ),
            syn::parse_quote!(let request = build()?;),
        ];
        stmts.splice(url..url, closure);
        done.sends += 1;
    });
    done
}

/// Makes `if let Some(value) = param` borrow `param`: the closure is called once per
/// attempt, so it may move nothing out of the call.
struct Borrowed;

impl VisitMut for Borrowed {
    fn visit_expr_let_mut(&mut self, let_: &mut ExprLet) {
        if let Expr::Path(param) = let_.expr.as_ref()
            && param.path.get_ident().is_some()
        {
            *let_.expr = syn::parse_quote!(&#param);
        }
        syn::visit_mut::visit_expr_let_mut(self, let_);
    }
}

/// `E` of a `send` returning `Result<_, E>`.
fn error_type(output: &ReturnType) -> Option<&Type> {
    let ReturnType::Type(_, ty) = output else {
        return None;
    };
    let Type::Path(path) = ty.as_ref() else {
        return None;
    };
    let last = path.path.segments.last()?;
    if last.ident != "Result" {
        return None;
    }
    let PathArguments::AngleBracketed(args) = &last.arguments else {
        return None;
    };
    match args.args.iter().nth(1)? {
        GenericArgument::Type(error) => Some(error),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::squeezed::squeezed;

    const SEND: &str = r#"pub mod builder {
        impl<'a> Get<'a> {
            pub async fn send(self) -> Result<ResponseValue<types::Thing>, Error<types::Problem>> {
                let Self { client, id } = self;
                let id = id.map_err(Error::InvalidRequest)?;
                let url = origin.join(&format!("/things/{}", id));
                #[allow(unused_mut)]
                let mut request = client.client.get(url).build()?;
                request.headers_mut().append(NAME, id.to_string().try_into()?);
                if let Some(value) = key {
                    request.headers_mut().append(KEY, value.to_string().try_into()?);
                }
                let info = OperationInfo { operation_id: "get_thing" };
                let request = ::payments_wire::__private::prepared(client, request, &info)?;
                let response = client.exec(request, &info).await?;
                match response.status().as_u16() { _ => todo!() }
            }
        }
    }"#;

    #[test]
    fn the_request_is_built_by_a_closure_that_the_send_is_given() {
        let mut file: syn::File = syn::parse_str(SEND).unwrap();
        assert_eq!(
            as_closures(&mut file),
            Rewritten {
                sends: 1,
                not_understood: vec![]
            }
        );
        let text = squeezed(&file);
        assert!(
            text.contains(
                "letid=id.map_err(Error::InvalidRequest)?;\
                 letbuild=||->::std::result::Result<::reqwest::Request,Error<types::Problem>,>{\
                 leturl=origin.join(&format!(\"/things/{}\",id));\
                 #[allow(unused_mut)]\
                 letmutrequest=client.client.get(url).build()?;\
                 request.headers_mut().append(NAME,id.to_string().try_into()?);\
                 ifletSome(value)=&key{request.headers_mut().append(KEY,value.to_string().try_into()?);}\
                 Ok(request)\
                 };\
                 letrequest=build()?;\
                 letinfo=OperationInfo{operation_id:\"get_thing\",};\
                 letrequest=::payments_wire::__private::prepared(client,request,&info)?;\
                 letresponse=::payments_wire::__private::exec_rebuilt(client,request,&info,&||build().ok(),).await?;\
                 matchresponse"
            ),
            "{text}"
        );
        assert_eq!(
            as_closures(&mut file),
            Rewritten {
                sends: 0,
                not_understood: vec!["get_thing".into()]
            },
            "a rewritten send is not understood again"
        );
    }

    #[test]
    fn a_send_in_another_shape_is_reported_and_left_alone() {
        for (from, to) in [
            ("let url =", "let address ="),
            ("let mut request =", "let mut built ="),
            ("client.exec(request, &info)", "client.exec(built, &info)"),
            (
                "Result<ResponseValue<types::Thing>, Error<types::Problem>>",
                "ResponseValue<types::Thing>",
            ),
            (
                "let response = client.exec",
                "request.headers_mut().clear(); let response = client.exec",
            ),
        ] {
            let source = SEND.replace(from, to);
            let mut file: syn::File = syn::parse_str(&source).unwrap();
            let before = squeezed(&file);
            let done = as_closures(&mut file);
            assert_eq!(done.sends, 0, "{to}");
            assert_eq!(done.not_understood.len(), 1, "{to}");
            assert_eq!(squeezed(&file), before, "{to}");
        }
    }
}
