//! `/api/v1/invoices`, `/api/v1/credit-notes`, and the invoice routes of an
//! order (`POST /orders/{id}/invoice`) and a quote (`POST
//! /quotes/{id}/invoice`). Registered before the orders and customers
//! scopes (see [`super::configure`]).

use actix_web::{HttpResponse, web};
use chrono::NaiveDate;
use serde::Deserialize;

use crate::domain::billing::InvoiceState;
use crate::domain::{
    CreditNoteId, CustomerId, InvoiceId, Money, OrderId, PaymentAllocationId, QuoteId,
};
use crate::error::{AppResult, Problem};
use crate::http::input::Json;
use crate::services::invoices::allocation::{AllocationInput, InvoicePaymentInput};
use crate::services::invoices::credit_notes::{CreditNoteDetail, CreditNoteInput};
use crate::services::invoices::documents::Pdf;
use crate::services::invoices::drafting::{InvoiceDraftInput, InvoiceInput};
use crate::services::invoices::export::ExportFormat;
use crate::services::invoices::issuing::VoidInput;
use crate::services::invoices::search::{InvoicePage, InvoiceSearch};
use crate::services::invoices::{CreditNote, InvoiceDetail};
use crate::services::{Principal, Services};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/invoices")
            .route(web::get().to(search_invoices))
            .route(web::post().to(create_invoice)),
    )
    // Before `/invoices/{id}`: "export" is not an id.
    .service(web::resource("/invoices/export").route(web::get().to(export_invoices)))
    .service(
        web::resource("/invoices/{id}")
            .route(web::get().to(get_invoice))
            .route(web::put().to(update_draft))
            .route(web::delete().to(delete_draft)),
    )
    .service(web::resource("/invoices/{id}/issue").route(web::post().to(issue_invoice)))
    .service(web::resource("/invoices/{id}/void").route(web::post().to(void_invoice)))
    .service(web::resource("/invoices/{id}/pdf").route(web::get().to(invoice_pdf)))
    .service(web::resource("/invoices/{id}/allocations").route(web::post().to(allocate)))
    .service(
        web::resource("/invoices/{id}/allocations/{allocation_id}")
            .route(web::delete().to(undo_allocation)),
    )
    .service(web::resource("/invoices/{id}/payments").route(web::post().to(pay_invoice)))
    .service(web::resource("/invoices/{id}/credit-notes").route(web::post().to(issue_credit_note)))
    .service(web::resource("/credit-notes").route(web::get().to(list_credit_notes)))
    .service(web::resource("/credit-notes/{id}").route(web::get().to(get_credit_note)))
    .service(web::resource("/credit-notes/{id}/pdf").route(web::get().to(credit_note_pdf)))
    .service(web::resource("/orders/{id}/invoice").route(web::post().to(invoice_from_order)))
    .service(web::resource("/quotes/{id}/invoice").route(web::post().to(invoice_from_quote)));
}

/// A PDF answer, shown inline (the browser's viewer) with its file name.
pub(crate) fn pdf(doc: Pdf) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/pdf")
        .insert_header((
            "Content-Disposition",
            format!("inline; filename=\"{}\"", doc.file_name),
        ))
        .body(doc.bytes)
}

/// A file download.
pub(crate) fn download(bytes: Vec<u8>, format: ExportFormat, name: &str) -> HttpResponse {
    HttpResponse::Ok()
        .content_type(format.content_type())
        .insert_header((
            "Content-Disposition",
            format!("attachment; filename=\"{name}.{}\"", format.extension()),
        ))
        .body(bytes)
}

// --- search and export ---------------------------------------------------------------

#[derive(Deserialize, utoipa::IntoParams)]
pub struct InvoiceQuery {
    pub customer_id: Option<CustomerId>,
    pub order_id: Option<OrderId>,
    pub state: Option<InvoiceState>,
    /// Issued on or after this day.
    pub issued_from: Option<NaiveDate>,
    /// Issued on or before this day.
    pub issued_to: Option<NaiveDate>,
    /// Due on or after this day.
    pub due_from: Option<NaiveDate>,
    /// Due on or before this day.
    pub due_to: Option<NaiveDate>,
    /// Total at least this much (a decimal).
    #[param(value_type = Option<String>, pattern = r"^[0-9]{1,12}(\.[0-9]{1,2})?$")]
    pub amount_min: Option<Money>,
    /// Total at most this much (a decimal).
    #[param(value_type = Option<String>, pattern = r"^[0-9]{1,12}(\.[0-9]{1,2})?$")]
    pub amount_max: Option<Money>,
    /// Only open invoices past their due date.
    pub overdue: Option<bool>,
    /// The invoice's or order's number, or the customer (name, tax id).
    pub q: Option<String>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Page size, 1 to 500 (default 50; others are brought into range).
    pub limit: Option<i64>,
}

