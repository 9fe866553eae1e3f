//! The operations report's reads: orders received or closed in a range,
//! their technicians, parts, tasks and survey scores.

use crate::domain::{CustomerId, OrderId, Timestamp, UserId};
use crate::store::{Conn, on_conn};

/// What every operations read is limited to: orders received or closed in
/// `[start, end)` (UTC instants of the range's local days).
#[derive(Debug, Clone)]
pub struct OperationsScope {
    pub start: Timestamp,
    pub end: Timestamp,
    pub customer_id: Option<CustomerId>,
    /// Only customers this seller owns.
    pub seller_id: Option<UserId>,
    pub category: Option<String>,
    /// Only orders this technician works on (and only their figures).
    pub technician_id: Option<UserId>,
}

/// An order received or closed in the range.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct OrderTimes {
    pub id: OrderId,
    pub received_at: Timestamp,
    pub closed_at: Option<Timestamp>,
    /// The current internal status' label (`None`: none set).
    pub status: Option<String>,
}

/// A technician on an order received or closed in the range.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct TechnicianOrder {
    pub user_id: UserId,
    pub name: String,
    pub order_id: OrderId,
    pub received_at: Timestamp,
    pub closed_at: Option<Timestamp>,
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

const ORDER_FILTER: &str = "($3 IS NULL OR o.customer_id = $3) AND ($4 IS NULL OR cu.owner_id = $4)
    AND ($5 IS NULL OR cu.category = $5)
    AND ($6 IS NULL OR EXISTS (SELECT 1 FROM order_technicians t6
                                WHERE t6.order_id = o.id AND t6.user_id = $6))";

const IN_RANGE: &str = "((o.received_at >= $1 AND o.received_at < $2)
    OR (o.closed_at >= $1 AND o.closed_at < $2))";

