//! The demo catalog: a supplier and a handful of parts for the demo
//! customers' machines, counted in. One item ("KIT-SELLO-WA470") has a
//! single unit and a minimum of one, so taking it puts it on the "to
//! reorder" list (the browser story does exactly that). Loading twice
//! changes nothing.

use anyhow::Context;

use crate::domain::inventory::{Sku, StockChange, StockPolicy, StockQty, StockUnit};
use crate::domain::{Email, ItemId, Money, SupplierId, TaxId, TaxIdCountry, Timestamp, UserId};
use crate::services::Services;
use crate::store::inventory::{ItemData, NewMove, SupplierData};

/// (SKU, description, brand, part number, unit, sale price, warranty days,
/// minimum, maximum, multiple, counted, models)
type DemoItem = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    StockUnit,
    &'static str,
    i32,
    i64,
    i64,
    i64,
    i64,
    &'static [&'static str],
);

const DEMO_ITEMS: [DemoItem; 5] = [
    (
        "FLT-1R0750",
        "Filtro de combustible",
        "Caterpillar",
        "1R-0750",
        StockUnit::Piece,
        "38.00",
        90,
        4,
        12,
        4,
        10,
        &["CAT 320D"],
    ),
    (
        "FLT-600-211-1340",
        "Filtro de aceite de motor",
        "Komatsu",
        "600-211-1340",
        StockUnit::Piece,
        "29.50",
        90,
        3,
        10,
        1,
        6,
        &["Komatsu WA470"],
    ),
    (
        "KIT-SELLO-WA470",
        "Kit de sellos del cilindro de levante",
        "Komatsu",
        "707-99-47600",
        StockUnit::Kit,
        "215.00",
        180,
        1,
        4,
        1,
        1,
        &["Komatsu WA470"],
    ),
    (
        "ACE-15W40",
        "Aceite de motor 15W-40",
        "Shell Rimula",
        "R4X-15W40",
        StockUnit::Litre,
        "6.80",
        0,
        40,
        200,
        20,
        120,
        &[],
    ),
    (
        "MNG-HID-1",
        "Manguera hidráulica 1\" (metro)",
        "Parker",
        "451TC-16",
        StockUnit::Metre,
        "24.00",
        30,
        0,
        0,
        1,
        25,
        &["CAT 320D", "Volvo FMX 460"],
    ),
];

/// A Chilean RUT with its check digit, for the demo supplier.
fn rut(n: u32) -> String {
    let digits = n.to_string();
    let mut sum = 0;
    for (i, c) in digits.chars().rev().enumerate() {
        sum += c.to_digit(10).unwrap_or(0) * [2, 3, 4, 5, 6, 7][i % 6];
    }
    let dv = match 11 - sum % 11 {
        11 => "0".to_string(),
        10 => "K".to_string(),
        d => d.to_string(),
    };
    format!("{digits}-{dv}")
}

/// Loads the demo catalog, signed by `by` (a demo office user).
pub async fn load(services: &Services, by: UserId) -> anyhow::Result<()> {
    let now = Timestamp::now();
    let mut tx = services.store.begin().await?;
    let tax_id = TaxId::parse(TaxIdCountry::Chile, &rut(76_543_210)).context("demo RUT")?;
    let supplier = match tx
        .suppliers_page(&Default::default(), None, 500)
        .await?
        .into_iter()
        .find(|s| s.tax_id == tax_id)
    {
        Some(s) => s.id,
        None => {
            let data = SupplierData {
                name: "Repuestos Industriales del Pacífico SpA".into(),
                tax_id,
                tax_id_country: TaxIdCountry::Chile,
                email: Some(Email::parse("ventas@repuestos-pacifico.demo")?),
                phone: "+56 2 2345 6789".into(),
                address: "Av. Industrial 1200, Santiago".into(),
                payment_terms: "30 días".into(),
                lead_time_days: 7,
                notes: String::new(),
            };
            tx.insert_supplier(SupplierId::new(), &data, now).await?.id
        }
    };
    for (sku, description, brand, part, unit, price, warranty, min, max, multiple, count, models) in
        DEMO_ITEMS
    {
        let sku = Sku::parse(sku).map_err(|e| anyhow::anyhow!("demo SKU: {e}"))?;
        if tx.item_by_sku(&sku).await?.is_some() {
            continue;
        }
        let policy = StockPolicy::new(
            unit,
            StockQty::units(min),
            StockQty::units(max),
            StockQty::units(multiple),
        )
        .map_err(|e| anyhow::anyhow!("demo policy: {e}"))?;
        let data = ItemData {
            sku,
            description: description.into(),
            brand: brand.into(),
            part_number: part.into(),
            unit,
            sale_price: Money::parse(price, 2)?,
            warranty_days: warranty,
            policy,
            preferred_supplier_id: Some(supplier),
        };
        let cost = Money(Money::parse(price, 2)?.0 * rust_decimal::Decimal::new(6, 1));
        let cost = Money(cost.0.round_dp(2));
        let (item, _) = tx.insert_item(ItemId::new(), &data, cost, now).await?;
        let models: Vec<String> = models.iter().map(|m| m.to_string()).collect();
        tx.set_item_models(item.id, &models).await?;
        tx.append_move(&NewMove {
            note: "Conteo inicial (demo)",
            ..NewMove::new(
                item.id,
                StockChange::InitialCount(StockQty::units(count)),
                by,
                now,
            )
        })
        .await
        .map_err(|e| anyhow::anyhow!("demo count: {e}"))?;
    }
    tx.commit().await?;
    Ok(())
}