impl InvoiceQuery {
    fn search(&self) -> InvoiceSearch {
        InvoiceSearch {
            customer_id: self.customer_id,
            order_id: self.order_id,
            state: self.state,
            issued_from: self.issued_from,
            issued_to: self.issued_to,
            due_from: self.due_from,
            due_to: self.due_to,
            amount_min: self.amount_min,
            amount_max: self.amount_max,
            overdue: self.overdue,
            q: self.q.clone(),
        }
    }
}

/// Search invoices, newest first: office roles all (drafts too), a seller
/// their own customers', a customer contact their company's; technicians
/// none.
#[utoipa::path(get, path = "/api/v1/invoices", tag = "billing", params(InvoiceQuery),
    responses((status = 200, body = InvoicePage), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 422, description = "invalid_cursor, validation_failed (a range ending before it starts, a bad amount)", body = Problem, content_type = "application/problem+json")))]
pub async fn search_invoices(
    services: web::Data<Services>,
    who: Principal,
    q: web::Query<InvoiceQuery>,
) -> AppResult<web::Json<InvoicePage>> {
    Ok(web::Json(
        services
            .search_invoices(&who, q.search(), q.cursor.as_deref(), q.limit.unwrap_or(50))
            .await?,
    ))
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct ExportQuery {
    /// `csv` or `xlsx`.
    #[param(inline)]
    pub format: ExportFormat,
}

/// The whole search as CSV or XLSX (typed number and date cells), with the
/// same filters and scope as the search.
#[utoipa::path(get, path = "/api/v1/invoices/export", tag = "billing", params(ExportQuery, InvoiceQuery),
    responses((status = 200, description = "text/csv or the XLSX spreadsheet", content((String = "text/csv"), (String = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 422, description = "validation_failed", body = Problem, content_type = "application/problem+json")))]
pub async fn export_invoices(
    services: web::Data<Services>,
    who: Principal,
    format: web::Query<ExportQuery>,
    q: web::Query<InvoiceQuery>,
) -> AppResult<HttpResponse> {
    match format.format {
        // A year of invoices: streamed a page at a time.
        ExportFormat::Csv => Ok(HttpResponse::Ok()
            .content_type(ExportFormat::Csv.content_type())
            .insert_header((
                "Content-Disposition",
                "attachment; filename=\"facturas.csv\"",
            ))
            .streaming(services.export_invoices_csv(&who, q.search()).await?)),
        ExportFormat::Xlsx => {
            let bytes = services
                .export_invoices(&who, q.search(), format.format)
                .await?;
            Ok(download(bytes, format.format, "facturas"))
        }
    }
}

// --- drafts --------------------------------------------------------------------------

/// Write an invoice draft by hand (master, admin, operator).
#[utoipa::path(post, path = "/api/v1/invoices", tag = "billing", request_body = InvoiceInput,
    responses((status = 201, body = InvoiceDetail), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 422, description = "validation_failed, invalid_money (a line's field is named)", body = Problem, content_type = "application/problem+json")))]
pub async fn create_invoice(
    services: web::Data<Services>,
    who: Principal,
    body: Json<InvoiceInput>,
) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Created().json(services.create_invoice(&who, body.into_inner()).await?))
}

/// A draft from a service order: its service value and the parts shown to
/// the customer (master, admin, operator).
#[utoipa::path(post, path = "/api/v1/orders/{id}/invoice", tag = "billing",
    params(("id" = OrderId, Path, description = "The service order")),
    responses((status = 201, body = InvoiceDetail), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 422, description = "validation_failed (nothing to bill)", body = Problem, content_type = "application/problem+json")))]
pub async fn invoice_from_order(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<OrderId>,
) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Created().json(services.invoice_from_order(&who, id.into_inner()).await?))
}

/// A draft from an approved quote, with its approved lines (master, admin,
/// operator).
#[utoipa::path(post, path = "/api/v1/quotes/{id}/invoice", tag = "billing",
    params(("id" = QuoteId, Path, description = "The quote")),
    responses((status = 201, body = InvoiceDetail), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 422, description = "invalid_transition (the quote is not approved)", body = Problem, content_type = "application/problem+json")))]
