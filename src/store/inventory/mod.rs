//! Suppliers, the parts catalog, the stock ledger and purchasing: all their SQL.
//!
//! - [`suppliers`]: suppliers and their contacts.
//! - [`items`]: catalog items, their compatible models, and the one
//!   `stock_levels` row each item has from birth.
//! - [`stock`]: the ledger. A move is appended together with a *guarded*
//!   UPDATE of the item's cached level (`WHERE on_hand + Δ >= 0 AND
//!   reserved + Δ <= on_hand + Δ …`), in the caller's transaction. On
//!   PostgreSQL the UPDATE takes the row lock and re-checks the guard against
//!   the committed row, so of two transactions taking the last unit exactly
//!   one matches; on SQLite `BEGIN IMMEDIATE` serializes writers and the same
//!   guard refuses the second. The reorder crossing state is changed under
//!   that same lock. [`Conn::ledger_check`] recomputes every cached figure
//!   from the ledger and the open purchase orders.
//! - [`purchasing`]: purchase orders (`OC-000001`, numbered in the
//!   transaction), lines, receipts, and the facts supplier performance is
//!   computed from.
//!
//! Quantities are [`StockQty`](crate::domain::inventory::StockQty): integer
//! thousandths on both backends, so the guards, sums and comparisons are the
//! same SQL and exact everywhere.
//!
//! [`Conn::ledger_check`]: super::Conn::ledger_check

pub mod items;
pub mod order_parts;
pub mod purchasing;
pub mod stock;
pub mod suppliers;

pub use items::{Item, ItemCursor, ItemData, ItemFilter};
pub use order_parts::{Backorder, MAX_BACKORDERS, StockedPart};
pub use purchasing::{
    LineFactsRow, NewReceipt, PurchaseLine, PurchaseLineData, PurchaseOrder, PurchaseOrderCursor,
    PurchaseOrderFilter, PurchaseReceipt, ReceiptFactsRow,
};
pub use stock::{
    LedgerMismatch, LevelChange, MoveCursor, NewMove, ReorderLine, StockError, StockFigures,
    StockMove,
};
pub use suppliers::{
    Supplier, SupplierContact, SupplierContactData, SupplierCursor, SupplierData, SupplierFilter,
};

/// A case-insensitive substring pattern with `%`, `_` and `\` matched
/// literally (use with `ESCAPE '\'`).
fn like_pattern(term: &str) -> String {
    let escaped = term
        .to_lowercase()
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    format!("%{escaped}%")
}

#[cfg(test)]
mod tests {
    #[test]
    fn like_patterns_are_literal() {
        assert_eq!(super::like_pattern("50%_A\\"), "%50\\%\\_a\\\\%");
    }
}
