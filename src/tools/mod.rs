//! Benchmark tooling, out of the product (feature `bench-tools`, binary `alumni-bench`): synthetic
//! datasets and queries, and a timed run of the lookup path over them.

pub mod measure;
pub mod synth;
