//! The stock ledger and the cached levels it keeps equal.
//!
//! Every change goes through [`Conn::append_move`] (on hand / reserved) or
//! [`Conn::shift_on_order`] (purchase orders), which both run one guarded
//! UPDATE of `stock_levels`:
//!
//! ```sql
//! UPDATE stock_levels SET on_hand = on_hand + Δh, reserved = reserved + Δr, …
//! WHERE item_id = $1 AND on_hand + Δh >= 0 AND reserved + Δr >= 0
//!   AND reserved + Δr <= on_hand + Δh AND on_order + Δo >= 0
//! ```
//!
//! No row updated means the move would break the books: nothing was
//! changed and the caller gets a [`StockShortage`] with what is available.
//! The UPDATE also holds the item's row lock until the transaction ends
//! (PostgreSQL; SQLite holds the database write lock from `BEGIN
//! IMMEDIATE`), so the reorder crossing state (`reorder_since`) is read and
//! flipped by one transaction at a time: one alert per crossing.

use serde::Serialize;

use crate::domain::inventory::{
    AdjustmentReason, Deltas, PartStockStatus, PurchaseOrderState, ReorderTransition, Sku,
    StockChange, StockLevel, StockMoveKind, StockPolicy, StockQty, StockShortage, StockUnit,
    needs_reorder, suggested_quantity,
};
use crate::domain::{
    ItemId, Money, OrderId, OrderPartId, PurchaseLineId, StockMoveId, SupplierId, Timestamp, UserId,
};
use crate::store::{Conn, on_conn};

/// A move to append to the ledger.
#[derive(Debug, Clone)]
pub struct NewMove<'a> {
    pub item: ItemId,
    pub change: StockChange,
    /// Free text: who counted, what broke, which delivery note.
    pub note: &'a str,
    pub order_id: Option<OrderId>,
    pub order_part_id: Option<OrderPartId>,
    pub purchase_line_id: Option<PurchaseLineId>,
    /// Receipts: the unit cost paid.
    pub unit_cost: Option<Money>,
    /// Added to the cached backorders in the same guarded UPDATE (a
    /// backorder reserved when its stock arrives: `-quantity`), so the
    /// projected quantity never shows the half-way state.
    pub backordered: StockQty,
    pub by: UserId,
    pub now: Timestamp,
}

impl<'a> NewMove<'a> {
    /// A move with no note and no links.
    pub fn new(item: ItemId, change: StockChange, by: UserId, now: Timestamp) -> NewMove<'a> {
        NewMove {
            item,
            change,
            note: "",
            order_id: None,
            order_part_id: None,
            purchase_line_id: None,
            unit_cost: None,
            backordered: StockQty::ZERO,
            by,
            now,
        }
    }
}

/// One row of the ledger.
#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct StockMove {
    pub id: StockMoveId,
    pub item_id: ItemId,
    pub kind: StockMoveKind,
    /// Positive; signed for adjustments.
    pub quantity: StockQty,
    pub on_hand_delta: StockQty,
    pub reserved_delta: StockQty,
    /// Running balances after this move.
    pub on_hand_after: StockQty,
    pub reserved_after: StockQty,
    pub reason: Option<AdjustmentReason>,
    pub note: String,
    pub order_id: Option<OrderId>,
    pub order_part_id: Option<OrderPartId>,
    pub purchase_line_id: Option<PurchaseLineId>,
    pub unit_cost: Option<Money>,
    pub created_by: UserId,
    pub created_at: Timestamp,
}

const MOVE_COLUMNS: &str = "id, item_id, kind, quantity, on_hand_delta, reserved_delta,
    on_hand_after, reserved_after, reason, note, order_id, order_part_id, purchase_line_id,
    unit_cost, created_by, created_at";

/// Position after the last row of a ledger page (newest first).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct MoveCursor {
    pub created_at: Timestamp,
    pub id: StockMoveId,
}

/// What a change did to an item's level, and to its reorder state.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct LevelChange {
    pub item_id: ItemId,
    pub before: StockLevel,
    pub after: StockLevel,
    pub policy: StockPolicy,
    /// `Crossed`: it just fell below its minimum — alert purchasing, once.
    pub transition: ReorderTransition,
}

