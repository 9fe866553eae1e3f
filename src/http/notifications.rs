//! `/api/v1/notifications`: the delivery log of a record and the dead
//! letters (with a retry action); `/api/v1/push`: the VAPID public key and
//! the caller's browsers subscribed to Web Push.

use crate::http::input::{Json, JsonList};
use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::error::{AppResult, Problem};
use crate::services::notifications::{DeliveryLogQuery, PushSubscriptionInput};
use crate::services::{Principal, Services};
use crate::store::outbox::{Delivery, Preference, PushSubscription};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(web::resource("/notifications/deliveries").route(web::get().to(deliveries)))
        .service(web::resource("/notifications/dead").route(web::get().to(dead_letters)))
        .service(web::resource("/notifications/dead/{id}/retry").route(web::post().to(retry_dead)))
        .service(
            web::resource("/notifications/preferences")
                .route(web::get().to(get_preferences))
                .route(web::put().to(put_preferences)),
        )
        .service(
            web::resource("/notifications/unsubscribe")
                .route(web::get().to(unsubscribe_page))
                .route(web::post().to(unsubscribe_one_click)),
        )
        .service(web::resource("/push/vapid-public-key").route(web::get().to(vapid_public_key)))
        .service(
            web::resource("/push/subscriptions")
                .route(web::get().to(list_subscriptions))
                .route(web::post().to(subscribe))
                .route(web::delete().to(unsubscribe)),
        );
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct VapidKey {
    /// base64url of the uncompressed P-256 public key: the
    /// `applicationServerKey` for `pushManager.subscribe`.
    pub public_key: String,
}

/// The server's VAPID public key (no sign-in needed).
#[utoipa::path(get, path = "/api/v1/push/vapid-public-key", tag = "notifications",
    responses((status = 200, body = VapidKey)))]
pub async fn vapid_public_key(services: web::Data<Services>) -> web::Json<VapidKey> {
    web::Json(VapidKey {
        public_key: services.vapid_public_key().to_string(),
    })
}

/// The caller's browsers subscribed to Web Push.
#[utoipa::path(get, path = "/api/v1/push/subscriptions", tag = "notifications",
    responses((status = 200, body = Vec<PushSubscription>), (status = 401, body = Problem)))]
pub async fn list_subscriptions(
    services: web::Data<Services>,
    who: Principal,
) -> AppResult<web::Json<Vec<PushSubscription>>> {
    Ok(web::Json(services.my_push_subscriptions(&who).await?))
}

/// Subscribe this browser (the JSON of `PushSubscription.toJSON()`, plus an
/// optional `device` name). Subscribing an endpoint again updates it.
#[utoipa::path(post, path = "/api/v1/push/subscriptions", tag = "notifications",
    request_body = PushSubscriptionInput,
    responses((status = 201, body = PushSubscription), (status = 401, body = Problem),
              (status = 422, description = "validation_failed: endpoint not an http(s) URL, p256dh not a base64url P-256 point, auth not 16 base64url bytes", body = Problem)))]
pub async fn subscribe(
    services: web::Data<Services>,
    who: Principal,
    body: Json<PushSubscriptionInput>,
) -> AppResult<HttpResponse> {
    Ok(HttpResponse::Created().json(services.subscribe_push(&who, body.into_inner()).await?))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct UnsubscribeInput {
    pub endpoint: String,
}

/// Unsubscribe one of the caller's browsers.
#[utoipa::path(delete, path = "/api/v1/push/subscriptions", tag = "notifications",
    request_body = UnsubscribeInput,
    responses((status = 204), (status = 401, body = Problem), (status = 404, body = Problem)))]
pub async fn unsubscribe(
    services: web::Data<Services>,
    who: Principal,
    body: Json<UnsubscribeInput>,
) -> AppResult<HttpResponse> {
    services.unsubscribe_push(&who, &body.endpoint).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// Every delivery (e-mail, push, in-app) about one record, newest first:
/// channel, recipient, status, attempts and last error (office roles).
/// For `subject_type=user`, also what was sent to that person. Without a
/// record, the newest deliveries of all kinds (master, admin).
#[utoipa::path(get, path = "/api/v1/notifications/deliveries", tag = "notifications",
    params(DeliveryLogQuery),
    responses((status = 200, body = Vec<Delivery>), (status = 403, body = Problem),
              (status = 422, description = "validation_failed: half a record, a bad user id or limit", body = Problem)))]
