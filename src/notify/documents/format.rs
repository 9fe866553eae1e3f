//! Values as the screens show them, for printed documents: the client
//! formats with `Intl.NumberFormat(locale, {style: 'currency'})` and
//! `toLocaleDateString(locale, {dateStyle: 'medium'})`; these functions give
//! the same text for Spanish and English (checked against the browser's ICU
//! output in the tests), with the currency's decimals from
//! `domain::money::currency_scale`.

use chrono::NaiveDate;
use rust_decimal::{Decimal, RoundingStrategy};

use crate::domain::Timestamp;
use crate::domain::money::currency_scale;
use crate::notify::templates::Lang;

/// A no-break space, which ICU puts between a number and its currency.
const NBSP: char = '\u{a0}';

/// Digits of `int` grouped by `sep`, every three from the right, when the
/// number has at least `min_digits` digits (Spanish groups from 5 digits on:
/// "1250" but "12.500").
fn group(int: &str, sep: char, min_digits: usize) -> String {
    if int.len() < min_digits {
        return int.to_string();
    }
    let mut out = String::with_capacity(int.len() + int.len() / 3);
    for (i, c) in int.chars().enumerate() {
        if i > 0 && (int.len() - i).is_multiple_of(3) {
            out.push(sep);
        }
        out.push(c);
    }
    out
}

/// `value` with exactly `scale` decimals in the language's separators.
pub fn number(value: Decimal, scale: u32, lang: Lang) -> String {
    let mut v = value.round_dp_with_strategy(scale, RoundingStrategy::MidpointAwayFromZero);
    v.rescale(scale);
    let negative = v.is_sign_negative() && !v.is_zero();
    let text = v.abs().to_string();
    let (int, frac) = text.split_once('.').unwrap_or((&text, ""));
    let (group_sep, dec_sep, min_group) = match lang {
        Lang::Es => ('.', ',', 5),
        Lang::En => (',', '.', 4),
    };
    let mut out = String::new();
    if negative {
        out.push('-');
    }
    out.push_str(&group(int, group_sep, min_group));
    if !frac.is_empty() {
        out.push(dec_sep);
        out.push_str(frac);
    }
    out
}

/// A quantity or rate: as many decimals as it has (none when whole).
pub fn plain(value: Decimal, lang: Lang) -> String {
    let v = value.normalize();
    number(v, v.scale(), lang)
}

/// A percentage: "16 %" in Spanish, "16%" in English.
pub fn percent(value: Decimal, lang: Lang) -> String {
    match lang {
        Lang::Es => format!("{}{NBSP}%", plain(value, lang)),
        Lang::En => format!("{}%", plain(value, lang)),
    }
}

fn symbol(currency: &str, lang: Lang) -> Option<&'static str> {
    match (lang, currency) {
        (Lang::Es, "USD") => Some("US$"),
        (Lang::Es, "EUR") | (Lang::En, "EUR") => Some("€"),
        (Lang::En, "USD") => Some("$"),
        (Lang::En, "GBP") => Some("£"),
        (Lang::En, "BRL") => Some("R$"),
        (Lang::En, "JPY") => Some("¥"),
        (Lang::En, "MXN") => Some("MX$"),
        (Lang::En, "CAD") => Some("CA$"),
        (Lang::En, "AUD") => Some("A$"),
        _ => None,
    }
}

/// Money as the screens show it: "12.500,50 US$", "$12,500.50",
/// "CLP 1,251", "-3,00 €".
pub fn money(value: Decimal, currency: &str, lang: Lang) -> String {
    let scale = currency_scale(currency);
    let digits = number(value.abs(), scale, lang);
    let is_zero = value.round_dp(scale).is_zero();
    let sign = if value.is_sign_negative() && !is_zero {
        "-"
    } else {
        ""
    };
    match lang {
        Lang::Es => format!(
            "{sign}{digits}{NBSP}{}",
            symbol(currency, lang).unwrap_or(currency)
        ),
        Lang::En => match symbol(currency, lang) {
            Some(s) => format!("{sign}{s}{digits}"),
            None => format!("{sign}{currency}{NBSP}{digits}"),
        },
    }
}

