//! `/api/v1/reports/…`: management reports (issue 17) and their exports.

use actix_web::{HttpResponse, web};

use crate::domain::ReportSubscriptionId;
use crate::error::{AppResult, Problem};
use crate::http::input::Json;
use crate::http::invoices::{ExportQuery, download};
use crate::services::reports::operations::{
    OperationsFigureQuery, OperationsQuery, OperationsReport,
};
use crate::services::reports::parts::{PartsFigureQuery, PartsQuery, PartsReport};
use crate::services::reports::quality::{QualityFigureQuery, QualityQuery, QualityReport};
use crate::services::reports::records::{RecordsQuery, ReportRecords};
use crate::services::reports::revenue::{RevenueQuery, RevenueReport};
use crate::services::reports::sales::{SalesFigureQuery, SalesQuery, SalesReport};
use crate::services::reports::subscriptions::{ReportSubscription, SubscriptionInput};
use crate::services::{Principal, Services};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/reports/subscriptions", web::get().to(subscriptions))
        .route("/reports/subscriptions", web::post().to(subscribe))
        .route("/reports/subscriptions/{id}", web::delete().to(unsubscribe))
        .route("/reports/revenue", web::get().to(revenue))
        .route("/reports/revenue/export", web::get().to(export_revenue))
        .route("/reports/operations", web::get().to(operations))
        .route(
            "/reports/operations/export",
            web::get().to(export_operations),
        )
        .route(
            "/reports/operations/records",
            web::get().to(operations_records),
        )
        .route("/reports/parts", web::get().to(parts))
        .route("/reports/parts/export", web::get().to(export_parts))
        .route("/reports/parts/records", web::get().to(parts_records))
        .route("/reports/sales", web::get().to(sales))
        .route("/reports/sales/export", web::get().to(export_sales))
        .route("/reports/sales/records", web::get().to(sales_records))
        .route("/reports/quality", web::get().to(quality))
        .route("/reports/quality/export", web::get().to(export_quality))
        .route("/reports/quality/records", web::get().to(quality_records));
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

/// The operations report's tables as CSV or XLSX (real number and date
/// cells), with the same filters and scope.
#[utoipa::path(get, path = "/api/v1/reports/operations/export", tag = "reports", params(ExportQuery, OperationsQuery),
    responses((status = 200, description = "text/csv or the XLSX spreadsheet", content((String = "text/csv"), (String = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
              (status = 400, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 422, description = "validation_failed", body = Problem, content_type = "application/problem+json")))]
pub async fn export_operations(
    services: web::Data<Services>,
    who: Principal,
    format: web::Query<ExportQuery>,
    q: web::Query<OperationsQuery>,
) -> AppResult<HttpResponse> {
    let bytes = services
        .export_operations(&who, q.into_inner(), format.format)
        .await?;
    Ok(download(bytes, format.format, "operaciones"))
}

/// The records behind a figure of the operations report (drill-down), newest
/// first, a page at a time; same filters and scope as the report.
#[utoipa::path(get, path = "/api/v1/reports/operations/records", tag = "reports", params(OperationsFigureQuery, RecordsQuery, OperationsQuery),
    responses((status = 200, body = ReportRecords),
              (status = 400, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 422, description = "validation_failed (`to`, `granularity`, `category`, `key`), invalid_cursor", body = Problem, content_type = "application/problem+json")))]
pub async fn operations_records(
    services: web::Data<Services>,
    who: Principal,
    figure: web::Query<OperationsFigureQuery>,
    r: web::Query<RecordsQuery>,
    q: web::Query<OperationsQuery>,
) -> AppResult<web::Json<ReportRecords>> {
    Ok(web::Json(
        services
            .operations_records(&who, q.into_inner(), figure.figure, r.into_inner())
            .await?,
    ))
}

/// Parts and suppliers: consumption by period, item and machine model, today's stock value and items below minimum, supplier performance (office roles).
#[utoipa::path(get, path = "/api/v1/reports/parts", tag = "reports", params(PartsQuery),
    responses((status = 200, body = PartsReport),
              (status = 400, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 422, description = "validation_failed (`to`, `granularity`, `category`)", body = Problem, content_type = "application/problem+json")))]
