//! Builds the licence text index from the `spdx` crate's detection store: for every SPDX
//! licence text and standard header, the hashed word pairs it is made of and how often each
//! occurs, laid out as an inverted index (word-pair hash → the texts holding it). Only hashes
//! and counts are written — no licence text — into `$OUT_DIR/licence-index.bin`, which the
//! detector embeds, so that detection starts without loading or decompressing anything.
//!
//! Layout (little-endian `u32`s, then the name bytes): magic, texts, keys, postings,
//! bucket bits, name bytes; per text its pair count and kind (0 licence text, 1 header, 2
//! alternate form); name offsets (texts + 1); buckets (2^bits + 1 offsets into keys, by the
//! top bits of the hash); keys (sorted hashes); posting offsets (keys + 1); postings
//! (`text << 16 | count`); names.

use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;

use spdx::detection::{Store, TextData};

#[allow(dead_code, reason = "the detector uses the word lines; the index needs only the hashes")]
#[path = "src/words.rs"]
mod words;

/// Written first in the index, checked when it is read.
const MAGIC: u32 = u32::from_le_bytes(*b"OLI1");

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=src/words.rs");
    let store = Store::load_inline().expect("the spdx crate ships a loadable detection store");
    let mut entries: Vec<_> = store.iter().collect();
    entries.sort_by(|a, b| a.0.cmp(b.0));
    let mut texts: Vec<(&str, u32, &TextData)> = Vec::new();
    for (name, entry) in &entries {
        texts.push((name.as_str(), 0, &entry.original));
        texts.extend(entry.headers.iter().map(|h| (name.as_str(), 1, h)));
        texts.extend(entry.alternates.iter().map(|a| (name.as_str(), 2, a)));
    }
    let mut totals = Vec::new();
    let mut kinds = Vec::new();
    let mut names: Vec<u8> = Vec::new();
    let mut name_offsets = vec![0u32];
    let mut all: Vec<(u32, u32, u32)> = Vec::new();
    for (name, kind, data) in texts {
        let pairs = words::words(&data.lines().join("\n")).bigrams();
        if pairs.is_empty() {
            continue;
        }
        let index = u32::try_from(totals.len()).expect("fewer than 2^16 texts");
        assert!(index < 1 << 16, "postings keep the text in 16 bits");
        let mut counts: HashMap<u32, u32> = HashMap::new();
        for p in &pairs {
            *counts.entry(*p).or_default() += 1;
        }
        all.extend(counts.into_iter().map(|(hash, count)| (hash, index, count.min(0xFFFF))));
        totals.push(u32::try_from(pairs.len()).expect("short texts"));
        kinds.push(kind);
        names.extend_from_slice(name.as_bytes());
        name_offsets.push(u32::try_from(names.len()).expect("short names"));
    }
    all.sort_unstable();
    let mut keys: Vec<u32> = Vec::new();
    let mut starts: Vec<u32> = Vec::new();
    let mut postings: Vec<u32> = Vec::with_capacity(all.len());
    for (i, (hash, text, count)) in all.iter().enumerate() {
        if i == 0 || all[i - 1].0 != *hash {
            keys.push(*hash);
            starts.push(u32::try_from(i).expect("fewer than 2^32 postings"));
        }
        postings.push(text << 16 | count);
    }
    starts.push(u32::try_from(postings.len()).expect("fewer than 2^32 postings"));
    let bits = usize::BITS - keys.len().max(2).next_power_of_two().leading_zeros() - 1;
    let mut buckets = Vec::with_capacity((1 << bits) + 1);
    let mut k = 0usize;
    for b in 0..(1u64 << bits) {
        while k < keys.len() && u64::from(keys[k]) >> (32 - bits) < b {
            k += 1;
        }
        buckets.push(u32::try_from(k).expect("fewer than 2^32 keys"));
    }
    buckets.push(u32::try_from(keys.len()).expect("fewer than 2^32 keys"));

    let header = [
        MAGIC,
        u32::try_from(totals.len()).expect("few texts"),
        u32::try_from(keys.len()).expect("few keys"),
        u32::try_from(postings.len()).expect("few postings"),
        bits,
        u32::try_from(names.len()).expect("short names"),
    ];
    let mut out = Vec::new();
    for part in [&header[..], &totals, &kinds, &name_offsets, &buckets, &keys, &starts, &postings] {
        for v in part {
            out.extend_from_slice(&v.to_le_bytes());
        }
    }
    out.extend_from_slice(&names);
    let path = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR")).join("licence-index.bin");
    let mut file = std::fs::File::create(&path).expect("OUT_DIR is writable");
    file.write_all(&out).expect("OUT_DIR is writable");
}
