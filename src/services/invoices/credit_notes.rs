//! Credit notes (`NC-000001`): the only way to correct an issued invoice,
//! for part of it or all of it. Issued at once with their number, in the
//! transaction that refreshes the invoice's settlement. When a note leaves
//! allocated money without a debt to pay (a credit on a paid invoice), that
//! much of the invoice's allocations is released, newest first, and becomes
//! the customer's credit again.

use rust_decimal::Decimal;
use serde::Deserialize;

use super::{
    CreditNote, DocumentLine, LineBody, billing_scope, company_rate, compute_lines, require_office,
};
use crate::domain::billing::{AllocationRelease, DocumentSeries};
use crate::domain::channel::{Channel, StaffFeed};
use crate::domain::events::{ChannelEvent, CreditNoteIssued};
use crate::domain::money::currency_scale;
use crate::domain::notification::{NotificationKind, SubjectType};
use crate::domain::role::CustomerScope;
use crate::domain::{CreditNoteId, CustomerId, InvoiceId, Money, PaymentAllocationId, Timestamp};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::notify::documents::format::money;
use crate::notify::mail::EmailAttachment;
use crate::notify::templates::Message;
use crate::services::{Lines, Principal, Services, text_field, today_in};
use crate::store::billing::LineRow;
use crate::store::billing::allocations::NewAllocation;
use crate::store::billing::credit_notes::NewCreditNote;

/// A credit note on an issued invoice.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct CreditNoteInput {
    /// Why (required, printed; up to 500 characters).
    #[schema(
        min_length = 1,
        max_length = 500,
        pattern = r"[^\s\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"
    )]
    pub reason: String,
    /// The lines credited; when empty, the invoice's lines (the whole
    /// invoice, allowed only while nothing was credited on it). The total
    /// may not exceed what is not credited yet.
    #[serde(default)]
    pub lines: Vec<LineBody>,
}

/// A credit note with its lines.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct CreditNoteDetail {
    pub credit_note: CreditNote,
    pub lines: Vec<DocumentLine>,
}

