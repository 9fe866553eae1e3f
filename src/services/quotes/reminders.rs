//! The scheduler's part of quotes (called from [`crate::jobs::scheduler`]):
//!
//! - **One reminder** per sent version, planned when it is sent for
//!   `quote_reminder_days` (billing setting, default 2) before its last
//!   valid day at 09:00 company time, e-mailed (and in-app) to the
//!   customer's portal accounts and address through the outbox. Answering
//!   or replacing the version drops it; a version no longer waiting for an
//!   answer when it falls due is dropped, not sent.
//! - **Expiry**: sent versions past their validity are marked `expired` and
//!   published, so open quote pages show it without a reload (answers are
//!   refused from the day after `valid_until` even before this runs).
//!
//! Claimed like appointment reminders: `FOR UPDATE SKIP LOCKED` on
//! PostgreSQL, the single writer on SQLite; the notifications' idempotency
//! keys carry the reminder row's id, so a retried look sends nothing twice.

use chrono::TimeDelta;

use super::change_of;
use crate::domain::Timestamp;
use crate::domain::appointment::ReminderStatus;
use crate::domain::billing::QuoteState;
use crate::domain::events::ChannelEvent;
use crate::domain::notification::{NotificationKind, SubjectType};
use crate::domain::role::CustomerScope;
use crate::error::AppResult;
use crate::notify::documents::format::date;
use crate::notify::templates::Message;
use crate::services::notifications::Notify;
use crate::services::{Services, today_in};
use crate::store::billing::quotes::QuoteView;

impl Services {
    /// One look: expires what passed its validity and sends the due
    /// reminders; returns how many things it did.
    pub async fn run_quote_jobs(&self, node: &str) -> AppResult<usize> {
        let now = Timestamp::now();
        let today = {
            let mut conn = self.store.conn().await?;
            let today = today_in(&conn.company_settings().await?.time_zone);
            if !conn.quote_work_due(now, today).await? {
                return Ok(0);
            }
            today
        };
        let cfg = &self.settings.scheduler;
        let mut tx = self.begin().await?;
        let expired = tx.expire_quotes(today, now).await?;
        for (quote, version) in &expired {
            let Some(row) = tx
                .quote(CustomerScope::All, QuoteView::Staff, *quote)
                .await?
            else {
                continue;
            };
            if let Some(v) = tx.quote_version(*version).await? {
                tx.drop_billing_reminders(
                    crate::store::billing::reminders::ReminderSubject::Quote(v.id),
                )
                .await?;
                self.publish_quote(
                    &mut tx,
                    ChannelEvent::QuoteExpired,
                    change_of(&row, &v, None),
                    true,
                )
                .await?;
            }
        }
        let claimed = tx
            .claim_due_quote_reminders(
                self.store.backend(),
                node,
                now,
                now + TimeDelta::seconds(cfg.lease_seconds),
                cfg.batch_size,
            )
            .await?;
        let lang = self.language();
        for (reminder, version) in &claimed {
            let v = tx.quote_version(*version).await?;
            let Some(v) = v.filter(|v| v.state.effective(v.valid_until, today) == QuoteState::Sent)
            else {
                tx.finish_billing_reminder(*reminder, ReminderStatus::Dropped, now)
                    .await?;
                continue;
            };
            let row = tx
                .quote(CustomerScope::All, QuoteView::Customer, v.quote_id)
                .await?;
            // Only the version the customer was last sent is reminded.
            let Some(row) = row.filter(|r| r.version_id == v.id) else {
                tx.finish_billing_reminder(*reminder, ReminderStatus::Dropped, now)
                    .await?;
                continue;
            };
            let link = format!("{}/quotes/{}", self.public_url, row.id);
            let valid_until = date(v.valid_until, lang);
            let key = format!("quote_reminder:{reminder}");
            let message = |name: &str| Message::QuoteExpiring {
                name: name.to_string(),
                quote_number: v.number.clone(),
                valid_until: valid_until.clone(),
                link: link.clone(),
            };
            tx.notify_customer(
                row.customer_id,
                NotificationKind::QuoteExpiring,
                &key,
                SubjectType::Quote,
                row.id.to_string(),
                message,
            )
            .await?;
            if let Some(customer) = tx.customer(CustomerScope::All, row.customer_id).await?
                && let Some(email) = customer.email.as_deref().filter(|e| !e.is_empty())
            {
                let portal = tx.portal_recipients(row.customer_id).await?;
                if !portal.iter().any(|p| p.email.eq_ignore_ascii_case(email)) {
                    tx.notify(Notify {
                        kind: NotificationKind::QuoteExpiring,
                        key: key.clone(),
                        user: None,
                        email: Some(email),
                        message: message(&customer.name),
                        subject_type: SubjectType::Quote,
                        subject_id: row.id.to_string(),
                        in_app: false,
                        attachments: Vec::new(),
                    })
                    .await?;
                }
            }
            tx.finish_billing_reminder(*reminder, ReminderStatus::Sent, now)
                .await?;
        }
        tx.commit().await?;
        Ok(expired.len() + claimed.len())
    }
}
