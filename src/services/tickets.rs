//! Support tickets, PQR (capability 7): raise, triage, assign, move through
//! open → in progress / pending → closed, with SLA timestamps (first response,
//! resolution) and a live room per ticket.
//!
//! Every change is also a publication in the ticket's channel `ticket:<id>`,
//! staged in the same transaction as the change and announced after commit.
//! That stream — together with the chat messages posted in the same room — is
//! the ticket's interaction history (`GET /api/v1/tickets/{id}/events`), so
//! there is no separate history table that could disagree with it.
//!
//! Who sees which ticket is [`TicketScope`], applied by the store: office
//! roles all, a seller their customers' tickets, a customer contact their own
//! company's, a technician those assigned to them (staff also always see what
//! is assigned to them).

use chrono::TimeDelta;
use serde::{Deserialize, Serialize};

use super::{Lines, Principal, Services, decode_cursor, next_page, text_field};
use crate::domain::channel::{Channel, StaffFeed};
use crate::domain::events::{
    ChannelEvent, TicketAssigned, TicketCreated, TicketPriorityChanged, TicketStateChanged,
};
use crate::domain::interaction::{Direction, Initiative, InteractionChannel, InteractionSubject};
use crate::domain::notification::{NotificationKind, SubjectType};
use crate::domain::{
    CustomerId, Permission, Role, TicketId, TicketPriority, TicketScope, TicketState, TicketType,
    Timestamp, UserId,
};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::notify::templates::Message;
use crate::services::uow::UnitOfWork;
use crate::store::tickets::{NewTicket, Ticket, TicketCursor, TicketFilter};

