//! `/api/v1/quotes` (office, sellers, the portal) and
//! `/api/v1/public/quotes/{token}` (the signed link of the quote's e-mail:
//! no sign-in; the token is the secret). Thin: parse, call the service.

use actix_web::{HttpResponse, web};
use serde::Deserialize;

use crate::domain::billing::QuoteState;
use crate::domain::{CustomerId, OpportunityId, OrderId, QuoteId};
use crate::error::{AppResult, Problem};
use crate::http::input::Json;
use crate::services::quotes::documents::QuotePdf;
use crate::services::quotes::{
    QuoteAnswerInput, QuoteDetail, QuoteInput, QuotePage, QuotePreview, QuotePreviewInput,
    QuoteUpdate,
};
use crate::services::{Principal, Services};
use crate::store::billing::quotes::{QuoteFilter, QuoteView};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/quotes")
            .route(web::get().to(list_quotes))
            .route(web::post().to(create_quote)),
    )
    .service(web::resource("/quotes/preview").route(web::post().to(preview_quote)))
    .service(
        web::resource("/quotes/{id}")
            .route(web::get().to(get_quote))
            .route(web::put().to(update_quote)),
    )
    .service(web::resource("/quotes/{id}/send").route(web::post().to(send_quote)))
    .service(web::resource("/quotes/{id}/answer").route(web::post().to(answer_quote)))
    .service(web::resource("/quotes/{id}/pdf").route(web::get().to(quote_pdf)))
    .service(web::resource("/public/quotes/{token}").route(web::get().to(public_quote)))
    .service(web::resource("/public/quotes/{token}/answer").route(web::post().to(public_answer)))
    .service(web::resource("/public/quotes/{token}/pdf").route(web::get().to(public_pdf)));
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct QuoteQuery {
    /// Search the quote number, the order number and the customer.
    pub q: Option<String>,
    pub customer_id: Option<CustomerId>,
    pub order_id: Option<OrderId>,
    /// Quotes made for this CRM opportunity.
    pub opportunity_id: Option<OpportunityId>,
    /// Stored state of the shown version (`sent` includes those past their
    /// date that the daily job has not marked expired yet).
    pub state: Option<QuoteState>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Page size, 1 to 200 (default 50; others are brought into range).
    pub limit: Option<i64>,
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct PdfQuery {
    /// A version number (default: the shown version).
    #[param(minimum = 1)]
    pub version: Option<i32>,
}

fn pdf(doc: QuotePdf) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("application/pdf")
        .insert_header((
            "Content-Disposition",
            format!("inline; filename=\"{}\"", doc.file_name),
        ))
        .insert_header(("Cache-Control", "no-store"))
        .body(doc.bytes)
}

/// Quotes, newest first: office roles all, a seller their customers', a
/// customer contact their company's (only versions sent to them).
/// Technicians: 403.
#[utoipa::path(get, path = "/api/v1/quotes", tag = "quotes", params(QuoteQuery),
    responses((status = 200, body = QuotePage),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 422, description = "invalid_cursor", body = Problem, content_type = "application/problem+json")))]
pub async fn list_quotes(
    services: web::Data<Services>,
    who: Principal,
    q: web::Query<QuoteQuery>,
) -> AppResult<web::Json<QuotePage>> {
    let q = q.into_inner();
    let filter = QuoteFilter {
        scope: who.customer_scope(),
        view: QuoteView::Staff,
        customer_id: q.customer_id,
        order_id: q.order_id,
        opportunity_id: q.opportunity_id,
        state: q.state,
        q: q.q,
    };
    Ok(web::Json(
        services
            .list_quotes(&who, filter, q.cursor.as_deref(), q.limit.unwrap_or(50))
            .await?,
    ))
}

/// Create a quote (a draft) for a customer and/or one of their orders
/// (office roles; a seller for the customers they own).
#[utoipa::path(post, path = "/api/v1/quotes", tag = "quotes", request_body = QuoteInput,
    responses((status = 201, body = QuoteDetail),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, description = "the order or the opportunity is not visible", body = Problem, content_type = "application/problem+json"),
              (status = 409, description = "opportunity_not_quotable (the opportunity is not in proposal or negotiation); conflict (the opportunity belongs to another customer)", body = Problem, content_type = "application/problem+json"),
              (status = 422, description = "validation_failed, invalid_money (the field is named, e.g. `lines[0].quantity`)", body = Problem, content_type = "application/problem+json")))]
pub async fn create_quote(
    services: web::Data<Services>,
    who: Principal,
    body: Json<QuoteInput>,
) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Created().json(services.create_quote(&who, body.into_inner()).await?))
}

/// The figures of lines without saving them: the editor's live totals,
/// computed by the same code as stored quotes.
#[utoipa::path(post, path = "/api/v1/quotes/preview", tag = "quotes", request_body = QuotePreviewInput,
    responses((status = 200, body = QuotePreview),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 422, description = "validation_failed, invalid_money", body = Problem, content_type = "application/problem+json")))]
pub async fn preview_quote(
    services: web::Data<Services>,
    who: Principal,
    body: Json<QuotePreviewInput>,
) -> AppResult<web::Json<QuotePreview>> {
    Ok(web::Json(
        services.preview_quote(&who, body.into_inner()).await?,
    ))
}

