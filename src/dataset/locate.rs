//! Finding where in a refused file the problem is: the line, column, record and field. This runs
//! only once a file has been refused, so the happy path pays nothing for it.

use std::collections::HashMap;

use serde::Deserialize;

use super::file::{DatasetFile, PersonRecord};
use super::quote::{KEY_CHARS, clip, quote, shorten_message};
use super::{DatasetError, Place, SCHEMA_VERSION};

/// A semantic error before its line is known: the path into the file and the message.
pub(super) struct Unlocated {
    path: Vec<Segment>,
    record: Option<String>,
    message: String,
}

#[derive(Debug, Clone)]
pub(super) enum Segment {
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
    pub(super) fn new(
        path: Vec<Segment>,
        record: Option<String>,
        message: impl Into<String>,
    ) -> Self {
        Unlocated {
            path,
            record,
            message: message.into(),
        }
    }

    /// Finds the line and column of the path in the text. Only runs when a file is refused.
    pub(super) fn locate(self, text: &str, file: &str) -> DatasetError {
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
pub(super) fn explain_serde_error(text: &str, file: &str, err: serde_json::Error) -> DatasetError {
    if err.is_syntax() || err.is_eof() || err.is_io() {
        return DatasetError::Syntax {
            file: file.to_owned(),
            line: err.line(),
            column: err.column(),
            message: shorten_message(&strip_position(&err.to_string())),
        };
    }
    if let Some(version) = other_version(text, file) {
        return version;
    }
    let mut path = failing_path(text);
    let mut message = shorten_message(&strip_position(&err.to_string()));
    // serde names a missing field in its message, not in the path: put it in the path, and say it
    // plainly.
    if let Some(missing) = missing_field(&message) {
        message = if path.is_empty() {
            format!("the file has no `{missing}`")
        } else {
            "this required field is missing".to_owned()
        };
        path.push(key(&missing));
    }
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
        message,
    }
}

/// `schema_version` of serde's "missing field `schema_version`".
fn missing_field(message: &str) -> Option<String> {
    let rest = message.strip_prefix("missing field `")?;
    Some(rest.split('`').next()?.to_owned())
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
        Some(name) => format!("{kind} {}", quote(name)),
        None => format!("{kind} #{}", i + 1),
    })
}

fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}

pub(super) fn key(k: &str) -> Segment {
    Segment::Key(k.to_owned())
}

pub(super) fn at(section: &str, index: usize, field: &str) -> Vec<Segment> {
    vec![key(section), Segment::Index(index), key(field)]
}

/// A file for another schema version fails on its new fields: say so instead.
fn other_version(text: &str, file: &str) -> Option<DatasetError> {
    #[derive(Deserialize)]
    struct VersionOnly {
        schema_version: Option<u64>,
    }
    let found = serde_json::from_str::<VersionOnly>(text)
        .ok()?
        .schema_version?;
    (found != u64::from(SCHEMA_VERSION)).then(|| DatasetError::Version {
        file: file.to_owned(),
        found,
    })
}

/// The path of the field serde failed on, from a second parse with `serde_path_to_error`.
fn failing_path(text: &str) -> Vec<Segment> {
    let de = &mut serde_json::Deserializer::from_str(text);
    match serde_path_to_error::deserialize::<_, DatasetFile<PersonRecord>>(de) {
        Err(e) => e
            .path()
            .iter()
            .filter_map(|seg| match seg {
                // A key here may be an unknown field of any size: shown clipped.
                serde_path_to_error::Segment::Map { key } => {
                    Some(Segment::Key(clip(key, KEY_CHARS)))
                }
                serde_path_to_error::Segment::Seq { index } => Some(Segment::Index(*index)),
                serde_path_to_error::Segment::Enum { variant } => {
                    Some(Segment::Key(clip(variant, KEY_CHARS)))
                }
                serde_path_to_error::Segment::Unknown => None,
            })
            .collect(),
        Ok(_) => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_and_column_are_one_based() {
        assert_eq!(line_column("ab\ncd", 4), (2, 2));
        assert_eq!(line_column("ab", 0), (1, 1));
    }
}
