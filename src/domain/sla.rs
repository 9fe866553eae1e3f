//! Ticket SLA time in business hours (issue 16, "SLA policies for
//! tickets"): the pure computation the SLA policies build on.
//!
//! A ticket's SLA clock runs only inside the company's business hours (a
//! weekly calendar in the company's time zone, minus holidays) and only
//! while the ticket is not `pending` (waiting on the customer). The time is
//! computed from the ticket's state log — never from a counter that drifts
//! when paused — so changing a policy or pausing never loses time already
//! spent: [`business_minutes`] sums the business minutes of the intervals
//! the log says the clock ran, and [`deadline`] finds the instant a target
//! is reached if the clock keeps running from now.

use std::collections::BTreeSet;

use chrono::{DateTime, Datelike, NaiveDate, NaiveTime, TimeDelta, TimeZone, Utc};
use chrono_tz::Tz;

/// The company's business hours.
#[derive(Debug, Clone, PartialEq)]
pub struct Calendar {
    pub tz: Tz,
    /// Opening and closing time per weekday, Monday first; `None`: closed.
    pub week: [Option<(NaiveTime, NaiveTime)>; 7],
    pub holidays: BTreeSet<NaiveDate>,
}

impl Calendar {
    /// The opening hours of `day` (none on a holiday or a closed weekday).
    fn hours_of(&self, day: NaiveDate) -> Option<(NaiveTime, NaiveTime)> {
        if self.holidays.contains(&day) {
            return None;
        }
        self.week[day.weekday().num_days_from_monday() as usize]
            .filter(|(open, close)| open < close)
    }

    /// `day`'s business hours as UTC instants.
    fn window(&self, day: NaiveDate) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
        let (open, close) = self.hours_of(day)?;
        let at = |t: NaiveTime| {
            self.tz
                .from_local_datetime(&day.and_time(t))
                .earliest()
                .map(|d| d.with_timezone(&Utc))
        };
        Some((at(open)?, at(close)?))
    }
}

/// Business minutes between `from` and `to` (0 when `to <= from`).
pub fn business_minutes(cal: &Calendar, from: DateTime<Utc>, to: DateTime<Utc>) -> i64 {
    if to <= from {
        return 0;
    }
    let first = from.with_timezone(&cal.tz).date_naive();
    let last = to.with_timezone(&cal.tz).date_naive();
    let mut total = 0;
    let mut day = first;
    while day <= last {
        if let Some((open, close)) = cal.window(day) {
            let start = open.max(from);
            let end = close.min(to);
            if end > start {
                total += (end - start).num_seconds();
            }
        }
        day += TimeDelta::days(1);
    }
    total / 60
}

/// The clock's running intervals: from `start`, paused over each
/// `(paused_at, resumed_at)` (a resume of `None`: still paused), up to
/// `until`.
pub fn running_minutes(
    cal: &Calendar,
    start: DateTime<Utc>,
    pauses: &[(DateTime<Utc>, Option<DateTime<Utc>>)],
    until: DateTime<Utc>,
) -> i64 {
    let mut total = 0;
    let mut from = start;
    for &(paused, resumed) in pauses {
        total += business_minutes(cal, from, paused.min(until));
        match resumed {
            Some(r) => from = r.max(from),
            None => return total,
        }
    }
    total + business_minutes(cal, from, until)
}

