//! llama-alumni: where did the authors of Meta's 2023 LLaMA paper go?
//!
//! The crate answers two questions, from a dataset of researchers and the companies they work at:
//! `/whereis NAME` (a researcher's current role and company, when they left Meta, how long they
//! stayed) and `/company NAME` (everyone now at a company). Names are matched the way people type
//! them in chat: any case, accents, word order, partial names, initials and typos.
//!
//! Data flows one way, transports on top:
//!
//! - transports: [`discord`] (the gateway bot and Discord's wire format) and [`cli`];
//! - [`commands`]: one file per slash command, each a pure function from a request to a
//!   [`reply::Reply`], built from [`reply`]'s embeds within [`limits`], in the request's language
//!   ([`i18n`]: English or French, the words in one Fluent file per language);
//! - [`catalog`]: the dataset with its [`search`] indexes; [`normalize`] folds names;
//! - [`dataset`]: the file, validated.
//!
//! ```
//! use llama_alumni::{catalog::Catalog, commands::{self, Request}, dataset::Dataset};
//! let catalog = Catalog::new(Dataset::embedded().unwrap());
//! let reply = commands::run(&catalog, &Request::parse("/whereis lampel").unwrap());
//! assert_eq!(reply.embed.title, "Guillaume Lample");
//! ```

pub mod catalog;
pub mod chart;
pub mod cli;
pub mod commands;
pub mod dataset;
pub mod discord;
pub mod i18n;
pub mod limits;
pub mod normalize;
pub mod reply;
pub mod search;
#[cfg(feature = "bench-tools")]
pub mod tools;
