//! The funnel's stages and the one rule for moving between them.
//!
//! Open stages may move to any other stage (forward, back, or straight to a
//! close): sales people skip steps and go back when a deal cools. A closed
//! opportunity (`won` or `lost`) only leaves its stage by an explicit
//! *reopen*, which returns it to an open stage; a plain move out of a close
//! is refused, so "won → prospect" cannot happen by a slipped drag.

use serde::{Deserialize, Serialize};

/// A stage of the sales funnel.
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
    strum::EnumString,
    strum::IntoStaticStr,
    strum::EnumIter,
    strum::Display,
    utoipa::ToSchema,
    ts_rs::TS,
)]
#[serde(rename_all = "snake_case")]
#[strum(serialize_all = "snake_case")]
pub enum Stage {
    Prospect,
    Qualified,
    Proposal,
    Negotiation,
    Won,
    Lost,
}
crate::text_enum_sql!(Stage);

/// Why a move was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum StageMoveError {
    #[error("the opportunity is already in that stage")]
    Same,
    #[error("a closed opportunity must be reopened before it moves")]
    Closed,
    #[error("a lost opportunity needs a reason")]
    ReasonRequired,
    #[error("only a lost opportunity has a lost reason")]
    ReasonNotAllowed,
    #[error("reopening returns an opportunity to an open stage")]
    ReopenToClosed,
    #[error("only a closed opportunity can be reopened")]
    NotClosed,
}

impl Stage {
    /// The open stages, in funnel order.
    pub const OPEN: [Stage; 4] = [
        Stage::Prospect,
        Stage::Qualified,
        Stage::Proposal,
        Stage::Negotiation,
    ];
    /// The funnel for conversion figures: the open stages, then won.
    pub const FUNNEL: [Stage; 5] = [
        Stage::Prospect,
        Stage::Qualified,
        Stage::Proposal,
        Stage::Negotiation,
        Stage::Won,
    ];
    /// Every stage, in board order.
    pub const ALL: [Stage; 6] = [
        Stage::Prospect,
        Stage::Qualified,
        Stage::Proposal,
        Stage::Negotiation,
        Stage::Won,
        Stage::Lost,
    ];

    pub fn is_closed(self) -> bool {
        matches!(self, Stage::Won | Stage::Lost)
    }

    /// Position in the funnel (`won` and `lost` share the last).
    pub fn rank(self) -> usize {
        match self {
            Stage::Prospect => 0,
            Stage::Qualified => 1,
            Stage::Proposal => 2,
            Stage::Negotiation => 3,
            Stage::Won | Stage::Lost => 4,
        }
    }

    /// The probability of closing a stage gives by default, in percent
    /// (editable per opportunity).
    pub fn default_probability(self) -> i32 {
        match self {
            Stage::Prospect => 10,
            Stage::Qualified => 25,
            Stage::Proposal => 50,
            Stage::Negotiation => 75,
            Stage::Won => 100,
            Stage::Lost => 0,
        }
    }

    /// Checks a plain move (a drag on the board, the stage picker).
    /// `reason`: whether a lost reason comes with the move.
    pub fn check_move(self, to: Stage, reason: bool) -> Result<(), StageMoveError> {
        if self == to {
            return Err(StageMoveError::Same);
        }
        if self.is_closed() {
            return Err(StageMoveError::Closed);
        }
        Self::check_reason(to, reason)
    }

    /// Checks a reopen: from a close back to an open stage.
    pub fn check_reopen(self, to: Stage) -> Result<(), StageMoveError> {
        if !self.is_closed() {
            return Err(StageMoveError::NotClosed);
        }
        if to.is_closed() {
            return Err(StageMoveError::ReopenToClosed);
        }
        Ok(())
    }

    fn check_reason(to: Stage, reason: bool) -> Result<(), StageMoveError> {
        match (to, reason) {
            (Stage::Lost, false) => Err(StageMoveError::ReasonRequired),
            (Stage::Lost, true) => Ok(()),
            (_, true) => Err(StageMoveError::ReasonNotAllowed),
            (_, false) => Ok(()),
        }
    }
}

/// An entry of the lost reasons catalog (seeded by the migration; the
/// office may add more).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, utoipa::ToSchema, ts_rs::TS)]
pub struct LostReason {
    /// Stable snake_case code, e.g. `price`.
    pub code: String,
    pub name_es: String,
    pub name_en: String,
    pub active: bool,
}

/// Checks a probability typed by a person: 0 to 100 percent.
pub fn check_probability(p: i32) -> bool {
    (0..=100).contains(&p)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_stages_move_anywhere_closed_ones_only_by_reopening() {
        assert_eq!(
            Stage::Prospect.check_move(Stage::Negotiation, false),
            Ok(())
        );
        assert_eq!(
            Stage::Negotiation.check_move(Stage::Qualified, false),
            Ok(())
        );
        assert_eq!(Stage::Proposal.check_move(Stage::Won, false), Ok(()));
        assert_eq!(
            Stage::Won.check_move(Stage::Prospect, false),
            Err(StageMoveError::Closed)
        );
        assert_eq!(
            Stage::Lost.check_move(Stage::Won, false),
            Err(StageMoveError::Closed)
        );
        assert_eq!(
            Stage::Proposal.check_move(Stage::Proposal, false),
            Err(StageMoveError::Same)
        );
        assert_eq!(Stage::Won.check_reopen(Stage::Prospect), Ok(()));
        assert_eq!(
            Stage::Won.check_reopen(Stage::Lost),
            Err(StageMoveError::ReopenToClosed)
        );
        assert_eq!(
            Stage::Qualified.check_reopen(Stage::Prospect),
            Err(StageMoveError::NotClosed)
        );
    }

    #[test]
    fn lost_needs_a_reason_and_only_lost_takes_one() {
        assert_eq!(
            Stage::Proposal.check_move(Stage::Lost, false),
            Err(StageMoveError::ReasonRequired)
        );
        assert_eq!(Stage::Proposal.check_move(Stage::Lost, true), Ok(()));
        assert_eq!(
            Stage::Proposal.check_move(Stage::Won, true),
            Err(StageMoveError::ReasonNotAllowed)
        );
    }

    #[test]
    fn default_probabilities_rise_through_the_funnel() {
        let p: Vec<i32> = Stage::ALL.iter().map(|s| s.default_probability()).collect();
        assert_eq!(p, [10, 25, 50, 75, 100, 0]);
        assert!(check_probability(0) && check_probability(100));
        assert!(!check_probability(-1) && !check_probability(101));
        assert_eq!("negotiation".parse::<Stage>(), Ok(Stage::Negotiation));
    }
}
