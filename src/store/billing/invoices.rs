//! Invoices: drafts (no number, editable, deletable) and issued invoices
//! (numbered, never edited; corrected by credit notes).
//!
//! `allocated` and `credited` are kept on the invoice row with the
//! allocations and credit notes that make them, in the same transaction
//! ([`Conn::refresh_invoice_settlement`] is the one place that recomputes
//! them and the state that follows), so lists filter by state and overdue
//! without adding anything up.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::super::customers::{like_pattern, scope_binds};
use super::super::{Conn, on_conn};
use super::{LineRow, LineTable, NewLine, StoredTotals, minor_units};
use crate::domain::billing::lines::{LineKind, round_money};
use crate::domain::billing::{InvoiceState, Settlement};
use crate::domain::money::currency_scale;
use crate::domain::role::CustomerScope;
use crate::domain::{CustomerId, InvoiceId, Money, OrderId, QuoteVersionId, Timestamp, UserId};

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct InvoiceRow {
    pub id: InvoiceId,
    /// `None` while a draft.
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
    pub allocated: Money,
    pub credited: Money,
    pub created_by: UserId,
    pub created_by_name: String,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub issued_at: Option<Timestamp>,
    pub issued_by: Option<UserId>,
    pub voided_at: Option<Timestamp>,
    pub voided_on: Option<NaiveDate>,
    pub voided_by: Option<UserId>,
    pub void_reason: Option<String>,
}

impl InvoiceRow {
    pub fn settlement(&self) -> Settlement {
        Settlement {
            total: self.total,
            allocated: self.allocated,
            credited: self.credited,
        }
    }
}

const INVOICE_COLUMNS: &str = "i.id, i.number, i.customer_id, cu.name AS customer_name,
    cu.tax_id AS customer_tax_id, i.order_id, o.number AS order_number, i.quote_version_id,
    i.state, i.currency, i.issue_date, i.due_date, i.notes, i.terms, i.gross, i.discount,
    i.subtotal, i.tax, i.total, i.allocated, i.credited, i.created_by,
    u.name AS created_by_name, i.created_at, i.updated_at, i.issued_at, i.issued_by,
    i.voided_at, i.voided_on, i.voided_by, i.void_reason";

const INVOICE_FROM: &str = "invoices i
    JOIN customers cu ON cu.id = i.customer_id
    LEFT JOIN service_orders o ON o.id = i.order_id
    JOIN users u ON u.id = i.created_by";

/// A new draft invoice.
#[derive(Debug, Clone)]
pub struct NewInvoice {
    pub id: InvoiceId,
    pub customer_id: CustomerId,
    pub order_id: Option<OrderId>,
    pub quote_version_id: Option<QuoteVersionId>,
    pub currency: String,
    pub notes: String,
    pub terms: String,
    pub totals: StoredTotals,
    pub lines: Vec<NewLine>,
    pub created_by: UserId,
    pub now: Timestamp,
}

/// The editable content of a draft.
#[derive(Debug, Clone)]
pub struct InvoiceDraft {
    pub notes: String,
    pub terms: String,
    pub totals: StoredTotals,
    pub lines: Vec<NewLine>,
    pub now: Timestamp,
}

/// What issuing writes.
#[derive(Debug, Clone)]
pub struct InvoiceIssue {
    pub number: String,
    pub issue_date: NaiveDate,
    pub due_date: NaiveDate,
    pub by: UserId,
    pub now: Timestamp,
}

/// The invoice search ("por cliente, estado o fecha de inicio", and more).
#[derive(Debug, Clone)]
pub struct InvoiceFilter {
    pub scope: CustomerScope,
    /// Customers never see drafts.
    pub include_drafts: bool,
    pub customer_id: Option<CustomerId>,
    pub order_id: Option<OrderId>,
    pub state: Option<InvoiceState>,
    pub issued_from: Option<NaiveDate>,
    pub issued_to: Option<NaiveDate>,
    pub due_from: Option<NaiveDate>,
    pub due_to: Option<NaiveDate>,
    /// Total between these, in minor units (cents).
    pub total_min_minor: Option<i64>,
    pub total_max_minor: Option<i64>,
    /// Open (issued or partially paid) and due before this day.
    pub overdue_on: Option<NaiveDate>,
    /// Matches the number, the order number or the customer.
    pub q: Option<String>,
}

impl InvoiceFilter {
    pub fn new(scope: CustomerScope) -> InvoiceFilter {
        InvoiceFilter {
            scope,
            include_drafts: false,
            customer_id: None,
            order_id: None,
            state: None,
            issued_from: None,
            issued_to: None,
            due_from: None,
            due_to: None,
            total_min_minor: None,
            total_max_minor: None,
            overdue_on: None,
            q: None,
        }
    }
}

