//! Ticket SLA: the settings row, each ticket's deadlines and breach marks,
//! the state log the clocks are computed from, the scheduler's looks and
//! the compliance figures (issue 16).

use super::{Conn, on_conn};
use crate::domain::{TicketId, TicketPriority, TicketState, TicketType, Timestamp, UserId};

/// The SLA settings: a single row (id = 1), created with defaults on first
/// read. The JSON documents are `domain::sla` types.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct StoredSlaSettings {
    /// Seven `BusinessDay | null`, Monday first.
    pub business_hours: String,
    /// Dates `YYYY-MM-DD`.
    pub holidays: String,
    /// `SlaPolicy` list.
    pub policies: String,
    pub warning_minutes: i64,
    pub updated_at: Timestamp,
}

/// A ticket's SLA columns as the service computed them.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct SlaMarks {
    pub response_due_at: Option<Timestamp>,
    pub response_warn_at: Option<Timestamp>,
    pub response_breached_at: Option<Timestamp>,
    pub resolution_due_at: Option<Timestamp>,
    pub resolution_warn_at: Option<Timestamp>,
    pub resolution_breached_at: Option<Timestamp>,
}

/// What the stored marks were (whether a warning went out, and a breach
/// already marked, both kept).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StoredMarks {
    pub sla_response_warned_at: Option<Timestamp>,
    pub sla_response_breached_at: Option<Timestamp>,
    pub sla_resolution_warned_at: Option<Timestamp>,
    pub sla_resolution_breached_at: Option<Timestamp>,
}

/// A ticket with something due for the scheduler (a warning or a breach).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct SlaDue {
    pub id: TicketId,
}

/// One group of the compliance figures: tickets created in the period of a
/// type, priority and assignee.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ComplianceRow {
    pub kind: TicketType,
    pub priority: TicketPriority,
    pub assignee_id: Option<UserId>,
    pub assignee_name: Option<String>,
    pub tickets: i64,
    pub response_breached: i64,
    pub resolution_breached: i64,
    pub any_breached: i64,
    pub resolved: i64,
}

