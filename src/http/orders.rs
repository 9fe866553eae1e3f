//! `/api/v1/orders` (service orders, their timeline, photos and parts),
//! `/api/v1/order-statuses` (the status catalogs), `/api/v1/parts` (the
//! parts view), `/api/v1/me/orders` (a technician's work) and
//! `/api/v1/public/orders/{token}` (the QR page, no sign-in).
//!
//! Routes are registered as single resources, not as a `/orders` scope, so
//! other modules may add routes under `/orders/{id}/…` (payments, printouts)
//! without one scope hiding the other's.

use crate::http::input::Json;
use actix_files::NamedFile;
use actix_web::http::header::{CONTENT_TYPE, ContentDisposition, DispositionType};
use actix_web::{HttpRequest, HttpResponse, Responder, web};
use chrono::NaiveDate;
use futures_util::StreamExt;
use serde::Deserialize;

use super::ActiveRequest;
use crate::domain::{
    CustomerId, OrderEventId, OrderId, OrderPartId, OrderPhotoId, OrderState, OrderStatusId,
    UserId, Visibility,
};
use crate::error::{AppError, AppResult, ErrorCode, Problem};
use crate::services::orders::{
    EventEdit, EventInput, MAX_PHOTOS, OrderDetail, OrderInput, OrderPage, OrderUpdate, PartInput,
    PartPage, PartsQuery, PublicOrder, StatusInput, StatusPositions, StatusUpdate,
};
use crate::services::views::list;
use crate::services::views::orders::{Order, OrderStatus};
use crate::services::views::revisions::Revision;
use crate::services::{Principal, RequestMeta, Services};
use crate::store::orders::{OrderEvent, OrderFilter, OrderPart};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/orders", web::get().to(list_orders))
        .route("/orders", web::post().to(create_order))
        .route("/orders/{id}", web::get().to(get_order))
        .route("/orders/{id}", web::put().to(update_order))
        .route("/orders/{id}/active", web::put().to(set_active))
        .route("/orders/{id}/technicians", web::put().to(set_technicians))
        .route("/orders/{id}/qr/rotate", web::post().to(rotate_qr))
        .route("/orders/{id}/events", web::post().to(post_event))
        .route(
            "/orders/{id}/events/{event_id}",
            web::patch().to(edit_event),
        )
        .route(
            "/orders/{id}/events/{event_id}",
            web::delete().to(delete_event),
        )
        .route(
            "/orders/{id}/events/{event_id}/history",
            web::get().to(event_history),
        )
        .route("/orders/{id}/photos/{photo_id}", web::get().to(get_photo))
        .route(
            "/orders/{id}/photos/{photo_id}/thumb",
            web::get().to(get_thumb),
        )
        .route("/orders/{id}/parts", web::post().to(add_part))
        .route("/orders/{id}/parts/{part_id}", web::put().to(update_part))
        .route(
            "/orders/{id}/parts/{part_id}",
            web::delete().to(delete_part),
        )
        .route(
            "/orders/{id}/parts/{part_id}/history",
            web::get().to(part_history),
        )
        .route("/parts", web::get().to(list_parts))
        .route("/me/orders", web::get().to(my_orders))
        .route("/order-statuses", web::get().to(list_statuses))
        .route("/order-statuses", web::post().to(create_status))
        .route("/order-statuses/positions", web::put().to(reorder_statuses))
        .route("/order-statuses/{id}", web::put().to(update_status))
        .route("/public/orders/{token}", web::get().to(public_order))
        .route(
            "/public/orders/{token}/photos/{photo_id}",
            web::get().to(public_photo),
        )
        .route(
            "/public/orders/{token}/photos/{photo_id}/thumb",
            web::get().to(public_thumb),
        );
}

fn trimmed(q: Option<String>) -> Option<String> {
    q.filter(|s| !s.trim().is_empty())
        .map(|s| s.trim().to_string())
}

// --- orders ---------------------------------------------------------------------

