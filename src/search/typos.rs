//! Finding the vocabulary tokens within one or two typos of a query token, SymSpell style: every
//! token is stored under the hash of each string made by deleting up to as many letters as it may
//! have typos; a query token's own deletions look those up. Candidates are then verified with the
//! exact edit distance, so a hash collision costs time, never a wrong answer.

use std::ops::RangeInclusive;

/// A vocabulary token stored under one of its deletion strings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
struct Deletion {
    hash: u64,
    vocab: u32,
}

/// Deletion strings of the vocabulary, hashed and sorted, with buckets by the top bits of the hash.
#[derive(Debug, Clone, Default)]
pub(super) struct DeletionTable {
    entries: Vec<Deletion>,
    /// `entries[buckets[b]..buckets[b + 1]]` holds the hashes whose top bits are `b`.
    buckets: Vec<u32>,
    bits: u32,
}

impl DeletionTable {
    /// Stores each token (by vocabulary id) under its deletions; `depth` says how many letters a
    /// token of that length may lose.
    pub(super) fn new<'a>(
        vocab: impl Iterator<Item = &'a str>,
        depth: impl Fn(usize) -> usize,
    ) -> DeletionTable {
        let mut entries = Vec::new();
        let mut scratch = Vec::new();
        for (v, word) in vocab.enumerate() {
            let depth = depth(word.len());
            if depth == 0 {
                continue;
            }
            scratch.clear();
            deletion_hashes(word.as_bytes(), depth, &mut scratch);
            entries.extend(scratch.iter().map(|&hash| Deletion {
                hash,
                vocab: v as u32,
            }));
        }
        let bits = bucket_bits(entries.len());
        let (entries, buckets) = by_bucket(entries, bits);
        DeletionTable {
            entries,
            buckets,
            bits,
        }
    }

    /// Vocabulary ids that share a deletion string with `word` (up to `depth` deletions), sorted
    /// and distinct: the candidates for a typo, still to be verified.
    pub(super) fn candidates(&self, word: &str, depth: usize) -> Vec<u32> {
        let mut hashes = Vec::new();
        deletion_hashes(word.as_bytes(), depth, &mut hashes);
        let mut found: Vec<u32> = Vec::new();
        for h in hashes {
            let b = bucket_of(h, self.bits);
            let bucket = &self.entries[self.buckets[b] as usize..self.buckets[b + 1] as usize];
            let lo = bucket.partition_point(|d| d.hash < h);
            found.extend(
                bucket[lo..]
                    .iter()
                    .take_while(|d| d.hash == h)
                    .map(|d| d.vocab),
            );
        }
        found.sort_unstable();
        found.dedup();
        found
    }
}

/// Every byte a normalized token holds: ASCII letters and digits.
const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";

/// Every spelling one edit from `word` (a letter deleted, inserted or replaced, two neighbours
/// swapped) whose length is in `lengths`, appended to `out`, duplicates possible. For short words
/// only: a few hundred spellings, each looked up, instead of a table of every short token.
pub(super) fn one_edit_variants(
    word: &[u8],
    lengths: RangeInclusive<usize>,
    out: &mut Vec<Vec<u8>>,
) {
    let len = word.len();
    if lengths.contains(&(len.wrapping_sub(1))) {
        for i in 0..len {
            out.push([&word[..i], &word[i + 1..]].concat());
        }
    }
    if lengths.contains(&len) {
        for i in 0..len {
            for &c in ALPHABET.iter().filter(|&&c| c != word[i]) {
                let mut v = word.to_vec();
                v[i] = c;
                out.push(v);
            }
        }
        for i in 1..len {
            let mut v = word.to_vec();
            v.swap(i - 1, i);
            out.push(v);
        }
    }
    if lengths.contains(&(len + 1)) {
        for i in 0..=len {
            for &c in ALPHABET {
                out.push([&word[..i], &[c], &word[i..]].concat());
            }
        }
    }
}

/// The most bits that pick a bucket: 16M buckets (64 MB of offsets), past any real vocabulary.
const MAX_BUCKET_BITS: u32 = 24;

/// How many top bits of a hash pick its bucket: about four deletions a bucket.
fn bucket_bits(len: usize) -> u32 {
    (len / 4).max(1).ilog2().clamp(1, MAX_BUCKET_BITS)
}

fn bucket_of(hash: u64, bits: u32) -> usize {
    (hash >> (64 - bits)) as usize
}

