//! `/api/v1/auth`: sign in and out, who am I, password change and recovery.

use crate::http::input::Json;
use actix_web::cookie::{Cookie, SameSite, time::Duration as CookieDuration};
use actix_web::{HttpRequest, HttpResponse, web};
use serde::{Deserialize, Serialize};

use super::edge::{ClientInfo, EdgePolicy};
use crate::error::{AppResult, Problem};
use crate::services::views::accounts::User;
use crate::services::{Principal, RequestMeta, Services};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::scope("/auth")
            .route("/login", web::post().to(login))
            .route("/logout", web::post().to(logout))
            .route("/me", web::get().to(me))
            .route("/password", web::post().to(change_password))
            .route("/recover", web::post().to(recover))
            .route("/reset", web::post().to(reset)),
    );
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct LoginRequest {
    pub email: String,
    pub password: String,
    /// Keep me signed in: a long session (30 days by default) instead of 12 hours.
    #[serde(default)]
    pub remember_me: bool,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct LoginResponse {
    pub user: User,
    /// The session token, also set as an HttpOnly cookie. Mobile and API
    /// clients send it as `Authorization: Bearer <token>`.
    pub token: String,
    pub expires_at: crate::domain::Timestamp,
}

/// Sign in.
#[utoipa::path(post, path = "/api/v1/auth/login", tag = "auth", request_body = LoginRequest,
    responses((status = 200, body = LoginResponse),
              (status = 401, description = "invalid_credentials", body = Problem),
              (status = 403, description = "account_disabled", body = Problem),
              (status = 429, description = "too_many_attempts", body = Problem)))]
pub async fn login(
    req: HttpRequest,
    services: web::Data<Services>,
    meta: RequestMeta,
    body: Json<LoginRequest>,
) -> AppResult<HttpResponse> {
    let body = body.into_inner();
    let login = services
        .login(&body.email, body.password, body.remember_me, &meta)
        .await?;
    let auth = &services.settings.auth;
    let mut cookie = Cookie::build(auth.cookie_name.clone(), login.token.clone())
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure_cookie(&req, &services))
        .finish();
    if login.remember_me {
        cookie.set_max_age(CookieDuration::days(auth.remember_me_days));
    }
    Ok(HttpResponse::Ok().cookie(cookie).json(LoginResponse {
        user: login.user.into(),
        token: login.token,
        expires_at: login.expires_at,
    }))
}

/// The Secure flag: always when `public_url` is https (or
/// `server.secure_cookies` forces it), else when a trusted proxy says this
/// client came over https.
fn secure_cookie(req: &HttpRequest, services: &Services) -> bool {
    match req.app_data::<web::Data<EdgePolicy>>() {
        Some(policy) => policy.secure_cookie(&ClientInfo::of(req)),
        None => services.settings.server.secure_cookies,
    }
}

/// Sign out this session.
#[utoipa::path(post, path = "/api/v1/auth/logout", tag = "auth", responses((status = 204),
    (status = 403, description = "cross_site_request: signed in by the cookie from another site", body = Problem)))]
pub async fn logout(
    req: HttpRequest,
    services: web::Data<Services>,
    who: Principal,
) -> AppResult<HttpResponse> {
    services.logout(&who).await?;
    let mut gone = Cookie::build(services.settings.auth.cookie_name.clone(), "")
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .secure(secure_cookie(&req, &services))
        .finish();
    gone.make_removal();
    Ok(HttpResponse::NoContent().cookie(gone).finish())
}

/// The signed-in user.
#[utoipa::path(get, path = "/api/v1/auth/me", tag = "auth",
    responses((status = 200, body = User), (status = 401, description = "unauthenticated", body = Problem)))]
pub async fn me(who: Principal) -> web::Json<User> {
    web::Json(who.user.into())
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct ChangePasswordRequest {
    pub current_password: String,
    #[schema(min_length = 8, max_length = 256)]
    pub new_password: String,
}

/// Change my password (signs out my other sessions).
#[utoipa::path(post, path = "/api/v1/auth/password", tag = "auth", request_body = ChangePasswordRequest,
    responses((status = 204), (status = 401, description = "invalid_credentials", body = Problem),
              (status = 422, description = "weak_password", body = Problem)))]
pub async fn change_password(
    services: web::Data<Services>,
    who: Principal,
    meta: RequestMeta,
    body: Json<ChangePasswordRequest>,
) -> AppResult<HttpResponse> {
    let body = body.into_inner();
    services
        .change_password(&who, body.current_password, body.new_password, &meta)
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct RecoverRequest {
    pub email: String,
}

/// Ask for a password recovery e-mail. Always 202, whether or not the account exists.
#[utoipa::path(post, path = "/api/v1/auth/recover", tag = "auth", request_body = RecoverRequest,
    responses((status = 202)))]
pub async fn recover(
    services: web::Data<Services>,
    body: Json<RecoverRequest>,
) -> AppResult<HttpResponse> {
    services.request_password_recovery(&body.email).await?;
    Ok(HttpResponse::Accepted().finish())
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct ResetRequest {
    /// The token from a recovery or invitation link.
    pub token: String,
    #[schema(min_length = 8, max_length = 256)]
    pub new_password: String,
}

/// Set a password with a recovery or invitation link (single use).
#[utoipa::path(post, path = "/api/v1/auth/reset", tag = "auth", request_body = ResetRequest,
    responses((status = 204), (status = 422, description = "invalid_token or weak_password", body = Problem)))]
pub async fn reset(
    services: web::Data<Services>,
    meta: RequestMeta,
    body: Json<ResetRequest>,
) -> AppResult<HttpResponse> {
    let body = body.into_inner();
    services
        .reset_password(&body.token, body.new_password, &meta)
        .await?;
    Ok(HttpResponse::NoContent().finish())
}
