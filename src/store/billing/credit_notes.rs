//! Credit notes: issued at once with their number (`NC-000001`), each
//! referring to one issued invoice it corrects, in part or whole.

use chrono::NaiveDate;

use super::super::customers::scope_binds;
use super::super::{Conn, on_conn};
use super::{LineRow, LineTable, NewLine, StoredTotals};
use crate::domain::role::CustomerScope;
use crate::domain::{CreditNoteId, CustomerId, InvoiceId, Money, Timestamp, UserId};

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct CreditNoteRow {
    pub id: CreditNoteId,
    pub number: String,
    pub invoice_id: InvoiceId,
    pub invoice_number: String,
    pub customer_id: CustomerId,
    pub customer_name: String,
    pub customer_tax_id: String,
    pub currency: String,
    pub issue_date: NaiveDate,
    pub reason: String,
    pub gross: Money,
    pub discount: Money,
    pub subtotal: Money,
    pub tax: Money,
    pub total: Money,
    pub created_by: UserId,
    pub created_by_name: String,
    pub created_at: Timestamp,
}

const NOTE_COLUMNS: &str = "n.id, n.number, n.invoice_id, i.number AS invoice_number,
    n.customer_id, cu.name AS customer_name, cu.tax_id AS customer_tax_id, n.currency,
    n.issue_date, n.reason, n.gross, n.discount, n.subtotal, n.tax, n.total, n.created_by,
    u.name AS created_by_name, n.created_at";

const NOTE_FROM: &str = "credit_notes n
    JOIN invoices i ON i.id = n.invoice_id
    JOIN customers cu ON cu.id = n.customer_id
    JOIN users u ON u.id = n.created_by";

#[derive(Debug, Clone)]
pub struct NewCreditNote {
    pub id: CreditNoteId,
    pub number: String,
    pub invoice_id: InvoiceId,
    pub customer_id: CustomerId,
    pub currency: String,
    pub issue_date: NaiveDate,
    pub reason: String,
    pub totals: StoredTotals,
    pub lines: Vec<NewLine>,
    pub created_by: UserId,
    pub now: Timestamp,
}

impl Conn {
    /// Stores a credit note and its lines. The caller then refreshes the
    /// invoice's settlement in the same transaction.
    #[tracing::instrument(skip_all)]
    pub async fn insert_credit_note(&mut self, n: &NewCreditNote) -> Result<(), sqlx::Error> {
        let t = &n.totals;
        on_conn!(self, c => sqlx::query(
            "INSERT INTO credit_notes (id, number, invoice_id, customer_id, currency, issue_date,
                reason, gross, discount, subtotal, tax, total, total_minor, created_by, created_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15)")
            .bind(n.id).bind(&n.number).bind(n.invoice_id).bind(n.customer_id).bind(&n.currency)
            .bind(n.issue_date).bind(&n.reason).bind(t.gross).bind(t.discount).bind(t.subtotal)
            .bind(t.tax).bind(t.total).bind(t.total_minor).bind(n.created_by).bind(n.now)
            .execute(c).await.map(|_| ()))?;
        self.insert_lines(LineTable::CreditNote, n.id.0, &n.lines)
            .await
    }

    /// A credit note in the caller's scope.
    #[tracing::instrument(skip_all)]
    pub async fn credit_note(
        &mut self,
        scope: CustomerScope,
        id: CreditNoteId,
    ) -> Result<Option<CreditNoteRow>, sqlx::Error> {
        let (all, owner, company) = scope_binds(scope);
        let sql = format!(
            "SELECT {NOTE_COLUMNS} FROM {NOTE_FROM}
             WHERE ($1 OR cu.owner_id = $2 OR cu.id = $3) AND n.id = $4"
        );
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(all).bind(owner).bind(company).bind(id).fetch_optional(c).await)
    }

    /// Credit notes in scope, newest first: of one invoice or one customer
    /// when given, at most `limit`.
    #[tracing::instrument(skip_all)]
    pub async fn credit_notes(
        &mut self,
        scope: CustomerScope,
        invoice: Option<InvoiceId>,
        customer: Option<CustomerId>,
        limit: i64,
    ) -> Result<Vec<CreditNoteRow>, sqlx::Error> {
        let (all, owner, company) = scope_binds(scope);
        let sql = format!(
            "SELECT {NOTE_COLUMNS} FROM {NOTE_FROM}
             WHERE ($1 OR cu.owner_id = $2 OR cu.id = $3)
               AND ($4 IS NULL OR n.invoice_id = $4) AND ($5 IS NULL OR n.customer_id = $5)
             ORDER BY n.created_at DESC, n.id DESC LIMIT $6"
        );
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(all).bind(owner).bind(company).bind(invoice).bind(customer).bind(limit)
            .fetch_all(c).await)
    }

    /// The lines of a credit note, in order.
    #[tracing::instrument(skip_all)]
    pub async fn credit_note_lines(
        &mut self,
        id: CreditNoteId,
    ) -> Result<Vec<LineRow>, sqlx::Error> {
        self.lines_of(LineTable::CreditNote, id.0).await
    }
}