/// One quote with its lines and the history of its versions.
#[utoipa::path(get, path = "/api/v1/quotes/{id}", tag = "quotes",
    params(("id" = String, Path, description = "the quote (UUID)")),
    responses((status = 200, body = QuoteDetail),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn get_quote(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<QuoteId>,
) -> AppResult<web::Json<QuoteDetail>> {
    Ok(web::Json(
        services.quote_detail(&who, id.into_inner()).await?,
    ))
}

/// Change a quote: the draft in place, or — once sent, rejected, with
/// changes requested or expired — a new version that supersedes it.
#[utoipa::path(put, path = "/api/v1/quotes/{id}", tag = "quotes", request_body = QuoteUpdate,
    params(("id" = String, Path, description = "the quote (UUID)")),
    responses((status = 200, body = QuoteDetail),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 409, description = "quote_not_editable (approved or superseded)", body = Problem, content_type = "application/problem+json"),
              (status = 422, description = "validation_failed, invalid_money", body = Problem, content_type = "application/problem+json")))]
pub async fn update_quote(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<QuoteId>,
    body: Json<QuoteUpdate>,
) -> AppResult<web::Json<QuoteDetail>> {
    Ok(web::Json(
        services
            .update_quote(&who, id.into_inner(), body.into_inner())
            .await?,
    ))
}

/// Send the draft version to the customer: e-mail with the PDF attached and
/// a signed link to answer without a password.
#[utoipa::path(post, path = "/api/v1/quotes/{id}/send", tag = "quotes",
    params(("id" = String, Path, description = "the quote (UUID)")),
    responses((status = 200, body = QuoteDetail),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 409, description = "quote_not_editable (already sent)", body = Problem, content_type = "application/problem+json"),
              (status = 422, description = "validation_failed (`valid_until` passed)", body = Problem, content_type = "application/problem+json")))]
pub async fn send_quote(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<QuoteId>,
) -> AppResult<web::Json<QuoteDetail>> {
    Ok(web::Json(services.send_quote(&who, id.into_inner()).await?))
}

/// The customer approves, rejects or asks for changes (customer contacts).
#[utoipa::path(post, path = "/api/v1/quotes/{id}/answer", tag = "quotes", request_body = QuoteAnswerInput,
    params(("id" = String, Path, description = "the quote (UUID)")),
    responses((status = 200, body = QuoteDetail),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 409, description = "quote_expired, quote_superseded, quote_not_answerable", body = Problem, content_type = "application/problem+json"),
              (status = 422, description = "validation_failed (`comment`)", body = Problem, content_type = "application/problem+json")))]
pub async fn answer_quote(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<QuoteId>,
    body: Json<QuoteAnswerInput>,
) -> AppResult<web::Json<QuoteDetail>> {
    Ok(web::Json(
        services
            .answer_quote(&who, id.into_inner(), body.into_inner())
            .await?,
    ))
}

/// The quote as an A4 PDF (the print view).
#[utoipa::path(get, path = "/api/v1/quotes/{id}/pdf", tag = "quotes",
    params(("id" = String, Path, description = "the quote (UUID)"), PdfQuery),
    responses((status = 200, content_type = "application/pdf", description = "the PDF"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn quote_pdf(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<QuoteId>,
    q: web::Query<PdfQuery>,
) -> AppResult<HttpResponse> {
    Ok(pdf(services
        .quote_pdf(&who, id.into_inner(), q.version)
        .await?))
}

/// The quote of a signed e-mail link (no sign-in; the customer's view).
#[utoipa::path(get, path = "/api/v1/public/quotes/{token}", tag = "quotes",
    params(("token" = String, Path, description = "the link's secret", min_length = 16, max_length = 128)),
    responses((status = 200, body = QuoteDetail),
              (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn public_quote(
    services: web::Data<Services>,
    token: web::Path<String>,
) -> AppResult<web::Json<QuoteDetail>> {
    Ok(web::Json(services.quote_detail_by_link(&token).await?))
}

/// Answer through the signed e-mail link (no sign-in).
#[utoipa::path(post, path = "/api/v1/public/quotes/{token}/answer", tag = "quotes", request_body = QuoteAnswerInput,
    params(("token" = String, Path, description = "the link's secret", min_length = 16, max_length = 128)),
    responses((status = 200, body = QuoteDetail),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 409, description = "quote_expired, quote_superseded, quote_not_answerable", body = Problem, content_type = "application/problem+json"),
              (status = 422, description = "validation_failed (`comment`)", body = Problem, content_type = "application/problem+json")))]
pub async fn public_answer(
    services: web::Data<Services>,
    token: web::Path<String>,
    body: Json<QuoteAnswerInput>,
) -> AppResult<web::Json<QuoteDetail>> {
    Ok(web::Json(
        services
            .answer_quote_by_link(&token, body.into_inner())
            .await?,
    ))
}

/// The PDF of a signed link's quote (no sign-in).
#[utoipa::path(get, path = "/api/v1/public/quotes/{token}/pdf", tag = "quotes",
    params(("token" = String, Path, description = "the link's secret", min_length = 16, max_length = 128)),
    responses((status = 200, content_type = "application/pdf", description = "the PDF"),
              (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn public_pdf(
    services: web::Data<Services>,
    token: web::Path<String>,
) -> AppResult<HttpResponse> {
    Ok(pdf(services.quote_pdf_by_link(&token).await?))
}
