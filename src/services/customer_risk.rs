//! Customer metrics and at-risk alerts (issue 16, "Customer metrics and
//! risk"). The signals come from what the product records anyway —
//! interactions, tickets, surveys, invoices, orders — through one grouped
//! query per source (`store::customer_metrics`); the score is
//! `domain::customer_risk::score`.
//!
//! **When it is computed.** A customer's page computes their metrics and
//! score on the spot. The "at risk" list reads the stored scores, which a
//! nightly run (a `daily_jobs` row, 03:00 in the company's zone, once across
//! nodes) and an office user's "recompute now" refresh. A customer whose
//! score reaches the threshold (a post-sale setting) *crosses*: their seller
//! and the office get one alert (in-app and push), and `since` records it;
//! while they stay at risk nothing more is sent; when the score falls below
//! the threshold they *clear* and a later crossing alerts again.
//!
//! Metrics are internal: office roles and the customer's seller.

use std::collections::HashMap;

use chrono::TimeDelta;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::notifications::Notify;
use super::{Principal, Services, today_in};
use crate::domain::channel::{Channel, StaffFeed};
use crate::domain::customer_risk::{self, CustomerSignals, RiskSignal};
use crate::domain::events::{ChannelEvent, CustomerRiskChanged};
use crate::domain::notification::{NotificationKind, SubjectType};
use crate::domain::role::CustomerScope;
use crate::domain::{CustomerId, Permission, Timestamp, UserId};
use crate::error::{AppError, AppResult};
use crate::notify::templates::Message;
use crate::store::customer_metrics::{MetricCustomer, StoredRisk};

/// The windows of the signals (module docs of `domain::customer_risk`).
const RECENT_DAYS: i64 = 90;
const SURVEY_DAYS: i64 = 365;
/// The name of the nightly run in `daily_jobs`, and its local hour.
const NIGHTLY_JOB: &str = "customer_risk";
const NIGHTLY_HOUR: u32 = 3;

/// One customer's metrics, score and the signals behind it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema, ts_rs::TS)]
pub struct CustomerMetrics {
    pub customer_id: CustomerId,
    pub signals: CustomerSignals,
    /// 0–100.
    pub score: i64,
    pub threshold: i64,
    pub at_risk: bool,
    pub reasons: Vec<RiskSignal>,
    /// Since when the customer is at risk (the stored score's crossing).
    pub at_risk_since: Option<Timestamp>,
}

/// A customer on the "at risk" list.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema, ts_rs::TS)]
pub struct AtRiskCustomer {
    pub customer_id: CustomerId,
    pub name: String,
    pub category: String,
    pub owner_name: Option<String>,
    pub score: i64,
    pub reasons: Vec<RiskSignal>,
    pub since: Option<Timestamp>,
    pub computed_at: Timestamp,
}

/// How customers are grouped in the segment metrics.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum Segment {
    Category,
    Owner,
}

/// The metrics of one segment (a category, or a seller's customers).
#[derive(Debug, Clone, Serialize, utoipa::ToSchema, ts_rs::TS)]
pub struct SegmentMetrics {
    /// The category, or the owner's name; empty: none.
    pub segment: String,
    pub customers: i64,
    pub at_risk: i64,
    pub average_score: f64,
    /// Averages over the customers that have the figure.
    pub nps: Option<f64>,
    pub csat: Option<f64>,
    pub first_response_hours: Option<f64>,
    pub resolution_hours: Option<f64>,
    /// Average first-contact resolution share (0–1).
    pub first_contact_resolution: Option<f64>,
    /// Proactive share of the contacts in the last 90 days (0–1).
    pub proactive_ratio: Option<f64>,
    pub contacts_90d: i64,
    pub open_complaints: i64,
}

/// What a recomputation did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, utoipa::ToSchema, ts_rs::TS)]
pub struct RiskRun {
    pub customers: i64,
    pub at_risk: i64,
    /// Customers that crossed the threshold now (and were alerted).
    pub crossed: i64,
    pub cleared: i64,
}

fn hours(from: Timestamp, to: Timestamp) -> f64 {
    (to.as_datetime() - from.as_datetime()).num_seconds() as f64 / 3600.0
}

fn average(values: &[f64]) -> Option<f64> {
    (!values.is_empty()).then(|| values.iter().sum::<f64>() / values.len() as f64)
}

