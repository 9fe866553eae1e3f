//! Operations endpoints: liveness, readiness (checks the database) and
//! Prometheus metrics.

use actix_web::{HttpResponse, web};

use crate::error::{AppError, ErrorCode};
use crate::services::Services;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/healthz", web::get().to(healthz))
        .route("/readyz", web::get().to(readyz))
        .route("/metrics", web::get().to(metrics));
}

/// The process is up.
#[utoipa::path(get, path = "/healthz", tag = "system", responses((status = 200)))]
pub async fn healthz() -> HttpResponse {
    HttpResponse::Ok().json(serde_json::json!({"status": "ok"}))
}

/// The process can serve: the database answers. `bus` says how real-time
/// publications reach other nodes: `local` (one node), `connected` (Redis),
/// or `degraded` (Redis away: this node still serves and delivers, reading
/// other nodes' publications from the database), so a degraded bus is
/// visible without taking the node out of rotation.
#[utoipa::path(get, path = "/readyz", tag = "system", responses((status = 200), (status = 503)))]
pub async fn readyz(services: web::Data<Services>) -> Result<HttpResponse, AppError> {
    services.store.ping().await.map_err(|e| {
        tracing::warn!(error = %e, "readiness check failed");
        AppError::new(ErrorCode::Unavailable, "the database does not answer")
    })?;
    Ok(HttpResponse::Ok().json(serde_json::json!({
        "status": "ready",
        "bus": services.hub.bus_status(),
    })))
}

/// Prometheus text exposition.
#[utoipa::path(get, path = "/metrics", tag = "system", responses((status = 200, content_type = "text/plain")))]
pub async fn metrics() -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4")
        .body(crate::telemetry::render_metrics())
}
