//! The stock ledger: every change of stock is an immutable move.
//!
//! | kind | on hand | reserved | when |
//! |---|---|---|---|
//! | initial count | +q | | the first count of an item (once) |
//! | receipt | +q | | goods received on a purchase order |
//! | reservation | | +q | a catalog part added to a service order |
//! | release | | −q | that part removed from the order |
//! | consumption | −q | −q | the reserved part installed / the order closed |
//! | return | +q | | a consumed part comes back to the shelf |
//! | adjustment | ±q | | a count difference, damage, loss… with a reason |
//!
//! On hand and reserved are the sums of these deltas. Nothing is ever edited
//! in place: a mistake is corrected by another move.

use serde::{Deserialize, Serialize};

use super::item::StockLevel;
use super::quantity::{InvalidStockQty, StockQty, StockUnit};

#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    strum::EnumString,
    strum::IntoStaticStr,
    strum::EnumIter,
    strum::Display,
    utoipa::ToSchema,
    ts_rs::TS,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum StockMoveKind {
    InitialCount,
    Receipt,
    Reservation,
    Release,
    Consumption,
    Return,
    Adjustment,
}
crate::text_enum_sql!(StockMoveKind);

/// Why stock was adjusted by hand.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    strum::EnumString,
    strum::IntoStaticStr,
    strum::EnumIter,
    strum::Display,
    utoipa::ToSchema,
    ts_rs::TS,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum AdjustmentReason {
    /// A physical count found a different quantity.
    PhysicalCount,
    Damaged,
    Lost,
    /// Found stock that was not on the books.
    Found,
    Expired,
    /// Anything else; the note says what.
    Other,
}
crate::text_enum_sql!(AdjustmentReason);

/// One change of stock, before it is written to the ledger.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StockChange {
    InitialCount(StockQty),
    Receipt(StockQty),
    Reservation(StockQty),
    Release(StockQty),
    Consumption(StockQty),
    Return(StockQty),
    /// `delta` is signed: positive adds stock, negative removes it.
    Adjustment {
        delta: StockQty,
        reason: AdjustmentReason,
    },
}

/// How a move shifts the two ledger quantities.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Deltas {
    pub on_hand: StockQty,
    pub reserved: StockQty,
}

/// Not enough stock for a move: what there was.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error, Serialize)]
#[error("{requested} requested, {available} available")]
pub struct StockShortage {
    pub requested: StockQty,
    pub available: StockQty,
    pub on_hand: StockQty,
    pub reserved: StockQty,
}

impl StockChange {
    pub fn kind(&self) -> StockMoveKind {
        match self {
            StockChange::InitialCount(_) => StockMoveKind::InitialCount,
            StockChange::Receipt(_) => StockMoveKind::Receipt,
            StockChange::Reservation(_) => StockMoveKind::Reservation,
            StockChange::Release(_) => StockMoveKind::Release,
            StockChange::Consumption(_) => StockMoveKind::Consumption,
            StockChange::Return(_) => StockMoveKind::Return,
            StockChange::Adjustment { .. } => StockMoveKind::Adjustment,
        }
    }

    /// The quantity recorded on the move: positive, or signed for an adjustment.
    pub fn quantity(&self) -> StockQty {
        match *self {
            StockChange::InitialCount(q)
            | StockChange::Receipt(q)
            | StockChange::Reservation(q)
            | StockChange::Release(q)
            | StockChange::Consumption(q)
            | StockChange::Return(q) => q,
            StockChange::Adjustment { delta, .. } => delta,
        }
    }

    pub fn reason(&self) -> Option<AdjustmentReason> {
        match self {
            StockChange::Adjustment { reason, .. } => Some(*reason),
            _ => None,
        }
    }

    pub fn deltas(&self) -> Deltas {
        let q = self.quantity();
        let zero = StockQty::ZERO;
        let (on_hand, reserved) = match self {
            StockChange::InitialCount(_)
            | StockChange::Receipt(_)
            | StockChange::Return(_)
            | StockChange::Adjustment { .. } => (q, zero),
            StockChange::Reservation(_) => (zero, q),
            StockChange::Release(_) => (zero, -q),
            StockChange::Consumption(_) => (-q, -q),
        };
        Deltas { on_hand, reserved }
    }

    /// Checks the quantity against the item's unit: positive (an adjustment:
    /// not zero) and whole when the unit is.
    pub fn check(&self, unit: StockUnit) -> Result<(), InvalidStockQty> {
        match self {
            StockChange::Adjustment { delta, .. } => {
                if delta.is_zero() {
                    return Err(InvalidStockQty::NotPositive);
                }
                unit.fits(*delta).map(drop)
            }
            _ => unit.positive(self.quantity()).map(drop),
        }
    }

