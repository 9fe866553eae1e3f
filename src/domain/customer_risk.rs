//! Customer metrics and the at-risk score (issue 16; seed 004 asks for
//! `metricas_clientes` and "alertas tempranas de clientes en riesgo").
//!
//! The score is a sum of points, one term per warning signal, capped at
//! 100; a customer whose score reaches the threshold (a post-sale setting,
//! default 50) is *at risk*. Each term that adds points is kept as a
//! [`RiskSignal`] with its figure, so the screen says *why*. The formula is
//! deliberately plain — a sum people can check by hand — and documented in
//! docs/post-sale.md:
//!
//! | signal | points |
//! |---|---|
//! | no contact for more than 60 days (120) | 15 (25) |
//! | open complaints | 15 each, at most 30 |
//! | NPS average (last 365 days) 0–6 (7–8) | 20 (5) |
//! | CSAT average 1–2 (3) | 15 (5) |
//! | an overdue balance (more than 60 days late) | 15 (25) |
//! | orders falling: last 90 days under half of the 90 before (at least 2 then) | 15 |
//! | first response to their tickets over 24 h on average (last 90 days) | 10 |

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

/// Days without contact that start to count, and count more.
pub const QUIET_DAYS: i64 = 60;
pub const SILENT_DAYS: i64 = 120;
/// The default threshold.
pub const DEFAULT_THRESHOLD: i64 = 50;

/// What the product knows of a customer, over the windows the module docs
/// name. `None` where there is nothing to measure (no survey answered, no
/// ticket).
#[derive(Debug, Clone, Default, PartialEq, Serialize, utoipa::ToSchema, ts_rs::TS)]
pub struct CustomerSignals {
    /// Days since the last interaction (or since the customer was created,
    /// if none).
    pub days_since_contact: i64,
    /// Interactions in the last 90 days.
    pub contacts_90d: i64,
    /// Of those, proactive.
    pub proactive_90d: i64,
    pub open_complaints: i64,
    /// Averages of the surveys answered in the last 365 days.
    pub nps: Option<f64>,
    pub csat: Option<f64>,
    pub surveys: i64,
    /// Tickets opened in the last 90 days, and the average hours to the
    /// first staff reply and to the resolution of those that had them.
    pub tickets_90d: i64,
    pub first_response_hours: Option<f64>,
    pub resolution_hours: Option<f64>,
    /// First-contact resolution: of those tickets closed, the share (0–1)
    /// closed without ever waiting on the customer (`pending`) and never
    /// reopened.
    pub first_contact_resolution: Option<f64>,
    /// Overdue open invoices: the amount (company currency, decimal text)
    /// and the days the oldest is late.
    #[ts(type = "string")]
    #[schema(value_type = String)]
    pub overdue_balance: Decimal,
    pub overdue_days: i64,
    /// Service orders received in the last 90 days and the 90 before.
    pub orders_90d: i64,
    pub orders_prev_90d: i64,
}

/// A signal that added points to the score, with its figure.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, utoipa::ToSchema, ts_rs::TS)]
#[serde(tag = "signal", rename_all = "snake_case")]
pub enum RiskSignal {
    NoRecentContact {
        days: i64,
        points: i64,
    },
    OpenComplaints {
        count: i64,
        points: i64,
    },
    LowNps {
        nps: f64,
        points: i64,
    },
    LowCsat {
        csat: f64,
        points: i64,
    },
    OverdueBalance {
        #[ts(type = "string")]
        #[schema(value_type = String)]
        amount: Decimal,
        days: i64,
        points: i64,
    },
    FallingOrders {
        before: i64,
        now: i64,
        points: i64,
    },
    SlowFirstResponse {
        hours: f64,
        points: i64,
    },
}

impl RiskSignal {
    pub fn points(&self) -> i64 {
        match self {
            RiskSignal::NoRecentContact { points, .. }
            | RiskSignal::OpenComplaints { points, .. }
            | RiskSignal::LowNps { points, .. }
            | RiskSignal::LowCsat { points, .. }
            | RiskSignal::OverdueBalance { points, .. }
            | RiskSignal::FallingOrders { points, .. }
            | RiskSignal::SlowFirstResponse { points, .. } => *points,
        }
    }
}

