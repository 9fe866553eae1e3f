//! Quotes (presupuestos), end to end: the office prepares a quote for a
//! customer (optionally for one of their service orders), sends it by e-mail
//! with the PDF attached and a signed link, and the customer approves with
//! one click, rejects, or asks for changes — in the portal or through the
//! link, without a password.
//!
//! One file per sub-capability:
//!
//! | file | what |
//! |---|---|
//! | [`editing`] | create, edit a draft, new version of a sent one, the totals preview |
//! | [`sending`] | send: state, signed link, reminder, e-mail with the PDF |
//! | [`answering`] | approve / reject / ask for changes; approval sets the order's service value |
//! | [`reminders`] | the scheduler's part: one reminder before expiry, expiring past ones |
//! | [`documents`] | the PDF (typst, in process) and the reads (list, detail) |
//!
//! Who: office roles see every quote; a seller only those of the customers
//! they own (the scope is a `WHERE` clause in the store); a customer contact
//! only their company's, and only the newest version they were sent
//! (`QuoteView::Customer`): drafts never reach them. Technicians have no
//! access. Every change happens in one unit of work and is published after
//! commit: every change on `staff:quotes` (the office's list and quote page),
//! sent versions and answers also on the order's room `order:<id>`.
//!
//! The figures come from `domain::billing::lines` only; the store writes
//! them as computed.

pub mod answering;
pub mod documents;
pub mod editing;
pub mod reminders;
pub mod sending;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Principal, Services};
use crate::domain::billing::{LineKind, Percent, QuoteState};
use crate::domain::channel::{Channel, StaffFeed};
use crate::domain::events::{ChannelEvent, QuoteChanged};
use crate::domain::{
    CustomerId, Money, OpportunityId, OrderId, Permission, Quantity, QuoteId, QuoteVersionId,
    Timestamp,
};
use crate::error::{AppError, AppResult};
use crate::services::uow::UnitOfWork;
use crate::store::billing::LineRow;
use crate::store::billing::quotes::{QuoteRow, QuoteVersionRow, QuoteView};

// --- what clients send -------------------------------------------------------------

/// One line as clients send it. Numbers are decimal strings, checked here so
/// each refusal names its field (`lines[2].quantity`).
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct QuoteLineInput {
    /// Labour / service, or a part.
    pub kind: LineKind,
    /// 1 to 500 characters.
    #[schema(
        min_length = 1,
        max_length = 500,
        pattern = r"[^\s\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"
    )]
    pub description: String,
    /// Greater than 0, at most 1,000,000, up to 3 decimals.
    #[schema(
        example = "2",
        pattern = r"^([1-9][0-9]{0,5}(\.[0-9]{1,3})?|1000000(\.0{1,3})?|0\.([1-9][0-9]{0,2}|0[1-9][0-9]?|00[1-9]))$"
    )]
    pub quantity: String,
    /// 0 to 999,999,999,999.99 with the currency's decimals.
    #[schema(example = "45.00", pattern = r"^[0-9]{1,12}(\.[0-9]{1,2})?$")]
    pub unit_price: String,
    /// Discount in percent, 0–100 (default 0).
    #[serde(default)]
    #[schema(pattern = r"^$|^(100(\.0{1,2})?|[0-9]{1,2}(\.[0-9]{1,2})?)$")]
    pub discount_pct: Option<String>,
    /// Tax rate in percent, 0–100; absent: the company's rate.
    #[serde(default)]
    #[schema(pattern = r"^$|^(100(\.0{1,2})?|[0-9]{1,2}(\.[0-9]{1,2})?)$")]
    pub tax_rate: Option<String>,
    /// Exempt from tax ("exento"); the rate is then ignored.
    #[serde(default)]
    pub tax_exempt: bool,
}

/// A new quote: for a customer, an order of theirs, or both.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct QuoteInput {
    /// Required unless `order_id` is given (then it must be the order's customer).
    pub customer_id: Option<CustomerId>,
    pub order_id: Option<OrderId>,
    /// The CRM's "create quote": an opportunity of the customer in
    /// `proposal` or `negotiation` (409 `opportunity_not_quotable`
    /// otherwise; 404 when the caller may not see it). Approving the quote
    /// marks the opportunity won.
    pub opportunity_id: Option<OpportunityId>,
    /// Valid through this day (company time zone); default: today plus the
    /// billing setting `quote_validity_days`. Not in the past.
    #[schema(value_type = Option<String>, format = Date, pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")]
    pub valid_until: Option<NaiveDate>,
    #[serde(default)]
    #[schema(max_length = 2000)]
    pub notes: String,
    /// Terms printed on the quote; default: the company's terms.
    #[schema(max_length = 4000)]
    pub terms: Option<String>,
    /// 1 to 500 lines.
    #[schema(min_items = 1, max_items = 500)]
    pub lines: Vec<QuoteLineInput>,
}

