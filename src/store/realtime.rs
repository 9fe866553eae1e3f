//! Channel publications: gap-free offsets per channel, history and recovery,
//! idempotent client sends, read positions.
//!
//! Offsets are assigned here, inside the caller's transaction, by bumping
//! `channels.last_offset` (a row lock on PostgreSQL, the database write lock
//! on SQLite), so concurrent publishers on any node get consecutive offsets
//! and a rolled-back transaction leaves no gap.

use super::{Conn, on_conn};
use crate::domain::{Timestamp, UserId};

/// One publication as stored.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, serde::Serialize, serde::Deserialize)]
pub struct StoredPublication {
    pub channel: String,
    /// The channel offset (1-based, gap-free).
    pub seq: i64,
    /// JSON payload, sent to clients verbatim.
    pub data: String,
    pub user_id: Option<UserId>,
    pub client_msg_id: Option<String>,
    pub created_at: Timestamp,
}

/// What to append.
#[derive(Debug, Clone)]
pub struct NewPublication {
    pub data: String,
    pub user_id: Option<UserId>,
    pub client_msg_id: Option<String>,
}

/// A channel's stream position.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct ChannelPosition {
    pub epoch: String,
    pub last_offset: i64,
}

const PUBLICATION_COLUMNS: &str = "channel, seq, data, user_id, client_msg_id, created_at";

fn new_epoch() -> String {
    uuid::Uuid::new_v4().simple().to_string()[..8].to_string()
}

