//! The sales report (issue 17: "funnel and conversion by period and
//! seller, win rate, pipeline value"; seed 003: "rendimiento de ventas,
//! análisis de tendencias").
//!
//! Every figure is about one cohort: the opportunities **created** in the
//! range, each in the period of its creation, and how they stand today —
//! so a period's conversion does not change with the day the report is
//! asked for a past range except as those opportunities move on.
//!
//! - **Win rate**: won ÷ (won + lost); **conversion**: won ÷ created.
//! - **Funnel**: how many reached each stage (or passed it), from their
//!   stage history, as the CRM's metrics count it.
//! - **Pipeline**: the value of those still open, and weighted by their
//!   probability.
//! - The seller of an opportunity is its owner.
//!
//! Office roles see every seller; a seller their own opportunities and
//! those of the customers they own; technicians and customers none.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::records::{Entry, Found, RecordsQuery, ReportRecords, page};
use super::{ReportScope, one_decimal, range, report_scope};
use crate::domain::crm::Stage;
use crate::domain::crm::metrics::{FunnelStep, Track, funnel_metrics, pct};
use crate::domain::money::currency_scale;
use crate::domain::report::{Granularity, periods};
use crate::domain::{CustomerId, Money, UserId};
use crate::error::AppResult;
use crate::notify::templates::Lang;
use crate::services::crm::weighted;
use crate::services::invoices::export::{Cell, ExportFormat, TableWriter};
use crate::services::{Principal, Services, company_tz, start_of_day};
use crate::store::reports::{CohortOpportunity, CustomerFilters, SalesScope};

/// The sales report's filters (all optional).
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
pub struct SalesQuery {
    /// First day of creation (company's zone); default: twelve months
    /// before `to`.
    pub from: Option<NaiveDate>,
    /// Last day; default: today.
    pub to: Option<NaiveDate>,
    pub granularity: Option<Granularity>,
    pub customer_id: Option<CustomerId>,
    /// Opportunities this seller owns.
    pub seller_id: Option<UserId>,
    #[param(max_length = 100)]
    pub category: Option<String>,
}

crate::text_enum! {
    /// A figure of the sales report to drill into (narrowed by the period
    /// of creation and, with `key`, by a seller's id — or, for `reached`,
    /// by the stage).
    SalesFigure {
        Created,
        Open,
        Won,
        Lost,
        /// Those that reached (or passed) the stage in `key`.
        Reached,
    }
}

#[derive(Debug, Clone, Deserialize, utoipa::IntoParams)]
pub struct SalesFigureQuery {
    #[param(inline)]
    pub figure: SalesFigure,
}

/// Counts and money of a group of opportunities.
#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema, ts_rs::TS)]
pub struct SalesFigures {
    pub created: i64,
    pub open: i64,
    pub won: i64,
    pub lost: i64,
    /// Won ÷ (won + lost), percent.
    pub win_rate_pct: Option<f64>,
    /// Won ÷ created, percent.
    pub conversion_pct: Option<f64>,
    pub won_value: Money,
    /// Σ value of those still open.
    pub pipeline_value: Money,
    /// Σ value × probability of those still open.
    pub weighted_value: Money,
}

impl SalesFigures {
    fn add(&mut self, o: &CohortOpportunity, scale: u32) {
        self.created += 1;
        match o.stage {
            Stage::Won => {
                self.won += 1;
                self.won_value.0 += o.value.0;
            }
            Stage::Lost => self.lost += 1,
            _ => {
                self.open += 1;
                self.pipeline_value.0 += o.value.0;
                self.weighted_value.0 += weighted(o.value, o.probability, scale).0;
            }
        }
    }

    fn done(mut self, scale: u32) -> Self {
        self.win_rate_pct = pct(self.won, self.won + self.lost);
        self.conversion_pct = pct(self.won, self.created);
        for m in [
            &mut self.won_value,
            &mut self.pipeline_value,
            &mut self.weighted_value,
        ] {
            m.0.rescale(scale);
        }
        self
    }
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema, ts_rs::TS)]
pub struct SalesPeriod {
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub figures: SalesFigures,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema, ts_rs::TS)]
pub struct SellerSales {
    pub seller_id: UserId,
    pub name: String,
    pub figures: SalesFigures,
}

