//! Purchasing (issue 15, seed "Módulo de Comunicación con Proveedores"):
//! suppliers, purchase orders to them, receiving the goods, and how each
//! supplier performs. Office roles only ([`Permission::ManagePurchasing`]):
//! technicians, sellers and customers are refused every route.
//!
//! One file per sub-capability:
//!
//! - [`suppliers`]: the supplier directory (tax id validated like
//!   customers'), contacts, active flag, search, purchase history.
//! - [`orders`]: purchase orders `OC-000001` — draft lines, send (e-mails
//!   the supplier through the outbox and puts the outstanding quantities on
//!   order), cancel, close short; the printable PDF.
//! - [`receiving`]: receiving per line (partial allowed): a receipt move in
//!   the stock ledger, on order down, a new moving average cost; more than
//!   outstanding needs `confirm_over_receipt`.
//! - [`performance`]: on-time rate, lead time, fill rate and price variance
//!   per supplier and period, month by month, and the ranking.
//!
//! Every change runs in one unit of work and is published on
//! `staff:purchasing` (`purchase_order.changed`, `purchase_order.received`,
//! `supplier.changed`), so the purchasing pages of every office user reload
//! without a reload. The API types here are not the store rows: they are
//! built from them with `From`.

pub mod demo;
pub mod document;
pub mod orders;
pub mod performance;
pub mod receiving;
pub mod suppliers;

use chrono::NaiveDate;
use serde::Serialize;

use crate::domain::channel::{Channel, StaffFeed};
use crate::domain::events::{ChannelEvent, PurchaseOrderChanged};
use crate::domain::inventory::purchase::outstanding;
use crate::domain::inventory::{PurchaseOrderState, Sku, StockQty, StockUnit};
use crate::domain::{
    ItemId, Money, PurchaseLineId, PurchaseOrderId, PurchaseReceiptId, SupplierContactId,
    SupplierId, TaxId, TaxIdCountry, Timestamp, UserId,
};
use crate::error::{AppError, AppResult, ErrorCode};
use crate::services::Principal;
use crate::services::uow::UnitOfWork;
use crate::store::inventory::{
    PurchaseLine, PurchaseOrder, PurchaseReceipt, Supplier, SupplierContact,
};

/// The channel every purchasing page follows.
pub const FEED: Channel = Channel::Staff(StaffFeed::Purchasing);

// --- API types ----------------------------------------------------------------

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct SupplierView {
    pub id: SupplierId,
    pub name: String,
    /// Canonical tax id (RIF / RUT / NIT).
    pub tax_id: TaxId,
    pub tax_id_country: TaxIdCountry,
    pub email: Option<String>,
    pub phone: String,
    pub address: String,
    /// As agreed: "30 días", "contado"…
    pub payment_terms: String,
    /// Usual lead time in days.
    pub lead_time_days: i32,
    pub notes: String,
    pub active: bool,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
}

impl From<Supplier> for SupplierView {
    fn from(s: Supplier) -> Self {
        SupplierView {
            id: s.id,
            name: s.name,
            tax_id: s.tax_id,
            tax_id_country: s.tax_id_country,
            email: s.email,
            phone: s.phone,
            address: s.address,
            payment_terms: s.payment_terms,
            lead_time_days: s.lead_time_days,
            notes: s.notes,
            active: s.active,
            created_at: s.created_at,
            updated_at: s.updated_at,
        }
    }
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ContactView {
    pub id: SupplierContactId,
    pub supplier_id: SupplierId,
    pub name: String,
    pub email: Option<String>,
    pub phone: String,
    pub position: String,
    pub created_at: Timestamp,
}

impl From<SupplierContact> for ContactView {
    fn from(c: SupplierContact) -> Self {
        ContactView {
            id: c.id,
            supplier_id: c.supplier_id,
            name: c.name,
            email: c.email,
            phone: c.phone,
            position: c.position,
            created_at: c.created_at,
        }
    }
}

/// A purchase order's head, with its supplier's name.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PurchaseOrderView {
    pub id: PurchaseOrderId,
    /// `OC-000042`.
    pub number: String,
    pub supplier_id: SupplierId,
    pub supplier_name: String,
    pub state: PurchaseOrderState,
    pub notes: String,
    pub created_by: UserId,
    pub created_at: Timestamp,
    pub updated_at: Timestamp,
    pub sent_at: Option<Timestamp>,
    /// When it became received, closed short or cancelled.
    pub finished_at: Option<Timestamp>,
}

