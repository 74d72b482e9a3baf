//! The one line a failed command prints: the error and its causes (each once), with a
//! transport failure said in plain words ("connection refused", "timed out", "certificate
//! not trusted", "dns: no such host") and the URL it concerned, instead of the HTTP
//! stack's layers ("error sending request for url (..): client error (Connect): tcp
//! connect error: Connection refused (os error 111)").

use std::error::Error;
use std::io::ErrorKind;

/// `error` and its causes on one line: each cause not already said is appended after `: `;
/// the first transport error (reqwest's) and everything under it become plain words.
///
/// A [`payments::PaymentsError`] already says its cause: its message is the provider's
/// own words (with its code and HTTP status), or else its source's whole text. Below it
/// only a transport error is looked for, to be said in plain words.
pub fn one_line(error: &(dyn Error + 'static)) -> String {
    let mut line = name_once(error.to_string());
    let mut said = error.is::<payments::PaymentsError>();
    for cause in causes(error) {
        if let Some(transport) = cause.downcast_ref::<reqwest::Error>() {
            return with_transport(line, transport);
        }
        let text = name_once(cause.to_string());
        if !said && !line.contains(&text) {
            line.push_str(": ");
            line.push_str(&text);
        }
        said |= cause.is::<payments::PaymentsError>();
    }
    line
}

/// The causes under `error`, nearest first.
fn causes<'a>(error: &'a (dyn Error + 'static)) -> impl Iterator<Item = &'a (dyn Error + 'static)> {
    std::iter::successors(error.source(), |&cause| cause.source())
}

/// `text` without a leading name its next word repeats: "Paywall: Paywall did not
/// answer" is "Paywall did not answer".
fn name_once(text: String) -> String {
    match text.split_once(": ") {
        Some((name, rest)) if !name.contains(' ') && rest.starts_with(&format!("{name} ")) => {
            rest.to_string()
        }
        _ => text,
    }
}

/// `line` with `error`'s own words (and its causes', where the line repeats them) replaced
/// by plain words and the URL; appended when the line does not say them.
fn with_transport(mut line: String, error: &reqwest::Error) -> String {
    let words = match error.url() {
        Some(url) => format!(
            "{} ({}://{}{})",
            plain_words(error),
            url.scheme(),
            url.host_str()
                .map_or(String::new(), |host| match url.port() {
                    Some(port) => format!("{host}:{port}"),
                    None => host.to_string(),
                }),
            url.path()
        ),
        None => plain_words(error),
    };
    let raw = error.to_string();
    let Some(start) = line.find(&raw) else {
        line.push_str(": ");
        line.push_str(&words);
        return line;
    };
    // The causes under it that the line repeats right after it (`: cause`), in order.
    let mut end = start + raw.len();
    for cause in causes(error) {
        let said = format!(": {cause}");
        if line.get(end..).is_some_and(|rest| rest.starts_with(&said)) {
            end += said.len();
        }
    }
    line.replace_range(start..end, &words);
    line
}

/// What a transport error comes to, in plain words: from the I/O error under it where
/// its kind says it, else from what its layers say (TLS, DNS, a closed connection), else
/// the innermost cause's own words.
pub fn plain_words(error: &reqwest::Error) -> String {
    let chain: Vec<&(dyn Error + 'static)> = std::iter::once(error as &(dyn Error + 'static))
        .chain(causes(error))
        .collect();
    for cause in &chain {
        if let Some(io) = cause.downcast_ref::<std::io::Error>()
            && let Some(words) = io_words(io.kind())
        {
            return words.to_string();
        }
    }
    let said = chain
        .iter()
        .map(|e| e.to_string().to_ascii_lowercase())
        .collect::<Vec<_>>()
        .join(" | ");
    let innermost = chain
        .last()
        .map(|e| e.to_string())
        .unwrap_or_else(|| error.to_string());
    if error.is_timeout() || said.contains("timed out") {
        return "timed out".into();
    }
    if let Some(words) = tls_words(&said) {
        return words.into();
    }
    if let Some(words) = dns_words(&said) {
        return words.into();
    }
    if said.contains("connection closed before message completed") {
        return "connection closed before the answer was complete".into();
    }
    innermost
}

/// An I/O error kind that says the whole story.
fn io_words(kind: ErrorKind) -> Option<&'static str> {
    Some(match kind {
        ErrorKind::ConnectionRefused => "connection refused",
        ErrorKind::ConnectionReset => "connection reset by the server",
        ErrorKind::ConnectionAborted => "connection aborted",
        ErrorKind::TimedOut => "timed out",
        ErrorKind::UnexpectedEof => "connection closed before the answer was complete",
        ErrorKind::HostUnreachable => "host unreachable",
        ErrorKind::NetworkUnreachable => "network unreachable",
        ErrorKind::AddrNotAvailable => "address not available",
        _ => return None,
    })
}

