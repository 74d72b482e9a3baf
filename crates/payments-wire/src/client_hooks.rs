//! [`client_hooks!`](crate::client_hooks): progenitor's `ClientHooks` for a generated
//! client, running the shared [`pre` and `exec`](crate::Hooks).

/// Implements progenitor's `ClientHooks` for a generated client whose inner state
/// implements [`Hooks`](crate::Hooks): `payments_wire::client_hooks!(Client, Auth);`.
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
                use $crate::__private::progenitor_client::ClientInfo as _;
                // The send under the policy itself, not a boxed future around it: it is
                // part of the generated call's future (about 4 KB), which `payload()` holds
                // inline. A box costs every call a large allocation (glibc serves a request
                // above 1 KB outside the thread's cache, under the arena's lock), measurably
                // so at 64 concurrent calls (BENCHMARKS.md).
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
