//! The reference search: every name scored with the string scorer. It is the definition the index
//! must reproduce, checked by the property tests; nothing in the product calls it.

use std::collections::{HashMap, HashSet};

use super::score::{NameKey, place_vote, score_explained_in};
use super::{Hit, Query, RankedHit, Ranking, rank_hits};

/// Scores every name with the reference scorer and ranks them as the index does. `targets` are the
/// names of each target, as given to [`NameIndex::new`](super::NameIndex::new).
pub fn brute_force(targets: &[Vec<String>], query: &Query, limit: usize) -> Ranking {
    let rank = alphabetical_ranks(targets);
    let votes = leads(targets);
    let leads = |text: &str| votes.get(text).is_none_or(|&v| v >= 0);
    let mut matches = Vec::new();
    let mut near = Vec::new();
    for (target, names) in targets.iter().enumerate() {
        for (which_name, text) in names.iter().enumerate() {
            let score = score_explained_in(query, &NameKey::new(text), leads).0;
            let ranked = RankedHit {
                hit: Hit {
                    target,
                    score,
                    which_name,
                },
                rank: rank[target],
            };
            if score.is_match() {
                matches.push(ranked);
            } else if score.is_near() {
                near.push(ranked);
            }
        }
    }
    let matches = rank_hits(matches, limit);
    let matched: HashSet<usize> = matches.iter().map(|h| h.target).collect();
    near.retain(|r| !matched.contains(&r.hit.target));
    Ranking {
        matches,
        near: rank_hits(near, limit),
    }
}

/// For each word of the names, the votes for its usual place (see [`place_vote`]; a compound
/// starts a name when its first token does): first where they add up to 0 or more.
fn leads(targets: &[Vec<String>]) -> HashMap<String, i64> {
    let mut votes: HashMap<String, i64> = HashMap::new();
    for name in targets.iter().flatten() {
        for part in NameKey::new(name).parts {
            *votes.entry(part.text).or_default() += i64::from(place_vote(part.covers));
        }
    }
    votes
}

/// Each target's place in the alphabetical order of its shown (first) name, folded.
fn alphabetical_ranks(targets: &[Vec<String>]) -> Vec<u32> {
    let mut shown: Vec<(String, usize)> = targets
        .iter()
        .enumerate()
        .map(|(t, names)| {
            (
                NameKey::new(names.first().map_or("", String::as_str)).folded,
                t,
            )
        })
        .collect();
    shown.sort();
    let mut rank = vec![0u32; targets.len()];
    for (r, (_, t)) in shown.iter().enumerate() {
        rank[*t] = r as u32;
    }
    rank
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::NameIndex;

    fn names(list: &[&str]) -> Vec<Vec<String>> {
        list.iter().map(|n| vec![n.to_string()]).collect()
    }

    #[test]
    fn the_index_agrees_with_brute_force() {
        let targets = names(&[
            "Maria Garcia",
            "Mario Rossi",
            "Marianne Dupont",
            "Marie-Anne Lachaux",
            "Mariana Silva",
            "Maria",
            "Garcia Lopez",
            "Jean-Pierre Martin",
            "Lamplé Guillaume",
            "Wei Xu",
            "Wei Xun",
            "Ana Lee",
            "Ana Leal",
            "Nguyen Van An",
            "Diego Ramos",
            "Diego Abad",
            "Laura Alonso",
            "Felipe Lima",
            "Felipe Limon",
            "Michel Dupont",
            "Agathe Michel",
            "Michel",
            "Zoé Michel",
            "Henry Abreu",
            "Anne Henry",
            "Paul Henry",
            "Kumar Andreasson",
            "Arjun Kumar",
            "Aditi Kumar",
            "Ravi Kumar",
            "Priya Kumar",
            "Sunil Kumar",
        ]);
        let index = NameIndex::new(targets.iter().map(|n| n.iter().map(String::as_str)));
        for q in [
            "maria",
            "mar",
            "mari",
            "garcia",
            "garsia",
            "maria garcia",
            "m garcia",
            "marieanne",
            "marie anne",
            "jean pierre",
            "lample",
            "lampel guillaume",
            "ma",
            "xyz",
            "g",
            "rossi m",
            "wei xi",
            "xi wei",
            "xi",
            "ana lea",
            "nguyen vna an",
            "diego rmaso",
            "rmaso",
            "xi w",
            "lnra alonso",
            "felipe liamm",
            "felipe lmia",
            "michel",
            "mich",
            "michel agathe",
            "henry",
            "hen",
            "kumar",
            "kum",
        ] {
            let query = Query::new(q);
            for limit in [1, 3, 25] {
                assert_eq!(
                    index.search(&query, limit).matches,
                    brute_force(&targets, &query, limit).matches,
                    "{q:?} limit {limit}"
                );
            }
        }
    }
}
