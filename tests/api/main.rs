//! API integration tests: each story runs against a real server on SQLite
//! and on PostgreSQL (see `helpers::both_backends!`).

#[macro_use]
mod helpers;

mod appointments;
mod audit;
mod auth;
mod billing;
mod cli;
mod cluster;
mod crm;
mod customer_risk;
mod customers;
mod dashboard;
mod input;
mod interactions;
mod inventory;
mod notifications;
mod onboarding;
mod orders;
mod payments;
mod permissions;
mod realtime;
mod redis_outage;
mod report_parts;
mod report_quality;
mod report_records;
mod report_sales;
mod report_subscriptions;
mod reports;
mod security;
mod service_plans;
mod settings;
mod sla;
mod surveys;
mod system;
mod tickets;
mod time_zone;
mod users;
mod warranty;
mod ws;
