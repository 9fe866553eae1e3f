//! `/api/v1/settings`: company data, logo, terms & conditions, and the
//! billing settings.

use crate::http::input::Json;
use actix_files::NamedFile;
use actix_web::web;

use crate::error::{AppError, AppResult, Problem};
use crate::services::billing_settings::BillingSettingsInput;
use crate::services::settings::SettingsInput;
use crate::services::views::settings::{BillingSettings, CompanySettings};
use crate::services::warranty::{PostSaleSettings, PostSaleSettingsInput};
use crate::services::{Principal, RequestMeta, Services};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(
        web::scope("/settings")
            .route("/company", web::get().to(get_company))
            .route("/time-zone", web::get().to(get_time_zone))
            .route("/company", web::put().to(put_company))
            .route("/logo", web::put().to(put_logo))
            .route("/logo", web::get().to(get_logo))
            .route("/billing", web::get().to(get_billing))
            .route("/billing", web::put().to(put_billing))
            .route("/post-sale", web::get().to(get_post_sale))
            .route("/post-sale", web::put().to(put_post_sale)),
    );
}

/// The company's time zone, in which every screen shows times.
#[derive(serde::Serialize, utoipa::ToSchema)]
pub struct TimeZone {
    /// IANA name, e.g. `America/Caracas`.
    pub time_zone: String,
}

/// The company's time zone (public: the QR page and the survey show times too).
#[utoipa::path(get, path = "/api/v1/settings/time-zone", tag = "settings",
    responses((status = 200, body = TimeZone)))]
pub async fn get_time_zone(services: web::Data<Services>) -> AppResult<web::Json<TimeZone>> {
    Ok(web::Json(TimeZone {
        time_zone: services.company_settings().await?.time_zone,
    }))
}

/// Company settings (any signed-in user).
#[utoipa::path(get, path = "/api/v1/settings/company", tag = "settings",
    responses((status = 200, body = CompanySettings), (status = 401, body = Problem)))]
pub async fn get_company(
    services: web::Data<Services>,
    _who: Principal,
) -> AppResult<web::Json<CompanySettings>> {
    Ok(web::Json(services.company_settings().await?.into()))
}

/// Change company settings (master, admin).
#[utoipa::path(put, path = "/api/v1/settings/company", tag = "settings", request_body = SettingsInput,
    responses((status = 200, body = CompanySettings), (status = 403, body = Problem)))]
pub async fn put_company(
    services: web::Data<Services>,
    who: Principal,
    meta: RequestMeta,
    body: Json<SettingsInput>,
) -> AppResult<web::Json<CompanySettings>> {
    Ok(web::Json(
        services
            .update_settings(&who, body.into_inner(), &meta)
            .await?
            .into(),
    ))
}

/// Upload the company logo (multipart field `file`), re-encoded as PNG.
#[utoipa::path(put, path = "/api/v1/settings/logo", tag = "settings",
    request_body(content = crate::http::FileUpload, content_type = "multipart/form-data"),
    responses((status = 200, body = CompanySettings), (status = 413, body = Problem), (status = 415, body = Problem)))]
pub async fn put_logo(
    services: web::Data<Services>,
    who: Principal,
    payload: actix_multipart::Multipart,
) -> AppResult<web::Json<CompanySettings>> {
    let bytes = super::read_upload(payload, services.settings.uploads.max_image_bytes).await?;
    Ok(web::Json(services.set_logo(&who, bytes).await?.into()))
}

/// The company logo (PNG; public, printed on tickets and e-mails).
#[utoipa::path(get, path = "/api/v1/settings/logo", tag = "settings",
    responses((status = 200, content_type = "image/png"), (status = 404, body = Problem)))]
pub async fn get_logo(services: web::Data<Services>) -> AppResult<NamedFile> {
    let path = services.logo_path().await?;
    NamedFile::open_async(path)
        .await
        .map_err(|_| AppError::not_found("logo"))
}

/// Billing settings: payment terms, quote validity and reminder, invoice
/// reminder offsets, the credit-limit policy, customer credit and the
/// non-fiscal line (master, admin).
#[utoipa::path(get, path = "/api/v1/settings/billing", tag = "settings",
    responses((status = 200, body = BillingSettings),
              (status = 403, description = "forbidden", body = Problem)))]
pub async fn get_billing(
    services: web::Data<Services>,
    who: Principal,
) -> AppResult<web::Json<BillingSettings>> {
    Ok(web::Json(services.billing_settings(&who).await?))
}

/// Change the billing settings (master, admin; audited).
#[utoipa::path(put, path = "/api/v1/settings/billing", tag = "settings",
    request_body = BillingSettingsInput,
    responses((status = 200, body = BillingSettings)))]
pub async fn put_billing(
    services: web::Data<Services>,
    who: Principal,
    meta: RequestMeta,
    body: Json<BillingSettingsInput>,
) -> AppResult<web::Json<BillingSettings>> {
    Ok(web::Json(
        services
            .update_billing_settings(&who, body.into_inner(), &meta)
            .await?,
    ))
}

/// The post-sale settings (master, admin).
#[utoipa::path(get, path = "/api/v1/settings/post-sale", tag = "settings",
    responses((status = 200, body = PostSaleSettings), (status = 403, body = Problem)))]
pub async fn get_post_sale(
    services: web::Data<Services>,
    who: Principal,
) -> AppResult<web::Json<PostSaleSettings>> {
    Ok(web::Json(services.post_sale_settings(&who).await?))
}

/// Change the post-sale settings (master, admin; audited); warranty alerts
/// not sent yet move to the new margin.
#[utoipa::path(put, path = "/api/v1/settings/post-sale", tag = "settings",
    request_body = PostSaleSettingsInput,
    responses((status = 200, body = PostSaleSettings), (status = 403, body = Problem),
              (status = 422, body = Problem)))]
pub async fn put_post_sale(
    services: web::Data<Services>,
    who: Principal,
    meta: RequestMeta,
    body: Json<PostSaleSettingsInput>,
) -> AppResult<web::Json<PostSaleSettings>> {
    Ok(web::Json(
        services
            .update_post_sale_settings(&who, body.into_inner(), &meta)
            .await?,
    ))
}
