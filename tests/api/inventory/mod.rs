//! Suppliers, catalog, stock ledger and purchasing at the store level, on
//! SQLite and PostgreSQL: the guarded ledger, the last-unit race, the
//! ledger-equals-aggregates check, once-per-crossing reorder state, and
//! gap-free purchase order numbers.

mod api_backorders;
pub mod api_catalog;
mod api_order_parts;
mod api_reorder;
mod purchasing;
mod purchasing_api;
mod stock;
mod suppliers_items;

use faena::domain::inventory::{Sku, StockChange, StockPolicy, StockQty, StockUnit};
use faena::domain::{
    Email, ItemId, Money, Role, SupplierId, TaxId, TaxIdCountry, Timestamp, UserId,
};
use faena::store::accounts::NewUser;
use faena::store::inventory::{Item, ItemData, NewMove, SupplierData};
use rust_decimal::Decimal;
use std::str::FromStr;

use crate::helpers::{Backend, TestApp};

pub fn u(n: i64) -> StockQty {
    StockQty::units(n)
}

pub fn money(text: &str) -> Money {
    Money(Decimal::from_str(text).unwrap())
}

/// A staff user to sign moves and orders with.
pub async fn staff(app: &TestApp) -> UserId {
    let id = UserId::new();
    let email = Email::parse(&format!("bodega-{}@faena.test", id.0.simple())).unwrap();
    let mut tx = app.services.store.begin().await.unwrap();
    tx.insert_user(NewUser {
        id,
        email: &email,
        name: "Bodega",
        phone: "",
        role: Role::Admin,
        customer_id: None,
        password_hash: None,
        now: Timestamp::now(),
    })
    .await
    .unwrap();
    tx.commit().await.unwrap();
    id
}

/// A valid Chilean RUT for `n` (check digit computed here).
pub fn rut(n: u32) -> TaxId {
    let digits = n.to_string();
    let mut sum = 0;
    for (i, c) in digits.chars().rev().enumerate() {
        sum += c.to_digit(10).unwrap() * [2, 3, 4, 5, 6, 7][i % 6];
    }
    let dv = match 11 - sum % 11 {
        11 => "0".to_string(),
        10 => "K".to_string(),
        d => d.to_string(),
    };
    TaxId::parse(TaxIdCountry::Chile, &format!("{digits}-{dv}")).unwrap()
}

pub fn supplier_data(name: &str, tax: u32) -> SupplierData {
    SupplierData {
        name: name.into(),
        tax_id: rut(tax),
        tax_id_country: TaxIdCountry::Chile,
        email: Some(Email::parse("ventas@repuestos.test").unwrap()),
        phone: "+56 2 2345 6789".into(),
        address: "Av. Industrial 1200, Santiago".into(),
        payment_terms: "30 días".into(),
        lead_time_days: 7,
        notes: String::new(),
    }
}

pub async fn new_supplier(app: &TestApp, name: &str, tax: u32) -> SupplierId {
    let mut tx = app.services.store.begin().await.unwrap();
    let s = tx
        .insert_supplier(
            SupplierId::new(),
            &supplier_data(name, tax),
            Timestamp::now(),
        )
        .await
        .unwrap();
    tx.commit().await.unwrap();
    s.id
}

pub fn item_data(sku: &str, min: i64, max: i64, multiple: i64) -> ItemData {
    ItemData {
        sku: Sku::parse(sku).unwrap(),
        description: format!("Filtro de aceite {sku}"),
        brand: "Caterpillar".into(),
        part_number: "1R-0750".into(),
        unit: StockUnit::Piece,
        sale_price: money("45.00"),
        warranty_days: 90,
        policy: StockPolicy::new(StockUnit::Piece, u(min), u(max), u(multiple)).unwrap(),
        preferred_supplier_id: None,
    }
}

/// A piece item with the given policy and `count` units counted in.
pub async fn stocked_item(app: &TestApp, by: UserId, sku: &str, count: i64, min: i64) -> Item {
    let mut tx = app.services.store.begin().await.unwrap();
    let (item, _) = tx
        .insert_item(
            ItemId::new(),
            &item_data(sku, min, min * 3, 1),
            money("30"),
            Timestamp::now(),
        )
        .await
        .unwrap();
    if count > 0 {
        tx.append_move(&NewMove::new(
            item.id,
            StockChange::InitialCount(u(count)),
            by,
            Timestamp::now(),
        ))
        .await
        .unwrap();
    }
    tx.commit().await.unwrap();
    item
}

/// Runs one statement straight on the test database (to prove what the
/// schema itself refuses, or to corrupt a cache on purpose).
pub async fn raw_execute(app: &TestApp, sql: &str) -> Result<u64, sqlx::Error> {
    use sqlx::Connection;
    match app.backend {
        Backend::Sqlite => {
            let mut c = sqlx::SqliteConnection::connect(&app.database_url).await?;
            let r = sqlx::query(sqlx::AssertSqlSafe(sql.to_string()))
                .execute(&mut c)
                .await?;
            Ok(r.rows_affected())
        }
        Backend::Postgres => {
            let mut c = sqlx::PgConnection::connect(&app.database_url).await?;
            let r = sqlx::query(sqlx::AssertSqlSafe(sql.to_string()))
                .execute(&mut c)
                .await?;
            Ok(r.rows_affected())
        }
    }
}
