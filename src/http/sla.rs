//! Ticket SLA (issue 16): `/api/v1/settings/sla` (the business hours,
//! holidays, targets and warning margin; routed here) and
//! `/api/v1/sla/compliance`.

use actix_web::web;
use chrono::NaiveDate;
use serde::Deserialize;

use crate::error::{AppResult, Problem};
use crate::http::input::Json;
use crate::services::sla::{SlaCompliance, SlaSettings, SlaSettingsInput};
use crate::services::{Principal, RequestMeta, Services};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/settings/sla", web::get().to(get_settings))
        .route("/settings/sla", web::put().to(put_settings))
        .route("/sla/compliance", web::get().to(compliance));
}

/// The SLA settings: business hours, holidays, targets per ticket type and
/// priority, and the warning margin (master, admin).
#[utoipa::path(get, path = "/api/v1/settings/sla", tag = "settings",
    responses((status = 200, body = SlaSettings), (status = 403, body = Problem)))]
pub async fn get_settings(
    services: web::Data<Services>,
    who: Principal,
) -> AppResult<web::Json<SlaSettings>> {
    Ok(web::Json(services.sla_settings(&who).await?))
}

/// Change the SLA settings (master, admin; audited); every open ticket's
/// deadlines are recomputed from its history, so no time already spent is
/// lost.
#[utoipa::path(put, path = "/api/v1/settings/sla", tag = "settings",
    request_body = SlaSettingsInput,
    responses((status = 200, body = SlaSettings), (status = 403, body = Problem),
              (status = 422, body = Problem)))]
pub async fn put_settings(
    services: web::Data<Services>,
    who: Principal,
    meta: RequestMeta,
    body: Json<SlaSettingsInput>,
) -> AppResult<web::Json<SlaSettings>> {
    Ok(web::Json(
        services
            .update_sla_settings(&who, body.into_inner(), &meta)
            .await?,
    ))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct ComplianceQuery {
    /// First day of the period (tickets created from it); default: 89 days
    /// before `to`.
    pub from: Option<NaiveDate>,
    /// Last day of the period; default: today (company's zone).
    pub to: Option<NaiveDate>,
}

/// SLA compliance of the tickets created in a period: overall and per
/// type, priority and assignee (office roles).
#[utoipa::path(get, path = "/api/v1/sla/compliance", tag = "tickets", params(ComplianceQuery),
    responses((status = 200, body = SlaCompliance), (status = 400, body = Problem),
              (status = 403, body = Problem)))]
pub async fn compliance(
    services: web::Data<Services>,
    who: Principal,
    query: web::Query<ComplianceQuery>,
) -> AppResult<web::Json<SlaCompliance>> {
    Ok(web::Json(
        services.sla_compliance(&who, query.from, query.to).await?,
    ))
}
