//! Preventive maintenance plans and their stored forecasts (issue 16).
//!
//! The forecast columns are written only by the service, from
//! `domain::service_plan::forecast`; the store never computes them. The
//! "due soon" list and the scheduler's proposals read `due_soon_from`
//! through one index.

use chrono::NaiveDate;

use super::customers::scope_binds;
use super::{Conn, on_conn};
use crate::domain::role::CustomerScope;
use crate::domain::service_plan::{DueBy, PlanBasis};
use crate::domain::{CustomerId, EquipmentId, Timestamp, UserId};

const PLAN_COLUMNS: &str = "p.equipment_id, p.basis, p.every_hours, p.every_months,
    p.due_soon_days, p.last_service_on, p.last_service_hours, p.hours_per_day, p.due_on,
    p.due_by, p.due_at_hours, p.due_soon_from, p.proposal_id, p.updated_by, p.created_at,
    p.updated_at";

/// A machine's plan with its stored forecast.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StoredPlan {
    pub equipment_id: EquipmentId,
    pub basis: PlanBasis,
    pub every_hours: i64,
    pub every_months: i64,
    pub due_soon_days: i64,
    pub last_service_on: NaiveDate,
    pub last_service_hours: i64,
    pub hours_per_day: Option<f64>,
    pub due_on: Option<NaiveDate>,
    pub due_by: Option<DueBy>,
    pub due_at_hours: Option<i64>,
    pub due_soon_from: Option<NaiveDate>,
    pub proposal_id: Option<uuid::Uuid>,
    pub updated_by: UserId,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

/// What people set on a plan (validated by the service).
#[derive(Debug, Clone)]
pub struct PlanTerms {
    pub basis: PlanBasis,
    pub every_hours: i64,
    pub every_months: i64,
    pub due_soon_days: i64,
    pub last_service_on: NaiveDate,
    pub last_service_hours: i64,
}

/// The computed part of a plan.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StoredForecast {
    pub hours_per_day: Option<f64>,
    pub due_on: Option<NaiveDate>,
    pub due_by: Option<DueBy>,
    pub due_at_hours: Option<i64>,
    pub due_soon_from: Option<NaiveDate>,
}

/// One row of the "due soon" list: the plan, its machine and customer.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct DueSoonRow {
    #[sqlx(flatten)]
    pub plan: StoredPlan,
    pub customer_id: CustomerId,
    pub customer_name: String,
    pub brand: String,
    pub model: String,
    pub serial: String,
    pub engine_hours: i64,
    /// The proposed visit's state and start, when one was proposed.
    pub proposal_state: Option<crate::domain::appointment::AppointmentState>,
    pub proposal_starts_at: Option<Timestamp>,
}

