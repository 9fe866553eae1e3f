//! Purchase orders to suppliers: the order, its lines, the receipts, and
//! the facts supplier performance is computed from.
//!
//! State changes are conditional (`WHERE state = <expected>`), so a stale
//! decision (two people sending, or receiving on an order someone just
//! cancelled) changes nothing and the service reports the conflict.

use chrono::NaiveDate;
use serde::Serialize;

use super::like_pattern;
use crate::domain::inventory::{
    LineFacts, PurchaseOrderState, ReceiptFacts, Sku, StockQty, StockUnit,
};
use crate::domain::{
    ItemId, Money, PurchaseLineId, PurchaseOrderId, PurchaseReceiptId, StockMoveId, SupplierId,
    Timestamp, UserId,
};
use crate::store::{Conn, on_conn};

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct PurchaseOrder {
    pub id: PurchaseOrderId,
    /// Human number, e.g. `OC-000042`.
    pub number: String,
    pub supplier_id: SupplierId,
    pub state: PurchaseOrderState,
    pub notes: String,
    pub created_by: UserId,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub sent_at: Option<Timestamp>,
    /// When it became received, closed short or cancelled.
    pub finished_at: Option<Timestamp>,
}

const ORDER_COLUMNS: &str = "id, number, supplier_id, state, notes, created_by, created_at, updated_at, sent_at, finished_at";

#[derive(Debug, Default)]
pub struct PurchaseOrderFilter {
    pub supplier: Option<SupplierId>,
    pub state: Option<PurchaseOrderState>,
    /// Matches the number (case-insensitive substring).
    pub q: Option<String>,
}

/// Position after the last row of a page (newest first).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct PurchaseOrderCursor {
    pub created_at: Timestamp,
    pub id: PurchaseOrderId,
}

/// A line with its item's SKU, description and unit.
#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct PurchaseLine {
    pub id: PurchaseLineId,
    pub purchase_order_id: PurchaseOrderId,
    pub item_id: ItemId,
    pub sku: Sku,
    pub description: String,
    pub unit: StockUnit,
    pub position: i32,
    pub quantity: StockQty,
    pub received: StockQty,
    pub unit_cost: Money,
    pub promised_on: Option<NaiveDate>,
    pub fully_received_at: Option<Timestamp>,
    pub created_at: Timestamp,
}

const LINE_SELECT: &str = "SELECT l.id, l.purchase_order_id, l.item_id, i.sku, i.description,
    i.unit, l.position, l.quantity, l.received, l.unit_cost, l.promised_on, l.fully_received_at,
    l.created_at
    FROM purchase_order_lines l JOIN inventory_items i ON i.id = l.item_id";

/// The line fields people edit on a draft.
#[derive(Debug, Clone, Copy)]
pub struct PurchaseLineData {
    pub quantity: StockQty,
    pub unit_cost: Money,
    pub promised_on: Option<NaiveDate>,
}

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct PurchaseReceipt {
    pub id: PurchaseReceiptId,
    pub purchase_order_id: PurchaseOrderId,
    pub line_id: PurchaseLineId,
    pub item_id: ItemId,
    pub quantity: StockQty,
    pub unit_cost: Money,
    pub average_cost_before: Money,
    pub over_receipt: bool,
    pub stock_move_id: StockMoveId,
    pub received_by: UserId,
    pub received_at: Timestamp,
}

const RECEIPT_COLUMNS: &str = "id, purchase_order_id, line_id, item_id, quantity, unit_cost,
    average_cost_before, over_receipt, stock_move_id, received_by, received_at";

#[derive(Debug, Clone, Copy)]
pub struct NewReceipt {
    pub purchase_order_id: PurchaseOrderId,
    pub line_id: PurchaseLineId,
    pub item_id: ItemId,
    pub quantity: StockQty,
    pub unit_cost: Money,
    pub average_cost_before: Money,
    pub over_receipt: bool,
    pub stock_move_id: StockMoveId,
    pub received_by: UserId,
    pub received_at: Timestamp,
}

/// A purchase order line as supplier performance sees it.
#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct LineFactsRow {
    pub supplier_id: SupplierId,
    pub order_state: PurchaseOrderState,
    pub quantity: StockQty,
    pub received: StockQty,
    pub promised_on: Option<NaiveDate>,
    pub sent_at: Option<Timestamp>,
    pub fully_received_at: Option<Timestamp>,
}

