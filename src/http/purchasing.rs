//! `/api/v1/suppliers`, `/api/v1/purchase-orders` and
//! `/api/v1/purchasing/performance`: suppliers, purchase orders, receiving
//! and supplier performance. Office roles (master, admin, operator) only;
//! every other role gets 403.

use actix_web::{HttpResponse, web};
use serde::Deserialize;

use crate::domain::inventory::PurchaseOrderState;
use crate::domain::{PurchaseLineId, PurchaseOrderId, SupplierContactId, SupplierId};
use crate::error::{AppResult, Problem};
use crate::http::input::Json;
use crate::services::purchasing::orders::{
    PickItem, PurchaseLineInput, PurchaseLineUpdate, PurchaseOrderInput, PurchaseOrderNotes,
};
use crate::services::purchasing::performance::{
    PerformanceRanking, PeriodQuery, SupplierPerformanceReport,
};
use crate::services::purchasing::receiving::ReceiveInput;
use crate::services::purchasing::suppliers::{
    OrderListFilter, PurchaseOrderPage, SupplierActiveInput, SupplierContactInput, SupplierDetail,
    SupplierInput, SupplierPage,
};
use crate::services::purchasing::{ContactView, PurchaseOrderDetail, SupplierView};
use crate::services::{Principal, Services};
use crate::store::inventory::SupplierFilter;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/suppliers")
            .route(web::get().to(list_suppliers))
            .route(web::post().to(create_supplier)),
    )
    .service(
        web::resource("/suppliers/{id}")
            .route(web::get().to(get_supplier))
            .route(web::put().to(update_supplier)),
    )
    .service(web::resource("/suppliers/{id}/active").route(web::put().to(set_supplier_active)))
    .service(web::resource("/suppliers/{id}/contacts").route(web::post().to(add_contact)))
    .service(
        web::resource("/suppliers/{id}/contacts/{contact_id}")
            .route(web::put().to(update_contact))
            .route(web::delete().to(delete_contact)),
    )
    .service(
        web::resource("/suppliers/{id}/performance").route(web::get().to(supplier_performance)),
    )
    .service(
        web::resource("/purchase-orders")
            .route(web::get().to(list_orders))
            .route(web::post().to(create_order)),
    )
    .service(web::resource("/purchase-orders/{id}").route(web::get().to(get_order)))
    .service(web::resource("/purchase-orders/{id}/pdf").route(web::get().to(order_pdf)))
    .service(web::resource("/purchase-orders/{id}/notes").route(web::put().to(set_notes)))
    .service(web::resource("/purchase-orders/{id}/lines").route(web::post().to(add_line)))
    .service(
        web::resource("/purchase-orders/{id}/lines/{line_id}")
            .route(web::put().to(update_line))
            .route(web::delete().to(delete_line)),
    )
    .service(web::resource("/purchase-orders/{id}/send").route(web::post().to(send_order)))
    .service(web::resource("/purchase-orders/{id}/receive").route(web::post().to(receive)))
    .service(web::resource("/purchase-orders/{id}/cancel").route(web::post().to(cancel_order)))
    .service(web::resource("/purchase-orders/{id}/close-short").route(web::post().to(close_short)))
    .service(web::resource("/purchasing/performance").route(web::get().to(ranking)))
    .service(web::resource("/purchasing/items").route(web::get().to(items)));
}

// --- suppliers -----------------------------------------------------------------

#[derive(Deserialize, utoipa::IntoParams)]
pub struct SupplierQuery {
    /// Search name, tax id, e-mail or phone.
    pub q: Option<String>,
    /// Only active (true) or inactive (false) suppliers; both when absent.
    pub active: Option<bool>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
}

/// Suppliers in name order, with search (master, admin, operator).
#[utoipa::path(get, path = "/api/v1/suppliers", tag = "purchasing", params(SupplierQuery),
    responses((status = 200, body = SupplierPage),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 422, description = "invalid_cursor, validation_failed (`limit`)", body = Problem, content_type = "application/problem+json")))]
pub async fn list_suppliers(
    services: web::Data<Services>,
    who: Principal,
    q: web::Query<SupplierQuery>,
) -> AppResult<web::Json<SupplierPage>> {
    let q = q.into_inner();
    let filter = SupplierFilter {
        q: q.q
            .filter(|s| !s.trim().is_empty())
            .map(|s| s.trim().to_string()),
        active: q.active,
    };
    Ok(web::Json(
        services
            .list_suppliers(&who, filter, q.cursor.as_deref(), q.limit.unwrap_or(50))
            .await?,
    ))
}