impl Services {
    /// Issues a credit note on a posted invoice (office roles).
    pub async fn issue_credit_note(
        &self,
        who: &Principal,
        invoice_id: InvoiceId,
        input: CreditNoteInput,
    ) -> AppResult<CreditNoteDetail> {
        require_office(who)?;
        let reason = text_field("reason", &input.reason, 500, true, Lines::Multi)?;
        let now = Timestamp::now();
        let mut tx = self.begin().await?;
        tx.lock_invoice(invoice_id).await?;
        let invoice = tx
            .invoice(CustomerScope::All, true, invoice_id)
            .await?
            .ok_or_else(|| AppError::not_found("invoice"))?;
        if invoice.number.is_none() || !invoice.state.is_posted() {
            return Err(AppError::new(
                ErrorCode::InvalidTransition,
                "only an issued invoice can be credited",
            ));
        }
        let settings = tx.company_settings().await?;
        let scale = currency_scale(&invoice.currency);
        let bodies = if input.lines.is_empty() {
            tx.invoice_lines(invoice_id)
                .await?
                .iter()
                .map(body_of)
                .collect()
        } else {
            input.lines
        };
        let (lines, totals) = compute_lines(&bodies, company_rate(&settings.tax_rate), scale)?;
        let creditable = invoice.settlement().creditable();
        if totals.total.0 > creditable.0 {
            return Err(AppError::new(
                ErrorCode::AmountExceedsBalance,
                format!(
                    "only {creditable} {} of the invoice is not credited yet",
                    invoice.currency
                ),
            )
            .field("lines"));
        }
        let series = DocumentSeries::CreditNote;
        let number = series.format(tx.next_number(series.counter()).await?);
        let id = CreditNoteId::new();
        let total = totals.total;
        tx.insert_credit_note(&NewCreditNote {
            id,
            number: number.clone(),
            invoice_id,
            customer_id: invoice.customer_id,
            currency: invoice.currency.clone(),
            issue_date: today_in(&settings.time_zone),
            reason,
            totals,
            lines,
            created_by: who.user.id,
            now,
        })
        .await?;
        let (_, settlement) = tx.refresh_invoice_settlement(invoice_id, now).await?;
        let mut to_free = settlement.over_allocated().0;
        if to_free > Decimal::ZERO {
            let mut live = tx.invoice_allocations(invoice_id, false).await?;
            live.reverse();
            for a in live {
                if to_free <= Decimal::ZERO {
                    break;
                }
                tx.release_allocation(a.id, AllocationRelease::CreditNote, who.user.id, now)
                    .await?;
                let kept = a.amount.0 - to_free;
                if kept > Decimal::ZERO {
                    tx.insert_allocation(&NewAllocation {
                        id: PaymentAllocationId::new(),
                        payment_id: a.payment_id,
                        invoice_id,
                        amount: Money(kept),
                        by: who.user.id,
                        now,
                    })
                    .await?;
                }
                to_free -= a.amount.0.min(to_free);
            }
        }
        let event = CreditNoteIssued {
            credit_note_id: id,
            number,
            invoice_id,
            customer_id: invoice.customer_id,
            total,
            by: who.actor(),
        };
        tx.publish(
            &Channel::Account(invoice.customer_id),
            ChannelEvent::CreditNoteIssued(event.clone()),
            Some(who.user.id),
        )
        .await?;
        tx.publish(
            &Channel::Staff(StaffFeed::Billing),
            ChannelEvent::CreditNoteIssued(event),
            Some(who.user.id),
        )
        .await?;
        self.settle_and_publish(&mut tx, who, invoice_id, "credit_note")
            .await?;
        // The customer's e-mail carries the credit note's PDF, typeset from
        // this transaction.
        let note = tx
            .credit_note(CustomerScope::All, id)
            .await?
            .ok_or_else(|| AppError::not_found("credit note"))?;
        let pdf = self.render_credit_note_pdf(tx.tx(), &note).await?;
        let attachment = EmailAttachment::new(&pdf.file_name, "application/pdf", &pdf.bytes);
        let total = money(note.total.0, &note.currency, self.language());
        let link = self.invoice_link(invoice_id);
        tx.notify_customer_attaching(
            note.customer_id,
            NotificationKind::CreditNoteIssued,
            &format!("credit_note_issued:{id}"),
            SubjectType::CreditNote,
            id.to_string(),
            std::slice::from_ref(&attachment),
            |name| Message::CreditNoteIssued {
                name: name.to_string(),
                credit_note_number: note.number.clone(),
                invoice_number: note.invoice_number.clone(),
                total: total.clone(),
                link: link.clone(),
            },
        )
        .await?;
        tx.commit().await?;
        self.get_credit_note(who, id).await
    }

    /// A credit note the caller may see, with its lines.
    pub async fn get_credit_note(
        &self,
        who: &Principal,
        id: CreditNoteId,
    ) -> AppResult<CreditNoteDetail> {
        let scope = billing_scope(who)?;
        let mut conn = self.store.conn().await?;
        let note = conn
            .credit_note(scope, id)
            .await?
            .ok_or_else(|| AppError::not_found("credit note"))?;
        let lines = conn.credit_note_lines(id).await?;
        Ok(CreditNoteDetail {
            credit_note: note.into(),
            lines: lines.into_iter().map(Into::into).collect(),
        })
    }

    /// Credit notes in scope, newest first: of one invoice or customer.
    pub async fn list_credit_notes(
        &self,
        who: &Principal,
        invoice: Option<InvoiceId>,
        customer: Option<CustomerId>,
        limit: i64,
    ) -> AppResult<Vec<CreditNote>> {
        let scope = billing_scope(who)?;
        Ok(self
            .store
            .conn()
            .await?
            .credit_notes(scope, invoice, customer, limit.clamp(1, 500))
            .await?
            .into_iter()
            .map(Into::into)
            .collect())
    }
}

/// An invoice line as a credit-note line (crediting the whole invoice).
fn body_of(l: &LineRow) -> LineBody {
    LineBody {
        kind: l.kind,
        description: l.description.clone(),
        quantity: l.quantity,
        unit_price: l.unit_price,
        discount_pct: Some(l.discount_pct),
        tax_exempt: l.tax_exempt,
        tax_rate: Some(l.tax_rate),
    }
}
