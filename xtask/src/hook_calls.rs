//! progenitor 0.15 calls a client's hooks on borrowed locals: `client.pre(&mut request,
//! &info).await?`, then `client.post(&result, &info).await?`. A local that is borrowed
//! keeps its place in every state of the call's future after it, so every call's future
//! held the request (264 bytes) and the attempt's result (136) to its end. Here the
//! generated code hands the request through the same `pre` hook by value
//! (`payments_wire::__private::prepared`) and leaves out the `post` call, which no client
//! implements (progenitor's default does nothing).

use quote::ToTokens;
use syn::Stmt;

use crate::impl_fns;

/// The four statements progenitor writes between building a request and reading the answer.
const CALLED: [&str; 4] = [
    "client . pre (& mut request , & info) . await ? ;",
    "let result = client . exec (request , & info) . await ;",
    "client . post (& result , & info) . await ? ;",
    "let response = result ? ;",
];

/// Rewrites every operation's hook calls in `file`: how many were rewritten, and how many
/// calls of the `pre` hook were left (in a shape this does not know).
pub fn by_value(file: &mut syn::File) -> (usize, usize) {
    let mut rewritten = 0;
    let mut left = 0;
    impl_fns::for_each(&mut file.items, &mut |f| {
        let stmts = &mut f.block.stmts;
        let mut i = 0;
        while i < stmts.len() {
            let texts: Vec<String> = stmts
                .iter()
                .skip(i)
                .take(CALLED.len())
                .map(|s| s.to_token_stream().to_string())
                .collect();
            if texts == CALLED {
                stmts.splice(i..i + CALLED.len(), calling());
                rewritten += 1;
            } else if texts
                .first()
                .is_some_and(|t| t.starts_with("client . pre ("))
            {
                left += 1;
            }
            i += 1;
        }
    });
    (rewritten, left)
}

/// What they become.
fn calling() -> [Stmt; 2] {
    [
        syn::parse_quote!(
            let request = ::payments_wire::__private::prepared(client, request, &info)?;
        ),
        syn::parse_quote!(let response = client.exec(request, &info).await?;),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::squeezed::squeezed;

    #[test]
    fn the_request_goes_through_pre_by_value_and_post_is_left_out() {
        let mut file: syn::File = syn::parse_str(
            r#"pub mod builder {
                impl<'a> Get<'a> {
                    pub async fn send(self) -> Result<(), ()> {
                        let info = OperationInfo { operation_id: "get" };
                        client.pre(&mut request, &info).await?;
                        let result = client.exec(request, &info).await;
                        client.post(&result, &info).await?;
                        let response = result?;
                        match response.status().as_u16() { _ => Ok(()) }
                    }
                }
            }"#,
        )
        .unwrap();
        assert_eq!(by_value(&mut file), (1, 0));
        assert_eq!(by_value(&mut file), (0, 0), "nothing is left to rewrite");
        let text = squeezed(&file);
        assert!(
            text.contains(
                "letinfo=OperationInfo{operation_id:\"get\",};\
                 letrequest=::payments_wire::__private::prepared(client,request,&info)?;\
                 letresponse=client.exec(request,&info).await?;\
                 matchresponse.status()"
            ),
            "{text}"
        );
        assert!(!text.contains("client.pre("), "{text}");
        assert!(!text.contains("client.post("), "{text}");
    }

    #[test]
    fn a_pre_call_in_another_shape_is_reported() {
        let mut file: syn::File = syn::parse_str(
            r#"impl Get {
                async fn send(self) {
                    client.pre(&mut request, &info).await?;
                    let result = client.exec(request, &info).await;
                    let response = result?;
                }
            }"#,
        )
        .unwrap();
        assert_eq!(by_value(&mut file), (0, 1));
    }
}