/// Add a supplier (master, admin, operator).
#[utoipa::path(post, path = "/api/v1/suppliers", tag = "purchasing", request_body = SupplierInput,
    responses((status = 201, body = SupplierView),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 409, description = "tax_id_taken", body = Problem, content_type = "application/problem+json"),
              (status = 422, description = "validation_failed, invalid_tax_id, invalid_email", body = Problem, content_type = "application/problem+json")))]
pub async fn create_supplier(
    services: web::Data<Services>,
    who: Principal,
    body: Json<SupplierInput>,
) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Created().json(services.create_supplier(&who, body.into_inner()).await?))
}

/// A supplier with its contacts.
#[utoipa::path(get, path = "/api/v1/suppliers/{id}", tag = "purchasing",
    params(("id" = SupplierId, Path, description = "The supplier")),
    responses((status = 200, body = SupplierDetail),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn get_supplier(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<SupplierId>,
) -> AppResult<web::Json<SupplierDetail>> {
    Ok(web::Json(
        services.get_supplier(&who, id.into_inner()).await?,
    ))
}

/// Change a supplier's data.
#[utoipa::path(put, path = "/api/v1/suppliers/{id}", tag = "purchasing", request_body = SupplierInput,
    params(("id" = SupplierId, Path, description = "The supplier")),
    responses((status = 200, body = SupplierView),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 409, description = "tax_id_taken", body = Problem, content_type = "application/problem+json"),
              (status = 422, description = "validation_failed, invalid_tax_id, invalid_email", body = Problem, content_type = "application/problem+json")))]
pub async fn update_supplier(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<SupplierId>,
    body: Json<SupplierInput>,
) -> AppResult<web::Json<SupplierView>> {
    Ok(web::Json(
        services
            .update_supplier(&who, id.into_inner(), body.into_inner())
            .await?,
    ))
}

/// Deactivate or reactivate a supplier (no new purchase orders while inactive).
#[utoipa::path(put, path = "/api/v1/suppliers/{id}/active", tag = "purchasing", request_body = SupplierActiveInput,
    params(("id" = SupplierId, Path, description = "The supplier")),
    responses((status = 200, body = SupplierView),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 422, description = "validation_failed", body = Problem, content_type = "application/problem+json")))]
pub async fn set_supplier_active(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<SupplierId>,
    body: Json<SupplierActiveInput>,
) -> AppResult<web::Json<SupplierView>> {
    Ok(web::Json(
        services
            .set_supplier_active(&who, id.into_inner(), body.active)
            .await?,
    ))
}

/// Add a contact person to a supplier.
#[utoipa::path(post, path = "/api/v1/suppliers/{id}/contacts", tag = "purchasing", request_body = SupplierContactInput,
    params(("id" = SupplierId, Path, description = "The supplier")),
    responses((status = 201, body = ContactView),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 422, description = "validation_failed, invalid_email", body = Problem, content_type = "application/problem+json")))]
pub async fn add_contact(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<SupplierId>,
    body: Json<SupplierContactInput>,
) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Created().json(
        services
            .add_supplier_contact(&who, id.into_inner(), body.into_inner())
            .await?,
    ))
}

/// Change a supplier's contact.
#[utoipa::path(put, path = "/api/v1/suppliers/{id}/contacts/{contact_id}", tag = "purchasing", request_body = SupplierContactInput,
    params(("id" = SupplierId, Path, description = "The supplier"),
           ("contact_id" = SupplierContactId, Path, description = "The contact")),
    responses((status = 200, body = ContactView),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 422, description = "validation_failed, invalid_email", body = Problem, content_type = "application/problem+json")))]
pub async fn update_contact(
    services: web::Data<Services>,
    who: Principal,
    path: web::Path<(SupplierId, SupplierContactId)>,
    body: Json<SupplierContactInput>,
) -> AppResult<web::Json<ContactView>> {
    let (id, contact) = path.into_inner();
    Ok(web::Json(
        services
            .update_supplier_contact(&who, id, contact, body.into_inner())
            .await?,
    ))
}

