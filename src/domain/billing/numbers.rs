//! Document numbers: one gap-free series per kind of document.
//!
//! | series | looks like | numbered when |
//! |---|---|---|
//! | quote | `PRE-000123`, then `PRE-000123-v2`… for later versions | created |
//! | invoice | `FAC-000001` | issued (drafts have no number) |
//! | credit note | `NC-000001` | issued |
//!
//! The sequence value comes from the `counters` table inside the transaction
//! that creates or issues the document (`Conn::next_number`): the row lock
//! makes concurrent issues queue, and a rolled-back transaction gives its
//! number back, so a series never has gaps or duplicates.

/// A numbered series of billing documents.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum DocumentSeries {
    Quote,
    Invoice,
    CreditNote,
}

impl DocumentSeries {
    /// The printed prefix.
    pub fn prefix(self) -> &'static str {
        match self {
            DocumentSeries::Quote => "PRE",
            DocumentSeries::Invoice => "FAC",
            DocumentSeries::CreditNote => "NC",
        }
    }

    /// The name of its row in the `counters` table.
    pub fn counter(self) -> &'static str {
        match self {
            DocumentSeries::Quote => "quote",
            DocumentSeries::Invoice => "invoice",
            DocumentSeries::CreditNote => "credit_note",
        }
    }

    /// `PRE-000123` for the sequence value 123 (more digits past a million).
    pub fn format(self, sequence: i64) -> String {
        format!("{}-{sequence:06}", self.prefix())
    }
}

/// The number of one version of a quote: the quote's number for the first
/// version, `-v2`, `-v3`… after it for the later ones.
pub fn quote_version_number(quote_number: &str, version: i32) -> String {
    if version <= 1 {
        quote_number.to_string()
    } else {
        format!("{quote_number}-v{version}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_look_like_the_office_expects() {
        assert_eq!(DocumentSeries::Quote.format(123), "PRE-000123");
        assert_eq!(DocumentSeries::Invoice.format(1), "FAC-000001");
        assert_eq!(DocumentSeries::CreditNote.format(1), "NC-000001");
        assert_eq!(DocumentSeries::Invoice.format(1_234_567), "FAC-1234567");
        assert_eq!(quote_version_number("PRE-000123", 1), "PRE-000123");
        assert_eq!(quote_version_number("PRE-000123", 2), "PRE-000123-v2");
    }

    #[test]
    fn each_series_has_its_own_counter() {
        let counters = [
            DocumentSeries::Quote.counter(),
            DocumentSeries::Invoice.counter(),
            DocumentSeries::CreditNote.counter(),
        ];
        assert_eq!(counters, ["quote", "invoice", "credit_note"]);
    }
}
