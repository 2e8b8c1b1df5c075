//! The whole path, query text to the response body's JSON text, on the shipped dataset.
//!
//! `cargo bench --bench lookup`; figures are in the README.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use llama_alumni::commands::{self, CommandName, Request};
use llama_alumni::dataset::Dataset;
use llama_alumni::render;
use llama_alumni::search::Catalog;

/// Query line → parsed request → answer → embed → interaction response → JSON text.
fn ask(catalog: &Catalog, line: &str) -> String {
    let request = Request::parse(line).expect("a valid command line");
    let reply = render::respond(catalog, &request);
    serde_json::to_string(&reply.to_response()).expect("serializable")
}

/// Partial input → ranked choices → autocomplete response → JSON text.
fn complete(catalog: &Catalog, command: CommandName, partial: &str) -> String {
    let choices = commands::complete(catalog, command, partial);
    serde_json::to_string(&render::autocomplete(&choices)).expect("serializable")
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
    g.bench_function("autocomplete whereis (lam)", |b| {
        b.iter(|| complete(&catalog, CommandName::WhereIs, black_box("lam")))
    });
    g.bench_function("autocomplete whereis (empty)", |b| {
        b.iter(|| complete(&catalog, CommandName::WhereIs, black_box("")))
    });
    g.bench_function("load + index", |b| {
        b.iter(|| Catalog::new(Dataset::embedded().unwrap()))
    });
    g.finish();
}

criterion_group!(benches, shipped);
criterion_main!(benches);
