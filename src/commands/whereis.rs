//! `/whereis NAME`: where a researcher works now, their role, when they left Meta, how long they
//! stayed.

use super::answer::{
    Answer, Choice, Elsewhere, Explained, NotFoundWords, Show, Suggestion, Tie, TieWords,
};
use super::buttons::{self, Pressed};
use super::lookup::{self, Matches};
use super::{OptionSpec, SlashCommand, Spec};
use crate::catalog::Catalog;
use crate::dataset::{Company, Dataset, Paper, Person};
use crate::i18n::Locale;
use crate::reply::{Button, Embed, Reply, Rows, bold, safe};

/// Colour of a reply about someone who left.
pub const COLOR_LEFT: u32 = 0xE6_7E_22;
/// Colour of a reply about someone still at Meta (Meta's blue).
pub const COLOR_STAYED: u32 = 0x08_66_FF;

static SPEC: Spec = Spec {
    name: "whereis",
    description_id: "whereis-description",
    option: Some(OptionSpec {
        name: "name",
        description_id: "whereis-option",
        required: true,
        placeholder: "NAME",
    }),
    example: "/whereis Lample",
};

static TIE: TieWords = TieWords {
    title: "whereis-tie-title",
    text: "whereis-tie",
};

static NOT_FOUND: NotFoundWords = NotFoundWords {
    title: "whereis-not-found-title",
    lead: "whereis-not-found-lead",
    hint: "whereis-not-found-hint",
};

#[derive(Debug, Clone, Copy)]
pub struct Whereis;

impl SlashCommand for Whereis {
    fn spec(&self) -> &'static Spec {
        &SPEC
    }

    fn run_in(&self, catalog: &Catalog, name: &str, locale: Locale) -> Reply {
        answer(catalog, name).reply(super::footer(catalog, locale), locale)
    }

    /// Choices name a person and their company: nothing to translate.
    fn complete_in(&self, catalog: &Catalog, partial: &str, _locale: Locale) -> Vec<Choice> {
        let ds = catalog.dataset();
        lookup::complete(catalog.people_index(), partial, |t| {
            let p = &ds.people()[t];
            Choice {
                name: format!("{} · {}", p.name, ds.company_of(p).name),
                value: p.name.clone(),
            }
        })
    }

    fn explain(&self, catalog: &Catalog, name: &str) -> Vec<Explained> {
        let people = catalog.dataset().people();
        lookup::explain(catalog.people_index(), name, |h| {
            let n = people[h.target].name.clone();
            (n.clone(), n)
        })
    }

    /// `v1:whereis:<name>`: the person of that exact name, if still in the data.
    fn press(&self, catalog: &Catalog, what: &str, locale: Locale) -> Option<Pressed> {
        let ds = catalog.dataset();
        let matches = lookup::find(catalog.people_index(), what).ok()?;
        let exact = std::iter::once(matches.best)
            .chain(matches.others.iter().copied())
            .find(|&t| ds.people()[t].name == what)?;
        let found = Found::of(
            ds,
            Matches {
                best: exact,
                others: Vec::new(),
                tied: 0,
            },
        );
        let reply = Answer::Found(found).reply(super::footer(catalog, locale), locale);
        Some(Pressed::new_message(reply))
    }
}

/// The button that answers `/whereis` for this person.
pub(super) fn pick(person: &Person) -> Option<Button> {
    buttons::pick(SPEC.name, &person.name, &person.name)
}

/// Someone found, with everything their reply shows.
#[derive(Debug, Clone)]
pub struct Found<'a> {
    pub person: &'a Person,
    pub company: &'a Company,
    /// The company whose alumni the data follows (Meta).
    pub home: &'a Company,
    pub still_home: bool,
    pub papers: Vec<&'a Paper>,
    /// Others who matched about as well.
    pub others: Vec<&'a Person>,
}

impl<'a> Found<'a> {
    fn of(ds: &'a Dataset, matches: Matches) -> Found<'a> {
        let person = &ds.people()[matches.best];
        Found {
            person,
            company: ds.company_of(person),
            home: ds.home(),
            still_home: ds.is_still_home(person),
            papers: ds.papers_of(person).collect(),
            others: matches.others.iter().map(|&t| &ds.people()[t]).collect(),
        }
    }
}

/// Answers `/whereis name`.
pub fn answer<'a>(catalog: &'a Catalog, name: &str) -> Answer<Found<'a>> {
    let ds = catalog.dataset();
    match lookup::find(catalog.people_index(), name) {
        Ok(matches) if matches.tied > 0 => Answer::Tie(Tie {
            words: &TIE,
            query: name.to_owned(),
            candidates: matches
                .tied()
                .map(|t| {
                    let p = &ds.people()[t];
                    Suggestion {
                        name: p.name.clone(),
                        button: pick(p),
                    }
                })
                .collect(),
        }),
        Ok(matches) => Answer::Found(Found::of(ds, matches)),
        Err(miss) => miss
            .answer(
                &NOT_FOUND,
                SPEC.example,
                name,
                |t| {
                    let p = &ds.people()[t];
                    Suggestion {
                        name: p.name.clone(),
                        button: pick(p),
                    }
                },
                None,
            )
            .or_elsewhere(|| {
                let m = lookup::find(catalog.company_index(), name).ok()?;
                let company = &ds.companies()[m.best];
                Some(Elsewhere {
                    message: "whereis-is-a-company",
                    name: company.name.clone(),
                    command: format!("/company {}", name.trim()),
                    button: super::company::pick(company),
                })
            }),
    }
}

impl Show for Found<'_> {
    /// The others that matched, each a button.
    fn buttons(&self, _locale: Locale) -> Rows {
        Rows::default().wrap(self.others.iter().filter_map(|p| pick(p)))
    }

    fn embed(&self, footer: &str, locale: Locale) -> Embed {
        let (person, home) = (self.person, &self.home.name);
        let color = if self.still_home {
            COLOR_STAYED
        } else {
            COLOR_LEFT
        };
        let at_home = [("home", home.into())];
        let mut e = Embed::new(&person.name, color)
            .field(&locale.text("whereis-role"), &safe(&person.role), true)
            .field(
                &locale.text("whereis-company"),
                &safe(&self.company.name),
                true,
            );
        let left = if self.still_home {
            locale.format("whereis-still-home", &at_home)
        } else {
            person
                .left_meta
                .map_or_else(|| locale.text("whereis-left-unknown"), |d| locale.date(d))
        };
        e = e.field(&locale.format("whereis-left", &at_home), &left, true);
        if let Some(t) = person.time_at_meta {
            e = e.field(
                &locale.format("whereis-time-at", &at_home),
                &locale.tenure(t),
                true,
            );
        }
        let papers: Vec<String> = self
            .papers
            .iter()
            .map(|p| format!("{} ({})", safe(&p.title), p.year))
            .collect();
        if !papers.is_empty() {
            e = e.field(&locale.text("whereis-paper"), &papers.join("\n"), false);
        }
        if !self.others.is_empty() {
            let names: Vec<String> = self.others.iter().map(|p| safe(&p.name)).collect();
            e = e.field(&locale.text("also-matching"), &names.join(", "), false);
        }
        let (role, company) = (safe(&person.role), bold(&self.company.name));
        let summary = if self.still_home {
            locale.format(
                "whereis-summary-stayed",
                &[("role", (&role).into()), ("company", (&company).into())],
            )
        } else {
            locale.format(
                "whereis-summary-left",
                &[
                    ("role", (&role).into()),
                    ("company", (&company).into()),
                    ("home", (&safe(home)).into()),
                ],
            )
        };
        e.footer(footer).description(&summary)
    }
}
