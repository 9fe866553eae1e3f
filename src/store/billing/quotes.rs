//! Quotes: the family row (number, customer, order), its versions and their
//! lines.
//!
//! Staff read a quote through its `current_version` (the newest, possibly a
//! draft being prepared); customers through its `published_version` (the
//! newest one they were sent), so a draft never reaches a customer.
//! Every state change is a compare-and-set on the version's state
//! (`WHERE state = $from`): two people answering or sending at once cannot
//! both succeed.

use chrono::NaiveDate;

use super::super::customers::{like_pattern, scope_binds};
use super::super::{Conn, on_conn};
use super::{LineRow, LineTable, NewLine, StoredTotals};
use crate::domain::billing::QuoteState;
use crate::domain::role::CustomerScope;
use crate::domain::{
    CustomerId, Money, OpportunityId, OrderId, QuoteId, QuoteVersionId, Timestamp, UserId,
};

/// A quote as lists show it: the family and one of its versions.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct QuoteRow {
    pub id: QuoteId,
    pub number: String,
    pub customer_id: CustomerId,
    pub customer_name: String,
    pub order_id: Option<OrderId>,
    pub order_number: Option<String>,
    pub opportunity_id: Option<OpportunityId>,
    pub current_version: i32,
    pub published_version: Option<i32>,
    /// The version shown (current for staff, published for customers).
    pub version_id: QuoteVersionId,
    pub version: i32,
    pub version_number: String,
    pub state: QuoteState,
    pub currency: String,
    pub valid_until: NaiveDate,
    pub total: Money,
    pub sent_at: Option<Timestamp>,
    pub answered_at: Option<Timestamp>,
    pub created_by: UserId,
    pub created_by_name: String,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// One version of a quote, with its totals.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct QuoteVersionRow {
    pub id: QuoteVersionId,
    pub quote_id: QuoteId,
    pub version: i32,
    pub number: String,
    pub state: QuoteState,
    pub currency: String,
    pub valid_until: NaiveDate,
    pub notes: String,
    pub terms: String,
    pub gross: Money,
    pub discount: Money,
    pub subtotal: Money,
    pub tax: Money,
    pub total: Money,
    pub created_by: UserId,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub sent_at: Option<Timestamp>,
    pub answered_at: Option<Timestamp>,
    /// `None` when answered through the signed link.
    pub answered_by: Option<UserId>,
    pub answer_comment: Option<String>,
}

const VERSION_COLUMNS: &str = "v.id, v.quote_id, v.version, v.number, v.state, v.currency,
    v.valid_until, v.notes, v.terms, v.gross, v.discount, v.subtotal, v.tax, v.total,
    v.created_by, v.created_at, v.updated_at, v.sent_at, v.answered_at, v.answered_by,
    v.answer_comment";

const QUOTE_COLUMNS: &str = "q.id, q.number, q.customer_id, cu.name AS customer_name,
    q.order_id, o.number AS order_number, q.opportunity_id, q.current_version,
    q.published_version, v.id AS version_id, v.version, v.number AS version_number, v.state,
    v.currency, v.valid_until, v.total, v.sent_at, v.answered_at, q.created_by,
    u.name AS created_by_name, q.created_at, q.updated_at";

/// Whose view of a quote: staff see the newest version, customers the
/// newest one they were sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum QuoteView {
    Staff,
    Customer,
}

impl QuoteView {
    fn from(self) -> &'static str {
        match self {
            QuoteView::Staff => {
                "quotes q JOIN quote_versions v ON v.quote_id = q.id AND v.version = q.current_version
                 JOIN customers cu ON cu.id = q.customer_id
                 LEFT JOIN service_orders o ON o.id = q.order_id
                 JOIN users u ON u.id = q.created_by"
            }
            QuoteView::Customer => {
                "quotes q JOIN quote_versions v ON v.quote_id = q.id AND v.version = q.published_version
                 JOIN customers cu ON cu.id = q.customer_id
                 LEFT JOIN service_orders o ON o.id = q.order_id
                 JOIN users u ON u.id = q.created_by"
            }
        }
    }
}

