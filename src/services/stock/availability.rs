//! Availability: the figures a part picker, the catalog and the item page
//! show, derived from the cached level (which the ledger check keeps equal
//! to the ledger): on hand, reserved, available = on hand − reserved, on
//! order, backordered (parts waiting "to order"), projected = available +
//! on order − backordered.

use serde::{Deserialize, Serialize};

use crate::domain::inventory::{Sku, StockQty, StockUnit, needs_reorder, suggested_quantity};
use crate::domain::{ItemId, Permission, Timestamp};
use crate::error::{AppError, AppResult};
use crate::services::{Principal, Services};
use crate::store::inventory::{Item, StockFigures};

/// The stock figures of one item.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema, ts_rs::TS)]
pub struct Availability {
    pub item_id: ItemId,
    pub sku: Sku,
    pub unit: StockUnit,
    /// Physically in the warehouse.
    pub on_hand: StockQty,
    /// Promised to service orders.
    pub reserved: StockQty,
    /// On hand − reserved: what can still be promised.
    pub available: StockQty,
    /// On sent, not yet received purchase orders.
    pub on_order: StockQty,
    /// Waiting on service orders as "to order" (backorders).
    pub backordered: StockQty,
    /// Available + on order − backordered.
    pub projected: StockQty,
    pub minimum: StockQty,
    /// Projected is below the minimum: the item is on the "to reorder" list.
    pub below_minimum: bool,
    /// What the reorder list suggests ordering (zero when not below).
    pub suggested: StockQty,
    /// Since when it is below its minimum.
    pub reorder_since: Option<Timestamp>,
}

impl Availability {
    pub fn of_item(item: &Item) -> Availability {
        let level = item.level();
        let policy = item.policy();
        Availability {
            item_id: item.id,
            sku: item.sku.clone(),
            unit: item.unit,
            on_hand: level.on_hand,
            reserved: level.reserved,
            available: level.available(),
            on_order: level.on_order,
            backordered: level.backordered,
            projected: level.projected(),
            minimum: item.minimum,
            below_minimum: needs_reorder(level.projected(), &policy),
            suggested: suggested_quantity(level.projected(), &policy),
            reorder_since: item.reorder_since,
        }
    }

    pub fn of_figures(f: &StockFigures) -> Availability {
        let level = f.level();
        let policy = crate::domain::inventory::StockPolicy {
            minimum: f.minimum,
            maximum: f.maximum,
            reorder_multiple: f.reorder_multiple,
        };
        Availability {
            item_id: f.item_id,
            sku: f.sku.clone(),
            unit: f.unit,
            on_hand: level.on_hand,
            reserved: level.reserved,
            available: level.available(),
            on_order: level.on_order,
            backordered: level.backordered,
            projected: level.projected(),
            minimum: f.minimum,
            below_minimum: needs_reorder(level.projected(), &policy),
            suggested: suggested_quantity(level.projected(), &policy),
            reorder_since: f.reorder_since,
        }
    }
}

/// Several items at once (`ids=a,b,c`), for a picker's visible rows.
#[derive(Debug, Deserialize, utoipa::IntoParams)]
pub struct AvailabilityQuery {
    /// Comma-separated item ids (at most 100).
    pub ids: String,
}

impl Services {
    /// One item's availability (staff: a primary-key lookup).
    pub async fn item_availability(&self, who: &Principal, id: ItemId) -> AppResult<Availability> {
        who.require(Permission::ReadStock)?;
        let mut conn = self.store.conn().await?;
        let f = conn
            .stock_figures(id)
            .await?
            .ok_or_else(|| AppError::not_found("item"))?;
        Ok(Availability::of_figures(&f))
    }

    /// The availability of several items (staff), in SKU order; unknown ids
    /// are left out.
    pub async fn items_availability(
        &self,
        who: &Principal,
        ids: &str,
    ) -> AppResult<Vec<Availability>> {
        who.require(Permission::ReadStock)?;
        let ids = ids
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(|s| s.parse::<ItemId>())
            .collect::<Result<Vec<_>, _>>()
            .map_err(|_| AppError::validation("ids", "comma-separated item ids"))?;
        if ids.len() > 100 {
            return Err(AppError::validation("ids", "at most 100 ids"));
        }
        let mut conn = self.store.conn().await?;
        Ok(conn
            .stock_figures_of(&ids)
            .await?
            .iter()
            .map(Availability::of_figures)
            .collect())
    }
}
