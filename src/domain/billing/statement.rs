//! The account statement (estado de cuenta), "de la misma manera que un
//! resumen bancario, detallándose los cargos realizados y los pagos que el
//! cliente ha efectuado, mostrando el saldo en cada momento".
//!
//! A statement covers a period of days. Every movement of the customer's
//! account is a charge (an issued invoice, a payment reversed by master) or
//! a credit (a payment, a credit note, the voiding of an invoice). The
//! balance is what the customer owes: positive when they owe, negative when
//! the company holds their money (an advance, an overpayment).
//!
//! - opening balance = Σ charges − Σ credits of everything before the period;
//! - each line's balance = the previous line's balance + charge − credit;
//! - closing balance = opening + Σ charges − Σ credits of the period
//!   (= the last line's balance).
//!
//! Lines come in date order; movements of one day keep the order in which
//! they were recorded, so the statement reads the same every time.

use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::domain::{Money, Timestamp};

/// What a statement line is.
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
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum MovementKind {
    /// An issued invoice: a charge.
    Invoice,
    /// A payment reversed (deleted) by master: a charge again.
    PaymentReversal,
    /// A payment or advance: a credit.
    Payment,
    /// A credit note: a credit.
    CreditNote,
    /// An issued invoice voided: takes its charge back.
    InvoiceVoid,
}
crate::text_enum_sql!(MovementKind);

impl MovementKind {
    /// Whether it raises what the customer owes.
    pub fn is_charge(self) -> bool {
        matches!(self, MovementKind::Invoice | MovementKind::PaymentReversal)
    }
}

/// One movement of a customer's account, as the store reads it.
#[derive(Debug, Clone, PartialEq, Eq, sqlx::FromRow)]
pub struct Movement {
    /// The day it counts on (issue date, payment date, reversal day).
    pub date: NaiveDate,
    /// When it was recorded: orders the movements of one day.
    pub recorded_at: Timestamp,
    pub kind: MovementKind,
    /// The document it comes from (invoice, payment, credit note).
    pub document_id: Uuid,
    /// Its printed number (`FAC-000001`, `REC-000045`, `NC-000002`).
    pub number: String,
    /// A short reference: the order number, a payment's method…
    pub reference: String,
    /// Always positive; [`MovementKind::is_charge`] gives the side.
    pub amount: Money,
}

impl Movement {
    fn signed(&self) -> Decimal {
        if self.kind.is_charge() {
            self.amount.0
        } else {
            -self.amount.0
        }
    }

    fn order_key(&self) -> (NaiveDate, Timestamp, Uuid, bool) {
        (
            self.date,
            self.recorded_at,
            self.document_id,
            // A payment and its reversal share a document: the payment first.
            self.kind.is_charge(),
        )
    }
}

/// One line of the statement.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StatementLine {
    pub date: NaiveDate,
    pub kind: MovementKind,
    pub document_id: Uuid,
    pub number: String,
    pub reference: String,
    /// Zero on a credit line.
    pub charge: Money,
    /// Zero on a charge line.
    pub credit: Money,
    /// The balance after this line.
    pub balance: Money,
}

/// A customer's statement for a period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Statement {
    /// First day of the period (`None`: since the first movement).
    pub from: Option<NaiveDate>,
    /// Last day of the period.
    pub to: NaiveDate,
    pub opening_balance: Money,
    pub lines: Vec<StatementLine>,
    /// Σ charges of the period.
    pub charges: Money,
    /// Σ credits of the period.
    pub credits: Money,
    pub closing_balance: Money,
}

