//! Service orders: the status catalogs, orders and their technicians, the
//! timeline (events and their photos) and the parts used.
//!
//! Reads of orders take an [`OrderScope`] and apply it in SQL
//! (`scope_binds`), like tickets: a seller sees the orders of the customers
//! they own, a customer contact their own company's, a technician those
//! assigned to them. Everything below an order (events, photos, parts) is
//! read by order id once the service has read the order through its scope in
//! the same transaction; internal events and hidden parts are filtered here
//! too, by flags the service derives from the caller's role.
//!
//! Money and quantities are stored as text on SQLite, so nothing is summed
//! in SQL; the balance is [`Conn::order_balance`] (store/payments.rs).

use serde::{Deserialize, Serialize};

use super::{Conn, on_conn};
pub use crate::domain::order::{AssignedTechnician, OrderEvent, OrderPart, PhotoLinks};
use crate::domain::{
    CustomerId, EquipmentId, Money, OrderEventId, OrderId, OrderPartId, OrderPhotoId, OrderScope,
    OrderState, OrderStatusId, Quantity, Timestamp, UserId, Visibility,
};

// --- rows ------------------------------------------------------------------------

/// One label of a status catalog.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct OrderStatus {
    pub id: OrderStatusId,
    /// `public` labels go on the customer's timeline, `internal` ones only to staff.
    pub visibility: Visibility,
    pub label: String,
    /// Order within its catalog (1, 2, 3, …).
    pub position: i32,
    /// Deactivated labels stay on past events but cannot be chosen any more.
    pub active: bool,
    pub created_at: Timestamp,
}

/// A service order as staff and the customer's contacts see it. For a
/// customer contact the service clears the internal status before answering.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Order {
    pub id: OrderId,
    /// Human number, e.g. `OS-000123`.
    pub number: String,
    pub customer_id: CustomerId,
    pub customer_name: String,
    pub equipment_id: Option<EquipmentId>,
    pub equipment_brand: Option<String>,
    pub equipment_model: Option<String>,
    pub equipment_serial: Option<String>,
    /// Why the customer brought the machine (motivo de la orden).
    pub reason: String,
    /// The agreed service value (company currency).
    pub service_value: Money,
    /// The latest public status (from the latest public event with a status).
    pub public_status_id: Option<OrderStatusId>,
    pub public_status: Option<String>,
    /// The latest internal status; staff only (absent for customers).
    pub internal_status_id: Option<OrderStatusId>,
    pub internal_status: Option<String>,
    /// The secret of the order's QR link (`/o/<token>`).
    pub qr_token: String,
    pub state: OrderState,
    /// False once deactivated ("desincorporada").
    pub active: bool,
    pub received_at: Timestamp,
    /// When the customer was told the machine would be ready.
    pub promised_at: Option<Timestamp>,
    pub closed_at: Option<Timestamp>,
    pub created_by: UserId,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    /// Filled by the service (a second query).
    #[sqlx(skip)]
    pub technicians: Vec<AssignedTechnician>,
}

const ORDER_COLUMNS: &str = "o.id, o.number, o.customer_id, cu.name AS customer_name,
    o.equipment_id, e.brand AS equipment_brand, e.model AS equipment_model,
    e.serial AS equipment_serial, o.reason, o.service_value,
    o.public_status_id, ps.label AS public_status,
    o.internal_status_id, ist.label AS internal_status, o.qr_token,
    CASE WHEN o.active THEN (CASE WHEN o.closed_at IS NULL THEN 'open' ELSE 'closed' END)
         ELSE 'deactivated' END AS state,
    o.active, o.received_at, o.promised_at, o.closed_at, o.created_by, o.created_at, o.updated_at";

const ORDER_FROM: &str = "service_orders o JOIN customers cu ON cu.id = o.customer_id
    LEFT JOIN equipment e ON e.id = o.equipment_id
    LEFT JOIN order_statuses ps ON ps.id = o.public_status_id
    LEFT JOIN order_statuses ist ON ist.id = o.internal_status_id";