/// Position after the last row of a page (newest first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvoiceCursor {
    pub created_at: Timestamp,
    pub id: InvoiceId,
}

/// An open invoice as receivables and allocation see it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct OpenInvoice {
    pub id: InvoiceId,
    pub number: String,
    pub customer_id: CustomerId,
    pub customer_name: String,
    pub issue_date: NaiveDate,
    pub due_date: NaiveDate,
    pub total: Money,
    pub allocated: Money,
    pub credited: Money,
}

impl OpenInvoice {
    pub fn settlement(&self) -> Settlement {
        Settlement {
            total: self.total,
            allocated: self.allocated,
            credited: self.credited,
        }
    }
}

/// Σ of the lines of each kind (service, part) in hundredths, `None` for a
/// kind without lines: what the invoice keeps for the revenue report's
/// sums (migration 0031). Exact: a line's total has at most the currency's
/// decimals, two at most.
fn lines_cents(lines: &[NewLine]) -> Result<(Option<i64>, Option<i64>), sqlx::Error> {
    let (mut service, mut part) = (None, None);
    for l in lines {
        let cents = minor_units(l.amounts.total, 2)
            .ok_or_else(|| sqlx::Error::Protocol("a line total does not fit cents".into()))?;
        let sum = match l.kind {
            LineKind::Service => &mut service,
            LineKind::Part => &mut part,
        };
        *sum = Some(sum.unwrap_or(0) + cents);
    }
    Ok((service, part))
}

impl Conn {
    #[tracing::instrument(skip_all)]
    pub async fn insert_invoice(&mut self, i: &NewInvoice) -> Result<(), sqlx::Error> {
        let t = &i.totals;
        let zero = Money(round_money(Decimal::ZERO, currency_scale(&i.currency)));
        let (service, part) = lines_cents(&i.lines)?;
        on_conn!(self, c => sqlx::query(
            "INSERT INTO invoices (id, number, customer_id, order_id, quote_version_id, state,
                currency, issue_date, due_date, notes, terms, gross, discount, subtotal, tax,
                total, total_minor, allocated, credited, created_by, created_at, updated_at,
                issued_at, issued_by, voided_at, voided_on, voided_by, void_reason,
                lines_service_cents, lines_part_cents)
             VALUES ($1, NULL, $2, $3, $4, $5, $6, NULL, NULL, $7, $8, $9, $10, $11, $12, $13,
                     $14, $15, $15, $16, $17, $17, NULL, NULL, NULL, NULL, NULL, NULL, $18, $19)")
            .bind(i.id).bind(i.customer_id).bind(i.order_id).bind(i.quote_version_id)
            .bind(InvoiceState::Draft).bind(&i.currency).bind(&i.notes).bind(&i.terms)
            .bind(t.gross).bind(t.discount).bind(t.subtotal).bind(t.tax).bind(t.total)
            .bind(t.total_minor).bind(zero).bind(i.created_by).bind(i.now)
            .bind(service).bind(part)
            .execute(c).await.map(|_| ()))?;
        self.insert_lines(LineTable::Invoice, i.id.0, &i.lines)
            .await
    }

