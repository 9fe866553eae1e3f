//! `/api/v1/crm/*` (opportunities, the pipeline board, metrics, the CRM
//! dashboard, exports of opportunities) and the CRM additions to the
//! customer directory (`/api/v1/customers/export`,
//! `/api/v1/customers/{id}/documents`).
//!
//! The customer routes are single resources registered before the
//! customers scope (see [`super::configure`]).

use actix_files::NamedFile;
use actix_web::http::header::{ContentDisposition, DispositionParam, DispositionType};
use actix_web::{HttpResponse, Responder, web};
use chrono::NaiveDate;
use serde::Deserialize;

use crate::domain::crm::metrics::Metrics;
use crate::domain::crm::view::{Board, Opportunity, OpportunityDetail};
use crate::domain::crm::{LostReason, Stage};
use crate::domain::{CustomerDocumentId, CustomerId, Money, OpportunityId, UserId};
use crate::error::{AppError, AppResult, Problem};
use crate::http::customers::DirectoryQuery;
use crate::http::input::Json;
use crate::http::tickets::read_named_upload;
use crate::services::crm::documents::CustomerDocument;
use crate::services::crm::export::ExportFormat;
use crate::services::crm::metrics::{CrmDashboard, MetricsQuery};
use crate::services::crm::opportunities::{
    MoveInput, OpportunityInput, OpportunityPage, ReopenInput,
};
use crate::services::crm::pipeline::BoardQuery;
use crate::services::{Principal, Services};
use crate::store::crm::opportunities::OpportunityFilter;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/crm/opportunities")
            .route(web::get().to(list_opportunities))
            .route(web::post().to(create_opportunity)),
    )
    .service(web::resource("/crm/opportunities/export").route(web::get().to(export_opportunities)))
    .service(
        web::resource("/crm/opportunities/{id}")
            .route(web::get().to(get_opportunity))
            .route(web::put().to(update_opportunity)),
    )
    .service(web::resource("/crm/opportunities/{id}/move").route(web::post().to(move_opportunity)))
    .service(
        web::resource("/crm/opportunities/{id}/reopen").route(web::post().to(reopen_opportunity)),
    )
    .service(web::resource("/crm/board").route(web::get().to(board)))
    .service(web::resource("/crm/metrics").route(web::get().to(metrics)))
    .service(web::resource("/crm/dashboard").route(web::get().to(dashboard)))
    .service(web::resource("/crm/lost-reasons").route(web::get().to(lost_reasons)))
    .service(web::resource("/customers/export").route(web::get().to(export_directory)))
    .service(
        web::resource("/customers/{id}/documents")
            .route(web::get().to(list_documents))
            .route(web::post().to(upload_document)),
    )
    .service(
        web::resource("/customers/{id}/documents/{document}")
            .route(web::get().to(download_document))
            .route(web::delete().to(delete_document)),
    );
}

// --- opportunities -------------------------------------------------------------

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct OpportunityQuery {
    pub owner_id: Option<UserId>,
    pub stage: Option<Stage>,
    pub customer_id: Option<CustomerId>,
    /// Expected close on or after this day.
    pub close_from: Option<NaiveDate>,
    /// Expected close on or before this day.
    pub close_to: Option<NaiveDate>,
    /// Value at least this.
    #[param(value_type = Option<String>, pattern = r"^[0-9]{1,12}(\.[0-9]{1,2})?$")]
    pub value_min: Option<Money>,
    /// Value at most this.
    #[param(value_type = Option<String>, pattern = r"^[0-9]{1,12}(\.[0-9]{1,2})?$")]
    pub value_max: Option<Money>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Page size, 1 to 200 (default 50; others are brought into range).
    pub limit: Option<i64>,
}

impl OpportunityQuery {
    fn filter(&self) -> OpportunityFilter {
        OpportunityFilter {
            owner_id: self.owner_id,
            stage: self.stage,
            customer_id: self.customer_id,
            close_from: self.close_from,
            close_to: self.close_to,
            value_min: self.value_min,
            value_max: self.value_max,
        }
    }
}

/// Opportunities in the caller's scope matching every filter, newest change
/// first (office roles: all; a seller: their own and their customers').
#[utoipa::path(get, path = "/api/v1/crm/opportunities", tag = "crm", params(OpportunityQuery),
    responses((status = 200, body = OpportunityPage), (status = 403, body = Problem),
              (status = 400, content_type = "application/problem+json", body = Problem),
              (status = 422, description = "invalid_cursor, validation_failed", content_type = "application/problem+json", body = Problem)))]