/// How many open orders carry a status (dashboard).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StatusCount {
    /// `None`: orders with no status of this kind yet.
    pub status_id: Option<OrderStatusId>,
    pub status_name: Option<String>,
    pub count: i64,
}

/// An order to insert (validated by the service).
#[derive(Debug, Clone)]
pub struct NewOrder {
    pub id: OrderId,
    pub number: String,
    pub customer_id: CustomerId,
    pub data: OrderData,
    pub qr_token: String,
    pub created_by: UserId,
    pub now: Timestamp,
}

/// The order fields people edit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderData {
    pub equipment_id: Option<EquipmentId>,
    pub reason: String,
    pub service_value: Money,
    pub promised_at: Option<Timestamp>,
}

#[derive(Debug, Default)]
pub struct OrderFilter {
    /// `None`: every order that is not deactivated.
    pub state: Option<OrderState>,
    pub customer_id: Option<CustomerId>,
    /// Orders this technician is assigned to.
    pub technician_id: Option<UserId>,
    /// Matches the number or the reason (case-insensitive substring).
    pub q: Option<String>,
    /// Orders whose current public status is this label.
    pub status_id: Option<OrderStatusId>,
    /// Orders whose current internal status is this label (staff only: the
    /// service refuses it to callers who may not see internal statuses).
    pub internal_status_id: Option<OrderStatusId>,
}

/// Position after the last row of a page (newest first on (created_at, id)).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct OrderCursor {
    pub created_at: Timestamp,
    pub id: OrderId,
}

const EVENT_COLUMNS: &str = "ev.id, ev.order_id, ev.visibility, ev.status_id, ev.label, ev.comment,
    ev.author_id, u.name AS author_name, u.role AS author_role, ev.created_at, ev.edited_at,
    ev.edited_by, eu.name AS edited_by_name, ev.deleted_at, ev.deleted_by,
    xu.name AS deleted_by_name";

/// The events with their author and the names of who edited or deleted them.
const EVENT_FROM: &str = "order_events ev JOIN users u ON u.id = ev.author_id
    LEFT JOIN users eu ON eu.id = ev.edited_by LEFT JOIN users xu ON xu.id = ev.deleted_by";

/// A photo as stored.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct OrderPhoto {
    pub id: OrderPhotoId,
    pub event_id: OrderEventId,
    pub stored_name: String,
    pub thumb_name: String,
    pub created_at: Timestamp,
}

/// A photo with what decides who may see it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct PhotoAccess {
    pub stored_name: String,
    pub thumb_name: String,
    pub visibility: Visibility,
    pub deleted: bool,
}

/// An event to insert.
#[derive(Debug, Clone)]
pub struct NewOrderEvent {
    pub id: OrderEventId,
    pub order_id: OrderId,
    pub visibility: Visibility,
    pub status_id: Option<OrderStatusId>,
    pub label: String,
    pub comment: String,
    pub author_id: UserId,
    pub now: Timestamp,
}

const PART_COLUMNS: &str = "p.id, p.order_id, o.number AS order_number, o.customer_id,
    cu.name AS customer_name, p.description, p.quantity, p.unit_price, p.warranty_days,
    p.shown_to_customer, p.added_by, u.name AS added_by_name, p.created_at, p.updated_at,
    p.edited_at, eu.name AS edited_by_name, p.deleted_at, xu.name AS deleted_by_name,
    p.item_id, p.stock_status";

const PART_FROM: &str = "order_parts p JOIN service_orders o ON o.id = p.order_id
    JOIN customers cu ON cu.id = o.customer_id JOIN users u ON u.id = p.added_by
    LEFT JOIN users eu ON eu.id = p.edited_by LEFT JOIN users xu ON xu.id = p.deleted_by";

/// The part fields people edit (validated by the service).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PartData {
    pub description: String,
    pub quantity: Quantity,
    pub unit_price: Money,
    pub warranty_days: i32,
    pub shown_to_customer: bool,
}

