//! `/api/v1/appointments`: technicians' visits, their states and reminders;
//! `/api/v1/maintenance-requests`: what customers ask for, triaged by staff.

use crate::http::input::Json;
use actix_files::NamedFile;
use actix_web::{HttpResponse, Responder, web};
use futures_util::StreamExt;
use serde::Deserialize;
use uuid::Uuid;

use crate::domain::Timestamp;
use crate::domain::appointment::RequestState;
use crate::error::{AppError, AppResult, ErrorCode, Problem};
use crate::services::appointments::{AppointmentInput, MoveInput, RescheduleRequest};
use crate::services::maintenance::{
    Conversion, ConvertInput, MAX_PHOTOS, RequestInput, RequestView, TriageInput,
};
use crate::services::views::appointments::Appointment;
use crate::services::views::list;
use crate::services::views::maintenance::MaintenanceRequest;
use crate::services::views::reminders::Reminder;
use crate::services::{Principal, Services};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::scope("/appointments")
            .route("", web::get().to(list_appointments))
            .route("", web::post().to(create_appointment))
            .route("/{id}", web::get().to(get_appointment))
            .route("/{id}/confirm", web::post().to(confirm_appointment))
            .route(
                "/{id}/reschedule-request",
                web::post().to(request_reschedule),
            )
            .route("/{id}/move", web::post().to(move_appointment))
            .route("/{id}/cancel", web::post().to(cancel_appointment))
            .route("/{id}/complete", web::post().to(complete_appointment))
            .route("/{id}/reminders", web::get().to(list_reminders)),
    )
    .service(
        web::scope("/maintenance-requests")
            .route("", web::get().to(list_requests))
            .route("", web::post().to(create_request))
            .route("/{id}", web::get().to(get_request))
            .route("/{id}/photos", web::post().to(upload_request_photos))
            .route("/{id}/photos/{photo_id}", web::get().to(get_request_photo))
            .route("/{id}/triage", web::post().to(triage_request))
            .route("/{id}/convert", web::post().to(convert_request)),
    );
}

/// A time window for the calendar.
#[derive(Deserialize, utoipa::IntoParams)]
pub struct AppointmentQuery {
    /// Only appointments ending after this instant (RFC 3339).
    pub from: Option<Timestamp>,
    /// Only appointments starting before this instant (RFC 3339).
    pub to: Option<Timestamp>,
}

/// Appointments visible to the caller that overlap the window, by start
/// time (at most 500).
#[utoipa::path(get, path = "/api/v1/appointments", tag = "appointments", params(AppointmentQuery),
    responses((status = 200, body = [Appointment]),
              (status = 422, description = "validation_failed: `to` before `from`", body = Problem)))]
pub async fn list_appointments(
    services: web::Data<Services>,
    who: Principal,
    q: web::Query<AppointmentQuery>,
) -> AppResult<web::Json<Vec<Appointment>>> {
    Ok(web::Json(list(
        services.list_appointments(&who, q.from, q.to).await?,
    )))
}

/// Book an appointment (office roles; a seller for the customers they own).
/// Reminders are planned at the configured offsets; the customer's contacts
/// and the technician are notified.
#[utoipa::path(post, path = "/api/v1/appointments", tag = "appointments", request_body = AppointmentInput,
    responses((status = 201, body = Appointment), (status = 403, body = Problem),
              (status = 404, description = "customer, equipment or technician not found", body = Problem),
              (status = 422, description = "validation_failed", body = Problem)))]
pub async fn create_appointment(
    services: web::Data<Services>,
    who: Principal,
    body: Json<AppointmentInput>,
) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Created().json(Appointment::from(
        services.create_appointment(&who, body.into_inner()).await?,
    )))
}

#[utoipa::path(get, path = "/api/v1/appointments/{id}", tag = "appointments",
    responses((status = 200, body = Appointment), (status = 404, body = Problem)))]
pub async fn get_appointment(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<Uuid>,
) -> AppResult<web::Json<Appointment>> {
    Ok(web::Json(
        services
            .get_appointment(&who, id.into_inner())
            .await?
            .into(),
    ))
}

/// Confirm (the customer from the portal, or staff).
#[utoipa::path(post, path = "/api/v1/appointments/{id}/confirm", tag = "appointments",
    responses((status = 200, body = Appointment), (status = 404, body = Problem),
              (status = 422, description = "invalid_transition", body = Problem)))]
