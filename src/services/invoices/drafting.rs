//! Invoice drafts: from a service order (its visible service value and the
//! parts shown to the customer — advances are not subtracted, they are
//! applied as payments when the invoice is issued), from an approved quote
//! (its lines as they were approved), or by hand. A draft has no number, may
//! be edited and deleted; an issued invoice never is.

use serde::Deserialize;

use super::{
    InvoiceDetail, LineBody, company_rate, compute_lines, line_error, notes_field, require_office,
};
use crate::domain::billing::{LineInput, LineKind, LineTax, QuoteState, compute_document};
use crate::domain::money::currency_scale;
use crate::domain::role::CustomerScope;
use crate::domain::{CustomerId, InvoiceId, OrderId, QuoteId, Timestamp};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::services::{Principal, Services};
use crate::store::billing::invoices::{InvoiceDraft, NewInvoice};
use crate::store::billing::quotes::QuoteView;
use crate::store::billing::{NewLine, StoredTotals};

/// An invoice written by hand.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct InvoiceInput {
    pub customer_id: CustomerId,
    /// 1 to 500 lines.
    pub lines: Vec<LineBody>,
    #[serde(default)]
    #[schema(max_length = 4000)]
    pub notes: String,
    /// Terms printed on the invoice; the company's when empty.
    #[serde(default)]
    #[schema(max_length = 4000)]
    pub terms: String,
}

/// A draft's new content.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct InvoiceDraftInput {
    pub lines: Vec<LineBody>,
    #[serde(default)]
    #[schema(max_length = 4000)]
    pub notes: String,
    #[serde(default)]
    #[schema(max_length = 4000)]
    pub terms: String,
}

impl Services {
    /// A draft written by hand (office roles).
    pub async fn create_invoice(
        &self,
        who: &Principal,
        input: InvoiceInput,
    ) -> AppResult<InvoiceDetail> {
        require_office(who)?;
        let notes = notes_field("notes", &input.notes)?;
        let terms = notes_field("terms", &input.terms)?;
        let mut tx = self.begin().await?;
        let customer = tx
            .billing_customer(CustomerScope::All, input.customer_id)
            .await?
            .ok_or_else(|| {
                AppError::validation("customer_id", "no such customer").field("customer_id")
            })?;
        let settings = tx.company_settings().await?;
        let scale = currency_scale(&settings.currency);
        let (lines, totals) = compute_lines(&input.lines, company_rate(&settings.tax_rate), scale)?;
        let id = InvoiceId::new();
        tx.insert_invoice(&NewInvoice {
            id,
            customer_id: customer.id,
            order_id: None,
            quote_version_id: None,
            currency: settings.currency.clone(),
            notes,
            terms: if terms.is_empty() {
                settings.terms.clone()
            } else {
                terms
            },
            totals,
            lines,
            created_by: who.user.id,
            now: Timestamp::now(),
        })
        .await?;
        tx.commit().await?;
        self.get_invoice(who, id).await
    }

    /// A draft from a service order: its service value as one service line
    /// and every part shown to the customer (hidden parts are internal and
    /// never billed), at the company's tax rate (office roles).
    pub async fn invoice_from_order(
        &self,
        who: &Principal,
        order_id: OrderId,
    ) -> AppResult<InvoiceDetail> {
        require_office(who)?;
        let order = self.visible_order_head(who, order_id).await?;
        let mut tx = self.begin().await?;
        let settings = tx.company_settings().await?;
        let scale = currency_scale(&settings.currency);
        let rate = LineTax::Rate(company_rate(&settings.tax_rate));
        let mut described: Vec<(LineKind, String, LineInput)> = Vec::new();
        if !order.service_value.0.is_zero() {
            described.push((
                LineKind::Service,
                format!("Servicio: {} (orden {})", order.reason, order.number),
                LineInput {
                    quantity: crate::domain::Quantity(rust_decimal::Decimal::ONE),
                    unit_price: order.service_value,
                    discount: crate::domain::billing::Percent::ZERO,
                    tax: rate,
                },
            ));
        }
        for part in tx.order_parts(order_id, false, false).await? {
            described.push((
                LineKind::Part,
                part.description.clone(),
                LineInput {
                    quantity: part.quantity,
                    unit_price: part.unit_price,
                    discount: crate::domain::billing::Percent::ZERO,
                    tax: rate,
                },
            ));
        }
        if described.is_empty() {
            return Err(AppError::new(
                ErrorCode::ValidationFailed,
                "the order has neither a service value nor parts shown to the customer",
            )
            .field("order_id"));
        }
        let (lines, totals) = lines_of(described, scale)?;
        let id = InvoiceId::new();
        tx.insert_invoice(&NewInvoice {
            id,
            customer_id: order.customer_id,
            order_id: Some(order_id),
            quote_version_id: None,
            currency: settings.currency.clone(),
            notes: String::new(),
            terms: settings.terms.clone(),
            totals,
            lines,
            created_by: who.user.id,
            now: Timestamp::now(),
        })
        .await?;
        tx.commit().await?;
        self.get_invoice(who, id).await
    }

