//! What serde cannot check: references between records, duplicates, and dates and tenures that
//! cannot be. The first problem found refuses the whole file.

use std::collections::hash_map::Entry;
use std::hash::BuildHasher;
use std::sync::Arc;

use super::dates::{Departure, Tenure, YearMonth};
use super::file::{DatasetFile, PersonRecord};
use super::locate::{Segment, Unlocated, at, key};
use super::model::{Company, CompanyIndex, Paper, Person};
use super::quote::{QUOTED_CHARS, clip, quote};
use super::{Dataset, HOME_COMPANY_ID};
use rayon::prelude::*;
use rustc_hash::{FxBuildHasher, FxHashMap as HashMap, FxHashSet as HashSet};

use crate::normalize;

/// Meta, then Facebook, was founded in February 2004: nobody left it, or worked there, earlier.
const HOME_FOUNDED: YearMonth = YearMonth {
    year: 2004,
    month: 2,
};
/// The longest stay the loader believes: longer is a typo, not a career.
const MAX_TENURE_YEARS: u16 = 60;
/// The most known company ids an unknown company's refusal lists: enough to spot the typo, and a
/// file with thousands of companies still gives one line.
const COMPANIES_LISTED: usize = 12;
/// The most characters those ids take together, for the same reason when ids are long.
const COMPANIES_LISTED_CHARS: usize = 200;

fn is_blank(s: &str) -> bool {
    s.trim().is_empty()
}

/// What a person's record is checked against.
struct References<'a> {
    /// Each paper's index in the dataset, by id.
    papers: HashMap<&'a str, u32>,
    companies: HashMap<&'a str, CompanyIndex>,
    home: CompanyIndex,
    now: YearMonth,
    as_of: super::CalendarDate,
}

pub(super) fn validate(
    file: DatasetFile<PersonRecord>,
    source_name: &str,
) -> Result<Dataset, Unlocated> {
    let DatasetFile {
        schema_version,
        as_of,
        provenance,
        papers,
        companies,
        people: records,
    } = file;
    if is_blank(&provenance.source) {
        return Err(Unlocated::new(
            vec![key("provenance"), key("source")],
            None,
            "the source must not be empty",
        ));
    }
    let paper_ids = check_papers(&papers)?;
    let company_ids = check_companies(&companies)?;
    let Some(&home) = company_ids.get(HOME_COMPANY_ID) else {
        return Err(Unlocated::new(
            vec![key("companies")],
            None,
            format!("the home company with id {HOME_COMPANY_ID:?} is missing"),
        ));
    };
    let refs = References {
        papers: paper_ids,
        companies: company_ids,
        home,
        now: as_of.year_month(),
        as_of,
    };
    let (people, paper_lists) = check_people(records, &refs)?;
    Ok(Dataset {
        source_name: source_name.to_owned(),
        schema_version,
        as_of,
        provenance,
        papers,
        paper_lists,
        companies,
        people,
        home,
    })
}

fn check_papers(papers: &[Paper]) -> Result<HashMap<&str, u32>, Unlocated> {
    let mut ids = HashMap::default();
    for (i, paper) in papers.iter().enumerate() {
        let refuse = |field: &str, message: String| {
            Unlocated::new(
                at("papers", i, field),
                Some(format!("paper {}", quote(&paper.id))),
                message,
            )
        };
        if is_blank(&paper.id) {
            return Err(refuse("id", "empty id".into()));
        }
        if ids.insert(paper.id.as_str(), i as u32).is_some() {
            return Err(refuse(
                "id",
                format!("duplicate paper id {}", quote(&paper.id)),
            ));
        }
        if is_blank(&paper.title) {
            return Err(refuse("title", "empty title".into()));
        }
    }
    Ok(ids)
}

