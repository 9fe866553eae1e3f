//! The "to reorder" list and its one action: draft purchase orders grouped
//! by preferred supplier.
//!
//! An item is on the list while its projected quantity (available + on
//! order − backordered) is below its minimum; the suggestion fills it up to the maximum
//! in reorder multiples, less what draft purchase orders already cover (a
//! draft is not on order until it is sent, but drafting twice would buy
//! twice). The alert that goes with joining the list is sent by
//! [`Services::announce_stock`], once per crossing.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::domain::channel::{Channel, StaffFeed};
use crate::domain::events::{ChannelEvent, ReorderListChanged};
use crate::domain::inventory::{Sku, StockQty, StockUnit};
use crate::domain::{
    CustomerId, ItemId, Money, OrderId, OrderPartId, Permission, PurchaseOrderId, SupplierId,
    Timestamp, UserId,
};
use crate::error::{AppError, AppResult};
use crate::services::{Lines, Principal, Services, text_field};
use crate::store::inventory::{Backorder, PurchaseLineData, ReorderLine};

/// One item on the "to reorder" list.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema, ts_rs::TS)]
pub struct ReorderEntry {
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
    pub available: StockQty,
    pub on_order: StockQty,
    /// Waiting on service orders as "to order": the suggestion covers it.
    pub backordered: StockQty,
    pub projected: StockQty,
    /// Already on draft purchase orders (not sent yet).
    pub in_draft: StockQty,
    /// What to order still: up to the maximum in reorder multiples, less drafts.
    pub suggested: StockQty,
    /// Order parts waiting for this item ("to order").
    pub backorders: i64,
    /// Since when it is below its minimum.
    pub reorder_since: Timestamp,
}

impl From<&ReorderLine> for ReorderEntry {
    fn from(l: &ReorderLine) -> Self {
        let level = l.level();
        ReorderEntry {
            item_id: l.item_id,
            sku: l.sku.clone(),
            description: l.description.clone(),
            unit: l.unit,
            average_cost: l.average_cost,
            minimum: l.minimum,
            maximum: l.maximum,
            reorder_multiple: l.reorder_multiple,
            preferred_supplier_id: l.preferred_supplier_id,
            supplier_name: l.supplier_name.clone(),
            on_hand: level.on_hand,
            reserved: level.reserved,
            available: level.available(),
            on_order: level.on_order,
            backordered: level.backordered,
            projected: level.projected(),
            in_draft: l.in_draft,
            suggested: l.suggested(),
            backorders: l.backorders,
            reorder_since: l.reorder_since,
        }
    }
}

/// A catalog part waiting "to order" on a service order (purchasing's
/// "Por pedir" view): what, how much, for which order and customer, who
/// asked and since when.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema, ts_rs::TS)]
pub struct BackorderEntry {
    pub part_id: OrderPartId,
    pub item_id: ItemId,
    pub sku: Sku,
    pub description: String,
    pub unit: StockUnit,
    /// In the item's unit.
    pub quantity: StockQty,
    pub order_id: OrderId,
    pub order_number: String,
    pub customer_id: CustomerId,
    pub customer_name: String,
    pub added_by: UserId,
    pub added_by_name: String,
    /// When the part was added (the queue's order: receipts fill the
    /// oldest first).
    pub since: Timestamp,
}

impl From<&Backorder> for BackorderEntry {
    fn from(b: &Backorder) -> Self {
        BackorderEntry {
            part_id: b.part_id,
            item_id: b.item_id,
            sku: b.sku.clone(),
            description: b.item_description.clone(),
            unit: b.unit,
            // Stored through a StockQty check; a quantity it cannot express
            // would be a bug elsewhere (shown as zero rather than failing).
            quantity: StockQty::try_from(b.quantity).unwrap_or_default(),
            order_id: b.order_id,
            order_number: b.order_number.clone(),
            customer_id: b.customer_id,
            customer_name: b.customer_name.clone(),
            added_by: b.added_by,
            added_by_name: b.added_by_name.clone(),
            since: b.since,
        }
    }
}