impl LineFactsRow {
    /// The domain facts, with the completion date in the company's time zone.
    pub fn facts(&self, tz: chrono_tz::Tz) -> LineFacts {
        LineFacts {
            order_state: self.order_state,
            ordered: self.quantity,
            received: self.received,
            promised_on: self.promised_on,
            sent_at: self.sent_at,
            fully_received_at: self.fully_received_at,
            fully_received_on: self
                .fully_received_at
                .map(|t| t.as_datetime().with_timezone(&tz).date_naive()),
        }
    }
}

/// A receipt as supplier performance sees it.
#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct ReceiptFactsRow {
    pub supplier_id: SupplierId,
    pub quantity: StockQty,
    pub unit_cost: Money,
    pub average_cost_before: Money,
}

impl ReceiptFactsRow {
    pub fn facts(&self) -> ReceiptFacts {
        ReceiptFacts {
            quantity: self.quantity,
            unit_cost: self.unit_cost,
            average_cost_before: self.average_cost_before,
        }
    }
}

impl Conn {
    /// Creates a draft, numbered `OC-000001`… from the `purchase_order`
    /// counter in this transaction: a rollback gives the number back, so
    /// numbers are gap-free.
    #[tracing::instrument(skip_all)]
    pub async fn insert_purchase_order(
        &mut self,
        id: PurchaseOrderId,
        supplier: SupplierId,
        notes: &str,
        by: UserId,
        now: Timestamp,
    ) -> Result<PurchaseOrder, sqlx::Error> {
        let number = format!("OC-{:06}", self.next_number("purchase_order").await?);
        let sql = format!(
            "INSERT INTO purchase_orders (id, number, supplier_id, state, notes, created_by,
                created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $7) RETURNING {ORDER_COLUMNS}"
        );
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(id).bind(number).bind(supplier).bind(PurchaseOrderState::Draft).bind(notes)
            .bind(by).bind(now)
            .fetch_one(c).await)
    }

    #[tracing::instrument(skip_all)]
    pub async fn purchase_order(
        &mut self,
        id: PurchaseOrderId,
    ) -> Result<Option<PurchaseOrder>, sqlx::Error> {
        let sql = format!("SELECT {ORDER_COLUMNS} FROM purchase_orders WHERE id = $1");
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(c).await)
    }

    /// Reads an order and holds its row lock (PostgreSQL) until the
    /// transaction ends, so a decision on its state cannot race another.
    #[tracing::instrument(skip_all)]
    pub async fn lock_purchase_order(
        &mut self,
        id: PurchaseOrderId,
    ) -> Result<Option<PurchaseOrder>, sqlx::Error> {
        let sql = format!(
            "UPDATE purchase_orders SET updated_at = updated_at WHERE id = $1 RETURNING {ORDER_COLUMNS}"
        );
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(c).await)
    }

    /// One page of purchase orders, newest first.
    #[tracing::instrument(skip_all)]
    pub async fn purchase_orders_page(
        &mut self,
        filter: &PurchaseOrderFilter,
        after: Option<&PurchaseOrderCursor>,
        limit: i64,
    ) -> Result<Vec<PurchaseOrder>, sqlx::Error> {
        let sql = format!(
            "SELECT {ORDER_COLUMNS} FROM purchase_orders
             WHERE ($1 IS NULL OR supplier_id = $1)
               AND ($2 IS NULL OR state = $2)
               AND ($3 IS NULL OR LOWER(number) LIKE $3 ESCAPE '\\')
               AND ($4 IS NULL OR created_at < $4 OR (created_at = $4 AND id < $5))
             ORDER BY created_at DESC, id DESC LIMIT $6"
        );
        let q = filter.q.as_deref().map(like_pattern);
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(filter.supplier).bind(filter.state).bind(q.as_deref())
            .bind(after.map(|a| a.created_at)).bind(after.map(|a| a.id)).bind(limit)
            .fetch_all(c).await)
    }

    /// Moves an order from `from` to `to` if it is still in `from`; stamps
    /// `sent_at` on sending and `finished_at` on a final state. False when
    /// the order was not in `from` (nothing changed).
    #[tracing::instrument(skip_all)]
    pub async fn set_purchase_order_state(
        &mut self,
        id: PurchaseOrderId,
        from: PurchaseOrderState,
        to: PurchaseOrderState,
        now: Timestamp,
    ) -> Result<bool, sqlx::Error> {
        let sent = (to == PurchaseOrderState::Sent).then_some(now);
        let finished = to.is_final().then_some(now);
        on_conn!(self, c => sqlx::query(
            "UPDATE purchase_orders SET state = $3, updated_at = $4,
                sent_at = COALESCE($5, sent_at), finished_at = COALESCE($6, finished_at)
             WHERE id = $1 AND state = $2")
            .bind(id).bind(from).bind(to).bind(now).bind(sent).bind(finished)
            .execute(c).await.map(|r| r.rows_affected() == 1))
    }

    #[tracing::instrument(skip_all)]
    pub async fn set_purchase_order_notes(
        &mut self,
        id: PurchaseOrderId,
        notes: &str,
        now: Timestamp,
    ) -> Result<bool, sqlx::Error> {
        on_conn!(self, c => sqlx::query(
            "UPDATE purchase_orders SET notes = $2, updated_at = $3 WHERE id = $1")
            .bind(id).bind(notes).bind(now)
            .execute(c).await.map(|r| r.rows_affected() == 1))
    }

    // --- lines ------------------------------------------------------------

    #[tracing::instrument(skip_all)]
    pub async fn purchase_lines(
        &mut self,
        order: PurchaseOrderId,
    ) -> Result<Vec<PurchaseLine>, sqlx::Error> {
        let sql = format!("{LINE_SELECT} WHERE l.purchase_order_id = $1 ORDER BY l.position, l.id");
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(order).fetch_all(c).await)
    }

    #[tracing::instrument(skip_all)]
    pub async fn purchase_line(
        &mut self,
        id: PurchaseLineId,
    ) -> Result<Option<PurchaseLine>, sqlx::Error> {
        let sql = format!("{LINE_SELECT} WHERE l.id = $1");
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(c).await)
    }

    /// Appends a line at the end. An item already on the order is a unique
    /// violation (one line per item).
    #[tracing::instrument(skip_all)]
    pub async fn insert_purchase_line(
        &mut self,
        order: PurchaseOrderId,
        item: ItemId,
        d: &PurchaseLineData,
        now: Timestamp,
    ) -> Result<PurchaseLine, sqlx::Error> {
        let id = PurchaseLineId::new();
        on_conn!(self, c => sqlx::query(
            "INSERT INTO purchase_order_lines (id, purchase_order_id, item_id, position, quantity,
                received, unit_cost, promised_on, created_at)
             VALUES ($1, $2, $3,
                     (SELECT COALESCE(MAX(position), 0) + 1 FROM purchase_order_lines
                      WHERE purchase_order_id = $2),
                     $4, 0, $5, $6, $7)")
            .bind(id).bind(order).bind(item).bind(d.quantity).bind(d.unit_cost)
            .bind(d.promised_on).bind(now)
            .execute(c).await.map(drop))?;
        self.purchase_line(id)
            .await?
            .ok_or(sqlx::Error::RowNotFound)
    }

    /// `None` when `id` is not a line of `order`.
    #[tracing::instrument(skip_all)]
    pub async fn update_purchase_line(
        &mut self,
        order: PurchaseOrderId,
        id: PurchaseLineId,
        d: &PurchaseLineData,
    ) -> Result<Option<PurchaseLine>, sqlx::Error> {
        let n = on_conn!(self, c => sqlx::query(
            "UPDATE purchase_order_lines SET quantity = $3, unit_cost = $4, promised_on = $5
             WHERE id = $1 AND purchase_order_id = $2")
            .bind(id).bind(order).bind(d.quantity).bind(d.unit_cost).bind(d.promised_on)
            .execute(c).await.map(|r| r.rows_affected()))?;
        if n == 0 {
            return Ok(None);
        }
        self.purchase_line(id).await
    }

    /// False when `id` is not a line of `order`.
    #[tracing::instrument(skip_all)]
    pub async fn delete_purchase_line(
        &mut self,
        order: PurchaseOrderId,
        id: PurchaseLineId,
    ) -> Result<bool, sqlx::Error> {
        on_conn!(self, c => sqlx::query(
            "DELETE FROM purchase_order_lines WHERE id = $1 AND purchase_order_id = $2")
            .bind(id).bind(order)
            .execute(c).await.map(|r| r.rows_affected() == 1))
    }

    // --- receiving --------------------------------------------------------

    /// Adds `quantity` to what a line has received; stamps
    /// `fully_received_at` the first time received reaches the quantity.
    #[tracing::instrument(skip_all)]
    pub async fn add_line_received(
        &mut self,
        id: PurchaseLineId,
        quantity: StockQty,
        now: Timestamp,
    ) -> Result<PurchaseLine, sqlx::Error> {
        on_conn!(self, c => sqlx::query(
            "UPDATE purchase_order_lines
             SET received = received + $2,
                 fully_received_at = CASE WHEN fully_received_at IS NULL AND received + $2 >= quantity
                                          THEN $3 ELSE fully_received_at END
             WHERE id = $1")
            .bind(id).bind(quantity).bind(now)
            .execute(c).await.map(drop))?;
        self.purchase_line(id)
            .await?
            .ok_or(sqlx::Error::RowNotFound)
    }

    #[tracing::instrument(skip_all)]
    pub async fn insert_purchase_receipt(
        &mut self,
        r: &NewReceipt,
    ) -> Result<PurchaseReceipt, sqlx::Error> {
        let sql = format!(
            "INSERT INTO purchase_receipts (id, purchase_order_id, line_id, item_id, quantity,
                unit_cost, average_cost_before, over_receipt, stock_move_id, received_by, received_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) RETURNING {RECEIPT_COLUMNS}"
        );
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(PurchaseReceiptId::new()).bind(r.purchase_order_id).bind(r.line_id).bind(r.item_id)
            .bind(r.quantity).bind(r.unit_cost).bind(r.average_cost_before).bind(r.over_receipt)
            .bind(r.stock_move_id).bind(r.received_by).bind(r.received_at)
            .fetch_one(c).await)
    }

    #[tracing::instrument(skip_all)]
    pub async fn purchase_receipts(
        &mut self,
        order: PurchaseOrderId,
    ) -> Result<Vec<PurchaseReceipt>, sqlx::Error> {
        let sql = format!(
            "SELECT {RECEIPT_COLUMNS} FROM purchase_receipts WHERE purchase_order_id = $1
             ORDER BY received_at, id"
        );
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(order).fetch_all(c).await)
    }

    // --- supplier performance ---------------------------------------------

    /// Lines of orders sent in [from, to), of one supplier or all.
    #[tracing::instrument(skip_all)]
    pub async fn supplier_line_facts(
        &mut self,
        supplier: Option<SupplierId>,
        from: Timestamp,
        to: Timestamp,
    ) -> Result<Vec<LineFactsRow>, sqlx::Error> {
        on_conn!(self, c => sqlx::query_as(
            "SELECT p.supplier_id, p.state AS order_state, l.quantity, l.received, l.promised_on,
                    p.sent_at, l.fully_received_at
             FROM purchase_order_lines l JOIN purchase_orders p ON p.id = l.purchase_order_id
             WHERE ($1 IS NULL OR p.supplier_id = $1) AND p.sent_at >= $2 AND p.sent_at < $3
             ORDER BY p.supplier_id, p.sent_at, l.id")
            .bind(supplier).bind(from).bind(to)
            .fetch_all(c).await)
    }

    /// Receipts made in [from, to), of one supplier or all.
    #[tracing::instrument(skip_all)]
    pub async fn supplier_receipt_facts(
        &mut self,
        supplier: Option<SupplierId>,
        from: Timestamp,
        to: Timestamp,
    ) -> Result<Vec<ReceiptFactsRow>, sqlx::Error> {
        on_conn!(self, c => sqlx::query_as(
            "SELECT p.supplier_id, r.quantity, r.unit_cost, r.average_cost_before
             FROM purchase_receipts r JOIN purchase_orders p ON p.id = r.purchase_order_id
             WHERE ($1 IS NULL OR p.supplier_id = $1) AND r.received_at >= $2 AND r.received_at < $3
             ORDER BY p.supplier_id, r.received_at, r.id")
            .bind(supplier).bind(from).bind(to)
            .fetch_all(c).await)
    }
}