/// The instant `minutes` business minutes after `from` (the clock running
/// all the way). `None` if the calendar has no business hours in the next
/// two years.
pub fn deadline(cal: &Calendar, from: DateTime<Utc>, minutes: i64) -> Option<DateTime<Utc>> {
    let mut left = minutes.max(0) * 60;
    let mut day = from.with_timezone(&cal.tz).date_naive();
    for _ in 0..730 {
        if let Some((open, close)) = cal.window(day) {
            let start = open.max(from);
            if close > start {
                let span = (close - start).num_seconds();
                if left <= span {
                    return Some(start + TimeDelta::seconds(left));
                }
                left -= span;
            }
        }
        day += TimeDelta::days(1);
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn t(h: u32, m: u32) -> NaiveTime {
        NaiveTime::from_hms_opt(h, m, 0).unwrap()
    }

    /// Monday to Friday 08:00–17:00, Saturday 08:00–12:00, in Caracas.
    fn caracas() -> Calendar {
        let weekday = Some((t(8, 0), t(17, 0)));
        Calendar {
            tz: chrono_tz::America::Caracas,
            week: [
                weekday,
                weekday,
                weekday,
                weekday,
                weekday,
                Some((t(8, 0), t(12, 0))),
                None,
            ],
            holidays: BTreeSet::new(),
        }
    }

    /// A local Caracas time (UTC−4) as UTC.
    fn at(day: &str, h: u32, m: u32) -> DateTime<Utc> {
        let d: NaiveDate = day.parse().unwrap();
        chrono_tz::America::Caracas
            .from_local_datetime(&d.and_time(t(h, m)))
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn only_business_hours_count() {
        let cal = caracas();
        // Friday 2026-12-04 16:00 → Monday 09:00: 1 h Friday, 4 h Saturday,
        // nothing Sunday, 1 h Monday.
        assert_eq!(
            business_minutes(&cal, at("2026-12-04", 16, 0), at("2026-12-07", 9, 0)),
            6 * 60
        );
        // Outside hours entirely.
        assert_eq!(
            business_minutes(&cal, at("2026-12-04", 18, 0), at("2026-12-04", 23, 0)),
            0
        );
        assert_eq!(
            business_minutes(&cal, at("2026-12-07", 9, 0), at("2026-12-07", 9, 0)),
            0
        );
    }

    #[test]
    fn a_holiday_does_not_count() {
        let mut cal = caracas();
        cal.holidays.insert("2026-12-08".parse().unwrap());
        // Monday 16:00 → Wednesday 09:00: 1 h Monday, holiday Tuesday, 1 h Wednesday.
        assert_eq!(
            business_minutes(&cal, at("2026-12-07", 16, 0), at("2026-12-09", 9, 0)),
            120
        );
        // A 4-hour target set Monday 16:00 falls due Wednesday 11:00.
        assert_eq!(
            deadline(&cal, at("2026-12-07", 16, 0), 240),
            Some(at("2026-12-09", 11, 0))
        );
    }

    #[test]
    fn pending_time_does_not_count_and_none_is_lost() {
        let cal = caracas();
        let start = at("2026-12-07", 8, 0);
        // Pending 10:00–14:00 (waiting on the customer), then running.
        let pauses = [(at("2026-12-07", 10, 0), Some(at("2026-12-07", 14, 0)))];
        assert_eq!(
            running_minutes(&cal, start, &pauses, at("2026-12-07", 17, 0)),
            5 * 60
        );
        // Still pending at 15:00: only the two hours before the pause.
        let open = [(at("2026-12-07", 10, 0), None)];
        assert_eq!(
            running_minutes(&cal, start, &open, at("2026-12-07", 15, 0)),
            120
        );
        // A pause that began before the clock started changes nothing.
        let early = [(at("2026-12-07", 7, 0), Some(at("2026-12-07", 7, 30)))];
        assert_eq!(
            running_minutes(&cal, start, &early, at("2026-12-07", 9, 0)),
            60
        );
    }

    #[test]
    fn a_deadline_skips_nights_and_weekends() {
        let cal = caracas();
        // Friday 16:30 + 2 h: 30 min Friday, 90 min Saturday → Saturday 09:30.
        assert_eq!(
            deadline(&cal, at("2026-12-04", 16, 30), 120),
            Some(at("2026-12-05", 9, 30))
        );
        // Sunday 10:00 + 1 h → Monday 09:00.
        assert_eq!(
            deadline(&cal, at("2026-12-06", 10, 0), 60),
            Some(at("2026-12-07", 9, 0))
        );
        // Zero minutes: now, if open; the next opening otherwise.
        assert_eq!(
            deadline(&cal, at("2026-12-07", 9, 0), 0),
            Some(at("2026-12-07", 9, 0))
        );
        let closed = Calendar {
            week: [None; 7],
            ..caracas()
        };
        assert_eq!(deadline(&closed, at("2026-12-07", 9, 0), 10), None);
    }
}
