//! Sending a quote: the draft version becomes `sent` (and the one customers
//! see), a fresh signed link lets the customer answer without a password,
//! one reminder is planned `quote_reminder_days` before the validity ends,
//! and the e-mail — with the quote's PDF attached — goes through the outbox
//! with the change, in one transaction.
//!
//! The e-mail goes to the customer's address and to every portal account of
//! the customer; portal accounts also get an in-app notification and a push.
//! The PDF is rendered when the e-mail is enqueued, so the outbox row holds
//! exactly what is sent, however many retries it takes.

use chrono::TimeDelta;

use super::{QuoteDetail, change_of};
use crate::domain::billing::QuoteState;
use crate::domain::events::ChannelEvent;
use crate::domain::notification::{NotificationKind, SubjectType};
use crate::domain::{Permission, QuoteId, Timestamp};
use crate::error::{AppError, AppResult, Context};
use crate::notify::documents::format::money;
use crate::notify::mail::EmailAttachment;
use crate::notify::templates::{self, Message};
use crate::services::notifications::Notify;
use crate::services::{Principal, Services, company_tz, start_of_day, today_in};
use crate::store::billing::reminders::ReminderSubject;
use crate::store::outbox::{DeliveryChannel, DeliveryStatus, NewNotification};

/// Local hour of the day the expiry reminder goes out.
const REMINDER_HOUR: i64 = 9;

impl Services {
    /// Sends the quote's draft version to the customer (office roles; a
    /// seller for the customers they own). Only a draft is sent
    /// (`quote_not_editable` otherwise) and only while its validity date
    /// has not passed.
    pub async fn send_quote(&self, who: &Principal, id: QuoteId) -> AppResult<QuoteDetail> {
        who.require(Permission::EditQuotes)?;
        let now = Timestamp::now();
        let mut tx = self.begin().await?;
        self.visible_quote(&mut tx, who, id).await?;
        tx.lock_quote(id).await?;
        let row = self.visible_quote(&mut tx, who, id).await?;
        let draft = tx
            .quote_version(row.version_id)
            .await?
            .ok_or_else(|| AppError::not_found("quote"))?;
        if draft.state != QuoteState::Draft {
            return Err(AppError::new(
                crate::error::ErrorCode::QuoteNotEditable,
                "this version was already sent; change the quote to make a new version",
            ));
        }
        let settings = tx.company_settings().await?;
        let billing = tx.billing_settings().await?;
        let today = today_in(&settings.time_zone);
        if draft.valid_until < today {
            return Err(AppError::validation(
                "valid_until",
                "the validity date has passed; change it before sending",
            ));
        }
        if !tx.mark_quote_sent(draft.id, now).await? {
            return Err(super::editing::not_editable());
        }
        let (token, hash) = crate::services::auth::new_token();
        tx.set_quote_link(id, &hash).await?;
        // One reminder before the validity ends, if that is still ahead.
        let days = billing.quote_reminder_days.max(0);
        let due_day = draft.valid_until - TimeDelta::days(i64::from(days));
        let due_at = start_of_day(due_day, company_tz(&settings.time_zone))
            + TimeDelta::hours(REMINDER_HOUR);
        if days > 0 && due_at > now {
            tx.insert_billing_reminder(ReminderSubject::Quote(draft.id), -days, due_at, now)
                .await?;
        }
        let sent = tx
            .quote_version(draft.id)
            .await?
            .ok_or_else(|| AppError::not_found("quote"))?;
        // The e-mail with the PDF and the signed link.
        let pdf = self.render_quote_pdf(tx.tx(), &row, sent.id).await?;
        let attachment = EmailAttachment::new(&pdf.file_name, "application/pdf", &pdf.bytes);
        let lang = self.language();
        let total = money(sent.total.0, &sent.currency, lang);
        let signed = format!("{}/q/{token}", self.public_url);
        let in_app = format!("{}/quotes/{id}", self.public_url);
        let brand = self.branding(tx.tx()).await?;
        let customer = tx
            .customer(crate::domain::role::CustomerScope::All, row.customer_id)
            .await?
            .ok_or_else(|| AppError::not_found("customer"))?;
        let portal = tx.portal_recipients(row.customer_id).await?;
        let mut addresses: Vec<(Option<crate::domain::UserId>, String, String)> = portal
            .iter()
            .map(|r| (Some(r.id), r.name.clone(), r.email.clone()))
            .collect();
        if let Some(email) = customer.email.as_ref().filter(|e| !e.is_empty())
            && !addresses.iter().any(|a| a.2.eq_ignore_ascii_case(email))
        {
            addresses.push((None, customer.name.clone(), email.clone()));
        }
        let subject_id = id.to_string();
        for (user, name, address) in &addresses {
            let message = Message::QuoteReady {
                name: name.clone(),
                quote_number: sent.number.clone(),
                total: total.clone(),
                link: signed.clone(),
            };
            let mut rendered = templates::render(&message, lang, &brand, None);
            rendered.attachments = vec![attachment.clone()];
            let payload = serde_json::to_string(&rendered).context("serializing an e-mail")?;
            tx.enqueue_notification(&NewNotification {
                kind: NotificationKind::QuoteSent,
                channel: DeliveryChannel::Email,
                recipient_user_id: *user,
                recipient_address: address,
                payload: &payload,
                idempotency_key: &format!(
                    "quote_sent:{}:email:{}",
                    sent.id,
                    address.to_lowercase()
                ),
                subject_type: SubjectType::Quote,
                subject_id: &subject_id,
                status: DeliveryStatus::Pending,
                now,
            })
            .await?;
            tx.wake_outbox();
        }
        for r in &portal {
            tx.notify(Notify {
                kind: NotificationKind::QuoteSent,
                key: format!("quote_sent:{}:{}", sent.id, r.id),
                user: Some(r.id),
                email: None,
                message: Message::QuoteReady {
                    name: r.name.clone(),
                    quote_number: sent.number.clone(),
                    total: total.clone(),
                    link: in_app.clone(),
                },
                subject_type: SubjectType::Quote,
                subject_id: subject_id.clone(),
                in_app: true,
                attachments: Vec::new(),
            })
            .await?;
        }
        self.publish_quote(
            &mut tx,
            ChannelEvent::QuoteSent,
            change_of(&row, &sent, Some(who.actor())),
            true,
        )
        .await?;
        tx.commit().await?;
        self.quote_detail(who, id).await
    }
}
