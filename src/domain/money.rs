//! Money: an exact decimal amount, never a float.
//!
//! JSON carries it as a string (`"1250.50"`); a JSON number is refused so no
//! client can smuggle in binary floating point. PostgreSQL stores it as
//! `NUMERIC`, SQLite as `TEXT` (SQLite has no exact decimal type, and its
//! `NUMERIC` affinity would turn values into floats).

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use std::fmt;
use std::str::FromStr;

#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, utoipa::ToSchema, ts_rs::TS,
)]
#[ts(type = "string")]
#[schema(value_type = String, example = "1250.50")]
pub struct Money(pub Decimal);

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum InvalidMoney {
    #[error("{0:?} is not a decimal amount")]
    NotANumber(String),
    #[error("the amount may not be negative")]
    Negative,
    #[error("the amount has more than {0} decimal places")]
    TooPrecise(u32),
}

impl Money {
    pub const ZERO: Money = Money(Decimal::ZERO);

    /// Parses a non-negative amount with at most `max_scale` decimal places
    /// (the currency's minor units).
    pub fn parse(text: &str, max_scale: u32) -> Result<Money, InvalidMoney> {
        let value = Decimal::from_str(text.trim())
            .map_err(|_| InvalidMoney::NotANumber(text.to_string()))?;
        Money(value).check(max_scale)
    }

    /// Checks an amount already parsed against the currency rules.
    pub fn check(self, max_scale: u32) -> Result<Money, InvalidMoney> {
        if self.0.is_sign_negative() && !self.0.is_zero() {
            return Err(InvalidMoney::Negative);
        }
        if self.0.normalize().scale() > max_scale {
            return Err(InvalidMoney::TooPrecise(max_scale));
        }
        Ok(self)
    }
}

/// Minor units of an ISO 4217 currency code (how many decimals an amount may have).
pub fn currency_scale(code: &str) -> u32 {
    match code {
        "CLP" | "JPY" | "KRW" | "PYG" | "ISK" => 0,
        _ => 2,
    }
}

impl fmt::Display for Money {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

impl Serialize for Money {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Money {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let text = String::deserialize(d)?;
        Decimal::from_str(text.trim())
            .map(Money)
            .map_err(|_| serde::de::Error::custom(format!("{text:?} is not a decimal amount")))
    }
}

// --- storage -------------------------------------------------------------

impl sqlx::Type<sqlx::Postgres> for Money {
    fn type_info() -> sqlx::postgres::PgTypeInfo {
        <Decimal as sqlx::Type<sqlx::Postgres>>::type_info()
    }
}
impl<'q> sqlx::Encode<'q, sqlx::Postgres> for Money {
    fn encode_by_ref(
        &self,
        buf: &mut sqlx::postgres::PgArgumentBuffer,
    ) -> Result<sqlx::encode::IsNull, sqlx::error::BoxDynError> {
        <Decimal as sqlx::Encode<'q, sqlx::Postgres>>::encode_by_ref(&self.0, buf)
    }
}
impl<'r> sqlx::Decode<'r, sqlx::Postgres> for Money {
    fn decode(value: sqlx::postgres::PgValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
        <Decimal as sqlx::Decode<'r, sqlx::Postgres>>::decode(value).map(Money)
    }
}

impl sqlx::Type<sqlx::Sqlite> for Money {
    fn type_info() -> sqlx::sqlite::SqliteTypeInfo {
        <String as sqlx::Type<sqlx::Sqlite>>::type_info()
    }
}
impl<'q> sqlx::Encode<'q, sqlx::Sqlite> for Money {
    fn encode_by_ref(
        &self,
        buf: &mut <sqlx::Sqlite as sqlx::Database>::ArgumentBuffer,
    ) -> Result<sqlx::encode::IsNull, sqlx::error::BoxDynError> {
        <String as sqlx::Encode<'q, sqlx::Sqlite>>::encode(self.0.to_string(), buf)
    }
}
impl<'r> sqlx::Decode<'r, sqlx::Sqlite> for Money {
    fn decode(value: sqlx::sqlite::SqliteValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
        let text = <String as sqlx::Decode<'r, sqlx::Sqlite>>::decode(value)?;
        Ok(Money(Decimal::from_str(&text)?))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_within_currency_scale() {
        assert_eq!(Money::parse("10.50", 2).unwrap().to_string(), "10.50");
        assert_eq!(Money::parse("10.500", 2).unwrap().0, Decimal::new(105, 1));
        assert_eq!(Money::parse("10.505", 2), Err(InvalidMoney::TooPrecise(2)));
        assert_eq!(Money::parse("1.5", 0), Err(InvalidMoney::TooPrecise(0)));
        assert_eq!(Money::parse("-1", 2), Err(InvalidMoney::Negative));
        assert!(matches!(
            Money::parse("abc", 2),
            Err(InvalidMoney::NotANumber(_))
        ));
    }

    #[test]
    fn json_is_a_string_and_numbers_are_refused() {
        let m: Money = serde_json::from_str("\"99.90\"").unwrap();
        assert_eq!(serde_json::to_string(&m).unwrap(), "\"99.90\"");
        assert!(serde_json::from_str::<Money>("99.9").is_err());
    }
}
