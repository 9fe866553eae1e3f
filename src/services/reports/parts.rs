//! The parts and suppliers report (issue 17: "consumption by item and
//! machine model, stock value, items below minimum, supplier
//! performance").
//!
//! - **Consumption**: the stock moves that consumed parts on service
//!   orders in the range (returns are not netted: they are their own
//!   moves), valued at the item's average cost when it was consumed (each
//!   move keeps it: `stock_moves.cost_cents`, migration 0033; moves from
//!   before it carry the average of the day it ran).
//! - **By machine model**: the model of the machine on the move's order.
//! - **Stock value** and **items below minimum**: today's, whatever the
//!   range (on hand × average cost; projected = on hand − reserved + on
//!   order below a minimum above zero, as the reorder list says).
//! - **Suppliers**: the purchasing ranking over the range.
//!
//! For the office (master, admin, operator): sellers, technicians and
//! customers are refused.

use std::collections::HashMap;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

use super::records::{Entry, Found, RecordKind, RecordsQuery, ReportRecords, page, paged, window};
use super::{day_bounds, period_bounds, range};
use crate::domain::inventory::StockQty;
use crate::domain::money::currency_scale;
use crate::domain::report::{Granularity, periods};
use crate::domain::{CustomerId, ItemId, Money, Permission, SupplierId};
use crate::error::AppResult;
use crate::notify::templates::Lang;
use crate::services::invoices::export::{Cell, ExportFormat, TableWriter};
use crate::services::purchasing::performance::PeriodQuery;
use crate::services::{Principal, Services, company_tz};
use crate::store::reports::{
    CONSUMPTION_VALUE_SCALE, ConsumptionOf, ConsumptionRow, CustomerFilters, ItemStockRow,
    PartsScope,
};

/// The parts and suppliers report's filters (all optional).
#[derive(Debug, Clone, Default, Deserialize, utoipa::IntoParams)]
pub struct PartsQuery {
    /// First day (company's zone); default: twelve months before `to`.
    pub from: Option<NaiveDate>,
    /// Last day; default: today.
    pub to: Option<NaiveDate>,
    pub granularity: Option<Granularity>,
    /// Parts consumed on this customer's orders.
    pub customer_id: Option<CustomerId>,
    /// Parts consumed on orders of customers of this category (segment).
    #[param(max_length = 100)]
    pub category: Option<String>,
}

crate::text_enum! {
    /// A figure of the parts report to drill into.
    PartsFigure {
        /// Consumption moves (in the period; `key`: an item's id).
        Consumption,
        /// Consumption moves on machines of a model (`key`: the model, or
        /// `none` for orders without a machine or moves without an order).
        ModelConsumption,
        /// The items below their minimum today.
        BelowMinimum,
        /// The items with stock today.
        StockValue,
        /// A supplier's purchase orders in the range (`key`: its id).
        Supplier,
    }
}

#[derive(Debug, Clone, Deserialize, utoipa::IntoParams)]
pub struct PartsFigureQuery {
    #[param(inline)]
    pub figure: PartsFigure,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema, ts_rs::TS)]
pub struct PartsPeriod {
    pub start: NaiveDate,
    pub end: NaiveDate,
    /// Consumption moves.
    pub moves: i64,
    /// Their value at today's average cost.
    pub value: Money,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema, ts_rs::TS)]
pub struct ItemConsumption {
    pub item_id: ItemId,
    pub sku: String,
    pub description: String,
    /// The item's unit (`piece`, `litre`…).
    pub unit: String,
    pub quantity: StockQty,
    pub moves: i64,
    pub value: Money,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema, ts_rs::TS)]
pub struct ModelConsumption {
    /// `null`: moves on no machine.
    pub model: Option<String>,
    pub moves: i64,
    pub value: Money,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema, ts_rs::TS)]
pub struct ItemBelowMinimum {
    pub item_id: ItemId,
    pub sku: String,
    pub description: String,
    pub unit: String,
    /// On hand − reserved + on order.
    pub projected: StockQty,
    pub minimum: StockQty,
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema, ts_rs::TS)]
pub struct SupplierFigures {
    /// 1 is best.
    pub rank: u32,
    pub supplier_id: SupplierId,
    pub name: String,
    /// Lines due by now that arrived complete on time, in percent.
    pub on_time_pct: Option<f64>,
    /// Mean days from sending to complete.
    pub average_lead_time_days: Option<f64>,
    /// Mean received ÷ ordered of finished lines, in percent.
    pub fill_pct: Option<f64>,
    /// Paid over the running average cost, in percent.
    pub price_variance_pct: Option<f64>,
    /// Lines rated.
    pub lines: u32,
}

