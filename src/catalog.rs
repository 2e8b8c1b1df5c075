//! A dataset with its people and companies indexed for search, and each company's roster. Built
//! once per dataset (and again on reload).

use std::path::Path;
use std::sync::OnceLock;

use crate::dataset::{CompanyIndex, Dataset, DatasetError, Departure, Person, YearMonth};
use crate::i18n::Locale;
use crate::reply::Attachment;
use crate::search::NameIndex;

#[derive(Debug, Clone)]
pub struct Catalog {
    dataset: Dataset,
    people: NameIndex,
    companies: NameIndex,
    /// Each company's people, in roster order.
    rosters: Vec<Vec<u32>>,
    /// Those who left with a known date, oldest first (ties in file order): the timeline, sorted
    /// once per load.
    departures: Vec<u32>,
    /// The `/stats` picture in each language, made on first use and then kept: once per load.
    charts: [OnceLock<Option<Attachment>>; Locale::ALL.len()],
    /// The replies' footer in each language, written on first use: it depends only on the data.
    footers: [OnceLock<String>; Locale::ALL.len()],
}

impl Catalog {
    pub fn new(dataset: Dataset) -> Catalog {
        let people = people_index(dataset.people().iter().map(|p| p.name.as_str()));
        Catalog::with_people_index(dataset, people)
    }

    /// The dataset at `path` (or the embedded one), read as [`Dataset::load`] reads it, with its
    /// people indexed while the records are checked: faster than [`Catalog::new`] on a loaded
    /// dataset, by the time validation takes (a large file's load is mostly these two).
    pub fn load(path: Option<&Path>) -> Result<Catalog, DatasetError> {
        let (dataset, people) = Dataset::load_alongside(path, index_names)?;
        Ok(Catalog::with_people_index(dataset, people))
    }

    /// A dataset from its JSON text, as [`Dataset::from_json`] reads it, with its people indexed
    /// while the records are checked (see [`Catalog::load`]).
    pub fn from_json(text: &str, file: &str) -> Result<Catalog, DatasetError> {
        let (dataset, people) = Dataset::from_json_alongside(text, file, index_names)?;
        Ok(Catalog::with_people_index(dataset, people))
    }

    /// The catalog of a dataset whose people are already indexed, in file order.
    fn with_people_index(dataset: Dataset, people: NameIndex) -> Catalog {
        let ((companies, rosters), departures) = rayon::join(
            || {
                let companies = NameIndex::new(dataset.companies().iter().map(|c| c.names()));
                (companies, rosters(&dataset, &people))
            },
            || departures(&dataset),
        );
        hand_back_memory();
        Catalog {
            dataset,
            people,
            companies,
            rosters,
            departures,
            charts: Default::default(),
            footers: Default::default(),
        }
    }

    /// The picture for `locale`, made by `render` the first time it is asked for (`None` when it
    /// could not be made: a reply goes without).
    pub fn chart(
        &self,
        locale: Locale,
        render: impl FnOnce() -> Option<Attachment>,
    ) -> Option<Attachment> {
        self.charts[locale as usize].get_or_init(render).clone()
    }

    /// The footer of a reply in `locale`: `write` runs once per load and language.
    pub fn footer(&self, locale: Locale, write: impl FnOnce(&Dataset) -> String) -> &str {
        self.footers[locale as usize].get_or_init(|| write(&self.dataset))
    }

    pub fn dataset(&self) -> &Dataset {
        &self.dataset
    }

    /// People by name; targets are indexes into [`Dataset::people`].
    pub fn people_index(&self) -> &NameIndex {
        &self.people
    }

    /// Companies by canonical name and aliases; targets are indexes into [`Dataset::companies`].
    pub fn company_index(&self) -> &NameIndex {
        &self.companies
    }

    /// Everyone at a company, in [roster order](rosters).
    pub fn roster(&self, company: CompanyIndex) -> Roster<'_> {
        Roster {
            people: self.dataset.people(),
            members: &self.rosters[company],
        }
    }

    /// Those who left with a known date, oldest first: a date sorts at the start of what it may
    /// mean ("Early 2023" and "2023" as January 2023); ties keep the file's order.
    pub fn departures(&self) -> impl ExactSizeIterator<Item = &Person> {
        let people = self.dataset.people();
        self.departures.iter().map(move |&i| &people[i as usize])
    }

    /// How many people are at a company.
    pub fn headcount(&self, company: CompanyIndex) -> usize {
        self.rosters[company].len()
    }
}

/// The people at one company, in roster order; made on demand, so a roster of a million costs
/// nothing until it is read.
#[derive(Clone, Copy)]
pub struct Roster<'a> {
    people: &'a [Person],
    members: &'a [u32],
}

impl<'a> Roster<'a> {
    pub fn len(&self) -> usize {
        self.members.len()
    }

    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }

    pub fn iter(&self) -> impl ExactSizeIterator<Item = &'a Person> + use<'a> {
        let people = self.people;
        self.members.iter().map(move |&i| &people[i as usize])
    }
}

impl std::fmt::Debug for Roster<'_> {
    // The count, not the people: a roster may hold a million.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Roster").field("len", &self.len()).finish()
    }
}

