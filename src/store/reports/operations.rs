//! The operations report's reads: orders received and closed per period,
//! their statuses and each technician's orders counted in SQL (times as
//! whole seconds, the same on both backends); part lines, timeline entries
//! and survey scores per technician; and, for the drill-down, the orders
//! of the days clicked.
//!
//! Only the filters given are written into the SQL (`CustomerFilters`,
//! then the technician's): the customers are joined only when filtered.

use super::{
    CustomerFilters, PeriodBounds, bind_periods, bind_scope, bind_scope_filters, periods_sql,
    seconds_between, sqlite_index,
};
use crate::domain::{OrderId, Timestamp, UserId};
use crate::store::{Conn, on_conn};

/// What every operations read is limited to: orders received or closed in
/// `[start, end)` (UTC instants of the range's local days).
#[derive(Debug, Clone)]
pub struct OperationsScope {
    pub start: Timestamp,
    pub end: Timestamp,
    pub customers: CustomerFilters,
    /// Only orders this technician works on (and only their figures).
    pub technician_id: Option<UserId>,
}

/// An order received or closed in the range (the drill-down's).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OrderTimes {
    pub id: OrderId,
    pub received_at: Timestamp,
    pub closed_at: Option<Timestamp>,
    /// The current internal status' label (`None`: none set).
    pub status: Option<String>,
}

/// A technician on an order received or closed in the range (the
/// drill-down's).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TechnicianOrder {
    pub user_id: UserId,
    pub order_id: OrderId,
    pub received_at: Timestamp,
    pub closed_at: Option<Timestamp>,
}

/// Orders received in a period that are now in one state (`period`: its
/// index in the bounds).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ReceivedTally {
    pub period: i32,
    /// 1: closed since (whatever their last status), 0: still open.
    pub closed: i64,
    /// The current internal status' label of an open order (`None`: none
    /// set, or closed).
    pub status: Option<String>,
    pub orders: i64,
}

/// Orders closed in a period.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ClosedOrdersTally {
    pub period: i32,
    pub closed: i64,
    /// Σ whole seconds from reception to closing.
    pub cycle_seconds: i64,
}

/// A technician's orders received or closed in the range.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TechnicianTally {
    pub user_id: UserId,
    pub name: String,
    /// Received in the range.
    pub assigned: i64,
    /// Closed in the range.
    pub closed: i64,
    /// Σ whole seconds from reception to closing of those closed.
    pub close_seconds: i64,
}

/// A count per technician (parts used, timeline entries written).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TechnicianCount {
    pub user_id: UserId,
    pub count: i64,
}

/// Survey answers on a technician's orders.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TechnicianScores {
    pub user_id: UserId,
    pub answered: i64,
    pub nps_sum: i64,
    pub csat_sum: i64,
}

/// The join of the customers and the conditions on an order `o` for the
/// filters given, numbered from `$first`: its customer's, then that the
/// technician works on it. With a technician, `also` (its `$t` numbered
/// as the technician) is added: the technician's own rows of a read.
fn order_filters(s: &OperationsScope, first: usize, also: &str) -> (String, String) {
    let (join, mut sql, n) = s.customers.joined("o.customer_id", first);
    if s.technician_id.is_some() {
        sql.push_str(&format!(
            " AND EXISTS (SELECT 1 FROM order_technicians ft
                          WHERE ft.order_id = o.id AND ft.user_id = ${n})"
        ));
        if !also.is_empty() {
            sql.push_str(&format!(" AND {}", also.replace("$t", &format!("${n}"))));
        }
    }
    (join, sql)
}

const IN_RANGE: &str = "((o.received_at >= $1 AND o.received_at < $2)
    OR (o.closed_at >= $1 AND o.closed_at < $2))";

