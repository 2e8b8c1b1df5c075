//! A dataset with its people and companies indexed for search, and each company's roster. Built
//! once per dataset (and again on reload).

use std::sync::OnceLock;

use crate::dataset::{CompanyIndex, Dataset, Departure, Person, YearMonth};
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
        let people = NameIndex::new(
            dataset
                .people()
                .iter()
                .map(|p| std::iter::once(p.name.as_str())),
        );
        let companies = NameIndex::new(dataset.companies().iter().map(|c| c.names()));
        let rosters = rosters(&dataset, &people);
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
        let departures = departures.into_iter().map(|(_, i)| i).collect();
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
