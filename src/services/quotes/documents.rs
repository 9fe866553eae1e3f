//! Reading quotes — the list, one quote with its history, the PDF — for
//! the office, sellers (their customers), customers (what they were sent)
//! and holders of the signed link in the quote's e-mail.
//!
//! The PDF is typeset in process by [`crate::notify::documents`] (typst,
//! fonts and templates compiled in, nothing fetched) on a blocking thread;
//! one engine serves the whole process.

use std::sync::OnceLock;

use super::{QuoteDetail, QuoteLine, QuotePage, QuoteSummary, QuoteVersionInfo, view_of};
use crate::domain::billing::lines::compute_document;
use crate::domain::billing::{LineTax, QuoteState};
use crate::domain::money::currency_scale;
use crate::domain::role::CustomerScope;
use crate::domain::{Permission, QuoteId, QuoteVersionId};
use crate::error::{AppError, AppResult, Context};
use crate::notify::documents::{DocLine, Document, Documents, Letterhead, Party, QuoteDoc};
use crate::services::auth::hash_token;
use crate::services::{Principal, Services, company_tz, decode_cursor, next_page, today_in};
use crate::store::Conn;
use crate::store::billing::quotes::{QuoteCursor, QuoteFilter, QuoteRow, QuoteView};

/// The one typesetting engine of the process (fonts parsed once).
fn engine() -> &'static Documents {
    static DOCUMENTS: OnceLock<Documents> = OnceLock::new();
    DOCUMENTS.get_or_init(Documents::new)
}

/// A PDF and the name to download it under.
pub struct QuotePdf {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

impl Services {
    /// Quotes in the caller's scope, newest first: staff see the version
    /// they work on, customers the newest one they were sent (never a draft).
    pub async fn list_quotes(
        &self,
        who: &Principal,
        mut filter: QuoteFilter,
        cursor: Option<&str>,
        limit: i64,
    ) -> AppResult<QuotePage> {
        who.require(Permission::ReadQuotes)?;
        filter.scope = who.customer_scope();
        filter.view = view_of(who);
        if filter.view == QuoteView::Customer {
            // Customers never see the CRM.
            filter.opportunity_id = None;
        }
        if let Some(q) = &filter.q {
            let q = q.trim();
            filter.q = (!q.is_empty()).then(|| q.chars().take(100).collect());
        }
        let after: Option<QuoteCursor> = cursor
            .map(decode_cursor::<(crate::domain::Timestamp, QuoteId)>)
            .transpose()?
            .map(|(created_at, id)| QuoteCursor { created_at, id });
        let limit = limit.clamp(1, 200);
        let mut conn = self.store.conn().await?;
        let today = today_in(&conn.company_settings().await?.time_zone);
        let mut rows = conn.quotes_page(&filter, after.as_ref(), limit + 1).await?;
        let next_cursor = next_page(&mut rows, limit, |r| (r.created_at, r.id));
        Ok(QuotePage {
            items: rows
                .iter()
                .map(|r| QuoteSummary::from_row(r, today, filter.view))
                .collect(),
            next_cursor,
        })
    }

    /// One quote with its lines and history, in the caller's view.
    pub async fn quote_detail(&self, who: &Principal, id: QuoteId) -> AppResult<QuoteDetail> {
        let mut conn = self.store.conn().await?;
        let row = self.visible_quote(&mut conn, who, id).await?;
        let may_edit = who.user.role.allows(Permission::EditQuotes);
        let may_answer = who.user.role.allows(Permission::AnswerQuotes);
        detail(&mut conn, &row, view_of(who), may_edit, may_answer).await
    }

    /// The quote a signed link names (the customer's view), or `not_found`.
    pub(crate) async fn quote_by_token(&self, conn: &mut Conn, token: &str) -> AppResult<QuoteRow> {
        let not_found = || AppError::not_found("quote");
        if token.len() < 16 || token.len() > 128 {
            return Err(not_found());
        }
        let id = conn
            .quote_by_link(&hash_token(token))
            .await?
            .ok_or_else(not_found)?;
        conn.quote(CustomerScope::All, QuoteView::Customer, id)
            .await?
            .ok_or_else(not_found)
    }

    /// The quote of a signed link, as its customer sees it (no sign-in).
    pub async fn quote_detail_by_link(&self, token: &str) -> AppResult<QuoteDetail> {
        let mut conn = self.store.conn().await?;
        let row = self.quote_by_token(&mut conn, token).await?;
        detail(&mut conn, &row, QuoteView::Customer, false, true).await
    }

    /// The PDF of the shown version (or of `version`, one the caller may see).
    pub async fn quote_pdf(
        &self,
        who: &Principal,
        id: QuoteId,
        version: Option<i32>,
    ) -> AppResult<QuotePdf> {
        let mut conn = self.store.conn().await?;
        let row = self.visible_quote(&mut conn, who, id).await?;
        let versions = conn.quote_versions(id, view_of(who)).await?;
        let wanted = version.unwrap_or(row.version);
        let v = versions
            .iter()
            .find(|v| v.version == wanted)
            .ok_or_else(|| AppError::not_found("quote version"))?;
        self.render_quote_pdf(&mut conn, &row, v.id).await
    }

