//! Outgoing notifications. For now: e-mail through one small interface
//! ([`mail::Mailer`]); the outbox, Web Push and the scheduler come later.

pub mod mail;
