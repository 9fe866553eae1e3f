//! The audit log of sensitive actions, readable by the master user.

use super::{Conn, on_conn};
pub use crate::domain::audit::AuditAction;
use crate::domain::{AuditId, Timestamp, UserId};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct AuditEntry {
    pub id: AuditId,
    pub at: Timestamp,
    /// Who did it; `None` for anonymous attempts (e.g. a failed login).
    pub actor_id: Option<UserId>,
    /// The actor's name (as it is now); `None` when there is no actor.
    pub actor_name: Option<String>,
    pub action: AuditAction,
    pub subject_type: String,
    pub subject_id: String,
    /// Free text, never a secret.
    pub detail: String,
    pub ip: String,
    /// The name of the user or customer the entry is about, when it is one
    /// (filled by the service, not stored).
    #[sqlx(default)]
    pub subject_name: Option<String>,
}

/// Which entries to read; every filter is optional.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    /// Id of the last entry of the previous page.
    pub before: Option<AuditId>,
    pub actor: Option<UserId>,
    pub action: Option<AuditAction>,
    /// Entries at or after this instant.
    pub from: Option<Timestamp>,
    /// Entries strictly before this instant.
    pub until: Option<Timestamp>,
}

pub struct NewAudit<'a> {
    pub actor: Option<UserId>,
    pub action: AuditAction,
    pub subject_type: &'a str,
    pub subject_id: String,
    pub detail: String,
    pub ip: &'a str,
    pub now: Timestamp,
}

impl Conn {
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn audit(&mut self, e: NewAudit<'_>) -> Result<(), sqlx::Error> {
        on_conn!(self, c => sqlx::query(
            "INSERT INTO audit_log (id, at, actor_id, action, subject_type, subject_id, detail, ip)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
            .bind(AuditId::new()).bind(e.now).bind(e.actor).bind(e.action)
            .bind(e.subject_type).bind(&e.subject_id).bind(&e.detail).bind(e.ip)
            .execute(c).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// Newest first, with the actor's name.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn audit_page(
        &mut self,
        f: &AuditFilter,
        limit: i64,
    ) -> Result<Vec<AuditEntry>, sqlx::Error> {
        on_conn!(self, c => sqlx::query_as(
            "SELECT a.id, a.at, a.actor_id, u.name AS actor_name, a.action, a.subject_type,
                    a.subject_id, a.detail, a.ip
             FROM audit_log a LEFT JOIN users u ON u.id = a.actor_id
             WHERE ($1 IS NULL OR a.id < $1) AND ($2 IS NULL OR a.action = $2)
               AND ($3 IS NULL OR a.actor_id = $3)
               AND ($4 IS NULL OR a.at >= $4) AND ($5 IS NULL OR a.at < $5)
             ORDER BY a.id DESC LIMIT $6")
            .bind(f.before).bind(f.action).bind(f.actor).bind(f.from).bind(f.until)
            .bind(limit).fetch_all(c).await)
    }
}
