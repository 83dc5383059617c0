//! The text inside the string-format types, kept in the value itself when it is short.
//!
//! Most values of these formats are short: a decimal such as `0.0825`, a date, a timestamp
//! without fractions. Stored inline, decoding one costs no allocation and dropping it no free,
//! which is a large share of decoding a body that holds many of them (a list of tax rates).
//! The type is as large as a `String` (24 bytes on 64-bit targets).

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};

/// The longest text kept inline: what fits beside the length and the enum's tag in 24 bytes.
const INLINE: usize = 22;

/// Text that is inline up to [`INLINE`] bytes and on the heap beyond. Compared, ordered,
/// hashed and printed as the `str` it holds, whichever way it is stored.
#[derive(Clone)]
pub(crate) enum ShortText {
    Inline { len: u8, bytes: [u8; INLINE] },
    Heap(Box<str>),
}

impl ShortText {
    pub(crate) fn new(text: &str) -> Self {
        match u8::try_from(text.len()) {
            Ok(len) if text.len() <= INLINE => ShortText::Inline {
                len,
                bytes: inline_bytes(text.as_bytes()),
            },
            _ => ShortText::Heap(text.into()),
        }
    }

    pub(crate) fn as_str(&self) -> &str {
        match self {
            ShortText::Inline { len, bytes } => {
                let stored = &bytes[..usize::from(*len)];
                // The bytes are a whole `&str` copied by `new`, so this is always `Ok`; the
                // fallback keeps the function total without `unsafe`.
                std::str::from_utf8(stored).unwrap_or_else(|error| {
                    std::str::from_utf8(&stored[..error.valid_up_to()]).unwrap_or_default()
                })
            }
            ShortText::Heap(text) => text,
        }
    }
}

/// The inline buffer for `text` (at most [`INLINE`] bytes), zero after the text.
///
/// Built in three machine words from whole-word loads (overlapping at the ends) and written
/// with fixed-size stores. Copying a variable length (`bytes[..len].copy_from_slice`) calls
/// `memcpy` and writes the buffer in pieces that the next move of the value reads back whole,
/// which the processor cannot forward: on a body of 50 short decimals that measured 15-20 %
/// slower (same run, interleaved), though it executes fewer instructions.
fn inline_bytes(text: &[u8]) -> [u8; INLINE] {
    let n = text.len();
    // A load that ends at the text's end overlaps bytes already loaded; shifting it right by
    // the overlap leaves only the new bytes, at their place in the next word.
    let (a, b, c) = match n {
        0 => (0, 0, 0),
        1..=3 => {
            let first = u64::from(text[0]);
            let middle = u64::from(text[n / 2]) << (8 * (n / 2));
            let last = u64::from(text[n - 1]) << (8 * (n - 1));
            (first | middle | last, 0, 0)
        }
        4..=7 => (head4(text) | last4(text) << (8 * (n - 4)), 0, 0),
        8 => (head8(text), 0, 0),
        9..=15 => (head8(text), last8(text) >> (8 * (16 - n)), 0),
        16 => (head8(text), head8(&text[8..]), 0),
        _ => (
            head8(text),
            head8(&text[8..]),
            last8(text) >> (8 * (24 - n.min(INLINE))),
        ),
    };
    let mut bytes = [0; INLINE];
    bytes[..8].copy_from_slice(&a.to_le_bytes());
    bytes[8..16].copy_from_slice(&b.to_le_bytes());
    bytes[16..].copy_from_slice(&c.to_le_bytes()[..INLINE - 16]);
    bytes
}

/// The first eight bytes as a little-endian word (0 when there are fewer).
fn head8(text: &[u8]) -> u64 {
    text.first_chunk::<8>()
        .map_or(0, |w| u64::from_le_bytes(*w))
}

/// The last eight bytes as a little-endian word (0 when there are fewer).
fn last8(text: &[u8]) -> u64 {
    text.last_chunk::<8>().map_or(0, |w| u64::from_le_bytes(*w))
}

/// The last four bytes as a little-endian word (0 when there are fewer).
fn last4(text: &[u8]) -> u64 {
    text.last_chunk::<4>()
        .map_or(0, |w| u64::from(u32::from_le_bytes(*w)))
}

/// The first four bytes as a little-endian word (0 when there are fewer).
fn head4(text: &[u8]) -> u64 {
    text.first_chunk::<4>()
        .map_or(0, |w| u64::from(u32::from_le_bytes(*w)))
}

impl From<String> for ShortText {
    /// Copies short text inline (the `String`'s buffer is freed); keeps long text's buffer.
    fn from(text: String) -> Self {
        if text.len() <= INLINE {
            ShortText::new(&text)
        } else {
            ShortText::Heap(text.into_boxed_str())
        }
    }
}

impl fmt::Debug for ShortText {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl PartialEq for ShortText {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl Eq for ShortText {}

impl PartialOrd for ShortText {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for ShortText {
    fn cmp(&self, other: &Self) -> Ordering {
        self.as_str().cmp(other.as_str())
    }
}

impl Hash for ShortText {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.as_str().hash(state);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::hash_map::DefaultHasher;

    fn hash_of(value: &impl Hash) -> u64 {
        let mut hasher = DefaultHasher::new();
        value.hash(&mut hasher);
        hasher.finish()
    }

    #[test]
    fn keeps_text_of_every_length_and_stores_short_text_inline() {
        for text in [
            "",
            "0",
            "0.0825",
            "2026-01-15",
            "é1234567890123456789",
            "x".repeat(22).as_str(),
        ] {
            let short = ShortText::new(text);
            assert!(matches!(short, ShortText::Inline { .. }), "{text}");
            assert_eq!(short.as_str(), text);
            assert_eq!(ShortText::from(text.to_string()).as_str(), text);
        }
        for text in ["x".repeat(23), "20.123456789012345678901234".to_string()] {
            let long = ShortText::new(&text);
            assert!(matches!(long, ShortText::Heap(_)), "{text}");
            assert_eq!(long.as_str(), text);
            assert_eq!(ShortText::from(text.clone()).as_str(), text);
        }
    }

    #[test]
    fn inline_text_of_every_length_keeps_each_byte_in_place() {
        let source: Vec<u8> = (b'a'..).take(INLINE + 1).collect();
        for n in 0..=INLINE {
            let text = std::str::from_utf8(&source[..n]).unwrap_or_default();
            match ShortText::new(text) {
                ShortText::Inline { len, bytes } => {
                    assert_eq!(usize::from(len), n);
                    assert_eq!(&bytes[..n], text.as_bytes(), "length {n}");
                    assert!(bytes[n..].iter().all(|&b| b == 0), "length {n}: zero after");
                }
                ShortText::Heap(_) => panic!("length {n} is inline"),
            }
        }
    }

    #[test]
    fn compares_orders_and_hashes_as_its_text_whatever_the_storage() {
        let inline = ShortText::new("b");
        let heap = ShortText::new(&"a".repeat(30));
        assert!(heap < inline, "ordered as text, not by storage");
        assert_eq!(
            inline.cmp(&ShortText::from("b".to_string())),
            Ordering::Equal
        );
        assert_eq!(hash_of(&inline), hash_of(&"b"));
        assert_eq!(hash_of(&heap), hash_of(&"a".repeat(30).as_str()));
        assert_eq!(format!("{inline:?}"), "\"b\"");
    }
}
