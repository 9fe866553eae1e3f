//! Aging of receivables: what is open, by how late it is.
//!
//! Days late = the day the aging is taken − the due date. Not yet due or
//! due that very day is `current`; then 1–30, 31–60, 61–90 and over 90 days.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::Money;

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    strum::EnumString,
    strum::IntoStaticStr,
    strum::EnumIter,
    strum::Display,
    utoipa::ToSchema,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum AgingBucket {
    /// Not due yet (or due today).
    Current,
    #[serde(rename = "days_1_30")]
    #[strum(serialize = "days_1_30")]
    Days1To30,
    #[serde(rename = "days_31_60")]
    #[strum(serialize = "days_31_60")]
    Days31To60,
    #[serde(rename = "days_61_90")]
    #[strum(serialize = "days_61_90")]
    Days61To90,
    #[serde(rename = "over_90")]
    #[strum(serialize = "over_90")]
    Over90,
}

impl AgingBucket {
    /// The bucket of something due on `due`, seen on `as_of`.
    pub fn of(due: NaiveDate, as_of: NaiveDate) -> AgingBucket {
        match (as_of - due).num_days() {
            ..=0 => AgingBucket::Current,
            1..=30 => AgingBucket::Days1To30,
            31..=60 => AgingBucket::Days31To60,
            61..=90 => AgingBucket::Days61To90,
            _ => AgingBucket::Over90,
        }
    }
}

/// Open amounts by bucket, and their total.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, utoipa::ToSchema, ts_rs::TS)]
pub struct Aging {
    pub current: Money,
    pub days_1_30: Money,
    pub days_31_60: Money,
    pub days_61_90: Money,
    pub over_90: Money,
    pub total: Money,
}

impl Aging {
    /// Adds `open`, due on `due`, as seen on `as_of`.
    pub fn add(&mut self, due: NaiveDate, as_of: NaiveDate, open: Money) {
        let slot = match AgingBucket::of(due, as_of) {
            AgingBucket::Current => &mut self.current,
            AgingBucket::Days1To30 => &mut self.days_1_30,
            AgingBucket::Days31To60 => &mut self.days_31_60,
            AgingBucket::Days61To90 => &mut self.days_61_90,
            AgingBucket::Over90 => &mut self.over_90,
        };
        slot.0 += open.0;
        self.total.0 += open.0;
    }

    /// The amount in one bucket.
    pub fn get(&self, bucket: AgingBucket) -> Money {
        match bucket {
            AgingBucket::Current => self.current,
            AgingBucket::Days1To30 => self.days_1_30,
            AgingBucket::Days31To60 => self.days_31_60,
            AgingBucket::Days61To90 => self.days_61_90,
            AgingBucket::Over90 => self.over_90,
        }
    }

    /// Past due: everything but the current bucket.
    pub fn overdue(&self) -> Money {
        Money(self.total.0 - self.current.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rust_decimal::Decimal;
    use strum::IntoEnumIterator;

    fn day(offset: i64) -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 1, 1).unwrap() + chrono::TimeDelta::days(offset)
    }

    #[test]
    fn buckets_have_inclusive_edges() {
        let as_of = day(100);
        let cases = [
            (101, AgingBucket::Current),
            (100, AgingBucket::Current),
            (99, AgingBucket::Days1To30),
            (70, AgingBucket::Days1To30),
            (69, AgingBucket::Days31To60),
            (40, AgingBucket::Days31To60),
            (39, AgingBucket::Days61To90),
            (10, AgingBucket::Days61To90),
            (9, AgingBucket::Over90),
        ];
        for (due, bucket) in cases {
            assert_eq!(AgingBucket::of(day(due), as_of), bucket, "due day {due}");
        }
    }

    #[test]
    fn totals_add_up_and_names_are_stable() {
        let mut a = Aging::default();
        a.add(day(0), day(0), Money(Decimal::from(10)));
        a.add(day(0), day(45), Money(Decimal::from(5)));
        a.add(day(0), day(200), Money(Decimal::from(1)));
        assert_eq!(a.total, Money(Decimal::from(16)));
        assert_eq!(a.overdue(), Money(Decimal::from(6)));
        let sum: Decimal = AgingBucket::iter().map(|b| a.get(b).0).sum();
        assert_eq!(sum, a.total.0);
        let names: Vec<String> = AgingBucket::iter().map(|b| b.to_string()).collect();
        assert_eq!(
            names,
            [
                "current",
                "days_1_30",
                "days_31_60",
                "days_61_90",
                "over_90"
            ]
        );
        assert_eq!(
            serde_json::to_value(AgingBucket::Over90).unwrap(),
            serde_json::json!("over_90")
        );
    }
}
