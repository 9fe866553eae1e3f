//! The PDFs of invoices, credit notes and statements: the same documents
//! the office prints, the portal downloads and (for invoices and credit
//! notes) the e-mail sent when it is issued carries. Typesetting is CPU work, so it runs on
//! the blocking pool; the engine (fonts parsed once) is shared by the
//! whole process.

use std::sync::{Arc, OnceLock};

use super::billing_scope;
use super::statement::StatementPeriod;
use crate::domain::billing::{DocumentTotals, LineInput, Settlement, compute_document};
use crate::domain::money::currency_scale;
use crate::domain::{CreditNoteId, CustomerId, InvoiceId};
use crate::error::{AppError, AppResult};
use crate::notify::documents::{
    CreditNoteDoc, DocLine, Document, Documents, InvoiceDoc, Letterhead, Party, StatementDoc,
};
use crate::services::{Principal, Services, company_tz};
use crate::store::Conn;
use crate::store::billing::LineRow;
use crate::store::billing::accounts::BillingCustomer;
use crate::store::billing::credit_notes::CreditNoteRow;
use crate::store::billing::invoices::InvoiceRow;

/// A PDF and the file name to offer it under.
#[derive(Debug, Clone)]
pub struct Pdf {
    pub file_name: String,
    pub bytes: Vec<u8>,
}

fn engine() -> Arc<Documents> {
    static ENGINE: OnceLock<Arc<Documents>> = OnceLock::new();
    ENGINE.get_or_init(|| Arc::new(Documents::new())).clone()
}

/// Typesets on the blocking pool.
pub(crate) async fn render(letterhead: Letterhead, doc: Document) -> AppResult<Vec<u8>> {
    let engine = engine();
    tokio::task::spawn_blocking(move || engine.render(&letterhead, &doc))
        .await
        .map_err(|e| AppError::internal(anyhow::anyhow!("the typesetting task failed: {e}")))?
        .map_err(|e| AppError::internal(anyhow::anyhow!(e)))
}

fn party(c: &BillingCustomer) -> Party {
    Party {
        name: c.name.clone(),
        tax_id: c.tax_id.clone(),
        address: c.address.clone(),
        phone: c.phone.clone(),
        email: c.email.clone().unwrap_or_default(),
    }
}

/// The lines as printed, and the totals recomputed from them (the same
/// domain arithmetic that stored them, so they are identical).
fn doc_lines(rows: &[LineRow], scale: u32) -> AppResult<(Vec<DocLine>, DocumentTotals)> {
    let inputs: Vec<LineInput> = rows.iter().map(LineRow::input).collect();
    let (_, totals) = compute_document(&inputs, scale).map_err(super::line_error)?;
    let lines = rows
        .iter()
        .map(|l| DocLine {
            kind: l.kind,
            description: l.description.clone(),
            quantity: l.quantity,
            unit_price: l.unit_price,
            discount: l.discount_pct,
            tax: l.input().tax,
            amount: l.net,
        })
        .collect();
    Ok((lines, totals))
}

impl Services {
    /// The company's letterhead for documents.
    pub(crate) async fn letterhead(&self, conn: &mut Conn) -> AppResult<Letterhead> {
        let settings = conn.company_settings().await?;
        let billing = conn.billing_settings().await?;
        let logo = match &settings.logo_path {
            Some(name) => tokio::fs::read(self.settings.uploads.dir.join(name))
                .await
                .ok(),
            None => None,
        };
        Ok(Letterhead {
            company_name: settings.company_name.clone(),
            address: settings.address.clone(),
            phone: settings.phone.clone(),
            email: settings.email.clone(),
            logo,
            terms: settings.terms.clone(),
            non_fiscal_line: billing.non_fiscal_line.clone(),
            tax_id_label: settings.tax_id_country.scheme_name().to_string(),
            currency: settings.currency.clone(),
            time_zone: company_tz(&settings.time_zone),
            lang: self.language(),
        })
    }

