//! Customer metrics and the at-risk list (issue 16):
//! `/api/v1/customers/{id}/metrics` (routed in the customers scope of
//! [`super::customers`]) and `/api/v1/customer-metrics/…`.

use actix_web::web;
use serde::Deserialize;

use crate::domain::CustomerId;
use crate::error::{AppResult, Problem};
use crate::services::customer_risk::{
    AtRiskCustomer, CustomerMetrics, RiskRun, Segment, SegmentMetrics,
};
use crate::services::{Principal, Services};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::scope("/customer-metrics")
            .route("/at-risk", web::get().to(at_risk))
            .route("/segments", web::get().to(segments))
            .route("/recompute", web::post().to(recompute)),
    );
}

/// A customer's metrics and at-risk score, computed now, with the signals
/// behind it (office, the customer's seller).
#[utoipa::path(get, path = "/api/v1/customers/{id}/metrics", tag = "customers",
    responses((status = 200, body = CustomerMetrics), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn customer_metrics(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<CustomerId>,
) -> AppResult<web::Json<CustomerMetrics>> {
    Ok(web::Json(
        services.customer_metrics(&who, id.into_inner()).await?,
    ))
}

/// The customers at risk as last scored, riskiest first (in scope).
#[utoipa::path(get, path = "/api/v1/customer-metrics/at-risk", tag = "customers",
    responses((status = 200, body = [AtRiskCustomer]), (status = 403, body = Problem)))]
pub async fn at_risk(
    services: web::Data<Services>,
    who: Principal,
) -> AppResult<web::Json<Vec<AtRiskCustomer>>> {
    Ok(web::Json(services.at_risk_customers(&who).await?))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct SegmentQuery {
    /// `category` (default) or `owner`.
    pub group: Option<Segment>,
}

/// The metrics by segment: customer category or seller.
#[utoipa::path(get, path = "/api/v1/customer-metrics/segments", tag = "customers", params(SegmentQuery),
    responses((status = 200, body = [SegmentMetrics]), (status = 403, body = Problem)))]
pub async fn segments(
    services: web::Data<Services>,
    who: Principal,
    query: web::Query<SegmentQuery>,
) -> AppResult<web::Json<Vec<SegmentMetrics>>> {
    Ok(web::Json(
        services
            .segment_metrics(&who, query.group.unwrap_or(Segment::Category))
            .await?,
    ))
}

/// Scores every customer now (office roles); crossings alert as at night.
#[utoipa::path(post, path = "/api/v1/customer-metrics/recompute", tag = "customers",
    responses((status = 200, body = RiskRun), (status = 403, body = Problem)))]
pub async fn recompute(
    services: web::Data<Services>,
    who: Principal,
) -> AppResult<web::Json<RiskRun>> {
    Ok(web::Json(services.recompute_risk_now(&who).await?))
}
