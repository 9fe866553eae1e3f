//! Issuing and voiding invoices.
//!
//! Issuing happens in one transaction: the draft's row is locked and
//! compare-and-set from `draft` (of two concurrent issues of one draft one
//! wins, the other gets `invalid_transition`), the `FAC-` number comes from
//! the counter row (concurrent issues of different drafts queue on it, and a
//! rolled-back issue gives its number back, so the series is gap-free), the
//! due date from the customer's payment terms or the company's, the order's
//! advances are applied as allocations, the receivable reminders are
//! planned, and the customer is told (with the PDF link).
//!
//! The credit limit is checked against what the customer would owe with
//! this invoice: over it, office roles go ahead with a warning in the
//! answer; anyone else is refused (`credit_limit_exceeded`) when the setting
//! says so.

use chrono::{NaiveDate, NaiveTime, TimeDelta, TimeZone};
use rust_decimal::Decimal;
use serde::Deserialize;

use super::drafting::not_a_draft;
use super::{CreditWarning, InvoiceDetail, require_office};
use crate::domain::billing::policy::{due_date, parse_reminder_offsets};
use crate::domain::billing::{CreditCheck, DocumentSeries, InvoiceState};
use crate::domain::events::ChannelEvent;
use crate::domain::notification::{NotificationKind, SubjectType};
use crate::domain::role::CustomerScope;
use crate::domain::{InvoiceId, Money, PaymentAllocationId, Role, Timestamp};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::notify::documents::format::money;
use crate::notify::mail::EmailAttachment;
use crate::notify::templates::Message;
use crate::services::uow::UnitOfWork;
use crate::services::{Lines, Principal, Services, company_tz, text_field, today_in};
use crate::store::billing::allocations::{NewAllocation, PaymentsOf};
use crate::store::billing::invoices::InvoiceIssue;
use crate::store::billing::reminders::ReminderSubject;

/// Why an issued invoice is voided (required).
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct VoidInput {
    /// Why (required; up to 500 characters).
    #[schema(
        min_length = 1,
        max_length = 500,
        pattern = r"[^\s\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"
    )]
    pub reason: String,
}

/// The hour (company time zone) receivable reminders go out.
const REMINDER_HOUR: u32 = 9;

