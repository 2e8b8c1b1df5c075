//! Building the index once per dataset: the vocabulary, the posting lists, the typo table.

use std::ops::Range;

use super::required::{READY_FROM, ReadyFilters};
use super::score::{NameParts, PINNED_TWO_EDITS, in_usual_place, max_edits, place_vote};
use super::typos::DeletionTable;
use rayon::prelude::*;

/// One name of a target, as stored in the index.
#[derive(Debug, Clone, Copy)]
pub(super) struct KeyInfo {
    pub(super) target: u32,
    /// 0 for the target's shown name, then its aliases in order.
    pub(super) which_name: u16,
    pub(super) tokens: u8,
    parts_len: u8,
    parts_start: u32,
}

/// A part of a stored name: its vocabulary entry, and the name's tokens it stands for (bit mask).
#[derive(Debug, Clone, Copy)]
pub(super) struct PartRef {
    pub(super) vocab: u32,
    pub(super) covers: u32,
}

/// A name containing a vocabulary entry: which name, and how much of it the entry covers.
#[derive(Debug, Clone, Copy)]
pub(super) struct Posting {
    pub(super) key: u32,
    /// Tokens of the name the entry covers.
    pub(super) covers: u8,
    /// Tokens in the name (at most 32: the low bits), and [`USUAL`] when the entry is in its
    /// usual place in the name (see [`Score::usual_place`](super::Score)): one byte, so that a
    /// posting stays 8 bytes with its initials.
    tokens_usual: u8,
    /// The first letters of the name's parts, a bit each ([`initial_bit`]): a query's one-letter
    /// words pair only with parts starting with them, so a name lacking one is dropped here,
    /// without reading its parts (`Jon Hansen P`, typed word by word, ends in a letter).
    pub(super) initials: u16,
}

/// The bit of [`Posting`]'s `tokens_usual` that says the entry is in its usual place.
const USUAL: u8 = 0x80;

/// Names whose records are [read together](NameIndex::read_records) before any is scored: at a
/// million names, a name's record and its parts are two cache misses, one after the other, and
/// most of a cold query's time; read for a batch of names at once, they overlap. A name that can
/// no longer beat the bar when its turn comes costs that read only.
pub(super) const READ_TOGETHER: usize = 16;

impl Posting {
    pub(super) fn new(key: u32, covers: u8, tokens: u8, usual: bool, initials: u16) -> Posting {
        debug_assert!(tokens < USUAL, "names have at most 32 tokens");
        Posting {
            key,
            covers,
            tokens_usual: tokens | if usual { USUAL } else { 0 },
            initials,
        }
    }

    /// Tokens in the name.
    pub(super) fn tokens(&self) -> u8 {
        self.tokens_usual & !USUAL
    }

    /// Whether the entry is in its usual place in the name.
    pub(super) fn usual(&self) -> bool {
        self.tokens_usual & USUAL != 0
    }
}

/// The bit standing for a part's first byte in [`Posting::initials`]. Folded names start with
/// a lower-case ASCII letter or a digit; letters 16 apart share a bit (`a` and `q`), which only
/// lets a few more names through.
pub(super) fn initial_bit(first: u8) -> u16 {
    1 << (first % 16)
}

/// Names of a set of targets, each with one or more names, indexed for search.
#[derive(Debug, Clone, Default)]
pub struct NameIndex {
    /// Distinct tokens and compounds, sorted: their ids are their positions, and the tokens that
    /// start with a prefix are one contiguous range.
    pub(super) vocab: Vec<Box<str>>,
    /// Names containing each vocabulary entry: `postings[offsets[v]..offsets[v + 1]]`, ordered by
    /// coverage (larger first), then the entry in its usual place first, then the target's
    /// alphabetical rank.
    postings: Vec<Posting>,
    posting_offsets: Vec<u32>,
    pub(super) deletions: DeletionTable,
    /// The 5-letter entries under their deletions of up to two letters, for the two-edit typos
    /// that count only when another query token pins the name.
    fives: DeletionTable,
    /// Vocabulary ids of each token length, sorted.
    by_length: Vec<Vec<u32>>,
    /// For each vocabulary entry, the most name tokens a part with it covers (a compound more
    /// than one): what bounds the coverage a query can reach.
    widths: Vec<u8>,
    /// Whether each entry's usual place is first in a name.
    pub(super) leads: Vec<bool>,
    /// Stored in the targets' alphabetical order, so that posting walks read memory forward.
    pub(super) keys: Vec<KeyInfo>,
    /// The parts of each key: `key_parts[keys[k].parts_start..][..keys[k].parts_len]`.
    key_parts: Vec<PartRef>,
    /// Alphabetical rank of each target's shown name.
    pub(super) rank: Vec<u32>,
    /// Targets in alphabetical order of their shown name.
    alphabetical: Vec<usize>,
    /// The filters of the words that pair with the most names, made ahead of the queries.
    pub(super) ready: ReadyFilters,
}