/// Filters of the parts view across orders.
#[derive(Debug, Default)]
pub struct PartFilter {
    /// Added at or after this instant.
    pub from: Option<Timestamp>,
    /// Added before this instant.
    pub until: Option<Timestamp>,
    pub order_id: Option<OrderId>,
    /// Added by this user (the responsible).
    pub added_by: Option<UserId>,
    /// On orders this technician is assigned to.
    pub technician_id: Option<UserId>,
    /// Matches the description (case-insensitive substring).
    pub q: Option<String>,
}

/// Position after the last row of a page of parts (newest first).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PartCursor {
    pub created_at: Timestamp,
    pub id: OrderPartId,
}

// --- helpers ---------------------------------------------------------------------

/// The four bind values of a scope, used as [`SCOPE_SQL`]. `Nothing` binds
/// (false, NULL, NULL, NULL), which matches no row.
fn scope_binds(scope: OrderScope) -> (bool, Option<UserId>, Option<CustomerId>, Option<UserId>) {
    match scope {
        OrderScope::All => (true, None, None, None),
        OrderScope::OwnedBy(user) => (false, Some(user), None, None),
        OrderScope::Company(id) => (false, None, Some(id), None),
        OrderScope::AssignedTo(user) => (false, None, None, Some(user)),
        OrderScope::Nothing => (false, None, None, None),
    }
}

const SCOPE_SQL: &str = "($1 OR cu.owner_id = $2 OR o.customer_id = $3
    OR EXISTS (SELECT 1 FROM order_technicians st WHERE st.order_id = o.id AND st.user_id = $4))";

/// The SQL condition of a state filter (fixed strings, never user input).
fn state_sql(state: Option<OrderState>) -> &'static str {
    match state {
        None => "o.active = TRUE",
        Some(OrderState::Open) => "o.active = TRUE AND o.closed_at IS NULL",
        Some(OrderState::Closed) => "o.active = TRUE AND o.closed_at IS NOT NULL",
        Some(OrderState::Deactivated) => "o.active = FALSE",
    }
}

fn search_text(number: &str, reason: &str) -> String {
    format!("{} {}", number.to_lowercase(), reason.to_lowercase())
}

