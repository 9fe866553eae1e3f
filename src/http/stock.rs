//! `/api/v1/stock/…`: the parts catalog, the stock ledger, availability, the
//! "to reorder" list and its draft purchase orders; and
//! `/api/v1/orders/{id}/parts/{part_id}/install` (a single resource under
//! `/orders`, registered before the orders scope, see [`super::configure`]).
//!
//! Roles: office roles manage the catalog and the stock; technicians and
//! sellers read availability (and prices); customers get 403 everywhere.

use actix_web::{HttpResponse, web};
use serde::Deserialize;

use crate::domain::{ItemId, OrderId, OrderPartId, SupplierId};
use crate::error::{AppResult, Problem};
use crate::http::input::Json;
use crate::services::stock::availability::AvailabilityQuery;
use crate::services::stock::catalog::ItemQuery;
use crate::services::stock::reorder::DraftInput;
use crate::services::stock::{
    Availability, BackorderEntry, DraftedOrders, ItemInput, ItemPage, ItemView, MoveInput,
    MovePage, MoveResult, ReorderEntry,
};
use crate::services::{Principal, Services};
use crate::store::orders::OrderPart;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/stock/items")
            .route(web::get().to(list_items))
            .route(web::post().to(create_item)),
    )
    .service(
        web::resource("/stock/items/{id}")
            .route(web::get().to(get_item))
            .route(web::put().to(update_item)),
    )
    .service(web::resource("/stock/items/{id}/active").route(web::put().to(set_item_active)))
    .service(
        web::resource("/stock/items/{id}/moves")
            .route(web::get().to(list_moves))
            .route(web::post().to(record_move)),
    )
    .service(
        web::resource("/stock/items/{id}/availability").route(web::get().to(item_availability)),
    )
    .service(web::resource("/stock/availability").route(web::get().to(availability)))
    .service(web::resource("/stock/reorder").route(web::get().to(reorder_list)))
    .service(web::resource("/stock/backorders").route(web::get().to(backorders)))
    .service(
        web::resource("/stock/reorder/draft-purchase-orders")
            .route(web::post().to(draft_purchase_orders)),
    )
    .service(
        web::resource("/orders/{id}/parts/{part_id}/install").route(web::post().to(install_part)),
    );
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct ItemsParams {
    /// Search SKU, description, brand and part number.
    #[param(max_length = 100)]
    pub q: Option<String>,
    /// Only active (true) or deactivated (false) items.
    pub active: Option<bool>,
    /// Items whose preferred supplier is this one.
    pub supplier_id: Option<SupplierId>,
    /// Items that fit this equipment model ("CAT 320D").
    pub model: Option<String>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Page size, 1 to 200 (default 50; others are brought into range).
    pub limit: Option<i64>,
}

/// The parts catalog with availability, in SKU order (staff; the average
/// cost for office roles only).
#[utoipa::path(get, path = "/api/v1/stock/items", tag = "stock", params(ItemsParams),
    responses((status = 200, body = ItemPage),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 422, description = "validation_failed, invalid_cursor", body = Problem, content_type = "application/problem+json")))]
pub async fn list_items(
    services: web::Data<Services>,
    who: Principal,
    q: web::Query<ItemsParams>,
) -> AppResult<web::Json<ItemPage>> {
    let q = q.into_inner();
    let query = ItemQuery {
        q: q.q,
        active: q.active,
        supplier_id: q.supplier_id,
        model: q.model,
    };
    Ok(web::Json(
        services
            .list_items(&who, query, q.cursor.as_deref(), q.limit.unwrap_or(50))
            .await?,
    ))
}

/// Add an item to the catalog (office roles).
#[utoipa::path(post, path = "/api/v1/stock/items", tag = "stock", request_body = ItemInput,
    responses((status = 201, body = ItemView),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 409, description = "sku_taken", body = Problem, content_type = "application/problem+json"),
              (status = 422, description = "validation_failed, invalid_money", body = Problem, content_type = "application/problem+json")))]
pub async fn create_item(
    services: web::Data<Services>,
    who: Principal,
    body: Json<ItemInput>,
) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Created().json(services.create_item(&who, body.into_inner()).await?))
}

/// One item with its availability (staff).
#[utoipa::path(get, path = "/api/v1/stock/items/{id}", tag = "stock",
    params(("id" = ItemId, Path, description = "the item")),
    responses((status = 200, body = ItemView),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn get_item(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<ItemId>,
) -> AppResult<web::Json<ItemView>> {
    Ok(web::Json(services.get_item(&who, id.into_inner()).await?))
}

/// Edit an item (office roles).
#[utoipa::path(put, path = "/api/v1/stock/items/{id}", tag = "stock", request_body = ItemInput,
    params(("id" = ItemId, Path, description = "the item")),
    responses((status = 200, body = ItemView),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 409, description = "sku_taken", body = Problem, content_type = "application/problem+json"),
              (status = 422, description = "validation_failed, invalid_money", body = Problem, content_type = "application/problem+json")))]
pub async fn update_item(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<ItemId>,
    body: Json<ItemInput>,
) -> AppResult<web::Json<ItemView>> {
    Ok(web::Json(
        services
            .update_item(&who, id.into_inner(), body.into_inner())
            .await?,
    ))
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ActiveInput {
    pub active: bool,
}

/// Deactivate or reactivate an item (office roles); its ledger stays.
#[utoipa::path(put, path = "/api/v1/stock/items/{id}/active", tag = "stock", request_body = ActiveInput,
    params(("id" = ItemId, Path, description = "the item")),
    responses((status = 200, body = ItemView),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 422, description = "validation_failed", body = Problem, content_type = "application/problem+json")))]
