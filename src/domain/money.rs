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
    #[error("the amount is above the largest accepted, 999999999999.99")]
    TooLarge,
}

/// The one syntax of an amount typed by a person or a client: optional `-`,
/// digits, optionally `.` and digits. No exponent (`1e3`), no `+`, no
/// thousands separators, no spaces inside (the whole text may be padded).
pub fn is_plain_decimal(text: &str) -> bool {
    let text = text.trim();
    let digits = text.strip_prefix('-').unwrap_or(text);
    let (int, frac) = match digits.split_once('.') {
        Some((i, f)) => (i, Some(f)),
        None => (digits, None),
    };
    !int.is_empty()
        && int.len() <= 28
        && int.bytes().all(|b| b.is_ascii_digit())
        && frac
            .is_none_or(|f| !f.is_empty() && f.len() <= 28 && f.bytes().all(|b| b.is_ascii_digit()))
}

/// Parses [`is_plain_decimal`] text.
fn parse_plain(text: &str) -> Option<Decimal> {
    if !is_plain_decimal(text) {
        return None;
    }
    Decimal::from_str_exact(text.trim()).ok()
}

impl Money {
    pub const ZERO: Money = Money(Decimal::ZERO);
    /// The largest amount any money input accepts (and any balance reaches
    /// through inputs): 999 999 999 999.99, on every backend.
    pub const MAX: Money = Money(Decimal::from_parts(276_447_231, 23_283, 0, false, 2));

    /// Parses a non-negative amount with at most `max_scale` decimal places
    /// (the currency's minor units).
    pub fn parse(text: &str, max_scale: u32) -> Result<Money, InvalidMoney> {
        let value = parse_plain(text).ok_or_else(|| InvalidMoney::NotANumber(text.to_string()))?;
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
        if self > Money::MAX {
            return Err(InvalidMoney::TooLarge);
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
        parse_plain(&text)
            .map(Money)
            .ok_or_else(|| serde::de::Error::custom(format!("{text:?} is not a decimal amount")))
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
    fn one_syntax_and_one_bound() {
        assert_eq!(Money::MAX.to_string(), "999999999999.99");
        assert_eq!(Money::parse("999999999999.99", 2).unwrap(), Money::MAX);
        assert_eq!(
            Money::parse("1000000000000", 2),
            Err(InvalidMoney::TooLarge)
        );
        assert_eq!(
            Money::parse("9999999999999999999999999999", 2),
            Err(InvalidMoney::TooLarge)
        );
        for bad in [
            "1e3", "1E3", "+5", "1,000", "1 000", ".5", "5.", "--1", "0x10", "", "NaN", "١٢",
        ] {
            assert!(
                matches!(Money::parse(bad, 2), Err(InvalidMoney::NotANumber(_))),
                "{bad:?}"
            );
            assert!(
                serde_json::from_str::<Money>(&format!("{bad:?}")).is_err(),
                "{bad:?}"
            );
        }
        assert_eq!(Money::parse(" 12.50 ", 2).unwrap().to_string(), "12.50");
        assert_eq!(Money::parse("0012", 0).unwrap().to_string(), "12");
    }

    #[test]
    fn json_is_a_string_and_numbers_are_refused() {
        let m: Money = serde_json::from_str("\"99.90\"").unwrap();
        assert_eq!(serde_json::to_string(&m).unwrap(), "\"99.90\"");
        assert!(serde_json::from_str::<Money>("99.9").is_err());
    }
}
