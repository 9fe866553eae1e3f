//! Warranty-end alerts (issue 16; seed 004 asks for "alertas de fin de
//! garantía"): N days before a machine's warranty ends (a post-sale
//! setting, default 30), its customer's seller and the office hear of it —
//! in-app, push and e-mail — and the customer's contacts too if they
//! opted in (notification kind `warranty_notice`, off until turned on).
//!
//! Each alert is a `warranty_alerts` row with a due time, planned in the
//! transaction that sets or corrects the machine's warranty date; the
//! scheduler claims a due row with a conditional update (pending → sent)
//! in the transaction that enqueues its notifications, so it goes out once
//! across nodes and restarts. A corrected date drops the pending row and
//! plans one for the new end; the same end is never alerted twice.

use chrono::{NaiveDate, TimeDelta};
use serde::{Deserialize, Serialize};

use super::notifications::Notify;
use super::{
    Lines, Principal, RequestMeta, Services, company_tz, start_of_day, text_field, today_in,
};
use crate::domain::notification::{NotificationKind, SubjectType};
use crate::domain::onboarding::{MAX_DUE_AFTER_DAYS, MAX_STEPS, OnboardingStep, seed_steps};
use crate::domain::role::CustomerScope;
use crate::domain::{EquipmentId, OrderPartId, Permission, Timestamp};
use crate::error::{AppError, AppResult};
use crate::notify::templates::Message;
use crate::services::uow::UnitOfWork;
use crate::store::Conn;
use crate::store::audit::{AuditAction, NewAudit};
use crate::store::warranty::PostSaleSettings as StoredSettings;

/// Most days ahead an alert may be set.
pub const MAX_WARRANTY_ALERT_DAYS: i64 = 365;
/// Alerts sent per scheduler look.
const ALERTS_PER_LOOK: i64 = 50;

/// The post-sale settings.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema, ts_rs::TS)]
pub struct PostSaleSettings {
    /// Days before a machine's warranty ends that the alert goes out.
    pub warranty_alert_days: i64,
    /// The score (0–100) at which a customer is at risk.
    pub at_risk_threshold: i64,
    /// The checklist a new customer starts with.
    pub onboarding_steps: Vec<OnboardingStep>,
    pub updated_at: Timestamp,
}

/// The onboarding steps stored in the settings (the seed's five when none
/// or unreadable).
pub(crate) fn steps_of(s: &StoredSettings) -> Vec<OnboardingStep> {
    s.onboarding_steps
        .as_deref()
        .and_then(|json| serde_json::from_str(json).ok())
        .unwrap_or_else(seed_steps)
}

impl From<StoredSettings> for PostSaleSettings {
    fn from(s: StoredSettings) -> Self {
        PostSaleSettings {
            warranty_alert_days: s.warranty_alert_days,
            at_risk_threshold: s.at_risk_threshold,
            onboarding_steps: steps_of(&s),
            updated_at: s.updated_at,
        }
    }
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct PostSaleSettingsInput {
    #[schema(minimum = 0, maximum = 365)]
    pub warranty_alert_days: i64,
    /// Default: unchanged.
    #[schema(minimum = 1, maximum = 100)]
    pub at_risk_threshold: Option<i64>,
    /// The onboarding checklist's steps (1 to 20); default: unchanged.
    #[schema(min_items = 1, max_items = 20)]
    pub onboarding_steps: Option<Vec<OnboardingStep>>,
}

/// Checks the onboarding steps: 1 to 20, each titled on one line (up to
/// 200 characters) and due 0 to 365 days after the customer's creation.
fn valid_steps(steps: Vec<OnboardingStep>) -> AppResult<Vec<OnboardingStep>> {
    if steps.is_empty() || steps.len() > MAX_STEPS {
        return Err(AppError::validation(
            "onboarding_steps",
            format!("from 1 to {MAX_STEPS} steps"),
        ));
    }
    steps
        .into_iter()
        .map(|s| {
            let title = text_field("onboarding_steps", &s.title, 200, true, Lines::Single)?;
            if !(0..=MAX_DUE_AFTER_DAYS).contains(&s.due_after_days) {
                return Err(AppError::validation(
                    "onboarding_steps",
                    format!(
                        "a step is due 0 to {MAX_DUE_AFTER_DAYS} days after the customer is created"
                    ),
                ));
            }
            Ok(OnboardingStep {
                title,
                due_after_days: s.due_after_days,
            })
        })
        .collect()
}

/// When the alert of a warranty ending on `ends_on` is due: `days` before,
/// at the start of that day in the company's zone — at once when that is
/// past but the warranty has not ended; never once it has.
fn alert_due(ends_on: NaiveDate, days: i64, time_zone: &str, now: Timestamp) -> Option<Timestamp> {
    if ends_on < today_in(time_zone) {
        return None;
    }
    let due = start_of_day(ends_on - TimeDelta::days(days), company_tz(time_zone));
    Some(due.max(now))
}

impl Services {
    pub async fn post_sale_settings(&self, who: &Principal) -> AppResult<PostSaleSettings> {
        who.require(Permission::EditSettings)?;
        Ok(self.store.conn().await?.post_sale_settings().await?.into())
    }

