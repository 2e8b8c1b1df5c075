//! The file format as serde reads it: records before they are checked against each other.

use serde::Deserialize;

use super::dates::{CalendarDate, Departure, Tenure};
use super::model::{Company, Paper, Provenance};

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct DatasetFile {
    pub schema_version: u32,
    pub as_of: CalendarDate,
    pub provenance: Provenance,
    #[serde(default)]
    pub papers: Vec<Paper>,
    pub companies: Vec<Company>,
    pub people: Vec<PersonRecord>,
}

/// A person as written: the company is an id, resolved by validation.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PersonRecord {
    pub name: String,
    #[serde(default)]
    pub papers: Vec<String>,
    pub company: String,
    pub role: String,
    #[serde(default)]
    pub left_meta: Option<Departure>,
    #[serde(default)]
    pub time_at_meta: Option<Tenure>,
}
