//! E-mail addresses, normalized to lower case so uniqueness is
//! case-insensitive on both database backends without special collations.

use serde::{Deserialize, Serialize};
use std::fmt;

#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize, sqlx::Type)]
#[serde(try_from = "String", into = "String")]
#[sqlx(transparent)]
pub struct Email(String);

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("{0:?} is not a valid e-mail address")]
pub struct InvalidEmail(pub String);

impl Email {
    pub fn parse(input: &str) -> Result<Email, InvalidEmail> {
        let candidate = input.trim().to_lowercase();
        let bad = || InvalidEmail(input.to_string());
        if candidate.len() > 254
            || candidate
                .chars()
                .any(|c| c.is_whitespace() || c.is_control())
        {
            return Err(bad());
        }
        let (local, domain) = candidate.split_once('@').ok_or_else(bad)?;
        let domain_ok = !domain.is_empty()
            && !domain.contains('@')
            && domain.contains('.')
            && !domain.starts_with('.')
            && !domain.ends_with('.')
            && !domain.contains("..");
        if local.is_empty() || local.len() > 64 || !domain_ok {
            return Err(bad());
        }
        Ok(Email(candidate))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl TryFrom<String> for Email {
    type Error = InvalidEmail;
    fn try_from(value: String) -> Result<Self, Self::Error> {
        Email::parse(&value)
    }
}

impl From<Email> for String {
    fn from(e: Email) -> String {
        e.0
    }
}

impl fmt::Display for Email {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalizes_case_and_whitespace() {
        assert_eq!(
            Email::parse("  Master@Master.COM ").unwrap().as_str(),
            "master@master.com"
        );
    }

    #[test]
    fn rejects_malformed() {
        for bad in [
            "",
            "a",
            "a@",
            "@b.com",
            "a@b",
            "a b@c.com",
            "a@b..com",
            "a@@b.com",
        ] {
            assert!(Email::parse(bad).is_err(), "{bad} accepted");
        }
    }
}
