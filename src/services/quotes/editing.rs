//! Preparing a quote: create it (number `PRE-000123`, first version a
//! draft), edit the draft in place, or — once a version was sent — make the
//! next version (`PRE-000123-v2`) that supersedes it, so what the customer
//! saw is never rewritten. Also the editor's live totals (`preview`),
//! computed by the same function that computes what is stored.

use chrono::{NaiveDate, TimeDelta};

use super::{
    PreviewLine, QuoteDetail, QuoteInput, QuoteLineInput, QuotePreview, QuotePreviewInput,
    QuoteUpdate, change_of,
};
use crate::domain::billing::lines::compute_document;
use crate::domain::billing::numbers::quote_version_number;
use crate::domain::billing::{
    DocumentSeries, DocumentTotals, LineInput, LineTax, MAX_LINES, Percent, QuoteState,
};
use crate::domain::crm::Stage;
use crate::domain::events::ChannelEvent;
use crate::domain::money::currency_scale;
use crate::domain::{
    Money, OpportunityId, Permission, Quantity, QuoteId, QuoteVersionId, Timestamp,
};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::services::{Lines, Principal, Services, text_field, today_in};
use crate::store::billing::quotes::{NewQuote, NewQuoteVersion, QuoteDraft, QuoteView};
use crate::store::billing::reminders::ReminderSubject;
use crate::store::billing::{NewLine, StoredTotals};
use crate::store::crm::opportunities::OpportunityRow;

/// Longest notes and terms of a quote.
const MAX_NOTES: usize = 2000;
const MAX_TERMS: usize = 4000;

/// Parses and computes the lines: every refusal names its field
/// (`lines[1].quantity`) and nothing is stored.
pub(crate) fn compute_lines(
    input: &[QuoteLineInput],
    scale: u32,
    default_rate: Percent,
) -> AppResult<(Vec<NewLine>, DocumentTotals)> {
    if input.is_empty() {
        return Err(AppError::validation(
            "lines",
            "a quote needs at least one line",
        ));
    }
    if input.len() > MAX_LINES {
        return Err(AppError::validation(
            "lines",
            format!("a quote has at most {MAX_LINES} lines"),
        ));
    }
    let mut parsed = Vec::with_capacity(input.len());
    for (i, l) in input.iter().enumerate() {
        let at = |name: &str| format!("lines[{i}].{name}");
        let description = text_field("description", &l.description, 500, true, Lines::Multi)
            .map_err(|e| e.field(at("description")))?;
        let quantity = Quantity::parse(&l.quantity).map_err(|e| {
            AppError::new(ErrorCode::ValidationFailed, e.to_string()).field(at("quantity"))
        })?;
        let unit_price = Money::parse(&l.unit_price, scale).map_err(|e| {
            AppError::new(ErrorCode::InvalidMoney, e.to_string()).field(at("unit_price"))
        })?;
        let percent = |text: &Option<String>, name: &str| -> AppResult<Option<Percent>> {
            text.as_deref()
                .filter(|t| !t.trim().is_empty())
                .map(Percent::parse)
                .transpose()
                .map_err(|e| {
                    AppError::new(ErrorCode::ValidationFailed, e.to_string()).field(at(name))
                })
        };
        let discount = percent(&l.discount_pct, "discount_pct")?.unwrap_or(Percent::ZERO);
        let rate = percent(&l.tax_rate, "tax_rate")?.unwrap_or(default_rate);
        let tax = if l.tax_exempt {
            LineTax::Exempt
        } else {
            LineTax::Rate(rate)
        };
        parsed.push((
            l.kind,
            description,
            LineInput {
                quantity,
                unit_price,
                discount,
                tax,
            },
        ));
    }
    let inputs: Vec<LineInput> = parsed.iter().map(|p| p.2).collect();
    let (amounts, totals) = compute_document(&inputs, scale).map_err(|e| {
        let code = match e.field() {
            "unit_price" => ErrorCode::InvalidMoney,
            _ => ErrorCode::ValidationFailed,
        };
        AppError::new(code, e.to_string()).field(e.field())
    })?;
    let lines = parsed
        .into_iter()
        .zip(amounts)
        .map(|((kind, description, input), amounts)| NewLine {
            kind,
            item_id: None,
            description,
            input,
            amounts,
        })
        .collect();
    Ok((lines, totals))
}

fn stored(totals: &DocumentTotals, scale: u32) -> AppResult<StoredTotals> {
    StoredTotals::new(totals, scale).ok_or_else(|| {
        AppError::new(ErrorCode::InvalidMoney, "the total is too large").field("lines")
    })
}

/// The company's default tax rate (the settings keep it as text).
pub(crate) fn company_rate(text: &str) -> Percent {
    Percent::parse(text).unwrap_or(Percent::ZERO)
}

