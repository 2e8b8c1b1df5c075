//! llama-alumni: where did the authors of Meta's 2023 LLaMA paper go?
//!
//! The crate answers two questions, from a dataset of researchers and the companies they work at:
//! `/whereis NAME` (a researcher's current role and company, when they left Meta, how long they stayed)
//! and `/company NAME` (everyone now at a company). Names are matched the way people type them in
//! chat: any case, accents, word order, partial names, initials and typos.
//!
//! The pipeline is plain functions, shared by the command line and the Discord bot:
//! [`dataset`] (load and validate) → [`search`] (normalize, match, rank) → [`commands`] (what each
//! command answers) → [`render`] (Discord interaction responses built with serenity's builders, or
//! terminal text). [`bot`] is the Discord adapter (serenity), configured by [`config`]; [`cli`] is
//! the command line; [`synth`] generates large datasets for benchmarks.
//!
//! ```
//! use llama_alumni::{commands::Request, dataset::Dataset, render, search::Catalog};
//! let catalog = Catalog::new(Dataset::embedded().unwrap());
//! let reply = render::respond(&catalog, &Request::parse("/whereis lampel").unwrap());
//! assert_eq!(reply.embed.title, "Guillaume Lample");
//! ```

pub mod bot;
pub mod cli;
pub mod commands;
pub mod config;
pub mod dataset;
pub mod measure;
pub mod normalize;
pub mod render;
pub mod search;
pub mod synth;