#[derive(Deserialize, utoipa::IntoParams)]
pub struct OrderQuery {
    /// `open`, `closed` or `deactivated`; absent: every order not deactivated.
    pub state: Option<OrderState>,
    pub customer_id: Option<CustomerId>,
    /// Orders this technician is assigned to.
    pub technician_id: Option<UserId>,
    /// Search in the number and the reason.
    pub q: Option<String>,
    /// Orders whose current public status is this label.
    pub status_id: Option<OrderStatusId>,
    /// Orders whose current internal status is this label (staff only).
    pub internal_status_id: Option<OrderStatusId>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Page size, 1 to 200 (default 50).
    pub limit: Option<i64>,
}

/// Orders visible to the caller, newest first: office roles all, a seller
/// their customers', a technician those assigned to them, a customer contact
/// their company's. The filters narrow that scope, never widen it; filtering
/// by internal status is for staff only.
#[utoipa::path(get, path = "/api/v1/orders", tag = "orders", params(OrderQuery),
    responses((status = 200, body = OrderPage),
              (status = 403, description = "internal_status_id given by a customer contact", body = Problem),
              (status = 422, description = "invalid_cursor", body = Problem)))]
pub async fn list_orders(
    services: web::Data<Services>,
    who: Principal,
    q: web::Query<OrderQuery>,
) -> AppResult<web::Json<OrderPage>> {
    let q = q.into_inner();
    let filter = OrderFilter {
        state: q.state,
        customer_id: q.customer_id,
        technician_id: q.technician_id,
        q: trimmed(q.q),
        status_id: q.status_id,
        internal_status_id: q.internal_status_id,
    };
    Ok(web::Json(
        services
            .list_orders(&who, filter, q.cursor.as_deref(), q.limit.unwrap_or(50))
            .await?,
    ))
}

/// Create a service order (office roles; a seller for their own customers).
/// Give `customer_id`, or `customer` to create the customer inline (tax id
/// validated and unique); likewise `equipment_id` or `equipment`. An
/// optional `status_id` (an active public label; roles that may post
/// timeline events) is recorded as the order's first public event.
#[utoipa::path(post, path = "/api/v1/orders", tag = "orders", request_body = OrderInput,
    responses((status = 201, body = Order), (status = 403, body = Problem),
              (status = 404, description = "customer not found", body = Problem),
              (status = 409, description = "tax_id_taken", body = Problem),
              (status = 422, description = "validation_failed, invalid_tax_id, invalid_money", body = Problem)))]
pub async fn create_order(
    services: web::Data<Services>,
    who: Principal,
    body: Json<OrderInput>,
) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Created().json(Order::from(
        services.create_order(&who, body.into_inner()).await?,
    )))
}

/// An order with its timeline, parts and balance. Customers see public
/// events and parts shown to them only.
#[utoipa::path(get, path = "/api/v1/orders/{id}", tag = "orders",
    responses((status = 200, body = OrderDetail), (status = 404, body = Problem)))]
pub async fn get_order(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<OrderId>,
) -> AppResult<web::Json<OrderDetail>> {
    Ok(web::Json(services.get_order(&who, id.into_inner()).await?))
}

/// Edit an order (office roles; a seller their customers' orders).
#[utoipa::path(put, path = "/api/v1/orders/{id}", tag = "orders", request_body = OrderUpdate,
    responses((status = 200, body = Order), (status = 403, body = Problem), (status = 404, body = Problem),
              (status = 409, description = "order_closed, order_inactive", body = Problem),
              (status = 422, description = "validation_failed, invalid_money", body = Problem)))]
pub async fn update_order(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<OrderId>,
    body: Json<OrderUpdate>,
) -> AppResult<web::Json<Order>> {
    Ok(web::Json(
        services
            .update_order(&who, id.into_inner(), body.into_inner())
            .await?
            .into(),
    ))
}

