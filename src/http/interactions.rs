//! `/api/v1/customers/{id}/interactions` (routed in the customers scope of
//! [`super::customers`]): a customer's interaction timeline.

use actix_web::web;
use serde::Deserialize;

use crate::domain::CustomerId;
use crate::domain::interaction::Interaction;
use crate::error::{AppResult, Problem};
use crate::http::input::Json;
use crate::services::interactions::{InteractionInput, InteractionPage};
use crate::services::{Principal, Services};

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct TimelineQuery {
    /// `next_cursor` of the previous page.
    #[param(max_length = 200)]
    pub cursor: Option<String>,
}

/// A customer's interactions, newest first (office, the customer's seller).
#[utoipa::path(get, path = "/api/v1/customers/{id}/interactions", tag = "customers", params(TimelineQuery),
    responses((status = 200, body = InteractionPage), (status = 403, body = Problem), (status = 404, body = Problem),
              (status = 422, description = "invalid_cursor", body = Problem)))]
pub async fn list_interactions(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<CustomerId>,
    query: web::Query<TimelineQuery>,
) -> AppResult<web::Json<InteractionPage>> {
    Ok(web::Json(
        services
            .customer_interactions(&who, id.into_inner(), query.cursor.as_deref())
            .await?,
    ))
}

/// Records a call, visit or message with the customer.
#[utoipa::path(post, path = "/api/v1/customers/{id}/interactions", tag = "customers", request_body = InteractionInput,
    responses((status = 201, body = Interaction), (status = 403, body = Problem), (status = 404, body = Problem),
              (status = 409, description = "conflict: occurred_at after now", body = Problem), (status = 422, body = Problem)))]
pub async fn add_interaction(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<CustomerId>,
    body: Json<InteractionInput>,
) -> AppResult<actix_web::HttpResponse> {
    let interaction = services
        .record_interaction(&who, id.into_inner(), body.into_inner())
        .await?;
    Ok(actix_web::HttpResponse::Created().json(interaction))
}
