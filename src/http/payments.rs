//! `/api/v1/payment-methods`, `/api/v1/payments` and the payment and closing
//! routes of an order (`/api/v1/orders/{id}/payments|balance|close|reopen`).
//!
//! The order routes are single resources, registered before the orders
//! scope (see [`super::configure`]).

use crate::http::input::Json;
use actix_web::{HttpResponse, web};
use chrono::NaiveDate;
use serde::Deserialize;

use crate::domain::{CustomerId, OrderId, PaymentId, PaymentMethodId};
use crate::error::{AppError, AppResult, ErrorCode, Problem};
use crate::services::orders::ReopenInput;
use crate::services::payments::{
    CloseInput, ClosedOrder, OrderPayments, PaymentDeletion, PaymentInput, PaymentMethodInput,
    PaymentMethodUpdate, PaymentPage, PaymentWithBalance,
};
use crate::services::views::list;
use crate::services::views::orders::Order;
use crate::services::views::payments::PaymentMethod;
use crate::services::{Principal, RequestMeta, Services};
use crate::store::payments::{Balance, Payment, PaymentFilter};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::resource("/payment-methods")
            .route(web::get().to(list_methods))
            .route(web::post().to(create_method)),
    )
    .service(
        web::resource("/payment-methods/{id}")
            .route(web::put().to(update_method))
            .route(web::delete().to(delete_method)),
    )
    .service(web::resource("/payments").route(web::get().to(search_payments)))
    .service(
        web::resource("/payments/{id}")
            .route(web::get().to(get_payment))
            .route(web::delete().to(delete_payment)),
    )
    .service(
        web::resource("/orders/{id}/payments")
            .route(web::get().to(order_payments))
            .route(web::post().to(register_payment)),
    )
    .service(web::resource("/orders/{id}/balance").route(web::get().to(order_balance)))
    .service(web::resource("/orders/{id}/close").route(web::post().to(close_order)))
    .service(web::resource("/orders/{id}/reopen").route(web::post().to(reopen_order)));
}

// --- payment methods -----------------------------------------------------------

#[derive(Deserialize, utoipa::IntoParams)]
pub struct MethodsQuery {
    /// Also list deactivated methods (default false).
    pub include_inactive: Option<bool>,
}

/// The payment methods catalog, by name (master, admin, operator).
#[utoipa::path(get, path = "/api/v1/payment-methods", tag = "payments", params(MethodsQuery),
    responses((status = 200, body = Vec<PaymentMethod>), (status = 403, body = Problem)))]
pub async fn list_methods(
    services: web::Data<Services>,
    who: Principal,
    q: web::Query<MethodsQuery>,
) -> AppResult<web::Json<Vec<PaymentMethod>>> {
    Ok(web::Json(
        services
            .list_payment_methods(&who, q.include_inactive.unwrap_or(false))
            .await
            .map(list)?,
    ))
}

/// Add a payment method (master, admin, operator).
#[utoipa::path(post, path = "/api/v1/payment-methods", tag = "payments", request_body = PaymentMethodInput,
    responses((status = 201, body = PaymentMethod), (status = 403, body = Problem),
              (status = 409, description = "method_name_taken", body = Problem),
              (status = 422, description = "validation_failed", body = Problem)))]
pub async fn create_method(
    services: web::Data<Services>,
    who: Principal,
    body: Json<PaymentMethodInput>,
) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Created().json(PaymentMethod::from(
        services
            .create_payment_method(&who, body.into_inner())
            .await?,
    )))
}

/// Rename and/or (de)activate a payment method (master, admin, operator).
#[utoipa::path(put, path = "/api/v1/payment-methods/{id}", tag = "payments", request_body = PaymentMethodUpdate,
    responses((status = 200, body = PaymentMethod), (status = 403, body = Problem), (status = 404, body = Problem),
              (status = 409, description = "method_name_taken", body = Problem),
              (status = 422, description = "validation_failed", body = Problem)))]