/// Escapes `%`, `_` and `\` so a search term is matched literally.
fn like_pattern(term: &str) -> String {
    let escaped = term
        .to_lowercase()
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

impl Conn {
    // --- status catalogs ------------------------------------------------------

    /// A catalog (or both), by position; inactive labels only when asked for.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn order_statuses(
        &mut self,
        visibility: Option<Visibility>,
        include_inactive: bool,
    ) -> Result<Vec<OrderStatus>, sqlx::Error> {
        on_conn!(self, c => sqlx::query_as(
            "SELECT id, visibility, label, position, active, created_at FROM order_statuses
             WHERE ($1 IS NULL OR visibility = $1) AND ($2 OR active = TRUE)
             ORDER BY visibility DESC, position, created_at")
            .bind(visibility).bind(include_inactive).fetch_all(c).await)
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn order_status(
        &mut self,
        id: OrderStatusId,
    ) -> Result<Option<OrderStatus>, sqlx::Error> {
        on_conn!(self, c => sqlx::query_as(
            "SELECT id, visibility, label, position, active, created_at FROM order_statuses WHERE id = $1")
            .bind(id).fetch_optional(c).await)
    }

    /// Appends a label at the end of its catalog.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn insert_order_status(
        &mut self,
        visibility: Visibility,
        label: &str,
        now: Timestamp,
    ) -> Result<OrderStatus, sqlx::Error> {
        let id = OrderStatusId::new();
        on_conn!(self, c => sqlx::query(
            "INSERT INTO order_statuses (id, visibility, label, position, active, created_at)
             VALUES ($1, $2, $3,
                     (SELECT COALESCE(MAX(position), 0) + 1 FROM order_statuses WHERE visibility = $2),
                     TRUE, $4)")
            .bind(id).bind(visibility).bind(label).bind(now).execute(c).await.map(|_| ()))?;
        self.order_status(id)
            .await
            .map(|s| s.expect("status row exists: just inserted"))
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn update_order_status(
        &mut self,
        id: OrderStatusId,
        label: &str,
        active: bool,
    ) -> Result<(), sqlx::Error> {
        on_conn!(self, c => sqlx::query(
            "UPDATE order_statuses SET label = $2, active = $3 WHERE id = $1")
            .bind(id).bind(label).bind(active).execute(c).await.map(|_| ()))
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn set_order_status_position(
        &mut self,
        id: OrderStatusId,
        position: i32,
    ) -> Result<(), sqlx::Error> {
        on_conn!(self, c => sqlx::query("UPDATE order_statuses SET position = $2 WHERE id = $1")
            .bind(id).bind(position).execute(c).await.map(|_| ()))
    }

    // --- orders -----------------------------------------------------------------

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn insert_order(&mut self, o: &NewOrder) -> Result<(), sqlx::Error> {
        on_conn!(self, c => sqlx::query(
            "INSERT INTO service_orders (id, number, customer_id, equipment_id, reason, search_text,
                service_value, public_status_id, internal_status_id, qr_token, active, received_at,
                promised_at, closed_at, created_by, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, NULL, NULL, $8, TRUE, $9, $10, NULL, $11, $9, $9)")
            .bind(o.id).bind(&o.number).bind(o.customer_id).bind(o.data.equipment_id)
            .bind(&o.data.reason).bind(search_text(&o.number, &o.data.reason))
            .bind(o.data.service_value).bind(&o.qr_token).bind(o.now).bind(o.data.promised_at)
            .bind(o.created_by)
            .execute(c).await.map(|_| ()))
    }

    /// An order within `scope` (technicians not filled in).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn order(
        &mut self,
        scope: OrderScope,
        id: OrderId,
    ) -> Result<Option<Order>, sqlx::Error> {
        let (all, owner, company, technician) = scope_binds(scope);
        let sql =
            format!("SELECT {ORDER_COLUMNS} FROM {ORDER_FROM} WHERE {SCOPE_SQL} AND o.id = $5");
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(all).bind(owner).bind(company).bind(technician).bind(id)
            .fetch_optional(c).await)
    }

    /// Open orders in `scope` counted by their public status (or, with
    /// `internal`, their internal status), in catalog order; orders without
    /// one are counted under `None`.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn open_orders_by_status(
        &mut self,
        scope: OrderScope,
        internal: bool,
    ) -> Result<Vec<StatusCount>, sqlx::Error> {
        let (all, owner, company, technician) = scope_binds(scope);
        let column = if internal {
            "o.internal_status_id"
        } else {
            "o.public_status_id"
        };
        let sql = format!(
            "SELECT s.id AS status_id, s.label AS status_name, COUNT(*) AS count
             FROM service_orders o JOIN customers cu ON cu.id = o.customer_id
             LEFT JOIN order_statuses s ON s.id = {column}
             WHERE {SCOPE_SQL} AND o.active = TRUE AND o.closed_at IS NULL
             GROUP BY s.id, s.label, s.position
             ORDER BY s.position IS NOT NULL, s.position"
        );
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(all).bind(owner).bind(company).bind(technician)
            .fetch_all(c).await)
    }

    /// Whether the order exists and is within `scope`.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn order_visible(
        &mut self,
        scope: OrderScope,
        id: OrderId,
    ) -> Result<bool, sqlx::Error> {
        let (all, owner, company, technician) = scope_binds(scope);
        let sql = format!(
            "SELECT COUNT(*) FROM service_orders o JOIN customers cu ON cu.id = o.customer_id
             WHERE {SCOPE_SQL} AND o.id = $5"
        );
        let n: i64 = on_conn!(self, c => sqlx::query_scalar(sqlx::AssertSqlSafe(sql))
            .bind(all).bind(owner).bind(company).bind(technician).bind(id)
            .fetch_one(c).await)?;
        Ok(n > 0)
    }

    /// Unscoped: the active order whose QR token is `token`.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn order_by_qr_token(&mut self, token: &str) -> Result<Option<Order>, sqlx::Error> {
        let sql = format!(
            "SELECT {ORDER_COLUMNS} FROM {ORDER_FROM} WHERE o.qr_token = $1 AND o.active = TRUE"
        );
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(token).fetch_optional(c).await)
    }

    /// One page of orders, newest first, `limit` rows after `after`.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn orders_page(
        &mut self,
        scope: OrderScope,
        filter: &OrderFilter,
        after: Option<&OrderCursor>,
        limit: i64,
    ) -> Result<Vec<Order>, sqlx::Error> {
        let (all, owner, company, technician) = scope_binds(scope);
        let state = state_sql(filter.state);
        let sql = format!(
            "SELECT {ORDER_COLUMNS} FROM {ORDER_FROM}
             WHERE {SCOPE_SQL} AND {state}
               AND ($5 IS NULL OR o.customer_id = $5)
               AND ($6 IS NULL OR EXISTS (SELECT 1 FROM order_technicians ft
                                          WHERE ft.order_id = o.id AND ft.user_id = $6))
               AND ($7 IS NULL OR o.search_text LIKE $7 ESCAPE '\\')
               AND ($8 IS NULL OR o.public_status_id = $8)
               AND ($9 IS NULL OR o.internal_status_id = $9)
               AND ($10 IS NULL OR o.created_at < $10 OR (o.created_at = $10 AND o.id < $11))
             ORDER BY o.created_at DESC, o.id DESC LIMIT $12"
        );
        let q = filter.q.as_deref().map(like_pattern);
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(all).bind(owner).bind(company).bind(technician)
            .bind(filter.customer_id).bind(filter.technician_id).bind(q.as_deref())
            .bind(filter.status_id).bind(filter.internal_status_id)
            .bind(after.map(|a| a.created_at)).bind(after.map(|a| a.id)).bind(limit)
            .fetch_all(c).await)
    }

    /// The technicians of these orders: (order, technician), by name.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn technicians_of(
        &mut self,
        orders: &[OrderId],
    ) -> Result<Vec<(OrderId, AssignedTechnician)>, sqlx::Error> {
        if orders.is_empty() {
            return Ok(Vec::new());
        }
        let rows: Vec<(OrderId, UserId, String)> = on_conn!(self, c => {
            let mut q = sqlx::QueryBuilder::new(
                "SELECT t.order_id, t.user_id, u.name FROM order_technicians t
                 JOIN users u ON u.id = t.user_id WHERE t.order_id IN (",
            );
            let mut list = q.separated(", ");
            for id in orders {
                list.push_bind(*id);
            }
            q.push(") ORDER BY u.name, u.id");
            q.build_query_as().fetch_all(c).await
        })?;
        Ok(rows
            .into_iter()
            .map(|(order, id, name)| (order, AssignedTechnician { id, name }))
            .collect())
    }

    /// Replaces the technicians of an order.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn set_order_technicians(
        &mut self,
        id: OrderId,
        technicians: &[UserId],
        now: Timestamp,
    ) -> Result<(), sqlx::Error> {
        on_conn!(self, c => sqlx::query("DELETE FROM order_technicians WHERE order_id = $1")
            .bind(id).execute(c).await.map(|_| ()))?;
        for user in technicians {
            on_conn!(self, c => sqlx::query(
                "INSERT INTO order_technicians (order_id, user_id, assigned_at) VALUES ($1, $2, $3)")
                .bind(id).bind(user).bind(now).execute(c).await.map(|_| ()))?;
        }
        Ok(())
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn update_order(
        &mut self,
        id: OrderId,
        number: &str,
        d: &OrderData,
        now: Timestamp,
    ) -> Result<(), sqlx::Error> {
        on_conn!(self, c => sqlx::query(
            "UPDATE service_orders SET equipment_id = $2, reason = $3, search_text = $4,
                service_value = $5, promised_at = $6, updated_at = $7 WHERE id = $1")
            .bind(id).bind(d.equipment_id).bind(&d.reason).bind(search_text(number, &d.reason))
            .bind(d.service_value).bind(d.promised_at).bind(now)
            .execute(c).await.map(|_| ()))
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn set_order_active(
        &mut self,
        id: OrderId,
        active: bool,
        now: Timestamp,
    ) -> Result<(), sqlx::Error> {
        on_conn!(self, c => sqlx::query(
            "UPDATE service_orders SET active = $2, updated_at = $3 WHERE id = $1")
            .bind(id).bind(active).bind(now).execute(c).await.map(|_| ()))
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn set_order_qr_token(
        &mut self,
        id: OrderId,
        token: &str,
        now: Timestamp,
    ) -> Result<(), sqlx::Error> {
        on_conn!(self, c => sqlx::query(
            "UPDATE service_orders SET qr_token = $2, updated_at = $3 WHERE id = $1")
            .bind(id).bind(token).bind(now).execute(c).await.map(|_| ()))
    }

    /// Sets the order's current public and internal statuses from its
    /// timeline (the latest event of each visibility that is not deleted and
    /// carries a status), and its update time.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn refresh_order_statuses(
        &mut self,
        id: OrderId,
        now: Timestamp,
    ) -> Result<(), sqlx::Error> {
        on_conn!(self, c => sqlx::query(
            "UPDATE service_orders SET
                public_status_id = (SELECT ev.status_id FROM order_events ev
                    WHERE ev.order_id = $1 AND ev.visibility = 'public' AND ev.deleted_at IS NULL
                      AND ev.status_id IS NOT NULL
                    ORDER BY ev.created_at DESC, ev.id DESC LIMIT 1),
                internal_status_id = (SELECT ev.status_id FROM order_events ev
                    WHERE ev.order_id = $1 AND ev.visibility = 'internal' AND ev.deleted_at IS NULL
                      AND ev.status_id IS NOT NULL
                    ORDER BY ev.created_at DESC, ev.id DESC LIMIT 1),
                updated_at = $2
             WHERE id = $1")
            .bind(id).bind(now).execute(c).await.map(|_| ()))
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn touch_order(&mut self, id: OrderId, now: Timestamp) -> Result<(), sqlx::Error> {
        on_conn!(self, c => sqlx::query("UPDATE service_orders SET updated_at = $2 WHERE id = $1")
            .bind(id).bind(now).execute(c).await.map(|_| ()))
    }

    // --- timeline -----------------------------------------------------------------

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn insert_order_event(&mut self, e: &NewOrderEvent) -> Result<(), sqlx::Error> {
        on_conn!(self, c => sqlx::query(
            "INSERT INTO order_events (id, order_id, visibility, status_id, label, comment,
                author_id, created_at, edited_at, edited_by, deleted_at, deleted_by)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, NULL, NULL, NULL, NULL)")
            .bind(e.id).bind(e.order_id).bind(e.visibility).bind(e.status_id).bind(&e.label)
            .bind(&e.comment).bind(e.author_id).bind(e.now)
            .execute(c).await.map(|_| ()))
    }

    /// One event of `order` (photos not filled in), deleted or not.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn order_event(
        &mut self,
        order: OrderId,
        id: OrderEventId,
    ) -> Result<Option<OrderEvent>, sqlx::Error> {
        let sql = format!(
            "SELECT {EVENT_COLUMNS} FROM {EVENT_FROM}
             WHERE ev.order_id = $1 AND ev.id = $2"
        );
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(order).bind(id).fetch_optional(c).await)
    }

    /// The timeline of an order, oldest first: public events, internal ones
    /// only when `include_internal`, deleted ones only when `include_deleted`.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn order_events(
        &mut self,
        order: OrderId,
        include_internal: bool,
        include_deleted: bool,
    ) -> Result<Vec<OrderEvent>, sqlx::Error> {
        let sql = format!(
            "SELECT {EVENT_COLUMNS} FROM {EVENT_FROM}
             WHERE ev.order_id = $1 AND ($2 OR ev.visibility = 'public')
               AND ($3 OR ev.deleted_at IS NULL)
             ORDER BY ev.created_at, ev.id"
        );
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(order).bind(include_internal).bind(include_deleted).fetch_all(c).await)
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn update_order_event(
        &mut self,
        id: OrderEventId,
        status_id: Option<OrderStatusId>,
        label: &str,
        comment: &str,
        by: UserId,
        now: Timestamp,
    ) -> Result<(), sqlx::Error> {
        on_conn!(self, c => sqlx::query(
            "UPDATE order_events SET status_id = $2, label = $3, comment = $4, edited_at = $5,
                edited_by = $6 WHERE id = $1")
            .bind(id).bind(status_id).bind(label).bind(comment).bind(now).bind(by)
            .execute(c).await.map(|_| ()))
    }

    /// Marks an event deleted; `false` when it already was.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn delete_order_event(
        &mut self,
        id: OrderEventId,
        by: UserId,
        now: Timestamp,
    ) -> Result<bool, sqlx::Error> {
        let n = on_conn!(self, c => sqlx::query(
            "UPDATE order_events SET deleted_at = $2, deleted_by = $3
             WHERE id = $1 AND deleted_at IS NULL")
            .bind(id).bind(now).bind(by).execute(c).await.map(|r| r.rows_affected()))?;
        Ok(n == 1)
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn insert_order_photo(&mut self, p: &OrderPhoto) -> Result<(), sqlx::Error> {
        on_conn!(self, c => sqlx::query(
            "INSERT INTO order_event_photos (id, event_id, stored_name, thumb_name, created_at)
             VALUES ($1, $2, $3, $4, $5)")
            .bind(p.id).bind(p.event_id).bind(&p.stored_name).bind(&p.thumb_name).bind(p.created_at)
            .execute(c).await.map(|_| ()))
    }

    /// Every photo of an order's events, oldest first.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn order_photos(&mut self, order: OrderId) -> Result<Vec<OrderPhoto>, sqlx::Error> {
        on_conn!(self, c => sqlx::query_as(
            "SELECT ph.id, ph.event_id, ph.stored_name, ph.thumb_name, ph.created_at
             FROM order_event_photos ph JOIN order_events ev ON ev.id = ph.event_id
             WHERE ev.order_id = $1 ORDER BY ph.created_at, ph.id")
            .bind(order).fetch_all(c).await)
    }

    /// A photo of one of `order`'s events, with its event's visibility.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn order_photo(
        &mut self,
        order: OrderId,
        id: OrderPhotoId,
    ) -> Result<Option<PhotoAccess>, sqlx::Error> {
        on_conn!(self, c => sqlx::query_as(
            "SELECT ph.stored_name, ph.thumb_name, ev.visibility,
                    (ev.deleted_at IS NOT NULL) AS deleted
             FROM order_event_photos ph JOIN order_events ev ON ev.id = ph.event_id
             WHERE ev.order_id = $1 AND ph.id = $2")
            .bind(order).bind(id).fetch_optional(c).await)
    }

    // --- parts ------------------------------------------------------------------------

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn insert_order_part(
        &mut self,
        id: OrderPartId,
        order: OrderId,
        d: &PartData,
        by: UserId,
        now: Timestamp,
    ) -> Result<(), sqlx::Error> {
        on_conn!(self, c => sqlx::query(
            "INSERT INTO order_parts (id, order_id, description, quantity, unit_price,
                warranty_days, shown_to_customer, added_by, created_at, updated_at,
                edited_at, edited_by, deleted_at, deleted_by)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9, NULL, NULL, NULL, NULL)")
            .bind(id).bind(order).bind(&d.description).bind(d.quantity).bind(d.unit_price)
            .bind(d.warranty_days).bind(d.shown_to_customer).bind(by).bind(now)
            .execute(c).await.map(|_| ()))
    }

    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn order_part(
        &mut self,
        order: OrderId,
        id: OrderPartId,
    ) -> Result<Option<OrderPart>, sqlx::Error> {
        let sql =
            format!("SELECT {PART_COLUMNS} FROM {PART_FROM} WHERE p.order_id = $1 AND p.id = $2");
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(order).bind(id).fetch_optional(c).await)
    }

    /// The parts of an order, oldest first; hidden ones only when
    /// `include_hidden`, deleted ones only when `include_deleted` (staff on
    /// the order's page; never on paper, the QR page or for customers).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn order_parts(
        &mut self,
        order: OrderId,
        include_hidden: bool,
        include_deleted: bool,
    ) -> Result<Vec<OrderPart>, sqlx::Error> {
        let sql = format!(
            "SELECT {PART_COLUMNS} FROM {PART_FROM}
             WHERE p.order_id = $1 AND ($2 OR p.shown_to_customer = TRUE)
               AND ($3 OR p.deleted_at IS NULL)
             ORDER BY p.created_at, p.id"
        );
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(order).bind(include_hidden).bind(include_deleted).fetch_all(c).await)
    }

    /// Saves an edit and stamps who made it.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn update_order_part(
        &mut self,
        id: OrderPartId,
        d: &PartData,
        by: UserId,
        now: Timestamp,
    ) -> Result<(), sqlx::Error> {
        on_conn!(self, c => sqlx::query(
            "UPDATE order_parts SET description = $2, quantity = $3, unit_price = $4,
                warranty_days = $5, shown_to_customer = $6, updated_at = $7, edited_at = $7,
                edited_by = $8 WHERE id = $1")
            .bind(id).bind(&d.description).bind(d.quantity).bind(d.unit_price)
            .bind(d.warranty_days).bind(d.shown_to_customer).bind(now).bind(by)
            .execute(c).await.map(|_| ()))
    }

    /// Marks a part deleted (it stays for staff); `false` when it already was.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn delete_order_part(
        &mut self,
        id: OrderPartId,
        by: UserId,
        now: Timestamp,
    ) -> Result<bool, sqlx::Error> {
        let n = on_conn!(self, c => sqlx::query(
            "UPDATE order_parts SET deleted_at = $2, deleted_by = $3, updated_at = $2
             WHERE id = $1 AND deleted_at IS NULL")
            .bind(id).bind(now).bind(by).execute(c).await.map(|r| r.rows_affected()))?;
        Ok(n == 1)
    }

    /// One page of the parts view across all orders, newest first.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn parts_page(
        &mut self,
        filter: &PartFilter,
        after: Option<&PartCursor>,
        limit: i64,
    ) -> Result<Vec<OrderPart>, sqlx::Error> {
        let sql = format!(
            "SELECT {PART_COLUMNS} FROM {PART_FROM}
             WHERE p.deleted_at IS NULL AND ($1 IS NULL OR p.created_at >= $1)
               AND ($2 IS NULL OR p.created_at < $2)
               AND ($3 IS NULL OR p.order_id = $3)
               AND ($4 IS NULL OR p.added_by = $4)
               AND ($5 IS NULL OR EXISTS (SELECT 1 FROM order_technicians ft
                                          WHERE ft.order_id = p.order_id AND ft.user_id = $5))
               AND ($6 IS NULL OR LOWER(p.description) LIKE $6 ESCAPE '\\')
               AND ($7 IS NULL OR p.created_at < $7 OR (p.created_at = $7 AND p.id < $8))
             ORDER BY p.created_at DESC, p.id DESC LIMIT $9"
        );
        let q = filter.q.as_deref().map(like_pattern);
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(filter.from).bind(filter.until).bind(filter.order_id).bind(filter.added_by)
            .bind(filter.technician_id).bind(q.as_deref())
            .bind(after.map(|a| a.created_at)).bind(after.map(|a| a.id)).bind(limit)
            .fetch_all(c).await)
    }
}