    /// The PDF of a signed link's quote.
    pub async fn quote_pdf_by_link(&self, token: &str) -> AppResult<QuotePdf> {
        let mut conn = self.store.conn().await?;
        let row = self.quote_by_token(&mut conn, token).await?;
        self.render_quote_pdf(&mut conn, &row, row.version_id).await
    }

    /// Typesets one version of `row`'s quote as an A4 PDF.
    pub(crate) async fn render_quote_pdf(
        &self,
        conn: &mut Conn,
        row: &QuoteRow,
        version: QuoteVersionId,
    ) -> AppResult<QuotePdf> {
        let v = conn
            .quote_version(version)
            .await?
            .ok_or_else(|| AppError::not_found("quote version"))?;
        let lines = conn.quote_lines(version).await?;
        let settings = conn.company_settings().await?;
        let billing = conn.billing_settings().await?;
        let customer = conn
            .customer(CustomerScope::All, row.customer_id)
            .await?
            .ok_or_else(|| AppError::not_found("customer"))?;
        let logo = match &settings.logo_path {
            Some(name) => tokio::fs::read(self.settings.uploads.dir.join(name))
                .await
                .ok(),
            None => None,
        };
        let today = today_in(&settings.time_zone);
        let scale = currency_scale(&v.currency);
        let letterhead = Letterhead {
            company_name: settings.company_name.clone(),
            address: settings.address.clone(),
            phone: settings.phone.clone(),
            email: settings.email.clone(),
            logo,
            terms: if v.terms.is_empty() {
                settings.terms.clone()
            } else {
                v.terms.clone()
            },
            non_fiscal_line: billing.non_fiscal_line.clone(),
            tax_id_label: settings.tax_id_country.scheme_name().to_string(),
            currency: v.currency.clone(),
            time_zone: company_tz(&settings.time_zone),
            lang: self.language(),
        };
        let doc_lines: Vec<DocLine> = lines
            .iter()
            .map(|l| DocLine {
                kind: l.kind,
                description: l.description.clone(),
                quantity: l.quantity,
                unit_price: l.unit_price,
                discount: l.discount_pct,
                tax: LineTax::from_columns(l.tax_exempt, l.tax_rate),
                amount: l.net,
            })
            .collect();
        // The same function that computed the stored figures: identical totals.
        let inputs: Vec<_> = lines.iter().map(|l| l.input()).collect();
        let (_, totals) = compute_document(&inputs, scale)
            .map_err(|e| AppError::internal(anyhow::anyhow!("a stored quote: {e}")))?;
        let doc = Document::Quote(QuoteDoc {
            number: v.number.clone(),
            state: v.state.effective(v.valid_until, today),
            created_at: v.created_at,
            valid_until: v.valid_until,
            order_number: row.order_number.clone(),
            customer: Party {
                name: customer.name.clone(),
                tax_id: customer.tax_id.as_str().to_string(),
                address: customer.address.clone(),
                phone: customer.phone.clone(),
                email: customer.email.clone().unwrap_or_default(),
            },
            lines: doc_lines,
            totals,
            notes: v.notes.clone(),
            answer_comment: v.answer_comment.clone(),
        });
        let bytes = tokio::task::spawn_blocking(move || engine().render(&letterhead, &doc))
            .await
            .context("typesetting a quote")?
            .context("typesetting a quote")?;
        Ok(QuotePdf {
            file_name: format!("{}.pdf", v.number),
            bytes,
        })
    }
}

/// The detail of `row` in `view`.
async fn detail(
    conn: &mut Conn,
    row: &QuoteRow,
    view: QuoteView,
    may_edit: bool,
    may_answer: bool,
) -> AppResult<QuoteDetail> {
    let today = today_in(&conn.company_settings().await?.time_zone);
    let versions = conn.quote_versions(row.id, view).await?;
    let shown = versions
        .iter()
        .find(|v| v.id == row.version_id)
        .ok_or_else(|| AppError::not_found("quote"))?;
    let version = QuoteVersionInfo::from_row(shown, today);
    let lines = conn
        .quote_lines(row.version_id)
        .await?
        .iter()
        .map(QuoteLine::from)
        .collect();
    let can_answer = may_answer && version.state == QuoteState::Sent;
    let can_edit =
        may_edit && !matches!(version.state, QuoteState::Approved | QuoteState::Superseded);
    Ok(QuoteDetail {
        quote: QuoteSummary::from_row(row, today, view),
        version,
        lines,
        versions: versions
            .iter()
            .map(|v| QuoteVersionInfo::from_row(v, today))
            .collect(),
        can_answer,
        can_edit,
    })
}
