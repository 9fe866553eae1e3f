//! Background work that drives use-cases, so it sits above [`crate::services`]:
//! the [`outbox`] worker delivers committed notifications through the
//! adapters in [`crate::notify`], and the [`scheduler`] finds what is due
//! (appointment reminders, survey invitations) and runs the use-cases that
//! send it. [`crate::notify`] keeps only adapters (mail, push, templates,
//! documents), so no module imports in a circle.

pub mod outbox;
pub mod scheduler;
