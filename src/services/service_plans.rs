//! Preventive maintenance plans (issue 16; seed 004 asks for "seguimiento
//! proactivo según ciclo de vida del equipo"): the office sets a plan per
//! machine (every N engine hours, every N months, or whichever first), and
//! Faena keeps its forecast — from the machine's hour-meter readings, the
//! day its next service falls due — and, when that day comes within the
//! plan's "due soon" margin, proposes a visit to the customer.
//!
//! **When the forecast is computed.** In the transaction that changes what
//! it depends on: a reading ([`Services::record_engine_hours`]), the plan
//! itself, a closed service order on the machine (the cycle starts again).
//! The stored forecast is a date, so it stays true as days pass; whether a
//! plan is "due soon" or "overdue" is decided when read, against today in
//! the company's time zone.
//!
//! **The proposal is a row with a due time.** `service_plans.due_soon_from`
//! is the day the plan enters its margin; the scheduler's look
//! ([`Services::propose_due_visits`]) takes the plans whose day has come
//! and that have no proposal for this cycle, and in one transaction books
//! an appointment in state `proposed`, links it to the plan (a conditional
//! update: a second node, or a retry after a crash, finds it linked and
//! rolls back — exactly once), tells the customer and the office, and
//! publishes the change. Accepted in the portal, the visit is a normal
//! confirmed appointment with its reminders; the customer may instead ask
//! for another time, as for any appointment.

use chrono::{Datelike, NaiveDate, TimeDelta, Weekday};
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use super::{Principal, Services, company_tz, today_in};
use crate::domain::appointment::AppointmentState;
use crate::domain::channel::{Channel, StaffFeed};
use crate::domain::events::{Actor, ChannelEvent, ServicePlanChanged};
use crate::domain::notification::{NotificationKind, SubjectType};
use crate::domain::role::CustomerScope;
use crate::domain::service_plan::{
    self, DueBy, Plan, PlanBasis, PlanStatus, RATE_WINDOW_DAYS, Reading,
};
use crate::domain::{CustomerId, EquipmentId, Permission, Timestamp};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::notify::templates::{AppointmentEvent, Lang, Message, When};
use crate::services::uow::UnitOfWork;
use crate::store::appointments::NewAppointment;
use crate::store::service_plans::{DueSoonRow, PlanTerms, StoredForecast, StoredPlan};

/// Default "due soon" margin, in days.
pub const DEFAULT_DUE_SOON_DAYS: i64 = 14;
/// The interval of a plan that does not say it: the common service of
/// heavy machinery, every 250 engine hours or 6 months.
pub const DEFAULT_EVERY_HOURS: i64 = 250;
pub const DEFAULT_EVERY_MONTHS: i64 = 6;
/// Longest interval a plan may have.
pub const MAX_EVERY_HOURS: i64 = 100_000;
pub const MAX_EVERY_MONTHS: i64 = 120;
pub const MAX_DUE_SOON_DAYS: i64 = 365;
/// Most rows of the "due soon" list.
pub const DUE_SOON_LIMIT: i64 = 500;
/// Plans proposed per scheduler look.
const PROPOSALS_PER_LOOK: i64 = 20;
/// A proposed visit starts at this local hour and lasts this long.
const VISIT_START_HOUR: u32 = 9;
const VISIT_HOURS: i64 = 2;

/// A machine's plan as the office sets it.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct PlanInput {
    pub basis: PlanBasis,
    /// Engine hours between services (plans by engine hours or whichever
    /// first; default 250).
    #[schema(minimum = 1, maximum = 100000)]
    pub every_hours: Option<i64>,
    /// Months between services (plans by calendar or whichever first;
    /// default 6).
    #[schema(minimum = 1, maximum = 120)]
    pub every_months: Option<i64>,
    /// "Due soon" this many days before the due day (default 14).
    #[schema(minimum = 0, maximum = 365)]
    pub due_soon_days: Option<i64>,
    /// The last service's day (default today; not in the future).
    #[schema(value_type = Option<String>, format = Date, pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$")]
    pub last_service_on: Option<NaiveDate>,
    /// The meter at the last service (default the current reading; never
    /// above it).
    #[schema(minimum = 0)]
    pub last_service_hours: Option<i64>,
}

