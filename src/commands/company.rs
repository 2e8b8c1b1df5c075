//! `/company NAME`: every LLaMA author now at a company, earliest departure first.

use super::answer::{
    Answer, Choice, Elsewhere, Explained, Listing, NotFoundWords, Show, Suggestion, Tie, TieWords,
};
use super::buttons::{self, Page, Pressed, split_page};
use super::lookup;
use super::{OptionSpec, SlashCommand, Spec};
use crate::catalog::{Catalog, Roster};
use crate::dataset::{Company, CompanyIndex};
use crate::i18n::Locale;
use crate::limits::truncate;
use crate::reply::{Button, COLOR_FAILURE, Embed, Noun, Outcome, Reply, Rows, bold, safe};

/// Colour of a company roster.
pub const COLOR_COMPANY: u32 = 0x58_65_F2;
/// The company's name in the roster's head line; the title shows it whole.
const HEAD_NAME_MAX: usize = 100;

static SPEC: Spec = Spec {
    name: "company",
    description_id: "company-description",
    option: Some(OptionSpec {
        name: "name",
        description_id: "company-option",
        required: true,
        placeholder: "NAME",
    }),
    example: "/company Mistral",
};

static TIE: TieWords = TieWords {
    title: "company-tie-title",
    text: "company-tie",
};

static NOT_FOUND: NotFoundWords = NotFoundWords {
    title: "company-not-found-title",
    lead: "company-not-found-lead",
    hint: "company-not-found-hint",
};

#[derive(Debug, Clone, Copy)]
pub struct CompanyCommand;

impl SlashCommand for CompanyCommand {
    fn spec(&self) -> &'static Spec {
        &SPEC
    }

    fn run_in(&self, catalog: &Catalog, name: &str, locale: Locale) -> Reply {
        answer(catalog, name).reply(super::footer(catalog, locale), locale)
    }

    fn complete_in(&self, catalog: &Catalog, partial: &str, locale: Locale) -> Vec<Choice> {
        let companies = catalog.dataset().companies();
        lookup::complete(catalog.company_index(), partial, |t| {
            let name = &companies[t].name;
            let n = catalog.headcount(t);
            Choice {
                name: locale
                    .format(
                        "company-choice",
                        &[("company", name.into()), ("n", n.into())],
                    )
                    .into_owned(),
                value: name.clone(),
            }
        })
    }

    fn explain(&self, catalog: &Catalog, name: &str) -> Vec<Explained> {
        let companies = catalog.dataset().companies();
        lookup::explain(catalog.company_index(), name, |h| {
            let c = &companies[h.target];
            let matched = c.names().nth(h.which_name).unwrap_or(&c.name).to_owned();
            (c.name.clone(), matched)
        })
    }

    /// `v1:company:<id>` (a pick: a new reply) or `v1:company:<id>:page:<n>` (a page: the message
    /// updated), if the company and the page still exist.
    fn press(&self, catalog: &Catalog, what: &str, locale: Locale) -> Option<Pressed> {
        let (id, page) = match split_page(what) {
            Some((id, n)) => (id, Some(n)),
            None => (what, None),
        };
        let company = catalog.dataset().company_index_of(id)?;
        let people = catalog.headcount(company);
        let shown = match page {
            Some(n) => Page::of(people, n)?,
            None => Page::first(people),
        };
        let found = at(catalog, company, shown, Vec::new());
        let reply = Answer::Found(found).reply(super::footer(catalog, locale), locale);
        Some(match page {
            Some(_) => Pressed::update(reply),
            None => Pressed::new_message(reply),
        })
    }
}

/// The button that answers `/company` for this company.
pub(super) fn pick(company: &Company) -> Option<Button> {
    buttons::pick(SPEC.name, &company.id, &company.name)
}

/// The custom id of a page of a company's roster.
fn page_id(company: &Company, n: usize) -> String {
    buttons::custom_id(SPEC.name, &format!("{}:page:{n}", company.id))
}

/// A company found, with everything its reply shows.
#[derive(Debug, Clone)]
pub enum Found<'a> {
    /// Its people.
    Roster {
        company: &'a Company,
        roster: Roster<'a>,
        /// Whether it is the company the data follows alumni of (Meta): its people stayed.
        is_home: bool,
        home: &'a Company,
        /// Other companies that matched about as well.
        others: Vec<&'a Company>,
        /// The part of the roster shown.
        page: Page,
    },
    /// Nobody works there now.
    Nobody {
        company: &'a Company,
        /// The companies one could ask about instead, alphabetically.
        with_authors: Vec<String>,
    },
}