fn round2(v: f64) -> f64 {
    (v * 100.0).round() / 100.0
}

impl Services {
    /// The signals of the customers in `scope` (or of one), as of now.
    async fn signals_of(
        &self,
        scope: CustomerScope,
        one: Option<CustomerId>,
    ) -> AppResult<Vec<(MetricCustomer, CustomerSignals)>> {
        let now = Timestamp::now();
        let recent = now - TimeDelta::days(RECENT_DAYS);
        let previous = now - TimeDelta::days(2 * RECENT_DAYS);
        let mut conn = self.store.conn().await?;
        let today = today_in(&conn.company_settings().await?.time_zone);
        let customers = conn.metric_customers(scope, one).await?;
        let interactions = conn.interaction_aggregates(recent, one).await?;
        let tickets = conn.ticket_times(recent, one).await?;
        let surveys = conn
            .survey_aggregates(now - TimeDelta::days(SURVEY_DAYS), one)
            .await?;
        let orders = conn.order_aggregates(recent, previous, one).await?;
        let invoices = conn.open_invoices(CustomerScope::All, one).await?;
        drop(conn);

        let mut by_customer: HashMap<CustomerId, CustomerSignals> = HashMap::new();
        let mut first: HashMap<CustomerId, Vec<f64>> = HashMap::new();
        let mut resolved: HashMap<CustomerId, Vec<f64>> = HashMap::new();
        // (closed, of which at first contact)
        let mut first_contact: HashMap<CustomerId, (i64, i64)> = HashMap::new();
        for t in &tickets {
            let s = by_customer.entry(t.customer_id).or_default();
            if t.open_complaint {
                s.open_complaints += 1;
            }
            if t.recent {
                s.tickets_90d += 1;
                if let Some(at) = t.first_response_at {
                    first
                        .entry(t.customer_id)
                        .or_default()
                        .push(hours(t.created_at, at));
                }
                if t.resolved_at.is_some() {
                    let fc = first_contact.entry(t.customer_id).or_default();
                    fc.0 += 1;
                    fc.1 += i64::from(t.first_contact);
                }
                if let Some(at) = t.resolved_at {
                    resolved
                        .entry(t.customer_id)
                        .or_default()
                        .push(hours(t.created_at, at));
                }
            }
        }
        for i in &invoices {
            let open = i.settlement().open().0;
            let due = i.due_date;
            if due < today && open > Decimal::ZERO {
                let s = by_customer.entry(i.customer_id).or_default();
                s.overdue_balance += open;
                s.overdue_days = s.overdue_days.max((today - due).num_days());
            }
        }
        Ok(customers
            .into_iter()
            .map(|c| {
                let mut s = by_customer.remove(&c.id).unwrap_or_default();
                let contact = interactions.get(&c.id);
                let last = contact.and_then(|i| i.last_at).unwrap_or(c.created_at);
                s.days_since_contact = (now.as_datetime() - last.as_datetime()).num_days().max(0);
                s.contacts_90d = contact.map_or(0, |i| i.contacts);
                s.proactive_90d = contact.map_or(0, |i| i.proactive);
                if let Some(sv) = surveys.get(&c.id).filter(|sv| sv.answered > 0) {
                    s.nps = Some(round2(sv.nps_sum as f64 / sv.answered as f64));
                    s.csat = Some(round2(sv.csat_sum as f64 / sv.answered as f64));
                    s.surveys = sv.answered;
                }
                s.first_response_hours = first.get(&c.id).and_then(|v| average(v)).map(round2);
                s.resolution_hours = resolved.get(&c.id).and_then(|v| average(v)).map(round2);
                s.first_contact_resolution = first_contact
                    .get(&c.id)
                    .filter(|(closed, _)| *closed > 0)
                    .map(|(closed, first)| round2(*first as f64 / *closed as f64));
                if let Some(o) = orders.get(&c.id) {
                    s.orders_90d = o.recent;
                    s.orders_prev_90d = o.previous;
                }
                (c, s)
            })
            .collect())
    }

