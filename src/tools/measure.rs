//! `alumni-bench measure`: times the whole lookup path on a dataset and a query file from
//! `synth --queries` (or `bench/gen2.py`), single-threaded, and reports speed, top-1 accuracy by
//! kind (a tie counts when everyone it lists is a right answer) and the queries missed.

use std::collections::{BTreeMap, HashSet};
use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use serde_json::{Value, json};

use super::synth::{QueryKind, SynthQuery};
use crate::catalog::Catalog;
use crate::commands::{Answer, SlashCommand, whereis};
use crate::dataset::DatasetError;
use crate::discord::wire;
use crate::i18n::Locale;
use crate::reply;

/// Why a measurement could not run.
#[derive(Debug, thiserror::Error)]
pub enum MeasureError {
    #[error(transparent)]
    Data(#[from] DatasetError),
    /// The query file could not be read.
    #[error("{file}: cannot read: {source}")]
    Read {
        file: String,
        #[source]
        source: std::io::Error,
    },
    /// A line of the query file is not a query.
    #[error("{file}:{line}: not a query: {message}")]
    Query {
        file: String,
        /// 1-based line.
        line: usize,
        message: String,
    },
}

/// Reads a query file, one JSON object per line.
pub fn read_queries(path: &Path) -> Result<Vec<SynthQuery>, MeasureError> {
    let file = path.display().to_string();
    let text = std::fs::read_to_string(path).map_err(|source| MeasureError::Read {
        file: file.clone(),
        source,
    })?;
    text.lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, line)| {
            serde_json::from_str(line).map_err(|e| MeasureError::Query {
                file: file.clone(),
                line: i + 1,
                message: e.to_string(),
            })
        })
        .collect()
}

/// Microseconds to a tenth: the timer and the machine's noise make finer digits meaningless.
fn micros(d: Duration) -> f64 {
    rounded(d.as_secs_f64() * 1e6, 10.0)
}

/// `x` rounded to `1 / per_unit` (e.g. 10.0: a tenth), so that JSON prints `179.1`, not
/// `179.12900000000002`.
fn rounded(x: f64, per_unit: f64) -> f64 {
    (x * per_unit).round() / per_unit
}

/// Nearest-rank percentile of sorted samples.
fn percentile(sorted: &[Duration], p: f64) -> Duration {
    if sorted.is_empty() {
        return Duration::ZERO;
    }
    let rank = ((p * sorted.len() as f64).ceil() as usize).clamp(1, sorted.len());
    sorted[rank - 1]
}

/// Resident memory of this process in MiB (Linux), or 0.
pub fn resident_mib() -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find_map(|l| l.strip_prefix("VmRSS:"))
                .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        })
        .map_or(0.0, |kib| rounded(kib / 1024.0, 10.0))
}

/// The people a reply answers with: the one found, or every one of a tie (listed, none picked).
fn answered(answer: &Answer<whereis::Found<'_>>) -> Vec<String> {
    match answer {
        Answer::Found(found) => vec![found.person.name.clone()],
        Answer::Tie(tie) => tie.candidates.iter().map(|c| c.name.clone()).collect(),
        Answer::NotFound(_) | Answer::Rejected(_) => Vec::new(),
    }
}

/// One /whereis, query text to response JSON text (the footer written once per load, as the bot
/// does); returns the people it answers with.
fn lookup(catalog: &Catalog, text: &str) -> Vec<String> {
    let answer = whereis::answer(catalog, text);
    let footer = catalog.footer(Locale::En, |ds| reply::footer(ds, Locale::En));
    let reply = answer.reply(footer, Locale::En);
    black_box(serde_json::to_string(&reply.interaction_response()).ok());
    answered(&answer)
}

/// Whether an answer is right: someone expected found, or a tie of expected people only (a tie
/// that lists anyone else is a wrong answer).
pub fn is_right(answered: &[String], expected: &HashSet<&str>) -> bool {
    !answered.is_empty() && answered.iter().all(|n| expected.contains(n.as_str()))
}

/// One autocomplete, partial text to response JSON text.
fn autocomplete(catalog: &Catalog, partial: &str) {
    let choices = whereis::Whereis.complete(catalog, partial);
    black_box(serde_json::to_string(&wire::autocomplete_response(&choices)).ok());
}

/// What the user has typed two thirds of the way through a query (at least two characters).
pub fn partial(text: &str) -> String {
    let n = text.chars().count();
    text.chars().take((n * 2 / 3).max(2)).collect()
}

/// Timed passes over all the queries. A query's time is its median over the passes: a pass that
/// another process interrupted (the machine is shared) does not decide it, and each query still
/// runs after all the others, with caches as cold as a live bot's.
pub const ROUNDS: usize = 5;

