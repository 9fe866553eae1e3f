//! `/api/v1/surveys` (portal and office) and `/api/v1/public/surveys/{token}`
//! (the invitation link, no sign-in).

use crate::http::input::Json;
use actix_web::{HttpResponse, web};
use serde::Deserialize;
use uuid::Uuid;

use crate::domain::Timestamp;
use crate::error::{AppResult, Problem};
use crate::services::surveys::{
    AnswerReceipt, MetricsGroup, PublicSurvey, SurveyAnswer, SurveyMetrics,
};
use crate::services::views::list;
use crate::services::views::surveys::Survey;
use crate::services::{Principal, Services};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/surveys/pending", web::get().to(pending))
        .route("/surveys/metrics", web::get().to(metrics))
        .route("/surveys/{id}/answer", web::post().to(answer))
        .route("/public/surveys/{token}", web::get().to(public_survey))
        .route("/public/surveys/{token}", web::post().to(public_answer));
}

/// The caller's company's unanswered, unexpired surveys (customer contacts).
#[utoipa::path(get, path = "/api/v1/surveys/pending", tag = "surveys",
    responses((status = 200, body = [Survey]), (status = 403, body = Problem)))]
pub async fn pending(
    services: web::Data<Services>,
    who: Principal,
) -> AppResult<web::Json<Vec<Survey>>> {
    Ok(web::Json(list(services.pending_surveys(&who).await?)))
}

/// Answers a survey of the caller's company from the portal, once.
#[utoipa::path(post, path = "/api/v1/surveys/{id}/answer", tag = "surveys",
    request_body = SurveyAnswer,
    responses((status = 200, body = AnswerReceipt), (status = 404, body = Problem),
              (status = 409, description = "survey_answered", body = Problem),
              (status = 422, description = "validation_failed / survey_expired", body = Problem)))]
pub async fn answer(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<Uuid>,
    body: Json<SurveyAnswer>,
) -> AppResult<web::Json<AnswerReceipt>> {
    Ok(web::Json(
        services
            .answer_survey(&who, id.into_inner(), body.into_inner())
            .await?,
    ))
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct MetricsQuery {
    /// Start of the range (RFC 3339, inclusive); default: `to` − 366 days.
    pub from: Option<Timestamp>,
    /// End of the range (RFC 3339, exclusive); default: now.
    pub to: Option<Timestamp>,
    /// `period` (month), `technician` or `service_type`; default `period`.
    pub group_by: Option<MetricsGroup>,
}

/// NPS and CSAT of the answers in a range, grouped. Office roles only.
#[utoipa::path(get, path = "/api/v1/surveys/metrics", tag = "surveys", params(MetricsQuery),
    responses((status = 200, body = SurveyMetrics), (status = 403, body = Problem)))]
pub async fn metrics(
    services: web::Data<Services>,
    who: Principal,
    q: web::Query<MetricsQuery>,
) -> AppResult<web::Json<SurveyMetrics>> {
    let q = q.into_inner();
    Ok(web::Json(
        services
            .survey_metrics(
                &who,
                q.from,
                q.to,
                q.group_by.unwrap_or(MetricsGroup::Period),
            )
            .await?,
    ))
}

/// The invitation link: questions and what the survey is about.
#[utoipa::path(get, path = "/api/v1/public/surveys/{token}", tag = "surveys",
    responses((status = 200, body = PublicSurvey), (status = 404, body = Problem),
              (status = 422, description = "survey_expired", body = Problem)))]
pub async fn public_survey(
    services: web::Data<Services>,
    token: web::Path<String>,
) -> AppResult<HttpResponse> {
    let view = services.public_survey(&token).await?;
    Ok(HttpResponse::Ok()
        .insert_header(("Cache-Control", "no-store"))
        .insert_header(("Referrer-Policy", "no-referrer"))
        .json(view))
}

/// Answers through the invitation link, once.
#[utoipa::path(post, path = "/api/v1/public/surveys/{token}", tag = "surveys",
    request_body = SurveyAnswer,
    responses((status = 200, body = AnswerReceipt), (status = 404, body = Problem),
              (status = 409, description = "survey_answered", body = Problem),
              (status = 422, description = "validation_failed / survey_expired", body = Problem)))]
pub async fn public_answer(
    services: web::Data<Services>,
    token: web::Path<String>,
    body: Json<SurveyAnswer>,
) -> AppResult<web::Json<AnswerReceipt>> {
    Ok(web::Json(
        services
            .answer_survey_by_token(&token, body.into_inner())
            .await?,
    ))
}
