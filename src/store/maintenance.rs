//! Maintenance requests and their photos. Reads are scoped like tickets
//! (the assignee plays the ticket assignee's part).

use uuid::Uuid;

use super::{Conn, on_conn};
use crate::domain::appointment::RequestState;
use crate::domain::{
    CustomerId, EquipmentId, OrderId, TicketPriority, TicketScope, Timestamp, UserId,
};

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct MaintenanceRequest {
    pub id: Uuid,
    pub customer_id: CustomerId,
    pub customer_name: String,
    pub equipment_id: EquipmentId,
    pub equipment_brand: Option<String>,
    pub equipment_model: Option<String>,
    pub equipment_serial: Option<String>,
    pub description: String,
    /// JSON array of the preferred times (see `preferred`).
    pub preferred_dates: String,
    pub priority: Option<TicketPriority>,
    pub assignee_id: Option<UserId>,
    /// The assignee's name, when there is one.
    pub assignee_name: Option<String>,
    pub state: RequestState,
    pub order_id: Option<OrderId>,
    pub appointment_id: Option<Uuid>,
    pub created_by: UserId,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct RequestPhoto {
    pub id: Uuid,
    pub request_id: Uuid,
    pub stored_name: String,
    pub created_at: Timestamp,
}

const COLUMNS: &str = "r.id, r.customer_id, cu.name AS customer_name, r.equipment_id,
    e.brand AS equipment_brand, e.model AS equipment_model, e.serial AS equipment_serial,
    r.description, r.preferred_dates, r.priority, r.assignee_id, a.name AS assignee_name,
    r.state, r.order_id, r.appointment_id, r.created_by, r.created_at, r.updated_at";
const FROM: &str = "maintenance_requests r JOIN customers cu ON cu.id = r.customer_id
    LEFT JOIN equipment e ON e.id = r.equipment_id
    LEFT JOIN users a ON a.id = r.assignee_id";
const SCOPE_SQL: &str = "($1 OR cu.owner_id = $2 OR r.customer_id = $3 OR r.assignee_id = $4)";

fn scope_binds(scope: TicketScope) -> (bool, Option<UserId>, Option<CustomerId>, Option<UserId>) {
    match scope {
        TicketScope::All => (true, None, None, None),
        TicketScope::OwnedByOrAssignedTo(user) => (false, Some(user), None, Some(user)),
        TicketScope::Company(id) => (false, None, Some(id), None),
        TicketScope::AssignedTo(user) => (false, None, None, Some(user)),
        TicketScope::Nothing => (false, None, None, None),
    }
}

pub struct NewRequest<'a> {
    pub id: Uuid,
    pub customer_id: CustomerId,
    pub equipment_id: EquipmentId,
    pub description: &'a str,
    pub preferred_dates: &'a str,
    pub created_by: UserId,
    pub now: Timestamp,
}

impl Conn {
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn insert_maintenance_request(
        &mut self,
        r: &NewRequest<'_>,
    ) -> Result<MaintenanceRequest, sqlx::Error> {
        on_conn!(self, c => sqlx::query(
            "INSERT INTO maintenance_requests (id, customer_id, equipment_id, description,
                preferred_dates, priority, assignee_id, state, order_id, appointment_id,
                created_by, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, NULL, NULL, $6, NULL, NULL, $7, $8, $8)")
            .bind(r.id).bind(r.customer_id).bind(r.equipment_id).bind(r.description)
            .bind(r.preferred_dates).bind(RequestState::New).bind(r.created_by).bind(r.now)
            .execute(c).await.map(|_| ()))?;
        self.maintenance_request(TicketScope::All, r.id)
            .await
            .map(|r| r.expect("request row exists: just inserted"))
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn maintenance_request(
        &mut self,
        scope: TicketScope,
        id: Uuid,
    ) -> Result<Option<MaintenanceRequest>, sqlx::Error> {
        let (all, owner, company, assignee) = scope_binds(scope);
        let sql = format!("SELECT {COLUMNS} FROM {FROM} WHERE {SCOPE_SQL} AND r.id = $5");
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(all).bind(owner).bind(company).bind(assignee).bind(id)
            .fetch_optional(c).await)
    }

