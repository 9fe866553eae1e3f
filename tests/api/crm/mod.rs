//! CRM (issue 14) on both backends: opportunities through the funnel with
//! their stage history, refusals for every role, bad input that changes
//! nothing, live publications for the board, metrics against figures
//! worked out by hand, documents, exports and the next-step reminder.

mod directory;
mod documents;
mod metrics;
mod opportunities;
mod quotes;