pub async fn parts(
    services: web::Data<Services>,
    who: Principal,
    q: web::Query<PartsQuery>,
) -> AppResult<web::Json<PartsReport>> {
    Ok(web::Json(
        services.parts_report(&who, q.into_inner()).await?,
    ))
}

/// The parts report's tables as CSV or XLSX (real number and date
/// cells), with the same filters and scope.
#[utoipa::path(get, path = "/api/v1/reports/parts/export", tag = "reports", params(ExportQuery, PartsQuery),
    responses((status = 200, description = "text/csv or the XLSX spreadsheet", content((String = "text/csv"), (String = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
              (status = 400, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 422, description = "validation_failed", body = Problem, content_type = "application/problem+json")))]
pub async fn export_parts(
    services: web::Data<Services>,
    who: Principal,
    format: web::Query<ExportQuery>,
    q: web::Query<PartsQuery>,
) -> AppResult<HttpResponse> {
    let bytes = services
        .export_parts(&who, q.into_inner(), format.format)
        .await?;
    Ok(download(bytes, format.format, "repuestos"))
}

/// The records behind a figure of the parts report (drill-down), newest
/// first, a page at a time; same filters and scope as the report.
#[utoipa::path(get, path = "/api/v1/reports/parts/records", tag = "reports", params(PartsFigureQuery, RecordsQuery, PartsQuery),
    responses((status = 200, body = ReportRecords),
              (status = 400, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 422, description = "validation_failed (`to`, `granularity`, `category`, `key`), invalid_cursor", body = Problem, content_type = "application/problem+json")))]
pub async fn parts_records(
    services: web::Data<Services>,
    who: Principal,
    figure: web::Query<PartsFigureQuery>,
    r: web::Query<RecordsQuery>,
    q: web::Query<PartsQuery>,
) -> AppResult<web::Json<ReportRecords>> {
    Ok(web::Json(
        services
            .parts_records(&who, q.into_inner(), figure.figure, r.into_inner())
            .await?,
    ))
}

/// Sales: the opportunities created in the range — funnel, conversion and win rate by period and seller, pipeline value (office roles; a seller, their own).
#[utoipa::path(get, path = "/api/v1/reports/sales", tag = "reports", params(SalesQuery),
    responses((status = 200, body = SalesReport),
              (status = 400, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 422, description = "validation_failed (`to`, `granularity`, `category`)", body = Problem, content_type = "application/problem+json")))]
pub async fn sales(
    services: web::Data<Services>,
    who: Principal,
    q: web::Query<SalesQuery>,
) -> AppResult<web::Json<SalesReport>> {
    Ok(web::Json(
        services.sales_report(&who, q.into_inner()).await?,
    ))
}

/// The sales report's tables as CSV or XLSX (real number and date
/// cells), with the same filters and scope.
#[utoipa::path(get, path = "/api/v1/reports/sales/export", tag = "reports", params(ExportQuery, SalesQuery),
    responses((status = 200, description = "text/csv or the XLSX spreadsheet", content((String = "text/csv"), (String = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
              (status = 400, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 422, description = "validation_failed", body = Problem, content_type = "application/problem+json")))]
pub async fn export_sales(
    services: web::Data<Services>,
    who: Principal,
    format: web::Query<ExportQuery>,
    q: web::Query<SalesQuery>,
) -> AppResult<HttpResponse> {
    let bytes = services
        .export_sales(&who, q.into_inner(), format.format)
        .await?;
    Ok(download(bytes, format.format, "ventas"))
}

/// The records behind a figure of the sales report (drill-down), newest
/// first, a page at a time; same filters and scope as the report.
#[utoipa::path(get, path = "/api/v1/reports/sales/records", tag = "reports", params(SalesFigureQuery, RecordsQuery, SalesQuery),
    responses((status = 200, body = ReportRecords),
              (status = 400, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 422, description = "validation_failed (`to`, `granularity`, `category`, `key`), invalid_cursor", body = Problem, content_type = "application/problem+json")))]
pub async fn sales_records(
    services: web::Data<Services>,
    who: Principal,
    figure: web::Query<SalesFigureQuery>,
    r: web::Query<RecordsQuery>,
    q: web::Query<SalesQuery>,
) -> AppResult<web::Json<ReportRecords>> {
    Ok(web::Json(
        services
            .sales_records(&who, q.into_inner(), figure.figure, r.into_inner())
            .await?,
    ))
}

