//! The audit log's contract with the client: what can happen
//! ([`AuditAction`], stored as text in `audit_log.action`) and one entry as
//! the master user reads it ([`AuditEntry`], exported to TypeScript).
//!
//! The entry is the API shape, not the store's row (`store::audit`), so a
//! change to the table is never by itself a change to the API.

use serde::Serialize;

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
    strum::VariantArray,
    utoipa::ToSchema,
    ts_rs::TS,
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

// One entry of the audit log, as the master user reads it. (No doc comment:
// it would become the schema's description and change the document.)
#[derive(Debug, Clone, Serialize, utoipa::ToSchema, ts_rs::TS)]
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
    pub subject_name: Option<String>,
}