/// Deactivate (soft, history kept) or reactivate an order (office roles).
#[utoipa::path(put, path = "/api/v1/orders/{id}/active", tag = "orders", request_body = ActiveRequest,
    responses((status = 200, body = Order), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn set_active(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<OrderId>,
    body: Json<ActiveRequest>,
) -> AppResult<web::Json<Order>> {
    Ok(web::Json(
        services
            .set_order_active(&who, id.into_inner(), body.active)
            .await?
            .into(),
    ))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct TechniciansRequest {
    /// Active users with the technician role; `[]` unassigns everyone.
    pub technician_ids: Vec<UserId>,
}

/// Assign the order's technicians (office roles; a seller their customers' orders).
#[utoipa::path(put, path = "/api/v1/orders/{id}/technicians", tag = "orders", request_body = TechniciansRequest,
    responses((status = 200, body = Order), (status = 403, body = Problem), (status = 404, body = Problem),
              (status = 409, description = "order_closed, order_inactive", body = Problem),
              (status = 422, description = "validation_failed", body = Problem)))]
pub async fn set_technicians(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<OrderId>,
    body: Json<TechniciansRequest>,
) -> AppResult<web::Json<Order>> {
    Ok(web::Json(
        services
            .set_order_technicians(&who, id.into_inner(), body.into_inner().technician_ids)
            .await?
            .into(),
    ))
}

/// Give the order a new QR token (office roles): the old link stops working.
#[utoipa::path(post, path = "/api/v1/orders/{id}/qr/rotate", tag = "orders",
    responses((status = 200, body = Order), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn rotate_qr(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<OrderId>,
) -> AppResult<web::Json<Order>> {
    Ok(web::Json(
        services
            .rotate_order_qr(&who, id.into_inner())
            .await?
            .into(),
    ))
}

// --- timeline -------------------------------------------------------------------

/// The multipart form of a timeline event (for the API docs).
#[derive(utoipa::ToSchema)]
pub struct EventUpload {
    /// `public` or `internal`.
    #[schema(pattern = "^(public|internal)$")]
    pub visibility: String,
    pub status_id: Option<String>,
    pub comment: Option<String>,
    /// Up to 5 images (PNG, JPEG, WebP or GIF), each in a field named `photos`.
    #[schema(value_type = Vec<String>, format = Binary)]
    pub photos: Vec<Vec<u8>>,
}

/// Post a timeline event (office roles and the order's technicians), as
/// JSON or as a multipart form with up to 5 photos. Photos are checked by
/// content, re-encoded and thumbnailed; a file that is not an image is
/// refused (415/422) and nothing is stored.
#[utoipa::path(post, path = "/api/v1/orders/{id}/events", tag = "orders",
    request_body(content((EventInput = "application/json"), (EventUpload = "multipart/form-data"))),
    responses((status = 201, body = OrderEvent), (status = 403, body = Problem), (status = 404, body = Problem),
              (status = 409, description = "order_inactive", body = Problem),
              (status = 413, body = Problem), (status = 415, body = Problem),
              (status = 422, description = "validation_failed, invalid_image", body = Problem)))]
pub async fn post_event(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<OrderId>,
    req: HttpRequest,
    payload: web::Payload,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let content_type = req
        .headers()
        .get(CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_ascii_lowercase();
    let (input, photos) = if content_type.starts_with("multipart/form-data") {
        // Refuse before reading what could be megabytes from someone not allowed.
        services.authorize_order_work(&who, id).await?;
        let form = actix_multipart::Multipart::new(req.headers(), payload);
        read_event_form(form, services.settings.uploads.max_image_bytes).await?
    } else if content_type.starts_with("application/json") {
        let body = read_body(payload, services.settings.server.json_limit_bytes).await?;
        let input: EventInput = serde_json::from_slice(&body).map_err(|e| {
            if e.is_data() {
                AppError::new(ErrorCode::ValidationFailed, e.to_string())
            } else {
                AppError::new(
                    ErrorCode::MalformedJson,
                    format!("the body is not valid JSON: {e}"),
                )
            }
        })?;
        (input, Vec::new())
    } else {
        return Err(AppError::new(
            ErrorCode::UnsupportedMediaType,
            "send the event as application/json or multipart/form-data",
        ));
    };
    let event = services.post_order_event(&who, id, input, photos).await?;
    Ok(HttpResponse::Created().json(event))
}

/// Edit an event's label or comment (office roles and its author).
#[utoipa::path(patch, path = "/api/v1/orders/{id}/events/{event_id}", tag = "orders", request_body = EventEdit,
    responses((status = 200, body = OrderEvent), (status = 403, body = Problem), (status = 404, body = Problem),
              (status = 409, description = "order_closed, order_inactive", body = Problem),
              (status = 422, description = "validation_failed", body = Problem)))]