/// Each text's median time over [`ROUNDS`] passes of `run` over all of them.
fn median_times(texts: &[&str], mut run: impl FnMut(&str)) -> Vec<Duration> {
    let mut times = vec![Vec::with_capacity(ROUNDS); texts.len()];
    for _ in 0..ROUNDS {
        for (runs, text) in times.iter_mut().zip(texts) {
            let started = Instant::now();
            run(text);
            runs.push(started.elapsed());
        }
    }
    times
        .into_iter()
        .map(|mut runs| {
            runs.sort_unstable();
            runs[runs.len() / 2]
        })
        .collect()
}

/// The five slowest, slowest first: their indices.
fn slowest(times: &[Duration]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..times.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(times[i]));
    order.truncate(5);
    order
}

/// Loads the dataset, runs every query once to warm up and to grade it, then [`ROUNDS`] timed
/// passes of `/whereis` and of autocomplete, and summarizes.
pub fn run(data: Option<&Path>, queries: &Path) -> Result<Value, MeasureError> {
    let started = Instant::now();
    let catalog = Catalog::load(data)?;
    let load = started.elapsed();
    let rss = resident_mib();
    let queries = read_queries(queries)?;
    let mut misses = Vec::new();
    let mut right: BTreeMap<QueryKind, (usize, usize)> = BTreeMap::new();
    for q in &queries {
        let found = lookup(&catalog, &q.text);
        let expected: HashSet<&str> = q.expected.iter().map(String::as_str).collect();
        let entry = right.entry(q.kind).or_default();
        entry.1 += 1;
        if is_right(&found, &expected) {
            entry.0 += 1;
        } else {
            misses.push(json!({"kind": q.kind.as_str(), "text": q.text, "answered": found}));
        }
    }
    let texts: Vec<&str> = queries.iter().map(|q| q.text.as_str()).collect();
    let mut times = median_times(&texts, |text| {
        lookup(&catalog, text);
    });
    let partials: Vec<String> = texts.iter().map(|t| partial(t)).collect();
    let partials: Vec<&str> = partials.iter().map(String::as_str).collect();
    let mut auto_times = median_times(&partials, |text| autocomplete(&catalog, text));
    let elapsed: Duration = times.iter().sum();
    let slow: Vec<Value> = slowest(&times)
        .into_iter()
        .map(
            |i| json!({"us": micros(times[i]), "kind": queries[i].kind.as_str(), "text": texts[i]}),
        )
        .collect();
    let auto_slow: Vec<Value> = slowest(&auto_times)
        .into_iter()
        .map(|i| json!({"us": micros(auto_times[i]), "text": partials[i]}))
        .collect();
    times.sort();
    auto_times.sort();
    let mut top1 = serde_json::Map::new();
    let (ok, all) = right.values().fold((0, 0), |(a, b), (r, n)| (a + r, b + n));
    top1.insert(
        "overall".into(),
        json!(if all == 0 {
            0.0
        } else {
            rounded(ok as f64 / all as f64, 1e4)
        }),
    );
    for (kind, (r, n)) in &right {
        let share = *r as f64 / (*n).max(1) as f64;
        top1.insert(kind.as_str().into(), json!(rounded(share, 1e4)));
    }
    Ok(json!({
        "tool": "llama-alumni",
        "rounds": ROUNDS,
        "people": catalog.dataset().people().len(),
        "queries": queries.len(),
        "qps": if elapsed.is_zero() { 0.0 } else { queries.len() as f64 / elapsed.as_secs_f64() }.round(),
        "p50_us": micros(percentile(&times, 0.5)),
        "p99_us": micros(percentile(&times, 0.99)),
        "max_us": micros(times.last().copied().unwrap_or_default()),
        "top1": top1,
        "autocomplete": {
            "p50_us": micros(percentile(&auto_times, 0.5)),
            "p99_us": micros(percentile(&auto_times, 0.99)),
            "max_us": micros(auto_times.last().copied().unwrap_or_default()),
            "slowest": auto_slow,
        },
        "slowest": slow,
        "misses": misses,
        "load_s": rounded(load.as_secs_f64(), 1e3),
        "rss_mib": rss,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_query_runs_once_a_pass_after_all_the_others() {
        let mut calls = Vec::new();
        let times = median_times(&["a", "b", "c"], |text| calls.push(text.to_owned()));
        assert_eq!(times.len(), 3);
        let pass = ["a", "b", "c"];
        assert_eq!(calls, pass.repeat(ROUNDS));
    }

    #[test]
    fn the_slowest_come_first() {
        let ms = Duration::from_millis;
        let times = [ms(3), ms(9), ms(1), ms(7), ms(5), ms(8)];
        assert_eq!(slowest(&times), vec![1, 5, 3, 4, 0]);
    }

    #[test]
    fn figures_print_only_meaningful_digits() {
        assert_eq!(micros(Duration::from_nanos(179_129)).to_string(), "179.1");
        assert_eq!(rounded(0.966_666_6, 1e4).to_string(), "0.9667");
    }
}
