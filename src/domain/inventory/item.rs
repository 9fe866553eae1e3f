//! Catalog items: the SKU, the stocking policy (minimum, maximum, reorder
//! multiple) and the stock level derived from the ledger.

use serde::Serialize;
use std::fmt;

use super::quantity::{InvalidStockQty, StockQty, StockUnit};

/// A stock-keeping unit code, unique in the catalog.
///
/// Normalized to upper case without surrounding spaces, so `flt-0042` and
/// `FLT-0042 ` are the same item. Like `TaxId`, it has no `Deserialize`:
/// input goes through [`Sku::parse`].
#[derive(
    Debug,
    Clone,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    sqlx::Type,
    utoipa::ToSchema,
    ts_rs::TS,
)]
#[ts(type = "string")]
#[sqlx(transparent)]
#[serde(transparent)]
pub struct Sku(String);

#[derive(Debug, Clone, Copy, thiserror::Error, PartialEq, Eq)]
pub enum InvalidSku {
    #[error("the SKU is empty")]
    Empty,
    #[error("the SKU is longer than {} characters", Sku::MAX_LEN)]
    TooLong,
    #[error("the SKU may contain letters, digits and - _ . / only")]
    BadCharacter,
}

impl Sku {
    pub const MAX_LEN: usize = 40;

    pub fn parse(input: &str) -> Result<Sku, InvalidSku> {
        let sku = input.trim().to_uppercase();
        if sku.is_empty() {
            return Err(InvalidSku::Empty);
        }
        if sku.chars().count() > Self::MAX_LEN {
            return Err(InvalidSku::TooLong);
        }
        if !sku
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | '/'))
        {
            return Err(InvalidSku::BadCharacter);
        }
        Ok(Sku(sku))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Sku {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// How an item is kept in stock: reorder when the projected quantity falls
/// below `minimum`, order up to `maximum`, in packs of `reorder_multiple`.
/// A minimum of zero means "not replenished automatically".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct StockPolicy {
    pub minimum: StockQty,
    pub maximum: StockQty,
    pub reorder_multiple: StockQty,
}

/// Why a stocking policy is refused; [`InvalidPolicy::field`] names the input field.
#[derive(Debug, Clone, Copy, thiserror::Error, PartialEq, Eq)]
pub enum InvalidPolicy {
    #[error("minimum: {0}")]
    Minimum(InvalidStockQty),
    #[error("maximum: {0}")]
    Maximum(InvalidStockQty),
    #[error("reorder multiple: {0}")]
    Multiple(InvalidStockQty),
    #[error("the maximum is below the minimum")]
    MaximumBelowMinimum,
}

impl InvalidPolicy {
    /// The request field at fault (snake_case, as in the API).
    pub fn field(self) -> &'static str {
        match self {
            InvalidPolicy::Minimum(_) => "minimum",
            InvalidPolicy::Maximum(_) | InvalidPolicy::MaximumBelowMinimum => "maximum",
            InvalidPolicy::Multiple(_) => "reorder_multiple",
        }
    }
}

impl StockPolicy {
    /// Checks the three levels against the item's unit.
    pub fn new(
        unit: StockUnit,
        minimum: StockQty,
        maximum: StockQty,
        reorder_multiple: StockQty,
    ) -> Result<StockPolicy, InvalidPolicy> {
        let minimum = unit.non_negative(minimum).map_err(InvalidPolicy::Minimum)?;
        let maximum = unit.non_negative(maximum).map_err(InvalidPolicy::Maximum)?;
        let reorder_multiple = unit
            .positive(reorder_multiple)
            .map_err(InvalidPolicy::Multiple)?;
        if maximum < minimum {
            return Err(InvalidPolicy::MaximumBelowMinimum);
        }
        Ok(StockPolicy {
            minimum,
            maximum,
            reorder_multiple,
        })
    }

    /// Not replenished: never on the reorder list.
    pub fn unmanaged() -> StockPolicy {
        StockPolicy {
            minimum: StockQty::ZERO,
            maximum: StockQty::ZERO,
            reorder_multiple: StockQty::units(1),
        }
    }
}