/// Remove a supplier's contact.
#[utoipa::path(delete, path = "/api/v1/suppliers/{id}/contacts/{contact_id}", tag = "purchasing",
    params(("id" = SupplierId, Path, description = "The supplier"),
           ("contact_id" = SupplierContactId, Path, description = "The contact")),
    responses((status = 204),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn delete_contact(
    services: web::Data<Services>,
    who: Principal,
    path: web::Path<(SupplierId, SupplierContactId)>,
) -> AppResult<HttpResponse> {
    let (id, contact) = path.into_inner();
    services.delete_supplier_contact(&who, id, contact).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// One supplier's performance over a period, overall and month by month.
#[utoipa::path(get, path = "/api/v1/suppliers/{id}/performance", tag = "purchasing",
    params(("id" = SupplierId, Path, description = "The supplier"), PeriodQuery),
    responses((status = 200, body = SupplierPerformanceReport),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 422, description = "validation_failed (`to` before `from`, period too long)", body = Problem, content_type = "application/problem+json")))]
pub async fn supplier_performance(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<SupplierId>,
    q: web::Query<PeriodQuery>,
) -> AppResult<web::Json<SupplierPerformanceReport>> {
    Ok(web::Json(
        services
            .supplier_performance(&who, id.into_inner(), q.into_inner())
            .await?,
    ))
}

/// Every supplier active in the period, ranked by on-time rate × fill rate.
#[utoipa::path(get, path = "/api/v1/purchasing/performance", tag = "purchasing", params(PeriodQuery),
    responses((status = 200, body = PerformanceRanking),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 422, description = "validation_failed (`to` before `from`, period too long)", body = Problem, content_type = "application/problem+json")))]
pub async fn ranking(
    services: web::Data<Services>,
    who: Principal,
    q: web::Query<PeriodQuery>,
) -> AppResult<web::Json<PerformanceRanking>> {
    Ok(web::Json(
        services.performance_ranking(&who, q.into_inner()).await?,
    ))
}

// --- purchase orders -----------------------------------------------------------

#[derive(Deserialize, utoipa::IntoParams)]
pub struct OrderQuery {
    /// One supplier's orders (its purchase history).
    pub supplier_id: Option<SupplierId>,
    pub state: Option<PurchaseOrderState>,
    /// Search the number (`OC-0000`…).
    pub q: Option<String>,
    pub cursor: Option<String>,
    /// Page size, 1 to 200 (default 50).
    #[param(minimum = 1, maximum = 200)]
    pub limit: Option<i64>,
}

/// Purchase orders, newest first.
#[utoipa::path(get, path = "/api/v1/purchase-orders", tag = "purchasing", params(OrderQuery),
    responses((status = 200, body = PurchaseOrderPage),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 422, description = "invalid_cursor, validation_failed (`limit`)", body = Problem, content_type = "application/problem+json")))]
pub async fn list_orders(
    services: web::Data<Services>,
    who: Principal,
    q: web::Query<OrderQuery>,
) -> AppResult<web::Json<PurchaseOrderPage>> {
    let q = q.into_inner();
    let filter = OrderListFilter {
        supplier: q.supplier_id,
        state: q.state,
        q: q.q
            .filter(|s| !s.trim().is_empty())
            .map(|s| s.trim().to_string()),
    };
    Ok(web::Json(
        services
            .list_purchase_orders(&who, filter, q.cursor.as_deref(), q.limit.unwrap_or(50))
            .await?,
    ))
}

/// Start a purchase order (a draft numbered `OC-000001`…), optionally with lines.
#[utoipa::path(post, path = "/api/v1/purchase-orders", tag = "purchasing", request_body = PurchaseOrderInput,
    responses((status = 201, body = PurchaseOrderDetail),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, description = "supplier or item not found", body = Problem, content_type = "application/problem+json"),
              (status = 422, description = "validation_failed (quantity negative or fractional for a whole unit, item twice, inactive supplier), invalid_money", body = Problem, content_type = "application/problem+json")))]
pub async fn create_order(
    services: web::Data<Services>,
    who: Principal,
    body: Json<PurchaseOrderInput>,
) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Created().json(
        services
            .create_purchase_order(&who, body.into_inner())
            .await?,
    ))
}

