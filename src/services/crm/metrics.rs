//! CRM metrics and the dashboard. Every figure about the funnel is computed
//! from the stage history ([`crate::domain::crm::metrics`]); the money
//! figures from the opportunities' current value and probability, summed as
//! exact decimals.

use std::collections::BTreeMap;

use chrono::Datelike;
use serde::{Deserialize, Serialize};

use super::weighted;
use crate::domain::crm::metrics::{
    FunnelStep, Metrics, Track, funnel_steps, metrics, pct, reached_from_furthest,
};
use crate::domain::crm::{OpportunityScope, Stage};
use crate::domain::money::currency_scale;
use crate::domain::{Money, UserId};
use crate::error::AppResult;
use crate::services::{Principal, Services, company_tz};
use crate::store::Conn;

#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
pub struct MetricsQuery {
    /// Only this owner's opportunities.
    pub owner_id: Option<UserId>,
}

/// Count and money of one stage.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema, ts_rs::TS)]
pub struct StageTotal {
    pub stage: Stage,
    pub count: i64,
    pub sum: Money,
    pub weighted_sum: Money,
}

/// How one seller (owner) is doing.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema, ts_rs::TS)]
pub struct SellerPerformance {
    pub owner_id: UserId,
    pub owner_name: String,
    pub open: i64,
    pub won: i64,
    pub lost: i64,
    pub open_value: Money,
    pub won_value: Money,
    pub win_rate_pct: Option<f64>,
}

/// Opportunities created in one month and how they ended so far.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema, ts_rs::TS)]
pub struct MonthTrend {
    /// `YYYY-MM` in the company's time zone.
    pub month: String,
    pub created: i64,
    pub won: i64,
    pub lost: i64,
    pub win_rate_pct: Option<f64>,
}

/// The CRM dashboard.
#[derive(Debug, Clone, PartialEq, Serialize, utoipa::ToSchema, ts_rs::TS)]
pub struct CrmDashboard {
    /// Active customers in scope.
    pub customers: i64,
    /// Their contacts ("total de contactos").
    pub contacts: i64,
    /// Opportunities in an open stage.
    pub active_opportunities: i64,
    /// Σ value of the open opportunities.
    pub potential_value: Money,
    /// Σ value × probability of the open opportunities.
    pub weighted_value: Money,
    /// Percentage of all opportunities that reached `won`.
    pub conversion_rate_pct: Option<f64>,
    /// Won ÷ (won + lost).
    pub win_rate_pct: Option<f64>,
    pub funnel: Vec<FunnelStep>,
    pub by_stage: Vec<StageTotal>,
    pub by_seller: Vec<SellerPerformance>,
    /// Oldest month first.
    pub trend: Vec<MonthTrend>,
}

/// The opportunities in scope as tracks: each one's history under its
/// owner and cohort (creation month in the company's time zone).
async fn tracks(
    conn: &mut Conn,
    scope: OpportunityScope,
    owner: Option<UserId>,
    tz: chrono_tz::Tz,
) -> AppResult<Vec<Track>> {
    Ok(conn
        .metric_tracks(scope, owner)
        .await?
        .into_iter()
        // Every opportunity has its creation row; one without any
        // (impossible through the services) is left out rather than
        // counted empty.
        .filter(|o| !o.history.is_empty())
        .map(|o| {
            // `YYYY-MM` without chrono's formatter (100,000 of them a call).
            let local = o.created_at.as_datetime().with_timezone(&tz);
            Track {
                owner: o.owner_id,
                cohort: format!("{:04}-{:02}", local.year(), local.month()),
                history: o.history,
            }
        })
        .collect())
}

impl Services {
    /// Conversion, win rate, time in stage and cycle time, overall, by
    /// owner and by creation month, of the opportunities in scope.
    pub async fn crm_metrics(&self, who: &Principal, q: MetricsQuery) -> AppResult<Metrics> {
        let scope = who.crm_scope()?;
        let mut conn = self.store.conn().await?;
        let tz = company_tz(&conn.company_settings().await?.time_zone);
        let tracks = tracks(&mut conn, scope, q.owner_id, tz).await?;
        Ok(metrics(&tracks))
    }

