//! Outgoing notifications: e-mail through one small interface
//! ([`mail::Mailer`]), rendered from [`templates`], delivered from the
//! transactional outbox by the [`outbox`] worker; Web Push in [`push`].

pub mod mail;
pub mod outbox;
pub mod push;
pub mod scheduler;
pub mod templates;
