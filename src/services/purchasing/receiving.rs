//! Receiving goods on a sent purchase order, line by line, partial allowed.
//!
//! One receiving action takes any number of lines; in one transaction, for
//! each: a `receipt` move in the stock ledger (on hand up), on order down by
//! what was outstanding, the item's moving average cost recomputed
//! ([`average_cost_after_receipt`], rounded to the currency), a receipt row
//! (with the average cost before, for the supplier's price variance) and
//! the line's received quantity; then the item's backorders are reserved,
//! oldest first, while the stock covers them (`Services::fill_backorders`).
//! Then the order becomes `partially_received`
//! or `received`. More than outstanding on a line is refused with
//! `over_receipt` (409) unless `confirm_over_receipt` is set; a cancelled or
//! finished order refuses with `purchase_order_not_open`; a negative or
//! fractional (for whole units) quantity is `validation_failed` on
//! `lines[i].quantity`. Any refusal changes nothing.

use serde::Deserialize;

use super::{FEED, PurchaseOrderDetail, not_found_order, not_open, positive_qty};
use crate::domain::events::{ChannelEvent, PurchaseOrderReceived};
use crate::domain::inventory::purchase::{average_cost_after_receipt, receive_line};
use crate::domain::inventory::{PurchaseOrderState, StockChange};
use crate::domain::money::currency_scale;
use crate::domain::{Permission, PurchaseLineId, PurchaseOrderId, Timestamp};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::services::{Lines, Principal, Services, text_field};
use crate::store::inventory::{NewMove, NewReceipt, StockError};

/// What arrived, per line.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ReceiveInput {
    /// At least one line; each line at most once.
    #[schema(min_items = 1)]
    pub lines: Vec<ReceiveLineInput>,
    /// Accept more than outstanding on a line (the supplier sent extra and
    /// it is kept). Without it, an over-receipt is refused with 409.
    #[serde(default)]
    pub confirm_over_receipt: bool,
    /// The delivery note or anything worth keeping; stored on the moves.
    #[serde(default)]
    #[schema(max_length = 500)]
    pub note: String,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ReceiveLineInput {
    pub line_id: PurchaseLineId,
    /// Greater than zero; whole when the item's unit is.
    #[schema(
        example = "3",
        pattern = r"^([1-9][0-9]{0,8}(\.[0-9]{1,3})?|1000000000(\.0{1,3})?|0\.([1-9][0-9]{0,2}|0[1-9][0-9]?|00[1-9]))$"
    )]
    pub quantity: String,
}

impl Services {
    pub async fn receive_purchase_order(
        &self,
        who: &Principal,
        id: PurchaseOrderId,
        input: ReceiveInput,
    ) -> AppResult<PurchaseOrderDetail> {
        who.require(Permission::ManagePurchasing)?;
        let note = text_field("note", &input.note, 500, false, Lines::Single)?;
        if input.lines.is_empty() {
            return Err(AppError::validation("lines", "receive at least one line"));
        }
        let mut tx = self.begin().await?;
        let order = tx
            .lock_purchase_order(id)
            .await?
            .ok_or_else(not_found_order)?;
        if !order.state.accepts_receipts() {
            return Err(not_open(order.state, "take receipts"));
        }
        let scale = currency_scale(&tx.company_settings().await?.currency);
        let now = Timestamp::now();
        // The orders whose backorders this receipt may fill, locked before
        // any level row (the lock order of a part edit).
        let mut receiving = Vec::new();
        for r in &input.lines {
            if let Some(line) = tx.purchase_line(r.line_id).await?
                && line.purchase_order_id == id
            {
                receiving.push(line.item_id);
            }
        }
        Self::lock_waiting_orders(&mut tx, &receiving).await?;
        let mut seen = Vec::new();
        let mut items = Vec::new();
        for (i, r) in input.lines.iter().enumerate() {
            let field = |name: &str| format!("lines[{i}].{name}");
            if seen.contains(&r.line_id) {
                return Err(AppError::validation(
                    "line_id",
                    "a line may be received once per action",
                )
                .field(field("line_id")));
            }
            seen.push(r.line_id);
            let line = tx
                .purchase_line(r.line_id)
                .await?
                .filter(|l| l.purchase_order_id == id)
                .ok_or_else(|| {
                    AppError::not_found("purchase order line").field(field("line_id"))
                })?;
            let quantity = positive_qty("quantity", &r.quantity, line.unit)
                .map_err(|e| e.field(field("quantity")))?;
            let booked = receive_line(
                line.quantity,
                line.received,
                quantity,
                input.confirm_over_receipt,
            )
            .map_err(|e| {
                AppError::new(
                    ErrorCode::OverReceipt,
                    format!("{e}: confirm the over-receipt to accept it"),
                )
                .field(field("quantity"))
            })?;
            let item = tx
                .item(line.item_id)
                .await?
                .ok_or_else(|| AppError::not_found("item"))?;
            let mut m = NewMove::new(
                line.item_id,
                StockChange::Receipt(quantity),
                who.user.id,
                now,
            );
            m.note = &note;
            m.purchase_line_id = Some(line.id);
            m.unit_cost = Some(line.unit_cost);
            let (mv, level) = tx.append_move(&m).await.map_err(|e| match e {
                StockError::Db(e) => e.into(),
                other => AppError::new(ErrorCode::Conflict, other.to_string()),
            })?;
            // The stock screens hear of the receipt as of any other move.
            self.announce_stock(&mut tx, Some(who), &level, &item.sku, &item.description)
                .await?;
            if !booked.on_order_delta.is_zero() {
                let level = tx
                    .shift_on_order(line.item_id, booked.on_order_delta, now)
                    .await
                    .map_err(|e| match e {
                        StockError::Db(e) => e.into(),
                        other => AppError::new(ErrorCode::Conflict, other.to_string()),
                    })?;
                self.announce_stock(&mut tx, Some(who), &level, &item.sku, &item.description)
                    .await?;
            }
            let average = average_cost_after_receipt(
                item.on_hand,
                item.average_cost,
                quantity,
                line.unit_cost,
                scale,
            );
            tx.set_item_average_cost(line.item_id, average, now).await?;
            tx.insert_purchase_receipt(&NewReceipt {
                purchase_order_id: id,
                line_id: line.id,
                item_id: line.item_id,
                quantity,
                unit_cost: line.unit_cost,
                average_cost_before: item.average_cost,
                over_receipt: booked.over_receipt,
                stock_move_id: mv.id,
                received_by: who.user.id,
                received_at: now,
            })
            .await?;
            tx.add_line_received(line.id, quantity, now).await?;
            // What was waiting for it is served first, oldest first.
            self.fill_backorders(&mut tx, who, line.item_id, now)
                .await?;
            items.push(line.item_id);
        }
        let lines = tx.purchase_lines(id).await?;
        let next = PurchaseOrderState::after_receipt(
            &lines
                .iter()
                .map(|l| (l.quantity, l.received))
                .collect::<Vec<_>>(),
        );
        if next != order.state {
            tx.set_purchase_order_state(id, order.state, next, now)
                .await?;
        }
        let order = tx.purchase_order(id).await?.ok_or_else(not_found_order)?;
        tx.publish(
            &FEED,
            ChannelEvent::PurchaseOrderReceived(PurchaseOrderReceived {
                purchase_order_id: order.id,
                number: order.number.clone(),
                supplier_id: order.supplier_id,
                state: order.state,
                items,
                by: who.actor(),
            }),
            Some(who.user.id),
        )
        .await?;
        let detail = self.purchase_order_detail(&mut tx, order).await?;
        tx.commit().await?;
        Ok(detail)
    }
}
