//! Stock quantities and the units they are counted in.
//!
//! A [`StockQty`] is a fixed-point number with three decimals held as an
//! integer count of thousandths (1 unit = 1000, 2.5 litres = 2500). Order
//! parts carry the same precision ([`Quantity::MAX_SCALE`]), so every part
//! quantity converts exactly. Why not a `Decimal` stored as text like money:
//! the stock guard ("no more than is available") and the reorder list compare
//! and add quantities *inside SQL*, and SQLite would compare text decimals as
//! strings and add them as floats. Integers of thousandths are exact, ordered
//! and summable with the same SQL on both backends (`INTEGER` / `BIGINT`).
//!
//! Whether a quantity may be fractional depends on the item's [`StockUnit`]:
//! pieces, pairs, kits and boxes are counted whole; litres, kilograms and
//! metres may be fractional.

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::iter::Sum;
use std::ops::{Add, AddAssign, Neg, Sub, SubAssign};
use std::str::FromStr;

use crate::domain::Quantity;

/// An exact stock quantity (may be negative: adjustments and deltas).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, utoipa::ToSchema, ts_rs::TS,
)]
#[ts(type = "string")]
#[schema(value_type = String, example = "2.5")]
pub struct StockQty(i64);

/// Why a text or decimal is not a valid stock quantity for an item.
#[derive(Debug, Clone, Copy, thiserror::Error, PartialEq, Eq)]
pub enum InvalidStockQty {
    #[error("not a decimal quantity")]
    NotANumber,
    #[error("the quantity has more than {} decimal places", StockQty::SCALE)]
    TooPrecise,
    #[error("the quantity is too large")]
    TooLarge,
    #[error("the quantity must be greater than zero")]
    NotPositive,
    #[error("the quantity may not be negative")]
    Negative,
    #[error("items counted in {0} take whole quantities only")]
    Fractional(StockUnit),
}

impl StockQty {
    pub const ZERO: StockQty = StockQty(0);
    /// Decimal places kept (thousandths), the same as order part quantities.
    pub const SCALE: u32 = 3;
    const PER_UNIT: i64 = 1000;
    /// Largest magnitude accepted (10⁹ units): a million moves of this size
    /// still sum inside an `i64` of thousandths, so SQL `SUM`s cannot overflow.
    pub const MAX: StockQty = StockQty(1_000_000_000 * Self::PER_UNIT);

    /// From a count of thousandths (as stored).
    pub const fn from_milli(milli: i64) -> StockQty {
        StockQty(milli)
    }

    /// The count of thousandths (as stored).
    pub const fn milli(self) -> i64 {
        self.0
    }

    /// A whole number of units.
    pub const fn units(n: i64) -> StockQty {
        StockQty(n * Self::PER_UNIT)
    }

    /// Converts an exact decimal; refuses more than three decimals or more than [`Self::MAX`].
    pub fn from_decimal(value: Decimal) -> Result<StockQty, InvalidStockQty> {
        let value = value.normalize();
        if value.scale() > Self::SCALE {
            return Err(InvalidStockQty::TooPrecise);
        }
        let milli = value
            .checked_mul(Decimal::from(Self::PER_UNIT))
            .and_then(|m| i64::try_from(m).ok())
            .ok_or(InvalidStockQty::TooLarge)?;
        if milli.abs() > Self::MAX.0 {
            return Err(InvalidStockQty::TooLarge);
        }
        Ok(StockQty(milli))
    }

    /// Parses text such as `"2.5"` (any sign; see [`StockUnit::positive`] for
    /// the checks of a quantity someone moves).
    pub fn parse(text: &str) -> Result<StockQty, InvalidStockQty> {
        let value = Decimal::from_str(text.trim()).map_err(|_| InvalidStockQty::NotANumber)?;
        StockQty::from_decimal(value)
    }

    pub fn to_decimal(self) -> Decimal {
        Decimal::new(self.0, Self::SCALE).normalize()
    }

