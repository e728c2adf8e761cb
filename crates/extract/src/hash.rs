//! Stable 64-bit hashing for model features and dictionary keys.
//!
//! In: bytes. Out: `u64`. Rule: FNV-1a over bytes, finished by a SplitMix64 mix; stable across
//! platforms and releases, because committed model files store these hashes.

pub const FNV_OFFSET: u64 = 0xcbf2_9ce4_8422_2325;
const FNV_PRIME: u64 = 0x0000_0100_0000_01b3;

#[inline]
pub fn fnv_step(h: u64, b: u8) -> u64 {
    (h ^ b as u64).wrapping_mul(FNV_PRIME)
}

#[inline]
pub fn fnv(bytes: &[u8]) -> u64 {
    bytes.iter().fold(FNV_OFFSET, |h, &b| fnv_step(h, b))
}

#[inline]
pub fn mix(mut z: u64) -> u64 {
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// Combines two hashes (order matters).
#[inline]
pub fn combine(a: u64, b: u64) -> u64 {
    mix(a.rotate_left(17) ^ b.wrapping_mul(0x9e37_79b9_7f4a_7c15))
}

/// The hash of a string, lower-cased (Unicode-aware, allocation-free for ASCII).
pub fn lower_hash(s: &str) -> u64 {
    let mut h = FNV_OFFSET;
    if s.is_ascii() {
        for b in s.bytes() {
            h = fnv_step(h, b.to_ascii_lowercase());
        }
    } else {
        let mut buf = [0u8; 4];
        for c in s.chars().flat_map(char::to_lowercase) {
            for &b in c.encode_utf8(&mut buf).as_bytes() {
                h = fnv_step(h, b);
            }
        }
    }
    mix(h)
}

/// The start of [`phrase_hash`]'s fold, for callers that already have the words' hashes.
pub const PHRASE_SEED: u64 = 0x5151;

/// The hash of a sequence of lower-cased words, as used for dictionary keys (`"new york"`):
/// `combine(…combine(PHRASE_SEED, lower_hash(w1))…, lower_hash(wn))`.
pub fn phrase_hash<'a>(words: impl IntoIterator<Item = &'a str>) -> u64 {
    words.into_iter().fold(PHRASE_SEED, |acc, w| combine(acc, lower_hash(w)))
}
