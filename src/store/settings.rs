//! The company settings: a single row (id = 1), created with defaults by the
//! first migration run that reads it.

use super::{Conn, on_conn};
use crate::domain::{TaxIdCountry, Timestamp};

#[derive(Debug, Clone, sqlx::FromRow)]
pub struct CompanySettings {
    pub company_name: String,
    pub address: String,
    pub phone: String,
    pub email: String,
    /// Stored file name of the logo; served at /api/v1/settings/logo.
    pub logo_path: Option<String>,
    /// Terms and conditions printed on service tickets.
    pub terms: String,
    /// ISO 4217 code, e.g. "USD", "CLP", "COP", "VES".
    pub currency: String,
    /// Tax rate in percent, as a decimal string (e.g. "16").
    pub tax_rate: String,
    pub tax_id_country: TaxIdCountry,
    /// IANA time zone, e.g. "America/Caracas".
    pub time_zone: String,
    pub updated_at: Timestamp,
}

impl CompanySettings {
    pub fn initial(now: Timestamp) -> Self {
        CompanySettings {
            company_name: "Mi Empresa de Servicios".into(),
            address: String::new(),
            phone: String::new(),
            email: String::new(),
            logo_path: None,
            terms: String::new(),
            currency: "USD".into(),
            tax_rate: "16".into(),
            tax_id_country: TaxIdCountry::Venezuela,
            time_zone: "America/Caracas".into(),
            updated_at: now,
        }
    }
}

impl Conn {
    /// The settings row, inserting the initial values on first use.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn company_settings(&mut self) -> Result<CompanySettings, sqlx::Error> {
        let found: Option<CompanySettings> = on_conn!(self, c => sqlx::query_as(
            "SELECT company_name, address, phone, email, logo_path, terms, currency, tax_rate,
                    tax_id_country, time_zone, updated_at FROM settings WHERE id = 1")
            .fetch_optional(c).await)?;
        match found {
            Some(s) => Ok(s),
            None => {
                let initial = CompanySettings::initial(Timestamp::now());
                self.save_company_settings(&initial).await?;
                Ok(initial)
            }
        }
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn save_company_settings(&mut self, s: &CompanySettings) -> Result<(), sqlx::Error> {
        on_conn!(self, c => sqlx::query(
            "INSERT INTO settings (id, company_name, address, phone, email, logo_path, terms, currency,
                                   tax_rate, tax_id_country, time_zone, updated_at)
             VALUES (1, $1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11)
             ON CONFLICT (id) DO UPDATE SET company_name = $1, address = $2, phone = $3, email = $4,
                logo_path = $5, terms = $6, currency = $7, tax_rate = $8, tax_id_country = $9,
                time_zone = $10, updated_at = $11")
            .bind(&s.company_name).bind(&s.address).bind(&s.phone).bind(&s.email).bind(&s.logo_path)
            .bind(&s.terms).bind(&s.currency).bind(&s.tax_rate).bind(s.tax_id_country)
            .bind(&s.time_zone).bind(s.updated_at)
            .execute(c).await.map(|r| r.rows_affected()))?;
        Ok(())
    }
}