    pub fn is_whole(self) -> bool {
        self.0 % Self::PER_UNIT == 0
    }

    pub fn is_positive(self) -> bool {
        self.0 > 0
    }

    pub fn is_negative(self) -> bool {
        self.0 < 0
    }

    pub fn is_zero(self) -> bool {
        self.0 == 0
    }

    pub fn abs(self) -> StockQty {
        StockQty(self.0.abs())
    }

    /// Zero for negative values.
    pub fn at_least_zero(self) -> StockQty {
        StockQty(self.0.max(0))
    }
}

impl TryFrom<Quantity> for StockQty {
    type Error = InvalidStockQty;
    /// Exact for every checked [`Quantity`] (three decimals at most).
    fn try_from(q: Quantity) -> Result<Self, Self::Error> {
        StockQty::from_decimal(q.0)
    }
}

impl Add for StockQty {
    type Output = StockQty;
    fn add(self, rhs: StockQty) -> StockQty {
        StockQty(self.0 + rhs.0)
    }
}
impl AddAssign for StockQty {
    fn add_assign(&mut self, rhs: StockQty) {
        self.0 += rhs.0;
    }
}
impl Sub for StockQty {
    type Output = StockQty;
    fn sub(self, rhs: StockQty) -> StockQty {
        StockQty(self.0 - rhs.0)
    }
}
impl SubAssign for StockQty {
    fn sub_assign(&mut self, rhs: StockQty) {
        self.0 -= rhs.0;
    }
}
impl Neg for StockQty {
    type Output = StockQty;
    fn neg(self) -> StockQty {
        StockQty(-self.0)
    }
}
impl Sum for StockQty {
    fn sum<I: Iterator<Item = StockQty>>(iter: I) -> StockQty {
        StockQty(iter.map(|q| q.0).sum())
    }
}

impl fmt::Display for StockQty {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.to_decimal().fmt(f)
    }
}

impl Serialize for StockQty {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for StockQty {
    /// A JSON string (`"2.5"`); a JSON number is refused, like money.
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        StockQty::parse(&text).map_err(|e| serde::de::Error::custom(format!("{text:?}: {e}")))
    }
}

// --- storage: an integer of thousandths on both backends -----------------

impl<DB: sqlx::Database> sqlx::Type<DB> for StockQty
where
    i64: sqlx::Type<DB>,
{
    fn type_info() -> DB::TypeInfo {
        <i64 as sqlx::Type<DB>>::type_info()
    }
    fn compatible(ty: &DB::TypeInfo) -> bool {
        <i64 as sqlx::Type<DB>>::compatible(ty)
    }
}
impl<'q, DB: sqlx::Database> sqlx::Encode<'q, DB> for StockQty
where
    i64: sqlx::Encode<'q, DB>,
{
    fn encode_by_ref(
        &self,
        buf: &mut <DB as sqlx::Database>::ArgumentBuffer,
    ) -> Result<sqlx::encode::IsNull, sqlx::error::BoxDynError> {
        <i64 as sqlx::Encode<'q, DB>>::encode_by_ref(&self.0, buf)
    }
}
impl<'r, DB: sqlx::Database> sqlx::Decode<'r, DB> for StockQty
where
    i64: sqlx::Decode<'r, DB>,
{
    fn decode(
        value: <DB as sqlx::Database>::ValueRef<'r>,
    ) -> Result<Self, sqlx::error::BoxDynError> {
        <i64 as sqlx::Decode<'r, DB>>::decode(value).map(StockQty)
    }
}

/// The unit an item is counted in.
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
pub enum StockUnit {
    /// A single piece ("unidad", "pza"): filters, bearings, seals.
    Piece,
    /// A pair (gloves, brake shoes sold in pairs).
    Pair,
    /// A kit or set sold as one (gasket kit, seal kit).
    Kit,
    /// A closed box of a fixed content.
    Box,
    /// Litres of oil, coolant, hydraulic fluid.
    Litre,
    /// Gallons (suppliers that still sell by the gallon).
    Gallon,
    /// Kilograms (grease, welding rod).
    Kilogram,
    /// Metres (hose, cable).
    Metre,
}
crate::text_enum_sql!(StockUnit);

