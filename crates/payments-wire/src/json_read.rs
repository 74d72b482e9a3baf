//! [`from_json_slice`]: JSON read as `serde_json::from_slice` reads it, with the integer
//! codes of open enums tried first as plain integers.
//!
//! An `int` open enum accepts any JSON value (a code, a string holding one, anything
//! else kept as its text), so by default it reads each value's JSON text and interprets
//! it. That costs serde_json a skip, a UTF-8 check and a map handshake per value (about
//! a fifth of decoding a Paywall bulk page). Inside [`from_json_slice`] each code is first
//! asked of the deserializer as an integer, which is what every provider sends; a value
//! that is not one marks the read as missed, and the whole input is read again the
//! default way. Either way the result is the one the default reading gives.

use std::cell::Cell;

use serde::Deserialize;

/// How the open enums of the read under way take their integer codes.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Codes {
    /// Each value's JSON text is read and interpreted: any value is accepted. The default.
    AsText,
    /// Each value is asked of the deserializer as an integer (`from_json_slice`'s first
    /// pass).
    AsInteger,
    /// As `AsInteger`, and a value was not an integer: the pass is done again as text.
    Missed,
}

thread_local! {
    /// The reading of the codes in this thread. Decoding is synchronous, so no other task
    /// sees a `from_json_slice`'s mode; a read nested inside its first pass on the same
    /// thread (a `Deserialize` impl that reads some text again, e.g. Paywall's enveloped
    /// `Body`) shares it, and a miss there has the outermost input read again.
    static CODES: Cell<Codes> = const { Cell::new(Codes::AsText) };
}

/// Whether the read under way asks for codes as integers first (and, if so, reports
/// with [`missed_integer`] a value that was not one).
#[inline]
pub(crate) fn integers_first() -> bool {
    CODES.get() != Codes::AsText
}

/// Records that a code asked for as an integer was not one: the read is done again.
#[inline]
pub(crate) fn missed_integer() {
    CODES.set(Codes::Missed);
}

/// Puts the mode back as it was before a read, also when the read panics.
struct Restore(Codes);

impl Drop for Restore {
    fn drop(&mut self) {
        CODES.set(self.0);
    }
}

/// Decodes `bytes` as `serde_json::from_slice` does, giving the same value or error, with
/// the integer codes of [`open_enum!`](crate::open_enum) types read on a fast path first:
/// as plain integers, with no copy of their text. An input where one is anything else
/// (a string, a fraction, an object) is read a second time, the default way. The
/// generated clients read every success answer with it.
///
/// ```
/// payments_wire::open_enum! {
///     /// A status code.
///     pub enum Status: int { Paid = 1 }
/// }
/// #[derive(serde::Deserialize)]
/// struct Payment {
///     status: Status,
/// }
/// let paid: Payment = payments_wire::from_json_slice(br#"{"status": 1}"#)?;
/// assert_eq!(paid.status, Status::Paid);
/// let odd: Payment = payments_wire::from_json_slice(br#"{"status": "1.5"}"#)?;
/// assert_eq!(odd.status, Status::Unknown("1.5".into()));
/// # Ok::<(), serde_json::Error>(())
/// ```
pub fn from_json_slice<'a, T: Deserialize<'a>>(bytes: &'a [u8]) -> serde_json::Result<T> {
    let _restore = Restore(CODES.replace(Codes::AsInteger));
    let first = serde_json::from_slice(bytes);
    if CODES.get() != Codes::Missed {
        return first;
    }
    drop(first);
    CODES.set(Codes::AsText);
    serde_json::from_slice(bytes)
}

#[cfg(test)]
mod tests {
    use std::cell::Cell;

    use serde::Deserialize;

    use super::from_json_slice;
    use crate::enum_serde::int_code;

    thread_local! {
        /// How many times a `Probe` was read in this thread.
        static READS: Cell<u32> = const { Cell::new(0) };
    }

    /// An integer code that counts its reads.
    #[derive(Debug, PartialEq)]
    struct Probe(Result<i64, String>);

