//! API integration tests: each story runs against a real server on SQLite
//! and on PostgreSQL (see `helpers::both_backends!`).

#[macro_use]
mod helpers;

mod appointments;
mod auth;
mod billing;
mod cli;
mod cluster;
mod customers;
mod dashboard;
mod input;
mod inventory;
mod notifications;
mod orders;
mod payments;
mod permissions;
mod realtime;
mod settings;
mod surveys;
mod system;
mod tickets;
mod users;
mod ws;