/// The visit proposed for the current cycle.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema, ts_rs::TS)]
pub struct ProposedVisit {
    #[ts(type = "string")]
    pub id: Uuid,
    pub state: AppointmentState,
    pub starts_at: Timestamp,
}

/// A machine's plan with its forecast, as screens show it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema, ts_rs::TS)]
pub struct ServicePlan {
    pub equipment_id: EquipmentId,
    pub basis: PlanBasis,
    /// 0 when engine hours do not count.
    pub every_hours: i64,
    /// 0 when the calendar does not count.
    pub every_months: i64,
    pub due_soon_days: i64,
    #[ts(type = "string")]
    pub last_service_on: NaiveDate,
    pub last_service_hours: i64,
    /// Hours a day the machine works (weighted median over the last 180
    /// days of readings); `null` without two readings a day apart.
    pub hours_per_day: Option<f64>,
    /// The day the next service falls due; `null` when only engine hours
    /// count and the machine is idle.
    #[ts(type = "string | null")]
    pub due_on: Option<NaiveDate>,
    pub due_by: Option<DueBy>,
    /// The meter reading at which it falls due (engine-hour plans).
    pub due_at_hours: Option<i64>,
    /// As of today in the company's time zone.
    pub status: PlanStatus,
    pub proposal: Option<ProposedVisit>,
}

/// `GET /equipment/{id}/plan`: the plan, or `null` when the machine has
/// none.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema, ts_rs::TS)]
pub struct EquipmentPlan {
    pub plan: Option<ServicePlan>,
}

/// One machine of the "due soon" list.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema, ts_rs::TS)]
pub struct DueSoonMachine {
    pub plan: ServicePlan,
    pub customer_id: CustomerId,
    pub customer_name: String,
    pub brand: String,
    pub model: String,
    pub serial: String,
    pub engine_hours: i64,
}

fn terms(p: &StoredPlan) -> Plan {
    Plan {
        basis: p.basis,
        every_hours: p.every_hours,
        every_months: u32::try_from(p.every_months).unwrap_or(0),
        due_soon_days: p.due_soon_days,
        last_service_on: p.last_service_on,
        last_service_hours: p.last_service_hours,
    }
}

fn view(p: &StoredPlan, proposal: Option<ProposedVisit>, today: NaiveDate) -> ServicePlan {
    ServicePlan {
        equipment_id: p.equipment_id,
        basis: p.basis,
        every_hours: p.every_hours,
        every_months: p.every_months,
        due_soon_days: p.due_soon_days,
        last_service_on: p.last_service_on,
        last_service_hours: p.last_service_hours,
        hours_per_day: p.hours_per_day,
        due_on: p.due_on,
        due_by: p.due_by,
        due_at_hours: p.due_at_hours,
        status: service_plan::plan_status(p.due_on, p.due_soon_days, today),
        proposal,
    }
}

