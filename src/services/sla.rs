//! Ticket SLA policies (issue 16, "SLA policies for tickets"): targets for
//! the first response and the resolution per ticket type and priority, in
//! the company's business hours (a weekly calendar in its time zone, minus
//! holidays), with the time a ticket waits on the customer (`pending`) not
//! counted.
//!
//! A ticket's deadlines are recomputed from its event log (the state
//! changes published in its channel, and the first reply's time) in the
//! transaction of every change that moves them — creation, a state change,
//! a new priority, the first reply — and for every open ticket when the
//! policy changes; so a pause or a new policy never loses time already
//! spent. The stored deadlines only let the scheduler find, with an index,
//! the tickets whose warning (to the assignee, `warning_minutes` before)
//! or breach is due; both are claimed with a conditional update, once
//! across nodes. A breach is marked at its deadline and stays marked.

use std::collections::BTreeMap;

use chrono::{NaiveDate, TimeDelta};
use serde::{Deserialize, Serialize};

use super::notifications::Notify;
use super::{Principal, RequestMeta, Services, company_tz};
use crate::domain::channel::{Channel, StaffFeed};
use crate::domain::events::{ChannelEvent, TicketSlaBreached};
use crate::domain::notification::{NotificationKind, SubjectType};
use crate::domain::sla::{
    self, BusinessDay, Calendar, MAX_HOLIDAYS, MAX_TARGET_MINUTES, SlaPolicy, SlaTarget,
    StateEntered, WeekError,
};
use crate::domain::{
    Permission, TicketId, TicketPriority, TicketScope, TicketState, TicketType, Timestamp, UserId,
};
use crate::error::{AppError, AppResult};
use crate::notify::templates::Message;
use crate::services::uow::UnitOfWork;
use crate::store::Conn;
use crate::store::audit::{AuditAction, NewAudit};
use crate::store::sla::{SlaMarks, StoredSlaSettings};

/// Most minutes before a breach the warning may go out (a day).
pub const MAX_WARNING_MINUTES: i64 = 1440;
/// Tickets handled per scheduler look.
const TICKETS_PER_LOOK: i64 = 50;

