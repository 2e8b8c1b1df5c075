//! Synthetic datasets for benchmarks: realistic multilingual names, deterministic for a seed.
//!
//! `llama-alumni synth --people N --seed S > people.json` writes a dataset in the project's own
//! format (it passes `check-data`): names from 22 languages with their accents (`data/synth-names.json`),
//! compound and hyphenated names, common names repeating (names are drawn with a skew toward the most
//! common), people spread over many companies. With `--queries FILE` it also writes queries with their
//! expected answers, in twelve kinds (see [`QueryKind`]).

use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::ops::RangeInclusive;

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use crate::normalize;

const NAMES_JSON: &str = include_str!("../../data/synth-names.json");

#[derive(Debug, Deserialize)]
struct NameLists {
    languages: Vec<Language>,
    company_words: CompanyWords,
}

#[derive(Debug, Deserialize)]
struct Language {
    code: String,
    first: Vec<String>,
    last: Vec<String>,
}

#[derive(Debug, Deserialize)]
struct CompanyWords {
    first: Vec<String>,
    second: Vec<String>,
}

const ROLES: &[&str] = &[
    "Research Scientist",
    "Research Engineer",
    "Member of Technical Staff",
    "Software Engineer",
    "Staff Research Scientist",
    "Principal Scientist",
    "Founding Engineer",
    "Co-founder and CTO",
    "Co-founder and CEO",
    "Head of Research",
    "Machine Learning Engineer",
    "Applied Scientist",
    "Director of AI",
    "Technical Program Manager",
    "Distinguished Scientist",
    "Postdoctoral Researcher",
    "Professor",
    "Product Manager, AI",
    "Data Scientist",
    "Chief Scientist",
];

/// The kinds of queries `synth` writes, as people type names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum QueryKind {
    /// The full name as written.
    Exact,
    /// A last name alone: anyone with it is a right answer.
    LastName,
    /// A first name alone: anyone with it is a right answer.
    FirstName,
    /// The full name without its accents (`Lukasz` for `Łukasz`).
    AccentsStripped,
    /// The full name in lower case.
    LowerCase,
    /// The full name with doubled and surrounding spaces.
    ExtraSpaces,
    /// One typo (a letter replaced, inserted, deleted or two swapped).
    OneTypo,
    /// Two typos.
    TwoTypos,
    /// One typo in a 2-3 letter word of a name of several words.
    ShortTypo,
    /// Two typos in one 5-letter word of a name of several words.
    TwoEditsFive,
    /// One typo in each of two words.
    TypoEachWord,
    /// A first name alone that is also someone's last name: anyone with it as a first name is a
    /// right answer.
    GivenAsSurname,
}

impl QueryKind {
    /// Every kind, in the order they are reported.
    pub const ALL: [QueryKind; 12] = [
        QueryKind::Exact,
        QueryKind::LastName,
        QueryKind::FirstName,
        QueryKind::AccentsStripped,
        QueryKind::LowerCase,
        QueryKind::ExtraSpaces,
        QueryKind::OneTypo,
        QueryKind::TwoTypos,
        QueryKind::ShortTypo,
        QueryKind::TwoEditsFive,
        QueryKind::TypoEachWord,
        QueryKind::GivenAsSurname,
    ];

    /// The kind's name in query files.
    pub fn as_str(self) -> &'static str {
        match self {
            QueryKind::Exact => "exact",
            QueryKind::LastName => "last_name",
            QueryKind::FirstName => "first_name",
            QueryKind::AccentsStripped => "accents_stripped",
            QueryKind::LowerCase => "lower_case",
            QueryKind::ExtraSpaces => "extra_spaces",
            QueryKind::OneTypo => "one_typo",
            QueryKind::TwoTypos => "two_typos",
            QueryKind::ShortTypo => "short_typo",
            QueryKind::TwoEditsFive => "two_edits_five",
            QueryKind::TypoEachWord => "typo_each_word",
            QueryKind::GivenAsSurname => "given_as_surname",
        }
    }
}

