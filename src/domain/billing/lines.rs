//! THE arithmetic of billing documents: one place computes every line and
//! every total of quotes, invoices and credit notes, with exact decimals.
//!
//! For a line, with the currency's minor units `s` (2 for USD, 0 for CLP) and
//! rounding half away from zero:
//!
//! | figure | rule |
//! |---|---|
//! | gross | round_s(quantity × unit price) |
//! | discount | round_s(gross × discount % / 100) |
//! | net | gross − discount |
//! | tax | 0 when exempt, else round_s(net × rate % / 100) |
//! | total | net + tax |
//!
//! A document adds its lines up: subtotal = Σ net, tax = Σ tax, total =
//! subtotal + tax (= Σ line totals). Rounding per line (not on the sum) means
//! every printed line adds up exactly to the printed totals, whoever checks
//! them with a calculator; the tax summary groups the same per-line figures
//! by rate. The databases store these results and never recompute them, so
//! SQLite and PostgreSQL show identical figures.

use rust_decimal::{Decimal, RoundingStrategy};
use serde::{Deserialize, Serialize};

use super::{MAX_AMOUNT, MAX_LINES, Percent};
use crate::domain::{Money, Quantity};

/// What a line bills: labour / service, or a part (free text today; from
/// the parts catalog when it exists, through the line's optional `item_id`).
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
pub enum LineKind {
    Service,
    Part,
}
crate::text_enum_sql!(LineKind);

/// The tax of one line: the company's rate by default, another rate, or
/// exempt ("exento", which is not the same as a 0 % rate on paper).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(tag = "kind", content = "rate", rename_all = "snake_case")]
pub enum LineTax {
    Exempt,
    Rate(Percent),
}

impl LineTax {
    /// From the two stored columns (`tax_exempt`, `tax_rate`).
    pub fn from_columns(exempt: bool, rate: Percent) -> LineTax {
        if exempt {
            LineTax::Exempt
        } else {
            LineTax::Rate(rate)
        }
    }

    pub fn is_exempt(self) -> bool {
        matches!(self, LineTax::Exempt)
    }

    /// The rate stored in the `tax_rate` column (0 when exempt).
    pub fn rate(self) -> Percent {
        match self {
            LineTax::Exempt => Percent::ZERO,
            LineTax::Rate(r) => r,
        }
    }
}

/// What a line says, already parsed (quantity > 0, price ≥ 0 with the
/// currency's decimals, percentages in 0–100).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineInput {
    pub quantity: Quantity,
    pub unit_price: Money,
    pub discount: Percent,
    pub tax: LineTax,
}

/// The figures of one line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct LineAmounts {
    pub gross: Money,
    pub discount: Money,
    pub net: Money,
    pub tax: Money,
    pub total: Money,
}

/// The tax of a document at one rate (or exempt): the base it applies to and
/// the tax it makes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct TaxSummary {
    /// `None` for the exempt lines.
    pub rate: Option<Percent>,
    pub base: Money,
    pub tax: Money,
}

/// The totals of a document.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize)]
pub struct DocumentTotals {
    /// Σ gross (before discounts).
    pub gross: Money,
    /// Σ discounts.
    pub discount: Money,
    /// Σ net: the taxable amount after discounts.
    pub subtotal: Money,
    /// Σ tax.
    pub tax: Money,
    /// subtotal + tax.
    pub total: Money,
    /// Exempt first, then by rate ascending.
    pub taxes: Vec<TaxSummary>,
}

/// Why a set of lines cannot be computed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum InvalidLine {
    #[error("a document needs at least one line")]
    NoLines,
    #[error("a document has at most {MAX_LINES} lines")]
    TooManyLines,
    #[error("the unit price is above the largest amount accepted")]
    UnitPriceTooLarge,
    #[error("the unit price has more decimals than the currency")]
    UnitPriceTooPrecise,
    #[error("the unit price may not be negative")]
    NegativeUnitPrice,
    #[error("the line total is above the largest amount accepted")]
    TotalTooLarge,
}

impl InvalidLine {
    /// The input field the error is about (for problem+json).
    pub fn field(self) -> &'static str {
        match self {
            InvalidLine::NoLines | InvalidLine::TooManyLines => "lines",
            InvalidLine::UnitPriceTooLarge
            | InvalidLine::UnitPriceTooPrecise
            | InvalidLine::NegativeUnitPrice => "unit_price",
            InvalidLine::TotalTooLarge => "lines",
        }
    }
}

/// Rounds to `scale` decimals, half away from zero, and shows exactly
/// `scale` decimals (so `10` in USD is stored and printed as `10.00`).
pub fn round_money(value: Decimal, scale: u32) -> Decimal {
    let mut v = value.round_dp_with_strategy(scale, RoundingStrategy::MidpointAwayFromZero);
    v.rescale(scale);
    v
}

