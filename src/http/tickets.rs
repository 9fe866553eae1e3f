//! `/api/v1/tickets` (support tickets, PQR) and `/api/v1/attachments`
//! (files attached to chat messages in ticket and order rooms).

use crate::http::input::Json;
use actix_files::NamedFile;
use actix_web::http::header::{
    Charset, ContentDisposition, DispositionParam, DispositionType, ExtendedValue,
};
use actix_web::{HttpResponse, Responder, web};
use futures_util::StreamExt;
use serde::Deserialize;

use crate::domain::{
    AttachmentId, CustomerId, TicketId, TicketPriority, TicketState, TicketType, UserId,
};
use crate::error::{AppError, AppResult, ErrorCode, Problem};
use crate::services::attachments::AttachmentInfo;
use crate::services::tickets::{TicketEventPage, TicketInput, TicketPage};
use crate::services::{Principal, Services};
use crate::store::tickets::{Ticket, TicketFilter};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::scope("/tickets")
            .route("", web::get().to(list_tickets))
            .route("", web::post().to(create_ticket))
            .route("/{id}", web::get().to(get_ticket))
            .route("/{id}/state", web::put().to(change_state))
            .route("/{id}/assignee", web::put().to(assign))
            .route("/{id}/priority", web::put().to(change_priority))
            .route("/{id}/events", web::get().to(list_events)),
    )
    .service(
        web::scope("/attachments")
            .route("", web::post().to(upload_attachment))
            .route("/{id}", web::get().to(download_attachment)),
    );
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct TicketQuery {
    pub state: Option<TicketState>,
    pub priority: Option<TicketPriority>,
    #[serde(rename = "type")]
    #[param(rename = "type")]
    pub kind: Option<TicketType>,
    pub customer_id: Option<CustomerId>,
    pub assignee_id: Option<UserId>,
    /// Search in the number and the subject.
    pub q: Option<String>,
    /// `true`: only tickets not closed (what the dashboard counts as open).
    pub not_closed: Option<bool>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Page size, 1 to 200 (default 50).
    pub limit: Option<i64>,
}

/// Tickets visible to the caller, newest first, one page at a time.
#[utoipa::path(get, path = "/api/v1/tickets", tag = "tickets", params(TicketQuery),
    responses((status = 200, body = TicketPage), (status = 422, description = "invalid_cursor", body = Problem)))]
pub async fn list_tickets(
    services: web::Data<Services>,
    who: Principal,
    q: web::Query<TicketQuery>,
) -> AppResult<web::Json<TicketPage>> {
    let q = q.into_inner();
    let filter = TicketFilter {
        state: q.state,
        priority: q.priority,
        kind: q.kind,
        customer_id: q.customer_id,
        assignee_id: q.assignee_id,
        q: q.q
            .filter(|s| !s.trim().is_empty())
            .map(|s| s.trim().to_string()),
        not_closed: q.not_closed.unwrap_or(false),
    };
    Ok(web::Json(
        services
            .list_tickets(&who, filter, q.cursor.as_deref(), q.limit.unwrap_or(50))
            .await?,
    ))
}

/// Raise a ticket. A customer contact always raises it for their own company.
#[utoipa::path(post, path = "/api/v1/tickets", tag = "tickets", request_body = TicketInput,
    responses((status = 201, body = Ticket), (status = 403, body = Problem),
              (status = 404, description = "customer not found", body = Problem),
              (status = 422, description = "validation_failed", body = Problem)))]
pub async fn create_ticket(
    services: web::Data<Services>,
    who: Principal,
    body: Json<TicketInput>,
) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Created().json(services.create_ticket(&who, body.into_inner()).await?))
}

#[utoipa::path(get, path = "/api/v1/tickets/{id}", tag = "tickets",
    responses((status = 200, body = Ticket), (status = 404, body = Problem)))]