/// The sales report.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema, ts_rs::TS)]
pub struct SalesReport {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub granularity: Granularity,
    pub currency: String,
    pub totals: SalesFigures,
    pub funnel: Vec<FunnelStep>,
    pub periods: Vec<SalesPeriod>,
    /// By won value, largest first.
    pub by_seller: Vec<SellerSales>,
}

struct Facts {
    from: NaiveDate,
    to: NaiveDate,
    granularity: Granularity,
    currency: String,
    tz: chrono_tz::Tz,
    cohort: Vec<CohortOpportunity>,
    tracks: HashMap<crate::domain::OpportunityId, Track>,
}

impl Facts {
    fn day(&self, o: &CohortOpportunity) -> NaiveDate {
        o.created_at
            .as_datetime()
            .with_timezone(&self.tz)
            .date_naive()
    }
}

impl Services {
    async fn sales_facts(&self, who: &Principal, q: &SalesQuery) -> AppResult<Facts> {
        let visible_to = match report_scope(who)? {
            ReportScope::All => None,
            ReportScope::Seller(me) => Some(me),
        };
        let company = self.store.conn().await?.company_settings().await?;
        // One snapshot: an opportunity won meanwhile counts in every
        // figure or in none.
        let mut conn = self.store.report_snapshot().await?;
        let tz = company_tz(&company.time_zone);
        let (from, to, granularity) = range(&company.time_zone, q.from, q.to, q.granularity)?;
        let scope = SalesScope {
            start: start_of_day(from, tz),
            end: start_of_day(to + chrono::TimeDelta::days(1), tz),
            visible_to,
            owner_id: q.seller_id,
            customers: CustomerFilters {
                customer_id: q.customer_id,
                seller_id: None,
                category: super::category(q.category.clone())?,
            },
        };
        let cohort = conn.report_cohort(&scope).await?;
        let owners: HashMap<_, _> = cohort.iter().map(|o| (o.id, o.owner_id)).collect();
        let mut tracks: HashMap<_, Track> = HashMap::new();
        for h in conn.report_cohort_history(&scope).await? {
            let Some(owner) = owners.get(&h.opportunity_id) else {
                continue;
            };
            tracks
                .entry(h.opportunity_id)
                .or_insert_with(|| Track {
                    owner: *owner,
                    cohort: String::new(),
                    history: Vec::new(),
                })
                .history
                .push((h.to_stage, h.at));
        }
        Ok(Facts {
            from,
            to,
            granularity,
            currency: company.currency,
            tz,
            cohort,
            tracks,
        })
    }

    /// The sales report (office roles; a seller, their own).
    pub async fn sales_report(&self, who: &Principal, q: SalesQuery) -> AppResult<SalesReport> {
        let f = self.sales_facts(who, &q).await?;
        let scale = currency_scale(&f.currency);
        let spans = periods(f.granularity, f.from, f.to);
        let period_of = |day: NaiveDate| spans.partition_point(|(start, _)| *start <= day) - 1;
        let mut by_period = vec![SalesFigures::default(); spans.len()];
        let mut by_seller: BTreeMap<UserId, (String, SalesFigures)> = BTreeMap::new();
        let mut totals = SalesFigures::default();
        for o in &f.cohort {
            by_period[period_of(f.day(o))].add(o, scale);
            by_seller
                .entry(o.owner_id)
                .or_insert_with(|| (o.owner_name.clone(), SalesFigures::default()))
                .1
                .add(o, scale);
            totals.add(o, scale);
        }
        let funnel = funnel_metrics(f.tracks.values()).funnel;
        let mut sellers: Vec<SellerSales> = by_seller
            .into_iter()
            .map(|(seller_id, (name, figures))| SellerSales {
                seller_id,
                name,
                figures: figures.done(scale),
            })
            .collect();
        sellers.sort_by(|a, b| {
            b.figures
                .won_value
                .cmp(&a.figures.won_value)
                .then_with(|| a.name.cmp(&b.name))
        });
        Ok(SalesReport {
            from: f.from,
            to: f.to,
            granularity: f.granularity,
            totals: totals.done(scale),
            funnel,
            periods: spans
                .iter()
                .zip(by_period)
                .map(|(&(start, end), figures)| SalesPeriod {
                    start,
                    end,
                    figures: figures.done(scale),
                })
                .collect(),
            by_seller: sellers,
            currency: f.currency,
        })
    }

