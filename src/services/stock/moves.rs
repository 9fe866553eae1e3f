//! Stock moves people make by hand: the initial count of an item (once, its
//! first move) and adjustments (signed, with a reason, signed by who made
//! them). Reservations, releases and consumptions come from order parts;
//! receipts from purchasing. Nothing is edited in place: a wrong move is
//! corrected by another one.

use serde::{Deserialize, Serialize};

use super::availability::Availability;
use super::{invalid_quantity, stock_error};
use crate::domain::inventory::{AdjustmentReason, StockChange, StockMoveKind, StockQty};
use crate::domain::{
    ItemId, Money, OrderId, OrderPartId, Permission, PurchaseLineId, StockMoveId, Timestamp, UserId,
};
use crate::error::{AppError, AppResult};
use crate::services::{Lines, Principal, Services, decode_cursor, next_page, text_field};
use crate::store::inventory::{MoveCursor, NewMove, StockMove};

/// The moves a person records by hand.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum MoveKindInput {
    /// The first count of an item (positive; only as its first move).
    InitialCount,
    /// A signed correction with a reason.
    Adjustment,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[schema(as = StockMoveInput)]
pub struct MoveInput {
    pub kind: MoveKindInput,
    /// Decimal string; positive for a count, signed (not zero) for an
    /// adjustment; whole when the item's unit is.
    #[schema(value_type = String, pattern = r"^([1-9][0-9]{0,8}(\.[0-9]{1,3})?|1000000000(\.0{1,3})?|0\.([1-9][0-9]{0,2}|0[1-9][0-9]?|00[1-9]))$")]
    pub quantity: StockQty,
    /// Required for an adjustment.
    #[serde(default)]
    pub reason: Option<AdjustmentReason>,
    /// Free text: what broke, who counted, which delivery note.
    #[serde(default)]
    #[schema(max_length = 500)]
    pub note: String,
}

/// One move of the ledger, with who made it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema, ts_rs::TS)]
pub struct MoveView {
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
    pub created_by_name: String,
    pub created_at: Timestamp,
}

impl MoveView {
    fn new(m: &StockMove, created_by_name: String) -> MoveView {
        MoveView {
            id: m.id,
            item_id: m.item_id,
            kind: m.kind,
            quantity: m.quantity,
            on_hand_delta: m.on_hand_delta,
            reserved_delta: m.reserved_delta,
            on_hand_after: m.on_hand_after,
            reserved_after: m.reserved_after,
            reason: m.reason,
            note: m.note.clone(),
            order_id: m.order_id,
            order_part_id: m.order_part_id,
            purchase_line_id: m.purchase_line_id,
            unit_cost: m.unit_cost,
            created_by: m.created_by,
            created_by_name,
            created_at: m.created_at,
        }
    }
}

/// A move and the item's figures after it.
#[derive(Debug, Serialize, utoipa::ToSchema, ts_rs::TS)]
pub struct MoveResult {
    #[serde(rename = "move")]
    pub stock_move: MoveView,
    pub stock: Availability,
}

/// One page of an item's ledger, newest first.
#[derive(Debug, Serialize, utoipa::ToSchema, ts_rs::TS)]
pub struct MovePage {
    pub items: Vec<MoveView>,
    pub next_cursor: Option<String>,
}

impl Services {
    /// Records an initial count or an adjustment (office roles); stock that
    /// arrives this way fills the item's backorders, oldest first. Refused,
    /// with nothing changed, when the quantity does not fit the unit, or
    /// when it would make on hand negative or below what is reserved (409
    /// `insufficient_stock` with what is available).
    pub async fn record_move(
        &self,
        who: &Principal,
        item_id: ItemId,
        input: MoveInput,
    ) -> AppResult<MoveResult> {
        who.require(Permission::ManageStock)?;
        let note = text_field("note", &input.note, 500, false, Lines::Multi)?;
        let change = match input.kind {
            MoveKindInput::InitialCount => {
                if input.reason.is_some() {
                    return Err(AppError::validation(
                        "reason",
                        "only adjustments carry a reason",
                    ));
                }
                StockChange::InitialCount(input.quantity)
            }
            MoveKindInput::Adjustment => StockChange::Adjustment {
                delta: input.quantity,
                reason: input.reason.ok_or_else(|| {
                    AppError::validation("reason", "an adjustment needs a reason")
                })?,
            },
        };
        let now = Timestamp::now();
        let mut tx = self.begin().await?;
        let item = tx
            .item(item_id)
            .await?
            .ok_or_else(|| AppError::not_found("item"))?;
        change
            .check(item.unit)
            .map_err(|e| invalid_quantity("quantity", e))?;
        // Stock that arrives serves the backorders first: their orders are
        // locked before the level row (the lock order of a part edit).
        let arrives = change.deltas().on_hand.is_positive();
        if arrives {
            Self::lock_waiting_orders(&mut tx, &[item_id]).await?;
        }
        let new = NewMove {
            note: &note,
            ..NewMove::new(item_id, change, who.user.id, now)
        };
        let (m, level) = tx.append_move(&new).await.map_err(stock_error)?;
        self.announce_stock(&mut tx, Some(who), &level, &item.sku, &item.description)
            .await?;
        if arrives {
            self.fill_backorders(&mut tx, who, item_id, now).await?;
        }
        let after = tx
            .item(item_id)
            .await?
            .ok_or_else(|| AppError::not_found("item"))?;
        tx.commit().await?;
        Ok(MoveResult {
            stock_move: MoveView::new(&m, who.user.name.clone()),
            stock: Availability::of_item(&after),
        })
    }

    /// An item's ledger, newest first (office roles).
    pub async fn item_moves(
        &self,
        who: &Principal,
        item_id: ItemId,
        cursor: Option<&str>,
        limit: i64,
    ) -> AppResult<MovePage> {
        who.require(Permission::ManageStock)?;
        let before: Option<MoveCursor> = cursor.map(decode_cursor).transpose()?;
        let limit = limit.clamp(1, 200);
        let mut conn = self.store.conn().await?;
        if conn.stock_figures(item_id).await?.is_none() {
            return Err(AppError::not_found("item"));
        }
        let mut rows = conn.item_moves(item_id, before.as_ref(), limit + 1).await?;
        let next_cursor = next_page(&mut rows, limit, |m| MoveCursor {
            created_at: m.created_at,
            id: m.id,
        });
        let mut names = std::collections::HashMap::new();
        let mut items = Vec::with_capacity(rows.len());
        for m in &rows {
            let name = match names.get(&m.created_by) {
                Some(name) => String::clone(name),
                None => {
                    let name = conn
                        .user(m.created_by)
                        .await?
                        .map(|u| u.name)
                        .unwrap_or_default();
                    names.insert(m.created_by, name.clone());
                    name
                }
            };
            items.push(MoveView::new(m, name));
        }
        Ok(MovePage { items, next_cursor })
    }
}
