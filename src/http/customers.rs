//! `/api/v1/customers`, contacts and equipment.

use crate::http::input::Json;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use super::ActiveRequest;
use crate::domain::{ContactId, CustomerId, EquipmentId, UserId};
use crate::error::{AppResult, Problem};
use crate::services::customers::{ContactInput, CustomerInput, CustomerPage, EquipmentInput};
use crate::services::views::customers::{Contact, Customer, EngineHourReading, Equipment};
use crate::services::views::list;
use crate::services::{Principal, RequestMeta, Services};
use crate::store::customers::CustomerFilter;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::scope("/customers")
            .route("", web::get().to(list_customers))
            .route("", web::post().to(create_customer))
            .route("/{id}", web::get().to(get_customer))
            .route("/{id}", web::put().to(update_customer))
            .route("/{id}/active", web::put().to(set_customer_active))
            .route("/{id}/contacts", web::get().to(list_contacts))
            .route("/{id}/contacts", web::post().to(add_contact))
            .route("/{id}/equipment", web::get().to(list_equipment))
            .route("/{id}/equipment", web::post().to(add_equipment)),
    )
    .service(
        web::scope("/contacts")
            .route("/{id}", web::put().to(update_contact))
            .route("/{id}/invite", web::post().to(invite_contact)),
    )
    .service(
        web::scope("/equipment")
            .route("/{id}", web::get().to(get_equipment))
            .route("/{id}", web::put().to(update_equipment))
            .route("/{id}/readings", web::get().to(list_readings))
            .route("/{id}/readings", web::post().to(add_reading)),
    );
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct CustomerQuery {
    /// Search in name, tax id, e-mail and phone.
    pub q: Option<String>,
    pub category: Option<String>,
    pub owner_id: Option<UserId>,
    pub active: Option<bool>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Page size, 1 to 200 (default 50).
    pub limit: Option<i64>,
}

/// Customers visible to the caller, by name, one page at a time.
#[utoipa::path(get, path = "/api/v1/customers", tag = "customers", params(CustomerQuery),
    responses((status = 200, body = CustomerPage), (status = 403, body = Problem)))]
pub async fn list_customers(
    services: web::Data<Services>,
    who: Principal,
    q: web::Query<CustomerQuery>,
) -> AppResult<web::Json<CustomerPage>> {
    let q = q.into_inner();
    let filter = CustomerFilter {
        q: q.q
            .filter(|s| !s.trim().is_empty())
            .map(|s| s.trim().to_string()),
        category: q.category.filter(|s| !s.is_empty()),
        owner_id: q.owner_id,
        active: q.active,
    };
    Ok(web::Json(
        services
            .list_customers(&who, filter, q.cursor.as_deref(), q.limit.unwrap_or(50))
            .await?,
    ))
}

/// Create a customer (tax id validated by check digit and unique).
#[utoipa::path(post, path = "/api/v1/customers", tag = "customers", request_body = CustomerInput,
    responses((status = 201, body = Customer), (status = 409, description = "tax_id_taken", body = Problem),
              (status = 422, description = "invalid_tax_id", body = Problem)))]
pub async fn create_customer(
    services: web::Data<Services>,
    who: Principal,
    body: Json<CustomerInput>,
) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Created().json(Customer::from(
        services.create_customer(&who, body.into_inner()).await?,
    )))
}

#[utoipa::path(get, path = "/api/v1/customers/{id}", tag = "customers",
    responses((status = 200, body = Customer), (status = 404, body = Problem)))]
pub async fn get_customer(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<CustomerId>,
) -> AppResult<web::Json<Customer>> {
    Ok(web::Json(
        services.get_customer(&who, id.into_inner()).await?.into(),
    ))
}

#[utoipa::path(put, path = "/api/v1/customers/{id}", tag = "customers", request_body = CustomerInput,
    responses((status = 200, body = Customer), (status = 404, body = Problem),
              (status = 409, description = "tax_id_taken", body = Problem),
              (status = 422, description = "invalid_tax_id", body = Problem)))]
pub async fn update_customer(
    services: web::Data<Services>,
    who: Principal,
    meta: RequestMeta,
    id: web::Path<CustomerId>,
    body: Json<CustomerInput>,
) -> AppResult<web::Json<Customer>> {
    Ok(web::Json(
        services
            .update_customer(&who, id.into_inner(), body.into_inner(), &meta)
            .await?
            .into(),
    ))
}

/// Deactivate or reactivate a customer (master, admin).
#[utoipa::path(put, path = "/api/v1/customers/{id}/active", tag = "customers", request_body = ActiveRequest,
    responses((status = 200, body = Customer), (status = 403, body = Problem)))]
