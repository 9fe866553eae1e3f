//! Many small rows handed over as one text per group.
//!
//! The board, the dashboard and the metrics read one small row per
//! opportunity (100,000 of them) or per stage change (500,000). Through
//! sqlx each row costs a few microseconds on SQLite whatever its size
//! (`crmbench` measured 2.5–5 µs: 480 ms for the pipeline's 100,000 rows,
//! 1.2 s for the history's 500,000), which alone broke the 500 ms target.
//! So these reads group in SQL (per owner and stage; all tracks in one)
//! and pack each group's values into one text with `string_agg` (SQLite
//! 3.44+); Rust unpacks them here. Nothing is summed or rounded in SQL: money stays exact
//! decimals, added in Rust as everywhere else in the store.
//!
//! Only SQLite reads this way: PostgreSQL sends rows cheaply (binary, no
//! per-row hop between threads) and formats timestamps as text slowly, so
//! its reads stay row by row (crmbench measured both).
//!
//! Every packed value is a decimal, a stage code (`snake_case`), a UUID in
//! 32 hex digits (`hex()` of SQLite's blob) or a timestamp as SQLite stores
//! it (`2026-01-31T13:05:00.000000+00:00`, fixed width) — none contains
//! the separators `,`, `*`, `|` or `;`.

use std::str::FromStr;

use chrono::{DateTime, Utc};

use crate::domain::crm::Stage;
use crate::domain::{Money, Timestamp};

/// A UUID written as 32 hex digits, either case.
pub(super) fn uuid(text: &str) -> Result<uuid::Uuid, sqlx::Error> {
    uuid::Uuid::try_parse(text).map_err(|_| bad("uuid", text))
}

fn bad(what: &str, text: &str) -> sqlx::Error {
    sqlx::Error::Decode(format!("packed {what}: {text:?}").into())
}

/// A packed timestamp: the fixed-width UTC form read directly (hundreds of
/// thousands per metrics call), anything else as RFC 3339.
pub(super) fn timestamp(text: &str) -> Result<Timestamp, sqlx::Error> {
    fixed_width_utc(text)
        .or_else(|| {
            DateTime::parse_from_rfc3339(text)
                .ok()
                .map(|t| t.with_timezone(&Utc))
        })
        .map(Timestamp::from)
        .ok_or_else(|| bad("timestamp", text))
}

/// `YYYY-MM-DDTHH:MM:SS.ffffff` in UTC, optionally followed by `+00:00`.
fn fixed_width_utc(text: &str) -> Option<DateTime<Utc>> {
    let b = text.as_bytes();
    if !(b.len() == 26 || (b.len() == 32 && &b[26..] == b"+00:00")) {
        return None;
    }
    for (i, sep) in [
        (4, b'-'),
        (7, b'-'),
        (10, b'T'),
        (13, b':'),
        (16, b':'),
        (19, b'.'),
    ] {
        if b[i] != sep {
            return None;
        }
    }
    let num = |from: usize, to: usize| -> Option<u32> {
        b[from..to].iter().try_fold(0u32, |n, d| {
            d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
        })
    };
    let day = chrono::NaiveDate::from_ymd_opt(num(0, 4)? as i32, num(5, 7)?, num(8, 10)?)?;
    let time = day.and_hms_micro_opt(num(11, 13)?, num(14, 16)?, num(17, 19)?, num(20, 26)?)?;
    Some(time.and_utc())
}

pub(super) fn stage(text: &str) -> Result<Stage, sqlx::Error> {
    Stage::from_str(text).map_err(|_| bad("stage", text))
}

pub(super) fn money(text: &str) -> Result<Money, sqlx::Error> {
    rust_decimal::Decimal::from_str(text)
        .map(Money)
        .map_err(|_| bad("money", text))
}

pub(super) fn int(text: &str) -> Result<i32, sqlx::Error> {
    text.parse().map_err(|_| bad("integer", text))
}

/// The items of a packed list (`a,b,c`; empty text: none).
pub(super) fn items<'a>(text: &'a str, separator: char) -> impl Iterator<Item = &'a str> {
    text.split(separator).filter(|s| !s.is_empty())
}

/// Exactly `N` fields of one packed item.
pub(super) fn fields<const N: usize>(
    item: &str,
    separator: char,
) -> Result<[&str; N], sqlx::Error> {
    let mut out = [""; N];
    let mut parts = item.split(separator);
    for slot in out.iter_mut() {
        *slot = parts.next().ok_or_else(|| bad("item", item))?;
    }
    if parts.next().is_some() {
        return Err(bad("item", item));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn unpacks_what_the_queries_pack() {
        let [v, p, at] = fields::<3>("12000.50*25*2026-01-31T13:05:00.000001", '*').unwrap();
        assert_eq!(money(v).unwrap().0.to_string(), "12000.50");
        assert_eq!(int(p).unwrap(), 25);
        assert_eq!(
            timestamp(at).unwrap().as_datetime().to_rfc3339(),
            "2026-01-31T13:05:00.000001+00:00"
        );
        assert_eq!(stage("negotiation").unwrap(), Stage::Negotiation);
        // The fast path and RFC 3339 agree; other forms still parse.
        for text in [
            "2024-02-29T23:59:59.999999+00:00",
            "2026-12-04T00:00:00.000000+00:00",
        ] {
            assert_eq!(
                timestamp(text).unwrap().as_datetime(),
                DateTime::parse_from_rfc3339(text)
                    .unwrap()
                    .with_timezone(&Utc)
            );
        }
        assert!(timestamp("2026-12-04T00:00:00Z").is_ok());
        assert_eq!(
            timestamp("2026-12-04T10:00:00.500000").unwrap(),
            timestamp("2026-12-04T10:00:00.500000+00:00").unwrap()
        );
        assert!(timestamp("2025-02-29T00:00:00.000000+00:00").is_err());
        assert!(timestamp("2026-12-04T00:00:00.00000x+00:00").is_err());
        assert!(fields::<2>("a*b*c", '*').is_err());
        assert!(fields::<3>("a*b", '*').is_err());
        assert_eq!(items("", ',').count(), 0);
        assert_eq!(items("a,b", ',').collect::<Vec<_>>(), ["a", "b"]);
        assert!(money("12,5").is_err());
        // SQLite's hex() is upper case, PostgreSQL's text lower case.
        let id = uuid::Uuid::now_v7();
        assert_eq!(uuid(&id.simple().to_string().to_uppercase()).unwrap(), id);
        assert_eq!(uuid(&id.simple().to_string()).unwrap(), id);
    }
}
