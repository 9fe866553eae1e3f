//! A chat attachment as people see it.

use serde::Serialize;

use super::{AttachmentId, Timestamp, UserId};

/// An attachment as shown to clients.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema, ts_rs::TS)]
pub struct AttachmentInfo {
    pub id: AttachmentId,
    /// The channel it belongs to, e.g. `ticket:<id>`.
    pub channel: String,
    pub file_name: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub uploader_id: UserId,
    pub created_at: Timestamp,
    /// Where to download it (relative to the server).
    pub url: String,
}