pub async fn confirm_appointment(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<Uuid>,
) -> AppResult<web::Json<Appointment>> {
    Ok(web::Json(
        services
            .confirm_appointment(&who, id.into_inner())
            .await?
            .into(),
    ))
}

/// Ask for another start time (customer contacts).
#[utoipa::path(post, path = "/api/v1/appointments/{id}/reschedule-request", tag = "appointments",
    request_body = RescheduleRequest,
    responses((status = 200, body = Appointment), (status = 403, body = Problem), (status = 404, body = Problem),
              (status = 422, description = "invalid_transition or validation_failed", body = Problem)))]
pub async fn request_reschedule(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<Uuid>,
    body: Json<RescheduleRequest>,
) -> AppResult<web::Json<Appointment>> {
    Ok(web::Json(
        services
            .request_reschedule(&who, id.into_inner(), body.into_inner())
            .await?
            .into(),
    ))
}

/// Move an appointment (staff); its reminders are re-planned.
#[utoipa::path(post, path = "/api/v1/appointments/{id}/move", tag = "appointments", request_body = MoveInput,
    responses((status = 200, body = Appointment), (status = 403, body = Problem), (status = 404, body = Problem),
              (status = 422, description = "invalid_transition or validation_failed", body = Problem)))]
pub async fn move_appointment(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<Uuid>,
    body: Json<MoveInput>,
) -> AppResult<web::Json<Appointment>> {
    Ok(web::Json(
        services
            .move_appointment(&who, id.into_inner(), body.into_inner())
            .await?
            .into(),
    ))
}

/// Cancel (the customer or staff); pending reminders are dropped.
#[utoipa::path(post, path = "/api/v1/appointments/{id}/cancel", tag = "appointments",
    responses((status = 200, body = Appointment), (status = 404, body = Problem),
              (status = 422, description = "invalid_transition", body = Problem)))]
pub async fn cancel_appointment(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<Uuid>,
) -> AppResult<web::Json<Appointment>> {
    Ok(web::Json(
        services
            .cancel_appointment(&who, id.into_inner())
            .await?
            .into(),
    ))
}

/// Mark the visit done (office or the assigned technician).
#[utoipa::path(post, path = "/api/v1/appointments/{id}/complete", tag = "appointments",
    responses((status = 200, body = Appointment), (status = 403, body = Problem), (status = 404, body = Problem),
              (status = 422, description = "invalid_transition", body = Problem)))]
pub async fn complete_appointment(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<Uuid>,
) -> AppResult<web::Json<Appointment>> {
    Ok(web::Json(
        services
            .complete_appointment(&who, id.into_inner())
            .await?
            .into(),
    ))
}

/// The reminder rows of an appointment (staff).
#[utoipa::path(get, path = "/api/v1/appointments/{id}/reminders", tag = "appointments",
    responses((status = 200, body = [Reminder]), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn list_reminders(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<Uuid>,
) -> AppResult<web::Json<Vec<Reminder>>> {
    Ok(web::Json(
        services
            .appointment_reminders(&who, id.into_inner())
            .await
            .map(list)?,
    ))
}

// --- maintenance requests ---------------------------------------------------------

/// Filters for the list of maintenance requests.
#[derive(Deserialize, utoipa::IntoParams)]
pub struct RequestQuery {
    /// Only requests in this state.
    pub state: Option<RequestState>,
}

/// Maintenance requests visible to the caller, newest first (at most 500).
#[utoipa::path(get, path = "/api/v1/maintenance-requests", tag = "appointments", params(RequestQuery),
    responses((status = 200, body = [MaintenanceRequest]),
              (status = 400, description = "malformed_request: unknown `state`", body = Problem)))]
pub async fn list_requests(
    services: web::Data<Services>,
    who: Principal,
    q: web::Query<RequestQuery>,
) -> AppResult<web::Json<Vec<MaintenanceRequest>>> {
    Ok(web::Json(list(
        services.list_maintenance_requests(&who, q.state).await?,
    )))
}

/// File a maintenance request (a customer contact: for their own company's machine).
#[utoipa::path(post, path = "/api/v1/maintenance-requests", tag = "appointments", request_body = RequestInput,
    responses((status = 201, body = RequestView), (status = 403, body = Problem),
              (status = 404, description = "customer or equipment not found", body = Problem),
              (status = 422, description = "validation_failed", body = Problem)))]
pub async fn create_request(
    services: web::Data<Services>,
    who: Principal,
    body: Json<RequestInput>,
) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Created().json(
        services
            .create_maintenance_request(&who, body.into_inner())
            .await?,
    ))
}