pub async fn update_method(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<PaymentMethodId>,
    body: Json<PaymentMethodUpdate>,
) -> AppResult<web::Json<PaymentMethod>> {
    Ok(web::Json(
        services
            .update_payment_method(&who, id.into_inner(), body.into_inner())
            .await?
            .into(),
    ))
}

/// Delete a payment method no payment uses (master, admin, operator).
#[utoipa::path(delete, path = "/api/v1/payment-methods/{id}", tag = "payments",
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem),
              (status = 409, description = "method_in_use: deactivate it instead", body = Problem)))]
pub async fn delete_method(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<PaymentMethodId>,
) -> AppResult<HttpResponse> {
    services
        .delete_payment_method(&who, id.into_inner())
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

// --- payments ----------------------------------------------------------------

#[derive(Deserialize, utoipa::IntoParams)]
pub struct PaymentQuery {
    /// Search the reference/account number, the receipt and order numbers
    /// and the customer (name, tax id).
    pub q: Option<String>,
    pub customer_id: Option<CustomerId>,
    pub order_id: Option<OrderId>,
    /// Received on or after this day.
    pub from: Option<NaiveDate>,
    /// Received on or before this day.
    pub to: Option<NaiveDate>,
    pub method_id: Option<PaymentMethodId>,
    /// Also list deleted payments (default false); they never count in the totals.
    pub include_deleted: Option<bool>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Page size, 1 to 200 (default 50).
    pub limit: Option<i64>,
}

/// Search payments across orders, newest first (master, admin, operator):
/// the cash desk ("Caja / Cobranzas"). The first page carries the totals per
/// payment method of the whole search.
#[utoipa::path(get, path = "/api/v1/payments", tag = "payments", params(PaymentQuery),
    responses((status = 200, body = PaymentPage), (status = 403, body = Problem),
              (status = 422, description = "invalid_cursor, validation_failed (`to` before `from`)", body = Problem)))]
pub async fn search_payments(
    services: web::Data<Services>,
    who: Principal,
    q: web::Query<PaymentQuery>,
) -> AppResult<web::Json<PaymentPage>> {
    let q = q.into_inner();
    let filter = PaymentFilter {
        q: q.q
            .filter(|s| !s.trim().is_empty())
            .map(|s| s.trim().to_string()),
        customer_id: q.customer_id,
        order_id: q.order_id,
        from: q.from,
        to: q.to,
        method_id: q.method_id,
        include_deleted: q.include_deleted.unwrap_or(false),
    };
    Ok(web::Json(
        services
            .search_payments(&who, filter, q.cursor.as_deref(), q.limit.unwrap_or(50))
            .await?,
    ))
}

/// One payment (whoever may see its order).
#[utoipa::path(get, path = "/api/v1/payments/{id}", tag = "payments",
    responses((status = 200, body = Payment), (status = 404, body = Problem)))]
pub async fn get_payment(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<PaymentId>,
) -> AppResult<web::Json<Payment>> {
    Ok(web::Json(
        services.get_payment(&who, id.into_inner()).await?,
    ))
}

/// Delete (reverse) a payment: master only, with a reason (`{"reason":
/// "…"}`, required). The amount returns to the order's balance; the payment
/// stays, marked deleted with who, when and why, its receipt says so, and the
/// deletion is audit-logged with the reason.
#[utoipa::path(delete, path = "/api/v1/payments/{id}", tag = "payments", request_body = PaymentDeletion,
    responses((status = 200, body = PaymentWithBalance), (status = 403, body = Problem),
              (status = 404, body = Problem),
              (status = 409, description = "order_closed, or already deleted (conflict)", body = Problem),
              (status = 422, description = "validation_failed (field `reason`)", body = Problem)))]
pub async fn delete_payment(
    services: web::Data<Services>,
    who: Principal,
    meta: RequestMeta,
    id: web::Path<PaymentId>,
    body: web::Bytes,
) -> AppResult<web::Json<PaymentWithBalance>> {
    // An empty body is a deletion without a reason: refused by the service
    // as `validation_failed` on `reason`, like an empty one.
    let input: PaymentDeletion = optional_json(&body)?;
    Ok(web::Json(
        services
            .delete_payment(&who, id.into_inner(), input, &meta)
            .await?,
    ))
}

