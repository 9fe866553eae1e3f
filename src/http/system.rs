//! Operations endpoints: liveness, readiness (checks the database) and
//! Prometheus metrics (behind the `metrics.bearer_token` setting).

use actix_web::{HttpRequest, HttpResponse, web};
use sha2::{Digest, Sha256};

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

/// Prometheus text exposition, for a scraper that sends
/// `Authorization: Bearer <metrics.bearer_token>`. Not served (404) while the
/// setting is empty.
#[utoipa::path(get, path = "/metrics", tag = "system",
    responses((status = 200, content_type = "text/plain"),
              (status = 401, description = "unauthenticated", body = crate::error::Problem),
              (status = 404, description = "not_found: no metrics token is configured", body = crate::error::Problem)))]
pub async fn metrics(
    req: HttpRequest,
    services: web::Data<Services>,
) -> Result<HttpResponse, AppError> {
    let expected = services.settings.metrics.bearer_token.expose();
    if expected.is_empty() {
        return Err(AppError::not_found("metrics endpoint"));
    }
    let sent = req
        .headers()
        .get(actix_web::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.strip_prefix("Bearer "))
        .map(str::trim)
        .unwrap_or("");
    // Compare digests, so the comparison time says nothing about the token.
    if Sha256::digest(sent.as_bytes()) != Sha256::digest(expected.as_bytes()) {
        return Err(AppError::new(
            ErrorCode::Unauthenticated,
            "send the metrics token as Authorization: Bearer",
        ));
    }
    Ok(HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4")
        .insert_header(("Cache-Control", "no-store"))
        .body(crate::telemetry::render_metrics()))
}
