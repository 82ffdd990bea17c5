//! The words a licence text is compared by, shared by the build script (which reads the SPDX
//! texts) and the detector (which reads files), so that both sides are cut the same way.
//!
//! A word is a run of letters, digits and `_`, lowercased, with the punctuation inside it dropped
//! (`non-exclusive` → `nonexclusive`, `2.0` → `20`); whitespace, `/` and `\` separate words; a URL
//! is the one word `url`. What varies between copies of one licence is left out: the title line
//! (a first line ending in "license", followed by a blank line) and copyright statements (the
//! first line when it names copyright, a line of its own starting with "copyright", and a line
//! "copyright (c) …" or "copyright 2024 …"). Lines longer than [`LONG_LINE`] bytes are read as
//! if broken after each ". ", so that a text reflowed into one line loses only its copyright
//! sentence. Texts are compared by their word pairs (bigrams), hashed to 32 bits.

/// Lines longer than this are cut after each sentence.
pub const LONG_LINE: usize = 400;

/// The words of a text, in order, with the (0-based) line each comes from.
#[derive(Debug, Default)]
pub struct Words {
    /// Each word's 64-bit hash.
    pub hashes: Vec<u64>,
    /// Each word's line.
    pub lines: Vec<u32>,
}

impl Words {
    /// The hashed word pairs: pair `i` is words `i` and `i + 1`.
    pub fn bigrams(&self) -> Vec<u32> {
        self.hashes.windows(2).map(|w| bigram(w[0], w[1])).collect()
    }
}

/// The 32-bit hash of a word pair.
pub fn bigram(a: u64, b: u64) -> u32 {
    let mut x = a.rotate_left(29) ^ b.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    x ^= x >> 31;
    x = x.wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x ^= x >> 29;
    (x >> 32) as u32
}

const HAS_LICENSE_END: u8 = 1;
const STARTS_COPYRIGHT: u8 = 2;
const HAS_COPYRIGHT: u8 = 4;
const IS_VERSION: u8 = 8;
const C_OR_NUMBER: u8 = 16;

struct Line {
    /// Range in the word buffer.
    start: usize,
    end: usize,
}

/// Cuts `text` into words (see the module documentation).
pub fn words(text: &str) -> Words {
    let mut hashes: Vec<u64> = Vec::with_capacity(text.len() / 5);
    let mut flags: Vec<u8> = Vec::with_capacity(text.len() / 5);
    let mut origin: Vec<u32> = Vec::with_capacity(text.len() / 5);
    let mut lines: Vec<Line> = Vec::new();
    let mut buf = String::new();
    for (number, line) in text.split('\n').enumerate() {
        let number = u32::try_from(number).unwrap_or(u32::MAX);
        let mut push_line = |part: &str, hashes: &mut Vec<u64>, flags: &mut Vec<u8>, origin: &mut Vec<u32>| {
            let start = hashes.len();
            line_words(part, &mut buf, &mut |hash, flag| {
                hashes.push(hash);
                flags.push(flag);
                origin.push(number);
            });
            lines.push(Line { start, end: hashes.len() });
        };
        if line.len() > LONG_LINE {
            for sentence in line.split_inclusive(". ") {
                push_line(sentence, &mut hashes, &mut flags, &mut origin);
            }
        } else {
            push_line(line, &mut hashes, &mut flags, &mut origin);
        }
    }
    let keep = kept_lines(&lines, &flags);
    let mut out = Words { hashes: Vec::with_capacity(hashes.len()), lines: Vec::with_capacity(hashes.len()) };
    for (line, kept) in lines.iter().zip(keep) {
        if kept {
            out.hashes.extend_from_slice(&hashes[line.start..line.end]);
            out.lines.extend_from_slice(&origin[line.start..line.end]);
        }
    }
    out
}

/// Which lines are compared: all but the title line and copyright statements.
fn kept_lines(lines: &[Line], flags: &[u8]) -> Vec<bool> {
    let mut keep = vec![true; lines.len()];
    let blank = |i: usize| lines.get(i).is_none_or(|l| l.start == l.end);
    let first = |i: usize| flags[lines[i].start];
    let mut nonblank = (0..lines.len()).filter(|&i| !blank(i));
    let mut top = nonblank.next();
    if let Some(t) = top
        && title_line(&flags[lines[t].start..lines[t].end])
        && t + 1 < lines.len()
        && blank(t + 1)
    {
        keep[t] = false;
        top = nonblank.next();
    }
    if let Some(t) = top
        && flags[lines[t].start..lines[t].end].iter().any(|f| f & HAS_COPYRIGHT != 0)
    {
        keep[t] = false;
    }
    for (i, line) in lines.iter().enumerate() {
        if blank(i) || first(i) & STARTS_COPYRIGHT == 0 {
            continue;
        }
        let alone = (i == 0 || blank(i - 1)) && blank(i + 1);
        let statement = line.end > line.start + 1 && flags[line.start + 1] & C_OR_NUMBER != 0;
        if alone || statement {
            keep[i] = false;
        }
    }
    keep
}

