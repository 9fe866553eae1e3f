//! A new customer's onboarding (issue 16; seed 004's "Proceso de Inducción
//! de Cliente Nuevo"): the checklist is created with the customer, in the
//! same transaction, from the steps in the post-sale settings — each step
//! owned by the customer's seller (or whoever created the customer) and due
//! its days after today. People tick steps off, reassign them and move
//! their days on the customer's page. When a step's day comes and it is not
//! done, its owner is reminded once (e-mail, in-app, push): the reminder is
//! the task row's state, claimed by the scheduler with a conditional update
//! (pending → sent), so it goes out once across nodes and restarts; moving
//! the day makes it due again.
//!
//! Internal, like interactions: office roles and the customer's seller.

use chrono::{NaiveDate, TimeDelta};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::notifications::Notify;
use super::{Principal, Services, today_in};
use crate::domain::channel::{Channel, StaffFeed};
use crate::domain::events::{ChannelEvent, OnboardingChanged};
use crate::domain::notification::{NotificationKind, SubjectType};
use crate::domain::{CustomerId, Permission, Role, Timestamp, UserId};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::services::uow::UnitOfWork;
use crate::store::Conn;
use crate::store::onboarding::TaskRow;

/// Reminders sent per scheduler look.
const REMINDERS_PER_LOOK: i64 = 50;
/// How far from today a step's day may be moved.
const MAX_MOVE_DAYS: i64 = 5 * 366;

/// A step of a customer's checklist.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema, ts_rs::TS)]
pub struct OnboardingTask {
    #[ts(type = "string")]
    pub id: Uuid,
    pub customer_id: CustomerId,
    pub position: i64,
    pub title: String,
    pub owner_id: Option<UserId>,
    pub owner_name: Option<String>,
    #[ts(type = "string")]
    pub due_on: NaiveDate,
    pub done_at: Option<Timestamp>,
    pub done_by_name: Option<String>,
}

impl From<TaskRow> for OnboardingTask {
    fn from(r: TaskRow) -> Self {
        OnboardingTask {
            id: r.id,
            customer_id: r.customer_id,
            position: r.position,
            title: r.title,
            owner_id: r.owner_id,
            owner_name: r.owner_name,
            due_on: r.due_on,
            done_at: r.done_at,
            done_by_name: r.done_by_name,
        }
    }
}

/// A step as people change it.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct TaskInput {
    /// Staff who owns it; `null`: nobody (no reminder).
    pub owner_id: Option<UserId>,
    #[schema(value_type = String, format = Date, pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")]
    pub due_on: NaiveDate,
    pub done: bool,
}

impl Services {
    /// Creates the customer's checklist in the caller's transaction.
    pub(crate) async fn start_onboarding_in(
        &self,
        tx: &mut Conn,
        customer: CustomerId,
        owner: Option<UserId>,
    ) -> AppResult<()> {
        let settings = tx.post_sale_settings().await?;
        let today = today_in(&tx.company_settings().await?.time_zone);
        let now = Timestamp::now();
        for (i, step) in super::warranty::steps_of(&settings).iter().enumerate() {
            tx.insert_onboarding_task(
                customer,
                i as i64 + 1,
                &step.title,
                owner,
                today + TimeDelta::days(step.due_after_days),
                now,
            )
            .await?;
        }
        Ok(())
    }

    /// A customer's checklist (office, the customer's seller).
    pub async fn onboarding(
        &self,
        who: &Principal,
        customer: CustomerId,
    ) -> AppResult<Vec<OnboardingTask>> {
        who.require(Permission::RecordInteractions)?;
        let mut conn = self.store.conn().await?;
        conn.customer(who.customer_scope(), customer)
            .await?
            .ok_or_else(|| AppError::not_found("customer"))?;
        Ok(conn
            .onboarding_tasks(customer)
            .await?
            .into_iter()
            .map(OnboardingTask::from)
            .collect())
    }

    /// Starts the checklist of a customer who has none (one created before
    /// onboarding existed); 409 `conflict` when they have one.
    pub async fn start_onboarding(
        &self,
        who: &Principal,
        customer: CustomerId,
    ) -> AppResult<Vec<OnboardingTask>> {
        who.require(Permission::RecordInteractions)?;
        let mut tx = self.begin().await?;
        let c = tx
            .customer(who.customer_scope(), customer)
            .await?
            .ok_or_else(|| AppError::not_found("customer"))?;
        if !tx.onboarding_tasks(customer).await?.is_empty() {
            return Err(AppError::new(
                ErrorCode::Conflict,
                "this customer's onboarding has started already",
            ));
        }
        self.start_onboarding_in(&mut tx, customer, c.owner_id.or(Some(who.user.id)))
            .await?;
        self.announce_onboarding(&mut tx, customer, c.owner_id, who.user.id)
            .await?;
        tx.commit().await?;
        self.onboarding(who, customer).await
    }

