//! The dataset: people, the companies they work at and the papers they wrote, with provenance.
//!
//! A dataset is a JSON file (format documented in the README): [`file`] is the format as serde reads
//! it, [`validate`] checks what serde cannot (references between records, duplicates, dates and
//! tenures that cannot be) and builds the [`model`], [`locate`] finds the line and column of a
//! problem. A file is either accepted whole or refused with a [`DatasetError`] that names the file,
//! the line and column, the record and the field.

mod dates;
mod file;
mod locate;
mod model;
mod quote;
mod read;
mod validate;

use std::borrow::Cow;
use std::fmt;
use std::path::Path;

pub use dates::{CalendarDate, Departure, DepartureParseError, PartOfYear, Tenure, YearMonth};
pub use model::{Company, CompanyIndex, Paper, Person, Provenance};
pub use quote::{QUOTED_CHARS, quote};
pub use read::{DEFAULT_MAX_BYTES, DataLimit, MAX_BYTES_VAR};

use file::{DatasetFile, PersonRecord};

/// The dataset shipped with the crate, embedded in the binary.
pub const EMBEDDED_JSON: &str = include_str!("../../data/researchers.json");
/// How the embedded dataset is named in messages.
pub const EMBEDDED_NAME: &str = "data/researchers.json (embedded)";
/// The `schema_version` this build reads.
pub const SCHEMA_VERSION: u32 = 1;
/// The id of the company whose alumni the dataset tracks; a person at it has not left.
pub const HOME_COMPANY_ID: &str = "meta";

/// A validated dataset: every reference resolves, every name is unique, every date can be.
#[derive(Debug, Clone)]
pub struct Dataset {
    source_name: String,
    schema_version: u32,
    as_of: CalendarDate,
    provenance: Provenance,
    papers: Vec<Paper>,
    /// The distinct lists of papers people authored, as indexes into `papers`: each person names
    /// one.
    paper_lists: Vec<Box<[u32]>>,
    companies: Vec<Company>,
    people: Vec<Person>,
    home: CompanyIndex,
}

/// Where in a dataset file something is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Place {
    /// The path of the field, e.g. `people[3].company`.
    pub path: String,
    /// What the record is, for people: `person "Naman Goyal"`.
    pub record: Option<String>,
    /// The field, e.g. `company`.
    pub field: String,
}

impl fmt::Display for Place {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.record {
            Some(record) => write!(f, "{record}, field {:?} ({})", self.field, self.path),
            None if self.path == self.field => write!(f, "field {:?}", self.field),
            None => write!(f, "field {:?} ({})", self.field, self.path),
        }
    }
}

/// Why a dataset file was refused. Every variant but [`DatasetError::BadLimit`] names the file;
/// those about content name the line, the column, the record and the field, and quote at most
/// [`QUOTED_CHARS`] characters of any value.
#[derive(Debug, thiserror::Error)]
pub enum DatasetError {
    /// The file could not be read.
    #[error("{file}: cannot read the dataset: {source}")]
    Read {
        file: String,
        #[source]
        source: std::io::Error,
    },
    /// The path is a directory, a FIFO, a device...: refused without opening it.
    #[error("{file}: cannot read the dataset: it is {kind}, not a regular file")]
    NotAFile {
        file: String,
        /// What it is, e.g. "a directory".
        kind: &'static str,
    },
    /// The file is larger than the limit: refused without reading it.
    #[error(
        "{file}: the dataset is {size} bytes, over the limit of {max} bytes (set {MAX_BYTES_VAR} to raise it)"
    )]
    TooLarge {
        file: String,
        /// Its size in bytes.
        size: u64,
        /// The limit in bytes.
        max: u64,
    },
    /// The size limit in the environment is not a size.
    #[error(
        "{MAX_BYTES_VAR}={value} is not a size: write a whole number of bytes, e.g. {DEFAULT_MAX_BYTES}"
    )]
    BadLimit {
        /// The value, quoted.
        value: String,
    },
    /// The file is not well-formed JSON.
    #[error("{file}:{line}:{column}: not valid JSON: {message}")]
    Syntax {
        file: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        message: String,
    },
    /// The file is JSON, but a field is missing, of the wrong type, or impossible.
    #[error("{file}:{line}:{column}: {place}: {message}")]
    Invalid {
        file: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// The record and field.
        place: Box<Place>,
        message: String,
    },
    /// The file is for another version of this format.
    #[error(
        "{file}: schema_version {found} is not supported: this build of llama-alumni reads schema_version {SCHEMA_VERSION}"
    )]
    Version {
        file: String,
        /// The version in the file.
        found: u64,
    },
}

