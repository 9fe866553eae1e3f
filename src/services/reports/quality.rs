//! The service quality report (issue 17: "ticket response and resolution
//! times, SLA compliance, NPS/CSAT trends by technician, service type and
//! segment; proactive vs reactive contacts"; seed 004: "dashboard de
//! indicadores de satisfacción", "reportes gerenciales de desempeño por
//! segmento").
//!
//! - **Tickets opened** in a period (by their creation); their **first
//!   response** (hours from creation to the first staff reply) and **SLA
//!   compliance** (the share that missed no target, as the SLA page counts
//!   it) are the opened tickets'; **closed** and the **resolution** time
//!   (creation to closing) are of those closed in the period.
//! - **NPS** is the score (% promoters 9–10 − % detractors 0–6) and
//!   **CSAT** the average (1–5) of the surveys answered in the period.
//!   By technician: each technician on the surveyed order, or the
//!   ticket's assignee; by service type: service orders or the ticket's
//!   type; by segment: the customer's category.
//! - **Contacts**: the interactions in the period, proactive or reactive.
//!
//! Office roles see all; a seller their customers; technicians and
//! customers none.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::records::{Entry, Found, RecordsQuery, ReportRecords, page};
use super::{
    ReportScope, average, day_bounds, one_decimal, period_bounds, range, report_scope, round1,
    seconds_hours,
};
use crate::domain::interaction::Initiative;
use crate::domain::report::{Granularity, periods};
use crate::domain::{CustomerId, TicketType, Timestamp, UserId};
use crate::error::{AppError, AppResult};
use crate::notify::templates::Lang;
use crate::services::invoices::export::{Cell, ExportFormat, TableWriter};
use crate::services::{Principal, Services, company_tz};
use crate::store::reports::{CustomerFilters, QualityScope, QualityTicket, ScoreSums};

/// The service quality report's filters (all optional).
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
pub struct QualityQuery {
    /// First day (company's zone); default: twelve months before `to`.
    pub from: Option<NaiveDate>,
    /// Last day; default: today.
    pub to: Option<NaiveDate>,
    pub granularity: Option<Granularity>,
    pub customer_id: Option<CustomerId>,
    /// Customers this seller owns (a seller: always their own).
    pub seller_id: Option<UserId>,
    /// This technician's work: tickets assigned, surveys on their orders
    /// and tickets, contacts they made.
    pub technician_id: Option<UserId>,
    #[param(max_length = 100)]
    pub category: Option<String>,
}

crate::text_enum! {
    /// A figure of the quality report to drill into.
    QualityFigure {
        /// Tickets opened in the period.
        TicketsOpened,
        /// Tickets closed in the period.
        TicketsClosed,
        /// Tickets opened in the period that missed an SLA target.
        SlaBreached,
        /// Surveys answered in the period (`key`: a technician's id,
        /// `type:<service type>` or `segment:<category>`).
        Surveys,
        ProactiveContacts,
        ReactiveContacts,
    }
}

#[derive(Debug, Clone, Deserialize, utoipa::IntoParams)]
pub struct QualityFigureQuery {
    #[param(inline)]
    pub figure: QualityFigure,
}

/// The quality figures of a period or the whole range.
#[derive(Debug, Clone, Default, Serialize, utoipa::ToSchema, ts_rs::TS)]
pub struct QualityFigures {
    pub tickets_opened: i64,
    pub tickets_closed: i64,
    /// Hours from opening to the first staff reply (one decimal).
    pub average_response_hours: Option<f64>,
    /// Hours from opening to closing of the tickets closed.
    pub average_resolution_hours: Option<f64>,
    /// Of the tickets opened, those that missed an SLA target.
    pub sla_breached: i64,
    /// Share of the tickets opened that missed no target, percent.
    pub sla_compliance_pct: Option<f64>,
    pub surveys: i64,
    /// % promoters − % detractors (−100 to 100).
    pub nps: Option<f64>,
    /// Average satisfaction, 1 to 5.
    pub csat: Option<f64>,
    pub proactive_contacts: i64,
    pub reactive_contacts: i64,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema, ts_rs::TS)]
pub struct QualityPeriod {
    pub start: NaiveDate,
    pub end: NaiveDate,
    pub figures: QualityFigures,
}

/// Survey scores of one group.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema, ts_rs::TS)]
pub struct ScoreGroup {
    /// The drill-down key (a technician's id, `type:<service type>`,
    /// `segment:<category>`).
    pub key: String,
    /// A technician's name or a category (types are named by the screen).
    pub label: String,
    pub surveys: i64,
    pub nps: Option<f64>,
    pub csat: Option<f64>,
}