/// A change to a quote: edits the draft, or makes a new version of a sent
/// (rejected, changes-requested, expired) one.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct QuoteUpdate {
    #[schema(value_type = Option<String>, format = Date, pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")]
    pub valid_until: Option<NaiveDate>,
    #[serde(default)]
    #[schema(max_length = 2000)]
    pub notes: String,
    #[schema(max_length = 4000)]
    pub terms: Option<String>,
    #[schema(min_items = 1, max_items = 500)]
    pub lines: Vec<QuoteLineInput>,
}

/// Lines to total without saving (the editor's live totals).
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct QuotePreviewInput {
    #[schema(min_items = 1, max_items = 500)]
    pub lines: Vec<QuoteLineInput>,
}

/// The customer's answer.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct QuoteAnswerInput {
    pub answer: crate::domain::billing::QuoteAnswer,
    /// Required when asking for changes; up to 2000 characters.
    #[serde(default)]
    #[schema(max_length = 2000)]
    pub comment: String,
}

// --- what clients get --------------------------------------------------------------

/// One line with its figures.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct QuoteLine {
    pub position: i32,
    pub kind: LineKind,
    pub description: String,
    pub quantity: Quantity,
    pub unit_price: Money,
    #[schema(value_type = String)]
    pub discount_pct: Percent,
    pub tax_exempt: bool,
    #[schema(value_type = String)]
    pub tax_rate: Percent,
    pub gross: Money,
    pub discount: Money,
    pub net: Money,
    pub tax: Money,
    pub total: Money,
}

impl From<&LineRow> for QuoteLine {
    fn from(l: &LineRow) -> Self {
        QuoteLine {
            position: l.position,
            kind: l.kind,
            description: l.description.clone(),
            quantity: l.quantity,
            unit_price: l.unit_price,
            discount_pct: l.discount_pct,
            tax_exempt: l.tax_exempt,
            tax_rate: l.tax_rate,
            gross: l.gross,
            discount: l.discount,
            net: l.net,
            tax: l.tax,
            total: l.total,
        }
    }
}

/// A quote as lists show it (the version staff work on, or the one the
/// customer was sent).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct QuoteSummary {
    pub id: QuoteId,
    /// The family's number (`PRE-000123`).
    pub number: String,
    pub version_id: QuoteVersionId,
    pub version: i32,
    /// The shown version's number (`PRE-000123-v2`).
    pub version_number: String,
    /// As of today: a sent version past its validity is `expired`.
    pub state: QuoteState,
    pub customer_id: CustomerId,
    pub customer_name: String,
    pub order_id: Option<OrderId>,
    pub order_number: Option<String>,
    /// The CRM opportunity it was made for (staff only; a customer never
    /// sees the CRM).
    pub opportunity_id: Option<OpportunityId>,
    pub currency: String,
    #[schema(value_type = String, format = Date)]
    pub valid_until: NaiveDate,
    pub total: Money,
    pub sent_at: Option<Timestamp>,
    pub answered_at: Option<Timestamp>,
    pub created_by_name: String,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

impl QuoteSummary {
    fn from_row(r: &QuoteRow, today: NaiveDate, view: QuoteView) -> QuoteSummary {
        QuoteSummary {
            id: r.id,
            number: r.number.clone(),
            version_id: r.version_id,
            version: r.version,
            version_number: r.version_number.clone(),
            state: r.state.effective(r.valid_until, today),
            customer_id: r.customer_id,
            customer_name: r.customer_name.clone(),
            order_id: r.order_id,
            order_number: r.order_number.clone(),
            opportunity_id: r.opportunity_id.filter(|_| view == QuoteView::Staff),
            currency: r.currency.clone(),
            valid_until: r.valid_until,
            total: r.total,
            sent_at: r.sent_at,
            answered_at: r.answered_at,
            created_by_name: r.created_by_name.clone(),
            created_at: r.created_at,
            updated_at: r.updated_at,
        }
    }
}

