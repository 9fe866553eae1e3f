//! Supplier performance from purchase orders and receipts ("evalúa el
//! rendimiento de los proveedores y la eficiencia del proceso de suministro").
//!
//! Figures for one supplier over a period, computed in Rust from the rows the
//! store returns so both databases give identical numbers:
//!
//! - **on-time rate**: lines fully received on or before their promised
//!   date ÷ lines that had to be in by now (fully received, or promised
//!   before today). Lines without a promised date are not rated.
//! - **average lead time**: days from sending the order to a line being
//!   fully received, averaged over fully received lines.
//! - **fill rate**: on finished orders (received or closed short), the mean
//!   of each line's received ÷ ordered, capped at 1 — per line, so litres
//!   and pieces are never added together.
//! - **price variance**: Σ (paid − average cost before the receipt) × qty ÷
//!   Σ average cost × qty. Positive means the supplier charged more than the
//!   item's running average. Receipts of items with no cost yet are skipped.
//!
//! Rates are fractions in [0, 1] with four decimals; `None` when there is
//! nothing to rate.

use chrono::NaiveDate;
use rust_decimal::{Decimal, RoundingStrategy};
use serde::Serialize;

use super::purchase::PurchaseOrderState;
use super::quantity::StockQty;
use crate::domain::{Money, Timestamp};

/// One purchase-order line, as performance sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineFacts {
    pub order_state: PurchaseOrderState,
    pub ordered: StockQty,
    pub received: StockQty,
    pub promised_on: Option<NaiveDate>,
    pub sent_at: Option<Timestamp>,
    pub fully_received_at: Option<Timestamp>,
    /// `fully_received_at` as a date in the company's time zone.
    pub fully_received_on: Option<NaiveDate>,
}

/// One receipt, for the price variance.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ReceiptFacts {
    pub quantity: StockQty,
    pub unit_cost: Money,
    pub average_cost_before: Money,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct SupplierPerformance {
    /// Lines rated for punctuality, and how many of them were on time.
    pub lines_rated: u32,
    pub lines_on_time: u32,
    pub on_time_rate: Option<Decimal>,
    /// Fully received lines, and their mean lead time in days (one decimal).
    pub lines_received: u32,
    pub average_lead_time_days: Option<Decimal>,
    /// Lines of finished orders, and their mean fill.
    pub lines_finished: u32,
    pub fill_rate: Option<Decimal>,
    pub receipts_priced: u32,
    pub price_variance: Option<Decimal>,
}

fn rate(value: Decimal) -> Decimal {
    value.round_dp_with_strategy(4, RoundingStrategy::MidpointAwayFromZero)
}

fn counted(state: PurchaseOrderState) -> bool {
    !matches!(
        state,
        PurchaseOrderState::Draft | PurchaseOrderState::Cancelled
    )
}

impl SupplierPerformance {
    /// The figures of one supplier's lines and receipts, as of `today`
    /// (company time zone).
    pub fn compute(
        lines: &[LineFacts],
        receipts: &[ReceiptFacts],
        today: NaiveDate,
    ) -> SupplierPerformance {
        let mut p = SupplierPerformance::default();
        let mut lead_seconds: i64 = 0;
        let mut fill_sum = Decimal::ZERO;
        for line in lines.iter().filter(|l| counted(l.order_state)) {
            if let Some(promised) = line.promised_on {
                match line.fully_received_on {
                    Some(done) => {
                        p.lines_rated += 1;
                        if done <= promised {
                            p.lines_on_time += 1;
                        }
                    }
                    None if promised < today => p.lines_rated += 1,
                    None => {}
                }
            }
            if let (Some(sent), Some(done)) = (line.sent_at, line.fully_received_at) {
                p.lines_received += 1;
                lead_seconds += (done.as_datetime() - sent.as_datetime())
                    .num_seconds()
                    .max(0);
            }
            if matches!(
                line.order_state,
                PurchaseOrderState::Received | PurchaseOrderState::ClosedShort
            ) && line.ordered.is_positive()
            {
                p.lines_finished += 1;
                let got = line.received.min(line.ordered).at_least_zero();
                fill_sum += Decimal::from(got.milli()) / Decimal::from(line.ordered.milli());
            }
        }
        if p.lines_rated > 0 {
            p.on_time_rate = Some(rate(
                Decimal::from(p.lines_on_time) / Decimal::from(p.lines_rated),
            ));
        }
        if p.lines_received > 0 {
            let days = Decimal::from(lead_seconds)
                / Decimal::from(86_400)
                / Decimal::from(p.lines_received);
            p.average_lead_time_days =
                Some(days.round_dp_with_strategy(1, RoundingStrategy::MidpointAwayFromZero));
        }
        if p.lines_finished > 0 {
            p.fill_rate = Some(rate(fill_sum / Decimal::from(p.lines_finished)));
        }
        let (mut paid_over, mut baseline) = (Decimal::ZERO, Decimal::ZERO);
        for r in receipts {
            if r.average_cost_before.0 <= Decimal::ZERO || !r.quantity.is_positive() {
                continue;
            }
            p.receipts_priced += 1;
            let q = r.quantity.to_decimal();
            paid_over += (r.unit_cost.0 - r.average_cost_before.0) * q;
            baseline += r.average_cost_before.0 * q;
        }
        if baseline > Decimal::ZERO {
            p.price_variance = Some(rate(paid_over / baseline));
        }
        p
    }