pub async fn list_opportunities(
    services: web::Data<Services>,
    who: Principal,
    q: web::Query<OpportunityQuery>,
) -> AppResult<web::Json<OpportunityPage>> {
    Ok(web::Json(
        services
            .list_opportunities(&who, q.filter(), q.cursor.as_deref(), q.limit.unwrap_or(50))
            .await?,
    ))
}

/// Create an opportunity (office roles; a seller for their own customers).
#[utoipa::path(post, path = "/api/v1/crm/opportunities", tag = "crm", request_body = OpportunityInput,
    responses((status = 201, body = Opportunity),
              (status = 403, content_type = "application/problem+json", body = Problem),
              (status = 404, description = "customer not found", content_type = "application/problem+json", body = Problem),
              (status = 422, description = "validation_failed (probability, owner_id…), invalid_money (value)", content_type = "application/problem+json", body = Problem)))]
pub async fn create_opportunity(
    services: web::Data<Services>,
    who: Principal,
    body: Json<OpportunityInput>,
) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Created().json(services.create_opportunity(&who, body.into_inner()).await?))
}

/// One opportunity with its stage history.
#[utoipa::path(get, path = "/api/v1/crm/opportunities/{id}", tag = "crm",
    params(("id" = OpportunityId, Path, description = "the opportunity")),
    responses((status = 200, body = OpportunityDetail),
              (status = 403, content_type = "application/problem+json", body = Problem),
              (status = 404, content_type = "application/problem+json", body = Problem)))]
pub async fn get_opportunity(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<OpportunityId>,
) -> AppResult<web::Json<OpportunityDetail>> {
    Ok(web::Json(
        services.get_opportunity(&who, id.into_inner()).await?,
    ))
}

/// Edit an opportunity (its stage moves only through `move` and `reopen`).
#[utoipa::path(put, path = "/api/v1/crm/opportunities/{id}", tag = "crm",
    params(("id" = OpportunityId, Path, description = "the opportunity")),
    request_body = OpportunityInput,
    responses((status = 200, body = Opportunity),
              (status = 403, content_type = "application/problem+json", body = Problem),
              (status = 404, content_type = "application/problem+json", body = Problem),
              (status = 422, description = "validation_failed, invalid_money", content_type = "application/problem+json", body = Problem)))]
pub async fn update_opportunity(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<OpportunityId>,
    body: Json<OpportunityInput>,
) -> AppResult<web::Json<Opportunity>> {
    Ok(web::Json(
        services
            .update_opportunity(&who, id.into_inner(), body.into_inner())
            .await?,
    ))
}

/// Move an open opportunity to another stage (`lost` needs a reason).
#[utoipa::path(post, path = "/api/v1/crm/opportunities/{id}/move", tag = "crm",
    params(("id" = OpportunityId, Path, description = "the opportunity")),
    request_body = MoveInput,
    responses((status = 200, body = Opportunity),
              (status = 403, content_type = "application/problem+json", body = Problem),
              (status = 404, content_type = "application/problem+json", body = Problem),
              (status = 422, description = "invalid_transition (a closed opportunity, a missing lost reason), validation_failed", content_type = "application/problem+json", body = Problem)))]
pub async fn move_opportunity(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<OpportunityId>,
    body: Json<MoveInput>,
) -> AppResult<web::Json<Opportunity>> {
    Ok(web::Json(
        services
            .move_opportunity(&who, id.into_inner(), body.into_inner())
            .await?,
    ))
}

/// Reopen a won or lost opportunity into an open stage.
#[utoipa::path(post, path = "/api/v1/crm/opportunities/{id}/reopen", tag = "crm",
    params(("id" = OpportunityId, Path, description = "the opportunity")),
    request_body = ReopenInput,
    responses((status = 200, body = Opportunity),
              (status = 403, content_type = "application/problem+json", body = Problem),
              (status = 404, content_type = "application/problem+json", body = Problem),
              (status = 422, description = "invalid_transition", content_type = "application/problem+json", body = Problem)))]
pub async fn reopen_opportunity(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<OpportunityId>,
    body: Json<ReopenInput>,
) -> AppResult<web::Json<Opportunity>> {
    Ok(web::Json(
        services
            .reopen_opportunity(&who, id.into_inner(), body.into_inner())
            .await?,
    ))
}

/// The pipeline board: a column per stage with count, sum and weighted sum.
#[utoipa::path(get, path = "/api/v1/crm/board", tag = "crm", params(BoardQuery),
    responses((status = 200, body = Board),
              (status = 403, content_type = "application/problem+json", body = Problem)))]
pub async fn board(
    services: web::Data<Services>,
    who: Principal,
    q: web::Query<BoardQuery>,
) -> AppResult<web::Json<Board>> {
    Ok(web::Json(services.crm_board(&who, q.into_inner()).await?))
}

