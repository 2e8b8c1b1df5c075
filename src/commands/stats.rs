//! `/stats [COMPANY]`: the story in figures, computed from the dataset: how many authors, how many
//! stayed and who, how long those who left had stayed, where they went, the first and last to leave.
//! With a company, the same figures for the people now there.

use std::fmt::Write as _;

use super::answer::{Answer, Choice, Explained, Listing, NotFoundWords, Show, Suggestion};
use super::buttons::{self, Pressed};
use super::lookup;
use super::{OptionSpec, SlashCommand, Spec};
use crate::catalog::Catalog;
use crate::dataset::{Company, Dataset, Departure, Person, Tenure};
use crate::reply::{self, Embed, Noun, Reply, bold, safe};

/// Colour of the figures.
pub const COLOR_STATS: u32 = 0x57_F2_87;
/// Companies listed in "where they went"; the rest are counted.
const COMPANIES_LISTED: usize = 15;
/// Names listed of those still at Meta; the rest are counted.
const STAYED_LISTED: usize = 10;

static SPEC: Spec = Spec {
    name: "stats",
    description: "The LLaMA authors in figures: who stayed, who left, for how long, where they went",
    option: Some(OptionSpec {
        name: "company",
        description: "Only the authors now at this company (optional)",
        required: false,
        placeholder: "COMPANY",
    }),
    example: "/stats",
};

static NOT_FOUND: NotFoundWords = NotFoundWords {
    title: "No company found",
    lead: "No company in the dataset matches",
    hint: "a company's name, or nothing for everyone",
};

#[derive(Debug, Clone, Copy)]
pub struct Stats;

impl SlashCommand for Stats {
    fn spec(&self) -> &'static Spec {
        &SPEC
    }

    fn run(&self, catalog: &Catalog, name: &str) -> Reply {
        answer(catalog, name).reply(&reply::footer(catalog.dataset()))
    }

    fn complete(&self, catalog: &Catalog, partial: &str) -> Vec<Choice> {
        super::company::CompanyCommand.complete(catalog, partial)
    }

    fn explain(&self, catalog: &Catalog, name: &str) -> Vec<Explained> {
        super::company::CompanyCommand.explain(catalog, name)
    }

    /// `v1:stats:<company id>`: the figures for that company, if it still exists.
    fn press(&self, catalog: &Catalog, what: &str) -> Option<Pressed> {
        let ds = catalog.dataset();
        let c = ds.companies().iter().position(|c| c.id == what)?;
        let figures = Figures::of(ds, catalog.roster(c).iter(), Some(&ds.companies()[c]));
        Some(Pressed::new_message(
            Answer::Found(figures).reply(&reply::footer(ds)),
        ))
    }
}

/// A departure and who left then.
#[derive(Debug, Clone, Copy)]
pub struct Left<'a> {
    pub when: Departure,
    pub who: &'a Person,
}

/// The figures, for everyone or for the people at one company.
#[derive(Debug, Clone)]
pub struct Figures<'a> {
    /// `None` for everyone.
    pub company: Option<&'a Company>,
    pub home: &'a Company,
    pub authors: usize,
    /// Those still at the home company, in file order.
    pub stayed: Vec<&'a Person>,
    pub left: usize,
    /// Over those who left with a known time at Meta.
    pub average_stay: Option<Tenure>,
    pub median_stay: Option<Tenure>,
    pub stays_known: usize,
    /// Companies of those who left, most people first, then by name.
    pub went_to: Vec<(&'a Company, usize)>,
    pub first_to_leave: Option<Left<'a>>,
    pub last_to_leave: Option<Left<'a>>,
}

impl<'a> Figures<'a> {
    /// One pass over `people`.
    pub fn of(
        ds: &'a Dataset,
        people: impl Iterator<Item = &'a Person>,
        company: Option<&'a Company>,
    ) -> Figures<'a> {
        let mut per_company = vec![0usize; ds.companies().len()];
        let (mut authors, mut stayed, mut stays) = (0, Vec::new(), Vec::new());
        let (mut first, mut last): (Option<Left>, Option<Left>) = (None, None);
        for p in people {
            authors += 1;
            if ds.is_still_home(p) {
                stayed.push(p);
                continue;
            }
            per_company[p.company()] += 1;
            if let Some(t) = p.time_at_meta {
                stays.push(t.total_months());
            }
            if let Some(when) = p.left_meta {
                let left = Left { when, who: p };
                // Ties keep the file's order: the first seen stays first.
                if first.is_none_or(|f| when.earliest() < f.when.earliest()) {
                    first = Some(left);
                }
                if last.is_none_or(|l| when.latest() > l.when.latest()) {
                    last = Some(left);
                }
            }
        }
        let mut went_to: Vec<(&Company, usize)> = per_company
            .iter()
            .enumerate()
            .filter(|&(_, &n)| n > 0)
            .map(|(c, &n)| (&ds.companies()[c], n))
            .collect();
        went_to.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.name.cmp(&b.0.name)));
        stays.sort_unstable();
        Figures {
            company,
            home: ds.home(),
            authors,
            left: authors - stayed.len(),
            stayed,
            average_stay: average(&stays),
            median_stay: median(&stays),
            stays_known: stays.len(),
            went_to,
            first_to_leave: first,
            last_to_leave: last,
        }
    }
}