    /// Changes the post-sale settings (master, admin; audited). Alerts not
    /// sent yet move to the new margin.
    pub async fn update_post_sale_settings(
        &self,
        who: &Principal,
        input: PostSaleSettingsInput,
        meta: &RequestMeta,
    ) -> AppResult<PostSaleSettings> {
        who.require(Permission::EditSettings)?;
        if !(0..=MAX_WARRANTY_ALERT_DAYS).contains(&input.warranty_alert_days) {
            return Err(AppError::validation(
                "warranty_alert_days",
                format!("from 0 to {MAX_WARRANTY_ALERT_DAYS} days"),
            ));
        }
        if input
            .at_risk_threshold
            .is_some_and(|t| !(1..=100).contains(&t))
        {
            return Err(AppError::validation(
                "at_risk_threshold",
                "a score from 1 to 100",
            ));
        }
        let steps = input.onboarding_steps.map(valid_steps).transpose()?;
        let now = Timestamp::now();
        let mut tx = self.begin().await?;
        let current = tx.post_sale_settings().await?;
        let onboarding_steps = match steps {
            Some(steps) => Some(
                serde_json::to_string(&steps)
                    .map_err(|e| AppError::internal(anyhow::anyhow!(e)))?,
            ),
            None => current.onboarding_steps.clone(),
        };
        let updated = StoredSettings {
            warranty_alert_days: input.warranty_alert_days,
            at_risk_threshold: input.at_risk_threshold.unwrap_or(current.at_risk_threshold),
            onboarding_steps,
            updated_at: now,
        };
        tx.save_post_sale_settings(&updated).await?;
        let time_zone = tx.company_settings().await?.time_zone;
        for alert in tx.pending_warranty_alerts().await? {
            if let Some(due) =
                alert_due(alert.ends_on, updated.warranty_alert_days, &time_zone, now)
            {
                tx.move_warranty_alert(alert.id, due).await?;
            }
        }
        for alert in tx.pending_part_warranty_alerts().await? {
            if let Some(due) =
                alert_due(alert.ends_on, updated.warranty_alert_days, &time_zone, now)
            {
                tx.move_part_warranty_alert(alert.part_id, due).await?;
            }
        }
        tx.audit(NewAudit {
            actor: Some(who.user.id),
            action: AuditAction::SettingsChanged,
            subject_type: "settings",
            subject_id: "post_sale".into(),
            detail: String::new(),
            ip: &meta.ip,
            now,
        })
        .await?;
        tx.commit().await?;
        Ok(updated.into())
    }

    /// Plans (or drops) the alert of a machine's warranty end; part of the
    /// transaction that saved the machine.
    pub(crate) async fn plan_warranty_alert(
        &self,
        tx: &mut Conn,
        equipment: EquipmentId,
        ends_on: Option<NaiveDate>,
    ) -> AppResult<()> {
        let now = Timestamp::now();
        let days = tx.post_sale_settings().await?.warranty_alert_days;
        let time_zone = tx.company_settings().await?.time_zone;
        let due = ends_on.and_then(|d| alert_due(d, days, &time_zone, now));
        tx.plan_warranty_alert(equipment, ends_on.filter(|_| due.is_some()), due, now)
            .await?;
        Ok(())
    }

    /// Plans (or drops) the alert of a part line's warranty end, when its
    /// order is on a machine; part of the transaction that added, edited
    /// or removed the line (`ends_on` `None`: removed or no warranty).
    pub(crate) async fn plan_part_warranty_alert(
        &self,
        tx: &mut Conn,
        part: OrderPartId,
        ends_on: Option<NaiveDate>,
    ) -> AppResult<()> {
        let now = Timestamp::now();
        let days = tx.post_sale_settings().await?.warranty_alert_days;
        let time_zone = tx.company_settings().await?.time_zone;
        let due = ends_on.and_then(|d| alert_due(d, days, &time_zone, now));
        tx.plan_part_warranty_alert(part, ends_on.filter(|_| due.is_some()), due, now)
            .await?;
        Ok(())
    }

