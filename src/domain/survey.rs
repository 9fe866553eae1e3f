//! Surveys after service: the answer's rules and the NPS / CSAT arithmetic.

use serde::{Deserialize, Serialize};

/// Net Promoter Score question: 0–10.
pub const NPS_MAX: i32 = 10;
/// Customer satisfaction question: 1–5.
pub const CSAT_MIN: i32 = 1;
pub const CSAT_MAX: i32 = 5;

/// Where NPS and CSAT answers count as poor (a follow-up complaint opens).
#[derive(Debug, Clone, Copy)]
pub struct PoorThresholds {
    /// NPS at or below this is poor (default 6: a detractor).
    pub nps: i32,
    /// CSAT at or below this is poor (default 2).
    pub csat: i32,
}

impl PoorThresholds {
    pub fn is_poor(&self, nps: i32, csat: i32) -> bool {
        nps <= self.nps || csat <= self.csat
    }
}

/// NPS and CSAT over a set of answers.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize, utoipa::ToSchema)]
pub struct Score {
    /// Answers counted.
    pub responses: i64,
    /// NPS 9–10.
    pub promoters: i64,
    /// NPS 7–8.
    pub passives: i64,
    /// NPS 0–6.
    pub detractors: i64,
    /// % promoters − % detractors, −100..100, one decimal; `None` without answers.
    pub nps: Option<f64>,
    /// Mean CSAT (1–5), two decimals; `None` without answers.
    pub csat_average: Option<f64>,
}

impl Score {
    /// The score of `(nps, csat)` answers.
    pub fn of(answers: impl IntoIterator<Item = (i32, i32)>) -> Score {
        let mut s = Score::default();
        let mut csat_sum = 0i64;
        for (nps, csat) in answers {
            s.responses += 1;
            match nps {
                9.. => s.promoters += 1,
                7..=8 => s.passives += 1,
                _ => s.detractors += 1,
            }
            csat_sum += i64::from(csat);
        }
        if s.responses > 0 {
            let n = s.responses as f64;
            let nps = (s.promoters - s.detractors) as f64 * 100.0 / n;
            s.nps = Some((nps * 10.0).round() / 10.0);
            s.csat_average = Some((csat_sum as f64 / n * 100.0).round() / 100.0);
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nps_is_promoters_minus_detractors() {
        let s = Score::of([(10, 5), (9, 4), (8, 3), (6, 2), (0, 1)]);
        assert_eq!((s.promoters, s.passives, s.detractors), (2, 1, 2));
        assert_eq!(s.nps, Some(0.0));
        assert_eq!(s.csat_average, Some(3.0));
        let s = Score::of([(10, 5), (10, 5), (3, 4)]);
        assert_eq!(s.nps, Some(33.3));
        assert_eq!(s.csat_average, Some(4.67));
        assert_eq!(Score::of([]).nps, None);
    }

    #[test]
    fn poor_answers() {
        let t = PoorThresholds { nps: 6, csat: 2 };
        assert!(t.is_poor(6, 5));
        assert!(t.is_poor(10, 2));
        assert!(!t.is_poor(7, 3));
    }
}
