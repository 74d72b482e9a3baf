//! [`client_hooks!`](crate::client_hooks): progenitor's `ClientHooks` for a generated
//! client, running the shared [`exec`](crate::Hooks) (the generated code runs the shared
//! `pre` itself, by value: `cargo xtask codegen`).

/// Implements progenitor's `ClientHooks` for a generated client whose inner state
/// implements [`Hooks`](crate::Hooks): `payments_wire::client_hooks!(Client, Auth);`. Its
/// `exec` sends under the policy; progenitor's `pre` and `post` hooks are left as they are
/// (nothing): `cargo xtask codegen` has the generated code call the shared `pre` directly.
#[macro_export]
macro_rules! client_hooks {
    ($client:ty, $inner:ty) => {
        impl $crate::__private::progenitor_client::ClientHooks<$inner> for $client {
            fn exec(
                &self,
                request: $crate::__private::reqwest::Request,
                info: &$crate::__private::progenitor_client::OperationInfo,
            ) -> impl ::std::future::Future<
                Output = $crate::__private::reqwest::Result<$crate::__private::reqwest::Response>,
            > {
                use $crate::__private::progenitor_client::ClientInfo as _;
                // The send under the policy, boxed small (`hooks::exec`).
                $crate::__private::hooks::exec(
                    self.inner(),
                    self.client(),
                    self.baseurl(),
                    request,
                    info,
                )
            }
        }
    };
}