/// A first line ending in "license", "license version X" or "license … copyright …".
fn title_line(flags: &[u8]) -> bool {
    let n = flags.len();
    flags.iter().enumerate().any(|(i, f)| {
        f & HAS_LICENSE_END != 0
            && (i + 1 == n || (i + 3 == n && flags[i + 1] & IS_VERSION != 0) || flags[i + 1] & STARTS_COPYRIGHT != 0)
    })
}

/// Calls `emit` with the hash and flags of each word of one line.
fn line_words(line: &str, buf: &mut String, emit: &mut dyn FnMut(u64, u8)) {
    for chunk in line.split(|c: char| c.is_whitespace()) {
        if chunk.is_empty() {
            continue;
        }
        let url = url_start(chunk);
        let head = url.map_or(chunk, |i| &chunk[..i]);
        if head.is_ascii() {
            // The common case, byte by byte.
            buf.clear();
            for b in head.bytes() {
                if b == b'/' || b == b'\\' {
                    flush(buf, emit);
                } else if b.is_ascii_alphanumeric() || b == b'_' {
                    buf.push(char::from(b.to_ascii_lowercase()));
                }
            }
            flush(buf, emit);
        } else {
            for part in head.split(['/', '\\']) {
                buf.clear();
                for c in part.chars().filter(|c| c.is_alphanumeric() || *c == '_') {
                    buf.extend(c.to_lowercase());
                }
                flush(buf, emit);
            }
        }
        if url.is_some() {
            buf.clear();
            buf.push_str("url");
            flush(buf, emit);
        }
    }
}

/// Where a URL (`http://…`, `https://…`) starts in a chunk of text without whitespace.
fn url_start(chunk: &str) -> Option<usize> {
    let bytes = chunk.as_bytes();
    (0..bytes.len()).filter(|&i| bytes[i] == b':').find_map(|i| {
        if !bytes[i..].starts_with(b"://") {
            return None;
        }
        let head = &bytes[..i];
        if head.ends_with(b"https") { Some(i - 5) } else { head.ends_with(b"http").then(|| i - 4) }
    })
}

/// Emits the word in `buf`, if any, and empties it.
fn flush(buf: &mut String, emit: &mut dyn FnMut(u64, u8)) {
    if buf.is_empty() {
        return;
    }
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for b in buf.bytes() {
        hash = (hash ^ u64::from(b)).wrapping_mul(0x0000_0100_0000_01b3);
    }
    let mut flag = 0;
    if buf.ends_with("license") || buf.ends_with("licence") {
        flag |= HAS_LICENSE_END;
    }
    if buf.starts_with("copyright") {
        flag |= STARTS_COPYRIGHT;
    }
    if buf.len() >= 9 && buf.as_bytes().windows(9).any(|w| w == b"copyright") {
        flag |= HAS_COPYRIGHT;
    }
    if buf == "version" {
        flag |= IS_VERSION;
    }
    if buf == "c" || buf.as_bytes()[0].is_ascii_digit() {
        flag |= C_OR_NUMBER;
    }
    emit(hash, flag);
    buf.clear();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn same(a: &str, b: &str) {
        assert_eq!(words(a).hashes, words(b).hashes, "{a:?} vs {b:?}");
    }

    #[test]
    fn punctuation_inside_words_goes_and_slashes_separate() {
        same("Non-exclusive, royalty-free; and/or (v2.0) ALL_CAPS", "nonexclusive royaltyfree and or v20 all_caps");
        assert_eq!(words("-- * ==").hashes.len(), 0);
    }

    #[test]
    fn urls_are_one_word() {
        same("see <https://example.org/licenses/x.html>, or http://a.b/c", "see url or url");
    }

    #[test]
    fn title_and_copyright_lines_are_left_out() {
        let body = "Permission is granted to use this.";
        same(&format!("The Example License\n\nCopyright (c) 2020 A. Person\n\n{body}"), body);
        same(
            &format!("Copyright 2024 Someone\nAll rights reserved.\n\n{body}"),
            &format!("All rights reserved.\n\n{body}"),
        );
        // A line starting with "copyright" inside a paragraph stays unless it is a statement.
        assert_eq!(words(&format!("Intro.\n{body}\ncopyright holders may not be named")).hashes.len(), 13);
        same(&format!("{body}\n\nCopyright (C) 1999 X\nmore"), &format!("{body}\n\nmore"));
    }

    #[test]
    fn a_text_reflowed_into_one_line_loses_only_its_copyright_sentence() {
        let body = "Permission is hereby granted, free of charge, to any person. ".repeat(10);
        same(&format!("Copyright (c) 2020 A Person. {body}"), &body);
        let w = words(&format!("x\n{body}"));
        assert!(w.lines.iter().skip(1).all(|l| *l == 1), "{:?}", w.lines);
    }
}
