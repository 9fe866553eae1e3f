//! The operations report (issue 17: "orders opened/closed and average
//! cycle time by period and status; technician workload and productivity
//! (orders assigned, closed, average time to close, parts used, survey
//! scores); tasks per technician (seed 000)").
//!
//! - **Opened**: orders received in the range, by their day; **closed**:
//!   orders closed in it, by theirs; the **cycle time** of a closed order
//!   is from its reception to its closing, averaged over the orders closed
//!   in the period. Deactivated orders (entered by mistake) do not count.
//! - **By status**: the orders received in the range by their current
//!   internal status ("Cerrada" once closed).
//! - **Technicians**: for each technician on those orders, the orders
//!   assigned (received in the range), closed (in the range), the average
//!   hours to close, the part lines added to their orders, the timeline
//!   entries they wrote (their tasks) and the surveys answered on their
//!   orders (average NPS and CSAT).
//!
//! A technician sees only their own figures (the technician filter is
//! forced to themselves); a seller the orders of their customers.

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::records::{Entry, Found, RecordsQuery, ReportRecords, page};
use super::{average, day_bounds, one_decimal, period_bounds, range, seconds_hours};
use crate::domain::report::{Granularity, periods};
use crate::domain::{CustomerId, OrderId, Role, Timestamp, UserId};
use crate::error::{AppError, AppResult};
use crate::notify::templates::Lang;
use crate::services::invoices::export::{Cell, ExportFormat, TableWriter};
use crate::services::{Principal, Services, company_tz};
use crate::store::reports::{CustomerFilters, OperationsScope};

/// The operations report's filters (all optional).
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
pub struct OperationsQuery {
    /// First day (company's zone); default: twelve months before `to`.
    pub from: Option<NaiveDate>,
    /// Last day; default: today.
    pub to: Option<NaiveDate>,
    pub granularity: Option<Granularity>,
    pub customer_id: Option<CustomerId>,
    /// Orders of customers this seller owns (a seller: always their own).
    pub seller_id: Option<UserId>,
    /// Orders this technician works on (a technician: always their own).
    pub technician_id: Option<UserId>,
    #[param(max_length = 100)]
    pub category: Option<String>,
}

#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema, ts_rs::TS)]
pub struct OperationsPeriod {
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub opened: i64,
    pub closed: i64,
    /// Average hours from reception to closing of the orders closed in
    /// the period (one decimal); `null` when none closed.
    pub average_cycle_hours: Option<f64>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema, ts_rs::TS)]
pub struct StatusCount {
    /// The internal status' label; `null`: none set yet.
    pub status: Option<String>,
    /// Closed orders are counted apart, whatever their last status.
    pub closed: bool,
    pub orders: i64,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema, ts_rs::TS)]
pub struct TechnicianFigures {
    pub user_id: UserId,
    pub name: String,
    /// Orders received in the range with them on it.
    pub assigned: i64,
    /// Of their orders, those closed in the range.
    pub closed: i64,
    pub average_close_hours: Option<f64>,
    /// Part lines added to their orders in the range.
    pub parts_used: i64,
    /// Timeline entries they wrote in the range.
    pub tasks: i64,
    pub surveys: i64,
    pub nps: Option<f64>,
    pub csat: Option<f64>,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema, ts_rs::TS)]
pub struct OperationsReport {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub granularity: Granularity,
    pub opened: i64,
    pub closed: i64,
    pub average_cycle_hours: Option<f64>,
    pub periods: Vec<OperationsPeriod>,
    pub by_status: Vec<StatusCount>,
    /// By name.
    pub technicians: Vec<TechnicianFigures>,
}

impl Services {
    /// The scope of an operations query: who may see what (a seller their
    /// customers' orders, a technician their own figures) and the range.
    async fn operations_scope(
        &self,
        who: &Principal,
        q: &OperationsQuery,
    ) -> AppResult<(
        OperationsScope,
        NaiveDate,
        NaiveDate,
        Granularity,
        chrono_tz::Tz,
    )> {
        let (seller_id, technician_id) = match who.user.role {
            Role::Master | Role::Admin | Role::Operator => (q.seller_id, q.technician_id),
            Role::Seller => (Some(who.user.id), q.technician_id),
            Role::Technician => (q.seller_id, Some(who.user.id)),
            Role::Customer => return Err(AppError::forbidden()),
        };
        let time_zone = self.store.conn().await?.company_settings().await?.time_zone;
        let tz = company_tz(&time_zone);
        let (from, to, granularity) = range(&time_zone, q.from, q.to, q.granularity)?;
        let (start, end) = day_bounds(from, to, tz);
        let scope = OperationsScope {
            start,
            end,
            customers: CustomerFilters {
                customer_id: q.customer_id,
                seller_id,
                category: super::category(q.category.clone())?,
            },
            technician_id,
        };
        Ok((scope, from, to, granularity, tz))
    }