/// The SLA settings.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema, ts_rs::TS)]
pub struct SlaSettings {
    /// Seven days, Monday first; `null`: closed that day.
    pub business_hours: Vec<Option<BusinessDay>>,
    /// Days closed (in the company's zone).
    pub holidays: Vec<NaiveDate>,
    /// The targets of every ticket type and priority.
    pub policies: Vec<SlaPolicy>,
    /// Minutes before a breach that the assignee is warned.
    pub warning_minutes: i64,
    pub updated_at: Timestamp,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct SlaSettingsInput {
    /// Seven days, Monday first; `null`: closed that day.
    #[schema(min_items = 7, max_items = 7)]
    pub business_hours: Vec<Option<BusinessDay>>,
    #[serde(default)]
    #[schema(max_items = 400)]
    pub holidays: Vec<NaiveDate>,
    /// The targets; a type and priority left out keeps its current one.
    #[serde(default)]
    #[schema(max_items = 15)]
    pub policies: Vec<SlaPolicy>,
    #[schema(minimum = 0, maximum = 1440)]
    pub warning_minutes: i64,
}

/// One group of the compliance figures.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema, ts_rs::TS)]
pub struct ComplianceFigure {
    /// The type, priority or assignee id (`null`: unassigned).
    pub key: Option<String>,
    /// The assignee's name (by assignee).
    pub label: Option<String>,
    pub tickets: i64,
    pub resolved: i64,
    pub response_breached: i64,
    pub resolution_breached: i64,
    /// Share of tickets that missed no target, 0–100 (one decimal);
    /// `null` without tickets.
    pub compliance_pct: Option<f64>,
}

/// SLA compliance of the tickets created in a period.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema, ts_rs::TS)]
pub struct SlaCompliance {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub overall: ComplianceFigure,
    pub by_type: Vec<ComplianceFigure>,
    pub by_priority: Vec<ComplianceFigure>,
    pub by_assignee: Vec<ComplianceFigure>,
}

fn parse_settings(
    s: &StoredSlaSettings,
) -> (Vec<Option<BusinessDay>>, Vec<NaiveDate>, Vec<SlaPolicy>) {
    let week = serde_json::from_str::<Vec<Option<BusinessDay>>>(&s.business_hours)
        .ok()
        .filter(|w| w.len() == 7)
        .unwrap_or_else(sla::default_week);
    let holidays = serde_json::from_str(&s.holidays).unwrap_or_default();
    let policies: Vec<SlaPolicy> = serde_json::from_str(&s.policies).unwrap_or_default();
    (week, holidays, sla::complete_policies(&policies))
}

fn initial_settings(now: Timestamp) -> StoredSlaSettings {
    StoredSlaSettings {
        business_hours: to_json(&sla::default_week()),
        holidays: "[]".into(),
        policies: to_json(&sla::complete_policies(&[])),
        warning_minutes: 30,
        updated_at: now,
    }
}

fn view(s: &StoredSlaSettings) -> SlaSettings {
    let (business_hours, holidays, policies) = parse_settings(s);
    SlaSettings {
        business_hours,
        holidays,
        policies,
        warning_minutes: s.warning_minutes,
        updated_at: s.updated_at,
    }
}

/// What the clocks need: the calendar, the targets and the warning margin.
struct Rules {
    calendar: Calendar,
    policies: Vec<SlaPolicy>,
    warning_minutes: i64,
}

impl Rules {
    fn policy(&self, kind: TicketType, priority: TicketPriority) -> SlaPolicy {
        self.policies
            .iter()
            .find(|p| p.kind == kind && p.priority == priority)
            .cloned()
            .unwrap_or_else(|| sla::default_policy(kind, priority))
    }
}

/// The stored settings; the defaults, saved, on first read (like the other
/// settings rows).
async fn stored_or_initial(tx: &mut Conn) -> AppResult<StoredSlaSettings> {
    if let Some(s) = tx.sla_settings().await? {
        return Ok(s);
    }
    let initial = initial_settings(Timestamp::now());
    tx.save_sla_settings(&initial).await?;
    Ok(initial)
}

async fn rules(tx: &mut Conn) -> AppResult<Rules> {
    let stored = stored_or_initial(tx).await?;
    let (week, holidays, policies) = parse_settings(&stored);
    let tz = company_tz(&tx.company_settings().await?.time_zone);
    let calendar = sla::calendar(tz, &week, &holidays)
        .or_else(|_| sla::calendar(tz, &sla::default_week(), &holidays))
        .map_err(|e| AppError::internal(anyhow::anyhow!("default SLA week: {e:?}")))?;
    Ok(Rules {
        calendar,
        policies,
        warning_minutes: stored.warning_minutes,
    })
}

fn percent(part: i64, whole: i64) -> Option<f64> {
    (whole > 0).then(|| ((part as f64 / whole as f64) * 1000.0).round() / 10.0)
}

#[derive(Default)]
struct Tally {
    label: Option<String>,
    tickets: i64,
    resolved: i64,
    response_breached: i64,
    resolution_breached: i64,
    any_breached: i64,
}

impl Tally {
    fn figure(self, key: Option<String>) -> ComplianceFigure {
        ComplianceFigure {
            key,
            label: self.label,
            tickets: self.tickets,
            resolved: self.resolved,
            response_breached: self.response_breached,
            resolution_breached: self.resolution_breached,
            compliance_pct: percent(self.tickets - self.any_breached, self.tickets),
        }
    }
}

impl Services {
    pub async fn sla_settings(&self, who: &Principal) -> AppResult<SlaSettings> {
        who.require(Permission::EditSettings)?;
        let mut conn = self.store.conn().await?;
        Ok(view(&stored_or_initial(&mut conn).await?))
    }

