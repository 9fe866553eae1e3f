//! Customer interactions (issue 16): the timeline of every contact.

use uuid::Uuid;

use super::{Conn, on_conn};
use crate::domain::interaction::{Direction, Initiative, InteractionChannel, InteractionSubject};
use crate::domain::{CustomerId, Timestamp, UserId};

const COLUMNS: &str = "i.id, i.customer_id, i.channel, i.direction, i.initiative, i.reason,
    i.outcome, i.user_id, u.name AS user_name, i.occurred_at, i.subject_type, i.subject_id,
    i.source_key IS NOT NULL AS automatic, i.created_at";

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct InteractionRow {
    pub id: Uuid,
    pub customer_id: CustomerId,
    pub channel: InteractionChannel,
    pub direction: Direction,
    pub initiative: Initiative,
    pub reason: String,
    pub outcome: String,
    pub user_id: Option<UserId>,
    pub user_name: Option<String>,
    pub occurred_at: Timestamp,
    pub subject_type: Option<InteractionSubject>,
    pub subject_id: Option<String>,
    pub automatic: bool,
    pub created_at: Timestamp,
}

/// An interaction to record (validated by the service).
#[derive(Debug, Clone)]
pub struct NewInteraction {
    pub customer_id: CustomerId,
    pub channel: InteractionChannel,
    pub direction: Direction,
    pub initiative: Initiative,
    pub reason: String,
    pub outcome: String,
    pub user_id: Option<UserId>,
    pub occurred_at: Timestamp,
    pub subject: Option<(InteractionSubject, String)>,
    /// Set when the product records it: a second record of the same
    /// contact is ignored.
    pub source_key: Option<String>,
}

impl Conn {
    /// Records an interaction; `None` when one with the same source key
    /// exists (the contact was recorded already).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn insert_interaction(
        &mut self,
        n: &NewInteraction,
        now: Timestamp,
    ) -> Result<Option<InteractionRow>, sqlx::Error> {
        let id = Uuid::now_v7();
        let inserted = on_conn!(self, c => sqlx::query(
            "INSERT INTO customer_interactions (id, customer_id, channel, direction, initiative,
                 reason, outcome, user_id, occurred_at, subject_type, subject_id, source_key,
                 created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
             ON CONFLICT (source_key) DO NOTHING")
            .bind(id).bind(n.customer_id).bind(n.channel).bind(n.direction).bind(n.initiative)
            .bind(&n.reason).bind(&n.outcome).bind(n.user_id).bind(n.occurred_at)
            .bind(n.subject.as_ref().map(|s| s.0)).bind(n.subject.as_ref().map(|s| s.1.as_str()))
            .bind(n.source_key.as_deref()).bind(now)
            .execute(c).await.map(|r| r.rows_affected()))?;
        if inserted == 0 {
            return Ok(None);
        }
        self.interaction(id).await
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn interaction(&mut self, id: Uuid) -> Result<Option<InteractionRow>, sqlx::Error> {
        let sql = format!(
            "SELECT {COLUMNS} FROM customer_interactions i LEFT JOIN users u ON u.id = i.user_id
             WHERE i.id = $1"
        );
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(c).await)
    }

    /// A customer's interactions, newest first, before the cursor
    /// `(occurred_at, id)`.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn customer_interactions(
        &mut self,
        customer: CustomerId,
        before: Option<(Timestamp, Uuid)>,
        limit: i64,
    ) -> Result<Vec<InteractionRow>, sqlx::Error> {
        let (at, id) = before.unzip();
        let sql = format!(
            "SELECT {COLUMNS} FROM customer_interactions i LEFT JOIN users u ON u.id = i.user_id
             WHERE i.customer_id = $1
               AND ($2 IS NULL OR i.occurred_at < $2 OR (i.occurred_at = $2 AND i.id < $3))
             ORDER BY i.occurred_at DESC, i.id DESC LIMIT $4"
        );
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(customer).bind(at).bind(id).bind(limit).fetch_all(c).await)
    }
}
