//! The service quality report's reads: tickets opened and closed and
//! contacts counted per period in SQL (response and resolution times as
//! whole seconds, the same on both backends); the surveys answered in a
//! range with who did the work (a row each: they are grouped by
//! technician, service type and segment in Rust); and, for the
//! drill-down, the tickets and contacts of the days clicked.

use uuid::Uuid;

use super::{
    CustomerFilters, PeriodBounds, bind_periods, bind_scope, bind_scope_filters, periods_sql,
    seconds_between, sqlite_index,
};
use crate::domain::interaction::Initiative;
use crate::domain::{CustomerId, OrderId, TicketId, TicketType, Timestamp, UserId};
use crate::store::{Conn, on_conn};

/// What the quality reads are limited to.
#[derive(Debug, Clone)]
pub struct QualityScope {
    pub start: Timestamp,
    pub end: Timestamp,
    pub customers: CustomerFilters,
    /// Only this technician's work: the tickets assigned to them, the
    /// surveys on their orders and tickets, the contacts they made.
    pub technician_id: Option<UserId>,
}

/// A ticket opened or closed in the range.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct QualityTicket {
    pub id: TicketId,
    pub created_at: Timestamp,
    pub resolved_at: Option<Timestamp>,
    pub kind: TicketType,
    pub first_response_at: Option<Timestamp>,
    pub sla_response_due_at: Option<Timestamp>,
    pub sla_response_breached_at: Option<Timestamp>,
    pub sla_resolution_due_at: Option<Timestamp>,
    pub sla_resolution_breached_at: Option<Timestamp>,
}

/// A survey answered in the range.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct QualitySurvey {
    pub id: Uuid,
    pub answered_at: Timestamp,
    pub nps: i32,
    pub csat: i32,
    pub order_id: Option<OrderId>,
    pub ticket_id: Option<TicketId>,
    /// The order's reason (a survey about an order).
    pub reason: Option<String>,
    /// The ticket's type (a survey about a ticket).
    pub ticket_kind: Option<TicketType>,
    pub category: String,
}

/// Who did the work a survey is about: a technician on its order, or the
/// assignee of its ticket.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SurveyWorker {
    pub survey_id: Uuid,
    pub user_id: UserId,
    pub name: String,
}

/// A contact with a customer in the range.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct QualityContact {
    pub id: Uuid,
    pub customer_id: CustomerId,
    pub occurred_at: Timestamp,
    pub initiative: Initiative,
}

/// The answers of the surveys answered in a period about one kind of
/// work for one segment.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ScoresTally {
    pub period: i32,
    /// The order's reason (a survey about an order), as written.
    pub reason: Option<String>,
    /// The ticket's type (a survey about a ticket).
    pub ticket_kind: Option<TicketType>,
    pub category: String,
    #[sqlx(flatten)]
    pub scores: ScoreSums,
}

/// Survey answers summed: how many, NPS promoters (9–10) and detractors
/// (0–6), and the CSAT scores added up.
#[derive(Debug, Clone, Copy, Default, sqlx::FromRow)]
pub struct ScoreSums {
    pub answered: i64,
    pub promoters: i64,
    pub detractors: i64,
    pub csat_sum: i64,
}

/// The answers of the surveys answered in the range about one worker's
/// work (a technician on the order, or the ticket's assignee).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct WorkerScores {
    pub user_id: UserId,
    pub name: String,
    #[sqlx(flatten)]
    pub scores: ScoreSums,
}

/// The columns of [`ScoreSums`] over the surveys `sv` of a group.
const SCORE_SUMS: &str = "COUNT(*) AS answered,
    CAST(SUM(CASE WHEN sv.nps >= 9 THEN 1 ELSE 0 END) AS BIGINT) AS promoters,
    CAST(SUM(CASE WHEN sv.nps <= 6 THEN 1 ELSE 0 END) AS BIGINT) AS detractors,
    CAST(SUM(sv.csat) AS BIGINT) AS csat_sum";

/// Tickets opened in a period (`period`: its index in the bounds).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OpenedTally {
    pub period: i32,
    pub opened: i64,
    /// Of them, answered by the staff.
    pub responses: i64,
    /// Σ whole seconds from opening to the first staff reply.
    pub response_seconds: i64,
    /// Of them, those that missed an SLA target.
    pub breached: i64,
}

