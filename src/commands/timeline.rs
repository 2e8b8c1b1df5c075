//! `/timeline`: every departure in order, oldest first, with where each person went and how long
//! they had stayed; those still at Meta, and those with no known date, apart at the end.

use super::answer::{Answer, Choice, Explained, Show};
use super::buttons::{self, Page, Pressed, split_page};
use super::{SlashCommand, Spec};
use crate::catalog::Catalog;
use crate::dataset::{Company, Dataset, Departure, Person};
use crate::i18n::Locale;
use crate::reply::{Embed, Noun, Reply, Rows, bold, safe};

/// Colour of the timeline.
pub const COLOR_TIMELINE: u32 = 0xFE_E7_5C;
/// Names listed in the "still at Meta" and "date not known" fields; the rest are counted.
const NAMES_LISTED: usize = 20;

static SPEC: Spec = Spec {
    name: "timeline",
    description_id: "timeline-description",
    option: None,
    example: "/timeline",
};

#[derive(Debug, Clone, Copy)]
pub struct Timeline;

impl SlashCommand for Timeline {
    fn spec(&self) -> &'static Spec {
        &SPEC
    }

    fn run_in(&self, catalog: &Catalog, _name: &str, locale: Locale) -> Reply {
        answer(catalog).reply(super::footer(catalog, locale), locale)
    }

    /// `v1:timeline:page:<n>`: that page, if there still is one.
    fn press(&self, catalog: &Catalog, what: &str, locale: Locale) -> Option<Pressed> {
        let ("", n) = split_page(what)? else {
            return None;
        };
        let mut found = Found::of(catalog);
        found.page = Page::of(found.departures.len(), n)?;
        let footer = super::footer(catalog, locale);
        Some(Pressed::update(Answer::Found(found).reply(footer, locale)))
    }

    fn complete_in(&self, _catalog: &Catalog, _partial: &str, _locale: Locale) -> Vec<Choice> {
        Vec::new()
    }

    fn explain(&self, _catalog: &Catalog, _name: &str) -> Vec<Explained> {
        Vec::new()
    }
}

/// One departure on the timeline.
#[derive(Debug, Clone, Copy)]
pub struct Entry<'a> {
    pub when: Departure,
    pub who: &'a Person,
    pub to: &'a Company,
}

/// The departures in order, and the people apart.
#[derive(Debug, Clone)]
pub struct Found<'a> {
    /// Oldest first: a date sorts at the start of what it may mean ("Early 2023" and "2023" as
    /// January 2023); ties keep the dataset's order. Made as far as they are read.
    pub departures: Departures<'a>,
    pub home: &'a Company,
    pub stayed: Vec<&'a Person>,
    /// Left, but the source gives no date.
    pub undated: Vec<&'a Person>,
    /// The departures shown.
    pub page: Page,
}

/// The catalog's departures, sorted once per load, as timeline entries.
#[derive(Clone, Copy)]
pub struct Departures<'a> {
    catalog: &'a Catalog,
}

impl<'a> Departures<'a> {
    pub fn len(&self) -> usize {
        self.catalog.departures().len()
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    pub fn iter(&self) -> impl ExactSizeIterator<Item = Entry<'a>> + use<'a> {
        let ds: &'a Dataset = self.catalog.dataset();
        self.catalog.departures().map(move |p| Entry {
            // Only people with a date are departures.
            when: p.left_meta.unwrap_or(Departure::Year {
                year: 0,
                part: None,
            }),
            who: p,
            to: ds.company_of(p),
        })
    }
}

impl std::fmt::Debug for Departures<'_> {
    // The count, not the entries: there may be a million.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Departures")
            .field("len", &self.len())
            .finish()
    }
}

impl<'a> Found<'a> {
    pub fn of(catalog: &'a Catalog) -> Found<'a> {
        let ds = catalog.dataset();
        let departures = Departures { catalog };
        let mut found = Found {
            page: Page::first(departures.len()),
            departures,
            home: ds.home(),
            stayed: Vec::new(),
            undated: Vec::new(),
        };
        for p in ds.people() {
            match (ds.is_still_home(p), p.left_meta) {
                (true, _) => found.stayed.push(p),
                (false, None) => found.undated.push(p),
                (false, Some(_)) => {}
            }
        }
        found
    }
}

/// Answers `/timeline`.
pub fn answer(catalog: &Catalog) -> Answer<Found<'_>> {
    Answer::Found(Found::of(catalog))
}

fn names(people: &[&Person], locale: Locale) -> String {
    let mut list: Vec<String> = people
        .iter()
        .take(NAMES_LISTED)
        .map(|p| safe(&p.name))
        .collect();
    if people.len() > NAMES_LISTED {
        let more = people.len() - NAMES_LISTED;
        list.push(
            locale
                .format("more-names", &[("n", more.into())])
                .into_owned(),
        );
    }
    list.join(", ")
}

impl Show for Found<'_> {
    fn buttons(&self, locale: Locale) -> Rows {
        let id = |n| buttons::custom_id(SPEC.name, &format!("page:{n}"));
        Rows::default().row(self.page.buttons(locale, id))
    }

    fn embed(&self, footer: &str, locale: Locale) -> Embed {
        let home = safe(&self.home.name);
        let n = self.departures.len();
        let head = locale.format(
            "timeline-head",
            &[("n", n.into()), ("home", (&home).into())],
        );
        let shown = self.page.range(n);
        let lines = self
            .departures
            .iter()
            .skip(shown.start)
            .take(shown.len())
            .map(|e| {
                let mut line = format!(
                    "• {} — {} → {}",
                    locale.date(e.when),
                    bold(&e.who.name),
                    safe(&e.to.name)
                );
                if let Some(t) = e.who.time_at_meta {
                    let tenure = locale.tenure(t);
                    line.push(' ');
                    line.push_str(
                        &locale.format("timeline-after", &[("tenure", (&tenure).into())]),
                    );
                }
                line
            });
        let title = locale.format("timeline-title", &[("home", (&self.home.name).into())]);
        let mut e = Embed::new(&title, COLOR_TIMELINE);
        if !self.stayed.is_empty() {
            let field = locale.format(
                "timeline-still-home",
                &[("home", (&home).into()), ("n", self.stayed.len().into())],
            );
            e = e.field(&field, &names(&self.stayed, locale), false);
        }
        if !self.undated.is_empty() {
            let field = locale.format("timeline-undated", &[("n", self.undated.len().into())]);
            e = e.field(&field, &names(&self.undated, locale), false);
        }
        e.footer(&self.page.footer(footer, locale))
            .description_lines(&head, lines, Noun::authors(locale))
    }
}