    /// The scheduler's look: sends the warranty alerts that are due, the
    /// machines' and the parts' on them. Returns how many went out.
    pub async fn send_warranty_alerts(&self) -> AppResult<usize> {
        let now = Timestamp::now();
        let mut conn = self.store.conn().await?;
        let due = conn.due_warranty_alerts(now, ALERTS_PER_LOOK).await?;
        let due_parts = conn.due_part_warranty_alerts(now, ALERTS_PER_LOOK).await?;
        drop(conn);
        let mut sent = 0;
        for alert in due {
            let mut tx = self.begin().await?;
            if !tx.claim_warranty_alert(alert.id, now).await? {
                continue;
            }
            let key = format!("warranty:{}:{}", alert.equipment_id, alert.ends_on);
            self.announce_warranty_end(&mut tx, alert.equipment_id, alert.ends_on, None, &key)
                .await?;
            tx.commit().await?;
            sent += 1;
        }
        for alert in due_parts {
            let mut tx = self.begin().await?;
            if !tx.claim_part_warranty_alert(alert.part_id, now).await? {
                continue;
            }
            let key = format!("part_warranty:{}:{}", alert.part_id, alert.ends_on);
            self.announce_warranty_end(
                &mut tx,
                alert.equipment_id,
                alert.ends_on,
                Some(&alert.description),
                &key,
            )
            .await?;
            tx.commit().await?;
            sent += 1;
        }
        Ok(sent)
    }

    /// Tells the seller, the office and (if they opted in) the customer
    /// that a machine's warranty — or a part's on it — ends on `ends_on`.
    async fn announce_warranty_end(
        &self,
        tx: &mut UnitOfWork<'_>,
        equipment: EquipmentId,
        ends_on: NaiveDate,
        part: Option<&str>,
        key: &str,
    ) -> AppResult<()> {
        let Some(machine) = tx.equipment(CustomerScope::All, equipment).await? else {
            return Ok(());
        };
        let Some(customer) = tx.customer(CustomerScope::All, machine.customer_id).await? else {
            return Ok(());
        };
        let ends = crate::notify::documents::format::date(ends_on, self.language());
        let name = format!("{} {} ({})", machine.brand, machine.model, machine.serial);
        let link = format!("{}/customers/{}", self.public_url, customer.id);
        let message = |person: &str, to_customer: bool| Message::WarrantyEnding {
            name: person.to_string(),
            customer: customer.name.clone(),
            machine: name.clone(),
            ends: ends.clone(),
            part: part.map(str::to_string),
            to_customer,
            link: link.clone(),
        };
        // The customer's seller (who sells the extension), then the office.
        if let Some(owner) = customer.owner_id
            && let Some(user) = tx.user(owner).await?
            && user.active
        {
            self.notify(
                tx,
                Notify {
                    kind: NotificationKind::WarrantyEnding,
                    key: format!("{key}:owner:{}", user.id),
                    user: Some(user.id),
                    email: Some(user.email.as_str()),
                    message: message(&user.name, false),
                    subject_type: SubjectType::Customer,
                    subject_id: customer.id.to_string(),
                    in_app: true,
                    attachments: Vec::new(),
                },
            )
            .await?;
        }
        self.notify_desk(
            tx,
            NotificationKind::WarrantyEnding,
            &format!("{key}:desk"),
            SubjectType::Customer,
            customer.id.to_string(),
            |person| message(person, false),
        )
        .await?;
        let portal = format!("{}/company", self.public_url);
        self.notify_customer(
            tx,
            customer.id,
            NotificationKind::WarrantyNotice,
            &format!("{key}:customer"),
            SubjectType::Customer,
            customer.id.to_string(),
            |person| Message::WarrantyEnding {
                name: person.to_string(),
                customer: customer.name.clone(),
                machine: name.clone(),
                ends: ends.clone(),
                part: part.map(str::to_string),
                to_customer: true,
                link: portal.clone(),
            },
        )
        .await
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_alert_is_due_days_before_the_end_or_at_once() {
        let now = Timestamp::now();
        let today = today_in("UTC");
        let far = today + TimeDelta::days(100);
        let due = alert_due(far, 30, "UTC", now).unwrap();
        assert_eq!(due, start_of_day(far - TimeDelta::days(30), chrono_tz::UTC));
        // Inside the margin already: at once.
        assert_eq!(
            alert_due(today + TimeDelta::days(10), 30, "UTC", now),
            Some(now)
        );
        // Ended: never.
        assert_eq!(alert_due(today - TimeDelta::days(1), 30, "UTC", now), None);
    }
}
