//! Company settings (capability 13): name, contact data, logo, terms &
//! conditions, currency, tax rate, tax-id country and time zone.

use rust_decimal::Decimal;
use serde::Deserialize;
use std::str::FromStr;

use super::images::{self, StoredImage};
use super::{Lines, Principal, RequestMeta, Services, text_field};
use crate::domain::{Permission, TaxIdCountry, Timestamp};
use crate::error::{AppError, AppResult};
use crate::store::audit::{AuditAction, NewAudit};
use crate::store::settings::CompanySettings;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct SettingsInput {
    #[schema(
        min_length = 1,
        max_length = 200,
        pattern = r"[^\s\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"
    )]
    pub company_name: String,
    #[serde(default)]
    #[schema(max_length = 400)]
    pub address: String,
    #[serde(default)]
    #[schema(max_length = 40)]
    pub phone: String,
    #[serde(default)]
    #[schema(
        max_length = 254,
        pattern = r"^$|^[^\s@\x00-\x1f\x7f-\x9f]{1,64}@[^\s@.\x00-\x1f\x7f-\x9f]+(\.[^\s@.\x00-\x1f\x7f-\x9f]+)+$"
    )]
    pub email: String,
    #[serde(default)]
    #[schema(max_length = 20000)]
    pub terms: String,
    #[schema(pattern = r"^[A-Za-z]{3}$")]
    pub currency: String,
    /// Percent as a decimal string, 0 to 100.
    #[schema(pattern = r"^(100(\.0{1,26})?|[0-9]{1,2}(\.[0-9]{1,26})?)$")]
    pub tax_rate: String,
    pub tax_id_country: TaxIdCountry,
    #[schema(schema_with = crate::http::openapi::time_zone_schema)]
    pub time_zone: String,
}

impl Services {
    pub async fn company_settings(&self) -> AppResult<CompanySettings> {
        Ok(self.store.conn().await?.company_settings().await?)
    }

    pub async fn update_settings(
        &self,
        who: &Principal,
        input: SettingsInput,
        meta: &RequestMeta,
    ) -> AppResult<CompanySettings> {
        who.require(Permission::EditSettings)?;
        let currency = input.currency.trim().to_uppercase();
        if currency.len() != 3 || !currency.chars().all(|c| c.is_ascii_uppercase()) {
            return Err(AppError::validation(
                "currency",
                "use a three-letter ISO 4217 code such as USD",
            ));
        }
        let tax_rate = Decimal::from_str(input.tax_rate.trim())
            .ok()
            .filter(|r| *r >= Decimal::ZERO && *r <= Decimal::ONE_HUNDRED)
            .ok_or_else(|| {
                AppError::validation("tax_rate", "the tax rate is a percentage from 0 to 100")
            })?;
        if input.time_zone.parse::<chrono_tz::Tz>().is_err() {
            return Err(AppError::validation(
                "time_zone",
                "use an IANA time zone such as America/Caracas",
            ));
        }
        let email = input.email.trim();
        if !email.is_empty() && crate::domain::Email::parse(email).is_err() {
            return Err(AppError::new(
                crate::error::ErrorCode::InvalidEmail,
                "the company e-mail is not valid",
            )
            .field("email"));
        }
        let now = Timestamp::now();
        let mut tx = self.begin().await?;
        let current = tx.company_settings().await?;
        let updated = CompanySettings {
            company_name: text_field(
                "company_name",
                &input.company_name,
                200,
                true,
                Lines::Single,
            )?,
            address: text_field("address", &input.address, 400, false, Lines::Multi)?,
            phone: text_field("phone", &input.phone, 40, false, Lines::Single)?,
            email: email.to_string(),
            logo_path: current.logo_path,
            terms: text_field("terms", &input.terms, 20_000, false, Lines::Multi)?,
            currency,
            tax_rate: tax_rate.normalize().to_string(),
            tax_id_country: input.tax_id_country,
            time_zone: input.time_zone.trim().to_string(),
            updated_at: now,
        };
        tx.save_company_settings(&updated).await?;
        tx.audit(NewAudit {
            actor: Some(who.user.id),
            action: AuditAction::SettingsChanged,
            subject_type: "settings",
            subject_id: "company".into(),
            detail: String::new(),
            ip: &meta.ip,
            now,
        })
        .await?;
        tx.commit().await?;
        Ok(updated)
    }

    pub async fn set_logo(&self, who: &Principal, bytes: Vec<u8>) -> AppResult<CompanySettings> {
        who.require(Permission::EditSettings)?;
        let up = &self.settings.uploads;
        let clean = images::reencode(
            bytes,
            up.max_image_bytes,
            up.max_image_side,
            StoredImage::Png,
        )
        .await?;
        let name = images::save(&up.dir, &clean, StoredImage::Png).await?;
        let mut tx = self.begin().await?;
        let mut s = tx.company_settings().await?;
        s.logo_path = Some(name);
        s.updated_at = Timestamp::now();
        tx.save_company_settings(&s).await?;
        tx.commit().await?;
        Ok(s)
    }

    pub async fn logo_path(&self) -> AppResult<std::path::PathBuf> {
        let s = self.company_settings().await?;
        let name = s.logo_path.ok_or_else(|| AppError::not_found("logo"))?;
        Ok(self.settings.uploads.dir.join(name))
    }
}
