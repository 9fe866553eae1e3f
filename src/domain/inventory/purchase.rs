//! Purchase orders (pedidos de repuestos, `OC-000001`): their states, what
//! receiving a line does, and the average cost after a receipt.
//!
//! ```text
//! draft ──send──▶ sent ──receive part──▶ partially_received ──receive rest──▶ received
//!   │               │  └──receive all──────────────────────────────────────────▶ received
//!   └──cancel──▶ cancelled ◀──cancel──┘        └──close short──▶ closed_short
//! ```
//!
//! Only a draft's lines may be edited. Sent and partially received orders are
//! "open": what is still outstanding on them counts as `on_order` in the
//! projected stock. Once anything was received an order can no longer be
//! cancelled (the receipts are in the ledger); "close short" ends it instead.

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use super::quantity::StockQty;
use crate::domain::Money;

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
pub enum PurchaseOrderState {
    /// Being prepared; lines may change.
    Draft,
    /// E-mailed to the supplier; nothing received yet.
    Sent,
    /// Some lines (or part of a line) received.
    PartiallyReceived,
    /// Every line fully received.
    Received,
    /// Ended with lines still outstanding: the rest will not come.
    ClosedShort,
    /// Called off before anything was received.
    Cancelled,
}
crate::text_enum_sql!(PurchaseOrderState);

impl PurchaseOrderState {
    /// Whether an order in this state may move to `next` (staying put is not a move).
    pub fn can_move_to(self, next: PurchaseOrderState) -> bool {
        use PurchaseOrderState::*;
        matches!(
            (self, next),
            (Draft, Sent | Cancelled)
                | (Sent, PartiallyReceived | Received | Cancelled)
                | (PartiallyReceived, Received | ClosedShort)
        )
    }

    /// Lines may be added, changed or removed.
    pub fn is_editable(self) -> bool {
        self == PurchaseOrderState::Draft
    }

    /// Goods may be received against it.
    pub fn accepts_receipts(self) -> bool {
        matches!(
            self,
            PurchaseOrderState::Sent | PurchaseOrderState::PartiallyReceived
        )
    }

    /// Its outstanding quantities count as on order.
    pub fn is_open(self) -> bool {
        self.accepts_receipts()
    }

    /// No further change is possible.
    pub fn is_final(self) -> bool {
        matches!(
            self,
            PurchaseOrderState::Received
                | PurchaseOrderState::ClosedShort
                | PurchaseOrderState::Cancelled
        )
    }

    /// The state after a receipt, from each line's (ordered, received).
    pub fn after_receipt(lines: &[(StockQty, StockQty)]) -> PurchaseOrderState {
        if lines.iter().all(|(ordered, received)| received >= ordered) {
            PurchaseOrderState::Received
        } else {
            PurchaseOrderState::PartiallyReceived
        }
    }
}

/// What receiving `quantity` on a line does to the books.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineReceipt {
    /// Received on the line after this receipt.
    pub received_after: StockQty,
    /// How much `on_order` goes down: the receipt, capped at what was outstanding.
    pub on_order_delta: StockQty,
    /// More than ordered arrived (confirmed by the person receiving).
    pub over_receipt: bool,
    /// The line is now fully received.
    pub completes_line: bool,
}

/// Receiving more than is outstanding needs an explicit confirmation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error, Serialize)]
#[error("{requested} received but only {outstanding} outstanding")]
pub struct OverReceipt {
    pub requested: StockQty,
    pub outstanding: StockQty,
}

/// Outstanding on a line: ordered − received, never below zero.
pub fn outstanding(ordered: StockQty, received: StockQty) -> StockQty {
    (ordered - received).at_least_zero()
}

/// Receives `quantity` (already checked positive and fitting the unit) on a
/// line that ordered `ordered` and has `received` so far.
pub fn receive_line(
    ordered: StockQty,
    received: StockQty,
    quantity: StockQty,
    confirm_over_receipt: bool,
) -> Result<LineReceipt, OverReceipt> {
    let outstanding = outstanding(ordered, received);
    let over_receipt = quantity > outstanding;
    if over_receipt && !confirm_over_receipt {
        return Err(OverReceipt {
            requested: quantity,
            outstanding,
        });
    }
    let received_after = received + quantity;
    Ok(LineReceipt {
        received_after,
        on_order_delta: -quantity.min(outstanding),
        over_receipt,
        completes_line: received < ordered && received_after >= ordered,
    })
}

