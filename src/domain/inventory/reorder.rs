//! Reorder rules: when an item needs buying, how much to suggest, and when
//! to alert purchasing.
//!
//! An item needs reordering when its **projected** quantity (available +
//! on order) is below its minimum. Purchasing is alerted once per
//! *crossing*: when the item goes from "fine" to "below minimum". Further
//! moves while it stays below do not alert again; once it is back at or
//! above the minimum (stock received, a purchase order sent, the minimum
//! lowered) the next fall alerts again. The store keeps the crossing state
//! (`stock_levels.reorder_since`) and changes it under the item's row lock,
//! so two concurrent moves cannot both alert.

use serde::Serialize;

use super::item::StockPolicy;
use super::quantity::StockQty;

/// Whether an item with `projected` stock needs reordering under `policy`.
/// A minimum of zero means the item is not replenished automatically.
pub fn needs_reorder(projected: StockQty, policy: &StockPolicy) -> bool {
    policy.minimum.is_positive() && projected < policy.minimum
}

/// How a change moved an item with respect to its minimum.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReorderTransition {
    /// It just fell below its minimum: alert purchasing.
    Crossed,
    /// It is back at or above its minimum: the next fall alerts again.
    Recovered,
    /// Still on the same side.
    Unchanged,
}

impl ReorderTransition {
    /// From the stored crossing state (`flagged`: it was below the minimum)
    /// and the figures after a change.
    pub fn of(flagged: bool, projected: StockQty, policy: &StockPolicy) -> ReorderTransition {
        match (flagged, needs_reorder(projected, policy)) {
            (false, true) => ReorderTransition::Crossed,
            (true, false) => ReorderTransition::Recovered,
            _ => ReorderTransition::Unchanged,
        }
    }
}

/// The quantity to order for an item with `projected` stock: enough to get
/// as close to the maximum as whole reorder multiples allow without going
/// over it, and never less than what lifts it back to the minimum (when one
/// multiple is larger than the room under the maximum, the minimum wins).
/// Zero when the item does not need reordering.
pub fn suggested_quantity(projected: StockQty, policy: &StockPolicy) -> StockQty {
    if !needs_reorder(projected, policy) {
        return StockQty::ZERO;
    }
    let multiple = policy.reorder_multiple.milli().max(1);
    let target = policy.maximum.max(policy.minimum);
    let room = (target - projected).milli();
    let mut packs = room / multiple;
    let to_minimum = (policy.minimum - projected).milli();
    let packs_to_minimum = (to_minimum + multiple - 1) / multiple;
    if packs < packs_to_minimum {
        packs = packs_to_minimum;
    }
    StockQty::from_milli(packs * multiple)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::inventory::StockUnit;

    fn u(n: i64) -> StockQty {
        StockQty::units(n)
    }

    fn policy(min: i64, max: i64, multiple: i64) -> StockPolicy {
        StockPolicy::new(StockUnit::Piece, u(min), u(max), u(multiple)).unwrap()
    }

    #[test]
    fn below_minimum_only() {
        let p = policy(4, 10, 1);
        assert!(needs_reorder(u(3), &p));
        assert!(!needs_reorder(u(4), &p));
        assert!(!needs_reorder(u(0), &StockPolicy::unmanaged()));
    }

    #[test]
    fn suggestions_fill_up_to_the_maximum_in_multiples() {
        // 3 projected, max 10, packs of 1 → 7.
        assert_eq!(suggested_quantity(u(3), &policy(4, 10, 1)), u(7));
        // Packs of 4: 7 of room → one pack of 4 (8 would pass the maximum).
        assert_eq!(suggested_quantity(u(3), &policy(4, 10, 4)), u(4));
        // Packs of 12 with room for 7: one pack anyway, the minimum wins.
        assert_eq!(suggested_quantity(u(3), &policy(4, 10, 12)), u(12));
        // Projected below zero is impossible, but an empty shelf orders the lot.
        assert_eq!(suggested_quantity(u(0), &policy(5, 20, 5)), u(20));
        // Fine items get nothing.
        assert_eq!(suggested_quantity(u(4), &policy(4, 10, 1)), u(0));
        // Fractional units: 2.5 L projected, min 10, max 40, drums of 20 L → 20.
        let litres = StockPolicy::new(StockUnit::Litre, u(10), u(40), u(20)).unwrap();
        let projected = StockQty::parse("2.5").unwrap();
        assert_eq!(suggested_quantity(projected, &litres), u(20));
    }

    #[test]
    fn one_alert_per_crossing() {
        let p = policy(4, 10, 1);
        let mut flagged = false;
        let mut alerts = 0;
        // 6 → 5 → 3 (cross) → 2 → 1 → 8 (recover) → 2 (cross again).
        for projected in [6, 5, 3, 2, 1, 8, 2] {
            match ReorderTransition::of(flagged, u(projected), &p) {
                ReorderTransition::Crossed => {
                    alerts += 1;
                    flagged = true;
                }
                ReorderTransition::Recovered => flagged = false,
                ReorderTransition::Unchanged => {}
            }
        }
        assert_eq!(alerts, 2);
        assert!(flagged);
    }
}