/// The parts and suppliers report.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema, ts_rs::TS)]
pub struct PartsReport {
    pub from: NaiveDate,
    pub to: NaiveDate,
    pub granularity: Granularity,
    pub currency: String,
    pub moves: i64,
    pub consumed_value: Money,
    /// Distinct items consumed.
    pub items_consumed: i64,
    /// Today: Σ on hand × average cost of the active items.
    pub stock_value: Money,
    pub periods: Vec<PartsPeriod>,
    /// The 50 items of most value consumed.
    pub by_item: Vec<ItemConsumption>,
    /// By value, largest first.
    pub by_model: Vec<ModelConsumption>,
    /// Today, by SKU.
    pub below_minimum: Vec<ItemBelowMinimum>,
    pub suppliers: Vec<SupplierFigures>,
}

/// Most items the report lists by consumption.
pub const TOP_ITEMS: usize = 50;

/// The range, currency and items of a parts query: what both the report
/// and its drill-down start from.
struct Facts {
    from: NaiveDate,
    to: NaiveDate,
    granularity: Granularity,
    currency: String,
    tz: chrono_tz::Tz,
    customers: CustomerFilters,
    items: HashMap<ItemId, ItemStockRow>,
}

impl Facts {
    /// The consumption scope of the days `[first, last]` of the range.
    fn scope(&self, first: NaiveDate, last: NaiveDate) -> PartsScope {
        let (start, end) = day_bounds(first, last, self.tz);
        PartsScope {
            start,
            end,
            customers: self.customers.clone(),
        }
    }
}

/// A move's value: its quantity at its unit cost when consumed.
fn value_of(row: &ConsumptionRow) -> Decimal {
    Decimal::new(
        row.quantity * row.cost_cents.unwrap_or(0),
        CONSUMPTION_VALUE_SCALE,
    )
}

fn money(mut d: Decimal, scale: u32) -> Money {
    d = d.round_dp_with_strategy(scale, rust_decimal::RoundingStrategy::MidpointAwayFromZero);
    d.rescale(scale);
    Money(d)
}

/// A value summed in SQL ([`CONSUMPTION_VALUE_SCALE`]) in the currency.
fn sql_value(value: i64, scale: u32) -> Money {
    money(Decimal::new(value, CONSUMPTION_VALUE_SCALE), scale)
}

fn pct(rate: Option<Decimal>) -> Option<f64> {
    use rust_decimal::prelude::ToPrimitive;
    rate.and_then(|r| (r * Decimal::from(100)).round_dp(1).to_f64())
}

fn below_minimum(i: &ItemStockRow) -> bool {
    i.active && i.minimum > 0 && i.on_hand - i.reserved + i.on_order < i.minimum
}

impl Services {
    /// Checks the right, reads the company settings, opens the report's
    /// snapshot and reads the range and the items on it.
    async fn parts_facts(
        &self,
        who: &Principal,
        q: &PartsQuery,
    ) -> AppResult<(Facts, crate::store::Conn)> {
        who.require(Permission::ManagePurchasing)?;
        let company = self.store.conn().await?.company_settings().await?;
        let mut conn = self.store.report_snapshot().await?;
        let tz = company_tz(&company.time_zone);
        let (from, to, granularity) = range(&company.time_zone, q.from, q.to, q.granularity)?;
        let customers = CustomerFilters {
            customer_id: q.customer_id,
            seller_id: None,
            category: super::category(q.category.clone())?,
        };
        let items = conn
            .report_item_stock()
            .await?
            .into_iter()
            .map(|i| (i.id, i))
            .collect();
        let facts = Facts {
            from,
            to,
            granularity,
            currency: company.currency,
            tz,
            customers,
            items,
        };
        Ok((facts, conn))
    }

