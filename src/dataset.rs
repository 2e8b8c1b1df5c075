//! The dataset: people, the companies they work at and the papers they wrote, with provenance.
//!
//! A dataset is a JSON file (format documented in the README). [`Dataset::from_json`] reads it in one
//! serde pass straight into the model, then validates what serde cannot: references between
//! records, duplicates, and dates and tenures that cannot be. A file is either accepted whole or refused
//! with a [`DatasetError`] that names the file, the line and column, the record and the field.

use std::collections::{HashMap, HashSet};
use std::fmt;
use std::path::Path;

use serde::{Deserialize, Deserializer};

use crate::normalize;

/// The dataset shipped with the crate, embedded in the binary.
pub const EMBEDDED_JSON: &str = include_str!("../data/researchers.json");
/// How the embedded dataset is named in messages.
pub const EMBEDDED_NAME: &str = "data/researchers.json (embedded)";
/// The `schema_version` this build reads.
pub const SCHEMA_VERSION: u32 = 1;
/// The id of the company whose alumni the dataset tracks; a person at it has not left.
pub const HOME_COMPANY_ID: &str = "meta";
/// Meta, then Facebook, was founded in February 2004: nobody left it, or worked there, earlier.
const HOME_FOUNDED: YearMonth = YearMonth {
    year: 2004,
    month: 2,
};
/// The longest stay the loader believes.
const MAX_TENURE_YEARS: u16 = 60;

/// A year and a month, ordered in time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct YearMonth {
    /// The year, e.g. 2023.
    pub year: u16,
    /// The month, 1 to 12.
    pub month: u8,
}

impl YearMonth {
    fn months_since(self, earlier: YearMonth) -> i32 {
        (i32::from(self.year) - i32::from(earlier.year)) * 12 + i32::from(self.month)
            - i32::from(earlier.month)
    }
}

/// The part of a year a source gives when it does not give the month ("early 2023").
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum PartOfYear {
    /// January to April.
    Early,
    /// May to August.
    Mid,
    /// September to December.
    Late,
}

impl PartOfYear {
    fn months(self) -> (u8, u8) {
        match self {
            PartOfYear::Early => (1, 4),
            PartOfYear::Mid => (5, 8),
            PartOfYear::Late => (9, 12),
        }
    }

    fn word(self) -> &'static str {
        match self {
            PartOfYear::Early => "early",
            PartOfYear::Mid => "mid",
            PartOfYear::Late => "late",
        }
    }
}

/// When someone left, exactly as precisely as the source says it.
///
/// Written in the dataset as `"2023-06"` (a month), `"2023"` (a year) or `"early 2023"`, `"mid 2023"`,
/// `"late 2023"` (part of a year). "Early 2023" is not a month and is never shown as one.
///
/// ```
/// use llama_alumni::dataset::Departure;
/// assert_eq!("2023-06".parse::<Departure>().unwrap().to_string(), "June 2023");
/// assert_eq!("early 2023".parse::<Departure>().unwrap().to_string(), "Early 2023");
/// assert!("2023-13".parse::<Departure>().is_err());
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Departure {
    /// A known month.
    Month(YearMonth),
    /// A known year, perhaps with the part of it.
    Year {
        /// The year.
        year: u16,
        /// Early, mid or late, when the source says.
        part: Option<PartOfYear>,
    },
}

impl Departure {
    /// The earliest month this departure can mean.
    pub fn earliest(self) -> YearMonth {
        match self {
            Departure::Month(ym) => ym,
            Departure::Year { year, part } => YearMonth {
                year,
                month: part.map_or(1, |p| p.months().0),
            },
        }
    }

    /// The latest month this departure can mean.
    pub fn latest(self) -> YearMonth {
        match self {
            Departure::Month(ym) => ym,
            Departure::Year { year, part } => YearMonth {
                year,
                month: part.map_or(12, |p| p.months().1),
            },
        }
    }
}

const MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

impl fmt::Display for Departure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Departure::Month(YearMonth { year, month }) => {
                write!(f, "{} {year}", MONTHS[usize::from(month - 1)])
            }
            Departure::Year { year, part: None } => write!(f, "{year}"),
            Departure::Year {
                year,
                part: Some(part),
            } => {
                let word = part.word();
                write!(f, "{}{} {year}", word[..1].to_uppercase(), &word[1..])
            }
        }
    }
}

/// Why a departure date was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "{0:?} is not a departure date: write \"2023-06\" (a month), \"2023\" (a year) or \"early 2023\" / \"mid 2023\" / \"late 2023\""
)]
pub struct DepartureParseError(String);

