//! Hostile JSON for the decoder and request-parser fuzz harnesses: a JSON document model
//! that can say what `serde_json::Value` cannot (duplicate keys, invalid UTF-8 inside
//! strings, raw number text such as `1e400`, 10,000 levels of nesting written without
//! recursion), the mutations applied to documented example bodies, and the proptest
//! strategies that draw inputs.
//!
//! Shared by `crates/*-client/tests/decoders.rs` and
//! `crates/payments-sandbox/tests/request_fuzz.rs` through `#[path]`; not every includer
//! uses every item.
#![allow(dead_code)]

use std::fmt;

use proptest::prelude::*;
use proptest::sample::Index;
use proptest::test_runner::{Config, TestRunner};
use serde_json::Value;

/// No input is larger than this (the clients read at most 64 KiB of an error body).
pub const MAX_INPUT: usize = 64 * 1024;

/// The number of cases per decoder (or per sandbox route) from `var`, else `default`.
pub fn cases_from_env(var: &str, default: u32) -> u32 {
    match std::env::var(var) {
        Ok(text) => text
            .trim()
            .parse()
            .unwrap_or_else(|_| panic!("{var} must be a number of cases, not {text:?}")),
        Err(_) => default,
    }
}

/// A proptest runner for `cases` cases: no regression files (nothing is persisted), and
/// a bounded shrink so a failure is reported in seconds.
pub fn runner(cases: u32) -> TestRunner {
    TestRunner::new(Config {
        cases,
        failure_persistence: None,
        max_shrink_iters: 2048,
        max_shrink_time: 60_000,
        ..Config::default()
    })
}

/// A JSON document, possibly not valid JSON.
#[derive(Clone, Debug, PartialEq)]
pub enum Doc {
    /// `null`.
    Null,
    /// `true` / `false`.
    Bool(bool),
    /// A number, as its exact text (which may be out of any range: `1e400`).
    Num(String),
    /// A string's content as raw bytes: `"` `\` and control bytes are escaped, every
    /// other byte (invalid UTF-8 included) is written as is.
    Str(Vec<u8>),
    /// An array.
    Arr(Vec<Doc>),
    /// An object; keys may repeat.
    Obj(Vec<(Vec<u8>, Doc)>),
    /// `depth` levels of nesting around `inner`, written without recursion.
    Deep {
        /// `[`, `{"a":` or both in turn.
        kind: DeepKind,
        /// Levels.
        depth: usize,
        /// What the innermost level holds.
        inner: Box<Doc>,
        /// Whether the levels are closed.
        closed: bool,
    },
    /// Bytes written verbatim (lone surrogate escapes, `NaN`, broken tokens).
    Raw(Vec<u8>),
    /// Nothing at all (a deleted root).
    Empty,
}

/// How [`Doc::Deep`] nests.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DeepKind {
    /// `[[[...]]]`.
    Arrays,
    /// `{"a":{"a":...}}`.
    Objects,
    /// `[{"a":[{"a":...}]}]`.
    Mixed,
}

impl Doc {
    /// The document for a parsed JSON value (numbers keep their exact text).
    pub fn from_value(value: &Value) -> Self {
        match value {
            Value::Null => Doc::Null,
            Value::Bool(b) => Doc::Bool(*b),
            Value::Number(n) => Doc::Num(n.to_string()),
            Value::String(s) => Doc::Str(s.as_bytes().to_vec()),
            Value::Array(items) => Doc::Arr(items.iter().map(Doc::from_value).collect()),
            Value::Object(map) => Doc::Obj(
                map.iter()
                    .map(|(k, v)| (k.as_bytes().to_vec(), Doc::from_value(v)))
                    .collect(),
            ),
        }
    }

    /// A string document.
    pub fn str(text: &str) -> Self {
        Doc::Str(text.as_bytes().to_vec())
    }