/// Those who left with a known date, oldest first, ties in file order.
fn departures(dataset: &Dataset) -> Vec<u32> {
    let all = dataset.people();
    // Sorted by (date, file position): a stable sort's order, by integers alone.
    let mut departures: Vec<(YearMonth, u32)> = (0..all.len() as u32)
        .filter_map(|i| {
            let p = &all[i as usize];
            let left = p.left_meta.filter(|_| !dataset.is_still_home(p))?;
            Some((left.earliest(), i))
        })
        .collect();
    departures.sort_unstable();
    departures.into_iter().map(|(_, i)| i).collect()
}

/// The people's index: one name each, in file order.
fn people_index<'a>(names: impl Iterator<Item = &'a str>) -> NameIndex {
    NameIndex::new(names.map(std::iter::once))
}

fn index_names(names: &[&str]) -> NameIndex {
    people_index(names.iter().copied())
}

/// Gives back to the system what loading freed: glibc keeps it in its arenas otherwise (the file's
/// records, the names as first normalized), hundreds of MiB at a million people.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn hand_back_memory() {
    // SAFETY: malloc_trim only walks glibc's own arenas under their locks; it takes no pointers.
    unsafe {
        libc::malloc_trim(0);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn hand_back_memory() {}

/// Each company's people in roster order: earliest departure first, those with no date last, then
/// by name (accents folded, as the index orders names). Sorted by integer keys: at a million
/// people, comparing the names themselves took half a second.
fn rosters(dataset: &Dataset, people: &NameIndex) -> Vec<Vec<u32>> {
    let all = dataset.people();
    let rank = people.alphabetical_ranks();
    let mut keyed: Vec<Vec<(Option<YearMonth>, u32)>> = vec![Vec::new(); dataset.companies().len()];
    for (i, p) in all.iter().enumerate() {
        keyed[p.company()].push((p.left_meta.map(Departure::earliest), rank[i]));
    }
    let alphabetical = people.alphabetical();
    keyed
        .into_iter()
        .map(|mut roster| {
            // `None` (no date) last: dates first, in order.
            roster.sort_unstable_by_key(|&(when, rank)| (when.is_none(), when, rank));
            roster
                .into_iter()
                .map(|(_, rank)| alphabetical[rank as usize] as u32)
                .collect()
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::{EMBEDDED_JSON, EMBEDDED_NAME};
    use serde_json::json;

    /// A dataset of `n` people, names repeating their words as real ones do, some with accents and
    /// escapes (a name that cannot be borrowed from the text).
    fn people(n: usize) -> String {
        let given = [
            "Anne-Marie",
            "Édouard",
            "Wei",
            "Thị Lan",
            "O'Brien",
            "Zoë \"Z\"",
        ];
        let family = [
            "Nguyễn", "Dupont", "Lample", "Xu", "Müller", "Kowalski", "Ng",
        ];
        let people: Vec<_> = (0..n)
            .map(|i| {
                let name = format!("{} {} {i}", given[i % 6], family[i / 6 % 7]);
                let at_meta = i % 4 == 0;
                let left = (!at_meta && i % 3 > 0)
                    .then(|| format!("20{:02}-{:02}", 10 + i % 15, 1 + i % 12));
                json!({"name": name, "company": if at_meta { "meta" } else { "c1" },
                       "role": "Researcher", "left_meta": left})
            })
            .collect();
        json!({"schema_version": 1, "as_of": "2025-05-26",
               "provenance": {"source": "test", "basis": "generated"},
               "companies": [{"id": "meta", "name": "Meta"}, {"id": "c1", "name": "Mistral AI"}],
               "people": people})
        .to_string()
    }

    /// Indexing the names while the records are checked makes the catalog that indexing the
    /// checked dataset makes: the small shipped file, and one large enough to be read in chunks.
    #[test]
    fn indexing_alongside_makes_the_same_catalog() {
        let large = people(20_000);
        for (text, file) in [(EMBEDDED_JSON, EMBEDDED_NAME), (&large, "large.json")] {
            let alongside = Catalog::from_json(text, file).unwrap();
            let after = Catalog::new(Dataset::from_json(text, file).unwrap());
            assert_eq!(format!("{alongside:?}"), format!("{after:?}"), "{file}");
        }
    }

    /// A refused file is refused with the error that checking it alone gives, whatever the index
    /// made of its names meanwhile (a blank name, a duplicate, an unknown company).
    #[test]
    fn a_refused_file_gives_the_error_of_the_check() {
        let good = people(300);
        for (from, to) in [
            ("\"Wei Nguyễn 2\"", "\"  \""),
            ("\"Wei Nguyễn 2\"", "\"Anne-Marie Nguyễn 0\""),
            ("\"company\":\"c1\"", "\"company\":\"c9\""),
        ] {
            let bad = good.replacen(from, to, 1);
            assert_ne!(bad, good, "{from}");
            let expected = Dataset::from_json(&bad, "bad.json")
                .unwrap_err()
                .to_string();
            let got = Catalog::from_json(&bad, "bad.json")
                .unwrap_err()
                .to_string();
            assert_eq!(got, expected);
        }
    }
}
