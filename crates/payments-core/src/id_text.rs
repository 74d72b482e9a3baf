//! [`IdText`]: the text of an identifier, kept inline when it is short.
//!
//! Provider ids are mostly numbers of up to 20 characters; kept inline, reading a page of
//! payments does not allocate a string per id.

use std::cmp::Ordering;
use std::fmt::{self, Write as _};
use std::hash::{Hash, Hasher};

/// The longest text kept inline (an `i64` takes at most 20 characters).
const INLINE: usize = 22;

/// An identifier's text: inline up to [`INLINE`] bytes, on the heap beyond.
#[derive(Clone)]
pub(crate) enum IdText {
    /// Short text: the first `len` bytes of `bytes`, always UTF-8 (copied from a `str`).
    Inline { len: u8, bytes: [u8; INLINE] },
    /// Longer text.
    Heap(String),
}

/// Writes into an inline buffer; fails when the text does not fit.
struct InlineWriter {
    len: usize,
    bytes: [u8; INLINE],
}

impl fmt::Write for InlineWriter {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let end = self.len + s.len();
        let to = self.bytes.get_mut(self.len..end).ok_or(fmt::Error)?;
        to.copy_from_slice(s.as_bytes());
        self.len = end;
        Ok(())
    }
}

impl InlineWriter {
    fn new() -> Self {
        Self {
            len: 0,
            bytes: [0; INLINE],
        }
    }

    fn finish(self) -> IdText {
        IdText::Inline {
            // At most INLINE (22): always fits a u8.
            len: self.len as u8,
            bytes: self.bytes,
        }
    }
}

impl IdText {
    /// Copies `text`.
    pub(crate) fn new(text: &str) -> Self {
        let mut inline = InlineWriter::new();
        match inline.write_str(text) {
            Ok(()) => inline.finish(),
            Err(_) => Self::Heap(text.to_string()),
        }
    }

    /// Takes `text`, moved inline when it is short.
    pub(crate) fn from_string(text: String) -> Self {
        if text.len() <= INLINE {
            Self::new(&text)
        } else {
            Self::Heap(text)
        }
    }

    /// The decimal text of `n` (no formatting machinery: this runs once per id of a page);
    /// always inline (an `i64` takes at most 20 characters).
    pub(crate) fn integer(n: i64) -> Self {
        Self::new(itoa::Buffer::new().format(n))
    }

    /// The text.
    pub(crate) fn as_str(&self) -> &str {
        match self {
            Self::Inline { len, bytes } => bytes
                .get(..usize::from(*len))
                .and_then(|b| std::str::from_utf8(b).ok())
                .unwrap_or_default(),
            Self::Heap(text) => text,
        }
    }
}

impl PartialEq for IdText {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for IdText {}

impl PartialOrd for IdText {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for IdText {
    fn cmp(&self, other: &Self) -> Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl Hash for IdText {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

impl fmt::Debug for IdText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl serde::Serialize for IdText {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

impl<'de> serde::Deserialize<'de> for IdText {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        payments_wire::Text::deserialize(d).map(|text| Self::new(text.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::hash_map::DefaultHasher;

    fn hash(id: &IdText) -> u64 {
        let mut h = DefaultHasher::new();
        id.hash(&mut h);
        h.finish()
    }

    #[test]
    fn short_texts_stay_inline_and_every_text_is_kept() {
        let long = "x".repeat(INLINE + 1);
        let exact = "y".repeat(INLINE);
        for text in ["", "7", "2094937", "ü€𝄞", exact.as_str(), long.as_str()] {
            let a = IdText::new(text);
            let b = IdText::from_string(text.to_string());
            assert_eq!(a.as_str(), text);
            assert_eq!(b.as_str(), text);
            assert_eq!(a, b);
            assert_eq!(hash(&a), hash(&b));
            assert_eq!(
                matches!(a, IdText::Inline { .. }),
                text.len() <= INLINE,
                "{text}"
            );
            assert_eq!(format!("{a:?}"), format!("{text:?}"));
        }
        assert!(IdText::new("10") < IdText::new("9"), "ordered as text");
    }

    #[test]
    fn numbers_are_written_inline() {
        for n in [
            0,
            7,
            10,
            -1,
            -10,
            2_094_937,
            i64::MAX,
            i64::MIN,
            i64::MIN + 1,
        ] {
            let id = IdText::integer(n);
            assert_eq!(id.as_str(), n.to_string());
            assert!(matches!(id, IdText::Inline { .. }));
        }
    }

    #[test]
    fn serde_reads_and_writes_a_string() {
        let id: IdText = serde_json::from_str("\"a\\\"b\"").unwrap();
        assert_eq!(id.as_str(), "a\"b");
        assert_eq!(serde_json::to_string(&id).unwrap(), "\"a\\\"b\"");
        assert!(serde_json::from_str::<IdText>("7").is_err());
    }
}
