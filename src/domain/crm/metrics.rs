//! Funnel metrics computed from stage histories, never from counters.
//!
//! Definitions (what the dashboard's figures mean):
//! - An opportunity *reached* a funnel stage when its history ever entered
//!   that stage or a later one of `prospect → qualified → proposal →
//!   negotiation → won` (a skipped stage was passed through); `lost` reaches
//!   nothing beyond where the opportunity had been.
//! - *Conversion* of a stage: of the opportunities that reached it, the
//!   percentage that reached the next one.
//! - *Win rate*: won ÷ (won + lost), by current stage.
//! - *Time in stage*: every completed stay (entered, then left) of that
//!   stage; the stay an opportunity is in now is not finished and does not
//!   count. Average and median, in seconds.
//! - *Cycle time*: from creation (the first history row) to the move to
//!   `won`, for opportunities that are won now.
//!
//! Grouping by owner and by creation month (cohort) is the same computation
//! over a subset; the caller names each track's owner and month (the month
//! in the company's time zone), so this module stays pure.

use std::collections::BTreeMap;

use serde::Serialize;

use super::Stage;
use crate::domain::{Timestamp, UserId};

/// One opportunity as the metrics see it: who owns it, its cohort and its
/// stage history in time order (the first entry is its creation).
#[derive(Debug, Clone)]
pub struct Track {
    pub owner: UserId,
    /// Creation month, `YYYY-MM`, in the company's time zone.
    pub cohort: String,
    /// `(stage entered, when)`, oldest first; never empty.
    pub history: Vec<(Stage, Timestamp)>,
}

impl Track {
    fn current(&self) -> Option<Stage> {
        self.history.last().map(|(s, _)| *s)
    }
}

/// One step of the funnel.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema, ts_rs::TS)]
pub struct FunnelStep {
    pub stage: Stage,
    /// Opportunities that ever reached this stage (or passed it).
    pub reached: i64,
    /// Percentage of those that reached the previous stage; `None` for the
    /// first step or when nobody reached the previous one.
    pub from_previous_pct: Option<f64>,
}

/// Time spent in one stage over completed stays.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema, ts_rs::TS)]
#[ts(rename = "Duration")]
pub struct StageDuration {
    /// How many stays (or cycles) were measured.
    pub count: i64,
    pub average_seconds: Option<i64>,
    pub median_seconds: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema, ts_rs::TS)]
pub struct StageTime {
    pub stage: Stage,
    pub time: StageDuration,
}

/// The figures of one set of opportunities.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema, ts_rs::TS)]
pub struct FunnelMetrics {
    pub opportunities: i64,
    pub open: i64,
    pub won: i64,
    pub lost: i64,
    /// Won ÷ (won + lost) in percent; `None` before anything closed.
    pub win_rate_pct: Option<f64>,
    pub funnel: Vec<FunnelStep>,
    /// One entry per stage except `won` and `lost` (closes are final).
    pub time_in_stage: Vec<StageTime>,
    pub cycle: StageDuration,
}

/// Figures of one owner.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema, ts_rs::TS)]
pub struct OwnerMetrics {
    pub owner: UserId,
    pub metrics: FunnelMetrics,
}

/// Figures of one creation month.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema, ts_rs::TS)]
pub struct CohortMetrics {
    /// `YYYY-MM`.
    pub month: String,
    pub metrics: FunnelMetrics,
}

/// Everything, overall and grouped.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema, ts_rs::TS)]
pub struct Metrics {
    pub overall: FunnelMetrics,
    /// By owner id.
    pub by_owner: Vec<OwnerMetrics>,
    /// By month, oldest first.
    pub by_cohort: Vec<CohortMetrics>,
}

/// Percentage with one decimal.
pub fn pct(part: i64, whole: i64) -> Option<f64> {
    (whole > 0).then(|| ((part as f64) * 1000.0 / (whole as f64)).round() / 10.0)
}

fn duration(mut values: Vec<i64>) -> StageDuration {
    if values.is_empty() {
        return StageDuration {
            count: 0,
            average_seconds: None,
            median_seconds: None,
        };
    }
    values.sort_unstable();
    let n = values.len();
    let sum: i128 = values.iter().map(|v| *v as i128).sum();
    let average = (sum as f64 / n as f64).round() as i64;
    let median = if n % 2 == 1 {
        values[n / 2]
    } else {
        ((values[n / 2 - 1] as i128 + values[n / 2] as i128) as f64 / 2.0).round() as i64
    };
    StageDuration {
        count: n as i64,
        average_seconds: Some(average),
        median_seconds: Some(median),
    }
}

