//! [`ControlApi`]: the HTTP client of a running sandbox's control listener (`GET /info`,
//! `POST /endpoints`, `DELETE /endpoints/{id}`, `POST /trigger`, `POST /paywall/batches`),
//! what `listen` and `trigger` drive the sandbox with from another process.

use std::time::Duration;

use payments_sandbox::{
    BatchSeed, Endpoint, PushProvider, SandboxInfo, SeededBatch, TriggerRequest, Triggered,
};
use reqwest::{Method, StatusCode};
use serde::de::DeserializeOwned;
use url::Url;

use crate::error::CliError;

/// The variable naming the control listener (`payments sandbox` prints the line to set it).
pub const VARIABLE: &str = "PAYMENTS_SANDBOX_URL";

/// How long a control call or a forward may take when `--timeout` does not say: the 10 s
/// the sandbox gives an endpoint to answer an attempt (`ControlInfo::push_attempt_timeout_ms`).
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

/// The most a control answer may hold (they are a few hundred bytes).
const MAX_ANSWER: usize = 1024 * 1024;

/// An HTTP client that follows no redirect and gives a call `timeout` in all, built on the
/// workspace's TLS set-up.
pub fn http_client(timeout: Duration) -> Result<reqwest::Client, CliError> {
    payments_wire::client_builder("payments-cli")
        .map_err(|e| CliError::Usage(format!("HTTP client: {e}")))?
        .redirect(reqwest::redirect::Policy::none())
        .timeout(timeout)
        .build()
        .map_err(|e| CliError::Usage(format!("HTTP client: {e}")))
}

/// Checks `raw` as a base URL: `http` or `https`, a host, no user name or password, no
/// query. `what` names it in the error.
pub fn parse_http_url(raw: &str, what: &str) -> Result<Url, CliError> {
    let url = Url::parse(raw.trim()).map_err(|e| {
        CliError::Usage(format!(
            "{what} `{}` is not an http:// or https:// URL: {e}",
            without_credentials(raw)
        ))
    })?;
    if !matches!(url.scheme(), "http" | "https") || url.host().is_none() {
        return Err(CliError::Usage(format!(
            "{what} `{raw}` is not an http:// or https:// URL"
        )));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(CliError::Usage(format!(
            "{what} carries a user name or password; give the URL without them"
        )));
    }
    Ok(url)
}

/// `raw` with anything between `//` and `@` (a user name and password) cut out, for an
/// error message about a URL that did not parse.
fn without_credentials(raw: &str) -> String {
    match (raw.find("//"), raw.rfind('@')) {
        (Some(start), Some(at)) if at > start => {
            format!(
                "{}***{}",
                raw.get(..start + 2).unwrap_or_default(),
                raw.get(at..).unwrap_or_default()
            )
        }
        _ => raw.to_string(),
    }
}

/// A running sandbox's control listener.
#[derive(Debug, Clone)]
pub struct ControlApi {
    base: Url,
    http: reqwest::Client,
}

impl ControlApi {
    /// The control listener at `raw` (`--sandbox` or [`VARIABLE`]), each call taking at
    /// most `timeout`. Nothing is sent yet.
    pub fn new(raw: &str, timeout: Duration) -> Result<Self, CliError> {
        let mut base = parse_http_url(raw, "the sandbox's control URL")?;
        if !base.path().ends_with('/') {
            let path = format!("{}/", base.path());
            base.set_path(&path);
        }
        Ok(Self {
            base,
            http: http_client(timeout)?,
        })
    }

    /// From `--sandbox`, or else [`VARIABLE`] (clap reads it); a usage error naming both
    /// when neither is set.
    pub fn from_arg(arg: Option<&str>, timeout: Duration) -> Result<Self, CliError> {
        match arg.map(str::trim).filter(|a| !a.is_empty()) {
            Some(raw) => Self::new(raw, timeout),
            None => Err(CliError::Usage(format!(
                "no sandbox: pass --sandbox URL or set {VARIABLE} (`payments sandbox` prints the line to set it)"
            ))),
        }
    }

    /// Whether the sandbox runs on this machine.
    pub fn is_local(&self) -> bool {
        payments_wire::is_loopback_url(&self.base)
    }

    /// The control listener's URL.
    pub fn url(&self) -> &str {
        self.base.as_str().trim_end_matches('/')
    }

    /// The sandbox's info (URLs, keys, time scale): also the check that the URL is a
    /// sandbox's control listener.
    pub async fn info(&self) -> Result<SandboxInfo, CliError> {
        self.call(Method::GET, "info", None::<&()>).await
    }

    /// Registers `url` for `provider`'s pushes.
    pub async fn register(&self, provider: PushProvider, url: &str) -> Result<Endpoint, CliError> {
        let body = serde_json::json!({ "provider": provider, "url": url });
        self.call(Method::POST, "endpoints", Some(&body)).await
    }

