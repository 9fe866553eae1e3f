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
use serde::{Deserialize, Serialize};

use super::{TicketPriority, TicketState, TicketType};

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

// ----- Policies and settings ------------------------------------------------

crate::text_enum! {
    /// The two SLA targets of a ticket.
    SlaTarget {
        /// The first reply by staff.
        FirstResponse,
        /// The ticket closed.
        Resolution,
    }
}

/// One day's business hours, local times `HH:MM` (`close` after `open`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema, ts_rs::TS)]
pub struct BusinessDay {
    #[schema(pattern = r"^([01][0-9]|2[0-3]):[0-5][0-9]$", example = "08:00")]
    pub open: String,
    #[schema(pattern = r"^([01][0-9]|2[0-3]):[0-5][0-9]$", example = "17:00")]
    pub close: String,
}

/// The targets for tickets of one type and priority, in business minutes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema, ts_rs::TS)]
pub struct SlaPolicy {
    #[serde(rename = "type")]
    pub kind: TicketType,
    pub priority: TicketPriority,
    #[schema(minimum = 1, maximum = 525600)]
    pub first_response_minutes: i64,
    #[schema(minimum = 1, maximum = 525600)]
    pub resolution_minutes: i64,
}

/// Most minutes a target may be (a year).
pub const MAX_TARGET_MINUTES: i64 = 525_600;
/// Most holidays kept.
pub const MAX_HOLIDAYS: usize = 400;

/// The default targets, by priority (the same for every type): high 1 h /
/// 8 h, medium 4 h / 24 h, low 8 h / 48 h of business time.
pub fn default_policy(kind: TicketType, priority: TicketPriority) -> SlaPolicy {
    let (first_response_minutes, resolution_minutes) = match priority {
        TicketPriority::High => (60, 8 * 60),
        TicketPriority::Medium => (4 * 60, 24 * 60),
        TicketPriority::Low => (8 * 60, 48 * 60),
    };
    SlaPolicy {
        kind,
        priority,
        first_response_minutes,
        resolution_minutes,
    }
}

/// Every type × priority, each from `given` when there, the default
/// otherwise; in a fixed order (type, then priority).
pub fn complete_policies(given: &[SlaPolicy]) -> Vec<SlaPolicy> {
    use strum::IntoEnumIterator;
    TicketType::iter()
        .flat_map(|kind| TicketPriority::iter().map(move |priority| (kind, priority)))
        .map(|(kind, priority)| {
            given
                .iter()
                .find(|p| p.kind == kind && p.priority == priority)
                .cloned()
                .unwrap_or_else(|| default_policy(kind, priority))
        })
        .collect()
}

/// Monday to Friday 08:00–17:00, Saturday 08:00–12:00, Sunday closed.
pub fn default_week() -> Vec<Option<BusinessDay>> {
    let day = |open: &str, close: &str| {
        Some(BusinessDay {
            open: open.into(),
            close: close.into(),
        })
    };
    let mut week = vec![day("08:00", "17:00"); 5];
    week.push(day("08:00", "12:00"));
    week.push(None);
    week
}

/// Parses `HH:MM`.
pub fn parse_hhmm(text: &str) -> Option<NaiveTime> {
    NaiveTime::parse_from_str(text, "%H:%M").ok()
}

/// Why a week of business hours is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WeekError {
    /// Not seven days.
    NotSevenDays,
    /// A time that is not `HH:MM`.
    BadTime,
    /// A day that closes before (or when) it opens.
    ClosesBeforeOpening,
    /// No business hours at all: no deadline could ever be reached.
    AlwaysClosed,
}

/// The calendar of a week of business hours (Monday first), holidays and
/// the company's zone.
pub fn calendar(
    tz: Tz,
    week: &[Option<BusinessDay>],
    holidays: &[NaiveDate],
) -> Result<Calendar, WeekError> {
    if week.len() != 7 {
        return Err(WeekError::NotSevenDays);
    }
    let mut days = [None; 7];
    for (slot, day) in days.iter_mut().zip(week) {
        if let Some(d) = day {
            let open = parse_hhmm(&d.open).ok_or(WeekError::BadTime)?;
            let close = parse_hhmm(&d.close).ok_or(WeekError::BadTime)?;
            if close <= open {
                return Err(WeekError::ClosesBeforeOpening);
            }
            *slot = Some((open, close));
        }
    }
    if days.iter().all(Option::is_none) {
        return Err(WeekError::AlwaysClosed);
    }
    Ok(Calendar {
        tz,
        week: days,
        holidays: holidays.iter().copied().collect(),
    })
}