pub async fn deliveries(
    services: web::Data<Services>,
    who: Principal,
    q: web::Query<DeliveryLogQuery>,
) -> AppResult<web::Json<Vec<Delivery>>> {
    Ok(web::Json(
        services.delivery_log(&who, q.into_inner()).await?,
    ))
}

/// Deliveries that gave up after the configured attempts (master, admin).
#[utoipa::path(get, path = "/api/v1/notifications/dead", tag = "notifications",
    responses((status = 200, body = Vec<Delivery>), (status = 403, body = Problem)))]
pub async fn dead_letters(
    services: web::Data<Services>,
    who: Principal,
) -> AppResult<web::Json<Vec<Delivery>>> {
    Ok(web::Json(services.dead_letters(&who).await?))
}

/// Queue a dead letter again with a fresh set of attempts (master, admin).
#[utoipa::path(post, path = "/api/v1/notifications/dead/{id}/retry", tag = "notifications",
    params(("id" = String, Path, format = Uuid)),
    responses((status = 204), (status = 403, body = Problem), (status = 404, body = Problem)))]
pub async fn retry_dead(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<Uuid>,
) -> AppResult<HttpResponse> {
    services.retry_dead_letter(&who, id.into_inner()).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// The caller's choices: every optional event by every channel.
#[utoipa::path(get, path = "/api/v1/notifications/preferences", tag = "notifications",
    responses((status = 200, body = Vec<Preference>), (status = 401, body = Problem)))]
pub async fn get_preferences(
    services: web::Data<Services>,
    who: Principal,
) -> AppResult<web::Json<Vec<Preference>>> {
    Ok(web::Json(services.preferences(&who).await?))
}

/// Turn some events on or off per channel; answers all the choices.
/// Password recovery and invitations are essential and cannot be turned off.
#[utoipa::path(put, path = "/api/v1/notifications/preferences", tag = "notifications",
    request_body = Vec<Preference>,
    responses((status = 200, body = Vec<Preference>), (status = 401, body = Problem),
              (status = 422, description = "validation_failed", body = Problem)))]
pub async fn put_preferences(
    services: web::Data<Services>,
    who: Principal,
    body: JsonList<Preference>,
) -> AppResult<web::Json<Vec<Preference>>> {
    Ok(web::Json(
        services.set_preferences(&who, body.into_inner()).await?,
    ))
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct UnsubscribeQuery {
    /// The token of the link in the e-mail.
    pub token: String,
}

/// The one-click link of a non-essential e-mail: no more non-essential
/// e-mail for its recipient. Answers a short HTML page.
#[utoipa::path(get, path = "/api/v1/notifications/unsubscribe", tag = "notifications",
    params(UnsubscribeQuery),
    responses((status = 200, content_type = "text/html"), (status = 422, description = "invalid_token", body = Problem)))]
pub async fn unsubscribe_page(
    services: web::Data<Services>,
    q: web::Query<UnsubscribeQuery>,
) -> AppResult<HttpResponse> {
    services.unsubscribe_by_token(&q.token).await?;
    Ok(HttpResponse::Ok().content_type("text/html; charset=utf-8").body(
        "<!DOCTYPE html><html lang=\"es\"><meta charset=\"utf-8\"><title>Listo</title>\
         <body style=\"font-family:sans-serif\"><p>Listo: ya no te enviaremos avisos opcionales por correo. \
         Puedes volver a activarlos en tu perfil.</p><p lang=\"en\">Done: no more optional e-mail notifications. \
         You can turn them on again in your profile.</p></body></html>",
    ))
}

/// RFC 8058 one-click unsubscribe (POST from the mail client).
#[utoipa::path(post, path = "/api/v1/notifications/unsubscribe", tag = "notifications",
    params(UnsubscribeQuery),
    responses((status = 204), (status = 422, description = "invalid_token", body = Problem)))]
pub async fn unsubscribe_one_click(
    services: web::Data<Services>,
    q: web::Query<UnsubscribeQuery>,
) -> AppResult<HttpResponse> {
    services.unsubscribe_by_token(&q.token).await?;
    Ok(HttpResponse::NoContent().finish())
}