/// A new quote with its first version.
#[derive(Debug, Clone)]
pub struct NewQuote {
    pub id: QuoteId,
    pub number: String,
    pub customer_id: CustomerId,
    pub order_id: Option<OrderId>,
    /// The CRM opportunity the quote was made for.
    pub opportunity_id: Option<OpportunityId>,
    pub created_by: UserId,
    pub now: Timestamp,
}

/// A version to store (the first, or a later one superseding the previous).
#[derive(Debug, Clone)]
pub struct NewQuoteVersion {
    pub id: QuoteVersionId,
    pub quote_id: QuoteId,
    pub version: i32,
    pub number: String,
    pub currency: String,
    pub valid_until: NaiveDate,
    pub notes: String,
    pub terms: String,
    pub totals: StoredTotals,
    pub lines: Vec<NewLine>,
    pub created_by: UserId,
    pub now: Timestamp,
}

/// The editable content of a draft version.
#[derive(Debug, Clone)]
pub struct QuoteDraft {
    pub valid_until: NaiveDate,
    pub notes: String,
    pub terms: String,
    pub totals: StoredTotals,
    pub lines: Vec<NewLine>,
    pub now: Timestamp,
}

#[derive(Debug, Clone)]
pub struct QuoteFilter {
    pub scope: CustomerScope,
    pub view: QuoteView,
    pub customer_id: Option<CustomerId>,
    pub order_id: Option<OrderId>,
    /// Quotes made for this opportunity.
    pub opportunity_id: Option<OpportunityId>,
    pub state: Option<QuoteState>,
    /// Matches the quote number, the order number or the customer.
    pub q: Option<String>,
}

/// Position after the last row of a page (newest first).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuoteCursor {
    pub created_at: Timestamp,
    pub id: QuoteId,
}

impl Conn {
    /// Stores a new quote and its first version (a draft).
    #[tracing::instrument(skip_all)]
    pub async fn insert_quote(
        &mut self,
        q: &NewQuote,
        first: &NewQuoteVersion,
    ) -> Result<(), sqlx::Error> {
        on_conn!(self, c => sqlx::query(
            "INSERT INTO quotes (id, number, customer_id, order_id, opportunity_id,
                current_version, published_version, link_token_hash, created_by, created_at,
                updated_at)
             VALUES ($1, $2, $3, $4, $5, 1, NULL, NULL, $6, $7, $7)")
            .bind(q.id).bind(&q.number).bind(q.customer_id).bind(q.order_id)
            .bind(q.opportunity_id).bind(q.created_by).bind(q.now)
            .execute(c).await.map(|_| ()))?;
        self.insert_quote_version(first).await
    }

