//! Preventive maintenance by engine hours, by calendar, or whichever comes
//! first (issue 16, "Equipment: warranty and preventive maintenance by
//! engine hours"): from a machine's hour-meter readings, how many hours a
//! day it works, and on which day its next service falls due.
//!
//! This is the pure computation; plans, the "due soon" list and the
//! proposed visit build on it. Seed 004 asks for "seguimiento proactivo
//! según ciclo de vida del equipo": the date comes from how the machine is
//! actually used, not from a fixed schedule.
//!
//! **Usage rate** ([`usage_rate`]): readings come irregularly (a technician
//! reads the meter when they visit), sometimes twice the same day, sometimes
//! months apart, and a wrong reading happens. The rate is the *weighted
//! median* of the rates between consecutive readings over the last
//! [`RATE_WINDOW_DAYS`] before the newest reading, each interval weighted
//! by its length in days; readings less than a day apart are merged into
//! the next interval. A median is not pulled by one odd interval, the
//! weighting makes a long quiet spell count for what it lasted — a machine
//! idle for most of the window has rate 0, and then only the calendar can
//! make it due.

use chrono::{Months, NaiveDate, TimeDelta};

/// Farthest a forecast by hours looks ahead (100 years): beyond it the
/// machine is, for planning, idle.
pub const MAX_FORECAST_DAYS: i64 = 36_525;

/// How far back the usage rate looks from the newest reading.
pub const RATE_WINDOW_DAYS: i64 = 180;

/// One hour-meter reading: the day it was read and what the meter showed
/// (readings never decrease; the store refuses one that would).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Reading {
    pub on: NaiveDate,
    pub hours: i64,
}

crate::text_enum!(
    /// What makes a service due.
    PlanBasis {
        /// Every `every_hours` engine hours.
        EngineHours,
        /// Every `every_months` months.
        Calendar,
        /// Whichever of the two comes first.
        WhicheverFirst,
    }
);

/// A maintenance plan of one machine.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Plan {
    pub basis: PlanBasis,
    pub every_hours: i64,
    pub every_months: u32,
    /// "Due soon" this many days before the due day.
    pub due_soon_days: i64,
    /// The last service: its day and the meter then.
    pub last_service_on: NaiveDate,
    pub last_service_hours: i64,
}

crate::text_enum!(
    /// Why the next service falls due when it does.
    DueBy {
        EngineHours,
        Calendar,
    }
);

crate::text_enum!(
    /// Where a machine stands against its plan today.
    PlanStatus {
        Ok,
        DueSoon,
        Overdue,
    }
);

/// The next service of a plan.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Forecast {
    /// Hours a day the machine works (see [`usage_rate`]); `None` without
    /// two readings to compare.
    pub hours_per_day: Option<f64>,
    /// The day the next service falls due; `None` when only engine hours
    /// count and the machine is idle (or has no usage rate yet).
    pub due_on: Option<NaiveDate>,
    pub due_by: Option<DueBy>,
    /// The meter reading at which it falls due (engine-hour plans).
    pub due_at_hours: Option<i64>,
    pub status: PlanStatus,
}

/// Hours a day over the last [`RATE_WINDOW_DAYS`] before the newest
/// reading: the weighted median of the rates between readings (module
/// docs). `readings` in any order; `None` with fewer than two readings at
/// least a day apart.
pub fn usage_rate(readings: &[Reading]) -> Option<f64> {
    let mut sorted = readings.to_vec();
    sorted.sort_by_key(|r| (r.on, r.hours));
    let newest = *sorted.last()?;
    let window_start = newest.on - TimeDelta::days(RATE_WINDOW_DAYS);
    // The readings in the window, anchored on the last one before it.
    let first = sorted
        .iter()
        .rposition(|r| r.on <= window_start)
        .unwrap_or(0);
    let mut intervals: Vec<(f64, i64)> = Vec::new(); // (rate, days)
    let mut from = sorted[first];
    for r in &sorted[first + 1..] {
        let days = (r.on - from.on).num_days();
        if days < 1 {
            continue; // same day: merged into the next interval
        }
        let hours = (r.hours - from.hours).max(0);
        intervals.push((hours as f64 / days as f64, days));
        from = *r;
    }
    weighted_median(&mut intervals)
}

fn weighted_median(values: &mut [(f64, i64)]) -> Option<f64> {
    if values.is_empty() {
        return None;
    }
    values.sort_by(|a, b| a.0.total_cmp(&b.0));
    let total: i64 = values.iter().map(|v| v.1).sum();
    let mut seen = 0;
    for (i, (rate, weight)) in values.iter().enumerate() {
        seen += weight;
        if seen * 2 > total {
            return Some(*rate);
        }
        if seen * 2 == total {
            // Exactly half below: the middle of this and the next value.
            return Some((rate + values.get(i + 1).map_or(*rate, |v| v.0)) / 2.0);
        }
    }
    values.last().map(|v| v.0)
}