/// The checked validity day: today or later.
fn validity(asked: Option<NaiveDate>, today: NaiveDate, default_days: i32) -> AppResult<NaiveDate> {
    let day = asked.unwrap_or(today + TimeDelta::days(i64::from(default_days.max(0))));
    if day < today {
        return Err(AppError::validation(
            "valid_until",
            "the validity date cannot be in the past",
        ));
    }
    Ok(day)
}

impl Services {
    /// The figures of lines, without saving (office roles and sellers).
    pub async fn preview_quote(
        &self,
        who: &Principal,
        input: QuotePreviewInput,
    ) -> AppResult<QuotePreview> {
        who.require(Permission::EditQuotes)?;
        let settings = self.store.conn().await?.company_settings().await?;
        let scale = currency_scale(&settings.currency);
        let (lines, t) = compute_lines(&input.lines, scale, company_rate(&settings.tax_rate))?;
        Ok(QuotePreview {
            currency: settings.currency,
            lines: lines
                .iter()
                .map(|l| PreviewLine {
                    gross: l.amounts.gross,
                    discount: l.amounts.discount,
                    net: l.amounts.net,
                    tax: l.amounts.tax,
                    total: l.amounts.total,
                })
                .collect(),
            gross: t.gross,
            discount: t.discount,
            subtotal: t.subtotal,
            tax: t.tax,
            total: t.total,
        })
    }

    /// Creates a quote with its first version, a draft (office roles; a
    /// seller for the customers they own).
    pub async fn create_quote(&self, who: &Principal, input: QuoteInput) -> AppResult<QuoteDetail> {
        who.require(Permission::EditQuotes)?;
        let notes = text_field("notes", &input.notes, MAX_NOTES, false, Lines::Multi)?;
        // The order, when given, decides the customer.
        let order = match input.order_id {
            Some(id) => Some(self.visible_order_head(who, id).await?),
            None => None,
        };
        // The CRM's "create quote": the opportunity, when given, must be in
        // the caller's CRM scope and at the proposal or negotiation stage.
        let opportunity = match input.opportunity_id {
            Some(id) => Some(self.quotable_opportunity(who, id).await?),
            None => None,
        };
        let asked_customer = input
            .customer_id
            .or(opportunity.as_ref().map(|o| o.customer_id));
        let customer_id = match (&order, asked_customer) {
            (Some(o), Some(c)) if o.customer_id != c => {
                return Err(AppError::validation(
                    "customer_id",
                    "the order belongs to another customer",
                ));
            }
            (Some(o), _) => o.customer_id,
            (None, Some(c)) => c,
            (None, None) => {
                return Err(AppError::validation(
                    "customer_id",
                    "choose a customer or an order",
                ));
            }
        };
        if let Some(o) = &opportunity
            && o.customer_id != customer_id
        {
            // Both exist, they do not go together: a conflict, not a
            // malformed request.
            return Err(AppError::new(
                ErrorCode::Conflict,
                "the opportunity belongs to another customer",
            )
            .field("opportunity_id"));
        }
        let now = Timestamp::now();
        let mut tx = self.begin().await?;
        tx.customer(who.customer_scope(), customer_id)
            .await?
            .filter(|c| c.active)
            .ok_or_else(|| {
                AppError::validation("customer_id", "choose an active customer you may quote")
            })?;
        let settings = tx.company_settings().await?;
        let billing = tx.billing_settings().await?;
        let scale = currency_scale(&settings.currency);
        let today = today_in(&settings.time_zone);
        let valid_until = validity(input.valid_until, today, billing.quote_validity_days)?;
        let terms = text_field(
            "terms",
            input.terms.as_deref().unwrap_or(&settings.terms),
            MAX_TERMS,
            false,
            Lines::Multi,
        )?;
        let (lines, totals) = compute_lines(&input.lines, scale, company_rate(&settings.tax_rate))?;
        let id = QuoteId::new();
        let number =
            DocumentSeries::Quote.format(tx.next_number(DocumentSeries::Quote.counter()).await?);
        let first = NewQuoteVersion {
            id: QuoteVersionId::new(),
            quote_id: id,
            version: 1,
            number: quote_version_number(&number, 1),
            currency: settings.currency.clone(),
            valid_until,
            notes,
            terms,
            totals: stored(&totals, scale)?,
            lines,
            created_by: who.user.id,
            now,
        };
        tx.insert_quote(
            &NewQuote {
                id,
                number,
                customer_id,
                order_id: order.as_ref().map(|o| o.id),
                opportunity_id: opportunity.as_ref().map(|o| o.id),
                created_by: who.user.id,
                now,
            },
            &first,
        )
        .await?;
        self.stage_quote_saved(&mut tx, who, id).await?;
        tx.commit().await?;
        self.quote_detail(who, id).await
    }

