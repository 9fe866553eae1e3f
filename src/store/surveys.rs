//! Surveys after service (see `migrations/*/0007_surveys.sql`).

use uuid::Uuid;

use super::{Conn, on_conn};
use crate::domain::{CustomerId, OrderId, TicketId, TicketType, Timestamp, UserId};

/// A survey as the portal, the link and the office see it (never the token).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Survey {
    pub id: Uuid,
    pub order_id: Option<OrderId>,
    pub ticket_id: Option<TicketId>,
    pub customer_id: CustomerId,
    /// The order's or ticket's number, e.g. OS-000012 / PQR-000003.
    pub number: String,
    /// The order's reason or the ticket's subject.
    pub about: String,
    pub created_at: Timestamp,
    /// When the invitation is sent.
    pub invite_at: Timestamp,
    pub expires_at: Timestamp,
    pub answered_at: Option<Timestamp>,
    pub nps: Option<i32>,
    pub csat: Option<i32>,
    pub comment: String,
    pub followup_ticket_id: Option<TicketId>,
}

const COLUMNS: &str = "s.id, s.order_id, s.ticket_id, s.customer_id,
    COALESCE(o.number, t.number, '') AS number, COALESCE(o.reason, t.subject, '') AS about,
    s.created_at, s.invite_at, s.expires_at, s.answered_at, s.nps, s.csat, s.comment,
    s.followup_ticket_id";
const FROM: &str = "surveys s LEFT JOIN service_orders o ON o.id = s.order_id
    LEFT JOIN tickets t ON t.id = s.ticket_id";

pub struct NewSurvey<'a> {
    pub id: Uuid,
    pub order_id: Option<OrderId>,
    pub ticket_id: Option<TicketId>,
    pub customer_id: CustomerId,
    pub token_hash: &'a str,
    pub invite_at: Timestamp,
    pub expires_at: Timestamp,
    pub now: Timestamp,
}

/// One answered survey, for the metrics.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AnsweredSurvey {
    pub id: Uuid,
    pub order_id: Option<OrderId>,
    pub answered_at: Timestamp,
    pub nps: i32,
    pub csat: i32,
    pub reason: Option<String>,
    pub ticket_kind: Option<TicketType>,
}