    /// Changes the SLA settings (master, admin; audited) and recomputes the
    /// deadlines of every ticket not closed, in the same transaction.
    pub async fn update_sla_settings(
        &self,
        who: &Principal,
        input: SlaSettingsInput,
        meta: &RequestMeta,
    ) -> AppResult<SlaSettings> {
        who.require(Permission::EditSettings)?;
        if !(0..=MAX_WARNING_MINUTES).contains(&input.warning_minutes) {
            return Err(AppError::validation(
                "warning_minutes",
                format!("from 0 to {MAX_WARNING_MINUTES} minutes"),
            ));
        }
        if input.holidays.len() > MAX_HOLIDAYS {
            return Err(AppError::validation(
                "holidays",
                format!("up to {MAX_HOLIDAYS} days"),
            ));
        }
        match sla::calendar(chrono_tz::UTC, &input.business_hours, &input.holidays) {
            Ok(_) => {}
            Err(WeekError::NotSevenDays) => {
                return Err(AppError::validation(
                    "business_hours",
                    "seven days, Monday first",
                ));
            }
            Err(WeekError::BadTime) => {
                return Err(AppError::validation("business_hours", "times as HH:MM"));
            }
            Err(WeekError::ClosesBeforeOpening) => {
                return Err(AppError::validation(
                    "business_hours",
                    "a day closes after it opens",
                ));
            }
            Err(WeekError::AlwaysClosed) => {
                return Err(AppError::validation(
                    "business_hours",
                    "open at least one day a week",
                ));
            }
        }
        if input.policies.iter().any(|p| {
            ![p.first_response_minutes, p.resolution_minutes]
                .iter()
                .all(|m| (1..=MAX_TARGET_MINUTES).contains(m))
        }) {
            return Err(AppError::validation(
                "policies",
                format!("a target from 1 to {MAX_TARGET_MINUTES} minutes"),
            ));
        }
        let mut seen = std::collections::HashSet::new();
        if input
            .policies
            .iter()
            .any(|p| !seen.insert((p.kind, p.priority)))
        {
            return Err(AppError::validation(
                "policies",
                "one target per ticket type and priority",
            ));
        }
        let now = Timestamp::now();
        let mut tx = self.begin().await?;
        let current = stored_or_initial(&mut tx).await?;
        let (_, _, mut policies) = parse_settings(&current);
        for given in input.policies {
            if let Some(p) = policies
                .iter_mut()
                .find(|p| p.kind == given.kind && p.priority == given.priority)
            {
                *p = given;
            }
        }
        let mut holidays = input.holidays;
        holidays.sort();
        holidays.dedup();
        let updated = StoredSlaSettings {
            business_hours: to_json(&input.business_hours),
            holidays: to_json(&holidays),
            policies: to_json(&policies),
            warning_minutes: input.warning_minutes,
            updated_at: now,
        };
        tx.save_sla_settings(&updated).await?;
        let rules = rules(&mut tx).await?;
        for id in tx.unclosed_ticket_ids().await? {
            self.refresh_sla_with(&mut tx, &rules, id, now).await?;
        }
        tx.audit(NewAudit {
            actor: Some(who.user.id),
            action: AuditAction::SettingsChanged,
            subject_type: "settings",
            subject_id: "sla".into(),
            detail: String::new(),
            ip: &meta.ip,
            now,
        })
        .await?;
        tx.commit().await?;
        Ok(view(&updated))
    }

    /// Recomputes a ticket's deadlines from its event log; part of the
    /// transaction that changed it. Call after the change is stored and
    /// before the ticket is read for its publication.
    pub(crate) async fn refresh_ticket_sla(
        &self,
        tx: &mut Conn,
        id: TicketId,
        now: Timestamp,
    ) -> AppResult<()> {
        let rules = rules(tx).await?;
        self.refresh_sla_with(tx, &rules, id, now).await
    }