#[derive(Debug, thiserror::Error)]
pub enum StockError {
    #[error(transparent)]
    Shortage(#[from] StockShortage),
    #[error("fewer backorders are waiting than that")]
    BackorderedNegative,
    #[error("no such item")]
    UnknownItem,
    #[error("the item already has stock moves: the initial count must be the first")]
    AlreadyCounted,
    #[error("more would leave purchase orders than is on order")]
    OnOrderNegative,
    #[error(transparent)]
    Db(#[from] sqlx::Error),
}

/// Availability of one item: the figures a part picker or the reorder
/// check needs, from one primary-key lookup.
#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct StockFigures {
    pub item_id: ItemId,
    pub sku: Sku,
    pub unit: StockUnit,
    pub on_hand: StockQty,
    pub reserved: StockQty,
    pub on_order: StockQty,
    pub backordered: StockQty,
    pub minimum: StockQty,
    pub maximum: StockQty,
    pub reorder_multiple: StockQty,
    pub reorder_since: Option<Timestamp>,
}

impl StockFigures {
    pub fn level(&self) -> StockLevel {
        StockLevel {
            on_hand: self.on_hand,
            reserved: self.reserved,
            on_order: self.on_order,
            backordered: self.backordered,
        }
    }
    pub fn available(&self) -> StockQty {
        self.level().available()
    }
    pub fn projected(&self) -> StockQty {
        self.level().projected()
    }
}

const FIGURES_SQL: &str = "SELECT s.item_id, i.sku, i.unit, s.on_hand, s.reserved, s.on_order,
    s.backordered, i.minimum, i.maximum, i.reorder_multiple, s.reorder_since
    FROM stock_levels s JOIN inventory_items i ON i.id = s.item_id";

/// An item on the "to reorder" list.
#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct ReorderLine {
    pub item_id: ItemId,
    pub sku: Sku,
    pub description: String,
    pub unit: StockUnit,
    pub average_cost: Money,
    pub minimum: StockQty,
    pub maximum: StockQty,
    pub reorder_multiple: StockQty,
    pub preferred_supplier_id: Option<SupplierId>,
    pub supplier_name: Option<String>,
    pub on_hand: StockQty,
    pub reserved: StockQty,
    pub on_order: StockQty,
    /// The quantity those order parts wait for (counted in projected).
    pub backordered: StockQty,
    pub reorder_since: Timestamp,
    /// Already on draft purchase orders (not yet sent, so not on order).
    pub in_draft: StockQty,
    /// Order parts waiting for this item ("to order").
    pub backorders: i64,
}

impl ReorderLine {
    pub fn level(&self) -> StockLevel {
        StockLevel {
            on_hand: self.on_hand,
            reserved: self.reserved,
            on_order: self.on_order,
            backordered: self.backordered,
        }
    }
    pub fn policy(&self) -> StockPolicy {
        StockPolicy {
            minimum: self.minimum,
            maximum: self.maximum,
            reorder_multiple: self.reorder_multiple,
        }
    }
    /// What to order still, counting what drafts already cover.
    pub fn suggested(&self) -> StockQty {
        suggested_quantity(self.level().projected() + self.in_draft, &self.policy())
    }
}

/// An item whose cached figures disagree with the ledger (must never happen).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct LedgerMismatch {
    pub item_id: ItemId,
    pub cached: StockLevel,
    /// on hand and reserved summed from the moves; on order from the open
    /// purchase order lines; backordered from the `to_order` order parts.
    pub ledger: StockLevel,
    pub flagged: bool,
    pub below_minimum: bool,
}

#[derive(sqlx::FromRow)]
struct LedgerRow {
    item_id: ItemId,
    on_hand: StockQty,
    reserved: StockQty,
    on_order: StockQty,
    backordered: StockQty,
    flagged: bool,
    minimum: StockQty,
    maximum: StockQty,
    reorder_multiple: StockQty,
    ledger_on_hand: StockQty,
    ledger_reserved: StockQty,
    ledger_on_order: StockQty,
}

#[derive(sqlx::FromRow)]
struct LevelRow {
    on_hand: StockQty,
    reserved: StockQty,
    on_order: StockQty,
    backordered: StockQty,
    reorder_since: Option<Timestamp>,
}