/// The entries sorted, and where each bucket starts: placed by bucket (a counting sort), then each
/// bucket (a handful of entries) sorted, which is the full sort's order at a fraction of its cost
/// on the millions of deletions of a large vocabulary.
fn by_bucket(entries: Vec<Deletion>, bits: u32) -> (Vec<Deletion>, Vec<u32>) {
    let mut buckets = vec![0u32; (1usize << bits) + 1];
    for d in &entries {
        buckets[bucket_of(d.hash, bits) + 1] += 1;
    }
    for b in 0..(1usize << bits) {
        buckets[b + 1] += buckets[b];
    }
    let mut next = buckets.clone();
    let mut placed = vec![Deletion { hash: 0, vocab: 0 }; entries.len()];
    for d in entries {
        let at = &mut next[bucket_of(d.hash, bits)];
        placed[*at as usize] = d;
        *at += 1;
    }
    for b in 0..(1usize << bits) {
        placed[buckets[b] as usize..buckets[b + 1] as usize].sort_unstable();
    }
    (placed, buckets)
}

/// FNV-1a's start and step: a fixed, deterministic hash, so that results never depend on a random
/// seed; a step at a time, so that deletions share the hash of what precedes them.
const FNV_START: u64 = 0xcbf2_9ce4_8422_2325;

fn fnv_step(h: u64, b: u8) -> u64 {
    (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
}

fn fnv_from(h: u64, bytes: &[u8]) -> u64 {
    bytes.iter().fold(h, |h, &b| fnv_step(h, b))
}

/// The most letters a token may lose: two typos.
const MAX_DEPTH: usize = 2;

/// Every string made by deleting up to `depth` (at most two) bytes of `word` (the word itself
/// included), hashed, appended to `out` sorted and without duplicates.
fn deletion_hashes(word: &[u8], depth: usize, out: &mut Vec<u64>) {
    debug_assert!(depth <= MAX_DEPTH, "typos go to two edits at most");
    let start = out.len();
    out.push(fnv_from(FNV_START, word));
    let mut before = FNV_START;
    for i in 0..word.len() {
        if depth >= 1 {
            out.push(fnv_from(before, &word[i + 1..]));
        }
        if depth >= 2 {
            // The hash of word[..i] then word[i + 1..j], one letter further each time.
            let mut between = before;
            for j in i + 1..word.len() {
                out.push(fnv_from(between, &word[j + 1..]));
                between = fnv_step(between, word[j]);
            }
        }
        before = fnv_step(before, word[i]);
    }
    let tail = &mut out[start..];
    tail.sort_unstable();
    let unique = {
        let mut n = 0;
        for i in 0..tail.len() {
            if i == 0 || tail[i] != tail[i - 1] {
                tail[n] = tail[i];
                n += 1;
            }
        }
        n
    };
    out.truncate(start + unique);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn deletion_neighbourhoods_are_complete() {
        let mut out = Vec::new();
        deletion_hashes(b"abcd", 1, &mut out);
        assert_eq!(out.len(), 5, "the word and its four one-letter deletions");
        out.clear();
        deletion_hashes(b"aab", 1, &mut out);
        assert_eq!(out.len(), 3, "aab, ab, aa: duplicates collapse");
    }

    #[test]
    fn deletion_hashes_are_those_of_the_strings_deleted() {
        let word = b"abcdefg";
        let mut expected = vec![fnv_from(FNV_START, word)];
        for i in 0..word.len() {
            let one: Vec<u8> = [&word[..i], &word[i + 1..]].concat();
            expected.push(fnv_from(FNV_START, &one));
            for j in i..one.len() {
                let two: Vec<u8> = [&one[..j], &one[j + 1..]].concat();
                expected.push(fnv_from(FNV_START, &two));
            }
        }
        expected.sort_unstable();
        expected.dedup();
        let mut out = Vec::new();
        deletion_hashes(word, 2, &mut out);
        assert_eq!(out, expected);
    }

    #[test]
    fn one_edit_variants_cover_every_kind_of_edit() {
        let mut out = Vec::new();
        one_edit_variants(b"xi", 2..=3, &mut out);
        for v in ["xu", "ix", "xia", "axi", "ai"] {
            assert!(out.contains(&v.as_bytes().to_vec()), "{v}");
        }
        assert!(
            !out.contains(&b"x".to_vec()),
            "one letter is out of the lengths"
        );
        out.clear();
        one_edit_variants(b"vna", 2..=3, &mut out);
        assert!(out.contains(&b"van".to_vec()));
        assert!(out.contains(&b"va".to_vec()));
    }
}
