//! Benchmark tooling, out of the product (feature `bench-tools`, binary `alumni-bench`): synthetic
//! datasets and queries, a timed run of the lookup path over them, and a load generator for the
//! HTTP interactions endpoint.

pub mod http_load;
pub mod measure;
pub mod synth;
