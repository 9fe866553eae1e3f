//! The account statement of a customer (`/api/v1/customers/{id}/statement`
//! as JSON, PDF, CSV or XLSX), the customer's credit, and receivables.
//! Registered before the customers scope (see [`super::configure`]).

use actix_web::{HttpResponse, web};

use super::invoices::{download, pdf};
use crate::domain::CustomerId;
use crate::error::{AppResult, Problem};
use crate::services::invoices::allocation::CustomerCredit;
use crate::services::invoices::documents::StatementSent;
use crate::services::invoices::receivables::Receivables;
use crate::services::invoices::statement::{AccountStatement, StatementPeriod};
use crate::services::{Principal, Services};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/customers/{id}/statement").route(web::get().to(statement)))
        .service(web::resource("/customers/{id}/statement/pdf").route(web::get().to(statement_pdf)))
        .service(
            web::resource("/customers/{id}/statement/send").route(web::post().to(send_statement)),
        )
        .service(
            web::resource("/customers/{id}/statement/export")
                .route(web::get().to(statement_export)),
        )
        .service(web::resource("/customers/{id}/credit").route(web::get().to(customer_credit)))
        .service(web::resource("/receivables").route(web::get().to(receivables)));
}

/// The statement of a customer for a period: opening balance, every charge
/// and credit in date order with the running balance, closing balance and
/// aging. Office roles, the customer's seller, the customer's own contacts.
#[utoipa::path(get, path = "/api/v1/customers/{id}/statement", tag = "billing",
    params(("id" = CustomerId, Path, description = "The customer"), StatementPeriod),
    responses((status = 200, body = AccountStatement),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 422, description = "validation_failed (`to` before `from`)", body = Problem, content_type = "application/problem+json")))]
pub async fn statement(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<CustomerId>,
    period: web::Query<StatementPeriod>,
) -> AppResult<web::Json<AccountStatement>> {
    Ok(web::Json(
        services
            .account_statement(&who, id.into_inner(), period.into_inner())
            .await?,
    ))
}

/// The statement as PDF (A4, printable).
#[utoipa::path(get, path = "/api/v1/customers/{id}/statement/pdf", tag = "billing",
    params(("id" = CustomerId, Path, description = "The customer"), StatementPeriod),
    responses((status = 200, content_type = "application/pdf"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 422, description = "validation_failed", body = Problem, content_type = "application/problem+json")))]
pub async fn statement_pdf(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<CustomerId>,
    period: web::Query<StatementPeriod>,
) -> AppResult<HttpResponse> {
    Ok(pdf(services
        .statement_pdf(&who, id.into_inner(), period.into_inner())
        .await?))
}

/// E-mails the statement for a period, its PDF attached, to the customer's
/// portal contacts (also in-app) and to the customer's own e-mail. Office
/// roles only; each call is one more e-mail.
#[utoipa::path(post, path = "/api/v1/customers/{id}/statement/send", tag = "billing",
    params(("id" = CustomerId, Path, description = "The customer"), StatementPeriod),
    responses((status = 200, body = StatementSent),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 409, description = "no_recipients (no e-mail and no portal contact)", body = Problem, content_type = "application/problem+json"),
              (status = 422, description = "validation_failed (`to` before `from`)", body = Problem, content_type = "application/problem+json")))]
pub async fn send_statement(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<CustomerId>,
    period: web::Query<StatementPeriod>,
) -> AppResult<web::Json<StatementSent>> {
    Ok(web::Json(
        services
            .send_statement(&who, id.into_inner(), period.into_inner())
            .await?,
    ))
}

/// The statement as CSV or XLSX (typed number and date cells).
#[utoipa::path(get, path = "/api/v1/customers/{id}/statement/export", tag = "billing",
    params(("id" = CustomerId, Path, description = "The customer"),
           super::invoices::ExportQuery, StatementPeriod),
    responses((status = 200, description = "text/csv or the XLSX spreadsheet", content((String = "text/csv"), (String = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 422, description = "validation_failed", body = Problem, content_type = "application/problem+json")))]
pub async fn statement_export(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<CustomerId>,
    format: web::Query<super::invoices::ExportQuery>,
    period: web::Query<StatementPeriod>,
) -> AppResult<HttpResponse> {
    let bytes = services
        .export_statement(&who, id.into_inner(), period.into_inner(), format.format)
        .await?;
    Ok(download(bytes, format.format, "estado-de-cuenta"))
}

/// The customer's credit: payments with money not applied to any invoice.
#[utoipa::path(get, path = "/api/v1/customers/{id}/credit", tag = "billing",
    params(("id" = CustomerId, Path, description = "The customer")),
    responses((status = 200, body = CustomerCredit),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn customer_credit(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<CustomerId>,
) -> AppResult<web::Json<CustomerCredit>> {
    Ok(web::Json(
        services.customer_credit(&who, id.into_inner()).await?,
    ))
}

/// Receivables: every open invoice in scope with how late it is, and the
/// aging totals per customer and overall.
#[utoipa::path(get, path = "/api/v1/receivables", tag = "billing",
    responses((status = 200, body = Receivables),
              (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn receivables(
    services: web::Data<Services>,
    who: Principal,
) -> AppResult<web::Json<Receivables>> {
    Ok(web::Json(services.receivables(&who).await?))
}