/// The service quality report.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema, ts_rs::TS)]
pub struct QualityReport {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub granularity: Granularity,
    pub totals: QualityFigures,
    pub periods: Vec<QualityPeriod>,
    /// By name.
    pub by_technician: Vec<ScoreGroup>,
    pub by_service_type: Vec<ScoreGroup>,
    pub by_segment: Vec<ScoreGroup>,
}

/// Sums behind the figures, turned into averages at the end.
#[derive(Debug, Clone, Default)]
struct Tally {
    opened: i64,
    closed: i64,
    responses: i64,
    /// Whole seconds (as SQL sums them).
    response_seconds: i64,
    resolution_seconds: i64,
    breached: i64,
    scores: ScoreSums,
    proactive: i64,
    reactive: i64,
}

/// NPS and CSAT of summed answers (the sums are the store's: a group
/// of them adds up with `add`).
impl ScoreSums {
    fn add(&mut self, s: &ScoreSums) {
        self.answered += s.answered;
        self.promoters += s.promoters;
        self.detractors += s.detractors;
        self.csat_sum += s.csat_sum;
    }
    fn nps(&self) -> Option<f64> {
        (self.answered > 0).then(|| {
            round1((self.promoters - self.detractors) as f64 * 100.0 / self.answered as f64)
        })
    }
    fn csat(&self) -> Option<f64> {
        average(self.csat_sum as f64, self.answered)
    }
}

fn breached(t: &QualityTicket) -> bool {
    t.sla_response_breached_at.is_some() || t.sla_resolution_breached_at.is_some()
}

impl Tally {
    fn figures(&self) -> QualityFigures {
        QualityFigures {
            tickets_opened: self.opened,
            tickets_closed: self.closed,
            average_response_hours: average(seconds_hours(self.response_seconds), self.responses),
            average_resolution_hours: average(seconds_hours(self.resolution_seconds), self.closed),
            sla_breached: self.breached,
            sla_compliance_pct: (self.opened > 0)
                .then(|| round1((self.opened - self.breached) as f64 * 100.0 / self.opened as f64)),
            surveys: self.scores.answered,
            nps: self.scores.nps(),
            csat: self.scores.csat(),
            proactive_contacts: self.proactive,
            reactive_contacts: self.reactive,
        }
    }
}

/// The range of a quality query and what its reads are limited to.
struct Facts {
    from: NaiveDate,
    to: NaiveDate,
    granularity: Granularity,
    tz: chrono_tz::Tz,
    scope: QualityScope,
}

impl Facts {
    /// The scope of the days `[first, last]` of the range.
    fn days(&self, first: NaiveDate, last: NaiveDate) -> QualityScope {
        let (start, end) = day_bounds(first, last, self.tz);
        QualityScope {
            start,
            end,
            ..self.scope.clone()
        }
    }
    /// The service type of a survey, as the survey metrics name it: the
    /// order's reason (lower case) or `ticket:<type>`.
    fn service_type(reason: Option<&str>, ticket_kind: Option<TicketType>) -> String {
        match (reason, ticket_kind) {
            (Some(reason), _) => reason.trim().to_lowercase(),
            (None, Some(kind)) => format!("ticket:{kind}"),
            (None, None) => "unknown".to_string(),
        }
    }
}

impl Services {
    /// Checks the right, reads the company settings and opens the
    /// report's snapshot.
    async fn quality_facts(
        &self,
        who: &Principal,
        q: &QualityQuery,
    ) -> AppResult<(Facts, crate::store::Conn)> {
        let seller_id = match report_scope(who)? {
            ReportScope::All => q.seller_id,
            ReportScope::Seller(me) => Some(me),
        };
        let company = self.store.conn().await?.company_settings().await?;
        let tz = company_tz(&company.time_zone);
        let (from, to, granularity) = range(&company.time_zone, q.from, q.to, q.granularity)?;
        let (start, end) = day_bounds(from, to, tz);
        let scope = QualityScope {
            start,
            end,
            customers: CustomerFilters {
                customer_id: q.customer_id,
                seller_id,
                category: super::category(q.category.clone())?,
            },
            technician_id: q.technician_id,
        };
        let facts = Facts {
            from,
            to,
            granularity,
            tz,
            scope,
        };
        Ok((facts, self.store.report_snapshot().await?))
    }

