//! Demo data for purchasing: two suppliers, two catalog items (when the
//! catalog does not have them yet) and a draft purchase order to send, so
//! the purchasing pages and their browser story have something to work on.
//! Idempotent: a supplier that exists (by tax id) is left alone, and so is
//! everything made with it.

use anyhow::Context;
use chrono::TimeDelta;

use crate::domain::inventory::{Sku, StockChange, StockPolicy, StockQty, StockUnit};
use crate::domain::tax_id::demo_ids;
use crate::domain::{
    Email, ItemId, Money, PurchaseOrderId, SupplierId, TaxId, TaxIdCountry, Timestamp, UserId,
};
use crate::services::Services;
use crate::store::Conn;
use crate::store::inventory::{ItemData, NewMove, PurchaseLineData, SupplierData, SupplierFilter};

struct DemoItem {
    sku: &'static str,
    description: &'static str,
    brand: &'static str,
    part_number: &'static str,
    unit: StockUnit,
    cost: &'static str,
    price: &'static str,
    count: i64,
    minimum: i64,
    maximum: i64,
}

const ITEMS: [DemoItem; 2] = [
    DemoItem {
        sku: "FLT-1R0750",
        description: "Filtro de combustible CAT 1R-0750",
        brand: "Caterpillar",
        part_number: "1R-0750",
        unit: StockUnit::Piece,
        cost: "28.50",
        price: "45.00",
        count: 6,
        minimum: 4,
        maximum: 20,
    },
    DemoItem {
        sku: "HYD-ISO68",
        description: "Aceite hidráulico ISO 68",
        brand: "Shell Tellus",
        part_number: "S2 MX 68",
        unit: StockUnit::Litre,
        cost: "4.20",
        price: "7.50",
        count: 40,
        minimum: 20,
        maximum: 200,
    },
];

async fn demo_item(
    tx: &mut Conn,
    d: &DemoItem,
    by: UserId,
    now: Timestamp,
) -> anyhow::Result<ItemId> {
    let sku = Sku::parse(d.sku).context("demo sku")?;
    if let Some(item) = tx.item_by_sku(&sku).await? {
        return Ok(item.id);
    }
    let data = ItemData {
        sku,
        description: d.description.into(),
        brand: d.brand.into(),
        part_number: d.part_number.into(),
        unit: d.unit,
        sale_price: Money::parse(d.price, 2)?,
        warranty_days: 90,
        policy: StockPolicy::new(
            d.unit,
            StockQty::units(d.minimum),
            StockQty::units(d.maximum),
            StockQty::units(1),
        )
        .map_err(|e| anyhow::anyhow!("demo policy: {e}"))?,
        preferred_supplier_id: None,
    };
    let (item, _) = tx
        .insert_item(ItemId::new(), &data, Money::parse(d.cost, 2)?, now)
        .await?;
    tx.append_move(&NewMove::new(
        item.id,
        StockChange::InitialCount(StockQty::units(d.count)),
        by,
        now,
    ))
    .await
    .map_err(|e| anyhow::anyhow!("demo count: {e}"))?;
    Ok(item.id)
}

/// Loads the purchasing demo data; `by` signs the moves and the order.
pub async fn load(services: &Services, by: UserId) -> anyhow::Result<()> {
    let country = TaxIdCountry::Colombia;
    let suppliers = [
        (
            "Repuestos Andes S.A.S.",
            "ventas@repuestosandes.demo",
            "30 días",
            7,
        ),
        (
            "Hidráulica del Caribe S.A.S.",
            "pedidos@hidraulicacaribe.demo",
            "Contado",
            3,
        ),
    ];
    let now = Timestamp::now();
    for (i, ((name, email, terms, lead), tax)) in
        suppliers.into_iter().zip(demo_ids(country)).enumerate()
    {
        let tax_id = TaxId::parse(country, tax).context("demo supplier tax id")?;
        let mut tx = services.store.begin().await?;
        let exists = tx
            .suppliers_page(
                &SupplierFilter {
                    q: Some(tax_id.as_str().to_string()),
                    active: None,
                },
                None,
                1,
            )
            .await?;
        if !exists.is_empty() {
            continue;
        }
        let data = SupplierData {
            name: name.into(),
            tax_id,
            tax_id_country: country,
            email: Some(Email::parse(email).context("demo supplier e-mail")?),
            phone: "+57 601 555 0199".into(),
            address: "Zona Industrial, Bogotá".into(),
            payment_terms: terms.into(),
            lead_time_days: lead,
            notes: String::new(),
        };
        let supplier = tx.insert_supplier(SupplierId::new(), &data, now).await?;
        if i == 0 {
            let mut items = Vec::new();
            for d in &ITEMS {
                items.push(demo_item(&mut tx, d, by, now).await?);
            }
            let order = tx
                .insert_purchase_order(
                    PurchaseOrderId::new(),
                    supplier.id,
                    "Entregar en el taller de Valencia",
                    by,
                    now,
                )
                .await?;
            let promised = (now.as_datetime() + TimeDelta::days(7)).date_naive();
            for (item, (qty, cost)) in items.into_iter().zip([(10, "28.50"), (20, "4.20")]) {
                tx.insert_purchase_line(
                    order.id,
                    item,
                    &PurchaseLineData {
                        quantity: StockQty::units(qty),
                        unit_cost: Money::parse(cost, 2)?,
                        promised_on: Some(promised),
                    },
                    now,
                )
                .await?;
            }
        }
        tx.commit().await?;
    }
    Ok(())
}
