//! Receivables (cuentas por cobrar): every open invoice in scope with how
//! late it is, the aging totals per customer and overall; and the overdue
//! reminders the scheduler sends through the outbox at the configured
//! offsets from the due date, respecting each person's preferences
//! (`invoice_reminder` is an optional kind).

use std::collections::BTreeMap;

use anyhow::Context;
use chrono::{NaiveDate, TimeDelta};
use serde::Serialize;

use super::billing_scope;
use crate::domain::appointment::ReminderStatus;
use crate::domain::billing::{Aging, AgingBucket};
use crate::domain::notification::{NotificationKind, SubjectType};
use crate::domain::role::CustomerScope;
use crate::domain::{CustomerId, InvoiceId, Money, Timestamp};
use crate::error::AppResult;
use crate::notify::templates::Message;
use crate::services::{Principal, Services, today_in};

/// One open invoice, as the receivables page lists it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ReceivableInvoice {
    pub invoice_id: InvoiceId,
    pub number: String,
    pub customer_id: CustomerId,
    pub customer_name: String,
    pub issue_date: NaiveDate,
    pub due_date: NaiveDate,
    pub total: Money,
    pub open: Money,
    /// Days after the due date (0 or less: not overdue).
    pub days_late: i64,
    pub bucket: AgingBucket,
}

/// A customer's aging.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CustomerAging {
    pub customer_id: CustomerId,
    pub customer_name: String,
    pub aging: Aging,
}

/// What is owed to the company, by age.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Receivables {
    pub as_of: NaiveDate,
    pub currency: String,
    pub totals: Aging,
    /// By name.
    pub customers: Vec<CustomerAging>,
    /// Oldest due first.
    pub invoices: Vec<ReceivableInvoice>,
}

impl Services {
    /// The open invoices in the caller's scope with their aging.
    pub async fn receivables(&self, who: &Principal) -> AppResult<Receivables> {
        let scope = billing_scope(who)?;
        let mut conn = self.store.conn().await?;
        let settings = conn.company_settings().await?;
        let as_of = today_in(&settings.time_zone);
        let mut totals = Aging::default();
        let mut by_customer: BTreeMap<(String, CustomerId), Aging> = BTreeMap::new();
        let mut invoices = Vec::new();
        for i in conn.open_invoices(scope, None).await? {
            let open = i.settlement().open();
            totals.add(i.due_date, as_of, open);
            by_customer
                .entry((i.customer_name.clone(), i.customer_id))
                .or_default()
                .add(i.due_date, as_of, open);
            invoices.push(ReceivableInvoice {
                invoice_id: i.id,
                number: i.number,
                customer_id: i.customer_id,
                customer_name: i.customer_name,
                issue_date: i.issue_date,
                due_date: i.due_date,
                total: i.total,
                open,
                days_late: (as_of - i.due_date).num_days(),
                bucket: AgingBucket::of(i.due_date, as_of),
            });
        }
        Ok(Receivables {
            as_of,
            currency: settings.currency,
            totals,
            customers: by_customer
                .into_iter()
                .map(|((customer_name, customer_id), aging)| CustomerAging {
                    customer_id,
                    customer_name,
                    aging,
                })
                .collect(),
            invoices,
        })
    }
}

/// Claims one batch of due invoice reminders and enqueues their
/// notifications (the scheduler's look, like appointment reminders): an
/// invoice no longer open drops its reminder instead. Returns how many rows
/// were handled.
pub async fn run_billing_reminders(services: &Services, node: &str) -> anyhow::Result<usize> {
    let cfg = &services.settings.scheduler;
    let now = Timestamp::now();
    if !services
        .store
        .conn()
        .await
        .context("billing reminders: connecting")?
        .any_billing_reminder_due(now)
        .await
        .context("billing reminders: looking")?
    {
        return Ok(0);
    }
    let mut tx = services
        .begin()
        .await
        .map_err(|e| anyhow::anyhow!("billing reminders: beginning: {e:?}"))?;
    let claimed = tx
        .claim_due_billing_reminders(
            services.store.backend(),
            node,
            now,
            now + TimeDelta::seconds(cfg.lease_seconds),
            cfg.batch_size,
        )
        .await
        .context("billing reminders: claiming")?;
    let lang = services.language();
    let mut handled = 0;
    for r in &claimed {
        let invoice = match r.invoice_id {
            Some(id) => tx
                .invoice(CustomerScope::All, false, id)
                .await
                .context("billing reminders: reading the invoice")?,
            None => None,
        };
        let Some(invoice) = invoice.filter(|i| i.state.is_open()) else {
            // A quote's reminder belongs to the quotes module; an invoice
            // paid or voided since needs none.
            if r.invoice_id.is_some() {
                tx.finish_billing_reminder(r.id, ReminderStatus::Dropped, now)
                    .await
                    .context("billing reminders: dropping")?;
                handled += 1;
            }
            continue;
        };
        let (Some(number), Some(due)) = (invoice.number.clone(), invoice.due_date) else {
            continue;
        };
        let open = format!("{} {}", invoice.settlement().open(), invoice.currency);
        let due_text = crate::notify::documents::format::date(due, lang);
        let link = services.invoice_link(invoice.id);
        let days_late = r.offset_days;
        tx.notify_customer(
            invoice.customer_id,
            NotificationKind::InvoiceReminder,
            &format!("billing_reminder:{}", r.id),
            SubjectType::Invoice,
            invoice.id.to_string(),
            |name| Message::InvoiceReminder {
                name: name.to_string(),
                invoice_number: number.clone(),
                open: open.clone(),
                due: due_text.clone(),
                days_late,
                link: link.clone(),
            },
        )
        .await
        .map_err(|e| anyhow::anyhow!("billing reminders: enqueuing: {e:?}"))?;
        tx.finish_billing_reminder(r.id, ReminderStatus::Sent, now)
            .await
            .context("billing reminders: marking sent")?;
        handled += 1;
    }
    tx.commit()
        .await
        .map_err(|e| anyhow::anyhow!("billing reminders: committing: {e:?}"))?;
    Ok(handled)
}