impl DatasetError {
    /// Whether the file is at fault (not the size limit's setting).
    pub fn is_about_the_file(&self) -> bool {
        !matches!(self, DatasetError::BadLimit { .. })
    }
}

/// The file as serde reads it, of a version this build reads.
fn parse<'a>(text: &'a str, file: &str) -> Result<DatasetFile<PersonRecord<'a>>, DatasetError> {
    let parsed = match file::read(text) {
        Ok(parsed) => parsed,
        Err(err) => return Err(locate::explain_serde_error(text, file, err)),
    };
    if parsed.schema_version != SCHEMA_VERSION {
        return Err(DatasetError::Version {
            file: file.to_owned(),
            found: parsed.schema_version.into(),
        });
    }
    Ok(parsed)
}

impl Dataset {
    /// The dataset embedded in the binary.
    pub fn embedded() -> Result<Dataset, DatasetError> {
        Dataset::from_json(EMBEDDED_JSON, EMBEDDED_NAME)
    }

    /// The dataset at `path`, or the embedded one when there is no path. The file's size limit is
    /// [`MAX_BYTES_VAR`] when set, else [`DEFAULT_MAX_BYTES`].
    pub fn load(path: Option<&Path>) -> Result<Dataset, DatasetError> {
        match path {
            Some(path) => Dataset::from_path(path),
            None => Dataset::embedded(),
        }
    }

    /// The dataset at `path`, or the embedded one when there is no path, with a file's size limit.
    pub fn load_with(path: Option<&Path>, limit: DataLimit) -> Result<Dataset, DatasetError> {
        match path {
            Some(path) => Dataset::from_path_with(path, limit),
            None => Dataset::embedded(),
        }
    }

    /// Reads and validates a dataset file, within the limit [`DataLimit::from_env`] gives.
    pub fn from_path(path: &Path) -> Result<Dataset, DatasetError> {
        Dataset::from_path_with(path, DataLimit::from_env()?)
    }

    /// Reads and validates a dataset file, refused before it is opened when it is not a regular
    /// file or is larger than `limit`.
    pub fn from_path_with(path: &Path, limit: DataLimit) -> Result<Dataset, DatasetError> {
        let text = read::read_limited(path, limit)?;
        Dataset::from_json(&text, &path.display().to_string())
    }

    /// Parses and validates a dataset from its JSON text; `file` names it in errors.
    pub fn from_json(text: &str, file: &str) -> Result<Dataset, DatasetError> {
        let parsed = parse(text, file)?;
        validate::validate(parsed, file).map_err(|invalid| invalid.locate(text, file))
    }

    /// [`Dataset::load`], running `alongside` on the people's names (in file order) while the
    /// records are checked: see [`Dataset::from_json_alongside`].
    pub fn load_alongside<R: Send>(
        path: Option<&Path>,
        alongside: impl FnOnce(&[&str]) -> R + Send,
    ) -> Result<(Dataset, R), DatasetError> {
        match path {
            Some(path) => {
                let text = read::read_limited(path, DataLimit::from_env()?)?;
                Dataset::from_json_alongside(&text, &path.display().to_string(), alongside)
            }
            None => Dataset::from_json_alongside(EMBEDDED_JSON, EMBEDDED_NAME, alongside),
        }
    }