    /// The opportunities behind a figure of the sales report.
    pub async fn sales_records(
        &self,
        who: &Principal,
        q: SalesQuery,
        figure: SalesFigure,
        r: RecordsQuery,
    ) -> AppResult<ReportRecords> {
        let f = self.sales_facts(who, &q).await?;
        let scale = currency_scale(&f.currency);
        let (start, end) = r.days(f.from, f.to)?;
        let reached: Option<Stage> =
            match figure {
                SalesFigure::Reached => Some(r.key()?.parse().map_err(|_| {
                    crate::error::AppError::validation("key", "a stage of the funnel")
                })?),
                _ => None,
            };
        let seller: Option<UserId> = match (figure, r.key.as_deref()) {
            (SalesFigure::Reached, _) => None,
            (_, Some(k)) if !k.trim().is_empty() => Some(r.key_id()?),
            _ => None,
        };
        let furthest = |o: &CohortOpportunity| {
            f.tracks.get(&o.id).map_or(0, |t| {
                t.history
                    .iter()
                    .filter(|(s, _)| *s != Stage::Lost)
                    .map(|(s, _)| s.rank())
                    .max()
                    .unwrap_or(0)
            })
        };
        let entries: Vec<Entry> = f
            .cohort
            .iter()
            .filter(|o| {
                let day = f.day(o);
                day >= start && day <= end && seller.is_none_or(|s| o.owner_id == s)
            })
            .filter(|o| match figure {
                SalesFigure::Created => true,
                SalesFigure::Open => !o.stage.is_closed(),
                SalesFigure::Won => o.stage == Stage::Won,
                SalesFigure::Lost => o.stage == Stage::Lost,
                SalesFigure::Reached => reached.is_some_and(|s| furthest(o) >= s.rank()),
            })
            .map(|o| {
                let mut value = o.value;
                value.0.rescale(scale);
                Entry {
                    amount: Some(value),
                    ..Entry::new(Found::Opportunity(o.id), o.created_at)
                }
            })
            .collect();
        let mut conn = self.store.conn().await?;
        page(&mut conn, entries, &r).await
    }

    /// The sales report's periods and sellers as CSV or XLSX.
    pub async fn export_sales(
        &self,
        who: &Principal,
        q: SalesQuery,
        format: ExportFormat,
    ) -> AppResult<Vec<u8>> {
        let report = self.sales_report(who, q).await?;
        let es = self.language() == Lang::Es;
        let header: &[&str] = if es {
            &[
                "Desde",
                "Hasta",
                "Vendedor",
                "Creadas",
                "Abiertas",
                "Ganadas",
                "Perdidas",
                "Tasa de cierre %",
                "Valor ganado",
                "Valor en cartera",
            ]
        } else {
            &[
                "From",
                "To",
                "Seller",
                "Created",
                "Open",
                "Won",
                "Lost",
                "Win rate %",
                "Won value",
                "Pipeline value",
            ]
        };
        let sheet = if es { "Ventas" } else { "Sales" };
        let mut out = TableWriter::new(format, sheet, header, currency_scale(&report.currency))?;
        let row = |start: NaiveDate, end: NaiveDate, seller: &str, f: &SalesFigures| {
            vec![
                Cell::Date(Some(start)),
                Cell::Date(Some(end)),
                Cell::Text(seller.to_string()),
                Cell::Count(f.created),
                Cell::Count(f.open),
                Cell::Count(f.won),
                Cell::Count(f.lost),
                one_decimal(f.win_rate_pct),
                Cell::Amount(f.won_value),
                Cell::Amount(f.pipeline_value),
            ]
        };
        for p in &report.periods {
            out.row(&row(p.start, p.end, "", &p.figures))?;
        }
        for s in &report.by_seller {
            out.row(&row(report.from, report.to, &s.name, &s.figures))?;
        }
        out.row(&row(report.from, report.to, "", &report.totals))?;
        out.finish()
    }
}
