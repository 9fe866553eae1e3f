//! The owner's reminder for an opportunity's next step. Setting (or
//! changing) a next step's due time arms it (`reminder_state = pending` on
//! the opportunity, in the same transaction as the edit); the scheduler
//! ([`crate::jobs::scheduler`]) claims the due ones exactly once across
//! nodes, enqueues the notification (in-app and e-mail, with an
//! idempotency key per opportunity and due time) and marks them sent in
//! one transaction.

use chrono::TimeDelta;

use crate::domain::Timestamp;
use crate::domain::crm::OpportunityScope;
use crate::domain::notification::{NotificationKind, SubjectType};
use crate::error::AppResult;
use crate::notify::templates::Message;
use crate::services::Services;
use crate::services::notifications::Notify;

impl Services {
    /// Sends the reminders of next steps that fell due; returns how many.
    pub async fn send_due_next_steps(&self) -> AppResult<usize> {
        let cfg = &self.settings.scheduler;
        let now = Timestamp::now();
        if !self.store.conn().await?.any_next_step_due(now).await? {
            return Ok(0);
        }
        let mut uow = self.begin().await?;
        let claimed = uow
            .claim_due_next_steps(
                self.store.backend(),
                now,
                now + TimeDelta::seconds(cfg.lease_seconds),
                cfg.batch_size,
            )
            .await?;
        for id in &claimed {
            if let Some(o) = uow.opportunity(OpportunityScope::All, *id).await?
                && !o.stage.is_closed()
            {
                let due = o.next_step_due.map_or(0, |t| t.as_datetime().timestamp());
                let link = format!("{}/crm/opportunities/{}", self.public_url, o.id);
                let email = o.owner_email.clone();
                uow.notify(Notify {
                    kind: NotificationKind::OpportunityNextStep,
                    key: format!("next_step:{}:{due}", o.id),
                    user: Some(o.owner_id),
                    email: Some(&email),
                    message: Message::OpportunityNextStep {
                        name: o.owner_name.clone(),
                        opportunity: o.title.clone(),
                        customer: o.customer_name.clone(),
                        next_step: o.next_step.clone(),
                        link,
                    },
                    subject_type: SubjectType::Opportunity,
                    subject_id: o.id.to_string(),
                    in_app: true,
                    attachments: Vec::new(),
                })
                .await?;
            }
            uow.mark_next_step_reminded(*id).await?;
        }
        uow.commit().await?;
        Ok(claimed.len())
    }
}
