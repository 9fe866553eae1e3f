//! Catalog parts on service orders: which item a part is and where it
//! stands with the stock (reserved, consumed, to order). Free-text parts
//! keep both columns NULL.

use crate::domain::inventory::PartStockStatus;
use crate::domain::{ItemId, OrderId, OrderPartId, Quantity};
use crate::store::{Conn, on_conn};

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