impl Services {
    /// Issues a draft (office roles): see the module docs.
    pub async fn issue_invoice(&self, who: &Principal, id: InvoiceId) -> AppResult<InvoiceDetail> {
        require_office(who)?;
        let now = Timestamp::now();
        let mut tx = self.begin().await?;
        tx.lock_invoice(id).await?;
        let draft = tx
            .invoice(CustomerScope::All, true, id)
            .await?
            .ok_or_else(|| AppError::not_found("invoice"))?;
        if draft.state != InvoiceState::Draft {
            return Err(not_a_draft());
        }
        let settings = tx.company_settings().await?;
        let billing = tx.billing_settings().await?;
        let tz = company_tz(&settings.time_zone);
        let customer = tx
            .billing_customer(CustomerScope::All, draft.customer_id)
            .await?
            .ok_or_else(|| AppError::not_found("customer"))?;
        let owed = tx.customer_open_total(customer.id).await?;
        let warning = credit_check(
            billing.credit_limit_policy,
            who.user.role,
            customer.credit_limit,
            Money(owed.0 + draft.total.0),
        )?;
        let issue_date = today_in(&settings.time_zone);
        let terms = customer
            .payment_terms_days
            .unwrap_or(billing.payment_terms_days);
        let due = due_date(issue_date, terms);
        let series = DocumentSeries::Invoice;
        let number = series.format(tx.next_number(series.counter()).await?);
        if !tx
            .issue_invoice(
                id,
                &InvoiceIssue {
                    number: number.clone(),
                    issue_date,
                    due_date: due,
                    by: who.user.id,
                    now,
                },
            )
            .await?
        {
            return Err(not_a_draft());
        }
        // The order's advances (payments not yet allocated) pay it first.
        if let Some(order) = draft.order_id {
            let mut open = draft.total.0;
            for p in tx.payment_credits(PaymentsOf::Order(order)).await? {
                let free = p.unallocated().0;
                if open <= Decimal::ZERO {
                    break;
                }
                if free <= Decimal::ZERO {
                    continue;
                }
                let amount = free.min(open);
                tx.insert_allocation(&NewAllocation {
                    id: PaymentAllocationId::new(),
                    payment_id: p.payment_id,
                    invoice_id: id,
                    amount: Money(amount),
                    by: who.user.id,
                    now,
                })
                .await?;
                open -= amount;
            }
        }
        let (_, settlement) = tx.refresh_invoice_settlement(id, now).await?;
        if settlement.state().is_open() {
            let offsets =
                parse_reminder_offsets(&billing.receivable_reminder_days).unwrap_or_default();
            for offset in offsets {
                let at = reminder_time(due, offset, tz);
                if at > now {
                    tx.insert_billing_reminder(ReminderSubject::Invoice(id), offset, at, now)
                        .await?;
                }
            }
        }
        let issued = tx
            .invoice(CustomerScope::All, true, id)
            .await?
            .ok_or_else(|| AppError::not_found("invoice"))?;
        self.stage_invoice_change(
            &mut tx,
            who,
            &issued,
            ChannelEvent::InvoiceIssued,
            "invoice",
        )
        .await?;
        let total = money(issued.total.0, &issued.currency, self.language());
        let link = self.invoice_link(id);
        // The e-mail carries the invoice's PDF, typeset from this
        // transaction (it holds the number just assigned).
        let pdf = self.render_invoice_pdf(tx.tx(), &issued).await?;
        let attachment = EmailAttachment::new(&pdf.file_name, "application/pdf", &pdf.bytes);
        tx.notify_customer_attaching(
            issued.customer_id,
            NotificationKind::InvoiceIssued,
            &format!("invoice_issued:{id}"),
            SubjectType::Invoice,
            id.to_string(),
            std::slice::from_ref(&attachment),
            |name| Message::InvoiceIssued {
                name: name.to_string(),
                invoice_number: number.clone(),
                total: total.clone(),
                link: link.clone(),
            },
        )
        .await?;
        tx.commit().await?;
        self.invoice_detail(who, issued, warning).await
    }

    /// Voids an issued invoice with nothing paid or credited on it (office
    /// roles, with a reason). It keeps its number; the statement shows the
    /// void as a credit taking its charge back.
    pub async fn void_invoice(
        &self,
        who: &Principal,
        id: InvoiceId,
        input: VoidInput,
    ) -> AppResult<InvoiceDetail> {
        require_office(who)?;
        let reason = text_field("reason", &input.reason, 500, true, Lines::Multi)?;
        let now = Timestamp::now();
        let mut tx = self.begin().await?;
        tx.lock_invoice(id).await?;
        let current = tx
            .invoice(CustomerScope::All, true, id)
            .await?
            .ok_or_else(|| AppError::not_found("invoice"))?;
        let settings = tx.company_settings().await?;
        let today = today_in(&settings.time_zone);
        if current.state != InvoiceState::Issued
            || !current.settlement().may_void()
            || !tx
                .void_invoice(id, &reason, who.user.id, today, now)
                .await?
        {
            return Err(AppError::new(
                ErrorCode::InvalidTransition,
                "only an issued invoice with nothing paid or credited can be voided",
            ));
        }
        tx.drop_billing_reminders(ReminderSubject::Invoice(id))
            .await?;
        let voided = tx
            .invoice(CustomerScope::All, true, id)
            .await?
            .ok_or_else(|| AppError::not_found("invoice"))?;
        self.stage_invoice_change(
            &mut tx,
            who,
            &voided,
            ChannelEvent::InvoiceVoided,
            "invoice_void",
        )
        .await?;
        tx.commit().await?;
        self.invoice_detail(who, voided, None).await
    }