    /// The opportunity a new quote is for: visible in the caller's CRM
    /// scope, and in `proposal` or `negotiation`.
    async fn quotable_opportunity(
        &self,
        who: &Principal,
        id: OpportunityId,
    ) -> AppResult<OpportunityRow> {
        let scope = who.crm_scope()?;
        let row = self
            .store
            .conn()
            .await?
            .opportunity(scope, id)
            .await?
            // Unknown or outside the caller's scope: not found, as an
            // order the caller may not see.
            .ok_or_else(|| AppError::not_found("opportunity").field("opportunity_id"))?;
        if !matches!(row.stage, Stage::Proposal | Stage::Negotiation) {
            return Err(AppError::new(
                ErrorCode::OpportunityNotQuotable,
                "quote an opportunity in the proposal or negotiation stage",
            )
            .field("opportunity_id"));
        }
        Ok(row)
    }

    /// Changes a quote: its draft in place; a sent, rejected,
    /// changes-requested or expired version by making the next version (a
    /// draft) that supersedes it. Approved and superseded versions are
    /// final (`quote_not_editable`).
    pub async fn update_quote(
        &self,
        who: &Principal,
        id: QuoteId,
        input: QuoteUpdate,
    ) -> AppResult<QuoteDetail> {
        who.require(Permission::EditQuotes)?;
        let notes = text_field("notes", &input.notes, MAX_NOTES, false, Lines::Multi)?;
        let now = Timestamp::now();
        let mut tx = self.begin().await?;
        self.visible_quote(&mut tx, who, id).await?;
        tx.lock_quote(id).await?;
        // Re-read under the lock.
        let row = self.visible_quote(&mut tx, who, id).await?;
        let current = tx
            .quote_version(row.version_id)
            .await?
            .ok_or_else(|| AppError::not_found("quote"))?;
        let settings = tx.company_settings().await?;
        let billing = tx.billing_settings().await?;
        let scale = currency_scale(&settings.currency);
        let today = today_in(&settings.time_zone);
        let valid_until = validity(input.valid_until, today, billing.quote_validity_days)?;
        let terms = match input.terms.as_deref() {
            Some(t) => text_field("terms", t, MAX_TERMS, false, Lines::Multi)?,
            None => current.terms.clone(),
        };
        let (lines, totals) = compute_lines(&input.lines, scale, company_rate(&settings.tax_rate))?;
        let totals = stored(&totals, scale)?;
        if current.state.is_editable() {
            let changed = tx
                .update_quote_draft(
                    current.id,
                    &QuoteDraft {
                        valid_until,
                        notes,
                        terms,
                        totals,
                        lines,
                        now,
                    },
                )
                .await?;
            if !changed {
                return Err(not_editable());
            }
        } else if current.state.needs_new_version() {
            if !tx
                .set_quote_state(current.id, current.state, QuoteState::Superseded, now)
                .await?
            {
                return Err(not_editable());
            }
            tx.drop_billing_reminders(ReminderSubject::Quote(current.id))
                .await?;
            let version = current.version + 1;
            tx.insert_quote_version(&NewQuoteVersion {
                id: QuoteVersionId::new(),
                quote_id: id,
                version,
                number: quote_version_number(&row.number, version),
                currency: current.currency.clone(),
                valid_until,
                notes,
                terms,
                totals,
                lines,
                created_by: who.user.id,
                now,
            })
            .await?;
        } else {
            return Err(not_editable());
        }
        self.stage_quote_saved(&mut tx, who, id).await?;
        tx.commit().await?;
        self.quote_detail(who, id).await
    }

    /// Publishes the quote's current version as saved on `staff:quotes`.
    async fn stage_quote_saved(
        &self,
        tx: &mut crate::services::uow::UnitOfWork<'_>,
        who: &Principal,
        id: QuoteId,
    ) -> AppResult<()> {
        let row = tx
            .quote(
                crate::domain::role::CustomerScope::All,
                QuoteView::Staff,
                id,
            )
            .await?
            .ok_or_else(|| AppError::not_found("quote"))?;
        let v = tx
            .quote_version(row.version_id)
            .await?
            .ok_or_else(|| AppError::not_found("quote"))?;
        self.publish_quote(
            tx,
            ChannelEvent::QuoteSaved,
            change_of(&row, &v, Some(who.actor())),
            false,
        )
        .await
    }
}

pub(crate) fn not_editable() -> AppError {
    AppError::new(
        ErrorCode::QuoteNotEditable,
        "this version of the quote is final (approved or replaced) and cannot change",
    )
}