    /// The document's bytes.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::new();
        self.write(&mut out);
        out
    }

    fn write(&self, out: &mut Vec<u8>) {
        match self {
            Doc::Null => out.extend_from_slice(b"null"),
            Doc::Bool(true) => out.extend_from_slice(b"true"),
            Doc::Bool(false) => out.extend_from_slice(b"false"),
            Doc::Num(text) => out.extend_from_slice(text.as_bytes()),
            Doc::Str(bytes) => write_str(bytes, out),
            Doc::Arr(items) => {
                out.push(b'[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(b',');
                    }
                    item.write(out);
                }
                out.push(b']');
            }
            Doc::Obj(entries) => {
                out.push(b'{');
                for (i, (key, value)) in entries.iter().enumerate() {
                    if i > 0 {
                        out.push(b',');
                    }
                    write_str(key, out);
                    out.push(b':');
                    value.write(out);
                }
                out.push(b'}');
            }
            Doc::Deep {
                kind,
                depth,
                inner,
                closed,
            } => {
                let opener = |level: usize| match (kind, level % 2) {
                    (DeepKind::Arrays, _) | (DeepKind::Mixed, 0) => &b"["[..],
                    (DeepKind::Objects, _) | (DeepKind::Mixed, _) => &b"{\"a\":"[..],
                };
                for level in 0..*depth {
                    out.extend_from_slice(opener(level));
                }
                inner.write(out);
                if *closed {
                    for level in (0..*depth).rev() {
                        out.push(if opener(level) == b"[" { b']' } else { b'}' });
                    }
                }
            }
            Doc::Raw(bytes) => out.extend_from_slice(bytes),
            Doc::Empty => {}
        }
    }

    /// The paths (child positions from the root) of every node, in pre-order. Nodes inside
    /// [`Doc::Deep`] are not visited.
    pub fn paths(&self) -> Vec<Vec<usize>> {
        let mut out = Vec::new();
        let mut stack = vec![(self, Vec::new())];
        while let Some((node, path)) = stack.pop() {
            let children: Vec<&Doc> = match node {
                Doc::Arr(items) => items.iter().collect(),
                Doc::Obj(entries) => entries.iter().map(|(_, v)| v).collect(),
                _ => Vec::new(),
            };
            for (i, child) in children.into_iter().enumerate().rev() {
                let mut p = path.clone();
                p.push(i);
                stack.push((child, p));
            }
            out.push(path);
        }
        out
    }

    /// The node at `path`.
    pub fn at_mut(&mut self, path: &[usize]) -> Option<&mut Doc> {
        let mut node = self;
        for &i in path {
            node = match node {
                Doc::Arr(items) => items.get_mut(i)?,
                Doc::Obj(entries) => &mut entries.get_mut(i)?.1,
                _ => return None,
            };
        }
        Some(node)
    }

    /// Every number leaf's path (where huge numbers go).
    pub fn number_paths(&self) -> Vec<Vec<usize>> {
        let mut copy = self.clone();
        self.paths()
            .into_iter()
            .filter(|p| matches!(copy.at_mut(p), Some(Doc::Num(_))))
            .collect()
    }
}

fn write_str(bytes: &[u8], out: &mut Vec<u8>) {
    out.push(b'"');
    for &b in bytes {
        match b {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            0..=0x1f => out.extend_from_slice(format!("\\u{b:04x}").as_bytes()),
            _ => out.push(b),
        }
    }
    out.push(b'"');
}

/// Number texts that no money or id type can hold, or that are not JSON at all.
pub const HUGE_NUMBERS: &[&str] = &[
    "1e400",
    "-1e400",
    "1E+400",
    "1e-400",
    "4.9e-324",
    "1.7976931348623157e309",
    "1234567890123456789012345678901234567890",
    "-1234567890123456789012345678901234567890",
    "79228162514264337593543950335",
    "79228162514264337593543950336",
    "-79228162514264337593543950336",
    "0.0000000000000000000000000000001",
    "1.00000000000000000000000000000000000001",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775809",
    "18446744073709551615",
    "18446744073709551616",
    "2147483648",
    "-2147483649",
    "4294967296",
    "1e2147483648",
    "1e-2147483649",
    "1e9223372036854775808",
    "123456789012345678901234567890.123456789012345678901234567890",
    "-0",
    "-0.0",
    "0e0",
    "1E0",
    "1.5",
    "-1",
];

/// Texts that look like numbers but are not JSON numbers.
pub const BROKEN_NUMBERS: &[&str] = &[
    "NaN",
    "Infinity",
    "-Infinity",
    "00",
    "01",
    "1.",
    ".5",
    "+1",
    "0x10",
    "1e",
    "1e+",
    "-",
    "1_000",
    "1,5",
    "--1",
    "1e1e1",
    "١٢",
];