pub async fn get_ticket(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<TicketId>,
) -> AppResult<web::Json<Ticket>> {
    Ok(web::Json(services.get_ticket(&who, id.into_inner()).await?))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct StateRequest {
    pub state: TicketState,
}

/// Move a ticket to another state (staff). open → in_progress | pending |
/// closed; in_progress ↔ pending; either → closed; closed → open (office roles).
#[utoipa::path(put, path = "/api/v1/tickets/{id}/state", tag = "tickets", request_body = StateRequest,
    responses((status = 200, body = Ticket), (status = 403, body = Problem), (status = 404, body = Problem),
              (status = 409, description = "changed meanwhile", body = Problem),
              (status = 422, description = "invalid_transition", body = Problem)))]
pub async fn change_state(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<TicketId>,
    body: Json<StateRequest>,
) -> AppResult<web::Json<Ticket>> {
    Ok(web::Json(
        services
            .change_ticket_state(&who, id.into_inner(), body.state)
            .await?,
    ))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct AssigneeRequest {
    /// An active staff user; `null` unassigns.
    pub assignee_id: Option<UserId>,
}

/// Assign a ticket (master, admin, operator).
#[utoipa::path(put, path = "/api/v1/tickets/{id}/assignee", tag = "tickets", request_body = AssigneeRequest,
    responses((status = 200, body = Ticket), (status = 403, body = Problem), (status = 404, body = Problem),
              (status = 422, description = "validation_failed", body = Problem)))]
pub async fn assign(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<TicketId>,
    body: Json<AssigneeRequest>,
) -> AppResult<web::Json<Ticket>> {
    Ok(web::Json(
        services
            .assign_ticket(&who, id.into_inner(), body.assignee_id)
            .await?,
    ))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct PriorityRequest {
    pub priority: TicketPriority,
}

/// Change a ticket's priority (staff).
#[utoipa::path(put, path = "/api/v1/tickets/{id}/priority", tag = "tickets", request_body = PriorityRequest,
    responses((status = 200, body = Ticket), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn change_priority(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<TicketId>,
    body: Json<PriorityRequest>,
) -> AppResult<web::Json<Ticket>> {
    Ok(web::Json(
        services
            .change_ticket_priority(&who, id.into_inner(), body.priority)
            .await?,
    ))
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct EventsQuery {
    /// Return events with an offset greater than this (default 0: from the start).
    pub after: Option<i64>,
    /// Page size (default and maximum: `realtime.history_max_limit`).
    pub limit: Option<i64>,
}

/// The ticket's history, oldest first: every change (`ticket.created`,
/// `ticket.state_changed`, `ticket.assigned`, `ticket.priority_changed`) and
/// every chat message of its room, with gap-free offsets.
#[utoipa::path(get, path = "/api/v1/tickets/{id}/events", tag = "tickets", params(EventsQuery),
    responses((status = 200, body = TicketEventPage), (status = 404, body = Problem)))]
pub async fn list_events(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<TicketId>,
    q: web::Query<EventsQuery>,
) -> AppResult<web::Json<TicketEventPage>> {
    let limit = q
        .limit
        .unwrap_or(services.settings.realtime.history_max_limit);
    Ok(web::Json(
        services
            .ticket_events(&who, id.into_inner(), q.after.unwrap_or(0), limit)
            .await?,
    ))
}

// --- attachments -------------------------------------------------------------

#[derive(Deserialize, utoipa::IntoParams)]
pub struct AttachmentQuery {
    /// The channel the file is for, e.g. `ticket:<id>`; the caller must be
    /// allowed to publish in it.
    pub channel: String,
}

/// The multipart form of an upload (for the API docs).
#[derive(utoipa::ToSchema)]
pub struct AttachmentUpload {
    #[schema(value_type = String, format = Binary)]
    pub file: Vec<u8>,
}

/// Upload a chat attachment (multipart field `file`): a PNG, JPEG, WebP or
/// GIF image, a PDF or a `.txt` file, recognized by content, at most
/// `uploads.max_attachment_bytes`.
#[utoipa::path(post, path = "/api/v1/attachments", tag = "tickets", params(AttachmentQuery),
    request_body(content = AttachmentUpload, content_type = "multipart/form-data"),
    responses((status = 201, body = AttachmentInfo), (status = 403, body = Problem),
              (status = 404, description = "unknown channel", body = Problem),
              (status = 413, body = Problem), (status = 415, body = Problem),
              (status = 422, description = "invalid_image", body = Problem)))]
