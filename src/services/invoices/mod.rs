//! Invoices, credit notes, payment allocations, the account statement and
//! receivables: the billing use-cases after the quote (issue 13).
//!
//! One file per sub-capability, each use-case one unit of work:
//!
//! - [`drafting`]: drafts from a service order, from an approved quote, or
//!   by hand; edit and delete drafts (an issued invoice is never deleted).
//! - [`issuing`]: issue (the `FAC-` number in the transaction, due date from
//!   the payment terms, the credit-limit check, the order's advances
//!   applied, reminders planned) and void.
//! - [`credit_notes`]: `NC-` notes that correct an issued invoice, partly or
//!   wholly; money a note leaves without a debt is the customer's credit.
//! - [`allocation`]: payments applied to invoices, payments registered on an
//!   invoice, and master's reversal releasing the allocations.
//! - [`statement`]: the bank-style statement and its aging.
//! - [`receivables`]: what is open, by age, and the overdue reminders.
//! - [`export`]: CSV and XLSX of the invoice search and the statement.
//! - [`documents`]: the PDFs (invoice, credit note, statement).
//!
//! Who: office roles (master, admin, operator) create, issue, credit and
//! allocate; a seller reads their own customers' invoices and statements, a
//! customer contact their own company's (the scope is applied in SQL);
//! technicians see no billing at all. Every change that someone may be
//! looking at is published on `account:<customer>` (the office invoice page,
//! the portal statement) and `staff:billing` (the office lists).

pub mod allocation;
pub mod credit_notes;
pub mod demo;
pub mod documents;
pub mod drafting;
pub mod export;
pub mod issuing;
pub mod receivables;
pub mod search;
pub mod statement;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::uow::UnitOfWork;
use super::{Lines, Principal, Services, text_field};
use crate::domain::billing::policy::is_office;
use crate::domain::billing::{
    InvalidLine, InvoiceState, LineInput, LineKind, LineTax, Percent, compute_document,
};
use crate::domain::channel::{Channel, StaffFeed};
use crate::domain::events::{ChannelEvent, InvoiceChanged, StatementChanged};
use crate::domain::role::CustomerScope;
use crate::domain::{
    CreditNoteId, CustomerId, InvoiceId, Money, OrderId, PaymentAllocationId, PaymentId, Quantity,
    QuoteVersionId, Role, Timestamp,
};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::store::billing::allocations::AllocationRow;
use crate::store::billing::credit_notes::CreditNoteRow;
use crate::store::billing::invoices::InvoiceRow;
use crate::store::billing::{LineRow, NewLine, StoredTotals};

// --- API types (never the store's rows) ------------------------------------------

/// An invoice as the API shows it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Invoice {
    pub id: InvoiceId,
    /// `FAC-000001`; absent while a draft.
    pub number: Option<String>,
    pub customer_id: CustomerId,
    pub customer_name: String,
    pub customer_tax_id: String,
    pub order_id: Option<OrderId>,
    pub order_number: Option<String>,
    pub quote_version_id: Option<QuoteVersionId>,
    pub state: InvoiceState,
    pub currency: String,
    pub issue_date: Option<NaiveDate>,
    pub due_date: Option<NaiveDate>,
    pub notes: String,
    pub terms: String,
    pub gross: Money,
    pub discount: Money,
    pub subtotal: Money,
    pub tax: Money,
    pub total: Money,
    /// Σ live payment allocations.
    pub allocated: Money,
    /// Σ credit notes.
    pub credited: Money,
    /// What is still owed.
    pub open: Money,
    pub created_by_name: String,
    pub created_at: Timestamp,
    pub issued_at: Option<Timestamp>,
    pub voided_at: Option<Timestamp>,
    pub void_reason: Option<String>,
}

impl From<InvoiceRow> for Invoice {
    fn from(r: InvoiceRow) -> Invoice {
        let open = if r.state.is_posted() {
            r.settlement().open()
        } else if r.state == InvoiceState::Draft {
            r.total
        } else {
            Money::ZERO
        };
        Invoice {
            id: r.id,
            number: r.number,
            customer_id: r.customer_id,
            customer_name: r.customer_name,
            customer_tax_id: r.customer_tax_id,
            order_id: r.order_id,
            order_number: r.order_number,
            quote_version_id: r.quote_version_id,
            state: r.state,
            currency: r.currency,
            issue_date: r.issue_date,
            due_date: r.due_date,
            notes: r.notes,
            terms: r.terms,
            gross: r.gross,
            discount: r.discount,
            subtotal: r.subtotal,
            tax: r.tax,
            total: r.total,
            allocated: r.allocated,
            credited: r.credited,
            open,
            created_by_name: r.created_by_name,
            created_at: r.created_at,
            issued_at: r.issued_at,
            voided_at: r.voided_at,
            void_reason: r.void_reason,
        }
    }
}

