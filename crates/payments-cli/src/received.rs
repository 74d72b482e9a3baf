//! A webhook or callback as it was received, read from flags, a file or stdin: its headers
//! and its body, the bytes exactly as they arrived (a signature covers them).

use std::io::{IsTerminal, Read};
use std::path::{Path, PathBuf};

use clap::Args;

use crate::error::CliError;

/// The most a received body (or whole request) may hold: a webhook is a few hundred bytes,
/// and nothing larger is read into memory.
const MAX_BYTES: u64 = 1024 * 1024;

/// Where the body comes from: `--body`, `--body-file`, a whole request (`--request`), or
/// stdin.
#[derive(Debug, Args)]
pub struct BodyArgs {
    /// The body as received.
    #[arg(long, conflicts_with_all = ["body_file", "request"])]
    body: Option<String>,
    /// A file holding the body as received; `-` reads stdin.
    #[arg(long, value_name = "PATH", conflicts_with = "request")]
    body_file: Option<PathBuf>,
    /// A file holding the whole request as received: an optional request line, the
    /// headers, an empty line, then the body; `-` reads stdin.
    #[arg(long, value_name = "PATH")]
    request: Option<PathBuf>,
}

/// What was received.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Received {
    /// The headers, in order, as `(name, value)`.
    pub headers: Vec<(String, String)>,
    /// The body's bytes.
    pub body: Vec<u8>,
}

impl Received {
    /// The first header named `name` (names compare without case).
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }
}

impl BodyArgs {
    /// Reads what was received; without `--body`, `--body-file` or `--request` the body is
    /// read from stdin, unless stdin is a terminal (nothing is asked interactively).
    pub fn read(&self) -> Result<Received, CliError> {
        if let Some(body) = &self.body {
            return Ok(Received {
                headers: Vec::new(),
                body: body.clone().into_bytes(),
            });
        }
        if let Some(path) = &self.request {
            return parse_request(&read_source(Some(path))?);
        }
        Ok(Received {
            headers: Vec::new(),
            body: read_source(self.body_file.as_deref())?,
        })
    }
}

/// The bytes of `path` (`-` or `None`: stdin), at most [`MAX_BYTES`].
fn read_source(path: Option<&Path>) -> Result<Vec<u8>, CliError> {
    let mut bytes = Vec::new();
    match path {
        Some(path) if path != Path::new("-") => {
            let file = std::fs::File::open(path)
                .map_err(|e| CliError::Usage(format!("cannot read {}: {e}", path.display())))?;
            file.take(MAX_BYTES + 1).read_to_end(&mut bytes)?;
        }
        _ => {
            let stdin = std::io::stdin();
            if path.is_none() && stdin.is_terminal() {
                return Err(CliError::Usage(
                    "give what was received with --body, --body-file or --request, or on stdin"
                        .into(),
                ));
            }
            stdin.lock().take(MAX_BYTES + 1).read_to_end(&mut bytes)?;
        }
    }
    if bytes.len() as u64 > MAX_BYTES {
        return Err(CliError::Usage(format!(
            "what was received is larger than {MAX_BYTES} bytes; a webhook or callback is not"
        )));
    }
    Ok(bytes)
}

/// Splits a request as received into its headers and its body: an optional request line
/// (`POST /path HTTP/1.1`), `Name: value` lines, an empty line, the body's bytes as they
/// are. Lines may end in CRLF or LF.
pub fn parse_request(bytes: &[u8]) -> Result<Received, CliError> {
    let mut received = Received::default();
    let mut rest = bytes;
    let mut first = true;
    loop {
        let split = rest
            .iter()
            .position(|b| *b == b'\n')
            .and_then(|end| rest.split_at_checked(end));
        let Some((line, after)) = split else {
            return Err(CliError::Usage(
                "the request has no empty line between its headers and its body".into(),
            ));
        };
        rest = after.get(1..).unwrap_or_default();
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        if line.is_empty() {
            break;
        }
        let line = std::str::from_utf8(line)
            .map_err(|_| CliError::Usage("a header line of the request is not text".into()))?;
        let is_request_line = first
            && line
                .split(' ')
                .nth(2)
                .is_some_and(|v| v.starts_with("HTTP/"));
        first = false;
        if is_request_line {
            continue;
        }
        received.headers.push(parse_header(line)?);
    }
    received.body = rest.to_vec();
    Ok(received)
}

/// Parses `Name: value` (surrounding spaces of the value dropped).
pub fn parse_header(line: &str) -> Result<(String, String), CliError> {
    match line.split_once(':') {
        Some((name, value)) if !name.trim().is_empty() && !name.contains(' ') => {
            Ok((name.trim().to_string(), value.trim().to_string()))
        }
        _ => Err(CliError::Usage(format!(
            "`{line}` is not a header line (NAME: VALUE)"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_request_splits_into_headers_and_the_exact_body() {
        let raw = b"POST /webhook HTTP/1.1\r\nHost: shop.test\r\nX-CG-Signature-V1:  abc=\r\n\r\n{\"a\":1}\r\n";
        let received = parse_request(raw).unwrap();
        assert_eq!(received.header("x-cg-signature-v1"), Some("abc="));
        assert_eq!(received.header("host"), Some("shop.test"));
        assert_eq!(received.body, b"{\"a\":1}\r\n");

        let bare = parse_request(b"x-cg-signature-v1: s\n\nbody").unwrap();
        assert_eq!(bare.headers, [("x-cg-signature-v1".into(), "s".into())]);
        assert_eq!(bare.body, b"body");

        assert!(parse_request(b"x-a: 1\nno blank line").is_err());
        assert!(parse_request(b"not a header\n\n").is_err());
    }

    #[test]
    fn header_lines_need_a_name_and_a_colon() {
        assert_eq!(
            parse_header("x-cg-signature-v1: a:b").unwrap(),
            ("x-cg-signature-v1".into(), "a:b".into())
        );
        for bad in ["no colon", ": value", "two words: v"] {
            assert!(parse_header(bad).is_err(), "{bad}");
        }
    }
}