/// Which items to draft for (default: every item on the list with a
/// suggestion and a preferred supplier).
#[derive(Debug, Default, Deserialize, utoipa::ToSchema)]
pub struct DraftInput {
    #[serde(default)]
    #[schema(max_items = 500)]
    pub item_ids: Option<Vec<ItemId>>,
    /// Notes written on every drafted order.
    #[serde(default)]
    #[schema(max_length = 2000)]
    pub notes: String,
}

/// A purchase order drafted from the list.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema, ts_rs::TS)]
pub struct DraftedOrder {
    pub id: PurchaseOrderId,
    pub number: String,
    pub supplier_id: SupplierId,
    pub supplier_name: Option<String>,
    pub lines: usize,
}

/// What the action drafted, and what it could not.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema, ts_rs::TS)]
pub struct DraftedOrders {
    pub orders: Vec<DraftedOrder>,
    /// Items left out: no preferred supplier (choose one on the item).
    pub without_supplier: Vec<Sku>,
}

impl Services {
    /// The "to reorder" list (office roles), in SKU order.
    pub async fn reorder_list(&self, who: &Principal) -> AppResult<Vec<ReorderEntry>> {
        who.require(Permission::ManageStock)?;
        let mut conn = self.store.conn().await?;
        Ok(conn
            .reorder_list()
            .await?
            .iter()
            .map(ReorderEntry::from)
            .collect())
    }

    /// The backorders, oldest first (office roles: purchasing buys for
    /// them; technicians see availability only). At most
    /// [`MAX_BACKORDERS`](crate::store::inventory::MAX_BACKORDERS).
    pub async fn backorders(&self, who: &Principal) -> AppResult<Vec<BackorderEntry>> {
        who.require(Permission::ManageStock)?;
        let mut conn = self.store.conn().await?;
        Ok(conn
            .backorders(None)
            .await?
            .iter()
            .map(BackorderEntry::from)
            .collect())
    }

    /// Drafts one purchase order per preferred supplier with the suggested
    /// quantities at the items' average cost (office roles). Items already
    /// covered by drafts, and items without a supplier, are left out.
    pub async fn draft_purchase_orders(
        &self,
        who: &Principal,
        input: DraftInput,
    ) -> AppResult<DraftedOrders> {
        who.require(Permission::ManageStock)?;
        let notes = text_field("notes", &input.notes, 2000, false, Lines::Multi)?;
        if input.item_ids.as_ref().is_some_and(|ids| ids.len() > 500) {
            return Err(AppError::validation("item_ids", "at most 500 items"));
        }
        let now = Timestamp::now();
        let mut tx = self.begin().await?;
        let list = tx.reorder_list().await?;
        let wanted = |id: ItemId| input.item_ids.as_ref().is_none_or(|ids| ids.contains(&id));
        let mut by_supplier: BTreeMap<SupplierId, Vec<&ReorderLine>> = BTreeMap::new();
        let mut without_supplier = Vec::new();
        for line in list.iter().filter(|l| wanted(l.item_id)) {
            if !line.suggested().is_positive() {
                continue;
            }
            match line.preferred_supplier_id {
                Some(s) => by_supplier.entry(s).or_default().push(line),
                None => without_supplier.push(line.sku.clone()),
            }
        }
        let mut orders = Vec::new();
        for (supplier, lines) in by_supplier {
            let po = tx
                .insert_purchase_order(PurchaseOrderId::new(), supplier, &notes, who.user.id, now)
                .await?;
            for line in &lines {
                let data = PurchaseLineData {
                    quantity: line.suggested(),
                    unit_cost: line.average_cost,
                    promised_on: None,
                };
                tx.insert_purchase_line(po.id, line.item_id, &data, now)
                    .await?;
                // Covered by the draft now: the list shows nothing more to buy.
                tx.publish(
                    &Channel::Staff(StaffFeed::Stock),
                    ChannelEvent::ReorderListChanged(ReorderListChanged {
                        item: line.item_id,
                        sku: line.sku.clone(),
                        on_list: true,
                        suggested: StockQty::ZERO,
                    }),
                    Some(who.user.id),
                )
                .await?;
            }
            orders.push(DraftedOrder {
                id: po.id,
                number: po.number,
                supplier_id: supplier,
                supplier_name: lines[0].supplier_name.clone(),
                lines: lines.len(),
            });
        }
        tx.commit().await?;
        Ok(DraftedOrders {
            orders,
            without_supplier,
        })
    }
}