/// Funnel metrics from the stage history: conversion, win rate, time in
/// stage, cycle time; overall, by owner, by creation month.
#[utoipa::path(get, path = "/api/v1/crm/metrics", tag = "crm", params(MetricsQuery),
    responses((status = 200, body = Metrics),
              (status = 403, content_type = "application/problem+json", body = Problem)))]
pub async fn metrics(
    services: web::Data<Services>,
    who: Principal,
    q: web::Query<MetricsQuery>,
) -> AppResult<web::Json<Metrics>> {
    Ok(web::Json(services.crm_metrics(&who, q.into_inner()).await?))
}

/// The CRM dashboard of the caller's scope.
#[utoipa::path(get, path = "/api/v1/crm/dashboard", tag = "crm", params(MetricsQuery),
    responses((status = 200, body = CrmDashboard),
              (status = 403, content_type = "application/problem+json", body = Problem)))]
pub async fn dashboard(
    services: web::Data<Services>,
    who: Principal,
    q: web::Query<MetricsQuery>,
) -> AppResult<web::Json<CrmDashboard>> {
    Ok(web::Json(
        services.crm_dashboard(&who, q.into_inner()).await?,
    ))
}

/// The lost reasons catalog.
#[utoipa::path(get, path = "/api/v1/crm/lost-reasons", tag = "crm",
    responses((status = 200, body = Vec<LostReason>),
              (status = 403, content_type = "application/problem+json", body = Problem)))]
pub async fn lost_reasons(
    services: web::Data<Services>,
    who: Principal,
) -> AppResult<web::Json<Vec<LostReason>>> {
    Ok(web::Json(services.crm_lost_reasons(&who).await?))
}

// --- exports -----------------------------------------------------------------------

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct FormatQuery {
    /// `csv` or `xlsx`.
    #[param(inline)]
    pub format: ExportFormat,
}

const XLSX: &str = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

fn download(name: &str) -> ContentDisposition {
    ContentDisposition {
        disposition: DispositionType::Attachment,
        parameters: vec![DispositionParam::Filename(name.to_string())],
    }
}

/// Export the opportunities in scope matching the filters, as CSV
/// (streamed) or XLSX (typed cells).
#[utoipa::path(get, path = "/api/v1/crm/opportunities/export", tag = "crm",
    params(FormatQuery, OpportunityQuery),
    responses((status = 200, description = "text/csv or an XLSX workbook"),
              (status = 400, content_type = "application/problem+json", body = Problem),
              (status = 403, content_type = "application/problem+json", body = Problem)))]
pub async fn export_opportunities(
    services: web::Data<Services>,
    who: Principal,
    f: web::Query<FormatQuery>,
    q: web::Query<OpportunityQuery>,
) -> AppResult<HttpResponse> {
    let filter = q.filter();
    Ok(match f.format {
        ExportFormat::Csv => HttpResponse::Ok()
            .content_type("text/csv; charset=utf-8")
            .insert_header(download("oportunidades.csv"))
            .streaming(services.export_opportunities_csv(&who, filter).await?),
        ExportFormat::Xlsx => HttpResponse::Ok()
            .content_type(XLSX)
            .insert_header(download("oportunidades.xlsx"))
            .body(services.export_opportunities_xlsx(&who, filter).await?),
    })
}

/// Export the customer directory in scope (a seller: their own customers),
/// with the list's filters, as CSV (streamed) or XLSX (typed cells).
#[utoipa::path(get, path = "/api/v1/customers/export", tag = "customers",
    params(FormatQuery, DirectoryQuery),
    responses((status = 200, description = "text/csv or an XLSX workbook"),
              (status = 400, content_type = "application/problem+json", body = Problem),
              (status = 403, content_type = "application/problem+json", body = Problem),
              (status = 422, description = "validation_failed (a filter too long), invalid_money (balance_above)", content_type = "application/problem+json", body = Problem)))]
pub async fn export_directory(
    services: web::Data<Services>,
    who: Principal,
    f: web::Query<FormatQuery>,
    q: web::Query<DirectoryQuery>,
) -> AppResult<HttpResponse> {
    let filter = q.into_inner().filter();
    Ok(match f.format {
        ExportFormat::Csv => HttpResponse::Ok()
            .content_type("text/csv; charset=utf-8")
            .insert_header(download("clientes.csv"))
            .streaming(services.export_directory_csv(&who, filter).await?),
        ExportFormat::Xlsx => HttpResponse::Ok()
            .content_type(XLSX)
            .insert_header(download("clientes.xlsx"))
            .body(services.export_directory_xlsx(&who, filter).await?),
    })
}

