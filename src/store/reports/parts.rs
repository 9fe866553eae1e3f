//! The parts and suppliers report's reads: consumption counted and
//! valued in SQL by period, by item and by the machine model it went into
//! (a row per group, from the partial index `stock_moves_consumption`);
//! the consumption moves of a few days for the drill-down; and every
//! item's stock and stocking policy (a few thousand rows: the stock value
//! and the items below minimum are computed from them).
//!
//! A value is Σ quantity (thousandths) × the move's unit cost in
//! hundredths (`cost_cents`: the item's average cost when the move was
//! written, migration 0033): an integer in hundred-thousandths, exact and
//! the same on both backends. Each read takes its own partial index of the
//! consumption moves, which holds every column it needs.

use super::{
    CustomerFilters, PeriodBounds, bind_customer_filters, bind_periods, periods_sql, sqlite_index,
};
use crate::domain::{ItemId, Money, OrderId, StockMoveId, Timestamp};
use crate::store::{Conn, on_conn};

/// Decimal places of a consumption value from SQL (thousandths ×
/// hundredths).
pub const CONSUMPTION_VALUE_SCALE: u32 = 5;

/// Consumption of a period (`period`: its index in the bounds).
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct PeriodConsumption {
    pub period: i32,
    pub moves: i64,
    /// In units of 10⁻⁵ ([`CONSUMPTION_VALUE_SCALE`]).
    pub value: i64,
}

/// Consumption of an item over the range.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ItemConsumed {
    pub item_id: ItemId,
    pub moves: i64,
    /// Thousandths of the item's unit.
    pub quantity: i64,
    /// In units of 10⁻⁵.
    pub value: i64,
}

/// Consumption on machines of a model over the range.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ModelConsumed {
    /// `None`: on orders without a machine, or on no order.
    pub model: Option<String>,
    pub moves: i64,
    /// In units of 10⁻⁵.
    pub value: i64,
}

/// The joins and conditions that confine consumption moves (`m`) to the
/// customers the filters leave, numbered from `$first`: none without a
/// filter (every move counts, including those on no order).
fn customer_join(customers: &CustomerFilters, first: usize) -> (String, String) {
    let (join, filters, _) = customers.joined("fo.customer_id", first);
    if join.is_empty() {
        (join, filters)
    } else {
        (
            format!(" JOIN service_orders fo ON fo.id = m.order_id{join}"),
            filters,
        )
    }
}

/// Which consumption moves a drill-down lists (the filter is in the SQL:
/// one item's moves over three years are a few hundred rows, not the
/// 449,000 of every item).
#[derive(Debug, Clone)]
pub enum ConsumptionOf {
    All,
    Item(ItemId),
    /// On orders for machines of this model (`None`: no machine or no
    /// model).
    Model(Option<String>),
}

/// What the consumption read is limited to: moves in `[start, end)` on
/// orders of the customers the filters leave (no filter: every move,
/// including those on no order).
#[derive(Debug, Clone)]
pub struct PartsScope {
    pub start: Timestamp,
    pub end: Timestamp,
    pub customers: CustomerFilters,
}

/// One consumption move.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ConsumptionRow {
    pub id: StockMoveId,
    pub at: Timestamp,
    pub item_id: ItemId,
    /// Thousandths of the item's unit.
    pub quantity: i64,
    /// The unit cost in hundredths when it was consumed.
    pub cost_cents: Option<i64>,
    pub order_id: Option<OrderId>,
    /// The model of the machine on the order (`None`: no machine).
    pub model: Option<String>,
}

/// An item with its stock, for the stock value and the reorder figures.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct ItemStockRow {
    pub id: ItemId,
    pub sku: String,
    pub description: String,
    pub unit: String,
    pub active: bool,
    pub average_cost: Money,
    /// Thousandths.
    pub minimum: i64,
    pub on_hand: i64,
    pub reserved: i64,
    pub on_order: i64,
}