/// The names as first read: each normalized once, its parts interned under provisional ids (in
/// order of first appearance, until the vocabulary is sorted); nothing kept but integers and the
/// shown names, folded, end to end in one string.
struct Interned {
    /// How many targets were read.
    targets: u32,
    words: Vec<Box<str>>,
    keys: Vec<KeyInfo>,
    parts: Vec<PartRef>,
    shown: Shown,
}

/// Each target's shown name, folded, for the alphabetical order: one string holds them all.
#[derive(Default)]
struct Shown {
    text: String,
    /// Per target: the name's first 8 bytes (as a number that sorts as they do: most names are
    /// ordered by it alone), where it is in `text`, and the target.
    names: Vec<(u64, Range<u32>, u32)>,
}

impl Shown {
    fn push(&mut self, folded: &str, target: u32) {
        let start = self.text.len() as u32;
        self.text.push_str(folded);
        let end = self.text.len() as u32;
        self.names.push((first_bytes(folded), start..end, target));
    }

    /// The targets in alphabetical order of their shown name (ties by target).
    fn alphabetical(mut self) -> Vec<usize> {
        let text = |r: &Range<u32>| &self.text[r.start as usize..r.end as usize];
        self.names.sort_unstable_by(|(a, ra, ta), (b, rb, tb)| {
            a.cmp(b)
                .then_with(|| text(ra).cmp(text(rb)))
                .then(ta.cmp(tb))
        });
        self.names.iter().map(|(_, _, t)| *t as usize).collect()
    }
}

/// Targets read per thread at least: below this a thread costs more than it saves.
const MIN_CHUNK: usize = 4096;

/// The vocabulary ids given so far, by text.
type Ids = rustc_hash::FxHashMap<Box<str>, u32>;

impl Interned {
    /// Reads every target's names, in chunks on every core, then puts the chunks end to end.
    fn read<'a, N>(targets: Vec<N>) -> Interned
    where
        N: IntoIterator<Item = &'a str> + Send,
    {
        let chunk = targets
            .len()
            .div_ceil(rayon::current_num_threads())
            .max(MIN_CHUNK);
        let mut chunks = Vec::new();
        let mut rest = targets;
        while rest.len() > chunk {
            let tail = rest.split_off(chunk);
            chunks.push(rest);
            rest = tail;
        }
        chunks.push(rest);
        let mut read: Vec<(Interned, Ids)> = chunks
            .into_par_iter()
            .map(|chunk| Interned::read_chunk(chunk))
            .collect();
        let (mut all, mut ids) = read.remove(0);
        for (chunk, _) in read {
            all.append(chunk, &mut ids);
        }
        all
    }

    /// Reads targets, numbering them and the new words from zero.
    fn read_chunk<'a, N>(targets: Vec<N>) -> (Interned, Ids)
    where
        N: IntoIterator<Item = &'a str>,
    {
        let mut ids = Ids::default();
        let mut out = Interned {
            targets: 0,
            words: Vec::new(),
            keys: Vec::new(),
            parts: Vec::new(),
            shown: Shown::default(),
        };
        let mut read = NameParts::default();
        for (target, names) in targets.into_iter().enumerate() {
            out.targets += 1;
            for (n, name) in names.into_iter().enumerate() {
                read.read(name);
                let parts_start = out.parts.len() as u32;
                for (text, covers) in read.parts() {
                    let vocab = out.id_of(text, &mut ids);
                    out.parts.push(PartRef { vocab, covers });
                }
                out.keys.push(KeyInfo {
                    target: target as u32,
                    which_name: n as u16,
                    tokens: read.tokens,
                    parts_len: (out.parts.len() as u32 - parts_start) as u8,
                    parts_start,
                });
                if n == 0 {
                    out.shown.push(&read.folded, target as u32);
                }
            }
        }
        (out, ids)
    }

    /// The id of a word, given now if it is new.
    fn id_of(&mut self, text: &str, ids: &mut Ids) -> u32 {
        match ids.get(text) {
            Some(&id) => id,
            None => {
                let id = self.words.len() as u32;
                self.words.push(text.into());
                ids.insert(text.into(), id);
                id
            }
        }
    }