pub async fn set_item_active(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<ItemId>,
    body: Json<ActiveInput>,
) -> AppResult<web::Json<ItemView>> {
    Ok(web::Json(
        services
            .set_item_active(&who, id.into_inner(), body.into_inner().active)
            .await?,
    ))
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct MovesParams {
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Page size, 1 to 200 (default 50; others are brought into range).
    pub limit: Option<i64>,
}

/// An item's stock ledger, newest first (office roles).
#[utoipa::path(get, path = "/api/v1/stock/items/{id}/moves", tag = "stock",
    params(("id" = ItemId, Path, description = "the item"), MovesParams),
    responses((status = 200, body = MovePage),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 422, description = "invalid_cursor", body = Problem, content_type = "application/problem+json")))]
pub async fn list_moves(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<ItemId>,
    q: web::Query<MovesParams>,
) -> AppResult<web::Json<MovePage>> {
    Ok(web::Json(
        services
            .item_moves(
                &who,
                id.into_inner(),
                q.cursor.as_deref(),
                q.limit.unwrap_or(50),
            )
            .await?,
    ))
}

/// Record an initial count or an adjustment (office roles). Never more out
/// than on hand and not reserved: 409 `insufficient_stock` with `available`.
#[utoipa::path(post, path = "/api/v1/stock/items/{id}/moves", tag = "stock", request_body = MoveInput,
    params(("id" = ItemId, Path, description = "the item")),
    responses((status = 201, body = MoveResult),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 409, description = "insufficient_stock (with `available`), conflict (a second initial count)", body = Problem, content_type = "application/problem+json"),
              (status = 422, description = "validation_failed", body = Problem, content_type = "application/problem+json")))]
pub async fn record_move(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<ItemId>,
    body: Json<MoveInput>,
) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Created().json(
        services
            .record_move(&who, id.into_inner(), body.into_inner())
            .await?,
    ))
}

/// One item's on hand, reserved, available, on order and projected (staff).
#[utoipa::path(get, path = "/api/v1/stock/items/{id}/availability", tag = "stock",
    params(("id" = ItemId, Path, description = "the item")),
    responses((status = 200, body = Availability),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn item_availability(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<ItemId>,
) -> AppResult<web::Json<Availability>> {
    Ok(web::Json(
        services.item_availability(&who, id.into_inner()).await?,
    ))
}

/// Several items' availability at once (staff), in SKU order.
#[utoipa::path(get, path = "/api/v1/stock/availability", tag = "stock", params(AvailabilityQuery),
    responses((status = 200, body = Vec<Availability>),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 422, description = "validation_failed", body = Problem, content_type = "application/problem+json")))]
pub async fn availability(
    services: web::Data<Services>,
    who: Principal,
    q: web::Query<AvailabilityQuery>,
) -> AppResult<web::Json<Vec<Availability>>> {
    Ok(web::Json(services.items_availability(&who, &q.ids).await?))
}

/// The "to reorder" list: active items whose projected stock is below
/// their minimum, with the suggested quantity (office roles).
#[utoipa::path(get, path = "/api/v1/stock/reorder", tag = "stock",
    responses((status = 200, body = Vec<ReorderEntry>),
              (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn reorder_list(
    services: web::Data<Services>,
    who: Principal,
) -> AppResult<web::Json<Vec<ReorderEntry>>> {
    Ok(web::Json(services.reorder_list(&who).await?))
}

/// The backorders ("Por pedir"): catalog parts waiting "to order" on
/// service orders, oldest first (at most 1000), with the order, customer,
/// who added each and since when (office roles).
#[utoipa::path(get, path = "/api/v1/stock/backorders", tag = "stock",
    responses((status = 200, body = Vec<BackorderEntry>),
              (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn backorders(
    services: web::Data<Services>,
    who: Principal,
) -> AppResult<web::Json<Vec<BackorderEntry>>> {
    Ok(web::Json(services.backorders(&who).await?))
}

/// Draft purchase orders from the list, one per preferred supplier
/// (office roles).
#[utoipa::path(post, path = "/api/v1/stock/reorder/draft-purchase-orders", tag = "stock",
    request_body = DraftInput,
    responses((status = 201, body = DraftedOrders),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 422, description = "validation_failed", body = Problem, content_type = "application/problem+json")))]
pub async fn draft_purchase_orders(
    services: web::Data<Services>,
    who: Principal,
    body: Json<DraftInput>,
) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Created().json(
        services
            .draft_purchase_orders(&who, body.into_inner())
            .await?,
    ))
}

/// Mark a catalog part installed: it leaves the stock (office roles and
/// whoever added it; open orders).
#[utoipa::path(post, path = "/api/v1/orders/{id}/parts/{part_id}/install", tag = "stock",
    params(("id" = OrderId, Path, description = "the order"),
           ("part_id" = OrderPartId, Path, description = "the part")),
    responses((status = 200, body = OrderPart),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 409, description = "insufficient_stock (a backorder not yet in stock), order_closed, order_inactive", body = Problem, content_type = "application/problem+json"),
              (status = 422, description = "validation_failed (a free-text part)", body = Problem, content_type = "application/problem+json")))]
pub async fn install_part(
    services: web::Data<Services>,
    who: Principal,
    path: web::Path<(OrderId, OrderPartId)>,
) -> AppResult<web::Json<OrderPart>> {
    let (id, part) = path.into_inner();
    Ok(web::Json(
        services.install_order_part(&who, id, part).await?,
    ))
}