fn tenure(months: u32) -> Tenure {
    Tenure {
        years: (months / 12) as u16,
        months: (months % 12) as u16,
    }
}

/// The mean, to the nearest month.
fn average(months: &[u32]) -> Option<Tenure> {
    let n = months.len() as u64;
    let sum: u64 = months.iter().map(|&m| u64::from(m)).sum();
    (n > 0).then(|| tenure(((sum + n / 2) / n) as u32))
}

/// The middle value of sorted months; for an even count, the mean of the two middle ones, to the
/// nearest month.
fn median(sorted: &[u32]) -> Option<Tenure> {
    let n = sorted.len();
    match n {
        0 => None,
        _ if n % 2 == 1 => Some(tenure(sorted[n / 2])),
        _ => Some(tenure((sorted[n / 2 - 1] + sorted[n / 2]).div_ceil(2))),
    }
}

/// Answers `/stats` (everyone) or `/stats company`.
pub fn answer<'a>(catalog: &'a Catalog, company: &str) -> Answer<Figures<'a>> {
    let ds = catalog.dataset();
    if company.trim().is_empty() {
        return Answer::Found(Figures::of(ds, ds.people().iter(), None));
    }
    let companies = ds.companies();
    match lookup::find(catalog.company_index(), company) {
        Ok(m) => Answer::Found(Figures::of(
            ds,
            catalog.roster(m.best).iter(),
            Some(&companies[m.best]),
        )),
        Err(miss) => miss.answer(
            &NOT_FOUND,
            SPEC.example,
            company,
            |t| Suggestion {
                name: companies[t].name.clone(),
                button: buttons::pick(SPEC.name, &companies[t].id, &companies[t].name),
            },
            Some(Listing {
                title: "Known companies",
                names: companies.iter().map(|c| safe(&c.name)).collect(),
            }),
        ),
    }
}

impl Figures<'_> {
    fn stays_text(&self) -> String {
        match (self.average_stay, self.median_stay) {
            (Some(avg), Some(med)) => format!(
                "average {avg}; median {med} (over {} {})",
                self.stays_known,
                Noun::AUTHOR.count(self.stays_known)
            ),
            _ => "not known".to_owned(),
        }
    }

    fn went_to_text(&self) -> String {
        let mut text = String::new();
        for (company, n) in self.went_to.iter().take(COMPANIES_LISTED) {
            let _ = writeln!(text, "{} — {n}", safe(&company.name));
        }
        if self.went_to.len() > COMPANIES_LISTED {
            let _ = write!(
                text,
                "… and {} more companies",
                self.went_to.len() - COMPANIES_LISTED
            );
        }
        text
    }

    fn stayed_text(&self) -> String {
        let mut names: Vec<String> = self
            .stayed
            .iter()
            .take(STAYED_LISTED)
            .map(|p| safe(&p.name))
            .collect();
        if self.stayed.len() > STAYED_LISTED {
            names.push(format!("… and {} more", self.stayed.len() - STAYED_LISTED));
        }
        format!("{}: {}", self.stayed.len(), names.join(", "))
    }
}

fn departure_text(left: Option<Left<'_>>) -> String {
    left.map_or_else(
        || "—".to_owned(),
        |l| format!("{} ({})", l.when, safe(&l.who.name)),
    )
}

impl Show for Figures<'_> {
    fn embed(&self, footer: &str) -> Embed {
        let home = safe(&self.home.name);
        let (title, summary) = match self.company {
            None => (
                "The LLaMA authors, in figures".to_owned(),
                format!(
                    "Of **{}** {}, **{}** {} still at {home}; **{}** left.",
                    self.authors,
                    Noun::AUTHOR.count(self.authors),
                    self.stayed.len(),
                    if self.stayed.len() == 1 { "is" } else { "are" },
                    self.left
                ),
            ),
            Some(c) => (
                format!("At {}, in figures", c.name),
                format!(
                    "**{}** {} now at {}.",
                    self.authors,
                    Noun::AUTHOR.count(self.authors),
                    bold(&c.name)
                ),
            ),
        };
        let mut e = Embed::new(&title, COLOR_STATS);
        if !self.stayed.is_empty() {
            e = e.field(&format!("Still at {home}"), &self.stayed_text(), false);
        }
        if self.left > 0 {
            e = e
                .field(
                    &format!("Time at {home}, of those who left"),
                    &self.stays_text(),
                    false,
                )
                .field("Where they went", &self.went_to_text(), false)
                .field("First to leave", &departure_text(self.first_to_leave), true)
                .field("Last to leave", &departure_text(self.last_to_leave), true);
        }
        e.footer(footer).description(&summary)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn median_and_average_round_to_the_month() {
        assert_eq!(median(&[]), None);
        assert_eq!(median(&[10]), Some(tenure(10)));
        assert_eq!(median(&[10, 13]), Some(tenure(12)));
        assert_eq!(average(&[12, 13]), Some(tenure(13)));
        assert_eq!(average(&[12, 12, 13]), Some(tenure(12)));
    }
}