    /// The level after this move, or the shortage that forbids it. The
    /// store's guarded UPDATE applies exactly this rule in SQL.
    pub fn apply(&self, level: StockLevel) -> Result<StockLevel, StockShortage> {
        let d = self.deltas();
        let after = StockLevel {
            on_hand: level.on_hand + d.on_hand,
            reserved: level.reserved + d.reserved,
            ..level
        };
        if after.is_valid() {
            Ok(after)
        } else {
            Err(StockShortage {
                requested: self.quantity().abs(),
                available: level.available(),
                on_hand: level.on_hand,
                reserved: level.reserved,
            })
        }
    }
}

/// Where a catalog part on a service order stands with the stock
/// (free-text parts have none).
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    Serialize,
    Deserialize,
    strum::EnumString,
    strum::IntoStaticStr,
    strum::EnumIter,
    strum::Display,
    utoipa::ToSchema,
    ts_rs::TS,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum PartStockStatus {
    /// Held for the order: counted in `reserved`.
    Reserved,
    /// Installed: taken out of stock.
    Consumed,
    /// Not in stock when added: a backorder purchasing has to buy
    /// (counted in `backordered`; reserved oldest first when stock arrives).
    ToOrder,
    /// Its order was deactivated: the reservation was released (or the
    /// backorder dropped from the demand). Reactivating the order reserves
    /// it again when available, or makes it a backorder.
    Released,
}
crate::text_enum_sql!(PartStockStatus);

#[cfg(test)]
mod tests {
    use super::*;
    use strum::IntoEnumIterator;

    fn u(n: i64) -> StockQty {
        StockQty::units(n)
    }

    fn level(on_hand: i64, reserved: i64) -> StockLevel {
        StockLevel {
            on_hand: u(on_hand),
            reserved: u(reserved),
            on_order: u(0),
            backordered: u(0),
        }
    }

    #[test]
    fn deltas_per_kind() {
        let cases = [
            (StockChange::InitialCount(u(5)), (5, 0)),
            (StockChange::Receipt(u(5)), (5, 0)),
            (StockChange::Reservation(u(5)), (0, 5)),
            (StockChange::Release(u(5)), (0, -5)),
            (StockChange::Consumption(u(5)), (-5, -5)),
            (StockChange::Return(u(5)), (5, 0)),
            (
                StockChange::Adjustment {
                    delta: u(-2),
                    reason: AdjustmentReason::Damaged,
                },
                (-2, 0),
            ),
        ];
        for (change, (on_hand, reserved)) in cases {
            let d = change.deltas();
            assert_eq!(
                (d.on_hand, d.reserved),
                (u(on_hand), u(reserved)),
                "{change:?}"
            );
        }
        // Every kind has a case above.
        assert_eq!(cases.len(), StockMoveKind::iter().count());
    }

    #[test]
    fn the_last_unit_can_be_reserved_once() {
        let one = level(1, 0);
        let after = StockChange::Reservation(u(1)).apply(one).unwrap();
        assert_eq!(after.available(), u(0));
        let e = StockChange::Reservation(u(1)).apply(after).unwrap_err();
        assert_eq!(e.available, u(0));
        assert_eq!(e.requested, u(1));
    }

    #[test]
    fn on_hand_never_goes_negative_nor_below_reserved() {
        let e = StockChange::Adjustment {
            delta: u(-3),
            reason: AdjustmentReason::Lost,
        }
        .apply(level(2, 0))
        .unwrap_err();
        assert_eq!(e.on_hand, u(2));
        // Removing stock that is promised to an order is refused too.
        assert!(
            StockChange::Adjustment {
                delta: u(-1),
                reason: AdjustmentReason::Lost
            }
            .apply(level(2, 2))
            .is_err()
        );
        // Releasing more than reserved is refused.
        assert!(StockChange::Release(u(3)).apply(level(5, 2)).is_err());
        // Consuming takes from the reservation and the shelf at once.
        assert_eq!(
            StockChange::Consumption(u(2)).apply(level(5, 2)).unwrap(),
            level(3, 0)
        );
    }

    #[test]
    fn quantities_are_checked_against_the_unit() {
        let half = StockQty::parse("0.5").unwrap();
        assert_eq!(
            StockChange::Reservation(half).check(StockUnit::Piece),
            Err(InvalidStockQty::Fractional(StockUnit::Piece))
        );
        assert!(
            StockChange::Reservation(half)
                .check(StockUnit::Litre)
                .is_ok()
        );
        assert_eq!(
            StockChange::Receipt(u(-1)).check(StockUnit::Litre),
            Err(InvalidStockQty::NotPositive)
        );
        let zero = StockChange::Adjustment {
            delta: u(0),
            reason: AdjustmentReason::Other,
        };
        assert_eq!(
            zero.check(StockUnit::Litre),
            Err(InvalidStockQty::NotPositive)
        );
        let minus = StockChange::Adjustment {
            delta: u(-2),
            reason: AdjustmentReason::PhysicalCount,
        };
        assert!(minus.check(StockUnit::Piece).is_ok());
    }
}
