//! Report subscriptions: who receives which report by e-mail, how often,
//! with which filters, and when next.

use crate::domain::report::{Frequency, ReportKind};
use crate::domain::{ReportSubscriptionId, Timestamp, UserId};
use crate::store::{Conn, on_conn};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ReportSubscriptionRow {
    pub id: ReportSubscriptionId,
    pub user_id: UserId,
    pub report: ReportKind,
    pub frequency: Frequency,
    /// The report's filters besides its range, as JSON.
    pub filters: String,
    pub next_run_at: Timestamp,
    pub last_sent_at: Option<Timestamp>,
    pub created_at: Timestamp,
}

const COLUMNS: &str =
    "id, user_id, report, frequency, filters, next_run_at, last_sent_at, created_at";

impl Conn {
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn insert_report_subscription(
        &mut self,
        s: &ReportSubscriptionRow,
    ) -> Result<(), sqlx::Error> {
        on_conn!(self, c => sqlx::query(
            "INSERT INTO report_subscriptions
                 (id, user_id, report, frequency, filters, next_run_at, last_sent_at, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
            .bind(s.id).bind(s.user_id).bind(s.report).bind(s.frequency).bind(&s.filters)
            .bind(s.next_run_at).bind(s.last_sent_at).bind(s.created_at)
            .execute(c).await.map(|_| ()))
    }

    /// A user's subscriptions, oldest first.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn report_subscriptions_of(
        &mut self,
        user: UserId,
    ) -> Result<Vec<ReportSubscriptionRow>, sqlx::Error> {
        let sql = format!(
            "SELECT {COLUMNS} FROM report_subscriptions WHERE user_id = $1
             ORDER BY created_at, id"
        );
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(user).fetch_all(c).await)
    }

    /// Deletes one of `user`'s subscriptions; `false` when they have none
    /// with that id.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn delete_report_subscription(
        &mut self,
        user: UserId,
        id: ReportSubscriptionId,
    ) -> Result<bool, sqlx::Error> {
        let n = on_conn!(self, c => sqlx::query(
            "DELETE FROM report_subscriptions WHERE id = $1 AND user_id = $2")
            .bind(id).bind(user).execute(c).await.map(|r| r.rows_affected()))?;
        Ok(n == 1)
    }

    /// Subscriptions due at `now`, oldest due first.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn due_report_subscriptions(
        &mut self,
        now: Timestamp,
        limit: i64,
    ) -> Result<Vec<ReportSubscriptionRow>, sqlx::Error> {
        let sql = format!(
            "SELECT {COLUMNS} FROM report_subscriptions WHERE next_run_at <= $1
             ORDER BY next_run_at, id LIMIT $2"
        );
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(now).bind(limit).fetch_all(c).await)
    }

    /// Moves a due subscription on to `next` if it is still due at `was`:
    /// `true` once, across nodes.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn claim_report_subscription(
        &mut self,
        id: ReportSubscriptionId,
        was: Timestamp,
        next: Timestamp,
        now: Timestamp,
    ) -> Result<bool, sqlx::Error> {
        let n = on_conn!(self, c => sqlx::query(
            "UPDATE report_subscriptions SET next_run_at = $3, last_sent_at = $4
             WHERE id = $1 AND next_run_at = $2")
            .bind(id).bind(was).bind(next).bind(now).execute(c).await.map(|r| r.rows_affected()))?;
        Ok(n == 1)
    }
}
