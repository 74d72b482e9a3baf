//! What a provider can do, as object-safe async traits.
//!
//! A provider implements the capabilities it has: OneEntry signs users in, keeps orders and
//! opens payment sessions; Paywall looks payments up, runs bulk batches and refunds;
//! Craftgate looks payments up, breaks them down per item and refunds. Paginated calls also
//! have a stream over all pages in the matching `*Ext` trait, implemented for every
//! implementor (mocks included); it fetches pages ahead as the implementor's
//! [`Paged::paging`] says (by default up to 4 pages at once, in page order).
//!
//! With the `mocks` feature every trait has a mockall mock (`MockPaymentSessions`, ...).

use std::num::NonZeroU32;

use async_trait::async_trait;
use futures::stream::BoxStream;

use crate::breakdown::Breakdown;
use crate::error::Result;
use crate::ids::{OrderId, PaymentId, SessionId};
use crate::order::{NewOrder, Order};
use crate::page::{Page, PageRequest, Paged, all_items};
use crate::payment::{BulkPage, BulkSummary, Payment, PaymentRef};
use crate::refund::{Refund, RefundRequest};
use crate::session::{NewSession, Session};
use crate::user::{Credentials, SignedIn};

/// Signing a user in and out; later calls of the same client act as that user.
#[cfg_attr(feature = "mocks", mockall::automock)]
#[async_trait]
pub trait UserSignIn: Send + Sync {
    /// Signs the user in.
    async fn sign_in(&self, credentials: &Credentials) -> Result<SignedIn>;
    /// Signs the user out (this device).
    async fn sign_out(&self) -> Result<()>;
}

/// Creating and reading orders.
#[cfg_attr(feature = "mocks", mockall::automock)]
#[async_trait]
pub trait Orders: Paged + Send + Sync {
    /// Creates an order.
    async fn create_order(&self, order: &NewOrder) -> Result<Order>;
    /// Reads one order of a storage.
    async fn order(&self, storage: &str, id: &OrderId) -> Result<Order>;
    /// Lists a storage's orders, one page.
    async fn list_orders(&self, storage: &str, page: PageRequest) -> Result<Page<Order>>;
}

/// Opening and reading payment sessions.
#[cfg_attr(feature = "mocks", mockall::automock)]
#[async_trait]
pub trait PaymentSessions: Paged + Send + Sync {
    /// Opens a payment session for an order.
    async fn create_session(&self, session: &NewSession) -> Result<Session>;
    /// Reads a session.
    async fn session(&self, id: &SessionId) -> Result<Session>;
    /// The sessions opened for an order (one or more).
    async fn sessions_for_order(&self, order: &OrderId) -> Result<Vec<Session>>;
    /// Lists sessions, one page.
    async fn list_sessions(&self, page: PageRequest) -> Result<Page<Session>>;
}

/// Looking a single payment up.
#[cfg_attr(feature = "mocks", mockall::automock)]
#[async_trait]
pub trait PaymentLookup: Send + Sync {
    /// Reads a payment.
    async fn payment(&self, payment: &PaymentRef) -> Result<Payment>;
}

/// Querying bulk (batch) payments.
#[cfg_attr(feature = "mocks", mockall::automock)]
#[async_trait]
pub trait BulkPayments: Paged + Send + Sync {
    /// One page of a batch's payments, with the batch's totals.
    async fn bulk_page(&self, batch: &str, page: PageRequest) -> Result<BulkPage>;
    /// A batch's totals.
    async fn bulk_summary(&self, batch: &str) -> Result<BulkSummary>;
}

/// The per-item breakdown of a payment.
#[cfg_attr(feature = "mocks", mockall::automock)]
#[async_trait]
pub trait Breakdowns: Send + Sync {
    /// Every item of the payment's breakdown.
    async fn breakdown(&self, payment: &PaymentId) -> Result<Vec<Breakdown>>;
}

/// Refunding payments.
#[cfg_attr(feature = "mocks", mockall::automock)]
#[async_trait]
pub trait Refunds: Send + Sync {
    /// Refunds a payment or one of its items, fully or partly.
    async fn refund(&self, request: &RefundRequest) -> Result<Refund>;
}

/// Streams over all of a storage's orders.
pub trait OrdersExt: Orders {
    /// Every order of `storage`, fetched `page_size` at a time, pages ahead as
    /// [`Paged::paging`] says ([`all_items`]).
    fn all_orders<'a>(
        &'a self,
        storage: &'a str,
        page_size: NonZeroU32,
    ) -> BoxStream<'a, Result<Order>> {
        all_items(PageRequest::first(page_size), self.paging(), move |page| {
            self.list_orders(storage, page)
        })
    }
}

impl<T: Orders + ?Sized> OrdersExt for T {}

// The mocks keep the default paging.
#[cfg(feature = "mocks")]
impl Paged for MockOrders {}
#[cfg(feature = "mocks")]
impl Paged for MockPaymentSessions {}
#[cfg(feature = "mocks")]
impl Paged for MockBulkPayments {}

/// Streams over all payment sessions.
pub trait PaymentSessionsExt: PaymentSessions {
    /// Every session, fetched `page_size` at a time, pages ahead as [`Paged::paging`] says
    /// ([`all_items`]).
    fn all_sessions(&self, page_size: NonZeroU32) -> BoxStream<'_, Result<Session>> {
        all_items(PageRequest::first(page_size), self.paging(), move |page| {
            self.list_sessions(page)
        })
    }
}

impl<T: PaymentSessions + ?Sized> PaymentSessionsExt for T {}

/// Streams over all payments of a bulk batch.
pub trait BulkPaymentsExt: BulkPayments {
    /// Every payment of `batch`, fetched `page_size` at a time, pages ahead as
    /// [`Paged::paging`] says ([`all_items`]).
    fn all_bulk_payments<'a>(
        &'a self,
        batch: &'a str,
        page_size: NonZeroU32,
    ) -> BoxStream<'a, Result<Payment>> {
        all_items(
            PageRequest::first(page_size),
            self.paging(),
            move |page| async move { Ok(self.bulk_page(batch, page).await?.payments) },
        )
    }
}

impl<T: BulkPayments + ?Sized> BulkPaymentsExt for T {}
