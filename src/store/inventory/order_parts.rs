//! Catalog parts on service orders: which item a part is and where it
//! stands with the stock (reserved, consumed, to order, released). Free-text
//! parts keep both columns NULL. The backorders ("to order" parts not
//! deleted) are purchasing's "Por pedir" list and what a receipt fills,
//! oldest first (partial index `order_parts_backorders`).

use crate::domain::inventory::{PartStockStatus, Sku, StockUnit};
use crate::domain::{CustomerId, ItemId, OrderId, OrderPartId, Quantity, Timestamp, UserId};
use crate::store::{Conn, on_conn};

/// A catalog part waiting "to order", as purchasing sees it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct Backorder {
    pub part_id: OrderPartId,
    pub order_id: OrderId,
    pub order_number: String,
    pub customer_id: CustomerId,
    pub customer_name: String,
    pub item_id: ItemId,
    pub sku: Sku,
    pub item_description: String,
    pub unit: StockUnit,
    pub quantity: Quantity,
    pub added_by: UserId,
    pub added_by_name: String,
    /// When the part was added to the order (the queue's order).
    pub since: Timestamp,
}

/// The most backorders one list returns (oldest first).
pub const MAX_BACKORDERS: i64 = 1000;

/// A catalog part of an order, as the stock rules need it.
#[derive(Debug, Clone, sqlx::FromRow)]
pub struct StockedPart {
    pub id: OrderPartId,
    pub item_id: ItemId,
    pub quantity: Quantity,
    pub stock_status: PartStockStatus,
}

impl Conn {
    /// Links a part to its catalog item and records its stock status.
    #[tracing::instrument(skip_all)]
    pub async fn set_order_part_stock(
        &mut self,
        part: OrderPartId,
        item: ItemId,
        status: PartStockStatus,
    ) -> Result<(), sqlx::Error> {
        on_conn!(self, c => sqlx::query(
            "UPDATE order_parts SET item_id = $2, stock_status = $3 WHERE id = $1")
            .bind(part).bind(item).bind(status)
            .execute(c).await.map(drop))
    }

    /// The catalog parts of an order (not deleted) in `status`, oldest first.
    #[tracing::instrument(skip_all)]
    pub async fn order_stocked_parts(
        &mut self,
        order: OrderId,
        status: PartStockStatus,
    ) -> Result<Vec<StockedPart>, sqlx::Error> {
        on_conn!(self, c => sqlx::query_as(
            "SELECT id, item_id, quantity, stock_status FROM order_parts
             WHERE order_id = $1 AND item_id IS NOT NULL AND stock_status = $2
               AND deleted_at IS NULL
             ORDER BY created_at, id")
            .bind(order).bind(status).fetch_all(c).await)
    }
}

impl Conn {
    /// Moves a part from one stock status to another, only if it is still
    /// in `from` and not deleted (compare-and-set: a concurrent edit that
    /// got there first makes this return false and change nothing).
    #[tracing::instrument(skip_all)]
    pub async fn switch_order_part_stock(
        &mut self,
        part: OrderPartId,
        from: PartStockStatus,
        to: PartStockStatus,
    ) -> Result<bool, sqlx::Error> {
        on_conn!(self, c => sqlx::query(
            "UPDATE order_parts SET stock_status = $3
             WHERE id = $1 AND stock_status = $2 AND deleted_at IS NULL")
            .bind(part).bind(from).bind(to)
            .execute(c).await.map(|r| r.rows_affected() == 1))
    }

    /// The backorders, oldest first: every item's, or one item's (what a
    /// receipt of it may fill). At most [`MAX_BACKORDERS`].
    #[tracing::instrument(skip_all)]
    pub async fn backorders(
        &mut self,
        item: Option<ItemId>,
    ) -> Result<Vec<Backorder>, sqlx::Error> {
        on_conn!(self, c => sqlx::query_as(
            "SELECT op.id AS part_id, o.id AS order_id, o.number AS order_number,
                    cu.id AS customer_id, cu.name AS customer_name,
                    i.id AS item_id, i.sku, i.description AS item_description, i.unit,
                    op.quantity, op.added_by, u.name AS added_by_name, op.created_at AS since
             FROM order_parts op
             JOIN service_orders o ON o.id = op.order_id
             JOIN customers cu ON cu.id = o.customer_id
             JOIN inventory_items i ON i.id = op.item_id
             JOIN users u ON u.id = op.added_by
             WHERE op.stock_status = $1 AND op.deleted_at IS NULL
               AND ($2 IS NULL OR op.item_id = $2)
             ORDER BY op.created_at, op.id
             LIMIT $3")
            .bind(PartStockStatus::ToOrder).bind(item).bind(MAX_BACKORDERS)
            .fetch_all(c).await)
    }

    /// The distinct orders waiting for any of `items`, in id order (locked
    /// in that order before the level rows, as part edits do).
    #[tracing::instrument(skip_all)]
    pub async fn orders_waiting_for(
        &mut self,
        items: &[ItemId],
    ) -> Result<Vec<OrderId>, sqlx::Error> {
        if items.is_empty() {
            return Ok(Vec::new());
        }
        on_conn!(self, c => {
            let mut q = sqlx::QueryBuilder::new(
                "SELECT DISTINCT order_id FROM order_parts
                 WHERE deleted_at IS NULL AND stock_status = ",
            );
            q.push_bind(PartStockStatus::ToOrder);
            q.push(" AND item_id IN (");
            let mut list = q.separated(", ");
            for id in items {
                list.push_bind(*id);
            }
            q.push(") ORDER BY order_id");
            q.build_query_scalar().fetch_all(c).await
        })
    }
}