pub async fn upload_attachment(
    services: web::Data<Services>,
    who: Principal,
    q: web::Query<AttachmentQuery>,
    payload: actix_multipart::Multipart,
) -> AppResult<HttpResponse> {
    // Refuse before reading what could be megabytes from someone not allowed.
    services
        .authorize_attachment_upload(&who, &q.channel)
        .await?;
    let (file_name, bytes) =
        read_named_upload(payload, services.settings.uploads.max_attachment_bytes).await?;
    let info = services
        .upload_attachment(&who, &q.channel, &file_name, bytes)
        .await?;
    Ok(HttpResponse::Created().json(info))
}

/// Download an attachment. Images are served inline; anything else as a
/// download (`Content-Disposition: attachment`).
#[utoipa::path(get, path = "/api/v1/attachments/{id}", tag = "tickets",
    responses((status = 200, description = "the file, with its content type"), (status = 404, body = Problem)))]
pub async fn download_attachment(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<AttachmentId>,
) -> AppResult<impl Responder> {
    let (info, path) = services.attachment_file(&who, id.into_inner()).await?;
    let mime: actix_web::mime::Mime = info
        .content_type
        .parse()
        .unwrap_or(actix_web::mime::APPLICATION_OCTET_STREAM);
    let disposition = if mime.type_() == actix_web::mime::IMAGE {
        DispositionType::Inline
    } else {
        DispositionType::Attachment
    };
    let ascii: String = info
        .file_name
        .chars()
        .map(|c| if c.is_ascii() { c } else { '_' })
        .collect();
    let mut parameters = vec![DispositionParam::Filename(ascii)];
    if !info.file_name.is_ascii() {
        parameters.push(DispositionParam::FilenameExt(ExtendedValue {
            charset: Charset::Ext("UTF-8".into()),
            language_tag: None,
            value: info.file_name.clone().into_bytes(),
        }));
    }
    let file = NamedFile::open_async(&path)
        .await
        .map_err(|_| AppError::not_found("attachment"))?
        .set_content_type(mime)
        .set_content_disposition(ContentDisposition {
            disposition,
            parameters,
        });
    Ok(file
        .customize()
        .insert_header(("X-Content-Type-Options", "nosniff"))
        .insert_header(("Cache-Control", "private, max-age=3600")))
}

/// Reads the multipart field `file`, refusing more than `max` bytes; returns
/// the file name the client gave (possibly empty) and the bytes.
pub(crate) async fn read_named_upload(
    mut payload: actix_multipart::Multipart,
    max: usize,
) -> AppResult<(String, Vec<u8>)> {
    let mut file: Option<(String, Vec<u8>)> = None;
    while let Some(field) = payload.next().await {
        let mut field =
            field.map_err(|e| AppError::new(ErrorCode::MalformedRequest, e.to_string()))?;
        let name = field.name().unwrap_or("").to_string();
        // The form takes the field `file` once and nothing else.
        if name != "file" || file.is_some() {
            return Err(super::unknown_form_field(&name));
        }
        let file_name = field
            .content_disposition()
            .and_then(|d| d.get_filename())
            .unwrap_or("")
            .to_string();
        let mut bytes = Vec::new();
        while let Some(chunk) = field.next().await {
            let chunk =
                chunk.map_err(|e| AppError::new(ErrorCode::MalformedRequest, e.to_string()))?;
            if bytes.len() + chunk.len() > max {
                return Err(AppError::new(
                    ErrorCode::PayloadTooLarge,
                    format!("attachments may be at most {max} bytes"),
                ));
            }
            bytes.extend_from_slice(&chunk);
        }
        file = Some((file_name, bytes));
    }
    file.ok_or_else(|| {
        AppError::validation(
            "file",
            "attach the file in a multipart field named \"file\"",
        )
    })
}