/// One version in the history.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct QuoteVersionInfo {
    pub id: QuoteVersionId,
    pub version: i32,
    pub number: String,
    pub state: QuoteState,
    #[schema(value_type = String, format = Date)]
    pub valid_until: NaiveDate,
    pub notes: String,
    pub terms: String,
    pub gross: Money,
    pub discount: Money,
    pub subtotal: Money,
    pub tax: Money,
    pub total: Money,
    pub created_at: Timestamp,
    pub sent_at: Option<Timestamp>,
    pub answered_at: Option<Timestamp>,
    /// Whether a signed-in person answered (false: through the e-mail link).
    pub answered_in_app: bool,
    pub answer_comment: Option<String>,
}

impl QuoteVersionInfo {
    fn from_row(v: &QuoteVersionRow, today: NaiveDate) -> QuoteVersionInfo {
        QuoteVersionInfo {
            id: v.id,
            version: v.version,
            number: v.number.clone(),
            state: v.state.effective(v.valid_until, today),
            valid_until: v.valid_until,
            notes: v.notes.clone(),
            terms: v.terms.clone(),
            gross: v.gross,
            discount: v.discount,
            subtotal: v.subtotal,
            tax: v.tax,
            total: v.total,
            created_at: v.created_at,
            sent_at: v.sent_at,
            answered_at: v.answered_at,
            answered_in_app: v.answered_by.is_some(),
            answer_comment: v.answer_comment.clone(),
        }
    }
}

/// A quote with the shown version's lines and the history of versions.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct QuoteDetail {
    pub quote: QuoteSummary,
    /// The shown version (current for staff, published for customers).
    pub version: QuoteVersionInfo,
    pub lines: Vec<QuoteLine>,
    /// Oldest first; customers see only the versions they were sent.
    pub versions: Vec<QuoteVersionInfo>,
    /// Whether the caller may answer it now (a customer, a sent valid version).
    pub can_answer: bool,
    /// Whether the caller may change or send it.
    pub can_edit: bool,
}

/// One page of quotes, newest first.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct QuotePage {
    pub items: Vec<QuoteSummary>,
    /// Pass as `cursor` to get the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

/// The figures of lines not yet saved.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct QuotePreview {
    pub currency: String,
    pub lines: Vec<PreviewLine>,
    pub gross: Money,
    pub discount: Money,
    pub subtotal: Money,
    pub tax: Money,
    pub total: Money,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct PreviewLine {
    pub gross: Money,
    pub discount: Money,
    pub net: Money,
    pub tax: Money,
    pub total: Money,
}

// --- shared helpers ------------------------------------------------------------------

/// Whose view a caller has: customers see the published version only.
pub(crate) fn view_of(who: &Principal) -> QuoteView {
    if who.user.role.is_staff() {
        QuoteView::Staff
    } else {
        QuoteView::Customer
    }
}

impl Services {
    /// The quote in the caller's scope and view, or `not_found` (an
    /// outsider cannot tell it exists).
    pub(crate) async fn visible_quote(
        &self,
        conn: &mut crate::store::Conn,
        who: &Principal,
        id: QuoteId,
    ) -> AppResult<QuoteRow> {
        who.require(Permission::ReadQuotes)?;
        conn.quote(who.customer_scope(), view_of(who), id)
            .await?
            .ok_or_else(|| AppError::not_found("quote"))
    }

    /// Publishes a quote change on `staff:quotes` and, for what the customer
    /// may see (`public`: a sent version or an answer), on the order's room.
    pub(crate) async fn publish_quote(
        &self,
        tx: &mut UnitOfWork<'_>,
        event: fn(QuoteChanged) -> ChannelEvent,
        change: QuoteChanged,
        public: bool,
    ) -> AppResult<()> {
        let by = change.by.as_ref().map(|a| a.id);
        let order = change.order_id;
        tx.publish(
            &Channel::Staff(StaffFeed::Quotes),
            event(change.clone()),
            by,
        )
        .await?;
        if let (true, Some(order)) = (public, order) {
            tx.publish(&Channel::Order(order), event(change), by)
                .await?;
        }
        Ok(())
    }
}

/// The change event of a version of `row`'s quote.
pub(crate) fn change_of(
    row: &QuoteRow,
    v: &QuoteVersionRow,
    by: Option<crate::domain::events::Actor>,
) -> QuoteChanged {
    QuoteChanged {
        quote_id: row.id,
        version_id: v.id,
        number: v.number.clone(),
        version: v.version,
        state: v.state,
        customer_id: row.customer_id,
        customer_name: row.customer_name.clone(),
        order_id: row.order_id,
        total: v.total,
        comment: v.answer_comment.clone(),
        by,
    }
}
