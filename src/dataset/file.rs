//! The file format as serde reads it: records before they are checked against each other.

use std::borrow::Cow;

use rayon::prelude::*;
use serde::Deserialize;
use serde_json::value::RawValue;

use super::dates::{CalendarDate, Departure, Tenure};
use super::model::{Company, Paper, Provenance};

/// The whole file, each person as `P`: read as a [`PersonRecord`], or first left as its text.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct DatasetFile<P> {
    pub schema_version: u32,
    pub as_of: CalendarDate,
    pub provenance: Provenance,
    #[serde(default)]
    pub papers: Vec<Paper>,
    pub companies: Vec<Company>,
    pub people: Vec<P>,
}

/// The file as written, its people read on every core (see [`read_in_parallel`]). When it does
/// not read, serde reads it again in one pass for the error: the first in the file, where it is.
pub(super) fn read(text: &str) -> Result<DatasetFile<PersonRecord<'_>>, serde_json::Error> {
    match read_in_parallel(text) {
        Some(file) => Ok(file),
        None => serde_json::from_str(text),
    }
}

/// The records are left as text in one pass (which checks the syntax of the whole file), then read
/// in parallel, as no record depends on another: the one-core pass was most of a large file's
/// load. `None` when anything does not read.
fn read_in_parallel(text: &str) -> Option<DatasetFile<PersonRecord<'_>>> {
    let raw: DatasetFile<&RawValue> = serde_json::from_str(text).ok()?;
    let people = raw
        .people
        .par_iter()
        .map(|record| serde_json::from_str(record.get()))
        .collect::<Result<Vec<PersonRecord>, serde_json::Error>>()
        .ok()?;
    Some(DatasetFile {
        schema_version: raw.schema_version,
        as_of: raw.as_of,
        provenance: raw.provenance,
        papers: raw.papers,
        companies: raw.companies,
        people,
    })
}

/// A person as written: the company is an id, resolved by validation. What is not kept as written
/// (ids, the role, shared once validated) is borrowed from the file's text when it can be.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct PersonRecord<'a> {
    /// Borrowed, so that the names can be indexed while the records are checked (see
    /// [`Dataset::from_json_alongside`](super::Dataset::from_json_alongside)).
    #[serde(borrow)]
    pub name: Cow<'a, str>,
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::EMBEDDED_JSON;

    /// Read in parallel, the file is what one serde pass reads, record for record.
    #[test]
    fn the_parallel_read_is_the_serial_read() {
        let serial: DatasetFile<PersonRecord> = serde_json::from_str(EMBEDDED_JSON).unwrap();
        let parallel = read_in_parallel(EMBEDDED_JSON).expect("the embedded file reads");
        assert!(!parallel.people.is_empty());
        assert_eq!(format!("{parallel:?}"), format!("{serial:?}"));
    }

    /// Two faults: a record of the wrong type, then an unknown field after the people. The first
    /// in the file is the one reported, as by one pass (the records' pass alone would miss it).
    #[test]
    fn the_first_fault_in_the_file_is_the_one_reported() {
        let text = r#"{"schema_version": 1, "as_of": "2025-05-26",
            "provenance": {"source": "s", "basis": "b"},
            "companies": [{"id": "meta", "name": "Meta"}],
            "people": [
                {"name": "A B", "company": "meta", "role": "r"},
                {"name": 7, "company": "meta", "role": "r"}
            ],
            "extra": 1}"#;
        let err = read(text).unwrap_err();
        assert_eq!(err.line(), 6, "{err}");
        assert!(
            err.to_string().contains("invalid type: integer `7`"),
            "{err}"
        );
        let text = text.replace("\"name\": 7", "\"name\": \"C D\"");
        let err = read(&text).unwrap_err();
        assert!(err.to_string().contains("unknown field `extra`"), "{err}");
    }
}
