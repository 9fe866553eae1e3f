//! Catalog items: create, edit, (de)activate, read and list.
//!
//! The SKU is unique (a second one is 409 `sku_taken`, nothing changed);
//! the stocking levels are checked against the item's unit, so an item
//! counted in pieces refuses a minimum of 2.5. The average cost is the
//! office's business (sellers and technicians see availability and the sale
//! price, not what the company paid).

use serde::{Deserialize, Serialize};

use super::availability::Availability;
use crate::domain::inventory::{Sku, StockPolicy, StockQty, StockUnit};
use crate::domain::{ItemId, Money, Permission, SupplierId, Timestamp};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::services::{Lines, Principal, Services, decode_cursor, next_page, text_field};
use crate::store::inventory::{Item, ItemCursor, ItemData, ItemFilter};
use crate::store::is_unique_violation;

/// A catalog item as the API shows it.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema, ts_rs::TS)]
pub struct ItemView {
    pub id: ItemId,
    pub sku: Sku,
    pub description: String,
    pub brand: String,
    /// The manufacturer's part number.
    pub part_number: String,
    pub unit: StockUnit,
    /// Moving average unit cost: office roles only (absent for others).
    pub average_cost: Option<Money>,
    /// Default sale price of the item on a service order.
    pub sale_price: Money,
    /// Default warranty of the item on a service order.
    pub warranty_days: i32,
    pub minimum: StockQty,
    pub maximum: StockQty,
    pub reorder_multiple: StockQty,
    pub preferred_supplier_id: Option<SupplierId>,
    pub active: bool,
    /// Equipment models it fits ("CAT 320D").
    pub models: Vec<String>,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub stock: Availability,
}

impl ItemView {
    pub fn new(item: &Item, models: Vec<String>, office: bool) -> ItemView {
        ItemView {
            id: item.id,
            sku: item.sku.clone(),
            description: item.description.clone(),
            brand: item.brand.clone(),
            part_number: item.part_number.clone(),
            unit: item.unit,
            average_cost: office.then_some(item.average_cost),
            sale_price: item.sale_price,
            warranty_days: item.warranty_days,
            minimum: item.minimum,
            maximum: item.maximum,
            reorder_multiple: item.reorder_multiple,
            preferred_supplier_id: item.preferred_supplier_id,
            active: item.active,
            models,
            created_at: item.created_at,
            updated_at: item.updated_at,
            stock: Availability::of_item(item),
        }
    }
}

/// A new item or an edit of one. On an edit the unit may change only while
/// the item has no stock moves.
#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct ItemInput {
    /// Letters, digits and `- _ . /`, at most 40; stored upper-cased.
    #[schema(
        min_length = 1,
        max_length = 40,
        pattern = r"[^\s\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"
    )]
    pub sku: String,
    #[schema(
        min_length = 1,
        max_length = 300,
        pattern = r"[^\s\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]"
    )]
    pub description: String,
    #[serde(default)]
    #[schema(max_length = 100)]
    pub brand: String,
    #[serde(default)]
    #[schema(max_length = 100)]
    pub part_number: String,
    pub unit: StockUnit,
    /// Decimal string in the company currency.
    #[schema(value_type = String, pattern = r"^[0-9]{1,12}(\.[0-9]{1,2})?$")]
    pub sale_price: Money,
    /// Default warranty in days (0–3650, default 0).
    #[serde(default)]
    #[schema(minimum = 0, maximum = 3650)]
    pub warranty_days: i32,
    /// Reorder when projected falls below this (default 0: not replenished).
    #[serde(default)]
    #[schema(value_type = Option<String>, pattern = r"^([0-9]{1,9}(\.[0-9]{1,3})?|1000000000(\.0{1,3})?)$")]
    pub minimum: Option<StockQty>,
    /// Order up to this (default: the minimum).
    #[serde(default)]
    #[schema(value_type = Option<String>, pattern = r"^([0-9]{1,9}(\.[0-9]{1,3})?|1000000000(\.0{1,3})?)$")]
    pub maximum: Option<StockQty>,
    /// Order in packs of this (default 1).
    #[serde(default)]
    #[schema(value_type = Option<String>, pattern = r"^([1-9][0-9]{0,8}(\.[0-9]{1,3})?|1000000000(\.0{1,3})?|0\.([1-9][0-9]{0,2}|0[1-9][0-9]?|00[1-9]))$")]
    pub reorder_multiple: Option<StockQty>,
    #[serde(default)]
    pub preferred_supplier_id: Option<SupplierId>,
    /// Equipment models it fits.
    #[serde(default)]
    #[schema(max_items = 50)]
    pub models: Vec<String>,
    /// The starting average cost (creation only; receipts move it later).
    #[serde(default)]
    #[schema(value_type = Option<String>, pattern = r"^[0-9]{1,12}(\.[0-9]{1,2})?$")]
    pub average_cost: Option<Money>,
}