/// Bytes that are not UTF-8, or UTF-8 that encodes what JSON strings must not hold.
pub const INVALID_UTF8: &[&[u8]] = &[
    b"\xff",
    b"\xfe\xff",
    b"\xc3",
    b"\xc3\x28",
    b"\xe2\x82",
    b"\xf0\x9f\x98",
    b"\xed\xa0\x80",
    b"\xed\xbf\xbf",
    b"\xc0\xaf",
    b"\xe0\x80\xaf",
    b"\xf4\x90\x80\x80",
    b"\xf8\x88\x80\x80\x80",
    b"\x80",
    b"\xbf",
];

/// Escapes a JSON parser must refuse or handle: lone and swapped surrogates, short
/// `\u`, unknown escapes.
pub const BAD_ESCAPES: &[&str] = &[
    r#""\ud800""#,
    r#""\udc00""#,
    r#""\udc00\ud800""#,
    r#""\ud800x""#,
    r#""\ud83d\ude00""#,
    r#""\u00""#,
    r#""\uZZZZ""#,
    r#""\x41""#,
    r#""\""#,
    r#""\u0000""#,
];

/// Tokens for JSON-shaped noise.
pub const TOKENS: &[&str] = &[
    "{",
    "}",
    "[",
    "]",
    ",",
    ":",
    "\"",
    "\\",
    "null",
    "true",
    "false",
    "0",
    "-1",
    "1.5",
    "1e400",
    "\"data\"",
    "\"items\"",
    "\"Body\"",
    "\"errors\"",
    "\"Paywall\"",
    "\"Result\"",
    "\"ErrorCode\"",
    "\"message\"",
    "\"statusCode\"",
    "\"id\"",
    "\"x\"",
    " ",
    "\n",
    "\u{feff}",
    "\u{0}",
    "/*",
    "*/",
    "NaN",
    "'",
    "\"\\ud800\"",
];

/// One structural mutation: what to do, where (a node picked by index), and parameters.
#[derive(Clone, Debug)]
pub struct Mutation {
    kind: u8,
    at: Index,
    pick: Index,
    n: u32,
}

/// How many mutation kinds [`Mutation::apply`] knows.
const MUTATION_KINDS: u8 = 12;

impl Mutation {
    /// Applies the mutation to `doc`.
    pub fn apply(&self, doc: &mut Doc) {
        let paths = doc.paths();
        let path = paths[self.at.index(paths.len())].clone();
        match self.kind {
            0 => remove(doc, &path),
            1 => duplicate(doc, &path),
            2 => replace(doc, &path, |node| other_type(node, &self.pick)),
            3 => replace(doc, &path, |_| huge_number(&self.pick, self.n)),
            4 => replace(doc, &path, |node| deep(node, &self.pick, self.n)),
            5 => replace(doc, &path, |node| invalid_utf8(node, &self.pick, self.n)),
            6 => replace(doc, &path, |_| long_string(&self.pick, self.n)),
            7 => rename_key(doc, &path, &self.pick),
            8 => replace(doc, &path, restyle),
            9 => replace(doc, &path, |node| wrap(node, &self.pick)),
            10 => replace(doc, &path, |_| broken_number(&self.pick)),
            _ => insert_field(doc, &path, &self.pick, self.n),
        }
    }
}

fn parent_and_index<'a>(doc: &'a mut Doc, path: &[usize]) -> Option<(&'a mut Doc, usize)> {
    let (&last, parent) = path.split_last()?;
    Some((doc.at_mut(parent)?, last))
}

fn remove(doc: &mut Doc, path: &[usize]) {
    match parent_and_index(doc, path) {
        Some((Doc::Arr(items), i)) if i < items.len() => {
            items.remove(i);
        }
        Some((Doc::Obj(entries), i)) if i < entries.len() => {
            entries.remove(i);
        }
        Some(_) => {}
        None => *doc = Doc::Empty,
    }
}