impl Conn {
    /// Consumption moves and their value per period.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn report_consumption_by_period(
        &mut self,
        bounds: &PeriodBounds,
        customers: &CustomerFilters,
    ) -> Result<Vec<PeriodConsumption>, sqlx::Error> {
        let (periods, next) = periods_sql(bounds, 1);
        let (join, filters) = customer_join(customers, next);
        let index = sqlite_index(self, "stock_moves_consumption");
        let sql = format!(
            "SELECT p.column1 AS period, COUNT(*) AS moves,
                    CAST(COALESCE(SUM(m.quantity * m.cost_cents), 0) AS BIGINT) AS value
             FROM {periods} CROSS JOIN stock_moves m{index}{join}
             WHERE m.kind = 'consumption' AND m.created_at >= p.column2
               AND m.created_at < p.column3{filters}
             GROUP BY p.column1"
        );
        on_conn!(self, c => bind_customer_filters!(
                bind_periods!(sqlx::query_as(sqlx::AssertSqlSafe(sql)), bounds), customers)
            .fetch_all(c).await)
    }

    /// Consumption moves and quantity per item over `[start, end)`.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn report_consumption_by_item(
        &mut self,
        s: &PartsScope,
    ) -> Result<Vec<ItemConsumed>, sqlx::Error> {
        let (join, filters) = customer_join(&s.customers, 3);
        let index = sqlite_index(self, "stock_moves_consumption_item");
        let sql = format!(
            "SELECT m.item_id, COUNT(*) AS moves, CAST(SUM(m.quantity) AS BIGINT) AS quantity,
                    CAST(COALESCE(SUM(m.quantity * m.cost_cents), 0) AS BIGINT) AS value
             FROM stock_moves m{index}{join}
             WHERE m.kind = 'consumption' AND m.created_at >= $1 AND m.created_at < $2{filters}
             GROUP BY m.item_id"
        );
        on_conn!(self, c => bind_customer_filters!(
                sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(s.start).bind(s.end), s.customers)
            .fetch_all(c).await)
    }

    /// Consumption moves and their value per machine model over
    /// `[start, end)`.
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn report_consumption_by_model(
        &mut self,
        s: &PartsScope,
    ) -> Result<Vec<ModelConsumed>, sqlx::Error> {
        let (join, filters) = customer_join(&s.customers, 3);
        let index = sqlite_index(self, "stock_moves_consumption_order");
        // Per order first (the moves come in order of their order), then
        // a machine per order rather than per move.
        let sql = format!(
            "SELECT e.model, CAST(SUM(g.moves) AS BIGINT) AS moves,
                    CAST(SUM(g.value) AS BIGINT) AS value
             FROM (SELECT m.order_id, COUNT(*) AS moves,
                          COALESCE(SUM(m.quantity * m.cost_cents), 0) AS value
                   FROM stock_moves m{index}{join}
                   WHERE m.kind = 'consumption' AND m.created_at >= $1
                     AND m.created_at < $2{filters}
                   GROUP BY m.order_id) g
                  LEFT JOIN service_orders o ON o.id = g.order_id
                  LEFT JOIN equipment e ON e.id = o.equipment_id
             GROUP BY e.model"
        );
        on_conn!(self, c => bind_customer_filters!(
                sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(s.start).bind(s.end), s.customers)
            .fetch_all(c).await)
    }

    /// A page of the consumption moves a drill-down lists, newest first,
    /// and how many there are in all: three years hold 449,000 moves, so
    /// the page is cut in SQL (reading them all into Rust to page them took
    /// 5.3 s on SQLite).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn report_consumption_page(
        &mut self,
        s: &PartsScope,
        of: &ConsumptionOf,
        offset: i64,
        limit: i64,
    ) -> Result<(Vec<ConsumptionRow>, i64), sqlx::Error> {
        let (mut filters, n) = s.customers.sql(3);
        let customers = if n > 3 { "JOIN" } else { "LEFT JOIN" };
        let page = match of {
            ConsumptionOf::All | ConsumptionOf::Model(None) => n,
            ConsumptionOf::Item(_) | ConsumptionOf::Model(Some(_)) => n + 1,
        };
        match of {
            ConsumptionOf::All => {}
            ConsumptionOf::Item(_) => filters.push_str(&format!(" AND m.item_id = ${n}")),
            ConsumptionOf::Model(Some(_)) => filters.push_str(&format!(" AND e.model = ${n}")),
            ConsumptionOf::Model(None) => filters.push_str(" AND e.model IS NULL"),
        }
        // Newest first by time alone: with the id as a tie-breaker SQLite
        // sorts every move of the range for each page; walking the index
        // backwards it stops after the page (two moves of one item written
        // in the same microsecond are the only ties).
        let (from, count, rows);
        if n > 3 || matches!(of, ConsumptionOf::Model(_)) {
            // Filtered through the order's customer or machine: joined.
            from = format!(
                "FROM stock_moves m LEFT JOIN service_orders o ON o.id = m.order_id
                      LEFT JOIN equipment e ON e.id = o.equipment_id
                      {customers} customers cu ON cu.id = o.customer_id
                 WHERE m.kind = 'consumption' AND m.created_at >= $1 AND m.created_at < $2{filters}"
            );
            count = format!("SELECT COUNT(*) {from}");
            rows = format!(
                "SELECT m.id, m.created_at AS at, m.item_id, m.quantity, m.cost_cents,
                        m.order_id, e.model
                 {from}
                 ORDER BY m.created_at DESC LIMIT ${page} OFFSET ${}",
                page + 1
            );
        } else {
            // Every move, or one item's: the page is cut on the moves'
            // index, then its orders' machines are joined.
            let index = sqlite_index(
                self,
                match of {
                    ConsumptionOf::Item(_) => "stock_moves_consumption_item",
                    _ => "stock_moves_consumption",
                },
            );
            from = format!(
                "FROM stock_moves m{index}
                 WHERE m.kind = 'consumption' AND m.created_at >= $1 AND m.created_at < $2{filters}"
            );
            count = format!("SELECT COUNT(*) {from}");
            rows = format!(
                "SELECT m.id, m.created_at AS at, m.item_id, m.quantity, m.cost_cents,
                        m.order_id, e.model
                 FROM (SELECT m.id, m.created_at, m.item_id, m.quantity, m.cost_cents, m.order_id
                       {from}
                       ORDER BY m.created_at DESC LIMIT ${page} OFFSET ${}) m
                      LEFT JOIN service_orders o ON o.id = m.order_id
                      LEFT JOIN equipment e ON e.id = o.equipment_id
                 ORDER BY m.created_at DESC",
                page + 1
            );
        }
        macro_rules! bind_read {
            ($q:expr) => {{
                let q = bind_customer_filters!($q.bind(s.start).bind(s.end), s.customers);
                match of {
                    ConsumptionOf::Item(item) => q.bind(*item),
                    ConsumptionOf::Model(Some(model)) => q.bind(model.clone()),
                    ConsumptionOf::All | ConsumptionOf::Model(None) => q,
                }
            }};
        }
        let total: i64 = on_conn!(self, c => bind_read!(
                sqlx::query_scalar(sqlx::AssertSqlSafe(count)))
            .fetch_one(&mut *c).await)?;
        let rows = on_conn!(self, c => bind_read!(
                sqlx::query_as(sqlx::AssertSqlSafe(rows)))
            .bind(limit).bind(offset).fetch_all(c).await)?;
        Ok((rows, total))
    }

    /// Every item with its stock level (none yet: zeros).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn report_item_stock(&mut self) -> Result<Vec<ItemStockRow>, sqlx::Error> {
        on_conn!(self, c => sqlx::query_as(
            "SELECT i.id, i.sku, i.description, i.unit, i.active, i.average_cost, i.minimum,
                    COALESCE(l.on_hand, 0) AS on_hand, COALESCE(l.reserved, 0) AS reserved,
                    COALESCE(l.on_order, 0) AS on_order
             FROM inventory_items i LEFT JOIN stock_levels l ON l.item_id = i.id
             ORDER BY i.sku")
            .fetch_all(c).await)
    }
}