    /// Requests in scope (only those in `state` when given), newest first
    /// (at most 500).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn maintenance_requests(
        &mut self,
        scope: TicketScope,
        state: Option<RequestState>,
    ) -> Result<Vec<MaintenanceRequest>, sqlx::Error> {
        let (all, owner, company, assignee) = scope_binds(scope);
        // `$5` says "no state filter" so the placeholder `$6` always has a
        // concrete type on PostgreSQL; the fallback value is never compared.
        let sql = format!(
            "SELECT {COLUMNS} FROM {FROM} WHERE {SCOPE_SQL} AND ($5 OR r.state = $6)
             ORDER BY r.created_at DESC, r.id DESC LIMIT 500"
        );
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(all).bind(owner).bind(company).bind(assignee)
            .bind(state.is_none()).bind(state.unwrap_or(RequestState::New))
            .fetch_all(c).await)
    }

    /// Sets the triage fields and state, if the state is still `from`.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn triage_maintenance_request(
        &mut self,
        id: Uuid,
        from: RequestState,
        state: RequestState,
        priority: Option<TicketPriority>,
        assignee: Option<UserId>,
        now: Timestamp,
    ) -> Result<bool, sqlx::Error> {
        let n = on_conn!(self, c => sqlx::query(
            "UPDATE maintenance_requests SET state = $3, priority = $4, assignee_id = $5,
                updated_at = $6 WHERE id = $1 AND state = $2")
            .bind(id).bind(from).bind(state).bind(priority).bind(assignee).bind(now)
            .execute(c).await.map(|r| r.rows_affected()))?;
        Ok(n == 1)
    }

    /// Moves the state only, if it is still `from`.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn set_maintenance_request_state(
        &mut self,
        id: Uuid,
        from: RequestState,
        state: RequestState,
        now: Timestamp,
    ) -> Result<bool, sqlx::Error> {
        let n = on_conn!(self, c => sqlx::query(
            "UPDATE maintenance_requests SET state = $3, updated_at = $4 WHERE id = $1 AND state = $2")
            .bind(id).bind(from).bind(state).bind(now)
            .execute(c).await.map(|r| r.rows_affected()))?;
        Ok(n == 1)
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn link_maintenance_request(
        &mut self,
        id: Uuid,
        order: Option<OrderId>,
        appointment: Option<Uuid>,
        now: Timestamp,
    ) -> Result<(), sqlx::Error> {
        on_conn!(self, c => sqlx::query(
            "UPDATE maintenance_requests SET order_id = $2, appointment_id = $3, updated_at = $4
             WHERE id = $1")
            .bind(id).bind(order).bind(appointment).bind(now)
            .execute(c).await.map(|_| ()))
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn insert_request_photo(
        &mut self,
        request: Uuid,
        stored_name: &str,
        now: Timestamp,
    ) -> Result<RequestPhoto, sqlx::Error> {
        let id = Uuid::now_v7();
        on_conn!(self, c => sqlx::query(
            "INSERT INTO maintenance_request_photos (id, request_id, stored_name, created_at)
             VALUES ($1, $2, $3, $4)")
            .bind(id).bind(request).bind(stored_name).bind(now)
            .execute(c).await.map(|_| ()))?;
        Ok(RequestPhoto {
            id,
            request_id: request,
            stored_name: stored_name.to_string(),
            created_at: now,
        })
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn request_photos(
        &mut self,
        request: Uuid,
    ) -> Result<Vec<RequestPhoto>, sqlx::Error> {
        on_conn!(self, c => sqlx::query_as(
            "SELECT id, request_id, stored_name, created_at FROM maintenance_request_photos
             WHERE request_id = $1 ORDER BY id")
            .bind(request).fetch_all(c).await)
    }
}
