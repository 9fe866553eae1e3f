//! The customer's answer: approve with one click, reject, or ask for
//! changes with a comment — signed in to the portal or through the signed
//! link of the quote's e-mail (no password).
//!
//! Only the version the customer was sent, still `sent` and within its
//! validity, can be answered: an expired one is `quote_expired`, one a newer
//! version replaced is `quote_superseded`, an answered one
//! `quote_not_answerable` (all 409, nothing changes). The answer is a
//! compare-and-set on the version's state, so two answers at once cannot
//! both win.
//!
//! **Approval sets the order's service value** to the approved version's
//! total (tax included) when the quote belongs to an open order, and writes
//! a public "Presupuesto … aprobado" event on the order's timeline; the
//! order's room gets the new value and the event live. The office desk and
//! the order's technicians get an in-app notification and a push for every
//! answer.
//!
//! **Approval of a quote made for a CRM opportunity marks it won** in the
//! same transaction (stage history, board publication).

use super::{QuoteAnswerInput, QuoteDetail, change_of};
use crate::domain::billing::quote::{AnswerRefused, check_answer};
use crate::domain::billing::{QuoteAnswer, QuoteState};
use crate::domain::events::{
    Actor, ChannelEvent, OrderChanged, OrderEventChanged, QuoteChanged, RoomOrder,
};
use crate::domain::notification::{NotificationKind, SubjectType};
use crate::domain::role::CustomerScope;
use crate::domain::{OrderEventId, OrderScope, Permission, Role, Timestamp, Visibility};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::notify::templates::Message;
use crate::services::notifications::Notify;
use crate::services::uow::UnitOfWork;
use crate::services::{Lines, Principal, Services, text_field, today_in};
use crate::store::billing::quotes::QuoteRow;
use crate::store::billing::reminders::ReminderSubject;
use crate::store::orders::NewOrderEvent;

/// Longest comment with an answer.
const MAX_COMMENT: usize = 2000;

fn refusal(r: AnswerRefused) -> AppError {
    match r {
        AnswerRefused::Expired => AppError::new(
            ErrorCode::QuoteExpired,
            "the quote expired; ask for a new version",
        ),
        AnswerRefused::Superseded => AppError::new(
            ErrorCode::QuoteSuperseded,
            "a newer version of the quote replaced this one",
        ),
        AnswerRefused::NotSent | AnswerRefused::AlreadyAnswered => AppError::new(
            ErrorCode::QuoteNotAnswerable,
            "the quote is not waiting for an answer",
        ),
    }
}

impl Services {
    /// A customer contact answers a quote sent to their company.
    pub async fn answer_quote(
        &self,
        who: &Principal,
        id: crate::domain::QuoteId,
        input: QuoteAnswerInput,
    ) -> AppResult<QuoteDetail> {
        who.require(Permission::AnswerQuotes)?;
        let mut tx = self.begin().await?;
        self.visible_quote(&mut tx, who, id).await?;
        tx.lock_quote(id).await?;
        let row = self.visible_quote(&mut tx, who, id).await?;
        self.record_quote_answer(tx, &row, input, Some(who)).await?;
        self.quote_detail(who, id).await
    }

    /// Someone holding the signed link of the quote's e-mail answers it.
    pub async fn answer_quote_by_link(
        &self,
        token: &str,
        input: QuoteAnswerInput,
    ) -> AppResult<QuoteDetail> {
        let mut tx = self.begin().await?;
        let row = self.quote_by_token(&mut tx, token).await?;
        tx.lock_quote(row.id).await?;
        let row = self.quote_by_token(&mut tx, token).await?;
        self.record_quote_answer(tx, &row, input, None).await?;
        self.quote_detail_by_link(token).await
    }

    /// Checks and records the answer on `row`'s published version, then
    /// updates the order, publishes and notifies; commits.
    async fn record_quote_answer(
        &self,
        mut tx: UnitOfWork<'_>,
        row: &QuoteRow,
        input: QuoteAnswerInput,
        who: Option<&Principal>,
    ) -> AppResult<()> {
        let comment = text_field("comment", &input.comment, MAX_COMMENT, false, Lines::Multi)?;
        if input.answer == QuoteAnswer::RequestChanges && comment.is_empty() {
            return Err(AppError::validation(
                "comment",
                "say which changes you would like",
            ));
        }
        let now = Timestamp::now();
        let settings = tx.company_settings().await?;
        let today = today_in(&settings.time_zone);
        let version = tx
            .quote_version(row.version_id)
            .await?
            .ok_or_else(|| AppError::not_found("quote"))?;
        check_answer(version.state, version.valid_until, today).map_err(refusal)?;
        let to = input.answer.state();
        let comment = (!comment.is_empty()).then_some(comment);
        if !tx
            .answer_quote(
                version.id,
                to,
                who.map(|p| p.user.id),
                comment.as_deref(),
                now,
            )
            .await?
        {
            return Err(refusal(AnswerRefused::AlreadyAnswered));
        }
        tx.drop_billing_reminders(ReminderSubject::Quote(version.id))
            .await?;
        let answered = tx
            .quote_version(version.id)
            .await?
            .ok_or_else(|| AppError::not_found("quote"))?;
        // Who answered, as events name them: the signed-in contact, or (link)
        // the customer company itself under the quote's author's id.
        let actor = match who {
            Some(p) => p.actor(),
            None => Actor {
                id: row.created_by,
                name: row.customer_name.clone(),
                role: Role::Customer,
            },
        };
        if to == QuoteState::Approved
            && let Some(order_id) = row.order_id
        {
            self.apply_quote_approval(
                &mut tx,
                row,
                &answered.number,
                answered.total,
                order_id,
                &actor,
                now,
            )
            .await?;
        }
        // "An approved quote marks the opportunity won."
        if to == QuoteState::Approved
            && let Some(opportunity) = row.opportunity_id
        {
            self.win_opportunity_by_quote(&mut tx, opportunity, &actor)
                .await?;
        }
        let change = change_of(row, &answered, who.map(Principal::actor));
        let event: fn(QuoteChanged) -> ChannelEvent = match input.answer {
            QuoteAnswer::Approve => ChannelEvent::QuoteApproved,
            QuoteAnswer::Reject => ChannelEvent::QuoteRejected,
            QuoteAnswer::RequestChanges => ChannelEvent::QuoteChangesRequested,
        };
        self.publish_quote(&mut tx, event, change, true).await?;
        self.notify_quote_answer(
            &mut tx,
            row,
            &answered.number,
            to,
            comment.unwrap_or_default(),
        )
        .await?;
        tx.commit().await
    }