    /// One customer's metrics and score, computed now (office, the
    /// customer's seller).
    pub async fn customer_metrics(
        &self,
        who: &Principal,
        customer: CustomerId,
    ) -> AppResult<CustomerMetrics> {
        who.require(Permission::RecordInteractions)?;
        let (_, signals) = self
            .signals_of(who.customer_scope(), Some(customer))
            .await?
            .pop()
            .ok_or_else(|| AppError::not_found("customer"))?;
        let mut conn = self.store.conn().await?;
        let threshold = conn.post_sale_settings().await?.at_risk_threshold;
        let since = conn
            .stored_risks(Some(customer))
            .await?
            .remove(&customer)
            .and_then(|r| r.since);
        let (score, reasons) = customer_risk::score(&signals);
        Ok(CustomerMetrics {
            customer_id: customer,
            signals,
            score,
            threshold,
            at_risk: score >= threshold,
            reasons,
            at_risk_since: since.filter(|_| score >= threshold),
        })
    }

    /// The metrics by segment (category or seller) over the customers in
    /// the caller's scope.
    pub async fn segment_metrics(
        &self,
        who: &Principal,
        segment: Segment,
    ) -> AppResult<Vec<SegmentMetrics>> {
        who.require(Permission::RecordInteractions)?;
        let threshold = self
            .store
            .conn()
            .await?
            .post_sale_settings()
            .await?
            .at_risk_threshold;
        let rows = self.signals_of(who.customer_scope(), None).await?;
        let mut groups: std::collections::BTreeMap<String, Vec<(i64, CustomerSignals)>> =
            Default::default();
        for (c, s) in rows {
            let key = match segment {
                Segment::Category => c.category.clone(),
                Segment::Owner => c.owner_name.clone().unwrap_or_default(),
            };
            let (score, _) = customer_risk::score(&s);
            groups.entry(key).or_default().push((score, s));
        }
        Ok(groups
            .into_iter()
            .map(|(segment, members)| {
                let n = members.len() as i64;
                let of = |f: &dyn Fn(&CustomerSignals) -> Option<f64>| {
                    average(&members.iter().filter_map(|(_, s)| f(s)).collect::<Vec<_>>())
                        .map(round2)
                };
                let contacts: i64 = members.iter().map(|(_, s)| s.contacts_90d).sum();
                let proactive: i64 = members.iter().map(|(_, s)| s.proactive_90d).sum();
                SegmentMetrics {
                    segment,
                    customers: n,
                    at_risk: members
                        .iter()
                        .filter(|(score, _)| *score >= threshold)
                        .count() as i64,
                    average_score: round2(
                        members.iter().map(|(score, _)| *score as f64).sum::<f64>() / n as f64,
                    ),
                    nps: of(&|s| s.nps),
                    csat: of(&|s| s.csat),
                    first_response_hours: of(&|s| s.first_response_hours),
                    resolution_hours: of(&|s| s.resolution_hours),
                    first_contact_resolution: of(&|s| s.first_contact_resolution),
                    proactive_ratio: (contacts > 0)
                        .then(|| round2(proactive as f64 / contacts as f64)),
                    contacts_90d: contacts,
                    open_complaints: members.iter().map(|(_, s)| s.open_complaints).sum(),
                }
            })
            .collect())
    }

    /// The customers at risk as last computed, riskiest first, in scope.
    pub async fn at_risk_customers(&self, who: &Principal) -> AppResult<Vec<AtRiskCustomer>> {
        who.require(Permission::RecordInteractions)?;
        let mut conn = self.store.conn().await?;
        let customers = conn.metric_customers(who.customer_scope(), None).await?;
        let mut stored = conn.stored_risks(None).await?;
        let mut list: Vec<AtRiskCustomer> = customers
            .into_iter()
            .filter_map(|c| {
                let r = stored.remove(&c.id).filter(|r| r.at_risk)?;
                Some(AtRiskCustomer {
                    customer_id: c.id,
                    name: c.name,
                    category: c.category,
                    owner_name: c.owner_name,
                    score: r.score,
                    reasons: serde_json::from_str(&r.reasons).unwrap_or_default(),
                    since: r.since,
                    computed_at: r.computed_at,
                })
            })
            .collect();
        list.sort_by(|a, b| b.score.cmp(&a.score).then_with(|| a.name.cmp(&b.name)));
        Ok(list)
    }

    /// "Recompute now" (office roles).
    pub async fn recompute_risk_now(&self, who: &Principal) -> AppResult<RiskRun> {
        who.require(Permission::ManageServicePlans)?;
        self.recompute_customer_risk().await
    }

