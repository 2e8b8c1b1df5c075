//! `check-data`: validates a dataset file and prints a one-screen summary.

use std::io::Write;
use std::path::Path;

use super::{CliError, Status};
use crate::dataset::Dataset;

/// The most names listed for one company in the summary.
const NAMES_PER_COMPANY: usize = 4;
/// The most names listed of those still at the home company.
const NAMES_STILL_HOME: usize = 8;
/// The most companies listed; the rest are counted.
const COMPANIES_SHOWN: usize = 12;

/// Checks the file at `path` (the embedded dataset without one) and prints its summary.
pub(super) fn run(path: Option<&Path>, out: &mut impl Write) -> Result<Status, CliError> {
    let dataset = Dataset::load(path)?;
    write!(out, "{}", summary(&dataset))?;
    Ok(Status::Done)
}

/// A one-screen summary of a dataset.
pub fn summary(ds: &Dataset) -> String {
    let mut text = String::new();
    let home = ds.home();
    let p = ds.provenance();
    text.push_str(&format!(
        "{}: OK (schema_version {}, as of {})\n",
        ds.source_name(),
        ds.schema_version(),
        ds.as_of()
    ));
    text.push_str(&format!("Source: {}\n", p.source));
    let count =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    text.push_str(&format!(
        "{}, {}, {}\n",
        count(ds.people().len(), "person", "people"),
        count(ds.companies().len(), "company", "companies"),
        count(ds.papers().len(), "paper", "papers")
    ));
    let stayed: Vec<&str> = ds
        .people()
        .iter()
        .filter(|p| ds.is_still_home(p))
        .map(|p| p.name.as_str())
        .collect();
    text.push_str(&format!(
        "Still at {} ({}): {}\n",
        home.name,
        stayed.len(),
        list_some(&stayed, NAMES_STILL_HOME)
    ));
    let mut by_company: Vec<Vec<&str>> = vec![Vec::new(); ds.companies().len()];
    for p in ds.people() {
        by_company[p.company()].push(p.name.as_str());
    }
    let mut counts: Vec<(usize, &str, Vec<&str>)> = ds
        .companies()
        .iter()
        .zip(by_company)
        .enumerate()
        .filter(|(i, _)| *i != ds.home_index())
        .map(|(_, (c, names))| (names.len(), c.name.as_str(), names))
        .collect();
    counts.sort_by(|a, b| b.0.cmp(&a.0).then(a.1.cmp(b.1)));
    let left = ds.people().len() - stayed.len();
    text.push_str(&format!("Left {} ({left}), now at:\n", home.name));
    for (n, name, names) in counts.iter().take(COMPANIES_SHOWN) {
        text.push_str(&format!(
            "  {name:<24} {n:>6}  {}\n",
            list_some(names, NAMES_PER_COMPANY)
        ));
    }
    if counts.len() > COMPANIES_SHOWN {
        text.push_str(&format!(
            "  … and {} more companies\n",
            counts.len() - COMPANIES_SHOWN
        ));
    }
    text
}

fn list_some(names: &[&str], most: usize) -> String {
    let mut text = names
        .iter()
        .take(most)
        .copied()
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > most {
        text.push_str(&format!(", … ({} more)", names.len() - most));
    }
    text
}