    /// The parts and suppliers report (office roles).
    pub async fn parts_report(&self, who: &Principal, q: PartsQuery) -> AppResult<PartsReport> {
        let (f, mut conn) = self.parts_facts(who, &q).await?;
        let scale = currency_scale(&f.currency);
        let spans = periods(f.granularity, f.from, f.to);
        let bounds = period_bounds(&spans, f.tz);
        let scope = f.scope(f.from, f.to);
        // The consumption on the snapshot while purchasing ranks the
        // suppliers on a connection of its own: the two take about as long
        // on SQLite (docs/performance.md).
        let consumption = async {
            let by_period = conn
                .report_consumption_by_period(&bounds, &f.customers)
                .await?;
            let by_item = conn.report_consumption_by_item(&scope).await?;
            let by_model = conn.report_consumption_by_model(&scope).await?;
            Ok::<_, crate::error::AppError>((by_period, by_item, by_model))
        };
        let ranking = self.performance_ranking(
            who,
            PeriodQuery {
                from: Some(f.from),
                to: Some(f.to),
            },
        );
        let ((periods_read, by_item, by_model), ranking) = tokio::try_join!(consumption, ranking)?;
        drop(conn);
        let mut by_period = vec![(0i64, 0i64); spans.len()];
        for p in periods_read {
            if let Some(slot) = usize::try_from(p.period)
                .ok()
                .and_then(|i| by_period.get_mut(i))
            {
                *slot = (p.moves, p.value);
            }
        }
        let moves: i64 = by_item.iter().map(|i| i.moves).sum();
        let items_consumed = by_item.len() as i64;
        let total: i64 = by_item.iter().map(|i| i.value).sum();
        let mut items: Vec<ItemConsumption> = by_item
            .into_iter()
            .filter_map(|c| {
                let i = f.items.get(&c.item_id)?;
                Some(ItemConsumption {
                    item_id: c.item_id,
                    sku: i.sku.clone(),
                    description: i.description.clone(),
                    unit: i.unit.clone(),
                    quantity: StockQty::from_milli(c.quantity),
                    moves: c.moves,
                    value: sql_value(c.value, scale),
                })
            })
            .collect();
        items.sort_by(|a, b| b.value.cmp(&a.value).then_with(|| a.sku.cmp(&b.sku)));
        items.truncate(TOP_ITEMS);
        let mut models: Vec<ModelConsumption> = by_model
            .into_iter()
            .map(|m| ModelConsumption {
                model: m.model,
                moves: m.moves,
                value: sql_value(m.value, scale),
            })
            .collect();
        models.sort_by(|a, b| b.value.cmp(&a.value).then_with(|| a.model.cmp(&b.model)));
        let stock_value: Decimal = f
            .items
            .values()
            .filter(|i| i.active)
            .map(|i| i.average_cost.0 * Decimal::new(i.on_hand, StockQty::SCALE))
            .sum();
        let mut below: Vec<ItemBelowMinimum> = f
            .items
            .values()
            .filter(|i| below_minimum(i))
            .map(|i| ItemBelowMinimum {
                item_id: i.id,
                sku: i.sku.clone(),
                description: i.description.clone(),
                unit: i.unit.clone(),
                projected: StockQty::from_milli(i.on_hand - i.reserved + i.on_order),
                minimum: StockQty::from_milli(i.minimum),
            })
            .collect();
        below.sort_by(|a, b| a.sku.cmp(&b.sku));
        use rust_decimal::prelude::ToPrimitive;
        let suppliers = ranking
            .suppliers
            .into_iter()
            .map(|s| SupplierFigures {
                rank: s.rank,
                supplier_id: s.supplier_id,
                name: s.supplier_name,
                on_time_pct: pct(s.figures.on_time_rate),
                average_lead_time_days: s
                    .figures
                    .average_lead_time_days
                    .and_then(|d| d.round_dp(1).to_f64()),
                fill_pct: pct(s.figures.fill_rate),
                price_variance_pct: pct(s.figures.price_variance),
                lines: s.figures.lines_rated,
            })
            .collect();
        Ok(PartsReport {
            from: f.from,
            to: f.to,
            granularity: f.granularity,
            moves,
            consumed_value: sql_value(total, scale),
            items_consumed,
            stock_value: money(stock_value, scale),
            periods: spans
                .iter()
                .zip(by_period)
                .map(|(&(start, end), (moves, value))| PartsPeriod {
                    start,
                    end,
                    moves,
                    value: sql_value(value, scale),
                })
                .collect(),
            by_item: items,
            by_model: models,
            below_minimum: below,
            suppliers,
            currency: f.currency,
        })
    }