/// One line of an invoice or credit note.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct DocumentLine {
    pub position: i32,
    pub kind: LineKind,
    pub description: String,
    pub quantity: Quantity,
    pub unit_price: Money,
    pub discount_pct: Percent,
    pub tax_exempt: bool,
    pub tax_rate: Percent,
    pub net: Money,
    pub tax: Money,
    pub total: Money,
}

impl From<LineRow> for DocumentLine {
    fn from(l: LineRow) -> DocumentLine {
        DocumentLine {
            position: l.position,
            kind: l.kind,
            description: l.description,
            quantity: l.quantity,
            unit_price: l.unit_price,
            discount_pct: l.discount_pct,
            tax_exempt: l.tax_exempt,
            tax_rate: l.tax_rate,
            net: l.net,
            tax: l.tax,
            total: l.total,
        }
    }
}

/// A payment applied to an invoice.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct Allocation {
    pub id: PaymentAllocationId,
    pub payment_id: PaymentId,
    pub payment_number: String,
    pub paid_on: NaiveDate,
    pub invoice_id: InvoiceId,
    pub invoice_number: Option<String>,
    pub amount: Money,
    pub created_by_name: String,
    pub created_at: Timestamp,
    /// Set when it stopped counting (payment reversed, credit note, undone).
    pub released_at: Option<Timestamp>,
    pub release_reason: Option<crate::domain::billing::AllocationRelease>,
}

impl From<AllocationRow> for Allocation {
    fn from(a: AllocationRow) -> Allocation {
        Allocation {
            id: a.id,
            payment_id: a.payment_id,
            payment_number: a.payment_number,
            paid_on: a.paid_on,
            invoice_id: a.invoice_id,
            invoice_number: a.invoice_number,
            amount: a.amount,
            created_by_name: a.created_by_name,
            created_at: a.created_at,
            released_at: a.released_at,
            release_reason: a.release_reason,
        }
    }
}

/// A credit note as the API shows it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CreditNote {
    pub id: CreditNoteId,
    /// `NC-000001`.
    pub number: String,
    pub invoice_id: InvoiceId,
    pub invoice_number: String,
    pub customer_id: CustomerId,
    pub customer_name: String,
    pub currency: String,
    pub issue_date: NaiveDate,
    pub reason: String,
    pub subtotal: Money,
    pub tax: Money,
    pub total: Money,
    pub created_by_name: String,
    pub created_at: Timestamp,
}

impl From<CreditNoteRow> for CreditNote {
    fn from(n: CreditNoteRow) -> CreditNote {
        CreditNote {
            id: n.id,
            number: n.number,
            invoice_id: n.invoice_id,
            invoice_number: n.invoice_number,
            customer_id: n.customer_id,
            customer_name: n.customer_name,
            currency: n.currency,
            issue_date: n.issue_date,
            reason: n.reason,
            subtotal: n.subtotal,
            tax: n.tax,
            total: n.total,
            created_by_name: n.created_by_name,
            created_at: n.created_at,
        }
    }
}

/// The credit-limit warning the office gets when an invoice takes the
/// customer over their limit (it goes ahead).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct CreditWarning {
    pub limit: Money,
    /// What the customer would owe with this invoice.
    pub exposure: Money,
}

/// An invoice with its lines, allocations and credit notes.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct InvoiceDetail {
    pub invoice: Invoice,
    pub lines: Vec<DocumentLine>,
    /// Live and released (history) allocations, oldest first.
    pub allocations: Vec<Allocation>,
    pub credit_notes: Vec<CreditNote>,
    /// Present when issuing took the customer over their credit limit.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub credit_warning: Option<CreditWarning>,
}