/// A new ticket as sent by clients.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct TicketInput {
    /// Required for staff; ignored for a customer contact, whose own company is used.
    pub customer_id: Option<CustomerId>,
    #[serde(rename = "type")]
    pub kind: TicketType,
    /// Defaults to `medium`.
    pub priority: Option<TicketPriority>,
    #[schema(
        min_length = 1,
        max_length = 200,
        pattern = r"[^\s\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"
    )]
    pub subject: String,
    #[serde(default)]
    #[schema(max_length = 8000)]
    pub description: String,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct TicketPage {
    pub items: Vec<Ticket>,
    /// Pass as `cursor` to get the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

/// One publication of a ticket's channel: a change of the ticket or a chat message.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct TicketEvent {
    /// The channel offset: 1, 2, 3, … without gaps.
    pub offset: i64,
    /// The event as published, e.g. `{"type": "ticket.state_changed", "ticket": {…}, "by": {…}}`.
    #[schema(value_type = Object)]
    pub data: serde_json::Value,
    /// Who caused it.
    pub user_id: Option<UserId>,
    pub created_at: Timestamp,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct TicketEventPage {
    pub items: Vec<TicketEvent>,
    /// Pass as `after` to get the next page; absent on the last page.
    pub next_after: Option<i64>,
}

fn ticket_scope(who: &Principal) -> TicketScope {
    TicketScope::for_user(who.user.role, who.user.id, who.user.customer_id)
}

impl Services {
    /// Whether `who` may see ticket `id` (and so use its channel).
    pub async fn may_access_ticket(&self, who: &Principal, id: TicketId) -> AppResult<bool> {
        if !who.user.role.allows(Permission::ReadTickets) {
            return Ok(false);
        }
        Ok(self
            .store
            .conn()
            .await?
            .ticket_visible(ticket_scope(who), id)
            .await?)
    }

    /// Raises a ticket. Staff raise it for any customer they may see; a
    /// customer contact always for their own company.
    pub async fn create_ticket(&self, who: &Principal, input: TicketInput) -> AppResult<Ticket> {
        who.require(Permission::CreateTickets)?;
        let subject = text_field("subject", &input.subject, 200, true, Lines::Single)?;
        let description = text_field("description", &input.description, 8000, false, Lines::Multi)?;
        let customer_id = if who.user.role == Role::Customer {
            who.user.customer_id.ok_or_else(AppError::forbidden)?
        } else {
            input
                .customer_id
                .ok_or_else(|| AppError::validation("customer_id", "choose the customer"))?
        };
        let now = Timestamp::now();
        let mut tx = self.begin().await?;
        tx.customer(who.customer_scope(), customer_id)
            .await?
            .ok_or_else(|| AppError::not_found("customer").field("customer_id"))?;
        let number = format!("PQR-{:06}", tx.next_number("ticket").await?);
        let inserted = tx
            .insert_ticket(&NewTicket {
                id: TicketId::new(),
                number,
                customer_id,
                kind: input.kind,
                priority: input.priority.unwrap_or(TicketPriority::Medium),
                subject,
                description,
                created_by: who.user.id,
                now,
            })
            .await?;
        self.refresh_ticket_sla(&mut tx, inserted.id, now).await?;
        let ticket = tx
            .ticket(TicketScope::All, inserted.id)
            .await?
            .ok_or_else(|| AppError::not_found("ticket"))?;
        let channel = Channel::Ticket(ticket.id);
        let event = ChannelEvent::TicketCreated(TicketCreated {
            ticket: ticket.clone(),
            by: who.actor(),
        });
        tx.publish(&channel, event.clone(), Some(who.user.id))
            .await?;
        // The office's open lists, and an alert when a customer opened it.
        tx.publish(
            &Channel::Staff(StaffFeed::Tickets),
            event,
            Some(who.user.id),
        )
        .await?;
        if who.user.role == Role::Customer {
            let link = format!("{}/tickets/{}", self.public_url, ticket.id);
            self.notify_desk(
                &mut tx,
                NotificationKind::TicketOpened,
                &format!("ticket_opened:{}", ticket.id),
                SubjectType::Ticket,
                ticket.id.to_string(),
                |name| Message::TicketOpened {
                    name: name.to_string(),
                    customer: ticket.customer_name.clone(),
                    ticket_number: ticket.number.clone(),
                    subject: ticket.subject.clone(),
                    link: link.clone(),
                },
            )
            .await?;
            // A contact the customer started: on their interaction timeline.
            self.log_seen_interaction(
                &mut tx,
                customer_id,
                InteractionChannel::Portal,
                Direction::Inbound,
                Initiative::Reactive,
                ticket.subject.clone(),
                String::new(),
                None,
                (InteractionSubject::Ticket, ticket.id.to_string()),
                format!("ticket:{}:opened", ticket.id),
            )
            .await?;
        }
        tx.commit().await?;
        Ok(ticket)
    }

    pub async fn get_ticket(&self, who: &Principal, id: TicketId) -> AppResult<Ticket> {
        who.require(Permission::ReadTickets)?;
        self.store
            .conn()
            .await?
            .ticket(ticket_scope(who), id)
            .await?
            .ok_or_else(|| AppError::not_found("ticket"))
    }

    /// Tickets visible to the caller, newest first, one page at a time.
    pub async fn list_tickets(
        &self,
        who: &Principal,
        filter: TicketFilter,
        cursor: Option<&str>,
        limit: i64,
    ) -> AppResult<TicketPage> {
        who.require(Permission::ReadTickets)?;
        let after = cursor.map(decode_cursor).transpose()?;
        let limit = limit.clamp(1, 200);
        let mut items = self
            .store
            .conn()
            .await?
            .tickets_page(ticket_scope(who), &filter, after.as_ref(), limit + 1)
            .await?;
        let next_cursor = next_page(&mut items, limit, |t| TicketCursor {
            created_at: t.created_at,
            id: t.id,
        });
        Ok(TicketPage { items, next_cursor })
    }

    /// Moves a ticket to `next` along the allowed transitions (see
    /// [`TicketState::can_move_to`]). Closing stamps the resolution time;
    /// reopening (office roles only) clears it.
    pub async fn change_ticket_state(
        &self,
        who: &Principal,
        id: TicketId,
        next: TicketState,
    ) -> AppResult<Ticket> {
        who.require(Permission::WorkTickets)?;
        let now = Timestamp::now();
        let mut tx = self.begin().await?;
        let current = tx
            .ticket(ticket_scope(who), id)
            .await?
            .ok_or_else(|| AppError::not_found("ticket"))?;
        if !current.state.can_move_to(next) {
            return Err(AppError::new(
                ErrorCode::InvalidTransition,
                format!("a ticket in state {} cannot move to {next}", current.state),
            )
            .field("state"));
        }
        if current.state == TicketState::Closed {
            who.require(Permission::ManageTickets)?;
        }
        let resolved_at = (next == TicketState::Closed).then_some(now);
        if !tx
            .set_ticket_state(id, current.state, next, resolved_at, now)
            .await?
        {
            return Err(AppError::new(
                ErrorCode::Conflict,
                "the ticket was changed meanwhile; reload it and try again",
            ));
        }
        self.refresh_ticket_sla(&mut tx, id, now).await?;
        let ticket = tx
            .ticket(TicketScope::All, id)
            .await?
            .ok_or_else(|| AppError::not_found("ticket"))?;
        let event = ChannelEvent::TicketStateChanged(TicketStateChanged {
            ticket: ticket.clone(),
            by: who.actor(),
            from: current.state,
        });
        tx.publish(&Channel::Ticket(id), event, Some(who.user.id))
            .await?;
        // The satisfaction survey, committed with the closing (at most one
        // per ticket: closing again after a reopen adds nothing).
        if next == TicketState::Closed {
            self.schedule_survey(
                &mut tx,
                None,
                Some(id),
                ticket.customer_id,
                &ticket.number,
                now,
            )
            .await?;
        }
        tx.commit().await?;
        Ok(ticket)
    }

    /// Assigns a ticket to an active staff user (`None` unassigns). Office
    /// roles only. Assigning to the current assignee changes nothing.
    pub async fn assign_ticket(
        &self,
        who: &Principal,
        id: TicketId,
        assignee: Option<UserId>,
    ) -> AppResult<Ticket> {
        who.require(Permission::ManageTickets)?;
        let now = Timestamp::now();
        let mut tx = self.begin().await?;
        let current = tx
            .ticket(ticket_scope(who), id)
            .await?
            .ok_or_else(|| AppError::not_found("ticket"))?;
        if let Some(user) = assignee {
            let ok = tx
                .user(user)
                .await?
                .is_some_and(|u| u.role.is_staff() && u.active);
            if !ok {
                return Err(AppError::validation(
                    "assignee_id",
                    "the assignee must be an active staff user",
                ));
            }
        }
        if current.assignee_id == assignee {
            return Ok(current);
        }
        tx.set_ticket_assignee(id, assignee, now).await?;
        let ticket = tx
            .ticket(TicketScope::All, id)
            .await?
            .ok_or_else(|| AppError::not_found("ticket"))?;
        let event = ChannelEvent::TicketAssigned(TicketAssigned {
            ticket: ticket.clone(),
            by: who.actor(),
            from: current.assignee_id,
        });
        tx.publish(&Channel::Ticket(id), event, Some(who.user.id))
            .await?;
        tx.commit().await?;
        Ok(ticket)
    }

    /// Changes a ticket's priority (staff in scope). The same priority
    /// changes nothing.
    pub async fn change_ticket_priority(
        &self,
        who: &Principal,
        id: TicketId,
        priority: TicketPriority,
    ) -> AppResult<Ticket> {
        who.require(Permission::WorkTickets)?;
        let now = Timestamp::now();
        let mut tx = self.begin().await?;
        let current = tx
            .ticket(ticket_scope(who), id)
            .await?
            .ok_or_else(|| AppError::not_found("ticket"))?;
        if current.priority == priority {
            return Ok(current);
        }
        tx.set_ticket_priority(id, priority, now).await?;
        self.refresh_ticket_sla(&mut tx, id, now).await?;
        let ticket = tx
            .ticket(TicketScope::All, id)
            .await?
            .ok_or_else(|| AppError::not_found("ticket"))?;
        let event = ChannelEvent::TicketPriorityChanged(TicketPriorityChanged {
            ticket: ticket.clone(),
            by: who.actor(),
            from: current.priority,
        });
        tx.publish(&Channel::Ticket(id), event, Some(who.user.id))
            .await?;
        tx.commit().await?;
        Ok(ticket)
    }

    /// The ticket's history: its channel's publications with offset greater
    /// than `after`, oldest first.
    pub async fn ticket_events(
        &self,
        who: &Principal,
        id: TicketId,
        after: i64,
        limit: i64,
    ) -> AppResult<TicketEventPage> {
        self.get_ticket(who, id).await?;
        let limit = limit.clamp(1, self.settings.realtime.history_max_limit.max(1));
        let mut rows = self
            .store
            .conn()
            .await?
            .publications_after(&Channel::Ticket(id).to_string(), after.max(0), limit + 1)
            .await?;
        let more = rows.len() as i64 > limit;
        rows.truncate(limit as usize);
        let next_after = if more {
            rows.last().map(|p| p.seq)
        } else {
            None
        };
        let items = rows
            .into_iter()
            .map(|p| TicketEvent {
                offset: p.seq,
                // Payloads are JSON written by this server; anything else is
                // shown as a string rather than hidden.
                data: serde_json::from_str(&p.data).unwrap_or(serde_json::Value::String(p.data)),
                user_id: p.user_id,
                created_at: p.created_at,
            })
            .collect();
        Ok(TicketEventPage { items, next_after })
    }

    /// Called by the chat service inside its transaction when a message is
    /// posted in a ticket's channel: the first message by staff stamps the
    /// ticket's first-response time (SLA). Customer messages change nothing.
    pub(crate) async fn note_staff_reply(
        &self,
        tx: &mut UnitOfWork<'_>,
        ticket: TicketId,
        text: &str,
        offset: i64,
        now: Timestamp,
    ) -> AppResult<()> {
        if tx.mark_ticket_first_response(ticket, now).await? {
            // The response clock stopped: met, or missed and marked.
            self.refresh_ticket_sla(tx, ticket, now).await?;
        }
        // Tell the customer, but not once per line of a live conversation:
        // at most one notification per ticket in each quiet window.
        let quiet = TimeDelta::minutes(self.settings.notifications.ticket_reply_quiet_minutes);
        let last = tx
            .last_notification_at(
                NotificationKind::TicketReply,
                SubjectType::Ticket,
                &ticket.to_string(),
            )
            .await?;
        if last.is_some_and(|at| now.as_datetime() - at.as_datetime() < quiet) {
            return Ok(());
        }
        let Some(t) = tx.ticket(TicketScope::All, ticket).await? else {
            return Ok(());
        };
        let link = format!("{}/tickets/{ticket}", self.public_url);
        let excerpt = excerpt(text, 280);
        self.notify_customer(
            tx,
            t.customer_id,
            NotificationKind::TicketReply,
            &format!("ticket_reply:{ticket}:{offset}"),
            SubjectType::Ticket,
            ticket.to_string(),
            |name| Message::TicketReply {
                name: name.to_string(),
                ticket_number: t.number.clone(),
                subject: t.subject.clone(),
                excerpt: excerpt.clone(),
                link: link.clone(),
            },
        )
        .await
    }
}

/// The first `max` characters of `text`, on one line, with "…" when cut.
fn excerpt(text: &str, max: usize) -> String {
    let flat = text.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= max {
        flat
    } else {
        let mut cut: String = flat.chars().take(max).collect();
        cut.push('…');
        cut
    }
}

#[cfg(test)]
mod excerpt_tests {
    use super::excerpt;

    #[test]
    fn excerpt_flattens_and_cuts_on_characters() {
        assert_eq!(excerpt("hola\n  mundo", 50), "hola mundo");
        assert_eq!(excerpt("ñandú ñandú", 5), "ñandú…");
        assert_eq!(excerpt("", 5), "");
    }
}