    /// Stores a version (a draft) and makes it the quote's current one.
    #[tracing::instrument(skip_all)]
    pub async fn insert_quote_version(&mut self, v: &NewQuoteVersion) -> Result<(), sqlx::Error> {
        let t = &v.totals;
        on_conn!(self, c => sqlx::query(
            "INSERT INTO quote_versions (id, quote_id, version, number, state, currency,
                valid_until, notes, terms, gross, discount, subtotal, tax, total, total_minor,
                created_by, created_at, updated_at, sent_at, answered_at, answered_by,
                answer_comment)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16,
                     $17, $17, NULL, NULL, NULL, NULL)")
            .bind(v.id).bind(v.quote_id).bind(v.version).bind(&v.number).bind(QuoteState::Draft)
            .bind(&v.currency).bind(v.valid_until).bind(&v.notes).bind(&v.terms)
            .bind(t.gross).bind(t.discount).bind(t.subtotal).bind(t.tax).bind(t.total)
            .bind(t.total_minor).bind(v.created_by).bind(v.now)
            .execute(c).await.map(|_| ()))?;
        on_conn!(self, c => sqlx::query(
            "UPDATE quotes SET current_version = $2, updated_at = $3 WHERE id = $1")
            .bind(v.quote_id).bind(v.version).bind(v.now)
            .execute(c).await.map(|_| ()))?;
        self.insert_lines(LineTable::Quote, v.id.0, &v.lines).await
    }

    /// Rewrites a draft version; `false` (nothing changed) unless it is a draft.
    #[tracing::instrument(skip_all)]
    pub async fn update_quote_draft(
        &mut self,
        id: QuoteVersionId,
        d: &QuoteDraft,
    ) -> Result<bool, sqlx::Error> {
        let t = &d.totals;
        let n = on_conn!(self, c => sqlx::query(
            "UPDATE quote_versions SET valid_until = $2, notes = $3, terms = $4, gross = $5,
                discount = $6, subtotal = $7, tax = $8, total = $9, total_minor = $10,
                updated_at = $11
             WHERE id = $1 AND state = 'draft'")
            .bind(id).bind(d.valid_until).bind(&d.notes).bind(&d.terms).bind(t.gross)
            .bind(t.discount).bind(t.subtotal).bind(t.tax).bind(t.total).bind(t.total_minor)
            .bind(d.now)
            .execute(c).await.map(|r| r.rows_affected()))?;
        if n != 1 {
            return Ok(false);
        }
        self.delete_lines(LineTable::Quote, id.0).await?;
        self.insert_lines(LineTable::Quote, id.0, &d.lines).await?;
        Ok(true)
    }

    /// Moves a version from `from` to `to`; `false` when it was not in `from`
    /// (someone else moved it first). The caller checked the transition.
    #[tracing::instrument(skip_all)]
    pub async fn set_quote_state(
        &mut self,
        id: QuoteVersionId,
        from: QuoteState,
        to: QuoteState,
        now: Timestamp,
    ) -> Result<bool, sqlx::Error> {
        let n = on_conn!(self, c => sqlx::query(
            "UPDATE quote_versions SET state = $3, updated_at = $4 WHERE id = $1 AND state = $2")
            .bind(id).bind(from).bind(to).bind(now)
            .execute(c).await.map(|r| r.rows_affected()))?;
        Ok(n == 1)
    }

    /// Marks a draft version sent and makes it the one customers see.
    #[tracing::instrument(skip_all)]
    pub async fn mark_quote_sent(
        &mut self,
        id: QuoteVersionId,
        now: Timestamp,
    ) -> Result<bool, sqlx::Error> {
        let n = on_conn!(self, c => sqlx::query(
            "UPDATE quote_versions SET state = 'sent', sent_at = $2, updated_at = $2
             WHERE id = $1 AND state = 'draft'")
            .bind(id).bind(now).execute(c).await.map(|r| r.rows_affected()))?;
        if n != 1 {
            return Ok(false);
        }
        on_conn!(self, c => sqlx::query(
            "UPDATE quotes SET published_version = v.version, updated_at = $2
             FROM (SELECT quote_id, version FROM quote_versions WHERE id = $1) v
             WHERE quotes.id = v.quote_id")
            .bind(id).bind(now).execute(c).await.map(|_| ()))?;
        Ok(true)
    }

    /// Records the customer's answer on a sent version (`to` is approved,
    /// rejected or changes_requested); `false` unless it was still sent.
    #[tracing::instrument(skip_all)]
    pub async fn answer_quote(
        &mut self,
        id: QuoteVersionId,
        to: QuoteState,
        by: Option<UserId>,
        comment: Option<&str>,
        now: Timestamp,
    ) -> Result<bool, sqlx::Error> {
        let n = on_conn!(self, c => sqlx::query(
            "UPDATE quote_versions SET state = $2, answered_at = $3, answered_by = $4,
                answer_comment = $5, updated_at = $3
             WHERE id = $1 AND state = 'sent'")
            .bind(id).bind(to).bind(now).bind(by).bind(comment)
            .execute(c).await.map(|r| r.rows_affected()))?;
        Ok(n == 1)
    }

    /// Marks every sent version valid only until before `today` expired;
    /// returns them (for the live update and to drop their reminders).
    #[tracing::instrument(skip_all)]
    pub async fn expire_quotes(
        &mut self,
        today: NaiveDate,
        now: Timestamp,
    ) -> Result<Vec<(QuoteId, QuoteVersionId)>, sqlx::Error> {
        on_conn!(self, c => sqlx::query_as(
            "UPDATE quote_versions SET state = 'expired', updated_at = $2
             WHERE state = 'sent' AND valid_until < $1
             RETURNING quote_id, id")
            .bind(today).bind(now).fetch_all(c).await)
    }

    /// Stores the hash of the signed link's secret (replacing an older one).
    #[tracing::instrument(skip_all)]
    pub async fn set_quote_link(&mut self, id: QuoteId, hash: &str) -> Result<(), sqlx::Error> {
        on_conn!(self, c => sqlx::query("UPDATE quotes SET link_token_hash = $2 WHERE id = $1")
            .bind(id).bind(hash).execute(c).await.map(|_| ()))
    }

    /// The quote whose signed link has this secret hash.
    #[tracing::instrument(skip_all)]
    pub async fn quote_by_link(&mut self, hash: &str) -> Result<Option<QuoteId>, sqlx::Error> {
        on_conn!(self, c => sqlx::query_scalar("SELECT id FROM quotes WHERE link_token_hash = $1")
            .bind(hash).fetch_optional(c).await)
    }

    /// Locks the quote's row until the transaction ends (PostgreSQL; SQLite
    /// write transactions already run one at a time).
    #[tracing::instrument(skip_all)]
    pub async fn lock_quote(&mut self, id: QuoteId) -> Result<(), sqlx::Error> {
        match self {
            Conn::Postgres(handle) => sqlx::query("SELECT 1 FROM quotes WHERE id = $1 FOR UPDATE")
                .bind(id)
                .execute(handle.conn())
                .await
                .map(|_| ()),
            Conn::Sqlite(_) => Ok(()),
        }
    }

    /// A quote in the caller's scope and view.
    #[tracing::instrument(skip_all)]
    pub async fn quote(
        &mut self,
        scope: CustomerScope,
        view: QuoteView,
        id: QuoteId,
    ) -> Result<Option<QuoteRow>, sqlx::Error> {
        let (all, owner, company) = scope_binds(scope);
        let sql = format!(
            "SELECT {QUOTE_COLUMNS} FROM {}
             WHERE ($1 OR cu.owner_id = $2 OR cu.id = $3) AND q.id = $4",
            view.from()
        );
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(all).bind(owner).bind(company).bind(id).fetch_optional(c).await)
    }

    /// One page of quotes, newest first.
    #[tracing::instrument(skip_all)]
    pub async fn quotes_page(
        &mut self,
        f: &QuoteFilter,
        after: Option<&QuoteCursor>,
        limit: i64,
    ) -> Result<Vec<QuoteRow>, sqlx::Error> {
        let (all, owner, company) = scope_binds(f.scope);
        let sql = format!(
            "SELECT {QUOTE_COLUMNS} FROM {}
             WHERE ($1 OR cu.owner_id = $2 OR cu.id = $3)
               AND ($4 IS NULL OR q.customer_id = $4)
               AND ($5 IS NULL OR q.order_id = $5)
               AND ($6 IS NULL OR v.state = $6)
               AND ($7 IS NULL OR LOWER(q.number) LIKE $7 ESCAPE '\\'
                    OR LOWER(o.number) LIKE $7 ESCAPE '\\' OR cu.search_text LIKE $7 ESCAPE '\\')
               AND ($8 IS NULL OR q.created_at < $8 OR (q.created_at = $8 AND q.id < $9))
               AND ($11 IS NULL OR q.opportunity_id = $11)
             ORDER BY q.created_at DESC, q.id DESC LIMIT $10",
            f.view.from()
        );
        let q = f.q.as_deref().map(like_pattern);
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(all).bind(owner).bind(company).bind(f.customer_id).bind(f.order_id)
            .bind(f.state).bind(q.as_deref())
            .bind(after.map(|a| a.created_at)).bind(after.map(|a| a.id)).bind(limit)
            .bind(f.opportunity_id)
            .fetch_all(c).await)
    }

    /// Every version of a quote, oldest first (the history the office and
    /// the customer see; customers only up to the published one).
    #[tracing::instrument(skip_all)]
    pub async fn quote_versions(
        &mut self,
        id: QuoteId,
        view: QuoteView,
    ) -> Result<Vec<QuoteVersionRow>, sqlx::Error> {
        let sql = format!(
            "SELECT {VERSION_COLUMNS} FROM quote_versions v JOIN quotes q ON q.id = v.quote_id
             WHERE v.quote_id = $1 AND ($2 OR v.version <= q.published_version)
             ORDER BY v.version"
        );
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(id).bind(view == QuoteView::Staff).fetch_all(c).await)
    }

    /// One version by id (unscoped: the service checks access to its quote).
    #[tracing::instrument(skip_all)]
    pub async fn quote_version(
        &mut self,
        id: QuoteVersionId,
    ) -> Result<Option<QuoteVersionRow>, sqlx::Error> {
        let sql = format!("SELECT {VERSION_COLUMNS} FROM quote_versions v WHERE v.id = $1");
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(id).fetch_optional(c).await)
    }

    /// The lines of a version, in order.
    #[tracing::instrument(skip_all)]
    pub async fn quote_lines(&mut self, id: QuoteVersionId) -> Result<Vec<LineRow>, sqlx::Error> {
        self.lines_of(LineTable::Quote, id.0).await
    }
}

