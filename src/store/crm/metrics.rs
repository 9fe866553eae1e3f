//! The rows the CRM metrics are computed from — the opportunities in scope
//! and every stage history row, oldest first per opportunity, read from a
//! covering index — and the funnel's counts, aggregated here for the
//! dashboard. The figures themselves are computed in
//! [`crate::domain::crm::metrics`].

use crate::domain::crm::{OpportunityScope, Stage};
use crate::domain::{OpportunityId, Timestamp, UserId};
use crate::store::{Conn, on_conn};

/// An opportunity in scope, as the metrics group it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct MetricOpportunity {
    pub id: OpportunityId,
    pub owner_id: UserId,
    pub created_at: Timestamp,
}

/// One stage history row: which stage, when.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct HistoryPoint {
    pub opportunity_id: OpportunityId,
    pub to_stage: Stage,
    pub at: Timestamp,
}

/// How many opportunities got at most to one rank of the funnel.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct FurthestCount {
    /// Rank in [`Stage::FUNNEL`] of the furthest stage ever entered; -1 when
    /// the history holds nothing but `lost`.
    pub furthest: i32,
    pub opportunities: i64,
}

/// Counts for the dashboard's headline figures.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DirectoryCounts {
    pub customers: i64,
    pub contacts: i64,
}

/// The stage history rows in scope, binding `$1` (all), `$2` (the seller)
/// and `$3` (the owner filter). Everything in scope reads the history
/// alone (its covering index); a seller's scope or an owner filter joins
/// the opportunity and its customer. Both texts use the three binds, so
/// the callers bind the same parameters whichever is chosen.
fn history_in_scope(all: bool, owner: Option<UserId>) -> &'static str {
    if all && owner.is_none() {
        "crm_stage_history h WHERE ($1 OR $2 IS NULL) AND $3 IS NULL"
    } else {
        "crm_stage_history h
         JOIN crm_opportunities o ON o.id = h.opportunity_id
         JOIN customers cu ON cu.id = o.customer_id
         WHERE ($1 OR o.owner_id = $2 OR cu.owner_id = $2) AND ($3 IS NULL OR o.owner_id = $3)"
    }
}

impl Conn {
    /// The opportunities in scope (of `owner` when given): who owns each
    /// and when it was created.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn metric_opportunities(
        &mut self,
        scope: OpportunityScope,
        owner: Option<UserId>,
    ) -> Result<Vec<MetricOpportunity>, sqlx::Error> {
        let (all, user) = scope.binds();
        on_conn!(self, c => sqlx::query_as(
            "SELECT o.id, o.owner_id, o.created_at
             FROM crm_opportunities o
             JOIN customers cu ON cu.id = o.customer_id
             WHERE ($1 OR o.owner_id = $2 OR cu.owner_id = $2) AND ($3 IS NULL OR o.owner_id = $3)")
            .bind(all).bind(user).bind(owner).fetch_all(c).await)
    }

    /// Every history row of the opportunities in scope, grouped by
    /// opportunity, oldest first. Everything in scope reads the covering
    /// index `crm_stage_history_walk` alone (no join: the rows of
    /// opportunities out of scope are dropped by the caller, which holds
    /// [`Conn::metric_opportunities`]); a seller's scope joins.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn history_points(
        &mut self,
        scope: OpportunityScope,
        owner: Option<UserId>,
    ) -> Result<Vec<HistoryPoint>, sqlx::Error> {
        let (all, user) = scope.binds();
        let from = history_in_scope(all, owner);
        let sql = format!(
            "SELECT h.opportunity_id, h.to_stage, h.at FROM {from}
             ORDER BY h.opportunity_id, h.at, h.id"
        );
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(all).bind(user).bind(owner).fetch_all(c).await)
    }

    /// The funnel's raw counts, aggregated in the database: for every
    /// opportunity in scope the furthest funnel stage its history ever
    /// entered, counted per rank. Everything in scope reads the covering
    /// index `crm_stage_history_walk` alone; a seller's scope joins the
    /// opportunity and its customer.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn funnel_furthest(
        &mut self,
        scope: OpportunityScope,
        owner: Option<UserId>,
    ) -> Result<Vec<FurthestCount>, sqlx::Error> {
        let (all, user) = scope.binds();
        let from = history_in_scope(all, owner);
        // The ranks are bound, not written here: `Stage::rank` stays the one
        // definition of the funnel's order.
        let sql = format!(
            "SELECT furthest, COUNT(*) AS opportunities FROM (
                 SELECT MAX(CASE h.to_stage WHEN $4 THEN 0 WHEN $5 THEN 1 WHEN $6 THEN 2
                                            WHEN $7 THEN 3 WHEN $8 THEN 4 ELSE -1 END) AS furthest
                 FROM {from}
                 GROUP BY h.opportunity_id) reach
             GROUP BY furthest"
        );
        let [s0, s1, s2, s3, s4] = Stage::FUNNEL;
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(all).bind(user).bind(owner)
            .bind(s0).bind(s1).bind(s2).bind(s3).bind(s4)
            .fetch_all(c).await)
    }

    /// Active customers and their contacts visible to a seller (`Some`) or
    /// everyone (`None`).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn directory_counts(
        &mut self,
        seller: Option<UserId>,
    ) -> Result<DirectoryCounts, sqlx::Error> {
        on_conn!(self, c => sqlx::query_as(
            "SELECT (SELECT COUNT(*) FROM customers cu
                     WHERE cu.active AND ($1 IS NULL OR cu.owner_id = $1)) AS customers,
                    (SELECT COUNT(*) FROM contacts ct JOIN customers cu ON cu.id = ct.customer_id
                     WHERE cu.active AND ($1 IS NULL OR cu.owner_id = $1)) AS contacts")
            .bind(seller).fetch_one(c).await)
    }
}