impl Conn {
    /// Adds a survey; `false` when the order / ticket already has one.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn insert_survey(&mut self, s: &NewSurvey<'_>) -> Result<bool, sqlx::Error> {
        let n = on_conn!(self, c => sqlx::query(
            "INSERT INTO surveys (id, order_id, ticket_id, customer_id, token_hash, created_at,
                                  invite_at, expires_at, answered_at, answered_by, nps, csat,
                                  comment, followup_ticket_id)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL, NULL, NULL, NULL, '', NULL)
             ON CONFLICT DO NOTHING")
            .bind(s.id).bind(s.order_id).bind(s.ticket_id).bind(s.customer_id)
            .bind(s.token_hash).bind(s.now).bind(s.invite_at).bind(s.expires_at)
            .execute(c).await.map(|r| r.rows_affected()))?;
        Ok(n == 1)
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn survey(&mut self, id: Uuid) -> Result<Option<Survey>, sqlx::Error> {
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM {FROM} WHERE s.id = $1")))
            .bind(id).fetch_optional(c).await)
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn survey_by_token_hash(
        &mut self,
        hash: &str,
    ) -> Result<Option<Survey>, sqlx::Error> {
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM {FROM} WHERE s.token_hash = $1")))
            .bind(hash).fetch_optional(c).await)
    }

    /// The survey of an order or ticket, if any.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn survey_of(
        &mut self,
        order: Option<OrderId>,
        ticket: Option<TicketId>,
    ) -> Result<Option<Survey>, sqlx::Error> {
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM {FROM} WHERE s.order_id = $1 OR s.ticket_id = $2")))
            .bind(order).bind(ticket).fetch_optional(c).await)
    }

    /// A customer's unanswered, unexpired surveys, newest first.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn pending_surveys(
        &mut self,
        customer: CustomerId,
        now: Timestamp,
    ) -> Result<Vec<Survey>, sqlx::Error> {
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM {FROM}
             WHERE s.customer_id = $1 AND s.answered_at IS NULL AND s.expires_at > $2
             ORDER BY s.created_at DESC, s.id DESC")))
            .bind(customer).bind(now).fetch_all(c).await)
    }

    /// Records the answer; `false` when it was already answered (the
    /// `answered_at IS NULL` guard makes two racing answers count once).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn answer_survey(
        &mut self,
        id: Uuid,
        nps: i32,
        csat: i32,
        comment: &str,
        by: Option<UserId>,
        now: Timestamp,
    ) -> Result<bool, sqlx::Error> {
        let n = on_conn!(self, c => sqlx::query(
            "UPDATE surveys SET answered_at = $2, nps = $3, csat = $4, comment = $5, answered_by = $6
             WHERE id = $1 AND answered_at IS NULL")
            .bind(id).bind(now).bind(nps).bind(csat).bind(comment).bind(by)
            .execute(c).await.map(|r| r.rows_affected()))?;
        Ok(n == 1)
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn set_survey_followup(
        &mut self,
        id: Uuid,
        ticket: TicketId,
    ) -> Result<(), sqlx::Error> {
        on_conn!(self, c => sqlx::query("UPDATE surveys SET followup_ticket_id = $2 WHERE id = $1")
            .bind(id).bind(ticket).execute(c).await.map(|_| ()))
    }

    /// Surveys answered in `[from, to)`, oldest first.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn answered_surveys(
        &mut self,
        from: Timestamp,
        to: Timestamp,
    ) -> Result<Vec<AnsweredSurvey>, sqlx::Error> {
        on_conn!(self, c => sqlx::query_as(
            "SELECT s.id, s.order_id, s.answered_at, s.nps, s.csat, o.reason, t.kind AS ticket_kind
             FROM surveys s LEFT JOIN service_orders o ON o.id = s.order_id
                            LEFT JOIN tickets t ON t.id = s.ticket_id
             WHERE s.answered_at IS NOT NULL AND s.answered_at >= $1 AND s.answered_at < $2
             ORDER BY s.answered_at, s.id")
            .bind(from).bind(to).fetch_all(c).await)
    }

    /// `(order, technician id, technician name)` of orders surveyed and
    /// answered in `[from, to)`.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn surveyed_order_technicians(
        &mut self,
        from: Timestamp,
        to: Timestamp,
    ) -> Result<Vec<(OrderId, UserId, String)>, sqlx::Error> {
        on_conn!(self, c => sqlx::query_as(
            "SELECT ot.order_id, ot.user_id, u.name FROM surveys s
             JOIN order_technicians ot ON ot.order_id = s.order_id
             JOIN users u ON u.id = ot.user_id
             WHERE s.answered_at IS NOT NULL AND s.answered_at >= $1 AND s.answered_at < $2")
            .bind(from).bind(to).fetch_all(c).await)
    }

    /// Active master and admin users `(id, name, email)`: the office told
    /// about poor answers.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn office_recipients(
        &mut self,
    ) -> Result<Vec<(UserId, String, String)>, sqlx::Error> {
        on_conn!(self, c => sqlx::query_as(
            "SELECT id, name, email FROM users
             WHERE role IN ('master', 'admin') AND active = TRUE ORDER BY email")
            .fetch_all(c).await)
    }

    /// Moves the pending deliveries whose idempotency key starts with
    /// `prefix` to `at` (the "not before" time of a delayed notification).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn defer_notifications(
        &mut self,
        prefix: &str,
        at: Timestamp,
    ) -> Result<u64, sqlx::Error> {
        on_conn!(self, c => sqlx::query(
            "UPDATE outbox SET next_attempt_at = $2 WHERE idempotency_key LIKE $1 AND status = 'pending'")
            .bind(format!("{prefix}%")).bind(at).execute(c).await.map(|r| r.rows_affected()))
    }

    /// Moves a survey's expiry (tests, and support extending a survey).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn set_survey_expiry(&mut self, id: Uuid, at: Timestamp) -> Result<(), sqlx::Error> {
        on_conn!(self, c => sqlx::query("UPDATE surveys SET expires_at = $2 WHERE id = $1")
            .bind(id).bind(at).execute(c).await.map(|_| ()))
    }
}