fn pct_of(amount: Decimal, pct: Percent, scale: u32) -> Option<Decimal> {
    amount
        .checked_mul(pct.0)
        .and_then(|v| v.checked_div(Decimal::ONE_HUNDRED))
        .map(|v| round_money(v, scale))
}

/// Computes one line (see the module docs for the rules).
pub fn compute_line(line: &LineInput, scale: u32) -> Result<LineAmounts, InvalidLine> {
    let price = line.unit_price.0;
    if price.is_sign_negative() && !price.is_zero() {
        return Err(InvalidLine::NegativeUnitPrice);
    }
    if price > MAX_AMOUNT {
        return Err(InvalidLine::UnitPriceTooLarge);
    }
    if price.normalize().scale() > scale {
        return Err(InvalidLine::UnitPriceTooPrecise);
    }
    let too_large = InvalidLine::TotalTooLarge;
    let gross = line
        .quantity
        .0
        .checked_mul(price)
        .map(|g| round_money(g, scale))
        .ok_or(too_large)?;
    let discount = pct_of(gross, line.discount, scale).ok_or(too_large)?;
    let net = gross.checked_sub(discount).ok_or(too_large)?;
    let tax = match line.tax {
        LineTax::Exempt => round_money(Decimal::ZERO, scale),
        LineTax::Rate(rate) => pct_of(net, rate, scale).ok_or(too_large)?,
    };
    let total = net.checked_add(tax).ok_or(too_large)?;
    Ok(LineAmounts {
        gross: Money(gross),
        discount: Money(discount),
        net: Money(net),
        tax: Money(tax),
        total: Money(total),
    })
}