// ----- A ticket's clocks ------------------------------------------------------

/// A state the ticket entered, from its event log.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StateEntered {
    pub at: DateTime<Utc>,
    pub state: TicketState,
}

/// One target's clock at an instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TargetClock {
    pub target_minutes: i64,
    /// Business minutes the clock has run.
    pub elapsed_minutes: i64,
    /// When the target falls due if the clock keeps running; `None` while
    /// paused or once stopped.
    pub due_at: Option<DateTime<Utc>>,
    /// When the clock stopped (the target was met, late or not).
    pub stopped_at: Option<DateTime<Utc>>,
}

impl TargetClock {
    /// Whether the target was missed (or is being missed now).
    pub fn breached(&self, now: DateTime<Utc>) -> bool {
        self.elapsed_minutes > self.target_minutes || self.due_at.is_some_and(|d| d <= now)
    }
}

/// The intervals the log spends in one of `states`, up to `until`: pairs
/// (entered, left), `left` `None` while still in it.
fn spans_in(
    log: &[StateEntered],
    states: &[TicketState],
    until: DateTime<Utc>,
) -> Vec<(DateTime<Utc>, Option<DateTime<Utc>>)> {
    let mut spans = Vec::new();
    let mut inside: Option<DateTime<Utc>> = None;
    for e in log.iter().filter(|e| e.at <= until) {
        match (inside, states.contains(&e.state)) {
            (None, true) => inside = Some(e.at),
            (Some(from), false) => {
                spans.push((from, Some(e.at)));
                inside = None;
            }
            _ => {}
        }
    }
    if let Some(from) = inside {
        spans.push((from, None));
    }
    spans
}

fn target_clock(
    cal: &Calendar,
    start: DateTime<Utc>,
    pauses: &[(DateTime<Utc>, Option<DateTime<Utc>>)],
    stopped_at: Option<DateTime<Utc>>,
    target_minutes: i64,
    now: DateTime<Utc>,
) -> TargetClock {
    let until = stopped_at.unwrap_or(now);
    let elapsed_minutes = running_minutes(cal, start, pauses, until);
    let paused = pauses.last().is_some_and(|(_, end)| end.is_none());
    let due_at = if stopped_at.is_some() || paused {
        None
    } else if elapsed_minutes >= target_minutes {
        Some(now)
    } else {
        deadline(cal, now, target_minutes - elapsed_minutes)
    };
    TargetClock {
        target_minutes,
        elapsed_minutes,
        due_at,
        stopped_at,
    }
}

