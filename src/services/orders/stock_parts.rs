//! Catalog parts on a service order and the stock ledger.
//!
//! | on the order | stock move | status |
//! |---|---|---|
//! | a catalog part added | reservation | `reserved` |
//! | added when not enough is available, as "to order" | none (a backorder) | `to_order` |
//! | its quantity edited | reservation / release of the difference | `reserved` |
//! | marked installed, or the order closed | consumption | `consumed` |
//! | removed while reserved | release | — |
//! | removed once consumed | return (back on the shelf) | — |
//!
//! Every move runs in the order's transaction, after the order's lock and
//! through the store's guarded UPDATE: of two technicians taking the last
//! unit at once, exactly one gets it and the other gets 409
//! `insufficient_stock` with what is available. Free-text parts (no item)
//! never touch the stock.

use crate::domain::inventory::{PartStockStatus, StockChange, StockQty, StockShortage};
use crate::domain::{ItemId, OrderId, OrderPartId, Permission, Quantity, Timestamp};
use crate::error::{AppError, AppResult};
use crate::services::stock::{insufficient, invalid_quantity, stock_error};
use crate::services::uow::UnitOfWork;
use crate::services::{Principal, Services};
use crate::store::inventory::{Item, NewMove, StockError};
use crate::store::orders::OrderPart;

/// A part's quantity in the item's unit (whole for pieces).
fn stock_qty(item: &Item, q: Quantity) -> AppResult<StockQty> {
    let q = StockQty::try_from(q).map_err(|e| invalid_quantity("quantity", e))?;
    item.unit
        .positive(q)
        .map_err(|e| invalid_quantity("quantity", e))
}

impl Services {
    /// The catalog item of a new part (staff who may see availability;
    /// active items only).
    pub(super) async fn part_item(tx: &mut UnitOfWork<'_>, id: ItemId) -> AppResult<Item> {
        match tx.item(id).await? {
            Some(item) if item.active => Ok(item),
            Some(_) => Err(AppError::validation(
                "item_id",
                "the item is deactivated in the catalog",
            )),
            None => Err(AppError::validation("item_id", "no such catalog item")),
        }
    }

    /// Appends one move of an order part and stages what it tells; a
    /// shortage is returned (nothing changed) for the caller to decide.
    #[allow(clippy::too_many_arguments)]
    async fn part_move(
        &self,
        tx: &mut UnitOfWork<'_>,
        who: &Principal,
        item: &Item,
        change: StockChange,
        order: OrderId,
        part: OrderPartId,
        now: Timestamp,
    ) -> AppResult<Result<(), StockShortage>> {
        let new = NewMove {
            order_id: Some(order),
            order_part_id: Some(part),
            ..NewMove::new(item.id, change, who.user.id, now)
        };
        match tx.append_move(&new).await {
            Ok((_, level)) => {
                self.announce_stock(tx, Some(who), &level, &item.sku, &item.description)
                    .await?;
                Ok(Ok(()))
            }
            Err(StockError::Shortage(s)) => Ok(Err(s)),
            Err(e) => Err(stock_error(e)),
        }
    }

    /// [`Self::part_move`], refusing a shortage with `insufficient_stock`.
    #[allow(clippy::too_many_arguments)]
    async fn part_move_or_refuse(
        &self,
        tx: &mut UnitOfWork<'_>,
        who: &Principal,
        item: &Item,
        change: StockChange,
        order: OrderId,
        part: OrderPartId,
        now: Timestamp,
    ) -> AppResult<()> {
        self.part_move(tx, who, item, change, order, part, now)
            .await?
            .map_err(|s| insufficient(&s))
    }

    /// Reserves a new catalog part, or records it as a backorder when
    /// `to_order` and not enough is available. Returns its status.
    #[allow(clippy::too_many_arguments)]
    pub(super) async fn reserve_new_part(
        &self,
        tx: &mut UnitOfWork<'_>,
        who: &Principal,
        item: &Item,
        quantity: Quantity,
        to_order: bool,
        order: OrderId,
        part: OrderPartId,
        now: Timestamp,
    ) -> AppResult<PartStockStatus> {
        let q = stock_qty(item, quantity)?;
        let status = match self
            .part_move(tx, who, item, StockChange::Reservation(q), order, part, now)
            .await?
        {
            Ok(()) => PartStockStatus::Reserved,
            Err(_) if to_order => {
                // Nothing taken; the reorder list counts it as a backorder.
                let change = crate::store::inventory::LevelChange {
                    item_id: item.id,
                    before: item.level(),
                    after: item.level(),
                    policy: item.policy(),
                    transition: crate::domain::inventory::ReorderTransition::Unchanged,
                };
                self.announce_stock(tx, Some(who), &change, &item.sku, &item.description)
                    .await?;
                PartStockStatus::ToOrder
            }
            Err(s) => return Err(insufficient(&s)),
        };
        tx.set_order_part_stock(part, item.id, status).await?;
        Ok(status)
    }

