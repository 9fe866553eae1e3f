//! `/api/v1/users` (staff users, profiles, photos) and `/api/v1/audit`.

use crate::http::input::Json;
use actix_files::NamedFile;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use super::ActiveRequest;
use crate::domain::{AuditId, Role, UserId};
use crate::error::{AppResult, Problem};
use crate::services::users::{NewStaffUser, UserChanges};
use crate::services::{Principal, RequestMeta, Services};
use crate::store::accounts::{User, UserFilter};
use crate::store::audit::{AuditAction, AuditEntry};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::scope("/users")
            .route("", web::get().to(list_users))
            .route("", web::post().to(create_user))
            .route("/{id}", web::get().to(get_user))
            .route("/{id}", web::patch().to(update_user))
            .route("/{id}/active", web::put().to(set_active))
            .route("/{id}/photo", web::put().to(upload_photo))
            .route("/{id}/photo", web::get().to(get_photo)),
    )
    .route("/audit", web::get().to(audit_log));
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct UserQuery {
    pub role: Option<Role>,
    pub active: Option<bool>,
}

/// Staff users (master, admin, operator).
#[utoipa::path(get, path = "/api/v1/users", tag = "users", params(UserQuery),
    responses((status = 200, body = [User]), (status = 403, description = "forbidden", body = Problem)))]
pub async fn list_users(
    services: web::Data<Services>,
    who: Principal,
    q: web::Query<UserQuery>,
) -> AppResult<web::Json<Vec<User>>> {
    let q = q.into_inner();
    Ok(web::Json(
        services
            .list_users(
                &who,
                UserFilter {
                    role: q.role,
                    active: q.active,
                },
            )
            .await?,
    ))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct CreateUserRequest {
    pub email: String,
    pub name: String,
    #[serde(default)]
    pub phone: String,
    pub role: Role,
}

/// Create a staff user (master only); they receive an invitation e-mail.
#[utoipa::path(post, path = "/api/v1/users", tag = "users", request_body = CreateUserRequest,
    responses((status = 201, body = User), (status = 403, description = "forbidden", body = Problem),
              (status = 409, description = "email_taken", body = Problem)))]
pub async fn create_user(
    services: web::Data<Services>,
    who: Principal,
    meta: RequestMeta,
    body: Json<CreateUserRequest>,
) -> AppResult<HttpResponse> {
    let b = body.into_inner();
    let user = services
        .create_staff_user(
            &who,
            NewStaffUser {
                email: b.email,
                name: b.name,
                phone: b.phone,
                role: b.role,
            },
            &meta,
        )
        .await?;
    Ok(HttpResponse::Created().json(user))
}

/// A user (own profile, or staff for roles that list users).
#[utoipa::path(get, path = "/api/v1/users/{id}", tag = "users",
    responses((status = 200, body = User), (status = 404, body = Problem)))]
pub async fn get_user(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<UserId>,
) -> AppResult<web::Json<User>> {
    Ok(web::Json(services.get_user(&who, id.into_inner()).await?))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct UpdateUserRequest {
    pub name: Option<String>,
    pub phone: Option<String>,
    /// Master only.
    pub role: Option<Role>,
}

/// Edit a user: own name/phone, or anything for master.
#[utoipa::path(patch, path = "/api/v1/users/{id}", tag = "users", request_body = UpdateUserRequest,
    responses((status = 200, body = User), (status = 403, body = Problem)))]
pub async fn update_user(
    services: web::Data<Services>,
    who: Principal,
    meta: RequestMeta,
    id: web::Path<UserId>,
    body: Json<UpdateUserRequest>,
) -> AppResult<web::Json<User>> {
    let b = body.into_inner();
    let changes = UserChanges {
        name: b.name,
        phone: b.phone,
        role: b.role,
    };
    Ok(web::Json(
        services
            .update_user(&who, id.into_inner(), changes, &meta)
            .await?,
    ))
}

/// Activate or deactivate a user (master only). Deactivation signs them out everywhere.
#[utoipa::path(put, path = "/api/v1/users/{id}/active", tag = "users", request_body = ActiveRequest,
    responses((status = 200, body = User), (status = 403, body = Problem)))]
pub async fn set_active(
    services: web::Data<Services>,
    who: Principal,
    meta: RequestMeta,
    id: web::Path<UserId>,
    body: Json<ActiveRequest>,
) -> AppResult<web::Json<User>> {
    Ok(web::Json(
        services
            .set_user_active(&who, id.into_inner(), body.active, &meta)
            .await?,
    ))
}

/// Upload a profile photo (multipart field `file`; PNG, JPEG, WebP or GIF).
#[utoipa::path(put, path = "/api/v1/users/{id}/photo", tag = "users",
    responses((status = 200, body = User), (status = 413, body = Problem), (status = 415, body = Problem)))]
pub async fn upload_photo(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<UserId>,
    payload: actix_multipart::Multipart,
) -> AppResult<web::Json<User>> {
    let bytes = super::read_upload(payload, services.settings.uploads.max_image_bytes).await?;
    Ok(web::Json(
        services
            .set_user_photo(&who, id.into_inner(), bytes)
            .await?,
    ))
}

/// A user's profile photo (JPEG).
#[utoipa::path(get, path = "/api/v1/users/{id}/photo", tag = "users",
    responses((status = 200, content_type = "image/jpeg"), (status = 404, body = Problem)))]
pub async fn get_photo(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<UserId>,
) -> AppResult<NamedFile> {
    let path = services.user_photo_path(&who, id.into_inner()).await?;
    NamedFile::open_async(path)
        .await
        .map_err(|_| crate::error::AppError::not_found("photo"))
}

#[derive(Deserialize, utoipa::IntoParams)]
pub struct AuditQuery {
    /// Id of the last entry of the previous page.
    pub before: Option<AuditId>,
    pub action: Option<AuditAction>,
    pub limit: Option<i64>,
}

/// The audit log, newest first (master only).
#[utoipa::path(get, path = "/api/v1/audit", tag = "users", params(AuditQuery),
    responses((status = 200, body = [AuditEntry]), (status = 403, body = Problem)))]
pub async fn audit_log(
    services: web::Data<Services>,
    who: Principal,
    q: web::Query<AuditQuery>,
) -> AppResult<web::Json<Vec<AuditEntry>>> {
    let q = q.into_inner();
    Ok(web::Json(
        services
            .audit_log(&who, q.before, q.action, q.limit.unwrap_or(50))
            .await?,
    ))
}