impl std::str::FromStr for Departure {
    type Err = DepartureParseError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let err = || DepartureParseError(s.to_owned());
        let year = |y: &str| -> Result<u16, DepartureParseError> {
            if y.len() == 4 && y.bytes().all(|b| b.is_ascii_digit()) {
                y.parse().map_err(|_| err())
            } else {
                Err(err())
            }
        };
        let s = s.trim();
        if let Some((part, y)) = s.split_once(' ') {
            let part = match part.to_ascii_lowercase().as_str() {
                "early" => PartOfYear::Early,
                "mid" => PartOfYear::Mid,
                "late" => PartOfYear::Late,
                _ => return Err(err()),
            };
            return Ok(Departure::Year {
                year: year(y.trim())?,
                part: Some(part),
            });
        }
        if let Some((y, m)) = s.split_once('-') {
            let month: u8 = match m.len() {
                2 if m.bytes().all(|b| b.is_ascii_digit()) => m.parse().map_err(|_| err())?,
                _ => return Err(err()),
            };
            if !(1..=12).contains(&month) {
                return Err(err());
            }
            return Ok(Departure::Month(YearMonth {
                year: year(y)?,
                month,
            }));
        }
        Ok(Departure::Year {
            year: year(s)?,
            part: None,
        })
    }
}

impl<'de> Deserialize<'de> for Departure {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        s.parse().map_err(serde::de::Error::custom)
    }
}

/// How long someone was at the company, in whole years and months, as the source says it.
///
/// ```
/// use llama_alumni::dataset::Tenure;
/// assert_eq!(Tenure { years: 8, months: 5 }.to_string(), "8 years, 5 months");
/// assert_eq!(Tenure { years: 5, months: 0 }.to_string(), "5 years");
/// assert_eq!(Tenure { years: 1, months: 1 }.to_string(), "1 year, 1 month");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tenure {
    /// Whole years.
    #[serde(default)]
    pub years: u16,
    /// Months beyond the whole years, 0 to 11.
    #[serde(default)]
    pub months: u16,
}

impl Tenure {
    /// The whole stay in months.
    pub fn total_months(self) -> u32 {
        u32::from(self.years) * 12 + u32::from(self.months)
    }
}

impl fmt::Display for Tenure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let plural = |n: u16| if n == 1 { "" } else { "s" };
        match (self.years, self.months) {
            (0, m) => write!(f, "{m} month{}", plural(m)),
            (y, 0) => write!(f, "{y} year{}", plural(y)),
            (y, m) => write!(f, "{y} year{}, {m} month{}", plural(y), plural(m)),
        }
    }
}

/// A calendar date written `YYYY-MM-DD`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct CalendarDate(pub time::Date);

impl CalendarDate {
    fn year_month(self) -> YearMonth {
        YearMonth {
            year: u16::try_from(self.0.year()).unwrap_or(0),
            month: u8::from(self.0.month()),
        }
    }
}

impl fmt::Display for CalendarDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.0;
        write!(
            f,
            "{:04}-{:02}-{:02}",
            d.year(),
            u8::from(d.month()),
            d.day()
        )
    }
}

impl<'de> Deserialize<'de> for CalendarDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let s = <std::borrow::Cow<'de, str>>::deserialize(deserializer)?;
        time::Date::parse(
            &s,
            time::macros::format_description!("[year]-[month]-[day]"),
        )
        .map(CalendarDate)
        .map_err(|e| serde::de::Error::custom(format!("{s:?} is not a date YYYY-MM-DD ({e})")))
    }
}

/// Where the data comes from.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Provenance {
    /// The publication, e.g. a newspaper and the article's headline.
    pub source: String,
    /// Who wrote it.
    #[serde(default)]
    pub author: Option<String>,
    /// When it was published.
    #[serde(default)]
    pub published: Option<CalendarDate>,
    /// What the source itself relied on, e.g. "the researchers' LinkedIn profiles".
    #[serde(default)]
    pub basis: Option<String>,
    /// A link to the source.
    #[serde(default)]
    pub url: Option<String>,
}

/// A paper whose authors the dataset follows.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Paper {
    /// A short stable id that people refer to, e.g. `llama-2023`.
    pub id: String,
    /// The paper's title.
    pub title: String,
    /// Year of publication.
    pub year: u16,
    /// A link to the paper.
    #[serde(default)]
    pub url: Option<String>,
}