// --- customer documents --------------------------------------------------------------

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct UploadQuery {
    /// Show it to the customer's portal contacts (default false).
    pub shared: Option<bool>,
}

/// The multipart form of a document upload (for the API docs).
#[derive(utoipa::ToSchema)]
pub struct DocumentUpload {
    #[schema(value_type = String, format = Binary)]
    pub file: Vec<u8>,
}

/// The documents of a customer the caller may see (portal contacts: the
/// shared ones of their company).
#[utoipa::path(get, path = "/api/v1/customers/{id}/documents", tag = "customers",
    params(("id" = CustomerId, Path, description = "the customer")),
    responses((status = 200, body = Vec<CustomerDocument>),
              (status = 403, content_type = "application/problem+json", body = Problem),
              (status = 404, content_type = "application/problem+json", body = Problem)))]
pub async fn list_documents(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<CustomerId>,
) -> AppResult<web::Json<Vec<CustomerDocument>>> {
    Ok(web::Json(
        services.customer_documents(&who, id.into_inner()).await?,
    ))
}

/// Upload a document to a customer's file (office roles; multipart field
/// `file`): a PDF, an image or a `.txt` file, recognized by content, at
/// most `uploads.max_attachment_bytes`.
#[utoipa::path(post, path = "/api/v1/customers/{id}/documents", tag = "customers",
    params(("id" = CustomerId, Path, description = "the customer"), UploadQuery),
    request_body(content = DocumentUpload, content_type = "multipart/form-data"),
    responses((status = 201, body = CustomerDocument),
              (status = 403, content_type = "application/problem+json", body = Problem),
              (status = 404, content_type = "application/problem+json", body = Problem),
              (status = 413, content_type = "application/problem+json", body = Problem),
              (status = 415, description = "unsupported_media_type: a forbidden document type", content_type = "application/problem+json", body = Problem),
              (status = 422, content_type = "application/problem+json", body = Problem)))]
pub async fn upload_document(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<CustomerId>,
    q: web::Query<UploadQuery>,
    payload: actix_multipart::Multipart,
) -> AppResult<HttpResponse> {
    let customer = id.into_inner();
    // Refuse before reading what could be megabytes from someone not allowed.
    services.authorize_document_upload(&who, customer).await?;
    let (file_name, bytes) =
        read_named_upload(payload, services.settings.uploads.max_attachment_bytes).await?;
    let doc = services
        .upload_customer_document(&who, customer, &file_name, bytes, q.shared.unwrap_or(false))
        .await?;
    Ok(HttpResponse::Created().json(doc))
}

/// Download a document.
#[utoipa::path(get, path = "/api/v1/customers/{id}/documents/{document}", tag = "customers",
    params(("id" = CustomerId, Path, description = "the customer"),
           ("document" = CustomerDocumentId, Path, description = "the document")),
    responses((status = 200, description = "the file, with its content type"),
              (status = 403, content_type = "application/problem+json", body = Problem),
              (status = 404, content_type = "application/problem+json", body = Problem)))]
pub async fn download_document(
    services: web::Data<Services>,
    who: Principal,
    path: web::Path<(CustomerId, CustomerDocumentId)>,
) -> AppResult<impl Responder> {
    let (customer, document) = path.into_inner();
    let (doc, file) = services
        .customer_document_file(&who, customer, document)
        .await?;
    let mime: actix_web::mime::Mime = doc
        .content_type
        .parse()
        .unwrap_or(actix_web::mime::APPLICATION_OCTET_STREAM);
    let ascii: String = doc
        .file_name
        .chars()
        .map(|c| if c.is_ascii() && c != '"' { c } else { '_' })
        .collect();
    let file = NamedFile::open_async(&file)
        .await
        .map_err(|_| AppError::not_found("document"))?
        .set_content_type(mime)
        .set_content_disposition(download(&ascii));
    Ok(file
        .customize()
        .insert_header(("X-Content-Type-Options", "nosniff"))
        .insert_header(("Cache-Control", "private, no-store")))
}

/// Delete a document (office roles).
#[utoipa::path(delete, path = "/api/v1/customers/{id}/documents/{document}", tag = "customers",
    params(("id" = CustomerId, Path, description = "the customer"),
           ("document" = CustomerDocumentId, Path, description = "the document")),
    responses((status = 204),
              (status = 403, content_type = "application/problem+json", body = Problem),
              (status = 404, content_type = "application/problem+json", body = Problem)))]
pub async fn delete_document(
    services: web::Data<Services>,
    who: Principal,
    path: web::Path<(CustomerId, CustomerDocumentId)>,
) -> AppResult<HttpResponse> {
    let (customer, document) = path.into_inner();
    services
        .delete_customer_document(&who, customer, document)
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