/// One line of a document as sent by clients.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct LineBody {
    #[serde(default = "service_kind")]
    pub kind: LineKind,
    /// 1 to 500 characters.
    #[schema(
        min_length = 1,
        max_length = 500,
        pattern = r"[^\s\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"
    )]
    pub description: String,
    /// Greater than zero, at most 1,000,000, at most 3 decimals.
    #[schema(value_type = String, pattern = r"^([1-9][0-9]{0,5}(\.[0-9]{1,3})?|1000000(\.0{1,3})?|0\.([1-9][0-9]{0,2}|0[1-9][0-9]?|00[1-9]))$")]
    pub quantity: Quantity,
    /// Not negative, at most the currency's decimals.
    #[schema(value_type = String, pattern = r"^[0-9]{1,12}(\.[0-9]{1,2})?$")]
    pub unit_price: Money,
    /// 0–100 (default 0).
    #[serde(default)]
    #[schema(value_type = Option<String>, pattern = r"^(100(\.0{1,2})?|[0-9]{1,2}(\.[0-9]{1,2})?)$")]
    pub discount_pct: Option<Percent>,
    /// Exempt from tax ("exento").
    #[serde(default)]
    pub tax_exempt: bool,
    /// 0–100; the company's rate when absent.
    #[serde(default)]
    #[schema(value_type = Option<String>, pattern = r"^(100(\.0{1,2})?|[0-9]{1,2}(\.[0-9]{1,2})?)$")]
    pub tax_rate: Option<Percent>,
}

fn service_kind() -> LineKind {
    LineKind::Service
}

// --- shared helpers -----------------------------------------------------------------

/// Longest line description, notes and reasons.
const MAX_DESCRIPTION: usize = 500;
const MAX_NOTES: usize = 4000;

/// Office roles only (create, issue, credit, allocate).
pub(crate) fn require_office(who: &Principal) -> AppResult<()> {
    if is_office(who.user.role) {
        Ok(())
    } else {
        Err(AppError::forbidden())
    }
}

/// Who may read billing at all: everyone but technicians (and contacts
/// without a company). Returns the scope the store applies.
pub(crate) fn billing_scope(who: &Principal) -> AppResult<CustomerScope> {
    if who.user.role == Role::Technician {
        return Err(AppError::forbidden());
    }
    match who.customer_scope() {
        CustomerScope::Nothing => Err(AppError::forbidden()),
        scope => Ok(scope),
    }
}

/// The company's tax rate as a percentage (the default of every line).
pub(crate) fn company_rate(text: &str) -> Percent {
    Percent::parse(text.trim()).unwrap_or(Percent::ZERO)
}

/// Parses and computes the lines of a document: each figure from
/// `domain::billing::lines`, typed problems naming the field.
pub(crate) fn compute_lines(
    lines: &[LineBody],
    default_rate: Percent,
    scale: u32,
) -> AppResult<(Vec<NewLine>, StoredTotals)> {
    let mut inputs = Vec::with_capacity(lines.len());
    let mut descriptions = Vec::with_capacity(lines.len());
    for (i, l) in lines.iter().enumerate() {
        let at = |f: &str| format!("lines[{i}].{f}");
        let description = text_field(
            "description",
            &l.description,
            MAX_DESCRIPTION,
            true,
            Lines::Single,
        )
        .map_err(|e| e.field(at("description")))?;
        let quantity = l
            .quantity
            .check()
            .map_err(|e| AppError::validation("quantity", e.to_string()).field(at("quantity")))?;
        let discount = l
            .discount_pct
            .unwrap_or(Percent::ZERO)
            .check()
            .map_err(|e| {
                AppError::validation("discount_pct", e.to_string()).field(at("discount_pct"))
            })?;
        let tax = if l.tax_exempt {
            LineTax::Exempt
        } else {
            LineTax::Rate(l.tax_rate.unwrap_or(default_rate).check().map_err(|e| {
                AppError::validation("tax_rate", e.to_string()).field(at("tax_rate"))
            })?)
        };
        descriptions.push((l.kind, description));
        inputs.push(LineInput {
            quantity,
            unit_price: l.unit_price,
            discount,
            tax,
        });
    }
    let (amounts, totals) = compute_document(&inputs, scale).map_err(line_error)?;
    let stored = StoredTotals::new(&totals, scale).ok_or_else(|| {
        AppError::new(ErrorCode::InvalidMoney, "the total is too large").field("lines")
    })?;
    let lines = inputs
        .into_iter()
        .zip(amounts)
        .zip(descriptions)
        .map(|((input, amounts), (kind, description))| NewLine {
            kind,
            item_id: None,
            description,
            input,
            amounts,
        })
        .collect();
    Ok((lines, stored))
}

