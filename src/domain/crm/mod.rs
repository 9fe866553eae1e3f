//! CRM: sales opportunities moving through the funnel
//! `prospect → qualified → proposal → negotiation → won | lost`.
//!
//! Why a module of its own: the rules (which moves are allowed, the default
//! probability of each stage, a lost opportunity needs a reason) and the
//! metrics (conversion, win rate, time in stage, cycle time) are pure
//! functions of an opportunity's *stage history*. The history is
//! append-only and is the truth: nothing here keeps a mutable counter, so a
//! figure on the dashboard can always be recomputed from the rows.
//!
//! - [`stage`]: the stages, their order, default probabilities and the
//!   transition rule.
//! - [`metrics`]: conversion stage → next, win rate, average and median
//!   time in stage, cycle time, grouped by owner and by creation month.

pub mod metrics;
pub mod stage;

pub use stage::{LostReason, Stage, StageMoveError};