const MONTHS_ES: [&str; 12] = [
    "ene", "feb", "mar", "abr", "may", "jun", "jul", "ago", "sept", "oct", "nov", "dic",
];
const MONTHS_EN: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// A day: "3 dic 2026" / "Dec 3, 2026".
pub fn date(d: NaiveDate, lang: Lang) -> String {
    use chrono::Datelike;
    let m = d.month0() as usize;
    match lang {
        Lang::Es => format!("{} {} {}", d.day(), MONTHS_ES[m], d.year()),
        Lang::En => format!("{} {}, {}", MONTHS_EN[m], d.day(), d.year()),
    }
}

/// An instant in the company's time zone: "3 dic 2026, 15:05" /
/// "Dec 3, 2026, 3:05 PM".
pub fn date_time(t: Timestamp, tz: chrono_tz::Tz, lang: Lang) -> String {
    use chrono::Timelike;
    let local = t.as_datetime().with_timezone(&tz);
    let day = date(local.date_naive(), lang);
    match lang {
        Lang::Es => format!("{day}, {:02}:{:02}", local.hour(), local.minute()),
        Lang::En => {
            let (pm, h) = local.hour12();
            let ampm = if pm { "PM" } else { "AM" };
            format!("{day}, {h}:{:02}{NBSP}{ampm}", local.minute())
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::str::FromStr;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    /// Expected values are the browser's `Intl.NumberFormat` output
    /// (no-break spaces written as plain ones here).
    #[test]
    fn money_matches_the_screens() {
        let cases = [
            (Lang::Es, "USD", "1250.5", "1250,50 US$"),
            (Lang::Es, "USD", "12500.5", "12.500,50 US$"),
            (Lang::Es, "USD", "1234567.891", "1.234.567,89 US$"),
            (Lang::Es, "USD", "-3", "-3,00 US$"),
            (Lang::Es, "EUR", "0", "0,00 €"),
            (Lang::Es, "CLP", "12500.5", "12.501 CLP"),
            (Lang::Es, "VES", "1250.5", "1250,50 VES"),
            (Lang::En, "USD", "1250.5", "$1,250.50"),
            (Lang::En, "USD", "-3", "-$3.00"),
            (Lang::En, "EUR", "1234567.891", "€1,234,567.89"),
            (Lang::En, "CLP", "1250.5", "CLP 1,251"),
            (Lang::En, "CLP", "-3", "-CLP 3"),
            (Lang::En, "MXN", "12500.5", "MX$12,500.50"),
            (Lang::En, "VES", "0", "VES 0.00"),
        ];
        for (lang, currency, value, expected) in cases {
            assert_eq!(
                money(d(value), currency, lang).replace(NBSP, " "),
                expected,
                "{currency} {value} in {lang:?}"
            );
        }
    }

    #[test]
    fn quantities_rates_and_dates() {
        assert_eq!(plain(d("2.500"), Lang::Es), "2,5");
        assert_eq!(plain(d("12000"), Lang::En), "12,000");
        assert_eq!(percent(d("16"), Lang::Es).replace(NBSP, " "), "16 %");
        assert_eq!(percent(d("12.5"), Lang::En), "12.5%");
        let day = NaiveDate::from_ymd_opt(2026, 9, 3).unwrap();
        assert_eq!(date(day, Lang::Es), "3 sept 2026");
        assert_eq!(date(day, Lang::En), "Sep 3, 2026");
        let t = Timestamp::from(chrono::DateTime::from_timestamp(1_788_447_900, 0).unwrap());
        // 2026-09-03 15:05 UTC = 11:05 in Caracas (UTC−4).
        let tz: chrono_tz::Tz = "America/Caracas".parse().unwrap();
        assert_eq!(date_time(t, tz, Lang::Es), "3 sept 2026, 11:05");
        assert_eq!(
            date_time(t, chrono_tz::UTC, Lang::En).replace(NBSP, " "),
            "Sep 3, 2026, 3:05 PM"
        );
    }
}
