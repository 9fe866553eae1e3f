//! `/api/v1/notifications`: the delivery log of a record and the dead
//! letters (with a retry action); `/api/v1/push`: the VAPID public key and
//! the caller's browsers subscribed to Web Push.

use crate::http::input::{Json, JsonList};
use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::domain::notification::NotificationKind;
use crate::error::{AppError, AppResult, Problem};
use crate::notify::mail::escape_html;
use crate::notify::templates::Lang;
use crate::services::notifications::{DeliveryLogQuery, PushSubscriptionInput};
use crate::services::views::list;
use crate::services::views::outbox::{Delivery, Preference, PushSubscription};
use crate::services::{Principal, Services};

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
    Ok(web::Json(list(services.my_push_subscriptions(&who).await?)))
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
    Ok(HttpResponse::Created().json(PushSubscription::from(
        services.subscribe_push(&who, body.into_inner()).await?,
    )))
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
    Ok(web::Json(list(
        services.delivery_log(&who, q.into_inner()).await?,
    )))
}

/// Deliveries that gave up after the configured attempts (master, admin).
#[utoipa::path(get, path = "/api/v1/notifications/dead", tag = "notifications",
    responses((status = 200, body = Vec<Delivery>), (status = 403, body = Problem)))]
pub async fn dead_letters(
    services: web::Data<Services>,
    who: Principal,
) -> AppResult<web::Json<Vec<Delivery>>> {
    Ok(web::Json(list(services.dead_letters(&who).await?)))
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
    Ok(web::Json(list(services.preferences(&who).await?)))
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
    Ok(web::Json(list(
        services
            .set_preferences(&who, list(body.into_inner()))
            .await?,
    )))
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct UnsubscribeQuery {
    /// The token of the link in the e-mail.
    pub token: String,
}

/// What the people reading the page call a kind of e-mail (the phrase ends
/// "… por correo" / "… by e-mail").
fn kinds_phrase(kinds: &[NotificationKind], lang: Lang) -> String {
    if kinds.len() != 1 {
        return match lang {
            Lang::Es => "los avisos opcionales".into(),
            Lang::En => "optional notices".into(),
        };
    }
    let (es, en) = match kinds[0] {
        NotificationKind::OrderUpdate => (
            "los avances de tus órdenes de servicio",
            "updates on your service orders",
        ),
        NotificationKind::OrderClosed => (
            "los avisos de cierre de tus órdenes de servicio",
            "notices that your service orders were closed",
        ),
        NotificationKind::PaymentReceipt => ("los recibos de tus pagos", "your payment receipts"),
        NotificationKind::TicketReply => (
            "las respuestas a tus solicitudes de soporte",
            "replies to your support tickets",
        ),
        NotificationKind::InvoiceReminder => (
            "los recordatorios de tus facturas por vencer o vencidas",
            "reminders of your invoices falling due or overdue",
        ),
        _ => ("estos avisos", "these notices"),
    };
    match lang {
        Lang::Es => es.into(),
        Lang::En => en.into(),
    }
}

/// A small page of the opt-out link: a sentence and one button that posts
/// `action` back to the same link, plus the way to every preference.
fn unsubscribe_html(
    services: &Services,
    token: &str,
    kinds: &[NotificationKind],
    step: UnsubscribeStep,
) -> HttpResponse {
    let lang = services.language();
    let what = kinds_phrase(kinds, lang);
    let (title, sentence, action, button) = match (step, lang) {
        (UnsubscribeStep::Ask, Lang::Es) => (
            "¿Dejar de recibir estos correos?",
            format!("¿Quieres dejar de recibir {what} por correo? Los demás avisos no cambian."),
            "unsubscribe",
            "Sí, no enviarme más estos correos",
        ),
        (UnsubscribeStep::Ask, Lang::En) => (
            "Stop these e-mails?",
            format!("Do you want to stop receiving {what} by e-mail? Other notices do not change."),
            "unsubscribe",
            "Yes, stop these e-mails",
        ),
        (UnsubscribeStep::Unsubscribed, Lang::Es) => (
            "Listo",
            format!("Listo: ya no te enviaremos {what} por correo. Los demás avisos siguen igual."),
            "resubscribe",
            "Volver a suscribirme",
        ),
        (UnsubscribeStep::Unsubscribed, Lang::En) => (
            "Done",
            format!("Done: we will no longer e-mail you {what}. Other notices are unchanged."),
            "resubscribe",
            "Subscribe again",
        ),
        (UnsubscribeStep::Resubscribed, Lang::Es) => (
            "Listo",
            format!("Listo: volverás a recibir {what} por correo."),
            "unsubscribe",
            "Dejar de recibirlos otra vez",
        ),
        (UnsubscribeStep::Resubscribed, Lang::En) => (
            "Done",
            format!("Done: you will receive {what} by e-mail again."),
            "unsubscribe",
            "Stop them again",
        ),
    };
    let (html_lang, prefs) = match lang {
        Lang::Es => ("es", "Elegir qué avisos recibir en tu cuenta"),
        Lang::En => ("en", "Choose your notices in your account"),
    };
    let token = escape_html(token);
    let body = format!(
        "<!DOCTYPE html><html lang=\"{html_lang}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{title}</title></head>\
         <body style=\"font-family:sans-serif;max-width:32rem;margin:2rem auto;padding:0 1rem\">\
         <h1 style=\"font-size:1.3rem\">{title}</h1><p>{sentence}</p>\
         <form method=\"post\" action=\"/api/v1/notifications/unsubscribe?token={token}\">\
         <input type=\"hidden\" name=\"action\" value=\"{action}\">\
         <button type=\"submit\" style=\"font-size:1rem;padding:.5rem 1rem\">{button}</button></form>\
         <p><a href=\"/account/notifications\">{prefs}</a></p></body></html>",
        sentence = escape_html(&sentence),
    );
    HttpResponse::Ok()
        .content_type("text/html; charset=utf-8")
        .insert_header(("Cache-Control", "no-store"))
        .body(body)
}

#[derive(Clone, Copy)]
enum UnsubscribeStep {
    Ask,
    Unsubscribed,
    Resubscribed,
}

/// The opt-out link of a non-essential e-mail: a page that names the one
/// kind of e-mail the link turns off and asks to confirm. Opening it
/// changes nothing (mail scanners open links).
#[utoipa::path(get, path = "/api/v1/notifications/unsubscribe", tag = "notifications",
    params(UnsubscribeQuery),
    responses((status = 200, content_type = "text/html"), (status = 422, description = "invalid_token", body = Problem)))]
