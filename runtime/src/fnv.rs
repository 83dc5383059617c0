//! FNV-1a, the one hash the runtime uses: open enums find a decoded value's variant by it (the
//! known values' hashes are `const`), and a multipart body derives its boundary from its parts
//! by it. Neither needs resistance to chosen inputs: a collision only falls through to a text
//! comparison, or is checked against the body.

/// The 64-bit FNV offset basis: the hash of no bytes.
pub(crate) const OFFSET: u64 = 0xcbf2_9ce4_8422_2325;

/// `hash` continued over `bytes`; `fnv1a(OFFSET, b)` is the FNV-1a hash of `b`.
pub(crate) const fn fnv1a(mut hash: u64, bytes: &[u8]) -> u64 {
    let mut i = 0;
    while i < bytes.len() {
        hash ^= bytes[i] as u64;
        hash = hash.wrapping_mul(0x0000_0100_0000_01b3);
        i += 1;
    }
    hash
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_vectors_and_continuation() {
        // The reference vectors of the FNV specification.
        assert_eq!(fnv1a(OFFSET, b""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(fnv1a(OFFSET, b"a"), 0xaf63_dc4c_8601_ec8c);
        assert_eq!(fnv1a(OFFSET, b"foobar"), 0x8594_4171_f739_67e8);
        assert_eq!(
            fnv1a(fnv1a(OFFSET, b"foo"), b"bar"),
            fnv1a(OFFSET, b"foobar")
        );
    }
}
