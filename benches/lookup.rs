//! The whole path, query text to the response body's JSON text, on the shipped dataset.
//!
//! `cargo bench --bench lookup`; figures are in the README.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use llama_alumni::catalog::Catalog;
use llama_alumni::commands::{self, Command, Request, whereis::Whereis};
use llama_alumni::dataset::Dataset;
use llama_alumni::discord::wire;
use llama_alumni::i18n::Locale;

/// Query line → parsed request → answer → embed → interaction response → JSON text.
fn ask(catalog: &Catalog, line: &str) -> String {
    ask_in(catalog, line, Locale::En)
}

/// The same, the reply written in `locale`.
fn ask_in(catalog: &Catalog, line: &str, locale: Locale) -> String {
    let request = Request::parse(line)
        .expect("a valid command line")
        .in_locale(locale);
    let reply = commands::run(catalog, &request);
    serde_json::to_string(&reply.interaction_response()).expect("serializable")
}

/// Partial input → ranked choices → autocomplete response → JSON text.
fn complete(catalog: &Catalog, command: Command, partial: &str) -> String {
    let choices = command.complete(catalog, partial);
    serde_json::to_string(&wire::autocomplete_response(&choices)).expect("serializable")
}

fn shipped(c: &mut Criterion) {
    let catalog = Catalog::new(Dataset::embedded().unwrap());
    let mut g = c.benchmark_group("shipped-14");
    g.bench_function("whereis exact (Lample)", |b| {
        b.iter(|| ask(&catalog, black_box("/whereis Lample")))
    });
    g.bench_function("whereis typo (Izzacard)", |b| {
        b.iter(|| ask(&catalog, black_box("/whereis Izzacard")))
    });
    g.bench_function("whereis not found (Yann LeCun)", |b| {
        b.iter(|| ask(&catalog, black_box("/whereis Yann LeCun")))
    });
    g.bench_function("company (Mistral)", |b| {
        b.iter(|| ask(&catalog, black_box("/company Mistral")))
    });
    g.bench_function("stats", |b| b.iter(|| ask(&catalog, black_box("/stats"))));
    g.bench_function("stats of a company (Mistral)", |b| {
        b.iter(|| ask(&catalog, black_box("/stats Mistral")))
    });
    g.bench_function("timeline", |b| {
        b.iter(|| ask(&catalog, black_box("/timeline")))
    });
    g.bench_function("whereis exact (Lample), French", |b| {
        b.iter(|| ask_in(&catalog, black_box("/whereis Lample"), Locale::Fr))
    });
    g.bench_function("timeline, French", |b| {
        b.iter(|| ask_in(&catalog, black_box("/timeline"), Locale::Fr))
    });
    g.bench_function("autocomplete whereis (lam)", |b| {
        b.iter(|| complete(&catalog, &Whereis, black_box("lam")))
    });
    g.bench_function("autocomplete whereis (empty)", |b| {
        b.iter(|| complete(&catalog, &Whereis, black_box("")))
    });
    g.bench_function("load + index", |b| {
        b.iter(|| Catalog::new(Dataset::embedded().unwrap()))
    });
    g.finish();
}

criterion_group!(benches, shipped);
criterion_main!(benches);
