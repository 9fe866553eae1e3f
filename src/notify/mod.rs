//! Adapters for what goes out: e-mail through one small interface
//! ([`mail::Mailer`]), rendered from [`templates`]; Web Push in [`push`];
//! PDF documents (quotes, invoices, credit notes, statements) in
//! [`documents`]. The worker that delivers the outbox and the scheduler live
//! in [`crate::jobs`]: they drive use-cases, adapters do not.

pub mod documents;
pub mod mail;
pub mod push;
pub mod templates;