    async fn refresh_sla_with(
        &self,
        tx: &mut Conn,
        rules: &Rules,
        id: TicketId,
        now: Timestamp,
    ) -> AppResult<()> {
        let Some(ticket) = tx.ticket(TicketScope::All, id).await? else {
            return Ok(());
        };
        let Some(kept) = tx.ticket_sla_marks(id).await? else {
            return Ok(());
        };
        let mut log: Vec<StateEntered> = tx
            .ticket_state_log(id)
            .await?
            .into_iter()
            .map(|(at, state)| StateEntered {
                at: at.as_datetime(),
                state,
            })
            .collect();
        // The change being made now is published after this runs.
        let last = log.last().map_or(TicketState::Open, |e| e.state);
        if last != ticket.state {
            log.push(StateEntered {
                at: now.as_datetime(),
                state: ticket.state,
            });
        }
        let policy = rules.policy(ticket.kind, ticket.priority);
        let (response, resolution) = sla::ticket_clocks(
            &rules.calendar,
            &policy,
            ticket.created_at.as_datetime(),
            &log,
            ticket.first_response_at.map(|t| t.as_datetime()),
            now.as_datetime(),
        );
        let warn = TimeDelta::minutes(rules.warning_minutes);
        let mark =
            |clock: &sla::TargetClock, warned: Option<Timestamp>, breached: Option<Timestamp>| {
                // Missed after the fact (a late reply between two looks): marked
                // at once, at the stop.
                let breached = breached.or_else(|| {
                    clock
                        .stopped_at
                        .filter(|_| clock.breached(now.as_datetime()))
                        .map(Timestamp::from)
                });
                let due = clock.due_at.map(Timestamp::from);
                let warn_at = match (due, warned, breached) {
                    (Some(d), None, None) => Some((d - warn).max(now).min(d)),
                    _ => None,
                };
                (due, warn_at, breached)
            };
        let (response_due_at, response_warn_at, response_breached_at) = mark(
            &response,
            kept.sla_response_warned_at,
            kept.sla_response_breached_at,
        );
        let (resolution_due_at, resolution_warn_at, resolution_breached_at) = mark(
            &resolution,
            kept.sla_resolution_warned_at,
            kept.sla_resolution_breached_at,
        );
        tx.set_ticket_sla(
            id,
            &SlaMarks {
                response_due_at,
                response_warn_at,
                response_breached_at,
                resolution_due_at,
                resolution_warn_at,
                resolution_breached_at,
            },
        )
        .await?;
        Ok(())
    }

    /// The scheduler's look: warnings due and breaches reached. Returns how
    /// many it handled.
    pub async fn check_ticket_slas(&self) -> AppResult<usize> {
        self.check_ticket_slas_at(Timestamp::now()).await
    }

    /// [`Self::check_ticket_slas`] as if it were `now` (tests move the clock).
    pub async fn check_ticket_slas_at(&self, now: Timestamp) -> AppResult<usize> {
        let due = self
            .store
            .conn()
            .await?
            .sla_due(now, TICKETS_PER_LOOK)
            .await?;
        let mut handled = 0;
        for row in due {
            let mut tx = self.begin().await?;
            for target in [SlaTarget::FirstResponse, SlaTarget::Resolution] {
                let response = target == SlaTarget::FirstResponse;
                if tx.claim_sla_breach(row.id, response, now).await? {
                    self.announce_sla(&mut tx, row.id, target, true).await?;
                    handled += 1;
                } else if tx.claim_sla_warning(row.id, response, now).await? {
                    self.announce_sla(&mut tx, row.id, target, false).await?;
                    handled += 1;
                }
            }
            tx.commit().await?;
        }
        Ok(handled)
    }

