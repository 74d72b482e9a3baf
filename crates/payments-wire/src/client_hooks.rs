//! [`client_hooks!`](crate::client_hooks): progenitor's `ClientHooks` for a generated
//! client, running the shared [`pre` and `exec`](crate::Hooks).

/// Implements progenitor's `ClientHooks` for a generated client whose inner state
/// implements [`Hooks`](crate::Hooks): `payments_wire::client_hooks!(Client, Auth);`.
///
/// The code `cargo xtask codegen` writes calls the shared `pre` by value instead
/// (`payments_wire::__private::prepared`, so the call's future holds no borrowed request);
/// the `pre` hook here serves progenitor code that was not rewritten, which then still
/// prepares (and, under a dry run, records instead of sending) every request.
#[macro_export]
macro_rules! client_hooks {
    ($client:ty, $inner:ty) => {
        impl $crate::__private::progenitor_client::ClientHooks<$inner> for $client {
            async fn pre<E>(
                &self,
                request: &mut $crate::__private::reqwest::Request,
                info: &$crate::__private::progenitor_client::OperationInfo,
            ) -> ::std::result::Result<(), $crate::__private::progenitor_client::Error<E>> {
                let inner =
                    <$client as $crate::__private::progenitor_client::ClientInfo<$inner>>::inner(
                        self,
                    );
                $crate::__private::hooks::pre(inner, request, info)
            }

            fn exec(
                &self,
                request: $crate::__private::reqwest::Request,
                info: &$crate::__private::progenitor_client::OperationInfo,
            ) -> impl ::std::future::Future<
                Output = $crate::__private::reqwest::Result<$crate::__private::reqwest::Response>,
            > {
                // The send under the policy, boxed small (`hooks::exec`).
                $crate::__private::hooks::exec(self, request, info)
            }
        }
    };
}
