//! Work done once a night across the cluster (the maintenance forecasts,
//! the customers' risk scores): a `daily_jobs` row per job whose due time
//! the node that runs it moves to the next night in the same conditional
//! update that claims it. Idle looks are a read, so SQLite's write lock is
//! not taken every second; a node down at the hour runs it at its first
//! look after.

use chrono::{NaiveDate, TimeDelta, TimeZone};

use super::{Services, company_tz, today_in};
use crate::domain::Timestamp;
use crate::error::AppResult;

/// `hour`:00 of `day` in `tz` (where a DST gap skips it, the same wall
/// time read as UTC).
pub(crate) fn local_time(day: NaiveDate, hour: u32, tz: chrono_tz::Tz) -> Timestamp {
    let local = day.and_hms_opt(hour, 0, 0).unwrap_or_default();
    match tz.from_local_datetime(&local).earliest() {
        Some(t) => Timestamp::from(t.with_timezone(&chrono::Utc)),
        None => Timestamp::from(local.and_utc()),
    }
}

impl Services {
    /// Claims the nightly job `name` if it is due: `true` for the one node
    /// that moved it to tomorrow at `hour` in the company's zone.
    pub(crate) async fn claim_nightly(&self, name: &str, hour: u32) -> AppResult<bool> {
        let now = Timestamp::now();
        let mut conn = self.store.conn().await?;
        if conn.daily_job_due(name).await?.is_none_or(|due| due > now) {
            return Ok(false);
        }
        let time_zone = conn.company_settings().await?.time_zone;
        let next = local_time(
            today_in(&time_zone) + TimeDelta::days(1),
            hour,
            company_tz(&time_zone),
        );
        Ok(conn.claim_daily_job(name, now, next).await?)
    }
}