/// The score (0–100) and the signals behind it, heaviest first.
pub fn score(s: &CustomerSignals) -> (i64, Vec<RiskSignal>) {
    let mut why = Vec::new();
    if s.days_since_contact > SILENT_DAYS {
        why.push(RiskSignal::NoRecentContact {
            days: s.days_since_contact,
            points: 25,
        });
    } else if s.days_since_contact > QUIET_DAYS {
        why.push(RiskSignal::NoRecentContact {
            days: s.days_since_contact,
            points: 15,
        });
    }
    if s.open_complaints > 0 {
        why.push(RiskSignal::OpenComplaints {
            count: s.open_complaints,
            points: (15 * s.open_complaints).min(30),
        });
    }
    match s.nps {
        Some(nps) if nps < 7.0 => why.push(RiskSignal::LowNps { nps, points: 20 }),
        Some(nps) if nps < 9.0 => why.push(RiskSignal::LowNps { nps, points: 5 }),
        _ => {}
    }
    match s.csat {
        Some(csat) if csat < 3.0 => why.push(RiskSignal::LowCsat { csat, points: 15 }),
        Some(csat) if csat < 4.0 => why.push(RiskSignal::LowCsat { csat, points: 5 }),
        _ => {}
    }
    if s.overdue_balance > Decimal::ZERO {
        why.push(RiskSignal::OverdueBalance {
            amount: s.overdue_balance,
            days: s.overdue_days,
            points: if s.overdue_days > 60 { 25 } else { 15 },
        });
    }
    if s.orders_prev_90d >= 2 && s.orders_90d * 2 < s.orders_prev_90d {
        why.push(RiskSignal::FallingOrders {
            before: s.orders_prev_90d,
            now: s.orders_90d,
            points: 15,
        });
    }
    if let Some(hours) = s.first_response_hours.filter(|h| *h > 24.0) {
        why.push(RiskSignal::SlowFirstResponse { hours, points: 10 });
    }
    why.sort_by_key(|w| std::cmp::Reverse(w.points()));
    let total = why.iter().map(RiskSignal::points).sum::<i64>().min(100);
    (total, why)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_quiet_happy_customer_scores_nothing() {
        let s = CustomerSignals {
            days_since_contact: 10,
            nps: Some(9.5),
            csat: Some(4.6),
            orders_90d: 3,
            orders_prev_90d: 3,
            ..Default::default()
        };
        assert_eq!(score(&s), (0, Vec::new()));
    }

    #[test]
    fn every_signal_adds_its_points_heaviest_first_capped_at_100() {
        let s = CustomerSignals {
            days_since_contact: 130,
            open_complaints: 3,
            nps: Some(4.0),
            csat: Some(2.0),
            overdue_balance: Decimal::new(150000, 2),
            overdue_days: 75,
            orders_90d: 1,
            orders_prev_90d: 4,
            first_response_hours: Some(30.0),
            ..Default::default()
        };
        let (total, why) = score(&s);
        // 25 + 30 + 20 + 15 + 25 + 15 + 10 = 140, capped.
        assert_eq!(total, 100);
        assert_eq!(why.len(), 7);
        assert_eq!(why[0].points(), 30, "the complaints (capped at 30) first");
        assert!(why.windows(2).all(|w| w[0].points() >= w[1].points()));
    }

    #[test]
    fn thresholds_are_where_the_docs_say() {
        let base = CustomerSignals::default();
        let pts = |s: CustomerSignals| score(&s).0;
        assert_eq!(
            pts(CustomerSignals {
                days_since_contact: 60,
                ..base.clone()
            }),
            0
        );
        assert_eq!(
            pts(CustomerSignals {
                days_since_contact: 61,
                ..base.clone()
            }),
            15
        );
        assert_eq!(
            pts(CustomerSignals {
                days_since_contact: 121,
                ..base.clone()
            }),
            25
        );
        assert_eq!(
            pts(CustomerSignals {
                nps: Some(7.0),
                ..base.clone()
            }),
            5
        );
        assert_eq!(
            pts(CustomerSignals {
                nps: Some(6.9),
                ..base.clone()
            }),
            20
        );
        assert_eq!(
            pts(CustomerSignals {
                csat: Some(3.0),
                ..base.clone()
            }),
            5
        );
        // Orders: from 2 to 0 falls; from 2 to 1 is half, not under it.
        assert_eq!(
            pts(CustomerSignals {
                orders_prev_90d: 2,
                ..base.clone()
            }),
            15
        );
        assert_eq!(
            pts(CustomerSignals {
                orders_prev_90d: 2,
                orders_90d: 1,
                ..base.clone()
            }),
            0
        );
        assert_eq!(
            pts(CustomerSignals {
                orders_prev_90d: 1,
                ..base.clone()
            }),
            0
        );
        assert_eq!(
            pts(CustomerSignals {
                first_response_hours: Some(24.0),
                ..base.clone()
            }),
            0
        );
    }
}
