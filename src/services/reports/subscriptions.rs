//! Report subscriptions (issue 17: "a user can subscribe to a report
//! (weekly or monthly, chosen filters): it is e-mailed through the outbox
//! with the XLSX attached, in the company's time zone and language").
//!
//! - A subscription keeps the report, the frequency and the filters that
//!   apply to that report (the others are dropped); the range is the week
//!   (Monday to Sunday) or the month that just ended, sent on the next
//!   Monday or first of the month at 07:00 in the company's zone, grouped
//!   by day.
//! - Subscribing runs the report once with the filters, as the user: a
//!   report they may not read is refused (403) and bad filters are 422,
//!   before anything is kept.
//! - The scheduler sends each due subscription **as its user, with their
//!   rights at that moment** (a seller's report holds only their
//!   customers), and claims it with a conditional update in the
//!   transaction that enqueues the e-mail, so each period goes once across
//!   nodes. A user who lost the right to the report (or was deactivated)
//!   is skipped: the period is passed over, nothing is sent.

use chrono::{NaiveDate, TimeDelta};
use serde::{Deserialize, Serialize};

use crate::domain::notification::{NotificationKind, SubjectType};
use crate::domain::report::{Frequency, Granularity, ReportKind, SEND_HOUR};
use crate::domain::{CustomerId, ReportSubscriptionId, Timestamp, UserId};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::notify::mail::EmailAttachment;
use crate::notify::templates::{Lang, Message};
use crate::services::invoices::export::ExportFormat;
use crate::services::notifications::Notify;
use crate::services::reports::operations::OperationsQuery;
use crate::services::reports::parts::PartsQuery;
use crate::services::reports::quality::QualityQuery;
use crate::services::reports::revenue::RevenueQuery;
use crate::services::reports::sales::SalesQuery;
use crate::services::{Principal, Services, company_tz, start_of_day, today_in};
use crate::store::report_subscriptions::ReportSubscriptionRow;

/// A report's filters besides its range (each report takes those that
/// apply to it).
#[derive(
    Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, utoipa::ToSchema, ts_rs::TS,
)]
pub struct SubscriptionFilters {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub customer_id: Option<CustomerId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub seller_id: Option<UserId>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[ts(optional)]
    pub technician_id: Option<UserId>,
    /// The customer's category (segment).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schema(max_length = 100)]
    #[ts(optional)]
    pub category: Option<String>,
}

impl SubscriptionFilters {
    /// Only the filters `report` takes; a blank category is none.
    fn for_report(self, report: ReportKind) -> SubscriptionFilters {
        let category = self.category.filter(|c| !c.trim().is_empty());
        match report {
            ReportKind::Revenue | ReportKind::Sales => SubscriptionFilters {
                technician_id: None,
                category,
                ..self
            },
            ReportKind::Parts => SubscriptionFilters {
                seller_id: None,
                technician_id: None,
                category,
                ..self
            },
            ReportKind::Operations | ReportKind::Quality => {
                SubscriptionFilters { category, ..self }
            }
        }
    }
}

/// A new subscription.
#[derive(Debug, Clone, Deserialize, utoipa::ToSchema)]
pub struct SubscriptionInput {
    pub report: ReportKind,
    pub frequency: Frequency,
    /// An object; absent: none (a list or `null` is refused, as for a
    /// whole body).
    #[serde(default, deserialize_with = "object_only")]
    pub filters: SubscriptionFilters,
}

/// The filters as a JSON object only: serde would otherwise read a list
/// (`[null, null]`) into a struct.
fn object_only<'de, D: serde::Deserializer<'de>>(d: D) -> Result<SubscriptionFilters, D::Error> {
    use serde::de::Error;
    match serde_json::Value::deserialize(d)? {
        v @ serde_json::Value::Object(_) => serde_json::from_value(v).map_err(D::Error::custom),
        _ => Err(D::Error::custom("filters: an object")),
    }
}

/// A subscription as its owner sees it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema, ts_rs::TS)]
pub struct ReportSubscription {
    pub id: ReportSubscriptionId,
    pub report: ReportKind,
    pub frequency: Frequency,
    pub filters: SubscriptionFilters,
    /// When it is next e-mailed.
    pub next_run_at: Timestamp,
    pub last_sent_at: Option<Timestamp>,
    pub created_at: Timestamp,
}

