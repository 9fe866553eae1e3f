//! Faena: service operations and real-time customer communication for
//! companies that maintain heavy machinery.
//!
//! # Layout
//! - [`config`]: settings from `config/default.toml` and `FAENA__*` variables.
//! - [`error`]: the one error type, rendered as problem+json.
//! - [`domain`]: pure types and rules (ids, money, tax ids, roles).
//! - [`store`]: all SQL, one behaviour on SQLite and PostgreSQL.
//! - [`services`]: use-cases; authorize, run a transaction, report.
//! - [`http`]: thin actix-web routes, auth extractor, OpenAPI.
//! - [`notify`]: e-mail delivery.
//! - [`realtime`]: the Centrifuge v2 protocol codec (actors to follow).
//! - [`app`]: wires everything from settings and runs until stopped.
//! - [`telemetry`]: logs and metrics.

pub mod app;
pub mod config;
pub mod domain;
pub mod error;
pub mod http;
pub mod notify;
pub mod realtime;
pub mod services;
pub mod store;
pub mod telemetry;