/// A query with the names that are right answers to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SynthQuery {
    /// What kind of query it is.
    pub kind: QueryKind,
    /// The name as typed.
    pub text: String,
    /// Every acceptable answer (full names).
    pub expected: Vec<String>,
}

/// One generated person, as written to the dataset.
#[derive(Debug, Clone, Serialize)]
struct SynthPerson {
    name: String,
    papers: [&'static str; 1],
    company: String,
    role: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    left_meta: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    time_at_meta: Option<SynthTenure>,
}

#[derive(Debug, Clone, Serialize)]
struct SynthTenure {
    years: u16,
    months: u16,
}

/// A generated name, with its first and last names kept apart for queries.
#[derive(Debug, Clone)]
struct GeneratedName {
    full: String,
    first: Vec<String>,
    last: Vec<String>,
}

/// Picks an index in `0..n`, skewed toward 0 (common names are common).
fn skewed(rng: &mut ChaCha8Rng, n: usize) -> usize {
    let u: f64 = rng.random();
    ((u * u * u) * n as f64) as usize % n.max(1)
}

fn pick_name(rng: &mut ChaCha8Rng, lists: &NameLists, extra: usize) -> GeneratedName {
    let lang = &lists.languages[rng.random_range(0..lists.languages.len())];
    let mut first = vec![lang.first[skewed(rng, lang.first.len())].clone()];
    let mut last = vec![lang.last[skewed(rng, lang.last.len())].clone()];
    let two_last = matches!(lang.code.as_str(), "es" | "pt") && rng.random_bool(0.5);
    if two_last || extra >= 1 {
        let more = lang.last[skewed(rng, lang.last.len())].clone();
        if !last.contains(&more) {
            last.push(more);
        }
    }
    if extra >= 2 || rng.random_bool(0.05) {
        let more = lang.first[rng.random_range(0..lang.first.len())].clone();
        if !first.contains(&more) {
            first.push(more);
        }
    }
    let hyphenate = last.len() == 2 && !two_last && rng.random_bool(0.3);
    let last_text = if hyphenate {
        last.join("-")
    } else {
        last.join(" ")
    };
    let full = if lang.code == "vi" || lang.code == "hu" {
        // Family name first, as these languages write it.
        format!("{last_text} {}", first.join(" "))
    } else {
        format!("{} {last_text}", first.join(" "))
    };
    GeneratedName { full, first, last }
}

/// The words of `text` (split at spaces) of letters only whose length in characters is in
/// `lengths`: those a typo may go in.
fn typo_words(words: &[&str], lengths: RangeInclusive<usize>) -> Vec<usize> {
    (0..words.len())
        .filter(|&i| {
            lengths.contains(&words[i].chars().count()) && words[i].chars().all(char::is_alphabetic)
        })
        .collect()
}

/// One typo at a random place of a word (never its first letter: people rarely mistype it, and
/// the prefix is what they see): a letter replaced, inserted, deleted, or two swapped.
fn edit(rng: &mut ChaCha8Rng, word: &str) -> String {
    let mut chars: Vec<char> = word.chars().collect();
    let at = rng.random_range(1..chars.len());
    let letter = (b'a' + rng.random_range(0..26u8)) as char;
    match rng.random_range(0..4) {
        0 => chars[at] = letter,
        1 => chars.insert(at, letter),
        2 => {
            chars.remove(at);
        }
        _ => {
            if at + 1 < chars.len() {
                chars.swap(at, at + 1);
            } else {
                chars.swap(at - 1, at);
            }
        }
    }
    chars.into_iter().collect()
}

/// `text` with word `w` replaced.
fn with_word(words: &[&str], w: usize, new: &str) -> String {
    let mut out: Vec<&str> = words.to_vec();
    out[w] = new;
    out.join(" ")
}

/// A typo at a random place of a random token of `min_len` letters or more (by characters).
fn typo(rng: &mut ChaCha8Rng, text: &str, min_len: usize) -> Option<String> {
    let words: Vec<&str> = text.split(' ').collect();
    let eligible = typo_words(&words, min_len..=usize::MAX);
    if eligible.is_empty() {
        return None;
    }
    let w = eligible[rng.random_range(0..eligible.len())];
    let result = with_word(&words, w, &edit(rng, words[w]));
    (result != text).then_some(result)
}

/// One typo in a 2-3 letter word of a name of several words, leaving it 2 letters or more.
fn short_typo(rng: &mut ChaCha8Rng, text: &str) -> Option<String> {
    let words: Vec<&str> = text.split(' ').collect();
    let eligible = typo_words(&words, 2..=3);
    if words.len() < 2 || eligible.is_empty() {
        return None;
    }
    let w = eligible[rng.random_range(0..eligible.len())];
    let typed = edit(rng, words[w]);
    (typed.chars().count() >= 2 && typed.to_lowercase() != words[w].to_lowercase())
        .then(|| with_word(&words, w, &typed))
}

/// Two typos in one 5-letter word of a name of several words, two edits apart from it.
fn two_edits_five(rng: &mut ChaCha8Rng, text: &str) -> Option<String> {
    let words: Vec<&str> = text.split(' ').collect();
    let eligible = typo_words(&words, 5..=5);
    if words.len() < 2 || eligible.is_empty() {
        return None;
    }
    let w = eligible[rng.random_range(0..eligible.len())];
    let first = edit(rng, words[w]);
    let typed = edit(rng, &first);
    let (was, now) = (words[w].to_lowercase(), typed.to_lowercase());
    (strsim::osa_distance(&was, &now) == 2).then(|| with_word(&words, w, &typed))
}

/// One typo in each of two words of 4 letters or more.
fn typo_each_word(rng: &mut ChaCha8Rng, text: &str) -> Option<String> {
    let words: Vec<&str> = text.split(' ').collect();
    let mut eligible = typo_words(&words, 4..=usize::MAX);
    if eligible.len() < 2 {
        return None;
    }
    let a = eligible.swap_remove(rng.random_range(0..eligible.len()));
    let b = eligible[rng.random_range(0..eligible.len())];
    let (ta, tb) = (edit(rng, words[a]), edit(rng, words[b]));
    if ta.to_lowercase() == words[a].to_lowercase() || tb.to_lowercase() == words[b].to_lowercase()
    {
        return None;
    }
    let mut out: Vec<&str> = words.clone();
    out[a] = &ta;
    out[b] = &tb;
    Some(out.join(" "))
}

/// Generates a dataset of `people` people and writes it as JSON; returns the queries (up to
/// `per_kind` of each kind) with their expected answers.
pub fn generate(
    people: usize,
    seed: u64,
    per_kind: usize,
    out: &mut impl Write,
) -> std::io::Result<Vec<SynthQuery>> {
    let lists: NameLists = serde_json::from_str(NAMES_JSON).map_err(std::io::Error::other)?;
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let companies = draw_companies(&mut rng, &lists, (people / 200).clamp(8, 2000));
    write_head(out, people, seed, &companies)?;
    let names = write_people(out, &mut rng, &lists, &companies, people)?;
    if people == 0 {
        return Ok(Vec::new());
    }
    Ok(draw_queries(&mut rng, &names, per_kind))
}

fn json(value: &impl Serialize) -> std::io::Result<String> {
    serde_json::to_string(value).map_err(std::io::Error::other)
}

/// `(id, name)` of `count` companies with distinct names (Meta aside).
fn draw_companies(rng: &mut ChaCha8Rng, lists: &NameLists, count: usize) -> Vec<(String, String)> {
    let mut companies: Vec<(String, String)> = Vec::with_capacity(count);
    let mut company_names = HashSet::new();
    company_names.insert("meta".to_owned());
    let mut draws = 0usize;
    while companies.len() < count {
        let w = &lists.company_words;
        draws += 1;
        // Once the word pairs run short, a number tells companies apart ("Nova Labs 2").
        let suffix = if draws > count * 4 {
            format!(" {}", draws / count)
        } else {
            String::new()
        };
        let name = format!(
            "{} {}{suffix}",
            w.first[rng.random_range(0..w.first.len())],
            w.second[rng.random_range(0..w.second.len())]
        );
        if company_names.insert(normalize::fold(&name)) {
            let id = format!("c{}", companies.len() + 1);
            companies.push((id, name));
        }
    }
    companies
}

/// Everything before the people: version, date, provenance, the paper, the companies.
fn write_head(
    out: &mut impl Write,
    people: usize,
    seed: u64,
    companies: &[(String, String)],
) -> std::io::Result<()> {
    writeln!(out, "{{")?;
    writeln!(out, "  \"schema_version\": 1,")?;
    writeln!(out, "  \"as_of\": \"2025-05-26\",")?;
    let source = format!(
        "llama-alumni synth --people {people} --seed {seed} (synthetic: these people do not exist)"
    );
    writeln!(
        out,
        "  \"provenance\": {{ \"source\": {}, \"basis\": \"random draws from common names of 22 languages\" }},",
        json(&source)?
    )?;
    writeln!(
        out,
        "  \"papers\": [{{ \"id\": \"synth\", \"title\": \"A Synthetic Paper\", \"year\": 2024 }}],"
    )?;
    writeln!(out, "  \"companies\": [")?;
    write!(
        out,
        "    {{ \"id\": \"meta\", \"name\": \"Meta\", \"aliases\": [\"Facebook\", \"FAIR\"] }}"
    )?;
    for (id, name) in companies {
        write!(
            out,
            ",\n    {{ \"id\": \"{id}\", \"name\": {} }}",
            json(name)?
        )?;
    }
    writeln!(out, "\n  ],")
}

/// The people written, with who has each first and last name: the right answers to queries.
struct Names {
    names: Vec<GeneratedName>,
    by_first: HashMap<String, Vec<u32>>,
    by_last: HashMap<String, Vec<u32>>,
}

impl Names {
    fn everyone(&self, ids: &[u32]) -> Vec<String> {
        ids.iter()
            .map(|&i| self.names[i as usize].full.clone())
            .collect()
    }
}

/// Writes the people, each with a name no one else has once folded, and the end of the file.
fn write_people(
    out: &mut impl Write,
    rng: &mut ChaCha8Rng,
    lists: &NameLists,
    companies: &[(String, String)],
    people: usize,
) -> std::io::Result<Names> {
    writeln!(out, "  \"people\": [")?;
    let mut seen: HashSet<String> = HashSet::with_capacity(people);
    let mut names = Names {
        names: Vec::with_capacity(people),
        by_first: HashMap::new(),
        by_last: HashMap::new(),
    };
    for i in 0..people {
        let mut attempt = 0;
        let name = loop {
            let candidate = pick_name(rng, lists, attempt / 3);
            if seen.insert(normalize::fold(&candidate.full)) {
                break candidate;
            }
            attempt += 1;
        };
        let person = draw_person(rng, &name.full, companies);
        if i > 0 {
            writeln!(out, ",")?;
        }
        write!(out, "    {}", json(&person)?)?;
        for f in &name.first {
            names
                .by_first
                .entry(normalize::fold(f))
                .or_default()
                .push(i as u32);
        }
        for l in &name.last {
            names
                .by_last
                .entry(normalize::fold(l))
                .or_default()
                .push(i as u32);
        }
        names.names.push(name);
    }
    writeln!(out, "\n  ]")?;
    writeln!(out, "}}")?;
    Ok(names)
}

/// A person's record: 15% still at Meta, the others at a company, with a departure and a tenure.
fn draw_person(rng: &mut ChaCha8Rng, name: &str, companies: &[(String, String)]) -> SynthPerson {
    let stayed = rng.random_bool(0.15);
    SynthPerson {
        name: name.to_owned(),
        papers: ["synth"],
        company: if stayed {
            "meta".to_owned()
        } else {
            companies[skewed(rng, companies.len())].0.clone()
        },
        role: ROLES[rng.random_range(0..ROLES.len())],
        left_meta: (!stayed).then(|| {
            let year = rng.random_range(2015..=2025u16);
            let month = if year == 2025 {
                rng.random_range(1..=5u8)
            } else {
                rng.random_range(1..=12u8)
            };
            format!("{year}-{month:02}")
        }),
        time_at_meta: (!stayed).then(|| SynthTenure {
            years: rng.random_range(1..=10),
            months: rng.random_range(0..=11),
        }),
    }
}

/// Up to `per_kind` queries of each kind, about people drawn at random.
fn draw_queries(rng: &mut ChaCha8Rng, names: &Names, per_kind: usize) -> Vec<SynthQuery> {
    let mut queries = Vec::new();
    for kind in QueryKind::ALL {
        let mut made = 0;
        let mut tries = 0;
        while made < per_kind && tries < per_kind * 50 {
            tries += 1;
            let person = &names.names[rng.random_range(0..names.names.len())];
            if let Some((text, expected)) = query_of(kind, rng, person, names) {
                queries.push(SynthQuery {
                    kind,
                    text,
                    expected,
                });
                made += 1;
            }
        }
    }
    queries
}

/// A query of `kind` about `person`, with every right answer; `None` when the kind does not apply
/// (no accent to strip, no typo possible).
fn query_of(
    kind: QueryKind,
    rng: &mut ChaCha8Rng,
    person: &GeneratedName,
    names: &Names,
) -> Option<(String, Vec<String>)> {
    let full = person.full.clone();
    match kind {
        QueryKind::Exact => Some((full.clone(), vec![full])),
        QueryKind::LastName => {
            let last = &person.last[0];
            Some((
                last.clone(),
                names.everyone(&names.by_last[&normalize::fold(last)]),
            ))
        }
        QueryKind::FirstName => {
            let first = &person.first[0];
            Some((
                first.clone(),
                names.everyone(&names.by_first[&normalize::fold(first)]),
            ))
        }
        QueryKind::AccentsStripped => {
            let stripped = deunicode::deunicode(&full);
            (stripped != full).then(|| (stripped, vec![full]))
        }
        QueryKind::LowerCase => Some((full.to_lowercase(), vec![full])),
        QueryKind::ExtraSpaces => Some((format!("  {}  ", full.replace(' ', "   ")), vec![full])),
        QueryKind::OneTypo => typo(rng, &full, 4).map(|t| (t, vec![full])),
        QueryKind::TwoTypos => {
            // Two typos in one long word, or one in each of two words.
            typo(rng, &full, 6)
                .and_then(|t| typo(rng, &t, 4))
                .filter(|t| *t != full)
                .map(|t| (t, vec![full]))
        }
        QueryKind::ShortTypo => short_typo(rng, &full).map(|t| (t, vec![full])),
        QueryKind::TwoEditsFive => two_edits_five(rng, &full).map(|t| (t, vec![full])),
        QueryKind::TypoEachWord => typo_each_word(rng, &full).map(|t| (t, vec![full])),
        QueryKind::GivenAsSurname => {
            let first = normalize::fold(&person.first[0]);
            let as_last = names.by_last.get(&first).map_or(0, Vec::len);
            (as_last >= 2).then(|| {
                (
                    person.first[0].clone(),
                    names.everyone(&names.by_first[&first]),
                )
            })
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::dataset::Dataset;

    #[test]
    fn synthetic_data_is_valid_and_deterministic() {
        let mut a = Vec::new();
        let qa = generate(2000, 7, 10, &mut a).unwrap();
        let mut b = Vec::new();
        let qb = generate(2000, 7, 10, &mut b).unwrap();
        assert_eq!(a, b);
        assert_eq!(qa, qb);
        let text = String::from_utf8(a).unwrap();
        let ds = Dataset::from_json(&text, "synth.json").unwrap();
        assert_eq!(ds.people().len(), 2000);
        assert!(ds.companies().len() >= 8);
        for kind in QueryKind::ALL {
            assert_eq!(qa.iter().filter(|q| q.kind == kind).count(), 10, "{kind:?}");
        }
        assert!(!text.is_ascii(), "accents are kept");
    }
}