    /// Puts the next chunk's targets after these, its words renumbered to these ids.
    fn append(&mut self, next: Interned, ids: &mut Ids) {
        let renumbered: Vec<u32> = next.words.iter().map(|w| self.id_of(w, ids)).collect();
        let targets = self.targets;
        self.targets += next.targets;
        let parts = self.parts.len() as u32;
        self.parts.extend(next.parts.into_iter().map(|p| PartRef {
            vocab: renumbered[p.vocab as usize],
            covers: p.covers,
        }));
        self.keys.extend(next.keys.into_iter().map(|k| KeyInfo {
            target: k.target + targets,
            parts_start: k.parts_start + parts,
            ..k
        }));
        let text = self.shown.text.len() as u32;
        self.shown.text.push_str(&next.shown.text);
        self.shown.names.extend(
            next.shown
                .names
                .into_iter()
                .map(|(first, r, t)| (first, r.start + text..r.end + text, t + targets)),
        );
    }
}

impl NameIndex {
    /// Indexes targets, each with its names (the first is the one shown; each target needs one).
    pub fn new<'a, N>(targets: impl IntoIterator<Item = N>) -> NameIndex
    where
        N: IntoIterator<Item = &'a str> + Send,
    {
        let Interned {
            targets: _,
            words,
            keys,
            mut parts,
            shown,
        } = Interned::read(targets.into_iter().collect());
        let vocab = sort_vocabulary(words, &mut parts);
        // The typo tables need only the vocabulary: made on the other core meanwhile.
        let ((deletions, fives), index) = rayon::join(
            || typo_tables(&vocab),
            || {
                let alphabetical = shown.alphabetical();
                let mut rank = vec![0u32; alphabetical.len()];
                for (r, &t) in alphabetical.iter().enumerate() {
                    rank[t] = r as u32;
                }
                let (keys, key_parts) = in_rank_order(keys, &parts, &alphabetical);
                drop(parts);
                let leads = usual_places(vocab.len(), &key_parts);
                let initials: Vec<u16> = vocab
                    .iter()
                    .map(|t| t.bytes().next().map_or(0, initial_bit))
                    .collect();
                let (postings, posting_offsets) = postings(&initials, &keys, &key_parts, &leads);
                NameIndex {
                    by_length: by_length(&vocab),
                    widths: widths(vocab.len(), &key_parts),
                    postings,
                    posting_offsets,
                    leads,
                    keys,
                    key_parts,
                    rank,
                    alphabetical,
                    ..NameIndex::default()
                }
            },
        );
        let mut index = NameIndex {
            vocab,
            deletions,
            fives,
            ..index
        };
        index.ready = index.ready_filters(READY_FROM);
        index
    }

    /// Targets in alphabetical order of their shown name (accents folded).
    pub fn alphabetical(&self) -> &[usize] {
        &self.alphabetical
    }

    /// Each target's place in [`alphabetical`](Self::alphabetical).
    pub fn alphabetical_ranks(&self) -> &[u32] {
        &self.rank
    }

    pub(super) fn postings_of(&self, v: u32) -> &[Posting] {
        let (lo, hi) = (
            self.posting_offsets[v as usize] as usize,
            self.posting_offsets[v as usize + 1] as usize,
        );
        &self.postings[lo..hi]
    }

    /// How many postings the entries in `range` have together.
    pub(super) fn postings_in(&self, range: &Range<u32>) -> usize {
        (self.posting_offsets[range.end as usize] - self.posting_offsets[range.start as usize])
            as usize
    }

    /// The vocabulary ids of tokens starting with `prefix`: a contiguous range.
    pub(super) fn prefix_range(&self, prefix: &str) -> Range<u32> {
        let lo = self.vocab.partition_point(|t| &**t < prefix);
        let len = self.vocab[lo..].partition_point(|t| t.starts_with(prefix));
        lo as u32..(lo + len) as u32
    }

    /// The length of the shortest vocabulary entry in `range` of at least `min` letters.
    pub(super) fn shortest_in(&self, range: &Range<u32>, min: usize) -> Option<usize> {
        if range.is_empty() {
            return None;
        }
        (min..self.by_length.len()).find(|&len| {
            let ids = &self.by_length[len];
            let at = ids.partition_point(|&v| v < range.start);
            ids.get(at).is_some_and(|&v| v < range.end)
        })
    }

