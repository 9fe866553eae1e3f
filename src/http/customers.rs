//! `/api/v1/customers`, contacts and equipment.

use crate::http::input::Json;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use super::ActiveRequest;
use crate::domain::{ContactId, CustomerId, EquipmentId, Money, UserId};
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
            .route("/{id}/equipment", web::post().to(add_equipment))
            .route(
                "/{id}/interactions",
                web::get().to(super::interactions::list_interactions),
            )
            .route(
                "/{id}/interactions",
                web::post().to(super::interactions::add_interaction),
            )
            .route(
                "/{id}/metrics",
                web::get().to(super::customer_metrics::customer_metrics),
            )
            .route(
                "/{id}/onboarding",
                web::get().to(super::onboarding::list_tasks),
            )
            .route("/{id}/onboarding", web::post().to(super::onboarding::start)),
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
            .route("/{id}/readings", web::post().to(add_reading))
            .route("/{id}/plan", web::get().to(super::service_plans::get_plan))
            .route("/{id}/plan", web::put().to(super::service_plans::put_plan)),
    );
}

/// The directory's search, shared by the list and its export: every filter
/// given must hold (in the caller's scope).
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct DirectoryQuery {
    /// Search in name, tax id, e-mail and phone.
    #[param(max_length = 200)]
    pub q: Option<String>,
    #[param(max_length = 60)]
    pub category: Option<String>,
    pub owner_id: Option<UserId>,
    pub active: Option<bool>,
    /// The city, whole and case-insensitive.
    #[param(max_length = 120)]
    pub city: Option<String>,
    /// `true`: customers with an open service order (active, not closed);
    /// `false`: customers with none.
    pub has_open_orders: Option<bool>,
    /// Customers whose account balance (what they owe: the closing balance
    /// of their statement) is above this amount.
    #[param(value_type = Option<String>, pattern = r"^[0-9]{1,12}(\.[0-9]{1,2})?$")]
    pub balance_above: Option<Money>,
}

impl DirectoryQuery {
    /// The store's filter; blank text filters are no filter.
    pub fn filter(self) -> CustomerFilter {
        fn text(s: Option<String>) -> Option<String> {
            s.map(|s| s.trim().to_string()).filter(|s| !s.is_empty())
        }
        CustomerFilter {
            q: text(self.q),
            category: text(self.category),
            owner_id: self.owner_id,
            active: self.active,
            city: text(self.city),
            has_open_orders: self.has_open_orders,
            balance_above: self.balance_above,
        }
    }
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct PageQuery {
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
    /// Page size, 1 to 200 (default 50).
    pub limit: Option<i64>,
}

/// Customers visible to the caller matching every filter, by name, one
/// page at a time.
#[utoipa::path(get, path = "/api/v1/customers", tag = "customers", params(DirectoryQuery, PageQuery),
    responses((status = 200, body = CustomerPage),
              (status = 400, content_type = "application/problem+json", body = Problem),
              (status = 403, body = Problem),
              (status = 422, description = "validation_failed (a filter too long), invalid_money (balance_above), invalid_cursor", content_type = "application/problem+json", body = Problem)))]
pub async fn list_customers(
    services: web::Data<Services>,
    who: Principal,
    q: web::Query<DirectoryQuery>,
    page: web::Query<PageQuery>,
) -> AppResult<web::Json<CustomerPage>> {
    Ok(web::Json(
        services
            .list_customers(
                &who,
                q.into_inner().filter(),
                page.cursor.as_deref(),
                page.limit.unwrap_or(50),
            )
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
