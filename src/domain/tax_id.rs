//! Tax identification numbers for the countries Faena operates in.
//!
//! Each supported country has its own scheme, and every scheme ends in a
//! check digit that is computed from the rest of the number:
//!
//! * **Venezuela, RIF** (*Registro de Información Fiscal*, issued by SENIAT):
//!   a type letter (`V` national, `E` foreign resident, `J` legal entity,
//!   `P` passport, `G` government, `C` communal council), an 8-digit body and one
//!   check digit. Canonical form: `J-12345678-4`. Older ids with a 7-digit body
//!   are accepted and left-padded with a zero (`V-1234567-0` becomes
//!   `V-01234567-0`). Check digit: the letter is worth V=1, E=2, J=3, P=4, G=5,
//!   C=3. Compute `sum = letter*4 + d1*3 + d2*2 + d3*7 + d4*6 + d5*5 + d6*4 + d7*3 + d8*2`
//!   and `r = 11 - sum % 11`. The check digit is `r`, or `0` when `r >= 10`.
//! * **Chile, RUT** (*Rol Único Tributario*, issued by SII): a 7- or 8-digit body and a
//!   check character `0`–`9` or `K`. Canonical form: `12.345.678-5` (dots as
//!   thousands separators, hyphen before the check character). Check
//!   character: weight the body digits from right to left by 2, 3, 4, 5, 6, 7, 2,
//!   3, … and sum them. Let `r = 11 - sum % 11`. Then `11` gives `0`, `10` gives `K`, and any
//!   other value is the digit itself.
//! * **Colombia, NIT** (*Número de Identificación Tributaria*, issued by DIAN):
//!   a 5- to 15-digit body followed by one check digit (the input must include
//!   it; the last digit is always taken as the check digit). Canonical form:
//!   `900123456-8` (no dots). Check digit: weight the body digits from right to
//!   left by 3, 7, 13, 17, 19, 23, 29, 37, 41, 43, 47, 53, 59, 67, 71, and let
//!   `s = sum % 11`. The check digit is `s` when `s` is 0 or 1, otherwise `11 - s`.
//!
//! # Why normalize before the uniqueness check
//!
//! The same id gets typed in many ways: `j-12345678-4`, `J123456784`,
//! `J 12345678 4`, `12345678-5`, `12.345.678-5`, `900.123.456-8`,
//! `900123456 8`, and so on. Customers and companies are unique per tax id, so
//! duplicates are found by comparing strings in the database. If each spelling were stored
//! as typed, one company could be registered several times and the
//! uniqueness constraint would not catch it. [`TaxId::parse`] therefore
//! trims the input, upper-cases it and strips spaces, dots and hyphens. It then
//! validates the structure and check digit and rebuilds a single canonical
//! spelling. Leading zeros are canonicalized too: a RIF body is always padded to 8
//! digits, and leading zeros are dropped from RUT and NIT bodies. Only that canonical
//! string is stored and compared.

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Serialize};

/// Country (and therefore tax-id scheme) of a [`TaxId`].
///
/// Serialized as the ISO 3166-1 alpha-2 code: `"VE"`, `"CL"`, `"CO"`.
#[derive(
    Debug,
    Clone,
    Copy,
    PartialEq,
    Eq,
    Hash,
    PartialOrd,
    Ord,
    Serialize,
    Deserialize,
    utoipa::ToSchema,
)]
pub enum TaxIdCountry {
    /// Venezuela: RIF.
    #[serde(rename = "VE", alias = "ve")]
    Venezuela,
    /// Chile: RUT.
    #[serde(rename = "CL", alias = "cl")]
    Chile,
    /// Colombia: NIT.
    #[serde(rename = "CO", alias = "co")]
    Colombia,
}

impl TaxIdCountry {
    /// All supported countries.
    pub const ALL: [TaxIdCountry; 3] = [
        TaxIdCountry::Venezuela,
        TaxIdCountry::Chile,
        TaxIdCountry::Colombia,
    ];