    /// Scores every active customer, stores the scores and alerts each
    /// crossing once (module docs).
    pub async fn recompute_customer_risk(&self) -> AppResult<RiskRun> {
        let now = Timestamp::now();
        let threshold = self
            .store
            .conn()
            .await?
            .post_sale_settings()
            .await?
            .at_risk_threshold;
        let rows = self.signals_of(CustomerScope::All, None).await?;
        let mut run = RiskRun::default();
        let mut tx = self.begin().await?;
        let mut stored = tx.stored_risks(None).await?;
        for (c, signals) in rows {
            run.customers += 1;
            let (score, reasons) = customer_risk::score(&signals);
            let at_risk = score >= threshold;
            let before = stored.remove(&c.id);
            let was = before.as_ref().is_some_and(|r| r.at_risk);
            let since = match (was, at_risk) {
                (false, true) => Some(now),
                (true, true) => before.as_ref().and_then(|r| r.since),
                _ => None,
            };
            let reasons_json = serde_json::to_string(&reasons)
                .map_err(|e| AppError::internal(anyhow::anyhow!(e)))?;
            let unchanged = before.as_ref().is_some_and(|r| {
                r.score == score && r.at_risk == at_risk && r.reasons == reasons_json
            });
            tx.save_risk(&StoredRisk {
                customer_id: c.id,
                score,
                at_risk,
                reasons: reasons_json,
                computed_at: now,
                since,
            })
            .await?;
            if at_risk {
                run.at_risk += 1;
            }
            if !was && at_risk {
                run.crossed += 1;
                self.alert_at_risk(&mut tx, &c, score, &reasons).await?;
            } else if was && !at_risk {
                run.cleared += 1;
            }
            if !unchanged {
                let event = ChannelEvent::CustomerRiskChanged(CustomerRiskChanged {
                    customer_id: c.id,
                    score,
                    at_risk,
                });
                tx.publish(&Channel::Staff(StaffFeed::Crm), event.clone(), None)
                    .await?;
                if let Some(owner) = c.owner_id {
                    tx.publish(&Channel::Crm(owner), event, None).await?;
                }
            }
        }
        tx.commit().await?;
        Ok(run)
    }

    /// The one alert of a crossing: the customer's seller and the office,
    /// in the app and by push (they act on it there).
    async fn alert_at_risk(
        &self,
        tx: &mut crate::services::uow::UnitOfWork<'_>,
        c: &MetricCustomer,
        score: i64,
        reasons: &[RiskSignal],
    ) -> AppResult<()> {
        let link = format!("{}/customers/{}", self.public_url, c.id);
        // One alert per crossing: the crossing's own id.
        let key = format!("customer_at_risk:{}:{}", c.id, uuid::Uuid::now_v7());
        let top = reasons.len();
        let message = |name: &str| Message::CustomerAtRisk {
            name: name.to_string(),
            customer: c.name.clone(),
            score,
            signals: top,
            link: link.clone(),
        };
        let mut told: Vec<UserId> = Vec::new();
        if let Some(owner) = c.owner_id
            && let Some(user) = tx.user(owner).await?
            && user.active
        {
            told.push(user.id);
            self.notify(
                tx,
                Notify {
                    kind: NotificationKind::CustomerAtRisk,
                    key: format!("{key}:{}", user.id),
                    user: Some(user.id),
                    email: None,
                    message: message(&user.name),
                    subject_type: SubjectType::Customer,
                    subject_id: c.id.to_string(),
                    in_app: true,
                    attachments: Vec::new(),
                },
            )
            .await?;
        }
        self.notify_desk(
            tx,
            NotificationKind::CustomerAtRisk,
            &key,
            SubjectType::Customer,
            c.id.to_string(),
            message,
        )
        .await
    }

    /// The scheduler's nightly look (module docs).
    pub async fn run_nightly_risk(&self) -> AppResult<Option<RiskRun>> {
        if !self.claim_nightly(NIGHTLY_JOB, NIGHTLY_HOUR).await? {
            return Ok(None);
        }
        let run = self.recompute_customer_risk().await?;
        tracing::info!(
            customers = run.customers,
            at_risk = run.at_risk,
            crossed = run.crossed,
            cleared = run.cleared,
            "scheduler: scored every customer's risk"
        );
        Ok(Some(run))
    }
}
