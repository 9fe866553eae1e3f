//! Interactions (issue 16, "Interactions"): one timeline of every contact
//! with a customer. People record calls and visits by hand (a short form
//! usable on a phone); the product records, in the transaction of the
//! contact itself, what it sees: a ticket or a maintenance request opened
//! in the portal, a survey answered, a visit done. An automatic record has
//! a `source_key` (say `ticket:<id>:opened`), so the same contact is never
//! recorded twice.
//!
//! Interactions are internal: the office and the customer's seller read
//! and record them; technicians and customer contacts never see them. A
//! new one is published on the CRM streams (`staff:crm`, and `crm:<owner>`
//! of the customer's seller), which the customer's page follows.

use chrono::TimeDelta;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{Lines, Principal, Services, decode_cursor, encode_cursor, text_field};
use crate::domain::channel::{Channel, StaffFeed};
use crate::domain::events::{ChannelEvent, InteractionRecorded};
use crate::domain::interaction::{
    Direction, Initiative, Interaction, InteractionChannel, InteractionSubject,
};
use crate::domain::role::CustomerScope;
use crate::domain::{CustomerId, Permission, Timestamp, UserId};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::services::uow::UnitOfWork;
use crate::store::interactions::{InteractionRow, NewInteraction};

/// Most interactions on one page of the timeline.
pub const PAGE_LIMIT: i64 = 50;

impl From<InteractionRow> for Interaction {
    fn from(r: InteractionRow) -> Self {
        Interaction {
            id: r.id,
            customer_id: r.customer_id,
            channel: r.channel,
            direction: r.direction,
            initiative: r.initiative,
            reason: r.reason,
            outcome: r.outcome,
            user_id: r.user_id,
            user_name: r.user_name,
            occurred_at: r.occurred_at,
            subject_type: r.subject_type,
            subject_id: r.subject_id,
            automatic: r.automatic,
        }
    }
}

/// One page of a customer's timeline, newest first.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema, ts_rs::TS)]
pub struct InteractionPage {
    pub items: Vec<Interaction>,
    /// Pass as `cursor` for the next (older) page; `null` at the end.
    pub next_cursor: Option<String>,
}

/// A call, visit or message recorded by hand.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct InteractionInput {
    pub channel: InteractionChannel,
    pub direction: Direction,
    pub initiative: Initiative,
    /// What it was about.
    #[schema(
        min_length = 1,
        max_length = 300,
        pattern = r"[^\s\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"
    )]
    pub reason: String,
    /// How it ended (optional).
    #[serde(default)]
    #[schema(max_length = 2000)]
    pub outcome: String,
    /// When it happened (default now; not in the future).
    pub occurred_at: Option<Timestamp>,
    /// The record it belongs to, if any.
    pub subject: Option<SubjectLink>,
}

/// The record an interaction belongs to.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct SubjectLink {
    #[serde(rename = "type")]
    pub kind: InteractionSubject,
    #[schema(
        min_length = 1,
        max_length = 64,
        pattern = r"[^\s\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"
    )]
    pub id: String,
}

/// How far ahead of the server's clock `occurred_at` may be (phones'
/// clocks drift).
const CLOCK_SLACK_MINUTES: i64 = 5;

impl Services {
    /// Records a contact by hand (office roles, the customer's seller).
    pub async fn record_interaction(
        &self,
        who: &Principal,
        customer: CustomerId,
        input: InteractionInput,
    ) -> AppResult<Interaction> {
        who.require(Permission::RecordInteractions)?;
        // A customer the caller may not see is 404 before anything else.
        let mut tx = self.begin().await?;
        tx.customer(who.customer_scope(), customer)
            .await?
            .ok_or_else(|| AppError::not_found("customer"))?;
        let reason = text_field("reason", &input.reason, 300, true, Lines::Single)?;
        let outcome = text_field("outcome", &input.outcome, 2000, false, Lines::Multi)?;
        let now = Timestamp::now();
        let occurred_at = input.occurred_at.unwrap_or(now);
        if occurred_at > now + TimeDelta::minutes(CLOCK_SLACK_MINUTES) {
            // Well formed, but after the server's clock: 409 `conflict`,
            // as for other refusals that depend on the present.
            return Err(AppError::new(
                ErrorCode::Conflict,
                "an interaction cannot be in the future",
            )
            .field("occurred_at"));
        }
        let subject = match input.subject {
            Some(link) => Some((
                link.kind,
                text_field("subject.id", &link.id, 64, true, Lines::Single)?,
            )),
            None => None,
        };
        let row = self
            .log_interaction(
                &mut tx,
                NewInteraction {
                    customer_id: customer,
                    channel: input.channel,
                    direction: input.direction,
                    initiative: input.initiative,
                    reason,
                    outcome,
                    user_id: Some(who.user.id),
                    occurred_at,
                    subject,
                    source_key: None,
                },
            )
            .await?
            .ok_or_else(|| {
                AppError::internal(anyhow::anyhow!("a manual interaction was ignored"))
            })?;
        tx.commit().await?;
        Ok(row)
    }

