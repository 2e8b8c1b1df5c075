//! `/stats [COMPANY]`: the story in figures, computed from the dataset: how many authors, how many
//! stayed and who, how long those who left had stayed, where they went, the first and last to leave.
//! With a company, the same figures for the people now there.

use std::fmt::Write as _;

use super::answer::{Answer, Choice, Explained, Listing, NotFoundWords, Show, Suggestion};
use super::buttons::{self, Pressed};
use super::lookup;
use super::{OptionSpec, SlashCommand, Spec};
use crate::catalog::Catalog;
use crate::chart;
use crate::dataset::{Company, Dataset, Departure, Person, Tenure};
use crate::i18n::Locale;
use crate::reply::{Attachment, Embed, Reply, bold, safe};
use tracing::warn;

/// Colour of the figures.
pub const COLOR_STATS: u32 = crate::chart::BAR_COLOUR;
/// Companies listed in "where they went"; the rest are counted.
const COMPANIES_LISTED: usize = 15;
/// Names listed of those still at Meta; the rest are counted.
const STAYED_LISTED: usize = 10;

static SPEC: Spec = Spec {
    name: "stats",
    description_id: "stats-description",
    option: Some(OptionSpec {
        name: "company",
        description_id: "stats-option",
        required: false,
        placeholder: "COMPANY",
    }),
    example: "/stats",
};

static NOT_FOUND: NotFoundWords = NotFoundWords {
    title: "company-not-found-title",
    lead: "company-not-found-lead",
    hint: "stats-not-found-hint",
};

#[derive(Debug, Clone, Copy)]
pub struct Stats;

impl SlashCommand for Stats {
    fn spec(&self) -> &'static Spec {
        &SPEC
    }

    fn run_in(&self, catalog: &Catalog, name: &str, locale: Locale) -> Reply {
        answer(catalog, name).reply(super::footer(catalog, locale), locale)
    }

    fn complete_in(&self, catalog: &Catalog, partial: &str, locale: Locale) -> Vec<Choice> {
        super::company::CompanyCommand.complete_in(catalog, partial, locale)
    }

    fn explain(&self, catalog: &Catalog, name: &str) -> Vec<Explained> {
        super::company::CompanyCommand.explain(catalog, name)
    }

    /// `v1:stats:<company id>`: the figures for that company, if it still exists.
    fn press(&self, catalog: &Catalog, what: &str, locale: Locale) -> Option<Pressed> {
        let ds = catalog.dataset();
        let c = ds.company_index_of(what)?;
        let figures = Figures::of(ds, catalog.roster(c).iter(), Some(&ds.companies()[c]));
        Some(Pressed::new_message(
            Answer::Found(figures).reply(super::footer(catalog, locale), locale),
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
    /// For everyone, the catalog that keeps the picture ("where they went"); `None` for one
    /// company, whose figures have no picture.
    pub chart: Option<&'a Catalog>,
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
            chart: None,
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
        let figures = Figures {
            chart: Some(catalog),
            ..Figures::of(ds, ds.people().iter(), None)
        };
        return Answer::Found(figures);
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
                title: "known-companies",
                names: companies.iter().map(|c| safe(&c.name)).collect(),
            }),
        ),
    }
}

impl Figures<'_> {
    fn stays_text(&self, locale: Locale) -> String {
        match (self.average_stay, self.median_stay) {
            (Some(avg), Some(med)) => locale
                .format(
                    "stats-stays",
                    &[
                        ("average", (&locale.tenure(avg)).into()),
                        ("median", (&locale.tenure(med)).into()),
                        ("n", self.stays_known.into()),
                    ],
                )
                .into_owned(),
            _ => locale.text("stats-stays-unknown").into_owned(),
        }
    }

    fn went_to_text(&self, locale: Locale) -> String {
        let mut text = String::new();
        for (company, n) in self.went_to.iter().take(COMPANIES_LISTED) {
            let _ = writeln!(text, "{} — {n}", safe(&company.name));
        }
        if self.went_to.len() > COMPANIES_LISTED {
            let more = self.went_to.len() - COMPANIES_LISTED;
            text.push_str(&locale.format("more-companies", &[("n", more.into())]));
        }
        text
    }

    fn stayed_text(&self, locale: Locale) -> String {
        let mut names: Vec<String> = self
            .stayed
            .iter()
            .take(STAYED_LISTED)
            .map(|p| safe(&p.name))
            .collect();
        if self.stayed.len() > STAYED_LISTED {
            let more = self.stayed.len() - STAYED_LISTED;
            names.push(
                locale
                    .format("more-names", &[("n", more.into())])
                    .into_owned(),
            );
        }
        let names = names.join(", ");
        locale
            .format(
                "stats-stayed",
                &[("n", self.stayed.len().into()), ("names", (&names).into())],
            )
            .into_owned()
    }
}