/// A certificate the client would not accept, or another TLS failure, from the lower-case
/// texts of the error's layers (OpenSSL's and rustls' wordings).
fn tls_words(said: &str) -> Option<&'static str> {
    let any = |needles: &[&str]| needles.iter().any(|n| said.contains(n));
    if any(&["hostname mismatch", "notvalidforname", "not valid for name"]) {
        Some("certificate not valid for this host")
    } else if any(&["certificate has expired", "expired"]) && said.contains("certificate") {
        Some("certificate expired")
    } else if any(&[
        "certificate verify failed",
        "unknownissuer",
        "self-signed",
        "self signed",
        "unable to get local issuer",
        "invalid peer certificate",
    ]) {
        Some("certificate not trusted")
    } else if any(&[
        "ssl routines",
        "tls handshake",
        "handshake failure",
        "wrong version number",
    ]) {
        Some("TLS handshake failed")
    } else {
        None
    }
}

/// A host name that did not resolve, from the lower-case texts of the error's layers.
fn dns_words(said: &str) -> Option<&'static str> {
    let any = |needles: &[&str]| needles.iter().any(|n| said.contains(n));
    if any(&[
        "name or service not known",
        "no such host",
        "nodename nor servname",
        "no address associated",
    ]) {
        Some("dns: no such host")
    } else if said.contains("temporary failure in name resolution") {
        Some("dns: lookup failed for now (temporary failure in name resolution)")
    } else if any(&["failed to lookup address", "dns error"]) {
        Some("dns: lookup failed")
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug, thiserror::Error)]
    #[error("outer: {0}")]
    struct Outer(#[source] Middle);

    #[derive(Debug, thiserror::Error)]
    #[error("middle")]
    struct Middle(#[source] std::io::Error);

    #[test]
    fn causes_are_joined_once_each() {
        let e = Outer(Middle(std::io::Error::other("disk full")));
        assert_eq!(one_line(&e), "outer: middle: disk full");
        let e = Outer(Middle(std::io::Error::other("outer: middle")));
        assert_eq!(one_line(&e), "outer: middle", "said already");
    }

    #[test]
    fn a_provider_error_says_its_cause_itself() {
        use payments::{ErrorKind, PaymentsError, Provider};
        let e = PaymentsError::new(Provider::Paywall, ErrorKind::Unauthorized, "key not valid")
            .with_status(401)
            .with_source(std::io::Error::other(
                "Paywall refused the request: key not valid",
            ));
        assert_eq!(one_line(&e), "Paywall: key not valid [HTTP 401]");
        let cli = crate::error::CliError::Provider(e);
        assert_eq!(one_line(&cli), "Paywall: key not valid [HTTP 401]");
    }

    #[test]
    fn a_name_repeated_at_the_start_is_said_once() {
        let e = std::io::Error::other("Paywall: Paywall did not answer");
        assert_eq!(one_line(&e), "Paywall did not answer");
        let e = std::io::Error::other("Paywall: could not connect to Paywall");
        assert_eq!(one_line(&e), "Paywall: could not connect to Paywall");
    }

    #[test]
    fn tls_and_dns_wordings_of_openssl_rustls_and_getaddrinfo() {
        for (said, words) in [
            (
                "error:0A000086:SSL routines:tls_post_process_server_certificate:certificate verify failed:../ssl/statem/statem_clnt.c:2091: (self-signed certificate)",
                "certificate not trusted",
            ),
            (
                "invalid peer certificate: unknownissuer",
                "certificate not trusted",
            ),
            (
                "invalid peer certificate: notvalidforname",
                "certificate not valid for this host",
            ),
            (
                "certificate verify failed (hostname mismatch)",
                "certificate not valid for this host",
            ),
            (
                "certificate verify failed (certificate has expired)",
                "certificate expired",
            ),
            (
                "ssl routines:ssl3_get_record:wrong version number",
                "TLS handshake failed",
            ),
        ] {
            assert_eq!(tls_words(said), Some(words), "{said}");
        }
        assert_eq!(tls_words("connection refused"), None);
        for (said, words) in [
            (
                "dns error: failed to lookup address information: name or service not known",
                "dns: no such host",
            ),
            (
                "failed to lookup address information: nodename nor servname provided, or not known",
                "dns: no such host",
            ),
            (
                "dns error: failed to lookup address information: temporary failure in name resolution",
                "dns: lookup failed for now (temporary failure in name resolution)",
            ),
        ] {
            assert_eq!(dns_words(said), Some(words), "{said}");
        }
    }
}