    /// [`Dataset::from_json`], running `alongside` on the people's names (in file order, as
    /// written) on another core while the records are checked: what depends only on the names
    /// (the search index) is then ready with the dataset instead of after it. When the file is
    /// refused, what `alongside` made is dropped and the error is the one `from_json` gives.
    pub fn from_json_alongside<R: Send>(
        text: &str,
        file: &str,
        alongside: impl FnOnce(&[&str]) -> R + Send,
    ) -> Result<(Dataset, R), DatasetError> {
        let parsed = parse(text, file)?;
        // Borrowed from the text (or from a name with escapes, cloned here): cheap to hold twice.
        let owned: Vec<Cow<str>> = parsed.people.iter().map(|p| p.name.clone()).collect();
        let names: Vec<&str> = owned.iter().map(|n| &**n).collect();
        let (checked, made) =
            rayon::join(|| validate::validate(parsed, file), || alongside(&names));
        let dataset = checked.map_err(|invalid| invalid.locate(text, file))?;
        Ok((dataset, made))
    }

    /// Where the dataset was loaded from (a path, or the embedded copy).
    pub fn source_name(&self) -> &str {
        &self.source_name
    }

    /// The format version of the file.
    pub fn schema_version(&self) -> u32 {
        self.schema_version
    }

    /// The date the data describes.
    pub fn as_of(&self) -> CalendarDate {
        self.as_of
    }

    /// Where the data comes from.
    pub fn provenance(&self) -> &Provenance {
        &self.provenance
    }

    /// The papers whose authors are followed.
    pub fn papers(&self) -> &[Paper] {
        &self.papers
    }

    /// Every company, in file order.
    pub fn companies(&self) -> &[Company] {
        &self.companies
    }

    /// Every person, in file order.
    pub fn people(&self) -> &[Person] {
        &self.people
    }

    /// The home company (Meta), whose people have not left.
    pub fn home(&self) -> &Company {
        &self.companies[self.home]
    }

    /// Index of the home company.
    pub fn home_index(&self) -> CompanyIndex {
        self.home
    }

    /// The company a person is at.
    pub fn company_of(&self, person: &Person) -> &Company {
        &self.companies[person.company]
    }

    /// Whether the person is still at the home company.
    pub fn is_still_home(&self, person: &Person) -> bool {
        person.company == self.home
    }

    /// The papers a person authored, in the order of their record.
    pub fn papers_of(&self, person: &Person) -> impl ExactSizeIterator<Item = &Paper> {
        self.paper_lists[person.papers as usize]
            .iter()
            .map(|&i| &self.papers[i as usize])
    }

    pub fn paper(&self, id: &str) -> Option<&Paper> {
        self.papers.iter().find(|p| p.id == id)
    }

    /// The index in [`Dataset::companies`] of the company with this id (a button's, say).
    pub fn company_index_of(&self, id: &str) -> Option<CompanyIndex> {
        self.companies.iter().position(|c| c.id == id)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_dataset_loads() {
        let ds = Dataset::embedded().unwrap();
        assert_eq!(ds.people().len(), 14);
        assert_eq!(ds.home().name, "Meta");
        let stayed: Vec<_> = ds
            .people()
            .iter()
            .filter(|p| ds.is_still_home(p))
            .map(|p| p.name.as_str())
            .collect();
        assert_eq!(stayed, ["Hugo Touvron", "Xavier Martinet", "Faisal Azhar"]);
    }

    #[test]
    fn paper_lists_and_roles_are_stored_once() {
        let ds = Dataset::embedded().unwrap();
        let people = ds.people();
        for p in people {
            let papers: Vec<&str> = ds.papers_of(p).map(|p| p.id.as_str()).collect();
            assert_eq!(papers, ["llama-2023"], "{}", p.name);
            for q in people {
                if p.role == q.role {
                    assert!(std::sync::Arc::ptr_eq(&p.role, &q.role), "{}", p.role);
                }
            }
        }
        assert!(ds.paper_lists.len() < people.len());
    }

    #[test]
    fn the_size_limit_is_for_files_not_the_embedded_dataset() {
        let ds = Dataset::load_with(None, DataLimit::bytes(1)).unwrap();
        assert_eq!(ds.source_name(), EMBEDDED_NAME);
        let err = Dataset::load_with(Some(Path::new("Cargo.toml")), DataLimit::bytes(1));
        assert!(
            matches!(err, Err(DatasetError::TooLarge { max: 1, .. })),
            "{err:?}"
        );
    }
}