pub async fn unsubscribe_page(
    services: web::Data<Services>,
    q: web::Query<UnsubscribeQuery>,
) -> AppResult<HttpResponse> {
    let kinds = services.unsubscribe_link_kinds(&q.token).await?;
    Ok(unsubscribe_html(
        &services,
        &q.token,
        &kinds,
        UnsubscribeStep::Ask,
    ))
}

/// Confirms the opt-out link, without a session: the page's button
/// (`action=unsubscribe`, or `action=resubscribe` to undo) or a mail
/// client's RFC 8058 one-click POST (`List-Unsubscribe=One-Click`, form or
/// multipart; no `action` means unsubscribe). Turns off (or on) that one
/// kind of e-mail only; answers a page with the way back.
#[utoipa::path(post, path = "/api/v1/notifications/unsubscribe", tag = "notifications",
    params(UnsubscribeQuery),
    request_body(content = String, content_type = "application/x-www-form-urlencoded",
        description = "`List-Unsubscribe=One-Click`, `action=unsubscribe` or `action=resubscribe`"),
    responses((status = 200, content_type = "text/html"),
              (status = 422, description = "invalid_token; validation_failed: action is neither unsubscribe nor resubscribe", body = Problem)))]
pub async fn unsubscribe_one_click(
    services: web::Data<Services>,
    q: web::Query<UnsubscribeQuery>,
    body: web::Bytes,
) -> AppResult<HttpResponse> {
    let action = url::form_urlencoded::parse(&body)
        .find(|(k, _)| k == "action")
        .map(|(_, v)| v.into_owned());
    let subscribe = match action.as_deref() {
        None | Some("unsubscribe") => false,
        Some("resubscribe") => true,
        Some(_) => {
            return Err(AppError::validation(
                "action",
                "action must be unsubscribe or resubscribe",
            ));
        }
    };
    let kinds = services.unsubscribe_by_token(&q.token, subscribe).await?;
    let step = if subscribe {
        UnsubscribeStep::Resubscribed
    } else {
        UnsubscribeStep::Unsubscribed
    };
    Ok(unsubscribe_html(&services, &q.token, &kinds, step))
}