/// Service quality: ticket response and resolution times, SLA compliance, NPS and CSAT by period, technician, service type and segment, proactive and reactive contacts (office roles; a seller, their customers).
#[utoipa::path(get, path = "/api/v1/reports/quality", tag = "reports", params(QualityQuery),
    responses((status = 200, body = QualityReport),
              (status = 400, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 422, description = "validation_failed (`to`, `granularity`, `category`)", body = Problem, content_type = "application/problem+json")))]
pub async fn quality(
    services: web::Data<Services>,
    who: Principal,
    q: web::Query<QualityQuery>,
) -> AppResult<web::Json<QualityReport>> {
    Ok(web::Json(
        services.quality_report(&who, q.into_inner()).await?,
    ))
}

/// The quality report's tables as CSV or XLSX (real number and date
/// cells), with the same filters and scope.
#[utoipa::path(get, path = "/api/v1/reports/quality/export", tag = "reports", params(ExportQuery, QualityQuery),
    responses((status = 200, description = "text/csv or the XLSX spreadsheet", content((String = "text/csv"), (String = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"))),
              (status = 400, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 422, description = "validation_failed", body = Problem, content_type = "application/problem+json")))]
pub async fn export_quality(
    services: web::Data<Services>,
    who: Principal,
    format: web::Query<ExportQuery>,
    q: web::Query<QualityQuery>,
) -> AppResult<HttpResponse> {
    let bytes = services
        .export_quality(&who, q.into_inner(), format.format)
        .await?;
    Ok(download(bytes, format.format, "calidad"))
}

/// The records behind a figure of the quality report (drill-down), newest
/// first, a page at a time; same filters and scope as the report.
#[utoipa::path(get, path = "/api/v1/reports/quality/records", tag = "reports", params(QualityFigureQuery, RecordsQuery, QualityQuery),
    responses((status = 200, body = ReportRecords),
              (status = 400, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 422, description = "validation_failed (`to`, `granularity`, `category`, `key`), invalid_cursor", body = Problem, content_type = "application/problem+json")))]
pub async fn quality_records(
    services: web::Data<Services>,
    who: Principal,
    figure: web::Query<QualityFigureQuery>,
    r: web::Query<RecordsQuery>,
    q: web::Query<QualityQuery>,
) -> AppResult<web::Json<ReportRecords>> {
    Ok(web::Json(
        services
            .quality_records(&who, q.into_inner(), figure.figure, r.into_inner())
            .await?,
    ))
}

/// The caller's report subscriptions, oldest first.
#[utoipa::path(get, path = "/api/v1/reports/subscriptions", tag = "reports",
    responses((status = 200, body = [ReportSubscription])))]
pub async fn subscriptions(
    services: web::Data<Services>,
    who: Principal,
) -> AppResult<web::Json<Vec<ReportSubscription>>> {
    Ok(web::Json(services.report_subscriptions(&who).await?))
}

/// Subscribes the caller to a report: e-mailed each Monday (the week
/// before) or each first of the month (the month before) at 07:00, with
/// the XLSX attached. The report is run once with the filters first: 403
/// when the caller may not read it, 422 for bad filters.
#[utoipa::path(post, path = "/api/v1/reports/subscriptions", tag = "reports", request_body = SubscriptionInput,
    responses((status = 201, body = ReportSubscription),
              (status = 400, body = Problem, content_type = "application/problem+json"),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 409, description = "conflict: at most 20 subscriptions", body = Problem, content_type = "application/problem+json"),
              (status = 422, description = "validation_failed (`category`)", body = Problem, content_type = "application/problem+json")))]
pub async fn subscribe(
    services: web::Data<Services>,
    who: Principal,
    body: Json<SubscriptionInput>,
) -> AppResult<HttpResponse> {
    let s = services
        .create_report_subscription(&who, body.into_inner())
        .await?;
    Ok(HttpResponse::Created().json(s))
}

/// Cancels one of the caller's subscriptions.
#[utoipa::path(delete, path = "/api/v1/reports/subscriptions/{id}", tag = "reports",
    responses((status = 204),
              (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn unsubscribe(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<ReportSubscriptionId>,
) -> AppResult<HttpResponse> {
    services
        .delete_report_subscription(&who, id.into_inner())
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
