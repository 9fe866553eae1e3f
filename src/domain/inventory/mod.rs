//! Suppliers and inventory (capability 10, seed "Módulo de Comunicación con
//! Proveedores"): pure rules for the parts catalog, the stock ledger,
//! purchase orders, reorder alerts and supplier performance.
//!
//! The design in one paragraph: stock is a **ledger** of immutable moves
//! ([`moves`]); on hand and reserved are sums of their deltas, cached per
//! item in the store and checked against the ledger. Quantities are exact
//! fixed-point thousandths ([`quantity`]), whole for pieces and fractional
//! for litres. A purchase order walks a small state machine ([`purchase`]);
//! what is outstanding on open orders is `on_order`, which makes the
//! *projected* quantity that drives the reorder list and its once-per-crossing
//! alert ([`reorder`]). Supplier performance is computed from lines and
//! receipts ([`performance`]).

pub mod item;
pub mod moves;
pub mod performance;
pub mod purchase;
pub mod quantity;
pub mod reorder;

pub use item::{InvalidPolicy, InvalidSku, Sku, StockLevel, StockPolicy};
pub use moves::{
    AdjustmentReason, Deltas, PartStockStatus, StockChange, StockMoveKind, StockShortage,
};
pub use performance::{LineFacts, ReceiptFacts, SupplierPerformance};
pub use purchase::{LineReceipt, OverReceipt, PurchaseOrderState};
pub use quantity::{InvalidStockQty, StockQty, StockUnit};
pub use reorder::{ReorderTransition, needs_reorder, suggested_quantity};
