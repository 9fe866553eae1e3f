//! What the API and the board show of an opportunity: the response types
//! (OpenAPI schemas and generated TypeScript). The store's row types are
//! separate (`store::crm`) and converted with `From` in the services.

use chrono::NaiveDate;
use serde::Serialize;

use super::Stage;
use crate::domain::{ContactId, CustomerId, Money, OpportunityId, Timestamp, UserId};

/// A sales opportunity.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema, ts_rs::TS)]
pub struct Opportunity {
    pub id: OpportunityId,
    pub title: String,
    pub customer_id: CustomerId,
    pub customer_name: String,
    pub contact_id: Option<ContactId>,
    pub contact_name: Option<String>,
    pub value: Money,
    /// Percent, 0 to 100.
    pub probability: i32,
    /// `value × probability / 100`, rounded to the currency.
    pub weighted_value: Money,
    pub expected_close: Option<NaiveDate>,
    pub owner_id: UserId,
    pub owner_name: String,
    pub source: String,
    pub equipment_interest: String,
    pub notes: String,
    pub stage: Stage,
    /// Code of the lost reason (only when lost).
    pub lost_reason: Option<String>,
    pub next_step: String,
    pub next_step_due: Option<Timestamp>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// One row of the stage history.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema, ts_rs::TS)]
pub struct StageChange {
    /// `None` on the first row (the creation).
    pub from_stage: Option<Stage>,
    pub to_stage: Stage,
    pub lost_reason: Option<String>,
    pub by: UserId,
    pub by_name: String,
    pub at: Timestamp,
}

/// An opportunity with its stage history (the detail page).
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema, ts_rs::TS)]
pub struct OpportunityDetail {
    pub opportunity: Opportunity,
    pub history: Vec<StageChange>,
}

/// One column of the pipeline board.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema, ts_rs::TS)]
pub struct BoardColumn {
    pub stage: Stage,
    pub count: i64,
    pub sum: Money,
    /// Σ value × probability.
    pub weighted_sum: Money,
    pub cards: Vec<Opportunity>,
}

#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema, ts_rs::TS)]
pub struct Board {
    pub columns: Vec<BoardColumn>,
}