fn duplicate(doc: &mut Doc, path: &[usize]) {
    match parent_and_index(doc, path) {
        Some((Doc::Arr(items), i)) if i < items.len() => {
            let copy = items[i].clone();
            items.insert(i + 1, copy);
        }
        Some((Doc::Obj(entries), i)) if i < entries.len() => {
            // The same key twice: first with another value, so a decoder that keeps the
            // first and one that keeps the last (or refuses) all see a difference.
            let (key, _) = entries[i].clone();
            entries.push((key, Doc::Num("0".into())));
            let copy = entries[i].clone();
            entries.push(copy);
        }
        Some(_) => {}
        None => {
            let copy = doc.clone();
            *doc = Doc::Raw([copy.to_bytes(), copy.to_bytes()].concat());
        }
    }
}

fn replace(doc: &mut Doc, path: &[usize], with: impl FnOnce(&Doc) -> Doc) {
    if let Some(node) = doc.at_mut(path) {
        let new = with(node);
        *node = new;
    }
}

fn other_type(node: &Doc, pick: &Index) -> Doc {
    let choices = [
        Doc::Null,
        Doc::Bool(false),
        Doc::Bool(true),
        Doc::Num("0".into()),
        Doc::Num("-1".into()),
        Doc::Num("1.5".into()),
        Doc::str(""),
        Doc::str("x"),
        Doc::Arr(Vec::new()),
        Doc::Obj(Vec::new()),
        Doc::Arr(vec![node.clone()]),
        Doc::Obj(vec![(b"k".to_vec(), node.clone())]),
        Doc::Str(node.to_bytes()),
    ];
    let same_kind = |d: &Doc| std::mem::discriminant(d) == std::mem::discriminant(node);
    let others: Vec<&Doc> = choices.iter().filter(|d| !same_kind(d)).collect();
    others[pick.index(others.len())].clone()
}

fn huge_number(pick: &Index, n: u32) -> Doc {
    let digits = 20 + (n as usize % 4000);
    let generated = [
        "9".repeat(digits),
        format!("1{}", "0".repeat(digits)),
        format!("0.{}1", "0".repeat(digits)),
        format!("1e{}", n),
        format!("-1e-{}", n),
        format!("{}.{}", "1".repeat(digits / 2), "9".repeat(digits / 2)),
    ];
    let i = pick.index(HUGE_NUMBERS.len() + generated.len());
    match HUGE_NUMBERS.get(i) {
        Some(text) => Doc::Num((*text).to_string()),
        None => Doc::Num(generated[i - HUGE_NUMBERS.len()].clone()),
    }
}

fn broken_number(pick: &Index) -> Doc {
    Doc::Raw(
        BROKEN_NUMBERS[pick.index(BROKEN_NUMBERS.len())]
            .as_bytes()
            .to_vec(),
    )
}

/// Depths around serde_json's recursion limit (128) and far beyond it.
const DEPTHS: &[usize] = &[2, 64, 126, 127, 128, 129, 130, 256, 1000, 5000, 10_000];

fn deep(node: &Doc, pick: &Index, n: u32) -> Doc {
    let kind = match pick.index(6) {
        0 | 3 => DeepKind::Arrays,
        1 | 4 => DeepKind::Objects,
        _ => DeepKind::Mixed,
    };
    let depth = match n % 3 {
        0 => DEPTHS[(n as usize / 3) % DEPTHS.len()],
        _ => 1 + (n as usize % 10_000),
    };
    let inner = if pick.index(2) == 0 {
        Box::new(node.clone())
    } else {
        Box::new(Doc::Null)
    };
    Doc::Deep {
        kind,
        depth,
        inner,
        closed: pick.index(5) != 0,
    }
}

fn invalid_utf8(node: &Doc, pick: &Index, n: u32) -> Doc {
    let bad_count = INVALID_UTF8.len();
    let i = pick.index(bad_count + BAD_ESCAPES.len());
    if i >= bad_count {
        return Doc::Raw(BAD_ESCAPES[i - bad_count].as_bytes().to_vec());
    }
    let bad = INVALID_UTF8[i];
    let mut bytes = match node {
        Doc::Str(bytes) => bytes.clone(),
        _ => b"text".to_vec(),
    };
    let at = n as usize % (bytes.len() + 1);
    bytes.splice(at..at, bad.iter().copied());
    Doc::Str(bytes)
}