    /// Follows an edit of a catalog part's quantity with the stock: a
    /// reserved part reserves or releases the difference; an installed one
    /// cannot change (remove it to return it).
    pub(super) async fn resize_part(
        &self,
        tx: &mut UnitOfWork<'_>,
        who: &Principal,
        before: &OrderPart,
        quantity: Quantity,
        now: Timestamp,
    ) -> AppResult<()> {
        let (Some(item_id), Some(status)) = (before.item_id, before.stock_status) else {
            return Ok(());
        };
        if quantity == before.quantity {
            return Ok(());
        }
        let item = tx
            .item(item_id)
            .await?
            .ok_or_else(|| AppError::not_found("item"))?;
        let new = stock_qty(&item, quantity)?;
        let old =
            StockQty::try_from(before.quantity).map_err(|e| invalid_quantity("quantity", e))?;
        let change = match status {
            PartStockStatus::ToOrder => return Ok(()),
            PartStockStatus::Consumed => {
                return Err(AppError::validation(
                    "quantity",
                    "an installed part's quantity cannot change: remove it to return it",
                ));
            }
            PartStockStatus::Reserved if new > old => StockChange::Reservation(new - old),
            PartStockStatus::Reserved => StockChange::Release(old - new),
        };
        self.part_move_or_refuse(tx, who, &item, change, before.order_id, before.id, now)
            .await
    }

    /// Gives a removed catalog part's stock back: a reservation is
    /// released, an installed part returns to the shelf.
    pub(super) async fn release_removed_part(
        &self,
        tx: &mut UnitOfWork<'_>,
        who: &Principal,
        before: &OrderPart,
        now: Timestamp,
    ) -> AppResult<()> {
        let (Some(item_id), Some(status)) = (before.item_id, before.stock_status) else {
            return Ok(());
        };
        let Some(item) = tx.item(item_id).await? else {
            return Ok(());
        };
        let q = StockQty::try_from(before.quantity).map_err(|e| invalid_quantity("quantity", e))?;
        let change = match status {
            PartStockStatus::Reserved => StockChange::Release(q),
            PartStockStatus::Consumed => StockChange::Return(q),
            PartStockStatus::ToOrder => return Ok(()),
        };
        self.part_move_or_refuse(tx, who, &item, change, before.order_id, before.id, now)
            .await
    }

    /// Takes a part out of stock: a reserved part is consumed; a backorder
    /// is reserved and consumed now if the stock has arrived.
    #[allow(clippy::too_many_arguments)]
    async fn consume_part(
        &self,
        tx: &mut UnitOfWork<'_>,
        who: &Principal,
        order: OrderId,
        part: OrderPartId,
        item_id: ItemId,
        quantity: Quantity,
        status: PartStockStatus,
        now: Timestamp,
    ) -> AppResult<()> {
        let item = tx
            .item(item_id)
            .await?
            .ok_or_else(|| AppError::not_found("item"))?;
        let q = StockQty::try_from(quantity).map_err(|e| invalid_quantity("quantity", e))?;
        if status == PartStockStatus::ToOrder {
            self.part_move_or_refuse(
                tx,
                who,
                &item,
                StockChange::Reservation(q),
                order,
                part,
                now,
            )
            .await?;
        }
        self.part_move_or_refuse(
            tx,
            who,
            &item,
            StockChange::Consumption(q),
            order,
            part,
            now,
        )
        .await?;
        tx.set_order_part_stock(part, item_id, PartStockStatus::Consumed)
            .await?;
        Ok(())
    }

    /// Consumes every reserved catalog part of an order that is closing
    /// (in the closing's transaction). Backorders stay backorders.
    pub(crate) async fn consume_order_parts(
        &self,
        tx: &mut UnitOfWork<'_>,
        who: &Principal,
        order: OrderId,
        now: Timestamp,
    ) -> AppResult<()> {
        for p in tx
            .order_stocked_parts(order, PartStockStatus::Reserved)
            .await?
        {
            self.consume_part(
                tx,
                who,
                order,
                p.id,
                p.item_id,
                p.quantity,
                p.stock_status,
                now,
            )
            .await?;
        }
        Ok(())
    }

    /// The technician marks a catalog part installed: it leaves the stock
    /// (office roles and whoever added it; open orders only). A backorder
    /// is installed only once the stock is there.
    pub async fn install_order_part(
        &self,
        who: &Principal,
        id: OrderId,
        part_id: OrderPartId,
    ) -> AppResult<OrderPart> {
        who.require(Permission::WorkOrders)?;
        let now = Timestamp::now();
        let mut tx = self.begin().await?;
        let before = Self::editable_part(&mut tx, who, id, part_id).await?;
        let (Some(item_id), Some(status)) = (before.item_id, before.stock_status) else {
            return Err(AppError::validation(
                "part_id",
                "only catalog parts are taken from stock",
            ));
        };
        if status == PartStockStatus::Consumed {
            return Ok(before);
        }
        self.consume_part(
            &mut tx,
            who,
            id,
            part_id,
            item_id,
            before.quantity,
            status,
            now,
        )
        .await?;
        tx.touch_order(id, now).await?;
        let part = Self::finished_part(&mut tx, id, part_id).await?;
        self.stage_part(&mut tx, who, id, Some(&before), Some(&part))
            .await?;
        tx.commit().await?;
        Ok(part)
    }
}