pub async fn edit_event(
    services: web::Data<Services>,
    who: Principal,
    path: web::Path<(OrderId, OrderEventId)>,
    body: Json<EventEdit>,
) -> AppResult<web::Json<OrderEvent>> {
    let (id, event_id) = path.into_inner();
    Ok(web::Json(
        services
            .edit_order_event(&who, id, event_id, body.into_inner())
            .await?,
    ))
}

/// Delete an event (soft; office roles and its author).
#[utoipa::path(delete, path = "/api/v1/orders/{id}/events/{event_id}", tag = "orders",
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem),
              (status = 409, description = "order_closed, order_inactive", body = Problem)))]
pub async fn delete_event(
    services: web::Data<Services>,
    who: Principal,
    path: web::Path<(OrderId, OrderEventId)>,
) -> AppResult<HttpResponse> {
    let (id, event_id) = path.into_inner();
    services.delete_order_event(&who, id, event_id).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The kept history of a timeline post: each earlier version with who
/// changed it and when, newest first (staff only; deleted posts too).
#[utoipa::path(get, path = "/api/v1/orders/{id}/events/{event_id}/history", tag = "orders",
    responses((status = 200, body = Vec<Revision>), (status = 403, description = "customer contacts", body = Problem),
              (status = 404, body = Problem)))]
pub async fn event_history(
    services: web::Data<Services>,
    who: Principal,
    path: web::Path<(OrderId, OrderEventId)>,
) -> AppResult<web::Json<Vec<Revision>>> {
    let (id, event_id) = path.into_inner();
    Ok(web::Json(list(
        services.event_history(&who, id, event_id).await?,
    )))
}

/// A timeline photo (JPEG), for whoever may see its event.
#[utoipa::path(get, path = "/api/v1/orders/{id}/photos/{photo_id}", tag = "orders",
    responses((status = 200, description = "image/jpeg"), (status = 404, body = Problem)))]
pub async fn get_photo(
    services: web::Data<Services>,
    who: Principal,
    path: web::Path<(OrderId, OrderPhotoId)>,
) -> AppResult<impl Responder> {
    let (id, photo) = path.into_inner();
    serve_jpeg(services.order_photo_file(&who, id, photo, false).await?).await
}

/// A timeline photo's thumbnail (JPEG, at most 320 px).
#[utoipa::path(get, path = "/api/v1/orders/{id}/photos/{photo_id}/thumb", tag = "orders",
    responses((status = 200, description = "image/jpeg"), (status = 404, body = Problem)))]
pub async fn get_thumb(
    services: web::Data<Services>,
    who: Principal,
    path: web::Path<(OrderId, OrderPhotoId)>,
) -> AppResult<impl Responder> {
    let (id, photo) = path.into_inner();
    serve_jpeg(services.order_photo_file(&who, id, photo, true).await?).await
}

// --- parts ------------------------------------------------------------------------

/// Add a part used on the order (office roles and the order's technicians).
#[utoipa::path(post, path = "/api/v1/orders/{id}/parts", tag = "orders", request_body = PartInput,
    responses((status = 201, body = OrderPart), (status = 403, body = Problem), (status = 404, body = Problem),
              (status = 409, description = "order_closed, order_inactive", body = Problem),
              (status = 422, description = "validation_failed, invalid_money", body = Problem)))]
pub async fn add_part(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<OrderId>,
    body: Json<PartInput>,
) -> AppResult<HttpResponse> {
    let part = services
        .add_order_part(&who, id.into_inner(), body.into_inner())
        .await?;
    Ok(HttpResponse::Created().json(part))
}

/// Edit a part (office roles and whoever added it).
#[utoipa::path(put, path = "/api/v1/orders/{id}/parts/{part_id}", tag = "orders", request_body = PartInput,
    responses((status = 200, body = OrderPart), (status = 403, body = Problem), (status = 404, body = Problem),
              (status = 409, description = "order_closed, order_inactive", body = Problem),
              (status = 422, description = "validation_failed, invalid_money", body = Problem)))]