/// A company, with the other names people call it.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Company {
    /// A short stable id that people refer to, e.g. `mistral`.
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

/// Index of a company in [`Dataset::companies`].
pub type CompanyIndex = usize;

/// A researcher and where they are now.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// Full name as the person writes it, with accents.
    pub name: String,
    /// Ids of the papers they authored, from [`Dataset::papers`].
    #[serde(default)]
    pub papers: Vec<String>,
    /// Id of their current company, from [`Dataset::companies`].
    #[serde(rename = "company")]
    pub company_id: String,
    /// Current role.
    pub role: String,
    /// When they left the home company (Meta); absent for those still there, or when unknown.
    #[serde(default)]
    pub left_meta: Option<Departure>,
    /// How long they were at the home company, when known.
    #[serde(default)]
    pub time_at_meta: Option<Tenure>,
    #[serde(skip)]
    company: CompanyIndex,
}

impl Person {
    /// Index of the current company in [`Dataset::companies`].
    pub fn company(&self) -> CompanyIndex {
        self.company
    }
}

/// The file as serde reads it, before cross-record validation.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct DatasetFile {
    schema_version: u32,
    as_of: CalendarDate,
    provenance: Provenance,
    #[serde(default)]
    papers: Vec<Paper>,
    companies: Vec<Company>,
    people: Vec<Person>,
}

/// A validated dataset: every reference resolves, every name is unique, every date can be.
#[derive(Debug, Clone)]
pub struct Dataset {
    source_name: String,
    schema_version: u32,
    as_of: CalendarDate,
    provenance: Provenance,
    papers: Vec<Paper>,
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
            None => write!(f, "field {:?} ({})", self.field, self.path),
        }
    }
}

/// Why a dataset file was refused. Every variant names the file; those about content name the
/// line, the column, the record and the field.
#[derive(Debug, thiserror::Error)]
pub enum DatasetError {
    /// The file could not be read.
    #[error("{file}: cannot read the dataset: {source}")]
    Read {
        /// The file.
        file: String,
        /// What the system said.
        #[source]
        source: std::io::Error,
    },
    /// The file is not well-formed JSON.
    #[error("{file}:{line}:{column}: not valid JSON: {message}")]
    Syntax {
        /// The file.
        file: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// The file is JSON, but a field is missing, of the wrong type, or impossible.
    #[error("{file}:{line}:{column}: {place}: {message}")]
    Invalid {
        /// The file.
        file: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// The record and field.
        place: Box<Place>,
        /// What is wrong.
        message: String,
    },
    /// The file is for another version of this format.
    #[error(
        "{file}: schema_version {found} is not supported: this build of llama-alumni reads schema_version {SCHEMA_VERSION}"
    )]
    Version {
        /// The file.
        file: String,
        /// The version in the file.
        found: u64,
    },
}

impl Dataset {
    /// The dataset embedded in the binary.
    pub fn embedded() -> Result<Dataset, DatasetError> {
        Dataset::from_json(EMBEDDED_JSON, EMBEDDED_NAME)
    }

    /// The dataset at `path`, or the embedded one when there is no path.
    pub fn load(path: Option<&Path>) -> Result<Dataset, DatasetError> {
        match path {
            Some(path) => Dataset::from_path(path),
            None => Dataset::embedded(),
        }
    }

    /// Reads and validates a dataset file.
    pub fn from_path(path: &Path) -> Result<Dataset, DatasetError> {
        let file = path.display().to_string();
        let text = std::fs::read_to_string(path).map_err(|source| DatasetError::Read {
            file: file.clone(),
            source,
        })?;
        Dataset::from_json(&text, &file)
    }

