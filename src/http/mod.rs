//! Thin actix-web routes: parse input, call one service, shape the answer.
//!
//! Every route under `/api/v1` answers errors as problem+json (see
//! [`crate::error`]); JSON, query and path parsing failures are mapped to
//! typed codes here so even a malformed request gets a clear answer.

pub mod appointments;
pub mod auth;
pub mod client;
pub mod crm;
pub mod customer_metrics;
pub mod customers;
pub mod dashboard;
pub mod edge;
pub mod extract;
pub mod headers;
pub mod input;
pub mod interactions;
pub mod invoices;
pub mod notifications;
pub mod onboarding;
pub mod openapi;
pub mod orders;
pub mod payments;
pub mod printing;
pub mod purchasing;
pub mod quotes;
pub mod realtime;
pub mod reports;
pub mod service_plans;
pub mod settings;
pub mod sla;
pub mod statement;
pub mod stock;
pub mod surveys;
pub mod system;
pub mod tickets;
pub mod users;

use actix_web::error::{JsonPayloadError, PathError, QueryPayloadError};
use actix_web::{HttpRequest, web};
use futures_util::StreamExt;

use crate::error::{AppError, AppResult, ErrorCode};

/// Registers every route of the application.
pub fn configure(cfg: &mut web::ServiceConfig, json_limit: usize) {
    cfg.app_data(
        web::JsonConfig::default()
            .limit(json_limit)
            .error_handler(json_error),
    )
    .app_data(web::QueryConfig::default().error_handler(query_error))
    .app_data(web::PathConfig::default().error_handler(path_error))
    .configure(system::configure)
    .configure(openapi::configure)
    .configure(realtime::configure_socket)
    .service(
        web::scope("/api/v1")
            .configure(auth::configure)
            .configure(users::configure)
            // Before `customers`: single resources under /customers/…
            .configure(crm::configure)
            // Before `customers` and `orders`: single resources under
            // /customers/{id}/… and /orders/{id}/… (billing).
            .configure(invoices::configure)
            .configure(statement::configure)
            .configure(customers::configure)
            .configure(service_plans::configure)
            .configure(customer_metrics::configure)
            .configure(onboarding::configure)
            // Before `settings`: /settings/sla.
            .configure(sla::configure)
            .configure(settings::configure)
            .configure(tickets::configure)
            .configure(appointments::configure)
            // Before `orders`: these are single resources under /orders/{id}/…,
            // and a scope registered first would swallow their paths.
            .configure(stock::configure)
            .configure(payments::configure)
            .configure(printing::configure)
            .configure(orders::configure)
            .configure(realtime::configure)
            .configure(notifications::configure)
            .configure(surveys::configure)
            .configure(dashboard::configure)
            .configure(quotes::configure)
            .configure(purchasing::configure)
            .configure(reports::configure)
            .default_service(web::to(api_not_found)),
    )
    .configure(client::configure);
}

/// The API's default service: a path no route serves is 404; a path some
/// route serves with other methods (a resource falls back to this service
/// for a method it lacks) is 405.
pub(crate) async fn api_not_found(req: HttpRequest) -> Result<actix_web::HttpResponse, AppError> {
    if req.resource_map().has_resource(req.path()) {
        return Err(AppError::new(
            ErrorCode::MethodNotAllowed,
            "this method is not served on this path",
        ));
    }
    Err(AppError::new(ErrorCode::NotFound, "no such API endpoint"))
}

fn json_error(err: JsonPayloadError, _req: &HttpRequest) -> actix_web::Error {
    let app = match &err {
        JsonPayloadError::ContentType => AppError::new(
            ErrorCode::UnsupportedMediaType,
            "send the body as application/json",
        ),
        JsonPayloadError::Overflow { limit }
        | JsonPayloadError::OverflowKnownLength { limit, .. } => AppError::new(
            ErrorCode::PayloadTooLarge,
            format!("the body may be at most {limit} bytes"),
        ),
        JsonPayloadError::Deserialize(e) if e.is_data() => {
            AppError::new(ErrorCode::ValidationFailed, e.to_string())
        }
        JsonPayloadError::Deserialize(e) => AppError::new(
            ErrorCode::MalformedJson,
            format!("the body is not valid JSON: {e}"),
        ),
        other => AppError::new(ErrorCode::MalformedRequest, other.to_string()),
    };
    app.into()
}

fn query_error(err: QueryPayloadError, _req: &HttpRequest) -> actix_web::Error {
    AppError::new(
        ErrorCode::MalformedRequest,
        format!("bad query string: {err}"),
    )
    .into()
}

fn path_error(err: PathError, _req: &HttpRequest) -> actix_web::Error {
    AppError::new(ErrorCode::NotFound, format!("bad path: {err}")).into()
}

/// Body of the `PUT …/active` endpoints (users, customers, orders).
#[derive(serde::Deserialize, utoipa::ToSchema)]
pub struct ActiveRequest {
    pub active: bool,
}

/// A multipart upload of one file in the field `file` (for the API docs).
#[derive(utoipa::ToSchema)]
pub struct FileUpload {
    #[schema(value_type = String, format = Binary)]
    pub file: Vec<u8>,
}

/// A multipart upload of a maintenance request's photos, each in a field
/// named `photos` (for the API docs).
#[derive(utoipa::ToSchema)]
pub struct PhotosUpload {
    #[schema(value_type = Vec<String>, format = Binary, min_items = 1, max_items = 10)]
    pub photos: Vec<Vec<u8>>,
}

/// Reads the one file of a multipart upload (the field `file`, or any field
/// that carries a file name), refusing more than `max` bytes. The form takes
/// that field and nothing else, as the API document says: any other field,
/// or a second file, is refused naming it (422 `validation_failed`).
pub async fn read_upload(
    mut payload: actix_multipart::Multipart,
    max: usize,
) -> AppResult<Vec<u8>> {
    let mut file: Option<Vec<u8>> = None;
    while let Some(field) = payload.next().await {
        let mut field =
            field.map_err(|e| AppError::new(ErrorCode::MalformedRequest, e.to_string()))?;
        let name = field.name().unwrap_or("").to_string();
        let is_file = field
            .content_disposition()
            .and_then(|d| d.get_filename())
            .is_some()
            || name == "file";
        if !is_file || file.is_some() {
            return Err(unknown_form_field(&name));
        }
        let mut bytes = Vec::new();
        while let Some(chunk) = field.next().await {
            let chunk =
                chunk.map_err(|e| AppError::new(ErrorCode::MalformedRequest, e.to_string()))?;
            if bytes.len() + chunk.len() > max {
                return Err(AppError::new(
                    ErrorCode::PayloadTooLarge,
                    format!("the file may be at most {max} bytes"),
                ));
            }
            bytes.extend_from_slice(&chunk);
        }
        file = Some(bytes);
    }
    file.ok_or_else(|| {
        AppError::validation(
            "file",
            "attach the file in a multipart field named \"file\"",
        )
    })
}

/// A multipart field an upload form does not take.
pub(crate) fn unknown_form_field(name: &str) -> AppError {
    let field = if name.is_empty() { "file" } else { name };
    AppError::new(
        ErrorCode::ValidationFailed,
        "the form takes one file in the field \"file\" and nothing else",
    )
    .field(field.to_string())
}