    async fn announce_sla(
        &self,
        tx: &mut UnitOfWork<'_>,
        id: TicketId,
        target: SlaTarget,
        breached: bool,
    ) -> AppResult<()> {
        let Some(ticket) = tx.ticket(TicketScope::All, id).await? else {
            return Ok(());
        };
        let due = match target {
            SlaTarget::FirstResponse => ticket
                .sla_response_breached_at
                .or(ticket.sla_response_due_at),
            SlaTarget::Resolution => ticket
                .sla_resolution_breached_at
                .or(ticket.sla_resolution_due_at),
        }
        .unwrap_or_else(Timestamp::now);
        let tz = company_tz(&tx.company_settings().await?.time_zone);
        let due = crate::notify::documents::format::date_time(due, tz, self.language());
        let link = format!("{}/tickets/{id}", self.public_url);
        let message = |name: &str| Message::TicketSla {
            name: name.to_string(),
            ticket_number: ticket.number.clone(),
            subject: ticket.subject.clone(),
            target,
            due: due.clone(),
            breached,
            link: link.clone(),
        };
        let kind = if breached {
            NotificationKind::SlaBreached
        } else {
            NotificationKind::SlaWarning
        };
        let key = format!(
            "sla:{id}:{target}:{}",
            if breached { "breach" } else { "warning" }
        );
        let assignee = match ticket.assignee_id {
            Some(user) => tx.user(user).await?.filter(|u| u.active),
            None => None,
        };
        if let Some(user) = &assignee {
            self.notify(
                tx,
                Notify {
                    kind,
                    key: format!("{key}:{}", user.id),
                    user: Some(user.id),
                    email: Some(user.email.as_str()),
                    message: message(&user.name),
                    subject_type: SubjectType::Ticket,
                    subject_id: id.to_string(),
                    in_app: true,
                    attachments: Vec::new(),
                },
            )
            .await?;
        }
        // The office hears of every breach, and of a warning nobody is
        // assigned to act on.
        if breached || assignee.is_none() {
            let skip: Option<UserId> = assignee.as_ref().map(|u| u.id);
            for (user, name) in tx.desk_recipients().await? {
                if Some(user) == skip {
                    continue;
                }
                // The desk works in the app: in-app and push, no e-mail.
                self.notify(
                    tx,
                    Notify {
                        kind,
                        key: format!("{key}:{user}"),
                        user: Some(user),
                        email: None,
                        message: message(&name),
                        subject_type: SubjectType::Ticket,
                        subject_id: id.to_string(),
                        in_app: true,
                        attachments: Vec::new(),
                    },
                )
                .await?;
            }
        }
        if breached {
            let event = ChannelEvent::TicketSlaBreached(TicketSlaBreached {
                ticket: ticket.clone(),
                target,
            });
            tx.publish(&Channel::Ticket(id), event.clone(), None)
                .await?;
            tx.publish(&Channel::Staff(StaffFeed::Tickets), event, None)
                .await?;
        }
        Ok(())
    }

    /// SLA compliance of the tickets created from `from` to `to` (days in
    /// the company's zone, both included; default: the last 90 days), per
    /// type, priority and assignee. Office roles.
    pub async fn sla_compliance(
        &self,
        who: &Principal,
        from: Option<NaiveDate>,
        to: Option<NaiveDate>,
    ) -> AppResult<SlaCompliance> {
        who.require(Permission::ManageTickets)?;
        let mut conn = self.store.conn().await?;
        let time_zone = conn.company_settings().await?.time_zone;
        let tz = company_tz(&time_zone);
        let to = to.unwrap_or_else(|| super::today_in(&time_zone));
        let from = from.unwrap_or(to - TimeDelta::days(89));
        // A period that ends before it starts holds no tickets.
        let rows = conn
            .sla_compliance(
                super::start_of_day(from, tz),
                super::start_of_day(to + TimeDelta::days(1), tz),
            )
            .await?;
        let mut overall = Tally::default();
        let mut by_type: BTreeMap<String, Tally> = BTreeMap::new();
        let mut by_priority: BTreeMap<String, Tally> = BTreeMap::new();
        let mut by_assignee: BTreeMap<Option<String>, Tally> = BTreeMap::new();
        for r in rows {
            let add = |t: &mut Tally| {
                t.tickets += r.tickets;
                t.resolved += r.resolved;
                t.response_breached += r.response_breached;
                t.resolution_breached += r.resolution_breached;
                t.any_breached += r.any_breached;
            };
            add(&mut overall);
            add(by_type.entry(r.kind.to_string()).or_default());
            add(by_priority.entry(r.priority.to_string()).or_default());
            let a = by_assignee
                .entry(r.assignee_id.map(|u| u.to_string()))
                .or_default();
            add(a);
            if a.label.is_none() {
                a.label = r.assignee_name.clone();
            }
        }
        let list = |m: BTreeMap<String, Tally>| {
            m.into_iter()
                .map(|(k, t)| t.figure(Some(k)))
                .collect::<Vec<_>>()
        };
        let mut by_assignee: Vec<ComplianceFigure> =
            by_assignee.into_iter().map(|(k, t)| t.figure(k)).collect();
        by_assignee.sort_by(|a, b| a.label.cmp(&b.label));
        Ok(SlaCompliance {
            from,
            to,
            overall: overall.figure(None),
            by_type: list(by_type),
            by_priority: list(by_priority),
            by_assignee,
        })
    }
}

/// A settings document as JSON (plain data: serializing cannot fail).
fn to_json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}