    /// A draft from an approved quote: the approved version's lines, as they
    /// were approved (office roles). Any other state is refused.
    pub async fn invoice_from_quote(
        &self,
        who: &Principal,
        quote_id: QuoteId,
    ) -> AppResult<InvoiceDetail> {
        require_office(who)?;
        let mut tx = self.begin().await?;
        let quote = tx
            .quote(CustomerScope::All, QuoteView::Staff, quote_id)
            .await?
            .ok_or_else(|| AppError::not_found("quote"))?;
        let mut approved = None;
        for v in tx.quote_versions(quote_id, QuoteView::Staff).await? {
            if v.state == QuoteState::Approved {
                approved = Some(v);
            }
        }
        let version = approved.ok_or_else(|| {
            AppError::new(
                ErrorCode::InvalidTransition,
                "only an approved quote can be invoiced",
            )
        })?;
        let scale = currency_scale(&version.currency);
        let described = tx
            .quote_lines(version.id)
            .await?
            .into_iter()
            .map(|l| (l.kind, l.description.clone(), l.input()))
            .collect();
        let (lines, totals) = lines_of(described, scale)?;
        let id = InvoiceId::new();
        tx.insert_invoice(&NewInvoice {
            id,
            customer_id: quote.customer_id,
            order_id: quote.order_id,
            quote_version_id: Some(version.id),
            currency: version.currency.clone(),
            notes: version.notes.clone(),
            terms: version.terms.clone(),
            totals,
            lines,
            created_by: who.user.id,
            now: Timestamp::now(),
        })
        .await?;
        tx.commit().await?;
        self.get_invoice(who, id).await
    }

    /// Rewrites a draft's lines, notes and terms (office roles).
    pub async fn update_invoice_draft(
        &self,
        who: &Principal,
        id: InvoiceId,
        input: InvoiceDraftInput,
    ) -> AppResult<InvoiceDetail> {
        require_office(who)?;
        let notes = notes_field("notes", &input.notes)?;
        let terms = notes_field("terms", &input.terms)?;
        let mut tx = self.begin().await?;
        tx.lock_invoice(id).await?;
        let current = tx
            .invoice(CustomerScope::All, true, id)
            .await?
            .ok_or_else(|| AppError::not_found("invoice"))?;
        let settings = tx.company_settings().await?;
        let scale = currency_scale(&current.currency);
        let (lines, totals) = compute_lines(&input.lines, company_rate(&settings.tax_rate), scale)?;
        if !tx
            .update_invoice_draft(
                id,
                &InvoiceDraft {
                    notes,
                    terms,
                    totals,
                    lines,
                    now: Timestamp::now(),
                },
            )
            .await?
        {
            return Err(not_a_draft());
        }
        tx.commit().await?;
        self.get_invoice(who, id).await
    }

    /// Deletes a draft (office roles); an issued invoice is never deleted
    /// (`invalid_transition`: correct it with a credit note).
    pub async fn delete_invoice_draft(&self, who: &Principal, id: InvoiceId) -> AppResult<()> {
        require_office(who)?;
        let mut tx = self.begin().await?;
        tx.lock_invoice(id).await?;
        tx.invoice(CustomerScope::All, true, id)
            .await?
            .ok_or_else(|| AppError::not_found("invoice"))?;
        if !tx.delete_invoice_draft(id).await? {
            return Err(AppError::new(
                ErrorCode::InvalidTransition,
                "an issued invoice is never deleted; correct it with a credit note",
            ));
        }
        tx.commit().await?;
        Ok(())
    }
}

pub(crate) fn not_a_draft() -> AppError {
    AppError::new(
        ErrorCode::InvalidTransition,
        "the invoice is not a draft any more",
    )
}

/// Lines with their descriptions, computed by the domain.
fn lines_of(
    described: Vec<(LineKind, String, LineInput)>,
    scale: u32,
) -> AppResult<(Vec<NewLine>, StoredTotals)> {
    let inputs: Vec<LineInput> = described.iter().map(|d| d.2).collect();
    let (amounts, totals) = compute_document(&inputs, scale).map_err(line_error)?;
    let stored = StoredTotals::new(&totals, scale).ok_or_else(|| {
        AppError::new(ErrorCode::InvalidMoney, "the total is too large").field("lines")
    })?;
    let lines = described
        .into_iter()
        .zip(amounts)
        .map(|((kind, description, input), amounts)| NewLine {
            kind,
            item_id: None,
            description: description.chars().take(500).collect(),
            input,
            amounts,
        })
        .collect();
    Ok((lines, stored))
}
