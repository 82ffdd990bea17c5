//! Which SPDX texts a text holds, by word pairs (askalono's measure: the Sørensen–Dice
//! coefficient of the two texts' word-pair multisets), against the embedded [`Index`].
//!
//! One walk over the index's postings scores the whole text against every SPDX text at once.
//! When no text matches the whole closely, the licences embedded in it are looked for: a span
//! of the text can match a licence of `M` pairs with a score of at least `t` only if the whole
//! text holds at least `t / (2 - t) · M` of that licence's pairs, so only the licences passing
//! that bound are candidates, and for each the best-matching contiguous span is found by
//! maximising `matched − λ/2 · (span + M)` over spans (a maximum-subarray pass) for an
//! increasing λ, each λ the score of the previous best span. The span that matches best is a
//! part; its pairs are set aside and the search repeats for the next part. A licence is thus
//! reported only where its own text is present, never because a text resembling it is.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use crate::index::{Index, Kind};
use crate::words::Words;

/// A found match: an SPDX text and where it lies.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Found {
    /// The index's text.
    pub text: usize,
    /// The Dice score, 0–1.
    pub score: f32,
    /// The first and one-past-last word pair of the span.
    pub span: (usize, usize),
    /// How many of the span's pairs the licence holds.
    pub matched: u32,
}

/// What the comparison found.
#[derive(Debug, Default)]
pub struct Analysis {
    /// The best-scoring texts for the whole text, best first (at most four).
    pub whole: Vec<Found>,
    /// The licences found in spans of the text, in the order found (best first), when the whole
    /// text matched no licence closely.
    pub parts: Vec<Found>,
}

/// Hashes already are hashes: pass them through.
#[derive(Default)]
struct Identity(u64);