impl Conn {
    /// Orders received per period, by whether they are closed now and
    /// their current status (deactivated orders do not count).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn report_orders_received(
        &mut self,
        bounds: &PeriodBounds,
        s: &OperationsScope,
    ) -> Result<Vec<ReceivedTally>, sqlx::Error> {
        let (periods, next) = periods_sql(bounds, 1);
        let (join, filters) = order_filters(s, next, "");
        let index = sqlite_index(self, "service_orders_received");
        let closed = "CAST(CASE WHEN o.closed_at IS NULL THEN 0 ELSE 1 END AS BIGINT)";
        let status = "CASE WHEN o.closed_at IS NULL THEN st.label END";
        let sql = format!(
            "SELECT p.column1 AS period, {closed} AS closed, {status} AS status,
                    COUNT(*) AS orders
             FROM {periods} CROSS JOIN service_orders o{index}{join}
                  LEFT JOIN order_statuses st ON st.id = o.internal_status_id
             WHERE o.received_at >= p.column2 AND o.received_at < p.column3
               AND o.active = TRUE{filters}
             GROUP BY p.column1, {closed}, {status}"
        );
        on_conn!(self, c => bind_scope_filters!(
                bind_periods!(sqlx::query_as(sqlx::AssertSqlSafe(sql)), bounds), s)
            .fetch_all(c).await)
    }

    /// Orders closed per period and their cycle times.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn report_orders_closed(
        &mut self,
        bounds: &PeriodBounds,
        s: &OperationsScope,
    ) -> Result<Vec<ClosedOrdersTally>, sqlx::Error> {
        let (periods, next) = periods_sql(bounds, 1);
        let (join, filters) = order_filters(s, next, "");
        let cycle = seconds_between(self, "o.received_at", "o.closed_at");
        let index = sqlite_index(self, "service_orders_closed");
        let sql = format!(
            "SELECT p.column1 AS period, COUNT(*) AS closed,
                    CAST(COALESCE(SUM({cycle}), 0) AS BIGINT) AS cycle_seconds
             FROM {periods} CROSS JOIN service_orders o{index}{join}
             WHERE o.closed_at >= p.column2 AND o.closed_at < p.column3
               AND o.active = TRUE{filters}
             GROUP BY p.column1"
        );
        on_conn!(self, c => bind_scope_filters!(
                bind_periods!(sqlx::query_as(sqlx::AssertSqlSafe(sql)), bounds), s)
            .fetch_all(c).await)
    }

    /// Each technician's orders received and closed in the range (only
    /// `technician_id`'s when set).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn report_technician_tallies(
        &mut self,
        s: &OperationsScope,
    ) -> Result<Vec<TechnicianTally>, sqlx::Error> {
        let (join, filters) = order_filters(s, 3, "t.user_id = $t");
        let closed = "o.closed_at >= $1 AND o.closed_at < $2";
        let seconds = seconds_between(self, "o.received_at", "o.closed_at");
        let sql = format!(
            "SELECT t.user_id, u.name,
                    CAST(SUM(CASE WHEN o.received_at >= $1 AND o.received_at < $2
                                  THEN 1 ELSE 0 END) AS BIGINT) AS assigned,
                    CAST(SUM(CASE WHEN {closed} THEN 1 ELSE 0 END) AS BIGINT) AS closed,
                    CAST(COALESCE(SUM(CASE WHEN {closed} THEN {seconds} END), 0) AS BIGINT)
                        AS close_seconds
             FROM service_orders o{join}
                  JOIN order_technicians t ON t.order_id = o.id
                  JOIN users u ON u.id = t.user_id
             WHERE o.active = TRUE AND {IN_RANGE}{filters}
             GROUP BY t.user_id, u.name"
        );
        on_conn!(self, c => bind_scope!(sqlx::query_as(sqlx::AssertSqlSafe(sql)), s)
            .fetch_all(c).await)
    }

    /// Part lines added in the range to each technician's orders.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn report_parts_by_technician(
        &mut self,
        s: &OperationsScope,
    ) -> Result<Vec<TechnicianCount>, sqlx::Error> {
        let (join, filters) = order_filters(s, 3, "t.user_id = $t");
        let sql = format!(
            "SELECT t.user_id, COUNT(*) AS count
             FROM order_parts p JOIN order_technicians t ON t.order_id = p.order_id
                  JOIN service_orders o ON o.id = p.order_id{join}
             WHERE p.deleted_at IS NULL AND p.created_at >= $1 AND p.created_at < $2{filters}
             GROUP BY t.user_id"
        );
        on_conn!(self, c => bind_scope!(sqlx::query_as(sqlx::AssertSqlSafe(sql)), s)
            .fetch_all(c).await)
    }

    /// Timeline entries each technician wrote in the range (seed 000: "el
    /// registro de tareas por técnico"): counted per author on the index
    /// of what was written when, then kept for the technicians.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn report_tasks_by_technician(
        &mut self,
        s: &OperationsScope,
    ) -> Result<Vec<TechnicianCount>, sqlx::Error> {
        let (join, filters) = order_filters(s, 3, "e.author_id = $t");
        let index = sqlite_index(self, "order_events_written");
        // Orders are read only to filter them.
        let orders = if join.is_empty() && filters.is_empty() {
            String::new()
        } else {
            " JOIN service_orders o ON o.id = e.order_id".to_string()
        };
        let sql = format!(
            "SELECT w.user_id, w.count
             FROM (SELECT e.author_id AS user_id, COUNT(*) AS count
                   FROM order_events e{index}{orders}{join}
                   WHERE e.deleted_at IS NULL AND e.created_at >= $1 AND e.created_at < $2{filters}
                   GROUP BY e.author_id) w
                  JOIN users u ON u.id = w.user_id
             WHERE u.role = 'technician'"
        );
        on_conn!(self, c => bind_scope!(sqlx::query_as(sqlx::AssertSqlSafe(sql)), s)
            .fetch_all(c).await)
    }

    /// Surveys answered in the range on each technician's orders.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn report_scores_by_technician(
        &mut self,
        s: &OperationsScope,
    ) -> Result<Vec<TechnicianScores>, sqlx::Error> {
        let (join, filters) = order_filters(s, 3, "t.user_id = $t");
        let sql = format!(
            "SELECT t.user_id, COUNT(*) AS answered,
                    CAST(COALESCE(SUM(sv.nps), 0) AS BIGINT) AS nps_sum,
                    CAST(COALESCE(SUM(sv.csat), 0) AS BIGINT) AS csat_sum
             FROM surveys sv JOIN order_technicians t ON t.order_id = sv.order_id
                  JOIN service_orders o ON o.id = sv.order_id{join}
             WHERE sv.answered_at >= $1 AND sv.answered_at < $2
               AND sv.nps IS NOT NULL AND sv.csat IS NOT NULL{filters}
             GROUP BY t.user_id"
        );
        on_conn!(self, c => bind_scope!(sqlx::query_as(sqlx::AssertSqlSafe(sql)), s)
            .fetch_all(c).await)
    }

    /// Orders received or closed in the range (the drill-down's, over the
    /// days clicked).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn report_orders(
        &mut self,
        s: &OperationsScope,
    ) -> Result<Vec<OrderTimes>, sqlx::Error> {
        let (join, filters) = order_filters(s, 3, "");
        let sql = format!(
            "SELECT o.id, o.received_at, o.closed_at, st.label AS status
             FROM service_orders o{join}
                  LEFT JOIN order_statuses st ON st.id = o.internal_status_id
             WHERE o.active = TRUE AND {IN_RANGE}{filters}"
        );
        on_conn!(self, c => bind_scope!(sqlx::query_as(sqlx::AssertSqlSafe(sql)), s)
            .fetch_all(c).await)
    }

    /// The technicians of those orders (only `technician_id`'s when set).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn report_technician_orders(
        &mut self,
        s: &OperationsScope,
    ) -> Result<Vec<TechnicianOrder>, sqlx::Error> {
        let (join, filters) = order_filters(s, 3, "t.user_id = $t");
        let sql = format!(
            "SELECT t.user_id, o.id AS order_id, o.received_at, o.closed_at
             FROM order_technicians t JOIN service_orders o ON o.id = t.order_id{join}
             WHERE o.active = TRUE AND {IN_RANGE}{filters}"
        );
        on_conn!(self, c => bind_scope!(sqlx::query_as(sqlx::AssertSqlSafe(sql)), s)
            .fetch_all(c).await)
    }
}