/// A ticket's two clocks from its event log (`log`: the states it entered
/// after being created `open`, oldest first).
///
/// - First response: from creation to the first reply by staff (or to the
///   closing, when it was closed without one), paused while `pending`.
/// - Resolution: from creation to the closing, paused while `pending` and
///   while closed before a reopening.
pub fn ticket_clocks(
    cal: &Calendar,
    policy: &SlaPolicy,
    created_at: DateTime<Utc>,
    log: &[StateEntered],
    first_response_at: Option<DateTime<Utc>>,
    now: DateTime<Utc>,
) -> (TargetClock, TargetClock) {
    let closed_now = log.last().is_some_and(|e| e.state == TicketState::Closed);
    let resolved_at = closed_now.then(|| log.last().map(|e| e.at)).flatten();
    let first_close = log
        .iter()
        .find(|e| e.state == TicketState::Closed)
        .map(|e| e.at);
    let response_stop = match (first_response_at, first_close) {
        (Some(r), Some(c)) => Some(r.min(c)),
        (r, c) => r.or(c),
    };
    let response_pauses = spans_in(log, &[TicketState::Pending], response_stop.unwrap_or(now));
    let resolution_pauses = spans_in(
        log,
        &[TicketState::Pending, TicketState::Closed],
        resolved_at.unwrap_or(now),
    )
    .into_iter()
    // The closing that stops the clock is not a pause.
    .filter(|(from, _)| Some(*from) != resolved_at)
    .collect::<Vec<_>>();
    (
        target_clock(
            cal,
            created_at,
            &response_pauses,
            response_stop,
            policy.first_response_minutes,
            now,
        ),
        target_clock(
            cal,
            created_at,
            &resolution_pauses,
            resolved_at,
            policy.resolution_minutes,
            now,
        ),
    )
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

    fn policy(first: i64, resolution: i64) -> SlaPolicy {
        SlaPolicy {
            first_response_minutes: first,
            resolution_minutes: resolution,
            ..default_policy(TicketType::Billing, TicketPriority::High)
        }
    }

    fn entered(day: &str, h: u32, m: u32, state: TicketState) -> StateEntered {
        StateEntered {
            at: at(day, h, m),
            state,
        }
    }

    #[test]
    fn a_pending_ticket_stops_its_countdown_and_loses_no_time() {
        let cal = caracas();
        let created = at("2026-12-07", 8, 0);
        // Pending from 09:00 (an hour spent), still pending at 15:00.
        let log = [entered("2026-12-07", 9, 0, TicketState::Pending)];
        let (response, resolution) = ticket_clocks(
            &cal,
            &policy(120, 480),
            created,
            &log,
            None,
            at("2026-12-07", 15, 0),
        );
        assert_eq!(response.elapsed_minutes, 60);
        assert_eq!(response.due_at, None);
        assert_eq!(resolution.due_at, None);
        // Back in progress at 15:00: the hour left of the response is due at 16:00.
        let log = [
            entered("2026-12-07", 9, 0, TicketState::Pending),
            entered("2026-12-07", 15, 0, TicketState::InProgress),
        ];
        let (response, resolution) = ticket_clocks(
            &cal,
            &policy(120, 480),
            created,
            &log,
            None,
            at("2026-12-07", 15, 0),
        );
        assert_eq!(response.due_at, Some(at("2026-12-07", 16, 0)));
        // Resolution: 7 h left → 2 h on Monday, 5 h on Tuesday → 13:00.
        assert_eq!(resolution.due_at, Some(at("2026-12-08", 13, 0)));
        assert!(!response.breached(at("2026-12-07", 15, 0)));
    }

    #[test]
    fn a_reply_stops_the_response_clock_and_a_late_one_is_a_breach() {
        let cal = caracas();
        let created = at("2026-12-07", 8, 0);
        let (response, _) = ticket_clocks(
            &cal,
            &policy(60, 480),
            created,
            &[],
            Some(at("2026-12-07", 10, 0)),
            at("2026-12-07", 11, 0),
        );
        assert_eq!(response.stopped_at, Some(at("2026-12-07", 10, 0)));
        assert_eq!(response.elapsed_minutes, 120);
        assert_eq!(response.due_at, None);
        assert!(response.breached(at("2026-12-07", 11, 0)));
    }

    #[test]
    fn closed_time_does_not_count_after_a_reopening() {
        let cal = caracas();
        let created = at("2026-12-07", 8, 0);
        // Closed at 10:00, reopened at 14:00, closed again at 15:00: 3 h.
        let log = [
            entered("2026-12-07", 10, 0, TicketState::Closed),
            entered("2026-12-07", 14, 0, TicketState::Open),
            entered("2026-12-07", 15, 0, TicketState::Closed),
        ];
        let (response, resolution) = ticket_clocks(
            &cal,
            &policy(60, 240),
            created,
            &log,
            None,
            at("2026-12-07", 16, 0),
        );
        assert_eq!(resolution.elapsed_minutes, 180);
        assert_eq!(resolution.stopped_at, Some(at("2026-12-07", 15, 0)));
        assert!(!resolution.breached(at("2026-12-07", 16, 0)));
        // Closed without a reply: the response clock stopped at the first closing.
        assert_eq!(response.stopped_at, Some(at("2026-12-07", 10, 0)));
        assert!(response.breached(at("2026-12-07", 16, 0)));
    }

    #[test]
    fn a_week_is_checked() {
        let tz = chrono_tz::America::Caracas;
        assert!(calendar(tz, &default_week(), &[]).is_ok());
        assert_eq!(
            calendar(tz, &default_week()[..6], &[]),
            Err(WeekError::NotSevenDays)
        );
        let mut bad = default_week();
        bad[0] = Some(BusinessDay {
            open: "17:00".into(),
            close: "08:00".into(),
        });
        assert_eq!(calendar(tz, &bad, &[]), Err(WeekError::ClosesBeforeOpening));
        assert_eq!(
            calendar(tz, &vec![None; 7], &[]),
            Err(WeekError::AlwaysClosed)
        );
        assert_eq!(complete_policies(&[]).len(), 15);
    }
}
