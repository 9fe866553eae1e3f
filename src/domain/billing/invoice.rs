//! Invoices (facturas): their states, and how payments and credit notes
//! settle them.
//!
//! | from | may move to | how |
//! |---|---|---|
//! | draft | issued | issuing assigns the `FAC-` number |
//! | issued | partially_paid, paid | payments allocated / credit notes |
//! | partially_paid | paid, issued | more allocated / a payment reversed |
//! | paid | partially_paid, issued | a payment reversed |
//! | issued | void | only with nothing allocated or credited |
//! | void | — | |
//!
//! A draft has no number and may be deleted; an issued invoice is never
//! deleted or edited: it is corrected by a credit note (`NC-`) that refers
//! to it, for part or all of it. After issue the state is not chosen by
//! anyone: it follows the invoice's [`Settlement`] — what payments allocated
//! to it and what credit notes took off its total.

use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};

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
pub enum InvoiceState {
    /// Being prepared: no number, editable, may be deleted.
    Draft,
    /// Issued and numbered; nothing settled yet.
    Issued,
    /// Part of it is settled.
    PartiallyPaid,
    /// Fully settled by payments and credit notes.
    Paid,
    /// Cancelled after issue with nothing settled; keeps its number.
    Void,
}
crate::text_enum_sql!(InvoiceState);

impl InvoiceState {
    /// Whether an invoice in this state may move to `next`.
    pub fn can_move_to(self, next: InvoiceState) -> bool {
        use InvoiceState::*;
        matches!(
            (self, next),
            (Draft, Issued)
                | (Issued, PartiallyPaid | Paid | Void)
                | (PartiallyPaid, Paid | Issued)
                | (Paid, PartiallyPaid | Issued)
        )
    }

    /// Issued and not void: it counts on the statement and in receivables.
    pub fn is_posted(self) -> bool {
        matches!(
            self,
            InvoiceState::Issued | InvoiceState::PartiallyPaid | InvoiceState::Paid
        )
    }

    /// Something may still be paid on it.
    pub fn is_open(self) -> bool {
        matches!(self, InvoiceState::Issued | InvoiceState::PartiallyPaid)
    }
}

/// What settles a posted invoice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct Settlement {
    /// The invoice total.
    pub total: Money,
    /// Σ allocations of payments not reversed.
    pub allocated: Money,
    /// Σ credit notes referring to it.
    pub credited: Money,
}

impl Settlement {
    fn settled(&self) -> Decimal {
        self.allocated.0 + self.credited.0
    }

    /// What is still owed on it (never negative).
    pub fn open(&self) -> Money {
        Money((self.total.0 - self.settled()).max(Decimal::ZERO))
    }

    /// The most a new credit note may take off: what was not credited yet.
    pub fn creditable(&self) -> Money {
        Money((self.total.0 - self.credited.0).max(Decimal::ZERO))
    }

    /// How much allocated money a credit note left without a debt to pay:
    /// the service releases that much of the allocations (newest first), and
    /// it becomes the customer's credit again.
    pub fn over_allocated(&self) -> Money {
        Money((self.settled() - self.total.0).max(Decimal::ZERO))
    }

    /// The state of a posted invoice with this settlement.
    pub fn state(&self) -> InvoiceState {
        let settled = self.settled();
        if settled >= self.total.0 {
            InvoiceState::Paid
        } else if settled > Decimal::ZERO {
            InvoiceState::PartiallyPaid
        } else {
            InvoiceState::Issued
        }
    }

    /// An issued invoice may be voided only while nothing settles it.
    pub fn may_void(&self) -> bool {
        self.allocated.0.is_zero() && self.credited.0.is_zero()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use InvoiceState::*;
    use strum::IntoEnumIterator;

    fn s(total: i64, allocated: i64, credited: i64) -> Settlement {
        Settlement {
            total: Money(Decimal::from(total)),
            allocated: Money(Decimal::from(allocated)),
            credited: Money(Decimal::from(credited)),
        }
    }

    #[test]
    fn the_lifecycle_follows_the_table() {
        assert!(Draft.can_move_to(Issued));
        assert!(!Draft.can_move_to(Paid));
        assert!(!Draft.can_move_to(Void), "a draft is deleted, not voided");
        assert!(Issued.can_move_to(Void));
        assert!(!PartiallyPaid.can_move_to(Void));
        assert!(!Paid.can_move_to(Void));
        assert!(Paid.can_move_to(Issued), "a reversed payment reopens it");
        for st in InvoiceState::iter() {
            assert!(!Void.can_move_to(st));
            assert!(
                !st.can_move_to(Draft),
                "an issued invoice is never a draft again"
            );
        }
        assert!(Issued.is_posted() && Paid.is_posted() && !Void.is_posted());
        assert!(PartiallyPaid.is_open() && !Paid.is_open());
    }

    #[test]
    fn the_state_follows_the_settlement() {
        assert_eq!(s(100, 0, 0).state(), Issued);
        assert_eq!(s(100, 40, 0).state(), PartiallyPaid);
        assert_eq!(s(100, 40, 60).state(), Paid);
        assert_eq!(s(100, 0, 100).state(), Paid);
        assert_eq!(s(0, 0, 0).state(), Paid, "nothing to pay is paid");
        assert_eq!(s(100, 40, 0).open(), Money(Decimal::from(60)));
        assert_eq!(s(100, 100, 30).open(), Money::ZERO);
    }

    #[test]
    fn a_credit_note_on_a_paid_invoice_frees_allocated_money() {
        let paid = s(100, 100, 0);
        assert_eq!(paid.creditable(), Money(Decimal::from(100)));
        let credited = s(100, 100, 30);
        assert_eq!(credited.over_allocated(), Money(Decimal::from(30)));
        assert_eq!(credited.creditable(), Money(Decimal::from(70)));
        assert!(s(100, 0, 0).may_void());
        assert!(!s(100, 1, 0).may_void() && !s(100, 0, 1).may_void());
    }
}
