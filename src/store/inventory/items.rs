//! The parts catalog: items (one SKU each), the equipment models they fit,
//! and the `stock_levels` row every item gets when it is created.
//!
//! Item reads always join the item's stock level, so a catalog page shows
//! on hand / reserved / available without a second query.

use serde::Serialize;

use super::like_pattern;
use super::stock::LevelChange;
use crate::domain::inventory::{
    ReorderTransition, Sku, StockLevel, StockPolicy, StockQty, StockUnit, needs_reorder,
};
use crate::domain::{ItemId, Money, SupplierId, Timestamp};
use crate::store::{Conn, on_conn};

#[derive(Debug, Clone, sqlx::FromRow, Serialize)]
pub struct Item {
    pub id: ItemId,
    pub sku: Sku,
    pub description: String,
    pub brand: String,
    /// The manufacturer's part number.
    pub part_number: String,
    pub unit: StockUnit,
    /// Moving average unit cost (updated by receipts).
    pub average_cost: Money,
    /// Default sale price on a service order.
    pub sale_price: Money,
    /// Default warranty on a service order.
    pub warranty_days: i32,
    pub minimum: StockQty,
    pub maximum: StockQty,
    pub reorder_multiple: StockQty,
    pub preferred_supplier_id: Option<SupplierId>,
    pub active: bool,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    // The cached level (stock_levels).
    pub on_hand: StockQty,
    pub reserved: StockQty,
    pub on_order: StockQty,
    pub backordered: StockQty,
    /// Since when it is below its minimum (on the "to reorder" list).
    pub reorder_since: Option<Timestamp>,
}

impl Item {
    pub fn policy(&self) -> StockPolicy {
        StockPolicy {
            minimum: self.minimum,
            maximum: self.maximum,
            reorder_multiple: self.reorder_multiple,
        }
    }

    pub fn level(&self) -> StockLevel {
        StockLevel {
            on_hand: self.on_hand,
            reserved: self.reserved,
            on_order: self.on_order,
            backordered: self.backordered,
        }
    }
}

const ITEM_COLUMNS: &str = "i.id, i.sku, i.description, i.brand, i.part_number, i.unit,
    i.average_cost, i.sale_price, i.warranty_days, i.minimum, i.maximum, i.reorder_multiple,
    i.preferred_supplier_id, i.active, i.created_at, i.updated_at,
    s.on_hand, s.reserved, s.on_order, s.backordered, s.reorder_since";
const ITEM_FROM: &str = "inventory_items i JOIN stock_levels s ON s.item_id = i.id";

/// The item fields people edit (validated by the service). The average
/// cost is not among them: receipts move it.
#[derive(Debug, Clone)]
pub struct ItemData {
    pub sku: Sku,
    pub description: String,
    pub brand: String,
    pub part_number: String,
    pub unit: StockUnit,
    pub sale_price: Money,
    pub warranty_days: i32,
    pub policy: StockPolicy,
    pub preferred_supplier_id: Option<SupplierId>,
}

impl ItemData {
    fn search_text(&self) -> String {
        format!(
            "{} {} {} {}",
            self.sku.as_str().to_lowercase(),
            self.description.to_lowercase(),
            self.brand.to_lowercase(),
            self.part_number.to_lowercase()
        )
    }
}

#[derive(Debug, Default)]
pub struct ItemFilter {
    /// Matches SKU, description, brand or part number (case-insensitive substring).
    pub q: Option<String>,
    pub active: Option<bool>,
    pub supplier: Option<SupplierId>,
    /// Only items that fit this equipment model (matched on its key, see [`model_key`]).
    pub model: Option<String>,
}

/// Position after the last row of a page (keyset on the unique SKU).
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct ItemCursor {
    pub sku: String,
}

/// How equipment models are matched: lower case, inner spaces collapsed,
/// so "CAT  320D" and "cat 320d" are the same model.
pub fn model_key(model: &str) -> String {
    model
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .to_lowercase()
}

