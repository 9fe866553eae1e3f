//! Quantity: how much of a part was used — an exact decimal (1, 2.5 litres,
//! 0.75 m), never a float.
//!
//! Stored and carried like [`Money`](super::Money): JSON as a string
//! (`"2.5"`; a JSON number is refused), PostgreSQL `NUMERIC`, SQLite `TEXT`.

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, utoipa::ToSchema, ts_rs::TS)]
#[ts(type = "string")]
#[schema(value_type = String, example = "2.5")]
pub struct Quantity(pub Decimal);

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum InvalidQuantity {
    #[error("{0:?} is not a decimal quantity")]
    NotANumber(String),
    #[error("the quantity must be greater than zero")]
    NotPositive,
    #[error("the quantity has more than {} decimal places", Quantity::MAX_SCALE)]
    TooPrecise,
    #[error("the quantity is too large")]
    TooLarge,
}

impl Quantity {
    /// Most decimal places a quantity may have (grams of a kilo, millilitres of a litre).
    pub const MAX_SCALE: u32 = 3;
    /// Largest quantity accepted on one line.
    pub const MAX: Decimal = Decimal::from_parts(1_000_000, 0, 0, false, 0);

    pub fn parse(text: &str) -> Result<Quantity, InvalidQuantity> {
        let value = Decimal::from_str(text.trim())
            .map_err(|_| InvalidQuantity::NotANumber(text.to_string()))?;
        Quantity(value).check()
    }

    /// Checks a parsed quantity: positive, at most [`Self::MAX_SCALE`]
    /// decimals, at most [`Self::MAX`].
    pub fn check(self) -> Result<Quantity, InvalidQuantity> {
        if self.0 <= Decimal::ZERO {
            return Err(InvalidQuantity::NotPositive);
        }
        if self.0.normalize().scale() > Self::MAX_SCALE {
            return Err(InvalidQuantity::TooPrecise);
        }
        if self.0 > Self::MAX {
            return Err(InvalidQuantity::TooLarge);
        }
        Ok(Quantity(self.0.normalize()))
    }
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl Serialize for Quantity {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Quantity {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Decimal::from_str(text.trim())
            .map(Quantity)
            .map_err(|_| serde::de::Error::custom(format!("{text:?} is not a decimal quantity")))
    }
}

// --- storage -------------------------------------------------------------

impl sqlx::Type<sqlx::Postgres> for Quantity {
    fn type_info() -> sqlx::postgres::PgTypeInfo {
        <Decimal as sqlx::Type<sqlx::Postgres>>::type_info()
    }
}
impl<'q> sqlx::Encode<'q, sqlx::Postgres> for Quantity {
    fn encode_by_ref(
        &self,
        buf: &mut sqlx::postgres::PgArgumentBuffer,
    ) -> Result<sqlx::encode::IsNull, sqlx::error::BoxDynError> {
        <Decimal as sqlx::Encode<'q, sqlx::Postgres>>::encode_by_ref(&self.0, buf)
    }
}
impl<'r> sqlx::Decode<'r, sqlx::Postgres> for Quantity {
    fn decode(value: sqlx::postgres::PgValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
        <Decimal as sqlx::Decode<'r, sqlx::Postgres>>::decode(value).map(Quantity)
    }
}

impl sqlx::Type<sqlx::Sqlite> for Quantity {
    fn type_info() -> sqlx::sqlite::SqliteTypeInfo {
        <String as sqlx::Type<sqlx::Sqlite>>::type_info()
    }
}
impl<'q> sqlx::Encode<'q, sqlx::Sqlite> for Quantity {
    fn encode_by_ref(
        &self,
        buf: &mut <sqlx::Sqlite as sqlx::Database>::ArgumentBuffer,
    ) -> Result<sqlx::encode::IsNull, sqlx::error::BoxDynError> {
        <String as sqlx::Encode<'q, sqlx::Sqlite>>::encode(self.0.to_string(), buf)
    }
}
impl<'r> sqlx::Decode<'r, sqlx::Sqlite> for Quantity {
    fn decode(value: sqlx::sqlite::SqliteValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
        let text = <String as sqlx::Decode<'r, sqlx::Sqlite>>::decode(value)?;
        Ok(Quantity(Decimal::from_str(&text)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_positive_quantities_with_few_decimals() {
        assert_eq!(Quantity::parse("2").unwrap().to_string(), "2");
        assert_eq!(Quantity::parse(" 2.500 ").unwrap().to_string(), "2.5");
        assert_eq!(Quantity::parse("0.125").unwrap().to_string(), "0.125");
        assert_eq!(Quantity::parse("0.1255"), Err(InvalidQuantity::TooPrecise));
        assert_eq!(Quantity::parse("0"), Err(InvalidQuantity::NotPositive));
        assert_eq!(Quantity::parse("-1"), Err(InvalidQuantity::NotPositive));
        assert_eq!(Quantity::parse("1000001"), Err(InvalidQuantity::TooLarge));
        assert!(matches!(
            Quantity::parse("dos"),
            Err(InvalidQuantity::NotANumber(_))
        ));
    }

    #[test]
    fn json_is_a_string_and_numbers_are_refused() {
        let q: Quantity = serde_json::from_str("\"1.5\"").unwrap();
        assert_eq!(serde_json::to_string(&q).unwrap(), "\"1.5\"");
        assert!(serde_json::from_str::<Quantity>("1.5").is_err());
    }
}
