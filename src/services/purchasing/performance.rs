//! Supplier performance per period ("evalúa el rendimiento de los
//! proveedores"): the four figures of [`SupplierPerformance`] for one
//! supplier, overall and month by month (the chart on its page), and the
//! ranking of every supplier by score (on-time rate × fill rate).
//!
//! The period is two days in the company's time zone, both included:
//! lines count by the day their order was sent, receipts by the day they
//! were received. Figures are computed in Rust from the store's rows, so
//! both databases give the same numbers.

use std::collections::BTreeMap;

use chrono::{Datelike, Months, NaiveDate};
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use crate::domain::inventory::SupplierPerformance;
use crate::domain::{Permission, SupplierId, Timestamp};
use crate::error::{AppError, AppResult};
use crate::services::{Principal, Services, company_tz, start_of_day, today_in};
use crate::store::inventory::{LineFactsRow, ReceiptFactsRow};

/// Longest period accepted, in days (ten years).
pub const MAX_PERIOD_DAYS: i64 = 3660;

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
pub struct PeriodQuery {
    /// First day (company time zone); default: the first day of the month
    /// eleven months ago.
    pub from: Option<NaiveDate>,
    /// Last day, included; default today.
    pub to: Option<NaiveDate>,
}

/// The four figures; rates are fractions in [0, 1] as decimal strings,
/// `null` when there is nothing to rate.
#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema)]
pub struct PerformanceFigures {
    /// Lines that had to be in by now, and how many arrived complete on or
    /// before their promised date.
    pub lines_rated: u32,
    pub lines_on_time: u32,
    #[schema(value_type = Option<String>, example = "0.75")]
    pub on_time_rate: Option<Decimal>,
    /// Fully received lines and their mean days from sending to complete.
    pub lines_received: u32,
    #[schema(value_type = Option<String>, example = "6.5")]
    pub average_lead_time_days: Option<Decimal>,
    /// Lines of finished orders and the mean of received ÷ ordered.
    pub lines_finished: u32,
    #[schema(value_type = Option<String>, example = "0.9")]
    pub fill_rate: Option<Decimal>,
    /// Receipts with a previous average cost, and Σ (paid − average) × qty ÷
    /// Σ average × qty: positive means dearer than the running average.
    pub receipts_priced: u32,
    #[schema(value_type = Option<String>, example = "0.05")]
    pub price_variance: Option<Decimal>,
    /// on-time rate × fill rate (the ranking's key).
    #[schema(value_type = Option<String>, example = "0.675")]
    pub score: Option<Decimal>,
}

