//! The WebSocket endpoint (`/connection/websocket`, Centrifuge protocol v2
//! JSON) and its REST companions: connection tokens and unread counts.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::Serialize;

use super::extract::session_token;
use crate::error::{AppError, AppResult, ErrorCode, Problem};
use crate::services::chat::ConnectionToken;
use crate::services::{Principal, Services};

pub fn configure_socket(cfg: &mut web::ServiceConfig) {
    cfg.route("/connection/websocket", web::get().to(websocket));
}

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::scope("/realtime")
            .route("/token", web::post().to(token))
            .route("/unread", web::get().to(unread)),
    );
}

/// Upgrades to a WebSocket and starts a session actor. The browser's session
/// cookie, if any, signs the connection in when `connect` carries no token;
/// an upgrade carrying the cookie from a foreign `Origin` is refused with 403
/// `cross_site_request` before it becomes a socket.
async fn websocket(
    req: HttpRequest,
    body: web::Payload,
    services: web::Data<Services>,
) -> AppResult<HttpResponse> {
    // A page of another site must not open a socket in the user's name:
    // with the session cookie the upgrade needs the site's own Origin.
    super::edge::same_site(&req)?;
    let cookie = match session_token(&req, &services.settings.auth.cookie_name) {
        Some(token) => services.authenticate(&token).await?.map(Into::into),
        None => None,
    };
    let max = services.settings.realtime.max_frame_bytes;
    let (response, ws, stream) = actix_ws::handle(&req, body).map_err(|e| {
        AppError::new(
            ErrorCode::MalformedRequest,
            format!("WebSocket upgrade failed: {e}"),
        )
    })?;
    let stream = stream
        .max_frame_size(max)
        .aggregate_continuations()
        .max_continuation_size(max);
    services.hub.open_session(cookie, ws, stream)?;
    Ok(response)
}

/// A short-lived token for the WebSocket `connect` command (and `refresh`).
#[utoipa::path(post, path = "/api/v1/realtime/token", tag = "realtime",
    responses((status = 200, body = ConnectionToken), (status = 401, body = Problem)))]
pub async fn token(
    services: web::Data<Services>,
    who: Principal,
) -> AppResult<web::Json<ConnectionToken>> {
    Ok(web::Json(services.connection_token(&who).await?))
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct Unread {
    pub channel: String,
    pub last_read: i64,
    pub last_offset: i64,
    pub unread: i64,
}

/// Unread counts per channel the caller has read in.
#[utoipa::path(get, path = "/api/v1/realtime/unread", tag = "realtime",
    responses((status = 200, body = [Unread]), (status = 401, body = Problem)))]
pub async fn unread(
    services: web::Data<Services>,
    who: Principal,
) -> AppResult<web::Json<Vec<Unread>>> {
    let rows = services.unread(&who).await?;
    Ok(web::Json(
        rows.into_iter()
            .map(|(channel, last_read, last_offset)| Unread {
                channel,
                last_read,
                last_offset,
                unread: (last_offset - last_read).max(0),
            })
            .collect(),
    ))
}
