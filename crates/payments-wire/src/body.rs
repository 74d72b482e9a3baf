//! Bodies of failed answers: read with a cap, shown shortened.

use bytes::Bytes;
use futures::StreamExt;
use progenitor_client::ByteStream;

/// At most this much of an error body is read and kept.
const MAX_ERROR_BODY: usize = 64 * 1024;

/// Reads at most 64 KiB of an error body.
pub(crate) async fn read_capped(mut stream: ByteStream) -> reqwest::Result<Bytes> {
    let mut out = Vec::new();
    while let Some(chunk) = stream.next().await {
        let chunk = chunk?;
        let room = MAX_ERROR_BODY.saturating_sub(out.len());
        out.extend_from_slice(chunk.get(..room).unwrap_or(&chunk));
        if out.len() >= MAX_ERROR_BODY {
            break;
        }
    }
    Ok(Bytes::from(out))
}

/// The first 300 characters of a body on one line (runs of whitespace, line breaks
/// included, become one space), for error messages.
pub fn body_snippet(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if text.is_empty() {
        return "(empty body)".to_string();
    }
    match text.char_indices().nth(300) {
        Some((cut, _)) => format!("{}…", text.get(..cut).unwrap_or(&text)),
        None => text,
    }
}

#[cfg(test)]
mod tests {
    use super::body_snippet;

    #[test]
    fn snippets_are_short_and_say_when_empty() {
        assert_eq!(body_snippet(b"  "), "(empty body)");
        assert_eq!(body_snippet(b"{\"a\":1}"), "{\"a\":1}");
        assert_eq!(
            body_snippet(b"<html>\r\n  <h1>503</h1>\n</html>\n"),
            "<html> <h1>503</h1> </html>"
        );
        let long = "ş".repeat(400);
        assert_eq!(body_snippet(long.as_bytes()).chars().count(), 301);
    }
}
