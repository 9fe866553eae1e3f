//! Outgoing notifications: e-mail through one small interface
//! ([`mail::Mailer`]), rendered from [`templates`], delivered from the
//! transactional outbox by the [`outbox`] worker; Web Push in [`push`];
//! PDF documents (quotes, invoices, credit notes, statements) in [`documents`].

pub mod documents;
pub mod mail;
pub mod outbox;
pub mod push;
pub mod scheduler;
pub mod templates;