impl From<ReportSubscriptionRow> for ReportSubscription {
    fn from(r: ReportSubscriptionRow) -> Self {
        ReportSubscription {
            id: r.id,
            report: r.report,
            frequency: r.frequency,
            filters: serde_json::from_str(&r.filters).unwrap_or_default(),
            next_run_at: r.next_run_at,
            last_sent_at: r.last_sent_at,
            created_at: r.created_at,
        }
    }
}

/// Most subscriptions a user keeps.
pub const MAX_PER_USER: usize = 20;

/// Most subscriptions one scheduler pass sends.
const BATCH: i64 = 20;

/// When a subscription sent on `day` goes: 07:00 in the company's zone.
fn sending_time(day: NaiveDate, tz: chrono_tz::Tz) -> Timestamp {
    let start = start_of_day(day, tz);
    Timestamp::from(start.as_datetime() + TimeDelta::hours(i64::from(SEND_HOUR)))
}

impl Services {
    /// A report's spreadsheet for `[from, to]` with `filters`, as `who`.
    pub async fn export_report(
        &self,
        who: &Principal,
        report: ReportKind,
        f: &SubscriptionFilters,
        (from, to, granularity): (NaiveDate, NaiveDate, Granularity),
        format: ExportFormat,
    ) -> AppResult<Vec<u8>> {
        let (from, to, granularity) = (Some(from), Some(to), Some(granularity));
        let category = f.category.clone();
        match report {
            ReportKind::Revenue => {
                let q = RevenueQuery {
                    from,
                    to,
                    granularity,
                    customer_id: f.customer_id,
                    seller_id: f.seller_id,
                    category,
                };
                self.export_revenue(who, q, format).await
            }
            ReportKind::Operations => {
                let q = OperationsQuery {
                    from,
                    to,
                    granularity,
                    customer_id: f.customer_id,
                    seller_id: f.seller_id,
                    technician_id: f.technician_id,
                    category,
                };
                self.export_operations(who, q, format).await
            }
            ReportKind::Parts => {
                let q = PartsQuery {
                    from,
                    to,
                    granularity,
                    customer_id: f.customer_id,
                    category,
                };
                self.export_parts(who, q, format).await
            }
            ReportKind::Sales => {
                let q = SalesQuery {
                    from,
                    to,
                    granularity,
                    customer_id: f.customer_id,
                    seller_id: f.seller_id,
                    category,
                };
                self.export_sales(who, q, format).await
            }
            ReportKind::Quality => {
                let q = QualityQuery {
                    from,
                    to,
                    granularity,
                    customer_id: f.customer_id,
                    seller_id: f.seller_id,
                    technician_id: f.technician_id,
                    category,
                };
                self.export_quality(who, q, format).await
            }
        }
    }

    /// Subscribes the caller to a report (checked by running it once).
    pub async fn create_report_subscription(
        &self,
        who: &Principal,
        input: SubscriptionInput,
    ) -> AppResult<ReportSubscription> {
        let filters = input.filters.for_report(input.report);
        super::category(filters.category.clone())?;
        let time_zone = self.store.conn().await?.company_settings().await?.time_zone;
        let tz = company_tz(&time_zone);
        let today = today_in(&time_zone);
        let period = input
            .frequency
            .period_before(input.frequency.next_day(today));
        self.export_report(
            who,
            input.report,
            &filters,
            (period.0, period.1, input.frequency.granularity()),
            ExportFormat::Csv,
        )
        .await?;
        let mut tx = self.begin().await?;
        if tx.report_subscriptions_of(who.user.id).await?.len() >= MAX_PER_USER {
            return Err(AppError::new(
                ErrorCode::Conflict,
                format!("at most {MAX_PER_USER} report subscriptions per person"),
            ));
        }
        let row = ReportSubscriptionRow {
            id: ReportSubscriptionId::new(),
            user_id: who.user.id,
            report: input.report,
            frequency: input.frequency,
            filters: serde_json::to_string(&filters).unwrap_or_else(|_| "{}".into()),
            next_run_at: sending_time(input.frequency.next_day(today), tz),
            last_sent_at: None,
            created_at: Timestamp::now(),
        };
        tx.insert_report_subscription(&row).await?;
        tx.commit().await?;
        Ok(row.into())
    }

    /// The caller's subscriptions, oldest first.
    pub async fn report_subscriptions(
        &self,
        who: &Principal,
    ) -> AppResult<Vec<ReportSubscription>> {
        let rows = self
            .store
            .conn()
            .await?
            .report_subscriptions_of(who.user.id)
            .await?;
        Ok(rows.into_iter().map(Into::into).collect())
    }