    /// ISO 3166-1 alpha-2 code: `"VE"`, `"CL"` or `"CO"`.
    pub fn as_str(&self) -> &'static str {
        match self {
            TaxIdCountry::Venezuela => "VE",
            TaxIdCountry::Chile => "CL",
            TaxIdCountry::Colombia => "CO",
        }
    }

    /// Local name of the tax-id scheme: `"RIF"`, `"RUT"` or `"NIT"`.
    pub fn scheme_name(&self) -> &'static str {
        match self {
            TaxIdCountry::Venezuela => "RIF",
            TaxIdCountry::Chile => "RUT",
            TaxIdCountry::Colombia => "NIT",
        }
    }
}

impl fmt::Display for TaxIdCountry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Returned when a string is not one of the supported country codes.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
#[error("unknown tax id country {0:?}; expected VE, CL or CO")]
pub struct UnknownTaxIdCountry(pub String);

impl FromStr for TaxIdCountry {
    type Err = UnknownTaxIdCountry;

    /// Accepts `"VE"`, `"CL"`, `"CO"` in any letter case (surrounding
    /// whitespace is ignored).
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let code = s.trim();
        if code.eq_ignore_ascii_case("VE") {
            Ok(TaxIdCountry::Venezuela)
        } else if code.eq_ignore_ascii_case("CL") {
            Ok(TaxIdCountry::Chile)
        } else if code.eq_ignore_ascii_case("CO") {
            Ok(TaxIdCountry::Colombia)
        } else {
            Err(UnknownTaxIdCountry(s.to_owned()))
        }
    }
}

/// Why a tax id was rejected.
#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum TaxIdError {
    /// Nothing was entered, or only whitespace and separators.
    #[error("the tax id is empty")]
    Empty,
    /// The characters or length do not fit the country's scheme.
    #[error("the tax id does not have the expected format: expected {expected}")]
    BadFormat {
        /// Description of the expected format, with an example.
        expected: &'static str,
    },
    /// The structure is right but the check digit does not match the body.
    #[error("the check digit does not match the rest of the tax id (mistyped digit?)")]
    BadCheckDigit,
}

const RIF_EXPECTED: &str =
    "a RIF: letter V, E, J, P, G or C, then 7 or 8 digits and a check digit (e.g. J-12345678-4)";
const RUT_EXPECTED: &str = "a RUT: 7 or 8 digits and a check digit 0-9 or K (e.g. 12.345.678-5)";
const NIT_EXPECTED: &str = "a NIT: 5 to 15 digits followed by its check digit (e.g. 900123456-8)";

/// A validated tax id in the canonical format of its country (see the
/// [module docs](self)).
///
/// Serialized as a plain string. `TaxId` deliberately does not implement
/// `Deserialize`: incoming values have to go through [`TaxId::parse`] with a
/// country.
#[derive(
    Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, sqlx::Type, utoipa::ToSchema,
)]
#[sqlx(transparent)]
#[serde(transparent)]
pub struct TaxId(String);

impl TaxId {
    /// Normalizes and validates `input` as a tax id of `country`.
    ///
    /// First trims the input, upper-cases it and removes spaces, dots and hyphens.
    /// Then checks the structure and check digit. On success, returns the id in canonical
    /// form: `J-12345678-4`, `12.345.678-5` or `900123456-8`.
    pub fn parse(country: TaxIdCountry, input: &str) -> Result<TaxId, TaxIdError> {
        let compact = compact(input)?;
        let canonical = match country {
            TaxIdCountry::Venezuela => parse_rif(&compact)?,
            TaxIdCountry::Chile => parse_rut(&compact)?,
            TaxIdCountry::Colombia => parse_nit(&compact)?,
        };
        Ok(TaxId(canonical))
    }

