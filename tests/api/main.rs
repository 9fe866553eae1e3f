//! API integration tests: each story runs against a real server on SQLite
//! and on PostgreSQL (see `helpers::both_backends!`).

#[macro_use]
mod helpers;

mod auth;
mod system;