    /// The CRM dashboard of the caller's scope.
    pub async fn crm_dashboard(&self, who: &Principal, q: MetricsQuery) -> AppResult<CrmDashboard> {
        let scope = who.crm_scope()?;
        let mut conn = self.store.conn().await?;
        let settings = conn.company_settings().await?;
        let (scale, tz) = (
            currency_scale(&settings.currency),
            company_tz(&settings.time_zone),
        );
        let counts = conn
            .directory_counts(match scope {
                OpportunityScope::Seller(u) => Some(u),
                _ => None,
            })
            .await?;
        // The funnel is counted in the database (one row per rank); the
        // money and the monthly trend from one lean row per opportunity:
        // the dashboard never reads the whole stage history into memory.
        let furthest = conn.funnel_furthest(scope, q.owner_id).await?;
        let values = conn.pipeline_values(scope, q.owner_id).await?;
        drop(conn);
        let reached = reached_from_furthest(furthest.iter().filter_map(|f| {
            usize::try_from(f.furthest)
                .ok()
                .map(|r| (r, f.opportunities))
        }));
        let funnel = funnel_steps(&reached);
        let mut months: BTreeMap<String, MonthTrend> = BTreeMap::new();

        let add = |a: Money, b: Money| Money(a.0 + b.0);
        let mut by_stage: Vec<StageTotal> = Stage::ALL
            .iter()
            .map(|s| StageTotal {
                stage: *s,
                count: 0,
                sum: Money::ZERO,
                weighted_sum: Money::ZERO,
            })
            .collect();
        let mut sellers: BTreeMap<UserId, SellerPerformance> = BTreeMap::new();
        for v in &values {
            let month = v
                .created_at
                .as_datetime()
                .with_timezone(&tz)
                .format("%Y-%m")
                .to_string();
            let m = months.entry(month.clone()).or_insert_with(|| MonthTrend {
                month,
                created: 0,
                won: 0,
                lost: 0,
                win_rate_pct: None,
            });
            m.created += 1;
            match v.stage {
                Stage::Won => m.won += 1,
                Stage::Lost => m.lost += 1,
                _ => {}
            }
            let w = weighted(v.value, v.probability, scale);
            if let Some(t) = by_stage.iter_mut().find(|t| t.stage == v.stage) {
                t.count += 1;
                t.sum = add(t.sum, v.value);
                t.weighted_sum = add(t.weighted_sum, w);
            }
            let s = sellers
                .entry(v.owner_id)
                .or_insert_with(|| SellerPerformance {
                    owner_id: v.owner_id,
                    owner_name: v.owner_name.clone(),
                    open: 0,
                    won: 0,
                    lost: 0,
                    open_value: Money::ZERO,
                    won_value: Money::ZERO,
                    win_rate_pct: None,
                });
            match v.stage {
                Stage::Won => {
                    s.won += 1;
                    s.won_value = add(s.won_value, v.value);
                }
                Stage::Lost => s.lost += 1,
                _ => {
                    s.open += 1;
                    s.open_value = add(s.open_value, v.value);
                }
            }
        }
        for s in sellers.values_mut() {
            s.win_rate_pct = pct(s.won, s.won + s.lost);
        }
        let open: Vec<&StageTotal> = by_stage.iter().filter(|t| !t.stage.is_closed()).collect();
        let count = |stage: Stage| {
            by_stage
                .iter()
                .find(|t| t.stage == stage)
                .map_or(0, |t| t.count)
        };
        let (won, lost) = (count(Stage::Won), count(Stage::Lost));
        for m in months.values_mut() {
            m.win_rate_pct = pct(m.won, m.won + m.lost);
        }
        let first = funnel.first().map_or(0, |s| s.reached);
        let won_reached = funnel.last().map_or(0, |s| s.reached);
        Ok(CrmDashboard {
            customers: counts.customers,
            contacts: counts.contacts,
            active_opportunities: open.iter().map(|t| t.count).sum(),
            potential_value: open.iter().fold(Money::ZERO, |a, t| add(a, t.sum)),
            weighted_value: open.iter().fold(Money::ZERO, |a, t| add(a, t.weighted_sum)),
            conversion_rate_pct: pct(won_reached, first),
            win_rate_pct: pct(won, won + lost),
            funnel,
            by_seller: sellers.into_values().collect(),
            trend: months.into_values().collect(),
            by_stage,
        })
    }
}