pub async fn set_customer_active(
    services: web::Data<Services>,
    who: Principal,
    meta: RequestMeta,
    id: web::Path<CustomerId>,
    body: Json<ActiveRequest>,
) -> AppResult<web::Json<Customer>> {
    Ok(web::Json(
        services
            .set_customer_active(&who, id.into_inner(), body.active, &meta)
            .await?
            .into(),
    ))
}

#[utoipa::path(get, path = "/api/v1/customers/{id}/contacts", tag = "customers",
    responses((status = 200, body = [Contact])))]
pub async fn list_contacts(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<CustomerId>,
) -> AppResult<web::Json<Vec<Contact>>> {
    Ok(web::Json(list(
        services.list_contacts(&who, id.into_inner()).await?,
    )))
}

#[utoipa::path(post, path = "/api/v1/customers/{id}/contacts", tag = "customers", request_body = ContactInput,
    responses((status = 201, body = Contact)))]
pub async fn add_contact(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<CustomerId>,
    body: Json<ContactInput>,
) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Created().json(Contact::from(
        services
            .add_contact(&who, id.into_inner(), body.into_inner())
            .await?,
    )))
}

#[utoipa::path(put, path = "/api/v1/contacts/{id}", tag = "customers", request_body = ContactInput,
    responses((status = 200, body = Contact)))]
pub async fn update_contact(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<ContactId>,
    body: Json<ContactInput>,
) -> AppResult<web::Json<Contact>> {
    Ok(web::Json(
        services
            .update_contact(&who, id.into_inner(), body.into_inner())
            .await?
            .into(),
    ))
}

/// Give a contact access to the customer portal (sends an invitation e-mail).
#[utoipa::path(post, path = "/api/v1/contacts/{id}/invite", tag = "customers",
    responses((status = 200, body = Contact), (status = 409, body = Problem),
              (status = 422, description = "validation_failed: the contact has no e-mail address", body = Problem)))]
pub async fn invite_contact(
    services: web::Data<Services>,
    who: Principal,
    meta: RequestMeta,
    id: web::Path<ContactId>,
) -> AppResult<web::Json<Contact>> {
    Ok(web::Json(
        services
            .invite_contact(&who, id.into_inner(), &meta)
            .await?
            .into(),
    ))
}

#[utoipa::path(get, path = "/api/v1/customers/{id}/equipment", tag = "customers",
    responses((status = 200, body = [Equipment])))]
pub async fn list_equipment(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<CustomerId>,
) -> AppResult<web::Json<Vec<Equipment>>> {
    Ok(web::Json(list(
        services.list_equipment(&who, id.into_inner()).await?,
    )))
}

#[utoipa::path(post, path = "/api/v1/customers/{id}/equipment", tag = "customers", request_body = EquipmentInput,
    responses((status = 201, body = Equipment)))]
pub async fn add_equipment(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<CustomerId>,
    body: Json<EquipmentInput>,
) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Created().json(Equipment::from(
        services
            .add_equipment(&who, id.into_inner(), body.into_inner())
            .await?,
    )))
}

#[utoipa::path(get, path = "/api/v1/equipment/{id}", tag = "customers",
    responses((status = 200, body = Equipment), (status = 404, body = Problem)))]
pub async fn get_equipment(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<EquipmentId>,
) -> AppResult<web::Json<Equipment>> {
    Ok(web::Json(
        services.get_equipment(&who, id.into_inner()).await?.into(),
    ))
}

#[utoipa::path(put, path = "/api/v1/equipment/{id}", tag = "customers", request_body = EquipmentInput,
    responses((status = 200, body = Equipment)))]
pub async fn update_equipment(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<EquipmentId>,
    body: Json<EquipmentInput>,
) -> AppResult<web::Json<Equipment>> {
    Ok(web::Json(
        services
            .update_equipment(&who, id.into_inner(), body.into_inner())
            .await?
            .into(),
    ))
}

#[utoipa::path(get, path = "/api/v1/equipment/{id}/readings", tag = "customers",
    responses((status = 200, body = [EngineHourReading])))]
pub async fn list_readings(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<EquipmentId>,
) -> AppResult<web::Json<Vec<EngineHourReading>>> {
    Ok(web::Json(list(
        services.engine_hour_readings(&who, id.into_inner()).await?,
    )))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct ReadingRequest {
    #[schema(minimum = 0)]
    pub hours: i64,
}

/// Record an engine-hour reading (never lower than the last one).
#[utoipa::path(post, path = "/api/v1/equipment/{id}/readings", tag = "customers", request_body = ReadingRequest,
    responses((status = 200, body = Equipment), (status = 422, description = "engine_hours_decreased", body = Problem)))]
pub async fn add_reading(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<EquipmentId>,
    body: Json<ReadingRequest>,
) -> AppResult<web::Json<Equipment>> {
    Ok(web::Json(
        services
            .record_engine_hours(&who, id.into_inner(), body.hours)
            .await?
            .into(),
    ))
}
