//! The licence text index the build script derives from the `spdx` crate's store (hashes and
//! counts only; see `build.rs` for the layout), read in place from the binary.

use std::sync::LazyLock;

static BYTES: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/licence-index.bin"));
const MAGIC: u32 = u32::from_le_bytes(*b"OLI1");

/// The index, checked once.
pub static INDEX: LazyLock<Option<Index>> = LazyLock::new(|| Index::read(BYTES));

/// What a text of the index is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// A licence's full text.
    Licence,
    /// A licence's standard header (the notice put at the top of files).
    Header,
}

/// A view of the index's arrays.
pub struct Index {
    totals: U32s,
    kinds: U32s,
    name_offsets: U32s,
    buckets: U32s,
    keys: U32s,
    starts: U32s,
    postings: U32s,
    names: &'static [u8],
    bits: u32,
}

/// A little-endian `u32` array inside the embedded bytes.
#[derive(Clone, Copy)]
struct U32s(&'static [u8]);

impl U32s {
    /// Element `i`; 0 past the end (the build script writes offsets within their arrays).
    fn get(self, i: usize) -> u32 {
        self.0.get(4 * i..4 * i + 4).map_or(0, |b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
    }

    fn len(self) -> usize {
        self.0.len() / 4
    }
}

impl Index {
    fn read(bytes: &'static [u8]) -> Option<Index> {
        let mut rest = bytes;
        let mut take = |n: usize| -> Option<U32s> {
            let (head, tail) = rest.split_at_checked(n.checked_mul(4)?)?;
            rest = tail;
            Some(U32s(head))
        };
        let header = take(6)?;
        let n = |i| header.get(i) as usize;
        if header.get(0) != MAGIC || header.get(4) >= 32 {
            return None;
        }
        let (texts, keys, postings, bits) = (n(1), n(2), n(3), header.get(4));
        Some(Index {
            totals: take(texts)?,
            kinds: take(texts)?,
            name_offsets: take(texts + 1)?,
            buckets: take((1 << bits) + 1)?,
            keys: take(keys)?,
            starts: take(keys + 1)?,
            postings: take(postings)?,
            names: rest.get(..n(5))?,
            bits,
        })
    }

    /// How many texts the index holds.
    pub fn len(&self) -> usize {
        self.totals.len()
    }

    /// How many word pairs text `t` has.
    pub fn total(&self, t: usize) -> u32 {
        self.totals.get(t)
    }

    /// The SPDX id of text `t`.
    pub fn name(&self, t: usize) -> &'static str {
        let range = self.name_offsets.get(t) as usize..self.name_offsets.get(t + 1) as usize;
        self.names.get(range).and_then(|b| std::str::from_utf8(b).ok()).unwrap_or("")
    }

    /// Whether text `t` is a full text or a header.
    pub fn kind(&self, t: usize) -> Kind {
        if self.kinds.get(t) == 1 { Kind::Header } else { Kind::Licence }
    }

    /// The texts holding word pair `hash`, as a range of postings; empty when none does.
    pub fn lookup(&self, hash: u32) -> (usize, usize) {
        let bucket = (u64::from(hash) >> (32 - self.bits)) as usize;
        let (from, to) = (self.buckets.get(bucket) as usize, self.buckets.get(bucket + 1) as usize);
        (from..to)
            .find(|&k| self.keys.get(k) == hash)
            .map_or((0, 0), |k| (self.starts.get(k) as usize, self.starts.get(k + 1) as usize))
    }

    /// Postings `from..to`: (text, how often the pair occurs in it).
    pub fn postings(&self, (from, to): (usize, usize)) -> impl Iterator<Item = (usize, u32)> + '_ {
        let bytes = self.postings.0.get(4 * from..4 * to).unwrap_or_default();
        bytes.chunks_exact(4).map(|b| {
            let p = u32::from_le_bytes([b[0], b[1], b[2], b[3]]);
            ((p >> 16) as usize, p & 0xFFFF)
        })
    }
}
