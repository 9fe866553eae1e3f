//! The company settings as the API shows them (the logo's stored file name
//! stays in the store).

use serde::Serialize;

use crate::domain::{TaxIdCountry, Timestamp};

view! {
    #[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
    pub struct CompanySettings from crate::store::settings::CompanySettings {
        pub company_name: String,
        pub address: String,
        pub phone: String,
        pub email: String,
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
}