fn seconds(from: Timestamp, to: Timestamp) -> i64 {
    (to.as_datetime() - from.as_datetime()).num_seconds().max(0)
}

/// The funnel from how many opportunities reached each step of
/// [`Stage::FUNNEL`] (or passed it).
pub fn funnel_steps(reached: &[i64; 5]) -> Vec<FunnelStep> {
    Stage::FUNNEL
        .iter()
        .enumerate()
        .map(|(i, stage)| FunnelStep {
            stage: *stage,
            reached: reached[i],
            from_previous_pct: if i == 0 {
                None
            } else {
                pct(reached[i], reached[i - 1])
            },
        })
        .collect()
}

/// `reached` from how many opportunities got *at most* to each rank of
/// [`Stage::FUNNEL`] (their furthest stage ever entered): an opportunity
/// whose furthest is rank `r` reached every step up to `r`.
pub fn reached_from_furthest(furthest: impl IntoIterator<Item = (usize, i64)>) -> [i64; 5] {
    let mut reached = [0i64; 5];
    for (rank, count) in furthest {
        for r in reached.iter_mut().take(rank.min(4) + 1) {
            *r += count;
        }
    }
    reached
}

/// The figures of `tracks`.
pub fn funnel_metrics<'a>(tracks: impl IntoIterator<Item = &'a Track>) -> FunnelMetrics {
    let mut reached = [0i64; 5];
    let (mut count, mut open, mut won, mut lost) = (0, 0, 0, 0);
    let mut stays: BTreeMap<Stage, Vec<i64>> = BTreeMap::new();
    let mut cycles = Vec::new();
    for t in tracks {
        count += 1;
        match t.current() {
            Some(Stage::Won) => won += 1,
            Some(Stage::Lost) => lost += 1,
            Some(_) => open += 1,
            None => continue,
        }
        // The furthest funnel stage ever entered (lost is not a step).
        let furthest = t
            .history
            .iter()
            .filter(|(s, _)| *s != Stage::Lost)
            .map(|(s, _)| s.rank())
            .max();
        if let Some(furthest) = furthest {
            for r in reached.iter_mut().take(furthest + 1) {
                *r += 1;
            }
        }
        for pair in t.history.windows(2) {
            let ((stage, entered), (_, left)) = (pair[0], pair[1]);
            stays.entry(stage).or_default().push(seconds(entered, left));
        }
        if t.current() == Some(Stage::Won) {
            let created = t.history[0].1;
            let closed = t.history.last().map(|(_, at)| *at).unwrap_or(created);
            cycles.push(seconds(created, closed));
        }
    }
    let funnel = funnel_steps(&reached);
    let time_in_stage = Stage::OPEN
        .iter()
        .map(|stage| StageTime {
            stage: *stage,
            time: duration(stays.remove(stage).unwrap_or_default()),
        })
        .collect();
    FunnelMetrics {
        opportunities: count,
        open,
        won,
        lost,
        win_rate_pct: pct(won, won + lost),
        funnel,
        time_in_stage,
        cycle: duration(cycles),
    }
}