    /// Wraps a value that was already validated, e.g. one read back from the
    /// database. It is not checked again.
    pub fn from_trusted(s: String) -> TaxId {
        TaxId(s)
    }

    /// The canonical string.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Consumes the id and returns the canonical string.
    pub fn into_string(self) -> String {
        self.0
    }
}

impl fmt::Display for TaxId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl AsRef<str> for TaxId {
    fn as_ref(&self) -> &str {
        &self.0
    }
}

impl From<TaxId> for String {
    fn from(id: TaxId) -> String {
        id.0
    }
}

/// A valid example id for `country`, in canonical form. Use it for
/// placeholders, docs and error messages.
pub fn example(country: TaxIdCountry) -> &'static str {
    match country {
        TaxIdCountry::Venezuela => "J-12345678-4",
        TaxIdCountry::Chile => "12.345.678-5",
        TaxIdCountry::Colombia => "900123456-8",
    }
}

/// Three distinct valid ids per country, in canonical form, for demo/seed
/// data. They are made up, but the check digits are correct.
pub fn demo_ids(country: TaxIdCountry) -> [&'static str; 3] {
    match country {
        TaxIdCountry::Venezuela => ["J-40123456-9", "J-29876543-7", "J-31415926-7"],
        TaxIdCountry::Chile => ["76.123.456-0", "96.543.210-8", "77.777.777-7"],
        TaxIdCountry::Colombia => ["901234567-7", "830012345-9", "900100005-0"],
    }
}

/// Trims the input, drops whitespace, dots and hyphens, and upper-cases ASCII letters.
fn compact(input: &str) -> Result<String, TaxIdError> {
    let compact: String = input
        .trim()
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '.' && *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if compact.is_empty() {
        Err(TaxIdError::Empty)
    } else {
        Ok(compact)
    }
}

/// Converts an all-ASCII-digit string to digit values; `None` otherwise.
fn digits(s: &str) -> Option<Vec<u32>> {
    s.chars().map(|c| c.to_digit(10)).collect()
}

/// Strips leading zeros, keeping at least one digit.
fn strip_leading_zeros(s: &str) -> &str {
    let t = s.trim_start_matches('0');
    if t.is_empty() { &s[s.len() - 1..] } else { t }
}

// ---------------------------------------------------------------- Venezuela

fn rif_letter_value(letter: char) -> Option<u32> {
    match letter {
        'V' => Some(1),
        'E' => Some(2),
        'J' => Some(3),
        'P' => Some(4),
        'G' => Some(5),
        'C' => Some(3),
        _ => None,
    }
}

/// SENIAT check digit; `body` must be exactly 8 digits.
fn rif_check_digit(letter_value: u32, body: &[u32]) -> u32 {
    const WEIGHTS: [u32; 8] = [3, 2, 7, 6, 5, 4, 3, 2];
    let sum = letter_value * 4 + body.iter().zip(WEIGHTS).map(|(d, w)| d * w).sum::<u32>();
    let r = 11 - sum % 11;
    if r >= 10 { 0 } else { r }
}

fn parse_rif(compact: &str) -> Result<String, TaxIdError> {
    let bad = || TaxIdError::BadFormat {
        expected: RIF_EXPECTED,
    };
    let mut chars = compact.chars();
    let letter = chars.next().ok_or(TaxIdError::Empty)?;
    let letter_value = rif_letter_value(letter).ok_or_else(bad)?;
    let rest = chars.as_str();
    // 7 or 8 body digits + 1 check digit.
    if !(8..=9).contains(&rest.len()) {
        return Err(bad());
    }
    let rest_digits = digits(rest).ok_or_else(bad)?;
    let (body, check) = rest_digits.split_at(rest_digits.len() - 1);
    let mut padded = vec![0u32; 8 - body.len()];
    padded.extend_from_slice(body);
    if padded.iter().all(|&d| d == 0) {
        return Err(bad());
    }
    let expected = rif_check_digit(letter_value, &padded);
    if check[0] != expected {
        return Err(TaxIdError::BadCheckDigit);
    }
    let body_str: String = padded
        .iter()
        .map(|d| char::from_digit(*d, 10).expect("digit"))
        .collect();
    Ok(format!("{letter}-{body_str}-{expected}"))
}