    /// The operations report (office roles; a seller, their customers'
    /// orders; a technician, their own figures).
    pub async fn operations_report(
        &self,
        who: &Principal,
        q: OperationsQuery,
    ) -> AppResult<OperationsReport> {
        let (scope, from, to, granularity, tz) = self.operations_scope(who, &q).await?;
        let spans = periods(granularity, from, to);
        let bounds = period_bounds(&spans, tz);
        // One snapshot: an order closed meanwhile counts in every figure
        // or in none.
        let mut conn = self.store.report_snapshot().await?;
        let received = conn.report_orders_received(&bounds, &scope).await?;
        let closed_read = conn.report_orders_closed(&bounds, &scope).await?;
        let tallies = conn.report_technician_tallies(&scope).await?;
        let parts = conn.report_parts_by_technician(&scope).await?;
        let tasks = conn.report_tasks_by_technician(&scope).await?;
        let scores = conn.report_scores_by_technician(&scope).await?;
        drop(conn);

        let n = spans.len();
        let slot = |period: i32| usize::try_from(period).ok().filter(|i| *i < n);
        // Per period: (opened, closed, Σ seconds of the cycles).
        let mut rows: Vec<(i64, i64, i64)> = vec![(0, 0, 0); n];
        let mut statuses: BTreeMap<(bool, Option<String>), i64> = BTreeMap::new();
        for r in received {
            if let Some(i) = slot(r.period) {
                rows[i].0 += r.orders;
                *statuses.entry((r.closed != 0, r.status)).or_default() += r.orders;
            }
        }
        for c in closed_read {
            if let Some(i) = slot(c.period) {
                rows[i].1 = c.closed;
                rows[i].2 = c.cycle_seconds;
            }
        }
        let opened: i64 = rows.iter().map(|r| r.0).sum();
        let closed: i64 = rows.iter().map(|r| r.1).sum();
        let cycle: i64 = rows.iter().map(|r| r.2).sum();
        let parts: HashMap<UserId, i64> = parts.into_iter().map(|p| (p.user_id, p.count)).collect();
        let tasks: HashMap<UserId, i64> = tasks.into_iter().map(|p| (p.user_id, p.count)).collect();
        let scores: HashMap<UserId, _> = scores.into_iter().map(|s| (s.user_id, s)).collect();
        let mut technicians: Vec<TechnicianFigures> = tallies
            .into_iter()
            .map(|t| {
                let user_id = t.user_id;
                let s = scores.get(&user_id);
                let answered = s.map_or(0, |s| s.answered);
                TechnicianFigures {
                    user_id,
                    name: t.name,
                    assigned: t.assigned,
                    closed: t.closed,
                    average_close_hours: average(seconds_hours(t.close_seconds), t.closed),
                    parts_used: parts.get(&user_id).copied().unwrap_or(0),
                    tasks: tasks.get(&user_id).copied().unwrap_or(0),
                    surveys: answered,
                    nps: s.and_then(|s| average(s.nps_sum as f64, s.answered)),
                    csat: s.and_then(|s| average(s.csat_sum as f64, s.answered)),
                }
            })
            .collect();
        technicians.sort_by(|a, b| a.name.cmp(&b.name));
        Ok(OperationsReport {
            from,
            to,
            granularity,
            opened,
            closed,
            average_cycle_hours: average(seconds_hours(cycle), closed),
            periods: spans
                .iter()
                .zip(rows)
                .map(|(&(start, end), (opened, closed, h))| OperationsPeriod {
                    start,
                    end,
                    opened,
                    closed,
                    average_cycle_hours: average(seconds_hours(h), closed),
                })
                .collect(),
            by_status: statuses
                .into_iter()
                .map(|((closed, status), orders)| StatusCount {
                    status,
                    closed,
                    orders,
                })
                .collect(),
            technicians,
        })
    }
}

crate::text_enum! {
    /// A figure of the operations report to drill into (`key`:
    /// `label:<status label>`, `closed` or `none` for `status`; a
    /// technician's id for the technician figures).
    OperationsFigure {
        Opened,
        Closed,
        Status,
        TechnicianAssigned,
        TechnicianClosed,
        TechnicianParts,
        TechnicianTasks,
        TechnicianSurveys,
    }
}

#[derive(Debug, Clone, Deserialize, utoipa::IntoParams)]
pub struct OperationsFigureQuery {
    #[param(inline)]
    pub figure: OperationsFigure,
}