impl PurchaseOrderView {
    pub fn new(o: PurchaseOrder, supplier_name: String) -> Self {
        PurchaseOrderView {
            id: o.id,
            number: o.number,
            supplier_id: o.supplier_id,
            supplier_name,
            state: o.state,
            notes: o.notes,
            created_by: o.created_by,
            created_at: o.created_at,
            updated_at: o.updated_at,
            sent_at: o.sent_at,
            finished_at: o.finished_at,
        }
    }
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PurchaseLineView {
    pub id: PurchaseLineId,
    pub item_id: ItemId,
    pub sku: Sku,
    pub description: String,
    pub unit: StockUnit,
    pub position: i32,
    pub quantity: StockQty,
    pub received: StockQty,
    /// Still to come: quantity − received, never below zero.
    pub outstanding: StockQty,
    pub unit_cost: Money,
    /// quantity × unit cost, rounded to the currency.
    pub amount: Money,
    #[schema(value_type = Option<String>, format = Date)]
    pub promised_on: Option<NaiveDate>,
    pub fully_received_at: Option<Timestamp>,
}

impl PurchaseLineView {
    fn new(l: PurchaseLine, scale: u32) -> Self {
        let amount = Money(
            (l.quantity.to_decimal() * l.unit_cost.0).round_dp_with_strategy(
                scale,
                rust_decimal::RoundingStrategy::MidpointAwayFromZero,
            ),
        );
        PurchaseLineView {
            id: l.id,
            item_id: l.item_id,
            sku: l.sku,
            description: l.description,
            unit: l.unit,
            position: l.position,
            outstanding: outstanding(l.quantity, l.received),
            quantity: l.quantity,
            received: l.received,
            unit_cost: l.unit_cost,
            amount,
            promised_on: l.promised_on,
            fully_received_at: l.fully_received_at,
        }
    }
}

#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct ReceiptView {
    pub id: PurchaseReceiptId,
    pub line_id: PurchaseLineId,
    pub item_id: ItemId,
    pub quantity: StockQty,
    pub unit_cost: Money,
    /// The item's average cost just before this receipt.
    pub average_cost_before: Money,
    pub over_receipt: bool,
    pub received_by: UserId,
    pub received_at: Timestamp,
}

impl From<PurchaseReceipt> for ReceiptView {
    fn from(r: PurchaseReceipt) -> Self {
        ReceiptView {
            id: r.id,
            line_id: r.line_id,
            item_id: r.item_id,
            quantity: r.quantity,
            unit_cost: r.unit_cost,
            average_cost_before: r.average_cost_before,
            over_receipt: r.over_receipt,
            received_by: r.received_by,
            received_at: r.received_at,
        }
    }
}

/// A purchase order with its lines, receipts and total.
#[derive(Debug, Clone, Serialize, utoipa::ToSchema)]
pub struct PurchaseOrderDetail {
    pub order: PurchaseOrderView,
    pub supplier_email: Option<String>,
    pub lines: Vec<PurchaseLineView>,
    pub receipts: Vec<ReceiptView>,
    /// Σ line amounts.
    pub total: Money,
    pub currency: String,
}

// --- shared helpers -------------------------------------------------------------

fn not_found_order() -> AppError {
    AppError::not_found("purchase order")
}

fn not_open(state: PurchaseOrderState, what: &str) -> AppError {
    AppError::new(
        ErrorCode::PurchaseOrderNotOpen,
        format!("a {state} purchase order cannot {what}"),
    )
}

/// Reads a stock quantity typed by a person for an item counted in `unit`:
/// greater than zero, at most three decimals, whole for pieces.
fn positive_qty(field: &'static str, text: &str, unit: StockUnit) -> AppResult<StockQty> {
    let q = StockQty::parse(text).map_err(|e| AppError::validation(field, e.to_string()))?;
    unit.positive(q)
        .map_err(|e| AppError::validation(field, e.to_string()))
}

/// Publishes a purchase order's change on the purchasing feed.
async fn publish_order(
    tx: &mut UnitOfWork<'_>,
    who: &Principal,
    order: &PurchaseOrder,
) -> AppResult<()> {
    tx.publish(
        &FEED,
        ChannelEvent::PurchaseOrderChanged(PurchaseOrderChanged {
            purchase_order_id: order.id,
            number: order.number.clone(),
            supplier_id: order.supplier_id,
            state: order.state,
            by: who.actor(),
        }),
        Some(who.user.id),
    )
    .await
}