// -------------------------------------------------------------------- Chile

/// SII modulo-11 check character for a RUT body.
fn rut_check_char(body: &[u32]) -> char {
    let sum: u32 = body
        .iter()
        .rev()
        .zip([2u32, 3, 4, 5, 6, 7].into_iter().cycle())
        .map(|(d, w)| d * w)
        .sum();
    match 11 - sum % 11 {
        11 => '0',
        10 => 'K',
        r => char::from_digit(r, 10).expect("r is 1..=9"),
    }
}

/// Formats a digit string with dots as thousands separators.
fn group_thousands(body: &str) -> String {
    let len = body.len();
    let mut out = String::with_capacity(len + len / 3);
    for (i, c) in body.chars().enumerate() {
        if i > 0 && (len - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(c);
    }
    out
}

fn parse_rut(compact: &str) -> Result<String, TaxIdError> {
    let bad = || TaxIdError::BadFormat {
        expected: RUT_EXPECTED,
    };
    if !compact.is_ascii() || !(8..=9).contains(&compact.len()) {
        return Err(bad());
    }
    let (body, check) = compact.split_at(compact.len() - 1);
    let check = check.chars().next().expect("one char");
    if !(check.is_ascii_digit() || check == 'K') {
        return Err(bad());
    }
    let body_digits = digits(body).ok_or_else(bad)?;
    if body_digits.iter().all(|&d| d == 0) {
        return Err(bad());
    }
    let expected = rut_check_char(&body_digits);
    if check != expected {
        return Err(TaxIdError::BadCheckDigit);
    }
    Ok(format!(
        "{}-{expected}",
        group_thousands(strip_leading_zeros(body))
    ))
}

// ----------------------------------------------------------------- Colombia

/// DIAN check digit for a NIT body of at most 15 digits.
fn nit_check_digit(body: &[u32]) -> u32 {
    const WEIGHTS: [u32; 15] = [3, 7, 13, 17, 19, 23, 29, 37, 41, 43, 47, 53, 59, 67, 71];
    let s = body
        .iter()
        .rev()
        .zip(WEIGHTS)
        .map(|(d, w)| d * w)
        .sum::<u32>()
        % 11;
    if s <= 1 { s } else { 11 - s }
}

fn parse_nit(compact: &str) -> Result<String, TaxIdError> {
    let bad = || TaxIdError::BadFormat {
        expected: NIT_EXPECTED,
    };
    // 5..=15 body digits + 1 check digit.
    if !compact.is_ascii() || !(6..=16).contains(&compact.len()) {
        return Err(bad());
    }
    let all = digits(compact).ok_or_else(bad)?;
    let (body, check) = all.split_at(all.len() - 1);
    if body.iter().all(|&d| d == 0) {
        return Err(bad());
    }
    let expected = nit_check_digit(body);
    if check[0] != expected {
        return Err(TaxIdError::BadCheckDigit);
    }
    let body_str = strip_leading_zeros(&compact[..compact.len() - 1]);
    Ok(format!("{body_str}-{expected}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    use TaxIdCountry::{Chile, Colombia, Venezuela};

    fn ok(country: TaxIdCountry, input: &str) -> String {
        match TaxId::parse(country, input) {
            Ok(id) => id.into_string(),
            Err(e) => panic!("{country} {input:?} should be valid, got {e:?}"),
        }
    }

    fn err(country: TaxIdCountry, input: &str) -> TaxIdError {
        match TaxId::parse(country, input) {
            Ok(id) => panic!("{country} {input:?} should be invalid, got {id}"),
            Err(e) => e,
        }
    }

    fn is_bad_format(e: &TaxIdError) -> bool {
        matches!(e, TaxIdError::BadFormat { .. })
    }

    // ------------------------------------------------------------ country

    #[test]
    fn country_codes_and_schemes() {
        assert_eq!(Venezuela.as_str(), "VE");
        assert_eq!(Chile.as_str(), "CL");
        assert_eq!(Colombia.as_str(), "CO");
        assert_eq!(Venezuela.scheme_name(), "RIF");
        assert_eq!(Chile.scheme_name(), "RUT");
        assert_eq!(Colombia.scheme_name(), "NIT");
        assert_eq!(Chile.to_string(), "CL");
    }

    #[test]
    fn country_from_str_is_case_insensitive() {
        for c in TaxIdCountry::ALL {
            assert_eq!(c.as_str().parse::<TaxIdCountry>(), Ok(c));
            assert_eq!(c.as_str().to_lowercase().parse::<TaxIdCountry>(), Ok(c));
        }
        assert_eq!("Ve".parse::<TaxIdCountry>(), Ok(Venezuela));
        assert_eq!(" cl ".parse::<TaxIdCountry>(), Ok(Chile));
        assert_eq!("cO".parse::<TaxIdCountry>(), Ok(Colombia));
        assert!("AR".parse::<TaxIdCountry>().is_err());
        assert!("".parse::<TaxIdCountry>().is_err());
        assert!("Venezuela".parse::<TaxIdCountry>().is_err());
        let e = "XX".parse::<TaxIdCountry>().unwrap_err();
        assert_eq!(
            e.to_string(),
            "unknown tax id country \"XX\"; expected VE, CL or CO"
        );
    }

    // ------------------------------------------------------ check digits

    #[test]
    fn rif_check_digit_known_values() {
        // J=3: 3*4 + 1*3+2*2+3*7+4*6+5*5+6*4+7*3+8*2 = 150; 150 % 11 = 7; 11-7 = 4
        assert_eq!(rif_check_digit(3, &[1, 2, 3, 4, 5, 6, 7, 8]), 4);
        // r = 11 and r = 10 both map to 0.
        assert_eq!(rif_check_digit(3, &[3, 0, 0, 0, 0, 0, 0, 1]), 0);
        assert_eq!(rif_check_digit(5, &[2, 0, 0, 0, 0, 3, 0, 3]), 0);
    }

    #[test]
    fn rut_check_char_known_values() {
        assert_eq!(rut_check_char(&[1, 2, 3, 4, 5, 6, 7, 8]), '5');
        assert_eq!(rut_check_char(&[1, 0, 0, 0, 0, 0, 1, 3]), 'K');
        assert_eq!(rut_check_char(&[7, 6, 1, 2, 3, 4, 5, 6]), '0');
        assert_eq!(rut_check_char(&[1, 2, 3, 4, 5, 6, 7]), '4');
    }

    #[test]
    fn nit_check_digit_known_values() {
        assert_eq!(nit_check_digit(&[8, 0, 0, 1, 9, 7, 2, 6, 8]), 4);
        assert_eq!(nit_check_digit(&[9, 0, 0, 1, 0, 0, 0, 0, 5]), 0);
        assert_eq!(nit_check_digit(&[9, 0, 0, 1, 0, 0, 0, 0, 1]), 1);
        assert_eq!(nit_check_digit(&[9, 0, 0, 1, 2, 3, 4, 5, 6]), 8);
    }

    // ---------------------------------------------------------- Venezuela

    #[test]
    fn rif_valid_and_canonical() {
        assert_eq!(ok(Venezuela, "J-12345678-4"), "J-12345678-4");
        assert_eq!(ok(Venezuela, "j123456784"), "J-12345678-4");
        assert_eq!(ok(Venezuela, "  J 12345678 4 "), "J-12345678-4");
        assert_eq!(ok(Venezuela, "J.12.345.678-4"), "J-12345678-4");
        assert_eq!(ok(Venezuela, "V-12345678-1"), "V-12345678-1");
        assert_eq!(ok(Venezuela, "E-81234567-5"), "E-81234567-5");
        assert_eq!(ok(Venezuela, "P-12345678-0"), "P-12345678-0");
        assert_eq!(ok(Venezuela, "G-20004556-6"), "G-20004556-6");
        assert_eq!(ok(Venezuela, "C-12345678-4"), "C-12345678-4");
        // SENIAT's own RIF, often cited: G-20000303-0.
        assert_eq!(ok(Venezuela, "G200003030"), "G-20000303-0");
    }

    #[test]
    fn rif_seven_digit_body_is_zero_padded() {
        assert_eq!(ok(Venezuela, "V-1234567-0"), "V-01234567-0");
        assert_eq!(ok(Venezuela, "v12345670"), "V-01234567-0");
        // Same id typed with the padding: same canonical value.
        assert_eq!(ok(Venezuela, "V-01234567-0"), "V-01234567-0");
        assert_eq!(ok(Venezuela, "J-0012343-8"), "J-00012343-8");
    }

    #[test]
    fn rif_wrong_check_digit() {
        assert_eq!(err(Venezuela, "J-12345678-9"), TaxIdError::BadCheckDigit);
        assert_eq!(err(Venezuela, "j123456789"), TaxIdError::BadCheckDigit);
        assert_eq!(err(Venezuela, "V-12345678-2"), TaxIdError::BadCheckDigit);
        // Same digits, different letter: the letter is part of the check.
        assert_eq!(err(Venezuela, "V-12345678-4"), TaxIdError::BadCheckDigit);
    }

    #[test]
    fn rif_bad_format() {
        for input in [
            "12345678-4",    // no letter
            "X-12345678-4",  // unknown letter
            "J-123456-4",    // body too short
            "J-123456789-4", // body too long
            "J-1234567A-4",  // non-digit in body
            "J-12345678-K",  // non-digit check
            "J",             // letter only
            "JJ-12345678-4", // two letters
            "J-00000000-0",  // all-zero body
            "Ĵ-12345678-4",  // non-ASCII letter
        ] {
            let e = err(Venezuela, input);
            assert!(is_bad_format(&e), "{input:?}: {e:?}");
            assert_eq!(
                e,
                TaxIdError::BadFormat {
                    expected: RIF_EXPECTED
                }
            );
        }
    }

    // -------------------------------------------------------------- Chile

    #[test]
    fn rut_valid_and_canonical() {
        assert_eq!(ok(Chile, "12.345.678-5"), "12.345.678-5");
        assert_eq!(ok(Chile, "12345678-5"), "12.345.678-5");
        assert_eq!(ok(Chile, "123456785"), "12.345.678-5");
        assert_eq!(ok(Chile, " 12 345 678 5 "), "12.345.678-5");
        // Commonly cited example RUT.
        assert_eq!(ok(Chile, "76.086.428-5"), "76.086.428-5");
        assert_eq!(ok(Chile, "76086428-5"), "76.086.428-5");
        // Check digit 0.
        assert_eq!(ok(Chile, "76123456-0"), "76.123.456-0");
        // 7-digit body.
        assert_eq!(ok(Chile, "1234567-4"), "1.234.567-4");
        assert_eq!(ok(Chile, "9999999-3"), "9.999.999-3");
    }

    #[test]
    fn rut_k_check_digit() {
        assert_eq!(ok(Chile, "10.000.013-K"), "10.000.013-K");
        assert_eq!(ok(Chile, "10000013-k"), "10.000.013-K");
        assert_eq!(ok(Chile, "10000013k"), "10.000.013-K");
        assert_eq!(ok(Chile, "7000013-K"), "7.000.013-K");
        // SII's own RUT, often cited: 60.803.000-K.
        assert_eq!(ok(Chile, "60803000-k"), "60.803.000-K");
        // K where a digit is expected, and vice versa.
        assert_eq!(err(Chile, "12.345.678-K"), TaxIdError::BadCheckDigit);
        assert_eq!(err(Chile, "10.000.013-0"), TaxIdError::BadCheckDigit);
    }

    #[test]
    fn rut_leading_zero_is_canonicalized() {
        assert_eq!(ok(Chile, "01.234.567-4"), "1.234.567-4");
        assert_eq!(ok(Chile, "01234567-4"), ok(Chile, "1234567-4"));
    }

    #[test]
    fn rut_wrong_check_digit() {
        assert_eq!(err(Chile, "12.345.678-6"), TaxIdError::BadCheckDigit);
        assert_eq!(err(Chile, "76.086.428-4"), TaxIdError::BadCheckDigit);
        assert_eq!(err(Chile, "1234567-0"), TaxIdError::BadCheckDigit);
    }

    #[test]
    fn rut_bad_format() {
        for input in [
            "123456-0",      // body too short
            "123.456.789-0", // body too long
            "12.345.67A-5",  // non-digit in body
            "12.345.678-X",  // bad check char
            "J-12345678-4",  // a RIF
            "00000000-0",    // all-zero body
            "1234567ñ",      // non-ASCII
        ] {
            let e = err(Chile, input);
            assert_eq!(
                e,
                TaxIdError::BadFormat {
                    expected: RUT_EXPECTED
                },
                "{input:?}"
            );
        }
    }

    #[test]
    fn group_thousands_formats() {
        assert_eq!(group_thousands("1"), "1");
        assert_eq!(group_thousands("123"), "123");
        assert_eq!(group_thousands("1234"), "1.234");
        assert_eq!(group_thousands("1234567"), "1.234.567");
        assert_eq!(group_thousands("12345678"), "12.345.678");
        assert_eq!(group_thousands("123456789"), "123.456.789");
    }

    // ----------------------------------------------------------- Colombia

    #[test]
    fn nit_valid_and_canonical() {
        // DIAN's own NIT.
        assert_eq!(ok(Colombia, "800197268-4"), "800197268-4");
        assert_eq!(ok(Colombia, "800.197.268-4"), "800197268-4");
        assert_eq!(ok(Colombia, "8001972684"), "800197268-4");
        assert_eq!(ok(Colombia, " 800 197 268 4 "), "800197268-4");
        // Other commonly cited NITs (Ecopetrol, Bancolombia).
        assert_eq!(ok(Colombia, "899.999.068-1"), "899999068-1");
        assert_eq!(ok(Colombia, "890903938-8"), "890903938-8");
        assert_eq!(ok(Colombia, "900123456-8"), "900123456-8");
        // Check digits 0 and 1 (the s == 0 / s == 1 branch).
        assert_eq!(ok(Colombia, "900100005-0"), "900100005-0");
        assert_eq!(ok(Colombia, "900100001-1"), "900100001-1");
        // Shortest and longest bodies.
        assert_eq!(ok(Colombia, "12345-8"), "12345-8");
        assert_eq!(ok(Colombia, "123456789012345-2"), "123456789012345-2");
        // 10-digit body.
        assert_eq!(ok(Colombia, "8600343131-2"), "8600343131-2");
    }

    #[test]
    fn nit_leading_zero_is_canonicalized() {
        assert_eq!(ok(Colombia, "0800197268-4"), "800197268-4");
    }

    #[test]
    fn nit_wrong_check_digit() {
        assert_eq!(err(Colombia, "800197268-5"), TaxIdError::BadCheckDigit);
        assert_eq!(err(Colombia, "900123456-7"), TaxIdError::BadCheckDigit);
        // NIT typed without its check digit: last digit taken as check, fails.
        assert_eq!(err(Colombia, "800197268"), TaxIdError::BadCheckDigit);
    }

    #[test]
    fn nit_bad_format() {
        for input in [
            "1234-5",             // body too short
            "1234567890123456-0", // body too long
            "80019726A-4",        // non-digit
            "800197268-K",        // non-digit check
            "J-12345678-4",       // a RIF
            "000000-0",           // all-zero body
            "８00197268-4",       // full-width digit
        ] {
            let e = err(Colombia, input);
            assert_eq!(
                e,
                TaxIdError::BadFormat {
                    expected: NIT_EXPECTED
                },
                "{input:?}"
            );
        }
    }

    // ------------------------------------------------------------- common

    #[test]
    fn empty_input() {
        for c in TaxIdCountry::ALL {
            assert_eq!(err(c, ""), TaxIdError::Empty);
            assert_eq!(err(c, "   "), TaxIdError::Empty);
            assert_eq!(err(c, "\t\n"), TaxIdError::Empty);
            assert_eq!(err(c, " - . - "), TaxIdError::Empty);
        }
    }

    #[test]
    fn examples_are_valid_and_canonical() {
        for c in TaxIdCountry::ALL {
            let ex = example(c);
            assert_eq!(ok(c, ex), ex, "{c}");
        }
        // The examples embedded in the BadFormat messages are valid too.
        assert!(RIF_EXPECTED.contains(example(Venezuela)));
        assert!(RUT_EXPECTED.contains(example(Chile)));
        assert!(NIT_EXPECTED.contains(example(Colombia)));
    }

    #[test]
    fn demo_ids_are_valid_canonical_and_distinct() {
        for c in TaxIdCountry::ALL {
            let ids = demo_ids(c);
            for id in ids {
                assert_eq!(ok(c, id), id, "{c}");
            }
            assert_ne!(ids[0], ids[1]);
            assert_ne!(ids[0], ids[2]);
            assert_ne!(ids[1], ids[2]);
        }
    }

    #[test]
    fn canonical_form_is_idempotent() {
        let inputs = [
            (Venezuela, "v 1234567 0"),
            (Venezuela, "j123456784"),
            (Chile, "10000013k"),
            (Chile, "01234567-4"),
            (Colombia, "800.197.268 4"),
        ];
        for (c, input) in inputs {
            let once = ok(c, input);
            assert_eq!(ok(c, &once), once);
        }
    }

    #[test]
    fn different_spellings_collide() {
        let a = TaxId::parse(Chile, "12.345.678-5").unwrap();
        let b = TaxId::parse(Chile, "123456785").unwrap();
        assert_eq!(a, b);
        let a = TaxId::parse(Venezuela, "J-12345678-4").unwrap();
        let b = TaxId::parse(Venezuela, "j 12.345.678 4").unwrap();
        assert_eq!(a, b);
    }

    #[test]
    fn error_messages() {
        assert_eq!(TaxIdError::Empty.to_string(), "the tax id is empty");
        assert_eq!(
            TaxIdError::BadCheckDigit.to_string(),
            "the check digit does not match the rest of the tax id (mistyped digit?)"
        );
        let msg = err(Chile, "abc").to_string();
        assert!(msg.starts_with("the tax id does not have the expected format: expected a RUT"));
        assert!(msg.contains("12.345.678-5"));
    }

    #[test]
    fn tax_id_accessors() {
        let id = TaxId::parse(Colombia, "800197268-4").unwrap();
        assert_eq!(id.as_str(), "800197268-4");
        assert_eq!(id.to_string(), "800197268-4");
        assert_eq!(AsRef::<str>::as_ref(&id), "800197268-4");
        assert_eq!(String::from(id.clone()), "800197268-4");
        assert_eq!(TaxId::from_trusted("800197268-4".to_owned()), id);
    }
}

impl From<&TaxIdCountry> for &'static str {
    fn from(country: &TaxIdCountry) -> &'static str {
        country.as_str()
    }
}
crate::text_enum_sql!(TaxIdCountry);