    /// The ranking score: on-time rate × fill rate (higher is better);
    /// `None` (ranked last) until both can be measured.
    pub fn score(&self) -> Option<Decimal> {
        Some(rate(self.on_time_rate? * self.fill_rate?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};
    use std::str::FromStr;

    fn u(n: i64) -> StockQty {
        StockQty::units(n)
    }
    fn d(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 3, day).unwrap()
    }
    fn at(day: u32, hour: u32) -> Timestamp {
        Timestamp::from(Utc.with_ymd_and_hms(2025, 3, day, hour, 0, 0).unwrap())
    }
    fn dec(text: &str) -> Decimal {
        Decimal::from_str(text).unwrap()
    }

    fn line(
        state: PurchaseOrderState,
        ordered: i64,
        received: i64,
        promised: Option<u32>,
        done: Option<u32>,
    ) -> LineFacts {
        LineFacts {
            order_state: state,
            ordered: u(ordered),
            received: u(received),
            promised_on: promised.map(d),
            sent_at: Some(at(1, 12)),
            fully_received_at: done.map(|day| at(day, 12)),
            fully_received_on: done.map(d),
        }
    }

    #[test]
    fn the_four_figures() {
        use PurchaseOrderState::*;
        let lines = [
            // On time (day 5, promised 6), 4 days of lead time.
            line(Received, 10, 10, Some(6), Some(5)),
            // Late (day 9, promised 6), 8 days.
            line(Received, 4, 4, Some(6), Some(9)),
            // Never completed, promised long ago: rated, late; fill 1/2.
            line(ClosedShort, 10, 5, Some(3), None),
            // Still coming, promised after today: not rated yet, not finished.
            line(Sent, 7, 0, Some(20), None),
            // Cancelled orders do not count at all.
            line(Cancelled, 9, 0, Some(2), None),
        ];
        let receipts = [
            ReceiptFacts {
                quantity: u(10),
                unit_cost: Money(dec("110")),
                average_cost_before: Money(dec("100")),
            },
            ReceiptFacts {
                quantity: u(10),
                unit_cost: Money(dec("90")),
                average_cost_before: Money(dec("100")),
            },
            // First receipt of a new item: no baseline, skipped.
            ReceiptFacts {
                quantity: u(3),
                unit_cost: Money(dec("50")),
                average_cost_before: Money::ZERO,
            },
        ];
        let p = SupplierPerformance::compute(&lines, &receipts, d(10));
        assert_eq!((p.lines_rated, p.lines_on_time), (3, 1));
        assert_eq!(p.on_time_rate, Some(dec("0.3333")));
        assert_eq!(p.lines_received, 2);
        assert_eq!(p.average_lead_time_days, Some(dec("6.0")));
        // (1 + 1 + 0.5) / 3.
        assert_eq!(p.lines_finished, 3);
        assert_eq!(p.fill_rate, Some(dec("0.8333")));
        assert_eq!(p.receipts_priced, 2);
        assert_eq!(p.price_variance, Some(dec("0")));
        assert_eq!(p.score(), Some(dec("0.2777")));
    }

    #[test]
    fn over_receipts_do_not_lift_the_fill_rate_above_one() {
        let lines = [line(PurchaseOrderState::Received, 5, 8, None, Some(4))];
        let p = SupplierPerformance::compute(&lines, &[], d(10));
        assert_eq!(p.fill_rate, Some(dec("1")));
        assert_eq!(p.on_time_rate, None);
        assert_eq!(p.score(), None);
    }

    #[test]
    fn nothing_to_rate() {
        let p = SupplierPerformance::compute(&[], &[], d(10));
        assert_eq!(p, SupplierPerformance::default());
    }
}
