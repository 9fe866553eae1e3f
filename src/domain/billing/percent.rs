//! Percent: a discount or tax rate between 0 and 100, an exact decimal with
//! at most two decimal places (`"16"`, `"12.5"`, `"7.25"`).
//!
//! Carried like [`Money`](crate::domain::Money): JSON as a string (a JSON
//! number is refused), PostgreSQL `NUMERIC`, SQLite `TEXT`.

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, utoipa::ToSchema)]
#[schema(value_type = String, example = "16")]
pub struct Percent(pub Decimal);

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum InvalidPercent {
    #[error("{0:?} is not a decimal percentage")]
    NotANumber(String),
    #[error("the percentage must be between 0 and 100")]
    OutOfRange,
    #[error("the percentage has more than {} decimal places", Percent::MAX_SCALE)]
    TooPrecise,
}

impl Percent {
    pub const ZERO: Percent = Percent(Decimal::ZERO);
    pub const HUNDRED: Percent = Percent(Decimal::ONE_HUNDRED);
    /// Most decimal places a rate may have.
    pub const MAX_SCALE: u32 = 2;

    pub fn parse(text: &str) -> Result<Percent, InvalidPercent> {
        let value = Decimal::from_str(text.trim())
            .map_err(|_| InvalidPercent::NotANumber(text.to_string()))?;
        Percent(value).check()
    }

    /// Checks a parsed value: 0 ≤ p ≤ 100, at most two decimals.
    pub fn check(self) -> Result<Percent, InvalidPercent> {
        if self.0 < Decimal::ZERO || self.0 > Decimal::ONE_HUNDRED {
            return Err(InvalidPercent::OutOfRange);
        }
        if self.0.normalize().scale() > Self::MAX_SCALE {
            return Err(InvalidPercent::TooPrecise);
        }
        Ok(Percent(self.0.normalize()))
    }

    pub fn is_zero(self) -> bool {
        self.0.is_zero()
    }
}

impl fmt::Display for Percent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.normalize().fmt(f)
    }
}

impl Serialize for Percent {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

impl<'de> Deserialize<'de> for Percent {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Decimal::from_str(text.trim())
            .map(Percent)
            .map_err(|_| serde::de::Error::custom(format!("{text:?} is not a decimal percentage")))
    }
}

// --- storage -------------------------------------------------------------

impl sqlx::Type<sqlx::Postgres> for Percent {
    fn type_info() -> sqlx::postgres::PgTypeInfo {
        <Decimal as sqlx::Type<sqlx::Postgres>>::type_info()
    }
}
impl<'q> sqlx::Encode<'q, sqlx::Postgres> for Percent {
    fn encode_by_ref(
        &self,
        buf: &mut sqlx::postgres::PgArgumentBuffer,
    ) -> Result<sqlx::encode::IsNull, sqlx::error::BoxDynError> {
        <Decimal as sqlx::Encode<'q, sqlx::Postgres>>::encode_by_ref(&self.0, buf)
    }
}
impl<'r> sqlx::Decode<'r, sqlx::Postgres> for Percent {
    fn decode(value: sqlx::postgres::PgValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
        <Decimal as sqlx::Decode<'r, sqlx::Postgres>>::decode(value).map(Percent)
    }
}

impl sqlx::Type<sqlx::Sqlite> for Percent {
    fn type_info() -> sqlx::sqlite::SqliteTypeInfo {
        <String as sqlx::Type<sqlx::Sqlite>>::type_info()
    }
}
impl<'q> sqlx::Encode<'q, sqlx::Sqlite> for Percent {
    fn encode_by_ref(
        &self,
        buf: &mut <sqlx::Sqlite as sqlx::Database>::ArgumentBuffer,
    ) -> Result<sqlx::encode::IsNull, sqlx::error::BoxDynError> {
        <String as sqlx::Encode<'q, sqlx::Sqlite>>::encode(self.0.to_string(), buf)
    }
}
impl<'r> sqlx::Decode<'r, sqlx::Sqlite> for Percent {
    fn decode(value: sqlx::sqlite::SqliteValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
        let text = <String as sqlx::Decode<'r, sqlx::Sqlite>>::decode(value)?;
        Ok(Percent(Decimal::from_str(&text)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_rates_between_zero_and_a_hundred() {
        assert_eq!(Percent::parse("16").unwrap().to_string(), "16");
        assert_eq!(Percent::parse(" 12.50 ").unwrap().to_string(), "12.5");
        assert_eq!(Percent::parse("0").unwrap(), Percent::ZERO);
        assert_eq!(Percent::parse("100").unwrap(), Percent::HUNDRED);
        assert_eq!(Percent::parse("100.01"), Err(InvalidPercent::OutOfRange));
        assert_eq!(Percent::parse("-1"), Err(InvalidPercent::OutOfRange));
        assert_eq!(Percent::parse("7.255"), Err(InvalidPercent::TooPrecise));
        assert!(matches!(
            Percent::parse("diez"),
            Err(InvalidPercent::NotANumber(_))
        ));
    }

    #[test]
    fn json_is_a_string_and_numbers_are_refused() {
        let p: Percent = serde_json::from_str("\"19\"").unwrap();
        assert_eq!(serde_json::to_string(&p).unwrap(), "\"19\"");
        assert!(serde_json::from_str::<Percent>("19").is_err());
    }
}
