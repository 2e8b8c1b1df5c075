//! The validated model: what the rest of the crate reads. Provenance, papers and companies are read
//! from the file as they are (nothing in them refers to another record); a [`Person`] is built by
//! validation, with their company resolved to an index.

use std::sync::Arc;

use serde::Deserialize;

use super::dates::{CalendarDate, Departure, Tenure};

/// Where the data comes from.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Provenance {
    /// The publication, e.g. a newspaper and the article's headline.
    pub source: String,
    #[serde(default)]
    pub author: Option<String>,
    #[serde(default)]
    pub published: Option<CalendarDate>,
    /// What the source itself relied on, e.g. "the researchers' LinkedIn profiles".
    #[serde(default)]
    pub basis: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
}

/// A paper whose authors the dataset follows.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Paper {
    /// A short stable id that records refer to, e.g. `llama-2023`.
    pub id: String,
    pub title: String,
    pub year: u16,
    #[serde(default)]
    pub url: Option<String>,
}

/// A company, with the other names people call it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Company {
    /// A short stable id that records refer to, e.g. `mistral`.
    pub id: String,
    /// The canonical name, e.g. `Mistral AI`.
    pub name: String,
    /// Other names that resolve to this company, e.g. `Mistral`.
    #[serde(default)]
    pub aliases: Vec<String>,
}

impl Company {
    /// The canonical name and then every alias.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.name.as_str()).chain(self.aliases.iter().map(String::as_str))
    }
}

/// Index of a company in [`Dataset::companies`](super::Dataset::companies).
pub type CompanyIndex = usize;

/// A researcher and where they are now. Only validation makes one, so its company always exists.
#[derive(Debug, Clone)]
pub struct Person {
    /// Full name as the person writes it, with accents.
    pub name: String,
    /// The papers they authored: one of the dataset's distinct lists of papers (most people share
    /// one), read with [`Dataset::papers_of`](super::Dataset::papers_of).
    pub(super) papers: u32,
    /// Shared between everyone with the same role: a million people hold a few dozen roles.
    pub role: Arc<str>,
    /// When they left the home company (Meta); absent for those still there, or when unknown.
    pub left_meta: Option<Departure>,
    /// How long they were at the home company, when known.
    pub time_at_meta: Option<Tenure>,
    pub(super) company: CompanyIndex,
}

impl Person {
    /// Index of the current company in [`Dataset::companies`](super::Dataset::companies).
    pub fn company(&self) -> CompanyIndex {
        self.company
    }
}
