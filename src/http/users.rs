//! `/api/v1/users` (staff users, profiles, photos) and `/api/v1/audit`.

use crate::http::input::Json;
use actix_files::NamedFile;
use actix_web::{HttpResponse, web};
use chrono::NaiveDate;
use serde::Deserialize;

use super::ActiveRequest;
use crate::domain::audit::{AuditAction, AuditEntry};
use crate::domain::{AuditId, Role, UserId};
use crate::error::{AppError, AppResult, Problem};
use crate::services::users::{NewStaffUser, UserChanges};
use crate::services::views::accounts::User;
use crate::services::views::list;
use crate::services::{Principal, RequestMeta, Services};
use crate::store::accounts::UserFilter;

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
            .await
            .map(list)?,
    ))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct CreateUserRequest {
    #[schema(
        max_length = 254,
        pattern = r"^[^\s@\x00-\x1f\x7f-\x9f]{1,64}@[^\s@.\x00-\x1f\x7f-\x9f]+(\.[^\s@.\x00-\x1f\x7f-\x9f]+)+$"
    )]
    pub email: String,
    #[schema(
        min_length = 1,
        max_length = 120,
        pattern = r"[^\s\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"
    )]
    pub name: String,
    #[serde(default)]
    #[schema(max_length = 40)]
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
    Ok(HttpResponse::Created().json(User::from(user)))
}

/// A user (own profile, or staff for roles that list users).
#[utoipa::path(get, path = "/api/v1/users/{id}", tag = "users",
    responses((status = 200, body = User), (status = 404, body = Problem)))]
pub async fn get_user(
    services: web::Data<Services>,
    who: Principal,
    id: web::Path<UserId>,
) -> AppResult<web::Json<User>> {
    Ok(web::Json(
        services.get_user(&who, id.into_inner()).await?.into(),
    ))
}

#[derive(Deserialize, utoipa::ToSchema)]
pub struct UpdateUserRequest {
    #[schema(
        min_length = 1,
        max_length = 120,
        pattern = r"[^\s\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"
    )]
    pub name: Option<String>,
    #[schema(max_length = 40)]
    pub phone: Option<String>,
    /// Master only.
    pub role: Option<Role>,
}

/// Edit a user: own name/phone, or anything for master.
#[utoipa::path(patch, path = "/api/v1/users/{id}", tag = "users", request_body = UpdateUserRequest,
    responses((status = 200, body = User), (status = 403, body = Problem),
              (status = 409, description = "conflict: the last master keeps the master role; \
                nobody changes their own role", body = Problem)))]
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
            .await?
            .into(),
    ))
}

/// Activate or deactivate a user (master only). Deactivation signs them out everywhere.
#[utoipa::path(put, path = "/api/v1/users/{id}/active", tag = "users", request_body = ActiveRequest,
    responses((status = 200, body = User), (status = 403, body = Problem),
              (status = 409, description = "conflict: you cannot deactivate yourself", body = Problem)))]
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
            .await?
            .into(),
    ))
}

/// Upload a profile photo (multipart field `file`; PNG, JPEG, WebP or GIF).
#[utoipa::path(put, path = "/api/v1/users/{id}/photo", tag = "users",
    request_body(content = crate::http::FileUpload, content_type = "multipart/form-data"),
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
            .await?
            .into(),
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

/// The audit log's filters, as text: each one is parsed here so that a bad
/// value is refused naming its parameter (422 `validation_failed`).
#[derive(Deserialize, utoipa::IntoParams)]
pub struct AuditQuery {
    /// Id of the last entry of the previous page.
    #[param(value_type = Option<String>, format = Uuid)]
    pub before: Option<String>,
    /// Only what this user did.
    #[param(value_type = Option<String>, format = Uuid)]
    pub actor: Option<String>,
    #[param(value_type = Option<AuditAction>)]
    pub action: Option<String>,
    /// First day (YYYY-MM-DD, company time zone).
    #[param(value_type = Option<String>, format = Date)]
    pub from: Option<String>,
    /// Last day, included (YYYY-MM-DD, company time zone).
    #[param(value_type = Option<String>, format = Date)]
    pub to: Option<String>,
    /// 1 to 200 (default 50).
    #[param(value_type = Option<i64>)]
    pub limit: Option<String>,
}

/// Parses one optional query parameter, naming it when it is bad (an empty
/// value is bad too: leave the parameter out instead, as the document says).
fn param<T: std::str::FromStr>(value: Option<String>, field: &'static str) -> AppResult<Option<T>> {
    match value.as_deref() {
        None => Ok(None),
        Some(v) => v
            .parse()
            .map(Some)
            .map_err(|_| AppError::validation(field, format!("`{v}` is not a valid {field}"))),
    }
}

impl AuditQuery {
    fn parse(self) -> AppResult<crate::services::audit::AuditQuery> {
        Ok(crate::services::audit::AuditQuery {
            before: param::<AuditId>(self.before, "before")?,
            actor: param::<UserId>(self.actor, "actor")?,
            action: param::<AuditAction>(self.action, "action")?,
            from: param::<NaiveDate>(self.from, "from")?,
            to: param::<NaiveDate>(self.to, "to")?,
            limit: param::<i64>(self.limit, "limit")?,
        })
    }
}

/// The audit log, newest first, with the actor's name (master only).
#[utoipa::path(get, path = "/api/v1/audit", tag = "users", params(AuditQuery),
    responses((status = 200, body = [AuditEntry]), (status = 403, body = Problem),
        (status = 422, description = "a bad filter, named in `field`", body = Problem)))]
pub async fn audit_log(
    services: web::Data<Services>,
    who: Principal,
    q: web::Query<AuditQuery>,
) -> AppResult<web::Json<Vec<AuditEntry>>> {
    let q = q.into_inner().parse()?;
    Ok(web::Json(list(services.audit_log(&who, q).await?)))
}