/// A purchase order with its lines, receipts and total.
#[utoipa::path(get, path = "/api/v1/purchase-orders/{id}", tag = "purchasing",
    params(("id" = PurchaseOrderId, Path, description = "The purchase order")),
    responses((status = 200, body = PurchaseOrderDetail),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn get_order(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<PurchaseOrderId>,
) -> AppResult<web::Json<PurchaseOrderDetail>> {
    Ok(web::Json(
        services.get_purchase_order(&who, id.into_inner()).await?,
    ))
}

/// Change a draft's notes.
#[utoipa::path(put, path = "/api/v1/purchase-orders/{id}/notes", tag = "purchasing", request_body = PurchaseOrderNotes,
    params(("id" = PurchaseOrderId, Path, description = "The purchase order")),
    responses((status = 200, body = PurchaseOrderDetail),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 409, description = "purchase_order_not_open (not a draft)", body = Problem, content_type = "application/problem+json"),
              (status = 422, description = "validation_failed", body = Problem, content_type = "application/problem+json")))]
pub async fn set_notes(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<PurchaseOrderId>,
    body: Json<PurchaseOrderNotes>,
) -> AppResult<web::Json<PurchaseOrderDetail>> {
    Ok(web::Json(
        services
            .set_purchase_order_notes(&who, id.into_inner(), body.into_inner())
            .await?,
    ))
}

/// Add a line to a draft.
#[utoipa::path(post, path = "/api/v1/purchase-orders/{id}/lines", tag = "purchasing", request_body = PurchaseLineInput,
    params(("id" = PurchaseOrderId, Path, description = "The purchase order")),
    responses((status = 200, body = PurchaseOrderDetail),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 409, description = "purchase_order_not_open (not a draft)", body = Problem, content_type = "application/problem+json"),
              (status = 422, description = "validation_failed, invalid_money", body = Problem, content_type = "application/problem+json")))]
pub async fn add_line(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<PurchaseOrderId>,
    body: Json<PurchaseLineInput>,
) -> AppResult<web::Json<PurchaseOrderDetail>> {
    Ok(web::Json(
        services
            .add_purchase_line(&who, id.into_inner(), body.into_inner())
            .await?,
    ))
}

/// Change a draft's line.
#[utoipa::path(put, path = "/api/v1/purchase-orders/{id}/lines/{line_id}", tag = "purchasing", request_body = PurchaseLineUpdate,
    params(("id" = PurchaseOrderId, Path, description = "The purchase order"),
           ("line_id" = PurchaseLineId, Path, description = "The line")),
    responses((status = 200, body = PurchaseOrderDetail),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 409, description = "purchase_order_not_open (not a draft)", body = Problem, content_type = "application/problem+json"),
              (status = 422, description = "validation_failed, invalid_money", body = Problem, content_type = "application/problem+json")))]
pub async fn update_line(
    services: web::Data<Services>,
    who: Principal,
    path: web::Path<(PurchaseOrderId, PurchaseLineId)>,
    body: Json<PurchaseLineUpdate>,
) -> AppResult<web::Json<PurchaseOrderDetail>> {
    let (id, line) = path.into_inner();
    Ok(web::Json(
        services
            .update_purchase_line(&who, id, line, body.into_inner())
            .await?,
    ))
}

/// Remove a draft's line.
#[utoipa::path(delete, path = "/api/v1/purchase-orders/{id}/lines/{line_id}", tag = "purchasing",
    params(("id" = PurchaseOrderId, Path, description = "The purchase order"),
           ("line_id" = PurchaseLineId, Path, description = "The line")),
    responses((status = 200, body = PurchaseOrderDetail),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 409, description = "purchase_order_not_open (not a draft)", body = Problem, content_type = "application/problem+json")))]
pub async fn delete_line(
    services: web::Data<Services>,
    who: Principal,
    path: web::Path<(PurchaseOrderId, PurchaseLineId)>,
) -> AppResult<web::Json<PurchaseOrderDetail>> {
    let (id, line) = path.into_inner();
    Ok(web::Json(
        services.delete_purchase_line(&who, id, line).await?,
    ))
}

/// Send a draft: its lines go on order and the supplier is e-mailed.
#[utoipa::path(post, path = "/api/v1/purchase-orders/{id}/send", tag = "purchasing",
    params(("id" = PurchaseOrderId, Path, description = "The purchase order")),
    responses((status = 200, body = PurchaseOrderDetail),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 409, description = "purchase_order_not_open (not a draft)", body = Problem, content_type = "application/problem+json"),
              (status = 422, description = "validation_failed (no lines)", body = Problem, content_type = "application/problem+json")))]