/// The average cost in hundredths, kept beside it for the parts report's
/// sums in SQL (migration 0033): exact, costs have at most two decimals.
fn cost_cents(average_cost: Money) -> Result<i64, sqlx::Error> {
    crate::store::billing::minor_units(average_cost, 2)
        .ok_or_else(|| sqlx::Error::Protocol("an average cost does not fit a decimal".into()))
}

impl Conn {
    /// Inserts an item with an empty stock level. A taken SKU is a unique
    /// violation. An item created with a minimum starts below it: the
    /// transition says so (`Crossed`) and the item is on the reorder list.
    #[tracing::instrument(skip_all)]
    pub async fn insert_item(
        &mut self,
        id: ItemId,
        d: &ItemData,
        average_cost: Money,
        now: Timestamp,
    ) -> Result<(Item, ReorderTransition), sqlx::Error> {
        let cents = cost_cents(average_cost)?;
        on_conn!(self, c => sqlx::query(
            "INSERT INTO inventory_items (id, sku, description, search_text, brand, part_number,
                unit, average_cost, average_cost_cents, sale_price, warranty_days, minimum,
                maximum, reorder_multiple, preferred_supplier_id, active, created_at, updated_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $16, $9, $10, $11, $12, $13, $14, TRUE, $15, $15)")
            .bind(id).bind(&d.sku).bind(&d.description).bind(d.search_text()).bind(&d.brand)
            .bind(&d.part_number).bind(d.unit).bind(average_cost).bind(d.sale_price)
            .bind(d.warranty_days).bind(d.policy.minimum).bind(d.policy.maximum)
            .bind(d.policy.reorder_multiple).bind(d.preferred_supplier_id).bind(now).bind(cents)
            .execute(c).await.map(drop))?;
        let below = needs_reorder(StockQty::ZERO, &d.policy);
        on_conn!(self, c => sqlx::query(
            "INSERT INTO stock_levels (item_id, on_hand, reserved, on_order, reorder_since, updated_at)
             VALUES ($1, 0, 0, 0, $2, $3)")
            .bind(id).bind(below.then_some(now)).bind(now)
            .execute(c).await.map(drop))?;
        let item = self.item(id).await?.ok_or(sqlx::Error::RowNotFound)?;
        let transition = if below {
            ReorderTransition::Crossed
        } else {
            ReorderTransition::Unchanged
        };
        Ok((item, transition))
    }

    #[tracing::instrument(skip_all)]
    pub async fn item(&mut self, id: ItemId) -> Result<Option<Item>, sqlx::Error> {
        let sql = format!("SELECT {ITEM_COLUMNS} FROM {ITEM_FROM} WHERE i.id = $1");
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(id).fetch_optional(c).await)
    }