impl Conn {
    /// Orders received or closed in the range.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn report_orders(
        &mut self,
        s: &OperationsScope,
    ) -> Result<Vec<OrderTimes>, sqlx::Error> {
        let sql = format!(
            "SELECT o.id, o.received_at, o.closed_at, st.label AS status
             FROM service_orders o JOIN customers cu ON cu.id = o.customer_id
                  LEFT JOIN order_statuses st ON st.id = o.internal_status_id
             WHERE o.active = TRUE AND {IN_RANGE} AND {ORDER_FILTER}"
        );
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(s.start).bind(s.end).bind(s.customer_id).bind(s.seller_id)
            .bind(&s.category).bind(s.technician_id).fetch_all(c).await)
    }

    /// The technicians of those orders (only `technician_id`'s when set).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn report_technician_orders(
        &mut self,
        s: &OperationsScope,
    ) -> Result<Vec<TechnicianOrder>, sqlx::Error> {
        let sql = format!(
            "SELECT t.user_id, u.name, o.id AS order_id, o.received_at, o.closed_at
             FROM order_technicians t JOIN service_orders o ON o.id = t.order_id
                  JOIN users u ON u.id = t.user_id JOIN customers cu ON cu.id = o.customer_id
             WHERE o.active = TRUE AND {IN_RANGE} AND {ORDER_FILTER}
               AND ($6 IS NULL OR t.user_id = $6)"
        );
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(s.start).bind(s.end).bind(s.customer_id).bind(s.seller_id)
            .bind(&s.category).bind(s.technician_id).fetch_all(c).await)
    }

    /// Part lines added in the range to each technician's orders.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn report_parts_by_technician(
        &mut self,
        s: &OperationsScope,
    ) -> Result<Vec<TechnicianCount>, sqlx::Error> {
        let sql = format!(
            "SELECT t.user_id, COUNT(*) AS count
             FROM order_parts p JOIN order_technicians t ON t.order_id = p.order_id
                  JOIN service_orders o ON o.id = p.order_id JOIN customers cu ON cu.id = o.customer_id
             WHERE p.deleted_at IS NULL AND p.created_at >= $1 AND p.created_at < $2
               AND {ORDER_FILTER} AND ($6 IS NULL OR t.user_id = $6)
             GROUP BY t.user_id"
        );
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(s.start).bind(s.end).bind(s.customer_id).bind(s.seller_id)
            .bind(&s.category).bind(s.technician_id).fetch_all(c).await)
    }

    /// Timeline entries each technician wrote in the range (seed 000: "el
    /// registro de tareas por técnico").
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn report_tasks_by_technician(
        &mut self,
        s: &OperationsScope,
    ) -> Result<Vec<TechnicianCount>, sqlx::Error> {
        let sql = format!(
            "SELECT e.author_id AS user_id, COUNT(*) AS count
             FROM order_events e JOIN service_orders o ON o.id = e.order_id
                  JOIN customers cu ON cu.id = o.customer_id
                  JOIN users u ON u.id = e.author_id
             WHERE e.deleted_at IS NULL AND e.created_at >= $1 AND e.created_at < $2
               AND u.role = 'technician' AND {ORDER_FILTER} AND ($6 IS NULL OR e.author_id = $6)
             GROUP BY e.author_id"
        );
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(s.start).bind(s.end).bind(s.customer_id).bind(s.seller_id)
            .bind(&s.category).bind(s.technician_id).fetch_all(c).await)
    }

    /// Surveys answered in the range on each technician's orders.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn report_scores_by_technician(
        &mut self,
        s: &OperationsScope,
    ) -> Result<Vec<TechnicianScores>, sqlx::Error> {
        let sql = format!(
            "SELECT t.user_id, COUNT(*) AS answered,
                    CAST(COALESCE(SUM(sv.nps), 0) AS BIGINT) AS nps_sum,
                    CAST(COALESCE(SUM(sv.csat), 0) AS BIGINT) AS csat_sum
             FROM surveys sv JOIN order_technicians t ON t.order_id = sv.order_id
                  JOIN service_orders o ON o.id = sv.order_id JOIN customers cu ON cu.id = o.customer_id
             WHERE sv.answered_at >= $1 AND sv.answered_at < $2
               AND sv.nps IS NOT NULL AND sv.csat IS NOT NULL
               AND {ORDER_FILTER} AND ($6 IS NULL OR t.user_id = $6)
             GROUP BY t.user_id"
        );
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(s.start).bind(s.end).bind(s.customer_id).bind(s.seller_id)
            .bind(&s.category).bind(s.technician_id).fetch_all(c).await)
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
        let sql = format!(
            "SELECT p.order_id, p.created_at AS at
             FROM order_parts p JOIN order_technicians t ON t.order_id = p.order_id
                  JOIN service_orders o ON o.id = p.order_id JOIN customers cu ON cu.id = o.customer_id
             WHERE p.deleted_at IS NULL AND p.created_at >= $1 AND p.created_at < $2
               AND {ORDER_FILTER} AND t.user_id = $7"
        );
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(s.start).bind(s.end).bind(s.customer_id).bind(s.seller_id)
            .bind(&s.category).bind(s.technician_id).bind(user).fetch_all(c).await)
    }

    /// The timeline entries `report_tasks_by_technician` counts for `user`.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn report_tasks_of(
        &mut self,
        s: &OperationsScope,
        user: UserId,
    ) -> Result<Vec<TechnicianRecord>, sqlx::Error> {
        let sql = format!(
            "SELECT e.order_id, e.created_at AS at
             FROM order_events e JOIN service_orders o ON o.id = e.order_id
                  JOIN customers cu ON cu.id = o.customer_id
                  JOIN users u ON u.id = e.author_id
             WHERE e.deleted_at IS NULL AND e.created_at >= $1 AND e.created_at < $2
               AND u.role = 'technician' AND {ORDER_FILTER} AND e.author_id = $7"
        );
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(s.start).bind(s.end).bind(s.customer_id).bind(s.seller_id)
            .bind(&s.category).bind(s.technician_id).bind(user).fetch_all(c).await)
    }

    /// The surveys `report_scores_by_technician` counts for `user`.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn report_surveys_of(
        &mut self,
        s: &OperationsScope,
        user: UserId,
    ) -> Result<Vec<TechnicianRecord>, sqlx::Error> {
        let sql = format!(
            "SELECT sv.order_id, sv.answered_at AS at
             FROM surveys sv JOIN order_technicians t ON t.order_id = sv.order_id
                  JOIN service_orders o ON o.id = sv.order_id JOIN customers cu ON cu.id = o.customer_id
             WHERE sv.answered_at >= $1 AND sv.answered_at < $2
               AND sv.nps IS NOT NULL AND sv.csat IS NOT NULL
               AND {ORDER_FILTER} AND t.user_id = $7"
        );
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(s.start).bind(s.end).bind(s.customer_id).bind(s.seller_id)
            .bind(&s.category).bind(s.technician_id).bind(user).fetch_all(c).await)
    }
}