    /// Removes the endpoint numbered `id`.
    pub async fn unregister(&self, id: u64) -> Result<(), CliError> {
        let path = format!("endpoints/{id}");
        self.send(Method::DELETE, &path, None::<&()>)
            .await
            .map(drop)
    }

    /// Performs a trigger.
    pub async fn trigger(&self, request: &TriggerRequest) -> Result<Triggered, CliError> {
        self.call(Method::POST, "trigger", Some(request)).await
    }

    /// Makes a Paywall batch.
    pub async fn seed_batch(&self, seed: &BatchSeed) -> Result<SeededBatch, CliError> {
        self.call(Method::POST, "paywall/batches", Some(seed)).await
    }

    /// Sends a request and reads its JSON answer as `T`.
    async fn call<T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        body: Option<&impl serde::Serialize>,
    ) -> Result<T, CliError> {
        let bytes = self.send(method.clone(), path, body).await?;
        serde_json::from_slice(&bytes).map_err(|e| CliError::Control {
            status: 200,
            message: format!(
                "{method} {}: the answer is not what a sandbox's control listener sends ({e}); is it the URL `payments sandbox` printed?",
                self.route(path)
            ),
        })
    }

    /// Sends a request; the body of a 2xx answer, or the listener's error.
    async fn send(
        &self,
        method: Method,
        path: &str,
        body: Option<&impl serde::Serialize>,
    ) -> Result<Vec<u8>, CliError> {
        let url = self
            .base
            .join(path)
            .map_err(|e| CliError::Usage(format!("the control URL does not take `{path}`: {e}")))?;
        let writes = method != Method::GET;
        let transport = |source: reqwest::Error| CliError::ControlTransport {
            what: format!(
                "the sandbox's control listener ({}, {method} /{path})",
                self.url()
            ),
            // A write that was sent and got no answer may have been performed.
            outcome_unknown: writes && !source.is_connect() && !source.is_builder(),
            source,
        };
        let mut request = self.http.request(method.clone(), url);
        if let Some(body) = body {
            request = request.json(body);
        }
        let mut answer = request.send().await.map_err(transport)?;
        let status = answer.status();
        let mut bytes = Vec::new();
        while let Some(chunk) = answer.chunk().await.map_err(transport)? {
            if bytes.len() + chunk.len() > MAX_ANSWER {
                return Err(self.not_control(status, path));
            }
            bytes.extend_from_slice(&chunk);
        }
        if status.is_success() {
            return Ok(bytes);
        }
        #[derive(serde::Deserialize)]
        struct Refusal {
            error: String,
        }
        match serde_json::from_slice::<Refusal>(&bytes) {
            Ok(refusal) => Err(CliError::Control {
                status: status.as_u16(),
                message: refusal.error,
            }),
            Err(_) => Err(self.not_control(status, path)),
        }
    }

    /// `/path` as the listener sees it.
    fn route(&self, path: &str) -> String {
        format!("{}{path}", self.base.path())
    }

    /// An answer no control listener gives.
    fn not_control(&self, status: StatusCode, path: &str) -> CliError {
        CliError::Control {
            status: status.as_u16(),
            message: format!(
                "{} answered {} to {} in a way no control listener does; is it the control URL `payments sandbox` printed ({VARIABLE})?",
                self.url(),
                status.as_u16(),
                self.route(path)
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_urls_are_http_without_credentials() {
        let api = ControlApi::new("http://127.0.0.1:7004", DEFAULT_TIMEOUT).unwrap();
        assert_eq!(api.url(), "http://127.0.0.1:7004");
        assert_eq!(api.route("info"), "/info");
        let message = |raw: &str| {
            ControlApi::new(raw, DEFAULT_TIMEOUT)
                .unwrap_err()
                .to_string()
        };
        assert!(message("127.0.0.1:7004").contains("not an http:// or https:// URL"));
        assert!(message("ftp://127.0.0.1/").contains("not an http://"));
        assert!(message("not a url").contains("not an http:// or https:// URL: "));
        let credentials = message("http://me:hunter2@127.0.0.1:1/");
        assert!(!credentials.contains("hunter2"), "{credentials}");
        let unparsed = message("http://me:hunter2@127.0.0.1:99999/");
        assert!(
            unparsed.contains("not an http:// or https:// URL: "),
            "{unparsed}"
        );
        assert!(!unparsed.contains("hunter2"), "{unparsed}");
        assert!(
            ControlApi::new("http://localhost:1", DEFAULT_TIMEOUT)
                .unwrap()
                .is_local()
        );
        assert!(
            ControlApi::new("http://[::1]:1", DEFAULT_TIMEOUT)
                .unwrap()
                .is_local()
        );
        assert!(
            !ControlApi::new("https://sandbox.example:1", DEFAULT_TIMEOUT)
                .unwrap()
                .is_local()
        );
        let none = ControlApi::from_arg(None, DEFAULT_TIMEOUT).unwrap_err();
        assert!(none.to_string().contains(VARIABLE), "{none}");
        assert_eq!(none.exit_code(), 2);
    }
}