    /// An invoice's PDF (whoever may see the invoice).
    pub async fn invoice_pdf(&self, who: &Principal, id: InvoiceId) -> AppResult<Pdf> {
        let invoice = self.visible_invoice(who, id).await?;
        let mut conn = self.store.conn().await?;
        self.render_invoice_pdf(&mut conn, &invoice).await
    }

    /// Typesets an invoice read on `conn`: a connection, or the transaction
    /// that issues it (so the e-mail it is attached to carries the number
    /// assigned in that transaction).
    pub(crate) async fn render_invoice_pdf(
        &self,
        conn: &mut Conn,
        invoice: &InvoiceRow,
    ) -> AppResult<Pdf> {
        let head = self.letterhead(conn).await?;
        let customer = conn
            .billing_customer(crate::domain::role::CustomerScope::All, invoice.customer_id)
            .await?
            .ok_or_else(|| AppError::not_found("customer"))?;
        let rows = conn.invoice_lines(invoice.id).await?;
        let (lines, totals) = doc_lines(&rows, currency_scale(&invoice.currency))?;
        let settlement = Settlement {
            total: invoice.total,
            allocated: invoice.allocated,
            credited: invoice.credited,
        };
        let file_name = format!(
            "{}.pdf",
            invoice.number.clone().unwrap_or_else(|| "borrador".into())
        );
        let doc = Document::Invoice(InvoiceDoc {
            number: invoice.number.clone(),
            state: invoice.state,
            issue_date: invoice.issue_date,
            due_date: invoice.due_date,
            order_number: invoice.order_number.clone(),
            customer: party(&customer),
            lines,
            totals,
            notes: invoice.notes.clone(),
            settlement,
        });
        Ok(Pdf {
            file_name,
            bytes: render(head, doc).await?,
        })
    }

    /// A credit note's PDF (whoever may see it).
    pub async fn credit_note_pdf(&self, who: &Principal, id: CreditNoteId) -> AppResult<Pdf> {
        let scope = billing_scope(who)?;
        let mut conn = self.store.conn().await?;
        let note = conn
            .credit_note(scope, id)
            .await?
            .ok_or_else(|| AppError::not_found("credit note"))?;
        self.render_credit_note_pdf(&mut conn, &note).await
    }

    /// Typesets a credit note read on `conn` (a connection, or the
    /// transaction that issues it).
    pub(crate) async fn render_credit_note_pdf(
        &self,
        conn: &mut Conn,
        note: &CreditNoteRow,
    ) -> AppResult<Pdf> {
        let head = self.letterhead(conn).await?;
        let customer = conn
            .billing_customer(crate::domain::role::CustomerScope::All, note.customer_id)
            .await?
            .ok_or_else(|| AppError::not_found("customer"))?;
        let rows = conn.credit_note_lines(note.id).await?;
        let (lines, totals) = doc_lines(&rows, currency_scale(&note.currency))?;
        let doc = Document::CreditNote(CreditNoteDoc {
            number: note.number.clone(),
            invoice_number: note.invoice_number.clone(),
            issue_date: note.issue_date,
            reason: note.reason.clone(),
            customer: party(&customer),
            lines,
            totals,
        });
        Ok(Pdf {
            file_name: format!("{}.pdf", note.number),
            bytes: render(head, doc).await?,
        })
    }

    /// A customer's statement for a period as PDF.
    pub async fn statement_pdf(
        &self,
        who: &Principal,
        customer: CustomerId,
        period: StatementPeriod,
    ) -> AppResult<Pdf> {
        let parts = self.statement_parts(who, customer, period).await?;
        let mut conn = self.store.conn().await?;
        let head = self.letterhead(&mut conn).await?;
        drop(conn);
        let file_name = format!("estado-de-cuenta-{}.pdf", parts.statement.to);
        let doc = Document::Statement(StatementDoc {
            customer: party(&parts.customer),
            statement: parts.statement,
            aging: parts.aging,
            generated_at: parts.generated_at,
        });
        Ok(Pdf {
            file_name,
            bytes: render(head, doc).await?,
        })
    }
}