fn long_string(pick: &Index, n: u32) -> Doc {
    let units = [
        &b"a"[..],
        "ş".as_bytes(),
        "€".as_bytes(),
        "😀".as_bytes(),
        b"\\u00e9",
        b"\\\"",
        b"\\n",
        b"0123456789",
        b" ",
    ];
    let unit = units[pick.index(units.len())];
    let target = 1 + (n as usize % 60_000);
    let count = target / unit.len() + 1;
    if unit.starts_with(b"\\") {
        // Escapes are written raw: the string holds the escape's meaning.
        let mut raw = b"\"".to_vec();
        raw.extend(unit.repeat(count));
        raw.push(b'"');
        Doc::Raw(raw)
    } else {
        Doc::Str(unit.repeat(count))
    }
}

fn rename_key(doc: &mut Doc, path: &[usize], pick: &Index) {
    let Some((Doc::Obj(entries), i)) = parent_and_index(doc, path) else {
        return;
    };
    let sibling = entries
        .get((i + 1) % entries.len().max(1))
        .map(|(k, _)| k.clone())
        .unwrap_or_default();
    let Some((key, _)) = entries.get_mut(i) else {
        return;
    };
    let text = String::from_utf8_lossy(key).into_owned();
    *key = match pick.index(7) {
        0 => text.to_uppercase().into_bytes(),
        1 => text.to_lowercase().into_bytes(),
        2 => Vec::new(),
        3 => sibling,
        4 => format!("{text}_").into_bytes(),
        5 => [key.as_slice(), b"\xff"].concat(),
        _ => format!(" {text}").into_bytes(),
    };
}

fn restyle(node: &Doc) -> Doc {
    match node {
        Doc::Num(text) => Doc::Str(text.clone().into_bytes()),
        Doc::Str(bytes) => {
            let text = String::from_utf8_lossy(bytes);
            if !text.is_empty() && text.chars().all(|c| c.is_ascii_digit() || c == '.') {
                Doc::Num(text.into_owned())
            } else {
                Doc::Num(format!("{}", bytes.len()))
            }
        }
        Doc::Bool(b) => Doc::str(if *b { "true" } else { "false" }),
        Doc::Null => Doc::str("null"),
        Doc::Arr(items) if items.len() == 1 => items[0].clone(),
        Doc::Arr(_) => Doc::Obj(Vec::new()),
        Doc::Obj(entries) => Doc::Arr(entries.iter().map(|(_, v)| v.clone()).collect()),
        other => other.clone(),
    }
}

fn wrap(node: &Doc, pick: &Index) -> Doc {
    let key = |k: &str| k.as_bytes().to_vec();
    match pick.index(6) {
        0 => Doc::Arr(vec![node.clone()]),
        1 => Doc::Obj(vec![(key("data"), node.clone())]),
        2 => Doc::Obj(vec![(key("Body"), node.clone())]),
        3 => Doc::Obj(vec![(key("items"), Doc::Arr(vec![node.clone()]))]),
        4 => Doc::Obj(vec![(key("Paywall"), node.clone())]),
        _ => Doc::Arr(vec![node.clone(), node.clone()]),
    }
}

fn insert_field(doc: &mut Doc, path: &[usize], pick: &Index, n: u32) {
    let target = match doc.at_mut(path) {
        Some(Doc::Obj(_)) => doc.at_mut(path),
        _ => match parent_and_index(doc, path) {
            Some((parent @ Doc::Obj(_), _)) => Some(parent),
            _ => None,
        },
    };
    if let Some(Doc::Obj(entries)) = target {
        let keys = [
            "data",
            "errors",
            "Body",
            "Result",
            "ErrorCode",
            "items",
            "Paywall",
            "message",
            "statusCode",
            "success",
            "unknownField",
            "",
        ];
        let key = keys[pick.index(keys.len())];
        let value = match n % 5 {
            0 => Doc::Null,
            1 => Doc::Num(n.to_string()),
            2 => Doc::str("x"),
            3 => Doc::Obj(Vec::new()),
            _ => Doc::Arr(vec![Doc::Null]),
        };
        let at = n as usize % (entries.len() + 1);
        entries.insert(at, (key.as_bytes().to_vec(), value));
    }
}