/// A record a technician's figure counts: the order, and when it counted.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TechnicianRecord {
    pub order_id: OrderId,
    pub at: Timestamp,
}

impl Conn {
    /// The part lines `report_parts_by_technician` counts for `user`.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn report_parts_of(
        &mut self,
        s: &OperationsScope,
        user: UserId,
    ) -> Result<Vec<TechnicianRecord>, sqlx::Error> {
        let (join, filters) = order_filters(s, 4, "");
        let sql = format!(
            "SELECT p.order_id, p.created_at AS at
             FROM order_parts p JOIN order_technicians t ON t.order_id = p.order_id
                  JOIN service_orders o ON o.id = p.order_id{join}
             WHERE p.deleted_at IS NULL AND p.created_at >= $1 AND p.created_at < $2
               AND t.user_id = $3{filters}"
        );
        on_conn!(self, c => bind_scope_filters!(sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(s.start).bind(s.end).bind(user), s).fetch_all(c).await)
    }

    /// The timeline entries `report_tasks_by_technician` counts for `user`.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn report_tasks_of(
        &mut self,
        s: &OperationsScope,
        user: UserId,
    ) -> Result<Vec<TechnicianRecord>, sqlx::Error> {
        let (join, filters) = order_filters(s, 4, "");
        let sql = format!(
            "SELECT e.order_id, e.created_at AS at
             FROM order_events e JOIN service_orders o ON o.id = e.order_id{join}
                  JOIN users u ON u.id = e.author_id
             WHERE e.deleted_at IS NULL AND e.created_at >= $1 AND e.created_at < $2
               AND u.role = 'technician' AND e.author_id = $3{filters}"
        );
        on_conn!(self, c => bind_scope_filters!(sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(s.start).bind(s.end).bind(user), s).fetch_all(c).await)
    }

    /// The surveys `report_scores_by_technician` counts for `user`.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn report_surveys_of(
        &mut self,
        s: &OperationsScope,
        user: UserId,
    ) -> Result<Vec<TechnicianRecord>, sqlx::Error> {
        let (join, filters) = order_filters(s, 4, "");
        let sql = format!(
            "SELECT sv.order_id, sv.answered_at AS at
             FROM surveys sv JOIN order_technicians t ON t.order_id = sv.order_id
                  JOIN service_orders o ON o.id = sv.order_id{join}
             WHERE sv.answered_at >= $1 AND sv.answered_at < $2
               AND sv.nps IS NOT NULL AND sv.csat IS NOT NULL
               AND t.user_id = $3{filters}"
        );
        on_conn!(self, c => bind_scope_filters!(sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(s.start).bind(s.end).bind(user), s).fetch_all(c).await)
    }
}
