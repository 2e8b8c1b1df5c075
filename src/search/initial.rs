//! An initial alone ("G"): it never matches a name by itself, but it can only mean the names with a
//! word starting with that letter, which are listed instead.

use super::NameIndex;

/// The most postings read for an initial: enough for any list shown, bounded at a million names.
const INITIAL_POSTINGS: usize = 20_000;

impl NameIndex {
    /// Targets with a word starting with `letter` (a folded letter or digit), alphabetically, at
    /// most `limit`. At scale, drawn from the first [`INITIAL_POSTINGS`] names that have one.
    pub fn with_initial(&self, letter: &str, limit: usize) -> Vec<usize> {
        let mut targets: Vec<u32> = Vec::new();
        for v in self.prefix_range(letter) {
            targets.extend(
                self.postings_of(v)
                    .iter()
                    .map(|p| self.keys[p.key as usize].target),
            );
            if targets.len() >= INITIAL_POSTINGS {
                break;
            }
        }
        targets.sort_unstable_by_key(|&t| self.rank[t as usize]);
        targets.dedup();
        targets.truncate(limit);
        targets.into_iter().map(|t| t as usize).collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_initial_lists_the_names_with_a_word_starting_with_it() {
        let names = [
            "Guillaume Lample",
            "Naman Goyal",
            "Hugo Touvron",
            "Gautier Izacard",
        ];
        let index = NameIndex::new(names.iter().map(|n| std::iter::once(*n)));
        let found: Vec<&str> = index
            .with_initial("g", 10)
            .into_iter()
            .map(|t| names[t])
            .collect();
        assert_eq!(
            found,
            ["Gautier Izacard", "Guillaume Lample", "Naman Goyal"]
        );
        assert_eq!(index.with_initial("g", 1).len(), 1);
        assert!(index.with_initial("x", 10).is_empty());
    }
}
