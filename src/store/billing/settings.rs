//! Billing settings: a single row (id = 1), created with defaults on first
//! read, like the company settings.

use super::super::{Conn, on_conn};
use crate::domain::billing::CreditLimitPolicy;
use crate::domain::{CustomerId, Timestamp};

/// The line every billing document carries unless the company changes it.
pub const DEFAULT_NON_FISCAL_LINE: &str = "ESTE SISTEMA NO EMITE DOCUMENTOS FISCALES";

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct BillingSettings {
    /// Days from issue to due date, unless the customer has their own.
    pub payment_terms_days: i32,
    /// Days a new quote stays valid.
    pub quote_validity_days: i32,
    /// Days before expiry a sent, unanswered quote is reminded.
    pub quote_reminder_days: i32,
    /// Day offsets from the due date (JSON array, e.g. `[-3, 7, 30]`); see
    /// `domain::billing::policy::parse_reminder_offsets`.
    pub receivable_reminder_days: String,
    pub credit_limit_policy: CreditLimitPolicy,
    /// A payment above what is open may leave the rest as customer credit.
    pub allow_customer_credit: bool,
    /// Printed on every document.
    pub non_fiscal_line: String,
    pub updated_at: Timestamp,
}

impl BillingSettings {
    pub fn initial(now: Timestamp) -> BillingSettings {
        BillingSettings {
            payment_terms_days: 30,
            quote_validity_days: 15,
            quote_reminder_days: 2,
            receivable_reminder_days: "[-3, 7, 30]".into(),
            credit_limit_policy: CreditLimitPolicy::RefuseNonOffice,
            allow_customer_credit: true,
            non_fiscal_line: DEFAULT_NON_FISCAL_LINE.into(),
            updated_at: now,
        }
    }
}

impl Conn {
    /// The billing settings, inserting the defaults on first use.
    #[tracing::instrument(skip_all)]
    pub async fn billing_settings(&mut self) -> Result<BillingSettings, sqlx::Error> {
        let found: Option<BillingSettings> = on_conn!(self, c => sqlx::query_as(
            "SELECT payment_terms_days, quote_validity_days, quote_reminder_days,
                    receivable_reminder_days, credit_limit_policy, allow_customer_credit,
                    non_fiscal_line, updated_at
             FROM billing_settings WHERE id = 1")
            .fetch_optional(c).await)?;
        match found {
            Some(s) => Ok(s),
            None => {
                let initial = BillingSettings::initial(Timestamp::now());
                self.save_billing_settings(&initial).await?;
                Ok(initial)
            }
        }
    }

    #[tracing::instrument(skip_all)]
    pub async fn save_billing_settings(&mut self, s: &BillingSettings) -> Result<(), sqlx::Error> {
        on_conn!(self, c => sqlx::query(
            "INSERT INTO billing_settings (id, payment_terms_days, quote_validity_days,
                quote_reminder_days, receivable_reminder_days, credit_limit_policy,
                allow_customer_credit, non_fiscal_line, updated_at)
             VALUES (1, $1, $2, $3, $4, $5, $6, $7, $8)
             ON CONFLICT (id) DO UPDATE SET payment_terms_days = $1, quote_validity_days = $2,
                quote_reminder_days = $3, receivable_reminder_days = $4, credit_limit_policy = $5,
                allow_customer_credit = $6, non_fiscal_line = $7, updated_at = $8")
            .bind(s.payment_terms_days).bind(s.quote_validity_days).bind(s.quote_reminder_days)
            .bind(&s.receivable_reminder_days).bind(s.credit_limit_policy)
            .bind(s.allow_customer_credit).bind(&s.non_fiscal_line).bind(s.updated_at)
            .execute(c).await.map(|_| ()))
    }

    /// A customer's own payment terms in days (`None`: the company's).
    #[tracing::instrument(skip_all)]
    pub async fn customer_payment_terms(
        &mut self,
        customer: CustomerId,
    ) -> Result<Option<i32>, sqlx::Error> {
        let found: Option<Option<i32>> = on_conn!(self, c => sqlx::query_scalar(
            "SELECT payment_terms_days FROM customers WHERE id = $1")
            .bind(customer).fetch_optional(c).await)?;
        Ok(found.flatten())
    }

    #[tracing::instrument(skip_all)]
    pub async fn set_customer_payment_terms(
        &mut self,
        customer: CustomerId,
        days: Option<i32>,
    ) -> Result<bool, sqlx::Error> {
        let n = on_conn!(self, c => sqlx::query(
            "UPDATE customers SET payment_terms_days = $2 WHERE id = $1")
            .bind(customer).bind(days).execute(c).await.map(|r| r.rows_affected()))?;
        Ok(n == 1)
    }
}