/// Checks the input against the machine's meter; the terms to store.
fn validate(input: &PlanInput, meter: i64, today: NaiveDate) -> AppResult<PlanTerms> {
    let by_hours = matches!(
        input.basis,
        PlanBasis::EngineHours | PlanBasis::WhicheverFirst
    );
    let by_calendar = matches!(input.basis, PlanBasis::Calendar | PlanBasis::WhicheverFirst);
    let every_hours = match (by_hours, input.every_hours.or(Some(DEFAULT_EVERY_HOURS))) {
        (true, Some(h)) if (1..=MAX_EVERY_HOURS).contains(&h) => h,
        (true, _) => {
            return Err(AppError::validation(
                "every_hours",
                format!("give the engine hours between services (1 to {MAX_EVERY_HOURS})"),
            ));
        }
        (false, _) => 0,
    };
    let every_months = match (
        by_calendar,
        input.every_months.or(Some(DEFAULT_EVERY_MONTHS)),
    ) {
        (true, Some(m)) if (1..=MAX_EVERY_MONTHS).contains(&m) => m,
        (true, _) => {
            return Err(AppError::validation(
                "every_months",
                format!("give the months between services (1 to {MAX_EVERY_MONTHS})"),
            ));
        }
        (false, _) => 0,
    };
    let due_soon_days = input.due_soon_days.unwrap_or(DEFAULT_DUE_SOON_DAYS);
    if !(0..=MAX_DUE_SOON_DAYS).contains(&due_soon_days) {
        return Err(AppError::validation(
            "due_soon_days",
            format!("the margin is 0 to {MAX_DUE_SOON_DAYS} days"),
        ));
    }
    let last_service_on = input.last_service_on.unwrap_or(today);
    // What the machine's meter and today's date say decides these two:
    // the input is well formed but does not go with the machine now, so
    // 409 `conflict` (as for other refusals that depend on the records).
    if last_service_on > today {
        return Err(AppError::new(
            ErrorCode::Conflict,
            "the last service cannot be in the future",
        )
        .field("last_service_on"));
    }
    let last_service_hours = input.last_service_hours.unwrap_or(meter);
    if !(0..=meter).contains(&last_service_hours) {
        return Err(AppError::new(
            ErrorCode::Conflict,
            format!("the meter reads {meter} hours; the last service was at 0 to {meter}"),
        )
        .field("last_service_hours"));
    }
    Ok(PlanTerms {
        basis: input.basis,
        every_hours,
        every_months,
        due_soon_days,
        last_service_on,
        last_service_hours,
    })
}

/// The forecast of `plan` from the machine's readings (time, meter), as
/// stored: the rate rounded to two decimals (what anyone reads, and the
/// same figure on both databases).
fn compute_forecast(
    plan: &StoredPlan,
    readings: &[(Timestamp, i64)],
    tz: chrono_tz::Tz,
    today: NaiveDate,
) -> StoredForecast {
    let readings: Vec<Reading> = readings
        .iter()
        .map(|&(at, hours)| Reading {
            on: at.as_datetime().with_timezone(&tz).date_naive(),
            hours,
        })
        .collect();
    let f = service_plan::forecast(&terms(plan), &readings, today);
    StoredForecast {
        hours_per_day: f.hours_per_day.map(|r| (r * 100.0).round() / 100.0),
        due_on: f.due_on,
        due_by: f.due_by,
        due_at_hours: f.due_at_hours,
        due_soon_from: f
            .due_on
            .map(|d| service_plan::due_soon_from(d, plan.due_soon_days)),
    }
}

/// The stored forecast of a plan.
fn stored_forecast(p: &StoredPlan) -> StoredForecast {
    StoredForecast {
        hours_per_day: p.hours_per_day,
        due_on: p.due_on,
        due_by: p.due_by,
        due_at_hours: p.due_at_hours,
        due_soon_from: p.due_soon_from,
    }
}

/// The day of a proposed visit: the due day, but not before tomorrow and
/// not on a weekend.
fn visit_day(due_on: NaiveDate, today: NaiveDate) -> NaiveDate {
    let mut day = due_on.max(today + TimeDelta::days(1));
    while matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
        day += TimeDelta::days(1);
    }
    day
}

impl Services {
    fn due_soon_link(&self) -> String {
        format!("{}/maintenance/due-soon", self.public_url)
    }

    /// A machine's plan and forecast (whoever may see the machine).
    pub async fn service_plan(
        &self,
        who: &Principal,
        equipment: EquipmentId,
    ) -> AppResult<EquipmentPlan> {
        who.require(Permission::ReadCustomers)?;
        let mut conn = self.store.conn().await?;
        conn.equipment(who.customer_scope(), equipment)
            .await?
            .ok_or_else(|| AppError::not_found("equipment"))?;
        let Some(plan) = conn.service_plan(equipment).await? else {
            return Ok(EquipmentPlan { plan: None });
        };
        let proposal = match plan.proposal_id {
            Some(id) => conn
                .appointment(crate::domain::TicketScope::All, id)
                .await?
                .map(|a| ProposedVisit {
                    id: a.id,
                    state: a.state,
                    starts_at: a.starts_at,
                }),
            None => None,
        };
        let today = today_in(&conn.company_settings().await?.time_zone);
        Ok(EquipmentPlan {
            plan: Some(view(&plan, proposal, today)),
        })
    }