/// Tickets closed in a period.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ClosedTally {
    pub period: i32,
    pub closed: i64,
    /// Σ whole seconds from opening to closing.
    pub resolution_seconds: i64,
}

/// Contacts of one initiative in a period.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ContactTally {
    pub period: i32,
    pub initiative: Initiative,
    pub contacts: i64,
}

/// The customer filters after `$1`, `$2`, then the technician's.
fn filters(s: &QualityScope, technician: &str) -> String {
    filters_from(s, technician, 3)
}

/// The customer filters numbered from `$first`, then the technician's.
fn filters_from(s: &QualityScope, technician: &str, first: usize) -> String {
    let (sql, next) = s.customers.sql(first);
    sql + &technician_filter(s, technician, next)
}

/// The join of the customers (only with a customer filter: every ticket
/// and contact has a customer) and the filters numbered from `$first`,
/// then the technician's.
fn joined_filters(
    s: &QualityScope,
    table: &str,
    technician: &str,
    first: usize,
) -> (String, String) {
    let (join, sql, next) = s.customers.joined(&format!("{table}.customer_id"), first);
    (join, sql + &technician_filter(s, technician, next))
}

/// ` AND <technician>` with its `$t` numbered `$n`, with a technician.
fn technician_filter(s: &QualityScope, technician: &str, n: usize) -> String {
    match s.technician_id {
        Some(_) => format!(" AND {}", technician.replace("$t", &format!("${n}"))),
        None => String::new(),
    }
}

const SURVEY_TECHNICIAN: &str = "(t.assignee_id = $t OR EXISTS (SELECT 1 FROM order_technicians ot
    WHERE ot.order_id = sv.order_id AND ot.user_id = $t))";