    impl<'de> Deserialize<'de> for Probe {
        fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            READS.set(READS.get() + 1);
            int_code(d, Ok, Err).map(Probe)
        }
    }

    #[derive(Debug, Deserialize, PartialEq)]
    struct Payment {
        code: Option<Probe>,
        amount: i64,
    }

    /// The value read by `from_json_slice` and the number of passes it took, checked
    /// against the default reading.
    fn read(json: &str) -> (serde_json::Result<Vec<Payment>>, u32) {
        let plain = serde_json::from_str::<Vec<Payment>>(json);
        READS.set(0);
        let fast = from_json_slice::<Vec<Payment>>(json.as_bytes());
        let reads = READS.get();
        match (&fast, &plain) {
            (Ok(fast), Ok(plain)) => assert_eq!(fast, plain, "{json}"),
            (Err(fast), Err(plain)) => assert_eq!(fast.to_string(), plain.to_string(), "{json}"),
            _ => panic!("{json}: {fast:?} but {plain:?}"),
        }
        (fast, reads)
    }

    #[test]
    fn integers_are_read_in_one_pass() {
        let json = r#"[{"code": 7, "amount": 110}, {"code": null, "amount": 2},
            {"code": -3, "amount": 1}, {"code": 9223372036854775807, "amount": 5}]"#;
        let (payments, reads) = read(json);
        let codes: Vec<_> = payments.unwrap().into_iter().map(|p| p.code).collect();
        assert_eq!(
            codes,
            [Some(Ok(7)), None, Some(Ok(-3)), Some(Ok(i64::MAX))].map(|c| c.map(Probe))
        );
        assert_eq!(reads, 3, "one read per code, no second pass");
    }

    #[test]
    fn anything_else_is_read_again_as_text_with_the_same_result() {
        for (odd, want) in [
            ("\"42\"", Ok(42)),
            ("\"paid\"", Err("paid")),
            ("1.50", Err("1.50")),
            ("-0", Ok(0)),
            ("9223372036854775808", Err("9223372036854775808")),
            ("true", Err("true")),
            ("[1, 2]", Err("[1,2]")),
            ("{\"a\": 1}", Err("{\"a\":1}")),
        ] {
            let json = format!(r#"[{{"code": 1, "amount": 1}}, {{"code": {odd}, "amount": 2}}]"#);
            let (payments, reads) = read(&json);
            let second = payments.unwrap().pop().unwrap();
            assert_eq!(
                second.code,
                Some(Probe(want.map_err(str::to_string))),
                "{odd}"
            );
            // "-0" is the one integer serde_json hands over as a float.
            assert_eq!(reads, 4, "{odd}: two codes, read twice");
        }
    }

    #[test]
    fn errors_are_the_default_readings_and_the_mode_is_put_back() {
        let (result, _) = read(r#"[{"code": 1, "amount": 2}]"#);
        assert!(result.is_ok());
        assert!(!super::integers_first(), "the default again after a read");
        let (result, reads) = read(r#"[{"code": 1, "amount": "x"}]"#);
        assert!(result.is_err());
        assert_eq!(reads, 1, "an error that is not a code's is not read again");
        assert!(!super::integers_first());
        let (result, reads) = read(r#"[{"code": "a", "amount": "x"}]"#);
        assert!(result.is_err());
        assert_eq!(reads, 2);
    }

    /// A `Deserialize` impl that panics: the mode is put back as the panic unwinds.
    #[test]
    fn the_mode_is_put_back_when_a_read_panics() {
        struct Panics;
        impl<'de> Deserialize<'de> for Panics {
            fn deserialize<D: serde::Deserializer<'de>>(_: D) -> Result<Self, D::Error> {
                assert!(super::integers_first(), "inside the first pass");
                panic!("a decoding that panics");
            }
        }
        let read = std::panic::catch_unwind(|| from_json_slice::<Panics>(b"1").is_ok());
        assert!(read.is_err());
        assert!(!super::integers_first());
    }

    /// A read inside another's first pass: the inner read's miss is its own (read again
    /// in place), and the outer read's mode is what it was after it.
    #[test]
    fn nested_reads_keep_the_outer_mode() {
        #[derive(Debug, PartialEq)]
        struct Inner(Vec<Payment>);
        impl<'de> Deserialize<'de> for Inner {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                use serde::de::Error as _;
                let text = String::deserialize(d)?;
                let payments = from_json_slice(text.as_bytes()).map_err(D::Error::custom)?;
                assert!(
                    super::integers_first(),
                    "the outer read's first pass goes on"
                );
                Ok(Inner(payments))
            }
        }
        #[derive(Debug, Deserialize, PartialEq)]
        struct Outer {
            inner: Inner,
            code: Probe,
        }
        READS.set(0);
        let json = r#"{"inner": "[{\"code\": \"7\", \"amount\": 1}]", "code": 3}"#;
        let outer: Outer = from_json_slice(json.as_bytes()).unwrap();
        assert_eq!(outer.inner.0[0].code, Some(Probe(Ok(7))));
        assert_eq!(outer.code, Probe(Ok(3)));
        assert_eq!(READS.get(), 3, "the inner code read twice, the outer once");
        assert!(!super::integers_first());
    }

    /// A code inside an untagged enum: serde buffers the value and tries each variant, so
    /// a code that fails as an integer would fall through to the next variant; the miss is
    /// still seen and the default reading wins.
    #[test]
    fn a_miss_swallowed_by_an_untagged_enum_still_reads_again() {
        #[derive(Debug, Deserialize, PartialEq)]
        #[serde(untagged)]
        enum Either {
            Code(Probe),
            Text(String),
        }
        READS.set(0);
        let read: Vec<Either> = from_json_slice(br#"[5, "5", "x"]"#).unwrap();
        let plain: Vec<Either> = serde_json::from_slice(br#"[5, "5", "x"]"#).unwrap();
        assert_eq!(read, plain);
        assert_eq!(read[1], Either::Code(Probe(Ok(5))));
        assert!(READS.get() > 3, "read again");
    }
}