    /// Sets (creates or replaces) a machine's plan; the forecast follows
    /// in the same transaction.
    pub async fn set_service_plan(
        &self,
        who: &Principal,
        equipment: EquipmentId,
        input: PlanInput,
    ) -> AppResult<EquipmentPlan> {
        who.require(Permission::ManageServicePlans)?;
        let now = Timestamp::now();
        let mut tx = self.begin().await?;
        let machine = tx
            .equipment(CustomerScope::All, equipment)
            .await?
            .ok_or_else(|| AppError::not_found("equipment"))?;
        let today = today_in(&tx.company_settings().await?.time_zone);
        let terms = validate(&input, machine.engine_hours, today)?;
        tx.upsert_service_plan(equipment, &terms, who.user.id, now)
            .await?;
        self.refresh_forecast(&mut tx, equipment, Some(who.actor()))
            .await?;
        tx.commit().await?;
        self.service_plan(who, equipment).await
    }

    /// Recomputes and stores a machine's forecast (when it has a plan) and
    /// publishes it to the office; part of the caller's transaction.
    pub(crate) async fn refresh_forecast(
        &self,
        tx: &mut UnitOfWork<'_>,
        equipment: EquipmentId,
        by: Option<Actor>,
    ) -> AppResult<()> {
        let Some(plan) = tx.service_plan(equipment).await? else {
            return Ok(());
        };
        let time_zone = tx.company_settings().await?.time_zone;
        let tz = company_tz(&time_zone);
        let readings = match tx.latest_reading_at(equipment).await? {
            Some(latest) => {
                let since = latest - TimeDelta::days(RATE_WINDOW_DAYS + 1);
                tx.readings_for_forecast(equipment, since).await?
            }
            None => Vec::new(),
        };
        let today = today_in(&time_zone);
        let stored = compute_forecast(&plan, &readings, tz, today);
        tx.set_plan_forecast(equipment, &stored).await?;
        let customer_id = tx
            .equipment(CustomerScope::All, equipment)
            .await?
            .map(|e| e.customer_id)
            .ok_or_else(|| AppError::not_found("equipment"))?;
        publish_plan(
            tx,
            ServicePlanChanged {
                equipment_id: equipment,
                customer_id,
                due_on: stored.due_on,
                status: service_plan::plan_status(stored.due_on, plan.due_soon_days, today),
                proposal_id: plan.proposal_id,
                by: by.clone(),
            },
        )
        .await
    }

    /// Publishes a plan as it stands (its proposed visit changed).
    pub(crate) async fn announce_plan(
        &self,
        tx: &mut UnitOfWork<'_>,
        equipment: EquipmentId,
        by: Option<Actor>,
    ) -> AppResult<()> {
        let Some(plan) = tx.service_plan(equipment).await? else {
            return Ok(());
        };
        let Some(machine) = tx.equipment(CustomerScope::All, equipment).await? else {
            return Ok(());
        };
        let today = today_in(&tx.company_settings().await?.time_zone);
        publish_plan(
            tx,
            ServicePlanChanged {
                equipment_id: equipment,
                customer_id: machine.customer_id,
                due_on: plan.due_on,
                status: service_plan::plan_status(plan.due_on, plan.due_soon_days, today),
                proposal_id: plan.proposal_id,
                by: by.clone(),
            },
        )
        .await
    }

