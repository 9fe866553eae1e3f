//! Preventive maintenance plans: `/api/v1/equipment/{id}/plan` (routed in
//! the equipment scope of [`super::customers`]) and the "due soon" list,
//! `/api/v1/service-plans/due-soon`.

use actix_web::web;

use crate::domain::EquipmentId;
use crate::error::{AppResult, Problem};
use crate::http::input::Json;
use crate::services::service_plans::{DueSoonMachine, EquipmentPlan, PlanInput};
use crate::services::{Principal, Services};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::scope("/service-plans").route("/due-soon", web::get().to(due_soon)));
}

/// A machine's maintenance plan and its forecast (`plan` is null without
/// one).
#[utoipa::path(get, path = "/api/v1/equipment/{id}/plan", tag = "service_plans",
    responses((status = 200, body = EquipmentPlan), (status = 404, body = Problem)))]
pub async fn get_plan(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<EquipmentId>,
) -> AppResult<web::Json<EquipmentPlan>> {
    Ok(web::Json(
        services.service_plan(&who, id.into_inner()).await?,
    ))
}

/// Sets a machine's maintenance plan (office roles); the forecast is
/// recomputed at once.
#[utoipa::path(put, path = "/api/v1/equipment/{id}/plan", tag = "service_plans", request_body = PlanInput,
    responses((status = 200, body = EquipmentPlan), (status = 403, body = Problem),
              (status = 404, body = Problem), (status = 409, description = "conflict: last_service_on after today or last_service_hours above the meter", body = Problem),
              (status = 422, body = Problem)))]
pub async fn put_plan(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<EquipmentId>,
    body: Json<PlanInput>,
) -> AppResult<web::Json<EquipmentPlan>> {
    Ok(web::Json(
        services
            .set_service_plan(&who, id.into_inner(), body.into_inner())
            .await?,
    ))
}

/// Machines whose next service is due soon or overdue today, soonest first
/// (in the caller's customer scope).
#[utoipa::path(get, path = "/api/v1/service-plans/due-soon", tag = "service_plans",
    responses((status = 200, body = [DueSoonMachine])))]
pub async fn due_soon(
    services: web::Data<Services>,
    who: Principal,
) -> AppResult<web::Json<Vec<DueSoonMachine>>> {
    Ok(web::Json(services.due_soon_machines(&who).await?))
}