    /// A customer's timeline, newest first (office, the customer's seller).
    pub async fn customer_interactions(
        &self,
        who: &Principal,
        customer: CustomerId,
        cursor: Option<&str>,
    ) -> AppResult<InteractionPage> {
        who.require(Permission::RecordInteractions)?;
        let before: Option<(Timestamp, Uuid)> = match cursor {
            Some(c) => Some(decode_cursor(c)?),
            None => None,
        };
        let mut conn = self.store.conn().await?;
        conn.customer(who.customer_scope(), customer)
            .await?
            .ok_or_else(|| AppError::not_found("customer"))?;
        let mut rows = conn
            .customer_interactions(customer, before, PAGE_LIMIT + 1)
            .await?;
        let more = rows.len() as i64 > PAGE_LIMIT;
        rows.truncate(PAGE_LIMIT as usize);
        let next_cursor = more
            .then(|| rows.last().map(|r| encode_cursor(&(r.occurred_at, r.id))))
            .flatten();
        Ok(InteractionPage {
            items: rows.into_iter().map(Interaction::from).collect(),
            next_cursor,
        })
    }

    /// Records an interaction in the caller's transaction and announces it;
    /// `None` when its source key was recorded already.
    pub(crate) async fn log_interaction(
        &self,
        tx: &mut UnitOfWork<'_>,
        new: NewInteraction,
    ) -> AppResult<Option<Interaction>> {
        let Some(row) = tx.insert_interaction(&new, Timestamp::now()).await? else {
            return Ok(None);
        };
        let owner = tx
            .customer(CustomerScope::All, new.customer_id)
            .await?
            .and_then(|c| c.owner_id);
        let interaction = Interaction::from(row);
        let event = ChannelEvent::InteractionRecorded(InteractionRecorded {
            interaction: interaction.clone(),
        });
        tx.publish(&Channel::Staff(StaffFeed::Crm), event.clone(), new.user_id)
            .await?;
        if let Some(owner) = owner {
            tx.publish(&Channel::Crm(owner), event, new.user_id).await?;
        }
        Ok(Some(interaction))
    }

    /// The product saw a contact: records it once (by `source_key`).
    #[allow(clippy::too_many_arguments)]
    pub(crate) async fn log_seen_interaction(
        &self,
        tx: &mut UnitOfWork<'_>,
        customer: CustomerId,
        channel: InteractionChannel,
        direction: Direction,
        initiative: Initiative,
        reason: String,
        outcome: String,
        user: Option<UserId>,
        subject: (InteractionSubject, String),
        source_key: String,
    ) -> AppResult<()> {
        let reason: String = reason.chars().take(300).collect();
        self.log_interaction(
            tx,
            NewInteraction {
                customer_id: customer,
                channel,
                direction,
                initiative,
                reason,
                outcome,
                user_id: user,
                occurred_at: Timestamp::now(),
                subject: Some(subject),
                source_key: Some(source_key),
            },
        )
        .await
        .map(|_| ())
    }
}

/// The chat conversations this node already recorded today (channel
/// names), so a busy room costs one insert attempt a day, not one per
/// message. The database's `source_key` still makes it once across nodes.
#[derive(Debug, Default)]
pub struct ChatDays(
    std::sync::Mutex<(Option<chrono::NaiveDate>, std::collections::HashSet<String>)>,
);

impl ChatDays {
    /// Whether `channel`'s conversation on `day` is known recorded.
    fn seen(&self, day: chrono::NaiveDate, channel: &str) -> bool {
        let guard = self.0.lock().unwrap_or_else(|e| e.into_inner());
        guard.0 == Some(day) && guard.1.contains(channel)
    }

    /// Remembers it, after the transaction that recorded it committed.
    pub(crate) fn remember(&self, day: chrono::NaiveDate, channel: String) {
        let mut guard = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if guard.0 != Some(day) {
            *guard = (Some(day), std::collections::HashSet::new());
        }
        guard.1.insert(channel);
    }
}

impl Services {
    /// A chat conversation in a ticket's or an order's room on a day is an
    /// interaction (issue 16: "a chat conversation on a day"): recorded at
    /// its first message of the day, in the company's zone, inbound when
    /// the customer wrote first. Returns the day to remember after commit.
    pub(crate) async fn log_chat_day(
        &self,
        tx: &mut UnitOfWork<'_>,
        channel: &crate::domain::channel::Channel,
        name: &str,
        author: UserId,
        by_customer: bool,
    ) -> AppResult<Option<chrono::NaiveDate>> {
        use crate::domain::channel::Channel;
        let day = super::today_in(&tx.company_settings().await?.time_zone);
        if self.chat_days.seen(day, name) {
            return Ok(None);
        }
        let (customer, subject, about) = match channel {
            Channel::Ticket(id) => match tx.ticket(crate::domain::TicketScope::All, *id).await? {
                Some(t) => (
                    t.customer_id,
                    (InteractionSubject::Ticket, id.to_string()),
                    t.number,
                ),
                None => return Ok(None),
            },
            Channel::Order(id) => match tx.order(crate::domain::OrderScope::All, *id).await? {
                Some(o) => (
                    o.customer_id,
                    (InteractionSubject::Order, id.to_string()),
                    o.number,
                ),
                None => return Ok(None),
            },
            _ => return Ok(None),
        };
        let (direction, initiative) = if by_customer {
            (Direction::Inbound, Initiative::Reactive)
        } else {
            (Direction::Outbound, Initiative::Proactive)
        };
        self.log_seen_interaction(
            tx,
            customer,
            InteractionChannel::Portal,
            direction,
            initiative,
            format!("Conversación por chat ({about})"),
            String::new(),
            (!by_customer).then_some(author),
            subject,
            format!("chat:{name}:{day}"),
        )
        .await?;
        Ok(Some(day))
    }
}