    /// A service order on the machine closed: its plan's cycle starts again
    /// from today and the meter now; part of the closing's transaction.
    pub(crate) async fn record_plan_service(
        &self,
        tx: &mut UnitOfWork<'_>,
        equipment: EquipmentId,
        by: Actor,
        now: Timestamp,
    ) -> AppResult<()> {
        let Some(machine) = tx.equipment(CustomerScope::All, equipment).await? else {
            return Ok(());
        };
        let today = today_in(&tx.company_settings().await?.time_zone);
        if tx
            .record_plan_service(equipment, today, machine.engine_hours, now)
            .await?
        {
            self.refresh_forecast(tx, equipment, Some(by)).await?;
        }
        Ok(())
    }

    /// The machines due soon or overdue today, soonest first, in the
    /// caller's scope (the office all, a seller their customers', a
    /// contact their company's).
    pub async fn due_soon_machines(&self, who: &Principal) -> AppResult<Vec<DueSoonMachine>> {
        who.require(Permission::ReadCustomers)?;
        let mut conn = self.store.conn().await?;
        let today = today_in(&conn.company_settings().await?.time_zone);
        let rows = conn
            .due_soon_plans(who.customer_scope(), today, DUE_SOON_LIMIT)
            .await?;
        Ok(rows.into_iter().map(|r| due_soon_view(r, today)).collect())
    }

    /// The scheduler's look: proposes a visit for every plan whose "due
    /// soon" day has come and that has none for this cycle. Returns how
    /// many visits it proposed.
    pub async fn propose_due_visits(&self) -> AppResult<usize> {
        let mut conn = self.store.conn().await?;
        let today = today_in(&conn.company_settings().await?.time_zone);
        let due = conn.plans_to_propose(today, PROPOSALS_PER_LOOK).await?;
        drop(conn);
        let mut proposed = 0;
        for equipment in due {
            // One machine's failure (say, a customer deleted meanwhile)
            // must not hold back the others; it is retried next look.
            match self.propose_visit(equipment, today).await {
                Ok(true) => proposed += 1,
                Ok(false) => {}
                Err(e) => tracing::warn!(
                    equipment = %equipment, error = %e.detail,
                    "scheduler: proposing a maintenance visit failed"
                ),
            }
        }
        Ok(proposed)
    }

    /// Proposes one visit, exactly once per cycle (module docs).
    async fn propose_visit(&self, equipment: EquipmentId, today: NaiveDate) -> AppResult<bool> {
        let now = Timestamp::now();
        let mut tx = self.begin().await?;
        let Some(plan) = tx.service_plan(equipment).await? else {
            return Ok(false);
        };
        let (Some(due_on), Some(from)) = (plan.due_on, plan.due_soon_from) else {
            return Ok(false);
        };
        if plan.proposal_id.is_some() || from > today {
            return Ok(false);
        }
        let machine = tx
            .equipment(CustomerScope::All, equipment)
            .await?
            .ok_or_else(|| AppError::not_found("equipment"))?;
        let customer = tx
            .customer(CustomerScope::All, machine.customer_id)
            .await?
            .ok_or_else(|| AppError::not_found("customer"))?;
        let time_zone = tx.company_settings().await?.time_zone;
        let tz = company_tz(&time_zone);
        let day = visit_day(due_on, today);
        let starts_at = super::daily::local_time(day, VISIT_START_HOUR, tz);
        let lang = self.language();
        let machine_name = format!("{} {} ({})", machine.brand, machine.model, machine.serial);
        let notes = match lang {
            Lang::Es => {
                format!("Mantenimiento preventivo de {machine_name}, propuesto por su plan.")
            }
            Lang::En => format!("Preventive maintenance of {machine_name}, proposed by its plan."),
        };
        let a = tx
            .insert_appointment(&NewAppointment {
                id: Uuid::now_v7(),
                customer_id: machine.customer_id,
                equipment_id: Some(equipment),
                technician_id: None,
                starts_at,
                ends_at: starts_at + TimeDelta::hours(VISIT_HOURS),
                place: customer.address.clone(),
                notes,
                state: AppointmentState::Proposed,
                created_by: plan.updated_by,
                now,
            })
            .await?;
        if !tx.claim_plan_proposal(equipment, a.id).await? {
            // Another node proposed it meanwhile: dropping the unit of
            // work rolls this one back.
            return Ok(false);
        }
        let key = format!("service_plan:{equipment}:{}", a.id);
        self.notify_appointment(&mut tx, &a, AppointmentEvent::Proposed, &key)
            .await?;
        let due = crate::notify::documents::format::date(due_on, lang);
        let proposed = When::new(starts_at, &time_zone);
        let link = self.due_soon_link();
        self.notify_desk(
            &mut tx,
            NotificationKind::MaintenanceDue,
            &format!("{key}:desk"),
            SubjectType::Appointment,
            a.id.to_string(),
            |name| Message::MaintenanceDue {
                name: name.to_string(),
                customer: customer.name.clone(),
                machine: machine_name.clone(),
                due: due.clone(),
                proposed,
                link: link.clone(),
            },
        )
        .await?;
        publish_plan(
            &mut tx,
            ServicePlanChanged {
                equipment_id: equipment,
                customer_id: machine.customer_id,
                due_on: Some(due_on),
                status: service_plan::plan_status(Some(due_on), plan.due_soon_days, today),
                proposal_id: Some(a.id),
                by: None,
            },
        )
        .await?;
        tx.commit().await?;
        Ok(true)
    }
}