/// The moving average unit cost after receiving `quantity` at `unit_cost`
/// onto `on_hand` units valued at `average`, rounded to the currency's
/// minor units (`scale`). With nothing on hand, the receipt's cost.
pub fn average_cost_after_receipt(
    on_hand: StockQty,
    average: Money,
    quantity: StockQty,
    unit_cost: Money,
    scale: u32,
) -> Money {
    let before = on_hand.at_least_zero().to_decimal();
    let q = quantity.to_decimal();
    let total = before + q;
    if total <= Decimal::ZERO {
        return average;
    }
    let value = before * average.0 + q * unit_cost.0;
    Money((value / total).round_dp_with_strategy(scale, RoundingStrategy::MidpointAwayFromZero))
}

#[cfg(test)]
mod tests {
    use super::*;
    use PurchaseOrderState::*;
    use std::str::FromStr;
    use strum::IntoEnumIterator;

    fn u(n: i64) -> StockQty {
        StockQty::units(n)
    }

    fn m(text: &str) -> Money {
        Money(Decimal::from_str(text).unwrap())
    }

    #[test]
    fn transition_table() {
        let allowed = [
            (Draft, Sent),
            (Draft, Cancelled),
            (Sent, PartiallyReceived),
            (Sent, Received),
            (Sent, Cancelled),
            (PartiallyReceived, Received),
            (PartiallyReceived, ClosedShort),
        ];
        for from in PurchaseOrderState::iter() {
            for to in PurchaseOrderState::iter() {
                assert_eq!(
                    from.can_move_to(to),
                    allowed.contains(&(from, to)),
                    "{from} -> {to}"
                );
            }
        }
        for s in PurchaseOrderState::iter() {
            // Final states go nowhere; only open orders take receipts.
            assert_eq!(
                s.is_final(),
                PurchaseOrderState::iter().all(|t| !s.can_move_to(t))
            );
            assert_eq!(s.accepts_receipts(), matches!(s, Sent | PartiallyReceived));
        }
        assert!(!Cancelled.accepts_receipts());
        assert_eq!(ClosedShort.to_string(), "closed_short");
    }

    #[test]
    fn state_after_receipts() {
        assert_eq!(
            PurchaseOrderState::after_receipt(&[(u(5), u(5)), (u(2), u(3))]),
            Received
        );
        assert_eq!(
            PurchaseOrderState::after_receipt(&[(u(5), u(5)), (u(2), u(1))]),
            PartiallyReceived
        );
    }

    #[test]
    fn receiving_partially_then_the_rest() {
        let first = receive_line(u(10), u(0), u(4), false).unwrap();
        assert_eq!(first.received_after, u(4));
        assert_eq!(first.on_order_delta, u(-4));
        assert!(!first.completes_line && !first.over_receipt);
        let rest = receive_line(u(10), u(4), u(6), false).unwrap();
        assert!(rest.completes_line);
        assert_eq!(rest.on_order_delta, u(-6));
    }

    #[test]
    fn receiving_more_than_ordered_needs_a_confirmation() {
        let e = receive_line(u(10), u(8), u(5), false).unwrap_err();
        assert_eq!(e.outstanding, u(2));
        let r = receive_line(u(10), u(8), u(5), true).unwrap();
        assert!(r.over_receipt && r.completes_line);
        assert_eq!(r.received_after, u(13));
        // Only the outstanding part was on order.
        assert_eq!(r.on_order_delta, u(-2));
        // A line already complete: the extra is not on order at all.
        let again = receive_line(u(10), u(13), u(1), true).unwrap();
        assert_eq!(again.on_order_delta, u(0));
        assert!(!again.completes_line);
    }

    #[test]
    fn moving_average_cost() {
        // 10 at 100 + 5 at 130 = 1650 / 15 = 110.
        assert_eq!(
            average_cost_after_receipt(u(10), m("100"), u(5), m("130"), 2),
            m("110")
        );
        // Nothing on hand: the receipt's cost.
        assert_eq!(
            average_cost_after_receipt(u(0), m("0"), u(3), m("45.50"), 2),
            m("45.50")
        );
        // Rounded to the currency: (1×10 + 2×11) / 3 = 10.666… → 10.67, or 11 in CLP.
        assert_eq!(
            average_cost_after_receipt(u(1), m("10"), u(2), m("11"), 2),
            m("10.67")
        );
        assert_eq!(
            average_cost_after_receipt(u(1), m("10"), u(2), m("11"), 0),
            m("11")
        );
    }
}
