//! Chat attachments: one row per uploaded file. Who may read one is decided
//! by the channel it was uploaded to, so the store keeps that channel's name.

use serde::Serialize;

use super::{Conn, on_conn};
use crate::domain::{AttachmentId, Timestamp, UserId};

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow, Serialize)]
pub struct Attachment {
    pub id: AttachmentId,
    /// The channel it was uploaded to, e.g. `ticket:<id>`.
    pub channel: String,
    pub uploader_id: UserId,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    /// The file's name inside the uploads folder (never shown).
    #[serde(skip)]
    pub stored_name: String,
    pub created_at: Timestamp,
}

const ATTACHMENT_COLUMNS: &str =
    "id, channel, uploader_id, file_name, content_type, size_bytes, stored_name, created_at";

impl Conn {
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn insert_attachment(&mut self, a: &Attachment) -> Result<(), sqlx::Error> {
        let sql = format!(
            "INSERT INTO attachments ({ATTACHMENT_COLUMNS}) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
        );
        on_conn!(self, c => sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(a.id).bind(&a.channel).bind(a.uploader_id).bind(&a.file_name)
            .bind(&a.content_type).bind(a.size_bytes).bind(&a.stored_name).bind(a.created_at)
            .execute(c).await.map(|_| ()))
    }

    /// Unscoped: the caller checks access to the attachment's channel.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn attachment(
        &mut self,
        id: AttachmentId,
    ) -> Result<Option<Attachment>, sqlx::Error> {
        let sql = format!("SELECT {ATTACHMENT_COLUMNS} FROM attachments WHERE id = $1");
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(id).fetch_optional(c).await)
    }
}