pub async fn send_order(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<PurchaseOrderId>,
) -> AppResult<web::Json<PurchaseOrderDetail>> {
    Ok(web::Json(
        services.send_purchase_order(&who, id.into_inner()).await?,
    ))
}

/// Receive goods on a sent order, per line (partial allowed).
#[utoipa::path(post, path = "/api/v1/purchase-orders/{id}/receive", tag = "purchasing", request_body = ReceiveInput,
    params(("id" = PurchaseOrderId, Path, description = "The purchase order")),
    responses((status = 200, body = PurchaseOrderDetail),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 409, description = "over_receipt (more than outstanding without `confirm_over_receipt`), purchase_order_not_open (draft, cancelled or finished)", body = Problem, content_type = "application/problem+json"),
              (status = 422, description = "validation_failed (`lines[i].quantity` negative, zero or fractional for a whole unit)", body = Problem, content_type = "application/problem+json")))]
pub async fn receive(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<PurchaseOrderId>,
    body: Json<ReceiveInput>,
) -> AppResult<web::Json<PurchaseOrderDetail>> {
    Ok(web::Json(
        services
            .receive_purchase_order(&who, id.into_inner(), body.into_inner())
            .await?,
    ))
}

/// Cancel a draft, or a sent order nothing was received on.
#[utoipa::path(post, path = "/api/v1/purchase-orders/{id}/cancel", tag = "purchasing",
    params(("id" = PurchaseOrderId, Path, description = "The purchase order")),
    responses((status = 200, body = PurchaseOrderDetail),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 409, description = "purchase_order_not_open (goods received: close short instead)", body = Problem, content_type = "application/problem+json")))]
pub async fn cancel_order(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<PurchaseOrderId>,
) -> AppResult<web::Json<PurchaseOrderDetail>> {
    Ok(web::Json(
        services
            .cancel_purchase_order(&who, id.into_inner())
            .await?,
    ))
}

/// End a partly received order: the rest will not come.
#[utoipa::path(post, path = "/api/v1/purchase-orders/{id}/close-short", tag = "purchasing",
    params(("id" = PurchaseOrderId, Path, description = "The purchase order")),
    responses((status = 200, body = PurchaseOrderDetail),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json"),
              (status = 409, description = "purchase_order_not_open (not partially received)", body = Problem, content_type = "application/problem+json")))]
pub async fn close_short(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<PurchaseOrderId>,
) -> AppResult<web::Json<PurchaseOrderDetail>> {
    Ok(web::Json(
        services
            .close_purchase_order_short(&who, id.into_inner())
            .await?,
    ))
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct ItemQuery {
    /// Search SKU, description, brand or part number.
    pub q: Option<String>,
}

/// Active catalog items for a purchase order line (first 20 matches, by SKU).
#[utoipa::path(get, path = "/api/v1/purchasing/items", tag = "purchasing", params(ItemQuery),
    responses((status = 200, body = Vec<PickItem>),
              (status = 403, body = Problem, content_type = "application/problem+json")))]
pub async fn items(
    services: web::Data<Services>,
    who: Principal,
    q: web::Query<ItemQuery>,
) -> AppResult<web::Json<Vec<PickItem>>> {
    Ok(web::Json(
        services.purchasable_items(&who, q.into_inner().q).await?,
    ))
}

/// The purchase order as a PDF (A4), to print or forward to the supplier.
#[utoipa::path(get, path = "/api/v1/purchase-orders/{id}/pdf", tag = "purchasing",
    params(("id" = PurchaseOrderId, Path, description = "The purchase order")),
    responses((status = 200, description = "The PDF", content_type = "application/pdf", body = Vec<u8>),
              (status = 403, body = Problem, content_type = "application/problem+json"),
              (status = 404, body = Problem, content_type = "application/problem+json")))]
pub async fn order_pdf(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<PurchaseOrderId>,
) -> AppResult<HttpResponse> {
    let (name, pdf) = services.purchase_order_pdf(&who, id.into_inner()).await?;
    Ok(HttpResponse::Ok()
        .content_type("application/pdf")
        .insert_header((
            "content-disposition",
            format!("inline; filename=\"{name}\""),
        ))
        .body(pdf))
}
