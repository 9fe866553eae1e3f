//! Billing SQL: one module per aggregate (quotes, invoices, credit notes,
//! payment allocations, the statement, reminders, settings).
//!
//! The store does no arithmetic: every amount it writes was computed by
//! `domain::billing::lines` (lines and totals) or `domain::billing::invoice`
//! (settlements) and is stored as is — `NUMERIC` on PostgreSQL, text with the
//! currency's decimals on SQLite — so both backends give identical figures.
//! Sums are made in Rust from fetched rows, never with `SUM()` (SQLite would
//! add text as floats).
//!
//! Numbers (`PRE-`, `FAC-`, `NC-`) are taken with `Conn::next_number` inside
//! the transaction that creates or issues the document; issuing is a
//! compare-and-set (`WHERE state = 'draft'`), so of two concurrent issues of
//! one draft exactly one wins, and two drafts issued at once get consecutive
//! numbers: the counter's row lock queues them.
//!
//! Row types are the store's own (no OpenAPI schema): the API types live in the
//! services and routes.

pub mod accounts;
pub mod allocations;
pub mod credit_notes;
pub mod invoices;
pub mod quotes;
pub mod reminders;
pub mod settings;
pub mod statement;

use uuid::Uuid;

use super::{Conn, on_conn};
use crate::domain::billing::{DocumentTotals, LineAmounts, LineInput, LineKind, LineTax, Percent};
use crate::domain::{Money, Quantity};

/// One stored line of a quote version, an invoice or a credit note.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct LineRow {
    pub id: Uuid,
    pub position: i32,
    pub kind: LineKind,
    pub item_id: Option<Uuid>,
    pub description: String,
    pub quantity: Quantity,
    pub unit_price: Money,
    pub discount_pct: Percent,
    pub tax_exempt: bool,
    pub tax_rate: Percent,
    pub gross: Money,
    pub discount: Money,
    pub net: Money,
    pub tax: Money,
    pub total: Money,
}

impl LineRow {
    /// The line as the arithmetic takes it (to copy it onto another document).
    pub fn input(&self) -> LineInput {
        LineInput {
            quantity: self.quantity,
            unit_price: self.unit_price,
            discount: self.discount_pct,
            tax: LineTax::from_columns(self.tax_exempt, self.tax_rate),
        }
    }
}

/// A line to store: what it says and what the domain computed for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewLine {
    pub kind: LineKind,
    pub item_id: Option<Uuid>,
    pub description: String,
    pub input: LineInput,
    pub amounts: LineAmounts,
}

/// Which document a set of lines belongs to (a closed set, so table names
/// spliced into SQL never come from input).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum LineTable {
    Quote,
    Invoice,
    CreditNote,
}

impl LineTable {
    fn table(self) -> &'static str {
        match self {
            LineTable::Quote => "quote_lines",
            LineTable::Invoice => "invoice_lines",
            LineTable::CreditNote => "credit_note_lines",
        }
    }

    fn parent(self) -> &'static str {
        match self {
            LineTable::Quote => "version_id",
            LineTable::Invoice => "invoice_id",
            LineTable::CreditNote => "credit_note_id",
        }
    }
}

const LINE_COLUMNS: &str = "id, position, kind, item_id, description, quantity, unit_price,
    discount_pct, tax_exempt, tax_rate, gross, discount, net, tax, total";

/// The stored totals of a document: the domain's figures and the total in
/// minor units (for searching and sorting by amount).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredTotals {
    pub gross: Money,
    pub discount: Money,
    pub subtotal: Money,
    pub tax: Money,
    pub total: Money,
    pub total_minor: i64,
}

impl StoredTotals {
    /// `None` when the total does not fit minor units in an `i64` (it always
    /// does below `MAX_AMOUNT`).
    pub fn new(t: &DocumentTotals, scale: u32) -> Option<StoredTotals> {
        Some(StoredTotals {
            gross: t.gross,
            discount: t.discount,
            subtotal: t.subtotal,
            tax: t.tax,
            total: t.total,
            total_minor: minor_units(t.total, scale)?,
        })
    }
}

/// `amount` in minor units (cents for USD, pesos for CLP).
pub fn minor_units(amount: Money, scale: u32) -> Option<i64> {
    use rust_decimal::prelude::ToPrimitive;
    let factor = rust_decimal::Decimal::from(10_i64.checked_pow(scale)?);
    amount.0.checked_mul(factor)?.trunc().to_i64()
}

impl Conn {
    /// Stores the lines of a document, numbered from 1 in the given order.
    #[tracing::instrument(level = "debug", skip_all)]
    pub(crate) async fn insert_lines(
        &mut self,
        table: LineTable,
        parent: Uuid,
        lines: &[NewLine],
    ) -> Result<(), sqlx::Error> {
        let sql = format!(
            "INSERT INTO {} ({}, {LINE_COLUMNS})
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)",
            table.table(),
            table.parent()
        );
        for (i, l) in lines.iter().enumerate() {
            let position = i32::try_from(i + 1).unwrap_or(i32::MAX);
            on_conn!(self, c => sqlx::query(sqlx::AssertSqlSafe(sql.clone()))
                .bind(parent).bind(Uuid::now_v7()).bind(position).bind(l.kind).bind(l.item_id)
                .bind(&l.description).bind(l.input.quantity).bind(l.input.unit_price)
                .bind(l.input.discount).bind(l.input.tax.is_exempt()).bind(l.input.tax.rate())
                .bind(l.amounts.gross).bind(l.amounts.discount).bind(l.amounts.net)
                .bind(l.amounts.tax).bind(l.amounts.total)
                .execute(c).await.map(|_| ()))?;
        }
        Ok(())
    }

    /// Removes the lines of a (draft) document before storing new ones.
    #[tracing::instrument(level = "debug", skip_all)]
    pub(crate) async fn delete_lines(
        &mut self,
        table: LineTable,
        parent: Uuid,
    ) -> Result<(), sqlx::Error> {
        let sql = format!(
            "DELETE FROM {} WHERE {} = $1",
            table.table(),
            table.parent()
        );
        on_conn!(self, c => sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(parent).execute(c).await.map(|_| ()))
    }

    /// The lines of a document, in order.
    #[tracing::instrument(level = "debug", skip_all)]
    pub(crate) async fn lines_of(
        &mut self,
        table: LineTable,
        parent: Uuid,
    ) -> Result<Vec<LineRow>, sqlx::Error> {
        let sql = format!(
            "SELECT {LINE_COLUMNS} FROM {} WHERE {} = $1 ORDER BY position",
            table.table(),
            table.parent()
        );
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(parent).fetch_all(c).await)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    #[test]
    fn minor_units_follow_the_currency() {
        let m = |s: &str| Money(rust_decimal::Decimal::from_str(s).unwrap());
        assert_eq!(minor_units(m("403.40"), 2), Some(40_340));
        assert_eq!(minor_units(m("1787"), 0), Some(1_787));
        assert_eq!(
            minor_units(m("1000000000000.00"), 2),
            Some(100_000_000_000_000)
        );
    }
}
