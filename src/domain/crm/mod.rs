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
pub mod view;

pub use stage::{LostReason, Stage, StageMoveError, check_probability};

use crate::domain::{Role, UserId};

/// Which opportunities a person may see and edit; applied inside store
/// queries (like [`crate::domain::role::CustomerScope`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpportunityScope {
    /// Office roles: every opportunity.
    All,
    /// A seller: the opportunities they own and those of the customers
    /// they own.
    Seller(UserId),
    /// Technicians and customer contacts: none.
    Nothing,
}

impl OpportunityScope {
    pub fn for_user(role: Role, user: UserId) -> OpportunityScope {
        match role {
            Role::Master | Role::Admin | Role::Operator => OpportunityScope::All,
            Role::Seller => OpportunityScope::Seller(user),
            Role::Technician | Role::Customer => OpportunityScope::Nothing,
        }
    }

    /// `(all, user)` bound as `($1 OR o.owner_id = $2 OR cu.owner_id = $2)`;
    /// `Nothing` binds `(false, NULL)`, which matches no row.
    pub fn binds(self) -> (bool, Option<UserId>) {
        match self {
            OpportunityScope::All => (true, None),
            OpportunityScope::Seller(u) => (false, Some(u)),
            OpportunityScope::Nothing => (false, None),
        }
    }
}