/// Computes every line of a document and its totals. A document has 1 to
/// [`MAX_LINES`] lines.
pub fn compute_document(
    lines: &[LineInput],
    scale: u32,
) -> Result<(Vec<LineAmounts>, DocumentTotals), InvalidLine> {
    if lines.is_empty() {
        return Err(InvalidLine::NoLines);
    }
    if lines.len() > MAX_LINES {
        return Err(InvalidLine::TooManyLines);
    }
    let zero = round_money(Decimal::ZERO, scale);
    let add = |a: &mut Decimal, b: Money| -> Result<(), InvalidLine> {
        *a = a.checked_add(b.0).ok_or(InvalidLine::TotalTooLarge)?;
        Ok(())
    };
    let (mut gross, mut discount, mut subtotal, mut tax) = (zero, zero, zero, zero);
    // Keyed by (not exempt, rate) so the exempt group sorts first.
    let mut groups: std::collections::BTreeMap<(bool, Percent), (Decimal, Decimal)> =
        Default::default();
    let mut amounts = Vec::with_capacity(lines.len());
    for line in lines {
        let a = compute_line(line, scale)?;
        add(&mut gross, a.gross)?;
        add(&mut discount, a.discount)?;
        add(&mut subtotal, a.net)?;
        add(&mut tax, a.tax)?;
        let group = groups
            .entry((!line.tax.is_exempt(), line.tax.rate()))
            .or_insert((zero, zero));
        add(&mut group.0, a.net)?;
        add(&mut group.1, a.tax)?;
        amounts.push(a);
    }
    let total = subtotal
        .checked_add(tax)
        .ok_or(InvalidLine::TotalTooLarge)?;
    if total > MAX_AMOUNT {
        return Err(InvalidLine::TotalTooLarge);
    }
    let taxes = groups
        .into_iter()
        .map(|((taxed, rate), (base, tax))| TaxSummary {
            rate: taxed.then_some(rate),
            base: Money(base),
            tax: Money(tax),
        })
        .collect();
    Ok((
        amounts,
        DocumentTotals {
            gross: Money(gross),
            discount: Money(discount),
            subtotal: Money(subtotal),
            tax: Money(tax),
            total: Money(total),
            taxes,
        },
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn line(q: &str, price: &str, discount: &str, tax: Option<&str>) -> LineInput {
        LineInput {
            quantity: Quantity::parse(q).unwrap(),
            unit_price: Money(d(price)),
            discount: Percent::parse(discount).unwrap(),
            tax: tax.map_or(LineTax::Exempt, |r| {
                LineTax::Rate(Percent::parse(r).unwrap())
            }),
        }
    }

    #[test]
    fn a_line_with_discount_and_tax() {
        // 3 × 19.99 = 59.97; 10 % off = 6.00 (5.997); net 53.97; 16 % = 8.64 (8.6352)
        let a = compute_line(&line("3", "19.99", "10", Some("16")), 2).unwrap();
        assert_eq!(a.gross.to_string(), "59.97");
        assert_eq!(a.discount.to_string(), "6.00");
        assert_eq!(a.net.to_string(), "53.97");
        assert_eq!(a.tax.to_string(), "8.64");
        assert_eq!(a.total.to_string(), "62.61");
    }

    #[test]
    fn halves_round_away_from_zero_in_the_currency() {
        // 0.5 × 1.25 = 0.625 → 0.63
        let a = compute_line(&line("0.5", "1.25", "0", None), 2).unwrap();
        assert_eq!(a.gross.to_string(), "0.63");
        assert_eq!(a.tax.to_string(), "0.00");
        // Chilean pesos have no decimals: 1.5 × 1001 = 1501.5 → 1502; 19 % = 285.38 → 285
        let a = compute_line(&line("1.5", "1001", "0", Some("19")), 0).unwrap();
        assert_eq!(a.gross.to_string(), "1502");
        assert_eq!(a.tax.to_string(), "285");
        assert_eq!(a.total.to_string(), "1787");
    }

    #[test]
    fn bad_prices_are_refused() {
        assert_eq!(
            compute_line(&line("1", "0.001", "0", None), 2),
            Err(InvalidLine::UnitPriceTooPrecise)
        );
        assert_eq!(
            compute_line(&line("1", "-1", "0", None), 2),
            Err(InvalidLine::NegativeUnitPrice)
        );
        assert_eq!(
            compute_line(&line("1", "1000000000000.01", "0", None), 2),
            Err(InvalidLine::UnitPriceTooLarge)
        );
        assert_eq!(compute_document(&[], 2), Err(InvalidLine::NoLines));
        let many = vec![line("1", "1", "0", None); MAX_LINES + 1];
        assert_eq!(compute_document(&many, 2), Err(InvalidLine::TooManyLines));
        let huge = vec![line("1000000", "999999999999", "0", Some("100")); 2];
        assert_eq!(compute_document(&huge, 2), Err(InvalidLine::TotalTooLarge));
    }

    #[test]
    fn a_document_groups_its_tax_by_rate_with_exempt_first() {
        let (lines, t) = compute_document(
            &[
                line("2", "100", "0", Some("16")),
                line("1", "50", "0", None),
                line("1", "10", "50", Some("8")),
                line("1", "100", "0", Some("16")),
            ],
            2,
        )
        .unwrap();
        assert_eq!(lines.len(), 4);
        assert_eq!(t.gross.to_string(), "360.00");
        assert_eq!(t.discount.to_string(), "5.00");
        assert_eq!(t.subtotal.to_string(), "355.00");
        assert_eq!(t.tax.to_string(), "48.40");
        assert_eq!(t.total.to_string(), "403.40");
        let shown: Vec<_> = t
            .taxes
            .iter()
            .map(|s| {
                (
                    s.rate.map(|r| r.to_string()),
                    s.base.to_string(),
                    s.tax.to_string(),
                )
            })
            .collect();
        assert_eq!(
            shown,
            vec![
                (None, "50.00".into(), "0.00".into()),
                (Some("8".into()), "5.00".into(), "0.40".into()),
                (Some("16".into()), "300.00".into(), "48.00".into()),
            ]
        );
    }

    proptest! {
        /// Whatever the lines, the totals are the sums of the printed line
        /// figures, each line adds up, and nothing has more decimals than the
        /// currency.
        #[test]
        fn totals_are_sums_of_the_lines(
            raw in proptest::collection::vec(
                (1u32..100_000, 0u64..10_000_000, 0u32..=10_000, proptest::option::of(0u32..=10_000)),
                1..30,
            ),
            scale in prop_oneof![Just(0u32), Just(2u32)],
        ) {
            let lines: Vec<LineInput> = raw.iter().map(|&(q, p, disc, tax)| LineInput {
                quantity: Quantity(Decimal::new(q as i64, 3)),
                unit_price: Money(Decimal::new(p as i64, scale)),
                discount: Percent(Decimal::new(disc as i64, 2)),
                tax: tax.map_or(LineTax::Exempt, |t| LineTax::Rate(Percent(Decimal::new(t as i64, 2)))),
            }).collect();
            let (amounts, t) = compute_document(&lines, scale).unwrap();
            let sum = |f: fn(&LineAmounts) -> Money| amounts.iter().map(|a| f(a).0).sum::<Decimal>();
            prop_assert_eq!(t.gross.0, sum(|a| a.gross));
            prop_assert_eq!(t.discount.0, sum(|a| a.discount));
            prop_assert_eq!(t.subtotal.0, sum(|a| a.net));
            prop_assert_eq!(t.tax.0, sum(|a| a.tax));
            prop_assert_eq!(t.total.0, sum(|a| a.total));
            prop_assert_eq!(t.total.0, t.subtotal.0 + t.tax.0);
            prop_assert_eq!(t.taxes.iter().map(|s| s.base.0).sum::<Decimal>(), t.subtotal.0);
            prop_assert_eq!(t.taxes.iter().map(|s| s.tax.0).sum::<Decimal>(), t.tax.0);
            for a in &amounts {
                prop_assert_eq!(a.net.0, a.gross.0 - a.discount.0);
                prop_assert_eq!(a.total.0, a.net.0 + a.tax.0);
                prop_assert!(a.discount.0 <= a.gross.0);
                prop_assert!(a.total.0.scale() == scale && a.tax.0.scale() == scale);
            }
        }
    }
}