impl Services {
    /// The orders behind a figure of the operations report.
    pub async fn operations_records(
        &self,
        who: &Principal,
        q: OperationsQuery,
        figure: OperationsFigure,
        r: RecordsQuery,
    ) -> AppResult<ReportRecords> {
        let (mut scope, from, to, _, tz) = self.operations_scope(who, &q).await?;
        let (start, end) = r.days(from, to)?;
        // Only the days clicked are read; each figure is dated by one of
        // its times, checked again below.
        (scope.start, scope.end) = day_bounds(start, end, tz);
        let in_days = |t: Timestamp| t >= scope.start && t < scope.end;
        let order = |id: OrderId, at: Timestamp| Entry::new(Found::Order(id), at);
        let mut conn = self.store.report_snapshot().await?;
        let entries: Vec<Entry> = match figure {
            OperationsFigure::Opened | OperationsFigure::Closed | OperationsFigure::Status => {
                let status = match figure {
                    OperationsFigure::Status => Some(r.key()?.to_string()),
                    _ => None,
                };
                conn.report_orders(&scope)
                    .await?
                    .into_iter()
                    .filter_map(|o| match figure {
                        OperationsFigure::Closed => o
                            .closed_at
                            .filter(|at| in_days(*at))
                            .map(|at| order(o.id, at)),
                        OperationsFigure::Status => {
                            // `label:<status>`, so that a status named
                            // "closed" or "none" is not either bucket.
                            let bucket = match (&o.closed_at, &o.status) {
                                (Some(_), _) => "closed".to_string(),
                                (None, Some(label)) => format!("label:{label}"),
                                (None, None) => "none".to_string(),
                            };
                            (in_days(o.received_at) && Some(&bucket) == status.as_ref())
                                .then(|| order(o.id, o.received_at))
                        }
                        _ => in_days(o.received_at).then(|| order(o.id, o.received_at)),
                    })
                    .collect()
            }
            OperationsFigure::TechnicianAssigned | OperationsFigure::TechnicianClosed => {
                let user: UserId = r.key_id()?;
                conn.report_technician_orders(&scope)
                    .await?
                    .into_iter()
                    .filter(|t| t.user_id == user)
                    .filter_map(|t| match figure {
                        OperationsFigure::TechnicianClosed => t
                            .closed_at
                            .filter(|at| in_days(*at))
                            .map(|at| order(t.order_id, at)),
                        _ => in_days(t.received_at).then(|| order(t.order_id, t.received_at)),
                    })
                    .collect()
            }
            OperationsFigure::TechnicianParts
            | OperationsFigure::TechnicianTasks
            | OperationsFigure::TechnicianSurveys => {
                let user: UserId = r.key_id()?;
                let rows = match figure {
                    OperationsFigure::TechnicianParts => conn.report_parts_of(&scope, user).await?,
                    OperationsFigure::TechnicianTasks => conn.report_tasks_of(&scope, user).await?,
                    _ => conn.report_surveys_of(&scope, user).await?,
                };
                rows.into_iter()
                    .filter(|t| in_days(t.at))
                    .map(|t| order(t.order_id, t.at))
                    .collect()
            }
        };
        page(&mut conn, entries, &r).await
    }

    /// The operations report's periods and technicians as CSV or XLSX.
    pub async fn export_operations(
        &self,
        who: &Principal,
        q: OperationsQuery,
        format: ExportFormat,
    ) -> AppResult<Vec<u8>> {
        let report = self.operations_report(who, q).await?;
        let es = self.language() == Lang::Es;
        let header: &[&str] = if es {
            &[
                "Desde",
                "Hasta",
                "Técnico",
                "Abiertas",
                "Cerradas",
                "Horas medias de ciclo",
                "Repuestos",
                "Tareas",
                "Encuestas",
                "NPS",
                "CSAT",
            ]
        } else {
            &[
                "From",
                "To",
                "Technician",
                "Opened",
                "Closed",
                "Average cycle hours",
                "Parts",
                "Tasks",
                "Surveys",
                "NPS",
                "CSAT",
            ]
        };
        let sheet = if es { "Operaciones" } else { "Operations" };
        let n = one_decimal;
        let mut out = TableWriter::new(format, sheet, header, 0)?;
        for p in &report.periods {
            out.row(&[
                Cell::Date(Some(p.start)),
                Cell::Date(Some(p.end)),
                Cell::Text(String::new()),
                Cell::Count(p.opened),
                Cell::Count(p.closed),
                n(p.average_cycle_hours),
                Cell::Text(String::new()),
                Cell::Text(String::new()),
                Cell::Text(String::new()),
                Cell::Text(String::new()),
                Cell::Text(String::new()),
            ])?;
        }
        for t in &report.technicians {
            out.row(&[
                Cell::Date(Some(report.from)),
                Cell::Date(Some(report.to)),
                Cell::Text(t.name.clone()),
                Cell::Count(t.assigned),
                Cell::Count(t.closed),
                n(t.average_close_hours),
                Cell::Count(t.parts_used),
                Cell::Count(t.tasks),
                Cell::Count(t.surveys),
                n(t.nps),
                n(t.csat),
            ])?;
        }
        out.finish()
    }
}