/// Ids must be unique, and so must every name and alias once folded: a name finds one company.
fn check_companies(companies: &[Company]) -> Result<HashMap<&str, CompanyIndex>, Unlocated> {
    let mut ids: HashMap<&str, CompanyIndex> = HashMap::default();
    let mut names: HashMap<String, &str> = HashMap::default();
    for (i, company) in companies.iter().enumerate() {
        let record = || Some(format!("company {}", quote(&company.id)));
        if is_blank(&company.id) {
            return Err(Unlocated::new(
                at("companies", i, "id"),
                record(),
                "empty id",
            ));
        }
        if ids.insert(company.id.as_str(), i).is_some() {
            return Err(Unlocated::new(
                at("companies", i, "id"),
                record(),
                format!("duplicate company id {}", quote(&company.id)),
            ));
        }
        for (j, name) in company.names().enumerate() {
            let path = if j == 0 {
                at("companies", i, "name")
            } else {
                let mut p = at("companies", i, "aliases");
                p.push(Segment::Index(j - 1));
                p
            };
            let folded = normalize::fold(name);
            if folded.is_empty() {
                return Err(Unlocated::new(
                    path,
                    record(),
                    "a company name needs at least one letter or digit",
                ));
            }
            match names.get(&folded) {
                Some(other) if *other != company.id => {
                    return Err(Unlocated::new(
                        path,
                        record(),
                        format!(
                            "the name {} is already used by company {}",
                            quote(name),
                            quote(other)
                        ),
                    ));
                }
                _ => {
                    names.insert(folded, company.id.as_str());
                }
            }
        }
    }
    Ok(ids)
}

/// Names must be unique once accents and case are folded: a name finds one person.
/// The people, and the distinct lists of papers they name.
type People = (Vec<Person>, Vec<Box<[u32]>>);

fn check_people(records: Vec<PersonRecord>, refs: &References) -> Result<People, Unlocated> {
    let mut people: Vec<Person> = Vec::with_capacity(records.len());
    // Lists of papers and roles, each stored once.
    let mut lists: HashMap<Box<[u32]>, u32> = HashMap::default();
    let mut paper_lists: Vec<Box<[u32]>> = Vec::new();
    let mut roles: HashSet<Arc<str>> = HashSet::default();
    let mut ids: Vec<u32> = Vec::new();
    let mut names = NameSet::with_capacity(records.len());
    // Each name folded and hashed, and each record's references checked, on every core first:
    // most of the cost, and no record depends on another. `None`: nothing left once folded, or a
    // problem, found again below in file order.
    let checked: Vec<(Option<u64>, Option<CompanyIndex>)> = records
        .par_iter()
        .enumerate()
        .map_init(String::new, |folded, (i, record)| {
            normalize::fold_into(&record.name, folded);
            let hash = (!folded.is_empty()).then(|| hash_of(folded));
            (hash, check_person(i, record, refs).ok())
        })
        .collect();
    for ((i, record), (hash, company)) in records.into_iter().enumerate().zip(checked) {
        let Some(hash) = hash else {
            return Err(Unlocated::new(
                at("people", i, "name"),
                Some(format!("person #{}", i + 1)),
                "a name needs at least one letter or digit",
            ));
        };
        if let Some(first) = names.first_with(hash, i, &record.name, &people) {
            return Err(Unlocated::new(
                at("people", i, "name"),
                Some(format!("person {}", quote(&record.name))),
                format!(
                    "duplicate name: people[{first}] is {}, the same name once accents and case are folded",
                    quote(&people[first].name)
                ),
            ));
        }
        let company = match company {
            Some(company) => company,
            None => check_person(i, &record, refs)?,
        };
        ids.clear();
        ids.extend(record.papers.iter().map(|id| refs.papers[&**id]));
        let papers = match lists.get(ids.as_slice()) {
            Some(&list) => list,
            None => {
                let list = paper_lists.len() as u32;
                paper_lists.push(ids.as_slice().into());
                lists.insert(ids.as_slice().into(), list);
                list
            }
        };
        let role = match roles.get(&*record.role) {
            Some(role) => Arc::clone(role),
            None => {
                let role: Arc<str> = Arc::from(&*record.role);
                roles.insert(Arc::clone(&role));
                role
            }
        };
        people.push(Person {
            name: record.name.into_owned(),
            papers,
            role,
            left_meta: record.left_meta,
            time_at_meta: record.time_at_meta,
            company,
        });
    }
    Ok((people, paper_lists))
}

/// Folded names by their hash, with the first person of each: no folded name is kept. Names whose
/// hashes collide without being equal (never seen, but possible) go to `spill`.
struct NameSet {
    names: HashMap<u64, usize>,
    spill: HashMap<String, usize>,
    folded: String,
    other: String,
}

impl NameSet {
    fn with_capacity(n: usize) -> NameSet {
        NameSet {
            names: HashMap::with_capacity_and_hasher(n, FxBuildHasher),
            spill: HashMap::default(),
            folded: String::new(),
            other: String::new(),
        }
    }