    /// Parses and validates a dataset from its JSON text; `file` names it in errors.
    pub fn from_json(text: &str, file: &str) -> Result<Dataset, DatasetError> {
        let parsed: DatasetFile = match serde_json::from_str(text) {
            Ok(parsed) => parsed,
            Err(err) => return Err(explain_serde_error(text, file, err)),
        };
        if parsed.schema_version != SCHEMA_VERSION {
            return Err(DatasetError::Version {
                file: file.to_owned(),
                found: parsed.schema_version.into(),
            });
        }
        validate(parsed, file).map_err(|invalid| invalid.locate(text, file))
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

    /// A paper by id.
    pub fn paper(&self, id: &str) -> Option<&Paper> {
        self.papers.iter().find(|p| p.id == id)
    }
}

/// A semantic error before its line is known: the path into the file and the message.
struct Unlocated {
    path: Vec<Segment>,
    record: Option<String>,
    message: String,
}

#[derive(Debug, Clone)]
enum Segment {
    Key(String),
    Index(usize),
}

fn path_string(path: &[Segment]) -> String {
    let mut out = String::new();
    for seg in path {
        match seg {
            Segment::Key(k) if out.is_empty() => out.push_str(k),
            Segment::Key(k) => {
                out.push('.');
                out.push_str(k);
            }
            Segment::Index(i) => out.push_str(&format!("[{i}]")),
        }
    }
    out
}

/// The field named by a path: everything after the record (`people[3]`), or the whole path.
fn field_string(path: &[Segment]) -> String {
    match path {
        [Segment::Key(_), Segment::Index(_), rest @ ..] if !rest.is_empty() => path_string(rest),
        _ => path_string(path),
    }
}

impl Unlocated {
    fn new(path: Vec<Segment>, record: Option<String>, message: impl Into<String>) -> Self {
        Unlocated {
            path,
            record,
            message: message.into(),
        }
    }

