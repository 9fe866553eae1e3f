//! Billing policies: the customer's credit limit, due dates from payment
//! terms, the reminder plan, and the small enums the store keeps as text.

use chrono::{NaiveDate, TimeDelta};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::domain::{Money, Role};

/// What happens when an order or an invoice would take a customer over
/// their credit limit (setting `credit_limit_policy`).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    strum::EnumString,
    strum::IntoStaticStr,
    strum::EnumIter,
    strum::Display,
    utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum CreditLimitPolicy {
    /// The limit is not checked.
    Off,
    /// Everyone goes ahead with a clear warning.
    Warn,
    /// Office roles go ahead with a warning; anyone else is refused.
    RefuseNonOffice,
}
crate::text_enum_sql!(CreditLimitPolicy);

/// The outcome of a credit-limit check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum CreditCheck {
    /// Within the limit (or no limit / policy off).
    Within,
    /// Goes ahead, and the answer carries a warning.
    Warn { limit: Money, exposure: Money },
    /// Refused.
    Refuse { limit: Money, exposure: Money },
}

impl CreditLimitPolicy {
    /// Checks `exposure` (what the customer would owe after the change)
    /// against `limit`; a limit of zero means "no limit".
    pub fn check(self, role: Role, limit: Money, exposure: Money) -> CreditCheck {
        if self == CreditLimitPolicy::Off || limit.0 <= Decimal::ZERO || exposure.0 <= limit.0 {
            return CreditCheck::Within;
        }
        match self {
            CreditLimitPolicy::RefuseNonOffice if !is_office(role) => {
                CreditCheck::Refuse { limit, exposure }
            }
            _ => CreditCheck::Warn { limit, exposure },
        }
    }
}

/// Master, admin and operator: the roles that run billing.
pub fn is_office(role: Role) -> bool {
    matches!(role, Role::Master | Role::Admin | Role::Operator)
}

/// What a billing reminder is about.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    strum::EnumString,
    strum::IntoStaticStr,
    strum::EnumIter,
    strum::Display,
    utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum BillingReminderKind {
    /// A sent quote without an answer nears its validity date (one reminder).
    QuoteExpiry,
    /// An invoice is about to fall due, or is overdue.
    InvoiceDue,
}
crate::text_enum_sql!(BillingReminderKind);

/// Why an allocation of a payment to an invoice stopped counting.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    strum::EnumString,
    strum::IntoStaticStr,
    strum::EnumIter,
    strum::Display,
    utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum AllocationRelease {
    /// Master reversed (deleted) the payment.
    PaymentReversed,
    /// A credit note left the money without a debt; it is customer credit again.
    CreditNote,
    /// The office undid the allocation.
    Undone,
}
crate::text_enum_sql!(AllocationRelease);

/// Most days of payment terms or quote validity.
pub const MAX_TERM_DAYS: i32 = 365;

/// The due date of an invoice issued on `issued` with `terms_days` of credit.
pub fn due_date(issued: NaiveDate, terms_days: i32) -> NaiveDate {
    issued + TimeDelta::days(i64::from(terms_days.clamp(0, MAX_TERM_DAYS)))
}

/// The receivable reminder offsets (days from the due date; negative =
/// before), as stored: a JSON array. Sorted, deduplicated, each within
/// ±[`MAX_TERM_DAYS`]; `None` when the text is not such an array.
pub fn parse_reminder_offsets(text: &str) -> Option<Vec<i32>> {
    let mut days: Vec<i32> = serde_json::from_str(text).ok()?;
    if days.iter().any(|d| d.abs() > MAX_TERM_DAYS) || days.len() > 10 {
        return None;
    }
    days.sort_unstable();
    days.dedup();
    Some(days)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn m(v: i64) -> Money {
        Money(Decimal::from(v))
    }

    #[test]
    fn the_credit_limit_warns_the_office_and_refuses_others() {
        let p = CreditLimitPolicy::RefuseNonOffice;
        assert_eq!(p.check(Role::Seller, m(100), m(100)), CreditCheck::Within);
        assert_eq!(
            p.check(Role::Admin, m(100), m(101)),
            CreditCheck::Warn {
                limit: m(100),
                exposure: m(101)
            }
        );
        assert_eq!(
            p.check(Role::Seller, m(100), m(101)),
            CreditCheck::Refuse {
                limit: m(100),
                exposure: m(101)
            }
        );
        assert_eq!(
            CreditLimitPolicy::Warn.check(Role::Seller, m(100), m(101)),
            CreditCheck::Warn {
                limit: m(100),
                exposure: m(101)
            }
        );
        assert_eq!(
            CreditLimitPolicy::Off.check(Role::Seller, m(100), m(101)),
            CreditCheck::Within
        );
        assert_eq!(
            p.check(Role::Seller, m(0), m(1_000)),
            CreditCheck::Within,
            "0 = no limit"
        );
    }

    #[test]
    fn due_dates_and_reminder_offsets() {
        let d = NaiveDate::from_ymd_opt(2025, 1, 31).unwrap();
        assert_eq!(
            due_date(d, 30),
            NaiveDate::from_ymd_opt(2025, 3, 2).unwrap()
        );
        assert_eq!(due_date(d, 0), d);
        assert_eq!(
            parse_reminder_offsets("[30, -3, 7, 7]"),
            Some(vec![-3, 7, 30])
        );
        assert_eq!(parse_reminder_offsets("[]"), Some(vec![]));
        assert_eq!(parse_reminder_offsets("[400]"), None);
        assert_eq!(parse_reminder_offsets("3,7"), None);
    }
}
