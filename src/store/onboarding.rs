//! A new customer's onboarding checklist (issue 16).

use chrono::NaiveDate;
use uuid::Uuid;

use super::{Conn, on_conn};
use crate::domain::{CustomerId, Timestamp, UserId};

const TASK_COLUMNS: &str = "t.id, t.customer_id, t.position, t.title, t.owner_id,
    o.name AS owner_name, t.due_on, t.done_at, t.done_by, d.name AS done_by_name";

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TaskRow {
    pub id: Uuid,
    pub customer_id: CustomerId,
    pub position: i64,
    pub title: String,
    pub owner_id: Option<UserId>,
    pub owner_name: Option<String>,
    pub due_on: NaiveDate,
    pub done_at: Option<Timestamp>,
    pub done_by: Option<UserId>,
    pub done_by_name: Option<String>,
}

/// A step's reminder due: the task, its customer's name and the owner.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DueTask {
    pub id: Uuid,
    pub customer_id: CustomerId,
    pub customer_name: String,
    pub title: String,
    pub owner_id: UserId,
    pub due_on: NaiveDate,
}

impl Conn {
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn insert_onboarding_task(
        &mut self,
        customer: CustomerId,
        position: i64,
        title: &str,
        owner: Option<UserId>,
        due_on: NaiveDate,
        now: Timestamp,
    ) -> Result<(), sqlx::Error> {
        on_conn!(self, c => sqlx::query(
            "INSERT INTO onboarding_tasks (id, customer_id, position, title, owner_id, due_on,
                 reminder, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, 'pending', $7)")
            .bind(Uuid::now_v7()).bind(customer).bind(position).bind(title).bind(owner)
            .bind(due_on).bind(now).execute(c).await.map(|_| ()))
    }

    /// A customer's checklist, in step order.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn onboarding_tasks(
        &mut self,
        customer: CustomerId,
    ) -> Result<Vec<TaskRow>, sqlx::Error> {
        let sql = format!(
            "SELECT {TASK_COLUMNS} FROM onboarding_tasks t
             LEFT JOIN users o ON o.id = t.owner_id LEFT JOIN users d ON d.id = t.done_by
             WHERE t.customer_id = $1 ORDER BY t.position, t.id"
        );
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(customer).fetch_all(c).await)
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn onboarding_task(&mut self, id: Uuid) -> Result<Option<TaskRow>, sqlx::Error> {
        let sql = format!(
            "SELECT {TASK_COLUMNS} FROM onboarding_tasks t
             LEFT JOIN users o ON o.id = t.owner_id LEFT JOIN users d ON d.id = t.done_by
             WHERE t.id = $1"
        );
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(c).await)
    }

    /// Changes a step. Done: its reminder is settled; not done: a reminder
    /// is due again on its (maybe new) day unless already sent for it.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn update_onboarding_task(
        &mut self,
        id: Uuid,
        owner: Option<UserId>,
        due_on: NaiveDate,
        done: Option<(Timestamp, UserId)>,
    ) -> Result<(), sqlx::Error> {
        let (done_at, done_by) = done.unzip();
        on_conn!(self, c => sqlx::query(
            "UPDATE onboarding_tasks SET owner_id = $2,
                 reminder = CASE WHEN $4 IS NOT NULL THEN (CASE WHEN reminder = 'sent' THEN 'sent' ELSE 'dropped' END)
                                 WHEN due_on <> $3 OR reminder = 'dropped' THEN 'pending'
                                 ELSE reminder END,
                 due_on = $3, done_at = $4, done_by = $5
             WHERE id = $1")
            .bind(id).bind(owner).bind(due_on).bind(done_at).bind(done_by)
            .execute(c).await.map(|_| ()))
    }

    /// Steps whose day has come, not done, with an owner and a reminder
    /// not sent (a read: idle looks take no write lock).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn due_onboarding_tasks(
        &mut self,
        today: NaiveDate,
        limit: i64,
    ) -> Result<Vec<DueTask>, sqlx::Error> {
        on_conn!(self, c => sqlx::query_as(
            "SELECT t.id, t.customer_id, cu.name AS customer_name, t.title, t.owner_id, t.due_on
             FROM onboarding_tasks t JOIN customers cu ON cu.id = t.customer_id
             WHERE t.reminder = 'pending' AND t.due_on <= $1 AND t.done_at IS NULL
               AND t.owner_id IS NOT NULL
             ORDER BY t.due_on, t.id LIMIT $2")
            .bind(today).bind(limit).fetch_all(c).await)
    }

    /// Marks the reminder sent; `false` when another node did (or the step
    /// was done meanwhile).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn claim_onboarding_reminder(&mut self, id: Uuid) -> Result<bool, sqlx::Error> {
        let n = on_conn!(self, c => sqlx::query(
            "UPDATE onboarding_tasks SET reminder = 'sent'
             WHERE id = $1 AND reminder = 'pending' AND done_at IS NULL")
            .bind(id).execute(c).await.map(|r| r.rows_affected()))?;
        Ok(n == 1)
    }
}
