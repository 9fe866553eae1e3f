//! `GET /api/v1/dashboard`: the home screen's figures for the caller.

use actix_web::web;

use crate::error::{AppResult, Problem};
use crate::services::dashboard::Dashboard;
use crate::services::{Principal, Services};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/dashboard", web::get().to(dashboard));
}

/// Open orders by status, open tickets by priority, today's appointments,
/// unread chats and pending surveys — all within the caller's scope.
#[utoipa::path(get, path = "/api/v1/dashboard", tag = "dashboard",
    responses((status = 200, body = Dashboard), (status = 401, body = Problem)))]
pub async fn dashboard(
    services: web::Data<Services>,
    who: Principal,
) -> AppResult<web::Json<Dashboard>> {
    Ok(web::Json(services.dashboard(&who).await?))
}