    /// The service quality report (office roles; a seller, their customers).
    pub async fn quality_report(
        &self,
        who: &Principal,
        q: QualityQuery,
    ) -> AppResult<QualityReport> {
        let (f, mut conn) = self.quality_facts(who, &q).await?;
        let spans = periods(f.granularity, f.from, f.to);
        let bounds = period_bounds(&spans, f.tz);
        let mut rows = vec![Tally::default(); spans.len()];
        let n = rows.len();
        let slot = |period: i32| usize::try_from(period).ok().filter(|i| *i < n);
        // The surveys on a second snapshot, counted while the tickets and
        // contacts are counted on the first: no figure adds surveys to
        // tickets or contacts, and each group of figures that add up comes
        // from one snapshot.
        let mut survey_conn = self.store.report_snapshot().await?;
        let answered = async {
            let scores = survey_conn.report_survey_scores(&bounds, &f.scope).await?;
            let workers = survey_conn.report_worker_scores(&f.scope).await?;
            Ok::<_, crate::error::AppError>((scores, workers))
        };
        let counted = async {
            let opened = conn.report_tickets_opened(&bounds, &f.scope).await?;
            let closed = conn.report_tickets_closed(&bounds, &f.scope).await?;
            let contacts = conn.report_contacts(&bounds, &f.scope).await?;
            Ok::<_, crate::error::AppError>((opened, closed, contacts))
        };
        let ((scores, workers), (opened, closed, contacts)) = tokio::try_join!(answered, counted)?;
        drop(conn);
        drop(survey_conn);
        for o in opened {
            if let Some(i) = slot(o.period) {
                let t = &mut rows[i];
                t.opened = o.opened;
                t.responses = o.responses;
                t.response_seconds = o.response_seconds;
                t.breached = o.breached;
            }
        }
        for c in closed {
            if let Some(i) = slot(c.period) {
                rows[i].closed = c.closed;
                rows[i].resolution_seconds = c.resolution_seconds;
            }
        }
        for c in contacts {
            if let Some(i) = slot(c.period) {
                match c.initiative {
                    Initiative::Proactive => rows[i].proactive += c.contacts,
                    Initiative::Reactive => rows[i].reactive += c.contacts,
                }
            }
        }
        let mut totals = Tally::default();
        for t in &rows {
            totals.opened += t.opened;
            totals.closed += t.closed;
            totals.responses += t.responses;
            totals.response_seconds += t.response_seconds;
            totals.resolution_seconds += t.resolution_seconds;
            totals.breached += t.breached;
            totals.proactive += t.proactive;
            totals.reactive += t.reactive;
        }
        let mut by_type: BTreeMap<String, ScoreSums> = BTreeMap::new();
        let mut by_segment: BTreeMap<String, ScoreSums> = BTreeMap::new();
        for g in &scores {
            if let Some(i) = slot(g.period) {
                rows[i].scores.add(&g.scores);
            }
            totals.scores.add(&g.scores);
            by_type
                .entry(Facts::service_type(g.reason.as_deref(), g.ticket_kind))
                .or_default()
                .add(&g.scores);
            by_segment
                .entry(g.category.clone())
                .or_default()
                .add(&g.scores);
        }
        let group = |key: String, label: String, s: &ScoreSums| ScoreGroup {
            key,
            label,
            surveys: s.answered,
            nps: s.nps(),
            csat: s.csat(),
        };
        let mut by_technician: Vec<ScoreGroup> = workers
            .into_iter()
            .map(|w| group(w.user_id.to_string(), w.name, &w.scores))
            .collect();
        by_technician.sort_by(|a, b| a.label.cmp(&b.label));
        Ok(QualityReport {
            from: f.from,
            to: f.to,
            granularity: f.granularity,
            totals: totals.figures(),
            periods: spans
                .iter()
                .zip(&rows)
                .map(|(&(start, end), t)| QualityPeriod {
                    start,
                    end,
                    figures: t.figures(),
                })
                .collect(),
            by_technician,
            by_service_type: by_type
                .iter()
                .map(|(k, s)| group(format!("type:{k}"), k.clone(), s))
                .collect(),
            by_segment: by_segment
                .iter()
                .map(|(k, s)| group(format!("segment:{k}"), k.clone(), s))
                .collect(),
        })
    }

