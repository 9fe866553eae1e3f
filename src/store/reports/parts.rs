//! The parts and suppliers report's reads: the consumption moves of a
//! range with the machine model they went into, and every item's stock
//! and stocking policy (a few thousand rows: the stock value and the items
//! below minimum are computed from them).

use super::{CustomerFilters, bind_customer_filters};
use crate::domain::{ItemId, Money, OrderId, StockMoveId, Timestamp};
use crate::store::{Conn, on_conn};

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
    /// Consumption moves in the range (oldest first).
    #[tracing::instrument(level = "debug", skip_all)]
    pub async fn report_consumption(
        &mut self,
        s: &PartsScope,
    ) -> Result<Vec<ConsumptionRow>, sqlx::Error> {
        let (filters, _) = s.customers.sql(3);
        let customers = if filters.is_empty() {
            "LEFT JOIN customers cu ON cu.id = o.customer_id"
        } else {
            "JOIN customers cu ON cu.id = o.customer_id"
        };
        let sql = format!(
            "SELECT m.id, m.created_at AS at, m.item_id, m.quantity, m.order_id, e.model
             FROM stock_moves m LEFT JOIN service_orders o ON o.id = m.order_id
                  LEFT JOIN equipment e ON e.id = o.equipment_id {customers}
             WHERE m.kind = 'consumption' AND m.created_at >= $1 AND m.created_at < $2{filters}
             ORDER BY m.created_at, m.id"
        );
        on_conn!(self, c => bind_customer_filters!(
                sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(s.start).bind(s.end), s.customers)
            .fetch_all(c).await)
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