    /// Ticks a step off (or back), reassigns it or moves its day.
    pub async fn update_onboarding_task(
        &self,
        who: &Principal,
        id: Uuid,
        input: TaskInput,
    ) -> AppResult<OnboardingTask> {
        who.require(Permission::RecordInteractions)?;
        let today_limit = TimeDelta::days(MAX_MOVE_DAYS);
        let mut tx = self.begin().await?;
        let task = tx
            .onboarding_task(id)
            .await?
            .ok_or_else(|| AppError::not_found("onboarding task"))?;
        let customer = tx
            .customer(who.customer_scope(), task.customer_id)
            .await?
            .ok_or_else(|| AppError::not_found("onboarding task"))?;
        let today = today_in(&tx.company_settings().await?.time_zone);
        // Well formed but too far from today: 409 `conflict`, as for other
        // refusals that depend on the clock.
        if (input.due_on - today).abs() > today_limit {
            return Err(AppError::new(
                ErrorCode::Conflict,
                "a step's day is within five years of today",
            )
            .field("due_on"));
        }
        if let Some(owner) = input.owner_id {
            match tx.user(owner).await? {
                Some(u) if u.active && u.role != Role::Customer && u.role != Role::Technician => {}
                _ => return Err(AppError::not_found("owner").field("owner_id")),
            }
        }
        let done = match (input.done, task.done_at, task.done_by) {
            (false, _, _) => None,
            // Already done: who and when stay.
            (true, Some(at), Some(by)) => Some((at, by)),
            (true, _, _) => Some((Timestamp::now(), who.user.id)),
        };
        tx.update_onboarding_task(id, input.owner_id, input.due_on, done)
            .await?;
        self.announce_onboarding(&mut tx, task.customer_id, customer.owner_id, who.user.id)
            .await?;
        let updated = tx
            .onboarding_task(id)
            .await?
            .ok_or_else(|| AppError::not_found("onboarding task"))?;
        tx.commit().await?;
        Ok(updated.into())
    }

    async fn announce_onboarding(
        &self,
        tx: &mut UnitOfWork<'_>,
        customer: CustomerId,
        owner: Option<UserId>,
        by: UserId,
    ) -> AppResult<()> {
        let event = ChannelEvent::OnboardingChanged(OnboardingChanged {
            customer_id: customer,
        });
        tx.publish(&Channel::Staff(StaffFeed::Crm), event.clone(), Some(by))
            .await?;
        if let Some(owner) = owner {
            tx.publish(&Channel::Crm(owner), event, Some(by)).await?;
        }
        Ok(())
    }

    /// The scheduler's look: reminds the owners of the steps whose day has
    /// come. Returns how many reminders went out.
    pub async fn send_onboarding_reminders(&self) -> AppResult<usize> {
        let mut conn = self.store.conn().await?;
        let today = today_in(&conn.company_settings().await?.time_zone);
        let due = conn.due_onboarding_tasks(today, REMINDERS_PER_LOOK).await?;
        drop(conn);
        let lang = self.language();
        let mut sent = 0;
        for task in due {
            let mut tx = self.begin().await?;
            if !tx.claim_onboarding_reminder(task.id).await? {
                continue;
            }
            if let Some(user) = tx.user(task.owner_id).await?
                && user.active
            {
                let link = format!("{}/customers/{}", self.public_url, task.customer_id);
                self.notify(
                    &mut tx,
                    Notify {
                        kind: NotificationKind::OnboardingStepDue,
                        key: format!("onboarding:{}:{}", task.id, task.due_on),
                        user: Some(user.id),
                        email: Some(user.email.as_str()),
                        message: crate::notify::templates::Message::OnboardingStepDue {
                            name: user.name.clone(),
                            customer: task.customer_name.clone(),
                            step: task.title.clone(),
                            due: crate::notify::documents::format::date(task.due_on, lang),
                            link,
                        },
                        subject_type: SubjectType::Customer,
                        subject_id: task.customer_id.to_string(),
                        in_app: true,
                        attachments: Vec::new(),
                    },
                )
                .await?;
            }
            tx.commit().await?;
            sent += 1;
        }
        Ok(sent)
    }
}
