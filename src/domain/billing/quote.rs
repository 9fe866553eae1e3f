//! Quotes (presupuestos): the state of one version and its transitions.
//!
//! A quote is a family of versions under one number. The office edits a
//! draft freely and sends it; once sent, a change makes a new version
//! (`PRE-000123-v2`) that supersedes the previous one, so what the customer
//! saw is never rewritten. The customer answers the version that is sent:
//! approve with one click, reject, or ask for changes with a comment.
//!
//! | from | may move to |
//! |---|---|
//! | draft | sent |
//! | sent | approved, rejected, changes_requested, expired, superseded |
//! | rejected, changes_requested, expired | superseded (a new version) |
//! | approved, superseded | — (final) |
//!
//! A version is valid through its `valid_until` day (in the company's time
//! zone): from the next day on it counts as expired even before the job that
//! marks it has run ([`QuoteState::effective`]), so an expired or superseded
//! version can never be approved ([`check_answer`]).

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

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
pub enum QuoteState {
    /// Being prepared; the customer does not see it.
    Draft,
    /// Sent to the customer, waiting for an answer.
    Sent,
    /// Approved by the customer (or by the office on their behalf).
    Approved,
    /// Rejected by the customer.
    Rejected,
    /// The customer asked for changes (with a comment).
    ChangesRequested,
    /// Its validity date passed without an answer.
    Expired,
    /// Replaced by a later version.
    Superseded,
}
crate::text_enum_sql!(QuoteState);

/// How the customer answers a sent quote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, utoipa::ToSchema)]
#[serde(rename_all = "snake_case")]
pub enum QuoteAnswer {
    Approve,
    Reject,
    RequestChanges,
}

impl QuoteAnswer {
    /// The state the version moves to.
    pub fn state(self) -> QuoteState {
        match self {
            QuoteAnswer::Approve => QuoteState::Approved,
            QuoteAnswer::Reject => QuoteState::Rejected,
            QuoteAnswer::RequestChanges => QuoteState::ChangesRequested,
        }
    }
}

/// Why a version cannot be answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum AnswerRefused {
    #[error("the quote has not been sent")]
    NotSent,
    #[error("a newer version of the quote replaced this one")]
    Superseded,
    #[error("the quote expired")]
    Expired,
    #[error("the quote was already answered")]
    AlreadyAnswered,
}

impl QuoteState {
    /// Whether a version in this state may move to `next`. Staying in the
    /// same state is not a transition.
    pub fn can_move_to(self, next: QuoteState) -> bool {
        use QuoteState::*;
        matches!(
            (self, next),
            (Draft, Sent)
                | (
                    Sent,
                    Approved | Rejected | ChangesRequested | Expired | Superseded
                )
                | (Rejected | ChangesRequested | Expired, Superseded)
        )
    }

    /// No further transition is possible.
    pub fn is_final(self) -> bool {
        matches!(self, QuoteState::Approved | QuoteState::Superseded)
    }

    /// Lines, validity and notes may be edited in place (only drafts).
    pub fn is_editable(self) -> bool {
        self == QuoteState::Draft
    }

    /// A change makes a new version that supersedes this one.
    pub fn needs_new_version(self) -> bool {
        self.can_move_to(QuoteState::Superseded)
    }

    /// The state as of `today`: a sent version past its validity date is
    /// expired even if nobody marked it yet.
    pub fn effective(self, valid_until: NaiveDate, today: NaiveDate) -> QuoteState {
        if self == QuoteState::Sent && today > valid_until {
            QuoteState::Expired
        } else {
            self
        }
    }
}

/// Whether the customer may answer a version in `state`, valid through
/// `valid_until`, on `today`.
pub fn check_answer(
    state: QuoteState,
    valid_until: NaiveDate,
    today: NaiveDate,
) -> Result<(), AnswerRefused> {
    match state.effective(valid_until, today) {
        QuoteState::Sent => Ok(()),
        QuoteState::Draft => Err(AnswerRefused::NotSent),
        QuoteState::Superseded => Err(AnswerRefused::Superseded),
        QuoteState::Expired => Err(AnswerRefused::Expired),
        QuoteState::Approved | QuoteState::Rejected | QuoteState::ChangesRequested => {
            Err(AnswerRefused::AlreadyAnswered)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use QuoteState::*;
    use strum::IntoEnumIterator;

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2025, 3, d).unwrap()
    }

    #[test]
    fn the_lifecycle_follows_the_table() {
        assert!(Draft.can_move_to(Sent));
        assert!(!Draft.can_move_to(Approved));
        for s in [Approved, Rejected, ChangesRequested, Expired, Superseded] {
            assert!(Sent.can_move_to(s), "sent → {s}");
        }
        for s in [Rejected, ChangesRequested, Expired] {
            assert!(s.can_move_to(Superseded));
            assert!(!s.can_move_to(Approved), "{s} cannot be approved");
            assert!(s.needs_new_version());
        }
        for s in QuoteState::iter() {
            assert!(!s.can_move_to(s), "{s} → {s} is no transition");
            assert!(!Approved.can_move_to(s));
            assert!(!Superseded.can_move_to(s));
        }
        assert!(Draft.is_editable() && !Sent.is_editable());
        assert!(Approved.is_final() && Superseded.is_final() && !Sent.is_final());
    }

    #[test]
    fn a_quote_is_valid_through_its_last_day() {
        assert_eq!(Sent.effective(day(10), day(10)), Sent);
        assert_eq!(Sent.effective(day(10), day(11)), Expired);
        assert_eq!(Approved.effective(day(10), day(11)), Approved);
        assert_eq!(check_answer(Sent, day(10), day(10)), Ok(()));
        assert_eq!(
            check_answer(Sent, day(10), day(11)),
            Err(AnswerRefused::Expired)
        );
    }

    #[test]
    fn only_a_sent_current_version_can_be_answered() {
        let refusals: Vec<_> = QuoteState::iter()
            .map(|s| (s, check_answer(s, day(10), day(1))))
            .collect();
        assert_eq!(
            refusals,
            vec![
                (Draft, Err(AnswerRefused::NotSent)),
                (Sent, Ok(())),
                (Approved, Err(AnswerRefused::AlreadyAnswered)),
                (Rejected, Err(AnswerRefused::AlreadyAnswered)),
                (ChangesRequested, Err(AnswerRefused::AlreadyAnswered)),
                (Expired, Err(AnswerRefused::Expired)),
                (Superseded, Err(AnswerRefused::Superseded)),
            ]
        );
        assert_eq!(QuoteAnswer::Approve.state(), Approved);
        assert_eq!(QuoteAnswer::RequestChanges.state(), ChangesRequested);
    }

    #[test]
    fn states_are_stored_as_snake_case() {
        let text: &'static str = ChangesRequested.into();
        assert_eq!(text, "changes_requested");
        assert_eq!("superseded".parse::<QuoteState>().unwrap(), Superseded);
    }
}