impl Conn {
    /// Tickets opened per period, their first responses and SLA misses.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn report_tickets_opened(
        &mut self,
        bounds: &PeriodBounds,
        s: &QualityScope,
    ) -> Result<Vec<OpenedTally>, sqlx::Error> {
        let (periods, next) = periods_sql(bounds, 1);
        let (join, filters) = joined_filters(s, "t", "t.assignee_id = $t", next);
        let response = seconds_between(self, "t.created_at", "t.first_response_at");
        let index = sqlite_index(self, "tickets_created");
        let sql = format!(
            "SELECT p.column1 AS period, COUNT(*) AS opened, COUNT(t.first_response_at) AS responses,
                    CAST(COALESCE(SUM({response}), 0) AS BIGINT) AS response_seconds,
                    CAST(SUM(CASE WHEN t.sla_response_breached_at IS NOT NULL
                                    OR t.sla_resolution_breached_at IS NOT NULL
                                  THEN 1 ELSE 0 END) AS BIGINT) AS breached
             FROM {periods} CROSS JOIN tickets t{index}{join}
             WHERE t.created_at >= p.column2 AND t.created_at < p.column3{filters}
             GROUP BY p.column1"
        );
        on_conn!(self, c => bind_scope_filters!(
                bind_periods!(sqlx::query_as(sqlx::AssertSqlSafe(sql)), bounds), s)
            .fetch_all(c).await)
    }

    /// Tickets closed per period and their resolution times.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn report_tickets_closed(
        &mut self,
        bounds: &PeriodBounds,
        s: &QualityScope,
    ) -> Result<Vec<ClosedTally>, sqlx::Error> {
        let (periods, next) = periods_sql(bounds, 1);
        let (join, filters) = joined_filters(s, "t", "t.assignee_id = $t", next);
        let resolution = seconds_between(self, "t.created_at", "t.resolved_at");
        let index = sqlite_index(self, "tickets_resolved");
        let sql = format!(
            "SELECT p.column1 AS period, COUNT(*) AS closed,
                    CAST(COALESCE(SUM({resolution}), 0) AS BIGINT) AS resolution_seconds
             FROM {periods} CROSS JOIN tickets t{index}{join}
             WHERE t.resolved_at >= p.column2 AND t.resolved_at < p.column3{filters}
             GROUP BY p.column1"
        );
        on_conn!(self, c => bind_scope_filters!(
                bind_periods!(sqlx::query_as(sqlx::AssertSqlSafe(sql)), bounds), s)
            .fetch_all(c).await)
    }

    /// Contacts per period and initiative.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn report_contacts(
        &mut self,
        bounds: &PeriodBounds,
        s: &QualityScope,
    ) -> Result<Vec<ContactTally>, sqlx::Error> {
        let (periods, next) = periods_sql(bounds, 1);
        let (join, filters) = joined_filters(s, "ci", "ci.user_id = $t", next);
        let index = sqlite_index(self, "customer_interactions_occurred");
        let sql = format!(
            "SELECT p.column1 AS period, ci.initiative, COUNT(*) AS contacts
             FROM {periods} CROSS JOIN customer_interactions ci{index}{join}
             WHERE ci.occurred_at >= p.column2 AND ci.occurred_at < p.column3{filters}
             GROUP BY p.column1, ci.initiative"
        );
        on_conn!(self, c => bind_scope_filters!(
                bind_periods!(sqlx::query_as(sqlx::AssertSqlSafe(sql)), bounds), s)
            .fetch_all(c).await)
    }

    /// Answered surveys per period, order reason or ticket type, and
    /// segment (a few thousand groups instead of a row per survey).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn report_survey_scores(
        &mut self,
        bounds: &PeriodBounds,
        s: &QualityScope,
    ) -> Result<Vec<ScoresTally>, sqlx::Error> {
        let (periods, next) = periods_sql(bounds, 1);
        let filters = filters_from(s, SURVEY_TECHNICIAN, next);
        let index = sqlite_index(self, "surveys_answered");
        // The surveys of each period first (`MATERIALIZED`: on its own,
        // each period is a range of `surveys_answered`), then their
        // customers, tickets and orders. Planned as one query, PostgreSQL
        // joins every answered survey to its ticket and order and then
        // compares each with every period: 186 ms instead of 108 ms for 3
        // years by month.
        let sql = format!(
            "WITH sv AS MATERIALIZED (
                 SELECT p.column1 AS period, sv.customer_id, sv.ticket_id, sv.order_id,
                        sv.nps, sv.csat
                 FROM {periods} CROSS JOIN surveys sv{index}
                 WHERE sv.answered_at >= p.column2 AND sv.answered_at < p.column3
                   AND sv.nps IS NOT NULL AND sv.csat IS NOT NULL)
             SELECT sv.period, o.reason, t.kind AS ticket_kind, cu.category, {SCORE_SUMS}
             FROM sv JOIN customers cu ON cu.id = sv.customer_id
                  LEFT JOIN tickets t ON t.id = sv.ticket_id
                  LEFT JOIN service_orders o ON o.id = sv.order_id
             WHERE TRUE{filters}
             GROUP BY sv.period, o.reason, t.kind, cu.category"
        );
        on_conn!(self, c => bind_scope_filters!(
                bind_periods!(sqlx::query_as(sqlx::AssertSqlSafe(sql)), bounds), s)
            .fetch_all(c).await)
    }

    /// Answered surveys per worker: the technicians on the surveyed
    /// orders and the assignees of the surveyed tickets.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn report_worker_scores(
        &mut self,
        s: &QualityScope,
    ) -> Result<Vec<WorkerScores>, sqlx::Error> {
        let sql = format!(
            "SELECT w.user_id, u.name, COUNT(*) AS answered,
                    CAST(SUM(CASE WHEN w.nps >= 9 THEN 1 ELSE 0 END) AS BIGINT) AS promoters,
                    CAST(SUM(CASE WHEN w.nps <= 6 THEN 1 ELSE 0 END) AS BIGINT) AS detractors,
                    CAST(SUM(w.csat) AS BIGINT) AS csat_sum
             FROM (SELECT ot.user_id, sv.nps, sv.csat
                   FROM surveys sv JOIN customers cu ON cu.id = sv.customer_id
                        LEFT JOIN tickets t ON t.id = sv.ticket_id
                        JOIN order_technicians ot ON ot.order_id = sv.order_id
                   WHERE sv.answered_at >= $1 AND sv.answered_at < $2
                     AND sv.nps IS NOT NULL AND sv.csat IS NOT NULL{f}
                   UNION ALL
                   SELECT t.assignee_id AS user_id, sv.nps, sv.csat
                   FROM surveys sv JOIN customers cu ON cu.id = sv.customer_id
                        JOIN tickets t ON t.id = sv.ticket_id
                   WHERE sv.answered_at >= $1 AND sv.answered_at < $2
                     AND sv.nps IS NOT NULL AND sv.csat IS NOT NULL{f}) w
                  JOIN users u ON u.id = w.user_id
             GROUP BY w.user_id, u.name",
            f = filters(s, SURVEY_TECHNICIAN)
        );
        on_conn!(self, c => bind_scope!(sqlx::query_as(sqlx::AssertSqlSafe(sql)), s)
            .fetch_all(c).await)
    }

    /// Tickets opened or closed in the range (the drill-down's, over the
    /// days clicked).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn report_quality_tickets(
        &mut self,
        s: &QualityScope,
    ) -> Result<Vec<QualityTicket>, sqlx::Error> {
        let sql = format!(
            "SELECT t.id, t.created_at, t.resolved_at, t.kind, t.first_response_at,
                    t.sla_response_due_at, t.sla_response_breached_at,
                    t.sla_resolution_due_at, t.sla_resolution_breached_at
             FROM tickets t JOIN customers cu ON cu.id = t.customer_id
             WHERE ((t.created_at >= $1 AND t.created_at < $2)
                    OR (t.resolved_at >= $1 AND t.resolved_at < $2)){}",
            filters(s, "t.assignee_id = $t")
        );
        on_conn!(self, c => bind_scope!(sqlx::query_as(sqlx::AssertSqlSafe(sql)), s)
            .fetch_all(c).await)
    }

    /// Surveys answered in the range (with both scores).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn report_quality_surveys(
        &mut self,
        s: &QualityScope,
    ) -> Result<Vec<QualitySurvey>, sqlx::Error> {
        let sql = format!(
            "SELECT sv.id, sv.answered_at, sv.nps, sv.csat, sv.order_id, sv.ticket_id,
                    o.reason, t.kind AS ticket_kind, cu.category
             FROM surveys sv JOIN customers cu ON cu.id = sv.customer_id
                  LEFT JOIN tickets t ON t.id = sv.ticket_id
                  LEFT JOIN service_orders o ON o.id = sv.order_id
             WHERE sv.answered_at >= $1 AND sv.answered_at < $2
               AND sv.nps IS NOT NULL AND sv.csat IS NOT NULL{}",
            filters(s, SURVEY_TECHNICIAN)
        );
        on_conn!(self, c => bind_scope!(sqlx::query_as(sqlx::AssertSqlSafe(sql)), s)
            .fetch_all(c).await)
    }

    /// Who did the work of those surveys.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn report_survey_workers(
        &mut self,
        s: &QualityScope,
    ) -> Result<Vec<SurveyWorker>, sqlx::Error> {
        let sql = format!(
            "SELECT sv.id AS survey_id, ot.user_id, u.name
             FROM surveys sv JOIN customers cu ON cu.id = sv.customer_id
                  LEFT JOIN tickets t ON t.id = sv.ticket_id
                  JOIN order_technicians ot ON ot.order_id = sv.order_id
                  JOIN users u ON u.id = ot.user_id
             WHERE sv.answered_at >= $1 AND sv.answered_at < $2
               AND sv.nps IS NOT NULL AND sv.csat IS NOT NULL{f}
             UNION ALL
             SELECT sv.id AS survey_id, t.assignee_id AS user_id, u.name
             FROM surveys sv JOIN customers cu ON cu.id = sv.customer_id
                  JOIN tickets t ON t.id = sv.ticket_id
                  JOIN users u ON u.id = t.assignee_id
             WHERE sv.answered_at >= $1 AND sv.answered_at < $2
               AND sv.nps IS NOT NULL AND sv.csat IS NOT NULL{f}",
            f = filters(s, SURVEY_TECHNICIAN)
        );
        on_conn!(self, c => bind_scope!(sqlx::query_as(sqlx::AssertSqlSafe(sql)), s)
            .fetch_all(c).await)
    }

    /// Contacts with customers in the range (the drill-down's).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn report_quality_contacts(
        &mut self,
        s: &QualityScope,
    ) -> Result<Vec<QualityContact>, sqlx::Error> {
        let sql = format!(
            "SELECT ci.id, ci.customer_id, ci.occurred_at, ci.initiative
             FROM customer_interactions ci JOIN customers cu ON cu.id = ci.customer_id
             WHERE ci.occurred_at >= $1 AND ci.occurred_at < $2{}",
            filters(s, "ci.user_id = $t")
        );
        on_conn!(self, c => bind_scope!(sqlx::query_as(sqlx::AssertSqlSafe(sql)), s)
            .fetch_all(c).await)
    }
}