    /// The entries of 2 and 3 letters: those a short word may be one edit from.
    pub(super) fn short_entries(&self) -> impl Iterator<Item = u32> + '_ {
        (2..=3)
            .filter_map(|len| self.by_length.get(len))
            .flatten()
            .copied()
    }

    /// The most name tokens a part with entry `v` covers.
    pub(super) fn width(&self, v: u32) -> u8 {
        self.widths[v as usize]
    }

    /// One entry of each length found in `range`, shortest first.
    pub(super) fn one_of_each_length(&self, range: &Range<u32>) -> impl Iterator<Item = u32> + '_ {
        let range = range.clone();
        self.by_length.iter().filter_map(move |ids| {
            let at = ids.partition_point(|&v| v < range.start);
            ids.get(at).copied().filter(|&v| v < range.end)
        })
    }

    /// The 4-5 letter entries that may be two edits from `q` (a [pinned
    /// typo](super::score::pinned_typo)), still to be verified. When they are, the two lose letters
    /// down to a common three or more: 5-letter entries two (in their own table), 4-letter ones one
    /// (in the typo table, with `q` typed with 5 or 6 letters), and `q` at most two.
    pub(super) fn two_edit_typos(&self, q: &str) -> Vec<u32> {
        let common = PINNED_TWO_EDITS - 2;
        if !(common..=PINNED_TWO_EDITS + 2).contains(&q.len()) {
            return Vec::new();
        }
        let mut found = self.fives.candidates(q, (q.len() - common).min(2));
        if (PINNED_TWO_EDITS..=PINNED_TWO_EDITS + 1).contains(&q.len()) {
            found.extend(
                self.deletions
                    .candidates(q, 2)
                    .into_iter()
                    .filter(|&v| self.vocab[v as usize].len() == PINNED_TWO_EDITS - 1),
            );
        }
        found
    }

    /// How many keys (names of targets) there are.
    pub(super) fn key_count(&self) -> usize {
        self.keys.len()
    }

    /// Reads the records and first parts of `keys` (at most [`READ_TOGETHER`]) without using
    /// them: one after another, their cache misses overlap, and scoring the names then finds them
    /// in cache instead of waiting for each in turn.
    pub(super) fn read_records(&self, keys: &[u32]) {
        let mut starts = [0u32; READ_TOGETHER];
        for (start, &k) in starts.iter_mut().zip(keys) {
            *start = self.keys[k as usize].parts_start;
        }
        let mut read = 0u32;
        for &start in &starts[..keys.len().min(READ_TOGETHER)] {
            read ^= self.key_parts[start as usize].vocab;
        }
        std::hint::black_box(read);
    }

    /// [Reads the records](NameIndex::read_records) of `keys`, then where their parts' texts are
    /// (each entry's box), then the texts' first letters, each step's cache misses overlapping:
    /// for near misses, which compare the texts.
    pub(super) fn read_texts(&self, keys: &[u32]) {
        self.read_records(keys);
        let entries = || {
            keys.iter()
                .flat_map(|&k| self.parts_of(k as usize))
                .map(|p| &self.vocab[p.vocab as usize])
        };
        let lengths = entries().fold(0, |read, t| read ^ t.len());
        let firsts = entries().fold(0, |read, t| read ^ t.bytes().next().unwrap_or(0));
        std::hint::black_box((lengths, firsts));
    }

    pub(super) fn parts_of(&self, k: usize) -> &[PartRef] {
        let key = self.keys[k];
        &self.key_parts[key.parts_start as usize..][..key.parts_len as usize]
    }
}

/// The typo table, and the 5-letter entries' table of two deletions.
fn typo_tables(vocab: &[Box<str>]) -> (DeletionTable, DeletionTable) {
    let deletions = DeletionTable::new(vocab.iter().map(|w| &**w), max_edits);
    let fives = DeletionTable::new(vocab.iter().map(|w| &**w), |len| {
        if len == PINNED_TWO_EDITS { 2 } else { 0 }
    });
    (deletions, fives)
}

/// Vocabulary ids of each token length, sorted.
fn by_length(vocab: &[Box<str>]) -> Vec<Vec<u32>> {
    let mut by_length: Vec<Vec<u32>> = Vec::new();
    for (v, word) in vocab.iter().enumerate() {
        if by_length.len() <= word.len() {
            by_length.resize(word.len() + 1, Vec::new());
        }
        by_length[word.len()].push(v as u32);
    }
    by_length
}

/// For each entry, the most name tokens a part with it covers.
fn widths(vocab_len: usize, key_parts: &[PartRef]) -> Vec<u8> {
    let mut widths = vec![1u8; vocab_len];
    for part in key_parts {
        let w = &mut widths[part.vocab as usize];
        *w = (*w).max(part.covers.count_ones() as u8);
    }
    widths
}

