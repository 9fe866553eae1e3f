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
//! | a backorder, when stock is received (oldest first) | reservation | `reserved` |
//! | the order deactivated, while reserved | release | `released` |
//! | the order deactivated, while to order | none (leaves the demand) | `released` |
//! | the order reactivated | reservation if available, else none | `reserved` / `to_order` |
//!
//! A backorder's quantity is demand: it is kept in the item's cached
//! `backordered` (subtracted from projected) by every row above that enters
//! or leaves `to_order`, in the same guarded UPDATE as the move when there
//! is one, so the reorder list never sees a half-way figure.
//!
//! Every move runs in the order's transaction, after the order's lock and
//! through the store's guarded UPDATE: of two technicians taking the last
//! unit at once, exactly one gets it and the other gets 409
//! `insufficient_stock` with what is available. Free-text parts (no item)
//! never touch the stock.

use crate::domain::inventory::{PartStockStatus, StockChange, StockQty, StockShortage};
use crate::domain::notification::{NotificationKind, SubjectType};
use crate::domain::{ItemId, OrderId, OrderPartId, Permission, Quantity, Timestamp};
use crate::error::{AppError, AppResult};
use crate::notify::templates::Message;
use crate::services::notifications::Notify;
use crate::services::stock::{insufficient, invalid_quantity, stock_error};
use crate::services::uow::UnitOfWork;
use crate::services::{Principal, Services};
use crate::store::inventory::{Backorder, Item, NewMove, StockError};
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
        backordered: StockQty,
        order: OrderId,
        part: OrderPartId,
        now: Timestamp,
    ) -> AppResult<Result<(), StockShortage>> {
        let new = NewMove {
            order_id: Some(order),
            order_part_id: Some(part),
            backordered,
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
        backordered: StockQty,
        order: OrderId,
        part: OrderPartId,
        now: Timestamp,
    ) -> AppResult<()> {
        self.part_move(tx, who, item, change, backordered, order, part, now)
            .await?
            .map_err(|s| insufficient(&s))
    }

    /// Adds `delta` to the quantity waiting for `item` as backorders and
    /// stages what it tells (its projected quantity moved: the reorder
    /// list and its alert follow).
    async fn shift_backorders(
        &self,
        tx: &mut UnitOfWork<'_>,
        who: &Principal,
        item: &Item,
        delta: StockQty,
        now: Timestamp,
    ) -> AppResult<()> {
        if delta.is_zero() {
            return Ok(());
        }
        let level = tx
            .shift_backordered(item.id, delta, now)
            .await
            .map_err(stock_error)?;
        self.announce_stock(tx, Some(who), &level, &item.sku, &item.description)
            .await
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
        let reservation = StockChange::Reservation(q);
        let status = match self
            .part_move(tx, who, item, reservation, StockQty::ZERO, order, part, now)
            .await?
        {
            Ok(()) => PartStockStatus::Reserved,
            Err(_) if to_order => {
                // Nothing taken; its quantity is demand purchasing must cover.
                self.shift_backorders(tx, who, item, q, now).await?;
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
            PartStockStatus::ToOrder => {
                return self.shift_backorders(tx, who, &item, new - old, now).await;
            }
            // Only on a deactivated order, which refuses edits.
            PartStockStatus::Released => return Ok(()),
            PartStockStatus::Consumed => {
                return Err(AppError::validation(
                    "quantity",
                    "an installed part's quantity cannot change: remove it to return it",
                ));
            }
            PartStockStatus::Reserved if new > old => StockChange::Reservation(new - old),
            PartStockStatus::Reserved => StockChange::Release(old - new),
        };
        self.part_move_or_refuse(
            tx,
            who,
            &item,
            change,
            StockQty::ZERO,
            before.order_id,
            before.id,
            now,
        )
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
            // No longer waited for: it leaves the demand.
            PartStockStatus::ToOrder => {
                return self.shift_backorders(tx, who, &item, -q, now).await;
            }
            PartStockStatus::Released => return Ok(()),
        };
        self.part_move_or_refuse(
            tx,
            who,
            &item,
            change,
            StockQty::ZERO,
            before.order_id,
            before.id,
            now,
        )
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
        if matches!(status, PartStockStatus::ToOrder | PartStockStatus::Released) {
            // Reserved and no longer waited for, in one guarded UPDATE.
            let waited = if status == PartStockStatus::ToOrder {
                -q
            } else {
                StockQty::ZERO
            };
            self.part_move_or_refuse(
                tx,
                who,
                &item,
                StockChange::Reservation(q),
                waited,
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
            StockQty::ZERO,
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

impl Services {
    /// An order is deactivated (in that transaction, under the order's
    /// lock): each reserved catalog part gets a release move and each
    /// backorder leaves the demand; both become `released`, and the order's
    /// screens hear of each part.
    pub(crate) async fn release_order_parts(
        &self,
        tx: &mut UnitOfWork<'_>,
        who: &Principal,
        order: OrderId,
        now: Timestamp,
    ) -> AppResult<()> {
        for from in [PartStockStatus::Reserved, PartStockStatus::ToOrder] {
            for p in tx.order_stocked_parts(order, from).await? {
                let Some(item) = tx.item(p.item_id).await? else {
                    continue;
                };
                let q =
                    StockQty::try_from(p.quantity).map_err(|e| invalid_quantity("quantity", e))?;
                let before = Self::finished_part(tx, order, p.id).await?;
                if from == PartStockStatus::Reserved {
                    let release = StockChange::Release(q);
                    self.part_move_or_refuse(
                        tx,
                        who,
                        &item,
                        release,
                        StockQty::ZERO,
                        order,
                        p.id,
                        now,
                    )
                    .await?;
                } else {
                    self.shift_backorders(tx, who, &item, -q, now).await?;
                }
                tx.switch_order_part_stock(p.id, from, PartStockStatus::Released)
                    .await?;
                let after = Self::finished_part(tx, order, p.id).await?;
                self.stage_part(tx, who, order, Some(&before), Some(&after))
                    .await?;
            }
        }
        Ok(())
    }

    /// An order is reactivated (in that transaction, under the order's
    /// lock): each `released` part is reserved again when enough is
    /// available (a reservation move, visible in the ledger and on the
    /// order), and otherwise becomes a backorder purchasing sees — never a
    /// silent promise of stock someone else may have taken meanwhile.
    pub(crate) async fn restore_order_parts(
        &self,
        tx: &mut UnitOfWork<'_>,
        who: &Principal,
        order: OrderId,
        now: Timestamp,
    ) -> AppResult<()> {
        for p in tx
            .order_stocked_parts(order, PartStockStatus::Released)
            .await?
        {
            let Some(item) = tx.item(p.item_id).await? else {
                continue;
            };
            let q = StockQty::try_from(p.quantity).map_err(|e| invalid_quantity("quantity", e))?;
            let before = Self::finished_part(tx, order, p.id).await?;
            let reservation = StockChange::Reservation(q);
            let to = match self
                .part_move(
                    tx,
                    who,
                    &item,
                    reservation,
                    StockQty::ZERO,
                    order,
                    p.id,
                    now,
                )
                .await?
            {
                Ok(()) => PartStockStatus::Reserved,
                Err(_) => {
                    self.shift_backorders(tx, who, &item, q, now).await?;
                    PartStockStatus::ToOrder
                }
            };
            tx.switch_order_part_stock(p.id, PartStockStatus::Released, to)
                .await?;
            let after = Self::finished_part(tx, order, p.id).await?;
            self.stage_part(tx, who, order, Some(&before), Some(&after))
                .await?;
        }
        Ok(())
    }

    /// Locks the orders waiting for `items` (before any level row: the
    /// same lock order as a part edit, so a receipt and an edit of a
    /// waiting part cannot deadlock).
    pub(crate) async fn lock_waiting_orders(
        tx: &mut UnitOfWork<'_>,
        items: &[ItemId],
    ) -> AppResult<()> {
        for order in tx.orders_waiting_for(items).await? {
            tx.lock_order(order).await?;
        }
        Ok(())
    }

    /// Stock of `item` arrived (a receipt or a positive move, in that
    /// transaction): its backorders are reserved oldest first while what
    /// is available covers the next one (strict queue order: a large
    /// backorder is not overtaken by a later small one). Each gets a
    /// reservation move that also takes it out of the demand, becomes
    /// `reserved`, is staged on its order's channels, and its order's
    /// technicians and the office are told. Returns how many were filled.
    pub(crate) async fn fill_backorders(
        &self,
        tx: &mut UnitOfWork<'_>,
        who: &Principal,
        item_id: ItemId,
        now: Timestamp,
    ) -> AppResult<usize> {
        let Some(item) = tx.item(item_id).await? else {
            return Ok(0);
        };
        let mut filled = 0;
        for b in tx.backorders(Some(item_id)).await? {
            let Ok(q) = StockQty::try_from(b.quantity) else {
                continue;
            };
            let available = tx
                .stock_figures(item_id)
                .await?
                .map(|f| f.available())
                .unwrap_or_default();
            if q > available {
                break;
            }
            let before = Self::finished_part(tx, b.order_id, b.part_id).await?;
            let reservation = StockChange::Reservation(q);
            if self
                .part_move(tx, who, &item, reservation, -q, b.order_id, b.part_id, now)
                .await?
                .is_err()
            {
                break;
            }
            if !tx
                .switch_order_part_stock(
                    b.part_id,
                    PartStockStatus::ToOrder,
                    PartStockStatus::Reserved,
                )
                .await?
            {
                // Changed under us (cannot happen with the order locked).
                return Err(AppError::internal(anyhow::anyhow!(
                    "backorder {} changed while being filled",
                    b.part_id
                )));
            }
            tx.touch_order(b.order_id, now).await?;
            let after = Self::finished_part(tx, b.order_id, b.part_id).await?;
            self.stage_part(tx, who, b.order_id, Some(&before), Some(&after))
                .await?;
            self.notify_backorder_filled(tx, &b, now).await?;
            filled += 1;
        }
        Ok(filled)
    }

    /// Tells the order's technicians and the office that a backorder is
    /// reserved (in-app and push).
    async fn notify_backorder_filled(
        &self,
        tx: &mut UnitOfWork<'_>,
        b: &Backorder,
        now: Timestamp,
    ) -> AppResult<()> {
        let link = format!("{}/orders/{}", self.public_url, b.order_id);
        let key = format!(
            "backorder_filled:{}:{}",
            b.part_id,
            now.as_datetime().timestamp_micros()
        );
        let message = |name: &str| Message::BackorderFilled {
            name: name.to_string(),
            sku: b.sku.to_string(),
            description: b.item_description.clone(),
            quantity: b.quantity.to_string(),
            order_number: b.order_number.clone(),
            link: link.clone(),
        };
        let desk = tx.desk_recipients().await?;
        for (_, t) in tx.technicians_of(&[b.order_id]).await? {
            if desk.iter().any(|(id, _)| *id == t.id) {
                continue;
            }
            tx.notify(Notify {
                kind: NotificationKind::BackorderFilled,
                key: format!("{key}:{}", t.id),
                user: Some(t.id),
                email: None,
                message: message(&t.name),
                subject_type: SubjectType::Order,
                subject_id: b.order_id.to_string(),
                in_app: true,
                attachments: Vec::new(),
            })
            .await?;
        }
        self.notify_desk(
            tx,
            NotificationKind::BackorderFilled,
            &key,
            SubjectType::Order,
            b.order_id.to_string(),
            message,
        )
        .await
    }
}
