//! Request extractors: the signed-in [`Principal`] (session cookie or
//! `Authorization: Bearer`) and [`RequestMeta`] (client IP, user agent).
//! The client IP is the one [`super::edge`] resolved: the socket peer, or
//! behind a trusted proxy the client it forwards for.

use std::future::Future;
use std::pin::Pin;

use actix_web::{FromRequest, HttpRequest, dev::Payload, web};

use crate::error::AppError;
use crate::services::{Principal, RequestMeta, Services};

/// The session token of a request: the `Authorization: Bearer` header wins
/// over the cookie, so API clients are never confused by a stale cookie.
pub fn session_token(req: &HttpRequest, cookie_name: &str) -> Option<String> {
    if let Some(value) = req.headers().get(actix_web::http::header::AUTHORIZATION)
        && let Ok(value) = value.to_str()
        && let Some(token) = value.strip_prefix("Bearer ")
    {
        return Some(token.trim().to_string());
    }
    req.cookie(cookie_name).map(|c| c.value().to_string())
}

impl FromRequest for Principal {
    type Error = AppError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, Self::Error>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let req = req.clone();
        Box::pin(async move {
            let services = req
                .app_data::<web::Data<Services>>()
                .expect("Services are registered as app data")
                .clone();
            let token = session_token(&req, &services.settings.auth.cookie_name)
                .ok_or_else(AppError::unauthenticated)?;
            services
                .authenticate(&token)
                .await?
                .ok_or_else(AppError::unauthenticated)
        })
    }
}

impl FromRequest for RequestMeta {
    type Error = AppError;
    type Future = std::future::Ready<Result<Self, Self::Error>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        // The peer, or the client a trusted proxy names (see `super::edge`).
        let ip = super::edge::ClientInfo::of(req)
            .ip
            .map(|ip| ip.to_string())
            .unwrap_or_else(|| "unknown".into());
        let user_agent = req
            .headers()
            .get(actix_web::http::header::USER_AGENT)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .chars()
            .take(300)
            .collect();
        std::future::ready(Ok(RequestMeta { ip, user_agent }))
    }
}
