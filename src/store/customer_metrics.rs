//! What customer metrics and the at-risk score read (issue 16): one grouped
//! query per source (interactions, tickets, surveys, orders), for every
//! customer in scope or one, and each customer's stored score.
//! Differences of times are computed in Rust, so the SQL is the same on
//! both databases.

use std::collections::HashMap;

use super::customers::scope_binds;
use super::{Conn, on_conn};
use crate::domain::role::CustomerScope;
use crate::domain::{CustomerId, Timestamp, UserId};

/// A customer as the metrics group it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MetricCustomer {
    pub id: CustomerId,
    pub name: String,
    pub category: String,
    pub owner_id: Option<UserId>,
    pub owner_name: Option<String>,
    pub created_at: Timestamp,
}

#[derive(Debug, Clone, Default, sqlx::FromRow)]
pub struct InteractionAgg {
    pub customer_id: CustomerId,
    pub last_at: Option<Timestamp>,
    pub contacts: i64,
    pub proactive: i64,
}

/// A ticket as the metrics read it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TicketTimes {
    pub customer_id: CustomerId,
    pub open_complaint: bool,
    pub recent: bool,
    pub created_at: Timestamp,
    pub first_response_at: Option<Timestamp>,
    pub resolved_at: Option<Timestamp>,
    /// Closed without waiting on the customer and never reopened.
    pub first_contact: bool,
}

#[derive(Debug, Clone, Default, sqlx::FromRow)]
pub struct SurveyAgg {
    pub customer_id: CustomerId,
    pub nps_sum: i64,
    pub csat_sum: i64,
    pub answered: i64,
}

#[derive(Debug, Clone, Default, sqlx::FromRow)]
pub struct OrderAgg {
    pub customer_id: CustomerId,
    pub recent: i64,
    pub previous: i64,
}

/// A customer's stored score.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StoredRisk {
    pub customer_id: CustomerId,
    pub score: i64,
    pub at_risk: bool,
    /// `Vec<RiskSignal>` as JSON.
    pub reasons: String,
    pub computed_at: Timestamp,
    pub since: Option<Timestamp>,
}