    /// The records behind a figure of the parts report.
    pub async fn parts_records(
        &self,
        who: &Principal,
        q: PartsQuery,
        figure: PartsFigure,
        r: RecordsQuery,
    ) -> AppResult<ReportRecords> {
        let (f, mut conn) = self.parts_facts(who, &q).await?;
        let scale = currency_scale(&f.currency);
        let (start, end) = r.days(f.from, f.to)?;
        // Only the days clicked are read: the drill-down of a period is
        // its moves, not the range's.
        let now = crate::domain::Timestamp::now();
        let item_entry = |i: &ItemStockRow, quantity: i64, value: Option<Money>| Entry {
            found: Found::Named {
                kind: RecordKind::Item,
                id: i.id.0,
                number: i.sku.clone(),
                title: i.description.clone(),
            },
            at: now,
            amount: value,
            quantity: Some(StockQty::from_milli(quantity)),
        };
        let move_entry = |m: &ConsumptionRow| {
            let i = f.items.get(&m.item_id);
            let found = match m.order_id {
                Some(order) => Found::Order(order),
                None => Found::Named {
                    kind: RecordKind::Item,
                    id: m.item_id.0,
                    number: i.map(|i| i.sku.clone()).unwrap_or_default(),
                    title: i.map(|i| i.description.clone()).unwrap_or_default(),
                },
            };
            Entry {
                found,
                at: m.at,
                amount: Some(money(value_of(m), scale)),
                quantity: Some(StockQty::from_milli(m.quantity)),
            }
        };
        let entries: Vec<Entry> = match figure {
            PartsFigure::Consumption | PartsFigure::ModelConsumption => {
                let of = match (figure, r.key.as_deref()) {
                    (PartsFigure::Consumption, Some(k)) if !k.trim().is_empty() => {
                        ConsumptionOf::Item(r.key_id()?)
                    }
                    (PartsFigure::Consumption, _) => ConsumptionOf::All,
                    _ => {
                        let key = r.key()?;
                        ConsumptionOf::Model((key != "none").then(|| key.to_string()))
                    }
                };
                // Paged in SQL: three years hold hundreds of thousands of
                // moves.
                let (offset, limit) = window(&r)?;
                let (moves, total) = conn
                    .report_consumption_page(
                        &f.scope(start, end),
                        &of,
                        offset as i64,
                        limit as i64 + 1,
                    )
                    .await?;
                let entries = moves.iter().map(move_entry).collect();
                return paged(&mut conn, entries, total, offset, limit).await;
            }
            PartsFigure::BelowMinimum => f
                .items
                .values()
                .filter(|i| below_minimum(i))
                .map(|i| item_entry(i, i.on_hand - i.reserved + i.on_order, None))
                .collect(),
            PartsFigure::StockValue => f
                .items
                .values()
                .filter(|i| i.active && i.on_hand > 0)
                .map(|i| {
                    let value = i.average_cost.0 * Decimal::new(i.on_hand, StockQty::SCALE);
                    item_entry(i, i.on_hand, Some(money(value, scale)))
                })
                .collect(),
            PartsFigure::Supplier => {
                let supplier: SupplierId = r.key_id()?;
                let (start, end) = day_bounds(start, end, f.tz);
                conn.report_supplier_orders(supplier, start, end)
                    .await?
                    .into_iter()
                    .map(|o| {
                        Entry::new(
                            Found::Named {
                                kind: RecordKind::PurchaseOrder,
                                id: o.id.0,
                                number: o.number,
                                title: o.state,
                            },
                            o.created_at,
                        )
                    })
                    .collect()
            }
        };
        page(&mut conn, entries, &r).await
    }

    /// The parts report's tables as CSV or XLSX: consumption by period,
    /// then by item.
    pub async fn export_parts(
        &self,
        who: &Principal,
        q: PartsQuery,
        format: ExportFormat,
    ) -> AppResult<Vec<u8>> {
        let report = self.parts_report(who, q).await?;
        let es = self.language() == Lang::Es;
        let header: &[&str] = if es {
            &[
                "Desde",
                "Hasta",
                "SKU",
                "Descripción",
                "Cantidad",
                "Consumos",
                "Valor",
            ]
        } else {
            &[
                "From",
                "To",
                "SKU",
                "Description",
                "Quantity",
                "Moves",
                "Value",
            ]
        };
        let sheet = if es { "Repuestos" } else { "Parts" };
        let mut out = TableWriter::new(format, sheet, header, currency_scale(&report.currency))?;
        for p in &report.periods {
            out.row(&[
                Cell::Date(Some(p.start)),
                Cell::Date(Some(p.end)),
                Cell::Text(String::new()),
                Cell::Text(String::new()),
                Cell::Text(String::new()),
                Cell::Count(p.moves),
                Cell::Amount(p.value),
            ])?;
        }
        for i in &report.by_item {
            out.row(&[
                Cell::Date(Some(report.from)),
                Cell::Date(Some(report.to)),
                Cell::Text(i.sku.clone()),
                Cell::Text(i.description.clone()),
                Cell::Number(Some(i.quantity.to_decimal())),
                Cell::Count(i.moves),
                Cell::Amount(i.value),
            ])?;
        }
        out.finish()
    }
}