/// Where a plan stands on `today` whose next service falls due on
/// `due_on` ("due soon" `due_soon_days` before it). Computed when read,
/// never stored: the stored forecast stays true as days pass.
pub fn plan_status(due_on: Option<NaiveDate>, due_soon_days: i64, today: NaiveDate) -> PlanStatus {
    match due_on {
        Some(d) if d <= today => PlanStatus::Overdue,
        Some(d) if (d - today).num_days() <= due_soon_days => PlanStatus::DueSoon,
        _ => PlanStatus::Ok,
    }
}

/// The first day a plan due on `due_on` counts as "due soon" (stored, so
/// the "due soon" list and the scheduler's proposals are one index read).
pub fn due_soon_from(due_on: NaiveDate, due_soon_days: i64) -> NaiveDate {
    due_on - TimeDelta::days(due_soon_days)
}

/// The next service of `plan` given the machine's `readings`, as of `today`.
pub fn forecast(plan: &Plan, readings: &[Reading], today: NaiveDate) -> Forecast {
    let rate = usage_rate(readings);
    let latest = readings.iter().max_by_key(|r| (r.on, r.hours)).copied();
    let by_hours = matches!(
        plan.basis,
        PlanBasis::EngineHours | PlanBasis::WhicheverFirst
    )
    .then(|| {
        let due_at = plan.last_service_hours + plan.every_hours;
        let (on, now_hours) = latest.map_or((plan.last_service_on, plan.last_service_hours), |r| {
            (r.on, r.hours.max(plan.last_service_hours))
        });
        let remaining = due_at - now_hours;
        let due_on = if remaining <= 0 {
            Some(on)
        } else {
            // A trickle of use can put the day beyond the calendar: then
            // there is no due day by hours (the calendar may still give one).
            rate.filter(|r| *r > 0.0).and_then(|r| {
                let days = (remaining as f64 / r).ceil();
                (days < MAX_FORECAST_DAYS as f64)
                    .then(|| on.checked_add_signed(TimeDelta::days(days as i64)))
                    .flatten()
            })
        };
        (due_on, due_at)
    });
    let by_calendar = matches!(plan.basis, PlanBasis::Calendar | PlanBasis::WhicheverFirst)
        .then(|| {
            plan.last_service_on
                .checked_add_months(Months::new(plan.every_months))
        })
        .flatten();
    let hours_day = by_hours.and_then(|(d, _)| d);
    let (due_on, due_by) = match (hours_day, by_calendar) {
        (Some(h), Some(c)) if c < h => (Some(c), Some(DueBy::Calendar)),
        (Some(h), _) => (Some(h), Some(DueBy::EngineHours)),
        (None, Some(c)) => (Some(c), Some(DueBy::Calendar)),
        (None, None) => (None, None),
    };
    let status = plan_status(due_on, plan.due_soon_days, today);
    Forecast {
        hours_per_day: rate,
        due_on,
        due_by,
        due_at_hours: by_hours.map(|(_, at)| at),
        status,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    fn r(on: &str, hours: i64) -> Reading {
        Reading { on: day(on), hours }
    }

    fn plan(basis: PlanBasis) -> Plan {
        Plan {
            basis,
            every_hours: 250,
            every_months: 6,
            due_soon_days: 14,
            last_service_on: day("2026-01-01"),
            last_service_hours: 1000,
        }
    }

    #[test]
    fn a_trickle_of_use_gives_no_due_day_by_hours() {
        // 1 h in 10 years, 100,000 h to go: not a date anyone plans for.
        let readings = [r("2016-01-01", 0), r("2026-01-01", 1)];
        let mut p = plan(PlanBasis::EngineHours);
        p.every_hours = 100_000;
        p.last_service_hours = 0;
        let f = forecast(&p, &readings, day("2026-01-02"));
        assert_eq!(f.due_on, None);
        assert_eq!(f.status, PlanStatus::Ok);
        // The calendar still gives one when it counts.
        p.basis = PlanBasis::WhicheverFirst;
        assert_eq!(
            forecast(&p, &readings, day("2026-01-02")).due_by,
            Some(DueBy::Calendar)
        );
    }

    #[test]
    fn regular_readings_give_their_rate_and_the_due_day() {
        // 8 h a day, read every 10 days from the service on.
        let readings: Vec<Reading> = (0..=10)
            .map(|i| Reading {
                on: day("2026-01-01") + TimeDelta::days(10 * i),
                hours: 1000 + 80 * i,
            })
            .collect();
        assert_eq!(usage_rate(&readings), Some(8.0));
        // Newest: 2026-04-11 at 1800 h; due at 1250 h — long past.
        let f = forecast(&plan(PlanBasis::EngineHours), &readings, day("2026-04-11"));
        assert_eq!(f.due_at_hours, Some(1250));
        assert_eq!(f.status, PlanStatus::Overdue);
        // Two readings in: 2026-01-11 at 1080 h, 170 h left at 8 h/day →
        // 21.25 → 22 days → 2026-02-02, due soon (14 days) from 2026-01-20.
        let f = forecast(
            &plan(PlanBasis::EngineHours),
            &readings[..2],
            day("2026-01-11"),
        );
        assert_eq!(f.due_on, Some(day("2026-02-02")));
        assert_eq!(f.due_by, Some(DueBy::EngineHours));
        assert_eq!(f.status, PlanStatus::Ok);
        let f = forecast(
            &plan(PlanBasis::EngineHours),
            &readings[..2],
            day("2026-01-20"),
        );
        assert_eq!(f.status, PlanStatus::DueSoon);
    }

    #[test]
    fn irregular_readings_and_a_wrong_one_do_not_pull_the_rate() {
        // Mostly 10 h a day at uneven gaps, a same-day double reading, and
        // one reading typed 300 h too high that the next corrects.
        let readings = [
            r("2026-01-01", 1000),
            r("2026-01-04", 1030), // 3 d, 10/d
            r("2026-01-04", 1031), // same day: merged
            r("2026-01-20", 1190), // 16 d from 01-04 @1030 → 160/16 = 10/d
            r("2026-01-21", 1500), // 1 d, 310/d (wrong)
            r("2026-01-22", 1500), // 1 d, 0/d (meters never go back)
            r("2026-02-21", 1800), // 30 d, 10/d
        ];
        // Weights: 10/d for 3 + 16 + 30 = 49 days, 310/d for 1, 0/d for 1.
        assert_eq!(usage_rate(&readings), Some(10.0));
    }

    #[test]
    fn a_machine_idle_for_months_is_due_by_the_calendar() {
        // Worked 200 h in 60 days, then stood still for 120 days.
        let readings = [
            r("2026-01-01", 1000),
            r("2026-03-02", 1200), // 60 d, 3.3/d
            r("2026-05-01", 1200), // 60 d, 0/d
            r("2026-06-30", 1200), // 60 d, 0/d
        ];
        assert_eq!(usage_rate(&readings), Some(0.0));
        // Hours alone: 50 h left, and it never falls due while idle.
        let f = forecast(&plan(PlanBasis::EngineHours), &readings, day("2026-06-30"));
        assert_eq!(f.due_on, None);
        assert_eq!(f.status, PlanStatus::Ok);
        // Whichever first: the 6 months since 2026-01-01 → 2026-07-01.
        let f = forecast(
            &plan(PlanBasis::WhicheverFirst),
            &readings,
            day("2026-06-30"),
        );
        assert_eq!(f.due_on, Some(day("2026-07-01")));
        assert_eq!(f.due_by, Some(DueBy::Calendar));
        assert_eq!(f.status, PlanStatus::DueSoon);
    }

    #[test]
    fn a_plan_falls_due_by_the_calendar_before_the_hours() {
        // 1 h a day: 250 h would take 250 days, 6 months come first.
        let readings = [r("2026-01-01", 1000), r("2026-01-31", 1030)];
        let f = forecast(
            &plan(PlanBasis::WhicheverFirst),
            &readings,
            day("2026-02-01"),
        );
        assert_eq!(f.hours_per_day, Some(1.0));
        assert_eq!(f.due_on, Some(day("2026-07-01")));
        assert_eq!(f.due_by, Some(DueBy::Calendar));
        // By hours alone: 220 h left from 2026-01-31 → 2026-09-08.
        let f = forecast(&plan(PlanBasis::EngineHours), &readings, day("2026-02-01"));
        assert_eq!(f.due_on, Some(day("2026-09-08")));
        // A heavy user reaches the hours first.
        let busy = [r("2026-01-01", 1000), r("2026-01-11", 1200)];
        let f = forecast(&plan(PlanBasis::WhicheverFirst), &busy, day("2026-01-11"));
        assert_eq!(f.due_on, Some(day("2026-01-14")));
        assert_eq!(f.due_by, Some(DueBy::EngineHours));
        assert_eq!(f.status, PlanStatus::DueSoon);
    }

    #[test]
    fn without_two_readings_there_is_no_rate() {
        assert_eq!(usage_rate(&[]), None);
        assert_eq!(usage_rate(&[r("2026-01-01", 10)]), None);
        assert_eq!(
            usage_rate(&[r("2026-01-01", 10), r("2026-01-01", 12)]),
            None
        );
        let f = forecast(&plan(PlanBasis::Calendar), &[], day("2026-03-01"));
        assert_eq!(f.due_on, Some(day("2026-07-01")));
        assert_eq!(f.hours_per_day, None);
    }

    #[test]
    fn readings_older_than_the_window_are_left_out() {
        // 20 h/day a year ago, 2 h/day over the last 180 days.
        let readings = [
            r("2025-01-01", 0),
            r("2025-06-30", 3600), // 180 d, 20/d
            r("2025-12-31", 3968), // 184 d, 2/d, before the window
            r("2026-06-29", 4328), // 180 d, 2/d: the window starts on 2025-12-31
        ];
        assert_eq!(usage_rate(&readings), Some(2.0));
    }
}
