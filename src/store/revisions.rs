//! The kept history of what people change on an order: the previous version
//! of a part or a timeline post before each edit or deletion (issue 10:
//! "edit and delete a part and a timeline post, history kept").
//!
//! The current row (`order_parts`, `order_events`) carries the latest
//! "edited by / deleted by" stamps for the lists; this table keeps every
//! earlier version, so an edit never loses what was there before. The
//! previous fields are a JSON object (the fields people see: description,
//! quantity, price…, or label and comment) — a snapshot to read, never to
//! query — stored as text on both backends. Staff only: the service never
//! gives it to a customer contact.

use super::{Conn, on_conn};
pub use crate::domain::revision::{RevisionAction, RevisionSubject};
use crate::domain::{OrderId, RevisionId, Timestamp, UserId};

/// One earlier version, as the history view shows it.
#[derive(Debug, Clone, PartialEq)]
pub struct Revision {
    pub id: RevisionId,
    pub action: RevisionAction,
    pub at: Timestamp,
    pub by_id: UserId,
    pub by_name: String,
    /// The fields as they were before the change.
    pub previous: serde_json::Value,
}

#[derive(sqlx::FromRow)]
struct RevisionRow {
    id: RevisionId,
    action: RevisionAction,
    at: Timestamp,
    by_id: UserId,
    by_name: String,
    previous: String,
}

/// A version to keep.
pub struct NewRevision<'a> {
    pub order_id: OrderId,
    pub subject: RevisionSubject,
    pub subject_id: uuid::Uuid,
    pub action: RevisionAction,
    pub previous: &'a serde_json::Value,
    pub by: UserId,
    pub now: Timestamp,
}

impl Conn {
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn insert_revision(&mut self, r: NewRevision<'_>) -> Result<(), sqlx::Error> {
        let previous = r.previous.to_string();
        on_conn!(self, c => sqlx::query(
            "INSERT INTO order_revisions (id, order_id, subject_type, subject_id, action,
                previous, by_id, at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
            .bind(RevisionId::new()).bind(r.order_id).bind(r.subject).bind(r.subject_id)
            .bind(r.action).bind(&previous).bind(r.by).bind(r.now)
            .execute(c).await.map(|_| ()))
    }

    /// The history of one part or post of `order`, newest first.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn revisions(
        &mut self,
        order: OrderId,
        subject: RevisionSubject,
        subject_id: uuid::Uuid,
    ) -> Result<Vec<Revision>, sqlx::Error> {
        let rows: Vec<RevisionRow> = on_conn!(self, c => sqlx::query_as(
            "SELECT r.id, r.action, r.at, r.by_id, u.name AS by_name, r.previous
             FROM order_revisions r JOIN users u ON u.id = r.by_id
             WHERE r.order_id = $1 AND r.subject_type = $2 AND r.subject_id = $3
             ORDER BY r.at DESC, r.id DESC")
            .bind(order).bind(subject).bind(subject_id).fetch_all(c).await)?;
        rows.into_iter()
            .map(|r| {
                let previous = serde_json::from_str(&r.previous)
                    .map_err(|e| sqlx::Error::Decode(Box::new(e)))?;
                Ok(Revision {
                    id: r.id,
                    action: r.action,
                    at: r.at,
                    by_id: r.by_id,
                    by_name: r.by_name,
                    previous,
                })
            })
            .collect()
    }
}
