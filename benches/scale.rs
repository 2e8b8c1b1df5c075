//! Lookups on large synthetic datasets (`alumni-bench synth`; needs `--features bench-tools`): 100,000 people by default, and
//! 1,000,000 when `LLAMA_ALUMNI_BENCH_1M=1` is set (it takes minutes). Each iteration is the whole
//! path from query text to the response body's JSON text, cycling through the generated queries
//! of all eight kinds.
//!
//! `cargo bench --bench scale`; figures are in the README.

use std::hint::black_box;
use std::time::Duration;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use llama_alumni::catalog::Catalog;
use llama_alumni::commands::{
    self, Request, SlashCommand, company::CompanyCommand, whereis::Whereis,
};
use llama_alumni::discord::wire;
use llama_alumni::tools::measure::partial;
use llama_alumni::tools::synth;

fn sizes() -> Vec<usize> {
    let mut sizes = vec![100_000];
    if std::env::var("LLAMA_ALUMNI_BENCH_1M").is_ok_and(|v| v == "1") {
        sizes.push(1_000_000);
    }
    sizes
}

fn scale(c: &mut Criterion) {
    for people in sizes() {
        let mut json = Vec::new();
        let queries = synth::generate(people, 7, 50, &mut json).expect("generate");
        let json = String::from_utf8(json).expect("UTF-8");
        let catalog = Catalog::from_json(&json, "synth.json").expect("valid");
        let texts: Vec<String> = queries.iter().map(|q| q.text.clone()).collect();
        let partials: Vec<String> = texts.iter().map(|t| partial(t)).collect();
        let companies: Vec<String> = catalog
            .dataset()
            .companies()
            .iter()
            .take(50)
            .map(|c| c.name.clone())
            .collect();

        let mut g = c.benchmark_group(format!("synth-{people}"));
        g.measurement_time(Duration::from_secs(8));
        let mut i = 0;
        g.bench_function("whereis (8 query kinds)", |b| {
            b.iter(|| {
                i = (i + 1) % texts.len();
                let request = Request::new(&Whereis, &texts[i]);
                let reply = commands::run(&catalog, &request);
                black_box(serde_json::to_string(&reply.interaction_response()).unwrap())
            })
        });
        let mut i = 0;
        g.bench_function("autocomplete (partial names)", |b| {
            b.iter(|| {
                i = (i + 1) % partials.len();
                let choices = Whereis.complete(&catalog, &partials[i]);
                black_box(serde_json::to_string(&wire::autocomplete_response(&choices)).unwrap())
            })
        });
        let mut i = 0;
        g.bench_function("company", |b| {
            b.iter(|| {
                i = (i + 1) % companies.len();
                let request = Request::new(&CompanyCommand, &companies[i]);
                let reply = commands::run(&catalog, &request);
                black_box(serde_json::to_string(&reply.interaction_response()).unwrap())
            })
        });
        for line in ["/stats", "/timeline"] {
            let request = Request::parse(line).expect("a command");
            g.bench_function(line, |b| {
                b.iter(|| {
                    let reply = commands::run(&catalog, &request);
                    black_box(serde_json::to_string(&reply.interaction_response()).unwrap())
                })
            });
        }
        g.sample_size(10);
        g.measurement_time(Duration::from_secs(if people > 100_000 { 60 } else { 20 }));
        g.bench_function("load + validate + index", |b| {
            b.iter_batched(
                || (),
                |()| Catalog::from_json(&json, "synth.json").unwrap(),
                BatchSize::PerIteration,
            )
        });
        g.finish();
    }
}

criterion_group!(benches, scale);
criterion_main!(benches);