pub async fn invoice_from_quote(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<QuoteId>,
) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Created().json(services.invoice_from_quote(&who, id.into_inner()).await?))
}

/// An invoice with its lines, allocations and credit notes.
#[utoipa::path(get, path = "/api/v1/invoices/{id}", tag = "billing",
    params(("id" = InvoiceId, Path, description = "The invoice")),
    responses((status = 200, body = InvoiceDetail), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn get_invoice(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<InvoiceId>,
) -> AppResult<web::Json<InvoiceDetail>> {
    Ok(web::Json(
        services.get_invoice(&who, id.into_inner()).await?,
    ))
}

/// Rewrite a draft (master, admin, operator); an issued invoice is never
/// edited (`invalid_transition`).
#[utoipa::path(put, path = "/api/v1/invoices/{id}", tag = "billing", request_body = InvoiceDraftInput,
    params(("id" = InvoiceId, Path, description = "The invoice")),
    responses((status = 200, body = InvoiceDetail), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 422, description = "invalid_transition, validation_failed, invalid_money", body = Problem, content_type = "application/problem+json")))]
pub async fn update_draft(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<InvoiceId>,
    body: Json<InvoiceDraftInput>,
) -> AppResult<web::Json<InvoiceDetail>> {
    Ok(web::Json(
        services
            .update_invoice_draft(&who, id.into_inner(), body.into_inner())
            .await?,
    ))
}

/// Delete a draft (master, admin, operator); an issued invoice is never
/// deleted (`invalid_transition`).
#[utoipa::path(delete, path = "/api/v1/invoices/{id}", tag = "billing",
    params(("id" = InvoiceId, Path, description = "The invoice")),
    responses((status = 204), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 422, description = "invalid_transition", body = Problem, content_type = "application/problem+json")))]
pub async fn delete_draft(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<InvoiceId>,
) -> AppResult<HttpResponse> {
    services.delete_invoice_draft(&who, id.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}

// --- issue, void, PDF ----------------------------------------------------------------

/// Issue a draft (master, admin, operator): the `FAC-` number, the due date
/// from the payment terms, the order's advances applied. Over the
/// customer's credit limit the answer carries `credit_warning`.
#[utoipa::path(post, path = "/api/v1/invoices/{id}/issue", tag = "billing",
    params(("id" = InvoiceId, Path, description = "The draft")),
    responses((status = 200, body = InvoiceDetail), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 409, description = "credit_limit_exceeded", body = Problem, content_type = "application/problem+json"),
              (status = 422, description = "invalid_transition (not a draft: issued already)", body = Problem, content_type = "application/problem+json")))]
pub async fn issue_invoice(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<InvoiceId>,
) -> AppResult<web::Json<InvoiceDetail>> {
    Ok(web::Json(
        services.issue_invoice(&who, id.into_inner()).await?,
    ))
}

/// Void an issued invoice with nothing paid or credited (master, admin,
/// operator), with a reason.
#[utoipa::path(post, path = "/api/v1/invoices/{id}/void", tag = "billing", request_body = VoidInput,
    params(("id" = InvoiceId, Path, description = "The invoice")),
    responses((status = 200, body = InvoiceDetail), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 422, description = "invalid_transition, validation_failed (`reason`)", body = Problem, content_type = "application/problem+json")))]
pub async fn void_invoice(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<InvoiceId>,
    body: Json<VoidInput>,
) -> AppResult<web::Json<InvoiceDetail>> {
    Ok(web::Json(
        services
            .void_invoice(&who, id.into_inner(), body.into_inner())
            .await?,
    ))
}

/// The invoice as PDF (A4, non-fiscal), for whoever may see it.
#[utoipa::path(get, path = "/api/v1/invoices/{id}/pdf", tag = "billing",
    params(("id" = InvoiceId, Path, description = "The invoice")),
    responses((status = 200, content_type = "application/pdf"), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn invoice_pdf(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<InvoiceId>,
) -> AppResult<HttpResponse> {
    Ok(pdf(services.invoice_pdf(&who, id.into_inner()).await?))
}

// --- payments ------------------------------------------------------------------------

/// Apply part of a live payment of the same customer to an open invoice
/// (master, admin, operator).
#[utoipa::path(post, path = "/api/v1/invoices/{id}/allocations", tag = "billing", request_body = AllocationInput,
    params(("id" = InvoiceId, Path, description = "The invoice")),
    responses((status = 200, body = InvoiceDetail), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 422, description = "amount_exceeds_balance, invalid_money, invalid_transition, validation_failed", body = Problem, content_type = "application/problem+json")))]