    /// The credit-limit check of a new service order: what the customer
    /// owes on open invoices plus the order's value. Over the limit a
    /// non-office role is refused (`credit_limit_exceeded`) when the setting
    /// says so; office roles go ahead.
    pub(crate) async fn check_order_credit(
        &self,
        tx: &mut UnitOfWork<'_>,
        who: &Principal,
        customer: crate::domain::CustomerId,
        value: Money,
    ) -> AppResult<()> {
        let Some(c) = tx.billing_customer(CustomerScope::All, customer).await? else {
            return Ok(());
        };
        let policy = tx.billing_settings().await?.credit_limit_policy;
        let owed = tx.customer_open_total(customer).await?;
        credit_check(
            policy,
            who.user.role,
            c.credit_limit,
            Money(owed.0 + value.0),
        )
        .map(|_| ())
    }

    /// The page of an invoice in the app (office and portal).
    pub(crate) fn invoice_link(&self, id: InvoiceId) -> String {
        format!("{}/billing/invoices/{id}", self.public_url)
    }

    /// Re-reads an invoice's settlement after allocations or credit notes
    /// changed, drops its reminders once nothing is open, and publishes it.
    pub(crate) async fn settle_and_publish(
        &self,
        tx: &mut UnitOfWork<'_>,
        who: &Principal,
        id: InvoiceId,
        cause: &str,
    ) -> AppResult<crate::store::billing::invoices::InvoiceRow> {
        let (_, settlement) = tx.refresh_invoice_settlement(id, Timestamp::now()).await?;
        if !settlement.state().is_open() {
            tx.drop_billing_reminders(ReminderSubject::Invoice(id))
                .await?;
        }
        let row = tx
            .invoice(CustomerScope::All, true, id)
            .await?
            .ok_or_else(|| AppError::not_found("invoice"))?;
        self.stage_invoice_change(tx, who, &row, ChannelEvent::InvoiceSettlementChanged, cause)
            .await?;
        Ok(row)
    }
}

/// The credit-limit decision: a warning, a refusal, or nothing.
pub(crate) fn credit_check(
    policy: crate::domain::billing::CreditLimitPolicy,
    role: Role,
    limit: Money,
    exposure: Money,
) -> AppResult<Option<CreditWarning>> {
    match policy.check(role, limit, exposure) {
        CreditCheck::Within => Ok(None),
        CreditCheck::Warn { limit, exposure } => Ok(Some(CreditWarning { limit, exposure })),
        CreditCheck::Refuse { limit, exposure } => Err(AppError::new(
            ErrorCode::CreditLimitExceeded,
            format!("the customer would owe {exposure}, over their credit limit of {limit}"),
        )),
    }
}

/// When the reminder `offset` days from `due` goes out: at
/// [`REMINDER_HOUR`] in the company's time zone.
pub(crate) fn reminder_time(due: NaiveDate, offset: i32, tz: chrono_tz::Tz) -> Timestamp {
    let day = due + TimeDelta::days(i64::from(offset));
    let local =
        day.and_time(NaiveTime::from_hms_opt(REMINDER_HOUR, 0, 0).unwrap_or(NaiveTime::MIN));
    let at = tz
        .from_local_datetime(&local)
        .earliest()
        .map_or_else(|| local.and_utc(), |t| t.with_timezone(&chrono::Utc));
    Timestamp::from(at)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reminders_go_out_at_nine_local_time() {
        let due = NaiveDate::from_ymd_opt(2025, 3, 10).unwrap();
        let caracas: chrono_tz::Tz = "America/Caracas".parse().unwrap();
        assert_eq!(
            reminder_time(due, -3, caracas).as_datetime().to_rfc3339(),
            "2025-03-07T13:00:00+00:00"
        );
    }
}