impl Conn {
    /// Approval of a quote linked to an order sets the order's service value
    /// to the approved total (see docs/billing.md, "Quotes").
    #[tracing::instrument(skip_all)]
    pub async fn set_order_service_value(
        &mut self,
        order: OrderId,
        value: Money,
        now: Timestamp,
    ) -> Result<bool, sqlx::Error> {
        let n = on_conn!(self, c => sqlx::query(
            "UPDATE service_orders SET service_value = $2, updated_at = $3 WHERE id = $1")
            .bind(order).bind(value).bind(now).execute(c).await.map(|r| r.rows_affected()))?;
        Ok(n == 1)
    }

    /// Claims up to `limit` due quote-expiry reminders for `node` (invoice
    /// reminders are left to their own job). Inside a transaction: mark them
    /// sent or dropped in the same one.
    #[tracing::instrument(skip_all)]
    pub async fn claim_due_quote_reminders(
        &mut self,
        backend: super::super::Backend,
        node: &str,
        now: Timestamp,
        lease_until: Timestamp,
        limit: i64,
    ) -> Result<Vec<(crate::domain::BillingReminderId, QuoteVersionId)>, sqlx::Error> {
        let lock = match backend {
            super::super::Backend::Postgres => "FOR UPDATE SKIP LOCKED",
            super::super::Backend::Sqlite => "",
        };
        let sql = format!(
            "UPDATE billing_reminders SET claimed_by = $2, locked_until = $3
             WHERE id IN (SELECT id FROM billing_reminders
                          WHERE status = 'pending' AND kind = 'quote_expiry' AND due_at <= $1
                            AND (locked_until IS NULL OR locked_until <= $1)
                          ORDER BY due_at LIMIT $4 {lock})
             RETURNING id, quote_version_id"
        );
        let rows: Vec<(crate::domain::BillingReminderId, Option<QuoteVersionId>)> = on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
                .bind(now).bind(node).bind(lease_until).bind(limit).fetch_all(c).await)?;
        Ok(rows
            .into_iter()
            .filter_map(|(id, v)| v.map(|v| (id, v)))
            .collect())
    }

    /// Whether any quote-expiry reminder is due or any sent quote is past
    /// its validity (a cheap read before taking the write lock on SQLite).
    #[tracing::instrument(skip_all)]
    pub async fn quote_work_due(
        &mut self,
        now: Timestamp,
        today: NaiveDate,
    ) -> Result<bool, sqlx::Error> {
        let n: i64 = on_conn!(self, c => sqlx::query_scalar(
            "SELECT (SELECT COUNT(*) FROM (SELECT 1 FROM billing_reminders
                         WHERE status = 'pending' AND kind = 'quote_expiry' AND due_at <= $1
                           AND (locked_until IS NULL OR locked_until <= $1) LIMIT 1) r)
                  + (SELECT COUNT(*) FROM (SELECT 1 FROM quote_versions
                         WHERE state = 'sent' AND valid_until < $2 LIMIT 1) e)")
            .bind(now).bind(today).fetch_one(c).await)?;
        Ok(n > 0)
    }
}