impl Conn {
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn service_plan(
        &mut self,
        equipment: EquipmentId,
    ) -> Result<Option<StoredPlan>, sqlx::Error> {
        let sql = format!("SELECT {PLAN_COLUMNS} FROM service_plans p WHERE p.equipment_id = $1");
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(equipment).fetch_optional(c).await)
    }

    /// Creates or replaces the plan's terms (the forecast is written next,
    /// by [`Conn::set_plan_forecast`], in the same transaction).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn upsert_service_plan(
        &mut self,
        equipment: EquipmentId,
        t: &PlanTerms,
        by: UserId,
        now: Timestamp,
    ) -> Result<(), sqlx::Error> {
        on_conn!(self, c => sqlx::query(
            "INSERT INTO service_plans (equipment_id, basis, every_hours, every_months,
                 due_soon_days, last_service_on, last_service_hours, updated_by, created_at,
                 updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9)
             ON CONFLICT (equipment_id) DO UPDATE SET basis = excluded.basis,
                 every_hours = excluded.every_hours, every_months = excluded.every_months,
                 due_soon_days = excluded.due_soon_days,
                 last_service_on = excluded.last_service_on,
                 last_service_hours = excluded.last_service_hours,
                 updated_by = excluded.updated_by, updated_at = excluded.updated_at")
            .bind(equipment).bind(t.basis).bind(t.every_hours).bind(t.every_months)
            .bind(t.due_soon_days).bind(t.last_service_on).bind(t.last_service_hours)
            .bind(by).bind(now).execute(c).await.map(|_| ()))?;
        Ok(())
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn set_plan_forecast(
        &mut self,
        equipment: EquipmentId,
        f: &StoredForecast,
    ) -> Result<(), sqlx::Error> {
        on_conn!(self, c => sqlx::query(
            "UPDATE service_plans SET hours_per_day = $2, due_on = $3, due_by = $4,
                 due_at_hours = $5, due_soon_from = $6 WHERE equipment_id = $1")
            .bind(equipment).bind(f.hours_per_day).bind(f.due_on).bind(f.due_by)
            .bind(f.due_at_hours).bind(f.due_soon_from).execute(c).await.map(|_| ()))?;
        Ok(())
    }

    /// A service on the machine was done: the cycle starts again from it
    /// and the next cycle may get its own proposed visit.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn record_plan_service(
        &mut self,
        equipment: EquipmentId,
        on: NaiveDate,
        hours: i64,
        now: Timestamp,
    ) -> Result<bool, sqlx::Error> {
        let n = on_conn!(self, c => sqlx::query(
            "UPDATE service_plans SET last_service_on = $2, last_service_hours = $3,
                 proposal_id = NULL, updated_at = $4 WHERE equipment_id = $1")
            .bind(equipment).bind(on).bind(hours).bind(now).execute(c).await
            .map(|r| r.rows_affected()))?;
        Ok(n > 0)
    }

    /// The machine's readings from `since` on (for its usage rate), oldest
    /// first, plus the last one before `since` as the window's anchor.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn readings_for_forecast(
        &mut self,
        equipment: EquipmentId,
        since: Timestamp,
    ) -> Result<Vec<(Timestamp, i64)>, sqlx::Error> {
        let mut rows: Vec<(Timestamp, i64)> = on_conn!(self, c => sqlx::query_as(
            "SELECT read_at, hours FROM engine_hour_readings
             WHERE equipment_id = $1 AND read_at < $2
             ORDER BY read_at DESC LIMIT 1")
            .bind(equipment).bind(since).fetch_all(c).await)?;
        let recent: Vec<(Timestamp, i64)> = on_conn!(self, c => sqlx::query_as(
            "SELECT read_at, hours FROM engine_hour_readings
             WHERE equipment_id = $1 AND read_at >= $2 ORDER BY read_at")
            .bind(equipment).bind(since).fetch_all(c).await)?;
        rows.extend(recent);
        Ok(rows)
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn latest_reading_at(
        &mut self,
        equipment: EquipmentId,
    ) -> Result<Option<Timestamp>, sqlx::Error> {
        on_conn!(self, c => sqlx::query_scalar(
            "SELECT read_at FROM engine_hour_readings WHERE equipment_id = $1
             ORDER BY read_at DESC LIMIT 1")
            .bind(equipment).fetch_optional(c).await)
    }

    /// The machine whose plan proposed this appointment, if one did.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn plan_of_proposal(
        &mut self,
        appointment: uuid::Uuid,
    ) -> Result<Option<EquipmentId>, sqlx::Error> {
        on_conn!(self, c => sqlx::query_scalar(
            "SELECT equipment_id FROM service_plans WHERE proposal_id = $1")
            .bind(appointment).fetch_optional(c).await)
    }

    /// Whether the technician works on an open order on this machine.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn technician_works_on_equipment(
        &mut self,
        technician: UserId,
        equipment: EquipmentId,
    ) -> Result<bool, sqlx::Error> {
        let n: i64 = on_conn!(self, c => sqlx::query_scalar(
            "SELECT COUNT(*) FROM service_orders o
             JOIN order_technicians t ON t.order_id = o.id
             WHERE o.equipment_id = $1 AND t.user_id = $2 AND o.active AND o.closed_at IS NULL")
            .bind(equipment).bind(technician).fetch_one(c).await)?;
        Ok(n > 0)
    }

    /// Plans due soon (or overdue) on `today`, soonest first, in `scope`.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn due_soon_plans(
        &mut self,
        scope: CustomerScope,
        today: NaiveDate,
        limit: i64,
    ) -> Result<Vec<DueSoonRow>, sqlx::Error> {
        let (all, owner, company) = scope_binds(scope);
        let sql = format!(
            "SELECT {PLAN_COLUMNS}, e.customer_id, cu.name AS customer_name, e.brand, e.model,
                    e.serial, e.engine_hours, a.state AS proposal_state,
                    a.starts_at AS proposal_starts_at
             FROM service_plans p
             JOIN equipment e ON e.id = p.equipment_id
             JOIN customers cu ON cu.id = e.customer_id
             LEFT JOIN appointments a ON a.id = p.proposal_id
             WHERE p.due_soon_from <= $4 AND ($1 OR cu.owner_id = $2 OR cu.id = $3)
             ORDER BY p.due_on, p.equipment_id LIMIT $5"
        );
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(all).bind(owner).bind(company).bind(today).bind(limit).fetch_all(c).await)
    }

    /// Machines whose plan is due soon on `today` and has no proposed visit
    /// for this cycle yet: the scheduler's work.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn plans_to_propose(
        &mut self,
        today: NaiveDate,
        limit: i64,
    ) -> Result<Vec<EquipmentId>, sqlx::Error> {
        on_conn!(self, c => sqlx::query_scalar(
            "SELECT equipment_id FROM service_plans
             WHERE due_soon_from <= $1 AND proposal_id IS NULL
             ORDER BY due_soon_from, equipment_id LIMIT $2")
            .bind(today).bind(limit).fetch_all(c).await)
    }

    /// Links the proposed visit to the plan; `false` when another node (or
    /// a service closed meanwhile) got there first — the caller rolls back.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn claim_plan_proposal(
        &mut self,
        equipment: EquipmentId,
        appointment: uuid::Uuid,
    ) -> Result<bool, sqlx::Error> {
        let n = on_conn!(self, c => sqlx::query(
            "UPDATE service_plans SET proposal_id = $2
             WHERE equipment_id = $1 AND proposal_id IS NULL")
            .bind(equipment).bind(appointment).execute(c).await.map(|r| r.rows_affected()))?;
        Ok(n == 1)
    }

    /// One page of plans in machine order, after `after` (the nightly
    /// recomputation walks them all).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn service_plans_after(
        &mut self,
        after: Option<EquipmentId>,
        limit: i64,
    ) -> Result<Vec<StoredPlan>, sqlx::Error> {
        let sql = format!(
            "SELECT {PLAN_COLUMNS} FROM service_plans p
             WHERE ($1 IS NULL OR p.equipment_id > $1)
             ORDER BY p.equipment_id LIMIT $2"
        );
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(after).bind(limit).fetch_all(c).await)
    }

    /// Every reading of the machines from `first` to `last` (in id order),
    /// by machine and time: one range read of the readings index for a
    /// page of plans.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn readings_of_range(
        &mut self,
        first: EquipmentId,
        last: EquipmentId,
    ) -> Result<Vec<(EquipmentId, Timestamp, i64)>, sqlx::Error> {
        on_conn!(self, c => sqlx::query_as(
            "SELECT equipment_id, read_at, hours FROM engine_hour_readings
             WHERE equipment_id >= $1 AND equipment_id <= $2
             ORDER BY equipment_id, read_at")
            .bind(first).bind(last).fetch_all(c).await)
    }

    /// Imports a machine's meter history (a fleet system's export, the
    /// benchmark): readings in time order, never decreasing, none above
    /// the meter's current value afterwards — the caller checks; the
    /// meter is moved to the last one.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn import_readings(
        &mut self,
        equipment: EquipmentId,
        readings: &[(Timestamp, i64)],
        by: Option<UserId>,
    ) -> Result<(), sqlx::Error> {
        for chunk in readings.chunks(400) {
            on_conn!(self, c => {
                let mut insert = sqlx::QueryBuilder::new(
                    "INSERT INTO engine_hour_readings (id, equipment_id, hours, read_at, recorded_by) ",
                );
                insert.push_values(chunk, |mut row, r| {
                    row.push_bind(crate::domain::ReadingId::new())
                        .push_bind(equipment)
                        .push_bind(r.1)
                        .push_bind(r.0)
                        .push_bind(by);
                });
                insert.build().execute(c).await.map(|_| ())
            })?;
        }
        if let Some(last) = readings.iter().map(|r| r.1).max() {
            on_conn!(self, c => sqlx::query(
                "UPDATE equipment SET engine_hours = $2 WHERE id = $1 AND engine_hours < $2")
                .bind(equipment).bind(last).execute(c).await.map(|_| ()))?;
        }
        Ok(())
    }

    /// When the daily job is due next (a read, so idle looks take no
    /// write lock).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn daily_job_due(&mut self, name: &str) -> Result<Option<Timestamp>, sqlx::Error> {
        on_conn!(self, c => sqlx::query_scalar("SELECT due_at FROM daily_jobs WHERE name = $1")
            .bind(name).fetch_optional(c).await)
    }

    /// Claims the daily job if it is due at `now`, moving it to `next`;
    /// `false` when it is not due or another node claimed it.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn claim_daily_job(
        &mut self,
        name: &str,
        now: Timestamp,
        next: Timestamp,
    ) -> Result<bool, sqlx::Error> {
        let n = on_conn!(self, c => sqlx::query(
            "UPDATE daily_jobs SET due_at = $3 WHERE name = $1 AND due_at <= $2")
            .bind(name).bind(now).bind(next).execute(c).await.map(|r| r.rows_affected()))?;
        Ok(n == 1)
    }
}