pub async fn update_part(
    services: web::Data<Services>,
    who: Principal,
    path: web::Path<(OrderId, OrderPartId)>,
    body: Json<PartInput>,
) -> AppResult<web::Json<OrderPart>> {
    let (id, part) = path.into_inner();
    Ok(web::Json(
        services
            .update_order_part(&who, id, part, body.into_inner())
            .await?,
    ))
}

/// Delete a part (office roles and whoever added it). Soft: it stays on the
/// order for staff, marked, with its history, and leaves the balance.
#[utoipa::path(delete, path = "/api/v1/orders/{id}/parts/{part_id}", tag = "orders",
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem),
              (status = 409, description = "order_closed, order_inactive", body = Problem)))]
pub async fn delete_part(
    services: web::Data<Services>,
    who: Principal,
    path: web::Path<(OrderId, OrderPartId)>,
) -> AppResult<HttpResponse> {
    let (id, part) = path.into_inner();
    services.delete_order_part(&who, id, part).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The kept history of a part: each earlier version with who changed it and
/// when, newest first (staff only; deleted parts too).
#[utoipa::path(get, path = "/api/v1/orders/{id}/parts/{part_id}/history", tag = "orders",
    responses((status = 200, body = Vec<Revision>), (status = 403, description = "customer contacts", body = Problem),
              (status = 404, body = Problem)))]
pub async fn part_history(
    services: web::Data<Services>,
    who: Principal,
    path: web::Path<(OrderId, OrderPartId)>,
) -> AppResult<web::Json<Vec<Revision>>> {
    let (id, part) = path.into_inner();
    Ok(web::Json(list(
        services.part_history(&who, id, part).await?,
    )))
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct PartsParams {
    /// Added on or after this day (company time zone).
    pub from: Option<NaiveDate>,
    /// Added on or before this day (company time zone).
    pub to: Option<NaiveDate>,
    pub order_id: Option<OrderId>,
    /// Added by this user (the responsible).
    pub added_by: Option<UserId>,
    /// On orders assigned to this technician.
    pub technician_id: Option<UserId>,
    /// Search in the description.
    pub q: Option<String>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Page size, 1 to 500 (default 100).
    pub limit: Option<i64>,
}

/// The parts used across all orders, newest first: date, description,
/// warranty, price and who added them (office roles).
#[utoipa::path(get, path = "/api/v1/parts", tag = "orders", params(PartsParams),
    responses((status = 200, body = PartPage), (status = 403, body = Problem)))]
pub async fn list_parts(
    services: web::Data<Services>,
    who: Principal,
    q: web::Query<PartsParams>,
) -> AppResult<web::Json<PartPage>> {
    let q = q.into_inner();
    let query = PartsQuery {
        from: q.from,
        to: q.to,
        order_id: q.order_id,
        added_by: q.added_by,
        technician_id: q.technician_id,
        q: trimmed(q.q),
    };
    Ok(web::Json(
        services
            .list_parts(&who, query, q.cursor.as_deref(), q.limit.unwrap_or(100))
            .await?,
    ))
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct MyOrdersQuery {
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Page size, 1 to 200 (default 50).
    pub limit: Option<i64>,
}

/// The open orders assigned to the caller (the technician's phone).
#[utoipa::path(get, path = "/api/v1/me/orders", tag = "orders", params(MyOrdersQuery),
    responses((status = 200, body = OrderPage), (status = 403, body = Problem)))]
pub async fn my_orders(
    services: web::Data<Services>,
    who: Principal,
    q: web::Query<MyOrdersQuery>,
) -> AppResult<web::Json<OrderPage>> {
    Ok(web::Json(
        services
            .my_orders(&who, q.cursor.as_deref(), q.limit.unwrap_or(50))
            .await?,
    ))
}

// --- status catalogs -----------------------------------------------------------

#[derive(Deserialize, utoipa::IntoParams)]
pub struct StatusQuery {
    /// One catalog; absent: both (public first).
    pub visibility: Option<Visibility>,
    /// Also deactivated labels (default false).
    pub include_inactive: Option<bool>,
}

