//! progenitor 0.15 gives every client a `Client::new(baseurl, ..)` that builds its own
//! `reqwest::Client` (15 s timeouts, redirects followed, reqwest's default TLS) and unwraps
//! the result. In this workspace that constructor would bypass everything the clients are
//! built on: redirects off (a redirect would carry signed headers and secrets to another
//! place), the request policy's timeouts, and the TLS set-up (under reqwest's
//! `rustls-no-provider` a builder with no provider panics). It is taken out of the
//! generated code here; a client is built with the hand-written `Client::from_config`, or
//! `Client::new_with_client` with a `reqwest::Client` the caller made (e.g. from
//! `payments_wire::client_builder`).

use syn::{ImplItem, Item, Type};

/// Removes `new` from `impl Client`; returns how many it removed.
pub fn strip(file: &mut syn::File) -> usize {
    file.items
        .iter_mut()
        .map(|item| match item {
            Item::Impl(i) if i.trait_.is_none() && is_client(&i.self_ty) => {
                let before = i.items.len();
                i.items
                    .retain(|item| !matches!(item, ImplItem::Fn(f) if f.sig.ident == "new"));
                before - i.items.len()
            }
            _ => 0,
        })
        .sum()
}

/// `Client`, the generated client type.
fn is_client(ty: &Type) -> bool {
    matches!(ty, Type::Path(p) if p.qself.is_none() && p.path.is_ident("Client"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_clients_own_new_goes() {
        let mut file: syn::File = syn::parse_quote! {
            impl Client {
                pub fn new(baseurl: &str) -> Self {
                    Self::new_with_client(baseurl, reqwest::ClientBuilder::new().build().unwrap())
                }
                pub fn new_with_client(baseurl: &str, client: reqwest::Client) -> Self { todo!() }
            }
            impl ClientInfo for Client {
                fn new() -> Self { todo!() }
            }
            impl Other {
                pub fn new() -> Self { todo!() }
            }
        };
        assert_eq!(strip(&mut file), 1);
        let text = prettyplease::unparse(&file);
        assert!(!text.contains("ClientBuilder::new"), "{text}");
        assert!(text.contains("pub fn new_with_client"), "{text}");
        assert_eq!(text.matches("fn new()").count(), 2, "{text}");
        assert_eq!(strip(&mut file), 0, "nothing left to strip");
    }
}