/// The cached stock figures of one item, always equal to what the ledger
/// and the open purchase orders say (see the store's ledger check).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, sqlx::FromRow)]
pub struct StockLevel {
    /// Physically in the warehouse (Σ on-hand deltas of the moves).
    pub on_hand: StockQty,
    /// Promised to service orders, still in the warehouse (Σ reserved deltas).
    pub reserved: StockQty,
    /// Ordered from suppliers on sent, not yet received purchase orders.
    pub on_order: StockQty,
    /// Waiting on service orders as "to order" (backorders): demand that
    /// purchasing must cover (Σ of the `to_order` parts).
    pub backordered: StockQty,
}

impl StockLevel {
    /// What can still be promised: on hand − reserved.
    pub fn available(&self) -> StockQty {
        self.on_hand - self.reserved
    }

    /// What will be left once open purchase orders arrive and the
    /// backorders waiting for them are served: available + on order −
    /// backordered. The reorder list and its suggestion follow it, so
    /// purchasing buys enough to cover the backorders.
    pub fn projected(&self) -> StockQty {
        self.available() + self.on_order - self.backordered
    }

    /// Whether these figures are possible: nothing negative, no more
    /// reserved than on hand (the same condition the store's guarded UPDATE
    /// and the table's CHECK constraint enforce).
    pub fn is_valid(&self) -> bool {
        !self.on_hand.is_negative()
            && !self.reserved.is_negative()
            && !self.on_order.is_negative()
            && !self.backordered.is_negative()
            && self.reserved <= self.on_hand
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn u(n: i64) -> StockQty {
        StockQty::units(n)
    }

    #[test]
    fn skus_are_normalized() {
        assert_eq!(Sku::parse("  flt-0042 ").unwrap().as_str(), "FLT-0042");
        assert_eq!(
            Sku::parse("CAT/1R-0750.A_2").unwrap().as_str(),
            "CAT/1R-0750.A_2"
        );
        assert_eq!(Sku::parse("   "), Err(InvalidSku::Empty));
        assert_eq!(Sku::parse("FLT 0042"), Err(InvalidSku::BadCharacter));
        assert_eq!(Sku::parse(&"X".repeat(41)), Err(InvalidSku::TooLong));
    }

    #[test]
    fn policies_are_checked_against_the_unit() {
        let p = StockPolicy::new(StockUnit::Piece, u(2), u(10), u(2)).unwrap();
        assert_eq!(p.minimum, u(2));
        assert_eq!(
            StockPolicy::new(StockUnit::Piece, u(5), u(4), u(1)),
            Err(InvalidPolicy::MaximumBelowMinimum)
        );
        let half = StockQty::parse("0.5").unwrap();
        let e = StockPolicy::new(StockUnit::Piece, half, u(4), u(1)).unwrap_err();
        assert_eq!(e.field(), "minimum");
        assert!(StockPolicy::new(StockUnit::Litre, half, u(4), half).is_ok());
        let e = StockPolicy::new(StockUnit::Litre, u(1), u(4), u(0)).unwrap_err();
        assert_eq!(e.field(), "reorder_multiple");
        let e = StockPolicy::new(StockUnit::Litre, u(-1), u(4), u(1)).unwrap_err();
        assert_eq!(e, InvalidPolicy::Minimum(InvalidStockQty::Negative));
    }

    #[test]
    fn available_and_projected() {
        let l = StockLevel {
            on_hand: u(5),
            reserved: u(2),
            on_order: u(10),
            backordered: u(0),
        };
        assert_eq!(l.available(), u(3));
        assert_eq!(l.projected(), u(13));
        assert!(l.is_valid());
        let waiting = StockLevel {
            backordered: u(4),
            ..l
        };
        assert_eq!(waiting.available(), u(3));
        assert_eq!(waiting.projected(), u(9));
        assert!(
            !StockLevel {
                on_hand: u(1),
                reserved: u(2),
                on_order: u(0),
                backordered: u(0),
            }
            .is_valid()
        );
    }
}