#[utoipa::path(get, path = "/api/v1/maintenance-requests/{id}", tag = "appointments",
    responses((status = 200, body = RequestView), (status = 404, body = Problem)))]
pub async fn get_request(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<Uuid>,
) -> AppResult<web::Json<RequestView>> {
    Ok(web::Json(
        services
            .get_maintenance_request(&who, id.into_inner())
            .await?,
    ))
}

/// Add photos (multipart, file fields named `photos`; PNG, JPEG, WebP or GIF).
#[utoipa::path(post, path = "/api/v1/maintenance-requests/{id}/photos", tag = "appointments",
    request_body(content = crate::http::PhotosUpload, content_type = "multipart/form-data"),
    responses((status = 201, body = RequestView), (status = 404, body = Problem),
              (status = 413, body = Problem), (status = 415, body = Problem), (status = 422, body = Problem)))]
pub async fn upload_request_photos(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<Uuid>,
    req: actix_web::HttpRequest,
    payload: web::Payload,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    services.authorize_request_photos(&who, id).await?;
    let max = services.settings.uploads.max_image_bytes;
    let mut form = actix_multipart::Multipart::new(req.headers(), payload);
    let mut photos: Vec<Vec<u8>> = Vec::new();
    while let Some(field) = form.next().await {
        let mut field =
            field.map_err(|e| AppError::new(ErrorCode::MalformedRequest, e.to_string()))?;
        if photos.len() >= MAX_PHOTOS {
            return Err(AppError::validation(
                "photos",
                format!("attach at most {MAX_PHOTOS} photos"),
            ));
        }
        let mut bytes = Vec::new();
        while let Some(chunk) = field.next().await {
            let chunk =
                chunk.map_err(|e| AppError::new(ErrorCode::MalformedRequest, e.to_string()))?;
            if bytes.len() + chunk.len() > max {
                return Err(AppError::new(
                    ErrorCode::PayloadTooLarge,
                    format!("a photo may be at most {max} bytes"),
                ));
            }
            bytes.extend_from_slice(&chunk);
        }
        photos.push(bytes);
    }
    Ok(HttpResponse::Created().json(services.add_request_photos(&who, id, photos).await?))
}

/// One photo of a request (JPEG).
#[utoipa::path(get, path = "/api/v1/maintenance-requests/{id}/photos/{photo_id}", tag = "appointments",
    responses((status = 200, description = "image/jpeg"), (status = 404, body = Problem)))]
pub async fn get_request_photo(
    services: web::Data<Services>,
    who: Principal,
    path: web::Path<(Uuid, Uuid)>,
) -> AppResult<impl Responder> {
    let (id, photo) = path.into_inner();
    let file = services.request_photo_file(&who, id, photo).await?;
    let file = NamedFile::open_async(&file)
        .await
        .map_err(|_| AppError::not_found("photo"))?
        .set_content_type(actix_web::mime::IMAGE_JPEG);
    Ok(file
        .customize()
        .insert_header(("X-Content-Type-Options", "nosniff")))
}

/// Triage: priority, assignee, and `triaged` (default) or `rejected` (staff).
#[utoipa::path(post, path = "/api/v1/maintenance-requests/{id}/triage", tag = "appointments",
    request_body = TriageInput,
    responses((status = 200, body = RequestView), (status = 403, body = Problem), (status = 404, body = Problem),
              (status = 422, description = "invalid_transition or validation_failed", body = Problem)))]
pub async fn triage_request(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<Uuid>,
    body: Json<TriageInput>,
) -> AppResult<web::Json<RequestView>> {
    Ok(web::Json(
        services
            .triage_maintenance_request(&who, id.into_inner(), body.into_inner())
            .await?,
    ))
}

/// Convert into a service order and/or an appointment (staff).
#[utoipa::path(post, path = "/api/v1/maintenance-requests/{id}/convert", tag = "appointments",
    request_body = ConvertInput,
    responses((status = 200, body = Conversion), (status = 403, body = Problem), (status = 404, body = Problem),
              (status = 422, description = "invalid_transition or validation_failed", body = Problem)))]
pub async fn convert_request(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<Uuid>,
    body: Json<ConvertInput>,
) -> AppResult<web::Json<Conversion>> {
    Ok(web::Json(
        services
            .convert_maintenance_request(&who, id.into_inner(), body.into_inner())
            .await?,
    ))
}
