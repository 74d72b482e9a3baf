//! A receiving endpoint for the tests: records every request and answers each with the next
//! scripted status (then 200), optionally after a delay.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::routing::post;

/// One request the endpoint got.
#[derive(Clone, Debug)]
pub struct Received {
    pub headers: HeaderMap,
    pub body: serde_json::Value,
}

#[derive(Default)]
struct Script {
    statuses: VecDeque<u16>,
    delay: Option<Duration>,
    received: Vec<Received>,
}

/// The endpoint's script and what it received.
#[derive(Clone, Default)]
pub struct Receiver {
    script: Arc<Mutex<Script>>,
}

impl Receiver {
    /// Answers `statuses` in order, then 200.
    pub fn answering(statuses: &[u16]) -> Self {
        let receiver = Self::default();
        receiver.script.lock().unwrap().statuses = statuses.iter().copied().collect();
        receiver
    }

    /// Answers only after `delay`.
    pub fn slow(delay: Duration) -> Self {
        let receiver = Self::default();
        receiver.script.lock().unwrap().delay = Some(delay);
        receiver
    }

    pub fn received(&self) -> Vec<Received> {
        self.script.lock().unwrap().received.clone()
    }

    /// Serves on a loopback port; the URL of `/hooks`.
    pub async fn serve(&self) -> String {
        let app = Router::new()
            .route("/hooks", post(receive))
            .with_state(self.clone());
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        tokio::spawn(async move { axum::serve(listener, app).await });
        format!("http://{addr}/hooks")
    }
}

async fn receive(State(receiver): State<Receiver>, headers: HeaderMap, body: Bytes) -> StatusCode {
    let (status, delay) = {
        let mut script = receiver.script.lock().unwrap();
        script.received.push(Received {
            headers,
            body: serde_json::from_slice(&body).unwrap_or(serde_json::Value::Null),
        });
        (script.statuses.pop_front().unwrap_or(200), script.delay)
    };
    if let Some(delay) = delay {
        tokio::time::sleep(delay).await;
    }
    StatusCode::from_u16(status).unwrap()
}
