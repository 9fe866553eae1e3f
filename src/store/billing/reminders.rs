//! Billing reminder rows: a quote nearing expiry without an answer (one
//! reminder), an invoice before and after its due date (the configured
//! offsets). Planned in the transaction that sends the quote or issues the
//! invoice; dropped in the one that answers, pays or voids it; claimed by
//! exactly one node like appointment reminders (`FOR UPDATE SKIP LOCKED` on
//! PostgreSQL, a single writer on SQLite), and marked sent in the
//! transaction that writes their outbox rows.

use super::super::{Backend, Conn, on_conn};
use crate::domain::appointment::ReminderStatus;
use crate::domain::billing::BillingReminderKind;
use crate::domain::{BillingReminderId, InvoiceId, QuoteVersionId, Timestamp};

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct BillingReminderRow {
    pub id: BillingReminderId,
    pub kind: BillingReminderKind,
    pub quote_version_id: Option<QuoteVersionId>,
    pub invoice_id: Option<InvoiceId>,
    /// Days from the due (or expiry) date; negative = before.
    pub offset_days: i32,
    pub due_at: Timestamp,
    pub status: ReminderStatus,
    pub claimed_by: Option<String>,
    pub created_at: Timestamp,
    pub sent_at: Option<Timestamp>,
}

const COLUMNS: &str = "id, kind, quote_version_id, invoice_id, offset_days, due_at, status,
    claimed_by, created_at, sent_at";

/// What a reminder is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReminderSubject {
    Quote(QuoteVersionId),
    Invoice(InvoiceId),
}

impl ReminderSubject {
    fn kind(self) -> BillingReminderKind {
        match self {
            ReminderSubject::Quote(_) => BillingReminderKind::QuoteExpiry,
            ReminderSubject::Invoice(_) => BillingReminderKind::InvoiceDue,
        }
    }

    fn ids(self) -> (Option<QuoteVersionId>, Option<InvoiceId>) {
        match self {
            ReminderSubject::Quote(q) => (Some(q), None),
            ReminderSubject::Invoice(i) => (None, Some(i)),
        }
    }
}

impl Conn {
    #[tracing::instrument(skip_all)]
    pub async fn insert_billing_reminder(
        &mut self,
        subject: ReminderSubject,
        offset_days: i32,
        due_at: Timestamp,
        now: Timestamp,
    ) -> Result<BillingReminderId, sqlx::Error> {
        let id = BillingReminderId::new();
        let (quote, invoice) = subject.ids();
        on_conn!(self, c => sqlx::query(
            "INSERT INTO billing_reminders (id, kind, quote_version_id, invoice_id, offset_days,
                due_at, status, claimed_by, locked_until, created_at, sent_at)
             VALUES ($1, $2, $3, $4, $5, $6, 'pending', NULL, NULL, $7, NULL)")
            .bind(id).bind(subject.kind()).bind(quote).bind(invoice).bind(offset_days)
            .bind(due_at).bind(now)
            .execute(c).await.map(|_| ()))?;
        Ok(id)
    }

    /// Drops the pending reminders of a quote version or an invoice; returns
    /// how many.
    #[tracing::instrument(skip_all)]
    pub async fn drop_billing_reminders(
        &mut self,
        subject: ReminderSubject,
    ) -> Result<u64, sqlx::Error> {
        let (quote, invoice) = subject.ids();
        on_conn!(self, c => sqlx::query(
            "UPDATE billing_reminders SET status = 'dropped'
             WHERE status = 'pending' AND (quote_version_id = $1 OR invoice_id = $2)")
            .bind(quote).bind(invoice).execute(c).await.map(|r| r.rows_affected()))
    }

    /// Every reminder row of a quote version or an invoice, by due time.
    #[tracing::instrument(skip_all)]
    pub async fn billing_reminders_of(
        &mut self,
        subject: ReminderSubject,
    ) -> Result<Vec<BillingReminderRow>, sqlx::Error> {
        let (quote, invoice) = subject.ids();
        let sql = format!(
            "SELECT {COLUMNS} FROM billing_reminders
             WHERE quote_version_id = $1 OR invoice_id = $2 ORDER BY due_at, id"
        );
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(quote).bind(invoice).fetch_all(c).await)
    }

    /// Whether any pending billing reminder is due (a cheap read before
    /// taking the write lock on SQLite).
    #[tracing::instrument(skip_all)]
    pub async fn any_billing_reminder_due(&mut self, now: Timestamp) -> Result<bool, sqlx::Error> {
        let n: i64 = on_conn!(self, c => sqlx::query_scalar(
            "SELECT COUNT(*) FROM (SELECT 1 FROM billing_reminders
                                   WHERE status = 'pending' AND due_at <= $1 LIMIT 1) d")
            .bind(now).fetch_one(c).await)?;
        Ok(n > 0)
    }

    /// Claims up to `limit` due pending reminders for `node` (inside a
    /// transaction; mark them sent or dropped in the same one).
    #[tracing::instrument(skip_all)]
    pub async fn claim_due_billing_reminders(
        &mut self,
        backend: Backend,
        node: &str,
        now: Timestamp,
        lease_until: Timestamp,
        limit: i64,
    ) -> Result<Vec<BillingReminderRow>, sqlx::Error> {
        let lock = match backend {
            Backend::Postgres => "FOR UPDATE SKIP LOCKED",
            Backend::Sqlite => "",
        };
        let sql = format!(
            "UPDATE billing_reminders SET claimed_by = $2, locked_until = $3
             WHERE id IN (SELECT id FROM billing_reminders
                          WHERE status = 'pending' AND due_at <= $1
                            AND (locked_until IS NULL OR locked_until <= $1)
                          ORDER BY due_at LIMIT $4 {lock})
             RETURNING {COLUMNS}"
        );
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(now).bind(node).bind(lease_until).bind(limit).fetch_all(c).await)
    }

    /// Marks a claimed reminder `sent` (its notifications were enqueued) or
    /// `dropped` (its subject no longer needs it: answered, paid, voided).
    #[tracing::instrument(skip_all)]
    pub async fn finish_billing_reminder(
        &mut self,
        id: BillingReminderId,
        status: ReminderStatus,
        now: Timestamp,
    ) -> Result<(), sqlx::Error> {
        on_conn!(self, c => sqlx::query(
            "UPDATE billing_reminders SET status = $2, sent_at = $3, locked_until = NULL
             WHERE id = $1 AND status = 'pending'")
            .bind(id).bind(status).bind(now).execute(c).await.map(|_| ()))
    }
}