impl LevelRow {
    fn level(&self) -> StockLevel {
        StockLevel {
            on_hand: self.on_hand,
            reserved: self.reserved,
            on_order: self.on_order,
            backordered: self.backordered,
        }
    }
}

/// What one guarded UPDATE adds to a level (signed).
#[derive(Debug, Clone, Copy, Default)]
struct Shift {
    moves: Deltas,
    on_order: StockQty,
    backordered: StockQty,
}

impl Conn {
    /// Appends a move and updates the item's level in the same transaction.
    /// Refused (nothing changed) when it would make on hand or reserved
    /// negative or reserve more than on hand; an initial count is refused
    /// once the item has any move.
    #[tracing::instrument(skip_all)]
    pub async fn append_move(
        &mut self,
        m: &NewMove<'_>,
    ) -> Result<(StockMove, LevelChange), StockError> {
        if m.change.kind() == StockMoveKind::InitialCount {
            // Lock the level first so two first counts cannot both see "no moves".
            if self.lock_level(m.item, m.now).await?.is_none() {
                return Err(StockError::UnknownItem);
            }
            let counted: bool = on_conn!(self, c => sqlx::query_scalar(
                "SELECT EXISTS (SELECT 1 FROM stock_moves WHERE item_id = $1)")
                .bind(m.item).fetch_one(c).await)?;
            if counted {
                return Err(StockError::AlreadyCounted);
            }
        }
        let deltas = m.change.deltas();
        let Some(change) = self
            .shift_level(
                m.item,
                Shift {
                    moves: deltas,
                    backordered: m.backordered,
                    ..Shift::default()
                },
                m.now,
            )
            .await?
        else {
            return Err(self.refusal(m.item, &m.change).await?);
        };
        let sql = format!(
            "INSERT INTO stock_moves (id, item_id, kind, quantity, on_hand_delta, reserved_delta,
                on_hand_after, reserved_after, reason, note, order_id, order_part_id,
                purchase_line_id, unit_cost, created_by, created_at, cost_cents)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16,
                     (SELECT average_cost_cents FROM inventory_items WHERE id = $2))
             RETURNING {MOVE_COLUMNS}"
        );
        let row = on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(StockMoveId::new()).bind(m.item).bind(m.change.kind()).bind(m.change.quantity())
            .bind(deltas.on_hand).bind(deltas.reserved)
            .bind(change.after.on_hand).bind(change.after.reserved)
            .bind(m.change.reason()).bind(m.note).bind(m.order_id).bind(m.order_part_id)
            .bind(m.purchase_line_id).bind(m.unit_cost).bind(m.by).bind(m.now)
            .fetch_one(c).await)?;
        Ok((row, change))
    }

    /// Why a guarded update matched no row: no such item, or a shortage.
    async fn refusal(
        &mut self,
        item: ItemId,
        change: &StockChange,
    ) -> Result<StockError, StockError> {
        let Some(figures) = self.stock_figures(item).await? else {
            return Ok(StockError::UnknownItem);
        };
        let level = figures.level();
        Ok(StockError::Shortage(change.apply(level).err().unwrap_or(
            // The row changed between the two statements (SQLite cannot;
            // PostgreSQL only if the caller is not in a transaction): report
            // the figures as they are now.
            StockShortage {
                requested: change.quantity().abs(),
                available: level.available(),
                on_hand: level.on_hand,
                reserved: level.reserved,
            },
        )))
    }

    /// Adds `delta` (signed) to what is on order for `item` — a purchase
    /// order sent, received, closed short or cancelled. Not a ledger move:
    /// on order is derived from the open purchase order lines.
    #[tracing::instrument(skip_all)]
    pub async fn shift_on_order(
        &mut self,
        item: ItemId,
        delta: StockQty,
        now: Timestamp,
    ) -> Result<LevelChange, StockError> {
        match self
            .shift_level(
                item,
                Shift {
                    on_order: delta,
                    ..Shift::default()
                },
                now,
            )
            .await?
        {
            Some(change) => Ok(change),
            None if self.stock_figures(item).await?.is_none() => Err(StockError::UnknownItem),
            None => Err(StockError::OnOrderNegative),
        }
    }

    /// Adds `delta` (signed) to the quantity waiting as backorders for
    /// `item` — a part added "to order", resized, removed, installed, or
    /// its order deactivated. Not a ledger move: backordered is derived
    /// from the `to_order` order parts; it lowers the projected quantity,
    /// so it may put the item on the reorder list (one alert per crossing).
    #[tracing::instrument(skip_all)]
    pub async fn shift_backordered(
        &mut self,
        item: ItemId,
        delta: StockQty,
        now: Timestamp,
    ) -> Result<LevelChange, StockError> {
        match self
            .shift_level(
                item,
                Shift {
                    backordered: delta,
                    ..Shift::default()
                },
                now,
            )
            .await?
        {
            Some(change) => Ok(change),
            None if self.stock_figures(item).await?.is_none() => Err(StockError::UnknownItem),
            None => Err(StockError::BackorderedNegative),
        }
    }

    /// Re-evaluates the reorder state of `item` (its minimum changed) under
    /// the level's row lock. `None` when there is no such item.
    #[tracing::instrument(skip_all)]
    pub async fn settle_reorder(
        &mut self,
        item: ItemId,
        now: Timestamp,
    ) -> Result<Option<LevelChange>, sqlx::Error> {
        let Some(row) = self.lock_level(item, now).await? else {
            return Ok(None);
        };
        let level = row.level();
        self.finish_level_change(item, level, level, row.reorder_since.is_some(), now)
            .await
            .map(Some)
    }

    /// Touches the level row: on PostgreSQL this takes its row lock until
    /// the transaction ends (one SQL for both backends, unlike `FOR UPDATE`).
    async fn lock_level(
        &mut self,
        item: ItemId,
        now: Timestamp,
    ) -> Result<Option<LevelRow>, sqlx::Error> {
        on_conn!(self, c => sqlx::query_as(
            "UPDATE stock_levels SET updated_at = $2 WHERE item_id = $1
             RETURNING on_hand, reserved, on_order, backordered, reorder_since")
            .bind(item).bind(now).fetch_optional(c).await)
    }

    /// The guarded UPDATE (see the module docs); `None` when refused.
    async fn shift_level(
        &mut self,
        item: ItemId,
        d: Shift,
        now: Timestamp,
    ) -> Result<Option<LevelChange>, sqlx::Error> {
        let row: Option<LevelRow> = on_conn!(self, c => sqlx::query_as(
            "UPDATE stock_levels
             SET on_hand = on_hand + $2, reserved = reserved + $3, on_order = on_order + $4,
                 backordered = backordered + $5, updated_at = $6
             WHERE item_id = $1 AND on_hand + $2 >= 0 AND reserved + $3 >= 0
               AND reserved + $3 <= on_hand + $2 AND on_order + $4 >= 0
               AND backordered + $5 >= 0
             RETURNING on_hand, reserved, on_order, backordered, reorder_since")
            .bind(item).bind(d.moves.on_hand).bind(d.moves.reserved).bind(d.on_order)
            .bind(d.backordered).bind(now)
            .fetch_optional(c).await)?;
        let Some(row) = row else {
            return Ok(None);
        };
        let after = row.level();
        let before = StockLevel {
            on_hand: after.on_hand - d.moves.on_hand,
            reserved: after.reserved - d.moves.reserved,
            on_order: after.on_order - d.on_order,
            backordered: after.backordered - d.backordered,
        };
        self.finish_level_change(item, before, after, row.reorder_since.is_some(), now)
            .await
            .map(Some)
    }

    /// Flips the crossing state if the new figures crossed the minimum.
    /// Runs while the caller holds the level's row lock.
    async fn finish_level_change(
        &mut self,
        item: ItemId,
        before: StockLevel,
        after: StockLevel,
        flagged: bool,
        now: Timestamp,
    ) -> Result<LevelChange, sqlx::Error> {
        let (minimum, maximum, reorder_multiple): (StockQty, StockQty, StockQty) = on_conn!(self, c => sqlx::query_as(
            "SELECT minimum, maximum, reorder_multiple FROM inventory_items WHERE id = $1")
            .bind(item).fetch_one(c).await)?;
        let policy = StockPolicy {
            minimum,
            maximum,
            reorder_multiple,
        };
        let transition = ReorderTransition::of(flagged, after.projected(), &policy);
        let since = match transition {
            ReorderTransition::Crossed => Some(Some(now)),
            ReorderTransition::Recovered => Some(None),
            ReorderTransition::Unchanged => None,
        };
        if let Some(since) = since {
            on_conn!(self, c => sqlx::query(
                "UPDATE stock_levels SET reorder_since = $2 WHERE item_id = $1")
                .bind(item).bind(since).execute(c).await.map(drop))?;
        }
        Ok(LevelChange {
            item_id: item,
            before,
            after,
            policy,
            transition,
        })
    }

    /// Available / projected of one item (a primary-key lookup).
    #[tracing::instrument(skip_all)]
    pub async fn stock_figures(
        &mut self,
        item: ItemId,
    ) -> Result<Option<StockFigures>, sqlx::Error> {
        let sql = format!("{FIGURES_SQL} WHERE s.item_id = $1");
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(item).fetch_optional(c).await)
    }

    /// The figures of several items at once (a part picker's result list).
    #[tracing::instrument(skip_all)]
    pub async fn stock_figures_of(
        &mut self,
        items: &[ItemId],
    ) -> Result<Vec<StockFigures>, sqlx::Error> {
        if items.is_empty() {
            return Ok(Vec::new());
        }
        let placeholders = (1..=items.len())
            .map(|i| format!("${i}"))
            .collect::<Vec<_>>()
            .join(", ");
        let sql = format!("{FIGURES_SQL} WHERE s.item_id IN ({placeholders}) ORDER BY i.sku");
        on_conn!(self, c => {
            let mut q = sqlx::query_as(sqlx::AssertSqlSafe(sql));
            for id in items {
                q = q.bind(*id);
            }
            q.fetch_all(c).await
        })
    }

    /// One page of an item's ledger, newest first.
    #[tracing::instrument(skip_all)]
    pub async fn item_moves(
        &mut self,
        item: ItemId,
        before: Option<&MoveCursor>,
        limit: i64,
    ) -> Result<Vec<StockMove>, sqlx::Error> {
        let sql = format!(
            "SELECT {MOVE_COLUMNS} FROM stock_moves
             WHERE item_id = $1
               AND ($2 IS NULL OR created_at < $2 OR (created_at = $2 AND id < $3))
             ORDER BY created_at DESC, id DESC LIMIT $4"
        );
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(item).bind(before.map(|b| b.created_at)).bind(before.map(|b| b.id)).bind(limit)
            .fetch_all(c).await)
    }

    /// The moves of a service order (what it reserved, consumed, released).
    #[tracing::instrument(skip_all)]
    pub async fn order_stock_moves(
        &mut self,
        order: OrderId,
    ) -> Result<Vec<StockMove>, sqlx::Error> {
        let sql = format!(
            "SELECT {MOVE_COLUMNS} FROM stock_moves WHERE order_id = $1 ORDER BY created_at, id"
        );
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(order).fetch_all(c).await)
    }

    /// Recomputes every cached figure (or one item's) from the ledger and
    /// the open purchase orders, and the crossing state from the minimum;
    /// returns the items that disagree. Empty is the only healthy answer.
    #[tracing::instrument(skip_all)]
    pub async fn ledger_check(
        &mut self,
        item: Option<ItemId>,
    ) -> Result<Vec<LedgerMismatch>, sqlx::Error> {
        let rows: Vec<LedgerRow> = on_conn!(self, c => sqlx::query_as(
            "SELECT s.item_id, s.on_hand, s.reserved, s.on_order, s.backordered,
                    s.reorder_since IS NOT NULL AS flagged,
                    i.minimum, i.maximum, i.reorder_multiple,
                    COALESCE((SELECT CAST(SUM(m.on_hand_delta) AS BIGINT) FROM stock_moves m
                              WHERE m.item_id = s.item_id), 0) AS ledger_on_hand,
                    COALESCE((SELECT CAST(SUM(m.reserved_delta) AS BIGINT) FROM stock_moves m
                              WHERE m.item_id = s.item_id), 0) AS ledger_reserved,
                    COALESCE((SELECT CAST(SUM(CASE WHEN l.quantity > l.received
                                                   THEN l.quantity - l.received ELSE 0 END) AS BIGINT)
                              FROM purchase_order_lines l
                              JOIN purchase_orders p ON p.id = l.purchase_order_id
                              WHERE l.item_id = s.item_id AND p.state IN ($2, $3)), 0) AS ledger_on_order
             FROM stock_levels s JOIN inventory_items i ON i.id = s.item_id
             WHERE ($1 IS NULL OR s.item_id = $1)")
            .bind(item).bind(PurchaseOrderState::Sent).bind(PurchaseOrderState::PartiallyReceived)
            .fetch_all(c).await)?;
        // Order part quantities are decimals (text on SQLite): summed here,
        // exactly, in the item's thousandths.
        let waiting: Vec<(ItemId, crate::domain::Quantity)> = on_conn!(self, c => sqlx::query_as(
            "SELECT item_id, quantity FROM order_parts
             WHERE item_id IS NOT NULL AND stock_status = $1 AND deleted_at IS NULL
               AND ($2 IS NULL OR item_id = $2)")
            .bind(PartStockStatus::ToOrder).bind(item)
            .fetch_all(c).await)?;
        let mut backordered: std::collections::HashMap<ItemId, StockQty> =
            std::collections::HashMap::new();
        let mut unreadable = std::collections::HashSet::new();
        for (id, q) in waiting {
            match StockQty::try_from(q) {
                Ok(q) => *backordered.entry(id).or_default() += q,
                // A quantity the stock cannot express is a bug elsewhere:
                // report the item (a negative sum never equals the cache).
                Err(_) => drop(unreadable.insert(id)),
            }
        }
        for id in unreadable {
            backordered.insert(id, StockQty::units(-1));
        }
        Ok(rows
            .into_iter()
            .filter_map(|r| {
                let cached = StockLevel {
                    on_hand: r.on_hand,
                    reserved: r.reserved,
                    on_order: r.on_order,
                    backordered: r.backordered,
                };
                let ledger = StockLevel {
                    on_hand: r.ledger_on_hand,
                    reserved: r.ledger_reserved,
                    on_order: r.ledger_on_order,
                    backordered: backordered.get(&r.item_id).copied().unwrap_or_default(),
                };
                let policy = StockPolicy {
                    minimum: r.minimum,
                    maximum: r.maximum,
                    reorder_multiple: r.reorder_multiple,
                };
                let below_minimum = needs_reorder(ledger.projected(), &policy);
                (cached != ledger || r.flagged != below_minimum).then_some(LedgerMismatch {
                    item_id: r.item_id,
                    cached,
                    ledger,
                    flagged: r.flagged,
                    below_minimum,
                })
            })
            .collect())
    }

    /// The "to reorder" list: active items whose projected quantity is
    /// below their minimum, read through the partial index on
    /// `reorder_since`, in SKU order. `CROSS JOIN` is an inner join to
    /// PostgreSQL, and tells SQLite to drive from `stock_levels` (the small
    /// partial index) instead of walking every item in SKU order to save a
    /// sort of the few rows that qualify.
    #[tracing::instrument(skip_all)]
    pub async fn reorder_list(&mut self) -> Result<Vec<ReorderLine>, sqlx::Error> {
        on_conn!(self, c => sqlx::query_as(
            "SELECT i.id AS item_id, i.sku, i.description, i.unit, i.average_cost, i.minimum,
                    i.maximum, i.reorder_multiple, i.preferred_supplier_id, sup.name AS supplier_name,
                    s.on_hand, s.reserved, s.on_order, s.backordered, s.reorder_since,
                    COALESCE((SELECT CAST(SUM(l.quantity) AS BIGINT) FROM purchase_order_lines l
                              JOIN purchase_orders p ON p.id = l.purchase_order_id
                              WHERE l.item_id = i.id AND p.state = $1), 0) AS in_draft,
                    (SELECT COUNT(*) FROM order_parts op
                     WHERE op.item_id = i.id AND op.stock_status = $2
                       AND op.deleted_at IS NULL) AS backorders
             FROM stock_levels s
             CROSS JOIN inventory_items i
             LEFT JOIN suppliers sup ON sup.id = i.preferred_supplier_id
             WHERE i.id = s.item_id AND s.reorder_since IS NOT NULL AND i.active
             ORDER BY i.sku")
            .bind(PurchaseOrderState::Draft)
            .bind(PartStockStatus::ToOrder)
            .fetch_all(c).await)
    }
}