    /// Approval on an open order: the service value becomes the approved
    /// total, and a public timeline event records it.
    #[allow(clippy::too_many_arguments)]
    async fn apply_quote_approval(
        &self,
        tx: &mut UnitOfWork<'_>,
        row: &QuoteRow,
        number: &str,
        total: crate::domain::Money,
        order_id: crate::domain::OrderId,
        actor: &Actor,
        now: Timestamp,
    ) -> AppResult<()> {
        tx.lock_order(order_id).await?;
        let Some(order) = tx.order(OrderScope::All, order_id).await? else {
            return Ok(());
        };
        // A closed or deactivated order's value is final.
        if order.closed_at.is_some() || !order.active {
            return Ok(());
        }
        tx.set_order_service_value(order_id, total, now).await?;
        let event_id = OrderEventId::new();
        let label = match self.language() {
            crate::notify::templates::Lang::Es => format!("Presupuesto {number} aprobado"),
            crate::notify::templates::Lang::En => format!("Quote {number} approved"),
        };
        tx.insert_order_event(&NewOrderEvent {
            id: event_id,
            order_id,
            visibility: Visibility::Public,
            status_id: None,
            label,
            comment: format!("{} — {}", row.customer_name, total),
            author_id: actor.id,
            now,
        })
        .await?;
        let by = Some(actor.id);
        if let Some(event) = tx.order_event(order_id, event_id).await? {
            tx.publish(
                &crate::domain::channel::Channel::Order(order_id),
                ChannelEvent::OrderEventAdded(OrderEventChanged {
                    order_id,
                    event,
                    by: actor.clone(),
                }),
                by,
            )
            .await?;
        }
        if let Some(mut order) = tx.order(OrderScope::All, order_id).await? {
            order.technicians = tx
                .technicians_of(&[order_id])
                .await?
                .into_iter()
                .map(|(_, t)| t)
                .collect();
            tx.publish(
                &crate::domain::channel::Channel::Order(order_id),
                ChannelEvent::OrderUpdated(OrderChanged {
                    order: RoomOrder::from(&order),
                    by: actor.clone(),
                    changed: vec!["service_value"],
                }),
                by,
            )
            .await?;
        }
        Ok(())
    }

    /// Tells the office desk and the order's technicians (in-app and push).
    async fn notify_quote_answer(
        &self,
        tx: &mut UnitOfWork<'_>,
        row: &QuoteRow,
        number: &str,
        to: QuoteState,
        comment: String,
    ) -> AppResult<()> {
        let link = format!("{}/quotes/{}", self.public_url, row.id);
        let answer: &'static str = to.into();
        let key = format!("quote_answer:{}:{answer}", row.version_id);
        let message_to = |name: &str, link: &str| Message::QuoteAnswered {
            name: name.to_string(),
            quote_number: number.to_string(),
            customer: row.customer_name.clone(),
            answer: answer.to_string(),
            comment: comment.clone(),
            link: link.to_string(),
        };
        let message = |name: &str| message_to(name, &link);
        self.notify_desk(
            tx,
            NotificationKind::QuoteAnswered,
            &key,
            SubjectType::Quote,
            row.id.to_string(),
            message,
        )
        .await?;
        // The order's technicians (who see the order, not the quote) and
        // the seller who owns the customer.
        let mut others = Vec::new();
        if let Some(order) = row.order_id {
            let order_link = format!("{}/orders/{order}", self.public_url);
            for (_, t) in tx.technicians_of(&[order]).await? {
                others.push((t.id, t.name, order_link.clone()));
            }
        }
        if let Some(owner) = tx
            .customer(CustomerScope::All, row.customer_id)
            .await?
            .and_then(|c| c.owner_id)
            && let Some(u) = tx.user(owner).await?
            && u.active
        {
            others.push((u.id, u.name, link.clone()));
        }
        for (user, name, link) in others {
            tx.notify(Notify {
                kind: NotificationKind::QuoteAnswered,
                key: format!("{key}:{user}"),
                user: Some(user),
                email: None,
                message: message_to(&name, &link),
                subject_type: SubjectType::Quote,
                subject_id: row.id.to_string(),
                in_app: true,
                attachments: Vec::new(),
            })
            .await?;
        }
        Ok(())
    }
}
