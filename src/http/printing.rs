//! Print views (HTML): the service ticket with its QR code
//! (`/api/v1/orders/{id}/ticket`), the final report (`/api/v1/orders/{id}/report`)
//! and payment receipts (`/api/v1/payments/{id}/receipt`).
//!
//! The pages run no script and load nothing but the company logo; a strict
//! Content-Security-Policy says so to the browser.

use actix_web::{HttpResponse, web};
use serde::Deserialize;

use crate::domain::{OrderId, PaymentId};
use crate::error::{AppResult, Problem};
use crate::services::printing::PrintFormat;
use crate::services::{Principal, Services};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/orders/{id}/ticket").route(web::get().to(ticket)))
        .service(web::resource("/orders/{id}/report").route(web::get().to(report)))
        .service(web::resource("/payments/{id}/receipt").route(web::get().to(receipt)));
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct PrintQuery {
    /// `80mm` (thermal roll) or `a4`.
    #[param(inline)]
    pub format: Option<PrintFormat>,
}

const CSP: &str = "default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; \
                   base-uri 'none'; form-action 'none'; frame-ancestors 'self'";

fn html(body: String) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header(("Content-Security-Policy", CSP))
        .insert_header(("X-Content-Type-Options", "nosniff"))
        .insert_header(("Cache-Control", "private, no-store"))
        .body(body)
}

/// The printable service ticket (default A4): company data, order data,
/// terms & conditions, a signature line and a QR code (SVG) linking to the
/// order's public page `/o/<token>`. Whoever may see the order.
#[utoipa::path(get, path = "/api/v1/orders/{id}/ticket", tag = "printing", params(PrintQuery),
    responses((status = 200, content_type = "text/html"), (status = 404, body = Problem)))]
pub async fn ticket(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<OrderId>,
    q: web::Query<PrintQuery>,
) -> AppResult<HttpResponse> {
    let format = q.format.unwrap_or(PrintFormat::A4);
    Ok(html(
        services.ticket_html(&who, id.into_inner(), format).await?,
    ))
}

/// The final report of an order (default A4): timeline, parts, payments and
/// totals. Staff see internal events too; customer contacts do not.
#[utoipa::path(get, path = "/api/v1/orders/{id}/report", tag = "printing", params(PrintQuery),
    responses((status = 200, content_type = "text/html"), (status = 404, body = Problem)))]
pub async fn report(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<OrderId>,
    q: web::Query<PrintQuery>,
) -> AppResult<HttpResponse> {
    let format = q.format.unwrap_or(PrintFormat::A4);
    Ok(html(
        services.report_html(&who, id.into_inner(), format).await?,
    ))
}

/// The printable, non-fiscal receipt of a payment (default 80 mm).
#[utoipa::path(get, path = "/api/v1/payments/{id}/receipt", tag = "printing", params(PrintQuery),
    responses((status = 200, content_type = "text/html"), (status = 404, body = Problem)))]
pub async fn receipt(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<PaymentId>,
    q: web::Query<PrintQuery>,
) -> AppResult<HttpResponse> {
    let format = q.format.unwrap_or(PrintFormat::Thermal80);
    Ok(html(
        services.receipt_html(&who, id.into_inner(), format).await?,
    ))
}