impl From<SupplierPerformance> for PerformanceFigures {
    fn from(p: SupplierPerformance) -> Self {
        PerformanceFigures {
            score: p.score(),
            lines_rated: p.lines_rated,
            lines_on_time: p.lines_on_time,
            on_time_rate: p.on_time_rate,
            lines_received: p.lines_received,
            average_lead_time_days: p.average_lead_time_days,
            lines_finished: p.lines_finished,
            fill_rate: p.fill_rate,
            receipts_priced: p.receipts_priced,
            price_variance: p.price_variance,
        }
    }
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct MonthFigures {
    /// `2026-03`.
    pub month: String,
    pub figures: PerformanceFigures,
}

/// One supplier's figures over the period, and month by month.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SupplierPerformanceReport {
    pub supplier_id: SupplierId,
    pub supplier_name: String,
    #[schema(value_type = String, format = Date)]
    pub from: NaiveDate,
    #[schema(value_type = String, format = Date)]
    pub to: NaiveDate,
    pub totals: PerformanceFigures,
    /// Every month of the period, oldest first (empty months included).
    pub months: Vec<MonthFigures>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct RankedSupplier {
    /// 1 is best; suppliers without a score come last, by name.
    pub rank: u32,
    pub supplier_id: SupplierId,
    pub supplier_name: String,
    pub active: bool,
    pub figures: PerformanceFigures,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PerformanceRanking {
    #[schema(value_type = String, format = Date)]
    pub from: NaiveDate,
    #[schema(value_type = String, format = Date)]
    pub to: NaiveDate,
    pub suppliers: Vec<RankedSupplier>,
}

fn month_key(day: NaiveDate) -> String {
    format!("{:04}-{:02}", day.year(), day.month())
}

/// The months from `from` to `to`, as keys.
fn months_between(from: NaiveDate, to: NaiveDate) -> Vec<String> {
    let mut out = Vec::new();
    let mut day = from.with_day(1).unwrap_or(from);
    while day <= to {
        out.push(month_key(day));
        match day.checked_add_months(Months::new(1)) {
            Some(next) => day = next,
            None => break,
        }
    }
    out
}

/// The checked period and its bounds as instants: [from 00:00, to+1 00:00).
struct Period {
    from: NaiveDate,
    to: NaiveDate,
    start: Timestamp,
    end: Timestamp,
    today: NaiveDate,
    tz: chrono_tz::Tz,
}

impl Services {
    async fn period(&self, q: &PeriodQuery) -> AppResult<Period> {
        let settings = self.store.conn().await?.company_settings().await?;
        let tz = company_tz(&settings.time_zone);
        let today = today_in(&settings.time_zone);
        let to = q.to.unwrap_or(today);
        let from = q.from.unwrap_or_else(|| {
            to.with_day(1)
                .and_then(|d| d.checked_sub_months(Months::new(11)))
                .unwrap_or(to)
        });
        if to < from {
            return Err(AppError::validation("to", "`to` is before `from`"));
        }
        if (to - from).num_days() > MAX_PERIOD_DAYS {
            return Err(AppError::validation(
                "from",
                format!("the period is longer than {MAX_PERIOD_DAYS} days"),
            ));
        }
        let next = to.succ_opt().unwrap_or(to);
        Ok(Period {
            from,
            to,
            start: start_of_day(from, tz),
            end: start_of_day(next, tz),
            today,
            tz,
        })
    }

    /// One supplier's performance over the period, overall and per month.
    pub async fn supplier_performance(
        &self,
        who: &Principal,
        id: SupplierId,
        q: PeriodQuery,
    ) -> AppResult<SupplierPerformanceReport> {
        who.require(Permission::ManagePurchasing)?;
        let p = self.period(&q).await?;
        let mut conn = self.store.conn().await?;
        let supplier = conn
            .supplier(id)
            .await?
            .ok_or_else(|| AppError::not_found("supplier"))?;
        let lines = conn.supplier_line_facts(Some(id), p.start, p.end).await?;
        let receipts = conn
            .supplier_receipt_facts(Some(id), p.start, p.end)
            .await?;
        drop(conn);
        let totals = figures(&lines, &receipts, &p);
        // Receipts carry no date in the facts: the monthly price variance
        // is left to the totals; each month rates its own lines.
        let mut by_month: BTreeMap<String, Vec<LineFactsRow>> = months_between(p.from, p.to)
            .into_iter()
            .map(|m| (m, Vec::new()))
            .collect();
        for l in lines {
            let Some(sent) = l.sent_at else { continue };
            let key = month_key(sent.as_datetime().with_timezone(&p.tz).date_naive());
            by_month.entry(key).or_default().push(l);
        }
        let months = by_month
            .into_iter()
            .map(|(month, lines)| MonthFigures {
                month,
                figures: figures(&lines, &[], &p),
            })
            .collect();
        Ok(SupplierPerformanceReport {
            supplier_id: supplier.id,
            supplier_name: supplier.name,
            from: p.from,
            to: p.to,
            totals,
            months,
        })
    }

    /// Every supplier with orders sent or goods received in the period,
    /// best first.
    pub async fn performance_ranking(
        &self,
        who: &Principal,
        q: PeriodQuery,
    ) -> AppResult<PerformanceRanking> {
        who.require(Permission::ManagePurchasing)?;
        let p = self.period(&q).await?;
        let mut conn = self.store.conn().await?;
        let lines = conn.supplier_line_facts(None, p.start, p.end).await?;
        let receipts = conn.supplier_receipt_facts(None, p.start, p.end).await?;
        let mut grouped: BTreeMap<SupplierId, (Vec<LineFactsRow>, Vec<ReceiptFactsRow>)> =
            BTreeMap::new();
        for l in lines {
            grouped.entry(l.supplier_id).or_default().0.push(l);
        }
        for r in receipts {
            grouped.entry(r.supplier_id).or_default().1.push(r);
        }
        let mut suppliers = Vec::with_capacity(grouped.len());
        for (id, (lines, receipts)) in grouped {
            let Some(s) = conn.supplier(id).await? else {
                continue;
            };
            suppliers.push(RankedSupplier {
                rank: 0,
                supplier_id: id,
                supplier_name: s.name,
                active: s.active,
                figures: figures(&lines, &receipts, &p),
            });
        }
        suppliers.sort_by(|a, b| {
            b.figures.score.cmp(&a.figures.score).then_with(|| {
                a.supplier_name
                    .to_lowercase()
                    .cmp(&b.supplier_name.to_lowercase())
            })
        });
        for (i, s) in suppliers.iter_mut().enumerate() {
            s.rank = i as u32 + 1;
        }
        Ok(PerformanceRanking {
            from: p.from,
            to: p.to,
            suppliers,
        })
    }
}

fn figures(lines: &[LineFactsRow], receipts: &[ReceiptFactsRow], p: &Period) -> PerformanceFigures {
    let lines: Vec<_> = lines.iter().map(|l| l.facts(p.tz)).collect();
    let receipts: Vec<_> = receipts.iter().map(ReceiptFactsRow::facts).collect();
    SupplierPerformance::compute(&lines, &receipts, p.today).into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn months_of_a_period() {
        let d = |y, m, day| NaiveDate::from_ymd_opt(y, m, day).unwrap();
        assert_eq!(
            months_between(d(2025, 11, 15), d(2026, 2, 1)),
            ["2025-11", "2025-12", "2026-01", "2026-02"]
        );
        assert_eq!(months_between(d(2026, 3, 31), d(2026, 3, 31)), ["2026-03"]);
    }
}
