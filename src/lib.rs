//! Faena: service operations and real-time customer communication for
//! companies that maintain heavy machinery.
//!
//! # Layout
//! - [`config`]: settings from `config/default.toml` and `FAENA__*` variables.
//! - [`error`]: the one error type, rendered as problem+json.
//! - [`domain`]: pure types and rules (ids, money, tax ids, roles, states and
//!   their transitions) and the contracts shared with the client:
//!   [`domain::events::ChannelEvent`] (every publication),
//!   [`domain::notification::NotificationKind`], [`domain::events::RpcMethod`];
//!   the client's TypeScript types are generated from them
//!   ([`domain::typescript`]).
//! - [`store`]: all SQL, one behaviour on SQLite and PostgreSQL.
//! - [`services`]: use-cases, one module (or folder) per capability; each
//!   authorizes, runs one [`services::uow::UnitOfWork`] (the transaction plus
//!   the events and notifications it stages) and commits it.
//!   [`services::views`] holds the API's response types, each built from a
//!   store row with `From` (the store's rows are never the API).
//! - [`http`]: thin actix-web routes, auth extractor, OpenAPI.
//! - [`realtime`]: the Centrifuge v2 WebSocket server: protocol codec, one
//!   session actor per connection, one room actor per live channel, the
//!   registry that starts rooms, the bus between nodes (local or Redis; a
//!   degraded bus reads live channels from the database).
//! - [`jobs`]: the outbox worker and the scheduler (reminders, surveys):
//!   background work that drives use-cases.
//! - [`notify`]: adapters only: e-mail, Web Push, message templates, PDF
//!   documents.
//! - [`app`]: wires everything from settings and runs until stopped.
//! - [`telemetry`]: logs and metrics.
//!
//! Outside `src/`: `migrations/{sqlite,postgres}/` (one numbered file per
//! change, same number on both), `client/` (the web client, embedded into the
//! binary), `tests/` (API stories on both databases, SDK, browser), and the
//! `bench/` workspace member with the benchmarks (`loadgen`, `notifybench`).

pub mod app;
pub mod config;
pub mod domain;
pub mod error;
pub mod http;
pub mod jobs;
pub mod notify;
pub mod realtime;
pub mod services;
pub mod store;
pub mod telemetry;