/// The status catalogs, by position (staff).
#[utoipa::path(get, path = "/api/v1/order-statuses", tag = "orders", params(StatusQuery),
    responses((status = 200, body = [OrderStatus]), (status = 403, body = Problem)))]
pub async fn list_statuses(
    services: web::Data<Services>,
    who: Principal,
    q: web::Query<StatusQuery>,
) -> AppResult<web::Json<Vec<OrderStatus>>> {
    Ok(web::Json(
        services
            .list_order_statuses(&who, q.visibility, q.include_inactive.unwrap_or(false))
            .await
            .map(list)?,
    ))
}

/// Add a label at the end of a catalog (office roles).
#[utoipa::path(post, path = "/api/v1/order-statuses", tag = "orders", request_body = StatusInput,
    responses((status = 201, body = OrderStatus), (status = 403, body = Problem),
              (status = 409, description = "label taken", body = Problem)))]
pub async fn create_status(
    services: web::Data<Services>,
    who: Principal,
    body: Json<StatusInput>,
) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Created().json(OrderStatus::from(
        services
            .create_order_status(&who, body.into_inner())
            .await?,
    )))
}

/// Rename or (de)activate a label (office roles).
#[utoipa::path(put, path = "/api/v1/order-statuses/{id}", tag = "orders", request_body = StatusUpdate,
    responses((status = 200, body = OrderStatus), (status = 403, body = Problem), (status = 404, body = Problem),
              (status = 409, description = "label taken", body = Problem)))]
pub async fn update_status(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<OrderStatusId>,
    body: Json<StatusUpdate>,
) -> AppResult<web::Json<OrderStatus>> {
    Ok(web::Json(
        services
            .update_order_status(&who, id.into_inner(), body.into_inner())
            .await?
            .into(),
    ))
}

/// Reorder a whole catalog (office roles): list every label, first to last.
#[utoipa::path(put, path = "/api/v1/order-statuses/positions", tag = "orders", request_body = StatusPositions,
    responses((status = 200, body = [OrderStatus]), (status = 403, body = Problem),
              (status = 422, description = "validation_failed", body = Problem)))]
pub async fn reorder_statuses(
    services: web::Data<Services>,
    who: Principal,
    body: Json<StatusPositions>,
) -> AppResult<web::Json<Vec<OrderStatus>>> {
    Ok(web::Json(
        services
            .reorder_order_statuses(&who, body.into_inner())
            .await
            .map(list)?,
    ))
}

// --- the public (QR) view ----------------------------------------------------

/// The QR page of an order, no sign-in: number, customer name, machine,
/// public timeline, parts shown to the customer and balance. Rate-limited
/// per client IP (429 `too_many_attempts` with `Retry-After`).
#[utoipa::path(get, path = "/api/v1/public/orders/{token}", tag = "orders",
    responses((status = 200, body = PublicOrder), (status = 404, body = Problem),
              (status = 429, description = "too_many_attempts", body = Problem)))]
pub async fn public_order(
    services: web::Data<Services>,
    meta: RequestMeta,
    token: web::Path<String>,
) -> AppResult<HttpResponse> {
    let view = services.public_order(&token, &meta).await?;
    // The page is live (socket) and its link is a secret: never cached.
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .insert_header(("Referrer-Policy", "no-referrer"))
        .json(view))
}

/// A photo of a public event, through the QR link.
#[utoipa::path(get, path = "/api/v1/public/orders/{token}/photos/{photo_id}", tag = "orders",
    responses((status = 200, description = "image/jpeg"), (status = 404, body = Problem)))]
pub async fn public_photo(
    services: web::Data<Services>,
    meta: RequestMeta,
    path: web::Path<(String, OrderPhotoId)>,
) -> AppResult<impl Responder> {
    let (token, photo) = path.into_inner();
    serve_jpeg(
        services
            .public_photo_file(&token, photo, false, &meta)
            .await?,
    )
    .await
}

/// The thumbnail of a photo of a public event, through the QR link.
#[utoipa::path(get, path = "/api/v1/public/orders/{token}/photos/{photo_id}/thumb", tag = "orders",
    responses((status = 200, description = "image/jpeg"), (status = 404, body = Problem)))]