/// What [`Services::send_statement`] did.
#[derive(Debug, Clone, serde::Serialize, utoipa::ToSchema)]
pub struct StatementSent {
    /// The addresses the statement went to (the customer's portal contacts
    /// and its own billing e-mail), each once.
    pub recipients: Vec<String>,
    /// The closing balance it showed, with the currency's decimals.
    pub closing_balance: crate::domain::Money,
}

impl Services {
    /// E-mails a customer's statement for a period, its PDF attached, to
    /// the customer's portal contacts (and in-app) and to the customer's own
    /// e-mail when it is not one of them. Office roles only. The PDF is
    /// typeset before the transaction; the e-mails are enqueued in it, so
    /// they go out once whatever happens to the process.
    pub async fn send_statement(
        &self,
        who: &Principal,
        customer: CustomerId,
        period: StatementPeriod,
    ) -> AppResult<StatementSent> {
        use crate::domain::Timestamp;
        use crate::domain::notification::{NotificationKind, SubjectType};
        use crate::notify::mail::EmailAttachment;
        use crate::notify::templates::Message;

        super::require_office(who)?;
        let parts = self.statement_parts(who, customer, period).await?;
        let mut conn = self.store.conn().await?;
        let head = self.letterhead(&mut conn).await?;
        let recipients = conn.portal_recipients(parts.customer.id).await?;
        drop(conn);
        let own_email = parts
            .customer
            .email
            .clone()
            .filter(|e| !recipients.iter().any(|r| r.email.eq_ignore_ascii_case(e)));
        if recipients.is_empty() && own_email.is_none() {
            return Err(AppError::new(
                crate::error::ErrorCode::NoRecipients,
                "the customer has no e-mail and no portal contact to send it to",
            )
            .field("customer_id"));
        }
        let view = parts.view();
        let lang = self.language();
        let money = |v: crate::domain::Money| {
            crate::notify::documents::format::money(v.0, &view.currency, lang)
        };
        let period_text = {
            let day = |d: chrono::NaiveDate| crate::notify::documents::format::date(d, lang);
            match view.from {
                Some(from) => format!("{} – {}", day(from), day(view.to)),
                None => day(view.to),
            }
        };
        let closing = money(view.closing_balance);
        let file_name = format!("estado-de-cuenta-{}.pdf", view.to);
        let doc = Document::Statement(StatementDoc {
            customer: party(&parts.customer),
            statement: parts.statement,
            aging: parts.aging,
            generated_at: parts.generated_at,
        });
        let pdf = render(head, doc).await?;
        let attachment = EmailAttachment::new(&file_name, "application/pdf", &pdf);
        let link = format!("{}/billing/statement", self.public_url);
        // Each send is its own delivery: the office may send the same
        // period again (a corrected address, a customer who lost it).
        let key = format!(
            "statement_sent:{}:{}",
            parts.customer.id,
            Timestamp::now().as_datetime().timestamp_micros()
        );
        let message = |name: &str| Message::StatementSent {
            name: name.to_string(),
            period: period_text.clone(),
            closing_balance: closing.clone(),
            link: link.clone(),
        };
        let mut tx = self.begin().await?;
        tx.notify_customer_attaching(
            parts.customer.id,
            NotificationKind::StatementSent,
            &key,
            SubjectType::Customer,
            parts.customer.id.to_string(),
            std::slice::from_ref(&attachment),
            message,
        )
        .await?;
        if let Some(email) = &own_email {
            // The company's own address is no account: no preferences, no
            // in-app copy.
            tx.notify(crate::services::notifications::Notify {
                kind: NotificationKind::StatementSent,
                key: format!("{key}:customer"),
                user: None,
                email: Some(email),
                message: message(&parts.customer.name),
                subject_type: SubjectType::Customer,
                subject_id: parts.customer.id.to_string(),
                in_app: false,
                attachments: vec![attachment.clone()],
            })
            .await?;
        }
        tx.commit().await?;
        let mut sent: Vec<String> = recipients.into_iter().map(|r| r.email).collect();
        sent.extend(own_email);
        Ok(StatementSent {
            recipients: sent,
            closing_balance: view.closing_balance,
        })
    }
}
