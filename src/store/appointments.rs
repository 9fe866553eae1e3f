//! Appointments. Reads take an [`AppointmentScope`] applied in SQL like
//! tickets: office roles all, a seller their customers' (and those assigned
//! to them), a customer contact their own company's, a technician those
//! assigned to them.

use uuid::Uuid;

use super::{Conn, on_conn};
use crate::domain::appointment::AppointmentState;
use crate::domain::{CustomerId, EquipmentId, TicketScope, Timestamp, UserId};

/// Appointments are scoped exactly like tickets.
pub type AppointmentScope = TicketScope;

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Appointment {
    pub id: Uuid,
    pub customer_id: CustomerId,
    pub customer_name: String,
    pub equipment_id: Option<EquipmentId>,
    pub equipment_brand: Option<String>,
    pub equipment_model: Option<String>,
    pub equipment_serial: Option<String>,
    pub technician_id: Option<UserId>,
    pub technician_name: Option<String>,
    pub starts_at: Timestamp,
    pub ends_at: Timestamp,
    pub place: String,
    pub notes: String,
    pub state: AppointmentState,
    /// The new start the customer asked for (state `reschedule_requested`).
    pub proposed_starts_at: Option<Timestamp>,
    /// The customer's words with that request (empty when none).
    pub reschedule_comment: String,
    pub created_by: UserId,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

const COLUMNS: &str = "a.id, a.customer_id, cu.name AS customer_name, a.equipment_id,
    e.brand AS equipment_brand, e.model AS equipment_model, e.serial AS equipment_serial,
    a.technician_id, t.name AS technician_name, a.starts_at, a.ends_at, a.place, a.notes,
    a.state, a.proposed_starts_at, a.reschedule_comment, a.created_by, a.created_at, a.updated_at";

const FROM: &str = "appointments a JOIN customers cu ON cu.id = a.customer_id
    LEFT JOIN equipment e ON e.id = a.equipment_id
    LEFT JOIN users t ON t.id = a.technician_id";

const SCOPE_SQL: &str = "($1 OR cu.owner_id = $2 OR a.customer_id = $3 OR a.technician_id = $4)";

fn scope_binds(
    scope: AppointmentScope,
) -> (bool, Option<UserId>, Option<CustomerId>, Option<UserId>) {
    match scope {
        TicketScope::All => (true, None, None, None),
        TicketScope::OwnedByOrAssignedTo(user) => (false, Some(user), None, Some(user)),
        TicketScope::Company(id) => (false, None, Some(id), None),
        TicketScope::AssignedTo(user) => (false, None, None, Some(user)),
        TicketScope::Nothing => (false, None, None, None),
    }
}

/// An appointment to insert (validated by the service).
pub struct NewAppointment {
    pub id: Uuid,
    pub customer_id: CustomerId,
    pub equipment_id: Option<EquipmentId>,
    pub technician_id: Option<UserId>,
    pub starts_at: Timestamp,
    pub ends_at: Timestamp,
    pub place: String,
    pub notes: String,
    /// `scheduled`, or `proposed` for a visit the system proposes to the
    /// customer (a maintenance plan falling due).
    pub state: AppointmentState,
    pub created_by: UserId,
    pub now: Timestamp,
}

impl Conn {
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn insert_appointment(
        &mut self,
        a: &NewAppointment,
    ) -> Result<Appointment, sqlx::Error> {
        on_conn!(self, c => sqlx::query(
            "INSERT INTO appointments (id, customer_id, equipment_id, technician_id, starts_at,
                ends_at, place, notes, state, proposed_starts_at, created_by, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, NULL, $10, $11, $11)")
            .bind(a.id).bind(a.customer_id).bind(a.equipment_id).bind(a.technician_id)
            .bind(a.starts_at).bind(a.ends_at).bind(&a.place).bind(&a.notes)
            .bind(a.state).bind(a.created_by).bind(a.now)
            .execute(c).await.map(|_| ()))?;
        self.appointment(TicketScope::All, a.id)
            .await
            .map(|a| a.expect("appointment row exists: just inserted"))
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn appointment(
        &mut self,
        scope: AppointmentScope,
        id: Uuid,
    ) -> Result<Option<Appointment>, sqlx::Error> {
        let (all, owner, company, tech) = scope_binds(scope);
        let sql = format!("SELECT {COLUMNS} FROM {FROM} WHERE {SCOPE_SQL} AND a.id = $5");
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(all).bind(owner).bind(company).bind(tech).bind(id)
            .fetch_optional(c).await)
    }

    /// Appointments in scope that overlap `[from, to)` (either end open
    /// when `None`), by start time (at most 500).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn appointments(
        &mut self,
        scope: AppointmentScope,
        from: Option<Timestamp>,
        to: Option<Timestamp>,
    ) -> Result<Vec<Appointment>, sqlx::Error> {
        let (all, owner, company, tech) = scope_binds(scope);
        let sql = format!(
            "SELECT {COLUMNS} FROM {FROM} WHERE {SCOPE_SQL}
               AND ($5 OR a.ends_at > $6) AND ($7 OR a.starts_at < $8)
             ORDER BY a.starts_at, a.id LIMIT 500"
        );
        let epoch = Timestamp::from(chrono::DateTime::<chrono::Utc>::UNIX_EPOCH);
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(all).bind(owner).bind(company).bind(tech)
            .bind(from.is_none()).bind(from.unwrap_or(epoch))
            .bind(to.is_none()).bind(to.unwrap_or(epoch))
            .fetch_all(c).await)
    }

    /// Writes the mutable fields of an appointment; `false` when its state
    /// changed meanwhile (optimistic check on `from`).
    #[allow(clippy::too_many_arguments)]
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn update_appointment(
        &mut self,
        id: Uuid,
        from: AppointmentState,
        state: AppointmentState,
        starts_at: Timestamp,
        ends_at: Timestamp,
        technician_id: Option<UserId>,
        proposed_starts_at: Option<Timestamp>,
        reschedule_comment: &str,
        now: Timestamp,
    ) -> Result<bool, sqlx::Error> {
        let n = on_conn!(self, c => sqlx::query(
            "UPDATE appointments SET state = $3, starts_at = $4, ends_at = $5, technician_id = $6,
                proposed_starts_at = $7, reschedule_comment = $8, updated_at = $9
             WHERE id = $1 AND state = $2")
            .bind(id).bind(from).bind(state).bind(starts_at).bind(ends_at).bind(technician_id)
            .bind(proposed_starts_at).bind(reschedule_comment).bind(now)
            .execute(c).await.map(|r| r.rows_affected()))?;
        Ok(n == 1)
    }
}