impl Conn {
    #[tracing::instrument(skip_all)]
    pub async fn sla_settings(&mut self) -> Result<Option<StoredSlaSettings>, sqlx::Error> {
        on_conn!(self, c => sqlx::query_as(
            "SELECT business_hours, holidays, policies, warning_minutes, updated_at
             FROM sla_settings WHERE id = 1")
            .fetch_optional(c).await)
    }

    #[tracing::instrument(skip_all)]
    pub async fn save_sla_settings(&mut self, s: &StoredSlaSettings) -> Result<(), sqlx::Error> {
        on_conn!(self, c => sqlx::query(
            "INSERT INTO sla_settings (id, business_hours, holidays, policies, warning_minutes, updated_at)
             VALUES (1, $1, $2, $3, $4, $5)
             ON CONFLICT (id) DO UPDATE SET business_hours = $1, holidays = $2, policies = $3,
                 warning_minutes = $4, updated_at = $5")
            .bind(&s.business_hours).bind(&s.holidays).bind(&s.policies)
            .bind(s.warning_minutes).bind(s.updated_at)
            .execute(c).await.map(|_| ()))
    }

    /// The states a ticket entered after its creation, oldest first, read
    /// from its channel's `ticket.state_changed` publications: the event
    /// log the SLA clocks are computed from.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn ticket_state_log(
        &mut self,
        id: TicketId,
    ) -> Result<Vec<(Timestamp, TicketState)>, sqlx::Error> {
        let rows: Vec<(String, Timestamp)> = on_conn!(self, c => sqlx::query_as(
            "SELECT data, created_at FROM publications
             WHERE channel = $1 AND data LIKE '{\"type\":\"ticket.state_changed\"%'
             ORDER BY seq")
            .bind(format!("ticket:{id}")).fetch_all(c).await)?;
        Ok(rows
            .into_iter()
            .filter_map(|(data, at)| {
                let v: serde_json::Value = serde_json::from_str(&data).ok()?;
                let state = v.get("ticket")?.get("state")?.as_str()?.parse().ok()?;
                Some((at, state))
            })
            .collect())
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn ticket_sla_marks(
        &mut self,
        id: TicketId,
    ) -> Result<Option<StoredMarks>, sqlx::Error> {
        on_conn!(self, c => sqlx::query_as(
            "SELECT sla_response_warned_at, sla_response_breached_at,
                    sla_resolution_warned_at, sla_resolution_breached_at
             FROM tickets WHERE id = $1")
            .bind(id).fetch_optional(c).await)
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn set_ticket_sla(&mut self, id: TicketId, m: &SlaMarks) -> Result<(), sqlx::Error> {
        on_conn!(self, c => sqlx::query(
            "UPDATE tickets SET sla_response_due_at = $2, sla_response_warn_at = $3,
                 sla_response_breached_at = $4, sla_resolution_due_at = $5,
                 sla_resolution_warn_at = $6, sla_resolution_breached_at = $7
             WHERE id = $1")
            .bind(id).bind(m.response_due_at).bind(m.response_warn_at)
            .bind(m.response_breached_at).bind(m.resolution_due_at)
            .bind(m.resolution_warn_at).bind(m.resolution_breached_at)
            .execute(c).await.map(|_| ()))
    }

    /// Tickets not closed (their SLA is recomputed when the policy changes).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn unclosed_ticket_ids(&mut self) -> Result<Vec<TicketId>, sqlx::Error> {
        on_conn!(self, c => sqlx::query_scalar(
            "SELECT id FROM tickets WHERE state <> 'closed' ORDER BY created_at")
            .fetch_all(c).await)
    }

    /// Tickets whose warning is due or whose deadline passed unmarked.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn sla_due(
        &mut self,
        now: Timestamp,
        limit: i64,
    ) -> Result<Vec<SlaDue>, sqlx::Error> {
        on_conn!(self, c => sqlx::query_as(
            "SELECT id FROM tickets
             WHERE sla_response_warn_at <= $1 OR sla_resolution_warn_at <= $1
                OR (sla_response_due_at <= $1 AND sla_response_breached_at IS NULL)
                OR (sla_resolution_due_at <= $1 AND sla_resolution_breached_at IS NULL)
             LIMIT $2")
            .bind(now).bind(limit).fetch_all(c).await)
    }

    /// Claims a ticket's warning for `target` (`response` or `resolution`):
    /// `true` once, across nodes.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn claim_sla_warning(
        &mut self,
        id: TicketId,
        response: bool,
        now: Timestamp,
    ) -> Result<bool, sqlx::Error> {
        let sql = if response {
            "UPDATE tickets SET sla_response_warn_at = NULL, sla_response_warned_at = $2
             WHERE id = $1 AND sla_response_warn_at <= $2"
        } else {
            "UPDATE tickets SET sla_resolution_warn_at = NULL, sla_resolution_warned_at = $2
             WHERE id = $1 AND sla_resolution_warn_at <= $2"
        };
        let n = on_conn!(self, c => sqlx::query(sql)
            .bind(id).bind(now).execute(c).await.map(|r| r.rows_affected()))?;
        Ok(n == 1)
    }

    /// Marks a ticket's breach of `target` at its deadline: `true` once.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn claim_sla_breach(
        &mut self,
        id: TicketId,
        response: bool,
        now: Timestamp,
    ) -> Result<bool, sqlx::Error> {
        let sql = if response {
            "UPDATE tickets SET sla_response_breached_at = sla_response_due_at,
                 sla_response_warn_at = NULL
             WHERE id = $1 AND sla_response_due_at <= $2 AND sla_response_breached_at IS NULL"
        } else {
            "UPDATE tickets SET sla_resolution_breached_at = sla_resolution_due_at,
                 sla_resolution_warn_at = NULL
             WHERE id = $1 AND sla_resolution_due_at <= $2 AND sla_resolution_breached_at IS NULL"
        };
        let n = on_conn!(self, c => sqlx::query(sql)
            .bind(id).bind(now).execute(c).await.map(|r| r.rows_affected()))?;
        Ok(n == 1)
    }

    /// The compliance figures of tickets created in `[from, to)`, per type,
    /// priority and assignee.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn sla_compliance(
        &mut self,
        from: Timestamp,
        to: Timestamp,
    ) -> Result<Vec<ComplianceRow>, sqlx::Error> {
        on_conn!(self, c => sqlx::query_as(
            "SELECT t.kind, t.priority, t.assignee_id, a.name AS assignee_name,
                    COUNT(*) AS tickets,
                    SUM(CASE WHEN t.sla_response_breached_at IS NOT NULL THEN 1 ELSE 0 END) AS response_breached,
                    SUM(CASE WHEN t.sla_resolution_breached_at IS NOT NULL THEN 1 ELSE 0 END) AS resolution_breached,
                    SUM(CASE WHEN t.sla_response_breached_at IS NOT NULL
                               OR t.sla_resolution_breached_at IS NOT NULL THEN 1 ELSE 0 END) AS any_breached,
                    SUM(CASE WHEN t.state = 'closed' THEN 1 ELSE 0 END) AS resolved
             FROM tickets t LEFT JOIN users a ON a.id = t.assignee_id
             WHERE t.created_at >= $1 AND t.created_at < $2
             GROUP BY t.kind, t.priority, t.assignee_id, a.name")
            .bind(from).bind(to).fetch_all(c).await)
    }
}