/// What a full recomputation did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Recomputed {
    pub plans: usize,
    pub readings: usize,
    /// Plans whose stored forecast changed (and were published).
    pub changed: usize,
}

/// The name of the nightly recomputation in `daily_jobs`.
const NIGHTLY_JOB: &str = "service_plan_forecasts";
/// The local hour the nightly recomputation runs at.
const NIGHTLY_HOUR: u32 = 2;
/// Plans recomputed per page (one readings range read each).
const RECOMPUTE_PAGE: i64 = 500;

impl Services {
    /// Recomputes every plan's forecast, a page of plans at a time (one
    /// range read of their readings, one transaction writing the ones that
    /// changed and publishing them). Forecasts change only with their
    /// inputs, each of which recomputes its own; the nightly run keeps them
    /// true when the rules change (a new rate window) and is what
    /// `planbench` measures.
    pub async fn recompute_all_forecasts(&self) -> AppResult<Recomputed> {
        let mut done = Recomputed::default();
        let time_zone = self.store.conn().await?.company_settings().await?.time_zone;
        let tz = company_tz(&time_zone);
        let today = today_in(&time_zone);
        let mut after = None;
        loop {
            let mut conn = self.store.conn().await?;
            let page = conn.service_plans_after(after, RECOMPUTE_PAGE).await?;
            let (Some(first), Some(last)) = (page.first(), page.last()) else {
                break;
            };
            after = Some(last.equipment_id);
            let readings = conn
                .readings_of_range(first.equipment_id, last.equipment_id)
                .await?;
            drop(conn);
            done.plans += page.len();
            done.readings += readings.len();
            let mut changed = Vec::new();
            let mut rest = readings.as_slice();
            for plan in &page {
                // Readings are in machine order: skip other machines', take
                // this one's.
                let start = rest.partition_point(|r| r.0 < plan.equipment_id);
                rest = &rest[start..];
                let end = rest.partition_point(|r| r.0 == plan.equipment_id);
                let own: Vec<(Timestamp, i64)> =
                    rest[..end].iter().map(|&(_, at, h)| (at, h)).collect();
                rest = &rest[end..];
                let f = compute_forecast(plan, &own, tz, today);
                if f != stored_forecast(plan) {
                    changed.push((plan, f));
                }
            }
            if changed.is_empty() {
                continue;
            }
            done.changed += changed.len();
            let mut tx = self.begin().await?;
            for (plan, f) in changed {
                tx.set_plan_forecast(plan.equipment_id, &f).await?;
                let customer_id = match tx.equipment(CustomerScope::All, plan.equipment_id).await? {
                    Some(e) => e.customer_id,
                    None => continue,
                };
                publish_plan(
                    &mut tx,
                    ServicePlanChanged {
                        equipment_id: plan.equipment_id,
                        customer_id,
                        due_on: f.due_on,
                        status: service_plan::plan_status(f.due_on, plan.due_soon_days, today),
                        proposal_id: plan.proposal_id,
                        by: None,
                    },
                )
                .await?;
            }
            tx.commit().await?;
        }
        Ok(done)
    }

