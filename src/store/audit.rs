//! The audit log of sensitive actions, readable by the master user.

use serde::Serialize;

use super::{Conn, on_conn};
use crate::domain::{AuditId, Timestamp, UserId};

/// What happened. Stored as snake_case text.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Serialize,
    serde::Deserialize,
    strum::EnumString,
    strum::IntoStaticStr,
    utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum AuditAction {
    UserCreated,
    UserUpdated,
    RoleChanged,
    UserActivated,
    UserDeactivated,
    LoginFailed,
    LoginThrottled,
    PasswordChanged,
    PasswordReset,
    PortalInvited,
    SettingsChanged,
    CustomerOwnerChanged,
    CustomerDeactivated,
    CustomerActivated,
    /// A payment was deleted (master only); its amount returned to the balance.
    PaymentDeleted,
    /// A closed order was reopened (master only), with the reason.
    OrderReopened,
}
crate::text_enum_sql!(AuditAction);

#[derive(Debug, Clone, sqlx::FromRow, Serialize, utoipa::ToSchema)]
pub struct AuditEntry {
    pub id: AuditId,
    pub at: Timestamp,
    /// Who did it; `None` for anonymous attempts (e.g. a failed login).
    pub actor_id: Option<UserId>,
    pub action: AuditAction,
    pub subject_type: String,
    pub subject_id: String,
    /// Free text, never a secret.
    pub detail: String,
    pub ip: String,
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
    pub async fn audit(&mut self, e: NewAudit<'_>) -> Result<(), sqlx::Error> {
        on_conn!(self, c => sqlx::query(
            "INSERT INTO audit_log (id, at, actor_id, action, subject_type, subject_id, detail, ip)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)")
            .bind(AuditId::new()).bind(e.now).bind(e.actor).bind(e.action)
            .bind(e.subject_type).bind(&e.subject_id).bind(&e.detail).bind(e.ip)
            .execute(c).await.map(|r| r.rows_affected()))?;
        Ok(())
    }

    /// Newest first; `before` is the id of the last entry of the previous page.
    pub async fn audit_page(
        &mut self,
        before: Option<AuditId>,
        action: Option<AuditAction>,
        limit: i64,
    ) -> Result<Vec<AuditEntry>, sqlx::Error> {
        on_conn!(self, c => sqlx::query_as(
            "SELECT id, at, actor_id, action, subject_type, subject_id, detail, ip FROM audit_log
             WHERE ($1 IS NULL OR id < $1) AND ($2 IS NULL OR action = $2)
             ORDER BY id DESC LIMIT $3")
            .bind(before).bind(action).bind(limit).fetch_all(c).await)
    }
}