/// Answers `/company name`.
pub fn answer<'a>(catalog: &'a Catalog, name: &str) -> Answer<Found<'a>> {
    let ds = catalog.dataset();
    let companies = ds.companies();
    match lookup::find(catalog.company_index(), name) {
        Ok(matches) if matches.tied > 0 => Answer::Tie(Tie {
            words: &TIE,
            query: name.to_owned(),
            candidates: matches
                .tied()
                .map(|t| Suggestion {
                    name: companies[t].name.clone(),
                    button: pick(&companies[t]),
                })
                .collect(),
        }),
        Ok(matches) => {
            let others = matches.others.iter().map(|&t| &companies[t]).collect();
            let page = Page::first(catalog.headcount(matches.best));
            Answer::Found(at(catalog, matches.best, page, others))
        }
        Err(miss) => miss
            .answer(
                &NOT_FOUND,
                SPEC.example,
                name,
                |t| Suggestion {
                    name: companies[t].name.clone(),
                    button: pick(&companies[t]),
                },
                Some(Listing {
                    title: "known-companies",
                    names: with_authors(catalog),
                }),
            )
            .or_elsewhere(|| {
                let m = lookup::find(catalog.people_index(), name).ok()?;
                let person = &ds.people()[m.best];
                Some(Elsewhere {
                    message: "company-is-a-person",
                    name: person.name.clone(),
                    command: format!("/whereis {}", name.trim()),
                    button: super::whereis::pick(person),
                })
            }),
    }
}

/// A page of the roster of a company, or nobody.
fn at<'a>(
    catalog: &'a Catalog,
    company: CompanyIndex,
    page: Page,
    others: Vec<&'a Company>,
) -> Found<'a> {
    let ds = catalog.dataset();
    if catalog.headcount(company) == 0 {
        return Found::Nobody {
            company: &ds.companies()[company],
            with_authors: with_authors(catalog),
        };
    }
    Found::Roster {
        company: &ds.companies()[company],
        roster: catalog.roster(company),
        is_home: company == ds.home_index(),
        home: ds.home(),
        others,
        page,
    }
}

/// The companies people work at, alphabetically, markdown-safe.
fn with_authors(catalog: &Catalog) -> Vec<String> {
    let companies = catalog.dataset().companies();
    catalog
        .company_index()
        .alphabetical()
        .iter()
        .filter(|&&c| catalog.headcount(c) > 0)
        .map(|&c| safe(&companies[c].name))
        .collect()
}

impl Show for Found<'_> {
    fn outcome(&self) -> Outcome {
        match self {
            Found::Roster { .. } => Outcome::Found,
            Found::Nobody { .. } => Outcome::NotFound,
        }
    }

    /// The others that matched, then the pages.
    fn buttons(&self, locale: Locale) -> Rows {
        match self {
            Found::Roster {
                company,
                others,
                page,
                ..
            } => Rows::default()
                .wrap(others.iter().filter_map(|c| pick(c)))
                .row(page.buttons(locale, |n| page_id(company, n))),
            Found::Nobody { .. } => Rows::default(),
        }
    }

    fn embed(&self, footer: &str, locale: Locale) -> Embed {
        match self {
            Found::Roster {
                company,
                roster,
                is_home,
                home,
                others,
                page,
            } => roster_embed(
                company,
                *roster,
                (*is_home, &home.name),
                others,
                (&page.footer(footer, locale), *page),
                locale,
            ),
            Found::Nobody {
                company,
                with_authors,
            } => {
                let name = [("company", (&company.name).into())];
                let title = locale.format("company-nobody-title", &name);
                let bold_name = bold(&company.name);
                let text = locale.format("company-nobody", &[("company", (&bold_name).into())]);
                Embed::new(&title, COLOR_FAILURE)
                    .field(
                        &locale.text("company-nobody-field"),
                        &with_authors.join(", "),
                        false,
                    )
                    .footer(footer)
                    .description(&text)
            }
        }
    }
}

/// `home` is whether the company is the home one, and the home's name; `page` the part shown,
/// with the footer that says so.
fn roster_embed(
    company: &Company,
    roster: Roster<'_>,
    (is_home, home): (bool, &str),
    others: &[&Company],
    (footer, page): (&str, Page),
    locale: Locale,
) -> Embed {
    let n = roster.len();
    let name = safe(&truncate(&company.name, HEAD_NAME_MAX));
    let head_id = if is_home {
        "company-head-home"
    } else {
        "company-head"
    };
    let head = locale.format(head_id, &[("n", n.into()), ("company", (&name).into())]);
    let home = safe(home);
    // Lines are made only as far as they fit: a company of a million is as quick as one of five.
    let shown = page.range(n);
    let lines = roster.iter().skip(shown.start).take(shown.len()).map(|p| {
        let mut line = format!("• {} — {}", bold(&p.name), safe(&p.role));
        if let Some(left) = p.left_meta {
            let date = locale.date_inline(left);
            line.push_str(" · ");
            line.push_str(&locale.format(
                "company-left",
                &[("home", (&home).into()), ("date", (&date).into())],
            ));
        }
        line
    });
    let mut e = Embed::new(&company.name, COLOR_COMPANY);
    if !company.aliases.is_empty() {
        let aliases: Vec<String> = company.aliases.iter().map(|a| safe(a)).collect();
        e = e.field(&locale.text("company-aliases"), &aliases.join(", "), false);
    }
    if !others.is_empty() {
        let names: Vec<String> = others.iter().map(|c| safe(&c.name)).collect();
        e = e.field(&locale.text("also-matching"), &names.join(", "), false);
    }
    e.footer(footer)
        .description_lines(&head, lines, Noun::authors(locale))
}