/// One page of the catalog, in SKU order.
#[derive(Debug, Serialize, utoipa::ToSchema, ts_rs::TS)]
pub struct ItemPage {
    pub items: Vec<ItemView>,
    /// Pass as `cursor` for the next page; absent on the last page.
    pub next_cursor: Option<String>,
}

/// Filters of the catalog list.
#[derive(Debug, Default)]
pub struct ItemQuery {
    pub q: Option<String>,
    pub active: Option<bool>,
    pub supplier_id: Option<SupplierId>,
    pub model: Option<String>,
}

/// Longest default warranty: ten years, as on order parts.
const MAX_WARRANTY_DAYS: i32 = 3650;

fn sku_taken(sku: &Sku) -> AppError {
    AppError::new(
        ErrorCode::SkuTaken,
        format!("an item with SKU {sku} exists already"),
    )
    .field("sku")
}

impl Services {
    async fn item_data(
        &self,
        conn: &mut crate::store::Conn,
        input: &ItemInput,
    ) -> AppResult<ItemData> {
        let sku = Sku::parse(&input.sku).map_err(|e| AppError::validation("sku", e.to_string()))?;
        let description = text_field("description", &input.description, 300, true, Lines::Single)?;
        let brand = text_field("brand", &input.brand, 100, false, Lines::Single)?;
        let part_number = text_field("part_number", &input.part_number, 100, false, Lines::Single)?;
        let scale = crate::domain::money::currency_scale(&conn.company_settings().await?.currency);
        let sale_price = input.sale_price.check(scale).map_err(|e| {
            AppError::new(ErrorCode::InvalidMoney, e.to_string()).field("sale_price")
        })?;
        if !(0..=MAX_WARRANTY_DAYS).contains(&input.warranty_days) {
            return Err(AppError::validation(
                "warranty_days",
                format!("the warranty must be between 0 and {MAX_WARRANTY_DAYS} days"),
            ));
        }
        let minimum = input.minimum.unwrap_or(StockQty::ZERO);
        let maximum = input.maximum.unwrap_or(minimum);
        let multiple = input.reorder_multiple.unwrap_or(StockQty::units(1));
        let policy = StockPolicy::new(input.unit, minimum, maximum, multiple)
            .map_err(|e| AppError::validation(e.field(), e.to_string()))?;
        if let Some(supplier) = input.preferred_supplier_id
            && conn.supplier(supplier).await?.is_none()
        {
            return Err(AppError::validation(
                "preferred_supplier_id",
                "no such supplier",
            ));
        }
        if input.models.len() > 50 {
            return Err(AppError::validation("models", "at most 50 models"));
        }
        for model in &input.models {
            text_field("models", model, 100, false, Lines::Single)?;
        }
        Ok(ItemData {
            sku,
            description,
            brand,
            part_number,
            unit: input.unit,
            sale_price,
            warranty_days: input.warranty_days,
            policy,
            preferred_supplier_id: input.preferred_supplier_id,
        })
    }

    /// Adds an item to the catalog (office roles), with an empty stock
    /// level: its first count is a move. An item created with a minimum is
    /// below it at once, so it goes on the "to reorder" list (and alerts).
    pub async fn create_item(&self, who: &Principal, input: ItemInput) -> AppResult<ItemView> {
        who.require(Permission::ManageStock)?;
        let now = Timestamp::now();
        let mut tx = self.begin().await?;
        let data = self.item_data(&mut tx, &input).await?;
        let scale = crate::domain::money::currency_scale(&tx.company_settings().await?.currency);
        let cost = input
            .average_cost
            .unwrap_or_default()
            .check(scale)
            .map_err(|e| {
                AppError::new(ErrorCode::InvalidMoney, e.to_string()).field("average_cost")
            })?;
        if tx.item_by_sku(&data.sku).await?.is_some() {
            return Err(sku_taken(&data.sku));
        }
        let (item, transition) = match tx.insert_item(ItemId::new(), &data, cost, now).await {
            Ok(r) => r,
            Err(e) if is_unique_violation(&e) => return Err(sku_taken(&data.sku)),
            Err(e) => return Err(e.into()),
        };
        tx.set_item_models(item.id, &input.models).await?;
        let change = crate::store::inventory::LevelChange {
            item_id: item.id,
            before: item.level(),
            after: item.level(),
            policy: item.policy(),
            transition,
        };
        self.announce_stock(&mut tx, Some(who), &change, &item.sku, &item.description)
            .await?;
        let models = tx.item_models(item.id).await?;
        tx.commit().await?;
        Ok(ItemView::new(&item, models, true))
    }

