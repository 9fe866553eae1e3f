//! Reminder rows: planned with the appointment's change, claimed by the
//! scheduler exactly once across nodes.
//!
//! A row goes `pending` → `sent` (in the transaction that enqueued its
//! notifications) or `pending` → `dropped` (the appointment moved or was
//! cancelled). Claiming locks the due rows (`FOR UPDATE SKIP LOCKED` on
//! PostgreSQL, so concurrent nodes take disjoint rows; SQLite has a single
//! writer) and stamps `claimed_by` and a lease; the claim, the enqueued
//! notifications and the `sent` mark commit together, so a crash half-way
//! leaves the row pending for the next look.

use uuid::Uuid;

use super::{Backend, Conn, on_conn};
use crate::domain::Timestamp;
use crate::domain::appointment::ReminderStatus;

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Reminder {
    pub id: Uuid,
    pub appointment_id: Uuid,
    pub offset_minutes: i64,
    pub due_at: Timestamp,
    pub status: ReminderStatus,
    pub claimed_by: Option<String>,
    pub created_at: Timestamp,
    pub sent_at: Option<Timestamp>,
}

const COLUMNS: &str =
    "id, appointment_id, offset_minutes, due_at, status, claimed_by, created_at, sent_at";

impl Conn {
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn insert_reminder(
        &mut self,
        appointment: Uuid,
        offset_minutes: i64,
        due_at: Timestamp,
        now: Timestamp,
    ) -> Result<(), sqlx::Error> {
        on_conn!(self, c => sqlx::query(
            "INSERT INTO reminders (id, appointment_id, offset_minutes, due_at, status, claimed_by,
                                    locked_until, created_at, sent_at)
             VALUES ($1, $2, $3, $4, 'pending', NULL, NULL, $5, NULL)")
            .bind(Uuid::now_v7()).bind(appointment).bind(offset_minutes).bind(due_at).bind(now)
            .execute(c).await.map(|_| ()))
    }

    /// Drops the pending reminders of an appointment; returns how many.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn drop_reminders(&mut self, appointment: Uuid) -> Result<u64, sqlx::Error> {
        on_conn!(self, c => sqlx::query(
            "UPDATE reminders SET status = 'dropped' WHERE appointment_id = $1 AND status = 'pending'")
            .bind(appointment).execute(c).await.map(|r| r.rows_affected()))
    }

    /// Every reminder row of an appointment, by due time.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn reminders_of(&mut self, appointment: Uuid) -> Result<Vec<Reminder>, sqlx::Error> {
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "SELECT {COLUMNS} FROM reminders WHERE appointment_id = $1 ORDER BY due_at, id")))
            .bind(appointment).fetch_all(c).await)
    }

    /// Whether any pending reminder is due (a cheap read before taking the
    /// write lock on SQLite).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn any_reminder_due(&mut self, now: Timestamp) -> Result<bool, sqlx::Error> {
        let n: i64 = on_conn!(self, c => sqlx::query_scalar(
            "SELECT COUNT(*) FROM (SELECT 1 FROM reminders
                                   WHERE status = 'pending' AND due_at <= $1 LIMIT 1) d")
            .bind(now).fetch_one(c).await)?;
        Ok(n > 0)
    }

    /// Claims up to `limit` due pending reminders for `node` (call inside a
    /// transaction; mark them sent in the same one).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn claim_due_reminders(
        &mut self,
        backend: Backend,
        node: &str,
        now: Timestamp,
        lease_until: Timestamp,
        limit: i64,
    ) -> Result<Vec<Reminder>, sqlx::Error> {
        let lock = match backend {
            Backend::Postgres => "FOR UPDATE SKIP LOCKED",
            Backend::Sqlite => "",
        };
        let sql = format!(
            "UPDATE reminders SET claimed_by = $2, locked_until = $3
             WHERE id IN (SELECT id FROM reminders
                          WHERE status = 'pending' AND due_at <= $1
                            AND (locked_until IS NULL OR locked_until <= $1)
                          ORDER BY due_at LIMIT $4 {lock})
             RETURNING {COLUMNS}"
        );
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(now).bind(node).bind(lease_until).bind(limit).fetch_all(c).await)
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn mark_reminder_sent(
        &mut self,
        id: Uuid,
        now: Timestamp,
    ) -> Result<(), sqlx::Error> {
        on_conn!(self, c => sqlx::query(
            "UPDATE reminders SET status = 'sent', sent_at = $2, locked_until = NULL
             WHERE id = $1 AND status = 'pending'")
            .bind(id).bind(now).execute(c).await.map(|_| ()))
    }
}