/// Overall, by owner and by cohort.
pub fn metrics(tracks: &[Track]) -> Metrics {
    let mut owners: BTreeMap<UserId, Vec<&Track>> = BTreeMap::new();
    let mut cohorts: BTreeMap<&str, Vec<&Track>> = BTreeMap::new();
    for t in tracks {
        owners.entry(t.owner).or_default().push(t);
        cohorts.entry(&t.cohort).or_default().push(t);
    }
    Metrics {
        overall: funnel_metrics(tracks),
        by_owner: owners
            .into_iter()
            .map(|(owner, ts)| OwnerMetrics {
                owner,
                metrics: funnel_metrics(ts),
            })
            .collect(),
        by_cohort: cohorts
            .into_iter()
            .map(|(month, ts)| CohortMetrics {
                month: month.to_string(),
                metrics: funnel_metrics(ts),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{TimeZone, Utc};

    const DAY: i64 = 86_400;

    fn at(day: i64) -> Timestamp {
        Timestamp::from(
            Utc.with_ymd_and_hms(2026, 1, 1, 0, 0, 0).unwrap() + chrono::TimeDelta::days(day),
        )
    }

    fn track(owner: UserId, cohort: &str, h: &[(Stage, i64)]) -> Track {
        Track {
            owner,
            cohort: cohort.into(),
            history: h.iter().map(|(s, d)| (*s, at(*d))).collect(),
        }
    }

    /// Four opportunities, figures worked out by hand:
    /// A: prospect d0 → qualified d2 → proposal d5 → won d9
    /// B: prospect d0 → qualified d4 → lost d6
    /// C: prospect d1 → proposal d3 (skips qualified), open
    /// D: prospect d1, open
    fn sample() -> (UserId, UserId, Vec<Track>) {
        use Stage::*;
        let (ana, luis) = (UserId::new(), UserId::new());
        let tracks = vec![
            track(
                ana,
                "2026-01",
                &[(Prospect, 0), (Qualified, 2), (Proposal, 5), (Won, 9)],
            ),
            track(ana, "2026-01", &[(Prospect, 0), (Qualified, 4), (Lost, 6)]),
            track(luis, "2026-02", &[(Prospect, 1), (Proposal, 3)]),
            track(luis, "2026-02", &[(Prospect, 1)]),
        ];
        (ana, luis, tracks)
    }

    #[test]
    fn overall_figures_match_the_hand_computation() {
        let (_, _, tracks) = sample();
        let m = funnel_metrics(&tracks);
        assert_eq!((m.opportunities, m.open, m.won, m.lost), (4, 2, 1, 1));
        assert_eq!(m.win_rate_pct, Some(50.0));
        // reached: prospect 4; qualified A,B,C(passed) = 3; proposal A,C = 2;
        // negotiation A (passed on its way to won) = 1; won A = 1.
        let reached: Vec<i64> = m.funnel.iter().map(|s| s.reached).collect();
        assert_eq!(reached, [4, 3, 2, 1, 1]);
        let from_prev: Vec<Option<f64>> = m.funnel.iter().map(|s| s.from_previous_pct).collect();
        assert_eq!(
            from_prev,
            [None, Some(75.0), Some(66.7), Some(50.0), Some(100.0)]
        );
        // prospect stays: A 2d, B 4d, C 2d (D still there) → avg 2.667d, median 2d.
        let prospect = &m.time_in_stage[0];
        assert_eq!(prospect.stage, Stage::Prospect);
        assert_eq!(prospect.time.count, 3);
        assert_eq!(prospect.time.average_seconds, Some((8 * DAY) / 3));
        assert_eq!(prospect.time.median_seconds, Some(2 * DAY));
        // qualified stays: A 3d, B 2d → avg 2.5d, median 2.5d.
        let qualified = &m.time_in_stage[1].time;
        assert_eq!(qualified.count, 2);
        assert_eq!(qualified.average_seconds, Some(5 * DAY / 2));
        assert_eq!(qualified.median_seconds, Some(5 * DAY / 2));
        // proposal: A 4d (C is still in it).
        assert_eq!(m.time_in_stage[2].time.average_seconds, Some(4 * DAY));
        assert_eq!(m.time_in_stage[3].time.count, 0);
        // cycle: A 9 days.
        assert_eq!(m.cycle.count, 1);
        assert_eq!(m.cycle.average_seconds, Some(9 * DAY));
    }

    #[test]
    fn grouped_by_owner_and_cohort() {
        let (ana, luis, tracks) = sample();
        let m = metrics(&tracks);
        let of = |u: UserId| &m.by_owner.iter().find(|o| o.owner == u).unwrap().metrics;
        assert_eq!(of(ana).win_rate_pct, Some(50.0));
        assert_eq!(of(luis).win_rate_pct, None);
        let luis_reached: Vec<i64> = of(luis).funnel.iter().map(|s| s.reached).collect();
        assert_eq!(luis_reached, [2, 1, 1, 0, 0]);
        assert_eq!(
            m.by_cohort
                .iter()
                .map(|c| c.month.as_str())
                .collect::<Vec<_>>(),
            ["2026-01", "2026-02"]
        );
        assert_eq!(m.by_cohort[0].metrics.won, 1);
        assert_eq!(m.by_cohort[1].metrics.open, 2);
    }

    #[test]
    fn a_reopened_deal_counts_every_stay_and_its_current_close() {
        use Stage::*;
        let t = track(
            UserId::new(),
            "2026-01",
            &[(Prospect, 0), (Lost, 1), (Negotiation, 3), (Won, 7)],
        );
        let m = funnel_metrics([&t]);
        assert_eq!((m.won, m.lost), (1, 0));
        assert_eq!(m.cycle.average_seconds, Some(7 * DAY));
        assert_eq!(m.time_in_stage[3].time.average_seconds, Some(4 * DAY));
        let reached: Vec<i64> = m.funnel.iter().map(|s| s.reached).collect();
        assert_eq!(reached, [1, 1, 1, 1, 1]);
        assert_eq!(pct(1, 3), Some(33.3));
        assert_eq!(funnel_metrics([]).win_rate_pct, None);
    }
}
