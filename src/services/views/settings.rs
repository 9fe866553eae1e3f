//! The company and billing settings as the API shows them (the logo's
//! stored file name stays in the store; the reminder offsets, stored as
//! JSON text, are a list of numbers).

use serde::Serialize;

use crate::domain::billing::policy::{CreditLimitPolicy, parse_reminder_offsets};
use crate::domain::{TaxIdCountry, Timestamp};
use crate::store::billing::settings::BillingSettings as StoredBillingSettings;

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

/// The billing settings as the API shows them.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct BillingSettings {
    /// Days from issue to due date, unless the customer has their own.
    pub payment_terms_days: i32,
    /// Days a new quote stays valid.
    pub quote_validity_days: i32,
    /// Days before expiry a sent, unanswered quote is reminded (0: never).
    pub quote_reminder_days: i32,
    /// Reminders of open invoices, in days from the due date (negative:
    /// before it), sorted.
    pub receivable_reminder_days: Vec<i32>,
    pub credit_limit_policy: CreditLimitPolicy,
    /// A payment above what is open may stay as the customer's credit.
    pub allow_customer_credit: bool,
    /// Printed on every quote, invoice, credit note and statement.
    pub non_fiscal_line: String,
    pub updated_at: Timestamp,
}

impl From<StoredBillingSettings> for BillingSettings {
    fn from(s: StoredBillingSettings) -> BillingSettings {
        BillingSettings {
            payment_terms_days: s.payment_terms_days,
            quote_validity_days: s.quote_validity_days,
            quote_reminder_days: s.quote_reminder_days,
            receivable_reminder_days: parse_reminder_offsets(&s.receivable_reminder_days)
                .unwrap_or_default(),
            credit_limit_policy: s.credit_limit_policy,
            allow_customer_credit: s.allow_customer_credit,
            non_fiscal_line: s.non_fiscal_line,
            updated_at: s.updated_at,
        }
    }
}