impl StockUnit {
    /// Whether quantities of this unit must be whole.
    pub fn is_whole(self) -> bool {
        matches!(
            self,
            StockUnit::Piece | StockUnit::Pair | StockUnit::Kit | StockUnit::Box
        )
    }

    /// Checks a quantity someone moves, orders or reserves: greater than
    /// zero, and whole when the unit is.
    pub fn positive(self, q: StockQty) -> Result<StockQty, InvalidStockQty> {
        if !q.is_positive() {
            return Err(InvalidStockQty::NotPositive);
        }
        self.fits(q)
    }

    /// Checks a level (minimum, maximum, a count): zero or more, whole when the unit is.
    pub fn non_negative(self, q: StockQty) -> Result<StockQty, InvalidStockQty> {
        if q.is_negative() {
            return Err(InvalidStockQty::Negative);
        }
        self.fits(q)
    }

    /// Whole when the unit is; any sign.
    pub fn fits(self, q: StockQty) -> Result<StockQty, InvalidStockQty> {
        if self.is_whole() && !q.is_whole() {
            return Err(InvalidStockQty::Fractional(self));
        }
        Ok(q)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(text: &str) -> StockQty {
        StockQty::parse(text).unwrap()
    }

    #[test]
    fn thousandths_are_exact() {
        assert_eq!(q("2.5").milli(), 2500);
        assert_eq!(q("0.001").milli(), 1);
        assert_eq!(q("-3").milli(), -3000);
        assert_eq!(q(" 2.500 ").to_string(), "2.5");
        assert_eq!(StockQty::units(4).to_string(), "4");
        assert_eq!(q("0.1") + q("0.2"), q("0.3"));
        assert_eq!(StockQty::parse("0.0005"), Err(InvalidStockQty::TooPrecise));
        assert_eq!(
            StockQty::parse("1000000001"),
            Err(InvalidStockQty::TooLarge)
        );
        assert_eq!(
            StockQty::parse("99999999999999999999999"),
            Err(InvalidStockQty::TooLarge)
        );
        assert_eq!(StockQty::parse("dos"), Err(InvalidStockQty::NotANumber));
    }

    #[test]
    fn order_part_quantities_convert_exactly() {
        let part = Quantity::parse("2.125").unwrap();
        assert_eq!(StockQty::try_from(part).unwrap().milli(), 2125);
        let max = Quantity::parse("1000000").unwrap();
        assert_eq!(StockQty::try_from(max).unwrap(), StockQty::units(1_000_000));
    }

    #[test]
    fn whole_units_refuse_fractions() {
        assert_eq!(
            StockUnit::Piece.positive(q("1.5")),
            Err(InvalidStockQty::Fractional(StockUnit::Piece))
        );
        assert_eq!(StockUnit::Litre.positive(q("1.5")), Ok(q("1.5")));
        assert_eq!(
            StockUnit::Litre.positive(q("0")),
            Err(InvalidStockQty::NotPositive)
        );
        assert_eq!(
            StockUnit::Kit.positive(q("-1")),
            Err(InvalidStockQty::NotPositive)
        );
        assert_eq!(
            StockUnit::Box.non_negative(q("-1")),
            Err(InvalidStockQty::Negative)
        );
        assert_eq!(StockUnit::Box.non_negative(q("0")), Ok(StockQty::ZERO));
    }

    #[test]
    fn json_is_a_string() {
        let v: StockQty = serde_json::from_str("\"1.25\"").unwrap();
        assert_eq!(serde_json::to_string(&v).unwrap(), "\"1.25\"");
        assert!(serde_json::from_str::<StockQty>("1.25").is_err());
        assert_eq!(
            serde_json::to_string(&StockUnit::Kilogram).unwrap(),
            "\"kilogram\""
        );
    }
}