impl Hasher for Identity {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for b in bytes {
            self.0 = (self.0 << 8) | u64::from(*b);
        }
    }
    fn write_u32(&mut self, n: u32) {
        self.0 = u64::from(n).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

/// The text's distinct word pairs and where they occur.
struct Pairs {
    /// Each position's distinct-pair number.
    at: Vec<u32>,
    /// Each distinct pair's postings range in the index.
    postings: Vec<(usize, usize)>,
}

impl Pairs {
    fn new(index: &Index, hashes: &[u32]) -> Pairs {
        let mut numbers: HashMap<u32, u32, BuildHasherDefault<Identity>> =
            HashMap::with_capacity_and_hasher(hashes.len(), BuildHasherDefault::default());
        let mut postings = Vec::new();
        let at = hashes
            .iter()
            .map(|h| {
                *numbers.entry(*h).or_insert_with(|| {
                    postings.push(index.lookup(*h));
                    u32::try_from(postings.len() - 1).unwrap_or(u32::MAX)
                })
            })
            .collect();
        Pairs { at, postings }
    }

    /// How many pairs of each index text the active positions hold (multiset intersection).
    fn matches(&self, index: &Index, active: &[bool]) -> Vec<u32> {
        let mut counts = vec![0u32; self.postings.len()];
        for (d, on) in self.at.iter().zip(active) {
            if *on {
                counts[*d as usize] += 1;
            }
        }
        let mut acc = vec![0u32; index.len()];
        for (&range, &count) in self.postings.iter().zip(&counts) {
            if count == 0 {
                continue;
            }
            for (t, k) in index.postings(range) {
                if let Some(a) = acc.get_mut(t) {
                    *a += k.min(count);
                }
            }
        }
        acc
    }
}

fn dice(matched: u32, a: usize, b: u32) -> f32 {
    if a == 0 || b == 0 { 0.0 } else { 2.0 * matched as f32 / (a + b as usize) as f32 }
}

/// The settings of a comparison.
pub struct Settings {
    /// The lowest score reported.
    pub threshold: f32,
    /// A whole-text score from which no span is looked for.
    pub shallow: f32,
    /// At most this many parts are looked for.
    pub max_parts: usize,
    /// A part shares at least this many pairs with its licence.
    pub min_pairs: u32,
    /// At most this many licences are searched for each part.
    pub max_candidates: usize,
}

/// Compares a text's words with the index.
pub fn analyse(index: &Index, words: &Words, settings: &Settings) -> Analysis {
    let hashes = words.bigrams();
    if hashes.is_empty() || index.len() == 0 {
        return Analysis::default();
    }
    let pairs = Pairs::new(index, &hashes);
    let n = hashes.len();
    let mut active = vec![true; n];
    let mut acc = pairs.matches(index, &active);
    // The four best, best first; among equal scores a full text before a header, then the
    // index order.
    let mut whole: Vec<Found> = Vec::with_capacity(5);
    let rank = |f: &Found| (f.score, index.kind(f.text) != Kind::Header);
    for (t, &matched) in acc.iter().enumerate() {
        let f = Found { text: t, score: dice(matched, n, index.total(t)), span: (0, n), matched };
        if whole.len() == 4 && whole.last().is_some_and(|w| rank(w) >= rank(&f)) {
            continue;
        }
        let at = whole.iter().position(|w| rank(w) < rank(&f)).unwrap_or(whole.len());
        whole.insert(at, f);
        whole.truncate(4);
    }
    let mut analysis = Analysis { whole, parts: Vec::new() };
    if analysis.whole.first().is_some_and(|w| w.score >= settings.shallow) {
        return analysis;
    }
    let mut search = SpanSearch::new(pairs.postings.len());
    for pass in 0..settings.max_parts {
        if pass > 0 {
            acc = pairs.matches(index, &active);
        }
        let bound = |t: usize| dice(acc[t], acc[t] as usize, index.total(t));
        let mut candidates: Vec<usize> =
            (0..index.len()).filter(|&t| acc[t] >= settings.min_pairs && bound(t) >= settings.threshold).collect();
        candidates.sort_by(|a, b| bound(*b).total_cmp(&bound(*a)).then(acc[*b].cmp(&acc[*a])).then(a.cmp(b)));
        // A file made of many licence texts makes nearly every text a candidate: the most
        // promising ones suffice, and keep the search linear in the file.
        candidates.truncate(settings.max_candidates);
        let mut best: Option<Found> = None;
        for batch in candidates.chunks(16) {
            if best.is_some_and(|b| bound(batch[0]) < b.score) {
                break;
            }
            let caps = caps(index, &pairs, batch);
            for (slot, &t) in batch.iter().enumerate() {
                if best.is_some_and(|b| bound(t) < b.score) {
                    break;
                }
                let cap = &caps[slot * pairs.postings.len()..(slot + 1) * pairs.postings.len()];
                let Some(found) = search.best(&pairs.at, &active, cap, index.total(t), settings) else {
                    continue;
                };
                let found = Found { text: t, ..found };
                if best.is_none_or(|b| better(index, &found, &b)) {
                    best = Some(found);
                }
            }
        }
        let Some(part) = best else { break };
        // Set the span aside, with the pairs that straddle its edges.
        let (from, to) = (part.span.0.saturating_sub(1), (part.span.1 + 1).min(n));
        active[from..to].iter_mut().for_each(|a| *a = false);
        analysis.parts.push(part);
    }
    analysis
}

/// Whether `a` is a better part than `b`: a higher score, then more text, then a full text.
fn better(index: &Index, a: &Found, b: &Found) -> bool {
    a.score
        .total_cmp(&b.score)
        .then(a.matched.cmp(&b.matched))
        .then((index.kind(b.text) == Kind::Header).cmp(&(index.kind(a.text) == Kind::Header)))
        .is_gt()
}

/// For each text of `batch`, how often it holds each of the text's distinct pairs.
fn caps(index: &Index, pairs: &Pairs, batch: &[usize]) -> Vec<u16> {
    let d = pairs.postings.len();
    let mut caps = vec![0u16; d * batch.len()];
    let mut slots = vec![usize::MAX; index.len()];
    for (slot, &t) in batch.iter().enumerate() {
        slots[t] = slot;
    }
    for (number, &range) in pairs.postings.iter().enumerate() {
        for (t, k) in index.postings(range) {
            if let Some(&slot) = slots.get(t).filter(|s| **s != usize::MAX) {
                caps[slot * d + number] = u16::try_from(k).unwrap_or(u16::MAX);
            }
        }
    }
    caps
}

/// Scratch space for the span search, reused across candidates.
struct SpanSearch {
    used: Vec<u16>,
    stamp: Vec<u32>,
    generation: u32,
}

impl SpanSearch {
    fn new(distinct: usize) -> SpanSearch {
        SpanSearch { used: vec![0; distinct], stamp: vec![0; distinct], generation: 0 }
    }

    /// The best-matching span of active positions for a licence of `total` pairs, holding `cap`
    /// of each distinct pair, if one reaches the threshold.
    fn best(&mut self, at: &[u32], active: &[bool], cap: &[u16], total: u32, settings: &Settings) -> Option<Found> {
        let mut lambda = settings.threshold;
        let mut found: Option<Found> = None;
        for _ in 0..8 {
            let (value, span, matched) = self.densest(at, active, cap, lambda);
            if value < lambda / 2.0 * total as f32 - 1e-4 || matched < settings.min_pairs {
                break;
            }
            let score = dice(matched, span.1 - span.0, total);
            if found.is_some_and(|f| score <= f.score) {
                break;
            }
            found = Some(Found { text: 0, score, span, matched });
            if score <= lambda + 1e-6 {
                break;
            }
            lambda = score;
        }
        found.filter(|f| f.score >= settings.threshold)
    }

    /// The span maximising `matched − λ/2 · length`, a pair counting as matched while the span
    /// holds it fewer times than the licence does (Kadane's pass; a span restarts where its
    /// value falls to zero).
    fn densest(&mut self, at: &[u32], active: &[bool], cap: &[u16], lambda: f32) -> (f32, (usize, usize), u32) {
        let (hit, miss) = (1.0 - lambda / 2.0, -lambda / 2.0);
        let mut best = (f32::MIN, (0, 0), 0u32);
        let (mut sum, mut start, mut matched) = (0.0f32, 0usize, 0u32);
        self.restart();
        for (i, (&d, &on)) in at.iter().zip(active).enumerate() {
            if !on {
                sum = 0.0;
                continue;
            }
            if sum <= 0.0 {
                (sum, start, matched) = (0.0, i, 0);
                self.restart();
            }
            let d = d as usize;
            let used = if self.stamp[d] == self.generation { self.used[d] } else { 0 };
            if used < cap[d] {
                self.used[d] = used + 1;
                self.stamp[d] = self.generation;
                matched += 1;
                sum += hit;
            } else {
                sum += miss;
            }
            if sum > best.0 {
                best = (sum, (start, i + 1), matched);
            }
        }
        best
    }

    fn restart(&mut self) {
        self.generation = self.generation.wrapping_add(1);
        if self.generation == 0 {
            self.stamp.iter_mut().for_each(|s| *s = 0);
            self.generation = 1;
        }
    }
}
