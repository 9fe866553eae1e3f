//! `/api/v1/reports/…`: management reports (issue 17) and their exports.

use actix_web::{HttpResponse, web};

use crate::error::{AppResult, Problem};
use crate::http::invoices::{ExportQuery, download};
use crate::services::reports::operations::{OperationsQuery, OperationsReport};
use crate::services::reports::revenue::{RevenueQuery, RevenueReport};
use crate::services::{Principal, Services};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/reports/revenue", web::get().to(revenue))
        .route("/reports/revenue/export", web::get().to(export_revenue))
        .route("/reports/operations", web::get().to(operations));
}

/// Revenue: invoiced, credited, net and collected by period, customer,
/// seller and service type, and the receivables aging (office roles; a
/// seller, their own customers).
#[utoipa::path(get, path = "/api/v1/reports/revenue", tag = "reports", params(RevenueQuery),
    responses((status = 200, body = RevenueReport),
              (status = 400, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 422, description = "validation_failed (`to`, `granularity`, `category`)", body = Problem, content_type = "application/problem+json")))]
pub async fn revenue(
    services: web::Data<Services>,
    who: Principal,
    q: web::Query<RevenueQuery>,
) -> AppResult<web::Json<RevenueReport>> {
    Ok(web::Json(
        services.revenue_report(&who, q.into_inner()).await?,
    ))
}

/// The revenue report's periods as CSV or XLSX (real number and date
/// cells), with the same filters and scope.
#[utoipa::path(get, path = "/api/v1/reports/revenue/export", tag = "reports", params(ExportQuery, RevenueQuery),
    responses((status = 200, description = "text/csv or the XLSX spreadsheet", content((String = "text/csv"), (String = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
              (status = 400, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 422, description = "validation_failed", body = Problem, content_type = "application/problem+json")))]
pub async fn export_revenue(
    services: web::Data<Services>,
    who: Principal,
    format: web::Query<ExportQuery>,
    q: web::Query<RevenueQuery>,
) -> AppResult<HttpResponse> {
    let bytes = services
        .export_revenue(&who, q.into_inner(), format.format)
        .await?;
    Ok(download(bytes, format.format, "ingresos"))
}

/// Operations: orders opened and closed and their cycle time by period and
/// status, and each technician's workload and productivity (office roles;
/// a seller, their customers' orders; a technician, their own figures).
#[utoipa::path(get, path = "/api/v1/reports/operations", tag = "reports", params(OperationsQuery),
    responses((status = 200, body = OperationsReport),
              (status = 400, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 422, description = "validation_failed (`to`, `granularity`, `category`)", body = Problem, content_type = "application/problem+json")))]
pub async fn operations(
    services: web::Data<Services>,
    who: Principal,
    q: web::Query<OperationsQuery>,
) -> AppResult<web::Json<OperationsReport>> {
    Ok(web::Json(
        services.operations_report(&who, q.into_inner()).await?,
    ))
}