    #[tracing::instrument(skip_all)]
    pub async fn item_by_sku(&mut self, sku: &Sku) -> Result<Option<Item>, sqlx::Error> {
        let sql = format!("SELECT {ITEM_COLUMNS} FROM {ITEM_FROM} WHERE i.sku = $1");
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql)).bind(sku).fetch_optional(c).await)
    }

    /// One page of the catalog in SKU order, `limit` rows after `after`.
    #[tracing::instrument(skip_all)]
    pub async fn items_page(
        &mut self,
        filter: &ItemFilter,
        after: Option<&ItemCursor>,
        limit: i64,
    ) -> Result<Vec<Item>, sqlx::Error> {
        let sql = format!(
            "SELECT {ITEM_COLUMNS} FROM {ITEM_FROM}
             WHERE ($1 IS NULL OR i.search_text LIKE $1 ESCAPE '\\')
               AND ($2 IS NULL OR i.active = $2)
               AND ($3 IS NULL OR i.preferred_supplier_id = $3)
               AND ($4 IS NULL OR EXISTS (SELECT 1 FROM item_models m
                                          WHERE m.item_id = i.id AND m.model_key = $4))
               AND ($5 IS NULL OR i.sku > $5)
             ORDER BY i.sku LIMIT $6"
        );
        let q = filter.q.as_deref().map(like_pattern);
        let model = filter.model.as_deref().map(model_key);
        on_conn!(self, c => sqlx::query_as(sqlx::AssertSqlSafe(sql))
            .bind(q.as_deref()).bind(filter.active).bind(filter.supplier).bind(model.as_deref())
            .bind(after.map(|a| a.sku.as_str())).bind(limit)
            .fetch_all(c).await)
    }

    /// Updates the catalog fields, then re-settles the reorder state under
    /// the level's row lock (a new minimum may move the item across it).
    /// `None` when there is no such item.
    #[tracing::instrument(skip_all)]
    pub async fn update_item(
        &mut self,
        id: ItemId,
        d: &ItemData,
        now: Timestamp,
    ) -> Result<Option<(Item, LevelChange)>, sqlx::Error> {
        let updated = on_conn!(self, c => sqlx::query(
            "UPDATE inventory_items SET sku = $2, description = $3, search_text = $4, brand = $5,
                part_number = $6, unit = $7, sale_price = $8, warranty_days = $9, minimum = $10,
                maximum = $11, reorder_multiple = $12, preferred_supplier_id = $13, updated_at = $14
             WHERE id = $1")
            .bind(id).bind(&d.sku).bind(&d.description).bind(d.search_text()).bind(&d.brand)
            .bind(&d.part_number).bind(d.unit).bind(d.sale_price).bind(d.warranty_days)
            .bind(d.policy.minimum).bind(d.policy.maximum).bind(d.policy.reorder_multiple)
            .bind(d.preferred_supplier_id).bind(now)
            .execute(c).await.map(|r| r.rows_affected()))?;
        if updated == 0 {
            return Ok(None);
        }
        let Some(change) = self.settle_reorder(id, now).await? else {
            return Ok(None);
        };
        let item = self.item(id).await?.ok_or(sqlx::Error::RowNotFound)?;
        Ok(Some((item, change)))
    }

    #[tracing::instrument(skip_all)]
    pub async fn set_item_active(
        &mut self,
        id: ItemId,
        active: bool,
        now: Timestamp,
    ) -> Result<bool, sqlx::Error> {
        on_conn!(self, c => sqlx::query(
            "UPDATE inventory_items SET active = $2, updated_at = $3 WHERE id = $1")
            .bind(id).bind(active).bind(now)
            .execute(c).await.map(|r| r.rows_affected() == 1))
    }

    /// Sets the item's average cost (after a receipt).
    #[tracing::instrument(skip_all)]
    pub async fn set_item_average_cost(
        &mut self,
        id: ItemId,
        average_cost: Money,
        now: Timestamp,
    ) -> Result<(), sqlx::Error> {
        let cents = cost_cents(average_cost)?;
        on_conn!(self, c => sqlx::query(
            "UPDATE inventory_items SET average_cost = $2, average_cost_cents = $4, updated_at = $3
             WHERE id = $1")
            .bind(id).bind(average_cost).bind(now).bind(cents)
            .execute(c).await.map(drop))
    }

    // --- compatible models -------------------------------------------------

    /// The models an item fits, as entered, in key order.
    #[tracing::instrument(skip_all)]
    pub async fn item_models(&mut self, item: ItemId) -> Result<Vec<String>, sqlx::Error> {
        on_conn!(self, c => sqlx::query_scalar(
            "SELECT model FROM item_models WHERE item_id = $1 ORDER BY model_key")
            .bind(item).fetch_all(c).await)
    }

    /// Replaces the models an item fits (duplicates by key and blanks are dropped).
    #[tracing::instrument(skip_all)]
    pub async fn set_item_models(
        &mut self,
        item: ItemId,
        models: &[String],
    ) -> Result<(), sqlx::Error> {
        on_conn!(self, c => sqlx::query("DELETE FROM item_models WHERE item_id = $1")
            .bind(item).execute(c).await.map(drop))?;
        let mut seen = std::collections::BTreeSet::new();
        for model in models {
            let key = model_key(model);
            if key.is_empty() || !seen.insert(key.clone()) {
                continue;
            }
            on_conn!(self, c => sqlx::query(
                "INSERT INTO item_models (item_id, model_key, model) VALUES ($1, $2, $3)")
                .bind(item).bind(&key).bind(model.trim())
                .execute(c).await.map(drop))?;
        }
        Ok(())
    }
}