pub async fn allocate(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<InvoiceId>,
    body: Json<AllocationInput>,
) -> AppResult<web::Json<InvoiceDetail>> {
    Ok(web::Json(
        services
            .allocate_payment(&who, id.into_inner(), body.into_inner())
            .await?,
    ))
}

/// Undo an allocation (master, admin, operator): the money is the
/// customer's credit again.
#[utoipa::path(delete, path = "/api/v1/invoices/{id}/allocations/{allocation_id}", tag = "billing",
    params(("id" = InvoiceId, Path, description = "The invoice"),
           ("allocation_id" = PaymentAllocationId, Path, description = "The allocation")),
    responses((status = 200, body = InvoiceDetail), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn undo_allocation(
    services: web::Data<Services>,
    who: Principal,
    path: web::Path<(InvoiceId, PaymentAllocationId)>,
) -> AppResult<web::Json<InvoiceDetail>> {
    let (id, allocation) = path.into_inner();
    Ok(web::Json(
        services.undo_allocation(&who, id, allocation).await?,
    ))
}

/// Register a payment on the invoice's order and apply it to the invoice
/// (master, admin, operator). More than is open is refused unless the
/// company lets the rest stay as customer credit.
#[utoipa::path(post, path = "/api/v1/invoices/{id}/payments", tag = "billing", request_body = InvoicePaymentInput,
    params(("id" = InvoiceId, Path, description = "The invoice")),
    responses((status = 200, body = InvoiceDetail), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 422, description = "amount_exceeds_balance, invalid_money, invalid_transition, validation_failed", body = Problem, content_type = "application/problem+json")))]
pub async fn pay_invoice(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<InvoiceId>,
    body: Json<InvoicePaymentInput>,
) -> AppResult<web::Json<InvoiceDetail>> {
    Ok(web::Json(
        services
            .pay_invoice(&who, id.into_inner(), body.into_inner())
            .await?,
    ))
}

// --- credit notes --------------------------------------------------------------------

/// Issue a credit note (`NC-`) on an issued invoice, for part or all of it
/// (master, admin, operator).
#[utoipa::path(post, path = "/api/v1/invoices/{id}/credit-notes", tag = "billing", request_body = CreditNoteInput,
    params(("id" = InvoiceId, Path, description = "The invoice")),
    responses((status = 201, body = CreditNoteDetail), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 422, description = "amount_exceeds_balance (more than is not credited yet), invalid_transition, validation_failed, invalid_money", body = Problem, content_type = "application/problem+json")))]
pub async fn issue_credit_note(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<InvoiceId>,
    body: Json<CreditNoteInput>,
) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Created().json(
        services
            .issue_credit_note(&who, id.into_inner(), body.into_inner())
            .await?,
    ))
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct CreditNoteQuery {
    pub invoice_id: Option<InvoiceId>,
    pub customer_id: Option<CustomerId>,
    /// 1 to 500 (default 100; others are brought into range).
    pub limit: Option<i64>,
}

/// Credit notes in scope, newest first.
#[utoipa::path(get, path = "/api/v1/credit-notes", tag = "billing", params(CreditNoteQuery),
    responses((status = 200, body = Vec<CreditNote>), (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn list_credit_notes(
    services: web::Data<Services>,
    who: Principal,
    q: web::Query<CreditNoteQuery>,
) -> AppResult<web::Json<Vec<CreditNote>>> {
    Ok(web::Json(
        services
            .list_credit_notes(&who, q.invoice_id, q.customer_id, q.limit.unwrap_or(100))
            .await?,
    ))
}

/// A credit note with its lines.
#[utoipa::path(get, path = "/api/v1/credit-notes/{id}", tag = "billing",
    params(("id" = CreditNoteId, Path, description = "The credit note")),
    responses((status = 200, body = CreditNoteDetail), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn get_credit_note(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<CreditNoteId>,
) -> AppResult<web::Json<CreditNoteDetail>> {
    Ok(web::Json(
        services.get_credit_note(&who, id.into_inner()).await?,
    ))
}

/// The credit note as PDF.
#[utoipa::path(get, path = "/api/v1/credit-notes/{id}/pdf", tag = "billing",
    params(("id" = CreditNoteId, Path, description = "The credit note")),
    responses((status = 200, content_type = "application/pdf"), (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn credit_note_pdf(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<CreditNoteId>,
) -> AppResult<HttpResponse> {
    Ok(pdf(services.credit_note_pdf(&who, id.into_inner()).await?))
}