    /// Person `i`'s name, folded to `hash`: the first person with that folded name if `i` is not,
    /// and `i` is noted as the first otherwise.
    fn first_with(&mut self, hash: u64, i: usize, name: &str, people: &[Person]) -> Option<usize> {
        let first = match self.names.entry(hash) {
            Entry::Vacant(slot) => {
                slot.insert(i);
                return None;
            }
            Entry::Occupied(seen) => *seen.get(),
        };
        normalize::fold_into(name, &mut self.folded);
        normalize::fold_into(&people[first].name, &mut self.other);
        if self.other == self.folded {
            return Some(first);
        }
        self.spill.entry(self.other.clone()).or_insert(first);
        match self.spill.entry(self.folded.clone()) {
            Entry::Occupied(e) => Some(*e.get()),
            Entry::Vacant(e) => {
                e.insert(i);
                None
            }
        }
    }
}

/// A hash of a folded name, the same in every run.
fn hash_of(folded: &str) -> u64 {
    FxBuildHasher.hash_one(folded)
}

/// Checks one person's references and dates; returns their company.
fn check_person(i: usize, p: &PersonRecord, refs: &References) -> Result<CompanyIndex, Unlocated> {
    let refuse = |path: Vec<Segment>, message: String| {
        Unlocated::new(path, Some(format!("person {}", quote(&p.name))), message)
    };
    let Some(&company) = refs.companies.get(&*p.company) else {
        return Err(refuse(
            at("people", i, "company"),
            format!(
                "unknown company {} (companies: {})",
                quote(&p.company),
                some_ids(refs.companies.keys().copied())
            ),
        ));
    };
    if is_blank(&p.role) {
        return Err(refuse(at("people", i, "role"), "empty role".into()));
    }
    for (j, paper) in p.papers.iter().enumerate() {
        if !refs.papers.contains_key(&**paper) {
            let mut path = at("people", i, "papers");
            path.push(Segment::Index(j));
            return Err(refuse(path, format!("unknown paper {}", quote(paper))));
        }
    }
    if let Some(left) = p.left_meta {
        departure_problem(left, company, refs)
            .map_or(Ok(()), |m| Err(refuse(at("people", i, "left_meta"), m)))?;
    }
    if let Some(tenure) = p.time_at_meta {
        let end = p.left_meta.map_or(refs.now, Departure::latest);
        tenure_problem(tenure, end)
            .map_or(Ok(()), |m| Err(refuse(at("people", i, "time_at_meta"), m)))?;
    }
    Ok(company)
}

/// The known ids, alphabetically, as many as fit in [`COMPANIES_LISTED`] and
/// [`COMPANIES_LISTED_CHARS`], then how many more: `anthropic, cohere, … (40 more)`.
fn some_ids<'a>(ids: impl Iterator<Item = &'a str>) -> String {
    let mut ids: Vec<&str> = ids.collect();
    ids.sort_unstable();
    let mut listed: Vec<String> = Vec::new();
    let mut chars = 0;
    for id in &ids {
        let shown = clip(id, QUOTED_CHARS);
        chars += shown.chars().count() + 2;
        if listed.len() == COMPANIES_LISTED
            || (chars > COMPANIES_LISTED_CHARS && !listed.is_empty())
        {
            break;
        }
        listed.push(shown);
    }
    if listed.len() < ids.len() {
        listed.push(format!("… ({} more)", ids.len() - listed.len()));
    }
    listed.join(", ")
}

fn departure_problem(left: Departure, company: CompanyIndex, refs: &References) -> Option<String> {
    if company == refs.home {
        Some(format!(
            "has a departure date but their company is {HOME_COMPANY_ID:?}: remove left_meta, or set their new company"
        ))
    } else if left.earliest() > refs.now {
        Some(format!(
            "left in {left}, after the dataset's as_of date {}",
            refs.as_of
        ))
    } else if left.latest() < HOME_FOUNDED {
        Some(format!(
            "left in {left}, before Meta (then Facebook) existed"
        ))
    } else {
        None
    }
}

/// `end` is the latest month the stay can have ended: the departure, or the dataset's date.
fn tenure_problem(tenure: Tenure, end: YearMonth) -> Option<String> {
    let possible = end.months_since(HOME_FOUNDED).max(0) as u32 + 1;
    if tenure.months > 11 {
        Some(format!(
            "{} months: write 12 months or more as years",
            tenure.months
        ))
    } else if tenure.total_months() == 0 {
        Some("a time of 0 months: leave time_at_meta out when it is unknown".into())
    } else if tenure.years > MAX_TENURE_YEARS {
        Some(format!("{tenure} is longer than anyone's career"))
    } else if tenure.total_months() > possible {
        Some(format!(
            "{tenure} at Meta is impossible: Meta (then Facebook) was founded in February 2004"
        ))
    } else {
        None
    }
}