/// Builds the statement of the days `from..=to` out of the movements of the
/// account (any order; those after `to` are left out, those before `from`
/// make the opening balance).
pub fn build(mut movements: Vec<Movement>, from: Option<NaiveDate>, to: NaiveDate) -> Statement {
    movements.sort_by_key(Movement::order_key);
    let mut opening = Decimal::ZERO;
    let mut balance = Decimal::ZERO;
    let (mut charges, mut credits) = (Decimal::ZERO, Decimal::ZERO);
    let mut lines = Vec::new();
    for m in movements {
        if m.date > to {
            break;
        }
        if from.is_some_and(|f| m.date < f) {
            opening += m.signed();
            balance = opening;
            continue;
        }
        let (charge, credit) = if m.kind.is_charge() {
            charges += m.amount.0;
            (m.amount.0, Decimal::ZERO)
        } else {
            credits += m.amount.0;
            (Decimal::ZERO, m.amount.0)
        };
        balance += charge - credit;
        lines.push(StatementLine {
            date: m.date,
            kind: m.kind,
            document_id: m.document_id,
            number: m.number,
            reference: m.reference,
            charge: Money(charge),
            credit: Money(credit),
            balance: Money(balance),
        });
    }
    Statement {
        from,
        to,
        opening_balance: Money(opening),
        lines,
        charges: Money(charges),
        credits: Money(credits),
        closing_balance: Money(balance),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn day(n: i64) -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 1, 1).unwrap() + chrono::TimeDelta::days(n)
    }

    fn mv(d: i64, kind: MovementKind, cents: i64, seq: i64) -> Movement {
        let base = Timestamp::from(
            chrono::DateTime::from_timestamp(1_735_689_600 + seq, 0).expect("valid time"),
        );
        Movement {
            date: day(d),
            recorded_at: base,
            kind,
            document_id: Uuid::from_u128(seq as u128),
            number: format!("N-{seq}"),
            reference: String::new(),
            amount: Money(Decimal::new(cents, 2)),
        }
    }

    #[test]
    fn a_bank_style_statement() {
        use MovementKind::*;
        let s = build(
            vec![
                mv(5, Payment, 5000, 3),
                mv(1, Invoice, 10000, 1),
                mv(3, Invoice, 2000, 2),
                mv(9, CreditNote, 1000, 4),
                mv(20, Invoice, 999, 5),
            ],
            Some(day(3)),
            day(10),
        );
        assert_eq!(s.opening_balance.to_string(), "100.00");
        let balances: Vec<_> = s.lines.iter().map(|l| l.balance.to_string()).collect();
        assert_eq!(balances, ["120.00", "70.00", "60.00"]);
        assert_eq!(s.charges.to_string(), "20.00");
        assert_eq!(s.credits.to_string(), "60.00");
        assert_eq!(s.closing_balance.to_string(), "60.00");
        assert_eq!(s.lines[1].credit.to_string(), "50.00");
        assert!(s.lines[1].charge.0.is_zero());
    }

    #[test]
    fn an_advance_leaves_a_balance_in_the_customers_favour() {
        let s = build(vec![mv(0, MovementKind::Payment, 300, 1)], None, day(0));
        assert_eq!(s.closing_balance.to_string(), "-3.00");
    }

    #[test]
    fn a_reversal_on_the_same_day_follows_its_payment() {
        let mut reversal = mv(0, MovementKind::PaymentReversal, 100, 1);
        let payment = mv(0, MovementKind::Payment, 100, 1);
        reversal.recorded_at = payment.recorded_at;
        let s = build(vec![reversal, payment], None, day(0));
        assert_eq!(s.lines[0].kind, MovementKind::Payment);
        assert_eq!(s.lines[0].balance.to_string(), "-1.00");
        assert_eq!(s.closing_balance.0, Decimal::ZERO);
    }

    fn kind() -> impl Strategy<Value = MovementKind> {
        prop_oneof![
            Just(MovementKind::Invoice),
            Just(MovementKind::CreditNote),
            Just(MovementKind::Payment),
            Just(MovementKind::PaymentReversal),
            Just(MovementKind::InvoiceVoid),
        ]
    }

    proptest! {
        /// For any sequence of invoices, credit notes, payments and
        /// reversals: the closing balance is charges − credits, and each
        /// line's balance is the previous one plus the line.
        #[test]
        fn closing_is_charges_minus_credits_and_each_line_adds_up(
            raw in proptest::collection::vec((0i64..60, kind(), 1i64..100_000_000), 0..200),
            from in proptest::option::of(0i64..60),
            to in 0i64..60,
        ) {
            let movements: Vec<Movement> = raw.iter().enumerate()
                .map(|(i, &(d, k, cents))| mv(d, k, cents, i as i64))
                .collect();
            let s = build(movements.clone(), from.map(day), day(to));

            // Whole history up to `to`: charges − credits.
            let in_range = |m: &&Movement| m.date <= day(to);
            let charges: Decimal = movements.iter().filter(in_range)
                .filter(|m| m.kind.is_charge()).map(|m| m.amount.0).sum();
            let credits: Decimal = movements.iter().filter(in_range)
                .filter(|m| !m.kind.is_charge()).map(|m| m.amount.0).sum();
            prop_assert_eq!(s.closing_balance.0, charges - credits);

            // Within the period: opening + charges − credits.
            prop_assert_eq!(s.closing_balance.0, s.opening_balance.0 + s.charges.0 - s.credits.0);

            let mut previous = s.opening_balance.0;
            let mut last_date = None;
            for line in &s.lines {
                prop_assert!(line.charge.0.is_zero() || line.credit.0.is_zero());
                prop_assert_eq!(line.balance.0, previous + line.charge.0 - line.credit.0);
                prop_assert!(last_date <= Some(line.date), "lines in date order");
                prop_assert!(from.is_none_or(|f| line.date >= day(f)) && line.date <= day(to));
                previous = line.balance.0;
                last_date = Some(line.date);
            }
            prop_assert_eq!(previous, s.closing_balance.0);
            let expected_lines = movements.iter().filter(in_range)
                .filter(|m| from.is_none_or(|f| m.date >= day(f))).count();
            prop_assert_eq!(s.lines.len(), expected_lines);
        }
    }
}