    /// Finds the line and column of the path in the text. Only runs when a file is refused.
    fn locate(self, text: &str, file: &str) -> DatasetError {
        let offset = offset_of(text, &self.path).unwrap_or(0);
        let (line, column) = line_column(text, offset);
        DatasetError::Invalid {
            file: file.to_owned(),
            line,
            column,
            place: Box::new(Place {
                path: path_string(&self.path),
                record: self.record,
                field: field_string(&self.path),
            }),
            message: self.message,
        }
    }
}

/// Byte offset of the value at `path`, or of the deepest part of it that exists.
fn offset_of(text: &str, path: &[Segment]) -> Option<usize> {
    use serde_json::value::RawValue;
    let base = text.as_ptr() as usize;
    let mut current: &RawValue = serde_json::from_str(text).ok()?;
    let mut offset = current.get().as_ptr() as usize - base;
    for seg in path {
        let next: Option<&RawValue> = match seg {
            Segment::Key(k) => serde_json::from_str::<HashMap<String, &RawValue>>(current.get())
                .ok()
                .and_then(|m| m.get(k).copied()),
            Segment::Index(i) => serde_json::from_str::<Vec<&RawValue>>(current.get())
                .ok()
                .and_then(|v| v.get(*i).copied()),
        };
        match next {
            Some(raw) => {
                current = raw;
                offset = raw.get().as_ptr() as usize - base;
            }
            None => break,
        }
    }
    Some(offset)
}

fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let before = &text[..offset.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

/// Turns a serde error into one that names the place: serde_json gives the line and column, a second
/// parse with `serde_path_to_error` (only on this error path) gives the field.
fn explain_serde_error(text: &str, file: &str, err: serde_json::Error) -> DatasetError {
    if err.is_syntax() || err.is_eof() || err.is_io() {
        return DatasetError::Syntax {
            file: file.to_owned(),
            line: err.line(),
            column: err.column(),
            message: strip_position(&err.to_string()),
        };
    }
    // A file for another schema version fails on its new fields: say so instead.
    #[derive(Deserialize)]
    struct VersionOnly {
        schema_version: Option<u64>,
    }
    if let Ok(VersionOnly {
        schema_version: Some(found),
    }) = serde_json::from_str(text)
    {
        if found != u64::from(SCHEMA_VERSION) {
            return DatasetError::Version {
                file: file.to_owned(),
                found,
            };
        }
    }
    let de = &mut serde_json::Deserializer::from_str(text);
    let path: Vec<Segment> = match serde_path_to_error::deserialize::<_, DatasetFile>(de) {
        Err(e) => e
            .path()
            .iter()
            .filter_map(|seg| match seg {
                serde_path_to_error::Segment::Map { key } => Some(Segment::Key(key.clone())),
                serde_path_to_error::Segment::Seq { index } => Some(Segment::Index(*index)),
                serde_path_to_error::Segment::Enum { variant } => {
                    Some(Segment::Key(variant.clone()))
                }
                serde_path_to_error::Segment::Unknown => None,
            })
            .collect(),
        Ok(_) => Vec::new(),
    };
    let record = record_label(text, &path);
    DatasetError::Invalid {
        file: file.to_owned(),
        line: err.line(),
        column: err.column(),
        place: Box::new(Place {
            path: if path.is_empty() {
                "(top level)".to_owned()
            } else {
                path_string(&path)
            },
            record,
            field: if path.is_empty() {
                "(top level)".to_owned()
            } else {
                field_string(&path)
            },
        }),
        message: strip_position(&err.to_string()),
    }
}

/// `person "Naman Goyal"` for a path into `people[3]`, read leniently from the text.
fn record_label(text: &str, path: &[Segment]) -> Option<String> {
    let (Some(Segment::Key(section)), Some(Segment::Index(i))) = (path.first(), path.get(1)) else {
        return None;
    };
    let value: serde_json::Value = serde_json::from_str(text).ok()?;
    let record = value.get(section)?.get(*i)?;
    let (kind, key) = match section.as_str() {
        "people" => ("person", "name"),
        "companies" => ("company", "id"),
        "papers" => ("paper", "id"),
        _ => return None,
    };
    Some(match record.get(key).and_then(|v| v.as_str()) {
        Some(name) => format!("{kind} {name:?}"),
        None => format!("{kind} #{}", i + 1),
    })
}

fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

fn key(k: &str) -> Segment {
    Segment::Key(k.to_owned())
}

fn at(section: &str, index: usize, field: &str) -> Vec<Segment> {
    vec![key(section), Segment::Index(index), key(field)]
}

fn is_blank(s: &str) -> bool {
    s.trim().is_empty()
}

fn validate(file: DatasetFile, source_name: &str) -> Result<Dataset, Unlocated> {
    let DatasetFile {
        schema_version,
        as_of,
        provenance,
        papers,
        companies,
        mut people,
    } = file;
    let now = as_of.year_month();

    if is_blank(&provenance.source) {
        return Err(Unlocated::new(
            vec![key("provenance"), key("source")],
            None,
            "the source must not be empty",
        ));
    }

    let mut paper_ids = HashSet::new();
    for (i, paper) in papers.iter().enumerate() {
        let record = Some(format!("paper {:?}", paper.id));
        if is_blank(&paper.id) {
            return Err(Unlocated::new(at("papers", i, "id"), record, "empty id"));
        }
        if !paper_ids.insert(paper.id.as_str()) {
            return Err(Unlocated::new(
                at("papers", i, "id"),
                record,
                format!("duplicate paper id {:?}", paper.id),
            ));
        }
        if is_blank(&paper.title) {
            return Err(Unlocated::new(
                at("papers", i, "title"),
                record,
                "empty title",
            ));
        }
    }

    let mut company_ids: HashMap<&str, CompanyIndex> = HashMap::new();
    let mut company_names: HashMap<String, &str> = HashMap::new();
    for (i, company) in companies.iter().enumerate() {
        let record = Some(format!("company {:?}", company.id));
        if is_blank(&company.id) {
            return Err(Unlocated::new(at("companies", i, "id"), record, "empty id"));
        }
        if company_ids.insert(company.id.as_str(), i).is_some() {
            return Err(Unlocated::new(
                at("companies", i, "id"),
                record,
                format!("duplicate company id {:?}", company.id),
            ));
        }
        for (j, name) in company.names().enumerate() {
            let path = if j == 0 {
                at("companies", i, "name")
            } else {
                let mut p = at("companies", i, "aliases");
                p.push(Segment::Index(j - 1));
                p
            };
            let folded = normalize::fold(name);
            if folded.is_empty() {
                return Err(Unlocated::new(
                    path,
                    record,
                    "a company name needs at least one letter or digit",
                ));
            }
            if let Some(other) = company_names.get(&folded) {
                if *other != company.id {
                    return Err(Unlocated::new(
                        path,
                        record,
                        format!("the name {name:?} is already used by company {other:?}"),
                    ));
                }
            }
            company_names.insert(folded, company.id.as_str());
        }
    }
    let Some(&home) = company_ids.get(HOME_COMPANY_ID) else {
        return Err(Unlocated::new(
            vec![key("companies")],
            None,
            format!("the home company with id {HOME_COMPANY_ID:?} is missing"),
        ));
    };

    let mut person_names: HashMap<String, usize> = HashMap::with_capacity(people.len());
    for i in 0..people.len() {
        let person = &people[i];
        let record = || Some(format!("person {:?}", person.name));
        let folded = normalize::fold(&person.name);
        if folded.is_empty() {
            return Err(Unlocated::new(
                at("people", i, "name"),
                Some(format!("person #{}", i + 1)),
                "a name needs at least one letter or digit",
            ));
        }
        if let Some(first) = person_names.insert(folded, i) {
            return Err(Unlocated::new(
                at("people", i, "name"),
                record(),
                format!(
                    "duplicate name: people[{first}] is {:?}, the same name once accents and case are folded",
                    people[first].name
                ),
            ));
        }
        let Some(&company) = company_ids.get(person.company_id.as_str()) else {
            let mut known: Vec<&str> = company_ids.keys().copied().collect();
            known.sort_unstable();
            return Err(Unlocated::new(
                at("people", i, "company"),
                record(),
                format!(
                    "unknown company {:?} (companies: {})",
                    person.company_id,
                    known.join(", ")
                ),
            ));
        };
        if is_blank(&person.role) {
            return Err(Unlocated::new(
                at("people", i, "role"),
                record(),
                "empty role",
            ));
        }
        for (j, paper) in person.papers.iter().enumerate() {
            if !paper_ids.contains(paper.as_str()) {
                let mut path = at("people", i, "papers");
                path.push(Segment::Index(j));
                return Err(Unlocated::new(
                    path,
                    record(),
                    format!("unknown paper {paper:?}"),
                ));
            }
        }
        if let Some(left) = person.left_meta {
            if company == home {
                return Err(Unlocated::new(
                    at("people", i, "left_meta"),
                    record(),
                    format!(
                        "has a departure date but their company is {HOME_COMPANY_ID:?}: remove left_meta, or set their new company"
                    ),
                ));
            }
            if left.earliest() > now {
                return Err(Unlocated::new(
                    at("people", i, "left_meta"),
                    record(),
                    format!("left in {left}, after the dataset's as_of date {as_of}"),
                ));
            }
            if left.latest() < HOME_FOUNDED {
                return Err(Unlocated::new(
                    at("people", i, "left_meta"),
                    record(),
                    format!("left in {left}, before Meta (then Facebook) existed"),
                ));
            }
        }
        if let Some(tenure) = person.time_at_meta {
            let path = at("people", i, "time_at_meta");
            if tenure.months > 11 {
                return Err(Unlocated::new(
                    path,
                    record(),
                    format!("{} months: write 12 months or more as years", tenure.months),
                ));
            }
            if tenure.total_months() == 0 {
                return Err(Unlocated::new(
                    path,
                    record(),
                    "a time of 0 months: leave time_at_meta out when it is unknown",
                ));
            }
            if tenure.years > MAX_TENURE_YEARS {
                return Err(Unlocated::new(
                    path,
                    record(),
                    format!("{tenure} is longer than anyone's career"),
                ));
            }
            let end = person.left_meta.map_or(now, Departure::latest);
            let possible = end.months_since(HOME_FOUNDED).max(0) as u32 + 1;
            if tenure.total_months() > possible {
                return Err(Unlocated::new(
                    path,
                    record(),
                    format!(
                        "{tenure} at Meta is impossible: Meta (then Facebook) was founded in February 2004"
                    ),
                ));
            }
        }
        people[i].company = company;
    }

    Ok(Dataset {
        source_name: source_name.to_owned(),
        schema_version,
        as_of,
        provenance,
        papers,
        companies,
        people,
        home,
    })
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
    fn departures_keep_their_precision() {
        let d: Departure = "early 2023".parse().unwrap();
        assert_eq!(
            d,
            Departure::Year {
                year: 2023,
                part: Some(PartOfYear::Early)
            }
        );
        assert_eq!(d.to_string(), "Early 2023");
        assert_eq!("2023".parse::<Departure>().unwrap().to_string(), "2023");
        assert_eq!(
            "Late 2024".parse::<Departure>().unwrap().to_string(),
            "Late 2024"
        );
        assert_eq!(
            "2023-02".parse::<Departure>().unwrap().to_string(),
            "February 2023"
        );
        for bad in [
            "2023-00",
            "2023-13",
            "June 2023",
            "23-06",
            "2023-6",
            "",
            "soon 2023",
        ] {
            assert!(bad.parse::<Departure>().is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn tenure_reads_as_the_article_writes_it() {
        assert_eq!(
            Tenure {
                years: 7,
                months: 0
            }
            .to_string(),
            "7 years"
        );
        assert_eq!(
            Tenure {
                years: 0,
                months: 7
            }
            .to_string(),
            "7 months"
        );
        assert_eq!(
            Tenure {
                years: 2,
                months: 1
            }
            .to_string(),
            "2 years, 1 month"
        );
    }

    #[test]
    fn line_and_column_are_one_based() {
        assert_eq!(line_column("ab\ncd", 4), (2, 2));
        assert_eq!(line_column("ab", 0), (1, 1));
    }
}
