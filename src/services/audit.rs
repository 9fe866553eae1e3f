//! The audit log as the master reads it: who did what, filtered by actor,
//! action and a range of days in the company's time zone.

use std::collections::HashMap;

use chrono::NaiveDate;

use super::{Principal, Services, company_tz, start_of_day};
use crate::domain::role::CustomerScope;
use crate::domain::{AuditId, CustomerId, Permission, UserId};
use crate::error::{AppError, AppResult};
use crate::store::audit::{AuditAction, AuditEntry, AuditFilter};

/// The filters of `GET /api/v1/audit`, already parsed.
#[derive(Debug, Clone, Default)]
pub struct AuditQuery {
    pub before: Option<AuditId>,
    pub actor: Option<UserId>,
    pub action: Option<AuditAction>,
    /// First day shown (company time zone).
    pub from: Option<NaiveDate>,
    /// Last day shown, included.
    pub to: Option<NaiveDate>,
    pub limit: Option<i64>,
}

impl Services {
    /// The audit log, newest first (master only), each entry with the name
    /// of its actor and, for users and customers, of its subject.
    pub async fn audit_log(&self, who: &Principal, q: AuditQuery) -> AppResult<Vec<AuditEntry>> {
        who.require(Permission::ReadAuditLog)?;
        if let (Some(from), Some(to)) = (q.from, q.to)
            && from > to
        {
            return Err(AppError::validation(
                "to",
                "the range ends before it starts",
            ));
        }
        let mut conn = self.store.conn().await?;
        let tz = company_tz(&conn.company_settings().await?.time_zone);
        let filter = AuditFilter {
            before: q.before,
            actor: q.actor,
            action: q.action,
            from: q.from.map(|d| start_of_day(d, tz)),
            until: q.to.and_then(|d| d.succ_opt()).map(|d| start_of_day(d, tz)),
        };
        let mut entries = conn
            .audit_page(&filter, q.limit.unwrap_or(50).clamp(1, 200))
            .await?;
        // Subjects' names: one look-up per distinct user or customer.
        let mut names: HashMap<(String, String), Option<String>> = HashMap::new();
        for e in &mut entries {
            let key = (e.subject_type.clone(), e.subject_id.clone());
            if !names.contains_key(&key) {
                let name = match e.subject_type.as_str() {
                    "user" => match e.subject_id.parse::<UserId>() {
                        Ok(id) => conn.user(id).await?.map(|u| u.name),
                        Err(_) => None,
                    },
                    "customer" => match e.subject_id.parse::<CustomerId>() {
                        Ok(id) => conn.customer(CustomerScope::All, id).await?.map(|c| c.name),
                        Err(_) => None,
                    },
                    _ => None,
                };
                names.insert(key.clone(), name);
            }
            e.subject_name = names[&key].clone();
        }
        Ok(entries)
    }
}
