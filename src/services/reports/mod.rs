//! Management reports (issue 17; seed 000's "Módulo de Informes de
//! Gestión": "evalúan el rendimiento de la empresa … una visión integral
//! de la eficiencia operativa").
//!
//! Each report reads the modules' own records — no copy that could
//! disagree with them — with filters kept in the URL: a date range in the
//! company's zone, and a customer, seller or segment where they apply.
//! Who sees what: the office every figure; a seller only the figures of
//! the customers they own (the seller filter is forced to themselves);
//! technicians and customer contacts no revenue report.

pub mod operations;
pub mod parts;
pub mod quality;
pub mod records;
pub mod revenue;
pub mod sales;
pub mod subscriptions;

use chrono::{NaiveDate, TimeDelta};

use super::{Principal, today_in};
use crate::domain::report::{Granularity, MAX_PERIODS};
use crate::domain::{Role, UserId};
use crate::error::{AppError, AppResult};

/// Most days a report covers (ten years).
pub const MAX_RANGE_DAYS: i64 = 3660;

/// Whom a report is limited to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReportScope {
    /// Office roles: everything.
    All,
    /// A seller: the customers they own.
    Seller(UserId),
}

/// The report scope of the caller (403 for technicians and customers).
pub fn report_scope(who: &Principal) -> AppResult<ReportScope> {
    match who.user.role {
        Role::Master | Role::Admin | Role::Operator => Ok(ReportScope::All),
        Role::Seller => Ok(ReportScope::Seller(who.user.id)),
        Role::Technician | Role::Customer => Err(AppError::forbidden()),
    }
}

/// The range and grouping of a report: default the last twelve months
/// (to today, company's zone); the grouping follows the range unless
/// given. A range that ends before it starts, or longer than ten years,
/// is refused naming `to`; too many periods for the grouping, naming
/// `granularity` (422 `validation_failed`).
pub fn range(
    time_zone: &str,
    from: Option<NaiveDate>,
    to: Option<NaiveDate>,
    granularity: Option<Granularity>,
) -> AppResult<(NaiveDate, NaiveDate, Granularity)> {
    let to = to.unwrap_or_else(|| today_in(time_zone));
    let from = from.unwrap_or_else(|| {
        to.checked_sub_months(chrono::Months::new(12))
            .map_or(to, |d| d + TimeDelta::days(1))
    });
    if from > to || (to - from).num_days() > MAX_RANGE_DAYS {
        return Err(AppError::validation(
            "to",
            format!("a range from a day to the same or a later day, at most {MAX_RANGE_DAYS} days"),
        ));
    }
    let g = granularity.unwrap_or_else(|| Granularity::for_range(from, to));
    if crate::domain::report::periods(g, from, to).len() as i64 > MAX_PERIODS {
        return Err(AppError::validation(
            "granularity",
            format!("at most {MAX_PERIODS} periods: choose a coarser grouping"),
        ));
    }
    Ok((from, to, g))
}

/// The segment filter: a customer category of up to 100 characters
/// (422 naming `category` beyond); blank means none.
pub fn category(text: Option<String>) -> AppResult<Option<String>> {
    match text {
        Some(c) if c.chars().count() > 100 => Err(AppError::validation(
            "category",
            "a category of up to 100 characters",
        )),
        Some(c) if c.trim().is_empty() => Ok(None),
        other => Ok(other),
    }
}

/// The instants `[start, end)` of the company's days `first` to `last`.
pub(super) fn day_bounds(
    first: NaiveDate,
    last: NaiveDate,
    tz: chrono_tz::Tz,
) -> (crate::domain::Timestamp, crate::domain::Timestamp) {
    (
        crate::services::start_of_day(first, tz),
        crate::services::start_of_day(last + TimeDelta::days(1), tz),
    )
}

/// Each period's instants (`day_bounds` of its days), in order: the table
/// of periods the counted reads join on (`store::reports::periods_sql`).
pub(super) fn period_bounds(
    spans: &[(NaiveDate, NaiveDate)],
    tz: chrono_tz::Tz,
) -> Vec<(crate::domain::Timestamp, crate::domain::Timestamp)> {
    spans
        .iter()
        .map(|&(first, last)| day_bounds(first, last, tz))
        .collect()
}

/// Whole seconds (a sum counted in SQL) in hours.
pub(super) fn seconds_hours(seconds: i64) -> f64 {
    seconds as f64 / 3600.0
}

/// `x` with one decimal.
pub(super) fn round1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

/// The average of `n` values summing `sum`, with one decimal; `None`
/// without values.
pub(super) fn average(sum: f64, n: i64) -> Option<f64> {
    (n > 0).then(|| round1(sum / n as f64))
}

/// A measured figure (hours, a score, a percentage) as an export cell with
/// one decimal; empty without a figure.
pub(super) fn one_decimal(x: Option<f64>) -> crate::services::invoices::export::Cell {
    crate::services::invoices::export::Cell::Number(
        x.and_then(rust_decimal::Decimal::from_f64_retain)
            .map(|d| d.round_dp(1)),
    )
}
