//! The `/stats` bar chart, data to PNG bytes: on the shipped dataset's shape and on 1,000
//! companies (folded to the top bars and "N others").
//!
//! `cargo bench --bench chart`; the target is under 20 ms per render.

use std::hint::black_box;

use criterion::{Criterion, criterion_group, criterion_main};
use llama_alumni::chart::{self, Bar, Chart};

fn bar(label: &str, count: usize, home: bool) -> Bar {
    Bar {
        label: label.to_owned(),
        count,
        home,
    }
}

/// Mistral AI 5, Meta 3 still there, six companies with one each.
fn shipped() -> Vec<Bar> {
    let mut bars = vec![bar("Mistral AI", 5, false), bar("still at Meta", 3, true)];
    for company in [
        "Anthropic",
        "Cohere",
        "Google DeepMind",
        "Kyutai",
        "Microsoft AI",
    ] {
        bars.push(bar(company, 1, false));
    }
    bars.push(bar("Thinking Machines Lab", 1, false));
    bars
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