pub async fn public_thumb(
    services: web::Data<Services>,
    meta: RequestMeta,
    path: web::Path<(String, OrderPhotoId)>,
) -> AppResult<impl Responder> {
    let (token, photo) = path.into_inner();
    serve_jpeg(
        services
            .public_photo_file(&token, photo, true, &meta)
            .await?,
    )
    .await
}

// --- helpers ----------------------------------------------------------------------

async fn serve_jpeg(path: std::path::PathBuf) -> AppResult<impl Responder> {
    let file = NamedFile::open_async(&path)
        .await
        .map_err(|_| AppError::not_found("photo"))?
        .set_content_type(actix_web::mime::IMAGE_JPEG)
        .set_content_disposition(ContentDisposition {
            disposition: DispositionType::Inline,
            parameters: vec![],
        });
    Ok(file
        .customize()
        .insert_header(("X-Content-Type-Options", "nosniff"))
        .insert_header(("Cache-Control", "private, max-age=3600")))
}

/// Reads a whole body, refusing more than `max` bytes.
async fn read_body(mut payload: web::Payload, max: usize) -> AppResult<Vec<u8>> {
    let mut body = Vec::new();
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(|e| AppError::new(ErrorCode::MalformedRequest, e.to_string()))?;
        if body.len() + chunk.len() > max {
            return Err(AppError::new(
                ErrorCode::PayloadTooLarge,
                format!("the body may be at most {max} bytes"),
            ));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(body)
}

/// Longest text field of the event form, in bytes.
const MAX_FORM_TEXT: usize = 32 * 1024;

/// Reads the event form: text fields `visibility`, `status_id`, `comment`;
/// every file field (normally named `photos`) is a photo of at most
/// `max_photo` bytes.
async fn read_event_form(
    mut form: actix_multipart::Multipart,
    max_photo: usize,
) -> AppResult<(EventInput, Vec<Vec<u8>>)> {
    let mut visibility = None;
    let mut status_id = None;
    let mut comment = String::new();
    let mut photos: Vec<Vec<u8>> = Vec::new();
    while let Some(field) = form.next().await {
        let mut field =
            field.map_err(|e| AppError::new(ErrorCode::MalformedRequest, e.to_string()))?;
        let name = field.name().unwrap_or("").to_string();
        let is_file = field
            .content_disposition()
            .and_then(|d| d.get_filename())
            .is_some()
            || matches!(name.as_str(), "photos" | "photos[]" | "photo" | "file");
        if is_file && photos.len() >= MAX_PHOTOS {
            return Err(AppError::validation(
                "photos",
                format!("attach at most {MAX_PHOTOS} photos"),
            ));
        }
        let max = if is_file { max_photo } else { MAX_FORM_TEXT };
        let mut bytes = Vec::new();
        while let Some(chunk) = field.next().await {
            let chunk =
                chunk.map_err(|e| AppError::new(ErrorCode::MalformedRequest, e.to_string()))?;
            if bytes.len() + chunk.len() > max {
                return Err(AppError::new(
                    ErrorCode::PayloadTooLarge,
                    format!(
                        "a {} may be at most {max} bytes",
                        if is_file { "photo" } else { "field" }
                    ),
                ));
            }
            bytes.extend_from_slice(&chunk);
        }
        if is_file {
            photos.push(bytes);
            continue;
        }
        let text = String::from_utf8(bytes)
            .map_err(|_| AppError::validation("comment", "text fields must be UTF-8"))?;
        let text = text.trim();
        match name.as_str() {
            "visibility" => {
                visibility = Some(text.parse::<Visibility>().map_err(|_| {
                    AppError::validation("visibility", "visibility is public or internal")
                })?);
            }
            "status_id" if !text.is_empty() => {
                status_id = Some(text.parse::<OrderStatusId>().map_err(|_| {
                    AppError::validation("status_id", "status_id is not a valid id")
                })?);
            }
            "comment" => comment = text.to_string(),
            _ => {}
        }
    }
    let visibility = visibility
        .ok_or_else(|| AppError::validation("visibility", "choose public or internal"))?;
    Ok((
        EventInput {
            visibility,
            status_id,
            comment,
        },
        photos,
    ))
}
