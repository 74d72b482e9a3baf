//! The shared record behind [`super::control::FaultControl`]: fault queues per route and
//! request counts per method and path.

use std::collections::{HashMap, VecDeque};
use std::sync::Mutex;

use http::Method;

use super::fault::Fault;
use super::route::Route;
use crate::util::lock;

/// Fault queues and request counts, shared by every listener.
#[derive(Debug, Default)]
pub(crate) struct Registry {
    inner: Mutex<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    /// Queues in the order their routes were first scripted.
    scripts: Vec<(Route, VecDeque<Fault>)>,
    /// Counts per exact method and path; routes sum the ones they match.
    counts: HashMap<(Method, String), Counts>,
}

#[derive(Clone, Copy, Debug, Default)]
struct Counts {
    attempts: u64,
    handled: u64,
}

impl Registry {
    /// Appends `faults` to `route`'s queue.
    pub(crate) fn script(&self, route: Route, faults: impl IntoIterator<Item = Fault>) {
        let mut inner = lock(&self.inner);
        match inner.scripts.iter_mut().find(|(r, _)| *r == route) {
            Some((_, queue)) => queue.extend(faults),
            None => inner.scripts.push((route, faults.into_iter().collect())),
        }
    }

    /// Counts a request and takes the fault it gets: the next one of the first scripted
    /// route it matches whose queue is not empty.
    pub(crate) fn arrive(&self, method: &Method, path: &str) -> Option<Fault> {
        let mut inner = lock(&self.inner);
        inner
            .counts
            .entry((method.clone(), path.to_string()))
            .or_default()
            .attempts += 1;
        inner
            .scripts
            .iter_mut()
            .find(|(route, queue)| !queue.is_empty() && route.matches(method, path))
            .and_then(|(_, queue)| queue.pop_front())
    }

    /// Counts a request that reached its handler.
    pub(crate) fn reached(&self, method: &Method, path: &str) {
        lock(&self.inner)
            .counts
            .entry((method.clone(), path.to_string()))
            .or_default()
            .handled += 1;
    }

    /// Requests on `route` so far.
    pub(crate) fn attempts(&self, route: &Route) -> u64 {
        self.sum(route, |c| c.attempts)
    }

    /// Requests on `route` that reached the handler so far.
    pub(crate) fn handled(&self, route: &Route) -> u64 {
        self.sum(route, |c| c.handled)
    }

    fn sum(&self, route: &Route, field: impl Fn(&Counts) -> u64) -> u64 {
        lock(&self.inner)
            .counts
            .iter()
            .filter(|((method, path), _)| route.matches(method, path))
            .map(|(_, counts)| field(counts))
            .sum()
    }

    /// Faults still queued for exactly `route`.
    pub(crate) fn remaining(&self, route: &Route) -> usize {
        lock(&self.inner)
            .scripts
            .iter()
            .find(|(r, _)| r == route)
            .map_or(0, |(_, queue)| queue.len())
    }

    /// Forgets every queued fault and every count.
    pub(crate) fn clear(&self) {
        let mut inner = lock(&self.inner);
        inner.scripts.clear();
        inner.counts.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn faults_are_taken_in_order_then_requests_pass() {
        let registry = Registry::default();
        let route = Route::new(Method::GET, "/a/*");
        registry.script(route.clone(), [Fault::MalformedJson, Fault::TruncatedBody]);
        registry.script(route.clone(), [Fault::ResetBeforeProcessing]);
        assert_eq!(registry.remaining(&route), 3);
        assert_eq!(
            registry.arrive(&Method::GET, "/a/1"),
            Some(Fault::MalformedJson)
        );
        assert_eq!(registry.arrive(&Method::POST, "/a/1"), None);
        assert_eq!(registry.arrive(&Method::GET, "/b/1"), None);
        assert_eq!(
            registry.arrive(&Method::GET, "/a/2"),
            Some(Fault::TruncatedBody)
        );
        assert_eq!(
            registry.arrive(&Method::GET, "/a/1"),
            Some(Fault::ResetBeforeProcessing)
        );
        assert_eq!(registry.arrive(&Method::GET, "/a/1"), None);
        assert_eq!(registry.remaining(&route), 0);
        registry.reached(&Method::GET, "/a/1");
        assert_eq!(registry.attempts(&route), 4);
        assert_eq!(registry.attempts(&Route::new(Method::GET, "/a/2")), 1);
        assert_eq!(registry.attempts(&Route::new(Method::POST, "/a/*")), 1);
        assert_eq!(registry.handled(&route), 1);
        registry.clear();
        assert_eq!(registry.attempts(&route), 0);
        assert_eq!(registry.handled(&route), 0);
    }

    #[test]
    fn the_first_scripted_route_with_faults_left_wins() {
        let registry = Registry::default();
        let wide = Route::new(Method::GET, "/a/*");
        let exact = Route::new(Method::GET, "/a/1");
        registry.script(wide.clone(), [Fault::MalformedJson]);
        registry.script(exact.clone(), [Fault::TruncatedBody]);
        assert_eq!(
            registry.arrive(&Method::GET, "/a/1"),
            Some(Fault::MalformedJson)
        );
        assert_eq!(
            registry.arrive(&Method::GET, "/a/1"),
            Some(Fault::TruncatedBody)
        );
        assert_eq!(registry.attempts(&wide), 2);
        assert_eq!(registry.attempts(&exact), 2);
    }
}