/// A byte-level change to an encoded document.
#[derive(Clone, Debug)]
pub struct ByteEdit {
    kind: u8,
    at: Index,
    len: u16,
    bytes: Vec<u8>,
}

impl ByteEdit {
    fn apply(&self, data: &mut Vec<u8>) {
        let at = self.at.index(data.len() + 1);
        match self.kind {
            // Truncation: the body cut short anywhere.
            0 => data.truncate(at),
            // One byte changed.
            1 => {
                if let Some(b) = data.get_mut(at) {
                    *b = self.bytes.first().copied().unwrap_or(0);
                }
            }
            // Bytes inserted.
            2 => {
                data.splice(at..at, self.bytes.iter().copied());
            }
            // A range removed.
            3 => {
                let end = (at + self.len as usize).min(data.len());
                data.drain(at..end);
            }
            // A JSON token inserted.
            _ => {
                let token = TOKENS[self.len as usize % TOKENS.len()].as_bytes();
                data.splice(at..at, token.iter().copied());
            }
        }
    }
}

/// How an input was made, with the bytes it came to.
#[derive(Clone)]
pub struct Input {
    /// How it was made (shown when a case fails).
    pub recipe: String,
    /// The bytes given to the decoder.
    pub bytes: Vec<u8>,
}

impl Input {
    fn new(recipe: String, mut bytes: Vec<u8>) -> Self {
        bytes.truncate(MAX_INPUT);
        Self { recipe, bytes }
    }
}

impl fmt::Debug for Input {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Input {{ {} bytes: {}, recipe: {} }}",
            self.bytes.len(),
            show(&self.bytes),
            self.recipe
        )
    }
}

/// Bytes shown as a Rust byte-string literal, shortened in the middle when long.
pub fn show(bytes: &[u8]) -> String {
    const KEEP: usize = 600;
    let escape = |b: &[u8]| -> String { b.escape_ascii().to_string() };
    if bytes.len() <= 2 * KEEP {
        format!("b\"{}\"", escape(bytes))
    } else {
        format!(
            "b\"{}\" ... ({} bytes) ... b\"{}\"",
            escape(&bytes[..KEEP]),
            bytes.len() - 2 * KEEP,
            escape(&bytes[bytes.len() - KEEP..])
        )
    }
}

fn mutation() -> impl Strategy<Value = Mutation> {
    (
        0..MUTATION_KINDS,
        any::<Index>(),
        any::<Index>(),
        any::<u32>(),
    )
        .prop_map(|(kind, at, pick, n)| Mutation { kind, at, pick, n })
}

fn byte_edit() -> impl Strategy<Value = ByteEdit> {
    (
        prop_oneof![3 => Just(0u8), 1 => Just(1u8), 1 => Just(2u8), 1 => Just(3u8), 2 => Just(4u8)],
        any::<Index>(),
        any::<u16>(),
        prop::collection::vec(any::<u8>(), 1..8),
    )
        .prop_map(|(kind, at, len, bytes)| ByteEdit {
            kind,
            at,
            len,
            bytes,
        })
}

/// Inputs for a decoder whose documented bodies are `seeds`: mutated seeds (most), random
/// bytes, and JSON-token noise.
pub fn inputs(seeds: Vec<(String, Doc)>) -> BoxedStrategy<Input> {
    assert!(!seeds.is_empty(), "a decoder needs at least one seed body");
    let seeds = std::sync::Arc::new(seeds);
    let count = seeds.len();
    let mutated = (
        0..count,
        prop::collection::vec(mutation(), 0..4),
        prop::collection::vec(byte_edit(), 0..3),
    )
        .prop_map(move |(seed, mutations, edits)| {
            let (name, doc) = &seeds[seed];
            let mut doc = doc.clone();
            for m in &mutations {
                m.apply(&mut doc);
            }
            let mut bytes = doc.to_bytes();
            for e in &edits {
                e.apply(&mut bytes);
            }
            Input::new(
                format!("seed {name}, mutations {mutations:?}, byte edits {edits:?}"),
                bytes,
            )
        });
    let random = prop::collection::vec(any::<u8>(), 0..2048)
        .prop_map(|bytes| Input::new("random bytes".into(), bytes));
    let noise = prop::collection::vec(0..TOKENS.len(), 0..96).prop_map(|picks| {
        let bytes = picks.iter().flat_map(|&i| TOKENS[i].bytes()).collect();
        Input::new("JSON-token noise".into(), bytes)
    });
    prop_oneof![8 => mutated, 1 => random, 1 => noise].boxed()
}