/// A JSON body that may be absent (empty, whitespace or `null`): `T::default()`.
fn optional_json<T: serde::de::DeserializeOwned + Default>(body: &[u8]) -> AppResult<T> {
    let text = body.trim_ascii();
    if text.is_empty() || text == b"null" {
        return Ok(T::default());
    }
    serde_json::from_slice(body).map_err(|e| {
        if e.is_data() {
            AppError::new(ErrorCode::ValidationFailed, e.to_string())
        } else {
            AppError::new(
                ErrorCode::MalformedJson,
                format!("the body is not valid JSON: {e}"),
            )
        }
    })
}

// --- an order's payments, balance and closing --------------------------------

/// An order's payments, oldest first, with its balance (whoever may see the
/// order; deleted payments are listed for staff only).
#[utoipa::path(get, path = "/api/v1/orders/{id}/payments", tag = "payments",
    responses((status = 200, body = OrderPayments), (status = 404, body = Problem)))]
pub async fn order_payments(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<OrderId>,
) -> AppResult<web::Json<OrderPayments>> {
    Ok(web::Json(
        services.order_payments(&who, id.into_inner()).await?,
    ))
}

/// Register a payment or advance on an order (master, admin, operator).
#[utoipa::path(post, path = "/api/v1/orders/{id}/payments", tag = "payments", request_body = PaymentInput,
    responses((status = 201, body = PaymentWithBalance), (status = 403, body = Problem),
              (status = 404, body = Problem),
              (status = 409, description = "order_closed, order_inactive", body = Problem),
              (status = 422, description = "invalid_money, amount_exceeds_balance, validation_failed", body = Problem)))]
pub async fn register_payment(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<OrderId>,
    body: Json<PaymentInput>,
) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Created().json(
        services
            .register_payment(&who, id.into_inner(), body.into_inner())
            .await?,
    ))
}

/// An order's balance: service value + parts − payments.
#[utoipa::path(get, path = "/api/v1/orders/{id}/balance", tag = "payments",
    responses((status = 200, body = Balance), (status = 404, body = Problem)))]
pub async fn order_balance(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<OrderId>,
) -> AppResult<web::Json<Balance>> {
    Ok(web::Json(
        services.order_balance(&who, id.into_inner()).await?,
    ))
}

/// Close a fully paid order (master, admin, operator). The body
/// (`{"comment": "…"}`) is optional. Closing is a public timeline event.
#[utoipa::path(post, path = "/api/v1/orders/{id}/close", tag = "payments", request_body(content = Option<CloseInput>),
    responses((status = 200, body = ClosedOrder), (status = 403, body = Problem), (status = 404, body = Problem),
              (status = 409, description = "balance_not_zero, order_closed, order_inactive", body = Problem)))]
pub async fn close_order(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<OrderId>,
    body: web::Bytes,
) -> AppResult<web::Json<ClosedOrder>> {
    let input: CloseInput = optional_json(&body)?;
    Ok(web::Json(
        services.close_order(&who, id.into_inner(), input).await?,
    ))
}

/// Reopen a closed order (master only) with a reason (`{"reason": "…"}`,
/// required). The reason is audit-logged and shown on the staff timeline;
/// the order takes public events, parts and payments again.
#[utoipa::path(post, path = "/api/v1/orders/{id}/reopen", tag = "payments", request_body = ReopenInput,
    responses((status = 200, body = Order), (status = 403, body = Problem), (status = 404, body = Problem),
              (status = 409, description = "order_not_closed", body = Problem),
              (status = 422, description = "validation_failed (field `reason`)", body = Problem)))]
pub async fn reopen_order(
    services: web::Data<Services>,
    who: Principal,
    meta: RequestMeta,
    id: web::Path<OrderId>,
    body: web::Bytes,
) -> AppResult<web::Json<Order>> {
    let input: ReopenInput = optional_json(&body)?;
    Ok(web::Json(
        services
            .reopen_order(&who, id.into_inner(), input, &meta)
            .await?
            .into(),
    ))
}
