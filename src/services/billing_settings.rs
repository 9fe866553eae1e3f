//! Billing settings (issue 13): payment terms, quote validity and its
//! reminder, the receivable reminder offsets, the credit-limit policy, the
//! customer-credit switch and the non-fiscal line printed on every
//! document. One row, edited by master and admin on the settings page; the
//! billing services read it inside their own transactions.

use serde::Deserialize;

use super::{Lines, Principal, RequestMeta, Services, text_field};
use crate::domain::billing::policy::{CreditLimitPolicy, MAX_TERM_DAYS};
use crate::domain::{Permission, Timestamp};
use crate::error::{AppError, AppResult};
use crate::services::views::settings::BillingSettings;
use crate::store::audit::{AuditAction, NewAudit};
use crate::store::billing::settings::BillingSettings as StoredBillingSettings;

/// Most reminder offsets an invoice may have.
const MAX_REMINDERS: usize = 10;
/// Most days before expiry a quote reminder may go out.
const MAX_QUOTE_REMINDER_DAYS: i32 = 60;

/// What `PUT /api/v1/settings/billing` takes: every field.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct BillingSettingsInput {
    #[schema(minimum = 0, maximum = 365)]
    pub payment_terms_days: i32,
    #[schema(minimum = 1, maximum = 365)]
    pub quote_validity_days: i32,
    #[schema(minimum = 0, maximum = 60)]
    pub quote_reminder_days: i32,
    /// Up to 10 offsets, each from -365 to 365 days (repeats are merged).
    #[schema(schema_with = reminder_days_schema)]
    pub receivable_reminder_days: Vec<i32>,
    pub credit_limit_policy: CreditLimitPolicy,
    pub allow_customer_credit: bool,
    #[schema(
        min_length = 1,
        max_length = 300,
        pattern = r"[^\s\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"
    )]
    pub non_fiscal_line: String,
}

/// The reminder offsets' schema: at most 10 whole days, each within a year
/// of the due date.
fn reminder_days_schema() -> utoipa::openapi::schema::Array {
    use utoipa::openapi::schema::{ArrayBuilder, KnownFormat, ObjectBuilder, SchemaFormat, Type};
    ArrayBuilder::new()
        .items(
            ObjectBuilder::new()
                .schema_type(Type::Integer)
                .format(Some(SchemaFormat::KnownFormat(KnownFormat::Int32)))
                .minimum(Some(-f64::from(MAX_TERM_DAYS)))
                .maximum(Some(f64::from(MAX_TERM_DAYS))),
        )
        .max_items(Some(MAX_REMINDERS))
        .description(Some(
            "Days from the due date (negative: before it); repeats are merged.",
        ))
        .build()
}

fn days(field: &'static str, value: i32, min: i32, max: i32) -> AppResult<i32> {
    if (min..=max).contains(&value) {
        Ok(value)
    } else {
        Err(AppError::validation(
            field,
            format!("use a number of days from {min} to {max}"),
        ))
    }
}

impl Services {
    /// The billing settings (master, admin).
    pub async fn billing_settings(&self, who: &Principal) -> AppResult<BillingSettings> {
        who.require(Permission::EditSettings)?;
        Ok(self.store.conn().await?.billing_settings().await?.into())
    }

    /// Changes the billing settings (master, admin); audited. Reminders
    /// already planned keep their time; the new offsets apply to invoices
    /// issued from now on.
    pub async fn update_billing_settings(
        &self,
        who: &Principal,
        input: BillingSettingsInput,
        meta: &RequestMeta,
    ) -> AppResult<BillingSettings> {
        who.require(Permission::EditSettings)?;
        let payment_terms_days = days(
            "payment_terms_days",
            input.payment_terms_days,
            0,
            MAX_TERM_DAYS,
        )?;
        let quote_validity_days = days(
            "quote_validity_days",
            input.quote_validity_days,
            1,
            MAX_TERM_DAYS,
        )?;
        let quote_reminder_days = days(
            "quote_reminder_days",
            input.quote_reminder_days,
            0,
            MAX_QUOTE_REMINDER_DAYS,
        )?;
        let mut offsets = input.receivable_reminder_days;
        if offsets.len() > MAX_REMINDERS || offsets.iter().any(|d| d.abs() > MAX_TERM_DAYS) {
            return Err(AppError::validation(
                "receivable_reminder_days",
                format!(
                    "up to {MAX_REMINDERS} reminders, each from -{MAX_TERM_DAYS} to {MAX_TERM_DAYS} days"
                ),
            ));
        }
        offsets.sort_unstable();
        offsets.dedup();
        let non_fiscal_line = text_field(
            "non_fiscal_line",
            &input.non_fiscal_line,
            300,
            true,
            Lines::Single,
        )?;
        let now = Timestamp::now();
        let updated = StoredBillingSettings {
            payment_terms_days,
            quote_validity_days,
            quote_reminder_days,
            receivable_reminder_days: serde_json::to_string(&offsets)
                .map_err(|e| AppError::internal(anyhow::anyhow!(e)))?,
            credit_limit_policy: input.credit_limit_policy,
            allow_customer_credit: input.allow_customer_credit,
            non_fiscal_line,
            updated_at: now,
        };
        let mut tx = self.begin().await?;
        tx.save_billing_settings(&updated).await?;
        tx.audit(NewAudit {
            actor: Some(who.user.id),
            action: AuditAction::SettingsChanged,
            subject_type: "settings",
            subject_id: "billing".into(),
            detail: String::new(),
            ip: &meta.ip,
            now,
        })
        .await?;
        tx.commit().await?;
        Ok(updated.into())
    }
}