    /// The scheduler's nightly look: recomputes every forecast once a
    /// night (at 02:00 in the company's zone) across the cluster — the node
    /// that moves the `daily_jobs` row to the next night runs it.
    pub async fn run_nightly_forecasts(&self) -> AppResult<Option<Recomputed>> {
        if !self.claim_nightly(NIGHTLY_JOB, NIGHTLY_HOUR).await? {
            return Ok(None);
        }
        let began = std::time::Instant::now();
        let done = self.recompute_all_forecasts().await?;
        tracing::info!(
            plans = done.plans,
            readings = done.readings,
            changed = done.changed,
            millis = began.elapsed().as_millis() as u64,
            "scheduler: recomputed every maintenance forecast"
        );
        Ok(Some(done))
    }
}

/// Announces a plan's change on `staff:maintenance`.
async fn publish_plan(tx: &mut UnitOfWork<'_>, change: ServicePlanChanged) -> AppResult<()> {
    let by = change.by.as_ref().map(|a| a.id);
    tx.publish(
        &Channel::Staff(StaffFeed::Maintenance),
        ChannelEvent::ServicePlanChanged(change),
        by,
    )
    .await
}

fn due_soon_view(r: DueSoonRow, today: NaiveDate) -> DueSoonMachine {
    let proposal = match (r.plan.proposal_id, r.proposal_state, r.proposal_starts_at) {
        (Some(id), Some(state), Some(starts_at)) => Some(ProposedVisit {
            id,
            state,
            starts_at,
        }),
        _ => None,
    };
    DueSoonMachine {
        plan: view(&r.plan, proposal, today),
        customer_id: r.customer_id,
        customer_name: r.customer_name,
        brand: r.brand,
        model: r.model,
        serial: r.serial,
        engine_hours: r.engine_hours,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_visit_is_proposed_on_a_weekday_from_tomorrow() {
        // 2026-12-05 is a Saturday.
        assert_eq!(
            visit_day(day("2026-12-20"), day("2026-12-05")),
            day("2026-12-21")
        );
        // Due already: the next weekday after today.
        assert_eq!(
            visit_day(day("2026-11-01"), day("2026-12-04")),
            day("2026-12-07")
        );
        assert_eq!(
            visit_day(day("2026-12-09"), day("2026-12-01")),
            day("2026-12-09")
        );
    }

    #[test]
    fn a_plan_needs_the_intervals_of_its_basis() {
        let today = day("2026-12-01");
        let input = |basis, h, m| PlanInput {
            basis,
            every_hours: h,
            every_months: m,
            due_soon_days: None,
            last_service_on: None,
            last_service_hours: None,
        };
        let e = validate(&input(PlanBasis::EngineHours, Some(0), Some(6)), 100, today).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("every_hours"));
        // An interval not given: the common one.
        let t = validate(&input(PlanBasis::WhicheverFirst, None, None), 100, today).unwrap();
        assert_eq!((t.every_hours, t.every_months), (250, 6));
        let e = validate(
            &input(PlanBasis::WhicheverFirst, Some(250), Some(121)),
            100,
            today,
        )
        .unwrap_err();
        assert_eq!(e.field.as_deref(), Some("every_months"));
        let t = validate(&input(PlanBasis::Calendar, Some(250), Some(6)), 100, today).unwrap();
        // What the basis does not use is not kept.
        assert_eq!((t.every_hours, t.every_months), (0, 6));
        assert_eq!((t.last_service_on, t.last_service_hours), (today, 100));
        assert_eq!(t.due_soon_days, DEFAULT_DUE_SOON_DAYS);
        let mut above = input(PlanBasis::EngineHours, Some(250), None);
        above.last_service_hours = Some(101);
        let e = validate(&above, 100, today).unwrap_err();
        assert_eq!(e.field.as_deref(), Some("last_service_hours"));
    }
}