impl Conn {
    /// Active customers in scope (or the one given).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn metric_customers(
        &mut self,
        scope: CustomerScope,
        one: Option<CustomerId>,
    ) -> Result<Vec<MetricCustomer>, sqlx::Error> {
        let (all, owner, company) = scope_binds(scope);
        on_conn!(self, c => sqlx::query_as(
            "SELECT cu.id, cu.name, cu.category, cu.owner_id, u.name AS owner_name, cu.created_at
             FROM customers cu LEFT JOIN users u ON u.id = cu.owner_id
             WHERE cu.active AND ($1 OR cu.owner_id = $2 OR cu.id = $3)
               AND ($4 IS NULL OR cu.id = $4)
             ORDER BY cu.name, cu.id")
            .bind(all).bind(owner).bind(company).bind(one).fetch_all(c).await)
    }

    /// Per customer: the last interaction, and those since `since` (and how
    /// many of them proactive).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn interaction_aggregates(
        &mut self,
        since: Timestamp,
        one: Option<CustomerId>,
    ) -> Result<HashMap<CustomerId, InteractionAgg>, sqlx::Error> {
        let rows: Vec<InteractionAgg> = on_conn!(self, c => sqlx::query_as(
            "SELECT customer_id, MAX(occurred_at) AS last_at,
                    SUM(CASE WHEN occurred_at >= $1 THEN 1 ELSE 0 END) AS contacts,
                    SUM(CASE WHEN occurred_at >= $1 AND initiative = 'proactive' THEN 1 ELSE 0 END)
                        AS proactive
             FROM customer_interactions WHERE ($2 IS NULL OR customer_id = $2)
             GROUP BY customer_id")
            .bind(since).bind(one).fetch_all(c).await)?;
        Ok(rows.into_iter().map(|r| (r.customer_id, r)).collect())
    }

    /// Tickets opened since `since`, and open complaints of any age.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn ticket_times(
        &mut self,
        since: Timestamp,
        one: Option<CustomerId>,
    ) -> Result<Vec<TicketTimes>, sqlx::Error> {
        on_conn!(self, c => sqlx::query_as(
            "SELECT customer_id,
                    (kind = 'complaint' AND state <> 'closed') AS open_complaint,
                    (created_at >= $1) AS recent,
                    created_at, first_response_at, resolved_at,
                    (state = 'closed' AND NOT went_pending AND NOT reopened) AS first_contact
             FROM tickets
             WHERE (created_at >= $1 OR (kind = 'complaint' AND state <> 'closed'))
               AND ($2 IS NULL OR customer_id = $2)")
            .bind(since).bind(one).fetch_all(c).await)
    }

    /// Per customer: the surveys answered since `since`.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn survey_aggregates(
        &mut self,
        since: Timestamp,
        one: Option<CustomerId>,
    ) -> Result<HashMap<CustomerId, SurveyAgg>, sqlx::Error> {
        let rows: Vec<SurveyAgg> = on_conn!(self, c => sqlx::query_as(
            "SELECT customer_id, SUM(nps) AS nps_sum, SUM(csat) AS csat_sum, COUNT(*) AS answered
             FROM surveys
             WHERE answered_at >= $1 AND nps IS NOT NULL AND csat IS NOT NULL
               AND ($2 IS NULL OR customer_id = $2)
             GROUP BY customer_id")
            .bind(since).bind(one).fetch_all(c).await)?;
        Ok(rows.into_iter().map(|r| (r.customer_id, r)).collect())
    }

    /// Per customer: service orders received since `recent`, and between
    /// `previous` and `recent`.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn order_aggregates(
        &mut self,
        recent: Timestamp,
        previous: Timestamp,
        one: Option<CustomerId>,
    ) -> Result<HashMap<CustomerId, OrderAgg>, sqlx::Error> {
        let rows: Vec<OrderAgg> = on_conn!(self, c => sqlx::query_as(
            "SELECT customer_id,
                    SUM(CASE WHEN received_at >= $1 THEN 1 ELSE 0 END) AS recent,
                    SUM(CASE WHEN received_at < $1 THEN 1 ELSE 0 END) AS previous
             FROM service_orders
             WHERE received_at >= $2 AND ($3 IS NULL OR customer_id = $3)
             GROUP BY customer_id")
            .bind(recent).bind(previous).bind(one).fetch_all(c).await)?;
        Ok(rows.into_iter().map(|r| (r.customer_id, r)).collect())
    }

    /// Every stored score (or the one given).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn stored_risks(
        &mut self,
        one: Option<CustomerId>,
    ) -> Result<HashMap<CustomerId, StoredRisk>, sqlx::Error> {
        let rows: Vec<StoredRisk> = on_conn!(self, c => sqlx::query_as(
            "SELECT customer_id, score, at_risk, reasons, computed_at, since FROM customer_risk
             WHERE ($1 IS NULL OR customer_id = $1)")
            .bind(one).fetch_all(c).await)?;
        Ok(rows.into_iter().map(|r| (r.customer_id, r)).collect())
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn save_risk(&mut self, r: &StoredRisk) -> Result<(), sqlx::Error> {
        on_conn!(self, c => sqlx::query(
            "INSERT INTO customer_risk (customer_id, score, at_risk, reasons, computed_at, since)
             VALUES ($1, $2, $3, $4, $5, $6)
             ON CONFLICT (customer_id) DO UPDATE SET score = $2, at_risk = $3, reasons = $4,
                 computed_at = $5, since = $6")
            .bind(r.customer_id).bind(r.score).bind(r.at_risk).bind(&r.reasons)
            .bind(r.computed_at).bind(r.since).execute(c).await.map(|_| ()))
    }
}