    /// Edits an item (office roles). A new minimum may put it on the
    /// reorder list or take it off.
    pub async fn update_item(
        &self,
        who: &Principal,
        id: ItemId,
        input: ItemInput,
    ) -> AppResult<ItemView> {
        who.require(Permission::ManageStock)?;
        let now = Timestamp::now();
        let mut tx = self.begin().await?;
        let before = tx
            .item(id)
            .await?
            .ok_or_else(|| AppError::not_found("item"))?;
        let data = self.item_data(&mut tx, &input).await?;
        if data.sku != before.sku
            && let Some(other) = tx.item_by_sku(&data.sku).await?
            && other.id != id
        {
            return Err(sku_taken(&data.sku));
        }
        if data.unit != before.unit && tx.item_moves(id, None, 1).await?.len() == 1 {
            return Err(AppError::validation(
                "unit",
                "the unit cannot change once the item has stock moves",
            ));
        }
        let (item, change) = match tx.update_item(id, &data, now).await {
            Ok(Some(r)) => r,
            Ok(None) => return Err(AppError::not_found("item")),
            Err(e) if is_unique_violation(&e) => return Err(sku_taken(&data.sku)),
            Err(e) => return Err(e.into()),
        };
        tx.set_item_models(id, &input.models).await?;
        self.announce_stock(&mut tx, Some(who), &change, &item.sku, &item.description)
            .await?;
        let models = tx.item_models(id).await?;
        tx.commit().await?;
        Ok(ItemView::new(&item, models, true))
    }

    /// Deactivates (or reactivates) an item: it leaves the picker and the
    /// reorder list, and keeps its ledger.
    pub async fn set_item_active(
        &self,
        who: &Principal,
        id: ItemId,
        active: bool,
    ) -> AppResult<ItemView> {
        who.require(Permission::ManageStock)?;
        let mut tx = self.begin().await?;
        if !tx.set_item_active(id, active, Timestamp::now()).await? {
            return Err(AppError::not_found("item"));
        }
        let item = tx
            .item(id)
            .await?
            .ok_or_else(|| AppError::not_found("item"))?;
        let change = crate::store::inventory::LevelChange {
            item_id: item.id,
            before: item.level(),
            after: item.level(),
            policy: item.policy(),
            transition: crate::domain::inventory::ReorderTransition::Unchanged,
        };
        self.announce_stock(&mut tx, Some(who), &change, &item.sku, &item.description)
            .await?;
        let models = tx.item_models(id).await?;
        tx.commit().await?;
        Ok(ItemView::new(&item, models, true))
    }

    /// One item with its availability (staff; the cost for the office only).
    pub async fn get_item(&self, who: &Principal, id: ItemId) -> AppResult<ItemView> {
        who.require(Permission::ReadStock)?;
        let mut conn = self.store.conn().await?;
        let item = conn
            .item(id)
            .await?
            .ok_or_else(|| AppError::not_found("item"))?;
        let models = conn.item_models(id).await?;
        Ok(ItemView::new(
            &item,
            models,
            who.user.role.allows(Permission::ManageStock),
        ))
    }

    /// The catalog in SKU order with availability (staff). Search matches
    /// SKU, description, brand and part number.
    pub async fn list_items(
        &self,
        who: &Principal,
        query: ItemQuery,
        cursor: Option<&str>,
        limit: i64,
    ) -> AppResult<ItemPage> {
        who.require(Permission::ReadStock)?;
        let after: Option<ItemCursor> = cursor.map(decode_cursor).transpose()?;
        let limit = limit.clamp(1, 200);
        let q = query
            .q
            .map(|q| text_field("q", &q, 100, false, Lines::Single))
            .transpose()?
            .filter(|q| !q.is_empty());
        let filter = ItemFilter {
            q,
            active: query.active,
            supplier: query.supplier_id,
            model: query.model,
        };
        let mut conn = self.store.conn().await?;
        let mut rows = conn.items_page(&filter, after.as_ref(), limit + 1).await?;
        let next_cursor = next_page(&mut rows, limit, |i| ItemCursor {
            sku: i.sku.to_string(),
        });
        let office = who.user.role.allows(Permission::ManageStock);
        let mut items = Vec::with_capacity(rows.len());
        for item in &rows {
            let models = conn.item_models(item.id).await?;
            items.push(ItemView::new(item, models, office));
        }
        Ok(ItemPage { items, next_cursor })
    }
}
