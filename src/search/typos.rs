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
        entries.sort_unstable();
        let bits = bucket_bits(entries.len());
        let mut buckets = vec![0u32; (1usize << bits) + 1];
        for d in &entries {
            buckets[bucket_of(d.hash, bits) + 1] += 1;
        }
        for b in 0..(1usize << bits) {
            buckets[b + 1] += buckets[b];
        }
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

/// FNV-1a: a fixed, deterministic hash, so that results never depend on a random seed.
fn fnv(bytes: impl IntoIterator<Item = u8>) -> u64 {
    let mut h: u64 = 0xcbf2_9ce4_8422_2325;
    for b in bytes {
        h ^= u64::from(b);
        h = h.wrapping_mul(0x0100_0000_01b3);
    }
    h
}

/// Every string made by deleting up to `depth` bytes of `word` (the word itself included), hashed,
/// appended to `out` sorted and without duplicates.
fn deletion_hashes(word: &[u8], depth: usize, out: &mut Vec<u64>) {
    fn go(word: &[u8], skip: &mut Vec<usize>, from: usize, depth: usize, out: &mut Vec<u64>) {
        out.push(fnv(word
            .iter()
            .enumerate()
            .filter(|(i, _)| !skip.contains(i))
            .map(|(_, b)| *b)));
        if depth == 0 {
            return;
        }
        for i in from..word.len() {
            skip.push(i);
            go(word, skip, i + 1, depth - 1, out);
            skip.pop();
        }
    }
    let start = out.len();
    go(word, &mut Vec::with_capacity(depth), 0, depth, out);
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