impl Conn {
    /// The channel's position, creating the channel (offset 0, new epoch) on first use.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn ensure_channel(&mut self, channel: &str) -> Result<ChannelPosition, sqlx::Error> {
        on_conn!(self, c => sqlx::query(
            "INSERT INTO channels (name, epoch, last_offset, created_at) VALUES ($1, $2, 0, $3)
             ON CONFLICT (name) DO NOTHING")
            .bind(channel).bind(new_epoch()).bind(Timestamp::now()).execute(&mut *c).await.map(|_| ()))?;
        self.channel_position(channel)
            .await
            .map(|p| p.expect("channel row exists: just ensured"))
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn channel_position(
        &mut self,
        channel: &str,
    ) -> Result<Option<ChannelPosition>, sqlx::Error> {
        on_conn!(self, c => sqlx::query_as("SELECT epoch, last_offset FROM channels WHERE name = $1")
            .bind(channel).fetch_optional(c).await)
    }

    /// Appends publications with consecutive offsets. Call inside a transaction.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn append_publications(
        &mut self,
        channel: &str,
        items: &[NewPublication],
        now: Timestamp,
    ) -> Result<(String, Vec<StoredPublication>), sqlx::Error> {
        let n = items.len() as i64;
        // One round trip: create the channel on first use, or bump its offset.
        let position: ChannelPosition = on_conn!(self, c => sqlx::query_as(
            "INSERT INTO channels (name, epoch, last_offset, created_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (name) DO UPDATE SET last_offset = channels.last_offset + $3
             RETURNING epoch, last_offset")
            .bind(channel).bind(new_epoch()).bind(n).bind(now).fetch_one(c).await)?;
        let first = position.last_offset - n + 1;
        let stored: Vec<StoredPublication> = items
            .iter()
            .enumerate()
            .map(|(i, item)| StoredPublication {
                channel: channel.to_string(),
                seq: first + i as i64,
                data: item.data.clone(),
                user_id: item.user_id,
                client_msg_id: item.client_msg_id.clone(),
                created_at: now,
            })
            .collect();
        // One multi-row INSERT per batch (chat messages are committed in batches).
        for chunk in stored.chunks(500) {
            on_conn!(self, c => {
                let mut insert = sqlx::QueryBuilder::new(
                    "INSERT INTO publications (channel, seq, data, user_id, client_msg_id, created_at) ",
                );
                insert.push_values(chunk, |mut row, p| {
                    row.push_bind(&p.channel)
                        .push_bind(p.seq)
                        .push_bind(&p.data)
                        .push_bind(p.user_id)
                        .push_bind(p.client_msg_id.as_deref())
                        .push_bind(p.created_at);
                });
                insert.build().execute(c).await.map(|_| ())
            })?;
        }
        Ok((position.epoch, stored))
    }

    /// The publication a user already sent with this client message id, if any.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn publication_by_client_msg_id(
        &mut self,
        channel: &str,
        user: UserId,
        client_msg_id: &str,
    ) -> Result<Option<StoredPublication>, sqlx::Error> {
        let sql = format!(
            "SELECT {PUBLICATION_COLUMNS} FROM publications
             WHERE channel = $1 AND user_id = $2 AND client_msg_id = $3"
        );
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(channel).bind(user).bind(client_msg_id).fetch_optional(c).await)
    }

    /// The publications already stored for any of these (channel, user,
    /// client message id) keys: one round trip for a whole chat batch.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn publications_by_client_msg_ids(
        &mut self,
        keys: &[(&str, UserId, &str)],
    ) -> Result<Vec<StoredPublication>, sqlx::Error> {
        let mut found = Vec::new();
        for chunk in keys.chunks(300) {
            let rows: Vec<StoredPublication> = on_conn!(self, c => {
                let mut select = sqlx::QueryBuilder::new(format!(
                    "SELECT {PUBLICATION_COLUMNS} FROM publications WHERE "
                ));
                for (i, (channel, user, id)) in chunk.iter().enumerate() {
                    if i > 0 {
                        select.push(" OR ");
                    }
                    select.push("(channel = ").push_bind(*channel)
                        .push(" AND user_id = ").push_bind(*user)
                        .push(" AND client_msg_id = ").push_bind(*id)
                        .push(")");
                }
                select.build_query_as().fetch_all(c).await
            })?;
            found.extend(rows);
        }
        Ok(found)
    }

    /// Publications with offset greater than `after`, oldest first.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn publications_after(
        &mut self,
        channel: &str,
        after: i64,
        limit: i64,
    ) -> Result<Vec<StoredPublication>, sqlx::Error> {
        let sql = format!(
            "SELECT {PUBLICATION_COLUMNS} FROM publications
             WHERE channel = $1 AND seq > $2 ORDER BY seq LIMIT $3"
        );
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(channel).bind(after).bind(limit).fetch_all(c).await)
    }

    /// The newest publications before offset `before` (exclusive), newest first.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn publications_before(
        &mut self,
        channel: &str,
        before: i64,
        limit: i64,
    ) -> Result<Vec<StoredPublication>, sqlx::Error> {
        let sql = format!(
            "SELECT {PUBLICATION_COLUMNS} FROM publications
             WHERE channel = $1 AND seq < $2 ORDER BY seq DESC LIMIT $3"
        );
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(channel).bind(before).bind(limit).fetch_all(c).await)
    }

    /// Moves a user's read position forward (never back).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn mark_read(
        &mut self,
        user: UserId,
        channel: &str,
        seq: i64,
        now: Timestamp,
    ) -> Result<(), sqlx::Error> {
        on_conn!(self, c => sqlx::query(
            "INSERT INTO read_positions (user_id, channel, last_read, updated_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT (user_id, channel) DO UPDATE
               SET last_read = CASE WHEN read_positions.last_read < $3 THEN $3 ELSE read_positions.last_read END,
                   updated_at = $4")
            .bind(user).bind(channel).bind(seq).bind(now).execute(c).await.map(|_| ()))
    }

    /// (channel, last read offset, channel's last offset) for every channel the user has read.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn read_positions(
        &mut self,
        user: UserId,
    ) -> Result<Vec<(String, i64, i64)>, sqlx::Error> {
        on_conn!(self, c => sqlx::query_as(
            "SELECT r.channel, r.last_read, COALESCE(ch.last_offset, 0) FROM read_positions r
             LEFT JOIN channels ch ON ch.name = r.channel WHERE r.user_id = $1 ORDER BY r.channel")
            .bind(user).fetch_all(c).await)
    }
}
