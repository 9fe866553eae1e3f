//! A customer's onboarding checklist: `/api/v1/customers/{id}/onboarding`
//! (routed in the customers scope of [`super::customers`]) and
//! `/api/v1/onboarding-tasks/{id}`.

use actix_web::web;
use uuid::Uuid;

use crate::domain::CustomerId;
use crate::error::{AppResult, Problem};
use crate::http::input::Json;
use crate::services::onboarding::{OnboardingTask, TaskInput};
use crate::services::{Principal, Services};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::scope("/onboarding-tasks").route("/{id}", web::put().to(update_task)));
}

/// A customer's onboarding checklist, in step order (office, the
/// customer's seller).
#[utoipa::path(get, path = "/api/v1/customers/{id}/onboarding", tag = "customers",
    responses((status = 200, body = [OnboardingTask]), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn list_tasks(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<CustomerId>,
) -> AppResult<web::Json<Vec<OnboardingTask>>> {
    Ok(web::Json(services.onboarding(&who, id.into_inner()).await?))
}

/// Starts the checklist of a customer created before onboarding existed
/// (409 `conflict` when it has one).
#[utoipa::path(post, path = "/api/v1/customers/{id}/onboarding", tag = "customers",
    responses((status = 200, body = [OnboardingTask]), (status = 403, body = Problem), (status = 404, body = Problem),
              (status = 409, body = Problem)))]
pub async fn start(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<CustomerId>,
) -> AppResult<web::Json<Vec<OnboardingTask>>> {
    Ok(web::Json(
        services.start_onboarding(&who, id.into_inner()).await?,
    ))
}

/// Ticks a step off (or back), reassigns it or moves its day.
#[utoipa::path(put, path = "/api/v1/onboarding-tasks/{id}", tag = "customers", request_body = TaskInput,
    responses((status = 200, body = OnboardingTask), (status = 403, body = Problem), (status = 404, body = Problem),
              (status = 409, description = "conflict: due_on more than five years from today", body = Problem), (status = 422, body = Problem)))]
pub async fn update_task(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<Uuid>,
    body: Json<TaskInput>,
) -> AppResult<web::Json<OnboardingTask>> {
    Ok(web::Json(
        services
            .update_onboarding_task(&who, id.into_inner(), body.into_inner())
            .await?,
    ))
}
