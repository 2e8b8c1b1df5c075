//! The file format as serde reads it: records before they are checked against each other.

use std::borrow::Cow;

use serde::Deserialize;

use super::dates::{CalendarDate, Departure, Tenure};
use super::model::{Company, Paper, Provenance};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct DatasetFile<'a> {
    pub schema_version: u32,
    pub as_of: CalendarDate,
    pub provenance: Provenance,
    #[serde(default)]
    pub papers: Vec<Paper>,
    pub companies: Vec<Company>,
    #[serde(borrow)]
    pub people: Vec<PersonRecord<'a>>,
}

/// A person as written: the company is an id, resolved by validation. What is not kept as written
/// (ids, the role, shared once validated) is borrowed from the file's text when it can be.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PersonRecord<'a> {
    pub name: String,
    #[serde(default, borrow)]
    pub papers: Vec<Cow<'a, str>>,
    #[serde(borrow)]
    pub company: Cow<'a, str>,
    #[serde(borrow)]
    pub role: Cow<'a, str>,
    #[serde(default)]
    pub left_meta: Option<Departure>,
    #[serde(default)]
    pub time_at_meta: Option<Tenure>,
}
