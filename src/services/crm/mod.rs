//! The CRM use-cases (issue 14): opportunities through the funnel
//! ([`opportunities`]), the live pipeline board ([`pipeline`]), metrics and
//! the dashboard ([`metrics`]), documents on a customer's file
//! ([`documents`]) and exports as CSV and XLSX ([`export`]).
//!
//! Who sees what: office roles (master, admin, operator) every
//! opportunity; a seller the ones they own and those of the customers they
//! own ([`OpportunityScope`], applied in SQL); technicians and customer
//! contacts none (`forbidden`).
//!
//! Every change is announced on `staff:crm` (the office's boards) and on
//! `crm:<user>` of the owner and of the customer's seller, so a card moved
//! by a seller moves on an admin's board without a reload.

pub mod demo;
pub mod documents;
pub mod export;
pub mod metrics;
pub mod opportunities;
pub mod pipeline;
pub mod reminders;

use rust_decimal::{Decimal, RoundingStrategy};

use super::Principal;
use crate::domain::channel::{Channel, StaffFeed};
use crate::domain::crm::OpportunityScope;
use crate::domain::crm::view::Opportunity;
use crate::domain::{Money, Permission, UserId};
use crate::error::AppResult;
use crate::store::crm::opportunities::OpportunityRow;

impl Principal {
    /// Refuses roles without the CRM and returns the caller's scope.
    pub fn crm_scope(&self) -> AppResult<OpportunityScope> {
        self.require(Permission::UseCrm)?;
        Ok(OpportunityScope::for_user(self.user.role, self.user.id))
    }
}

/// `value × probability / 100` rounded half away from zero to `scale`.
/// (always with exactly `scale` decimals).
pub fn weighted(value: Money, probability: i32, scale: u32) -> Money {
    let mut w = (value.0 * Decimal::from(probability) / Decimal::from(100))
        .round_dp_with_strategy(scale, RoundingStrategy::MidpointAwayFromZero);
    w.rescale(scale);
    Money(w)
}

/// The API shape of a row; `scale`: the currency's decimals.
pub fn view(r: OpportunityRow, scale: u32) -> Opportunity {
    Opportunity {
        weighted_value: weighted(r.value, r.probability, scale),
        id: r.id,
        title: r.title,
        customer_id: r.customer_id,
        customer_name: r.customer_name,
        contact_id: r.contact_id,
        contact_name: r.contact_name,
        value: r.value,
        probability: r.probability,
        expected_close: r.expected_close,
        owner_id: r.owner_id,
        owner_name: r.owner_name,
        source: r.source,
        equipment_interest: r.equipment_interest,
        notes: r.notes,
        stage: r.stage,
        lost_reason: r.lost_reason,
        next_step: r.next_step,
        next_step_due: r.next_step_due,
        created_at: r.created_at,
        updated_at: r.updated_at,
    }
}

/// The channels a change of this opportunity is announced on: the office
/// board and the boards of its owner and of its customer's seller (and of
/// a previous owner, so the card leaves their board).
pub fn channels(r: &OpportunityRow, previous_owner: Option<UserId>) -> Vec<Channel> {
    let mut users = vec![r.owner_id];
    users.extend(r.customer_owner_id);
    users.extend(previous_owner);
    users.sort();
    users.dedup();
    std::iter::once(Channel::Staff(StaffFeed::Crm))
        .chain(users.into_iter().map(Channel::Crm))
        .collect()
}