/// Deterministic inputs: every seed cut at every length; every node of every seed
/// replaced by deep nesting of arrays and of objects (10,000 levels at the root and its
/// children, 130 levels, past serde_json's limit of 128, further down), by each huge
/// number, and by invalid UTF-8.
pub fn exhaustive(seeds: &[(String, Doc)]) -> Vec<Input> {
    let mut out = Vec::new();
    for (name, doc) in seeds {
        let bytes = doc.to_bytes();
        for cut in 0..bytes.len() {
            out.push(Input::new(
                format!("seed {name} cut at {cut}"),
                bytes[..cut].to_vec(),
            ));
        }
        for path in doc.paths() {
            let depth = if path.len() <= 1 { 10_000 } else { 130 };
            for kind in [DeepKind::Arrays, DeepKind::Objects, DeepKind::Mixed] {
                let mut d = doc.clone();
                if let Some(node) = d.at_mut(&path) {
                    *node = Doc::Deep {
                        kind,
                        depth,
                        inner: Box::new(Doc::Null),
                        closed: true,
                    };
                }
                out.push(Input::new(
                    format!("seed {name}, node {path:?} nested {depth} deep ({kind:?})"),
                    d.to_bytes(),
                ));
            }
            let mut d = doc.clone();
            if let Some(node) = d.at_mut(&path) {
                *node = Doc::Str(b"\xff\xfe".to_vec());
            }
            out.push(Input::new(
                format!("seed {name}, node {path:?} invalid UTF-8"),
                d.to_bytes(),
            ));
        }
        // The most memory per input byte: arrays filled with empty objects (each one
        // struct of optional fields) or zeros, objects with thousands of unknown keys.
        let room = MAX_INPUT.saturating_sub(bytes.len() + 16);
        for path in doc.paths() {
            let mut probe = doc.clone();
            let fillers: Vec<(&str, Doc)> = match probe.at_mut(&path) {
                Some(Doc::Arr(_)) => ["{}", "0"]
                    .into_iter()
                    .map(|what| {
                        let item = if what == "0" {
                            Doc::Num("0".into())
                        } else {
                            Doc::Obj(Vec::new())
                        };
                        let count = room / (what.len() + 1);
                        (what, Doc::Arr(vec![item; count]))
                    })
                    .collect(),
                Some(Doc::Obj(entries)) if path.len() <= 1 => {
                    let mut entries = entries.clone();
                    let mut added = 0;
                    while added < room {
                        let key = format!("k{}", entries.len()).into_bytes();
                        added += key.len() + 5;
                        entries.push((key, Doc::Num("0".into())));
                    }
                    vec![("unknown keys", Doc::Obj(entries))]
                }
                _ => Vec::new(),
            };
            for (what, filler) in fillers {
                let mut d = doc.clone();
                if let Some(node) = d.at_mut(&path) {
                    *node = filler;
                }
                out.push(Input::new(
                    format!("seed {name}, node {path:?} filled with {what}"),
                    d.to_bytes(),
                ));
            }
        }
        for path in doc.number_paths() {
            for huge in HUGE_NUMBERS {
                let mut d = doc.clone();
                if let Some(node) = d.at_mut(&path) {
                    *node = Doc::Num((*huge).to_string());
                }
                out.push(Input::new(
                    format!("seed {name}, number {path:?} = {huge}"),
                    d.to_bytes(),
                ));
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn documents_write_what_values_cannot() {
        let doc = Doc::Obj(vec![
            (b"a".to_vec(), Doc::Num("1e400".into())),
            (b"a".to_vec(), Doc::Str(b"\xff\"".to_vec())),
        ]);
        assert_eq!(doc.to_bytes(), b"{\"a\":1e400,\"a\":\"\xff\\\"\"}");
        let deep = Doc::Deep {
            kind: DeepKind::Mixed,
            depth: 3,
            inner: Box::new(Doc::Null),
            closed: true,
        };
        assert_eq!(deep.to_bytes(), b"[{\"a\":[null]}]");
    }
}
