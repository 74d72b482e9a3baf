//! A JSON array read with a length known in advance: [`PresizedSeed`] reads a value whose
//! sequence reader tells the sequence's reader how many elements to expect (serde's `size_hint`), so that a
//! `Vec` is allocated once instead of grown and copied as it fills. The hint only sizes
//! the allocation (serde caps what it takes on trust at 1 MiB); the elements read are the
//! array's, however many there are. Everything but a sequence is read as without it.

use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, SeqAccess, Visitor};

/// A value deserializer that presizes the sequence it reads to `len` elements.
struct Presized<D> {
    inner: D,
    len: usize,
}

/// A seed read through [`Presized`].
pub(crate) struct PresizedSeed<S> {
    /// The value's own seed.
    pub(crate) seed: S,
    /// The elements expected.
    pub(crate) len: usize,
}

impl<'de, S: DeserializeSeed<'de>> DeserializeSeed<'de> for PresizedSeed<S> {
    type Value = S::Value;

    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<S::Value, D::Error> {
        self.seed.deserialize(Presized {
            inner: d,
            len: self.len,
        })
    }
}

/// The visitor of a presized sequence.
struct Expecting<V> {
    visitor: V,
    len: usize,
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Expecting<V> {
    type Value = V::Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.visitor.expecting(f)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<V::Value, A::Error> {
        self.visitor.visit_seq(Hinted {
            seq,
            left: self.len,
        })
    }
}

/// A sequence whose size hint is the elements still expected.
struct Hinted<A> {
    seq: A,
    left: usize,
}

impl<'de, A: SeqAccess<'de>> SeqAccess<'de> for Hinted<A> {
    type Error = A::Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, A::Error> {
        self.left = self.left.saturating_sub(1);
        self.seq.next_element_seed(seed)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.left)
    }
}

/// Forwards the methods that take only a visitor.
macro_rules! forward {
    ($($method:ident)*) => {$(
        fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
            self.inner.$method(visitor)
        }
    )*};
}

impl<'de, D: Deserializer<'de>> Deserializer<'de> for Presized<D> {
    type Error = D::Error;

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, D::Error> {
        self.inner.deserialize_seq(Expecting {
            visitor,
            len: self.len,
        })
    }

    forward! {
        deserialize_any deserialize_bool deserialize_i8 deserialize_i16 deserialize_i32
        deserialize_i64 deserialize_i128 deserialize_u8 deserialize_u16 deserialize_u32
        deserialize_u64 deserialize_u128 deserialize_f32 deserialize_f64 deserialize_char
        deserialize_str deserialize_string deserialize_bytes deserialize_byte_buf
        deserialize_option deserialize_unit deserialize_map deserialize_identifier
        deserialize_ignored_any
    }

    fn deserialize_unit_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.inner.deserialize_unit_struct(name, visitor)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.inner.deserialize_newtype_struct(name, visitor)
    }

    fn deserialize_tuple<V: Visitor<'de>>(
        self,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.inner.deserialize_tuple(len, visitor)
    }

    fn deserialize_tuple_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        len: usize,
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.inner.deserialize_tuple_struct(name, len, visitor)
    }

    fn deserialize_struct<V: Visitor<'de>>(
        self,
        name: &'static str,
        fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.inner.deserialize_struct(name, fields, visitor)
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, D::Error> {
        self.inner.deserialize_enum(name, variants, visitor)
    }

    fn is_human_readable(&self) -> bool {
        self.inner.is_human_readable()
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::*;

    /// A sequence's elements with the size hint it was read with.
    #[derive(Debug, PartialEq)]
    struct Seen {
        hint: Option<usize>,
        items: Vec<u8>,
    }

    impl<'de> Deserialize<'de> for Seen {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            struct V;
            impl<'de> Visitor<'de> for V {
                type Value = Seen;
                fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                    f.write_str("a list of small numbers")
                }
                fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Seen, A::Error> {
                    let hint = seq.size_hint();
                    let mut items = Vec::new();
                    while let Some(item) = seq.next_element()? {
                        items.push(item);
                    }
                    Ok(Seen { hint, items })
                }
            }
            d.deserialize_seq(V)
        }
    }

    fn read<'de, T: Deserialize<'de>>(json: &'de str, len: usize) -> Result<T, String> {
        let mut de = serde_json::Deserializer::from_str(json);
        PresizedSeed {
            seed: std::marker::PhantomData::<T>,
            len,
        }
        .deserialize(&mut de)
        .map_err(|e| e.to_string())
    }

    #[test]
    fn a_sequence_is_hinted_and_read_whole_whatever_its_length() {
        let seen: Seen = read("[1, 2, 3]", 1000).unwrap();
        assert_eq!(seen.hint, Some(1000));
        assert_eq!(seen.items, [1, 2, 3]);
        let seen: Seen = read("[1, 2, 3]", 1).unwrap();
        assert_eq!(seen.items, [1, 2, 3]);
        let v: Vec<u8> = read("[]", 5).unwrap();
        assert!(v.is_empty());
        let v: Vec<u8> = read("[7, 8]", 2).unwrap();
        assert!(v.capacity() >= 2 && v == [7, 8]);
    }

    /// Whether the deserializer a value was read from is human readable.
    struct Readable(bool);

    impl<'de> Deserialize<'de> for Readable {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            let readable = d.is_human_readable();
            serde::de::IgnoredAny::deserialize(d)?;
            Ok(Readable(readable))
        }
    }

    /// A deserializer of `()` that says it is not human readable.
    struct Compact;

    impl<'de> Deserializer<'de> for Compact {
        type Error = serde::de::value::Error;
        fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Self::Error> {
            visitor.visit_unit()
        }
        fn is_human_readable(&self) -> bool {
            false
        }
        serde::forward_to_deserialize_any! {
            bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string bytes byte_buf
            option unit unit_struct newtype_struct seq tuple tuple_struct map struct enum
            identifier ignored_any
        }
    }

    #[test]
    fn the_inner_deserializer_says_whether_it_is_human_readable() {
        let seed = || PresizedSeed {
            seed: std::marker::PhantomData::<Readable>,
            len: 1,
        };
        assert!(!seed().deserialize(Compact).unwrap().0);
        let mut json = serde_json::Deserializer::from_str("[1]");
        assert!(seed().deserialize(&mut json).unwrap().0);
    }

    #[test]
    fn other_values_and_errors_read_as_without_it() {
        let n: Option<u32> = read("null", 3).unwrap();
        assert_eq!(n, None);
        let m: std::collections::BTreeMap<String, u8> = read(r#"{"a": 1}"#, 3).unwrap();
        assert_eq!(m["a"], 1);
        let s: String = read(r#""x""#, 3).unwrap();
        assert_eq!(s, "x");
        for bad in ["null", "{}", "[1, \"a\"]"] {
            let plain = serde_json::from_str::<Vec<u8>>(bad)
                .unwrap_err()
                .to_string();
            assert_eq!(read::<Vec<u8>>(bad, 3).unwrap_err(), plain, "{bad}");
        }
    }
}