    /// Rewrites a draft; `false` (nothing changed) unless it is a draft.
    #[tracing::instrument(skip_all)]
    pub async fn update_invoice_draft(
        &mut self,
        id: InvoiceId,
        d: &InvoiceDraft,
    ) -> Result<bool, sqlx::Error> {
        let t = &d.totals;
        let (service, part) = lines_cents(&d.lines)?;
        let n = on_conn!(self, c => sqlx::query(
            "UPDATE invoices SET notes = $2, terms = $3, gross = $4, discount = $5, subtotal = $6,
                tax = $7, total = $8, total_minor = $9, updated_at = $10,
                lines_service_cents = $11, lines_part_cents = $12
             WHERE id = $1 AND state = 'draft'")
            .bind(id).bind(&d.notes).bind(&d.terms).bind(t.gross).bind(t.discount)
            .bind(t.subtotal).bind(t.tax).bind(t.total).bind(t.total_minor).bind(d.now)
            .bind(service).bind(part)
            .execute(c).await.map(|r| r.rows_affected()))?;
        if n != 1 {
            return Ok(false);
        }
        self.delete_lines(LineTable::Invoice, id.0).await?;
        self.insert_lines(LineTable::Invoice, id.0, &d.lines)
            .await?;
        Ok(true)
    }

    /// Deletes a draft and its lines; `false` (nothing deleted) unless it is
    /// a draft. Issued invoices are never deleted.
    #[tracing::instrument(skip_all)]
    pub async fn delete_invoice_draft(&mut self, id: InvoiceId) -> Result<bool, sqlx::Error> {
        on_conn!(self, c => sqlx::query(
            "DELETE FROM invoice_lines WHERE invoice_id = $1
               AND EXISTS (SELECT 1 FROM invoices WHERE id = $1 AND state = 'draft')")
            .bind(id).execute(c).await.map(|_| ()))?;
        let n = on_conn!(self, c => sqlx::query(
            "DELETE FROM invoices WHERE id = $1 AND state = 'draft'")
            .bind(id).execute(c).await.map(|r| r.rows_affected()))?;
        Ok(n == 1)
    }

    /// Issues a draft with its number (taken in this transaction); `false`
    /// (nothing changed) when it is not a draft any more — someone issued it
    /// first, and rolling back gives the number back.
    #[tracing::instrument(skip_all)]
    pub async fn issue_invoice(
        &mut self,
        id: InvoiceId,
        issue: &InvoiceIssue,
    ) -> Result<bool, sqlx::Error> {
        let n = on_conn!(self, c => sqlx::query(
            "UPDATE invoices SET number = $2, state = 'issued', issue_date = $3, due_date = $4,
                issued_by = $5, issued_at = $6, updated_at = $6
             WHERE id = $1 AND state = 'draft'")
            .bind(id).bind(&issue.number).bind(issue.issue_date).bind(issue.due_date)
            .bind(issue.by).bind(issue.now)
            .execute(c).await.map(|r| r.rows_affected()))?;
        Ok(n == 1)
    }

    /// Voids an issued invoice with nothing settled; `false` otherwise.
    #[tracing::instrument(skip_all)]
    pub async fn void_invoice(
        &mut self,
        id: InvoiceId,
        reason: &str,
        by: UserId,
        on: NaiveDate,
        now: Timestamp,
    ) -> Result<bool, sqlx::Error> {
        let n = on_conn!(self, c => sqlx::query(
            "UPDATE invoices SET state = 'void', voided_at = $4, voided_on = $5, voided_by = $3,
                void_reason = $2, updated_at = $4
             WHERE id = $1 AND state = 'issued'
               AND NOT EXISTS (SELECT 1 FROM payment_allocations a
                               WHERE a.invoice_id = $1 AND a.released_at IS NULL)
               AND NOT EXISTS (SELECT 1 FROM credit_notes n WHERE n.invoice_id = $1)")
            .bind(id).bind(reason).bind(by).bind(now).bind(on)
            .execute(c).await.map(|r| r.rows_affected()))?;
        Ok(n == 1)
    }

    /// THE recomputation of an invoice's settlement: adds up its live
    /// allocations and its credit notes (in Rust), stores them and the state
    /// that follows. Returns the state before and the new settlement. Drafts
    /// and void invoices are left alone.
    #[tracing::instrument(skip_all)]
    pub async fn refresh_invoice_settlement(
        &mut self,
        id: InvoiceId,
        now: Timestamp,
    ) -> Result<(InvoiceState, Settlement), sqlx::Error> {
        let (state, total, currency): (InvoiceState, Money, String) = on_conn!(self, c =>
            sqlx::query_as("SELECT state, total, currency FROM invoices WHERE id = $1")
            .bind(id).fetch_one(c).await)?;
        let allocations: Vec<Money> = on_conn!(self, c => sqlx::query_scalar(
            "SELECT amount FROM payment_allocations WHERE invoice_id = $1 AND released_at IS NULL")
            .bind(id).fetch_all(c).await)?;
        let credits: Vec<Money> = on_conn!(self, c => sqlx::query_scalar(
            "SELECT total FROM credit_notes WHERE invoice_id = $1")
            .bind(id).fetch_all(c).await)?;
        // Exact sums, shown with the currency's decimals ("0.00", not "0").
        let scale = currency_scale(&currency);
        let sum = |ms: Vec<Money>| Money(round_money(ms.iter().map(|m| m.0).sum(), scale));
        let settlement = Settlement {
            total,
            allocated: sum(allocations),
            credited: sum(credits),
        };
        if state.is_posted() {
            on_conn!(self, c => sqlx::query(
                "UPDATE invoices SET allocated = $2, credited = $3, state = $4, updated_at = $5
                 WHERE id = $1")
                .bind(id).bind(settlement.allocated).bind(settlement.credited)
                .bind(settlement.state()).bind(now)
                .execute(c).await.map(|_| ()))?;
        }
        Ok((state, settlement))
    }

    /// Locks the invoice's row until the transaction ends (PostgreSQL;
    /// SQLite write transactions already run one at a time).
    #[tracing::instrument(skip_all)]
    pub async fn lock_invoice(&mut self, id: InvoiceId) -> Result<(), sqlx::Error> {
        match self {
            Conn::Postgres(handle) => {
                sqlx::query("SELECT 1 FROM invoices WHERE id = $1 FOR UPDATE")
                    .bind(id)
                    .execute(handle.conn())
                    .await
                    .map(|_| ())
            }
            Conn::Sqlite(_) => Ok(()),
        }
    }

    /// An invoice in the caller's scope (drafts only when `include_drafts`).
    #[tracing::instrument(skip_all)]
    pub async fn invoice(
        &mut self,
        scope: CustomerScope,
        include_drafts: bool,
        id: InvoiceId,
    ) -> Result<Option<InvoiceRow>, sqlx::Error> {
        let (all, owner, company) = scope_binds(scope);
        let sql = format!(
            "SELECT {INVOICE_COLUMNS} FROM {INVOICE_FROM}
             WHERE ($1 OR cu.owner_id = $2 OR cu.id = $3) AND ($4 OR i.state <> 'draft')
               AND i.id = $5"
        );
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(all).bind(owner).bind(company).bind(include_drafts).bind(id)
            .fetch_optional(c).await)
    }

    /// One page of the invoice search, newest first.
    #[tracing::instrument(skip_all)]
    pub async fn invoices_page(
        &mut self,
        f: &InvoiceFilter,
        after: Option<&InvoiceCursor>,
        limit: i64,
    ) -> Result<Vec<InvoiceRow>, sqlx::Error> {
        let (all, owner, company) = scope_binds(f.scope);
        let sql = format!(
            "SELECT {INVOICE_COLUMNS} FROM {INVOICE_FROM}
             WHERE ($1 OR cu.owner_id = $2 OR cu.id = $3) AND ($4 OR i.state <> 'draft')
               AND ($5 IS NULL OR i.customer_id = $5)
               AND ($6 IS NULL OR i.order_id = $6)
               AND ($7 IS NULL OR i.state = $7)
               AND ($8 IS NULL OR i.issue_date >= $8)
               AND ($9 IS NULL OR i.issue_date <= $9)
               AND ($10 IS NULL OR i.due_date >= $10)
               AND ($11 IS NULL OR i.due_date <= $11)
               AND ($12 IS NULL OR i.total_minor >= $12)
               AND ($13 IS NULL OR i.total_minor <= $13)
               AND ($14 IS NULL OR (i.state IN ('issued', 'partially_paid') AND i.due_date < $14))
               AND ($15 IS NULL OR LOWER(i.number) LIKE $15 ESCAPE '\\'
                    OR LOWER(o.number) LIKE $15 ESCAPE '\\' OR cu.search_text LIKE $15 ESCAPE '\\')
               AND ($16 IS NULL OR i.created_at < $16 OR (i.created_at = $16 AND i.id < $17))
             ORDER BY i.created_at DESC, i.id DESC LIMIT $18"
        );
        let q = f.q.as_deref().map(like_pattern);
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(all).bind(owner).bind(company).bind(f.include_drafts)
            .bind(f.customer_id).bind(f.order_id).bind(f.state)
            .bind(f.issued_from).bind(f.issued_to).bind(f.due_from).bind(f.due_to)
            .bind(f.total_min_minor).bind(f.total_max_minor).bind(f.overdue_on)
            .bind(q.as_deref())
            .bind(after.map(|a| a.created_at)).bind(after.map(|a| a.id)).bind(limit)
            .fetch_all(c).await)
    }

    /// The lines of an invoice, in order.
    #[tracing::instrument(skip_all)]
    pub async fn invoice_lines(&mut self, id: InvoiceId) -> Result<Vec<LineRow>, sqlx::Error> {
        self.lines_of(LineTable::Invoice, id.0).await
    }

    /// The open (issued or partially paid) invoices in scope, oldest due
    /// first; of one customer when given. Receivables, aging and allocation
    /// read this.
    #[tracing::instrument(skip_all)]
    pub async fn open_invoices(
        &mut self,
        scope: CustomerScope,
        customer: Option<CustomerId>,
    ) -> Result<Vec<OpenInvoice>, sqlx::Error> {
        let (all, owner, company) = scope_binds(scope);
        on_conn!(self, c => sqlx::query_as(
            "SELECT i.id, i.number, i.customer_id, cu.name AS customer_name, i.issue_date,
                    i.due_date, i.total, i.allocated, i.credited
             FROM invoices i JOIN customers cu ON cu.id = i.customer_id
             WHERE ($1 OR cu.owner_id = $2 OR cu.id = $3)
               AND ($4 IS NULL OR i.customer_id = $4)
               AND i.state IN ('issued', 'partially_paid')
             ORDER BY i.due_date, i.issue_date, i.id")
            .bind(all).bind(owner).bind(company).bind(customer).fetch_all(c).await)
    }
}
