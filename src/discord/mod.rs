//! Discord, the transport: the gateway bot (serenity), its configuration, the wire format of
//! replies and registration, and hot reload of the data.

pub mod config;
pub mod endpoint;
pub mod error;
pub mod gateway;
pub mod handler;
pub mod health;
pub mod memory;
pub mod metrics;
pub mod reconnect;
pub mod register;
pub mod reload;
pub mod rest;
pub mod retry;
pub mod wire;

pub use config::Config;
pub use error::BotError;
pub use reload::SharedCatalog;