    /// Cancels one of the caller's subscriptions (404 for anyone else's).
    pub async fn delete_report_subscription(
        &self,
        who: &Principal,
        id: ReportSubscriptionId,
    ) -> AppResult<()> {
        let mut tx = self.begin().await?;
        if !tx.delete_report_subscription(who.user.id, id).await? {
            return Err(AppError::not_found("report subscription"));
        }
        tx.commit().await?;
        Ok(())
    }

    /// Sends the subscriptions due now; returns how many were sent.
    pub async fn send_report_subscriptions(&self) -> AppResult<usize> {
        self.send_report_subscriptions_at(Timestamp::now()).await
    }

    /// Sends the subscriptions due at `now` (a moved clock in tests).
    pub async fn send_report_subscriptions_at(&self, now: Timestamp) -> AppResult<usize> {
        let mut conn = self.store.conn().await?;
        let due = conn.due_report_subscriptions(now, BATCH).await?;
        if due.is_empty() {
            return Ok(0);
        }
        let settings = conn.company_settings().await?;
        drop(conn);
        let tz = company_tz(&settings.time_zone);
        let mut sent = 0;
        for row in due {
            let day = row
                .next_run_at
                .as_datetime()
                .with_timezone(&tz)
                .date_naive();
            let (from, to) = row.frequency.period_before(day);
            let next = sending_time(row.frequency.next_day(day), tz);
            let user = self
                .store
                .conn()
                .await?
                .user(row.user_id)
                .await?
                .filter(|u| u.active);
            let filters: SubscriptionFilters =
                serde_json::from_str(&row.filters).unwrap_or_default();
            let file = match &user {
                Some(u) => {
                    let who = Principal::acting_as(u.clone());
                    let range = (from, to, row.frequency.granularity());
                    match self
                        .export_report(&who, row.report, &filters, range, ExportFormat::Xlsx)
                        .await
                    {
                        Ok(bytes) => Some(bytes),
                        Err(e) if e.code == ErrorCode::Forbidden => None,
                        Err(e) => return Err(e),
                    }
                }
                None => None,
            };
            let mut tx = self.begin().await?;
            if !tx
                .claim_report_subscription(row.id, row.next_run_at, next, now)
                .await?
            {
                continue;
            }
            if let (Some(user), Some(bytes)) = (user, file) {
                let lang = self.language();
                let day_text = |d: NaiveDate| match lang {
                    Lang::Es => d.format("%d/%m/%Y").to_string(),
                    Lang::En => d.format("%Y-%m-%d").to_string(),
                };
                let report_name: &'static str = row.report.into();
                let file_name = format!("{}-{from}-{to}.xlsx", file_stem(row.report, lang));
                let link = format!(
                    "{}/reports/{report_name}?from={from}&to={to}&granularity=day",
                    self.public_url
                );
                self.notify(
                    &mut tx,
                    Notify {
                        kind: NotificationKind::ReportScheduled,
                        key: format!("report:{}:{from}", row.id),
                        user: Some(user.id),
                        email: Some(user.email.as_str()),
                        message: Message::ReportScheduled {
                            name: user.name.clone(),
                            report: row.report,
                            from: day_text(from),
                            to: day_text(to),
                            link,
                        },
                        subject_type: SubjectType::ReportSubscription,
                        subject_id: row.id.to_string(),
                        in_app: true,
                        attachments: vec![EmailAttachment::new(
                            &file_name,
                            ExportFormat::Xlsx.content_type(),
                            &bytes,
                        )],
                    },
                )
                .await?;
                sent += 1;
            } else {
                tracing::info!(subscription = %row.id, "report subscription skipped: the user may no longer read it");
            }
            tx.commit().await?;
        }
        Ok(sent)
    }
}

/// The attachment's name: the report in the company's language.
fn file_stem(report: ReportKind, lang: Lang) -> &'static str {
    match (lang, report) {
        (Lang::Es, ReportKind::Revenue) => "ingresos",
        (Lang::Es, ReportKind::Operations) => "operaciones",
        (Lang::Es, ReportKind::Parts) => "repuestos",
        (Lang::Es, ReportKind::Sales) => "ventas",
        (Lang::Es, ReportKind::Quality) => "calidad",
        (Lang::En, ReportKind::Revenue) => "revenue",
        (Lang::En, ReportKind::Operations) => "operations",
        (Lang::En, ReportKind::Parts) => "parts",
        (Lang::En, ReportKind::Sales) => "sales",
        (Lang::En, ReportKind::Quality) => "quality",
    }
}
