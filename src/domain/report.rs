//! Management reports (issue 17; seed 000's "Módulo de Informes de
//! Gestión"): the periods a report's figures are grouped by.
//!
//! A period is a day, an ISO week (Monday first) or a calendar month, in
//! the company's time zone: the report's days are local days, so a figure
//! is where the people who made it would put it.

use chrono::{Datelike, NaiveDate, TimeDelta};

crate::text_enum! {
    /// How a report groups its figures in time.
    Granularity {
        Day,
        Week,
        Month,
    }
}

/// Most periods a report shows (a longer range needs a coarser grouping).
pub const MAX_PERIODS: i64 = 400;

impl Granularity {
    /// The first day of the period `day` falls in.
    pub fn start_of(self, day: NaiveDate) -> NaiveDate {
        match self {
            Granularity::Day => day,
            Granularity::Week => day - TimeDelta::days(day.weekday().num_days_from_monday().into()),
            Granularity::Month => day.with_day(1).unwrap_or(day),
        }
    }

    /// The first day of the period after the one starting on `start`.
    pub fn next(self, start: NaiveDate) -> NaiveDate {
        match self {
            Granularity::Day => start + TimeDelta::days(1),
            Granularity::Week => start + TimeDelta::days(7),
            Granularity::Month => start
                .checked_add_months(chrono::Months::new(1))
                .unwrap_or(start + TimeDelta::days(31)),
        }
    }

    /// A sensible grouping for a range: days up to two months, weeks up to
    /// a year, months beyond.
    pub fn for_range(from: NaiveDate, to: NaiveDate) -> Granularity {
        match (to - from).num_days() {
            ..=62 => Granularity::Day,
            63..=366 => Granularity::Week,
            _ => Granularity::Month,
        }
    }
}

/// The periods covering `[from, to]`, each as `(first day, last day)`
/// clipped to the range; empty when `to < from`.
pub fn periods(g: Granularity, from: NaiveDate, to: NaiveDate) -> Vec<(NaiveDate, NaiveDate)> {
    let mut out = Vec::new();
    let mut start = g.start_of(from);
    while start <= to {
        let next = g.next(start);
        out.push((start.max(from), (next - TimeDelta::days(1)).min(to)));
        start = next;
    }
    out
}

crate::text_enum! {
    /// The management reports (issue 17).
    ReportKind {
        Revenue,
        Operations,
        Parts,
        Sales,
        Quality,
    }
}

crate::text_enum! {
    /// How often a subscribed report is e-mailed.
    Frequency {
        /// Each Monday, the week before (Monday to Sunday).
        Weekly,
        /// Each first of the month, the month before.
        Monthly,
    }
}

/// The hour (company's time zone) a subscribed report is sent on its day.
pub const SEND_HOUR: u32 = 7;

impl Frequency {
    /// The first sending day after `today` (the next Monday, or the next
    /// first of a month).
    pub fn next_day(self, today: NaiveDate) -> NaiveDate {
        match self {
            Frequency::Weekly => Granularity::Week.next(Granularity::Week.start_of(today)),
            Frequency::Monthly => Granularity::Month.next(Granularity::Month.start_of(today)),
        }
    }

    /// The days a report sent on `day` covers: the whole week or month
    /// before the one `day` is in.
    pub fn period_before(self, day: NaiveDate) -> (NaiveDate, NaiveDate) {
        let g = match self {
            Frequency::Weekly => Granularity::Week,
            Frequency::Monthly => Granularity::Month,
        };
        let end = g.start_of(day) - TimeDelta::days(1);
        (g.start_of(end), end)
    }

    /// How a sent report groups its figures: days.
    pub fn granularity(self) -> Granularity {
        Granularity::Day
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn periods_are_clipped_to_the_range() {
        assert_eq!(
            periods(Granularity::Month, d("2026-01-15"), d("2026-03-10")),
            vec![
                (d("2026-01-15"), d("2026-01-31")),
                (d("2026-02-01"), d("2026-02-28")),
                (d("2026-03-01"), d("2026-03-10")),
            ]
        );
        // 2026-12-03 is a Thursday: its week starts Monday 2026-11-30.
        assert_eq!(Granularity::Week.start_of(d("2026-12-03")), d("2026-11-30"));
        assert_eq!(
            periods(Granularity::Week, d("2026-12-03"), d("2026-12-08")),
            vec![
                (d("2026-12-03"), d("2026-12-06")),
                (d("2026-12-07"), d("2026-12-08")),
            ]
        );
        assert_eq!(
            periods(Granularity::Day, d("2026-12-03"), d("2026-12-03")).len(),
            1
        );
        assert!(periods(Granularity::Day, d("2026-12-04"), d("2026-12-03")).is_empty());
    }

    #[test]
    fn a_subscription_covers_the_period_before_its_day() {
        // Thursday 2026-12-03: next Monday 12-07 covers 11-30..12-06.
        assert_eq!(Frequency::Weekly.next_day(d("2026-12-03")), d("2026-12-07"));
        assert_eq!(
            Frequency::Weekly.period_before(d("2026-12-07")),
            (d("2026-11-30"), d("2026-12-06"))
        );
        // A Monday's next sending day is the Monday after.
        assert_eq!(Frequency::Weekly.next_day(d("2026-12-07")), d("2026-12-14"));
        assert_eq!(
            Frequency::Monthly.next_day(d("2026-12-03")),
            d("2027-01-01")
        );
        assert_eq!(
            Frequency::Monthly.next_day(d("2027-01-01")),
            d("2027-02-01")
        );
        assert_eq!(
            Frequency::Monthly.period_before(d("2027-01-01")),
            (d("2026-12-01"), d("2026-12-31"))
        );
        assert_eq!(
            Frequency::Monthly.period_before(d("2026-03-01")),
            (d("2026-02-01"), d("2026-02-28"))
        );
    }

    #[test]
    fn the_grouping_follows_the_range() {
        assert_eq!(
            Granularity::for_range(d("2026-01-01"), d("2026-01-31")),
            Granularity::Day
        );
        assert_eq!(
            Granularity::for_range(d("2026-01-01"), d("2026-06-30")),
            Granularity::Week
        );
        assert_eq!(
            Granularity::for_range(d("2025-01-01"), d("2026-06-30")),
            Granularity::Month
        );
    }
}