    /// The records behind a figure of the quality report.
    pub async fn quality_records(
        &self,
        who: &Principal,
        q: QualityQuery,
        figure: QualityFigure,
        r: RecordsQuery,
    ) -> AppResult<ReportRecords> {
        let (f, mut conn) = self.quality_facts(who, &q).await?;
        let (start, end) = r.days(f.from, f.to)?;
        // Only the days clicked are read.
        let days = f.days(start, end);
        let in_days = |t: Timestamp| t >= days.start && t < days.end;
        let entries: Vec<Entry> = match figure {
            QualityFigure::TicketsOpened | QualityFigure::SlaBreached => conn
                .report_quality_tickets(&days)
                .await?
                .iter()
                .filter(|t| in_days(t.created_at))
                .filter(|t| figure == QualityFigure::TicketsOpened || breached(t))
                .map(|t| Entry::new(Found::Ticket(t.id), t.created_at))
                .collect(),
            QualityFigure::TicketsClosed => conn
                .report_quality_tickets(&days)
                .await?
                .iter()
                .filter_map(|t| t.resolved_at.filter(|at| in_days(*at)).map(|at| (t, at)))
                .map(|(t, at)| Entry::new(Found::Ticket(t.id), at))
                .collect(),
            QualityFigure::Surveys => {
                let key = r.key.as_deref().map(str::trim).filter(|k| !k.is_empty());
                let worker: Option<UserId> = key.and_then(|k| k.parse().ok());
                let workers = match worker {
                    Some(_) => conn.report_survey_workers(&days).await?,
                    None => Vec::new(),
                };
                let of_worker: Option<Vec<uuid::Uuid>> = worker.map(|u| {
                    workers
                        .iter()
                        .filter(|w| w.user_id == u)
                        .map(|w| w.survey_id)
                        .collect()
                });
                if let Some(k) = key.filter(|_| worker.is_none())
                    && !k.starts_with("segment:")
                    && !k.starts_with("type:")
                {
                    return Err(AppError::validation(
                        "key",
                        "a technician's id, type:<service type> or segment:<category>",
                    ));
                }
                conn.report_quality_surveys(&days)
                    .await?
                    .iter()
                    .filter(|s| match (key, &of_worker) {
                        (_, Some(ids)) => ids.contains(&s.id),
                        (Some(k), None) => match k.strip_prefix("segment:") {
                            Some(segment) => s.category == segment,
                            None => {
                                k.strip_prefix("type:")
                                    == Some(&Facts::service_type(
                                        s.reason.as_deref(),
                                        s.ticket_kind,
                                    ))
                            }
                        },
                        (None, None) => true,
                    })
                    // A survey is about an order or a ticket: it opens it.
                    .filter_map(|s| {
                        let found = match (s.order_id, s.ticket_id) {
                            (Some(o), _) => Found::Order(o),
                            (None, Some(t)) => Found::Ticket(t),
                            (None, None) => return None,
                        };
                        Some(Entry::new(found, s.answered_at))
                    })
                    .collect()
            }
            QualityFigure::ProactiveContacts | QualityFigure::ReactiveContacts => {
                let wanted = if figure == QualityFigure::ProactiveContacts {
                    Initiative::Proactive
                } else {
                    Initiative::Reactive
                };
                conn.report_quality_contacts(&days)
                    .await?
                    .iter()
                    .filter(|c| c.initiative == wanted)
                    .map(|c| Entry::new(Found::Customer(c.customer_id), c.occurred_at))
                    .collect()
            }
        };
        page(&mut conn, entries, &r).await
    }

    /// The quality report's periods as CSV or XLSX.
    pub async fn export_quality(
        &self,
        who: &Principal,
        q: QualityQuery,
        format: ExportFormat,
    ) -> AppResult<Vec<u8>> {
        let report = self.quality_report(who, q).await?;
        let es = self.language() == Lang::Es;
        let header: &[&str] = if es {
            &[
                "Desde",
                "Hasta",
                "Tickets abiertos",
                "Tickets cerrados",
                "Horas a primera respuesta",
                "Horas a resolución",
                "Cumplimiento SLA %",
                "Encuestas",
                "NPS",
                "CSAT",
                "Contactos proactivos",
                "Contactos reactivos",
            ]
        } else {
            &[
                "From",
                "To",
                "Tickets opened",
                "Tickets closed",
                "Hours to first response",
                "Hours to resolution",
                "SLA compliance %",
                "Surveys",
                "NPS",
                "CSAT",
                "Proactive contacts",
                "Reactive contacts",
            ]
        };
        let sheet = if es { "Calidad" } else { "Quality" };
        let mut out = TableWriter::new(format, sheet, header, 0)?;
        let n = one_decimal;
        let row = |start: NaiveDate, end: NaiveDate, f: &QualityFigures| {
            vec![
                Cell::Date(Some(start)),
                Cell::Date(Some(end)),
                Cell::Count(f.tickets_opened),
                Cell::Count(f.tickets_closed),
                n(f.average_response_hours),
                n(f.average_resolution_hours),
                n(f.sla_compliance_pct),
                Cell::Count(f.surveys),
                n(f.nps),
                n(f.csat),
                Cell::Count(f.proactive_contacts),
                Cell::Count(f.reactive_contacts),
            ]
        };
        for p in &report.periods {
            out.row(&row(p.start, p.end, &p.figures))?;
        }
        out.row(&row(report.from, report.to, &report.totals))?;
        out.finish()
    }
}
