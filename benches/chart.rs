//! The `/stats` bar chart, data to PNG bytes: on the shipped dataset's shape and on 1,000
//! companies (folded to the top bars and "N others").
//!
//! `cargo bench --bench chart`; the target is under 20 ms per render.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use llama_alumni::catalog::Catalog;
use llama_alumni::chart::{self, Bar, Chart};
use llama_alumni::commands::{Answer, stats};
use llama_alumni::dataset::Dataset;
use llama_alumni::i18n::Locale;

fn bar(label: &str, count: usize, home: bool) -> Bar {
    Bar {
        label: label.to_owned(),
        count,
        home,
    }
}

/// The bars `/stats` draws for the shipped dataset: Mistral AI 5, still at Meta 3, six with one.
fn shipped() -> Vec<Bar> {
    let catalog = Catalog::new(Dataset::embedded().expect("the embedded dataset loads"));
    match stats::answer(&catalog, "") {
        Answer::Found(figures) => figures.bars(Locale::En),
        other => panic!("/stats found nothing: {other:?}"),
    }
}

fn thousand() -> Vec<Bar> {
    let mut bars: Vec<Bar> = (0..1_000)
        .map(|i| bar(&format!("Company number {i}"), 1_000 - i, false))
        .collect();
    bars.insert(3, bar("still at Meta", 998, true));
    bars
}

fn render(c: &mut Criterion) {
    let mut g = c.benchmark_group("chart");
    for (name, bars) in [("shipped-8", shipped()), ("companies-1000", thousand())] {
        let chart = Chart {
            title: "Where the LLaMA authors went",
            bars: &bars,
            unit: "people",
            others: "others",
        };
        let bytes = chart::render(&chart).expect("renders").len();
        println!("{name}: {bytes} bytes of PNG");
        g.bench_function(name, |b| b.iter(|| chart::render(black_box(&chart))));
    }
    g.finish();
}

criterion_group!(benches, render);
criterion_main!(benches);