pub(crate) fn line_error(e: InvalidLine) -> AppError {
    let code = match e {
        InvalidLine::NoLines | InvalidLine::TooManyLines => ErrorCode::ValidationFailed,
        _ => ErrorCode::InvalidMoney,
    };
    AppError::new(code, e.to_string()).field(e.field())
}

pub(crate) fn notes_field(field: &'static str, value: &str) -> AppResult<String> {
    text_field(field, value, MAX_NOTES, false, Lines::Multi)
}

impl Services {
    /// Whether `who` may see the customer's account (invoices, statement).
    pub(crate) async fn may_see_account(
        &self,
        who: &Principal,
        customer: CustomerId,
    ) -> AppResult<bool> {
        let Ok(scope) = billing_scope(who) else {
            return Ok(false);
        };
        Ok(self
            .store
            .conn()
            .await?
            .billing_customer(scope, customer)
            .await?
            .is_some())
    }

    /// Publishes an invoice change on the customer's account and the office
    /// feed, and tells the account's watchers the statement moved.
    pub(crate) async fn stage_invoice_change(
        &self,
        tx: &mut UnitOfWork<'_>,
        who: &Principal,
        invoice: &InvoiceRow,
        kind: fn(InvoiceChanged) -> ChannelEvent,
        cause: &str,
    ) -> AppResult<()> {
        let change = InvoiceChanged {
            invoice_id: invoice.id,
            number: invoice.number.clone(),
            customer_id: invoice.customer_id,
            state: invoice.state,
            total: invoice.total,
            allocated: invoice.allocated,
            credited: invoice.credited,
            open: if invoice.state.is_posted() {
                invoice.settlement().open()
            } else {
                Money::ZERO
            },
            by: who.actor(),
        };
        tx.publish(
            &Channel::Account(invoice.customer_id),
            kind(change.clone()),
            Some(who.user.id),
        )
        .await?;
        tx.publish(
            &Channel::Staff(StaffFeed::Billing),
            kind(change),
            Some(who.user.id),
        )
        .await?;
        self.stage_statement_change(tx, who, invoice.customer_id, cause)
            .await
    }

    /// Tells the customer's account watchers (office statement, portal) that
    /// the statement moved, with the new balance.
    pub(crate) async fn stage_statement_change(
        &self,
        tx: &mut UnitOfWork<'_>,
        who: &Principal,
        customer: CustomerId,
        cause: &str,
    ) -> AppResult<()> {
        let settings = tx.company_settings().await?;
        let tz = super::company_tz(&settings.time_zone);
        let today = super::today_in(&settings.time_zone);
        let movements = tx.account_movements(customer, today, tz).await?;
        let balance =
            crate::domain::billing::statement::build(movements, None, today).closing_balance;
        tx.publish(
            &Channel::Account(customer),
            ChannelEvent::StatementChanged(StatementChanged {
                customer_id: customer,
                balance,
                cause: cause.to_string(),
                by: who.actor(),
            }),
            Some(who.user.id),
        )
        .await
    }

    /// An invoice the caller may see (drafts for the office only);
    /// `not_found` otherwise.
    pub(crate) async fn visible_invoice(
        &self,
        who: &Principal,
        id: InvoiceId,
    ) -> AppResult<InvoiceRow> {
        let scope = billing_scope(who)?;
        self.store
            .conn()
            .await?
            .invoice(scope, is_office(who.user.role), id)
            .await?
            .ok_or_else(|| AppError::not_found("invoice"))
    }

    /// The invoice with its lines, allocations and credit notes.
    pub async fn get_invoice(&self, who: &Principal, id: InvoiceId) -> AppResult<InvoiceDetail> {
        let invoice = self.visible_invoice(who, id).await?;
        self.invoice_detail(who, invoice, None).await
    }

    pub(crate) async fn invoice_detail(
        &self,
        who: &Principal,
        invoice: InvoiceRow,
        credit_warning: Option<CreditWarning>,
    ) -> AppResult<InvoiceDetail> {
        let scope = billing_scope(who)?;
        let mut conn = self.store.conn().await?;
        let lines = conn.invoice_lines(invoice.id).await?;
        let allocations = conn.invoice_allocations(invoice.id, true).await?;
        let notes = conn
            .credit_notes(scope, Some(invoice.id), None, 500)
            .await?;
        Ok(InvoiceDetail {
            invoice: invoice.into(),
            lines: lines.into_iter().map(Into::into).collect(),
            allocations: allocations.into_iter().map(Into::into).collect(),
            credit_notes: notes.into_iter().map(Into::into).collect(),
            credit_warning,
        })
    }
}