fn departure_text(left: Option<Left<'_>>, locale: Locale) -> String {
    left.map_or_else(
        || "—".to_owned(),
        |l| format!("{} ({})", locale.date(l.when), safe(&l.who.name)),
    )
}

impl Figures<'_> {
    /// "Where they went" as bars, most first: those still at Meta, then each company.
    pub fn bars(&self, locale: Locale) -> Vec<chart::Bar> {
        let home = [("home", (&self.home.name).into())];
        let mut bars: Vec<chart::Bar> = self
            .went_to
            .iter()
            .map(|(company, n)| chart::Bar {
                label: company.name.clone(),
                count: *n,
                home: false,
            })
            .collect();
        if !self.stayed.is_empty() {
            bars.push(chart::Bar {
                label: locale.format("chart-still-home", &home).into_owned(),
                count: self.stayed.len(),
                home: true,
            });
        }
        // Stable: a tie keeps "still at Meta" after the companies, and those by name.
        bars.sort_by_key(|bar| std::cmp::Reverse(bar.count));
        bars
    }

    /// The picture, as a PNG attachment; `None` (logged) if it cannot be made.
    fn render(&self, locale: Locale) -> Option<Attachment> {
        let (title, unit, others) = (
            locale.text("chart-title"),
            locale.text("chart-unit"),
            locale.text("chart-others"),
        );
        let bars = self.bars(locale);
        let picture = chart::Chart {
            title: &title,
            bars: &bars,
            unit: &unit,
            others: &others,
        };
        match chart::render(&picture) {
            Ok(png) => Some(Attachment {
                filename: chart::FILE_NAME.to_owned(),
                bytes: png.into(),
            }),
            Err(err) => {
                warn!("the /stats chart could not be made: {err}");
                None
            }
        }
    }
}

impl Show for Figures<'_> {
    /// For everyone, "where they went" as a bar chart, made once per load and language.
    fn image(&self, locale: Locale) -> Option<Attachment> {
        self.chart?.chart(locale, || self.render(locale))
    }

    fn embed(&self, footer: &str, locale: Locale) -> Embed {
        let home = safe(&self.home.name);
        let at_home = [("home", (&home).into())];
        let (title, summary) = match self.company {
            None => (
                locale.text("stats-title"),
                locale.format(
                    "stats-summary",
                    &[
                        ("authors", self.authors.into()),
                        ("stayed", self.stayed.len().into()),
                        ("home", (&home).into()),
                        ("left", self.left.into()),
                    ],
                ),
            ),
            Some(c) => (
                locale.format("stats-company-title", &[("company", (&c.name).into())]),
                locale.format(
                    "stats-company-summary",
                    &[
                        ("authors", self.authors.into()),
                        ("company", (&bold(&c.name)).into()),
                    ],
                ),
            ),
        };
        let mut e = Embed::new(&title, COLOR_STATS);
        if !self.stayed.is_empty() {
            e = e.field(
                &locale.format("stats-still-home", &at_home),
                &self.stayed_text(locale),
                false,
            );
        }
        if self.left > 0 {
            e = e
                .field(
                    &locale.format("stats-time-at", &at_home),
                    &self.stays_text(locale),
                    false,
                )
                .field(
                    &locale.text("stats-went-to"),
                    &self.went_to_text(locale),
                    false,
                )
                .field(
                    &locale.text("stats-first"),
                    &departure_text(self.first_to_leave, locale),
                    true,
                )
                .field(
                    &locale.text("stats-last"),
                    &departure_text(self.last_to_leave, locale),
                    true,
                );
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