/// The first 8 bytes of a folded name as a number that sorts as they do (a shorter name padded
/// with zeros, below every letter, digit and space).
fn first_bytes(folded: &str) -> u64 {
    let mut bytes = [0u8; 8];
    let n = folded.len().min(8);
    bytes[..n].copy_from_slice(&folded.as_bytes()[..n]);
    u64::from_be_bytes(bytes)
}

/// For each entry, whether its usual place is first in a name (see
/// [`Score::usual_place`](super::Score)): the votes of the names it is in, as the reference counts
/// them.
fn usual_places(vocab_len: usize, key_parts: &[PartRef]) -> Vec<bool> {
    let mut votes = vec![0i64; vocab_len];
    for part in key_parts {
        votes[part.vocab as usize] += i64::from(place_vote(part.covers));
    }
    votes.into_iter().map(|v| v >= 0).collect()
}

/// Keys (and their parts) reordered by their target's alphabetical rank. Each target's keys are
/// read consecutively, in name order, so this is a placement, not a sort.
fn in_rank_order(
    keys: Vec<KeyInfo>,
    parts: &[PartRef],
    alphabetical: &[usize],
) -> (Vec<KeyInfo>, Vec<PartRef>) {
    let targets = keys
        .iter()
        .map(|k| k.target as usize + 1)
        .max()
        .unwrap_or(0)
        .max(alphabetical.len());
    let mut first = vec![0u32; targets + 1];
    for info in &keys {
        first[info.target as usize + 1] += 1;
    }
    for t in 0..targets {
        first[t + 1] += first[t];
    }
    let mut ordered_keys = Vec::with_capacity(keys.len());
    let mut ordered_parts = Vec::with_capacity(parts.len());
    for &t in alphabetical {
        for k in first[t]..first[t + 1] {
            let mut info = keys[k as usize];
            let start = info.parts_start as usize;
            info.parts_start = ordered_parts.len() as u32;
            ordered_parts.extend_from_slice(&parts[start..start + info.parts_len as usize]);
            ordered_keys.push(info);
        }
    }
    (ordered_keys, ordered_parts)
}

/// Sorts the vocabulary and renumbers the parts to the sorted ids.
fn sort_vocabulary(words: Vec<Box<str>>, parts: &mut [PartRef]) -> Vec<Box<str>> {
    let mut order: Vec<u32> = (0..words.len() as u32).collect();
    order.sort_unstable_by(|&a, &b| words[a as usize].cmp(&words[b as usize]));
    let mut final_id = vec![0u32; words.len()];
    for (new, &old) in order.iter().enumerate() {
        final_id[old as usize] = new as u32;
    }
    for part in parts.iter_mut() {
        part.vocab = final_id[part.vocab as usize];
    }
    let mut words: Vec<Option<Box<str>>> = words.into_iter().map(Some).collect();
    order
        .iter()
        .map(|&old| words[old as usize].take().unwrap_or_default())
        .collect()
}

/// The posting lists and their offsets: a counting sort by entry over the keys, which are in
/// alphabetical order already, then each list ordered, stably, by coverage (larger first), then
/// the entry in its usual place first: by entry, coverage, usual place, rank, as the walks expect.
/// Coverage `covers / tokens` (both at most 32) is exact as `(covers << 16) / tokens`.
fn postings(
    initials: &[u16],
    keys: &[KeyInfo],
    key_parts: &[PartRef],
    leads: &[bool],
) -> (Vec<Posting>, Vec<u32>) {
    let vocab_len = initials.len();
    let mut offsets = vec![0u32; vocab_len + 1];
    for part in key_parts {
        offsets[part.vocab as usize + 1] += 1;
    }
    for v in 0..vocab_len {
        offsets[v + 1] += offsets[v];
    }
    let mut next = offsets.clone();
    let empty = Posting::new(0, 0, 0, false, 0);
    let mut postings = vec![empty; key_parts.len()];
    for (k, info) in keys.iter().enumerate() {
        let parts = &key_parts[info.parts_start as usize..][..info.parts_len as usize];
        let name_initials = parts
            .iter()
            .fold(0, |bits, part| bits | initials[part.vocab as usize]);
        for part in parts {
            let at = &mut next[part.vocab as usize];
            postings[*at as usize] = Posting::new(
                k as u32,
                part.covers.count_ones() as u8,
                info.tokens,
                in_usual_place(part.covers, leads[part.vocab as usize]),
                name_initials,
            );
            *at += 1;
        }
    }
    for v in 0..vocab_len {
        postings[offsets[v] as usize..offsets[v + 1] as usize].sort_by_key(|p| {
            let coverage = (u32::from(p.covers) << 16) / u32::from(p.tokens().max(1));
            (u32::MAX - coverage, !p.usual())
        });
    }
    (postings, offsets)
}
